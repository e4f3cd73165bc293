//! Every place in a snapshot where data is missing, named by section path. The engine uses this to
//! turn missing data into `error` findings before any check can judge it.

use super::findings::{NotScanned, Scope, Unreadable};
use super::section::{DenialSource, ErrorReason, Section, SectionError, items};
use super::sections::{Place, SectionDef, State};
use super::snapshot::{Account, Organization, Snapshot, Trail};
use std::collections::BTreeMap;

use super::sections::{SECTIONS, action_of};

/// One place where data is missing.
#[derive(Debug, Clone, PartialEq)]
pub struct Fault {
    /// A path from [`SECTIONS`], or `*` when the whole account or region is missing.
    pub path: &'static str,
    /// `None` for global sections (and a whole account).
    pub region: Option<String>,
    /// Set for sections inside one resource (a bucket ARN, trail ARN, key ARN).
    pub resource: Option<String>,
    pub error: SectionError,
}

impl Fault {
    /// Does this fault make section `section` (declared by a check) unavailable?
    pub fn covers(&self, section: &str) -> bool {
        // A whole region missing covers that region's services only, not account-wide data.
        let whole = match self.region {
            None => true,
            Some(_) => super::sections::is_regional(section),
        };
        (self.path == "*" && whole)
            || section == self.path
            || (section.starts_with(self.path)
                && section.as_bytes().get(self.path.len()) == Some(&b'.'))
    }
}

/// Records the faults of the sections read by one reader kind, for one place (the account, a
/// region, a bucket, ...).
struct Collector<'a> {
    out: &'a mut Vec<Fault>,
    region: Option<&'a str>,
    resource: Option<&'a str>,
}

impl Collector<'_> {
    /// Records a fault for `def` unless `state` holds data or does not apply; true when it holds
    /// data (so the sections inside it can be read).
    fn record(&mut self, def: &SectionDef, state: State) -> bool {
        let error = match state {
            State::Data => return true,
            State::NotApplicable => return false,
            State::Error(e) => e.clone(),
            State::Missing => SectionError {
                denied_by: None,
                reason: ErrorReason::Other,
                action: def.action().to_string(),
                message: format!(
                    "section `{}` is not in the snapshot (not collected)",
                    def.path
                ),
            },
        };
        self.out.push(Fault {
            path: def.path,
            region: self.region.map(str::to_string),
            resource: self.resource.map(str::to_string),
            error,
        });
        false
    }

    /// Walks every section of the table read in `place` whose path is inside `parent` (all of
    /// them for `""`); returns the paths that hold data.
    fn walk(&mut self, parent: &str, place: Place) -> Vec<&'static str> {
        SECTIONS
            .iter()
            .filter(|d| parent.is_empty() || d.is_inside(parent))
            .filter_map(|d| Some((d, d.read.read(place)?)))
            .filter_map(|(d, state)| self.record(d, state).then_some(d.path))
            .collect()
    }
}

/// The faults of the organization section, as seen by every account.
pub fn organization_faults(snapshot: &Snapshot) -> Vec<Fault> {
    let mut out = Vec::new();
    let whole = |error: SectionError| Fault {
        path: "organization",
        region: None,
        resource: None,
        error,
    };
    match &snapshot.organization {
        None => out.push(whole(SectionError {
            denied_by: None,
            reason: ErrorReason::Unsupported,
            action: action_of("organization").to_string(),
            message: "the snapshot is not an Organization scan (collect with --org)".into(),
        })),
        Some(Section::Error(e)) => out.push(whole(e.clone())),
        Some(Section::Data { data, .. }) => {
            let org: &Organization = data;
            Collector {
                out: &mut out,
                region: None,
                resource: None,
            }
            .walk("organization", Place::Organization(org));
        }
    }
    out
}

/// The faults of one account (not including the organization's): every section of the table,
/// and inside each list section that holds data, the sections read for each of its items.
pub fn account_faults(account: &Account) -> Vec<Fault> {
    let mut out = Vec::new();
    if let Some(error) = &account.error {
        out.push(Fault {
            path: "*",
            region: None,
            resource: None,
            error: error.clone(),
        });
        return out;
    }
    let read = Collector {
        out: &mut out,
        region: None,
        resource: None,
    }
    .walk("", Place::Account(account));
    if read.contains(&"shadow_trails") {
        trail_faults(
            &mut out,
            "shadow_trails",
            None,
            items(&account.shadow_trails),
        );
    }
    if read.contains(&"s3.buckets") {
        for b in items(&account.s3.buckets) {
            let arn = format!("arn:aws:s3:::{}", b.name);
            Collector {
                out: &mut out,
                region: Some(&b.region),
                resource: Some(&arn),
            }
            .walk("s3.buckets", Place::Bucket(b));
        }
    }
    for (name, region) in &account.regions {
        if let Some(error) = &region.error {
            out.push(Fault {
                path: "*",
                region: Some(name.clone()),
                resource: None,
                error: error.clone(),
            });
            continue;
        }
        let read = Collector {
            out: &mut out,
            region: Some(name),
            resource: None,
        }
        .walk("", Place::Region(region));
        if read.contains(&"kms.keys") {
            for k in items(&region.kms.keys) {
                Collector {
                    out: &mut out,
                    region: Some(name),
                    resource: Some(&k.arn),
                }
                .walk("kms.keys", Place::Key(k));
            }
        }
        if read.contains(&"cloudtrail.trails") {
            let trails = items(&region.cloudtrail.trails);
            trail_faults(&mut out, "cloudtrail.trails", Some(name), trails);
        }
    }
    out
}

fn trail_faults<'a>(
    out: &mut Vec<Fault>,
    list: &str,
    region: Option<&str>,
    trails: impl Iterator<Item = &'a Trail>,
) {
    for t in trails {
        Collector {
            out,
            region,
            resource: Some(&t.trail_arn),
        }
        .walk(list, Place::Trail(t));
    }
}

/// Regions of one account that a service control policy closes to the scanning role (a
/// region-deny guardrail): the region could not be entered because of an SCP, or every regional
/// section that is read first (security groups, KMS keys, trails, ...) was refused by an SCP. An
/// SCP denying one service in a region does not close it. Such a region is reported once, not
/// once per check that reads it.
pub fn scp_closed_regions(faults: &[Fault]) -> std::collections::BTreeSet<String> {
    // Regional sections of three services read first. A region where all three were refused by
    // an SCP, and nothing was refused otherwise, is closed; an SCP that denies one service (or a
    // snapshot older than a section) does not count.
    let first_read = ["ec2.security_groups", "kms.keys", "cloudtrail.trails"];
    // Per region: all its faults from an SCP, and which first-read sections they cover.
    let mut regions: BTreeMap<&str, (bool, std::collections::BTreeSet<&str>)> = BTreeMap::new();
    for f in faults {
        if let Some(region) = f.region.as_deref() {
            let entry = regions.entry(region).or_insert((true, Default::default()));
            entry.0 &= f.error.denial() == Some(DenialSource::ServiceControlPolicy);
            entry.1.insert(f.path);
        }
    }
    regions
        .into_iter()
        .filter(|(_, (all_scp, paths))| {
            *all_scp && (paths.contains("*") || first_read.iter().all(|p| paths.contains(p)))
        })
        .map(|(r, _)| r.to_string())
        .collect()
}

/// What to do about a region closed by an SCP.
pub const SCP_REGION_ADVICE: &str = "exempt the scanning role from the SCP's region condition \
     (e.g. with an aws:PrincipalArn condition), or leave the region out with --regions";

/// The scope statement of a scan: organization accounts that are not in the snapshot, accounts
/// and regions that could not be entered, and every other section that could not be read.
/// `accounts` holds each scanned account's id, name and own faults (from [`account_faults`]).
pub fn scope(
    snapshot_org: Option<&Organization>,
    org_faults: &[Fault],
    accounts: &[(String, Option<String>, Vec<Fault>)],
) -> Scope {
    let mut scope = Scope::default();
    if let Some(org) = snapshot_org {
        for a in &org.accounts {
            if accounts.iter().any(|(id, _, _)| *id == a.id) {
                continue;
            }
            let why = if a.status.eq_ignore_ascii_case("ACTIVE") {
                "in the organization but not collected (left out by --accounts, \
                 --exclude-accounts or a shard)"
                    .to_string()
            } else {
                format!(
                    "account status {}: only ACTIVE accounts are scanned",
                    a.status
                )
            };
            scope.not_scanned.push(NotScanned {
                account_id: a.id.clone(),
                account_name: Some(a.name.clone()).filter(|n| !n.is_empty()),
                region: None,
                why,
            });
        }
    }
    let unreadable = |account_id: Option<&str>, f: &Fault| Unreadable {
        account_id: account_id.map(str::to_string),
        region: f.region.clone().unwrap_or_else(|| "global".into()),
        section: f.path.to_string(),
        resource: f.resource.clone(),
        error: f.error.clone(),
    };
    scope
        .unreadable
        .extend(org_faults.iter().map(|f| unreadable(None, f)));
    for (id, name, faults) in accounts {
        let closed = scp_closed_regions(faults);
        for region in &closed {
            let f = faults
                .iter()
                .find(|f| f.region.as_ref() == Some(region))
                .expect("a closed region has a fault");
            scope.not_scanned.push(NotScanned {
                account_id: id.clone(),
                account_name: name.clone(),
                region: Some(region.clone()),
                why: format!(
                    "a service control policy denies the scanning role every read in the \
                     region (e.g. {}: {}); {SCP_REGION_ADVICE}",
                    f.error.action, f.error.message
                ),
            });
        }
        for f in faults {
            if f.region.as_ref().is_some_and(|r| closed.contains(r)) {
                continue;
            }
            if f.path == "*" {
                let why = match f.error.reason {
                    ErrorReason::RegionDisabled => "region not enabled for the account".into(),
                    _ => format!(
                        "{} on {}: {}",
                        f.error.reason.as_str(),
                        f.error.action,
                        f.error.message
                    ),
                };
                scope.not_scanned.push(NotScanned {
                    account_id: id.clone(),
                    account_name: name.clone(),
                    region: f.region.clone(),
                    why,
                });
            } else {
                scope.unreadable.push(unreadable(Some(id), f));
            }
        }
    }
    scope
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fault(path: &'static str, region: Option<&str>, reason: ErrorReason) -> Fault {
        Fault {
            path,
            region: region.map(str::to_string),
            resource: None,
            error: SectionError {
                denied_by: None,
                reason,
                action: "ec2:DescribeVpcs".into(),
                message: "denied".into(),
            },
        }
    }

    #[test]
    fn scope_names_unscanned_accounts_regions_and_unreadable_sections() {
        let org: Organization = serde_json::from_value(serde_json::json!({
            "id": "o-1", "management_account_id": "111111111111",
            "accounts": [
                {"Id": "111111111111", "Name": "mgmt", "Email": "a@x.example", "Status": "ACTIVE"},
                {"Id": "222222222222", "Name": "old", "Email": "b@x.example", "Status": "SUSPENDED"},
                {"Id": "333333333333", "Name": "left-out", "Email": "c@x.example", "Status": "ACTIVE"}
            ]
        }))
        .unwrap();
        let accounts = vec![(
            "111111111111".to_string(),
            Some("mgmt".to_string()),
            vec![
                fault("*", Some("ap-east-1"), ErrorReason::RegionDisabled),
                fault("ec2.vpcs", Some("eu-west-1"), ErrorReason::AccessDenied),
            ],
        )];
        let s = scope(Some(&org), &[], &accounts);
        let ids: Vec<(&str, Option<&str>)> = s
            .not_scanned
            .iter()
            .map(|n| (n.account_id.as_str(), n.region.as_deref()))
            .collect();
        assert_eq!(
            ids,
            [
                ("222222222222", None),
                ("333333333333", None),
                ("111111111111", Some("ap-east-1"))
            ]
        );
        assert!(s.not_scanned[0].why.contains("SUSPENDED"));
        assert_eq!(s.unreadable.len(), 1);
        assert_eq!(s.unreadable[0].section, "ec2.vpcs");
        assert_eq!(s.unreadable[0].region, "eu-west-1");
    }
}
