//! IAM and Account: what ACCT-001/ACCT-002 read.

use std::time::Duration;

use aws_sdk_iam::Client;
use aws_sdk_iam::types::{EntityType, ReportStateType};
use futures_util::{StreamExt, stream};

use super::aws::{self, data, optional, section};
use super::guard::*;
use crate::model::Section;
use crate::model::policy::PolicyDocument;
use crate::model::snapshot::*;

const G: &str = "global";

pub async fn collect(c: &Client) -> Iam {
    let (summary, credential_report, password_policy, details, saml, oidc) = tokio::join!(
        summary(c),
        credential_report(c),
        password_policy(c),
        authorization_details(c),
        saml_providers(c),
        oidc_providers(c),
    );
    let access_keys = access_keys(c, &details).await;
    Iam {
        summary: Some(summary),
        credential_report: Some(credential_report),
        password_policy: Some(password_policy),
        authorization_details: Some(details),
        access_keys: Some(access_keys),
        saml_providers: Some(saml),
        oidc_providers: Some(oidc),
    }
}

async fn summary(c: &Client) -> Section<std::collections::BTreeMap<String, i64>> {
    let op = &IAM_GET_ACCOUNT_SUMMARY;
    section(op, G, c.get_account_summary().send().await, |out| {
        out.summary_map
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| (k.as_str().to_string(), i64::from(v)))
            .collect()
    })
}

async fn password_policy(c: &Client) -> Section<Option<PasswordPolicy>> {
    let op = &IAM_GET_PASSWORD_POLICY;
    let result = c.get_account_password_policy().send().await;
    optional(op, G, &["NoSuchEntity"], result, |out| {
        out.password_policy.map(|p| PasswordPolicy {
            minimum_password_length: p.minimum_password_length.map(i64::from),
            require_symbols: p.require_symbols,
            require_numbers: p.require_numbers,
            require_uppercase_characters: p.require_uppercase_characters,
            require_lowercase_characters: p.require_lowercase_characters,
            allow_users_to_change_password: p.allow_users_to_change_password,
            max_password_age: p.max_password_age.map(i64::from),
            password_reuse_prevention: p.password_reuse_prevention.map(i64::from),
            hard_expiry: p.hard_expiry.unwrap_or(false),
        })
    })
}

/// Asks IAM for a fresh credential report, waits for it (polling from 0.25 s up to every 2 s, about
/// a minute in all), and parses it.
async fn credential_report(c: &Client) -> Section<Vec<CredentialReportRow>> {
    for attempt in 0..32u32 {
        match c.generate_credential_report().send().await {
            Ok(out) if out.state() == Some(&ReportStateType::Complete) => break,
            Ok(_) => tokio::time::sleep(Duration::from_millis(250 << attempt.min(3))).await,
            Err(e) => return aws::error(&IAM_GENERATE_CREDENTIAL_REPORT, aws::failure(&e)),
        }
    }
    let op = &IAM_GET_CREDENTIAL_REPORT;
    match c.get_credential_report().send().await {
        Ok(out) => {
            let content = out.content.map(|b| b.into_inner()).unwrap_or_default();
            match parse_credential_report(&String::from_utf8_lossy(&content)) {
                Ok(rows) => data(op, G, rows),
                Err(message) => Section::Error(crate::model::SectionError {
                    denied_by: None,
                    reason: crate::model::ErrorReason::Other,
                    action: op.action.to_string(),
                    message,
                }),
            }
        }
        Err(e) => aws::error(op, aws::failure(&e)),
    }
}

/// The credential report's CSV, keeping only the columns the snapshot records (no secrets are in
/// the report; this keeps the snapshot small).
pub fn parse_credential_report(csv: &str) -> Result<Vec<CredentialReportRow>, String> {
    let mut lines = csv.lines().filter(|l| !l.trim().is_empty());
    let header: Vec<&str> = lines
        .next()
        .ok_or("the credential report is empty")?
        .split(',')
        .collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .ok_or(format!("the credential report has no `{name}` column"))
    };
    let user = col("user")?;
    let arn = col("arn")?;
    // Every column a check reads is required: a missing `mfa_active` or `access_key_1_active`
    // read as "false" would pass checks on data that is not there.
    let (created, pw, pw_used, mfa) = (
        col("user_creation_time")?,
        col("password_enabled")?,
        col("password_last_used")?,
        col("mfa_active")?,
    );
    let (k1, k1r, k1u) = (
        col("access_key_1_active")?,
        col("access_key_1_last_rotated")?,
        col("access_key_1_last_used_date")?,
    );
    let (k2, k2r, k2u) = (
        col("access_key_2_active")?,
        col("access_key_2_last_rotated")?,
        col("access_key_2_last_used_date")?,
    );
    let mut rows = Vec::new();
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        if f.len() != header.len() {
            return Err(format!(
                "a credential report row has {} fields, the header {}",
                f.len(),
                header.len()
            ));
        }
        let flag = |i: usize| f[i] == "true";
        let date = |i: usize| {
            Some(f[i])
                .filter(|v| !matches!(*v, "" | "N/A" | "no_information" | "not_supported"))
                .map(str::to_string)
        };
        rows.push(CredentialReportRow {
            user: f[user].to_string(),
            arn: f[arn].to_string(),
            user_creation_time: date(created),
            password_enabled: flag(pw),
            password_last_used: date(pw_used),
            mfa_active: flag(mfa),
            access_key_1_active: flag(k1),
            access_key_1_last_rotated: date(k1r),
            access_key_1_last_used_date: date(k1u),
            access_key_2_active: flag(k2),
            access_key_2_last_rotated: date(k2r),
            access_key_2_last_used_date: date(k2u),
        });
    }
    Ok(rows)
}

/// A URL-encoded policy document as IAM returns it.
fn document(encoded: &str, what: &str) -> Result<PolicyDocument, String> {
    let text = percent_encoding::percent_decode_str(encoded).decode_utf8_lossy();
    serde_json::from_str(&text)
        .map_err(|e| format!("the policy document of {what} is not valid: {e}"))
}

fn attached(list: &[aws_sdk_iam::types::AttachedPolicy]) -> Vec<AttachedPolicy> {
    list.iter()
        .map(|p| AttachedPolicy {
            policy_name: p.policy_name().unwrap_or_default().to_string(),
            policy_arn: p.policy_arn().unwrap_or_default().to_string(),
        })
        .collect()
}

fn inline(
    list: &[aws_sdk_iam::types::PolicyDetail],
    owner: &str,
) -> Result<Vec<InlinePolicy>, String> {
    list.iter()
        .map(|p| {
            let name = p.policy_name().unwrap_or_default();
            Ok(InlinePolicy {
                policy_name: name.to_string(),
                policy_document: document(
                    p.policy_document()
                        .ok_or(format!("IAM returned no document for inline policy {name}"))?,
                    &format!("inline policy {name} of {owner}"),
                )?,
            })
        })
        .collect()
}

async fn authorization_details(c: &Client) -> Section<AuthorizationDetails> {
    let op = &IAM_GET_AUTHORIZATION_DETAILS;
    let mut pages = c
        .get_account_authorization_details()
        .set_filter(Some(vec![
            EntityType::User,
            EntityType::Group,
            EntityType::Role,
            EntityType::LocalManagedPolicy,
        ]))
        .into_paginator()
        .send();
    let mut d = AuthorizationDetails::default();
    while let Some(page) = pages.next().await {
        let page = match page {
            Ok(p) => p,
            Err(e) => return aws::error(op, aws::failure(&e)),
        };
        if let Err(message) = add_details(&mut d, page) {
            return Section::Error(crate::model::SectionError {
                denied_by: None,
                reason: crate::model::ErrorReason::Other,
                action: op.action.to_string(),
                message,
            });
        }
    }
    data(op, G, d)
}

fn add_details(
    d: &mut AuthorizationDetails,
    page: aws_sdk_iam::operation::get_account_authorization_details::GetAccountAuthorizationDetailsOutput,
) -> Result<(), String> {
    for u in page.user_detail_list() {
        let name = u.user_name().unwrap_or_default();
        d.users.push(User {
            user_name: name.to_string(),
            arn: u.arn().unwrap_or_default().to_string(),
            create_date: aws::opt_time(u.create_date()),
            group_list: u.group_list().to_vec(),
            attached_managed_policies: attached(u.attached_managed_policies()),
            user_policy_list: inline(u.user_policy_list(), &format!("user {name}"))?,
        });
    }
    for g in page.group_detail_list() {
        let name = g.group_name().unwrap_or_default();
        d.groups.push(Group {
            group_name: name.to_string(),
            arn: g.arn().unwrap_or_default().to_string(),
            attached_managed_policies: attached(g.attached_managed_policies()),
            group_policy_list: inline(g.group_policy_list(), &format!("group {name}"))?,
        });
    }
    for r in page.role_detail_list() {
        let name = r.role_name().unwrap_or_default();
        d.roles.push(Role {
            role_name: name.to_string(),
            arn: r.arn().unwrap_or_default().to_string(),
            path: r.path().map(str::to_string),
            assume_role_policy_document: document(
                r.assume_role_policy_document()
                    .ok_or(format!("IAM returned no trust policy for role {name}"))?,
                &format!("the trust policy of role {name}"),
            )?,
            attached_managed_policies: attached(r.attached_managed_policies()),
            role_policy_list: inline(r.role_policy_list(), &format!("role {name}"))?,
        });
    }
    for p in page.policies() {
        let name = p.policy_name().unwrap_or_default();
        let default = p
            .policy_version_list()
            .iter()
            .find(|v| v.is_default_version())
            .ok_or(format!("policy {name} has no default version"))?;
        d.policies.push(ManagedPolicy {
            policy_name: name.to_string(),
            arn: p.arn().unwrap_or_default().to_string(),
            attachment_count: i64::from(p.attachment_count().ok_or(format!(
                "IAM returned no attachment count for policy {name}"
            ))?),
            default_version_id: p.default_version_id().unwrap_or_default().to_string(),
            document: document(
                default
                    .document()
                    .ok_or(format!("IAM returned no document for policy {name}"))?,
                &format!("policy {name}"),
            )?,
        });
    }
    Ok(())
}

/// Access keys of every user, with last use. Needs the user list from the authorization details;
/// when that failed, this section fails with it.
async fn access_keys(
    c: &Client,
    details: &Section<AuthorizationDetails>,
) -> Section<Vec<AccessKey>> {
    let users: Vec<String> = match details {
        Section::Data { data, .. } => data.users.iter().map(|u| u.user_name.clone()).collect(),
        Section::Error(e) => return Section::Error(e.clone()),
    };
    let results: Vec<Result<Vec<AccessKey>, crate::model::SectionError>> = stream::iter(users)
        .map(|user| async move { keys_of(c, user).await })
        .buffer_unordered(8)
        .collect()
        .await;
    let mut keys: Vec<AccessKey> = match results.into_iter().collect::<Result<Vec<_>, _>>() {
        Ok(per_user) => per_user.into_iter().flatten().collect(),
        Err(e) => return Section::Error(e),
    };
    keys.sort_by(|a, b| (&a.user_name, &a.access_key_id).cmp(&(&b.user_name, &b.access_key_id)));
    data(&IAM_LIST_ACCESS_KEYS, G, keys)
}

async fn keys_of(c: &Client, user: String) -> Result<Vec<AccessKey>, crate::model::SectionError> {
    let mut pages = c
        .list_access_keys()
        .user_name(&user)
        .into_paginator()
        .send();
    let mut keys = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| aws::failure(&e).into_error(&IAM_LIST_ACCESS_KEYS))?;
        for k in page.access_key_metadata() {
            let id = k.access_key_id().unwrap_or_default().to_string();
            let last_used = c
                .get_access_key_last_used()
                .access_key_id(&id)
                .send()
                .await
                .map_err(|e| aws::failure(&e).into_error(&IAM_GET_ACCESS_KEY_LAST_USED))?;
            keys.push(AccessKey {
                user_name: user.clone(),
                access_key_id: id,
                status: k
                    .status()
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default(),
                create_date: aws::opt_time(k.create_date()).unwrap_or_default(),
                last_used_date: last_used
                    .access_key_last_used()
                    .and_then(|u| aws::opt_time(u.last_used_date())),
            });
        }
    }
    Ok(keys)
}

async fn saml_providers(c: &Client) -> Section<Vec<IdentityProvider>> {
    section(
        &IAM_LIST_SAML_PROVIDERS,
        G,
        c.list_saml_providers().send().await,
        |out| {
            out.saml_provider_list()
                .iter()
                .map(|p| IdentityProvider {
                    arn: p.arn().unwrap_or_default().to_string(),
                    create_date: aws::opt_time(p.create_date()),
                    valid_until: aws::opt_time(p.valid_until()),
                })
                .collect()
        },
    )
}

async fn oidc_providers(c: &Client) -> Section<Vec<IdentityProvider>> {
    section(
        &IAM_LIST_OIDC_PROVIDERS,
        G,
        c.list_open_id_connect_providers().send().await,
        |out| {
            out.open_id_connect_provider_list()
                .iter()
                .map(|p| IdentityProvider {
                    arn: p.arn().unwrap_or_default().to_string(),
                    create_date: None,
                    valid_until: None,
                })
                .collect()
        },
    )
}

/// account:GetAlternateContact for the three contact types; an unset contact is `null`.
pub async fn alternate_contacts(c: &aws_sdk_account::Client) -> Section<AlternateContacts> {
    use aws_sdk_account::types::AlternateContactType as T;
    let op = &ACCOUNT_GET_ALTERNATE_CONTACT;
    let get = |t: T| async move {
        let r = c
            .get_alternate_contact()
            .alternate_contact_type(t)
            .send()
            .await;
        optional(op, G, &["ResourceNotFoundException"], r, |out| {
            out.alternate_contact.map(|a| Contact {
                name: a.name,
                title: a.title,
                email_address: a.email_address.unwrap_or_default(),
                phone_number: a.phone_number,
            })
        })
    };
    let (security, operations, billing) =
        tokio::join!(get(T::Security), get(T::Operations), get(T::Billing));
    let mut contacts = AlternateContacts::default();
    for (slot, s) in [
        (&mut contacts.security, security),
        (&mut contacts.operations, operations),
        (&mut contacts.billing, billing),
    ] {
        match s {
            Section::Data { data, .. } => *slot = data,
            Section::Error(e) => return Section::Error(e),
        }
    }
    data(op, G, contacts)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The columns of the report IAM generates.
    const HEADER: &str = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

    #[test]
    fn credential_report_rows_keep_dates_and_flags() {
        let csv = HEADER.to_string()
            + "\n<root_account>,arn:aws:iam::1:root,2020-01-01T00:00:00+00:00,not_supported,2026-11-01T00:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n";
        let rows = parse_credential_report(&csv).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].user, "<root_account>");
        assert!(rows[0].mfa_active && !rows[0].password_enabled);
        assert_eq!(
            rows[0].password_last_used.as_deref(),
            Some("2026-11-01T00:00:00+00:00")
        );
        assert_eq!(rows[0].access_key_1_last_rotated, None);
    }

    #[test]
    fn a_truncated_report_is_an_error_not_fewer_users() {
        let e = parse_credential_report(&format!("{HEADER}\nalice,arn:x\n")).unwrap_err();
        assert!(e.contains("fields"), "{e}");
    }

    #[test]
    fn a_missing_column_is_an_error_not_false() {
        let header = HEADER.replace(",mfa_active", "");
        let row =
            "alice,arn:x,".to_string() + &vec!["N/A"; header.split(',').count() - 2].join(",");
        let e = parse_credential_report(&format!("{header}\n{row}\n")).unwrap_err();
        assert!(e.contains("`mfa_active`"), "{e}");
    }
}
