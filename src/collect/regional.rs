//! The per-region services: EC2 (network and volumes), KMS, CloudTrail.

use futures_util::{StreamExt, stream};

use super::Clients;
use super::aws::{self, data, paged, section};
use super::guard::*;
use crate::model::snapshot::*;
use crate::model::{Section, SectionError};

pub async fn collect(c: &Clients, region: &str) -> Region {
    use super::delivery as d;
    use super::services as s;
    let (ec2, kms, cloudtrail, rds, elbv2, dynamodb) = tokio::join!(
        ec2(c, region),
        kms(c, region),
        cloudtrail(c, region),
        s::rds(c, region),
        s::elbv2(c, region),
        s::dynamodb(c, region),
    );
    let (acm, lambda, apigateway, cloudwatch, logs, autoscaling, ssm, events, backup) = tokio::join!(
        s::acm(c, region),
        s::lambda(c, region),
        s::apigateway(c, region),
        s::cloudwatch(c, region),
        s::logs(c, region),
        s::autoscaling(c, region),
        s::ssm(c, region),
        s::events(c, region),
        s::backup(c, region),
    );
    let (codepipeline, codebuild, cloudformation, tagging, edges) = tokio::join!(
        d::codepipeline(c, region),
        d::codebuild(c, region),
        d::cloudformation(c, region),
        d::tagging(c, region),
        super::edges::collect(c, region),
    );
    let mut ec2 = ec2;
    ec2.internet_gateways = Some(edges.internet_gateways);
    ec2.nat_gateways = Some(edges.nat_gateways);
    ec2.vpc_endpoints = Some(edges.vpc_endpoints);
    ec2.vpn_gateways = Some(edges.vpn_gateways);
    ec2.vpn_connections = Some(edges.vpn_connections);
    ec2.customer_gateways = Some(edges.customer_gateways);
    ec2.transit_gateway_attachments = Some(edges.transit_gateway_attachments);
    ec2.vpc_peering_connections = Some(edges.vpc_peering_connections);
    let mut elbv2 = elbv2;
    elbv2.target_groups = Some(edges.target_groups);
    let mut autoscaling = autoscaling;
    autoscaling.policies = Some(edges.scaling_policies);
    let directconnect = DirectConnect {
        virtual_interfaces: Some(edges.virtual_interfaces),
    };
    Region {
        error: None,
        codepipeline,
        codebuild,
        cloudformation,
        tagging,
        directconnect,
        ec2,
        kms,
        cloudtrail,
        rds,
        elbv2,
        dynamodb,
        acm,
        lambda,
        apigateway,
        cloudwatch,
        logs,
        autoscaling,
        ssm,
        events,
        backup,
    }
}

pub(super) fn tag_name(tags: &[aws_sdk_ec2::types::Tag]) -> Option<String> {
    tags.iter()
        .find(|t| t.key() == Some("Name"))
        .and_then(|t| t.value().map(str::to_string))
}

fn permission(p: &aws_sdk_ec2::types::IpPermission) -> IpPermission {
    IpPermission {
        ip_protocol: p.ip_protocol().unwrap_or("-1").to_string(),
        from_port: p.from_port().map(i64::from),
        to_port: p.to_port().map(i64::from),
        ip_ranges: p
            .ip_ranges()
            .iter()
            .filter_map(|r| r.cidr_ip().map(str::to_string))
            .collect(),
        ipv6_ranges: p
            .ipv6_ranges()
            .iter()
            .filter_map(|r| r.cidr_ipv6().map(str::to_string))
            .collect(),
        user_id_group_pairs: p
            .user_id_group_pairs()
            .iter()
            .filter_map(|g| g.group_id().map(str::to_string))
            .collect(),
        prefix_list_ids: p
            .prefix_list_ids()
            .iter()
            .filter_map(|g| g.prefix_list_id().map(str::to_string))
            .collect(),
    }
}

async fn ec2(c: &Clients, r: &str) -> Ec2 {
    let ec2 = c.ec2(r);
    let (security_groups, network_acls, vpcs, flow_logs, volumes, ebs) = tokio::join!(
        async {
            paged!(
                &EC2_DESCRIBE_SECURITY_GROUPS,
                r,
                ec2.describe_security_groups().into_paginator().send(),
                |page| page
                    .security_groups()
                    .iter()
                    .map(|g| SecurityGroup {
                        group_id: g.group_id().unwrap_or_default().to_string(),
                        group_name: g.group_name().unwrap_or_default().to_string(),
                        description: g.description().map(str::to_string),
                        vpc_id: g.vpc_id().map(str::to_string),
                        ip_permissions: g.ip_permissions().iter().map(permission).collect(),
                        ip_permissions_egress: g
                            .ip_permissions_egress()
                            .iter()
                            .map(permission)
                            .collect(),
                    })
                    .collect::<Vec<_>>()
            )
        },
        async {
            paged!(
                &EC2_DESCRIBE_NETWORK_ACLS,
                r,
                ec2.describe_network_acls().into_paginator().send(),
                |page| page
                    .network_acls()
                    .iter()
                    .map(|a| NetworkAcl {
                        network_acl_id: a.network_acl_id().unwrap_or_default().to_string(),
                        vpc_id: a.vpc_id().unwrap_or_default().to_string(),
                        is_default: a.is_default().unwrap_or(false),
                        entries: a
                            .entries()
                            .iter()
                            .map(|e| NetworkAclEntry {
                                rule_number: i64::from(e.rule_number().unwrap_or(0)),
                                protocol: e.protocol().unwrap_or("-1").to_string(),
                                rule_action: e
                                    .rule_action()
                                    .map(|a| a.as_str().to_string())
                                    .unwrap_or_default(),
                                egress: e.egress().unwrap_or(false),
                                cidr_block: e.cidr_block().map(str::to_string),
                                ipv6_cidr_block: e.ipv6_cidr_block().map(str::to_string),
                                port_range: e.port_range().map(|p| PortRange {
                                    from: i64::from(p.from().unwrap_or(0)),
                                    to: i64::from(p.to().unwrap_or(65535)),
                                }),
                            })
                            .collect(),
                        associations: a
                            .associations()
                            .iter()
                            .filter_map(|s| s.subnet_id().map(str::to_string))
                            .collect(),
                    })
                    .collect::<Vec<_>>()
            )
        },
        async {
            paged!(
                &EC2_DESCRIBE_VPCS,
                r,
                ec2.describe_vpcs().into_paginator().send(),
                |page| page
                    .vpcs()
                    .iter()
                    .map(|v| Vpc {
                        vpc_id: v.vpc_id().unwrap_or_default().to_string(),
                        owner_id: v.owner_id().map(str::to_string),
                        cidr_block: v.cidr_block().map(str::to_string),
                        cidr_blocks: v
                            .cidr_block_association_set()
                            .iter()
                            .filter_map(|a| a.cidr_block().map(str::to_string))
                            .chain(
                                v.ipv6_cidr_block_association_set()
                                    .iter()
                                    .filter_map(|a| a.ipv6_cidr_block().map(str::to_string)),
                            )
                            .collect(),
                        is_default: v.is_default().unwrap_or(false),
                        name: tag_name(v.tags()),
                    })
                    .collect::<Vec<_>>()
            )
        },
        async {
            paged!(
                &EC2_DESCRIBE_FLOW_LOGS,
                r,
                ec2.describe_flow_logs().into_paginator().send(),
                |page| page
                    .flow_logs()
                    .iter()
                    .map(|f| FlowLog {
                        flow_log_id: f.flow_log_id().unwrap_or_default().to_string(),
                        resource_id: f.resource_id().unwrap_or_default().to_string(),
                        traffic_type: f
                            .traffic_type()
                            .map(|t| t.as_str().to_string())
                            .unwrap_or_default(),
                        flow_log_status: f.flow_log_status().map(str::to_string),
                        log_destination_type: f
                            .log_destination_type()
                            .map(|t| t.as_str().to_string()),
                        deliver_logs_status: f.deliver_logs_status().map(str::to_string),
                        deliver_logs_error_message: f
                            .deliver_logs_error_message()
                            .map(str::to_string),
                    })
                    .collect::<Vec<_>>()
            )
        },
        async {
            paged!(
                &EC2_DESCRIBE_VOLUMES,
                r,
                ec2.describe_volumes().into_paginator().send(),
                |page| page
                    .volumes()
                    .iter()
                    .map(|v| Volume {
                        volume_id: v.volume_id().unwrap_or_default().to_string(),
                        encrypted: v.encrypted().unwrap_or(false),
                        kms_key_id: v.kms_key_id().map(str::to_string),
                        state: v.state().map(|s| s.as_str().to_string()),
                        attachments: v
                            .attachments()
                            .iter()
                            .filter_map(|a| a.instance_id().map(str::to_string))
                            .collect(),
                    })
                    .collect::<Vec<_>>()
            )
        },
        async {
            let out = ec2.get_ebs_encryption_by_default().send().await;
            section(&EC2_GET_EBS_ENCRYPTION_BY_DEFAULT, r, out, |o| {
                EbsEncryptionByDefault {
                    ebs_encryption_by_default: o.ebs_encryption_by_default.unwrap_or(false),
                    kms_key_id: None,
                }
            })
        },
    );
    let (network_interfaces, subnets, route_tables, instances) = tokio::join!(
        async {
            paged!(
                &EC2_DESCRIBE_NETWORK_INTERFACES,
                r,
                ec2.describe_network_interfaces().into_paginator().send(),
                |page| page
                    .network_interfaces()
                    .iter()
                    .map(|n| NetworkInterface {
                        network_interface_id: n
                            .network_interface_id()
                            .unwrap_or_default()
                            .to_string(),
                        interface_type: n.interface_type().map(|t| t.as_str().to_string()),
                        description: n.description().map(str::to_string),
                        groups: n
                            .groups()
                            .iter()
                            .filter_map(|g| g.group_id().map(str::to_string))
                            .collect(),
                        attached_instance_id: n
                            .attachment()
                            .and_then(|a| a.instance_id())
                            .map(str::to_string),
                        vpc_id: n.vpc_id().map(str::to_string),
                        subnet_id: n.subnet_id().map(str::to_string),
                        public_ip: n
                            .association()
                            .and_then(|a| a.public_ip())
                            .map(str::to_string),
                        other_public_ips: n
                            .private_ip_addresses()
                            .iter()
                            .filter(|p| p.primary() != Some(true))
                            .filter_map(|p| p.association().and_then(|a| a.public_ip()))
                            .chain(n.ipv6_addresses().iter().filter_map(|a| a.ipv6_address()))
                            .map(str::to_string)
                            .collect(),
                    })
                    .collect::<Vec<_>>()
            )
        },
        async {
            paged!(
                &EC2_DESCRIBE_SUBNETS,
                r,
                ec2.describe_subnets().into_paginator().send(),
                |page| page
                    .subnets()
                    .iter()
                    .map(|s| Subnet {
                        subnet_id: s.subnet_id().unwrap_or_default().to_string(),
                        vpc_id: s.vpc_id().unwrap_or_default().to_string(),
                        availability_zone: s.availability_zone().unwrap_or_default().to_string(),
                        cidr_block: s.cidr_block().map(str::to_string),
                        map_public_ip_on_launch: s.map_public_ip_on_launch().unwrap_or(false),
                        name: tag_name(s.tags()),
                    })
                    .collect::<Vec<_>>()
            )
        },
        async {
            paged!(
                &EC2_DESCRIBE_ROUTE_TABLES,
                r,
                ec2.describe_route_tables().into_paginator().send(),
                |page| page
                    .route_tables()
                    .iter()
                    .map(|t| RouteTable {
                        route_table_id: t.route_table_id().unwrap_or_default().to_string(),
                        vpc_id: t.vpc_id().unwrap_or_default().to_string(),
                        main: t.associations().iter().any(|a| a.main() == Some(true)),
                        subnets: t
                            .associations()
                            .iter()
                            .filter_map(|a| a.subnet_id().map(str::to_string))
                            .collect(),
                        routes: t
                            .routes()
                            .iter()
                            .map(|x| Route {
                                destination_cidr_block: x
                                    .destination_cidr_block()
                                    .map(str::to_string),
                                destination_ipv6_cidr_block: x
                                    .destination_ipv6_cidr_block()
                                    .map(str::to_string),
                                gateway_id: x.gateway_id().map(str::to_string),
                                nat_gateway_id: x.nat_gateway_id().map(str::to_string),
                                transit_gateway_id: x.transit_gateway_id().map(str::to_string),
                                state: x.state().map(|s| s.as_str().to_string()),
                            })
                            .collect(),
                    })
                    .collect::<Vec<_>>()
            )
        },
        async {
            paged!(
                &EC2_DESCRIBE_INSTANCES,
                r,
                ec2.describe_instances().into_paginator().send(),
                |page| page
                    .reservations()
                    .iter()
                    .flat_map(|res| res.instances())
                    .filter_map(instance)
                    .collect::<Vec<_>>()
            )
        },
    );
    Ec2 {
        security_groups: Some(security_groups),
        network_acls: Some(network_acls),
        vpcs: Some(vpcs),
        flow_logs: Some(flow_logs),
        volumes: Some(volumes),
        ebs_encryption_by_default: Some(ebs),
        network_interfaces: Some(network_interfaces),
        subnets: Some(subnets),
        route_tables: Some(route_tables),
        instances: Some(instances),
        ..Default::default()
    }
}

/// An instance as the snapshot records it; `None` for terminated instances (they hold nothing).
fn instance(i: &aws_sdk_ec2::types::Instance) -> Option<Instance> {
    let state = i
        .state()
        .and_then(|s| s.name())
        .map(|s| s.as_str().to_string())
        .unwrap_or_default();
    if state == "terminated" {
        return None;
    }
    let tag = |key: &str| {
        i.tags()
            .iter()
            .find(|t| t.key() == Some(key))
            .and_then(|t| t.value().map(str::to_string))
    };
    Some(Instance {
        instance_id: i.instance_id().unwrap_or_default().to_string(),
        state,
        instance_type: i.instance_type().map(|t| t.as_str().to_string()),
        vpc_id: i.vpc_id().map(str::to_string),
        subnet_id: i.subnet_id().map(str::to_string),
        availability_zone: i
            .placement()
            .and_then(|p| p.availability_zone())
            .map(str::to_string),
        public_ip_address: i.public_ip_address().map(str::to_string),
        security_groups: i
            .security_groups()
            .iter()
            .filter_map(|g| g.group_id().map(str::to_string))
            .collect(),
        name: tag("Name"),
        auto_scaling_group: tag("aws:autoscaling:groupName"),
    })
}

async fn kms(c: &Clients, r: &str) -> Kms {
    let kms = c.kms(r);
    let (ids, aliases) = tokio::join!(
        async {
            paged!(
                &KMS_LIST_KEYS,
                r,
                kms.list_keys().into_paginator().send(),
                |page| page
                    .keys()
                    .iter()
                    .filter_map(|k| k.key_id().map(str::to_string))
                    .collect::<Vec<_>>()
            )
        },
        async {
            paged!(
                &KMS_LIST_ALIASES,
                r,
                kms.list_aliases().into_paginator().send(),
                |page| page
                    .aliases()
                    .iter()
                    .filter_map(|a| Some((
                        a.target_key_id()?.to_string(),
                        a.alias_name()?.to_string()
                    )))
                    .collect::<Vec<_>>()
            )
        },
    );
    let ids = match ids {
        Section::Data { data, .. } => data,
        Section::Error(e) => {
            return Kms {
                keys: Some(Section::Error(e)),
            };
        }
    };
    let aliases = match aliases {
        Section::Data { data, .. } => data,
        Section::Error(e) => {
            return Kms {
                keys: Some(Section::Error(e)),
            };
        }
    };
    let kms = &kms;
    let aliases = &aliases;
    let results: Vec<Result<KmsKey, SectionError>> = stream::iter(ids)
        .map(|id| async move {
            let out = kms
                .describe_key()
                .key_id(&id)
                .send()
                .await
                .map_err(|e| aws::failure(&e).into_error(&KMS_DESCRIBE_KEY))?;
            let m = out.key_metadata.ok_or_else(|| SectionError {
                denied_by: None,
                reason: crate::model::ErrorReason::Other,
                action: KMS_DESCRIBE_KEY.action.into(),
                message: format!("DescribeKey returned no metadata for key {id}"),
            })?;
            let manager = m
                .key_manager()
                .map(|k| k.as_str().to_string())
                .unwrap_or_default();
            let state = m
                .key_state()
                .map(|k| k.as_str().to_string())
                .unwrap_or_default();
            let mut key = KmsKey {
                aliases: aliases
                    .iter()
                    .filter(|(k, _)| *k == id)
                    .map(|(_, a)| a.clone())
                    .collect(),
                key_id: id.clone(),
                arn: m.arn().unwrap_or_default().to_string(),
                key_manager: manager,
                key_state: state,
                key_spec: m.key_spec().map(|k| k.as_str().to_string()),
                origin: m.origin().map(|o| o.as_str().to_string()),
                rotation: None,
            };
            if key.rotation_not_applicable().is_none() {
                let out = kms.get_key_rotation_status().key_id(&id).send().await;
                key.rotation = Some(section(&KMS_GET_KEY_ROTATION_STATUS, r, out, |o| {
                    KeyRotation {
                        key_rotation_enabled: o.key_rotation_enabled,
                        rotation_period_in_days: o.rotation_period_in_days.map(i64::from),
                    }
                }));
            }
            Ok(key)
        })
        .buffer_unordered(8)
        .collect()
        .await;
    let mut keys = match results.into_iter().collect::<Result<Vec<_>, _>>() {
        Ok(keys) => keys,
        Err(e) => {
            return Kms {
                keys: Some(Section::Error(e)),
            };
        }
    };
    keys.sort_by(|a, b| a.key_id.cmp(&b.key_id));
    Kms {
        keys: Some(data(&KMS_LIST_KEYS, r, keys)),
    }
}

async fn cloudtrail(c: &Clients, r: &str) -> CloudTrail {
    let (trails, console_changes) = tokio::join!(
        trails(c, r),
        super::delivery::console_changes(c, r, c.options.console_change_days),
    );
    CloudTrail {
        trails: Some(trails),
        console_changes: Some(console_changes),
    }
}

async fn trails(c: &Clients, r: &str) -> Section<Vec<Trail>> {
    let ct = c.cloudtrail(r);
    let op = &CLOUDTRAIL_DESCRIBE_TRAILS;
    // Trails whose home is this region; organization trails are read once, in the management
    // account.
    let listed = match ct
        .describe_trails()
        .include_shadow_trails(false)
        .send()
        .await
    {
        Ok(out) => out.trail_list.unwrap_or_default(),
        Err(e) => {
            return aws::error(op, aws::failure(&e));
        }
    };
    let ct = &ct;
    let trails: Vec<Trail> = stream::iter(listed)
        .map(|t| trail(ct, r, t))
        .buffer_unordered(4)
        .collect()
        .await;
    let mut trails = trails;
    trails.sort_by(|a, b| a.trail_arn.cmp(&b.trail_arn));
    data(op, r, trails)
}

/// A trail as DescribeTrails listed it in region `r`, with its status and event selectors (read
/// through `ct`, a client in `r`).
async fn trail(
    ct: &aws_sdk_cloudtrail::Client,
    r: &str,
    t: aws_sdk_cloudtrail::types::Trail,
) -> Trail {
    let arn = t.trail_arn().unwrap_or_default().to_string();
    let (status, selectors) = tokio::join!(
        async {
            let out = ct.get_trail_status().name(&arn).send().await;
            section(&CLOUDTRAIL_GET_TRAIL_STATUS, r, out, |o| TrailStatus {
                is_logging: o.is_logging.unwrap_or(false),
                latest_delivery_time: aws::opt_time(o.latest_delivery_time.as_ref()),
                latest_delivery_error: o.latest_delivery_error.filter(|e| !e.is_empty()),
            })
        },
        async {
            let out = ct.get_event_selectors().trail_name(&arn).send().await;
            section(&CLOUDTRAIL_GET_EVENT_SELECTORS, r, out, |o| {
                EventSelectors {
                    event_selectors: o
                        .event_selectors()
                        .iter()
                        .map(|s| EventSelector {
                            read_write_type: s
                                .read_write_type()
                                .map(|t| t.as_str().to_string())
                                .unwrap_or_else(|| "All".into()),
                            include_management_events: s
                                .include_management_events()
                                .unwrap_or(true),
                            exclude_management_event_sources: Some(
                                s.exclude_management_event_sources().to_vec(),
                            ),
                        })
                        .collect(),
                    advanced_event_selectors: o
                        .advanced_event_selectors()
                        .iter()
                        .map(|s| AdvancedEventSelector {
                            name: s.name().map(str::to_string),
                            field_selectors: s
                                .field_selectors()
                                .iter()
                                .map(|f| AdvancedFieldSelector {
                                    field: f.field().to_string(),
                                    equals: f.equals().to_vec(),
                                    not_equals: f.not_equals().to_vec(),
                                })
                                .collect(),
                        })
                        .collect(),
                }
            })
        },
    );
    Trail {
        name: t.name().unwrap_or_default().to_string(),
        trail_arn: arn,
        home_region: t.home_region().unwrap_or(r).to_string(),
        is_multi_region_trail: t.is_multi_region_trail().unwrap_or(false),
        is_organization_trail: t.is_organization_trail().unwrap_or(false),
        s3_bucket_name: t.s3_bucket_name().map(str::to_string),
        log_file_validation_enabled: t.log_file_validation_enabled().unwrap_or(false),
        kms_key_id: t.kms_key_id().map(str::to_string),
        status: Some(status),
        event_selectors: Some(selectors),
    }
}

/// The multi-region and organization trails that cover the account of `c` but that none of the
/// `scanned` regions lists as its own (`listed`): DescribeTrails with shadow trails, once, in one
/// scanned region, de-duplicated by ARN; each is read in its home region. Without this, a member
/// covered by an organization trail, or by a trail homed in a region left out of `--regions`,
/// would have "no trail at all".
pub async fn shadow_trails(
    c: &Clients,
    scanned: &[&str],
    listed: &std::collections::BTreeSet<String>,
) -> Option<Section<Vec<Trail>>> {
    let op = &CLOUDTRAIL_DESCRIBE_TRAILS;
    // No region scanned: no region to ask.
    let r = scanned.first()?;
    let all = match c
        .cloudtrail(r)
        .describe_trails()
        .include_shadow_trails(true)
        .send()
        .await
    {
        Ok(out) => out.trail_list.unwrap_or_default(),
        Err(e) => return Some(aws::error(op, aws::failure(&e))),
    };
    let mut seen = std::collections::BTreeSet::new();
    let covering = all.into_iter().filter(|t| {
        let arn = t.trail_arn().unwrap_or_default();
        (t.is_multi_region_trail() == Some(true) || t.is_organization_trail() == Some(true))
            && !listed.contains(arn)
            && seen.insert(arn.to_string())
    });
    let mut trails: Vec<Trail> = stream::iter(covering)
        .map(|t| async move {
            let home = t.home_region().unwrap_or(r).to_string();
            trail(&c.cloudtrail(&home), &home, t).await
        })
        .buffer_unordered(4)
        .collect()
        .await;
    trails.sort_by(|a, b| a.trail_arn.cmp(&b.trail_arn));
    Some(data(op, r, trails))
}
