//! The reports an auditor reads: Markdown, self-contained HTML and PDF from one report model,
//! checked the way an auditor's tools see them (poppler for the PDF, an HTML tokenizer, a
//! CommonMark parser), and safe against hostile names from customer accounts.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::*;

/// Runs a poppler tool; they are part of the test setup (`scripts/test` installs them), so a
/// missing one fails the test rather than skipping it.
fn poppler(tool: &str, args: &[&std::ffi::OsStr]) -> std::process::Output {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!(
            "{tool} is needed by this test (Debian: poppler-utils; scripts/test installs it): {e}"
        )
    });
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The text of a PDF as `pdftotext` extracts it, with the line breaks a resource id may take
/// (only after `/` or `:`) joined again.
fn pdf_text(pdf: &Path) -> String {
    let out = poppler(
        "pdftotext",
        &["-raw".as_ref(), pdf.as_os_str(), "-".as_ref()],
    );
    let text = String::from_utf8(out.stdout).unwrap();
    text.replace("/\n", "/").replace(":\n", ":")
}

fn findings_of(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("findings.json")).unwrap()).unwrap()
}

#[test]
fn scan_writes_the_requested_report_formats_with_ordinary_file_permissions() {
    let dir = scan_example_with("md,html,pdf");
    for name in ["report.md", "report.html", "report.pdf", "findings.json"] {
        assert!(dir.path().join(name).exists(), "{name} missing");
    }
    assert!(!dir.path().join("report.json").exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // A file created the ordinary way gets 0666 less this process's umask.
        let probe = dir.path().join("probe");
        std::fs::write(&probe, "").unwrap();
        let expected = std::fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
        for name in ["report.md", "report.pdf", "findings.json"] {
            let mode = std::fs::metadata(dir.path().join(name))
                .unwrap()
                .permissions()
                .mode()
                & 0o777;
            assert_eq!(mode, expected, "{name}: {mode:o}");
        }
    }
}

#[test]
fn default_scan_formats_are_markdown_and_html() {
    let dir = tempfile::tempdir().unwrap();
    let out = scan_example(dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(dir.path().join("report.md").exists());
    assert!(dir.path().join("report.html").exists());
    assert!(!dir.path().join("report.pdf").exists());
}

#[test]
fn unknown_report_format_is_bad_usage_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = caliper()
        .args(["scan", "--snapshot"])
        .arg(example())
        .args(["--format", "md,docx", "--out"])
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("docx"), "{}", stderr_of(&out));
    assert!(!dir.path().join("out").exists());
}

#[test]
fn pdf_text_holds_the_resource_id_of_every_failing_and_error_finding() {
    let dir = scan_example_with("pdf");
    let text = pdf_text(&dir.path().join("report.pdf"));
    let findings = findings_of(dir.path());
    let mut checked = 0;
    for f in findings["findings"].as_array().unwrap() {
        // Manual parts are shown by their part id, not a resource.
        if f["resource_type"] == "Caliper::Attestation" {
            continue;
        }
        if f["status"] == "fail" || f["status"] == "error" {
            let resource = f["resource"].as_str().unwrap();
            assert!(
                text.contains(resource),
                "{resource} ({}) is not whole in the PDF text",
                f["check"]
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 35,
        "the example has over 30 failures and some errors, got {checked}"
    );
    for heading in ["Contents", "Summary", "Scope and limits", "Page 1 of"] {
        assert!(text.contains(heading), "{heading}");
    }
}

#[test]
fn pdf_renders_every_page_and_is_the_same_bytes_from_the_same_findings() {
    let dir = scan_example_with("pdf");
    let pdf = dir.path().join("report.pdf");
    let info = String::from_utf8(poppler("pdfinfo", &[pdf.as_os_str()]).stdout).unwrap();
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(pages > 10, "{pages} pages");
    let png = dir.path().join("page");
    let out = poppler(
        "pdftoppm",
        &[
            "-r".as_ref(),
            "30".as_ref(),
            "-png".as_ref(),
            pdf.as_os_str(),
            png.as_os_str(),
        ],
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rendered = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".png")
        })
        .count();
    assert_eq!(rendered, pages);

    // Rendering the same findings again, later, gives the same bytes.
    let again = dir.path().join("again.pdf");
    let out = caliper()
        .args(["report", "--format", "pdf", "--findings"])
        .arg(dir.path().join("findings.json"))
        .arg("--out")
        .arg(&again)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(std::fs::read(&pdf).unwrap() == std::fs::read(&again).unwrap());
}

/// What an HTML tokenizer sees: start tags with their attributes, and the decoded text.
struct Html {
    tags: Vec<(String, Vec<(String, String)>)>,
    text: String,
    errors: Vec<String>,
}

fn tokenize(html: &str) -> Html {
    use html5gum::{Token, Tokenizer};
    let mut out = Html {
        tags: Vec::new(),
        text: String::new(),
        errors: Vec::new(),
    };
    let mut open: Vec<String> = Vec::new();
    let void = ["meta", "br", "wbr", "hr", "img", "input", "link"];
    for token in Tokenizer::new(html) {
        match token.unwrap() {
            Token::StartTag(t) => {
                let name = String::from_utf8_lossy(&t.name).into_owned();
                if !t.self_closing && !void.contains(&name.as_str()) {
                    open.push(name.clone());
                }
                let attrs = t
                    .attributes
                    .iter()
                    .map(|(k, v)| {
                        (
                            String::from_utf8_lossy(k).into_owned(),
                            String::from_utf8_lossy(v).into_owned(),
                        )
                    })
                    .collect();
                out.tags.push((name, attrs));
            }
            Token::EndTag(t) => {
                let name = String::from_utf8_lossy(&t.name).into_owned();
                match open.pop() {
                    Some(o) if o == name => {}
                    other => out.errors.push(format!("</{name}> closes {other:?}")),
                }
            }
            Token::String(s) => out.text.push_str(&String::from_utf8_lossy(&s)),
            Token::Error(e) => out.errors.push(format!("{e:?}")),
            Token::Comment(_) | Token::Doctype(_) => {}
        }
    }
    if !open.is_empty() {
        out.errors.push(format!("unclosed: {open:?}"));
    }
    out
}

fn assert_self_contained(html: &Html) {
    for (tag, attrs) in &html.tags {
        assert!(
            ![
                "script", "link", "img", "iframe", "object", "embed", "base", "form"
            ]
            .contains(&tag.as_str()),
            "<{tag}> in a self-contained report"
        );
        for (name, value) in attrs {
            assert!(!name.starts_with("on"), "<{tag} {name}>: event handler");
            if name == "href" {
                assert!(
                    value.starts_with('#'),
                    "<{tag} href={value:?}> leaves the file"
                );
            }
            assert!(name != "src", "<{tag} src={value:?}>");
            // `url(#pattern)` points inside the same SVG; any other url() loads something.
            assert!(
                value.replace("url(#", "").find("url(").is_none(),
                "<{tag} {name}={value:?}>"
            );
        }
    }
}

#[test]
fn html_report_is_well_formed_self_contained_and_holds_the_charts() {
    let dir = scan_example_with("html");
    let text = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    let html = tokenize(&text);
    assert!(html.errors.is_empty(), "{:?}", html.errors);
    assert_self_contained(&html);
    let csp = html
        .tags
        .iter()
        .find(|(t, a)| {
            t == "meta"
                && a.iter()
                    .any(|(k, v)| k == "http-equiv" && v == "Content-Security-Policy")
        })
        .expect("a Content-Security-Policy meta tag");
    let policy = &csp.1.iter().find(|(k, _)| k == "content").unwrap().1;
    assert!(policy.starts_with("default-src 'none'"), "{policy}");
    assert!(
        text.replace("url(#", "").find("url(").is_none(),
        "no CSS url() either"
    );
    let svgs = html.tags.iter().filter(|(t, _)| t == "svg").count();
    assert_eq!(
        svgs, 6,
        "controls, accounts and severity charts, and the three accounts' diagrams"
    );
    assert!(
        html.tags.iter().any(|(t, _)| t == "details"),
        "collapsible control sections"
    );
    assert!(html.tags.iter().any(|(t, a)| t == "meta" && a.iter().any(|(_, v)| v.starts_with("width=device-width"))));
    for f in findings_of(dir.path())["findings"].as_array().unwrap() {
        if f["status"] == "fail" && f["resource_type"] != "Caliper::Attestation" {
            assert!(html.text.contains(f["resource"].as_str().unwrap()));
        }
    }
}

#[test]
fn example_html_report_is_stable() {
    let dir = scan_example_with("html");
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    let rules = findings_of(dir.path())["scan"]["rules_sha256"]
        .as_str()
        .unwrap()
        .to_string();
    // As in the golden findings: the rules hash moves with every edit to a check.
    insta::assert_snapshot!(
        "example_org_report_html",
        html.replace(&rules, "[rules sha256]")
    );
}

/// Strings a customer account (or a hand-made snapshot) may hold, each of which would become
/// markup somewhere if it were not escaped.
const HOSTILE: [&str; 8] = [
    "<script>alert(1)</script>",
    "a|b",
    "[x](https://evil.example/y)",
    "#set text(red)",
    "$x^2$",
    "`tick` *star* _under_ &amp;",
    "see http://evil.example/z or www.evil.example",
    "mail x@evil.example",
];

/// The example's findings with hostile strings in a failing finding's resource and message, in an
/// account name, and in a manual part.
fn hostile_findings(dir: &Path) -> PathBuf {
    let scan = scan_example_with("md");
    let mut findings = findings_of(scan.path());
    let all = HOSTILE.join(" ");
    let f = findings["findings"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|f| f["check"] == "iam.user-console-mfa" && f["status"] == "fail")
        .unwrap();
    f["resource"] = format!("arn:aws:iam::333333333333:user/{}", HOSTILE[0]).into();
    f["message"] = format!("IAM user {all} has no MFA").into();
    findings["scan"]["account_names"]["333333333333"] = HOSTILE[2].into();
    // A character XML 1.0 forbids (the charts are SVG) must not stop the PDF.
    findings["scan"]["account_names"]["444444444444"] = "dev\u{FFFE}".into();
    let m = findings["findings"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|f| f["status"] == "manual")
        .unwrap();
    m["message"] = all.clone().into();
    m["evidence"]["values"]["requirement"] = all.into();
    write(dir, "hostile.json", &findings.to_string())
}

fn report(findings: &Path, format: &str, out: &Path) {
    let o = caliper()
        .args(["report", "--format", format, "--findings"])
        .arg(findings)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
}

#[test]
fn hostile_names_are_shown_literally_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let findings = hostile_findings(dir.path());

    // Markdown: no link, no raw HTML, and the text as a reader sees it holds each string.
    let md_path = dir.path().join("r.md");
    report(&findings, "md", &md_path);
    let md = std::fs::read_to_string(&md_path).unwrap();
    let arena = comrak::Arena::new();
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    // As GitHub renders it: bare URLs and addresses would become links.
    options.extension.autolink = true;
    let root = comrak::parse_document(&arena, &md, &options);
    let mut shown = String::new();
    for node in root.descendants() {
        use comrak::nodes::NodeValue;
        match &node.data.borrow().value {
            // The summary's links to its own sections are the report's; any other is injected.
            NodeValue::Link(l) if !l.url.starts_with('#') => {
                panic!("a link to {} appeared", l.url)
            }
            NodeValue::HtmlInline(h) => panic!("raw HTML appeared: {h}"),
            NodeValue::HtmlBlock(h) => panic!("raw HTML appeared: {}", h.literal),
            NodeValue::Emph | NodeValue::Strikethrough => {
                panic!("emphasis appeared: {:?}", node.data.borrow().value)
            }
            NodeValue::Text(t) => shown.push_str(t),
            NodeValue::Code(c) => shown.push_str(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => shown.push(' '),
            _ => {}
        }
    }
    // Summary links (`[DOC-001](#doc-001)`) are the report's own; hostile ones would point away.
    for s in HOSTILE {
        assert!(shown.contains(s), "Markdown does not show {s:?} literally");
    }

    // HTML: no script element, nothing leaves the file, the text holds each string.
    let html_path = dir.path().join("r.html");
    report(&findings, "html", &html_path);
    let html = tokenize(&std::fs::read_to_string(&html_path).unwrap());
    assert!(html.errors.is_empty(), "{:?}", html.errors);
    assert_self_contained(&html);
    for s in HOSTILE {
        assert!(html.text.contains(s), "HTML does not show {s:?} literally");
    }

    // PDF: typst never evaluates the strings, so the text layer holds each one.
    let pdf_path = dir.path().join("r.pdf");
    report(&findings, "pdf", &pdf_path);
    let text = pdf_text(&pdf_path).replace('\n', " ");
    for s in HOSTILE {
        assert!(text.contains(s), "PDF does not show {s:?} literally");
    }
}

#[test]
fn long_resource_ids_break_only_after_slash_or_colon_in_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let scan = scan_example_with("md");
    let mut findings = findings_of(scan.path());
    // Longer than a line of the widest column, with hyphens where a line breaker would like to
    // break; the only breaks allowed are after `/` and `:`.
    let long = "arn:aws:iam::333333333333:role/platform-engineering-break-glass-administrators/\
                cross-account-deployment-pipeline-role-for-production-workloads/\
                another-long-hyphenated-path-segment-to-force-wrapping";
    let f = findings["findings"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|f| f["status"] == "fail" && f["resource_type"] != "Caliper::Attestation")
        .unwrap();
    f["resource"] = long.into();
    let e = findings["findings"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|f| f["status"] == "error")
        .unwrap();
    e["resource"] = long.into();
    let path = write(dir.path(), "long.json", &findings.to_string());
    let pdf = dir.path().join("r.pdf");
    report(&path, "pdf", &pdf);
    let raw =
        String::from_utf8(poppler("pdftotext", &[pdf.as_os_str(), "-".as_ref()]).stdout).unwrap();
    assert!(
        raw.lines()
            .any(|l| l.ends_with("role/") || l.ends_with("administrators/")),
        "the id is long enough to wrap"
    );
    assert_eq!(pdf_text(&pdf).matches(long).count(), 2, "{raw}");
}

#[test]
fn report_json_is_the_report_model() {
    let dir = scan_example_with("json");
    let model: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("report.json")).unwrap())
            .unwrap();
    assert_eq!(model["schema"], "caliper.report/v1");
    assert_eq!(model["controls"].as_array().unwrap().len(), 11);
    assert_eq!(model["date"], "2026-11-20");
    let findings = findings_of(dir.path());
    let fails = findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "fail" && f["attestation"].is_null())
        .count();
    assert_eq!(model["totals"]["fail"], fails);
    assert!(model["facts"]["rules_sha256"].as_str().unwrap().len() == 64);
}

#[test]
fn findings_that_are_not_findings_are_bad_input_for_report() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(
        dir.path(),
        "f.json",
        "{\"schema\": \"caliper.findings/v1\",\n \"tool\": 3}",
    );
    let out = caliper()
        .args(["report", "--format", "pdf", "--findings"])
        .arg(&bad)
        .arg("--out")
        .arg(dir.path().join("r.pdf"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("f.json:2:"), "{}", stderr_of(&out));
    assert!(!dir.path().join("r.pdf").exists());
}
