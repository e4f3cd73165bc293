//! Snapshot types of the regional services that the workload controls read (NETSEC-001/002,
//! OPE-001/002): subnets and routes, instances and their network interfaces, RDS, Elastic Load
//! Balancing. AWS's field names, as in the rest of the snapshot.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::section::Section;

macro_rules! aws_struct {
    ($(#[$m:meta])* pub struct $name:ident { $($body:tt)* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
        #[serde(rename_all = "PascalCase", deny_unknown_fields)]
        pub struct $name { $($body)* }
    };
}

aws_struct! {
    /// ec2:DescribeSubnets.
    pub struct Subnet {
        pub subnet_id: String,
        pub vpc_id: String,
        pub availability_zone: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub cidr_block: Option<String>,
        #[serde(default)]
        pub map_public_ip_on_launch: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
    }
}

aws_struct! {
    /// ec2:DescribeRouteTables.
    pub struct RouteTable {
        pub route_table_id: String,
        pub vpc_id: String,
        /// The VPC's main route table: it serves every subnet without an explicit association.
        #[serde(default)]
        pub main: bool,
        /// Subnets explicitly associated with it.
        #[serde(default)]
        pub subnets: Vec<String>,
        pub routes: Vec<Route>,
    }
}

aws_struct! {
    pub struct Route {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub destination_cidr_block: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub destination_ipv6_cidr_block: Option<String>,
        /// `igw-…` for an internet gateway, `local`, `vgw-…`; absent for other targets.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub gateway_id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub nat_gateway_id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub transit_gateway_id: Option<String>,
        /// `active` or `blackhole`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub state: Option<String>,
    }
}

aws_struct! {
    /// ec2:DescribeInstances (terminated instances left out).
    pub struct Instance {
        pub instance_id: String,
        /// `pending`, `running`, `stopping`, `stopped`, ...
        pub state: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub instance_type: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub vpc_id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub subnet_id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub availability_zone: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub public_ip_address: Option<String>,
        #[serde(default)]
        pub security_groups: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        /// The Auto Scaling group that launched it (its `aws:autoscaling:groupName` tag).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub auto_scaling_group: Option<String>,
    }
}

/// rds:DescribeDBInstances and rds:DescribeDBClusters.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rds {
    /// rds:DescribeDBInstances: every instance, Aurora members included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instances: Option<Section<Vec<DbInstance>>>,
    /// rds:DescribeDBClusters: Aurora and Multi-AZ DB clusters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clusters: Option<Section<Vec<DbCluster>>>,
}

aws_struct! {
    pub struct DbInstance {
        #[serde(rename = "DBInstanceIdentifier")]
        pub db_instance_identifier: String,
        #[serde(rename = "DBInstanceArn")]
        pub db_instance_arn: String,
        pub engine: String,
        #[serde(rename = "DBInstanceStatus", default, skip_serializing_if = "Option::is_none")]
        pub db_instance_status: Option<String>,
        /// The Aurora (or Multi-AZ DB) cluster it belongs to.
        #[serde(rename = "DBClusterIdentifier", default, skip_serializing_if = "Option::is_none")]
        pub db_cluster_identifier: Option<String>,
        #[serde(default)]
        pub publicly_accessible: bool,
        #[serde(default)]
        pub storage_encrypted: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub kms_key_id: Option<String>,
        #[serde(default, rename = "MultiAZ")]
        pub multi_az: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub availability_zone: Option<String>,
        /// The standby's zone of a Multi-AZ instance.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub secondary_availability_zone: Option<String>,
        /// The instance this one is a read replica of.
        #[serde(rename = "ReadReplicaSourceDBInstanceIdentifier", default, skip_serializing_if = "Option::is_none")]
        pub read_replica_source: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub backup_retention_period: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub vpc_id: Option<String>,
        /// The subnets of its DB subnet group.
        #[serde(default)]
        pub subnets: Vec<String>,
        #[serde(default)]
        pub vpc_security_groups: Vec<String>,
    }
}

aws_struct! {
    pub struct DbCluster {
        #[serde(rename = "DBClusterIdentifier")]
        pub db_cluster_identifier: String,
        #[serde(rename = "DBClusterArn")]
        pub db_cluster_arn: String,
        pub engine: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub status: Option<String>,
        #[serde(default)]
        pub storage_encrypted: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub kms_key_id: Option<String>,
        #[serde(default, rename = "MultiAZ")]
        pub multi_az: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub backup_retention_period: Option<i64>,
        /// Instance identifiers of its members.
        #[serde(default)]
        pub members: Vec<String>,
    }
}

/// Elastic Load Balancing v2 (application, network and gateway load balancers).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Elbv2 {
    /// elasticloadbalancing:DescribeLoadBalancers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_balancers: Option<Section<Vec<LoadBalancer>>>,
    /// elasticloadbalancing:DescribeListeners, for every load balancer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listeners: Option<Section<Vec<Listener>>>,
    /// elasticloadbalancing:DescribeSSLPolicies: the TLS versions each policy in use allows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssl_policies: Option<Section<Vec<SslPolicy>>>,
    /// elasticloadbalancing:DescribeTargetGroups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_groups: Option<Section<Vec<TargetGroup>>>,
}

aws_struct! {
    pub struct LoadBalancer {
        pub load_balancer_arn: String,
        pub load_balancer_name: String,
        /// `application`, `network` or `gateway`.
        #[serde(rename = "Type")]
        pub kind: String,
        /// `internet-facing` or `internal`.
        pub scheme: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub vpc_id: Option<String>,
        #[serde(rename = "DNSName", default, skip_serializing_if = "Option::is_none")]
        pub dns_name: Option<String>,
        #[serde(default)]
        pub security_groups: Vec<String>,
        /// Zone → subnet.
        #[serde(default)]
        pub availability_zones: Vec<LoadBalancerZone>,
    }
}

aws_struct! {
    pub struct LoadBalancerZone {
        pub zone_name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub subnet_id: Option<String>,
    }
}

aws_struct! {
    pub struct Listener {
        pub listener_arn: String,
        pub load_balancer_arn: String,
        /// `HTTP`, `HTTPS`, `TCP`, `TLS`, `UDP`, `TCP_UDP`, `GENEVE`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub protocol: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub port: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub ssl_policy: Option<String>,
        #[serde(default)]
        pub certificates: Vec<String>,
        pub default_actions: Vec<ListenerAction>,
        /// The actions of the listener's other rules (elasticloadbalancing:DescribeRules), read
        /// for HTTP listeners only: a rule may forward what the default action redirects.
        #[serde(default)]
        pub rule_actions: Vec<ListenerAction>,
    }
}

aws_struct! {
    pub struct ListenerAction {
        /// `forward`, `redirect`, `fixed-response`, `authenticate-oidc`, ...
        #[serde(rename = "Type")]
        pub kind: String,
        /// For a redirect: the protocol it redirects to (`HTTPS`, `#{protocol}`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub redirect_protocol: Option<String>,
    }
}

aws_struct! {
    pub struct SslPolicy {
        pub name: String,
        /// `TLSv1`, `TLSv1.1`, `TLSv1.2`, `TLSv1.3`.
        pub ssl_protocols: Vec<String>,
    }
}

/// Amazon DynamoDB.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DynamoDb {
    /// dynamodb:ListTables + dynamodb:DescribeTable for each.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tables: Option<Section<Vec<Table>>>,
    /// dynamodb:DescribeContinuousBackups for each table: point-in-time recovery.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continuous_backups: Option<Section<Vec<ContinuousBackups>>>,
}

aws_struct! {
    pub struct ContinuousBackups {
        pub table_name: String,
        /// `ENABLED` or `DISABLED`.
        pub point_in_time_recovery_status: String,
        /// How many days back a table can be restored (1 to 35); absent when recovery is off.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub recovery_period_in_days: Option<i64>,
    }
}

aws_struct! {
    pub struct Table {
        pub table_name: String,
        pub table_arn: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub table_status: Option<String>,
        /// `KMS` when a KMS key (AWS managed or customer managed) encrypts it; absent when the
        /// table uses the AWS owned key (the default).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub sse_type: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub sse_status: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub kms_master_key_arn: Option<String>,
    }
}

/// AWS Certificate Manager.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Acm {
    /// acm:ListCertificates, every key type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificates: Option<Section<Vec<Certificate>>>,
}

aws_struct! {
    pub struct Certificate {
        pub certificate_arn: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub domain_name: Option<String>,
        /// `ISSUED`, `PENDING_VALIDATION`, `EXPIRED`, ...
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub status: Option<String>,
        /// `AMAZON_ISSUED`, `IMPORTED` or `PRIVATE`.
        #[serde(rename = "Type", default, skip_serializing_if = "Option::is_none")]
        pub kind: Option<String>,
        /// RFC 3339.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub not_after: Option<String>,
        #[serde(default)]
        pub in_use: bool,
        /// `ELIGIBLE` when ACM renews it itself.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub renewal_eligibility: Option<String>,
    }
}

/// AWS Lambda.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lambda {
    /// lambda:ListFunctions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub functions: Option<Section<Vec<Function>>>,
    /// lambda:ListFunctionUrlConfigs for every function.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function_urls: Option<Section<Vec<FunctionUrl>>>,
}

aws_struct! {
    pub struct Function {
        pub function_name: String,
        pub function_arn: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub runtime: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub vpc_id: Option<String>,
        #[serde(default)]
        pub subnets: Vec<String>,
    }
}

aws_struct! {
    pub struct FunctionUrl {
        pub function_arn: String,
        pub function_url: String,
        /// `NONE` (anyone on the internet) or `AWS_IAM`.
        pub auth_type: String,
    }
}

/// Amazon API Gateway: REST APIs (v1) and HTTP / WebSocket APIs (v2).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApiGateway {
    /// apigateway:GetRestApis, with each API's stages (GetStages) and methods (GetResources).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rest_apis: Option<Section<Vec<RestApi>>>,
    /// apigateway:GetApis (v2), with each API's routes (GetRoutes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apis: Option<Section<Vec<HttpApi>>>,
}

aws_struct! {
    pub struct RestApi {
        pub id: String,
        pub name: String,
        /// `EDGE`, `REGIONAL` or `PRIVATE`.
        #[serde(default)]
        pub endpoint_types: Vec<String>,
        #[serde(default)]
        pub disable_execute_api_endpoint: bool,
        #[serde(default)]
        pub stages: Vec<String>,
        #[serde(default)]
        pub methods: Vec<RestMethod>,
    }
}

aws_struct! {
    pub struct RestMethod {
        pub path: String,
        pub http_method: String,
        /// `NONE`, `AWS_IAM`, `CUSTOM` or `COGNITO_USER_POOLS`.
        pub authorization_type: String,
        #[serde(default)]
        pub api_key_required: bool,
    }
}

aws_struct! {
    pub struct HttpApi {
        pub api_id: String,
        pub name: String,
        /// `HTTP` or `WEBSOCKET`.
        pub protocol_type: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub api_endpoint: Option<String>,
        #[serde(default)]
        pub disable_execute_api_endpoint: bool,
        #[serde(default)]
        pub routes: Vec<HttpRoute>,
    }
}

aws_struct! {
    pub struct HttpRoute {
        pub route_key: String,
        /// `NONE`, `AWS_IAM`, `CUSTOM` or `JWT`.
        pub authorization_type: String,
        #[serde(default)]
        pub api_key_required: bool,
    }
}

aws_struct! {
    /// A CloudFront distribution (a global service, read once per account).
    pub struct Distribution {
        pub id: String,
        #[serde(rename = "ARN")]
        pub arn: String,
        pub domain_name: String,
        #[serde(default)]
        pub aliases: Vec<String>,
        #[serde(default)]
        pub enabled: bool,
        /// `allow-all`, `redirect-to-https` or `https-only` for the default and every other cache
        /// behavior ("*" for the default).
        pub viewer_protocol_policies: Vec<ViewerProtocolPolicy>,
        /// The viewer certificate's minimum TLS version, e.g. `TLSv1.2_2021`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub minimum_protocol_version: Option<String>,
        /// Whether it serves the `*.cloudfront.net` certificate (which allows TLS 1.0 whatever
        /// `MinimumProtocolVersion` says).
        #[serde(default)]
        pub cloudfront_default_certificate: bool,
    }
}

aws_struct! {
    pub struct ViewerProtocolPolicy {
        pub path_pattern: String,
        pub policy: String,
    }
}

/// Amazon CloudWatch.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CloudWatch {
    /// cloudwatch:DescribeAlarms (metric and composite alarms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alarms: Option<Section<Vec<Alarm>>>,
    /// cloudwatch:ListDashboards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dashboards: Option<Section<Vec<String>>>,
}

aws_struct! {
    pub struct Alarm {
        pub alarm_name: String,
        pub alarm_arn: String,
        /// `metric` or `composite`.
        #[serde(rename = "Type")]
        pub kind: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub state_value: Option<String>,
        #[serde(default)]
        pub actions_enabled: bool,
        #[serde(default)]
        pub alarm_actions: Vec<String>,
        #[serde(rename = "OKActions", default)]
        pub ok_actions: Vec<String>,
        #[serde(default)]
        pub insufficient_data_actions: Vec<String>,
        /// The metrics it watches: the alarm's own metric, or each metric of its metric math.
        #[serde(default)]
        pub metrics: Vec<AlarmMetric>,
        /// A composite alarm's rule.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub alarm_rule: Option<String>,
    }
}

aws_struct! {
    pub struct AlarmMetric {
        pub namespace: String,
        pub metric_name: String,
        /// Dimension name → value.
        #[serde(default)]
        pub dimensions: std::collections::BTreeMap<String, String>,
    }
}

/// Amazon CloudWatch Logs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Logs {
    /// logs:DescribeLogGroups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_groups: Option<Section<Vec<LogGroup>>>,
}

aws_struct! {
    pub struct LogGroup {
        pub log_group_name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub retention_in_days: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub stored_bytes: Option<i64>,
    }
}

/// Amazon EC2 Auto Scaling.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AutoScaling {
    /// autoscaling:DescribeAutoScalingGroups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Section<Vec<AutoScalingGroup>>>,
    /// autoscaling:DescribePolicies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policies: Option<Section<Vec<ScalingPolicy>>>,
}

aws_struct! {
    pub struct AutoScalingGroup {
        pub auto_scaling_group_name: String,
        #[serde(rename = "AutoScalingGroupARN")]
        pub auto_scaling_group_arn: String,
        pub min_size: i64,
        pub max_size: i64,
        pub desired_capacity: i64,
        #[serde(default)]
        pub availability_zones: Vec<String>,
        #[serde(default)]
        pub subnets: Vec<String>,
        #[serde(default)]
        pub instances: Vec<String>,
        #[serde(rename = "TargetGroupARNs", default)]
        pub target_group_arns: Vec<String>,
    }
}

/// AWS Systems Manager.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ssm {
    /// ssm:ListDocuments owned by the account (Automation and Command documents: runbooks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documents: Option<Section<Vec<SsmDocument>>>,
}

aws_struct! {
    pub struct SsmDocument {
        pub name: String,
        /// `Automation`, `Command`, ...
        pub document_type: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub document_format: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub created_date: Option<String>,
    }
}

/// Amazon EventBridge (the default event bus).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Events {
    /// events:ListRules with each rule's targets (events:ListTargetsByRule).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules: Option<Section<Vec<EventRule>>>,
}

aws_struct! {
    pub struct EventRule {
        pub name: String,
        pub arn: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub state: Option<String>,
        /// The event pattern as JSON text.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub event_pattern: Option<String>,
        /// Target ARNs.
        #[serde(default)]
        pub targets: Vec<String>,
    }
}

/// AWS Backup.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Backup {
    /// backup:ListBackupPlans with each plan's rules (backup:GetBackupPlan).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plans: Option<Section<Vec<BackupPlan>>>,
    /// backup:ListBackupVaults, with each vault's lock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vaults: Option<Section<Vec<BackupVault>>>,
    /// backup:ListBackupSelections and backup:GetBackupSelection for each plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selections: Option<Section<Vec<BackupSelection>>>,
}

aws_struct! {
    pub struct BackupPlan {
        pub backup_plan_id: String,
        pub backup_plan_arn: String,
        pub backup_plan_name: String,
        pub rules: Vec<BackupRule>,
    }
}

aws_struct! {
    pub struct BackupRule {
        pub rule_name: String,
        pub target_backup_vault_name: String,
        /// A cron or rate expression; absent for a rule run on demand only.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub schedule_expression: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub delete_after_days: Option<i64>,
        /// Continuous backup (point-in-time restore) for the resources that support it.
        #[serde(default)]
        pub enable_continuous_backup: bool,
        /// Vaults the recovery points are copied to (other regions or accounts).
        #[serde(default)]
        pub copy_destinations: Vec<String>,
    }
}

aws_struct! {
    pub struct BackupVault {
        pub backup_vault_name: String,
        pub backup_vault_arn: String,
        /// Vault Lock: recovery points cannot be deleted before their retention ends.
        #[serde(default)]
        pub locked: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub min_retention_days: Option<i64>,
        #[serde(default)]
        pub number_of_recovery_points: i64,
    }
}

aws_struct! {
    /// backup:ListBackupSelections for each plan, with what each selects
    /// (backup:GetBackupSelection).
    pub struct BackupSelection {
        pub backup_plan_id: String,
        pub selection_id: String,
        pub selection_name: String,
        /// Resource ARNs or ARN patterns (`*` wildcards), e.g. `arn:aws:rds:*:*:db:*`.
        #[serde(default)]
        pub resources: Vec<String>,
        #[serde(default)]
        pub not_resources: Vec<String>,
        /// Tag conditions as `key=value` (StringEquals); any one selects a resource.
        #[serde(default)]
        pub list_of_tags: Vec<String>,
        /// Conditions a selected resource must meet as well, all of them: `StringEquals`,
        /// `StringNotEquals`, `StringLike` or `StringNotLike` on a tag
        /// (`aws:ResourceTag/backup`).
        #[serde(default)]
        pub conditions: Vec<BackupCondition>,
    }
}

aws_struct! {
    pub struct BackupCondition {
        pub operator: String,
        pub key: String,
        pub value: String,
    }
}

/// AWS CodePipeline.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CodePipeline {
    /// codepipeline:ListPipelines with each pipeline's structure (codepipeline:GetPipeline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipelines: Option<Section<Vec<Pipeline>>>,
}

aws_struct! {
    pub struct Pipeline {
        pub name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub pipeline_arn: Option<String>,
        /// The pipeline's service role.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub role_arn: Option<String>,
        pub stages: Vec<PipelineStage>,
    }
}

aws_struct! {
    pub struct PipelineStage {
        pub name: String,
        pub actions: Vec<PipelineAction>,
    }
}

aws_struct! {
    pub struct PipelineAction {
        pub name: String,
        /// `Source`, `Build`, `Test`, `Deploy`, `Approval` or `Invoke`.
        pub category: String,
        /// `AWS`, `ThirdParty` or `Custom`.
        pub owner: String,
        /// `CodeBuild`, `CloudFormation`, `CodeDeploy`, `ECS`, `S3`, `Manual`, ...
        pub provider: String,
        /// Actions of a stage with a lower run order finish before those with a higher one.
        #[serde(default = "one")]
        pub run_order: i64,
        /// The role the action runs as; for a cross-account action it lives in the target
        /// account.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub role_arn: Option<String>,
        /// Set for an action that runs in another region than the pipeline.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub region: Option<String>,
        /// The action's configuration as AWS returns it (secrets are masked by AWS).
        #[serde(default)]
        pub configuration: std::collections::BTreeMap<String, String>,
    }
}

fn one() -> i64 {
    1
}

/// AWS CodeBuild.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeBuild {
    /// codebuild:ListProjects with each project (codebuild:BatchGetProjects).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub projects: Option<Section<Vec<BuildProject>>>,
}

aws_struct! {
    pub struct BuildProject {
        pub name: String,
        pub arn: String,
        /// `CODEPIPELINE`, `CODECOMMIT`, `GITHUB`, `S3`, `NO_SOURCE`, ...
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub source_type: Option<String>,
        /// The buildspec file name, or `inline` when the buildspec is part of the project.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub buildspec: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub service_role: Option<String>,
    }
}

/// AWS CloudFormation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CloudFormation {
    /// cloudformation:DescribeStacks (deleted stacks are not listed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stacks: Option<Section<Vec<Stack>>>,
    /// cloudformation:ListStackResources for each stack: the resources stacks manage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stack_resources: Option<Section<Vec<StackResource>>>,
    /// cloudformation:ListStackSets (this account's own, active).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stack_sets: Option<Section<Vec<StackSet>>>,
}

aws_struct! {
    pub struct Stack {
        pub stack_name: String,
        pub stack_id: String,
        pub stack_status: String,
        /// DriftInformation.StackDriftStatus: `DRIFTED`, `IN_SYNC`, `NOT_CHECKED` or `UNKNOWN`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub drift_status: Option<String>,
        /// When drift was last detected (RFC 3339).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub last_drift_check: Option<String>,
        /// The root stack of a nested stack.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub root_id: Option<String>,
    }
}

aws_struct! {
    pub struct StackResource {
        pub stack_name: String,
        pub logical_resource_id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub physical_resource_id: Option<String>,
        pub resource_type: String,
        /// `CREATE_COMPLETE`, `DELETE_COMPLETE` (still listed after a rollback), ...
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub resource_status: Option<String>,
    }
}

aws_struct! {
    pub struct StackSet {
        pub stack_set_name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub stack_set_id: Option<String>,
        pub status: String,
        /// `DRIFTED`, `IN_SYNC`, `NOT_CHECKED` or `UNKNOWN`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub drift_status: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub last_drift_check: Option<String>,
    }
}

/// The Resource Groups Tagging API.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tagging {
    /// tag:GetResources for the resource kinds REL-001 judges: every tagged instance, security
    /// group, database, bucket, function, load balancer and table, with its tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Section<Vec<TaggedResource>>>,
}

aws_struct! {
    pub struct TaggedResource {
        #[serde(rename = "ResourceARN")]
        pub resource_arn: String,
        #[serde(default)]
        pub tags: std::collections::BTreeMap<String, String>,
    }
}

aws_struct! {
    /// cloudtrail:LookupEvents for write events (ReadOnly=false) since `since`, keeping those
    /// made from the console.
    pub struct ConsoleChanges {
        /// The start of the window (RFC 3339).
        pub since: String,
        /// Write events read, console-made or not.
        pub events_read: i64,
        /// True when the page cap stopped the read before the window was covered.
        #[serde(default)]
        pub truncated: bool,
        pub events: Vec<ConsoleEvent>,
    }
}

aws_struct! {
    pub struct ConsoleEvent {
        pub event_id: String,
        pub event_time: String,
        pub event_name: String,
        pub event_source: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub username: Option<String>,
        /// Resource names or ARNs the event names.
        #[serde(default)]
        pub resources: Vec<String>,
    }
}

aws_struct! {
    /// budgets:DescribeBudgets.
    pub struct Budget {
        pub budget_name: String,
        /// `COST`, `USAGE`, `RI_UTILIZATION`, `SAVINGS_PLANS_COVERAGE`, ...
        pub budget_type: String,
        /// `MONTHLY`, `QUARTERLY`, `ANNUALLY`, `DAILY`.
        pub time_unit: String,
        /// The limit as `amount unit`, e.g. `1000.0 USD`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub limit: Option<String>,
        /// Actual spend so far in the period, as `amount unit`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub actual_spend: Option<String>,
    }
}

aws_struct! {
    /// Cost Explorer facts, read in the management account with `--cost-explorer` (each
    /// request costs $0.01).
    pub struct CostExplorer {
        /// Active user-defined and AWS-generated cost allocation tag keys.
        pub active_cost_allocation_tags: Vec<String>,
        /// The window of the coverage figures (YYYY-MM-DD, end exclusive).
        pub start: String,
        pub end: String,
        /// Share of Savings Plans-eligible spend covered by Savings Plans over the window,
        /// percent (covered spend over total, summed over every period).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub savings_plans_coverage: Option<f64>,
        /// Share of EC2 running hours covered by reservations, percent (GetReservationCoverage
        /// without a service filter covers EC2 only).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub reservation_coverage: Option<f64>,
    }
}

// ---------------------------------------------------------------------------------------------
// The network's edges and high availability (DOC-001): what the diagram draws beside subnets.

aws_struct! {
    /// ec2:DescribeInternetGateways.
    pub struct InternetGateway {
        pub internet_gateway_id: String,
        /// The VPCs it is attached to.
        #[serde(default)]
        pub vpc_ids: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
    }
}

aws_struct! {
    /// ec2:DescribeNatGateways (deleted ones left out).
    pub struct NatGateway {
        pub nat_gateway_id: String,
        pub vpc_id: String,
        pub subnet_id: String,
        /// `pending`, `available`, `failed`, `deleting`.
        pub state: String,
        /// `public` or `private`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub connectivity_type: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
    }
}

aws_struct! {
    /// ec2:DescribeVpcEndpoints.
    pub struct VpcEndpoint {
        pub vpc_endpoint_id: String,
        pub vpc_id: String,
        pub service_name: String,
        /// `Interface`, `Gateway` or `GatewayLoadBalancer`.
        pub vpc_endpoint_type: String,
        #[serde(default)]
        pub subnet_ids: Vec<String>,
    }
}

aws_struct! {
    /// ec2:DescribeVpnGateways: virtual private gateways and the VPCs attached to them.
    pub struct VpnGateway {
        pub vpn_gateway_id: String,
        #[serde(default)]
        pub vpc_ids: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
    }
}

aws_struct! {
    /// ec2:DescribeVpnConnections (deleted ones left out).
    pub struct VpnConnection {
        pub vpn_connection_id: String,
        pub customer_gateway_id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub vpn_gateway_id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub transit_gateway_id: Option<String>,
        pub state: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
    }
}

aws_struct! {
    /// ec2:DescribeCustomerGateways: the customer's side of a VPN.
    pub struct CustomerGateway {
        pub customer_gateway_id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub ip_address: Option<String>,
        pub state: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
    }
}

aws_struct! {
    /// ec2:DescribeTransitGatewayAttachments.
    pub struct TransitGatewayAttachment {
        pub transit_gateway_attachment_id: String,
        pub transit_gateway_id: String,
        /// `vpc`, `vpn`, `direct-connect-gateway`, `peering`, `connect`.
        pub resource_type: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub resource_id: Option<String>,
        pub state: String,
    }
}

aws_struct! {
    /// ec2:DescribeVpcPeeringConnections (active and pending).
    pub struct VpcPeering {
        pub vpc_peering_connection_id: String,
        pub requester_vpc_id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub requester_owner_id: Option<String>,
        pub accepter_vpc_id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub accepter_owner_id: Option<String>,
        pub status: String,
    }
}

/// AWS Direct Connect.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DirectConnect {
    /// directconnect:DescribeVirtualInterfaces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub virtual_interfaces: Option<Section<Vec<VirtualInterface>>>,
}

aws_struct! {
    pub struct VirtualInterface {
        pub virtual_interface_id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub virtual_interface_name: Option<String>,
        /// `private`, `public` or `transit`.
        pub virtual_interface_type: String,
        pub virtual_interface_state: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub virtual_gateway_id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub direct_connect_gateway_id: Option<String>,
    }
}

aws_struct! {
    /// elasticloadbalancing:DescribeTargetGroups.
    pub struct TargetGroup {
        pub target_group_arn: String,
        pub target_group_name: String,
        /// `instance`, `ip`, `lambda`, `alb`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub target_type: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub vpc_id: Option<String>,
        #[serde(default)]
        pub load_balancer_arns: Vec<String>,
    }
}

aws_struct! {
    /// autoscaling:DescribePolicies.
    pub struct ScalingPolicy {
        pub policy_name: String,
        pub auto_scaling_group_name: String,
        /// `SimpleScaling`, `StepScaling`, `TargetTrackingScaling`, `PredictiveScaling`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub policy_type: Option<String>,
        #[serde(default = "yes")]
        pub enabled: bool,
    }
}

fn yes() -> bool {
    true
}
