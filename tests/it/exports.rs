//! The formats other tools read, checked with those tools' own validators and parsers: SARIF
//! against the official 2.1.0 schema, JUnit with junitparser, CSV with Python's csv module.

use std::path::Path;

use super::*;

/// The example scanned with every export format.
fn exports() -> tempfile::TempDir {
    scan_example_with("sarif,junit,csv,ocsf")
}

/// Runs Python from the test venv (scripts/test installs jsonschema and junitparser into it).
fn python(script: &str, args: &[&Path]) -> String {
    let py = moto::venv().join("bin/python");
    assert!(py.exists(), "{} missing: run scripts/test", py.display());
    let out = std::process::Command::new(py)
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn failing_checks(dir: &Path) -> Vec<serde_json::Value> {
    json(&dir.join("findings.json"))["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "fail" && f["resource_type"] != "Caliper::Attestation")
        .cloned()
        .collect()
}

#[test]
fn sarif_validates_against_the_official_schema_with_a_result_per_failure() {
    let dir = exports();
    let sarif = dir.path().join("report.sarif");
    let said = python(
        "import json, sys, jsonschema\n\
         schema = json.load(open(sys.argv[1]))\n\
         jsonschema.Draft4Validator.check_schema(schema)\n\
         errors = list(jsonschema.Draft4Validator(schema).iter_errors(json.load(open(sys.argv[2]))))\n\
         for e in errors: print(e.json_path, e.message)\n\
         sys.exit(1 if errors else 0)",
        &[
            &root().join("tests/fixtures/sarif-2.1.0-rtm.5.json"),
            &sarif,
        ],
    );
    assert!(said.is_empty(), "{said}");
    let doc = json(&sarif);
    let results = doc["runs"][0]["results"].as_array().unwrap();
    let failing = failing_checks(dir.path());
    assert_eq!(results.len(), failing.len());
    let mut fingerprints = std::collections::BTreeSet::new();
    for r in results {
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(uri.starts_with("aws/") && !uri.contains(':'), "{uri}");
        assert_eq!(
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            1
        );
        assert!(
            r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
                .as_str()
                .unwrap()
                .contains(':')
        );
        fingerprints.insert(r["partialFingerprints"]["caliperFindingId/v1"].to_string());
    }
    assert_eq!(
        fingerprints.len(),
        results.len(),
        "fingerprints never collide"
    );
    let rules = doc["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(
        rules
            .iter()
            .all(|r| r["properties"]["security-severity"].is_string()
                && r["help"]["text"].as_str().is_some_and(|t| !t.is_empty()))
    );
}

#[test]
fn junit_parses_with_junitparser_with_a_suite_per_control() {
    let dir = exports();
    let said = python(
        "import sys\n\
         from junitparser import JUnitXml, Failure, Skipped\n\
         xml = JUnitXml.fromfile(sys.argv[1])\n\
         suites = list(xml)\n\
         cases = [c for s in suites for c in s]\n\
         failed = sum(1 for c in cases if any(isinstance(r, Failure) for r in c.result))\n\
         skipped = sum(1 for c in cases if any(isinstance(r, Skipped) for r in c.result))\n\
         print(len(suites), len(cases), failed, skipped)",
        &[&dir.path().join("report.junit.xml")],
    );
    let findings = json(&dir.path().join("findings.json"));
    let all = findings["findings"].as_array().unwrap();
    let cases: usize = all
        .iter()
        .map(|f| f["controls"].as_array().unwrap().len())
        .sum();
    // One test case per finding and control it is mapped to.
    let per_control = |keep: &dyn Fn(&str) -> bool| -> usize {
        all.iter()
            .filter(|f| keep(f["status"].as_str().unwrap()))
            .map(|f| f["controls"].as_array().unwrap().len())
            .sum()
    };
    let failed = per_control(&|s| s == "fail" || s == "error");
    let skipped = per_control(&|s| ["manual", "not_applicable", "waived"].contains(&s));
    assert_eq!(said.trim(), format!("11 {cases} {failed} {skipped}"));
}

#[test]
fn every_ocsf_event_carries_the_compliance_finding_fields() {
    let dir = exports();
    let events = json(&dir.path().join("report.ocsf.json"));
    let events = events.as_array().unwrap();
    let findings = json(&dir.path().join("findings.json"));
    // One event per finding and control (requirement) it is mapped to, as Prowler writes them.
    let expected: usize = findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["controls"].as_array().unwrap().len())
        .sum();
    assert_eq!(events.len(), expected);
    for e in events {
        assert_eq!(e["class_uid"], 2003);
        assert_eq!(e["category_uid"], 2);
        assert_eq!(e["type_uid"], 200301);
        assert_eq!(e["activity_id"], 1);
        assert_eq!(e["time"], 1_795_167_000_000i64, "the snapshot's time");
        assert!(
            e["severity_id"]
                .as_u64()
                .is_some_and(|s| (1..=5).contains(&s))
        );
        assert!(e["status_id"].is_u64());
        assert_eq!(e["metadata"]["product"]["name"], "caliper");
        assert!(e["metadata"]["version"].is_string());
        assert!(e["finding_info"]["uid"].is_string() && e["finding_info"]["title"].is_string());
        for field in ["standards", "requirements", "control", "status"] {
            assert!(!e["compliance"][field].is_null(), "compliance.{field}: {e}");
        }
        assert!(e["resources"][0]["uid"].is_string());
    }
}

#[test]
fn csv_cells_that_look_like_formulas_are_neutralised() {
    let dir = tempfile::tempdir().unwrap();
    let scan = exports();
    let mut findings = json(&scan.path().join("findings.json"));
    let hostile = [
        "=HYPERLINK(\"https://evil.example\",\"click\")",
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A9)",
        "\tleading tab",
        "line one\nline \"two\", with comma",
    ];
    for (f, h) in findings["findings"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .zip(hostile)
    {
        f["resource"] = h.into();
        f["message"] = h.into();
    }
    let path = write(dir.path(), "h.json", &findings.to_string());
    let csv = dir.path().join("h.csv");
    let out = caliper()
        .args(["report", "--format", "csv", "--findings"])
        .arg(&path)
        .arg("--out")
        .arg(&csv)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let said = python(
        "import csv, json, sys\n\
         rows = list(csv.DictReader(open(sys.argv[1], newline='')))\n\
         print(json.dumps([[r['resource'], r['message']] for r in rows[:6]]))",
        &[&csv],
    );
    let cells: Vec<(String, String)> = serde_json::from_str(said.trim()).unwrap();
    for ((resource, message), h) in cells.iter().zip(hostile) {
        let expected = if h.starts_with(['=', '+', '-', '@', '\t']) {
            format!("'{h}")
        } else {
            h.to_string()
        };
        assert_eq!(resource, &expected);
        assert_eq!(message, &expected);
    }
}
