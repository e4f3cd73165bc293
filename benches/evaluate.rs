//! Evaluation benchmark: a synthetic organization (default 500 accounts, each with ~300 security
//! groups, 500 IAM policies with documents and 200 buckets) judged by every built-in check.
//!
//! `cargo bench --bench evaluate --no-default-features [-- ACCOUNTS]` prints wall time, CPU time,
//! per-account time and peak RSS (without the collector feature the AWS SDK is not built).

use std::time::Instant;

use caliper::engine::{Catalog, DEFAULT_FRAMEWORK, Engine};
use caliper::model::{Config, Snapshot};
use serde_json::{Value, json};

// The allocator of the binary (see src/main.rs), so the bench measures what the CLI does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn src(op: &str, region: &str) -> Value {
    json!({"operation": op, "region": region})
}

fn section(op: &str, region: &str, data: Value) -> Value {
    json!({"source": src(op, region), "data": data})
}

fn account(n: usize) -> Value {
    let id = format!("{:012}", 100_000_000_000u64 + n as u64);
    let regions = ["us-east-1", "eu-west-1"];
    let mut region_map = serde_json::Map::new();
    for (ri, region) in regions.iter().enumerate() {
        let sgs: Vec<Value> = (0..150)
            .map(|i| {
                let open = if i % 50 == 0 { "0.0.0.0/0" } else { "10.0.0.0/8" };
                json!({
                    "GroupId": format!("sg-{ri}{i:016x}"),
                    "GroupName": if i == 0 { "default".to_string() } else { format!("app-{i}") },
                    "VpcId": format!("vpc-{ri}{:x}", i % 5),
                    "IpPermissions": [
                        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [open], "Ipv6Ranges": [], "UserIdGroupPairs": [], "PrefixListIds": []},
                        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": ["0.0.0.0/0"], "Ipv6Ranges": ["::/0"], "UserIdGroupPairs": [], "PrefixListIds": []},
                        {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "IpRanges": [], "Ipv6Ranges": [], "UserIdGroupPairs": ["sg-1"], "PrefixListIds": []}
                    ],
                    "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": ["0.0.0.0/0"], "Ipv6Ranges": [], "UserIdGroupPairs": [], "PrefixListIds": []}]
                })
            })
            .collect();
        let vpcs: Vec<Value> = (0..5)
            .map(|v| json!({"VpcId": format!("vpc-{ri}{v:x}"), "Name": format!("vpc-{v}")}))
            .collect();
        let flow_logs: Vec<Value> =
            (0..4).map(|v| json!({"FlowLogId": format!("fl-{v}"), "ResourceId": format!("vpc-{ri}{v:x}"), "TrafficType": "ALL", "FlowLogStatus": "ACTIVE", "DeliverLogsStatus": "SUCCESS"})).collect();
        let nacls: Vec<Value> = (0..5)
            .map(|v| {
                json!({"NetworkAclId": format!("acl-{ri}{v}"), "VpcId": format!("vpc-{ri}{v:x}"), "IsDefault": v == 0, "Entries": [
                    {"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0"},
                    {"RuleNumber": 32767, "Protocol": "-1", "RuleAction": "deny", "Egress": false, "CidrBlock": "0.0.0.0/0"}
                ]})
            })
            .collect();
        let volumes: Vec<Value> = (0..50)
            .map(|v| json!({"VolumeId": format!("vol-{ri}{v:016x}"), "Encrypted": v % 10 != 0}))
            .collect();
        let keys: Vec<Value> = (0..20)
            .map(|k| {
                let arn = format!("arn:aws:kms:{region}:{id}:key/{k:08}");
                json!({"KeyId": format!("{k:08}"), "Arn": arn, "KeyManager": if k < 15 {"CUSTOMER"} else {"AWS"}, "KeyState": "Enabled",
                    "rotation": section("kms:GetKeyRotationStatus", region, json!({"KeyRotationEnabled": k % 3 != 0}))})
            })
            .collect();
        let trails: Vec<Value> = if ri == 0 {
            vec![
                json!({"Name": "org", "TrailARN": format!("arn:aws:cloudtrail:{region}:{id}:trail/org"), "HomeRegion": region,
                "IsMultiRegionTrail": true, "LogFileValidationEnabled": true, "S3BucketName": format!("logs-{id}"),
                "status": section("cloudtrail:GetTrailStatus", region, json!({"IsLogging": true})),
                "event_selectors": section("cloudtrail:GetEventSelectors", region, json!({"EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": true, "ExcludeManagementEventSources": []}]}))}),
            ]
        } else {
            vec![]
        };
        region_map.insert(
            region.to_string(),
            json!({
                "ec2": {
                    "security_groups": section("ec2:DescribeSecurityGroups", region, json!(sgs)),
                    "network_acls": section("ec2:DescribeNetworkAcls", region, json!(nacls)),
                    "vpcs": section("ec2:DescribeVpcs", region, json!(vpcs)),
                    "flow_logs": section("ec2:DescribeFlowLogs", region, json!(flow_logs)),
                    "volumes": section("ec2:DescribeVolumes", region, json!(volumes)),
                    "ebs_encryption_by_default": section("ec2:GetEbsEncryptionByDefault", region, json!({"EbsEncryptionByDefault": ri == 0}))
                },
                "kms": {"keys": section("kms:ListKeys", region, json!(keys))},
                "cloudtrail": {"trails": section("cloudtrail:DescribeTrails", region, json!(trails))}
            }),
        );
    }
    let policies: Vec<Value> = (0..500)
        .map(|p| {
            let action = match p % 25 {
                0 => json!("*"),
                1 => json!(["s3:*", "ec2:Describe*"]),
                2 => json!("s3:Get*"),
                _ => json!(["s3:GetObject", "s3:PutObject", "dynamodb:Query"]),
            };
            json!({"PolicyName": format!("policy-{p}"), "Arn": format!("arn:aws:iam::{id}:policy/policy-{p}"), "AttachmentCount": 1,
                "DefaultVersionId": "v1", "Document": {"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Action": action, "Resource": if p % 2 == 0 { json!("*") } else { json!([format!("arn:aws:s3:::b-{p}/*")]) }},
                    {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}
                ]}})
        })
        .collect();
    let users: Vec<Value> = (0..20)
        .map(|u| json!({"UserName": format!("user-{u}"), "Arn": format!("arn:aws:iam::{id}:user/user-{u}"), "GroupList": ["devs"],
            "AttachedManagedPolicies": if u == 0 { json!([{"PolicyName": "AdministratorAccess", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}]) } else { json!([]) },
            "UserPolicyList": [{"PolicyName": "inline", "PolicyDocument": {"Statement": {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}}}]}))
        .collect();
    let roles: Vec<Value> = (0..50)
        .map(|r| json!({"RoleName": format!("role-{r}"), "Arn": format!("arn:aws:iam::{id}:role/role-{r}"),
            "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
            "AttachedManagedPolicies": [], "RolePolicyList": []}))
        .collect();
    let report: Vec<Value> = std::iter::once(json!({"user": "<root_account>", "arn": format!("arn:aws:iam::{id}:root"), "password_enabled": true, "mfa_active": true, "access_key_1_active": false, "access_key_2_active": false}))
        .chain((0..20).map(|u| json!({"user": format!("user-{u}"), "arn": format!("arn:aws:iam::{id}:user/user-{u}"), "password_enabled": u % 2 == 0, "mfa_active": u % 4 == 0, "access_key_1_active": true, "access_key_2_active": false})))
        .collect();
    let keys: Vec<Value> = (0..20)
        .map(|u| json!({"UserName": format!("user-{u}"), "AccessKeyId": format!("AKIA{u:016}"), "Status": "Active", "CreateDate": "2025-01-01T00:00:00Z"}))
        .collect();
    let buckets: Vec<Value> = (0..200)
        .map(|b| {
            let name = if b == 0 { format!("logs-{id}") } else { format!("bucket-{id}-{b}") };
            let region = regions[b % 2];
            json!({"Name": name, "Region": region,
                "encryption": section("s3:GetEncryptionConfiguration", region, if b % 7 == 0 { Value::Null } else { json!({"SSEAlgorithm": "AES256"}) }),
                "policy": section("s3:GetBucketPolicy", region, if b % 3 == 0 { Value::Null } else { json!({"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": [format!("arn:aws:s3:::{name}/*")], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}) }),
                "policy_status": section("s3:GetBucketPolicyStatus", region, json!({"IsPublic": false})),
                "public_access_block": section("s3:GetBucketPublicAccessBlock", region, json!({"BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": b % 5 != 0})),
                "versioning": section("s3:GetBucketVersioning", region, json!({"Status": "Enabled"})),
                "object_lock": section("s3:GetBucketObjectLockConfiguration", region, Value::Null)})
        })
        .collect();
    json!({
        "account_id": id,
        "iam": {
            "summary": section("iam:GetAccountSummary", "global", json!({"AccountMFAEnabled": 1, "AccountAccessKeysPresent": 0})),
            "credential_report": section("iam:GetCredentialReport", "global", json!(report)),
            "password_policy": section("iam:GetAccountPasswordPolicy", "global", json!({"MinimumPasswordLength": 8})),
            "authorization_details": section("iam:GetAccountAuthorizationDetails", "global", json!({"Users": users, "Groups": [{"GroupName": "devs", "Arn": format!("arn:aws:iam::{id}:group/devs"), "AttachedManagedPolicies": [], "GroupPolicyList": []}], "Roles": roles, "Policies": policies})),
            "access_keys": section("iam:ListAccessKeys", "global", json!(keys)),
            "saml_providers": section("iam:ListSAMLProviders", "global", json!([])),
            "oidc_providers": section("iam:ListOpenIDConnectProviders", "global", json!([]))
        },
        "alternate_contacts": section("account:GetAlternateContact", "global", json!({"SECURITY": {"EmailAddress": "sec@corp.example"}, "OPERATIONS": null, "BILLING": {"EmailAddress": "me@gmail.com"}})),
        "s3": {
            "account_public_access_block": section("s3:GetAccountPublicAccessBlock", "global", Value::Null),
            "buckets": section("s3:ListAllMyBuckets", "global", json!(buckets))
        },
        "regions": region_map
    })
}

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// User + system CPU seconds of this process so far (from /proc/self/stat): unlike wall time, not
/// inflated when another job shares the cores.
fn cpu_secs() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name (in parentheses, may contain spaces) start at `state`;
    // utime and stime (fields 14 and 15, in 1/100 s) are the 12th and 13th of them.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

fn main() {
    let accounts: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(500);
    let t = Instant::now();
    let mut snapshot = Snapshot {
        schema: caliper::model::snapshot::SNAPSHOT_SCHEMA.into(),
        tool: caliper::model::snapshot::Tool {
            name: "bench".into(),
            version: "0".into(),
        },
        collected_at: "2026-11-20T10:00:00Z".into(),
        organization: None,
        accounts: Vec::with_capacity(accounts),
        collection: None,
    };
    let mut json_bytes = 0usize;
    for n in 0..accounts {
        let v = account(n);
        json_bytes += v.to_string().len();
        snapshot
            .accounts
            .push(serde_json::from_value(v).expect("bench account matches the model"));
    }
    eprintln!(
        "generated {accounts} accounts ({:.0} MiB of JSON, {:.1} MiB per account) in {:.1} s",
        json_bytes as f64 / 1048576.0,
        json_bytes as f64 / 1048576.0 / accounts as f64,
        t.elapsed().as_secs_f64()
    );
    if let Ok(path) = std::env::var("CALIPER_BENCH_WRITE") {
        std::fs::write(&path, serde_json::to_string(&snapshot).unwrap()).unwrap();
        eprintln!("snapshot written to {path}");
    }
    let before = peak_rss_mib();
    // CALIPER_BENCH_CONTROLS=DIR judges with the controls under DIR instead of the built-in ones
    // (to compare variants of a check without rebuilding).
    let catalog = match std::env::var_os("CALIPER_BENCH_CONTROLS") {
        Some(dir) => Catalog::from_dir_only(std::path::Path::new(&dir)).unwrap(),
        None => Catalog::builtin().unwrap(),
    };
    let engine = Engine::new(&catalog, DEFAULT_FRAMEWORK).unwrap();
    let threads = rayon::current_num_threads();
    let t = Instant::now();
    let cpu = cpu_secs();
    let findings = engine
        .evaluate(snapshot, "bench", &Config::default(), &[])
        .unwrap();
    let secs = t.elapsed().as_secs_f64();
    let cpu = cpu_secs() - cpu;
    println!(
        "evaluate: {accounts} accounts, {} checks, {} findings in {secs:.2} s on {threads} threads; {:.1} ms per account (wall), {:.1} ms per account per thread; {cpu:.2} s CPU ({:.1} ms per account); peak RSS {:.0} MiB ({:.0} MiB before evaluation, holding the snapshot)",
        engine.checks().len(),
        findings.findings.len(),
        secs * 1000.0 / accounts as f64,
        secs * 1000.0 * threads as f64 / accounts as f64,
        cpu * 1000.0 / accounts as f64,
        peak_rss_mib(),
        before
    );
}
