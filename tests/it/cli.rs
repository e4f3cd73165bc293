//! The command-line contract: exit codes, messages for bad input, nothing half-written.

use super::*;

#[test]
fn example_org_scan_writes_findings_and_report_and_exits_1_on_failures() {
    let dir = tempfile::tempdir().unwrap();
    let out = scan_example(dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(dir.path().join("findings.json").exists());
    assert!(dir.path().join("report.md").exists());
    assert!(
        stderr_of(&out).contains("report.md"),
        "prints where the report is"
    );
}

#[test]
fn clean_snapshot_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let snap = write(dir.path(), "s.json", &clean_snapshot().to_string());
    let out = evaluate(&snap)
        .arg("--out")
        .arg(dir.path().join("f.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
}

#[test]
fn access_denied_section_gives_error_findings_and_exit_3_never_pass() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = clean_snapshot();
    s["accounts"][0]["iam"]["credential_report"] = serde_json::json!({"error": {
        "reason": "access_denied", "action": "iam:GetCredentialReport", "message": "not authorized"}});
    let snap = write(dir.path(), "s.json", &s.to_string());
    let out_file = dir.path().join("f.json");
    let out = evaluate(&snap)
        .arg("--out")
        .arg(&out_file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    let findings: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("f.json")).unwrap()).unwrap();
    let dependent = [
        "iam.user-console-mfa",
        "iam.root-recent-use",
        "iam.password-policy",
        "iam.federation",
    ];
    for check in dependent {
        let statuses: Vec<&str> = findings["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["check"] == check)
            .map(|f| f["status"].as_str().unwrap())
            .collect();
        assert!(statuses.contains(&"error"), "{check}: {statuses:?}");
        assert!(
            !statuses.contains(&"pass"),
            "{check} passed on missing data: {statuses:?}"
        );
    }
    let f = findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "iam.user-console-mfa")
        .unwrap();
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("iam:GetCredentialReport"),
        "{f}"
    );
}

#[test]
fn fail_on_critical_ignores_high_failures() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = clean_snapshot();
    // A world-open SSH rule is a high-severity failure.
    s["accounts"][0]["regions"]["eu-west-1"]["ec2"]["security_groups"]["data"][0]["IpPermissions"]
        [0]["FromPort"] = 22.into();
    s["accounts"][0]["regions"]["eu-west-1"]["ec2"]["security_groups"]["data"][0]["IpPermissions"]
        [0]["ToPort"] = 22.into();
    let snap = write(dir.path(), "s.json", &s.to_string());
    let run = |extra: &[&str]| {
        evaluate(&snap)
            .arg("--out")
            .arg(dir.path().join("f.json"))
            .args(extra)
            .output()
            .unwrap()
    };
    assert_eq!(run(&[]).status.code(), Some(1));
    assert_eq!(run(&["--fail-on", "critical"]).status.code(), Some(0));
}

fn assert_bad_input(out: &std::process::Output, needle: &str) {
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(out));
    let err = stderr_of(out);
    assert!(err.contains(needle), "expected {needle:?} in: {err}");
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{err}"
    );
}

/// `caliper evaluate --controls DIR --out f.json` of a clean snapshot, with one custom check
/// (`file` holding `rego`) in DIR; the findings go to `f.json` in the returned directory.
fn evaluate_with_check(file: &str, rego: &str) -> (tempfile::TempDir, assert_cmd::Command) {
    let dir = tempfile::tempdir().unwrap();
    let snap = write(dir.path(), "s.json", &clean_snapshot().to_string());
    let controls = dir.path().join("controls");
    std::fs::create_dir(&controls).unwrap();
    write(&controls, file, rego);
    let mut cmd = evaluate(&snap);
    cmd.arg("--controls")
        .arg(&controls)
        .arg("--out")
        .arg(dir.path().join("f.json"));
    (dir, cmd)
}

#[test]
fn malformed_snapshot_names_file_line_and_column_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let snap = write(
        dir.path(),
        "bad.json",
        "{\n  \"schema\": \"caliper.snapshot/v1\",\n  \"accounts\": [\n    {\"account_id\": 5}\n  ]\n}\n",
    );
    let out_file = dir.path().join("f.json");
    let out = evaluate(&snap)
        .arg("--out")
        .arg(&out_file)
        .output()
        .unwrap();
    assert_bad_input(&out, "bad.json:4:");
    assert!(!out_file.exists(), "no partial output");
}

#[test]
fn truncated_snapshot_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let text = clean_snapshot().to_string();
    let snap = write(dir.path(), "cut.json", &text[..text.len() / 2]);
    let out = caliper()
        .args(["scan", "--snapshot"])
        .arg(&snap)
        .arg("--out")
        .arg(dir.path().join("o"))
        .output()
        .unwrap();
    assert_bad_input(&out, "cut.json:1:");
    assert!(
        !dir.path().join("o").exists(),
        "no output directory for bad input"
    );
}

#[test]
fn wrong_snapshot_version_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = clean_snapshot();
    s["schema"] = "caliper.snapshot/v9".into();
    let snap = write(dir.path(), "v9.json", &s.to_string());
    let out = evaluate(&snap)
        .arg("--out")
        .arg(dir.path().join("f.json"))
        .output()
        .unwrap();
    assert_bad_input(&out, "unsupported schema \"caliper.snapshot/v9\"");
}

#[test]
fn malformed_config_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let snap = write(dir.path(), "s.json", &clean_snapshot().to_string());
    let cfg = write(
        dir.path(),
        "caliper.toml",
        "[contacts]\ncorporate_domains = [\"a.example\"]\n\n[thresholds]\nadmin_port = [22]\n",
    );
    let out = evaluate(&snap)
        .arg("--config")
        .arg(&cfg)
        .arg("--out")
        .arg(dir.path().join("f.json"))
        .output()
        .unwrap();
    assert_bad_input(&out, "caliper.toml:5:1");
}

#[test]
fn recovery_objectives_need_targets_or_an_exception() {
    let dir = tempfile::tempdir().unwrap();
    let snap = write(dir.path(), "s.json", &clean_snapshot().to_string());
    let cases = [
        // Only one target: both, or an exception.
        (
            "[[recovery]]\nworkload = \"shop\"\nrpo_hours = 4\n",
            "give both rpo_hours and rto_hours",
        ),
        // Targets and an exception at once.
        (
            "[[recovery]]\nworkload = \"shop\"\nrpo_hours = 4\nrto_hours = 8\nexception = \"x\"\n",
            "or an exception",
        ),
        (
            "[[recovery]]\nworkload = \"shop\"\nrpo_hours = 0\nrto_hours = 8\n",
            "hours must be above 0",
        ),
        (
            "[[recovery]]\nworkload = \"shop\"\naccounts = [\"prod\"]\nrpo_hours = 1\nrto_hours = 8\n",
            "`prod` is not an AWS account id",
        ),
    ];
    for (text, needle) in cases {
        let cfg = write(
            dir.path(),
            "caliper.toml",
            &format!("fail_on = \"high\"\n\n{text}"),
        );
        let out = evaluate(&snap)
            .arg("--config")
            .arg(&cfg)
            .arg("--out")
            .arg(dir.path().join("f.json"))
            .output()
            .unwrap();
        assert_bad_input(&out, needle);
        assert_bad_input(&out, "caliper.toml:3:");
        assert!(!dir.path().join("f.json").exists());
    }
}

#[test]
fn rego_syntax_error_in_custom_controls_names_file_and_line() {
    let (_dir, mut cmd) = evaluate_with_check(
        "broken.rego",
        "package custom.broken\n\nimport rego.v1\n\nresults contains x if {\n  x := \n}\n",
    );
    let out = cmd.output().unwrap();
    assert_bad_input(&out, "broken.rego:6:5: expecting `}`");
}

#[test]
fn custom_check_runs_beside_builtin_checks() {
    let (dir, mut cmd) = evaluate_with_check(
        "vpc_named.rego",
        r#"# METADATA
# title: VPCs have a Name tag
# custom:
#   id: custom.vpc-named
#   severity: low
#   resource_type: AWS::EC2::VPC
#   sections: [ec2.vpcs]
#   remediation: Name your VPCs.
package custom.vpc_named

import data.caliper.lib
import rego.v1

results contains lib.fail(vpc.VpcId, region, sprintf("%s has no Name", [vpc.VpcId]), {}) if {
	some [region, vpc] in lib.regional_items(["ec2", "vpcs"])
	not vpc.Name
}
"#,
    );
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let text = std::fs::read_to_string(dir.path().join("f.json")).unwrap();
    assert!(
        text.contains("vpc-1 has no Name"),
        "custom check verdict present"
    );
}

#[test]
fn a_custom_check_the_rego_vm_cannot_compile_is_refused_by_name() {
    // The VM has no `with`. Quietly judging with another evaluator than the tested one would
    // hide it: the check is named and nothing is written, unless the interpreter is asked for.
    let (dir, mut cmd) = evaluate_with_check(
        "vpc_named_with.rego",
        r#"# METADATA
# title: VPCs have a Name tag
# custom:
#   id: custom.vpc-named-with
#   severity: low
#   resource_type: AWS::EC2::VPC
#   sections: [ec2.vpcs]
#   remediation: Name your VPCs.
package custom.vpc_named_with

import data.caliper.lib
import rego.v1

unnamed(vpc) if not input.probe.Name

results contains lib.fail(vpc.VpcId, region, sprintf("%s has no Name (with)", [vpc.VpcId]), {}) if {
	some [region, vpc] in lib.regional_items(["ec2", "vpcs"])
	unnamed(vpc) with input.probe as vpc
}
"#,
    );
    let out = cmd.output().unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("vpc_named_with.rego:18:") && err.contains("CALIPER_REGO=interpreter"),
        "{err}"
    );
    assert!(!dir.path().join("f.json").exists());
    let rego = std::fs::read_to_string(dir.path().join("controls/vpc_named_with.rego")).unwrap();
    let (dir, mut cmd) = evaluate_with_check("vpc_named_with.rego", &rego);
    let out = cmd.env("CALIPER_REGO", "interpreter").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let text = std::fs::read_to_string(dir.path().join("f.json")).unwrap();
    assert!(text.contains("vpc-1 has no Name (with)"), "{text}");
    assert!(text.contains("regorus 0.14.1 interpreter"), "{text}");
}

#[test]
fn a_check_that_never_finishes_ends_in_error_findings_not_a_hang() {
    // regorus 0.14.1's VM loops on this `else` function; the instruction budget stops it.
    let (dir, mut cmd) = evaluate_with_check(
        "loops.rego",
        r#"# METADATA
# title: A check the Rego VM never finishes
# custom:
#   id: custom.loops
#   severity: low
#   resource_type: AWS::S3::Bucket
#   sections: [s3.buckets]
#   remediation: None.
package custom.loops

import data.caliper.lib
import rego.v1

f(x) := "a" if {
	p := [1 | x > 0]
	count(p) > 0
} else := "b"

results := [lib.pass("r", "global", f(0), {})]
"#,
    );
    let out = cmd
        .env("CALIPER_MAX_INSTRUCTIONS", "1000000")
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    let findings: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("f.json")).unwrap()).unwrap();
    let looped: Vec<&serde_json::Value> = findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["check"] == "custom.loops")
        .collect();
    assert!(!looped.is_empty());
    for f in looped {
        assert_eq!(f["status"], "error", "{f}");
        assert!(
            f["message"].as_str().unwrap().contains("instruction limit"),
            "{f}"
        );
    }
}

#[test]
fn controls_list_json_lists_all_eleven_controls() {
    let out = caliper()
        .args(["controls", "list", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = v["controls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "DOC-001",
            "ACCT-001",
            "ACCT-002",
            "OPE-001",
            "OPE-002",
            "OPE-003",
            "NETSEC-001",
            "NETSEC-002",
            "REL-001",
            "REL-002",
            "COST-001"
        ]
    );
}

#[test]
fn controls_show_prints_a_check_and_a_control() {
    let out = caliper()
        .args(["controls", "show", "ec2.sg-admin-ports-open"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("ec2:DescribeSecurityGroups"));
    let out = caliper()
        .args(["controls", "show", "ACCT-001"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("iam.root-mfa"));
    let out = caliper()
        .args(["controls", "show", "nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn builtin_rego_tests_pass() {
    let out = caliper().args(["controls", "test"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(!stdout.contains("FAIL"), "{stdout}");
}

#[test]
fn failing_rego_test_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "x_test.rego",
        "package x_test\n\nimport rego.v1\n\ntest_holds if { 1 == 1 }\n\ntest_breaks if { 1 == 2 }\n",
    );
    let out = caliper()
        .args(["controls", "test"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("PASS") && stdout.contains("FAIL") && stdout.contains("test_breaks"),
        "{stdout}"
    );
}

const CHECK_HEAD: &str = "# METADATA\n# title: VPCs have a Name tag\n# custom:\n#   id: ID\n#   severity: low\n#   resource_type: AWS::EC2::VPC\n#   sections: [ec2.vpcs]\n#   remediation: Name your VPCs.\npackage PKG\n\nimport rego.v1\n\nresults := set()\n";

#[test]
fn controls_test_requires_a_sibling_test_and_agreeing_path_package_and_id() {
    let dir = tempfile::tempdir().unwrap();
    let checks = dir.path().join("checks/ec2");
    std::fs::create_dir_all(&checks).unwrap();
    // Agrees, with its test.
    write(
        &checks,
        "vpc_named.rego",
        &CHECK_HEAD
            .replace("ID", "ec2.vpc-named")
            .replace("PKG", "acme.checks.ec2.vpc_named"),
    );
    write(
        &checks,
        "vpc_named_test.rego",
        "package acme.checks.ec2.vpc_named_test\n\nimport rego.v1\n\ntest_ok if { 1 == 1 }\n",
    );
    // No test, an id and a package that do not match the path.
    write(
        &checks,
        "vpc_tagged.rego",
        &CHECK_HEAD
            .replace("ID", "ec2.vpc-tags")
            .replace("PKG", "acme.checks.ec2.tagged"),
    );
    let out = caliper()
        .args(["controls", "test"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    for expected in [
        "vpc_tagged.rego: check ec2.vpc-tags has no sibling test file",
        "vpc_tagged.rego: package acme.checks.ec2.tagged does not end in `ec2.vpc_tagged`",
        "vpc_tagged.rego: check id ec2.vpc-tags does not match the file path (expected ec2.vpc-tagged)",
    ] {
        assert!(stdout.contains(expected), "{expected}: {stdout}");
    }
    assert!(!stdout.contains("vpc_named.rego:"), "{stdout}");
}

#[test]
fn a_rego_file_under_checks_without_metadata_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let checks = dir.path().join("checks");
    std::fs::create_dir_all(&checks).unwrap();
    write(
        &checks,
        "helpers.rego",
        "package acme.helpers\n\nimport rego.v1\n\nx := 1\n",
    );
    let out = caliper()
        .args(["controls", "test"])
        .arg(dir.path())
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("helpers.rego:1:") && err.contains("METADATA"),
        "{err}"
    );
}

#[test]
fn report_renders_markdown_from_findings() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("f.json");
    evaluate(&example()).arg("--out").arg(&f).output().unwrap();
    let md = dir.path().join("r.md");
    let out = caliper()
        .args(["report", "--format", "md", "--findings"])
        .arg(&f)
        .arg("--out")
        .arg(&md)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(std::fs::read_to_string(&md).unwrap().contains("## Summary"));
}

#[test]
fn policy_lists_only_reads_and_the_role_template_trusts_the_scanner() {
    let out = caliper()
        .args(["policy", "--role-name", "CaliperScan"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let policy: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        policy["Statement"][1]["Resource"],
        "arn:aws:iam::*:role/CaliperScan"
    );
    let out = caliper()
        .args(["policy", "--role-template", "--role-name", "CaliperScan"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let template: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let role = &template["Resources"]["CaliperScanRole"]["Properties"];
    assert_eq!(role["RoleName"], "CaliperScan");
    let text = role["AssumeRolePolicyDocument"].to_string();
    assert!(
        text.contains("sts:ExternalId") && text.contains("ScanningAccountId"),
        "{text}"
    );
    let actions = role["Policies"][0]["PolicyDocument"]["Statement"][0]["Action"]
        .as_array()
        .unwrap();
    assert_eq!(
        actions,
        policy["Statement"][0]["Action"].as_array().unwrap()
    );
}

#[test]
fn collect_rejects_bad_account_ids_before_calling_aws() {
    let dir = tempfile::tempdir().unwrap();
    let out = caliper()
        .args(["collect", "--accounts", "1234", "--out"])
        .arg(dir.path().join("s.json"))
        .output()
        .unwrap();
    assert_bad_input(&out, "`1234` is not an AWS account id");
    assert!(!dir.path().join("s.json").exists());
}

#[test]
fn collect_without_credentials_says_so_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = caliper()
        .env_clear()
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .args([
            "collect",
            "--quiet",
            "--endpoint-url",
            "http://127.0.0.1:9",
            "--out",
        ])
        .arg(dir.path().join("s.json"))
        .output()
        .unwrap();
    // The environment lacks credentials: a runtime failure (4), not bad input (2).
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(4), "{err}");
    assert!(
        err.contains("could not run: cannot identify the caller's AWS account"),
        "{err}"
    );
    assert!(!dir.path().join("s.json").exists());
}

#[test]
fn scan_with_a_snapshot_refuses_collection_options() {
    let dir = tempfile::tempdir().unwrap();
    let out = caliper()
        .args(["scan", "--org", "--snapshot"])
        .arg(example())
        .arg("--out")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("cannot be used with"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn a_region_the_account_has_not_enabled_is_not_applicable_and_the_scan_can_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = clean_snapshot();
    s["accounts"][0]["regions"]["ap-east-1"] = serde_json::json!({"error": {
        "reason": "region_disabled", "action": "ec2:DescribeRegions",
        "message": "ap-east-1 is an opt-in region not enabled for this account"}});
    let (out, findings) = evaluate_json(dir.path(), &s, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let in_region: Vec<&serde_json::Value> = findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["region"] == "ap-east-1")
        .collect();
    assert!(!in_region.is_empty());
    assert!(
        in_region.iter().all(|f| f["status"] == "not_applicable"),
        "{in_region:?}"
    );
    assert_eq!(
        findings["scan"]["scope"]["not_scanned"][0]["why"],
        "region not enabled for the account"
    );
}

#[test]
fn a_standalone_account_scan_can_exit_0_with_its_root_email_left_to_a_person() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = clean_snapshot();
    s.as_object_mut().unwrap().remove("organization");
    let (out, findings) = evaluate_json(dir.path(), &s, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let email = findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "account.root-email-corporate")
        .unwrap();
    assert_eq!(email["status"], "manual");
    assert!(
        email["message"]
            .as_str()
            .unwrap()
            .contains("confirm it by hand")
    );
}

#[test]
fn a_check_that_judges_one_resource_twice_is_an_error_naming_the_check() {
    let (dir, mut cmd) = evaluate_with_check(
        "twice.rego",
        r#"# METADATA
# title: Every VPC judged twice
# custom:
#   id: custom.twice
#   severity: low
#   resource_type: AWS::EC2::VPC
#   sections: [ec2.vpcs]
#   remediation: Nothing.
package custom.twice

import data.caliper.lib
import rego.v1

results contains lib.pass(vpc.VpcId, region, "looks fine", {}) if {
	some [region, vpc] in lib.regional_items(["ec2", "vpcs"])
}

results contains lib.fail(vpc.VpcId, region, "looks bad", {}) if {
	some [region, vpc] in lib.regional_items(["ec2", "vpcs"])
}
"#,
    );
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    let findings: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("f.json")).unwrap()).unwrap();
    let mine: Vec<&serde_json::Value> = findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["check"] == "custom.twice")
        .collect();
    assert_eq!(mine.len(), 1, "{mine:?}");
    assert_eq!(mine[0]["status"], "error");
    assert!(
        mine[0]["message"]
            .as_str()
            .unwrap()
            .contains("more than one verdict")
    );
}

#[test]
fn an_unreachable_endpoint_is_a_runtime_failure_not_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    // Port 9 (discard) on the loopback: nothing listens, the connection is refused at once.
    let out = caliper()
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")
        .env("AWS_SECRET_ACCESS_KEY", "secret")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_MAX_ATTEMPTS", "1")
        .args([
            "scan",
            "--org",
            "--quiet",
            "--endpoint-url",
            "http://127.0.0.1:9",
            "--out",
        ])
        .arg(&out_dir)
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(4), "{err}");
    assert!(
        err.contains("could not run") && err.contains("cannot identify the caller's AWS account"),
        "{err}"
    );
    assert!(!out_dir.exists(), "nothing written");
}
