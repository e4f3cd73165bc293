//! AWS subtleties, one change of the built-in example each: the verdict of the affected finding
//! as production judges it (the Rego VM), and the exit code.

use serde_json::{Value, json};

use super::*;

struct Case {
    name: &'static str,
    change: fn(&mut Value),
    check: &'static str,
    resource: &'static str,
    status: &'static str,
}

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
    let base: Value = serde_json::from_str(&std::fs::read_to_string(example()).unwrap()).unwrap();
    for case in CASES {
        let dir = tempfile::tempdir().unwrap();
        let mut s = base.clone();
        (case.change)(&mut s);
        let snap = write(dir.path(), "s.json", &s.to_string());
        let out_file = dir.path().join("f.json");
        let out = evaluate(&snap)
            .arg("--config")
            .arg(example_config())
            .arg("--out")
            .arg(&out_file)
            .output()
            .unwrap();
        // The example fails already at `high`; the case decides only its own finding.
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}: {}",
            case.name,
            stderr_of(&out)
        );
        let findings: Value =
            serde_json::from_str(&std::fs::read_to_string(&out_file).unwrap()).unwrap();
        let f = findings["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["check"] == case.check && f["resource"] == case.resource)
            .unwrap_or_else(|| {
                panic!(
                    "{}: no {} finding for {}",
                    case.name, case.check, case.resource
                )
            });
        assert_eq!(f["status"], case.status, "{}: {}", case.name, f["message"]);
    }
}
