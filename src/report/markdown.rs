//! Markdown (GitHub-flavoured, with tables). Every value reaching the template is escaped for
//! Markdown by default, so a name like `[x](y)` or `<script>` from a customer account stays text.

use std::collections::HashMap;

use anyhow::{Result, anyhow};

use super::ReportModel;

const REPORT_MD: &str = include_str!("../../report-templates/report.md.tera");

pub fn render(model: &ReportModel, out: &mut dyn std::io::Write) -> Result<()> {
    let text = render_template(
        "report.md",
        REPORT_MD,
        &tera::Context::from_serialize(model)?,
    )?;
    out.write_all(text.as_bytes())?;
    Ok(())
}

/// Renders a Markdown tera template with escaping on for every `{{ }}` and the `code` filter.
/// `name` must end in `.md` (the suffix that turns escaping on).
pub fn render_template(name: &str, template: &str, ctx: &tera::Context) -> Result<String> {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".md"]);
    tera.set_escape_fn(escape);
    tera.register_filter("code", code_filter);
    tera.register_filter("code_inline", code_inline_filter);
    // Templates may come from the partner (`--templates`): they read the findings and the
    // profile, never the environment (which holds credentials).
    tera.register_function("get_env", |_: &HashMap<String, tera::Value>| {
        Err(tera::Error::msg(
            "get_env is not available in caliper templates",
        ))
    });
    tera.add_raw_template(name, template)
        .map_err(|e| anyhow!("report-templates/{name}.tera: {}", tera_error(&e)))?;
    tera.render(name, ctx)
        .map_err(|e| anyhow!("rendering report-templates/{name}.tera: {}", tera_error(&e)))
}

/// Tera's error with its causes, on one line.
fn tera_error(e: &tera::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// Escapes text for inline Markdown (also inside a table cell): every character that could
/// start markup gets a backslash, line breaks become spaces. `_` between two letters or digits
/// cannot start emphasis, so `password_last_used` stays readable.
pub fn escape(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\n' | '\r' => out.push(' '),
            '_' => {
                let alnum = |j: Option<usize>| {
                    j.and_then(|j| chars.get(j))
                        .is_some_and(|c| c.is_alphanumeric())
                };
                if !(alnum(i.checked_sub(1)) && alnum(Some(i + 1))) {
                    out.push('\\');
                }
                out.push('_');
            }
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '&' | '$' | '!' | '@' => {
                out.push('\\');
                out.push(c);
            }
            // GitHub turns bare URLs (`http://`, `www.`) and e-mail addresses into links: a
            // backslash in each breaks the pattern without changing the text shown.
            ':' if chars.get(i + 1..i + 3) == Some(&['/', '/']) => out.push_str("\\:"),
            '.' if i >= 3
                && chars[i - 3..i]
                    .iter()
                    .collect::<String>()
                    .eq_ignore_ascii_case("www")
                && (i == 3 || !chars[i - 4].is_alphanumeric()) =>
            {
                out.push_str("\\.")
            }
            _ => out.push(c),
        }
    }
    out
}

/// A code span for a table cell: as [`code_inline`], with `|` escaped (GitHub's table parser
/// removes that backslash; outside a table it would show).
pub fn code(s: &str) -> String {
    code_inline(&s.replace('|', "\\|"))
}

/// A code span holding `s` literally: the fence is longer than any run of backticks inside.
pub fn code_inline(s: &str) -> String {
    let s = s.replace(['\n', '\r'], " ");
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') || s.is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

fn code_filter(value: &tera::Value, _: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    Ok(tera::Value::String(code(&as_text(value))))
}

fn code_inline_filter(
    value: &tera::Value,
    _: &HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    Ok(tera::Value::String(code_inline(&as_text(value))))
}

fn as_text(value: &tera::Value) -> String {
    match value {
        tera::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_keeps_identifiers_readable_and_neutralises_markup() {
        assert_eq!(escape("password_last_used"), "password_last_used");
        assert_eq!(escape("_x_"), "\\_x\\_");
        assert_eq!(escape("[x](y) <b> a|b"), "\\[x\\](y) \\<b\\> a\\|b");
        assert_eq!(escape("line\nbreak"), "line break");
    }

    #[test]
    fn bare_urls_in_names_do_not_become_links() {
        let mut options = comrak::Options::default();
        options.extension.autolink = true;
        for text in [
            "see http://evil.example/x",
            "www.evil.example",
            "mailto:a@b.example",
        ] {
            let html = comrak::markdown_to_html(&escape(text), &options);
            assert!(!html.contains("<a "), "{text}: {html}");
        }
    }

    #[test]
    fn code_spans_survive_backticks_and_pipes() {
        assert_eq!(code("arn:aws:s3:::b"), "`arn:aws:s3:::b`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(code("a|b"), "`a\\|b`");
        assert_eq!(code_inline("a|b"), "`a|b`");
    }
}
