//! The missing-data gate: which faults make a check's finding `error` (only for resources the
//! check judges), which verdicts they drop, and the one finding for a region a service control
//! policy closes.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::runner::Verdict;
use super::{CLOSED_REGION_CHECK, CheckTexts, Engine, account_arn};
use crate::model::faults::Fault;
use crate::model::{ErrorReason, Evidence, Finding, Severity, Status, Values};

/// Whether missing data drops a verdict: a fault on its own resource always does; a proven
/// verdict stands whatever else is missing; a global verdict may aggregate over any missing data
/// (a disabled region holds none); a regional verdict falls with its region.
pub(super) fn drops(v: &Verdict, relevant: &[&Fault]) -> bool {
    relevant.iter().any(|f| {
        if f.resource.as_ref().is_some_and(|r| *r == v.resource) {
            return true;
        }
        if v.proven {
            return false;
        }
        if v.region == "global" {
            return f.error.reason != ErrorReason::RegionDisabled;
        }
        match (&f.resource, &f.region) {
            (Some(_), _) => false,
            (None, Some(region)) => *region == v.region,
            (None, None) => true,
        }
    })
}

impl Engine {
    /// One `error` finding per (region, resource) whose data the check needed but is missing.
    pub(super) fn error_findings(
        &self,
        texts: &CheckTexts,
        account_id: &Arc<str>,
        faults: &[&Fault],
    ) -> Vec<Finding> {
        let mut grouped: BTreeMap<(String, String), Vec<&Fault>> = BTreeMap::new();
        for f in faults {
            let region = f.region.clone().unwrap_or_else(|| "global".into());
            let resource = f
                .resource
                .clone()
                .unwrap_or_else(|| account_arn(account_id));
            grouped.entry((region, resource)).or_default().push(f);
        }
        grouped
            .into_iter()
            .map(|((region, resource), fs)| {
                let causes: Vec<String> = fs
                    .iter()
                    .map(|f| {
                        format!(
                            "{} on {} ({})",
                            f.error.reason.as_str(),
                            f.error.action,
                            f.error.message
                        )
                    })
                    .collect();
                let mut actions: Vec<String> = fs.iter().map(|f| f.error.action.clone()).collect();
                actions.dedup();
                let scope = if region == "global" {
                    String::new()
                } else {
                    format!(" in {region}")
                };
                // A region the account has not enabled holds no resources: nothing to judge,
                // which is not an error and does not make the scan incomplete.
                let disabled = fs
                    .iter()
                    .all(|f| f.error.reason == ErrorReason::RegionDisabled);
                // A scan of standalone accounts has no organization data: what only AWS
                // Organizations shows (a member's root e-mail) is for a person to confirm.
                let standalone = fs.iter().all(|f| {
                    f.path == "organization" && f.error.reason == ErrorReason::Unsupported
                });
                let (status, message) = if standalone {
                    (
                        Status::Manual,
                        format!(
                            "not judged automatically: {} reads data only AWS Organizations \
                             gives, and this scan has none ({}); confirm it by hand for account \
                             {account_id}, or scan from the management account with --org",
                            texts.id, fs[0].error.message
                        ),
                    )
                } else if disabled {
                    (
                        Status::NotApplicable,
                        format!(
                            "not applicable{scope}: the region is not enabled for account \
                             {account_id} ({}), so it holds no resources to judge",
                            fs[0].error.message
                        ),
                    )
                } else {
                    (
                        Status::Error,
                        format!(
                            "not evaluated{scope}: {}; {}",
                            causes.join("; "),
                            next_steps(&fs)
                        ),
                    )
                };
                let values = serde_json::Map::from_iter([(
                    "sections".to_string(),
                    serde_json::json!(fs.iter().map(|f| f.path).collect::<Vec<_>>()),
                )]);
                let evidence = Evidence {
                    operations: actions.into(),
                    values: Values::from_map(&values),
                    error: Some(Box::new(fs[0].error.clone())),
                };
                self.finding(
                    texts, account_id, &region, resource, status, message, evidence,
                )
            })
            .collect()
    }

    /// The one `error` finding for a region a service control policy closes to the scanning
    /// role, naming the checks (by index) it kept from judging the region.
    pub(super) fn closed_region_finding(
        &self,
        account_id: &Arc<str>,
        region: &str,
        checks: &std::collections::BTreeSet<usize>,
        faults: &[Fault],
    ) -> Finding {
        let ids: Vec<&str> = checks.iter().map(|&i| &*self.texts[i].id).collect();
        let mut controls: Vec<String> = checks
            .iter()
            .flat_map(|&i| self.texts[i].controls.iter().cloned())
            .collect();
        controls.sort();
        controls.dedup();
        let in_region: Vec<&Fault> = faults
            .iter()
            .filter(|f| f.region.as_deref() == Some(region))
            .collect();
        let mut actions: Vec<String> = in_region.iter().map(|f| f.error.action.clone()).collect();
        actions.sort();
        actions.dedup();
        let first = &in_region[0].error;
        let texts = CheckTexts {
            id: CLOSED_REGION_CHECK.into(),
            controls: controls.into(),
            title: "Region closed to the scanning role by a service control policy".into(),
            severity: Severity::Info,
            resource_type: "AWS::::Account".into(),
            remediation: crate::model::faults::SCP_REGION_ADVICE.into(),
            operations: actions.clone().into(),
            scoped: false,
        };
        let values = serde_json::Map::from_iter([
            ("checks".to_string(), serde_json::json!(ids)),
            (
                "sections".to_string(),
                serde_json::json!(in_region.iter().map(|f| f.path).collect::<Vec<_>>()),
            ),
        ]);
        self.finding(
            &texts,
            account_id,
            region,
            account_arn(account_id),
            Status::Error,
            format!(
                "not evaluated in {region}: a service control policy denies the scanning role \
                 every read there ({} on {}: {}), so {} check(s) could not judge the region: {}; \
                 {}",
                first.reason.as_str(),
                first.action,
                first.message,
                ids.len(),
                ids.join(", "),
                crate::model::faults::SCP_REGION_ADVICE
            ),
            Evidence {
                operations: actions.into(),
                values: Values::from_map(&values),
                error: Some(Box::new(first.clone())),
            },
        )
    }
}

/// What the user can do about missing data, for each cause (each said once).
pub(super) fn next_steps(faults: &[&Fault]) -> String {
    let mut steps: Vec<String> = Vec::new();
    for f in faults {
        let step = f.error.advice();
        if !steps.contains(&step) {
            steps.push(step);
        }
    }
    steps.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SectionError;

    fn verdict(region: &str, resource: &str, proven: bool) -> Verdict {
        Verdict {
            status: "pass".into(),
            resource: resource.into(),
            region: region.into(),
            message: String::new(),
            values: Values::default(),
            resource_type: None,
            proven,
            severity: None,
        }
    }

    fn fault(region: Option<&str>, resource: Option<&str>, reason: ErrorReason) -> Fault {
        Fault {
            path: "ec2.vpcs",
            region: region.map(str::to_string),
            resource: resource.map(str::to_string),
            error: SectionError {
                denied_by: None,
                reason,
                action: "ec2:DescribeVpcs".into(),
                message: "denied".into(),
            },
        }
    }

    #[test]
    fn a_fault_on_the_verdicts_own_resource_drops_it_even_when_proven() {
        let f = fault(Some("eu-west-1"), Some("r1"), ErrorReason::AccessDenied);
        assert!(drops(&verdict("eu-west-1", "r1", true), &[&f]));
        assert!(!drops(&verdict("eu-west-1", "r2", false), &[&f]));
    }

    #[test]
    fn a_regional_fault_drops_global_and_same_region_verdicts_unless_proven() {
        let f = fault(Some("eu-west-1"), None, ErrorReason::AccessDenied);
        assert!(drops(&verdict("global", "acct", false), &[&f]));
        assert!(!drops(&verdict("global", "acct", true), &[&f]));
        assert!(drops(&verdict("eu-west-1", "sg-1", false), &[&f]));
        assert!(!drops(&verdict("us-east-1", "sg-2", false), &[&f]));
    }

    #[test]
    fn a_disabled_region_leaves_global_verdicts_complete() {
        let f = fault(Some("me-south-1"), None, ErrorReason::RegionDisabled);
        assert!(!drops(&verdict("global", "acct", false), &[&f]));
    }

    #[test]
    fn an_account_wide_fault_drops_every_unproven_verdict() {
        let f = fault(None, None, ErrorReason::AccessDenied);
        assert!(drops(&verdict("eu-west-1", "sg-1", false), &[&f]));
        assert!(!drops(&verdict("global", "acct", true), &[&f]));
    }
}
