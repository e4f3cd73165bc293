//! `caliper.findings/v1`: the verdicts. A stable contract read by the renderers, CI and `diff`.

use std::collections::BTreeMap;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

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
    /// Names of the scanned accounts, where known (from the account or the organization).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub account_names: BTreeMap<String, String>,
    /// Per scanned account, whether it is a workload and a production account, and why (from
    /// `[workloads]` in caliper.toml or the default rule).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub account_sets: BTreeMap<String, super::workloads::Membership>,
    pub regions: Vec<String>,
    pub framework: String,
    pub framework_title: String,
    pub fail_on: Severity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    /// SHA-256 over the check and framework files the findings were judged with (paths and
    /// texts, in path order), so two findings files tell whether the same rules made them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules_sha256: Option<String>,
    /// The Rego evaluator that judged the checks and its version, e.g. `regorus 0.14.1 VM`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluator: Option<String>,
    /// What the findings do not cover: accounts and regions that were not read, and sections
    /// that could not be read.
    #[serde(default)]
    pub scope: Scope,
    /// How each waiver of caliper.toml fared: what it waived, whether it expired.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waivers: Vec<super::waiver::WaiverUse>,
}

/// The limits of a scan, as an auditor needs them stated.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// Accounts of the organization, and regions of scanned accounts, that were not read.
    #[serde(default)]
    pub not_scanned: Vec<NotScanned>,
    /// Sections of scanned accounts that could not be read; checks that need them are `error`.
    #[serde(default)]
    pub unreadable: Vec<Unreadable>,
}

/// An account (or one region of an account) whose data is not in the snapshot, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NotScanned {
    pub account_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_name: Option<String>,
    /// Set when only this region of the account was not read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub why: String,
}

/// One section that could not be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Unreadable {
    /// `None` for the organization's own sections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// An AWS region or `global`.
    pub region: String,
    /// The section path, e.g. `s3.buckets.policy`.
    pub section: String,
    /// Set for sections of one resource (a bucket, trail or key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    pub error: super::SectionError,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    /// Findings per status, not counting attested ones.
    pub statuses: BTreeMap<Status, usize>,
    /// Findings whose `pass` or `fail` rests on an attestation, per status: counted apart from
    /// results checked against AWS.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attested: BTreeMap<Status, usize>,
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
    /// Findings per status, not counting attested ones.
    pub counts: BTreeMap<Status, usize>,
    /// Attested `pass` and `fail` results, per status.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attested: BTreeMap<Status, usize>,
}

// Large scans hold a million findings, so the text every finding of a check (or an account)
// repeats is shared (`Arc`), not copied; the JSON is the same.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// Stable: a hash of check, account, region and resource.
    pub id: String,
    pub check: Arc<str>,
    pub controls: Arc<[String]>,
    pub title: Arc<str>,
    pub status: Status,
    pub severity: Severity,
    pub account_id: Arc<str>,
    /// An AWS region or `global`.
    pub region: String,
    /// An ARN where one exists, else a stable id.
    pub resource: String,
    pub resource_type: Arc<str>,
    pub message: String,
    pub evidence: Evidence,
    pub remediation: Arc<str>,
    /// For a manual part: the attestation that applies to it (also when it expired or cannot be
    /// relied on, so the report can say so).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attestation: Option<Box<super::attestation::Attestation>>,
    /// For a `waived` finding: the waiver that accepted the failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiver: Option<Box<super::waiver::AppliedWaiver>>,
}

/// The resource type of the findings that stand for a framework's manual parts.
pub const MANUAL_PART: &str = "Caliper::Attestation";

impl Finding {
    /// Does this finding stand for a manual part (attested or not) rather than a check's verdict?
    pub fn is_manual_part(&self) -> bool {
        &*self.resource_type == MANUAL_PART
    }

    /// Does its status rest on a person's attestation rather than on data from AWS?
    pub fn is_attested(&self) -> bool {
        self.attestation.is_some() && matches!(self.status, Status::Pass | Status::Fail)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// The operations whose data was judged (or that failed).
    pub operations: Arc<[String]>,
    /// The values that decided the verdict.
    #[serde(default)]
    pub values: Values,
    /// For `error`: why the data is missing.
    // Boxed: most findings have none, and a large scan moves millions of findings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<Box<super::SectionError>>,
}

/// A JSON object of judged values, kept as compact JSON text: a parsed map costs several times
/// the memory, and findings are only read whole. Serializes as the object itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Values(Box<str>);

impl Values {
    pub fn from_map(map: &serde_json::Map<String, serde_json::Value>) -> Values {
        Values(
            serde_json::to_string(map)
                .expect("a JSON map serializes")
                .into(),
        )
    }

    /// From anything that serializes as a JSON object (e.g. a Rego value); `Err` otherwise.
    pub fn from_serializable<T: Serialize + ?Sized>(v: &T) -> Result<Values, String> {
        let text = serde_json::to_string(v).map_err(|e| e.to_string())?;
        if !text.starts_with('{') {
            return Err(format!("values must be an object, got {text}"));
        }
        Ok(Values(text.into()))
    }

    pub fn to_map(&self) -> serde_json::Map<String, serde_json::Value> {
        serde_json::from_str(&self.0).expect("Values holds a JSON object")
    }

    pub fn as_json(&self) -> &str {
        &self.0
    }
}

impl Default for Values {
    fn default() -> Values {
        Values("{}".into())
    }
}

impl Serialize for Values {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_map().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Values {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Values, D::Error> {
        Ok(Values::from_map(&serde_json::Map::deserialize(d)?))
    }
}

impl JsonSchema for Values {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        <serde_json::Map<String, serde_json::Value>>::schema_name()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <serde_json::Map<String, serde_json::Value>>::json_schema(g)
    }

    fn inline_schema() -> bool {
        true
    }
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
