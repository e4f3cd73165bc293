//! `caliper.snapshot/v1`: what the collector saw. Caliper's own structure is snake_case
//! (`accounts`, `regions`, `source`, `data`); AWS resources keep AWS's field names (`GroupId`,
//! `IpPermissions`) so rule authors can read them against the AWS API reference.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::policy::PolicyDocument;
use super::section::{Section, SectionError};
pub use super::services::*;

pub const SNAPSHOT_SCHEMA: &str = "caliper.snapshot/v1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    /// Always `caliper.snapshot/v1`.
    pub schema: String,
    pub tool: Tool,
    /// RFC 3339 time the collection started; checks judge ages relative to it.
    pub collected_at: String,
    /// Organization facts; absent when the scan was not an Organization scan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<Section<Organization>>,
    pub accounts: Vec<Account>,
    /// How the collector ran: every API call it made, counted; absent for hand-made snapshots.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection: Option<Collection>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Collection {
    /// `service:Operation` → number of calls (all on the collector's read-only allowlist).
    pub api_calls: BTreeMap<String, u64>,
    /// Operations the collector attempted that its read-only guard refused, so they were never
    /// sent (`service:Operation` → attempts); empty unless caliper itself is broken.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub refused_calls: BTreeMap<String, u64>,
    /// Wall time of the collection.
    pub elapsed_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

// ---------------------------------------------------------------------------------------------
// Organization

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    pub id: String,
    pub management_account_id: String,
    /// organizations:ListAccounts with each account's OU path.
    pub accounts: Vec<OrgAccount>,
    /// Set when the OU tree could not be read (organizations:ListRoots,
    /// ListOrganizationalUnitsForParent or ListAccountsForParent): every account's `ou_path` is
    /// then empty, not the root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ou_paths_error: Option<SectionError>,
    /// Organization trails (IsOrganizationTrail), with status and selectors, read in the
    /// management account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trails: Option<Section<Vec<Trail>>>,
    /// organizations:ListDelegatedAdministrators with their service principals. No check used
    /// it, so caliper no longer collects it; kept so that older snapshots load.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delegated_administrators: Option<Section<Vec<DelegatedAdministrator>>>,
    /// organizations:ListAWSServiceAccessForOrganization (e.g. `sso.amazonaws.com` means IAM
    /// Identity Center is enabled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled_services: Option<Section<Vec<String>>>,
    /// iam:ListOrganizationsFeatures: centralized root access features enabled for the members
    /// (`RootCredentialsManagement`, `RootSessions`). Absent in snapshots made before caliper
    /// read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iam_features: Option<Section<Vec<String>>>,
    /// organizations:ListTagsForResource for each scanned account: account id → tag key →
    /// value. Absent in snapshots made before caliper read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_tags: Option<Section<BTreeMap<String, BTreeMap<String, String>>>>,
    /// Cost Explorer facts, read only with `--cost-explorer` (its requests are billed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_explorer: Option<Section<CostExplorer>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct OrgAccount {
    pub id: String,
    pub name: String,
    /// The root user's e-mail address.
    pub email: String,
    /// ACTIVE, SUSPENDED, PENDING_CLOSURE.
    pub status: String,
    /// OU names from the root down, e.g. `["Root", "Workloads", "Prod"]`.
    #[serde(default)]
    pub ou_path: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DelegatedAdministrator {
    pub account_id: String,
    pub service_principals: Vec<String>,
}

// ---------------------------------------------------------------------------------------------
// Account

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Account {
    pub account_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Set when the account could not be scanned at all (e.g. its role could not be assumed);
    /// every check of the account is then `error`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<SectionError>,
    #[serde(default)]
    pub iam: Iam,
    /// account:GetAlternateContact for SECURITY, OPERATIONS and BILLING.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternate_contacts: Option<Section<AlternateContacts>>,
    #[serde(default)]
    pub s3: S3,
    /// Per enabled region.
    #[serde(default)]
    pub regions: BTreeMap<String, Region>,
    /// cloudtrail:DescribeTrails with shadow trails, once, in one scanned region: the
    /// multi-region and organization trails that cover this account but that no scanned region
    /// lists as its own (homed in a region left out of the scan, or owned by the management
    /// account), each read in its home region. Absent in snapshots made before caliper read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shadow_trails: Option<Section<Vec<Trail>>>,
    /// cloudfront:ListDistributions (a global service, read once). Absent in snapshots made
    /// before caliper read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloudfront_distributions: Option<Section<Vec<Distribution>>>,
    /// budgets:DescribeBudgets (a global service, read once). Absent in snapshots made before
    /// caliper read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budgets: Option<Section<Vec<Budget>>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Iam {
    /// iam:GetAccountSummary (`AccountMFAEnabled`, `AccountAccessKeysPresent`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Section<BTreeMap<String, i64>>>,
    /// iam:GetCredentialReport, without secrets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_report: Option<Section<Vec<CredentialReportRow>>>,
    /// iam:GetAccountPasswordPolicy; `null` data means no policy is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_policy: Option<Section<Option<PasswordPolicy>>>,
    /// iam:GetAccountAuthorizationDetails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_details: Option<Section<AuthorizationDetails>>,
    /// iam:ListAccessKeys + iam:GetAccessKeyLastUsed for every user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_keys: Option<Section<Vec<AccessKey>>>,
    /// iam:ListSAMLProviders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saml_providers: Option<Section<Vec<IdentityProvider>>>,
    /// iam:ListOpenIDConnectProviders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oidc_providers: Option<Section<Vec<IdentityProvider>>>,
}

/// One row of the IAM credential report (the CSV's column names). The root user's row has
/// `user` = `<root_account>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CredentialReportRow {
    pub user: String,
    pub arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_creation_time: Option<String>,
    pub password_enabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_last_used: Option<String>,
    pub mfa_active: bool,
    pub access_key_1_active: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key_1_last_rotated: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key_1_last_used_date: Option<String>,
    pub access_key_2_active: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key_2_last_rotated: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key_2_last_used_date: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PasswordPolicy {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_password_length: Option<i64>,
    #[serde(default)]
    pub require_symbols: bool,
    #[serde(default)]
    pub require_numbers: bool,
    #[serde(default)]
    pub require_uppercase_characters: bool,
    #[serde(default)]
    pub require_lowercase_characters: bool,
    #[serde(default)]
    pub allow_users_to_change_password: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_password_age: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_reuse_prevention: Option<i64>,
    #[serde(default)]
    pub hard_expiry: bool,
}

/// Every list that decides a verdict is required: a snapshot that leaves one out would otherwise
/// pass as if it were empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AuthorizationDetails {
    pub users: Vec<User>,
    pub groups: Vec<Group>,
    pub roles: Vec<Role>,
    /// Customer-managed policies with their default version's document.
    pub policies: Vec<ManagedPolicy>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AttachedPolicy {
    pub policy_name: String,
    pub policy_arn: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct InlinePolicy {
    pub policy_name: String,
    pub policy_document: PolicyDocument,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct User {
    pub user_name: String,
    pub arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_date: Option<String>,
    pub group_list: Vec<String>,
    pub attached_managed_policies: Vec<AttachedPolicy>,
    pub user_policy_list: Vec<InlinePolicy>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Group {
    pub group_name: String,
    pub arn: String,
    pub attached_managed_policies: Vec<AttachedPolicy>,
    pub group_policy_list: Vec<InlinePolicy>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Role {
    pub role_name: String,
    pub arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    pub assume_role_policy_document: PolicyDocument,
    pub attached_managed_policies: Vec<AttachedPolicy>,
    pub role_policy_list: Vec<InlinePolicy>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ManagedPolicy {
    pub policy_name: String,
    pub arn: String,
    pub attachment_count: i64,
    pub default_version_id: String,
    /// The default version's document.
    pub document: PolicyDocument,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AccessKey {
    pub user_name: String,
    pub access_key_id: String,
    /// Active or Inactive.
    pub status: String,
    pub create_date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_date: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct IdentityProvider {
    pub arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
}

/// Alternate contacts; `null` means the contact is not set.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AlternateContacts {
    #[serde(rename = "SECURITY", default)]
    pub security: Option<Contact>,
    #[serde(rename = "OPERATIONS", default)]
    pub operations: Option<Contact>,
    #[serde(rename = "BILLING", default)]
    pub billing: Option<Contact>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Contact {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub email_address: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// S3 (bucket listing is global; each bucket records its region)

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct S3 {
    /// s3:GetAccountPublicAccessBlock (S3 Control); `null` data means not configured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_public_access_block: Option<Section<Option<PublicAccessBlock>>>,
    /// s3:ListAllMyBuckets, each bucket with its own sections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buckets: Option<Section<Vec<Bucket>>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bucket {
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "Region")]
    pub region: String,
    #[serde(
        rename = "CreationDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub creation_date: Option<String>,
    /// s3:GetEncryptionConfiguration; `null` = no default encryption configured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption: Option<Section<Option<BucketEncryption>>>,
    /// s3:GetBucketPolicy; `null` = no bucket policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<Section<Option<PolicyDocument>>>,
    /// s3:GetBucketPolicyStatus; `null` = no policy, so not public through a policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_status: Option<Section<Option<PolicyStatus>>>,
    /// s3:GetBucketPublicAccessBlock; `null` = not configured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_access_block: Option<Section<Option<PublicAccessBlock>>>,
    /// s3:GetBucketVersioning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub versioning: Option<Section<Versioning>>,
    /// s3:GetBucketObjectLockConfiguration; `null` = Object Lock not enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object_lock: Option<Section<Option<ObjectLock>>>,
    /// s3:GetReplicationConfiguration; `null` = no replication. Absent in snapshots made before
    /// caliper read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replication: Option<Section<Option<Replication>>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct BucketEncryption {
    /// `AES256`, `aws:kms` or `aws:kms:dsse`.
    #[serde(rename = "SSEAlgorithm")]
    pub sse_algorithm: String,
    #[serde(
        rename = "KMSMasterKeyID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub kms_master_key_id: Option<String>,
    #[serde(default)]
    pub bucket_key_enabled: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PolicyStatus {
    pub is_public: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PublicAccessBlock {
    pub block_public_acls: bool,
    pub ignore_public_acls: bool,
    pub block_public_policy: bool,
    pub restrict_public_buckets: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Versioning {
    /// `Enabled`, `Suspended`, or absent when never enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// `Enabled` or `Disabled`.
    #[serde(rename = "MFADelete", default, skip_serializing_if = "Option::is_none")]
    pub mfa_delete: Option<String>,
}

/// s3:GetReplicationConfiguration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Replication {
    pub rules: Vec<ReplicationRule>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ReplicationRule {
    /// `Enabled` or `Disabled`.
    pub status: String,
    /// The destination bucket's ARN.
    pub destination_bucket: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ObjectLock {
    pub object_lock_enabled: String,
    /// `GOVERNANCE` or `COMPLIANCE` when a default retention is set (Rule.DefaultRetention.Mode).
    /// Without one, objects written without their own retention (as CloudTrail writes them)
    /// are not locked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_retention_mode: Option<String>,
    /// Rule.DefaultRetention.Days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_retention_days: Option<i64>,
    /// Rule.DefaultRetention.Years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_retention_years: Option<i64>,
}

// ---------------------------------------------------------------------------------------------
// Regional services

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// Set when the whole region could not be read (e.g. not enabled for the account).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<SectionError>,
    #[serde(default)]
    pub ec2: Ec2,
    #[serde(default)]
    pub kms: Kms,
    #[serde(default)]
    pub cloudtrail: CloudTrail,
    #[serde(default)]
    pub rds: Rds,
    #[serde(default)]
    pub elbv2: Elbv2,
    #[serde(default)]
    pub dynamodb: DynamoDb,
    #[serde(default)]
    pub acm: Acm,
    #[serde(default)]
    pub lambda: Lambda,
    #[serde(default)]
    pub apigateway: ApiGateway,
    #[serde(default)]
    pub cloudwatch: CloudWatch,
    #[serde(default)]
    pub logs: Logs,
    #[serde(default)]
    pub autoscaling: AutoScaling,
    #[serde(default)]
    pub ssm: Ssm,
    #[serde(default)]
    pub events: Events,
    #[serde(default)]
    pub backup: Backup,
    #[serde(default)]
    pub codepipeline: CodePipeline,
    #[serde(default)]
    pub codebuild: CodeBuild,
    #[serde(default)]
    pub cloudformation: CloudFormation,
    #[serde(default)]
    pub tagging: Tagging,
    #[serde(default)]
    pub directconnect: DirectConnect,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ec2 {
    /// ec2:DescribeSecurityGroups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_groups: Option<Section<Vec<SecurityGroup>>>,
    /// ec2:DescribeNetworkAcls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_acls: Option<Section<Vec<NetworkAcl>>>,
    /// ec2:DescribeVpcs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpcs: Option<Section<Vec<Vpc>>>,
    /// ec2:DescribeFlowLogs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow_logs: Option<Section<Vec<FlowLog>>>,
    /// ec2:DescribeVolumes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volumes: Option<Section<Vec<Volume>>>,
    /// ec2:GetEbsEncryptionByDefault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ebs_encryption_by_default: Option<Section<EbsEncryptionByDefault>>,
    /// ec2:DescribeNetworkInterfaces: which instances and load balancers use which security
    /// groups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_interfaces: Option<Section<Vec<NetworkInterface>>>,
    /// ec2:DescribeSubnets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subnets: Option<Section<Vec<Subnet>>>,
    /// ec2:DescribeRouteTables: which subnets route to an internet gateway.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route_tables: Option<Section<Vec<RouteTable>>>,
    /// ec2:DescribeInstances.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instances: Option<Section<Vec<Instance>>>,
    /// ec2:DescribeInternetGateways.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internet_gateways: Option<Section<Vec<InternetGateway>>>,
    /// ec2:DescribeNatGateways.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nat_gateways: Option<Section<Vec<NatGateway>>>,
    /// ec2:DescribeVpcEndpoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_endpoints: Option<Section<Vec<VpcEndpoint>>>,
    /// ec2:DescribeVpnGateways.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpn_gateways: Option<Section<Vec<VpnGateway>>>,
    /// ec2:DescribeVpnConnections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpn_connections: Option<Section<Vec<VpnConnection>>>,
    /// ec2:DescribeCustomerGateways.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_gateways: Option<Section<Vec<CustomerGateway>>>,
    /// ec2:DescribeTransitGatewayAttachments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transit_gateway_attachments: Option<Section<Vec<TransitGatewayAttachment>>>,
    /// ec2:DescribeVpcPeeringConnections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_peering_connections: Option<Section<Vec<VpcPeering>>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SecurityGroup {
    pub group_id: String,
    pub group_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    pub ip_permissions: Vec<IpPermission>,
    pub ip_permissions_egress: Vec<IpPermission>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct IpPermission {
    /// `tcp`, `udp`, `icmp`, a protocol number, or `-1` for all traffic.
    pub ip_protocol: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_port: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_port: Option<i64>,
    pub ip_ranges: Vec<String>,
    pub ipv6_ranges: Vec<String>,
    /// Referenced security group ids.
    pub user_id_group_pairs: Vec<String>,
    pub prefix_list_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct NetworkAcl {
    pub network_acl_id: String,
    pub vpc_id: String,
    pub is_default: bool,
    pub entries: Vec<NetworkAclEntry>,
    /// Associated subnet ids.
    #[serde(default)]
    pub associations: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct NetworkAclEntry {
    pub rule_number: i64,
    /// `-1` for all protocols.
    pub protocol: String,
    /// `allow` or `deny`.
    pub rule_action: String,
    pub egress: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr_block: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6_cidr_block: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port_range: Option<PortRange>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PortRange {
    pub from: i64,
    pub to: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Vpc {
    pub vpc_id: String,
    /// The account that owns the VPC; another account's when the VPC is shared through AWS RAM.
    /// Absent in snapshots made before caliper read it (the VPC is then taken as the account's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr_block: Option<String>,
    /// Every IPv4 and IPv6 block associated with the VPC, the primary one included. Absent in
    /// snapshots made before caliper read it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cidr_blocks: Vec<String>,
    #[serde(default)]
    pub is_default: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct FlowLog {
    pub flow_log_id: String,
    /// The VPC, subnet or network interface id.
    pub resource_id: String,
    /// `ACCEPT`, `REJECT` or `ALL`.
    pub traffic_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow_log_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_destination_type: Option<String>,
    /// `SUCCESS` or `FAILED`: whether the flow log actually delivers to its destination. Absent
    /// in snapshots made before caliper read it; checks then cannot count the log as delivering.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deliver_logs_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deliver_logs_error_message: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Volume {
    pub volume_id: String,
    pub encrypted: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Attached instance ids.
    #[serde(default)]
    pub attachments: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EbsEncryptionByDefault {
    pub ebs_encryption_by_default: bool,
    /// ec2:GetEbsDefaultKmsKeyId. Not read by caliper (no check needs it); kept so that older
    /// snapshots load.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct NetworkInterface {
    pub network_interface_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interface_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default)]
    pub groups: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attached_instance_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<String>,
    /// The public IPv4 address associated with its primary private address, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<String>,
    /// Other addresses the internet may reach: public IPv4 addresses of its secondary private
    /// addresses (Elastic IPs) and its IPv6 addresses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_public_ips: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Kms {
    /// kms:ListKeys + kms:DescribeKey, each key with its rotation status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keys: Option<Section<Vec<KmsKey>>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KmsKey {
    #[serde(rename = "KeyId")]
    pub key_id: String,
    #[serde(rename = "Arn")]
    pub arn: String,
    /// `AWS` or `CUSTOMER`.
    #[serde(rename = "KeyManager")]
    pub key_manager: String,
    /// `Enabled`, `Disabled`, `PendingDeletion`, ...
    #[serde(rename = "KeyState")]
    pub key_state: String,
    #[serde(rename = "KeySpec", default, skip_serializing_if = "Option::is_none")]
    pub key_spec: Option<String>,
    /// Where the key material comes from: `AWS_KMS`, `EXTERNAL` (imported), `AWS_CLOUDHSM` or
    /// `EXTERNAL_KEY_STORE` (custom key stores). Absent in snapshots made before caliper read it.
    #[serde(rename = "Origin", default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    #[serde(rename = "Aliases", default)]
    pub aliases: Vec<String>,
    /// kms:GetKeyRotationStatus (symmetric customer-managed keys only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotation: Option<Section<KeyRotation>>,
}

impl KmsKey {
    /// Why KMS cannot rotate this key automatically, or `None` when it can and so must: only
    /// enabled, symmetric, customer-managed keys with AWS-generated material in KMS's own key
    /// store rotate automatically. The collector reads rotation status only where this is
    /// `None`, and `kms.key-rotation` judges only those keys. A key whose `Origin` was not
    /// recorded is taken as rotatable, the reading that cannot wrongly pass.
    pub fn rotation_not_applicable(&self) -> Option<String> {
        if self.key_manager != "CUSTOMER" {
            return Some(format!(
                "key manager {}: AWS manages and rotates the key",
                self.key_manager
            ));
        }
        if self.key_state != "Enabled" {
            return Some(format!(
                "key state {}: only enabled keys rotate",
                self.key_state
            ));
        }
        match self.key_spec.as_deref() {
            None | Some("SYMMETRIC_DEFAULT") => {}
            Some(spec) => {
                return Some(format!(
                    "key spec {spec}: asymmetric and HMAC keys cannot rotate automatically"
                ));
            }
        }
        match self.origin.as_deref() {
            None | Some("AWS_KMS") => None,
            Some("EXTERNAL") => Some(
                "origin EXTERNAL: imported key material cannot rotate automatically (rotate \
                 it by hand)"
                    .into(),
            ),
            Some(origin) => Some(format!(
                "origin {origin}: keys in a custom key store cannot rotate automatically"
            )),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct KeyRotation {
    pub key_rotation_enabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotation_period_in_days: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CloudTrail {
    /// cloudtrail:DescribeTrails for trails whose home region is this region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trails: Option<Section<Vec<Trail>>>,
    /// cloudtrail:LookupEvents: recent write events made from the console. Absent in snapshots
    /// made before caliper read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub console_changes: Option<Section<ConsoleChanges>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Trail {
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "TrailARN")]
    pub trail_arn: String,
    #[serde(rename = "HomeRegion")]
    pub home_region: String,
    #[serde(rename = "IsMultiRegionTrail", default)]
    pub is_multi_region_trail: bool,
    #[serde(rename = "IsOrganizationTrail", default)]
    pub is_organization_trail: bool,
    #[serde(
        rename = "S3BucketName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub s3_bucket_name: Option<String>,
    #[serde(rename = "LogFileValidationEnabled", default)]
    pub log_file_validation_enabled: bool,
    #[serde(rename = "KmsKeyId", default, skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
    /// cloudtrail:GetTrailStatus.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Section<TrailStatus>>,
    /// cloudtrail:GetEventSelectors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_selectors: Option<Section<EventSelectors>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TrailStatus {
    pub is_logging: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_delivery_time: Option<String>,
    /// Why the last delivery of log files to S3 failed (e.g. `AccessDenied` after the bucket
    /// policy changed); absent when delivery works. A trail can log while delivering nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_delivery_error: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EventSelectors {
    #[serde(default)]
    pub event_selectors: Vec<EventSelector>,
    #[serde(default)]
    pub advanced_event_selectors: Vec<AdvancedEventSelector>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EventSelector {
    /// `All`, `ReadOnly` or `WriteOnly`.
    pub read_write_type: String,
    pub include_management_events: bool,
    /// Event sources whose management events the trail drops (e.g. `kms.amazonaws.com`).
    /// Absent in snapshots made before caliper read it; checks then cannot rule exclusions out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclude_management_event_sources: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AdvancedEventSelector {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub field_selectors: Vec<AdvancedFieldSelector>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AdvancedFieldSelector {
    pub field: String,
    #[serde(default)]
    pub equals: Vec<String>,
    #[serde(default)]
    pub not_equals: Vec<String>,
}
