//! The regional services the workload controls read: RDS and Elastic Load Balancing v2.

use futures_util::{StreamExt, TryStreamExt, stream};

use super::Clients;
use super::aws::{self, data, paged};
use super::guard::*;
use crate::model::Section;
use crate::model::snapshot::*;

fn owned(s: Option<&str>) -> Option<String> {
    s.map(str::to_string)
}

pub async fn rds(c: &Clients, r: &str) -> Rds {
    let rds = c.rds(r);
    let (instances, clusters) = tokio::join!(
        async {
            paged!(
                &RDS_DESCRIBE_DB_INSTANCES,
                r,
                rds.describe_db_instances().into_paginator().send(),
                |page| page
                    .db_instances()
                    .iter()
                    .map(|d| {
                        let group = d.db_subnet_group();
                        DbInstance {
                            db_instance_identifier: d
                                .db_instance_identifier()
                                .unwrap_or_default()
                                .to_string(),
                            db_instance_arn: d.db_instance_arn().unwrap_or_default().to_string(),
                            engine: d.engine().unwrap_or_default().to_string(),
                            db_instance_status: owned(d.db_instance_status()),
                            db_cluster_identifier: owned(d.db_cluster_identifier()),
                            publicly_accessible: d.publicly_accessible().unwrap_or(false),
                            storage_encrypted: d.storage_encrypted().unwrap_or(false),
                            kms_key_id: owned(d.kms_key_id()),
                            multi_az: d.multi_az().unwrap_or(false),
                            availability_zone: owned(d.availability_zone()),
                            backup_retention_period: d.backup_retention_period().map(i64::from),
                            vpc_id: owned(group.and_then(|g| g.vpc_id())),
                            subnets: group
                                .map(|g| {
                                    g.subnets()
                                        .iter()
                                        .filter_map(|s| owned(s.subnet_identifier()))
                                        .collect()
                                })
                                .unwrap_or_default(),
                            vpc_security_groups: d
                                .vpc_security_groups()
                                .iter()
                                .filter_map(|g| owned(g.vpc_security_group_id()))
                                .collect(),
                        }
                    })
                    .collect::<Vec<_>>()
            )
        },
        async {
            paged!(
                &RDS_DESCRIBE_DB_CLUSTERS,
                r,
                rds.describe_db_clusters().into_paginator().send(),
                |page| page
                    .db_clusters()
                    .iter()
                    .map(|d| DbCluster {
                        db_cluster_identifier: d
                            .db_cluster_identifier()
                            .unwrap_or_default()
                            .to_string(),
                        db_cluster_arn: d.db_cluster_arn().unwrap_or_default().to_string(),
                        engine: d.engine().unwrap_or_default().to_string(),
                        status: owned(d.status()),
                        storage_encrypted: d.storage_encrypted().unwrap_or(false),
                        kms_key_id: owned(d.kms_key_id()),
                        multi_az: d.multi_az().unwrap_or(false),
                        backup_retention_period: d.backup_retention_period().map(i64::from),
                        members: d
                            .db_cluster_members()
                            .iter()
                            .filter_map(|m| owned(m.db_instance_identifier()))
                            .collect(),
                    })
                    .collect::<Vec<_>>()
            )
        },
    );
    Rds {
        instances: Some(instances),
        clusters: Some(clusters),
    }
}

pub async fn elbv2(c: &Clients, r: &str) -> Elbv2 {
    let elb = c.elbv2(r);
    let load_balancers = paged!(
        &ELBV2_DESCRIBE_LOAD_BALANCERS,
        r,
        elb.describe_load_balancers().into_paginator().send(),
        |page| page
            .load_balancers()
            .iter()
            .map(|b| LoadBalancer {
                load_balancer_arn: b.load_balancer_arn().unwrap_or_default().to_string(),
                load_balancer_name: b.load_balancer_name().unwrap_or_default().to_string(),
                kind: b
                    .r#type()
                    .map(|t| t.as_str().to_string())
                    .unwrap_or_default(),
                scheme: b
                    .scheme()
                    .map(|t| t.as_str().to_string())
                    .unwrap_or_default(),
                vpc_id: owned(b.vpc_id()),
                dns_name: owned(b.dns_name()),
                security_groups: b.security_groups().to_vec(),
                availability_zones: b
                    .availability_zones()
                    .iter()
                    .map(|z| LoadBalancerZone {
                        zone_name: z.zone_name().unwrap_or_default().to_string(),
                        subnet_id: owned(z.subnet_id()),
                    })
                    .collect(),
            })
            .collect::<Vec<_>>()
    );
    let arns: Vec<String> = match &load_balancers {
        Section::Data { data, .. } => data.iter().map(|b| b.load_balancer_arn.clone()).collect(),
        Section::Error(e) => {
            // Without the load balancers, their listeners cannot be listed.
            return Elbv2 {
                listeners: Some(Section::Error(e.clone())),
                ssl_policies: Some(Section::Error(e.clone())),
                load_balancers: Some(load_balancers),
            };
        }
    };
    let elb = &elb;
    let listeners = stream::iter(arns)
        .map(|arn| async move {
            let mut pages = elb
                .describe_listeners()
                .load_balancer_arn(&arn)
                .into_paginator()
                .send();
            let mut out = Vec::new();
            while let Some(page) = pages.next().await {
                let page = page.map_err(|e| aws::failure(&e))?;
                out.extend(page.listeners().iter().map(|l| {
                    Listener {
                        listener_arn: l.listener_arn().unwrap_or_default().to_string(),
                        load_balancer_arn: l.load_balancer_arn().unwrap_or_default().to_string(),
                        protocol: l.protocol().map(|p| p.as_str().to_string()),
                        port: l.port().map(i64::from),
                        ssl_policy: owned(l.ssl_policy()),
                        certificates: l
                            .certificates()
                            .iter()
                            .filter_map(|c| owned(c.certificate_arn()))
                            .collect(),
                        default_actions: l
                            .default_actions()
                            .iter()
                            .map(|a| ListenerAction {
                                kind: a
                                    .r#type()
                                    .map(|t| t.as_str().to_string())
                                    .unwrap_or_default(),
                                redirect_protocol: owned(
                                    a.redirect_config().and_then(|rc| rc.protocol()),
                                ),
                            })
                            .collect(),
                    }
                }));
            }
            Ok::<_, aws::Failure>(out)
        })
        .buffer_unordered(4)
        .try_concat()
        .await;
    let mut listeners = match listeners {
        Ok(l) => l,
        Err(f) => {
            let e = f.into_error(&ELBV2_DESCRIBE_LISTENERS);
            return Elbv2 {
                load_balancers: Some(load_balancers),
                listeners: Some(Section::Error(e.clone())),
                ssl_policies: Some(Section::Error(e)),
            };
        }
    };
    listeners.sort_by(|a, b| a.listener_arn.cmp(&b.listener_arn));
    // The policies in use, each read once.
    let mut names: Vec<String> = listeners
        .iter()
        .filter_map(|l| l.ssl_policy.clone())
        .collect();
    names.sort();
    names.dedup();
    let ssl_policies = if names.is_empty() {
        data(&ELBV2_DESCRIBE_SSL_POLICIES, r, Vec::new())
    } else {
        let out = elb
            .describe_ssl_policies()
            .set_names(Some(names))
            .send()
            .await;
        aws::section(&ELBV2_DESCRIBE_SSL_POLICIES, r, out, |o| {
            let mut p: Vec<SslPolicy> = o
                .ssl_policies()
                .iter()
                .map(|p| SslPolicy {
                    name: p.name().unwrap_or_default().to_string(),
                    ssl_protocols: p.ssl_protocols().to_vec(),
                })
                .collect();
            p.sort_by(|a, b| a.name.cmp(&b.name));
            p
        })
    };
    Elbv2 {
        load_balancers: Some(load_balancers),
        listeners: Some(data(&ELBV2_DESCRIBE_LISTENERS, r, listeners)),
        ssl_policies: Some(ssl_policies),
    }
}
