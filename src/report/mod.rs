//! Rendering: findings → report documents. One report model is built from the findings
//! ([`ReportModel::from_findings`]); each format is a renderer with the same signature
//! (`fn(&ReportModel, &mut dyn Write) -> Result<()>`) in its own file, escaping for its own
//! syntax. Knows the findings contract and the templates in `report-templates/`; knows nothing of
//! AWS or Rego.

pub mod charts;
pub mod diff;
pub mod document;
pub mod export;
pub mod html;
pub mod markdown;
pub mod model;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod sop;

use anyhow::{Result, bail};

pub use model::{Diagram, ReportModel};

use std::collections::BTreeMap;

use crate::model::Findings;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
    Pdf,
    /// The report model itself (`caliper.report/v1`), as the PDF template reads it.
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards (GitHub).
    Sarif,
    /// JUnit XML, for CI test reports.
    Junit,
    Csv,
    /// OCSF Compliance Finding events.
    Ocsf,
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::Markdown,
        Format::Html,
        Format::Pdf,
        Format::Json,
        Format::Sarif,
        Format::Junit,
        Format::Csv,
        Format::Ocsf,
    ];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Pdf => "pdf",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Csv => "csv",
            Format::Ocsf => "ocsf",
        }
    }

    /// The file extension: `report.<extension>` in a scan directory.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Junit => "junit.xml",
            Format::Ocsf => "ocsf.json",
            other => other.name(),
        }
    }
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        Format::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| {
                format!(
                    "unknown report format {s:?} (md, html, pdf, json, sarif, junit, csv, ocsf)"
                )
            })
    }
}

/// Renders one format: documents from the report model, exports from the findings.
pub fn render(
    findings: &Findings,
    model: &ReportModel,
    format: Format,
    out: &mut dyn std::io::Write,
) -> Result<()> {
    match format {
        Format::Sarif => export::sarif(findings, out),
        Format::Junit => export::junit(findings, out),
        Format::Csv => export::csv(findings, out),
        Format::Ocsf => export::ocsf(findings, out),
        Format::Markdown => markdown::render(model, out),
        Format::Html => html::render(model, out),
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, model)?;
            out.write_all(b"\n")?;
            Ok(())
        }
        #[cfg(feature = "pdf")]
        Format::Pdf => pdf::render(model, out),
        #[cfg(not(feature = "pdf"))]
        Format::Pdf => bail!("this caliper was built without PDF support (cargo feature `pdf`)"),
    }
}

/// Builds the model from findings and renders each format into memory, so that a failure in one
/// leaves no file written.
pub fn render_all(
    findings: &Findings,
    formats: &[Format],
    diagrams: Vec<Diagram>,
) -> Result<Vec<(Format, Vec<u8>)>> {
    let mut model = ReportModel::from_findings(findings);
    model.diagrams = diagrams;
    let mut out = Vec::new();
    for &format in formats {
        if out.iter().any(|(f, _)| *f == format) {
            bail!("report format {} is listed twice", format.name());
        }
        let mut bytes = Vec::new();
        render(findings, &model, format, &mut bytes)?;
        out.push((format, bytes));
    }
    Ok(out)
}

/// The findings document as written to `findings.json`.
pub fn findings_json(findings: &Findings) -> Result<String> {
    Ok(serde_json::to_string_pretty(findings)? + "\n")
}

/// The account diagrams among `files` (from [`crate::diagram::files`] or a scan's `diagrams/`),
/// for the reports: `<account id>.svg`, in name order.
pub fn account_diagrams(
    files: &[(String, Vec<u8>)],
    names: &BTreeMap<String, String>,
) -> Vec<Diagram> {
    let mut out: Vec<Diagram> = files
        .iter()
        .filter_map(|(name, bytes)| {
            let id = name.strip_suffix(".svg")?;
            (id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit())).then(|| Diagram {
                name: name.clone(),
                caption: match names.get(id) {
                    Some(n) => {
                        format!("Architecture of account {id} ({n}), drawn from the snapshot")
                    }
                    None => format!("Architecture of account {id}, drawn from the snapshot"),
                },
                svg: String::from_utf8_lossy(bytes).into_owned(),
            })
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}
