//! Golden files for the built-in example: the findings and the Markdown report.

use super::*;

fn scan_example() -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    caliper()
        .args(["scan", "--snapshot"])
        .arg(example())
        .arg("--config")
        .arg(example_config())
        .arg("--out")
        .arg(dir.path())
        .assert()
        .code(1);
    let read = |n: &str| std::fs::read_to_string(dir.path().join(n)).unwrap();
    (read("findings.json"), read("report.md"))
}

#[test]
fn example_org_findings_and_report_are_stable() {
    let (findings, report) = scan_example();
    let findings: serde_json::Value = serde_json::from_str(&findings).unwrap();
    insta::assert_json_snapshot!("example_org_findings", findings);
    insta::assert_snapshot!("example_org_report", report);
}

#[test]
fn example_report_is_well_formed_markdown_with_one_summary_row_per_control() {
    use comrak::nodes::NodeValue;
    let (_, report) = scan_example();
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
