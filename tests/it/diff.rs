//! Diff between scans and gating on new failures only.

use std::path::Path;

use super::*;

/// `caliper diff OLD NEW` with more arguments.
fn diff(old: &Path, new: &Path, args: &[&str]) -> std::process::Output {
    caliper()
        .arg("diff")
        .arg(old)
        .arg(new)
        .args(args)
        .output()
        .unwrap()
}

/// The example scanned into `dir`; the path of its findings.
fn example_findings(dir: &Path) -> std::path::PathBuf {
    assert_eq!(scan_example(dir).status.code(), Some(1));
    dir.join("findings.json")
}

fn findings_of(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn a_scan_against_its_own_baseline_never_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first");
    assert_eq!(scan_example(&first).status.code(), Some(1));
    let out = caliper()
        .args(["scan", "--snapshot"])
        .arg(example())
        .arg("--config")
        .arg(example_config())
        .arg("--baseline")
        .arg(first.join("findings.json"))
        .arg("--out")
        .arg(dir.path().join("second"))
        .output()
        .unwrap();
    // The example's unreadable sections still make it incomplete (3); its known failures no
    // longer gate.
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
}

#[test]
fn diff_of_a_file_with_itself_is_all_unchanged_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(scan_example(dir.path()).status.code(), Some(1));
    let f = dir.path().join("findings.json");
    let out = diff(&f, &f, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let total = findings_of(&f)["findings"].as_array().unwrap().len();
    assert!(total > 150, "the example has {total} findings");
    assert_eq!(d["unchanged"], total);
    assert_eq!(d["new"].as_array().unwrap().len(), 0);
}

#[test]
fn diff_lists_new_fixed_and_changed_and_gates_on_new_failures_only() {
    let dir = tempfile::tempdir().unwrap();
    let old_path = example_findings(dir.path());
    let mut new = findings_of(&old_path);
    let list = new["findings"].as_array_mut().unwrap();
    // A high failure is fixed, a passing check starts failing (high), a message changes.
    let fixed = list
        .iter()
        .position(|f| f["status"] == "fail" && f["severity"] == "high")
        .unwrap();
    list[fixed]["status"] = "pass".into();
    let regressed = list
        .iter()
        .position(|f| f["status"] == "pass" && f["severity"] == "high")
        .unwrap();
    list[regressed]["status"] = "fail".into();
    let reworded = list.iter().position(|f| f["status"] == "manual").unwrap();
    list[reworded]["message"] = "reworded".into();
    let (fixed_id, regressed_id) = (list[fixed]["id"].clone(), list[regressed]["id"].clone());
    let new_path = write(dir.path(), "new.json", &new.to_string());

    let out = diff(&old_path, &new_path, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "a new high failure gates");
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(d["new"].as_array().unwrap().len(), 1);
    assert_eq!(d["new"][0]["id"], regressed_id);
    assert_eq!(d["fixed"][0]["old"]["id"], fixed_id);
    assert_eq!(d["changed"].as_array().unwrap().len(), 1);
    assert_eq!(d["changed"][0]["new_message"], "reworded");
    // Every finding but the three changed ones.
    let total = findings_of(&old_path)["findings"].as_array().unwrap().len();
    assert_eq!(d["unchanged"], total - 3);

    // Gating only above the regression's severity: exit 0, the diff unchanged.
    let out = diff(&old_path, &new_path, &["--fail-on", "critical"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("## New failures"));
}

#[test]
fn an_error_that_becomes_a_fail_is_new_and_a_waived_failure_is_not_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let old_path = example_findings(dir.path());
    let mut new = findings_of(&old_path);
    let list = new["findings"].as_array_mut().unwrap();
    let errored = list
        .iter()
        .position(|f| f["status"] == "error" && f["severity"] == "high")
        .unwrap();
    list[errored]["status"] = "fail".into();
    let waived = list.iter().position(|f| f["status"] == "fail").unwrap();
    list[waived]["status"] = "waived".into();
    let new_path = write(dir.path(), "new.json", &new.to_string());
    let out = diff(&old_path, &new_path, &["--format", "json"]);
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(d["new"].as_array().unwrap().len(), 1, "{d}");
    assert_eq!(d["fixed"].as_array().unwrap().len(), 0, "{d}");
    assert_eq!(
        out.status.code(),
        Some(1),
        "the new failure gates, and is listed"
    );
}
