//! S3: buckets (listed once per account, each read in its own region) and the account's public
//! access block.

use futures_util::{StreamExt, stream};

use super::Clients;
use super::aws::{self, data, optional, section};
use super::guard::*;
use crate::model::policy::PolicyDocument;
use crate::model::snapshot::*;
use crate::model::{ErrorReason, Section, SectionError};

const G: &str = "global";

pub async fn collect(c: &Clients, account_id: &str) -> S3 {
    let (pab, buckets) = tokio::join!(account_public_access_block(c, account_id), buckets(c));
    S3 {
        account_public_access_block: Some(pab),
        buckets: Some(buckets),
    }
}

async fn account_public_access_block(
    c: &Clients,
    account_id: &str,
) -> Section<Option<PublicAccessBlock>> {
    let r = c
        .s3control()
        .get_public_access_block()
        .account_id(account_id)
        .send()
        .await;
    optional(
        &S3CONTROL_GET_PUBLIC_ACCESS_BLOCK,
        G,
        &["NoSuchPublicAccessBlockConfiguration"],
        r,
        |out| {
            out.public_access_block_configuration
                .map(|p| PublicAccessBlock {
                    block_public_acls: p.block_public_acls.unwrap_or(false),
                    ignore_public_acls: p.ignore_public_acls.unwrap_or(false),
                    block_public_policy: p.block_public_policy.unwrap_or(false),
                    restrict_public_buckets: p.restrict_public_buckets.unwrap_or(false),
                })
        },
    )
}

async fn buckets(c: &Clients) -> Section<Vec<Bucket>> {
    let op = &S3_LIST_BUCKETS;
    let client = c.s3(c.home_region());
    let mut pages = client.list_buckets().into_paginator().send();
    let mut listed = Vec::new();
    while let Some(page) = pages.next().await {
        match page {
            Ok(p) => listed.extend(p.buckets.unwrap_or_default()),
            Err(e) => return aws::error(op, aws::failure(&e)),
        }
    }
    let mut buckets: Vec<Bucket> = stream::iter(listed)
        .map(|b| async move { bucket(c, b).await })
        .buffer_unordered(c.options.concurrency.max(1) * 2)
        .collect()
        .await;
    buckets.sort_by(|a, b| a.name.cmp(&b.name));
    data(op, G, buckets)
}

/// A bucket's region: from the listing, else GetBucketLocation (empty means us-east-1, `EU` is
/// the old name of eu-west-1).
async fn region_of(c: &Clients, b: &aws_sdk_s3::types::Bucket) -> Result<String, SectionError> {
    if let Some(r) = b.bucket_region().filter(|r| !r.is_empty()) {
        return Ok(r.to_string());
    }
    let out = c
        .s3(c.home_region())
        .get_bucket_location()
        .bucket(b.name().unwrap_or_default())
        .send()
        .await
        .map_err(|e| aws::failure(&e).into_error(&S3_GET_BUCKET_LOCATION))?;
    Ok(match out.location_constraint().map(|l| l.as_str()) {
        None | Some("") => "us-east-1".to_string(),
        Some("EU") => "eu-west-1".to_string(),
        Some(r) => r.to_string(),
    })
}

async fn bucket(c: &Clients, b: aws_sdk_s3::types::Bucket) -> Bucket {
    let name = b.name().unwrap_or_default().to_string();
    let creation_date = aws::opt_time(b.creation_date());
    let region = match region_of(c, &b).await {
        Ok(r) => r,
        Err(e) => {
            // Without its region no call about the bucket can be made: every section says why.
            return Bucket {
                name,
                region: "unknown".into(),
                creation_date,
                encryption: Some(Section::Error(e.clone())),
                policy: Some(Section::Error(e.clone())),
                policy_status: Some(Section::Error(e.clone())),
                public_access_block: Some(Section::Error(e.clone())),
                versioning: Some(Section::Error(e.clone())),
                object_lock: Some(Section::Error(e)),
            };
        }
    };
    let s3 = c.s3(&region);
    let r = region.as_str();
    let (encryption, policy, policy_status, pab, versioning, object_lock) = tokio::join!(
        async {
            let out = s3.get_bucket_encryption().bucket(&name).send().await;
            optional(
                &S3_GET_BUCKET_ENCRYPTION,
                r,
                &["ServerSideEncryptionConfigurationNotFoundError"],
                out,
                |out| {
                    let rule = out
                        .server_side_encryption_configuration?
                        .rules
                        .into_iter()
                        .next()?;
                    let by_default = rule.apply_server_side_encryption_by_default?;
                    Some(BucketEncryption {
                        sse_algorithm: by_default.sse_algorithm.as_str().to_string(),
                        kms_master_key_id: by_default.kms_master_key_id,
                        bucket_key_enabled: rule.bucket_key_enabled.unwrap_or(false),
                    })
                },
            )
        },
        async {
            let out = s3.get_bucket_policy().bucket(&name).send().await;
            let section = optional(
                &S3_GET_BUCKET_POLICY,
                r,
                &["NoSuchBucketPolicy"],
                out,
                |out| out.policy,
            );
            parse_policy(section, &name)
        },
        async {
            let out = s3.get_bucket_policy_status().bucket(&name).send().await;
            optional(
                &S3_GET_BUCKET_POLICY_STATUS,
                r,
                &["NoSuchBucketPolicy"],
                out,
                |out| {
                    Some(PolicyStatus {
                        is_public: out.policy_status?.is_public.unwrap_or(false),
                    })
                },
            )
        },
        async {
            let out = s3.get_public_access_block().bucket(&name).send().await;
            optional(
                &S3_GET_PUBLIC_ACCESS_BLOCK,
                r,
                &["NoSuchPublicAccessBlockConfiguration"],
                out,
                |out| {
                    out.public_access_block_configuration
                        .map(|p| PublicAccessBlock {
                            block_public_acls: p.block_public_acls.unwrap_or(false),
                            ignore_public_acls: p.ignore_public_acls.unwrap_or(false),
                            block_public_policy: p.block_public_policy.unwrap_or(false),
                            restrict_public_buckets: p.restrict_public_buckets.unwrap_or(false),
                        })
                },
            )
        },
        async {
            let out = s3.get_bucket_versioning().bucket(&name).send().await;
            section(&S3_GET_BUCKET_VERSIONING, r, out, |out| Versioning {
                status: out.status.map(|s| s.as_str().to_string()),
                mfa_delete: out.mfa_delete.map(|s| s.as_str().to_string()),
            })
        },
        async {
            let out = s3
                .get_object_lock_configuration()
                .bucket(&name)
                .send()
                .await;
            optional(
                &S3_GET_OBJECT_LOCK,
                r,
                &["ObjectLockConfigurationNotFoundError"],
                out,
                |out| {
                    let conf = out.object_lock_configuration?;
                    Some(ObjectLock {
                        object_lock_enabled: conf
                            .object_lock_enabled
                            .map(|e| e.as_str().to_string())
                            .unwrap_or_else(|| "Disabled".into()),
                        default_retention_mode: conf
                            .rule
                            .and_then(|r| r.default_retention)
                            .and_then(|d| d.mode)
                            .map(|m| m.as_str().to_string()),
                    })
                },
            )
        },
    );
    Bucket {
        name: name.clone(),
        region: region.clone(),
        creation_date,
        encryption: Some(encryption),
        policy: Some(policy),
        policy_status: Some(policy_status),
        public_access_block: Some(pab),
        versioning: Some(versioning),
        object_lock: Some(object_lock),
    }
}

/// The policy text into a normalised document; an unreadable policy is an error, never "no
/// policy".
fn parse_policy(s: Section<Option<String>>, bucket: &str) -> Section<Option<PolicyDocument>> {
    match s {
        Section::Data { source, data: None } => Section::Data { source, data: None },
        Section::Data {
            source,
            data: Some(text),
        } => match serde_json::from_str::<PolicyDocument>(&text) {
            Ok(doc) => Section::Data {
                source,
                data: Some(doc),
            },
            Err(e) => Section::Error(SectionError {
                reason: ErrorReason::Other,
                action: S3_GET_BUCKET_POLICY.action.to_string(),
                message: format!("the policy of bucket {bucket} is not valid: {e}"),
            }),
        },
        Section::Error(e) => Section::Error(e),
    }
}
