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
