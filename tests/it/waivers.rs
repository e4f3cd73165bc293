//! Waivers in caliper.toml: accepted failures with reason, owner and expiry.

use std::path::Path;

use super::*;

/// The clean snapshot with SSH open to the world on sg-1 (a high-severity failure), judged with
/// `config` as caliper.toml.
fn evaluate_with_config(dir: &Path, config: &str) -> (std::process::Output, serde_json::Value) {
    let mut s = clean_snapshot();
    s["accounts"][0]["regions"]["eu-west-1"]["ec2"]["security_groups"]["data"][0]["IpPermissions"] = serde_json::json!([{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": ["0.0.0.0/0"], "Ipv6Ranges": [], "UserIdGroupPairs": [], "PrefixListIds": []}]);
    let cfg = write(dir, "caliper.toml", config);
    evaluate_json(dir, &s, &["--config".as_ref(), cfg.as_os_str()])
}

fn ssh_finding(findings: &serde_json::Value) -> &serde_json::Value {
    findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "ec2.sg-admin-ports-open")
        .unwrap()
}

const WAIVER: &str = "[[waivers]]\ncheck = \"ec2.sg-admin-*\"\naccount = \"123456789012\"\n\
                      resource = \"arn:aws:ec2:eu-west-1:123456789012:security-group/sg-1\"\n\
                      reason = \"bastion being replaced by Session Manager (CHG-4411)\"\n\
                      owner = \"platform-team@corp.example\"\n";

#[test]
fn a_matching_waiver_waives_the_failure_keeps_its_evidence_and_does_not_gate() {
    let dir = tempfile::tempdir().unwrap();
    let (before, findings) = evaluate_with_config(dir.path(), "");
    assert_eq!(
        before.status.code(),
        Some(1),
        "the failure gates without a waiver"
    );
    assert_eq!(ssh_finding(&findings)["status"], "fail");

    let (out, findings) =
        evaluate_with_config(dir.path(), &format!("{WAIVER}expires = 2027-03-31\n"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let f = ssh_finding(&findings);
    assert_eq!(f["status"], "waived");
    assert_eq!(f["waiver"]["owner"], "platform-team@corp.example");
    assert_eq!(f["waiver"]["expires"], "2027-03-31");
    assert!(
        f["evidence"]["values"]
            .as_object()
            .is_some_and(|v| !v.is_empty()),
        "{f}"
    );
    assert_eq!(findings["scan"]["waivers"][0]["waived"], 1);
}

#[test]
fn an_expired_waiver_stops_applying_and_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    // The snapshot was collected on 2026-11-20; the waiver's last day was the 19th.
    let (out, findings) =
        evaluate_with_config(dir.path(), &format!("{WAIVER}expires = 2026-11-19\n"));
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert_eq!(ssh_finding(&findings)["status"], "fail");
    assert!(
        stderr_of(&out).contains(
            "waiver 1 of caliper.toml (owner platform-team@corp.example) expired on 2026-11-19"
        ),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(findings["scan"]["waivers"][0]["expired"], true);
    assert_eq!(findings["scan"]["waivers"][0]["would_match"], 1);
    // Its last day still counts.
    let (out, _) = evaluate_with_config(dir.path(), &format!("{WAIVER}expires = 2026-11-20\n"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
}

#[test]
fn a_waiver_without_an_owner_is_bad_input_pointing_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let config = format!("fail_on = \"high\"\n\n{WAIVER}expires = 2027-03-31\n")
        .replace("owner = \"platform-team@corp.example\"\n", "");
    let (out, _) = evaluate_with_config(dir.path(), &config);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(err.contains("caliper.toml:3:"), "{err}");
    assert!(err.contains("missing field `owner`"), "{err}");
    assert!(err.contains("3 | [[waivers]]"), "the line is shown: {err}");
    assert!(!dir.path().join("f.json").exists());
}

#[test]
fn a_waiver_that_matches_nothing_is_reported_as_stale() {
    let dir = tempfile::tempdir().unwrap();
    let config = format!("{WAIVER}expires = 2027-03-31\n").replace("sg-1", "sg-gone");
    let (out, findings) = evaluate_with_config(dir.path(), &config);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("matches no failure; remove it"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(findings["scan"]["waivers"][0]["waived"], 0);
    // The report says so too.
    let report = caliper()
        .args(["report", "--format", "md", "--findings"])
        .arg(dir.path().join("f.json"))
        .arg("--out")
        .arg(dir.path().join("r.md"))
        .output()
        .unwrap();
    assert_eq!(report.status.code(), Some(0));
    let md = std::fs::read_to_string(dir.path().join("r.md")).unwrap();
    assert!(
        md.contains(
            "| 1 | platform-team\\@corp.example | 2027-03-31 | 0 | matches no failure: remove it |"
        ),
        "{md}"
    );
}

#[test]
fn a_waiver_never_waives_an_attested_manual_part() {
    let dir = tempfile::tempdir().unwrap();
    let scan = dir.path().join("scan");
    let config = std::fs::read_to_string(example_config()).unwrap().replace(
        "attestations = \"attestations/\"",
        &format!(
            "attestations = {:?}\n\n[[waivers]]\ncheck = \"*\"\nreason = \"everything\"\nowner = \"x\"\nexpires = 2027-01-01",
            root().join("fixtures/example-org/attestations").display().to_string()
        ),
    );
    let cfg = write(dir.path(), "caliper.toml", &config);
    let out = caliper()
        .args(["scan", "--snapshot"])
        .arg(example())
        .arg("--config")
        .arg(&cfg)
        .arg("--out")
        .arg(&scan)
        .output()
        .unwrap();
    let findings: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(scan.join("findings.json")).unwrap())
            .unwrap();
    let cost = findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "COST-001.M2")
        .unwrap();
    assert_eq!(cost["status"], "fail", "{}", stderr_of(&out));
    let report = std::fs::read_to_string(scan.join("report.md")).unwrap();
    assert!(!report.contains("expired on 2027"), "no false expiry");
    assert!(
        report.contains("waived |"),
        "the waived count is in the totals"
    );
}
