//! A collected section: either the data an AWS operation returned, or the reason it could not be
//! read. There is no third state, so "could not list buckets" can never look like "no buckets".

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a section could not be collected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorReason {
    AccessDenied,
    Throttled,
    RegionDisabled,
    Unsupported,
    Network,
    /// The section was read, but lacks what a check needs (e.g. a credential report without the
    /// root user's row): reported by the check itself.
    Incomplete,
    Other,
}

impl ErrorReason {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorReason::AccessDenied => "access_denied",
            ErrorReason::Throttled => "throttled",
            ErrorReason::RegionDisabled => "region_disabled",
            ErrorReason::Unsupported => "unsupported",
            ErrorReason::Network => "network",
            ErrorReason::Incomplete => "incomplete",
            ErrorReason::Other => "other",
        }
    }
}

/// An explicit "could not collect" entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionError {
    pub reason: ErrorReason,
    /// The IAM action that was needed, e.g. `iam:GetCredentialReport`.
    pub action: String,
    /// What AWS (or the collector) said.
    pub message: String,
    /// For `access_denied`: which kind of policy denied, as AWS's message names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denied_by: Option<DenialSource>,
}

/// The policy behind an AccessDenied, as AWS names it in the error message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DenialSource {
    ServiceControlPolicy,
    ResourceControlPolicy,
    /// A bucket, key or other resource policy.
    ResourceBasedPolicy,
    PermissionsBoundary,
    SessionPolicy,
    /// An explicit Deny in the scanning role's own policies.
    IdentityBasedPolicy,
    /// No policy allows the action (nothing denies it explicitly).
    NoAllow,
}

impl DenialSource {
    /// Reads AWS's AccessDenied message ("... with an explicit deny in a service control
    /// policy", "... because no identity-based policy allows ..."); `None` when it names none.
    pub fn classify(message: &str) -> Option<DenialSource> {
        let m = message.to_ascii_lowercase();
        [
            ("service control policy", DenialSource::ServiceControlPolicy),
            (
                "resource control policy",
                DenialSource::ResourceControlPolicy,
            ),
            ("resource-based policy", DenialSource::ResourceBasedPolicy),
            ("permissions boundary", DenialSource::PermissionsBoundary),
            ("session policy", DenialSource::SessionPolicy),
            (
                "explicit deny in an identity-based policy",
                DenialSource::IdentityBasedPolicy,
            ),
            ("no identity-based policy allows", DenialSource::NoAllow),
        ]
        .into_iter()
        .find(|(text, _)| m.contains(text))
        .map(|(_, source)| source)
    }
}

impl SectionError {
    /// An error entry; for a denial, the policy behind it is read from AWS's message.
    pub fn new(reason: ErrorReason, action: &str, message: impl Into<String>) -> SectionError {
        let message = message.into();
        let denied_by = match reason {
            ErrorReason::AccessDenied => DenialSource::classify(&message),
            _ => None,
        };
        SectionError {
            reason,
            action: action.to_string(),
            message,
            denied_by,
        }
    }

    /// Which policy denied: as recorded, or read from the message of an older snapshot.
    pub fn denial(&self) -> Option<DenialSource> {
        match self.reason {
            ErrorReason::AccessDenied => self
                .denied_by
                .or_else(|| DenialSource::classify(&self.message)),
            _ => None,
        }
    }

    /// What to do so that the next collection can read the section, for this cause.
    pub fn advice(&self) -> String {
        let action = &self.action;
        match (self.reason, self.denial()) {
            (ErrorReason::AccessDenied, Some(DenialSource::ServiceControlPolicy)) => format!(
                "a service control policy denies {action}: exempt the scanning role from it (for \
                 example with a condition on aws:PrincipalArn) or leave the denied regions out \
                 with --regions, then collect again"
            ),
            (ErrorReason::AccessDenied, Some(DenialSource::ResourceControlPolicy)) => format!(
                "a resource control policy denies {action}: exempt the scanning role from it, \
                 then collect again"
            ),
            (ErrorReason::AccessDenied, Some(DenialSource::ResourceBasedPolicy)) => format!(
                "the resource's own policy denies {action}: allow the scanning role in that \
                 policy (bucket or key policy), then collect again"
            ),
            (ErrorReason::AccessDenied, Some(DenialSource::PermissionsBoundary)) => format!(
                "a permissions boundary on the scanning role blocks {action}: allow it in the \
                 boundary, then collect again"
            ),
            (ErrorReason::AccessDenied, Some(DenialSource::SessionPolicy)) => format!(
                "the session policy of the scanning session denies {action}: assume the role \
                 without a narrowing session policy, then collect again"
            ),
            (ErrorReason::AccessDenied, Some(DenialSource::IdentityBasedPolicy)) => format!(
                "a Deny in the scanning role's own policies blocks {action}: remove it, then \
                 collect again"
            ),
            // Entering a member account: the member's role decides, not the caller's grants.
            (ErrorReason::AccessDenied, _) if action == "sts:AssumeRole" => "the member \
                 account's scan role could not be assumed: check that the role named by \
                 --role-name exists in the account and trusts the scanning principal (and the \
                 --external-id, if set); `caliper policy --role-template` prints such a role, \
                 then collect again"
                .to_string(),
            (ErrorReason::AccessDenied, _) => format!(
                "grant {action} to the scanning role (`caliper policy` prints every action it \
                 needs), then collect again"
            ),
            (ErrorReason::Throttled, _) => format!(
                "AWS kept throttling {action}: collect again with a lower --concurrency or at a \
                 quieter time"
            ),
            (ErrorReason::RegionDisabled, _) => {
                "enable the region for the account, or leave it out of --regions".to_string()
            }
            (ErrorReason::Unsupported, _) => format!(
                "{action} is not available for this account or region; the checks that need it \
                 cannot be judged here"
            ),
            (ErrorReason::Network, _) => format!(
                "the call to {action} did not reach AWS: check network access to the AWS \
                 endpoints (or --endpoint-url), then collect again"
            ),
            (ErrorReason::Incomplete, _) => format!(
                "what {action} returned lacks what a check needs (its error finding says what): \
                 collect again, and if it persists confirm the point by hand"
            ),
            (ErrorReason::Other, _) => {
                format!("collect again; if {action} keeps failing, the message above says why")
            }
        }
    }
}

/// Where a section's data came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// `service:Operation`, e.g. `ec2:DescribeSecurityGroups`.
    pub operation: String,
    /// The region the call went to, or `global`.
    pub region: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collected_at: Option<String>,
}

/// Data with its source, or an error entry. Serialized as `{"source": .., "data": ..}` or
/// `{"error": ..}`.
#[derive(Debug, Clone, PartialEq)]
pub enum Section<T> {
    Data { source: Source, data: T },
    Error(SectionError),
}

impl<T> Section<T> {
    pub fn data(&self) -> Option<&T> {
        match self {
            Section::Data { data, .. } => Some(data),
            Section::Error(_) => None,
        }
    }
    pub fn error(&self) -> Option<&SectionError> {
        match self {
            Section::Data { .. } => None,
            Section::Error(e) => Some(e),
        }
    }
}

/// The items of a list section; none when the section is missing or an error entry (callers that
/// must tell those apart use [`crate::model::faults`]).
pub fn items<T>(section: &Option<Section<Vec<T>>>) -> impl Iterator<Item = &T> {
    section
        .as_ref()
        .and_then(Section::data)
        .into_iter()
        .flatten()
}

#[derive(Serialize)]
struct DataRef<'a, T> {
    source: &'a Source,
    data: &'a T,
}

#[derive(Serialize)]
struct ErrorRef<'a> {
    error: &'a SectionError,
}

impl<T: Serialize> Serialize for Section<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Section::Data { source, data } => DataRef { source, data }.serialize(s),
            Section::Error(error) => ErrorRef { error }.serialize(s),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, bound = "T: Deserialize<'de>")]
struct RawSection<T> {
    source: Option<Source>,
    // `Option<Option<T>>` so that `"data": null` (a legitimate "not configured") is told apart
    // from a missing `data` key.
    #[serde(default, deserialize_with = "present")]
    data: Option<T>,
    error: Option<SectionError>,
}

fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Section<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let raw = RawSection::<T>::deserialize(d)?;
        match (raw.source, raw.data, raw.error) {
            (Some(source), Some(data), None) => Ok(Section::Data { source, data }),
            (None, None, Some(error)) => Ok(Section::Error(error)),
            (_, _, Some(_)) => Err(D::Error::custom(
                "a section has either `error` or `source` + `data`, not both",
            )),
            (None, _, None) => Err(D::Error::custom(
                "a section needs `source` and `data`, or `error`",
            )),
            (Some(_), None, None) => Err(D::Error::custom(
                "a section with `source` needs `data` (use null for \"not configured\")",
            )),
        }
    }
}

impl<T: JsonSchema> JsonSchema for Section<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Section_{}", T::schema_name()).into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let source = generator.subschema_for::<Source>();
        let data = generator.subschema_for::<T>();
        let error = generator.subschema_for::<SectionError>();
        schemars::json_schema!({
            "description": "Collected data with its source, or an explicit error entry.",
            "oneOf": [
                {
                    "type": "object",
                    "properties": { "source": source, "data": data },
                    "required": ["source", "data"],
                    "additionalProperties": false
                },
                {
                    "type": "object",
                    "properties": { "error": error },
                    "required": ["error"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn denied(message: &str) -> SectionError {
        SectionError::new(ErrorReason::AccessDenied, "s3:GetBucketPolicy", message)
    }

    #[test]
    fn denials_are_classified_from_aws_messages() {
        let scp = "User: arn:aws:sts::1:assumed-role/caliper/x is not authorized to perform: \
                   ec2:DescribeVpcs with an explicit deny in a service control policy";
        assert_eq!(
            SectionError::new(ErrorReason::AccessDenied, "ec2:DescribeVpcs", scp).denied_by,
            Some(DenialSource::ServiceControlPolicy)
        );
        let none = "... because no identity-based policy allows the iam:GetCredentialReport action";
        assert_eq!(DenialSource::classify(none), Some(DenialSource::NoAllow));
        assert_eq!(DenialSource::classify("Access Denied"), None);
        // Only denials carry one.
        assert_eq!(
            SectionError::new(ErrorReason::Throttled, "ec2:DescribeVpcs", scp).denied_by,
            None
        );
    }

    #[test]
    fn advice_fits_the_cause_of_a_denial() {
        let scp = denied("... with an explicit deny in a service control policy");
        assert!(
            scp.advice().contains("exempt the scanning role"),
            "{}",
            scp.advice()
        );
        let bucket = denied("... with an explicit deny in a resource-based policy");
        assert!(
            bucket.advice().contains("bucket or key policy"),
            "{}",
            bucket.advice()
        );
        let missing = denied("... because no identity-based policy allows the action");
        assert!(missing.advice().starts_with("grant s3:GetBucketPolicy"));
    }

    #[test]
    fn null_data_is_not_configured_not_missing() {
        let s: Section<Option<u32>> = serde_json::from_str(
            r#"{"source":{"operation":"iam:X","region":"global"},"data":null}"#,
        )
        .unwrap();
        assert_eq!(s.data(), Some(&None));
    }

    #[test]
    fn missing_data_is_rejected() {
        let e = serde_json::from_str::<Section<Option<u32>>>(
            r#"{"source":{"operation":"iam:X","region":"global"}}"#,
        )
        .unwrap_err();
        assert!(e.to_string().contains("needs `data`"), "{e}");
    }

    #[test]
    fn error_entry_round_trips() {
        let text = r#"{"error":{"reason":"access_denied","action":"iam:GetCredentialReport","message":"denied"}}"#;
        let s: Section<Vec<u32>> = serde_json::from_str(text).unwrap();
        assert_eq!(s.error().unwrap().reason, ErrorReason::AccessDenied);
        assert_eq!(serde_json::to_string(&s).unwrap(), text);
    }
}
