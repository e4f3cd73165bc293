//! AWS subtleties, one change of a snapshot each (the built-in example, or the small clean
//! snapshot that exits 0): the verdict of the affected finding as production judges it (the Rego
//! VM), and the exit code.

use serde_json::{Value, json};

use super::*;

struct Case {
    name: &'static str,
    /// `example` (exits 1: it fails at `high` already) or `clean_snapshot` (exits 0).
    base: fn() -> Value,
    change: fn(&mut Value),
    check: &'static str,
    resource: &'static str,
    /// The finding's status, or `none` when the check must give no finding for the resource.
    status: &'static str,
    exit: i32,
}

fn example_snapshot() -> Value {
    serde_json::from_str(&std::fs::read_to_string(example()).unwrap()).unwrap()
}

/// The one region of the clean snapshot.
fn clean_region(s: &mut Value) -> &mut Value {
    &mut s["accounts"][0]["regions"]["eu-west-1"]
}

fn clean_key(s: &mut Value, key: Value) {
    clean_region(s)["kms"]["keys"]["data"]
        .as_array_mut()
        .unwrap()
        .push(key);
}

const CLEAN_KEY: &str = "arn:aws:kms:eu-west-1:123456789012:key/k-2";

fn add_role(s: &mut Value, name: &str, statement: Value) {
    let roles = s["accounts"][0]["iam"]["authorization_details"]["data"]["Roles"]
        .as_array_mut()
        .unwrap();
    roles.push(json!({
        "RoleName": name,
        "Arn": format!("arn:aws:iam::111111111111:role/{name}"),
        "Path": "/",
        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [statement]},
        "AttachedManagedPolicies": [],
        "RolePolicyList": []
    }));
}

const GITHUB: &str = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com";

const CASES: &[Case] = &[
    Case {
        name: "GitHub OIDC trust bounded only by aud: any repository on GitHub",
        change: |s| {
            add_role(
                s,
                "gha-deploy",
                json!({"Effect": "Allow", "Principal": {"Federated": GITHUB},
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}),
            )
        },
        check: "iam.role-trust-open",
        resource: "arn:aws:iam::111111111111:role/gha-deploy",
        status: "fail",
        base: example_snapshot,
        exit: 1,
    },
    Case {
        name: "GitHub OIDC trust bounded to one repository",
        change: |s| {
            add_role(
                s,
                "gha-deploy",
                json!({"Effect": "Allow", "Principal": {"Federated": GITHUB},
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                    "token.actions.githubusercontent.com:sub": "repo:northwind/platform:ref:refs/heads/main"}}}),
            )
        },
        check: "iam.role-trust-open",
        resource: "arn:aws:iam::111111111111:role/gha-deploy",
        status: "pass",
        base: example_snapshot,
        exit: 1,
    },
    Case {
        name: "GitHub OIDC trust for main of any repository (repo:*:ref:refs/heads/main)",
        change: |s| {
            add_role(
                s,
                "gha-deploy",
                json!({"Effect": "Allow", "Principal": {"Federated": GITHUB},
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:*:ref:refs/heads/main"}}}),
            )
        },
        check: "iam.role-trust-open",
        resource: "arn:aws:iam::111111111111:role/gha-deploy",
        status: "fail",
        base: example_snapshot,
        exit: 1,
    },
    Case {
        name: "Principal AWS * with only an external id",
        change: |s| {
            add_role(
                s,
                "vendor",
                json!({"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"sts:ExternalId": "northwind-7731"}}}),
            )
        },
        check: "iam.role-trust-open",
        resource: "arn:aws:iam::111111111111:role/vendor",
        status: "fail",
        base: example_snapshot,
        exit: 1,
    },
    Case {
        name: "Principal AWS * bounded to the organization",
        change: |s| {
            add_role(
                s,
                "org-reader",
                json!({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-nw12example"}}}),
            )
        },
        check: "iam.role-trust-open",
        resource: "arn:aws:iam::111111111111:role/org-reader",
        status: "pass",
        base: example_snapshot,
        exit: 1,
    },
    Case {
        name: "organization trail bucket with Object Lock but no default retention, no MFA Delete",
        change: |s| {
            let b = bucket(s, "222222222222", "northwind-org-cloudtrail-logs");
            b["versioning"]["data"] = json!({"Status": "Enabled", "MFADelete": "Disabled"});
            b["object_lock"]["data"] = json!({"ObjectLockEnabled": "Enabled"});
        },
        check: "cloudtrail.trail-bucket-protected",
        resource: "arn:aws:s3:::northwind-org-cloudtrail-logs",
        status: "fail",
        base: example_snapshot,
        exit: 1,
    },
    Case {
        name: "organization trail bucket with Object Lock compliance retention",
        change: |s| {
            let b = bucket(s, "222222222222", "northwind-org-cloudtrail-logs");
            b["versioning"]["data"] = json!({"Status": "Enabled", "MFADelete": "Disabled"});
            b["object_lock"]["data"] = json!({"ObjectLockEnabled": "Enabled",
                "DefaultRetentionMode": "COMPLIANCE", "DefaultRetentionYears": 1});
        },
        check: "cloudtrail.trail-bucket-protected",
        resource: "arn:aws:s3:::northwind-org-cloudtrail-logs",
        status: "pass",
        base: example_snapshot,
        exit: 1,
    },
    Case {
        name: "TLS-only Deny narrowed to requests from outside one VPC endpoint",
        change: |s| {
            let b = bucket(s, "333333333333", "northwind-prod-db-backups");
            let statements = b["policy"]["data"]["Statement"].as_array_mut().unwrap();
            for st in statements.iter_mut() {
                if st["Effect"] == "Deny" {
                    st["Condition"]["StringNotEquals"] = json!({"aws:SourceVpce": "vpce-1a2b3c4d"});
                }
            }
        },
        check: "s3.bucket-tls-only",
        resource: "arn:aws:s3:::northwind-prod-db-backups",
        status: "fail",
        base: example_snapshot,
        exit: 1,
    },
    Case {
        name: "asymmetric customer key: KMS cannot rotate it, no rotation status read",
        base: clean_snapshot,
        change: |s| {
            clean_key(
                s,
                json!({"KeyId": "k-2", "Arn": CLEAN_KEY, "KeyManager": "CUSTOMER",
                "KeyState": "Enabled", "KeySpec": "RSA_2048", "Origin": "AWS_KMS", "Aliases": []}),
            )
        },
        check: "kms.key-rotation",
        resource: CLEAN_KEY,
        status: "not_applicable",
        exit: 0,
    },
    Case {
        name: "customer key with imported material: rotated by hand",
        base: clean_snapshot,
        change: |s| {
            clean_key(
                s,
                json!({"KeyId": "k-2", "Arn": CLEAN_KEY, "KeyManager": "CUSTOMER",
                "KeyState": "Enabled", "KeySpec": "SYMMETRIC_DEFAULT", "Origin": "EXTERNAL", "Aliases": []}),
            )
        },
        check: "kms.key-rotation",
        resource: CLEAN_KEY,
        status: "not_applicable",
        exit: 0,
    },
    Case {
        name: "customer key pending deletion",
        base: clean_snapshot,
        change: |s| {
            clean_key(
                s,
                json!({"KeyId": "k-2", "Arn": CLEAN_KEY, "KeyManager": "CUSTOMER",
                "KeyState": "PendingDeletion", "KeySpec": "SYMMETRIC_DEFAULT", "Aliases": []}),
            )
        },
        check: "kms.key-rotation",
        resource: CLEAN_KEY,
        status: "not_applicable",
        exit: 0,
    },
    Case {
        name: "symmetric customer key whose rotation status was not read: unknown, not exempt",
        base: clean_snapshot,
        change: |s| {
            clean_key(
                s,
                json!({"KeyId": "k-2", "Arn": CLEAN_KEY, "KeyManager": "CUSTOMER",
                "KeyState": "Enabled", "KeySpec": "SYMMETRIC_DEFAULT", "Aliases": [],
                "rotation": {"error": {"reason": "access_denied", "action": "kms:GetKeyRotationStatus",
                    "message": "User: x is not authorized to perform: kms:GetKeyRotationStatus on resource: k-2 because no resource-based policy allows the kms:GetKeyRotationStatus action"}}}),
            )
        },
        check: "kms.key-rotation",
        resource: CLEAN_KEY,
        status: "error",
        exit: 3,
    },
    Case {
        name: "unreadable policy of a bucket no trail writes to: no trail-bucket verdict",
        base: clean_snapshot,
        change: |s| {
            let mut b = s["accounts"][0]["s3"]["buckets"]["data"][0].clone();
            b["Name"] = json!("app-assets");
            b["policy"] = json!({"error": {"reason": "access_denied", "action": "s3:GetBucketPolicy",
                "message": "not authorized to perform: s3:GetBucketPolicy with an explicit deny in a resource-based policy"}});
            s["accounts"][0]["s3"]["buckets"]["data"]
                .as_array_mut()
                .unwrap()
                .push(b);
        },
        check: "cloudtrail.trail-bucket-protected",
        resource: "arn:aws:s3:::app-assets",
        status: "none",
        // s3.bucket-tls-only cannot judge the bucket.
        exit: 3,
    },
    Case {
        name: "member scanned alone, covered only by the organization trail (a shadow trail)",
        base: clean_snapshot,
        change: |s| {
            let own = clean_region(s)["cloudtrail"]["trails"]["data"][0].take();
            clean_region(s)["cloudtrail"]["trails"]["data"] = json!([]);
            let mut org_trail = own;
            org_trail["TrailARN"] = json!("arn:aws:cloudtrail:us-east-1:999999999999:trail/org");
            org_trail["HomeRegion"] = json!("us-east-1");
            org_trail["IsOrganizationTrail"] = json!(true);
            s["accounts"][0]["shadow_trails"] = json!({
                "source": {"operation": "cloudtrail:DescribeTrails", "region": "eu-west-1"},
                "data": [org_trail]});
            s.as_object_mut().unwrap().remove("organization");
        },
        check: "cloudtrail.multi-region-logging",
        resource: "arn:aws:::123456789012:account",
        status: "pass",
        exit: 0,
    },
    Case {
        name: "trails of another region unreadable: a qualifying trail found still proves it",
        base: clean_snapshot,
        change: |s| {
            let mut other = clean_region(s).clone();
            other["cloudtrail"]["trails"] = json!({"error": {"reason": "access_denied",
                "action": "cloudtrail:DescribeTrails", "message": "not authorized"}});
            other["kms"]["keys"]["data"] = json!([]);
            s["accounts"][0]["regions"]["us-west-2"] = other;
        },
        check: "cloudtrail.multi-region-logging",
        resource: "arn:aws:::123456789012:account",
        status: "pass",
        // cloudtrail.log-file-validation cannot judge us-west-2.
        exit: 3,
    },
    Case {
        name: "multi-region trail that drops KMS management events",
        base: clean_snapshot,
        change: |s| {
            clean_region(s)["cloudtrail"]["trails"]["data"][0]["event_selectors"]["data"]["EventSelectors"]
                [0]["ExcludeManagementEventSources"] = json!(["kms.amazonaws.com"]);
        },
        check: "cloudtrail.multi-region-logging",
        resource: "arn:aws:::123456789012:account",
        status: "fail",
        exit: 1,
    },
    Case {
        name: "IAM user with one active access key, 10 days old: still a long-term credential",
        base: clean_snapshot,
        change: |s| {
            s["accounts"][0]["iam"]["access_keys"]["data"] = json!([{"UserName": "ci",
                "AccessKeyId": "AKIAEXAMPLE", "Status": "Active", "CreateDate": "2026-11-10T10:00:00Z"}]);
        },
        check: "iam.access-key-age",
        resource: "arn:aws:iam::123456789012:user/ci",
        status: "fail",
        // Medium: below the default --fail-on high.
        exit: 0,
    },
    Case {
        name: "IAM user with an active access key past the age limit: a high failure",
        base: clean_snapshot,
        change: |s| {
            s["accounts"][0]["iam"]["access_keys"]["data"] = json!([{"UserName": "ci",
                "AccessKeyId": "AKIAEXAMPLE", "Status": "Active", "CreateDate": "2026-01-10T10:00:00Z"}]);
        },
        check: "iam.access-key-age",
        resource: "arn:aws:iam::123456789012:user/ci",
        status: "fail",
        exit: 1,
    },
    Case {
        name: "member whose root credentials were removed through centralized root access",
        base: clean_snapshot,
        change: |s| {
            s["organization"]["data"]["management_account_id"] = json!("999999999999");
            s["organization"]["data"]["iam_features"] = json!({
                "source": {"operation": "iam:ListOrganizationsFeatures", "region": "global"},
                "data": ["RootCredentialsManagement", "RootSessions"]});
            s["accounts"][0]["iam"]["summary"]["data"] = json!({"AccountMFAEnabled": 0,
                "AccountPasswordPresent": 0, "AccountAccessKeysPresent": 0});
        },
        check: "iam.root-mfa",
        resource: "arn:aws:::123456789012:account",
        status: "pass",
        exit: 0,
    },
    Case {
        name: "member root without MFA or password, organization features unreadable",
        base: clean_snapshot,
        change: |s| {
            s["organization"]["data"]["management_account_id"] = json!("999999999999");
            s["organization"]["data"]["iam_features"] = json!({"error": {"reason": "access_denied",
                "action": "iam:ListOrganizationsFeatures", "message": "not authorized"}});
            s["accounts"][0]["iam"]["summary"]["data"] = json!({"AccountMFAEnabled": 0,
                "AccountPasswordPresent": 0, "AccountAccessKeysPresent": 0});
        },
        check: "iam.root-mfa",
        resource: "arn:aws:::123456789012:account",
        status: "error",
        exit: 3,
    },
    Case {
        name: "VPC shared into the account through AWS RAM: judged in its owner's account",
        base: clean_snapshot,
        change: |s| {
            clean_region(s)["ec2"]["vpcs"]["data"]
                .as_array_mut()
                .unwrap()
                .push(json!({"VpcId": "vpc-shared", "OwnerId": "999999999999"}));
        },
        check: "ec2.vpc-flow-logs",
        resource: "arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-shared",
        status: "not_applicable",
        exit: 0,
    },
    Case {
        name: "active flow log that fails to deliver",
        base: clean_snapshot,
        change: |s| {
            let fl = &mut clean_region(s)["ec2"]["flow_logs"]["data"][0];
            fl["DeliverLogsStatus"] = json!("FAILED");
            fl["DeliverLogsErrorMessage"] = json!("Access error");
        },
        check: "ec2.vpc-flow-logs",
        resource: "arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-1",
        status: "fail",
        exit: 0,
    },
    Case {
        name: "SSH open to 0.0.0.0/1 and 128.0.0.0/1: the whole internet in two rules",
        base: clean_snapshot,
        change: |s| {
            clean_region(s)["ec2"]["security_groups"]["data"][0]["IpPermissions"] = json!([
                {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
                 "IpRanges": ["0.0.0.0/1", "128.0.0.0/1"], "Ipv6Ranges": [],
                 "UserIdGroupPairs": [], "PrefixListIds": []}]);
        },
        check: "ec2.sg-admin-ports-open",
        resource: "arn:aws:ec2:eu-west-1:123456789012:security-group/sg-1",
        status: "fail",
        exit: 1,
    },
    Case {
        name: "policy allowing * on arn:aws:*:*:*:* (every resource, spelled as an ARN)",
        base: clean_snapshot,
        change: |s| {
            s["accounts"][0]["iam"]["authorization_details"]["data"]["Policies"] = json!([
                {"PolicyName": "ops", "Arn": "arn:aws:iam::123456789012:policy/ops",
                 "AttachmentCount": 1, "DefaultVersionId": "v1",
                 "Document": {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:*:*:*:*"}]}}]);
        },
        check: "iam.policy-admin-wildcard",
        resource: "arn:aws:iam::123456789012:policy/ops",
        status: "fail",
        exit: 1,
    },
    Case {
        name: "SSH admitted from a managed prefix list, whose entries are not read",
        base: clean_snapshot,
        change: |s| {
            clean_region(s)["ec2"]["security_groups"]["data"][0]["IpPermissions"] = json!([
                {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [],
                 "Ipv6Ranges": [], "UserIdGroupPairs": [], "PrefixListIds": ["pl-0abc"]}]);
        },
        check: "ec2.sg-admin-ports-open",
        resource: "arn:aws:ec2:eu-west-1:123456789012:security-group/sg-1",
        status: "error",
        exit: 3,
    },
];

fn bucket<'a>(s: &'a mut Value, account: &str, name: &str) -> &'a mut Value {
    s["accounts"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|a| a["account_id"] == account)
        .unwrap()["s3"]["buckets"]["data"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|b| b["Name"] == name)
        .unwrap()
}

#[test]
fn each_aws_subtlety_gets_the_verdict_aws_semantics_give() {
    for case in CASES {
        let dir = tempfile::tempdir().unwrap();
        let mut s = (case.base)();
        (case.change)(&mut s);
        let snap = write(dir.path(), "s.json", &s.to_string());
        // Judges the case with `evaluator` (the Rego VM production uses, or the interpreter the
        // Rego tests use): exit code, then the findings.
        let judge = |evaluator: &str| -> Value {
            let out_file = dir.path().join(format!("{evaluator}.json"));
            let mut cmd = evaluate(&snap);
            // The example is judged with its own configuration (corporate domains).
            if s["organization"]["data"]["id"] == "o-nw12example" {
                cmd.arg("--config").arg(example_config());
            }
            let out = cmd
                .env("CALIPER_REGO", evaluator)
                .arg("--out")
                .arg(&out_file)
                .output()
                .unwrap();
            assert_eq!(
                out.status.code(),
                Some(case.exit),
                "{} ({evaluator}): {}",
                case.name,
                stderr_of(&out)
            );
            serde_json::from_str(&std::fs::read_to_string(&out_file).unwrap()).unwrap()
        };
        let findings = judge("vm");
        assert_eq!(
            judge("interpreter")["findings"],
            findings["findings"],
            "{}: the VM and the interpreter disagree",
            case.name
        );
        let found = findings["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["check"] == case.check && f["resource"] == case.resource);
        if case.status == "none" {
            assert!(found.is_none(), "{}: {found:?}", case.name);
            continue;
        }
        let f = found.unwrap_or_else(|| {
            panic!(
                "{}: no {} finding for {}",
                case.name, case.check, case.resource
            )
        });
        assert_eq!(f["status"], case.status, "{}: {}", case.name, f["message"]);
    }
}

/// A region every read of which a service control policy denies (a region-deny guardrail).
fn scp_closed_region(s: &mut Value, region: &str) {
    let scp = |action: &str| {
        json!({"error": {"reason": "access_denied", "action": action, "message": format!(
            "User: arn:aws:sts::123456789012:assumed-role/caliper-audit/caliper is not authorized \
             to perform: {action} with an explicit deny in a service control policy")}})
    };
    s["accounts"][0]["regions"][region] = json!({
        "ec2": {
            "security_groups": scp("ec2:DescribeSecurityGroups"),
            "network_acls": scp("ec2:DescribeNetworkAcls"),
            "vpcs": scp("ec2:DescribeVpcs"),
            "flow_logs": scp("ec2:DescribeFlowLogs"),
            "volumes": scp("ec2:DescribeVolumes"),
            "ebs_encryption_by_default": scp("ec2:GetEbsEncryptionByDefault")
        },
        "kms": {"keys": scp("kms:ListKeys")},
        "cloudtrail": {"trails": scp("cloudtrail:DescribeTrails")}
    });
}

#[test]
fn a_region_closed_by_an_scp_is_one_error_per_account_and_region() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = clean_snapshot();
    scp_closed_region(&mut s, "ap-south-1");
    let (out, findings) = evaluate_json(dir.path(), &s, &[]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    let errors: Vec<&Value> = findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "error")
        .collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = errors[0];
    assert_eq!(e["check"], "caliper.region-closed-by-scp");
    assert_eq!(e["region"], "ap-south-1");
    let message = e["message"].as_str().unwrap();
    assert!(
        message.contains("ec2.sg-admin-ports-open") && message.contains("--regions"),
        "{message}"
    );
    assert!(
        e["controls"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "NETSEC-001"),
        "{e}"
    );
    // The scope names the region once, with the advice; no section of it is listed.
    let scope = &findings["scan"]["scope"];
    assert_eq!(scope["not_scanned"].as_array().unwrap().len(), 1, "{scope}");
    assert!(
        scope["not_scanned"][0]["why"]
            .as_str()
            .unwrap()
            .contains("service control policy")
    );
    assert_eq!(scope["unreadable"].as_array().unwrap().len(), 0, "{scope}");
}

#[test]
fn a_snapshot_that_leaves_out_a_list_deciding_a_verdict_is_bad_input() {
    // Read as empty, a missing IpPermissions would pass every security-group check.
    let dir = tempfile::tempdir().unwrap();
    let mut s = clean_snapshot();
    clean_region(&mut s)["ec2"]["security_groups"]["data"][0]
        .as_object_mut()
        .unwrap()
        .remove("IpPermissions");
    let (out, findings) = evaluate_json(dir.path(), &s, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains("s.json:") && err.contains("missing field `IpPermissions`"),
        "{err}"
    );
    assert!(findings.is_null(), "nothing written for bad input");
}

#[test]
fn every_error_finding_of_the_example_names_a_section_recorded_as_unreadable() {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("f.json");
    let out = evaluate(&example())
        .arg("--config")
        .arg(example_config())
        .arg("--out")
        .arg(&out_file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let findings: Value =
        serde_json::from_str(&std::fs::read_to_string(&out_file).unwrap()).unwrap();
    assert!(
        findings["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["status"] == "error")
    );
    assert_errors_name_unreadable_sections(&findings);
}

#[test]
fn an_scp_denying_one_service_in_a_region_does_not_close_the_region() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = clean_snapshot();
    clean_region(&mut s)["kms"]["keys"] = json!({"error": {"reason": "access_denied",
        "action": "kms:ListKeys", "message": "User: x is not authorized to perform: kms:ListKeys with an explicit deny in a service control policy"}});
    let (out, findings) = evaluate_json(dir.path(), &s, &[]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    let errors: Vec<&str> = findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "error")
        .map(|f| f["check"].as_str().unwrap())
        .collect();
    assert_eq!(
        errors,
        ["kms.key-rotation"],
        "the other checks of the region still judge it"
    );
}
