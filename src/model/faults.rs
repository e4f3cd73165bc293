//! Every place in a snapshot where data is missing, named by section path. The engine uses this to
//! turn missing data into `error` findings before any check can judge it.

use super::findings::{NotScanned, Scope, Unreadable};
use super::section::{DenialSource, ErrorReason, Section, SectionError, items};
use super::snapshot::{Account, Organization, Snapshot};
use std::collections::BTreeMap;

/// Section paths a check may declare in its metadata, with the IAM action that reads each.
/// `*.x` paths live inside list items (a bucket, a trail, a key) and fault only that resource.
pub const SECTIONS: &[(&str, &str)] = &[
    ("organization", "organizations:ListAccounts"),
    ("organization.trails", "cloudtrail:DescribeTrails"),
    (
        "organization.enabled_services",
        "organizations:ListAWSServiceAccessForOrganization",
    ),
    ("organization.iam_features", "iam:ListOrganizationsFeatures"),
    ("iam.summary", "iam:GetAccountSummary"),
    ("iam.credential_report", "iam:GetCredentialReport"),
    ("iam.password_policy", "iam:GetAccountPasswordPolicy"),
    (
        "iam.authorization_details",
        "iam:GetAccountAuthorizationDetails",
    ),
    ("iam.access_keys", "iam:ListAccessKeys"),
    ("iam.saml_providers", "iam:ListSAMLProviders"),
    ("iam.oidc_providers", "iam:ListOpenIDConnectProviders"),
    ("alternate_contacts", "account:GetAlternateContact"),
    (
        "s3.account_public_access_block",
        "s3:GetAccountPublicAccessBlock",
    ),
    ("s3.buckets", "s3:ListAllMyBuckets"),
    ("s3.buckets.encryption", "s3:GetEncryptionConfiguration"),
    ("s3.buckets.policy", "s3:GetBucketPolicy"),
    ("s3.buckets.policy_status", "s3:GetBucketPolicyStatus"),
    (
        "s3.buckets.public_access_block",
        "s3:GetBucketPublicAccessBlock",
    ),
    ("s3.buckets.versioning", "s3:GetBucketVersioning"),
    (
        "s3.buckets.object_lock",
        "s3:GetBucketObjectLockConfiguration",
    ),
    ("ec2.security_groups", "ec2:DescribeSecurityGroups"),
    ("ec2.network_acls", "ec2:DescribeNetworkAcls"),
    ("ec2.vpcs", "ec2:DescribeVpcs"),
    ("ec2.flow_logs", "ec2:DescribeFlowLogs"),
    ("ec2.volumes", "ec2:DescribeVolumes"),
    (
        "ec2.ebs_encryption_by_default",
        "ec2:GetEbsEncryptionByDefault",
    ),
    ("kms.keys", "kms:ListKeys"),
    ("kms.keys.rotation", "kms:GetKeyRotationStatus"),
    ("shadow_trails", "cloudtrail:DescribeTrails"),
    ("shadow_trails.status", "cloudtrail:GetTrailStatus"),
    (
        "shadow_trails.event_selectors",
        "cloudtrail:GetEventSelectors",
    ),
    ("cloudtrail.trails", "cloudtrail:DescribeTrails"),
    ("cloudtrail.trails.status", "cloudtrail:GetTrailStatus"),
    (
        "cloudtrail.trails.event_selectors",
        "cloudtrail:GetEventSelectors",
    ),
];

/// Prefixes of the sections collected per region.
pub const REGIONAL: &[&str] = &["ec2.", "kms.", "cloudtrail."];

/// Is `path` a section path of the snapshot?
pub fn is_section(path: &str) -> bool {
    SECTIONS.iter().any(|(p, _)| *p == path)
}

/// The IAM action (`service:Operation`) that reads a section path.
pub fn action_of(path: &str) -> &'static str {
    SECTIONS
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, a)| *a)
        .unwrap_or("unknown")
}

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
            Some(_) => REGIONAL.iter().any(|p| section.starts_with(p)),
        };
        (self.path == "*" && whole)
            || section == self.path
            || (section.starts_with(self.path)
                && section.as_bytes().get(self.path.len()) == Some(&b'.'))
    }
}

struct Collector<'a> {
    out: &'a mut Vec<Fault>,
    region: Option<&'a str>,
}

impl Collector<'_> {
    /// Records a fault when `section` is missing or an error entry; true when it holds data.
    fn check<T>(
        &mut self,
        path: &'static str,
        resource: Option<&str>,
        section: &Option<Section<T>>,
    ) -> bool {
        let error = match section {
            None => SectionError {
                denied_by: None,
                reason: ErrorReason::Other,
                action: action_of(path).to_string(),
                message: format!("section `{path}` is not in the snapshot (not collected)"),
            },
            Some(Section::Error(e)) => e.clone(),
            Some(Section::Data { .. }) => return true,
        };
        self.out.push(Fault {
            path,
            region: self.region.map(str::to_string),
            resource: resource.map(str::to_string),
            error,
        });
        false
    }
}

/// The faults of the organization section, as seen by every account.
pub fn organization_faults(snapshot: &Snapshot) -> Vec<Fault> {
    let mut out = Vec::new();
    let mut c = Collector {
        out: &mut out,
        region: None,
    };
    match &snapshot.organization {
        None => c.out.push(Fault {
            path: "organization",
            region: None,
            resource: None,
            error: SectionError {
                denied_by: None,
                reason: ErrorReason::Unsupported,
                action: action_of("organization").to_string(),
                message: "the snapshot is not an Organization scan (collect with --org)".into(),
            },
        }),
        Some(Section::Error(e)) => c.out.push(Fault {
            path: "organization",
            region: None,
            resource: None,
            error: e.clone(),
        }),
        Some(Section::Data { data, .. }) => {
            let data: &Organization = data;
            c.check("organization.trails", None, &data.trails);
            c.check(
                "organization.enabled_services",
                None,
                &data.enabled_services,
            );
            // Not in snapshots made before caliper read it: then nothing is missing.
            if data.iam_features.is_some() {
                c.check("organization.iam_features", None, &data.iam_features);
            }
        }
    }
    out
}

/// The faults of one account (not including the organization's).
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
    let mut c = Collector {
        out: &mut out,
        region: None,
    };
    let iam = &account.iam;
    c.check("iam.summary", None, &iam.summary);
    c.check("iam.credential_report", None, &iam.credential_report);
    c.check("iam.password_policy", None, &iam.password_policy);
    c.check(
        "iam.authorization_details",
        None,
        &iam.authorization_details,
    );
    c.check("iam.access_keys", None, &iam.access_keys);
    c.check("iam.saml_providers", None, &iam.saml_providers);
    c.check("iam.oidc_providers", None, &iam.oidc_providers);
    c.check("alternate_contacts", None, &account.alternate_contacts);
    // Not in snapshots made before caliper read it: then nothing is missing.
    if account.shadow_trails.is_some() && c.check("shadow_trails", None, &account.shadow_trails) {
        for t in items(&account.shadow_trails) {
            c.check("shadow_trails.status", Some(&t.trail_arn), &t.status);
            c.check(
                "shadow_trails.event_selectors",
                Some(&t.trail_arn),
                &t.event_selectors,
            );
        }
    }
    c.check(
        "s3.account_public_access_block",
        None,
        &account.s3.account_public_access_block,
    );
    if c.check("s3.buckets", None, &account.s3.buckets) {
        for b in items(&account.s3.buckets) {
            let arn = format!("arn:aws:s3:::{}", b.name);
            let mut c = Collector {
                out: c.out,
                region: Some(&b.region),
            };
            let r = Some(arn.as_str());
            c.check("s3.buckets.encryption", r, &b.encryption);
            c.check("s3.buckets.policy", r, &b.policy);
            c.check("s3.buckets.policy_status", r, &b.policy_status);
            c.check("s3.buckets.public_access_block", r, &b.public_access_block);
            c.check("s3.buckets.versioning", r, &b.versioning);
            c.check("s3.buckets.object_lock", r, &b.object_lock);
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
        let mut c = Collector {
            out: &mut out,
            region: Some(name),
        };
        let ec2 = &region.ec2;
        c.check("ec2.security_groups", None, &ec2.security_groups);
        c.check("ec2.network_acls", None, &ec2.network_acls);
        c.check("ec2.vpcs", None, &ec2.vpcs);
        c.check("ec2.flow_logs", None, &ec2.flow_logs);
        c.check("ec2.volumes", None, &ec2.volumes);
        c.check(
            "ec2.ebs_encryption_by_default",
            None,
            &ec2.ebs_encryption_by_default,
        );
        if c.check("kms.keys", None, &region.kms.keys) {
            for k in items(&region.kms.keys) {
                // Only keys that can rotate carry a rotation status.
                if k.rotation_not_applicable().is_none() {
                    c.check("kms.keys.rotation", Some(&k.arn), &k.rotation);
                }
            }
        }
        if c.check("cloudtrail.trails", None, &region.cloudtrail.trails) {
            for t in items(&region.cloudtrail.trails) {
                c.check("cloudtrail.trails.status", Some(&t.trail_arn), &t.status);
                c.check(
                    "cloudtrail.trails.event_selectors",
                    Some(&t.trail_arn),
                    &t.event_selectors,
                );
            }
        }
    }
    out
}

/// Regions of one account that a service control policy closes to the scanning role (a
/// region-deny guardrail): the region could not be entered because of an SCP, or every regional
/// section that is read first (security groups, KMS keys, trails, ...) was refused by an SCP. An
/// SCP denying one service in a region does not close it. Such a region is reported once, not
/// once per check that reads it.
pub fn scp_closed_regions(faults: &[Fault]) -> std::collections::BTreeSet<String> {
    // The regional sections read first; the others (`kms.keys.rotation`, ...) lie inside them.
    let first_read: Vec<&str> = SECTIONS
        .iter()
        .map(|(p, _)| *p)
        .filter(|p| REGIONAL.iter().any(|r| p.starts_with(r)))
        .filter(|p| {
            !SECTIONS.iter().any(|(q, _)| {
                p.len() > q.len() && p.starts_with(q) && p.as_bytes()[q.len()] == b'.'
            })
        })
        .collect();
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
