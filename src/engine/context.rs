//! What the checks get beside the account: the scan context shared by every account (which
//! buckets trails write to, who owns them) and the facts the model decides about an account.

use std::collections::BTreeMap;

use regorus::Value;

use super::to_value;
use crate::model::section::{Section, items};
use crate::model::snapshot::{Account, Snapshot};

/// Indexes across all accounts that checks of one account need (see docs/writing-checks.md).
#[derive(serde::Serialize)]
pub(super) struct ScanContext {
    pub(super) bucket_owners: BTreeMap<String, String>,
    /// Scanned accounts whose bucket list could not be read, id -> `reason on action`: a bucket
    /// that none of the lists read holds may be theirs.
    pub(super) unread_bucket_lists: BTreeMap<String, String>,
    /// Trail lists that could not be read (`account ID in REGION: reason on action`, or the
    /// organization's): a trail there may deliver to any bucket.
    pub(super) unread_trail_lists: Vec<String>,
    pub(super) trail_buckets: BTreeMap<String, Vec<String>>,
}

pub(super) fn scan_context(snapshot: &Snapshot) -> ScanContext {
    let mut bucket_owners = BTreeMap::new();
    let mut unread_bucket_lists = BTreeMap::new();
    let mut unread_trail_lists = Vec::new();
    let why = |e: &crate::model::SectionError| format!("{} on {}", e.reason.as_str(), e.action);
    let mut trail_buckets: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut add_trail = |t: &crate::model::snapshot::Trail| {
        if let Some(b) = &t.s3_bucket_name {
            let arns = trail_buckets.entry(b.clone()).or_default();
            if !arns.contains(&t.trail_arn) {
                arns.push(t.trail_arn.clone());
            }
        }
    };
    match &snapshot.organization {
        Some(Section::Data { data: org, .. }) => {
            match &org.trails {
                Some(Section::Error(e)) => {
                    unread_trail_lists.push(format!("the organization's trails: {}", why(e)))
                }
                None => unread_trail_lists.push("the organization's trails: not collected".into()),
                Some(Section::Data { .. }) => {}
            }
            items(&org.trails).for_each(&mut add_trail);
        }
        Some(Section::Error(e)) => {
            unread_trail_lists.push(format!("the organization's trails: {}", why(e)))
        }
        None => {}
    }
    for account in &snapshot.accounts {
        let unread = match (&account.error, &account.s3.buckets) {
            (Some(e), _) | (None, Some(Section::Error(e))) => {
                Some(format!("{} on {}", e.reason.as_str(), e.action))
            }
            (None, None) => Some("s3.buckets not collected".to_string()),
            (None, Some(Section::Data { .. })) => None,
        };
        if let Some(why) = unread {
            unread_bucket_lists.insert(account.account_id.clone(), why);
        }
        for b in items(&account.s3.buckets) {
            bucket_owners.insert(b.name.clone(), account.account_id.clone());
        }
        let id = &account.account_id;
        if let Some(e) = &account.error {
            unread_trail_lists.push(format!("account {id}: {}", why(e)));
        }
        for (name, region) in &account.regions {
            let error = match (&region.error, &region.cloudtrail.trails) {
                (Some(e), _) if e.reason == crate::model::ErrorReason::RegionDisabled => None,
                (Some(e), _) | (None, Some(Section::Error(e))) => Some(why(e)),
                (None, None) => Some("not collected".to_string()),
                (None, Some(Section::Data { .. })) => None,
            };
            if let Some(e) = error {
                unread_trail_lists.push(format!("account {id} in {name}: {e}"));
            }
            items(&region.cloudtrail.trails).for_each(&mut add_trail);
        }
    }
    ScanContext {
        bucket_owners,
        unread_bucket_lists,
        unread_trail_lists,
        trail_buckets,
    }
}

/// What the model decides about an account's resources, given to the checks as `input.facts` so
/// a rule is stated once, in Rust, for the collector, the missing-data gate and the checks:
/// `kms_rotation_not_applicable` maps a KMS key ARN to why it cannot rotate automatically.
pub(super) fn facts_of(account: &Account) -> Value {
    let kms: BTreeMap<String, String> = account
        .regions
        .values()
        .flat_map(|r| crate::model::section::items(&r.kms.keys))
        .filter_map(|k| Some((k.arn.clone(), k.rotation_not_applicable()?)))
        .collect();
    // Every internet-wide range the account's security group rules and network ACL entries
    // name, as an object for lookups (`input.facts.internet_wide_ranges[cidr]`).
    let mut wide: BTreeMap<&str, bool> = BTreeMap::new();
    for region in account.regions.values() {
        let sgs = crate::model::section::items(&region.ec2.security_groups);
        let ranges = sgs
            .flat_map(|sg| sg.ip_permissions.iter().chain(&sg.ip_permissions_egress))
            .flat_map(|p| p.ip_ranges.iter().chain(&p.ipv6_ranges))
            .map(String::as_str);
        let entries = crate::model::section::items(&region.ec2.network_acls)
            .flat_map(|acl| &acl.entries)
            .flat_map(|e| e.cidr_block.iter().chain(&e.ipv6_cidr_block))
            .map(String::as_str);
        for cidr in ranges.chain(entries) {
            if !wide.contains_key(cidr) && crate::model::network::internet_wide(cidr) {
                wide.insert(cidr, true);
            }
        }
    }
    to_value(&serde_json::json!({
        "kms_rotation_not_applicable": kms,
        "internet_wide_ranges": wide,
    }))
}

/// Nanoseconds since the epoch of an RFC 3339 UTC time (`2026-11-20T10:00:00Z`, fractions and
/// offsets allowed).
pub fn parse_rfc3339_ns(t: &str) -> Option<i64> {
    let v = regorus::Value::from(t);
    let mut e = regorus::Engine::new();
    e.set_input(BTreeMap::from([(Value::from("t"), v)]).into());
    match e
        .eval_query("time.parse_rfc3339_ns(input.t)".into(), false)
        .ok()?
        .result
        .first()?
        .expressions
        .first()?
        .value
    {
        Value::Number(ref n) => n.as_i64(),
        _ => None,
    }
}

/// The workload and production sets each scanned account is in, with why (see
/// `model::workloads`): from the organization's account list (name, OU path) where the scan has
/// one, else from the account itself.
pub(super) fn account_sets(
    snapshot: &Snapshot,
    config: &crate::model::workloads::WorkloadsConfig,
) -> BTreeMap<String, crate::model::workloads::Membership> {
    use crate::model::workloads::{AccountFacts, classify};
    // An organization that could not be read leaves both sets undecided for every account.
    if let Some(Section::Error(e)) = &snapshot.organization {
        let why = format!(
            "the organization could not be read ({}: {})",
            e.action, e.message
        );
        return snapshot
            .accounts
            .iter()
            .map(|a| {
                let m = crate::model::workloads::Membership {
                    workload_unknown: Some(why.clone()),
                    production_unknown: Some(why.clone()),
                    ..Default::default()
                };
                (a.account_id.clone(), m)
            })
            .collect();
    }
    let org = snapshot.organization.as_ref().and_then(Section::data);
    let ou_unreadable = org
        .and_then(|o| o.ou_paths_error.as_ref())
        .map(|e| format!("{}: {}", e.action, e.message));
    let tags = org.and_then(|o| o.account_tags.as_ref());
    let unreadable = match tags {
        Some(Section::Error(e)) => Some(format!("{}: {}", e.action, e.message)),
        _ => None,
    };
    let tags = tags.and_then(Section::data);
    snapshot
        .accounts
        .iter()
        .map(|account| {
            let listed = org.and_then(|o| o.accounts.iter().find(|a| a.id == account.account_id));
            let facts = AccountFacts {
                id: &account.account_id,
                name: listed.map(|a| a.name.as_str()).or(account.name.as_deref()),
                ou_path: listed.map_or(&[][..], |a| &a.ou_path),
                tags: tags.and_then(|t| t.get(&account.account_id)),
                tags_unreadable: unreadable.as_deref(),
                ou_unreadable: ou_unreadable.as_deref(),
                management: org.is_some_and(|o| o.management_account_id == account.account_id),
                in_organization: org.is_some(),
            };
            (account.account_id.clone(), classify(config, &facts))
        })
        .collect()
}
