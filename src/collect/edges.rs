//! What the architecture diagram draws beside subnets and instances (DOC-001): the VPCs' edges
//! (internet, NAT, VPN, transit and virtual private gateways, peering, endpoints, Direct Connect),
//! load balancer target groups and Auto Scaling policies.

use super::Clients;
use super::aws::{owned, paged, section};
use super::guard::*;
use super::regional::tag_name;
use crate::model::Section;
use crate::model::snapshot::*;

/// The sections read here, placed into the region by the caller.
pub struct Edges {
    pub internet_gateways: Section<Vec<InternetGateway>>,
    pub nat_gateways: Section<Vec<NatGateway>>,
    pub vpc_endpoints: Section<Vec<VpcEndpoint>>,
    pub vpn_gateways: Section<Vec<VpnGateway>>,
    pub vpn_connections: Section<Vec<VpnConnection>>,
    pub customer_gateways: Section<Vec<CustomerGateway>>,
    pub transit_gateway_attachments: Section<Vec<TransitGatewayAttachment>>,
    pub vpc_peering_connections: Section<Vec<VpcPeering>>,
    pub virtual_interfaces: Section<Vec<VirtualInterface>>,
    pub target_groups: Section<Vec<TargetGroup>>,
    pub scaling_policies: Section<Vec<ScalingPolicy>>,
}

pub async fn collect(c: &Clients, r: &str) -> Edges {
    let ec2 = c.ec2(r);
    let (internet_gateways, nat_gateways, vpc_endpoints, vpn_gateways) = tokio::join!(
        async {
            paged!(
                &EC2_DESCRIBE_INTERNET_GATEWAYS,
                r,
                ec2.describe_internet_gateways().into_paginator().send(),
                |page| page
                    .internet_gateways()
                    .iter()
                    .map(|g| InternetGateway {
                        internet_gateway_id: g
                            .internet_gateway_id()
                            .unwrap_or_default()
                            .to_string(),
                        vpc_ids: g
                            .attachments()
                            .iter()
                            .filter_map(|a| owned(a.vpc_id()))
                            .collect(),
                        name: tag_name(g.tags()),
                    })
                    .collect::<Vec<_>>()
            )
        },
        async {
            paged!(
                &EC2_DESCRIBE_NAT_GATEWAYS,
                r,
                ec2.describe_nat_gateways().into_paginator().send(),
                |page| page
                    .nat_gateways()
                    .iter()
                    .filter(|n| !matches!(
                        n.state().map(|s| s.as_str()),
                        Some("deleted" | "deleting")
                    ))
                    .map(|n| NatGateway {
                        nat_gateway_id: n.nat_gateway_id().unwrap_or_default().to_string(),
                        vpc_id: n.vpc_id().unwrap_or_default().to_string(),
                        subnet_id: n.subnet_id().unwrap_or_default().to_string(),
                        state: n
                            .state()
                            .map(|s| s.as_str().to_string())
                            .unwrap_or_default(),
                        connectivity_type: n.connectivity_type().map(|s| s.as_str().to_string()),
                        name: tag_name(n.tags()),
                    })
                    .collect::<Vec<_>>()
            )
        },
        async {
            paged!(
                &EC2_DESCRIBE_VPC_ENDPOINTS,
                r,
                ec2.describe_vpc_endpoints().into_paginator().send(),
                |page| page
                    .vpc_endpoints()
                    .iter()
                    .map(|e| VpcEndpoint {
                        vpc_endpoint_id: e.vpc_endpoint_id().unwrap_or_default().to_string(),
                        vpc_id: e.vpc_id().unwrap_or_default().to_string(),
                        service_name: e.service_name().unwrap_or_default().to_string(),
                        vpc_endpoint_type: e
                            .vpc_endpoint_type()
                            .map(|t| t.as_str().to_string())
                            .unwrap_or_default(),
                        subnet_ids: e.subnet_ids().to_vec(),
                    })
                    .collect::<Vec<_>>()
            )
        },
        async {
            let out = ec2.describe_vpn_gateways().send().await;
            section(&EC2_DESCRIBE_VPN_GATEWAYS, r, out, |o| {
                o.vpn_gateways()
                    .iter()
                    .filter(|g| g.state().map(|s| s.as_str()) != Some("deleted"))
                    .map(|g| VpnGateway {
                        vpn_gateway_id: g.vpn_gateway_id().unwrap_or_default().to_string(),
                        vpc_ids: g
                            .vpc_attachments()
                            .iter()
                            .filter(|a| a.state().map(|s| s.as_str()) == Some("attached"))
                            .filter_map(|a| owned(a.vpc_id()))
                            .collect(),
                        name: tag_name(g.tags()),
                    })
                    .collect::<Vec<_>>()
            })
        },
    );
    let (vpn_connections, customer_gateways, transit_gateway_attachments, vpc_peering_connections) = tokio::join!(
        async {
            let out = ec2.describe_vpn_connections().send().await;
            section(&EC2_DESCRIBE_VPN_CONNECTIONS, r, out, |o| {
                o.vpn_connections()
                    .iter()
                    .filter(|v| v.state().map(|s| s.as_str()) != Some("deleted"))
                    .map(|v| VpnConnection {
                        vpn_connection_id: v.vpn_connection_id().unwrap_or_default().to_string(),
                        customer_gateway_id: v
                            .customer_gateway_id()
                            .unwrap_or_default()
                            .to_string(),
                        vpn_gateway_id: owned(v.vpn_gateway_id()),
                        transit_gateway_id: owned(v.transit_gateway_id()),
                        state: v
                            .state()
                            .map(|s| s.as_str().to_string())
                            .unwrap_or_default(),
                        name: tag_name(v.tags()),
                    })
                    .collect::<Vec<_>>()
            })
        },
        async {
            let out = ec2.describe_customer_gateways().send().await;
            section(&EC2_DESCRIBE_CUSTOMER_GATEWAYS, r, out, |o| {
                o.customer_gateways()
                    .iter()
                    .filter(|g| g.state() != Some("deleted"))
                    .map(|g| CustomerGateway {
                        customer_gateway_id: g
                            .customer_gateway_id()
                            .unwrap_or_default()
                            .to_string(),
                        ip_address: owned(g.ip_address()),
                        state: g.state().unwrap_or_default().to_string(),
                        name: tag_name(g.tags()),
                    })
                    .collect::<Vec<_>>()
            })
        },
        async {
            paged!(
                &EC2_DESCRIBE_TGW_ATTACHMENTS,
                r,
                ec2.describe_transit_gateway_attachments()
                    .into_paginator()
                    .send(),
                |page| page
                    .transit_gateway_attachments()
                    .iter()
                    .filter(|a| !matches!(
                        a.state().map(|s| s.as_str()),
                        Some("deleted" | "deleting")
                    ))
                    .map(|a| TransitGatewayAttachment {
                        transit_gateway_attachment_id: a
                            .transit_gateway_attachment_id()
                            .unwrap_or_default()
                            .to_string(),
                        transit_gateway_id: a.transit_gateway_id().unwrap_or_default().to_string(),
                        resource_type: a
                            .resource_type()
                            .map(|t| t.as_str().to_string())
                            .unwrap_or_default(),
                        resource_id: owned(a.resource_id()),
                        state: a
                            .state()
                            .map(|s| s.as_str().to_string())
                            .unwrap_or_default(),
                    })
                    .collect::<Vec<_>>()
            )
        },
        async {
            paged!(
                &EC2_DESCRIBE_VPC_PEERING,
                r,
                ec2.describe_vpc_peering_connections()
                    .into_paginator()
                    .send(),
                |page| page
                    .vpc_peering_connections()
                    .iter()
                    .filter(|p| {
                        !matches!(
                            p.status().and_then(|s| s.code()).map(|c| c.as_str()),
                            Some("deleted" | "rejected" | "failed" | "expired")
                        )
                    })
                    .map(|p| VpcPeering {
                        vpc_peering_connection_id: p
                            .vpc_peering_connection_id()
                            .unwrap_or_default()
                            .to_string(),
                        requester_vpc_id: p
                            .requester_vpc_info()
                            .and_then(|v| owned(v.vpc_id()))
                            .unwrap_or_default(),
                        requester_owner_id: p
                            .requester_vpc_info()
                            .and_then(|v| owned(v.owner_id())),
                        accepter_vpc_id: p
                            .accepter_vpc_info()
                            .and_then(|v| owned(v.vpc_id()))
                            .unwrap_or_default(),
                        accepter_owner_id: p.accepter_vpc_info().and_then(|v| owned(v.owner_id())),
                        status: p
                            .status()
                            .and_then(|s| s.code())
                            .map(|c| c.as_str().to_string())
                            .unwrap_or_default(),
                    })
                    .collect::<Vec<_>>()
            )
        },
    );
    let (dx, elbv2, autoscaling) = (c.directconnect(r), c.elbv2(r), c.autoscaling(r));
    let (virtual_interfaces, target_groups, scaling_policies) = tokio::join!(
        async {
            let out = dx.describe_virtual_interfaces().send().await;
            section(&DX_DESCRIBE_VIRTUAL_INTERFACES, r, out, |o| {
                o.virtual_interfaces()
                    .iter()
                    .filter(|v| {
                        !matches!(
                            v.virtual_interface_state().map(|s| s.as_str()),
                            Some("deleted" | "deleting" | "rejected")
                        )
                    })
                    .map(|v| VirtualInterface {
                        virtual_interface_id: v
                            .virtual_interface_id()
                            .unwrap_or_default()
                            .to_string(),
                        virtual_interface_name: owned(v.virtual_interface_name()),
                        virtual_interface_type: v
                            .virtual_interface_type()
                            .unwrap_or_default()
                            .to_string(),
                        virtual_interface_state: v
                            .virtual_interface_state()
                            .map(|s| s.as_str().to_string())
                            .unwrap_or_default(),
                        virtual_gateway_id: owned(v.virtual_gateway_id()),
                        direct_connect_gateway_id: owned(v.direct_connect_gateway_id()),
                    })
                    .collect::<Vec<_>>()
            })
        },
        async {
            paged!(
                &ELBV2_DESCRIBE_TARGET_GROUPS,
                r,
                elbv2.describe_target_groups().into_paginator().send(),
                |page| page
                    .target_groups()
                    .iter()
                    .map(|t| TargetGroup {
                        target_group_arn: t.target_group_arn().unwrap_or_default().to_string(),
                        target_group_name: t.target_group_name().unwrap_or_default().to_string(),
                        target_type: t.target_type().map(|x| x.as_str().to_string()),
                        vpc_id: owned(t.vpc_id()),
                        load_balancer_arns: t.load_balancer_arns().to_vec(),
                    })
                    .collect::<Vec<_>>()
            )
        },
        async {
            paged!(
                &AUTOSCALING_DESCRIBE_POLICIES,
                r,
                autoscaling.describe_policies().into_paginator().send(),
                |page| page
                    .scaling_policies()
                    .iter()
                    .map(|p| ScalingPolicy {
                        policy_name: p.policy_name().unwrap_or_default().to_string(),
                        auto_scaling_group_name: p
                            .auto_scaling_group_name()
                            .unwrap_or_default()
                            .to_string(),
                        policy_type: owned(p.policy_type()),
                        enabled: p.enabled().unwrap_or(true),
                    })
                    .collect::<Vec<_>>()
            )
        },
    );
    Edges {
        internet_gateways,
        nat_gateways,
        vpc_endpoints,
        vpn_gateways,
        vpn_connections,
        customer_gateways,
        transit_gateway_attachments,
        vpc_peering_connections,
        virtual_interfaces,
        target_groups,
        scaling_policies,
    }
}
