//! Read-only by construction: the one list of AWS operations the collector may call, the
//! interceptor that refuses every other operation before it is signed or sent, and the IAM policy
//! and role template generated from that list.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeSerializationInterceptorContextRef;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use serde_json::{Value, json};

/// One AWS API operation the collector calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Op {
    /// The client it is called on: `iam`, `s3`, `s3control`, `ec2`, ...
    pub client: &'static str,
    /// The API operation name as the SDK names it (`GetBucketEncryption`).
    pub name: &'static str,
    /// The IAM action that authorises it (`s3:GetEncryptionConfiguration`).
    pub action: &'static str,
    /// What caliper reads with it.
    pub purpose: &'static str,
}

impl Op {
    /// `service:Operation` as recorded in a snapshot section's `source`.
    pub fn api(&self) -> String {
        format!("{}:{}", self.client, self.name)
    }
}

macro_rules! allowlist {
    ($($id:ident = $client:literal $name:literal $action:literal $purpose:literal;)*) => {
        $(pub const $id: Op = Op { client: $client, name: $name, action: $action, purpose: $purpose };)*
        /// Every operation the collector may call. Nothing else gets past [`ReadOnly`].
        pub const ALLOWLIST: &[Op] = &[$($id),*];
    };
}

allowlist! {
    STS_GET_CALLER_IDENTITY = "sts" "GetCallerIdentity" "sts:GetCallerIdentity" "the scanning account (needs no permission)";
    STS_ASSUME_ROLE = "sts" "AssumeRole" "sts:AssumeRole" "enter each member account through the scan role";
    ORG_DESCRIBE_ORGANIZATION = "organizations" "DescribeOrganization" "organizations:DescribeOrganization" "organization id and management account";
    ORG_LIST_ACCOUNTS = "organizations" "ListAccounts" "organizations:ListAccounts" "accounts, status and root e-mail";
    ORG_LIST_ROOTS = "organizations" "ListRoots" "organizations:ListRoots" "the root of the OU tree";
    ORG_LIST_OUS_FOR_PARENT = "organizations" "ListOrganizationalUnitsForParent" "organizations:ListOrganizationalUnitsForParent" "OU names, for each account's OU path";
    ORG_LIST_ACCOUNTS_FOR_PARENT = "organizations" "ListAccountsForParent" "organizations:ListAccountsForParent" "which OU holds each account";
    ORG_LIST_SERVICE_ACCESS = "organizations" "ListAWSServiceAccessForOrganization" "organizations:ListAWSServiceAccessForOrganization" "services enabled for the organization (IAM Identity Center)";
    IAM_LIST_ORGANIZATIONS_FEATURES = "iam" "ListOrganizationsFeatures" "iam:ListOrganizationsFeatures" "centralized root access (root credentials removed from members)";
    IAM_GET_ACCOUNT_SUMMARY = "iam" "GetAccountSummary" "iam:GetAccountSummary" "root MFA and root access keys";
    IAM_GENERATE_CREDENTIAL_REPORT = "iam" "GenerateCredentialReport" "iam:GenerateCredentialReport" "ask IAM to build the credential report";
    IAM_GET_CREDENTIAL_REPORT = "iam" "GetCredentialReport" "iam:GetCredentialReport" "users' passwords, MFA and key use (no secrets)";
    IAM_GET_PASSWORD_POLICY = "iam" "GetAccountPasswordPolicy" "iam:GetAccountPasswordPolicy" "password policy";
    IAM_GET_AUTHORIZATION_DETAILS = "iam" "GetAccountAuthorizationDetails" "iam:GetAccountAuthorizationDetails" "users, groups, roles and policies with documents";
    IAM_LIST_ACCESS_KEYS = "iam" "ListAccessKeys" "iam:ListAccessKeys" "access keys and their age";
    IAM_GET_ACCESS_KEY_LAST_USED = "iam" "GetAccessKeyLastUsed" "iam:GetAccessKeyLastUsed" "when each access key was last used";
    IAM_LIST_SAML_PROVIDERS = "iam" "ListSAMLProviders" "iam:ListSAMLProviders" "federation evidence";
    IAM_LIST_OIDC_PROVIDERS = "iam" "ListOpenIDConnectProviders" "iam:ListOpenIDConnectProviders" "federation evidence";
    ACCOUNT_GET_ALTERNATE_CONTACT = "account" "GetAlternateContact" "account:GetAlternateContact" "security, operations and billing contacts";
    S3_LIST_BUCKETS = "s3" "ListBuckets" "s3:ListAllMyBuckets" "buckets and their regions";
    S3_GET_BUCKET_LOCATION = "s3" "GetBucketLocation" "s3:GetBucketLocation" "a bucket's region when the listing does not give it";
    S3_GET_BUCKET_ENCRYPTION = "s3" "GetBucketEncryption" "s3:GetEncryptionConfiguration" "default encryption";
    S3_GET_BUCKET_POLICY = "s3" "GetBucketPolicy" "s3:GetBucketPolicy" "bucket policy (TLS only, access limits)";
    S3_GET_BUCKET_POLICY_STATUS = "s3" "GetBucketPolicyStatus" "s3:GetBucketPolicyStatus" "whether the policy makes the bucket public";
    S3_GET_PUBLIC_ACCESS_BLOCK = "s3" "GetPublicAccessBlock" "s3:GetBucketPublicAccessBlock" "bucket public access block";
    S3_GET_BUCKET_VERSIONING = "s3" "GetBucketVersioning" "s3:GetBucketVersioning" "versioning and MFA delete";
    S3_GET_OBJECT_LOCK = "s3" "GetObjectLockConfiguration" "s3:GetBucketObjectLockConfiguration" "Object Lock";
    S3CONTROL_GET_PUBLIC_ACCESS_BLOCK = "s3control" "GetPublicAccessBlock" "s3:GetAccountPublicAccessBlock" "account public access block";
    EC2_DESCRIBE_REGIONS = "ec2" "DescribeRegions" "ec2:DescribeRegions" "the regions enabled for the account";
    EC2_DESCRIBE_SECURITY_GROUPS = "ec2" "DescribeSecurityGroups" "ec2:DescribeSecurityGroups" "security group rules";
    EC2_DESCRIBE_NETWORK_ACLS = "ec2" "DescribeNetworkAcls" "ec2:DescribeNetworkAcls" "network ACL entries";
    EC2_DESCRIBE_VPCS = "ec2" "DescribeVpcs" "ec2:DescribeVpcs" "VPCs";
    EC2_DESCRIBE_FLOW_LOGS = "ec2" "DescribeFlowLogs" "ec2:DescribeFlowLogs" "VPC flow logs";
    EC2_DESCRIBE_VOLUMES = "ec2" "DescribeVolumes" "ec2:DescribeVolumes" "EBS volume encryption";
    EC2_GET_EBS_ENCRYPTION_BY_DEFAULT = "ec2" "GetEbsEncryptionByDefault" "ec2:GetEbsEncryptionByDefault" "EBS encryption by default";
    KMS_LIST_KEYS = "kms" "ListKeys" "kms:ListKeys" "KMS keys";
    KMS_DESCRIBE_KEY = "kms" "DescribeKey" "kms:DescribeKey" "key manager, state and spec";
    KMS_LIST_ALIASES = "kms" "ListAliases" "kms:ListAliases" "key aliases";
    KMS_GET_KEY_ROTATION_STATUS = "kms" "GetKeyRotationStatus" "kms:GetKeyRotationStatus" "key rotation";
    CLOUDTRAIL_DESCRIBE_TRAILS = "cloudtrail" "DescribeTrails" "cloudtrail:DescribeTrails" "trails";
    CLOUDTRAIL_GET_TRAIL_STATUS = "cloudtrail" "GetTrailStatus" "cloudtrail:GetTrailStatus" "whether each trail is logging";
    CLOUDTRAIL_GET_EVENT_SELECTORS = "cloudtrail" "GetEventSelectors" "cloudtrail:GetEventSelectors" "which events each trail records";
}

/// Operation names that read without starting with Describe/List/Get/Head.
const READ_EXCEPTIONS: &[&str] = &["GenerateCredentialReport", "AssumeRole"];

/// Is this operation name a read? (The allowlist test holds every entry to this.)
pub fn is_read_operation(name: &str) -> bool {
    ["Describe", "List", "Get", "Head"]
        .iter()
        .any(|p| name.starts_with(p))
        || READ_EXCEPTIONS.contains(&name)
}

/// Every operation the collector called, with counts (`service:Operation` → calls).
#[derive(Debug, Default)]
pub struct CallLog {
    calls: Mutex<BTreeMap<String, u64>>,
}

impl CallLog {
    pub fn record(&self, client: &str, operation: &str) {
        let mut calls = self.calls.lock().unwrap_or_else(|e| e.into_inner());
        *calls.entry(format!("{client}:{operation}")).or_default() += 1;
    }
    pub fn snapshot(&self) -> BTreeMap<String, u64> {
        self.calls.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// The interceptor on every SDK client: refuses any operation not on [`ALLOWLIST`] for its client
/// before the request is serialized, signed or sent, and logs the ones it lets through.
#[derive(Debug, Clone)]
pub struct ReadOnly {
    client: &'static str,
    log: Arc<CallLog>,
}

impl ReadOnly {
    pub fn new(client: &'static str, log: Arc<CallLog>) -> Self {
        ReadOnly { client, log }
    }

    /// `Ok` when `operation` may be called on this client.
    pub fn admit(&self, operation: &str) -> Result<(), String> {
        if ALLOWLIST
            .iter()
            .any(|op| op.client == self.client && op.name == operation)
        {
            self.log.record(self.client, operation);
            Ok(())
        } else {
            Err(format!(
                "caliper is read-only: {}:{operation} is not on its allowlist and was not sent",
                self.client
            ))
        }
    }
}

impl Intercept for ReadOnly {
    fn name(&self) -> &'static str {
        "caliper::ReadOnly"
    }

    fn read_before_serialization(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let operation = cfg
            .load::<Metadata>()
            .map(|m| m.name().to_string())
            .ok_or("caliper is read-only: operation without metadata refused")?;
        self.admit(&operation).map_err(Into::into)
    }
}

/// The IAM actions needed inside each scanned account (everything but AssumeRole).
fn read_actions() -> Vec<&'static str> {
    let mut actions: Vec<&str> = ALLOWLIST
        .iter()
        .filter(|op| op.action != "sts:AssumeRole")
        .map(|op| op.action)
        .collect();
    actions.sort_unstable();
    actions.dedup();
    actions
}

/// The least-privilege IAM policy for the scanning principal.
pub fn iam_policy(role_name: &str) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "CaliperReadOnly",
                "Effect": "Allow",
                "Action": read_actions(),
                "Resource": "*"
            },
            {
                "Sid": "CaliperAssumeScanRole",
                "Effect": "Allow",
                "Action": "sts:AssumeRole",
                "Resource": format!("arn:aws:iam::*:role/{role_name}")
            }
        ]
    })
}

/// A CloudFormation template (deployable as a StackSet) for the role caliper assumes in each
/// member account: trusted by the scanning account, optionally with an external id, allowed only
/// the read actions.
pub fn role_template(role_name: &str) -> Value {
    json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "Read-only role for caliper scans (generated by `caliper policy --role-template`).",
        "Parameters": {
            "ScanningAccountId": {
                "Type": "String",
                "AllowedPattern": "^[0-9]{12}$",
                "Description": "The account caliper runs from (its credentials assume this role)."
            },
            "ExternalId": {
                "Type": "String",
                "Default": "",
                "Description": "Optional external id; caliper passes it with --external-id."
            }
        },
        "Conditions": {
            "HasExternalId": {"Fn::Not": [{"Fn::Equals": [{"Ref": "ExternalId"}, ""]}]}
        },
        "Resources": {
            "CaliperScanRole": {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "RoleName": role_name,
                    "MaxSessionDuration": 3600,
                    "AssumeRolePolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [{
                            "Effect": "Allow",
                            "Principal": {"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${ScanningAccountId}:root"}},
                            "Action": "sts:AssumeRole",
                            "Condition": {"Fn::If": [
                                "HasExternalId",
                                {"StringEquals": {"sts:ExternalId": {"Ref": "ExternalId"}}},
                                {"Ref": "AWS::NoValue"}
                            ]}
                        }]
                    },
                    "Policies": [{
                        "PolicyName": "CaliperReadOnly",
                        "PolicyDocument": {
                            "Version": "2012-10-17",
                            "Statement": [{
                                "Effect": "Allow",
                                "Action": read_actions(),
                                "Resource": "*"
                            }]
                        }
                    }]
                }
            }
        },
        "Outputs": {
            "RoleArn": {"Value": {"Fn::GetAtt": ["CaliperScanRole", "Arn"]}}
        }
    })
}

/// `docs/permissions.md`, generated from the allowlist.
pub fn permissions_markdown() -> String {
    let mut out = String::from(
        "# Permissions caliper needs\n\n\
         Generated from the collector's allowlist (`src/collect/guard.rs`) by \
         `caliper policy --docs`; a test fails when this file is stale.\n\n\
         caliper calls only the operations below. Every SDK client carries an interceptor that \
         refuses any other operation before it is signed or sent, so a scan cannot change \
         anything even with broader credentials.\n\n\
         | API operation | IAM action | what caliper reads |\n|---|---|---|\n",
    );
    for op in ALLOWLIST {
        out.push_str(&format!(
            "| `{}` | `{}` | {} |\n",
            op.api(),
            op.action,
            op.purpose
        ));
    }
    out.push_str(
        "\n## The policy\n\n`caliper policy` prints it (the role name defaults to \
         `OrganizationAccountAccessRole`; pass `--role-name`):\n\n```json\n",
    );
    out.push_str(
        &serde_json::to_string_pretty(&iam_policy("OrganizationAccountAccessRole"))
            .unwrap_or_default(),
    );
    out.push_str(
        "\n```\n\n`caliper policy --role-template` prints a CloudFormation template (deployable \
         to every member account as a StackSet) for a role with exactly these read actions, \
         trusted by the scanning account, with an optional external id.\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_allowed_operation_is_a_read() {
        for op in ALLOWLIST {
            assert!(is_read_operation(op.name), "{} is not a read", op.api());
            let verb = op.action.split(':').nth(1).unwrap_or_default();
            assert!(
                is_read_operation(verb),
                "{} needs non-read action {}",
                op.api(),
                op.action
            );
        }
    }

    #[test]
    fn writes_are_refused_and_reads_logged() {
        let log = Arc::new(CallLog::default());
        let guard = ReadOnly::new("s3", log.clone());
        assert!(guard.admit("GetBucketPolicy").is_ok());
        let err = guard.admit("PutBucketPolicy").unwrap_err();
        assert!(err.contains("s3:PutBucketPolicy"), "{err}");
        // An operation allowed on one client is not allowed on another.
        assert!(
            ReadOnly::new("s3control", log.clone())
                .admit("GetBucketPolicy")
                .is_err()
        );
        assert_eq!(
            log.snapshot(),
            BTreeMap::from([("s3:GetBucketPolicy".to_string(), 1)])
        );
    }

    #[test]
    fn policy_has_only_read_actions() {
        let policy = iam_policy("Scan");
        let actions = policy["Statement"][0]["Action"].as_array().unwrap();
        assert!(actions.len() > 30);
        for a in actions {
            let verb = a.as_str().unwrap().split(':').nth(1).unwrap();
            assert!(is_read_operation(verb), "{a}");
        }
    }
}
