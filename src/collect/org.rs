//! AWS Organizations: the accounts to scan, their OU paths, delegated administrators and the
//! services enabled for the organization. Read with the caller's (management) credentials.

use std::collections::{BTreeMap, HashMap};

use aws_sdk_organizations::Client;

use super::aws::{self, Failure, data, paged};
use super::guard::*;
use crate::model::Section;
use crate::model::snapshot::OrgAccount;

/// What discovery found: the organization's id, management account and accounts.
pub struct Discovered {
    pub id: String,
    pub management_account_id: String,
    pub accounts: Vec<OrgAccount>,
    /// Why the OU tree could not be read (the accounts are known without it).
    pub ou_paths_error: Option<crate::model::SectionError>,
}

/// Describes the organization and lists its accounts with their OU paths. A failure here means
/// there is nothing to scan, so it is returned, not recorded.
pub async fn discover(c: &Client) -> Result<Discovered, (Op, Failure)> {
    let org = c
        .describe_organization()
        .send()
        .await
        .map_err(|e| (ORG_DESCRIBE_ORGANIZATION, aws::failure(&e)))?;
    let org = org
        .organization
        .unwrap_or_else(|| aws_sdk_organizations::types::Organization::builder().build());
    let mut pages = c.list_accounts().into_paginator().send();
    let mut accounts = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| (ORG_LIST_ACCOUNTS, aws::failure(&e)))?;
        for a in page.accounts() {
            #[allow(deprecated)]
            let status = a.status().map(|s| s.as_str().to_string());
            let state = a.state().map(|s| s.as_str().to_string());
            accounts.push(OrgAccount {
                id: a.id().unwrap_or_default().to_string(),
                name: a.name().unwrap_or_default().to_string(),
                email: a.email().unwrap_or_default().to_string(),
                status: status.or(state).unwrap_or_else(|| "UNKNOWN".into()),
                ou_path: Vec::new(),
            });
        }
    }
    let ou_paths_error = match ou_paths(c).await {
        Ok(paths) => {
            for a in &mut accounts {
                a.ou_path = paths.get(&a.id).cloned().unwrap_or_default();
            }
            None
        }
        Err((op, f)) => Some(f.into_error(&op)),
    };
    accounts.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(Discovered {
        id: org.id().unwrap_or_default().to_string(),
        management_account_id: org.master_account_id().unwrap_or_default().to_string(),
        accounts,
        ou_paths_error,
    })
}

/// Every account's OU names from the root down (e.g. `["Root", "Workloads"]`), read top-down:
/// two listings per OU, however many accounts there are.
async fn ou_paths(c: &Client) -> Result<HashMap<String, Vec<String>>, (Op, Failure)> {
    let mut stack: Vec<(String, Vec<String>)> = Vec::new();
    let mut pages = c.list_roots().into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| (ORG_LIST_ROOTS, aws::failure(&e)))?;
        for r in page.roots() {
            stack.push((
                r.id().unwrap_or_default().to_string(),
                vec!["Root".to_string()],
            ));
        }
    }
    let mut paths = HashMap::new();
    while let Some((parent, path)) = stack.pop() {
        let mut pages = c
            .list_accounts_for_parent()
            .parent_id(&parent)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| (ORG_LIST_ACCOUNTS_FOR_PARENT, aws::failure(&e)))?;
            for a in page.accounts() {
                paths.insert(a.id().unwrap_or_default().to_string(), path.clone());
            }
        }
        let mut pages = c
            .list_organizational_units_for_parent()
            .parent_id(&parent)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| (ORG_LIST_OUS_FOR_PARENT, aws::failure(&e)))?;
            for ou in page.organizational_units() {
                let mut child = path.clone();
                child.push(ou.name().unwrap_or_default().to_string());
                stack.push((ou.id().unwrap_or_default().to_string(), child));
            }
        }
    }
    Ok(paths)
}

pub async fn enabled_services(c: &Client) -> Section<Vec<String>> {
    let section = paged!(
        &ORG_LIST_SERVICE_ACCESS,
        "global",
        c.list_aws_service_access_for_organization()
            .into_paginator()
            .send(),
        |page| page
            .enabled_service_principals()
            .iter()
            .filter_map(|s| s.service_principal().map(str::to_string))
            .collect::<Vec<_>>()
    );
    match section {
        Section::Data { source, mut data } => {
            data.sort();
            Section::Data { source, data }
        }
        e => e,
    }
}

/// iam:ListOrganizationsFeatures: the organization's centralized root access features
/// (`RootCredentialsManagement`, `RootSessions`); empty when none is enabled.
pub async fn iam_features(c: &aws_sdk_iam::Client) -> Section<Vec<String>> {
    let op = &IAM_LIST_ORGANIZATIONS_FEATURES;
    match c.list_organizations_features().send().await {
        Ok(out) => {
            let mut features: Vec<String> = out
                .enabled_features()
                .iter()
                .map(|f| f.as_str().to_string())
                .collect();
            features.sort();
            data(op, "global", features)
        }
        Err(e) => aws::error(op, aws::failure(&e)),
    }
}

/// organizations:ListTagsForResource for each scanned account (account id → tag key → value),
/// read with the management credentials. One failure fails the section: tags half read would
/// place accounts in the wrong workload or production set.
pub async fn account_tags(
    c: &Client,
    ids: &[String],
) -> Section<BTreeMap<String, BTreeMap<String, String>>> {
    use futures_util::{StreamExt, TryStreamExt, stream};
    let op = &ORG_LIST_TAGS_FOR_RESOURCE;
    let read = stream::iter(ids)
        .map(|id| async move {
            let mut tags = BTreeMap::new();
            let mut pages = c
                .list_tags_for_resource()
                .resource_id(id)
                .into_paginator()
                .send();
            while let Some(page) = pages.next().await {
                let page = page.map_err(|e| aws::failure(&e))?;
                for t in page.tags() {
                    tags.insert(t.key().to_string(), t.value().to_string());
                }
            }
            Ok::<_, Failure>((id.clone(), tags))
        })
        .buffer_unordered(4)
        .try_collect::<BTreeMap<_, _>>()
        .await;
    match read {
        Ok(tags) => data(op, "global", tags),
        Err(f) => aws::error(op, f),
    }
}
