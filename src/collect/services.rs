//! The regional services the workload controls read: RDS and Elastic Load Balancing v2.

use futures_util::{StreamExt, TryStreamExt, stream};

use super::Clients;
use super::aws::{self, data, owned, paged};
use super::guard::*;
use crate::model::Section;
use crate::model::snapshot::*;

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
                            secondary_availability_zone: owned(d.secondary_availability_zone()),
                            read_replica_source: owned(
                                d.read_replica_source_db_instance_identifier(),
                            ),
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

fn action(a: &aws_sdk_elasticloadbalancingv2::types::Action) -> ListenerAction {
    ListenerAction {
        kind: a
            .r#type()
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        redirect_protocol: owned(a.redirect_config().and_then(|rc| rc.protocol())),
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
                target_groups: None,
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
                let page = page.map_err(|e| (ELBV2_DESCRIBE_LISTENERS, aws::failure(&e)))?;
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
                        default_actions: l.default_actions().iter().map(action).collect(),
                        rule_actions: Vec::new(),
                    }
                }));
            }
            // A rule of an HTTP listener may forward what its default action redirects.
            for l in out
                .iter_mut()
                .filter(|l| l.protocol.as_deref() == Some("HTTP"))
            {
                let mut pages = elb
                    .describe_rules()
                    .listener_arn(&l.listener_arn)
                    .into_paginator()
                    .send();
                while let Some(page) = pages.next().await {
                    let page = page.map_err(|e| (ELBV2_DESCRIBE_RULES, aws::failure(&e)))?;
                    l.rule_actions.extend(
                        page.rules()
                            .iter()
                            .filter(|r| r.is_default() != Some(true))
                            .flat_map(|r| r.actions().iter().map(action)),
                    );
                }
            }
            Ok::<_, (Op, aws::Failure)>(out)
        })
        .buffer_unordered(4)
        .try_concat()
        .await;
    let mut listeners = match listeners {
        Ok(l) => l,
        Err((op, f)) => {
            let e = f.into_error(&op);
            return Elbv2 {
                load_balancers: Some(load_balancers),
                listeners: Some(Section::Error(e.clone())),
                ssl_policies: Some(Section::Error(e)),
                target_groups: None,
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
        target_groups: None,
    }
}

fn text<T: AsRef<str>>(v: Option<T>) -> Option<String> {
    v.map(|s| s.as_ref().to_string())
}

pub async fn dynamodb(c: &Clients, r: &str) -> DynamoDb {
    let ddb = c.dynamodb(r);
    let names = paged!(
        &DYNAMODB_LIST_TABLES,
        r,
        ddb.list_tables().into_paginator().send(),
        |page| page.table_names().to_vec()
    );
    let mut names = match names {
        Section::Data { data, .. } => data,
        Section::Error(e) => {
            return DynamoDb {
                continuous_backups: Some(Section::Error(e.clone())),
                tables: Some(Section::Error(e)),
            };
        }
    };
    names.sort();
    let ddb = &ddb;
    let names = &names;
    let (tables, backups) = tokio::join!(
        async {
            stream::iter(names.iter())
                .map(|name| async move {
                    let out = ddb
                        .describe_table()
                        .table_name(name)
                        .send()
                        .await
                        .map_err(|e| aws::failure(&e))?;
                    let t = out.table();
                    let sse = t.and_then(|t| t.sse_description());
                    Ok::<_, aws::Failure>(Table {
                        table_name: name.clone(),
                        table_arn: t
                            .and_then(|t| t.table_arn())
                            .unwrap_or_default()
                            .to_string(),
                        table_status: text(t.and_then(|t| t.table_status())),
                        sse_type: text(sse.and_then(|s| s.sse_type())),
                        sse_status: text(sse.and_then(|s| s.status())),
                        kms_master_key_arn: owned(sse.and_then(|s| s.kms_master_key_arn())),
                    })
                })
                .buffered(4)
                .try_collect::<Vec<_>>()
                .await
        },
        async {
            stream::iter(names.iter())
                .map(|name| async move {
                    let out = ddb
                        .describe_continuous_backups()
                        .table_name(name)
                        .send()
                        .await
                        .map_err(|e| aws::failure(&e))?;
                    let pitr = out
                        .continuous_backups_description()
                        .and_then(|d| d.point_in_time_recovery_description());
                    Ok::<_, aws::Failure>(ContinuousBackups {
                        table_name: name.clone(),
                        point_in_time_recovery_status: text(
                            pitr.and_then(|p| p.point_in_time_recovery_status()),
                        )
                        .unwrap_or_else(|| "DISABLED".into()),
                        recovery_period_in_days: pitr
                            .and_then(|p| p.recovery_period_in_days())
                            .map(i64::from),
                    })
                })
                .buffered(4)
                .try_collect::<Vec<_>>()
                .await
        },
    );
    DynamoDb {
        tables: Some(match tables {
            Ok(t) => data(&DYNAMODB_LIST_TABLES, r, t),
            Err(f) => aws::error(&DYNAMODB_DESCRIBE_TABLE, f),
        }),
        continuous_backups: Some(match backups {
            Ok(b) => data(&DYNAMODB_DESCRIBE_CONTINUOUS_BACKUPS, r, b),
            Err(f) => aws::error(&DYNAMODB_DESCRIBE_CONTINUOUS_BACKUPS, f),
        }),
    }
}

pub async fn acm(c: &Clients, r: &str) -> Acm {
    use aws_sdk_acm::types::{Filters, KeyAlgorithm};
    let acm = c.acm(r);
    // Without a filter, ListCertificates lists RSA 2048 keys only.
    let every_key = Filters::builder()
        .set_key_types(Some(
            KeyAlgorithm::values()
                .iter()
                .map(|k| KeyAlgorithm::from(*k))
                .collect(),
        ))
        .build();
    let certificates = paged!(
        &ACM_LIST_CERTIFICATES,
        r,
        acm.list_certificates()
            .includes(every_key)
            .into_paginator()
            .send(),
        |page| page
            .certificate_summary_list()
            .iter()
            .map(|s| Certificate {
                certificate_arn: s.certificate_arn().unwrap_or_default().to_string(),
                domain_name: owned(s.domain_name()),
                status: text(s.status()),
                kind: text(s.r#type()),
                not_after: aws::opt_time(s.not_after()),
                in_use: s.in_use().unwrap_or(false),
                renewal_eligibility: text(s.renewal_eligibility()),
            })
            .collect::<Vec<_>>()
    );
    Acm {
        certificates: Some(certificates),
    }
}

pub async fn lambda(c: &Clients, r: &str) -> Lambda {
    let lambda = c.lambda(r);
    let functions = paged!(
        &LAMBDA_LIST_FUNCTIONS,
        r,
        lambda.list_functions().into_paginator().send(),
        |page| page
            .functions()
            .iter()
            .map(|f| Function {
                function_name: f.function_name().unwrap_or_default().to_string(),
                function_arn: f.function_arn().unwrap_or_default().to_string(),
                runtime: text(f.runtime()),
                vpc_id: owned(f.vpc_config().and_then(|v| v.vpc_id())).filter(|v| !v.is_empty()),
                subnets: f
                    .vpc_config()
                    .map(|v| v.subnet_ids().to_vec())
                    .unwrap_or_default(),
            })
            .collect::<Vec<_>>()
    );
    let names: Vec<String> = match &functions {
        Section::Data { data, .. } => data.iter().map(|f| f.function_name.clone()).collect(),
        Section::Error(e) => {
            return Lambda {
                function_urls: Some(Section::Error(e.clone())),
                functions: Some(functions),
            };
        }
    };
    let lambda = &lambda;
    let urls = stream::iter(names)
        .map(|name| async move {
            let mut pages = lambda
                .list_function_url_configs()
                .function_name(&name)
                .into_paginator()
                .send();
            let mut out = Vec::new();
            while let Some(page) = pages.next().await {
                let page = page.map_err(|e| aws::failure(&e))?;
                out.extend(page.function_url_configs().iter().map(|u| FunctionUrl {
                    function_arn: u.function_arn().to_string(),
                    function_url: u.function_url().to_string(),
                    auth_type: u.auth_type().as_str().to_string(),
                }));
            }
            Ok::<_, aws::Failure>(out)
        })
        .buffer_unordered(4)
        .try_concat()
        .await;
    Lambda {
        functions: Some(functions),
        function_urls: Some(match urls {
            Ok(mut u) => {
                u.sort_by(|a, b| a.function_arn.cmp(&b.function_arn));
                data(&LAMBDA_LIST_FUNCTION_URL_CONFIGS, r, u)
            }
            Err(f) => aws::error(&LAMBDA_LIST_FUNCTION_URL_CONFIGS, f),
        }),
    }
}

pub async fn apigateway(c: &Clients, r: &str) -> ApiGateway {
    let (rest_apis, apis) = tokio::join!(rest_apis(c, r), http_apis(c, r));
    ApiGateway {
        rest_apis: Some(rest_apis),
        apis: Some(apis),
    }
}

async fn rest_apis(c: &Clients, r: &str) -> Section<Vec<RestApi>> {
    let gw = c.apigateway(r);
    let listed = paged!(
        &APIGATEWAY_GET_REST_APIS,
        r,
        gw.get_rest_apis().into_paginator().send(),
        |page| page
            .items()
            .iter()
            .map(|a| RestApi {
                id: a.id().unwrap_or_default().to_string(),
                name: a.name().unwrap_or_default().to_string(),
                endpoint_types: a
                    .endpoint_configuration()
                    .map(|e| e.types().iter().map(|t| t.as_str().to_string()).collect())
                    .unwrap_or_default(),
                disable_execute_api_endpoint: a.disable_execute_api_endpoint(),
                stages: Vec::new(),
                methods: Vec::new(),
            })
            .collect::<Vec<_>>()
    );
    let listed = match listed {
        Section::Data { data, .. } => data,
        e => return e,
    };
    let gw = &gw;
    let read = stream::iter(listed)
        .map(|mut api| async move {
            let stages = gw
                .get_stages()
                .rest_api_id(&api.id)
                .send()
                .await
                .map_err(|e| aws::failure(&e).into_error(&APIGATEWAY_GET_STAGES))?;
            api.stages = stages
                .item()
                .iter()
                .filter_map(|s| owned(s.stage_name()))
                .collect();
            let mut pages = gw
                .get_resources()
                .rest_api_id(&api.id)
                .embed("methods")
                .into_paginator()
                .send();
            while let Some(page) = pages.next().await {
                let page =
                    page.map_err(|e| aws::failure(&e).into_error(&APIGATEWAY_GET_RESOURCES))?;
                for res in page.items() {
                    for (verb, m) in res.resource_methods().into_iter().flatten() {
                        api.methods.push(RestMethod {
                            path: res.path().unwrap_or_default().to_string(),
                            http_method: verb.clone(),
                            authorization_type: m
                                .authorization_type()
                                .unwrap_or("NONE")
                                .to_string(),
                            api_key_required: m.api_key_required().unwrap_or(false),
                        });
                    }
                }
            }
            api.stages.sort();
            api.methods
                .sort_by(|a, b| (&a.path, &a.http_method).cmp(&(&b.path, &b.http_method)));
            Ok::<_, crate::model::SectionError>(api)
        })
        .buffer_unordered(4)
        .try_collect::<Vec<_>>()
        .await;
    match read {
        Ok(mut apis) => {
            apis.sort_by(|a, b| a.id.cmp(&b.id));
            data(&APIGATEWAY_GET_REST_APIS, r, apis)
        }
        Err(e) => Section::Error(e),
    }
}

async fn http_apis(c: &Clients, r: &str) -> Section<Vec<HttpApi>> {
    let gw = c.apigatewayv2(r);
    let mut apis = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let out = match gw.get_apis().set_next_token(token.take()).send().await {
            Ok(out) => out,
            Err(e) => return aws::error(&APIGATEWAY_GET_APIS, aws::failure(&e)),
        };
        apis.extend(out.items().iter().map(|a| HttpApi {
            api_id: a.api_id().unwrap_or_default().to_string(),
            name: a.name().unwrap_or_default().to_string(),
            protocol_type: text(a.protocol_type()).unwrap_or_default(),
            api_endpoint: owned(a.api_endpoint()),
            disable_execute_api_endpoint: a.disable_execute_api_endpoint().unwrap_or(false),
            routes: Vec::new(),
        }));
        match out.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_string()),
            _ => break,
        }
    }
    let gw = &gw;
    let read = stream::iter(apis)
        .map(|mut api| async move {
            let mut token: Option<String> = None;
            loop {
                let out = gw
                    .get_routes()
                    .api_id(&api.api_id)
                    .set_next_token(token.take())
                    .send()
                    .await
                    .map_err(|e| aws::failure(&e))?;
                api.routes.extend(out.items().iter().map(|x| HttpRoute {
                    route_key: x.route_key().unwrap_or_default().to_string(),
                    authorization_type:
                        text(x.authorization_type()).unwrap_or_else(|| "NONE".into()),
                    api_key_required: x.api_key_required().unwrap_or(false),
                }));
                match out.next_token() {
                    Some(t) if !t.is_empty() => token = Some(t.to_string()),
                    _ => break,
                }
            }
            api.routes.sort_by(|a, b| a.route_key.cmp(&b.route_key));
            Ok::<_, aws::Failure>(api)
        })
        .buffer_unordered(4)
        .try_collect::<Vec<_>>()
        .await;
    match read {
        Ok(mut apis) => {
            apis.sort_by(|a, b| a.api_id.cmp(&b.api_id));
            data(&APIGATEWAY_GET_APIS, r, apis)
        }
        Err(f) => aws::error(&APIGATEWAY_GET_ROUTES, f),
    }
}

/// CloudFront distributions: global, read once per account through us-east-1.
pub async fn cloudfront(c: &Clients) -> Section<Vec<Distribution>> {
    let cf = c.cloudfront();
    let section = paged!(
        &CLOUDFRONT_LIST_DISTRIBUTIONS,
        "global",
        cf.list_distributions().into_paginator().send(),
        |page| page
            .distribution_list()
            .map(|l| l.items().to_vec())
            .unwrap_or_default()
            .iter()
            .map(|d| {
                let mut policies = vec![ViewerProtocolPolicy {
                    path_pattern: "*".into(),
                    policy: text(
                        d.default_cache_behavior()
                            .map(|b| b.viewer_protocol_policy()),
                    )
                    .unwrap_or_default(),
                }];
                if let Some(behaviors) = d.cache_behaviors() {
                    policies.extend(behaviors.items().iter().map(|b| ViewerProtocolPolicy {
                        path_pattern: b.path_pattern().to_string(),
                        policy: b.viewer_protocol_policy().as_str().to_string(),
                    }));
                }
                let cert = d.viewer_certificate();
                Distribution {
                    id: d.id().to_string(),
                    arn: d.arn().to_string(),
                    domain_name: d.domain_name().to_string(),
                    aliases: d.aliases().map(|a| a.items().to_vec()).unwrap_or_default(),
                    enabled: d.enabled(),
                    viewer_protocol_policies: policies,
                    minimum_protocol_version: text(cert.and_then(|c| c.minimum_protocol_version())),
                    cloudfront_default_certificate: cert
                        .and_then(|c| c.cloud_front_default_certificate())
                        .unwrap_or(false),
                }
            })
            .collect::<Vec<_>>()
    );
    match section {
        Section::Data { source, mut data } => {
            data.sort_by(|a, b| a.id.cmp(&b.id));
            Section::Data { source, data }
        }
        e => e,
    }
}

fn alarm_metric(
    namespace: Option<&str>,
    name: Option<&str>,
    dimensions: &[aws_sdk_cloudwatch::types::Dimension],
) -> Option<AlarmMetric> {
    Some(AlarmMetric {
        namespace: namespace?.to_string(),
        metric_name: name?.to_string(),
        dimensions: dimensions
            .iter()
            .filter_map(|d| Some((d.name()?.to_string(), d.value()?.to_string())))
            .collect(),
    })
}

pub async fn cloudwatch(c: &Clients, r: &str) -> CloudWatch {
    use aws_sdk_cloudwatch::types::AlarmType;
    let cw = c.cloudwatch(r);
    let (alarms, dashboards) = tokio::join!(
        async {
            paged!(
                &CLOUDWATCH_DESCRIBE_ALARMS,
                r,
                cw.describe_alarms()
                    .alarm_types(AlarmType::MetricAlarm)
                    .alarm_types(AlarmType::CompositeAlarm)
                    .into_paginator()
                    .send(),
                |page| {
                    let metric = page.metric_alarms().iter().map(|a| {
                        let mut metrics: Vec<AlarmMetric> =
                            alarm_metric(a.namespace(), a.metric_name(), a.dimensions())
                                .into_iter()
                                .collect();
                        metrics.extend(a.metrics().iter().filter_map(|q| {
                            let m = q.metric_stat()?.metric()?;
                            alarm_metric(m.namespace(), m.metric_name(), m.dimensions())
                        }));
                        Alarm {
                            alarm_name: a.alarm_name().unwrap_or_default().to_string(),
                            alarm_arn: a.alarm_arn().unwrap_or_default().to_string(),
                            kind: "metric".into(),
                            state_value: text(a.state_value()),
                            actions_enabled: a.actions_enabled().unwrap_or(false),
                            alarm_actions: a.alarm_actions().to_vec(),
                            ok_actions: a.ok_actions().to_vec(),
                            insufficient_data_actions: a.insufficient_data_actions().to_vec(),
                            metrics,
                            alarm_rule: None,
                        }
                    });
                    let composite = page.composite_alarms().iter().map(|a| Alarm {
                        alarm_name: a.alarm_name().unwrap_or_default().to_string(),
                        alarm_arn: a.alarm_arn().unwrap_or_default().to_string(),
                        kind: "composite".into(),
                        state_value: text(a.state_value()),
                        actions_enabled: a.actions_enabled().unwrap_or(false),
                        alarm_actions: a.alarm_actions().to_vec(),
                        ok_actions: a.ok_actions().to_vec(),
                        insufficient_data_actions: a.insufficient_data_actions().to_vec(),
                        metrics: Vec::new(),
                        alarm_rule: owned(a.alarm_rule()),
                    });
                    metric.chain(composite).collect::<Vec<_>>()
                }
            )
        },
        async {
            paged!(
                &CLOUDWATCH_LIST_DASHBOARDS,
                r,
                cw.list_dashboards().into_paginator().send(),
                |page| page
                    .dashboard_entries()
                    .iter()
                    .filter_map(|d| owned(d.dashboard_name()))
                    .collect::<Vec<_>>()
            )
        },
    );
    CloudWatch {
        alarms: Some(alarms),
        dashboards: Some(dashboards),
    }
}

pub async fn logs(c: &Clients, r: &str) -> Logs {
    let logs = c.logs(r);
    let groups = paged!(
        &LOGS_DESCRIBE_LOG_GROUPS,
        r,
        logs.describe_log_groups().into_paginator().send(),
        |page| page
            .log_groups()
            .iter()
            .map(|g| LogGroup {
                log_group_name: g.log_group_name().unwrap_or_default().to_string(),
                retention_in_days: g.retention_in_days().map(i64::from),
                stored_bytes: g.stored_bytes(),
            })
            .collect::<Vec<_>>()
    );
    Logs {
        log_groups: Some(groups),
    }
}

pub async fn autoscaling(c: &Clients, r: &str) -> AutoScaling {
    let asg = c.autoscaling(r);
    let groups = paged!(
        &AUTOSCALING_DESCRIBE_GROUPS,
        r,
        asg.describe_auto_scaling_groups().into_paginator().send(),
        |page| page
            .auto_scaling_groups()
            .iter()
            .map(|g| AutoScalingGroup {
                auto_scaling_group_name: g
                    .auto_scaling_group_name()
                    .unwrap_or_default()
                    .to_string(),
                auto_scaling_group_arn: g.auto_scaling_group_arn().unwrap_or_default().to_string(),
                min_size: i64::from(g.min_size().unwrap_or(0)),
                max_size: i64::from(g.max_size().unwrap_or(0)),
                desired_capacity: i64::from(g.desired_capacity().unwrap_or(0)),
                availability_zones: g.availability_zones().to_vec(),
                subnets: g
                    .vpc_zone_identifier()
                    .map(|s| {
                        s.split(',')
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default(),
                instances: g
                    .instances()
                    .iter()
                    .filter_map(|i| owned(i.instance_id()))
                    .collect(),
                target_group_arns: g.target_group_arns().to_vec(),
            })
            .collect::<Vec<_>>()
    );
    AutoScaling {
        groups: Some(groups),
        policies: None,
    }
}

pub async fn ssm(c: &Clients, r: &str) -> Ssm {
    use aws_sdk_ssm::types::DocumentKeyValuesFilter;
    let ssm = c.ssm(r);
    let owned_by_account = DocumentKeyValuesFilter::builder()
        .key("Owner")
        .values("Self")
        .build();
    let documents = paged!(
        &SSM_LIST_DOCUMENTS,
        r,
        ssm.list_documents()
            .filters(owned_by_account)
            .into_paginator()
            .send(),
        |page| page
            .document_identifiers()
            .iter()
            .map(|d| SsmDocument {
                name: d.name().unwrap_or_default().to_string(),
                document_type: text(d.document_type()).unwrap_or_default(),
                document_format: text(d.document_format()),
                created_date: aws::opt_time(d.created_date()),
            })
            .collect::<Vec<_>>()
    );
    Ssm {
        documents: Some(documents),
    }
}

pub async fn events(c: &Clients, r: &str) -> Events {
    let ev = c.events(r);
    let mut rules = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let out = match ev.list_rules().set_next_token(token.take()).send().await {
            Ok(out) => out,
            Err(e) => {
                return Events {
                    rules: Some(aws::error(&EVENTS_LIST_RULES, aws::failure(&e))),
                };
            }
        };
        rules.extend(out.rules().iter().map(|x| EventRule {
            name: x.name().unwrap_or_default().to_string(),
            arn: x.arn().unwrap_or_default().to_string(),
            state: text(x.state()),
            event_pattern: owned(x.event_pattern()),
            targets: Vec::new(),
        }));
        match out.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_string()),
            _ => break,
        }
    }
    let ev = &ev;
    let read = stream::iter(rules)
        .map(|mut rule| async move {
            let mut token: Option<String> = None;
            loop {
                let out = ev
                    .list_targets_by_rule()
                    .rule(&rule.name)
                    .set_next_token(token.take())
                    .send()
                    .await
                    .map_err(|e| aws::failure(&e))?;
                rule.targets
                    .extend(out.targets().iter().map(|t| t.arn().to_string()));
                match out.next_token() {
                    Some(t) if !t.is_empty() => token = Some(t.to_string()),
                    _ => break,
                }
            }
            Ok::<_, aws::Failure>(rule)
        })
        .buffer_unordered(4)
        .try_collect::<Vec<_>>()
        .await;
    Events {
        rules: Some(match read {
            Ok(mut rules) => {
                rules.sort_by(|a, b| a.name.cmp(&b.name));
                data(&EVENTS_LIST_RULES, r, rules)
            }
            Err(f) => aws::error(&EVENTS_LIST_TARGETS_BY_RULE, f),
        }),
    }
}

pub async fn backup(c: &Clients, r: &str) -> Backup {
    let b = c.backup(r);
    let (plans, vaults) = tokio::join!(
        async {
            let listed = paged!(
                &BACKUP_LIST_BACKUP_PLANS,
                r,
                b.list_backup_plans().into_paginator().send(),
                |page| page
                    .backup_plans_list()
                    .iter()
                    .filter_map(|p| Some((
                        p.backup_plan_id()?.to_string(),
                        p.backup_plan_arn().unwrap_or_default().to_string(),
                        p.backup_plan_name().unwrap_or_default().to_string(),
                    )))
                    .collect::<Vec<_>>()
            );
            let listed = match listed {
                Section::Data { data, .. } => data,
                Section::Error(e) => return Section::Error(e),
            };
            let b = &b;
            let read = stream::iter(listed)
                .map(|(id, arn, name)| async move {
                    let out = b
                        .get_backup_plan()
                        .backup_plan_id(&id)
                        .send()
                        .await
                        .map_err(|e| aws::failure(&e))?;
                    let rules = out
                        .backup_plan()
                        .map(|p| p.rules())
                        .unwrap_or_default()
                        .iter()
                        .map(|x| BackupRule {
                            rule_name: x.rule_name().to_string(),
                            target_backup_vault_name: x.target_backup_vault_name().to_string(),
                            schedule_expression: owned(x.schedule_expression()),
                            delete_after_days: x.lifecycle().and_then(|l| l.delete_after_days()),
                            enable_continuous_backup: x.enable_continuous_backup().unwrap_or(false),
                            copy_destinations: x
                                .copy_actions()
                                .iter()
                                .map(|c| c.destination_backup_vault_arn().to_string())
                                .collect(),
                        })
                        .collect();
                    Ok::<_, aws::Failure>(BackupPlan {
                        backup_plan_id: id,
                        backup_plan_arn: arn,
                        backup_plan_name: name,
                        rules,
                    })
                })
                .buffered(4)
                .try_collect::<Vec<_>>()
                .await;
            match read {
                Ok(plans) => data(&BACKUP_LIST_BACKUP_PLANS, r, plans),
                Err(f) => aws::error(&BACKUP_GET_BACKUP_PLAN, f),
            }
        },
        async {
            paged!(
                &BACKUP_LIST_BACKUP_VAULTS,
                r,
                b.list_backup_vaults().into_paginator().send(),
                |page| page
                    .backup_vault_list()
                    .iter()
                    .map(|v| BackupVault {
                        backup_vault_name: v.backup_vault_name().unwrap_or_default().to_string(),
                        backup_vault_arn: v.backup_vault_arn().unwrap_or_default().to_string(),
                        locked: v.locked().unwrap_or(false),
                        min_retention_days: v.min_retention_days(),
                        number_of_recovery_points: v.number_of_recovery_points(),
                    })
                    .collect::<Vec<_>>()
            )
        },
    );
    let selections = match &plans {
        Section::Data { data: list, .. } => {
            let ids = list.iter().map(|p| p.backup_plan_id.clone()).collect();
            super::delivery::backup_selections(&b, r, ids).await
        }
        Section::Error(e) => Section::Error(e.clone()),
    };
    Backup {
        plans: Some(plans),
        vaults: Some(vaults),
        selections: Some(selections),
    }
}
