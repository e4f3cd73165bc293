//! One self-contained HTML file: inline CSS and inline SVG charts, no script, no font or image
//! from anywhere, and a Content-Security-Policy that forbids loading any. Every value reaching the
//! template is HTML-escaped by tera's autoescape.

use std::collections::HashMap;

use anyhow::{Result, anyhow};
use serde::Serialize;

use super::{ReportModel, charts};

const REPORT_HTML: &str = include_str!("../../report-templates/report.html.tera");

/// The stylesheet of every HTML document caliper writes, inlined into each.
pub const STYLE: &str = include_str!("../../report-templates/style.css");

#[derive(Serialize)]
struct ChartView {
    caption: String,
    svg: String,
}

pub fn render(model: &ReportModel, out: &mut dyn std::io::Write) -> Result<()> {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.set_escape_fn(escape);
    tera.register_filter("id", id_filter);
    tera.add_raw_template("report.html", REPORT_HTML)
        .map_err(|e| anyhow!("report-templates/report.html.tera: {e:?}"))?;
    let mut ctx = tera::Context::from_serialize(model)?;
    let charts: Vec<ChartView> = charts::all(model)
        .into_iter()
        .map(|c| ChartView {
            caption: c.caption,
            svg: c.svg,
        })
        .collect();
    ctx.insert("charts", &charts);
    ctx.insert("diagrams", &model.diagrams);
    ctx.insert("css", STYLE);
    let text = tera
        .render("report.html", &ctx)
        .map_err(|e| anyhow!("rendering report-templates/report.html.tera: {e:?}"))?;
    out.write_all(text.as_bytes())?;
    Ok(())
}

/// Escapes text for HTML element content and quoted attribute values. Characters an HTML
/// parser rejects (controls, noncharacters) become U+FFFD.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            c if super::charts::unrepresentable(c) => out.push('\u{FFFD}'),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A resource id that wraps only after `/` and `:`: each piece is kept whole (`nowrap`) and a
/// `<wbr>` follows each separator. Escaped here; the template marks the result `safe`.
pub fn resource_id(s: &str) -> String {
    let mut out = String::from(r#"<span class="id">"#);
    for piece in s.split_inclusive(['/', ':']) {
        out.push_str("<span>");
        out.push_str(&escape(piece));
        out.push_str("</span><wbr>");
    }
    out.push_str("</span>");
    out
}

fn id_filter(value: &tera::Value, _: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let s = match value {
        tera::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    Ok(tera::Value::String(resource_id(&s)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_ids_break_only_after_slash_and_colon_and_are_escaped() {
        assert_eq!(
            resource_id("arn:a/<b>"),
            r#"<span class="id"><span>arn:</span><wbr><span>a/</span><wbr><span>&lt;b&gt;</span><wbr></span>"#
        );
    }
}
