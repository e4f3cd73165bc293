//! Every AWS operation caliper may call, with the IAM action that authorises it: the one list
//! from which the collector's read-only guard, the IAM policy it prints and the snapshot's
//! section table ([`super::sections`]) are derived. Plain data, so the model and the docs use
//! it without the AWS SDK.

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
    ORG_LIST_TAGS_FOR_RESOURCE = "organizations" "ListTagsForResource" "organizations:ListTagsForResource" "account tags (workload and production sets)";
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
    S3_GET_BUCKET_REPLICATION = "s3" "GetBucketReplication" "s3:GetReplicationConfiguration" "replication to another bucket";
    S3_GET_OBJECT_LOCK = "s3" "GetObjectLockConfiguration" "s3:GetBucketObjectLockConfiguration" "Object Lock";
    S3CONTROL_GET_PUBLIC_ACCESS_BLOCK = "s3control" "GetPublicAccessBlock" "s3:GetAccountPublicAccessBlock" "account public access block";
    EC2_DESCRIBE_REGIONS = "ec2" "DescribeRegions" "ec2:DescribeRegions" "the regions enabled for the account";
    EC2_DESCRIBE_SECURITY_GROUPS = "ec2" "DescribeSecurityGroups" "ec2:DescribeSecurityGroups" "security group rules";
    EC2_DESCRIBE_NETWORK_ACLS = "ec2" "DescribeNetworkAcls" "ec2:DescribeNetworkAcls" "network ACL entries";
    EC2_DESCRIBE_VPCS = "ec2" "DescribeVpcs" "ec2:DescribeVpcs" "VPCs";
    EC2_DESCRIBE_FLOW_LOGS = "ec2" "DescribeFlowLogs" "ec2:DescribeFlowLogs" "VPC flow logs";
    EC2_DESCRIBE_VOLUMES = "ec2" "DescribeVolumes" "ec2:DescribeVolumes" "EBS volume encryption";
    EC2_GET_EBS_ENCRYPTION_BY_DEFAULT = "ec2" "GetEbsEncryptionByDefault" "ec2:GetEbsEncryptionByDefault" "EBS encryption by default";
    EC2_DESCRIBE_NETWORK_INTERFACES = "ec2" "DescribeNetworkInterfaces" "ec2:DescribeNetworkInterfaces" "which instances and load balancers use which security groups";
    EC2_DESCRIBE_SUBNETS = "ec2" "DescribeSubnets" "ec2:DescribeSubnets" "subnets and their Availability Zones";
    EC2_DESCRIBE_ROUTE_TABLES = "ec2" "DescribeRouteTables" "ec2:DescribeRouteTables" "which subnets route to an internet gateway";
    EC2_DESCRIBE_INSTANCES = "ec2" "DescribeInstances" "ec2:DescribeInstances" "instances, their subnets and security groups";
    RDS_DESCRIBE_DB_INSTANCES = "rds" "DescribeDBInstances" "rds:DescribeDBInstances" "database instances: public access, encryption, subnets";
    RDS_DESCRIBE_DB_CLUSTERS = "rds" "DescribeDBClusters" "rds:DescribeDBClusters" "Aurora and Multi-AZ clusters: encryption";
    ELBV2_DESCRIBE_LOAD_BALANCERS = "elasticloadbalancing" "DescribeLoadBalancers" "elasticloadbalancing:DescribeLoadBalancers" "load balancers: scheme, subnets, security groups";
    ELBV2_DESCRIBE_LISTENERS = "elasticloadbalancing" "DescribeListeners" "elasticloadbalancing:DescribeListeners" "listeners: protocol, TLS policy, redirects";
    ELBV2_DESCRIBE_RULES = "elasticloadbalancing" "DescribeRules" "elasticloadbalancing:DescribeRules" "the rules of HTTP listeners (a rule may forward plain HTTP)";
    ELBV2_DESCRIBE_SSL_POLICIES = "elasticloadbalancing" "DescribeSSLPolicies" "elasticloadbalancing:DescribeSSLPolicies" "the TLS versions each listener policy allows";
    DYNAMODB_LIST_TABLES = "dynamodb" "ListTables" "dynamodb:ListTables" "DynamoDB tables";
    DYNAMODB_DESCRIBE_TABLE = "dynamodb" "DescribeTable" "dynamodb:DescribeTable" "each table's encryption key";
    DYNAMODB_DESCRIBE_CONTINUOUS_BACKUPS = "dynamodb" "DescribeContinuousBackups" "dynamodb:DescribeContinuousBackups" "each table's point-in-time recovery";
    BACKUP_LIST_BACKUP_PLANS = "backup" "ListBackupPlans" "backup:ListBackupPlans" "AWS Backup plans";
    BACKUP_GET_BACKUP_PLAN = "backup" "GetBackupPlan" "backup:GetBackupPlan" "each plan's rules: schedule, retention, vault, copies";
    BACKUP_LIST_BACKUP_VAULTS = "backup" "ListBackupVaults" "backup:ListBackupVaults" "backup vaults and their Vault Lock";
    BACKUP_LIST_BACKUP_SELECTIONS = "backup" "ListBackupSelections" "backup:ListBackupSelections" "each plan's resource selections";
    BACKUP_GET_BACKUP_SELECTION = "backup" "GetBackupSelection" "backup:GetBackupSelection" "the resources and tags each selection backs up";
    CODEPIPELINE_LIST_PIPELINES = "codepipeline" "ListPipelines" "codepipeline:ListPipelines" "pipelines";
    CODEPIPELINE_GET_PIPELINE = "codepipeline" "GetPipeline" "codepipeline:GetPipeline" "each pipeline's stages and actions: test, approval, deploy and the deploy target";
    CODEBUILD_LIST_PROJECTS = "codebuild" "ListProjects" "codebuild:ListProjects" "CodeBuild projects";
    CODEBUILD_BATCH_GET_PROJECTS = "codebuild" "BatchGetProjects" "codebuild:BatchGetProjects" "each project's source and environment";
    CLOUDFORMATION_DESCRIBE_STACKS = "cloudformation" "DescribeStacks" "cloudformation:DescribeStacks" "stacks, their status and drift";
    CLOUDFORMATION_LIST_STACK_RESOURCES = "cloudformation" "ListStackResources" "cloudformation:ListStackResources" "the resources each stack manages";
    CLOUDFORMATION_LIST_STACK_SETS = "cloudformation" "ListStackSets" "cloudformation:ListStackSets" "stack sets and their drift";
    TAGGING_GET_RESOURCES = "tagging" "GetResources" "tag:GetResources" "the tags of instances, security groups, databases, buckets, functions, load balancers and tables (IaC markers)";
    CLOUDTRAIL_LOOKUP_EVENTS = "cloudtrail" "LookupEvents" "cloudtrail:LookupEvents" "write events made from the console in recent days (2 requests/s, pages capped)";
    ACM_LIST_CERTIFICATES = "acm" "ListCertificates" "acm:ListCertificates" "certificates and their expiry";
    LAMBDA_LIST_FUNCTIONS = "lambda" "ListFunctions" "lambda:ListFunctions" "functions and their VPC";
    LAMBDA_LIST_FUNCTION_URL_CONFIGS = "lambda" "ListFunctionUrlConfigs" "lambda:ListFunctionUrlConfigs" "function URLs and their auth type";
    APIGATEWAY_GET_REST_APIS = "apigateway" "GetRestApis" "apigateway:GET" "REST APIs and their endpoint type";
    APIGATEWAY_GET_STAGES = "apigateway" "GetStages" "apigateway:GET" "REST API stages";
    APIGATEWAY_GET_RESOURCES = "apigateway" "GetResources" "apigateway:GET" "REST API methods and their authorization";
    APIGATEWAY_GET_APIS = "apigateway" "GetApis" "apigateway:GET" "HTTP and WebSocket APIs";
    APIGATEWAY_GET_ROUTES = "apigateway" "GetRoutes" "apigateway:GET" "HTTP API routes and their authorization";
    CLOUDFRONT_LIST_DISTRIBUTIONS = "cloudfront" "ListDistributions" "cloudfront:ListDistributions" "distributions: viewer protocol and TLS version";
    BUDGETS_DESCRIBE_BUDGETS = "budgets" "DescribeBudgets" "budgets:ViewBudget" "budgets: limit, period and actual spend";
    CE_LIST_COST_ALLOCATION_TAGS = "ce" "ListCostAllocationTags" "ce:ListCostAllocationTags" "active cost allocation tags (with --cost-explorer; $0.01 a request)";
    CE_GET_SAVINGS_PLANS_COVERAGE = "ce" "GetSavingsPlansCoverage" "ce:GetSavingsPlansCoverage" "Savings Plans coverage over the last 30 days (with --cost-explorer; $0.01 a request)";
    CE_GET_RESERVATION_COVERAGE = "ce" "GetReservationCoverage" "ce:GetReservationCoverage" "reservation coverage over the last 30 days (with --cost-explorer; $0.01 a request)";
    CLOUDWATCH_DESCRIBE_ALARMS = "monitoring" "DescribeAlarms" "cloudwatch:DescribeAlarms" "alarms: metrics, resources and actions";
    CLOUDWATCH_LIST_DASHBOARDS = "monitoring" "ListDashboards" "cloudwatch:ListDashboards" "dashboards";
    LOGS_DESCRIBE_LOG_GROUPS = "logs" "DescribeLogGroups" "logs:DescribeLogGroups" "log groups: retention and stored bytes";
    AUTOSCALING_DESCRIBE_GROUPS = "autoscaling" "DescribeAutoScalingGroups" "autoscaling:DescribeAutoScalingGroups" "Auto Scaling groups: capacity, zones, instances";
    SSM_LIST_DOCUMENTS = "ssm" "ListDocuments" "ssm:ListDocuments" "runbooks: Automation and Command documents the account owns";
    EVENTS_LIST_RULES = "events" "ListRules" "events:ListRules" "EventBridge rules (alarm state changes)";
    EVENTS_LIST_TARGETS_BY_RULE = "events" "ListTargetsByRule" "events:ListTargetsByRule" "what each rule starts (runbooks)";
    EC2_DESCRIBE_INTERNET_GATEWAYS = "ec2" "DescribeInternetGateways" "ec2:DescribeInternetGateways" "internet gateways and their VPCs (the diagram)";
    EC2_DESCRIBE_NAT_GATEWAYS = "ec2" "DescribeNatGateways" "ec2:DescribeNatGateways" "NAT gateways, their subnet and zone";
    EC2_DESCRIBE_VPC_ENDPOINTS = "ec2" "DescribeVpcEndpoints" "ec2:DescribeVpcEndpoints" "VPC endpoints (the diagram)";
    EC2_DESCRIBE_VPN_GATEWAYS = "ec2" "DescribeVpnGateways" "ec2:DescribeVpnGateways" "virtual private gateways and their VPCs";
    EC2_DESCRIBE_VPN_CONNECTIONS = "ec2" "DescribeVpnConnections" "ec2:DescribeVpnConnections" "site-to-site VPN connections";
    EC2_DESCRIBE_CUSTOMER_GATEWAYS = "ec2" "DescribeCustomerGateways" "ec2:DescribeCustomerGateways" "customer gateways (the far end of a VPN)";
    EC2_DESCRIBE_TGW_ATTACHMENTS = "ec2" "DescribeTransitGatewayAttachments" "ec2:DescribeTransitGatewayAttachments" "transit gateway attachments of VPCs, VPNs and Direct Connect";
    EC2_DESCRIBE_VPC_PEERING = "ec2" "DescribeVpcPeeringConnections" "ec2:DescribeVpcPeeringConnections" "VPC peering connections";
    DX_DESCRIBE_VIRTUAL_INTERFACES = "directconnect" "DescribeVirtualInterfaces" "directconnect:DescribeVirtualInterfaces" "Direct Connect virtual interfaces";
    ELBV2_DESCRIBE_TARGET_GROUPS = "elasticloadbalancing" "DescribeTargetGroups" "elasticloadbalancing:DescribeTargetGroups" "target groups: which load balancer sends to which Auto Scaling group";
    AUTOSCALING_DESCRIBE_POLICIES = "autoscaling" "DescribePolicies" "autoscaling:DescribePolicies" "scaling policies of Auto Scaling groups";
    KMS_LIST_KEYS = "kms" "ListKeys" "kms:ListKeys" "KMS keys";
    KMS_DESCRIBE_KEY = "kms" "DescribeKey" "kms:DescribeKey" "key manager, state and spec";
    KMS_LIST_ALIASES = "kms" "ListAliases" "kms:ListAliases" "key aliases";
    KMS_GET_KEY_ROTATION_STATUS = "kms" "GetKeyRotationStatus" "kms:GetKeyRotationStatus" "key rotation";
    CLOUDTRAIL_DESCRIBE_TRAILS = "cloudtrail" "DescribeTrails" "cloudtrail:DescribeTrails" "trails";
    CLOUDTRAIL_GET_TRAIL_STATUS = "cloudtrail" "GetTrailStatus" "cloudtrail:GetTrailStatus" "whether each trail is logging";
    CLOUDTRAIL_GET_EVENT_SELECTORS = "cloudtrail" "GetEventSelectors" "cloudtrail:GetEventSelectors" "which events each trail records";
}

/// Operation names that read without starting with Describe/List/Get/Head. `GET` is an IAM
/// action: API Gateway authorizes its management API by HTTP verb, and `apigateway:GET` reads.
const READ_EXCEPTIONS: &[&str] = &[
    "GenerateCredentialReport",
    "AssumeRole",
    "GET",
    "BatchGetProjects",
    "LookupEvents",
    // AWS Budgets authorizes DescribeBudgets with budgets:ViewBudget.
    "ViewBudget",
];

/// Is this operation name a read? (The allowlist test holds every entry to this.)
pub fn is_read_operation(name: &str) -> bool {
    ["Describe", "List", "Get", "Head"]
        .iter()
        .any(|p| name.starts_with(p))
        || READ_EXCEPTIONS.contains(&name)
}
