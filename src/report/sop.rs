//! SOP documents: per control, the requirement in our words, the partner's standard procedure
//! (a built-in tera template per control, which the partner can override), and how it is
//! implemented for the customer, written only from the findings: the passing results grouped by
//! the control's criteria, the open gaps, and the manual parts with their attestations. Nothing
//! is invented: where there is no evidence, the document says so.
//!
//! The content has one source, the Markdown this module writes; HTML and PDF are that Markdown
//! rendered by [`super::document`].

use std::path::Path;

use anyhow::{Context, Result, anyhow};
use serde::Serialize;

use super::markdown;
use super::model::{ManualRow, manual_row};
use crate::model::{Finding, Findings, Status};

const SOP_MD: &str = include_str!("../../report-templates/sop.md.tera");

/// The built-in procedure of each control of the calibration guide.
const PROCEDURES: &[(&str, &str)] = &[
    (
        "DOC-001",
        include_str!("../../report-templates/sop/DOC-001.md.tera"),
    ),
    (
        "ACCT-001",
        include_str!("../../report-templates/sop/ACCT-001.md.tera"),
    ),
    (
        "ACCT-002",
        include_str!("../../report-templates/sop/ACCT-002.md.tera"),
    ),
    (
        "OPE-001",
        include_str!("../../report-templates/sop/OPE-001.md.tera"),
    ),
    (
        "OPE-002",
        include_str!("../../report-templates/sop/OPE-002.md.tera"),
    ),
    (
        "OPE-003",
        include_str!("../../report-templates/sop/OPE-003.md.tera"),
    ),
    (
        "NETSEC-001",
        include_str!("../../report-templates/sop/NETSEC-001.md.tera"),
    ),
    (
        "NETSEC-002",
        include_str!("../../report-templates/sop/NETSEC-002.md.tera"),
    ),
    (
        "REL-001",
        include_str!("../../report-templates/sop/REL-001.md.tera"),
    ),
    (
        "REL-002",
        include_str!("../../report-templates/sop/REL-002.md.tera"),
    ),
    (
        "COST-001",
        include_str!("../../report-templates/sop/COST-001.md.tera"),
    ),
];

/// A control as its SOP needs it, as plain data (the caller reads it from the framework).
#[derive(Debug, Clone, Serialize)]
pub struct SopControl {
    pub id: String,
    pub title: String,
    pub requirement: String,
    pub rationale: String,
    pub criteria: Vec<String>,
    /// Criterion number (1-based) → the checks whose passing results show it.
    pub evidence: Vec<(usize, Vec<String>)>,
    /// The control's checks, id and title, in framework order.
    pub checks: Vec<(String, String)>,
}

/// Who the SOPs are for and which procedures the partner has made its own.
pub struct SopOptions<'a> {
    pub partner: Option<String>,
    pub customer: Option<String>,
    /// Controls whose built-in procedure the partner has reviewed (`[sop] reviewed`).
    pub reviewed: &'a [String],
    /// A directory of `<CONTROL-ID>.md.tera` procedures that replace the built-in ones.
    pub templates: Option<&'a Path>,
    /// The architecture diagrams the scan drew (its `diagrams/`), for the DOC-001 SOP.
    pub diagrams: Vec<super::Diagram>,
}

/// The control whose SOP shows the architecture diagrams.
pub const DIAGRAM_CONTROL: &str = "DOC-001";

#[derive(Serialize)]
struct SopView<'a> {
    control: &'a SopControl,
    partner: String,
    customer: String,
    collected_at: &'a str,
    snapshot_sha256: &'a str,
    /// The procedure is the partner's own (overridden) or marked reviewed.
    reviewed: bool,
    overridden: bool,
    procedure: String,
    criteria: Vec<CriterionView>,
    /// Passing results of checks not mapped to a criterion.
    other: Vec<CheckEvidence>,
    gaps: Vec<Gap>,
    manual: Vec<ManualRow>,
    /// Any passing result, checked or attested.
    has_evidence: bool,
    /// The diagram files (DOC-001 only), relative to the scan directory.
    diagrams: Vec<String>,
    /// Manual parts not attested as passing.
    open_parts: usize,
    automated: bool,
}

#[derive(Serialize)]
struct CriterionView {
    number: usize,
    text: String,
    checks: Vec<CheckEvidence>,
}

#[derive(Serialize)]
struct CheckEvidence {
    id: String,
    title: String,
    passed: Vec<PassRow>,
}

#[derive(Serialize)]
struct PassRow {
    account_id: String,
    account_name: Option<String>,
    region: String,
    resource: String,
    message: String,
}

#[derive(Serialize)]
struct Gap {
    check: String,
    status: Status,
    account_id: String,
    region: String,
    resource: String,
    message: String,
    remediation: String,
}

/// The SOP of one control, as Markdown.
pub fn markdown(findings: &Findings, control: &SopControl, options: &SopOptions) -> Result<String> {
    let partner = options
        .partner
        .clone()
        .unwrap_or_else(|| "the partner".into());
    let customer = options
        .customer
        .clone()
        .unwrap_or_else(|| "the customer".into());
    let (procedure_template, overridden) = procedure_of(&control.id, options.templates)?;
    let mut ctx = tera::Context::new();
    ctx.insert("partner", &partner);
    ctx.insert("customer", &customer);
    ctx.insert("control", control);
    let name = format!("{}.md", control.id);
    let procedure = markdown::render_template(&name, &procedure_template, &ctx).map_err(|e| {
        match options.templates {
            Some(dir) if overridden => {
                anyhow!("{}: {e:#}", dir.join(format!("{name}.tera")).display())
            }
            _ => e,
        }
    })?;

    let mine: Vec<&Finding> = findings
        .findings
        .iter()
        .filter(|f| f.controls.contains(&control.id))
        .collect();
    let names = &findings.scan.account_names;
    let evidence_of = |check: &str| CheckEvidence {
        id: check.to_string(),
        title: control
            .checks
            .iter()
            .find(|(id, _)| id == check)
            .map_or_else(String::new, |(_, t)| t.clone()),
        passed: mine
            .iter()
            .filter(|f| &*f.check == check && f.status == Status::Pass)
            .map(|f| PassRow {
                account_id: f.account_id.to_string(),
                account_name: names.get(&*f.account_id).cloned(),
                region: f.region.clone(),
                resource: f.resource.clone(),
                message: f.message.clone(),
            })
            .collect(),
    };
    let criteria = control
        .criteria
        .iter()
        .enumerate()
        .map(|(i, text)| CriterionView {
            number: i + 1,
            text: text.clone(),
            checks: control
                .evidence
                .iter()
                .filter(|(n, _)| *n == i + 1)
                .flat_map(|(_, checks)| checks.iter().map(|c| evidence_of(c)))
                .collect(),
        })
        .collect();
    let other = control
        .checks
        .iter()
        .filter(|(id, _)| !control.evidence.iter().any(|(_, cs)| cs.contains(id)))
        .map(|(id, _)| evidence_of(id))
        .collect();
    let gaps = mine
        .iter()
        .filter(|f| !f.is_manual_part() && matches!(f.status, Status::Fail | Status::Error))
        .map(|f| Gap {
            check: f.check.to_string(),
            status: f.status,
            account_id: f.account_id.to_string(),
            region: f.region.clone(),
            resource: f.resource.clone(),
            message: f.message.clone(),
            remediation: f.remediation.to_string(),
        })
        .collect();
    let manual = mine
        .iter()
        .filter(|f| f.is_manual_part())
        .map(|f| manual_row(f))
        .collect();
    let has_evidence = mine.iter().any(|f| f.status == Status::Pass);
    let view = SopView {
        control,
        partner,
        customer,
        collected_at: &findings.scan.snapshot_collected_at,
        snapshot_sha256: &findings.scan.snapshot_sha256,
        reviewed: overridden || options.reviewed.contains(&control.id),
        overridden,
        procedure,
        criteria,
        other,
        gaps,
        manual,
        has_evidence,
        diagrams: if control.id == DIAGRAM_CONTROL {
            options.diagrams.iter().map(|d| d.name.clone()).collect()
        } else {
            Vec::new()
        },
        open_parts: mine
            .iter()
            .filter(|f| f.is_manual_part() && !(f.is_attested() && f.status == Status::Pass))
            .count(),
        automated: !control.checks.is_empty(),
    };
    markdown::render_template("sop.md", SOP_MD, &tera::Context::from_serialize(&view)?)
}

/// The procedure template of a control: the partner's own from `templates`, else the built-in
/// one. `true` when it is the partner's.
fn procedure_of(id: &str, templates: Option<&Path>) -> Result<(String, bool)> {
    if let Some(dir) = templates {
        let path = dir.join(format!("{id}.md.tera"));
        if path.exists() {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("{}: cannot read template", path.display()))?;
            return Ok((text, true));
        }
    }
    match PROCEDURES.iter().find(|(c, _)| *c == id) {
        Some((_, text)) => Ok((text.to_string(), false)),
        None => Ok((
            "No built-in procedure exists for this control: write one in `--templates DIR` as \
             `{{ control.id }}.md.tera`."
                .to_string(),
            false,
        )),
    }
}

/// The SOP in one format: the Markdown itself, or rendered from it (DOC-001's with the
/// architecture diagrams after the text).
pub fn render(
    markdown: &str,
    control: &SopControl,
    findings: &Findings,
    format: super::Format,
    options: &SopOptions,
) -> Result<Vec<u8>> {
    let title = format!("{}: {}", control.id, control.title);
    let figures: &[super::Diagram] = if control.id == DIAGRAM_CONTROL {
        &options.diagrams
    } else {
        &[]
    };
    match format {
        super::Format::Markdown => Ok(markdown.as_bytes().to_vec()),
        super::Format::Html => super::document::html(&title, markdown, figures),
        super::Format::Pdf => super::document::pdf(&title, markdown, &findings.scan, figures),
        other => Err(anyhow!(
            "SOP documents are written as md, html or pdf ({} is a report format)",
            other.name()
        )),
    }
}
