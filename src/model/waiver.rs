//! Waivers: accepted failures, each with a reason, an owner and an expiry (`[[waivers]]` in
//! caliper.toml). A waived finding keeps its evidence, gets status `waived` and does not gate. An
//! expired waiver stops applying; one that matches nothing is reported, as a stale suppression.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One `[[waivers]]` entry. Every matcher is exact or a glob (`*` any run, `?` one character);
/// a matcher left out matches anything, but at least one of them must be given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    /// Check id, e.g. `ec2.sg-world-open-ports` or `iam.*`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The finding's resource (ARN or id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// Why the failure is accepted.
    pub reason: String,
    /// Who accepted it.
    pub owner: String,
    /// The last day it applies (TOML date), judged at the snapshot's collection time.
    #[schemars(with = "String")]
    pub expires: toml::value::Datetime,
}

impl Waiver {
    /// The expiry day as `YYYY-MM-DD`.
    pub fn expires_day(&self) -> String {
        match self.expires.date {
            Some(d) => d.to_string(),
            None => self.expires.to_string(),
        }
    }

    pub fn matches(&self, check: &str, account: &str, region: &str, resource: &str) -> bool {
        let m = |pattern: &Option<String>, value: &str| {
            pattern.as_deref().is_none_or(|p| glob(p, value))
        };
        m(&self.check, check)
            && m(&self.account, account)
            && m(&self.region, region)
            && m(&self.resource, resource)
    }
}

/// The waiver a finding carries: which entry and what it says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AppliedWaiver {
    /// 1-based position of the entry among the `[[waivers]]` of caliper.toml.
    pub index: usize,
    pub reason: String,
    pub owner: String,
    pub expires: String,
}

/// How each waiver fared in a scan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WaiverUse {
    pub index: usize,
    pub owner: String,
    pub expires: String,
    /// Findings it waived.
    pub waived: usize,
    /// Expired before the snapshot was collected: it waived nothing.
    pub expired: bool,
    /// Failures it would have matched had it not expired.
    #[serde(default)]
    pub would_match: usize,
}

/// `*` matches any run of characters, `?` one; everything else matches itself.
pub fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_runs_and_single_characters() {
        assert!(glob("iam.*", "iam.root-mfa"));
        assert!(glob("arn:aws:s3:::logs-*", "arn:aws:s3:::logs-2026"));
        assert!(glob("eu-west-?", "eu-west-1"));
        assert!(glob("*", ""));
        assert!(!glob("iam.*", "ec2.x"));
        assert!(!glob("eu-west-?", "eu-west-10"));
        assert!(glob("a*b*c", "a-x-b-y-c"));
        assert!(!glob("a*b*c", "a-x-c"));
    }
}
