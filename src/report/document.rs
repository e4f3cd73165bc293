//! Documents whose content is Markdown (the SOPs) rendered as self-contained HTML and as PDF.
//! The Markdown is parsed once (CommonMark with tables); HTML comes from comrak with raw HTML
//! disabled, the PDF from the same syntax tree handed to a typst template as JSON, so no text of
//! the document is ever parsed as typst markup.

use anyhow::{Result, anyhow};
use comrak::nodes::{AstNode, ListType, NodeValue};
use serde_json::{Value, json};

use super::html;
use crate::model::findings::Scan;

const DOCUMENT_HTML: &str = include_str!("../../report-templates/document.html.tera");
#[cfg(feature = "pdf")]
const DOCUMENT_TYP: &str = include_str!("../../report-templates/document.typ");

fn options() -> comrak::Options<'static> {
    let mut options = comrak::Options::default();
    options.extension.table = true;
    // Raw HTML in the Markdown is shown as omitted, never passed through.
    options.render.r#unsafe = false;
    options
}

/// One self-contained HTML page holding the Markdown `body`, then `figures` (SVG drawn and
/// escaped by caliper: the architecture diagrams).
pub fn html(title: &str, body: &str, figures: &[super::Diagram]) -> Result<Vec<u8>> {
    let content = comrak::markdown_to_html(body, &options());
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.set_escape_fn(html::escape);
    tera.add_raw_template("document.html", DOCUMENT_HTML)
        .map_err(|e| anyhow!("report-templates/document.html.tera: {e:?}"))?;
    let mut ctx = tera::Context::new();
    ctx.insert("title", title);
    ctx.insert("css", html::STYLE);
    ctx.insert("content", &content);
    ctx.insert("figures", figures);
    let text = tera
        .render("document.html", &ctx)
        .map_err(|e| anyhow!("rendering report-templates/document.html.tera: {e:?}"))?;
    Ok(text.into_bytes())
}

/// The Markdown as a PDF, its date and identity taken from the scan, then `figures` each on an
/// A4 landscape page.
#[cfg(feature = "pdf")]
pub fn pdf(title: &str, body: &str, scan: &Scan, figures: &[super::Diagram]) -> Result<Vec<u8>> {
    let arena = comrak::Arena::new();
    let root = comrak::parse_document(&arena, body, &options());
    let meta = json!({
        "title": title,
        "partner": scan.partner,
        "customer": scan.customer,
        "date": scan.snapshot_collected_at.chars().take(10).collect::<String>(),
    });
    let mut files = vec![
        ("document.json".into(), serde_json::to_vec(&tree(root))?),
        ("meta.json".into(), serde_json::to_vec(&meta)?),
        (
            "figures.json".into(),
            serde_json::to_vec(
                &figures
                    .iter()
                    .map(|d| json!({"name": d.name, "caption": d.caption}))
                    .collect::<Vec<_>>(),
            )?,
        ),
    ];
    files.extend(
        figures
            .iter()
            .map(|d| (format!("diagrams/{}", d.name), d.svg.clone().into_bytes())),
    );
    super::pdf::typeset(
        DOCUMENT_TYP,
        files,
        &scan.snapshot_collected_at,
        &format!("{title}-{}", scan.snapshot_sha256),
    )
}

#[cfg(not(feature = "pdf"))]
pub fn pdf(_: &str, _: &str, _: &Scan, _: &[super::Diagram]) -> Result<Vec<u8>> {
    Err(anyhow!(
        "this caliper was built without PDF support (cargo feature `pdf`)"
    ))
}

/// The syntax tree as plain JSON: `{"t": kind, "v": text}` for leaves, `"c": [children]` for
/// containers. Kinds the template does not know keep their children (`seq`).
pub fn tree<'a>(node: &'a AstNode<'a>) -> Value {
    let children = || Value::Array(node.children().map(tree).collect());
    match &node.data.borrow().value {
        NodeValue::Document => json!({"t": "seq", "c": children()}),
        NodeValue::Text(t) => json!({"t": "text", "v": t.as_ref()}),
        NodeValue::Code(c) => json!({"t": "code", "v": c.literal}),
        NodeValue::SoftBreak => json!({"t": "text", "v": " "}),
        NodeValue::LineBreak => json!({"t": "br"}),
        NodeValue::Paragraph => json!({"t": "par", "c": children()}),
        NodeValue::Heading(h) => json!({"t": "heading", "level": h.level, "c": children()}),
        NodeValue::Strong => json!({"t": "strong", "c": children()}),
        NodeValue::Emph => json!({"t": "emph", "c": children()}),
        NodeValue::List(l) => json!({
            "t": "list",
            "ordered": l.list_type == ListType::Ordered,
            "start": l.start,
            "c": children(),
        }),
        NodeValue::Item(_) => json!({"t": "item", "c": children()}),
        NodeValue::BlockQuote => json!({"t": "quote", "c": children()}),
        NodeValue::Table(t) => json!({"t": "table", "cols": t.num_columns, "c": children()}),
        NodeValue::TableRow(header) => json!({"t": "row", "header": header, "c": children()}),
        NodeValue::TableCell => json!({"t": "cell", "c": children()}),
        NodeValue::Link(l) => json!({"t": "link", "url": l.url, "c": children()}),
        NodeValue::CodeBlock(c) => json!({"t": "codeblock", "v": c.literal}),
        NodeValue::ThematicBreak => json!({"t": "hr"}),
        // Shown as the text it is, as comrak's HTML does with raw HTML off.
        NodeValue::HtmlInline(h) => json!({"t": "text", "v": h}),
        NodeValue::HtmlBlock(h) => json!({"t": "par", "c": [{"t": "text", "v": h.literal}]}),
        _ => json!({"t": "seq", "c": children()}),
    }
}
