//! The controls reference, generated from check metadata and framework files (`caliper controls
//! docs`, `list`, `show`), so the docs never drift from the checks.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use anyhow::Result;
use serde_json::json;

use super::catalog::{Catalog, Check, Control, Framework};
use crate::model::sections::action_of;

pub fn framework_json(catalog: &Catalog, fw: &Framework) -> serde_json::Value {
    let by_check = Catalog::controls_by_check(fw);
    json!({
        "framework": { "id": fw.id, "title": fw.title, "version": fw.version },
        "controls": fw.controls.iter().map(|c| json!({
            "id": c.id,
            "title": c.title,
            "automated": !c.checks.is_empty(),
            "checks": c.checks,
            "manual": c.manual,
        })).collect::<Vec<_>>(),
        "checks": catalog.checks.iter().map(|c| json!({
            "id": c.meta.id,
            "title": c.meta.title,
            "severity": c.meta.severity,
            "resource_type": c.meta.resource_type,
            "controls": by_check.get(c.meta.id.as_str()).cloned().unwrap_or_default(),
            "builtin": c.builtin,
        })).collect::<Vec<_>>(),
    })
}

pub fn framework_text(catalog: &Catalog, fw: &Framework) -> String {
    let mut out = format!("{} ({})\n", fw.title, fw.id);
    for c in &fw.controls {
        let _ = writeln!(out, "\n{}  {}", c.id, c.title);
        for id in &c.checks {
            let (sev, title) = catalog.check(id).map_or(("?", "?"), |k| {
                (k.meta.severity.as_str(), k.meta.title.as_str())
            });
            let _ = writeln!(out, "  {id:<34} {sev:<8} {title}");
        }
        for m in &c.manual {
            let _ = writeln!(
                out,
                "  {:<34} {:<8} {}",
                m.id,
                "manual",
                first_sentence(&m.text)
            );
        }
    }
    out
}

fn first_sentence(text: &str) -> &str {
    let t = text.trim();
    t.find(". ").map_or(t, |i| &t[..=i])
}

pub fn check_markdown(check: &Check, controls_by_check: &BTreeMap<&str, Vec<String>>) -> String {
    let m = &check.meta;
    let mut out = format!("# `{}` — {}\n\n", m.id, m.title);
    let controls = controls_by_check
        .get(m.id.as_str())
        .map(|c| c.join(", "))
        .unwrap_or_else(|| "—".into());
    let _ = writeln!(out, "| | |\n|---|---|");
    let _ = writeln!(out, "| Severity | {} |", m.severity.as_str());
    let _ = writeln!(out, "| Resource type | `{}` |", m.resource_type);
    let _ = writeln!(out, "| Controls | {controls} |");
    let _ = writeln!(out, "| Source | `{}` |", check.file);
    let _ = writeln!(out, "\n## What it judges\n\n{}\n", m.description);
    let _ = writeln!(out, "## Remediation\n\n{}\n", m.remediation);
    let _ = writeln!(
        out,
        "## Data it reads\n\n| Snapshot section | IAM action |\n|---|---|"
    );
    for s in &m.sections {
        let _ = writeln!(out, "| `{s}` | `{}` |", action_of(s));
    }
    let _ = writeln!(
        out,
        "\nWhen any of these could not be collected, the check's result is `error` naming the action, never `pass`."
    );
    if !m.references.is_empty() {
        let _ = writeln!(out, "\n## References\n");
        for r in &m.references {
            let _ = writeln!(out, "- {r}");
        }
    }
    out
}

pub fn control_markdown(catalog: &Catalog, c: &Control) -> String {
    let mut out = format!(
        "# {} — {}\n\n## Requirement\n\n{}\n\n## Criteria\n\n",
        c.id,
        c.title,
        c.requirement.trim()
    );
    for cr in &c.criteria {
        let _ = writeln!(out, "- {cr}");
    }
    let _ = writeln!(out, "\n## Why it matters\n\n{}\n", c.rationale.trim());
    let _ = writeln!(out, "## Automated checks\n");
    if c.checks.is_empty() {
        let _ = writeln!(out, "None yet: this control is attested manually.");
    } else {
        let _ = writeln!(out, "| Check | Severity | Title |\n|---|---|---|");
        for id in &c.checks {
            if let Some(k) = catalog.check(id) {
                let _ = writeln!(
                    out,
                    "| [`{id}`](checks/{id}.md) | {} | {} |",
                    k.meta.severity.as_str(),
                    k.meta.title
                );
            }
        }
    }
    let _ = writeln!(out, "\n## Manual parts (attested)\n");
    for m in &c.manual {
        let _ = writeln!(out, "- **{}** {}", m.id, m.text.trim());
    }
    if !c.sop_sections.is_empty() {
        let _ = writeln!(out, "\n## SOP sections fed\n");
        for s in &c.sop_sections {
            let _ = writeln!(out, "- {s}");
        }
    }
    out
}

/// File name (relative to the docs dir) → content, for the framework and every built-in check.
pub fn controls_docs(catalog: &Catalog, fw: &Framework) -> Vec<(String, String)> {
    let by_check = Catalog::controls_by_check(fw);
    let mut index = format!(
        "# {}\n\n{}\n\nGenerated by `caliper controls docs`; do not edit.\n\n| Control | Title | Checks | Manual parts |\n|---|---|---|---|\n",
        fw.title,
        fw.description.trim()
    );
    let mut files = Vec::new();
    for c in &fw.controls {
        let _ = writeln!(
            index,
            "| [{}]({}.md) | {} | {} | {} |",
            c.id,
            c.id,
            c.title,
            c.checks.len(),
            c.manual.len()
        );
        files.push((format!("{}.md", c.id), control_markdown(catalog, c)));
    }
    for check in catalog.checks.iter().filter(|c| c.builtin) {
        files.push((
            format!("checks/{}.md", check.meta.id),
            check_markdown(check, &by_check),
        ));
    }
    files.insert(0, ("README.md".into(), index));
    files
}

pub fn write_controls_docs(catalog: &Catalog, fw: &Framework, dir: &Path) -> Result<()> {
    for (name, text) in controls_docs(catalog, fw) {
        crate::model::io::write_atomic(&dir.join(name), &text)?;
    }
    Ok(())
}
