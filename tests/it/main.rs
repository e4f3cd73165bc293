//! Integration tests: one binary for all, so the crate is linked once.

mod attest;
mod bundle;
mod cli;
mod diagram;
mod diff;
mod docs;
mod e2e;
mod exports;
mod fuzz;
mod golden;
mod matrix;
mod missing_data;
mod moto;
mod proxy;
mod reports;
mod secrets;
mod sop;
mod verdicts;
mod waivers;

use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn example() -> PathBuf {
    root().join("fixtures/example-org/snapshot.json")
}

pub fn example_config() -> PathBuf {
    root().join("fixtures/example-org/caliper.toml")
}

pub fn caliper() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("caliper").unwrap()
}

/// `caliper evaluate --snapshot SNAP`, ready for more arguments.
pub fn evaluate(snapshot: &Path) -> assert_cmd::Command {
    let mut cmd = caliper();
    cmd.args(["evaluate", "--snapshot"]).arg(snapshot);
    cmd
}

/// `caliper scan` of the built-in example into `out`.
pub fn scan_example(out: &Path) -> std::process::Output {
    caliper()
        .args(["scan", "--snapshot"])
        .arg(example())
        .arg("--config")
        .arg(example_config())
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

/// `caliper scan` of the example (with its config) into a fresh directory, in these report
/// formats; it exits 1 for the example's deliberate failures.
pub fn scan_example_with(formats: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = caliper()
        .args(["scan", "--snapshot"])
        .arg(example())
        .arg("--config")
        .arg(example_config())
        .args(["--format", formats, "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    dir
}

/// `caliper evaluate` of `snapshot` (a JSON value) in `dir` with `extra` arguments: the process
/// output and the findings it wrote (`Null` when it wrote none).
pub fn evaluate_json(
    dir: &Path,
    snapshot: &serde_json::Value,
    extra: &[&std::ffi::OsStr],
) -> (std::process::Output, serde_json::Value) {
    let snap = write(dir, "s.json", &snapshot.to_string());
    let out_file = dir.join("f.json");
    let out = evaluate(&snap)
        .args(extra)
        .arg("--out")
        .arg(&out_file)
        .output()
        .unwrap();
    let findings = std::fs::read_to_string(&out_file)
        .map(|t| serde_json::from_str(&t).unwrap())
        .unwrap_or(serde_json::Value::Null);
    (out, findings)
}

pub fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// A one-account snapshot where every section is collected and compliant enough that nothing
/// high-severity fails; tests break one part of it.
pub fn clean_snapshot() -> serde_json::Value {
    let src = |op: &str, region: &str| serde_json::json!({"operation": op, "region": region});
    serde_json::json!({
        "schema": "caliper.snapshot/v1",
        "tool": {"name": "caliper", "version": "test"},
        "collected_at": "2026-11-20T10:00:00Z",
        "organization": {"source": src("organizations:ListAccounts", "global"), "data": {
            "id": "o-test", "management_account_id": "123456789012",
            "accounts": [{"Id": "123456789012", "Name": "solo", "Email": "aws-root@corp.example", "Status": "ACTIVE"}],
            "trails": {"source": src("cloudtrail:DescribeTrails", "eu-west-1"), "data": []},
            "enabled_services": {"source": src("organizations:ListAWSServiceAccessForOrganization", "global"), "data": ["sso.amazonaws.com"]}
        }},
        "accounts": [{
            "account_id": "123456789012",
            "iam": {
                "summary": {"source": src("iam:GetAccountSummary", "global"), "data": {"AccountMFAEnabled": 1, "AccountAccessKeysPresent": 0}},
                "credential_report": {"source": src("iam:GetCredentialReport", "global"), "data": [
                    {"user": "<root_account>", "arn": "arn:aws:iam::123456789012:root", "password_enabled": true, "mfa_active": true, "access_key_1_active": false, "access_key_2_active": false, "password_last_used": "2025-01-01T00:00:00Z"}
                ]},
                "password_policy": {"source": src("iam:GetAccountPasswordPolicy", "global"), "data": null},
                "authorization_details": {"source": src("iam:GetAccountAuthorizationDetails", "global"), "data": {"Users": [], "Groups": [], "Roles": [], "Policies": []}},
                "access_keys": {"source": src("iam:ListAccessKeys", "global"), "data": []},
                "saml_providers": {"source": src("iam:ListSAMLProviders", "global"), "data": []},
                "oidc_providers": {"source": src("iam:ListOpenIDConnectProviders", "global"), "data": []}
            },
            "alternate_contacts": {"source": src("account:GetAlternateContact", "global"), "data": {
                "SECURITY": {"EmailAddress": "security@corp.example"},
                "OPERATIONS": {"EmailAddress": "ops@corp.example"},
                "BILLING": {"EmailAddress": "billing@corp.example"}
            }},
            "s3": {
                "account_public_access_block": {"source": src("s3:GetAccountPublicAccessBlock", "global"), "data": {"BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true}},
                "buckets": {"source": src("s3:ListAllMyBuckets", "global"), "data": [{
                    "Name": "trail-logs", "Region": "eu-west-1",
                    "encryption": {"source": src("s3:GetEncryptionConfiguration", "eu-west-1"), "data": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "arn:aws:kms:eu-west-1:123456789012:key/k"}},
                    "policy": {"source": src("s3:GetBucketPolicy", "eu-west-1"), "data": {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::trail-logs", "arn:aws:s3:::trail-logs/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}},
                    "policy_status": {"source": src("s3:GetBucketPolicyStatus", "eu-west-1"), "data": {"IsPublic": false}},
                    "public_access_block": {"source": src("s3:GetBucketPublicAccessBlock", "eu-west-1"), "data": {"BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true}},
                    "versioning": {"source": src("s3:GetBucketVersioning", "eu-west-1"), "data": {"Status": "Enabled", "MFADelete": "Enabled"}},
                    "object_lock": {"source": src("s3:GetBucketObjectLockConfiguration", "eu-west-1"), "data": null}
                }]}
            },
            "regions": {
                "eu-west-1": {
                    "ec2": {
                        "security_groups": {"source": src("ec2:DescribeSecurityGroups", "eu-west-1"), "data": [
                            {"GroupId": "sg-1", "GroupName": "web", "VpcId": "vpc-1", "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": ["0.0.0.0/0"], "Ipv6Ranges": [], "UserIdGroupPairs": [], "PrefixListIds": []}], "IpPermissionsEgress": []}
                        ]},
                        "network_acls": {"source": src("ec2:DescribeNetworkAcls", "eu-west-1"), "data": []},
                        "vpcs": {"source": src("ec2:DescribeVpcs", "eu-west-1"), "data": [{"VpcId": "vpc-1"}]},
                        "flow_logs": {"source": src("ec2:DescribeFlowLogs", "eu-west-1"), "data": [{"FlowLogId": "fl-1", "ResourceId": "vpc-1", "TrafficType": "ALL", "FlowLogStatus": "ACTIVE", "DeliverLogsStatus": "SUCCESS"}]},
                        "volumes": {"source": src("ec2:DescribeVolumes", "eu-west-1"), "data": []},
                        "ebs_encryption_by_default": {"source": src("ec2:GetEbsEncryptionByDefault", "eu-west-1"), "data": {"EbsEncryptionByDefault": true}}
                    },
                    "kms": {"keys": {"source": src("kms:ListKeys", "eu-west-1"), "data": []}},
                    "cloudtrail": {"trails": {"source": src("cloudtrail:DescribeTrails", "eu-west-1"), "data": [{
                        "Name": "main", "TrailARN": "arn:aws:cloudtrail:eu-west-1:123456789012:trail/main", "HomeRegion": "eu-west-1",
                        "IsMultiRegionTrail": true, "LogFileValidationEnabled": true, "S3BucketName": "trail-logs",
                        "status": {"source": src("cloudtrail:GetTrailStatus", "eu-west-1"), "data": {"IsLogging": true}},
                        "event_selectors": {"source": src("cloudtrail:GetEventSelectors", "eu-west-1"), "data": {"EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": true, "ExcludeManagementEventSources": []}]}}
                    }]}}
                }
            }
        }]
    })
}

/// Every `error` finding names the sections whose error entries caused it, and each is listed in
/// the scope for that account (and resource, when the section belongs to one) — or it is the one
/// finding of a region a service control policy closes, listed as not scanned.
pub fn assert_errors_name_unreadable_sections(findings: &serde_json::Value) {
    let scope = &findings["scan"]["scope"];
    let unreadable = scope["unreadable"].as_array().unwrap();
    let not_scanned = scope["not_scanned"].as_array().unwrap();
    for f in findings["findings"].as_array().unwrap() {
        if f["status"] != "error" {
            continue;
        }
        assert!(f["evidence"]["error"].is_object(), "no error entry: {f}");
        if f["check"] == "caliper.region-closed-by-scp" {
            assert!(
                not_scanned
                    .iter()
                    .any(|n| n["account_id"] == f["account_id"] && n["region"] == f["region"]),
                "{f}"
            );
            continue;
        }
        if f["evidence"]["error"]["reason"] == "incomplete" {
            // The check found its data incomplete; the scope lists it under the check's section.
            assert!(
                unreadable
                    .iter()
                    .any(|u| u["account_id"] == f["account_id"]
                        && u["error"]["message"] == f["message"]),
                "{f} is not listed in the scope"
            );
            continue;
        }
        let sections = f["evidence"]["values"]["sections"]
            .as_array()
            .unwrap_or_else(|| panic!("no sections named: {f}"));
        for section in sections {
            if section == "*" {
                // The whole account (or region) could not be entered.
                assert!(
                    not_scanned
                        .iter()
                        .any(|n| n["account_id"] == f["account_id"]),
                    "{f} is not a not-scanned account of the scope"
                );
                continue;
            }
            assert!(
                unreadable.iter().any(|u| u["account_id"] == f["account_id"]
                    && u["section"] == *section
                    && (u["resource"].is_null() || u["resource"] == f["resource"])),
                "{section} of {f} is not an unreadable section of the scope"
            );
        }
    }
}
