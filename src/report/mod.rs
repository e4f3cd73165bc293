//! Rendering: findings → report documents. Knows the findings contract and the templates in
//! `report-templates/`; knows nothing of AWS or Rego.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use serde::Serialize;

use crate::model::{Finding, Findings, Status};

/// The Markdown report template, embedded so the binary works from any directory.
const REPORT_MD: &str = include_str!("../../report-templates/report.md.tera");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Json,
}

pub fn render(findings: &Findings, format: Format) -> Result<String> {
    match format {
        Format::Json => Ok(serde_json::to_string_pretty(findings)? + "\n"),
        Format::Markdown => markdown(findings),
    }
}

/// A control's section of the report.
#[derive(Serialize)]
struct ControlView<'a> {
    id: &'a str,
    title: &'a str,
    status: Status,
    counts: BTreeMap<&'static str, usize>,
    /// Failing findings grouped by account.
    failures: BTreeMap<&'a str, Vec<&'a Finding>>,
    errors: Vec<&'a Finding>,
    manual: Vec<&'a Finding>,
    passed_checks: usize,
}

fn markdown(findings: &Findings) -> Result<String> {
    let controls: Vec<ControlView> = findings
        .summary
        .controls
        .iter()
        .map(|c| {
            let of = |s: Status| {
                findings
                    .findings
                    .iter()
                    .filter(move |f| f.status == s && f.controls.contains(&c.id))
            };
            let mut failures: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
            for f in of(Status::Fail) {
                failures.entry(&*f.account_id).or_default().push(f);
            }
            for list in failures.values_mut() {
                list.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.check.cmp(&b.check)));
            }
            let mut passed: Vec<&str> = of(Status::Pass).map(|f| &*f.check).collect();
            passed.sort();
            passed.dedup();
            ControlView {
                id: &c.id,
                title: &c.title,
                status: c.status,
                counts: Status::ALL
                    .iter()
                    .map(|s| (s.as_str(), c.counts.get(s).copied().unwrap_or(0)))
                    .collect(),
                failures,
                errors: of(Status::Error).collect(),
                manual: of(Status::Manual).collect(),
                passed_checks: passed.len(),
            }
        })
        .collect();
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![]);
    tera.register_filter("cell", cell);
    tera.add_raw_template("report.md", REPORT_MD)
        .context("report-templates/report.md.tera")?;
    let mut ctx = tera::Context::new();
    ctx.insert("scan", &findings.scan);
    ctx.insert("tool", &findings.tool);
    ctx.insert(
        "statuses",
        &findings
            .summary
            .statuses
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect::<BTreeMap<_, _>>(),
    );
    ctx.insert("controls", &controls);
    tera.render("report.md", &ctx)
        .map_err(|e| anyhow::anyhow!("rendering the Markdown report: {e:?}"))
}

/// Makes a value safe inside a Markdown table cell.
fn cell(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let s = match value {
        tera::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    Ok(tera::Value::String(
        s.replace('|', "\\|").replace(['\n', '\r'], " "),
    ))
}
