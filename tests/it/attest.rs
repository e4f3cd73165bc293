//! Attestations: a person's statement about a manual part turns it into an attested pass or fail,
//! counted apart from results checked against AWS; expired, malformed or tampered attestations
//! never count.

use std::path::Path;

use super::*;

/// `caliper evaluate` of the one-account clean snapshot with an attestations directory.
fn evaluate_with(dir: &Path, attestations: &Path) -> (std::process::Output, serde_json::Value) {
    evaluate_json(
        dir,
        &clean_snapshot(),
        &["--attestations".as_ref(), attestations.as_os_str()],
    )
}

fn part<'a>(findings: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == id)
        .unwrap_or_else(|| panic!("no finding for {id}"))
}

/// An attestation file for ACCT-001.M1 (the clean snapshot is collected 2026-11-20).
fn attestation(status: &str, expires: &str, extra: &str) -> String {
    format!(
        "control = \"ACCT-001\"\npart = \"ACCT-001.M1\"\nstatus = \"{status}\"\n\
         justification = \"SOP v3 reviewed\"\nowner = \"Priya Raman\"\ndate = 2026-10-01\n\
         expires = {expires}\n{extra}"
    )
}

#[test]
fn example_attestations_make_attested_results_counted_apart() {
    let dir = tempfile::tempdir().unwrap();
    let out = scan_example(dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let findings: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("findings.json")).unwrap())
            .unwrap();
    let m1 = part(&findings, "ACCT-001.M1");
    assert_eq!(m1["status"], "pass");
    assert_eq!(
        m1["attestation"]["owner"],
        "Priya Raman <priya.raman@examplecloud.example>"
    );
    assert_eq!(part(&findings, "COST-001.M2")["status"], "fail");
    // Expired on 2026-09-01, before the snapshot of 2026-11-20: no longer counts, and said so.
    let expired = part(&findings, "REL-002.M3");
    assert_eq!(expired["status"], "manual");
    assert!(
        expired["message"]
            .as_str()
            .unwrap()
            .contains("expired on 2026-09-01")
    );
    assert!(
        stderr_of(&out).contains("REL-002.M3 expired on 2026-09-01"),
        "{}",
        stderr_of(&out)
    );
    // Counted apart: the attested results are not in the checked-against-AWS counts.
    assert_eq!(
        findings["summary"]["attested"],
        serde_json::json!({"fail": 1, "pass": 2})
    );
    assert_eq!(findings["summary"]["statuses"]["manual"], 29);
    let acct1 = &findings["summary"]["controls"][1];
    assert_eq!(acct1["attested"], serde_json::json!({"pass": 1}));
    assert_eq!(acct1["counts"]["manual"], 2);
    let report = std::fs::read_to_string(dir.path().join("report.md")).unwrap();
    assert!(report.contains("| Attested, not checked against AWS | 2 pass · 1 fail |"));
    assert!(report.contains("attested pass by Priya Raman"));
}

#[test]
fn an_attestation_counts_until_its_last_day_judged_at_the_snapshot_time() {
    for (expires, status) in [("2026-11-20", "pass"), ("2026-11-19", "manual")] {
        let dir = tempfile::tempdir().unwrap();
        let att = dir.path().join("att");
        std::fs::create_dir(&att).unwrap();
        write(&att, "a.toml", &attestation("pass", expires, ""));
        let (out, findings) = evaluate_with(dir.path(), &att);
        assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
        let m1 = part(&findings, "ACCT-001.M1");
        assert_eq!(m1["status"], status, "expires {expires}");
        assert_eq!(m1["attestation"]["file"], "a.toml");
    }
}

#[test]
fn an_attested_fail_is_a_fail_marked_as_attested() {
    let dir = tempfile::tempdir().unwrap();
    let att = dir.path().join("att");
    std::fs::create_dir(&att).unwrap();
    write(&att, "a.toml", &attestation("fail", "2027-01-01", ""));
    let (_, findings) = evaluate_with(dir.path(), &att);
    assert_eq!(part(&findings, "ACCT-001.M1")["status"], "fail");
    assert_eq!(findings["summary"]["attested"]["fail"], 1);
    assert!(findings["summary"]["statuses"].get("fail").is_none());
}

#[test]
fn an_unknown_part_or_a_missing_field_is_bad_input_naming_file_and_line() {
    let cases = [
        (
            attestation("pass", "2027-01-01", "").replace("ACCT-001.M1", "ACCT-001.M9"),
            "a.toml:2:",
            "not a manual part of ACCT-001",
        ),
        (
            attestation("pass", "2027-01-01", "")
                .replace("control = \"ACCT-001\"", "control = \"ACCT-999\""),
            "a.toml:1:",
            "unknown control",
        ),
        (
            attestation("pass", "2027-01-01", "").replace("owner = \"Priya Raman\"\n", ""),
            "a.toml:",
            "missing field `owner`",
        ),
        (attestation("maybe", "2027-01-01", ""), "a.toml:3:", "maybe"),
        (
            attestation("pass", "2027-01-01T10:00:00Z", ""),
            "a.toml:7:",
            "must be a date",
        ),
    ];
    for (text, location, message) in cases {
        let dir = tempfile::tempdir().unwrap();
        let att = dir.path().join("att");
        std::fs::create_dir(&att).unwrap();
        write(&att, "a.toml", &text);
        let (out, _) = evaluate_with(dir.path(), &att);
        assert_eq!(out.status.code(), Some(2), "{text}");
        let err = stderr_of(&out);
        assert!(err.contains(location) && err.contains(message), "{err}");
        assert!(!dir.path().join("f.json").exists(), "nothing written");
    }
}

#[test]
fn an_evidence_file_changed_after_attesting_makes_the_part_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let att = dir.path().join("att");
    std::fs::create_dir(&att).unwrap();
    let sop = write(dir.path(), "sop.md", "root use only for listed tasks\n");
    let out = caliper()
        .args([
            "attest",
            "--control",
            "ACCT-001",
            "--part",
            "ACCT-001.M1",
            "--status",
            "pass",
            "--owner",
            "Priya Raman",
            "--justification",
            "SOP v3 reviewed",
            "--date",
            "2026-10-01",
            "--evidence",
        ])
        .arg(&sop)
        .args(["--evidence", "https://wiki.example/sop", "--out"])
        .arg(&att)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let written = std::fs::read_to_string(att.join("ACCT-001.M1.toml")).unwrap();
    assert!(written.contains("expires = 2027-10-01"), "{written}");
    assert!(
        att.join("evidence/sop.md").exists(),
        "the evidence is copied beside it"
    );

    // As attested: an attested pass.
    let (out, findings) = evaluate_with(dir.path(), &att);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_eq!(part(&findings, "ACCT-001.M1")["status"], "pass");

    // The evidence changes afterwards: the attestation cannot be relied on.
    std::fs::write(
        att.join("evidence/sop.md"),
        "root use whenever convenient\n",
    )
    .unwrap();
    let (out, findings) = evaluate_with(dir.path(), &att);
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    let m1 = part(&findings, "ACCT-001.M1");
    assert_eq!(m1["status"], "error");
    assert!(
        m1["message"]
            .as_str()
            .unwrap()
            .contains("evidence/sop.md has SHA-256"),
        "{m1}"
    );
}

#[test]
fn attest_refuses_an_unknown_part_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = caliper()
        .args([
            "attest",
            "--control",
            "ACCT-001",
            "--part",
            "ACCT-001.M7",
            "--status",
            "pass",
            "--owner",
            "x",
            "--justification",
            "y",
            "--out",
        ])
        .arg(dir.path().join("att"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("ACCT-001.M1, ACCT-001.M2, ACCT-001.M3"),
        "{}",
        stderr_of(&out)
    );
    assert!(!dir.path().join("att").exists());
}

#[test]
fn an_evidence_file_outside_the_attestations_directory_is_bad_input() {
    for file in ["../../outside.txt", "/etc/hostname"] {
        let dir = tempfile::tempdir().unwrap();
        let att = dir.path().join("att");
        std::fs::create_dir(&att).unwrap();
        let extra = format!("\n[[evidence]]\nfile = {file:?}\nsha256 = \"00\"\n");
        write(&att, "a.toml", &attestation("pass", "2027-01-01", &extra));
        let (out, _) = evaluate_with(dir.path(), &att);
        assert_eq!(out.status.code(), Some(2), "{file}");
        assert!(
            stderr_of(&out).contains("must be a path inside the attestations directory"),
            "{}",
            stderr_of(&out)
        );
    }
}
