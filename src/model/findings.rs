//! `caliper.findings/v1`: the verdicts. A stable contract read by the renderers, CI and `diff`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::snapshot::Tool;

pub const FINDINGS_SCHEMA: &str = "caliper.findings/v1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Findings {
    /// Always `caliper.findings/v1`.
    pub schema: String,
    pub tool: Tool,
    pub scan: Scan,
    pub summary: Summary,
    pub findings: Vec<Finding>,
}

/// What was judged, against what.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scan {
    pub snapshot_collected_at: String,
    /// SHA-256 of the snapshot file as read.
    pub snapshot_sha256: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    pub accounts: Vec<String>,
    pub regions: Vec<String>,
    pub framework: String,
    pub framework_title: String,
    pub fail_on: Severity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    /// Findings per status.
    pub statuses: BTreeMap<Status, usize>,
    /// Per control of the framework, in framework order.
    pub controls: Vec<ControlSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ControlSummary {
    pub id: String,
    pub title: String,
    /// `fail` if any finding fails, else `error` if any is an error, else `manual` if any part
    /// awaits attestation, else `pass` (or `not_applicable` when nothing applied).
    pub status: Status,
    pub counts: BTreeMap<Status, usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// Stable: a hash of check, account, region and resource.
    pub id: String,
    pub check: String,
    pub controls: Vec<String>,
    pub title: String,
    pub status: Status,
    pub severity: Severity,
    pub account_id: String,
    /// An AWS region or `global`.
    pub region: String,
    /// An ARN where one exists, else a stable id.
    pub resource: String,
    pub resource_type: String,
    pub message: String,
    pub evidence: Evidence,
    pub remediation: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// The operations whose data was judged (or that failed).
    pub operations: Vec<String>,
    /// The values that decided the verdict.
    #[serde(default)]
    pub values: serde_json::Map<String, serde_json::Value>,
    /// For `error`: why the data is missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<super::SectionError>,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Fail,
    Error,
    Manual,
    Pass,
    NotApplicable,
    Waived,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Pass,
        Status::Fail,
        Status::Error,
        Status::Manual,
        Status::NotApplicable,
        Status::Waived,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Error => "error",
            Status::Manual => "manual",
            Status::NotApplicable => "not_applicable",
            Status::Waived => "waived",
        }
    }
}

/// Ordered from least to most severe, so `>=` compares against `--fail-on`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl std::str::FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "info" => Severity::Info,
            "low" => Severity::Low,
            "medium" => Severity::Medium,
            "high" => Severity::High,
            "critical" => Severity::Critical,
            _ => {
                return Err(format!(
                    "unknown severity {s:?} (critical, high, medium, low, info)"
                ));
            }
        })
    }
}
