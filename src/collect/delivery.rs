//! How changes reach production and what they cost (OPE-003, REL-001, COST-001): pipelines and
//! build projects, CloudFormation stacks, the tags that mark resources made by automation, the
//! console's write events in CloudTrail, budgets and Cost Explorer.

use std::time::{Duration, SystemTime};

use futures_util::{StreamExt, TryStreamExt, stream};

use super::Clients;
use super::aws::{self, data, owned, paged};
use super::guard::*;
use crate::model::Section;
use crate::model::snapshot::*;

pub async fn codepipeline(c: &Clients, r: &str) -> CodePipeline {
    let cp = c.codepipeline(r);
    let names = paged!(
        &CODEPIPELINE_LIST_PIPELINES,
        r,
        cp.list_pipelines().into_paginator().send(),
        |page| page
            .pipelines()
            .iter()
            .filter_map(|p| owned(p.name()))
            .collect::<Vec<_>>()
    );
    let names = match names {
        Section::Data { data, .. } => data,
        Section::Error(e) => {
            return CodePipeline {
                pipelines: Some(Section::Error(e)),
            };
        }
    };
    let cp = &cp;
    let read = stream::iter(names)
        .map(|name| async move {
            let out = cp
                .get_pipeline()
                .name(&name)
                .send()
                .await
                .map_err(|e| aws::failure(&e))?;
            let decl = out.pipeline();
            let stages = decl
                .map(|p| p.stages())
                .unwrap_or_default()
                .iter()
                .map(|s| PipelineStage {
                    name: s.name().to_string(),
                    actions: s
                        .actions()
                        .iter()
                        .map(|a| {
                            let t = a.action_type_id();
                            PipelineAction {
                                name: a.name().to_string(),
                                category: t
                                    .map(|t| t.category().as_str().to_string())
                                    .unwrap_or_default(),
                                owner: t
                                    .map(|t| t.owner().as_str().to_string())
                                    .unwrap_or_default(),
                                provider: t.map(|t| t.provider().to_string()).unwrap_or_default(),
                                run_order: a.run_order().map_or(1, i64::from),
                                role_arn: owned(a.role_arn()),
                                region: owned(a.region()),
                                configuration: a
                                    .configuration()
                                    .map(|c| {
                                        c.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
                                    })
                                    .unwrap_or_default(),
                            }
                        })
                        .collect(),
                })
                .collect();
            Ok::<_, aws::Failure>(Pipeline {
                name: decl.map_or(name.clone(), |p| p.name().to_string()),
                pipeline_arn: out.metadata().and_then(|m| owned(m.pipeline_arn())),
                role_arn: decl.map(|p| p.role_arn().to_string()),
                stages,
            })
        })
        .buffered(4)
        .try_collect::<Vec<_>>()
        .await;
    CodePipeline {
        pipelines: Some(match read {
            Ok(p) => data(&CODEPIPELINE_LIST_PIPELINES, r, p),
            Err(f) => aws::error(&CODEPIPELINE_GET_PIPELINE, f),
        }),
    }
}

pub async fn codebuild(c: &Clients, r: &str) -> CodeBuild {
    let cb = c.codebuild(r);
    let names = paged!(
        &CODEBUILD_LIST_PROJECTS,
        r,
        cb.list_projects().into_paginator().send(),
        |page| page.projects().to_vec()
    );
    let names = match names {
        Section::Data { data, .. } => data,
        Section::Error(e) => {
            return CodeBuild {
                projects: Some(Section::Error(e)),
            };
        }
    };
    let cb = &cb;
    // BatchGetProjects takes at most 100 names.
    let read = stream::iter(
        names
            .chunks(100)
            .map(<[String]>::to_vec)
            .collect::<Vec<_>>(),
    )
    .map(|chunk| async move {
        let out = cb
            .batch_get_projects()
            .set_names(Some(chunk))
            .send()
            .await
            .map_err(|e| aws::failure(&e))?;
        Ok::<_, aws::Failure>(
            out.projects()
                .iter()
                .map(|p| {
                    let source = p.source();
                    let buildspec = source.and_then(|s| s.buildspec()).map(|b| {
                        // An inline buildspec is the whole YAML text: record only that it is.
                        if b.contains('\n') {
                            "inline".to_string()
                        } else {
                            b.to_string()
                        }
                    });
                    BuildProject {
                        name: p.name().unwrap_or_default().to_string(),
                        arn: p.arn().unwrap_or_default().to_string(),
                        source_type: source.map(|s| s.r#type().as_str().to_string()),
                        buildspec,
                        service_role: owned(p.service_role()),
                    }
                })
                .collect::<Vec<_>>(),
        )
    })
    .buffered(2)
    .try_collect::<Vec<_>>()
    .await;
    CodeBuild {
        projects: Some(match read {
            Ok(chunks) => {
                let mut all: Vec<BuildProject> = chunks.into_iter().flatten().collect();
                all.sort_by(|a, b| a.name.cmp(&b.name));
                data(&CODEBUILD_LIST_PROJECTS, r, all)
            }
            Err(f) => aws::error(&CODEBUILD_BATCH_GET_PROJECTS, f),
        }),
    }
}

pub async fn cloudformation(c: &Clients, r: &str) -> CloudFormation {
    let cf = c.cloudformation(r);
    let (stacks, stack_sets) = tokio::join!(
        async {
            paged!(
                &CLOUDFORMATION_DESCRIBE_STACKS,
                r,
                cf.describe_stacks().into_paginator().send(),
                |page| page
                    .stacks()
                    .iter()
                    .map(|s| {
                        let drift = s.drift_information();
                        Stack {
                            stack_name: s.stack_name().unwrap_or_default().to_string(),
                            stack_id: s.stack_id().unwrap_or_default().to_string(),
                            stack_status: s
                                .stack_status()
                                .map(|x| x.as_str().to_string())
                                .unwrap_or_default(),
                            drift_status: drift.and_then(|d| {
                                d.stack_drift_status().map(|x| x.as_str().to_string())
                            }),
                            last_drift_check: aws::opt_time(
                                drift.and_then(|d| d.last_check_timestamp()),
                            ),
                            root_id: owned(s.root_id()),
                        }
                    })
                    .collect::<Vec<_>>()
            )
        },
        async {
            paged!(
                &CLOUDFORMATION_LIST_STACK_SETS,
                r,
                cf.list_stack_sets()
                    .status(aws_sdk_cloudformation::types::StackSetStatus::Active)
                    .into_paginator()
                    .send(),
                |page| page
                    .summaries()
                    .iter()
                    .map(|s| StackSet {
                        stack_set_name: s.stack_set_name().unwrap_or_default().to_string(),
                        stack_set_id: owned(s.stack_set_id()),
                        status: s
                            .status()
                            .map(|x| x.as_str().to_string())
                            .unwrap_or_default(),
                        drift_status: s.drift_status().map(|x| x.as_str().to_string()),
                        last_drift_check: aws::opt_time(s.last_drift_check_timestamp()),
                    })
                    .collect::<Vec<_>>()
            )
        },
    );
    let stack_resources = match &stacks {
        Section::Error(e) => Section::Error(e.clone()),
        Section::Data { data: list, .. } => {
            let cf = &cf;
            let read =
                // By id: a stack deleted since DescribeStacks then lists its resources as
                // deleted instead of failing the region's section.
                stream::iter(list.iter().map(|s| (s.stack_name.clone(), s.stack_id.clone())))
                    .map(|(name, id)| async move {
                        let mut pages = cf
                            .list_stack_resources()
                            .stack_name(&id)
                            .into_paginator()
                            .send();
                        let mut out = Vec::new();
                        while let Some(page) = pages.next().await {
                            let page = page.map_err(|e| aws::failure(&e))?;
                            out.extend(page.stack_resource_summaries().iter().map(|x| {
                                StackResource {
                                    stack_name: name.clone(),
                                    logical_resource_id: x
                                        .logical_resource_id()
                                        .unwrap_or_default()
                                        .to_string(),
                                    physical_resource_id: owned(x.physical_resource_id()),
                                    resource_type: x
                                        .resource_type()
                                        .unwrap_or_default()
                                        .to_string(),
                                    resource_status: x
                                        .resource_status()
                                        .map(|s| s.as_str().to_string()),
                                }
                            }));
                        }
                        Ok::<_, aws::Failure>(out)
                    })
                    .buffered(4)
                    .try_collect::<Vec<_>>()
                    .await;
            match read {
                Ok(v) => data(&CLOUDFORMATION_LIST_STACK_RESOURCES, r, v.concat()),
                Err(f) => aws::error(&CLOUDFORMATION_LIST_STACK_RESOURCES, f),
            }
        }
    };
    CloudFormation {
        stacks: Some(stacks),
        stack_resources: Some(stack_resources),
        stack_sets: Some(stack_sets),
    }
}

/// The resource kinds REL-001 judges, as the tagging API filters them.
const TAGGED_KINDS: &[&str] = &[
    "ec2:instance",
    "ec2:security-group",
    "rds:db",
    "rds:cluster",
    "s3",
    "lambda:function",
    "elasticloadbalancing:loadbalancer",
    "dynamodb:table",
];

pub async fn tagging(c: &Clients, r: &str) -> Tagging {
    let t = c.tagging(r);
    let resources = paged!(
        &TAGGING_GET_RESOURCES,
        r,
        t.get_resources()
            .set_resource_type_filters(Some(TAGGED_KINDS.iter().map(|k| k.to_string()).collect()))
            .into_paginator()
            .send(),
        |page| page
            .resource_tag_mapping_list()
            .iter()
            .map(|m| TaggedResource {
                resource_arn: m.resource_arn().unwrap_or_default().to_string(),
                tags: m
                    .tags()
                    .iter()
                    .map(|t| (t.key().to_string(), t.value().to_string()))
                    .collect(),
            })
            .collect::<Vec<_>>()
    );
    Tagging {
        resources: Some(resources),
    }
}

/// At most this many LookupEvents pages (50 events each) per account and region.
pub const LOOKUP_PAGE_CAP: usize = 20;

/// Write events made from the console over the last `days` days. LookupEvents allows two
/// requests a second per account and region: pages are read one at a time, half a second apart.
pub async fn console_changes(c: &Clients, r: &str, days: i64) -> Section<ConsoleChanges> {
    let ct = c.cloudtrail(r);
    let since = SystemTime::now() - Duration::from_secs(days.max(1) as u64 * 86_400);
    let since = aws_smithy_types::DateTime::from(since);
    let mut token: Option<String> = None;
    let mut out = ConsoleChanges {
        since: aws::time(&since),
        events_read: 0,
        truncated: false,
        events: Vec::new(),
    };
    for page in 0..LOOKUP_PAGE_CAP {
        if page > 0 {
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        let read = ct
            .lookup_events()
            .lookup_attributes(
                aws_sdk_cloudtrail::types::LookupAttribute::builder()
                    .attribute_key(aws_sdk_cloudtrail::types::LookupAttributeKey::ReadOnly)
                    .attribute_value("false")
                    .build()
                    .expect("key and value are set"),
            )
            .start_time(since)
            .set_next_token(token.take())
            .send()
            .await;
        let page = match read {
            Ok(p) => p,
            Err(e) => return aws::error(&CLOUDTRAIL_LOOKUP_EVENTS, aws::failure(&e)),
        };
        for e in page.events() {
            out.events_read += 1;
            if let Some(ev) = console_event(e) {
                out.events.push(ev);
            }
        }
        token = owned(page.next_token());
        if token.is_none() {
            break;
        }
    }
    out.truncated = token.is_some();
    data(&CLOUDTRAIL_LOOKUP_EVENTS, r, out)
}

/// The event when the console made it: its record says `sessionCredentialFromConsole`.
fn console_event(e: &aws_sdk_cloudtrail::types::Event) -> Option<ConsoleEvent> {
    let record: serde_json::Value = serde_json::from_str(e.cloud_trail_event()?).ok()?;
    let from_console = record
        .get("sessionCredentialFromConsole")
        .is_some_and(|v| v == "true" || v == true);
    if !from_console {
        return None;
    }
    Some(ConsoleEvent {
        event_id: e.event_id().unwrap_or_default().to_string(),
        event_time: aws::opt_time(e.event_time()).unwrap_or_default(),
        event_name: e.event_name().unwrap_or_default().to_string(),
        event_source: e.event_source().unwrap_or_default().to_string(),
        username: owned(e.username()),
        resources: e
            .resources()
            .iter()
            .filter_map(|x| owned(x.resource_name()))
            .collect(),
    })
}

/// Budgets: a global service, read once per account.
pub async fn budgets(c: &Clients, account_id: &str) -> Section<Vec<Budget>> {
    let b = c.budgets();
    let amount = |s: Option<&aws_sdk_budgets::types::Spend>| {
        s.map(|s| format!("{} {}", s.amount(), s.unit()))
    };
    let mut read = paged!(
        &BUDGETS_DESCRIBE_BUDGETS,
        "us-east-1",
        b.describe_budgets()
            .account_id(account_id)
            .into_paginator()
            .send(),
        |page| page
            .budgets()
            .iter()
            .map(|x| Budget {
                budget_name: x.budget_name().to_string(),
                budget_type: x.budget_type().as_str().to_string(),
                time_unit: x.time_unit().as_str().to_string(),
                limit: amount(x.budget_limit()),
                actual_spend: amount(x.calculated_spend().and_then(|s| s.actual_spend())),
            })
            .collect::<Vec<_>>()
    );
    if let Section::Data { data, .. } = &mut read {
        data.sort_by(|a, b| a.budget_name.cmp(&b.budget_name));
    }
    read
}

/// Cost Explorer facts for the organization, from the management account: active cost
/// allocation tags and the last 30 days' Savings Plans and reservation coverage. Each request
/// is billed ($0.01), so only with `--cost-explorer`.
pub async fn cost_explorer(c: &Clients) -> Section<CostExplorer> {
    let ce = c.costexplorer();
    let now = SystemTime::now();
    let day = |t: SystemTime| {
        aws::time(&aws_smithy_types::DateTime::from(t))
            .get(..10)
            .unwrap_or_default()
            .to_string()
    };
    let (start, end) = (day(now - Duration::from_secs(30 * 86_400)), day(now));
    let interval = || {
        aws_sdk_costexplorer::types::DateInterval::builder()
            .start(&start)
            .end(&end)
            .build()
            .expect("start and end are set")
    };
    let tags = paged!(
        &CE_LIST_COST_ALLOCATION_TAGS,
        "us-east-1",
        ce.list_cost_allocation_tags()
            .status(aws_sdk_costexplorer::types::CostAllocationTagStatus::Active)
            .into_paginator()
            .send(),
        |page| page
            .cost_allocation_tags()
            .iter()
            .map(|t| t.tag_key().to_string())
            .collect::<Vec<_>>()
    );
    let tags = match tags {
        Section::Data { data, .. } => data,
        Section::Error(e) => return Section::Error(e),
    };
    // One entry per period, over pages: the window's share is covered spend over total spend.
    let (mut covered, mut total) = (0.0, 0.0);
    let mut token: Option<String> = None;
    loop {
        let page = match ce
            .get_savings_plans_coverage()
            .time_period(interval())
            .set_next_token(token.take())
            .send()
            .await
        {
            Ok(p) => p,
            Err(e) => return aws::error(&CE_GET_SAVINGS_PLANS_COVERAGE, aws::failure(&e)),
        };
        for c in page
            .savings_plans_coverages()
            .iter()
            .filter_map(|x| x.coverage())
        {
            let num = |v: Option<&str>| v.and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
            covered += num(c.spend_covered_by_savings_plans());
            total += num(c.total_cost());
        }
        token = owned(page.next_token());
        if token.is_none() {
            break;
        }
    }
    let savings = (total > 0.0).then(|| (covered / total * 1000.0).round() / 10.0);
    let reserved = match ce
        .get_reservation_coverage()
        .time_period(interval())
        .send()
        .await
    {
        Ok(o) => o
            .total()
            .and_then(|t| t.coverage_hours())
            .and_then(|h| h.coverage_hours_percentage())
            .and_then(|p| p.parse::<f64>().ok()),
        Err(e) => return aws::error(&CE_GET_RESERVATION_COVERAGE, aws::failure(&e)),
    };
    let mut tags = tags;
    tags.sort();
    data(
        &CE_LIST_COST_ALLOCATION_TAGS,
        "us-east-1",
        CostExplorer {
            active_cost_allocation_tags: tags,
            start: start.clone(),
            end: end.clone(),
            savings_plans_coverage: savings,
            reservation_coverage: reserved,
        },
    )
}

fn conditions(c: &aws_sdk_backup::types::Conditions) -> Vec<BackupCondition> {
    let of = |operator: &str, list: &[aws_sdk_backup::types::ConditionParameter]| {
        list.iter()
            .map(|p| BackupCondition {
                operator: operator.to_string(),
                key: p.condition_key().unwrap_or_default().to_string(),
                value: p.condition_value().unwrap_or_default().to_string(),
            })
            .collect::<Vec<_>>()
    };
    [
        of("StringEquals", c.string_equals()),
        of("StringNotEquals", c.string_not_equals()),
        of("StringLike", c.string_like()),
        of("StringNotLike", c.string_not_like()),
    ]
    .concat()
}

/// Backup selections of each plan: what AWS Backup protects.
pub async fn backup_selections(
    b: &aws_sdk_backup::Client,
    r: &str,
    plan_ids: Vec<String>,
) -> Section<Vec<BackupSelection>> {
    let read = stream::iter(plan_ids)
        .map(|plan| async move {
            let mut pages = b
                .list_backup_selections()
                .backup_plan_id(&plan)
                .into_paginator()
                .send();
            let mut ids = Vec::new();
            while let Some(page) = pages.next().await {
                let page = page.map_err(|e| (aws::failure(&e), &BACKUP_LIST_BACKUP_SELECTIONS))?;
                ids.extend(
                    page.backup_selections_list()
                        .iter()
                        .filter_map(|s| owned(s.selection_id())),
                );
            }
            let mut out = Vec::new();
            for id in ids {
                let got = b
                    .get_backup_selection()
                    .backup_plan_id(&plan)
                    .selection_id(&id)
                    .send()
                    .await
                    .map_err(|e| (aws::failure(&e), &BACKUP_GET_BACKUP_SELECTION))?;
                let sel = got.backup_selection();
                out.push(BackupSelection {
                    backup_plan_id: plan.clone(),
                    selection_id: id,
                    selection_name: sel
                        .map(|s| s.selection_name().to_string())
                        .unwrap_or_default(),
                    resources: sel.map(|s| s.resources().to_vec()).unwrap_or_default(),
                    not_resources: sel.map(|s| s.not_resources().to_vec()).unwrap_or_default(),
                    list_of_tags: sel
                        .map(|s| {
                            s.list_of_tags()
                                .iter()
                                .map(|t| format!("{}={}", t.condition_key(), t.condition_value()))
                                .collect()
                        })
                        .unwrap_or_default(),
                    conditions: sel
                        .and_then(|s| s.conditions())
                        .map(conditions)
                        .unwrap_or_default(),
                });
            }
            Ok::<_, (aws::Failure, &Op)>(out)
        })
        .buffered(4)
        .try_collect::<Vec<_>>()
        .await;
    match read {
        Ok(v) => data(&BACKUP_LIST_BACKUP_SELECTIONS, r, v.concat()),
        Err((f, op)) => aws::error(op, f),
    }
}
