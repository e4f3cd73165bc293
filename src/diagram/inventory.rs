//! The inventory a diagram draws, from one account of the snapshot: what sits where.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::model::section::items;
use crate::model::snapshot::{Account, Region, RouteTable};

/// One account's inventory, every list sorted by id.
#[derive(Debug, Clone, Serialize)]
pub struct Inventory {
    pub account_id: String,
    pub account_name: Option<String>,
    pub regions: Vec<RegionInventory>,
    /// CloudFront distributions (a global service).
    pub global: Vec<Node>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RegionInventory {
    pub region: String,
    pub vpcs: Vec<VpcInventory>,
    /// Services outside any VPC: functions, APIs, tables, buckets.
    pub regional: Vec<Node>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VpcInventory {
    pub id: String,
    pub arn: String,
    pub name: Option<String>,
    pub cidr: Option<String>,
    pub is_default: bool,
    /// The Availability Zones of its subnets: the diagram's columns.
    pub zones: Vec<String>,
    pub subnets: Vec<SubnetInventory>,
    /// Gateways, endpoints and connections on the VPC's edge, those outside AWS included.
    pub edges: Vec<Node>,
    /// Load balancers and Auto Scaling groups, across the zones they use.
    pub spans: Vec<Span>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SubnetInventory {
    pub id: String,
    pub arn: String,
    pub name: Option<String>,
    pub zone: String,
    pub cidr: Option<String>,
    /// Its route table sends 0.0.0.0/0 to an internet gateway.
    pub public: bool,
    pub nodes: Vec<Node>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Node {
    /// `instance`, `database`, `NAT gateway`, `internet gateway`, `VPN`, ...
    pub kind: String,
    pub id: String,
    pub arn: String,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Span {
    pub kind: String,
    pub id: String,
    pub arn: String,
    pub label: String,
    pub zones: Vec<String>,
}

fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

fn ec2_arn(region: &str, account: &str, kind: &str, id: &str) -> String {
    format!(
        "arn:{}:ec2:{region}:{account}:{kind}/{id}",
        partition(region)
    )
}

/// The route table of a subnet: its explicit association, else its VPC's main table.
fn table_of<'a>(tables: &'a [RouteTable], subnet: &str, vpc: &str) -> Option<&'a RouteTable> {
    tables
        .iter()
        .find(|t| t.subnets.iter().any(|s| s == subnet))
        .or_else(|| tables.iter().find(|t| t.main && t.vpc_id == vpc))
}

fn public(table: Option<&RouteTable>) -> bool {
    table.is_some_and(|t| {
        t.routes.iter().any(|r| {
            r.destination_cidr_block.as_deref() == Some("0.0.0.0/0")
                && r.gateway_id
                    .as_deref()
                    .is_some_and(|g| g.starts_with("igw-"))
        })
    })
}

pub fn build(account: &Account) -> Inventory {
    let id = account.account_id.as_str();
    let regions = account
        .regions
        .iter()
        .filter(|(_, r)| r.error.is_none())
        .map(|(name, r)| region(id, name, r, account))
        .collect();
    let mut global: Vec<Node> = items(&account.cloudfront_distributions)
        .map(|d| Node {
            kind: "CloudFront".into(),
            id: d.id.clone(),
            arn: d.arn.clone(),
            label: match d.aliases.first() {
                Some(a) => format!("{} ({a})", d.id),
                None => format!("{} ({})", d.id, d.domain_name),
            },
        })
        .collect();
    global.sort();
    Inventory {
        account_id: id.to_string(),
        account_name: account.name.clone(),
        regions,
        global,
    }
}

fn region(account: &str, name: &str, r: &Region, acct: &Account) -> RegionInventory {
    let tables: Vec<RouteTable> = items(&r.ec2.route_tables).cloned().collect();
    let subnets: Vec<_> = items(&r.ec2.subnets).collect();
    let zone_of: BTreeMap<&str, &str> = subnets
        .iter()
        .map(|s| (s.subnet_id.as_str(), s.availability_zone.as_str()))
        .collect();
    // What runs in each subnet.
    let mut in_subnet: BTreeMap<String, BTreeSet<Node>> = BTreeMap::new();
    let mut put = |subnet: &str, node: Node| {
        in_subnet
            .entry(subnet.to_string())
            .or_default()
            .insert(node);
    };
    for i in items(&r.ec2.instances).filter(|i| i.auto_scaling_group.is_none()) {
        if let Some(s) = &i.subnet_id {
            let kind = i.instance_type.as_deref().unwrap_or("instance");
            put(
                s,
                Node {
                    kind: "instance".into(),
                    id: i.instance_id.clone(),
                    arn: ec2_arn(name, account, "instance", &i.instance_id),
                    label: format!("{} · {kind}", i.name.as_deref().unwrap_or(&i.instance_id)),
                },
            );
        }
    }
    for n in items(&r.ec2.nat_gateways) {
        put(
            &n.subnet_id,
            Node {
                kind: "NAT gateway".into(),
                id: n.nat_gateway_id.clone(),
                arn: ec2_arn(name, account, "natgateway", &n.nat_gateway_id),
                label: format!(
                    "NAT gateway {}",
                    n.name.as_deref().unwrap_or(&n.nat_gateway_id)
                ),
            },
        );
    }
    // A database sits in the subnet of its group in its zone; a Multi-AZ standby in its own.
    for d in items(&r.rds.instances) {
        let place = |zone: Option<&str>| {
            d.subnets
                .iter()
                .filter(|s| zone.is_some_and(|z| zone_of.get(s.as_str()) == Some(&z)))
                .min()
                .cloned()
        };
        let role = match (&d.read_replica_source, &d.db_cluster_identifier) {
            (Some(src), _) => format!("replica of {src}"),
            (_, Some(c)) => format!("member of {c}"),
            _ if d.multi_az => "primary".to_string(),
            _ => "single-AZ".to_string(),
        };
        if let Some(s) = place(d.availability_zone.as_deref()) {
            put(
                &s,
                Node {
                    kind: "database".into(),
                    id: d.db_instance_identifier.clone(),
                    arn: d.db_instance_arn.clone(),
                    label: format!("{} {} ({role})", d.db_instance_identifier, d.engine),
                },
            );
        }
        if d.multi_az
            && let Some(s) = place(d.secondary_availability_zone.as_deref())
        {
            put(
                &s,
                Node {
                    kind: "database standby".into(),
                    id: format!("{} standby", d.db_instance_identifier),
                    arn: d.db_instance_arn.clone(),
                    label: format!("{} standby", d.db_instance_identifier),
                },
            );
        }
    }
    for f in items(&r.lambda.functions) {
        for s in &f.subnets {
            put(
                s,
                Node {
                    kind: "function".into(),
                    id: f.function_name.clone(),
                    arn: f.function_arn.clone(),
                    label: format!("λ {}", f.function_name),
                },
            );
        }
    }
    for e in items(&r.ec2.vpc_endpoints).filter(|e| e.vpc_endpoint_type == "Interface") {
        for s in &e.subnet_ids {
            put(
                s,
                Node {
                    kind: "interface endpoint".into(),
                    id: e.vpc_endpoint_id.clone(),
                    arn: ec2_arn(name, account, "vpc-endpoint", &e.vpc_endpoint_id),
                    label: format!("{} endpoint", short_service(&e.service_name)),
                },
            );
        }
    }

    let mut vpcs: Vec<VpcInventory> = items(&r.ec2.vpcs)
        .map(|v| {
            let mut subs: Vec<SubnetInventory> = subnets
                .iter()
                .filter(|s| s.vpc_id == v.vpc_id)
                .map(|s| SubnetInventory {
                    id: s.subnet_id.clone(),
                    arn: ec2_arn(name, account, "subnet", &s.subnet_id),
                    name: s.name.clone(),
                    zone: s.availability_zone.clone(),
                    cidr: s.cidr_block.clone(),
                    public: public(table_of(&tables, &s.subnet_id, &v.vpc_id)),
                    nodes: in_subnet
                        .get(&s.subnet_id)
                        .map(|n| n.iter().cloned().collect())
                        .unwrap_or_default(),
                })
                .collect();
            // Public subnets first in each zone, then by id.
            subs.sort_by(|a, b| (&a.zone, !a.public, &a.id).cmp(&(&b.zone, !b.public, &b.id)));
            let zones: Vec<String> = subs
                .iter()
                .map(|s| s.zone.clone())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            VpcInventory {
                arn: ec2_arn(name, account, "vpc", &v.vpc_id),
                id: v.vpc_id.clone(),
                name: v.name.clone(),
                cidr: v.cidr_block.clone(),
                is_default: v.is_default,
                zones,
                subnets: subs,
                edges: edges(account, name, r, &v.vpc_id),
                spans: spans(r, &v.vpc_id, &zone_of),
            }
        })
        .collect();
    vpcs.sort_by(|a, b| a.id.cmp(&b.id));

    let mut regional: Vec<Node> = Vec::new();
    for f in items(&r.lambda.functions).filter(|f| f.subnets.is_empty()) {
        regional.push(Node {
            kind: "function".into(),
            id: f.function_name.clone(),
            arn: f.function_arn.clone(),
            label: format!("λ {}", f.function_name),
        });
    }
    for a in items(&r.apigateway.rest_apis) {
        regional.push(Node {
            kind: "REST API".into(),
            id: a.id.clone(),
            arn: format!(
                "arn:{}:apigateway:{name}::/restapis/{}",
                partition(name),
                a.id
            ),
            label: format!("API {} ({})", a.name, a.id),
        });
    }
    for a in items(&r.apigateway.apis) {
        regional.push(Node {
            kind: format!("{} API", a.protocol_type),
            id: a.api_id.clone(),
            arn: format!(
                "arn:{}:apigateway:{name}::/apis/{}",
                partition(name),
                a.api_id
            ),
            label: format!("API {} ({})", a.name, a.api_id),
        });
    }
    for t in items(&r.dynamodb.tables) {
        regional.push(Node {
            kind: "DynamoDB table".into(),
            id: t.table_name.clone(),
            arn: t.table_arn.clone(),
            label: format!("table {}", t.table_name),
        });
    }
    for b in items(&acct.s3.buckets).filter(|b| b.region == name) {
        regional.push(Node {
            kind: "S3 bucket".into(),
            id: b.name.clone(),
            arn: format!("arn:{}:s3:::{}", partition(name), b.name),
            label: format!("bucket {}", b.name),
        });
    }
    regional.sort();
    RegionInventory {
        region: name.to_string(),
        vpcs,
        regional,
    }
}

fn short_service(service: &str) -> &str {
    service.rsplit('.').next().unwrap_or(service)
}

/// The VPC's edges: internet and virtual private gateways, gateway endpoints, transit gateway
/// attachments, peering, VPN connections to customer gateways, Direct Connect interfaces.
fn edges(account: &str, region: &str, r: &Region, vpc: &str) -> Vec<Node> {
    let mut out = Vec::new();
    for g in items(&r.ec2.internet_gateways).filter(|g| g.vpc_ids.iter().any(|v| v == vpc)) {
        out.push(Node {
            kind: "internet gateway".into(),
            id: g.internet_gateway_id.clone(),
            arn: ec2_arn(region, account, "internet-gateway", &g.internet_gateway_id),
            label: format!(
                "Internet ↔ {}",
                g.name.as_deref().unwrap_or(&g.internet_gateway_id)
            ),
        });
    }
    let vgws: Vec<_> = items(&r.ec2.vpn_gateways)
        .filter(|g| g.vpc_ids.iter().any(|v| v == vpc))
        .collect();
    for g in &vgws {
        out.push(Node {
            kind: "virtual private gateway".into(),
            id: g.vpn_gateway_id.clone(),
            arn: ec2_arn(region, account, "vpn-gateway", &g.vpn_gateway_id),
            label: format!(
                "virtual private gateway {}",
                g.name.as_deref().unwrap_or(&g.vpn_gateway_id)
            ),
        });
        for c in items(&r.ec2.vpn_connections)
            .filter(|c| c.vpn_gateway_id.as_deref() == Some(g.vpn_gateway_id.as_str()))
        {
            let far = items(&r.ec2.customer_gateways)
                .find(|x| x.customer_gateway_id == c.customer_gateway_id);
            let far = match far {
                Some(x) => format!(
                    "{}{}",
                    x.name.as_deref().unwrap_or(&x.customer_gateway_id),
                    x.ip_address
                        .as_ref()
                        .map(|ip| format!(" at {ip}"))
                        .unwrap_or_default()
                ),
                None => c.customer_gateway_id.clone(),
            };
            out.push(Node {
                kind: "VPN".into(),
                id: c.vpn_connection_id.clone(),
                arn: ec2_arn(region, account, "vpn-connection", &c.vpn_connection_id),
                label: format!("VPN ↔ on-premises {far}"),
            });
        }
        for v in items(&r.directconnect.virtual_interfaces)
            .filter(|v| v.virtual_gateway_id.as_deref() == Some(g.vpn_gateway_id.as_str()))
        {
            out.push(Node {
                kind: "Direct Connect".into(),
                id: v.virtual_interface_id.clone(),
                arn: format!(
                    "arn:{}:directconnect:{region}:{account}:dxvif/{}",
                    partition(region),
                    v.virtual_interface_id
                ),
                label: format!(
                    "Direct Connect ↔ on-premises ({})",
                    v.virtual_interface_name
                        .as_deref()
                        .unwrap_or(&v.virtual_interface_id)
                ),
            });
        }
    }
    for e in items(&r.ec2.vpc_endpoints)
        .filter(|e| e.vpc_id == vpc && e.vpc_endpoint_type != "Interface")
    {
        out.push(Node {
            kind: "gateway endpoint".into(),
            id: e.vpc_endpoint_id.clone(),
            arn: ec2_arn(region, account, "vpc-endpoint", &e.vpc_endpoint_id),
            label: format!("{} gateway endpoint", short_service(&e.service_name)),
        });
    }
    for a in items(&r.ec2.transit_gateway_attachments)
        .filter(|a| a.resource_type == "vpc" && a.resource_id.as_deref() == Some(vpc))
    {
        out.push(Node {
            kind: "transit gateway".into(),
            id: a.transit_gateway_attachment_id.clone(),
            arn: ec2_arn(
                region,
                account,
                "transit-gateway-attachment",
                &a.transit_gateway_attachment_id,
            ),
            label: format!("transit gateway {}", a.transit_gateway_id),
        });
    }
    for p in items(&r.ec2.vpc_peering_connections)
        .filter(|p| p.requester_vpc_id == vpc || p.accepter_vpc_id == vpc)
    {
        let (other, owner) = if p.requester_vpc_id == vpc {
            (&p.accepter_vpc_id, &p.accepter_owner_id)
        } else {
            (&p.requester_vpc_id, &p.requester_owner_id)
        };
        let owner = owner
            .as_deref()
            .filter(|o| *o != account)
            .map(|o| format!(" of {o}"))
            .unwrap_or_default();
        out.push(Node {
            kind: "peering".into(),
            id: p.vpc_peering_connection_id.clone(),
            arn: ec2_arn(
                region,
                account,
                "vpc-peering-connection",
                &p.vpc_peering_connection_id,
            ),
            label: format!("peered with {other}{owner}"),
        });
    }
    out.sort();
    out
}

/// Load balancers and Auto Scaling groups of the VPC, with the zones they use.
fn spans(r: &Region, vpc: &str, zone_of: &BTreeMap<&str, &str>) -> Vec<Span> {
    let mut out = Vec::new();
    for b in items(&r.elbv2.load_balancers).filter(|b| b.vpc_id.as_deref() == Some(vpc)) {
        let zones: BTreeSet<String> = b
            .availability_zones
            .iter()
            .map(|z| z.zone_name.clone())
            .collect();
        out.push(Span {
            kind: "load balancer".into(),
            id: b.load_balancer_name.clone(),
            arn: b.load_balancer_arn.clone(),
            label: format!(
                "{} load balancer {} · {}",
                b.kind, b.load_balancer_name, b.scheme
            ),
            zones: zones.into_iter().collect(),
        });
    }
    let policies: BTreeMap<&str, usize> =
        items(&r.autoscaling.policies).fold(BTreeMap::new(), |mut m, p| {
            *m.entry(p.auto_scaling_group_name.as_str()).or_default() += usize::from(p.enabled);
            m
        });
    for g in items(&r.autoscaling.groups) {
        let in_vpc = g.subnets.iter().any(|s| zone_of.contains_key(s.as_str()))
            && items(&r.ec2.subnets).any(|s| s.vpc_id == vpc && g.subnets.contains(&s.subnet_id));
        if !in_vpc {
            continue;
        }
        let scaling = match policies.get(g.auto_scaling_group_name.as_str()) {
            Some(n) if *n > 0 => "scales by policy".to_string(),
            _ => "no scaling policy".into(),
        };
        out.push(Span {
            kind: "Auto Scaling group".into(),
            id: g.auto_scaling_group_name.clone(),
            arn: g.auto_scaling_group_arn.clone(),
            label: format!(
                "Auto Scaling group {} · min {} / desired {} / max {} · {scaling}",
                g.auto_scaling_group_name, g.min_size, g.desired_capacity, g.max_size,
            ),
            zones: g
                .availability_zones
                .iter()
                .cloned()
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect(),
        });
    }
    out.sort_by(|a, b| (&a.kind, &a.id).cmp(&(&b.kind, &b.id)));
    out
}
