//! The report model: everything a report shows, built once from the findings. Every renderer
//! (Markdown, HTML, PDF, JSON) reads this and nothing else, so the formats cannot disagree.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::model::findings::{NotScanned, Unreadable};
use crate::model::{Attestation, Finding, Findings, Severity, Status};

pub const REPORT_SCHEMA: &str = "caliper.report/v1";

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ReportModel {
    /// Always `caliper.report/v1`.
    pub schema: &'static str,
    /// The framework's title.
    pub title: String,
    pub partner: Option<String>,
    pub customer: Option<String>,
    /// The document date: the day the snapshot was collected (`YYYY-MM-DD`), never the day of
    /// rendering, so the same findings give the same documents.
    pub date: String,
    pub facts: Facts,
    pub totals: Counts,
    /// Failing findings of checks per severity, most severe first (attested parts not included).
    pub failures_by_severity: Vec<SeverityCount>,
    /// Per control of the framework, in framework order.
    pub controls: Vec<ControlSection>,
    /// Per scanned account, in the order of the scan (the results of checks; manual parts are
    /// counted per control only).
    pub accounts: Vec<AccountRow>,
    /// Every internet-exposed endpoint with how it is encrypted in transit (the findings of
    /// `endpoints.internet-exposed`), in the order of the findings.
    pub endpoints: Vec<EndpointRow>,
    pub scope: ScopeSection,
    /// The architecture diagrams (DOC-001) drawn from the snapshot, when the renderer has them:
    /// not part of the JSON model (the SVG files sit in the scan's `diagrams/`).
    #[serde(skip)]
    #[schemars(skip)]
    pub diagrams: Vec<Diagram>,
}

/// One account's architecture diagram.
#[derive(Debug, Clone, Serialize)]
pub struct Diagram {
    /// The file name in `diagrams/` (`<account id>.svg`).
    pub name: String,
    pub caption: String,
    pub svg: String,
}

/// The check whose findings make the endpoint table.
pub const ENDPOINTS_CHECK: &str = "endpoints.internet-exposed";

/// One internet-exposed endpoint.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct EndpointRow {
    pub account_id: String,
    pub account_name: Option<String>,
    pub region: String,
    /// `application load balancer`, `CloudFront distribution`, `Lambda function URL`, ...
    pub kind: String,
    /// Its address (DNS name or URL).
    pub endpoint: String,
    /// How traffic to it is encrypted in transit.
    pub encryption: String,
    pub status: Status,
    pub resource: String,
}

/// What was judged, with what, and when.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Facts {
    pub framework: String,
    pub tool: String,
    pub tool_version: String,
    pub collected_at: String,
    pub snapshot_sha256: String,
    pub rules_sha256: Option<String>,
    pub organization_id: Option<String>,
    pub fail_on: Severity,
    pub regions: Vec<String>,
}

/// Results per status. `pass` and `fail` are results checked against AWS; results that rest on
/// a person's attestation are counted apart, in `attested_pass` and `attested_fail`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Counts {
    pub pass: usize,
    pub fail: usize,
    pub error: usize,
    pub manual: usize,
    pub not_applicable: usize,
    pub waived: usize,
    pub attested_pass: usize,
    pub attested_fail: usize,
}

impl Counts {
    fn add(&mut self, status: Status, attested: bool, n: usize) {
        *match (status, attested) {
            (Status::Pass, true) => &mut self.attested_pass,
            (Status::Fail, true) => &mut self.attested_fail,
            (Status::Pass, _) => &mut self.pass,
            (Status::Fail, _) => &mut self.fail,
            (Status::Error, _) => &mut self.error,
            (Status::Manual, _) => &mut self.manual,
            (Status::NotApplicable, _) => &mut self.not_applicable,
            (Status::Waived, _) => &mut self.waived,
        } += n;
    }

    pub fn total(&self) -> usize {
        self.pass
            + self.fail
            + self.error
            + self.manual
            + self.not_applicable
            + self.waived
            + self.attested_pass
            + self.attested_fail
    }
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SeverityCount {
    pub severity: Severity,
    pub failures: usize,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ControlSection {
    pub id: String,
    pub title: String,
    pub status: Status,
    pub counts: Counts,
    /// Distinct automated checks with at least one passing result.
    pub passed_checks: usize,
    /// Failing findings grouped by account (account order of the scan), most severe first.
    pub failures: Vec<AccountFailures>,
    pub errors: Vec<ErrorRow>,
    /// Failures accepted by a waiver (they do not gate).
    pub waived: Vec<WaivedRow>,
    pub manual: Vec<ManualRow>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct WaivedRow {
    pub check: String,
    pub account_id: String,
    pub region: String,
    pub resource: String,
    pub message: String,
    pub waiver: crate::model::waiver::AppliedWaiver,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AccountFailures {
    pub account_id: String,
    pub account_name: Option<String>,
    pub findings: Vec<FindingRow>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FindingRow {
    pub severity: Severity,
    pub check: String,
    pub region: String,
    pub resource: String,
    pub message: String,
    pub remediation: String,
}

/// A result that could not be judged. The message names the cause and what to do about it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ErrorRow {
    pub check: String,
    pub account_id: String,
    pub region: String,
    pub resource: String,
    pub message: String,
    /// The operations whose data was missing.
    pub operations: Vec<String>,
}

/// A part of a control only a person can show, and whether someone has attested it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ManualRow {
    pub part: String,
    /// What the part asks for (the attestation's own words are in `attestation`).
    pub text: String,
    /// `manual` (not attested, or its attestation expired), `pass` or `fail` (attested), or
    /// `error` (the attestation's evidence changed).
    pub status: Status,
    /// One line for the reader: "not yet attested", "attested pass by … on …", ….
    pub state: String,
    pub attestation: Option<Attestation>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AccountRow {
    pub account_id: String,
    pub name: Option<String>,
    pub counts: Counts,
    /// Whether the account is in the workload set, and why: `yes: …`, `no` or `unknown: …`.
    pub workload: String,
    /// The same for the production set.
    pub production: String,
}

/// One set's membership as a reader sees it.
fn membership(member: &Option<String>, unknown: &Option<String>) -> String {
    match (member, unknown) {
        (Some(why), _) => format!("yes: {why}"),
        (None, Some(why)) => format!("unknown: {why}"),
        (None, None) => "no".into(),
    }
}

/// What the report covers and what it does not.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ScopeSection {
    pub accounts_scanned: usize,
    pub regions: Vec<String>,
    pub not_scanned: Vec<NotScanned>,
    pub unreadable: Vec<UnreadableRow>,
    /// How each waiver of caliper.toml fared (what it waived, expired, unused).
    pub waivers: Vec<crate::model::waiver::WaiverUse>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct UnreadableRow {
    /// An account id, or `organization`.
    pub account: String,
    pub region: String,
    pub section: String,
    pub resource: Option<String>,
    pub reason: String,
    pub action: String,
    pub message: String,
    pub advice: String,
}

impl ReportModel {
    pub fn from_findings(findings: &Findings) -> ReportModel {
        let scan = &findings.scan;
        let account_name = |id: &str| scan.account_names.get(id).cloned();
        let account_index: BTreeMap<&str, usize> = scan
            .accounts
            .iter()
            .enumerate()
            .map(|(i, a)| (a.as_str(), i))
            .collect();

        let mut totals = Counts::default();
        let mut per_account = vec![Counts::default(); scan.accounts.len()];
        let mut by_severity: BTreeMap<Severity, usize> = BTreeMap::new();
        for f in &findings.findings {
            totals.add(f.status, f.is_attested(), 1);
            // Manual parts belong to the partner's procedures, not to the account that holds them.
            if f.is_manual_part() {
                continue;
            }
            if let Some(&i) = account_index.get(&*f.account_id) {
                per_account[i].add(f.status, false, 1);
            }
            if f.status == Status::Fail {
                *by_severity.entry(f.severity).or_default() += 1;
            }
        }

        let controls = findings
            .summary
            .controls
            .iter()
            .map(|c| {
                let mine: Vec<&Finding> = findings
                    .findings
                    .iter()
                    .filter(|f| f.controls.contains(&c.id))
                    .collect();
                control_section(c, &mine, &account_index, &account_name)
            })
            .collect();

        let accounts = scan
            .accounts
            .iter()
            .zip(per_account)
            .map(|(id, counts)| {
                let sets = scan.account_sets.get(id).cloned().unwrap_or_default();
                AccountRow {
                    account_id: id.clone(),
                    name: account_name(id),
                    counts,
                    workload: membership(&sets.workload, &sets.workload_unknown),
                    production: membership(&sets.production, &sets.production_unknown),
                }
            })
            .collect();

        let unreadable = scan.scope.unreadable.iter().map(unreadable_row).collect();

        let endpoints = findings
            .findings
            .iter()
            .filter(|f| *f.check == *ENDPOINTS_CHECK)
            .filter_map(|f| {
                let v = f.evidence.values.to_map();
                let text = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
                Some(EndpointRow {
                    account_id: f.account_id.to_string(),
                    account_name: account_name(&f.account_id),
                    region: f.region.to_string(),
                    kind: text("kind")?,
                    endpoint: text("endpoint")?,
                    encryption: text("encryption")?,
                    status: f.status,
                    resource: f.resource.to_string(),
                })
            })
            .collect();

        ReportModel {
            schema: REPORT_SCHEMA,
            title: scan.framework_title.clone(),
            partner: scan.partner.clone(),
            customer: scan.customer.clone(),
            date: scan.snapshot_collected_at.chars().take(10).collect(),
            facts: Facts {
                framework: scan.framework.clone(),
                tool: findings.tool.name.clone(),
                tool_version: findings.tool.version.clone(),
                collected_at: scan.snapshot_collected_at.clone(),
                snapshot_sha256: scan.snapshot_sha256.clone(),
                rules_sha256: scan.rules_sha256.clone(),
                organization_id: scan.organization_id.clone(),
                fail_on: scan.fail_on,
                regions: scan.regions.clone(),
            },
            totals,
            failures_by_severity: [
                Severity::Critical,
                Severity::High,
                Severity::Medium,
                Severity::Low,
                Severity::Info,
            ]
            .into_iter()
            .map(|severity| SeverityCount {
                severity,
                failures: by_severity.get(&severity).copied().unwrap_or(0),
            })
            .collect(),
            controls,
            accounts,
            endpoints,
            scope: ScopeSection {
                accounts_scanned: scan.accounts.len(),
                regions: scan.regions.clone(),
                not_scanned: scan.scope.not_scanned.clone(),
                unreadable,
                waivers: scan.waivers.clone(),
            },
            diagrams: Vec::new(),
        }
    }
}

fn control_section(
    c: &crate::model::findings::ControlSummary,
    mine: &[&Finding],
    account_index: &BTreeMap<&str, usize>,
    account_name: &dyn Fn(&str) -> Option<String>,
) -> ControlSection {
    let mut counts = Counts::default();
    for (status, n) in &c.counts {
        counts.add(*status, false, *n);
    }
    for (status, n) in &c.attested {
        counts.add(*status, true, *n);
    }
    let mut failures: BTreeMap<(usize, &str), Vec<&Finding>> = BTreeMap::new();
    let mut errors = Vec::new();
    let mut waived = Vec::new();
    let mut manual = Vec::new();
    let mut passed: Vec<&str> = Vec::new();
    for f in mine {
        if f.is_manual_part() {
            manual.push(manual_row(f));
            continue;
        }
        match f.status {
            Status::Fail => {
                // Accounts outside the scan list (hand-edited findings) sort last.
                let order = account_index
                    .get(&*f.account_id)
                    .copied()
                    .unwrap_or(usize::MAX);
                failures.entry((order, &f.account_id)).or_default().push(f);
            }
            Status::Error => errors.push(error_row(f)),
            Status::Pass => passed.push(&f.check),
            Status::Waived => {
                if let Some(w) = &f.waiver {
                    waived.push(WaivedRow {
                        check: f.check.to_string(),
                        account_id: f.account_id.to_string(),
                        region: f.region.clone(),
                        resource: f.resource.clone(),
                        message: f.message.clone(),
                        waiver: (**w).clone(),
                    });
                }
            }
            // A check a person must settle (e.g. without organization data).
            Status::Manual => manual.push(ManualRow {
                part: f.check.to_string(),
                text: f.message.clone(),
                status: f.status,
                state: format!("to confirm by hand for {}", f.account_id),
                attestation: None,
            }),
            Status::NotApplicable => {}
        }
    }
    passed.sort_unstable();
    passed.dedup();
    let failures = failures
        .into_iter()
        .map(|((_, account), mut list)| {
            list.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.check.cmp(&b.check)));
            AccountFailures {
                account_id: account.to_string(),
                account_name: account_name(account),
                findings: list
                    .into_iter()
                    .map(|f| FindingRow {
                        severity: f.severity,
                        check: f.check.to_string(),
                        region: f.region.clone(),
                        resource: f.resource.clone(),
                        message: f.message.clone(),
                        remediation: f.remediation.to_string(),
                    })
                    .collect(),
            }
        })
        .collect();
    ControlSection {
        id: c.id.clone(),
        title: c.title.clone(),
        status: c.status,
        counts,
        passed_checks: passed.len(),
        failures,
        errors,
        waived,
        manual,
    }
}

pub(crate) fn manual_row(f: &Finding) -> ManualRow {
    let a = f.attestation.as_deref();
    let state = match (f.status, a) {
        (_, None) => "not yet attested".to_string(),
        (Status::Pass | Status::Fail, Some(a)) => format!(
            "attested {} by {} on {}, valid until {}",
            f.status.as_str(),
            a.owner,
            a.date,
            a.expires
        ),
        (Status::Error, Some(a)) => format!("attestation by {} cannot be relied on", a.owner),
        (Status::Manual, Some(a)) => format!("attestation by {} expired on {}", a.owner, a.expires),
        (other, Some(a)) => format!(
            "{} (attestation by {} on {})",
            other.as_str(),
            a.owner,
            a.date
        ),
    };
    // The part's own wording, kept apart from what the attestation says about it.
    let text = f
        .evidence
        .values
        .to_map()
        .get("requirement")
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| f.message.clone());
    ManualRow {
        part: f.check.to_string(),
        text,
        status: f.status,
        state,
        attestation: a.cloned(),
    }
}

fn error_row(f: &Finding) -> ErrorRow {
    ErrorRow {
        check: f.check.to_string(),
        account_id: f.account_id.to_string(),
        region: f.region.clone(),
        resource: f.resource.clone(),
        message: f.message.clone(),
        operations: f.evidence.operations.to_vec(),
    }
}

fn unreadable_row(u: &Unreadable) -> UnreadableRow {
    UnreadableRow {
        account: u
            .account_id
            .clone()
            .unwrap_or_else(|| "organization".into()),
        region: u.region.clone(),
        section: u.section.clone(),
        resource: u.resource.clone(),
        reason: match u.error.denial() {
            Some(source) => format!(
                "{} ({})",
                u.error.reason.as_str(),
                serde_json::to_value(source)
                    .ok()
                    .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
                    .unwrap_or_default()
            ),
            None => u.error.reason.as_str().to_string(),
        },
        action: u.error.action.clone(),
        message: u.error.message.clone(),
        advice: u.error.advice(),
    }
}
