//! Charts as SVG, drawn from the report model. The same SVG text goes into the HTML report
//! (inline) and the PDF (as an image typst reads), so both show the same picture. Output depends
//! only on the model: no clock, no randomness, no hash order.

use std::fmt::Write as _;

use super::model::{Counts, ReportModel};
use crate::model::Severity;

/// The verdict colours (Okabe–Ito, readable with the common colour-vision deficiencies), in the
/// order the segments are stacked. Attested results are hatched: a person said so, AWS did not.
const SEGMENTS: [(&str, &str, bool); 8] = [
    ("pass", "#009E73", false),
    ("pass (attested)", "#009E73", true),
    ("fail", "#D55E00", false),
    ("fail (attested)", "#D55E00", true),
    ("error", "#E69F00", false),
    ("manual", "#56B4E9", false),
    ("not applicable", "#BBBBBB", false),
    ("waived", "#CC79A7", false),
];

const FONT: &str = "Liberation Sans, Arial, Helvetica, sans-serif";
const WIDTH: u32 = 640;
const ROW: u32 = 20;
/// Most accounts drawn in the per-account chart; the report's table lists them all.
pub const MAX_ACCOUNT_BARS: usize = 25;

/// One named chart: a file-like name (`controls.svg`), its caption and its SVG text.
pub struct Chart {
    pub name: &'static str,
    pub caption: String,
    pub svg: String,
}

pub fn all(model: &ReportModel) -> Vec<Chart> {
    vec![controls(model), accounts(model), severity(model)]
}

/// Verdicts per control, stacked.
pub fn controls(model: &ReportModel) -> Chart {
    let rows: Vec<(String, Counts)> = model
        .controls
        .iter()
        .map(|c| (c.id.clone(), c.counts))
        .collect();
    Chart {
        name: "controls.svg",
        caption: "Verdicts per control".into(),
        svg: stacked("controls", "Verdicts per control", &rows, 90),
    }
}

/// Verdicts per account, stacked; with many accounts, those with the most failures and errors.
pub fn accounts(model: &ReportModel) -> Chart {
    let mut rows: Vec<(String, Counts)> = model
        .accounts
        .iter()
        .map(|a| {
            let label = match &a.name {
                Some(n) => format!("{} {}", a.account_id, short(n, 28)),
                None => a.account_id.clone(),
            };
            (label, a.counts)
        })
        .collect();
    let caption = if rows.len() > MAX_ACCOUNT_BARS {
        // Stable: ties keep the scan's account order.
        rows.sort_by_key(|(_, c)| std::cmp::Reverse(c.fail + c.error));
        rows.truncate(MAX_ACCOUNT_BARS);
        format!(
            "Verdicts per account: the {MAX_ACCOUNT_BARS} of {} accounts with the most failures \
             and errors (every account is in the accounts table)",
            model.accounts.len()
        )
    } else {
        "Verdicts per account".to_string()
    };
    Chart {
        name: "accounts.svg",
        caption,
        svg: stacked("accounts", "Verdicts per account", &rows, 260),
    }
}

/// Failing findings per severity.
pub fn severity(model: &ReportModel) -> Chart {
    let colour = |s: Severity| match s {
        Severity::Critical => "#7B1E1E",
        Severity::High => "#D55E00",
        Severity::Medium => "#E69F00",
        Severity::Low => "#F0E442",
        Severity::Info => "#BBBBBB",
    };
    let label_w = 90;
    let bar_w = WIDTH - label_w - 60;
    let max = model
        .failures_by_severity
        .iter()
        .map(|s| s.failures)
        .max()
        .unwrap_or(0)
        .max(1);
    let n = model.failures_by_severity.len() as u32;
    let height = 30 + n * ROW + 10;
    let mut svg = open("Failures by severity", height);
    for (i, s) in model.failures_by_severity.iter().enumerate() {
        let y = 30 + i as u32 * ROW;
        label(&mut svg, label_w - 8, y + 14, s.severity.as_str(), "end");
        let w = scaled(s.failures, max, bar_w);
        if w > 0 {
            let _ = write!(
                svg,
                r#"<rect x="{label_w}" y="{}" width="{w}" height="{}" fill="{}"><title>{}: {}</title></rect>"#,
                y + 3,
                ROW - 6,
                colour(s.severity),
                s.severity.as_str(),
                s.failures
            );
        }
        label(
            &mut svg,
            label_w + w + 6,
            y + 14,
            &s.failures.to_string(),
            "start",
        );
    }
    svg.push_str("</svg>\n");
    Chart {
        name: "severity.svg",
        caption: "Failing findings by severity".into(),
        svg,
    }
}

/// Horizontal stacked bars, one per row, scaled to the largest total, with a legend on top.
/// `id` prefixes the pattern ids, which must be unique in an HTML page holding several charts.
fn stacked(id: &str, title: &str, rows: &[(String, Counts)], label_w: u32) -> String {
    let bar_w = WIDTH - label_w - 50;
    let max = rows
        .iter()
        .map(|(_, c)| c.total())
        .max()
        .unwrap_or(0)
        .max(1);
    let height = 34 + rows.len() as u32 * ROW + 6;
    let mut svg = open(title, height);
    svg.push_str("<defs>");
    for (k, (_, colour, hatched)) in SEGMENTS.iter().enumerate() {
        if *hatched {
            let _ = write!(
                svg,
                r##"<pattern id="{id}-{k}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="{colour}"/><rect width="3" height="6" fill="#ffffff" fill-opacity="0.6"/></pattern>"##
            );
        }
    }
    svg.push_str("</defs>");
    let fill = |k: usize| {
        let (_, colour, hatched) = SEGMENTS[k];
        if hatched {
            format!("url(#{id}-{k})")
        } else {
            colour.to_string()
        }
    };
    // Legend: only the verdicts that occur.
    let present: Vec<usize> = (0..SEGMENTS.len())
        .filter(|&i| rows.iter().any(|(_, c)| values(c)[i] > 0))
        .collect();
    let mut x = label_w;
    for &i in &present {
        let name = SEGMENTS[i].0;
        let _ = write!(
            svg,
            r#"<rect x="{x}" y="6" width="12" height="12" fill="{}"/>"#,
            fill(i)
        );
        label(&mut svg, x + 16, 16, name, "start");
        x += 22 + 6 * name.len() as u32;
    }
    for (i, (name, counts)) in rows.iter().enumerate() {
        let y = 30 + i as u32 * ROW;
        label(&mut svg, label_w - 8, y + 14, name, "end");
        let mut x = label_w;
        for (k, v) in values(counts).into_iter().enumerate() {
            let w = scaled(v, max, bar_w);
            if w == 0 {
                continue;
            }
            let _ = write!(
                svg,
                r#"<rect x="{x}" y="{}" width="{w}" height="{}" fill="{}"><title>{}: {v} {}</title></rect>"#,
                y + 3,
                ROW - 6,
                fill(k),
                xml(name),
                SEGMENTS[k].0
            );
            x += w;
        }
        label(
            &mut svg,
            x + 6,
            y + 14,
            &counts.total().to_string(),
            "start",
        );
    }
    svg.push_str("</svg>\n");
    svg
}

fn values(c: &Counts) -> [usize; 8] {
    [
        c.pass,
        c.attested_pass,
        c.fail,
        c.attested_fail,
        c.error,
        c.manual,
        c.not_applicable,
        c.waived,
    ]
}

/// Width of a bar segment: at least 1 unit for any non-zero value, so nothing present vanishes.
fn scaled(v: usize, max: usize, width: u32) -> u32 {
    if v == 0 {
        0
    } else {
        ((v as u64 * u64::from(width) / max as u64) as u32).max(1)
    }
}

fn open(title: &str, height: u32) -> String {
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" role="img" font-family="{FONT}" font-size="11"><title>{}</title><rect width="{WIDTH}" height="{height}" fill="#ffffff"/>"##,
        xml(title)
    )
}

fn label(svg: &mut String, x: u32, y: u32, text: &str, anchor: &str) {
    let _ = write!(
        svg,
        r##"<text x="{x}" y="{y}" text-anchor="{anchor}" fill="#222222">{}</text>"##,
        xml(text)
    );
}

/// Shortens a label to `max` characters with an ellipsis (chart labels only; tables show names
/// whole).
fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

/// Control characters (but tab and line breaks) and Unicode noncharacters: XML 1.0 and HTML
/// parsers reject them.
pub fn unrepresentable(c: char) -> bool {
    let n = c as u32;
    (n < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
        || (0x7F..0xA0).contains(&n)
        || (0xFDD0..=0xFDEF).contains(&n)
        || n & 0xFFFE == 0xFFFE
}

/// Escapes text for XML (SVG, JUnit) character data and attribute values; characters XML 1.0
/// cannot carry are removed (one would make the whole document unreadable).
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if unrepresentable(c) => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_markup_and_control_characters() {
        assert_eq!(xml("<a href='x'>&\u{1}"), "&lt;a href=&#39;x&#39;&gt;&amp;");
    }

    #[test]
    fn any_present_verdict_gets_a_visible_segment() {
        assert_eq!(scaled(1, 1_000_000, 500), 1);
        assert_eq!(scaled(0, 10, 500), 0);
        assert_eq!(scaled(10, 10, 500), 500);
    }
}
