//! Golden files for the built-in example: the findings and the Markdown report.

use super::*;

fn example_outputs() -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = scan_example(dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let read = |n: &str| std::fs::read_to_string(dir.path().join(n)).unwrap();
    (read("findings.json"), read("report.md"))
}

#[test]
fn example_org_findings_and_report_are_stable() {
    let (findings, report) = example_outputs();
    let mut findings: serde_json::Value = serde_json::from_str(&findings).unwrap();
    // The rules hash changes with every edit to a check; the docs test and the report tests
    // cover it, so the golden files need not change with it.
    let rules = findings["scan"]["rules_sha256"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(rules.len(), 64);
    findings["scan"]["rules_sha256"] = "[rules sha256]".into();
    insta::assert_json_snapshot!("example_org_findings", findings);
    insta::assert_snapshot!(
        "example_org_report",
        report.replace(&rules, "[rules sha256]")
    );
}

#[test]
fn example_report_is_well_formed_markdown_with_one_summary_row_per_control() {
    use comrak::nodes::NodeValue;
    let (_, report) = example_outputs();
    let arena = comrak::Arena::new();
    let mut options = comrak::Options::default();
    options.extension.table = true;
    let root = comrak::parse_document(&arena, &report, &options);
    let first_table = root
        .descendants()
        .filter(|n| matches!(n.data.borrow().value, NodeValue::Table(_)))
        .nth(1)
        .expect("summary table");
    let rows = first_table.children().count();
    assert_eq!(rows, 1 + 11, "header + eleven controls");
}
