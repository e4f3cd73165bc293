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
            out.public_access_block_configuration.map(|p| {
                pab([
                    p.block_public_acls,
                    p.ignore_public_acls,
                    p.block_public_policy,
                    p.restrict_public_buckets,
                ])
            })
        },
    )
}

/// A public access block (S3 and S3 Control return the same four flags in different types);
/// an unset flag is off.
fn pab([acls, ignore, policy, restrict]: [Option<bool>; 4]) -> PublicAccessBlock {
    PublicAccessBlock {
        block_public_acls: acls.unwrap_or(false),
        ignore_public_acls: ignore.unwrap_or(false),
        block_public_policy: policy.unwrap_or(false),
        restrict_public_buckets: restrict.unwrap_or(false),
    }
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
                replication: Some(Section::Error(e.clone())),
                object_lock: Some(Section::Error(e)),
            };
        }
    };
    let s3 = c.s3(&region);
    let r = region.as_str();
    let (encryption, policy, policy_status, pab, versioning, object_lock, replication) = tokio::join!(
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
            let section = optional(
                &S3_GET_BUCKET_POLICY_STATUS,
                r,
                &["NoSuchBucketPolicy"],
                out,
                |out| Some(out.policy_status.and_then(|s| s.is_public)),
            );
            policy_status(section, &name)
        },
        async {
            let out = s3.get_public_access_block().bucket(&name).send().await;
            optional(
                &S3_GET_PUBLIC_ACCESS_BLOCK,
                r,
                &["NoSuchPublicAccessBlockConfiguration"],
                out,
                |out| {
                    out.public_access_block_configuration.map(|p| {
                        pab([
                            p.block_public_acls,
                            p.ignore_public_acls,
                            p.block_public_policy,
                            p.restrict_public_buckets,
                        ])
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
                    let retention = conf.rule.and_then(|r| r.default_retention);
                    Some(ObjectLock {
                        object_lock_enabled: conf
                            .object_lock_enabled
                            .map(|e| e.as_str().to_string())
                            .unwrap_or_else(|| "Disabled".into()),
                        default_retention_mode: retention
                            .as_ref()
                            .and_then(|d| d.mode.as_ref())
                            .map(|m| m.as_str().to_string()),
                        default_retention_days: retention
                            .as_ref()
                            .and_then(|d| d.days)
                            .map(i64::from),
                        default_retention_years: retention
                            .as_ref()
                            .and_then(|d| d.years)
                            .map(i64::from),
                    })
                },
            )
        },
        async {
            let out = s3.get_bucket_replication().bucket(&name).send().await;
            optional(
                &S3_GET_BUCKET_REPLICATION,
                r,
                &["ReplicationConfigurationNotFoundError"],
                out,
                |out| {
                    let conf = out.replication_configuration?;
                    Some(Replication {
                        rules: conf
                            .rules
                            .iter()
                            .map(|rule| ReplicationRule {
                                status: rule.status.as_str().to_string(),
                                destination_bucket: rule
                                    .destination
                                    .as_ref()
                                    .map(|d| d.bucket.clone())
                                    .unwrap_or_default(),
                            })
                            .collect(),
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
        replication: Some(replication),
    }
}

/// The policy text into a normalised document; an unreadable policy is an error, never "no
/// policy".
fn parse_policy(s: Section<Option<String>>, bucket: &str) -> Section<Option<PolicyDocument>> {
    refine(s, &S3_GET_BUCKET_POLICY, |text| {
        serde_json::from_str(&text)
            .map_err(|e| format!("the policy of bucket {bucket} is not valid: {e}"))
    })
}

/// The policy status; an answer without `PolicyStatus.IsPublic` says nothing about the bucket, so
/// it is an error, never "not public".
fn policy_status(s: Section<Option<Option<bool>>>, bucket: &str) -> Section<Option<PolicyStatus>> {
    refine(s, &S3_GET_BUCKET_POLICY_STATUS, |is_public| {
        is_public
            .map(|is_public| PolicyStatus { is_public })
            .ok_or_else(|| {
                format!("GetBucketPolicyStatus for bucket {bucket} answered without PolicyStatus.IsPublic")
            })
    })
}

/// A configured answer turned into its model by `f`. An answer `f` cannot read is an error entry
/// naming `op`'s action, never a default; "not configured" stays data.
fn refine<T, U>(
    s: Section<Option<T>>,
    op: &Op,
    f: impl FnOnce(T) -> Result<U, String>,
) -> Section<Option<U>> {
    match s {
        Section::Data { source, data } => match data.map(f).transpose() {
            Ok(data) => Section::Data { source, data },
            Err(message) => Section::Error(SectionError {
                denied_by: None,
                reason: ErrorReason::Other,
                action: op.action.to_string(),
                message,
            }),
        },
        Section::Error(e) => Section::Error(e),
    }
}

/// Bucket reading against recorded S3 responses (the XML AWS returns), served from loopback:
/// the paths moto cannot play (it answers GetBucketVersioning with a document the SDK rejects)
/// and every "not configured" answer.
#[cfg(test)]
mod tests {
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;
    use std::sync::Arc;

    use aws_config::{BehaviorVersion, SdkConfig};
    use aws_credential_types::Credentials;
    use aws_credential_types::provider::SharedCredentialsProvider;

    use super::*;
    use crate::collect::guard::CallLog;
    use crate::collect::{Clients, Options};

    const NS: &str = "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";

    fn error(status: u16, code: &str) -> (u16, String) {
        (
            status,
            format!("<Error><Code>{code}</Code><Message>recorded</Message></Error>"),
        )
    }

    /// The recorded answer for `bucket` and the sub-resource asked for.
    fn answer(bucket: &str, query: &str) -> (u16, String) {
        let locked = bucket == "locked";
        match query {
            "versioning" if locked => (200, format!("<VersioningConfiguration {NS}><Status>Enabled</Status><MfaDelete>Enabled</MfaDelete></VersioningConfiguration>")),
            "versioning" => (200, format!("<VersioningConfiguration {NS}/>")),
            "encryption" if locked => (200, format!("<ServerSideEncryptionConfiguration {NS}><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm><KMSMasterKeyID>arn:aws:kms:us-east-1:111111111111:key/k1</KMSMasterKeyID></ApplyServerSideEncryptionByDefault><BucketKeyEnabled>true</BucketKeyEnabled></Rule></ServerSideEncryptionConfiguration>")),
            "encryption" => error(404, "ServerSideEncryptionConfigurationNotFoundError"),
            "policy" if locked => (200, r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::locked/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}}"#.to_string()),
            "policy" if bucket == "denied" => error(403, "AccessDenied"),
            "policy" if bucket == "garbled" => (200, r#"{"Statement": "#.to_string()),
            "policyStatus" if locked => (200, format!("<PolicyStatus {NS}><IsPublic>false</IsPublic></PolicyStatus>")),
            // An answer that says nothing about publicity.
            "policyStatus" if bucket == "vague" => (200, format!("<PolicyStatus {NS}/>")),
            "policy" | "policyStatus" => error(404, "NoSuchBucketPolicy"),
            "publicAccessBlock" if locked => (200, format!("<PublicAccessBlockConfiguration {NS}><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>")),
            "publicAccessBlock" => error(404, "NoSuchPublicAccessBlockConfiguration"),
            "object-lock" if locked => (200, format!("<ObjectLockConfiguration {NS}><ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule><DefaultRetention><Mode>COMPLIANCE</Mode><Days>365</Days></DefaultRetention></Rule></ObjectLockConfiguration>")),
            "object-lock" => error(404, "ObjectLockConfigurationNotFoundError"),
            _ => error(400, "Unexpected"),
        }
    }

    fn serve() -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).unwrap() == 0 || h == "\r\n" {
                        break;
                    }
                }
                // "GET /bucket?versioning HTTP/1.1"
                let target = line.split(' ').nth(1).unwrap_or_default();
                let (path, query) = target.split_once('?').unwrap_or((target, ""));
                let query = query.split(['=', '&']).next().unwrap_or_default();
                let (status, body) = answer(path.trim_matches('/'), query);
                let mut stream = stream;
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\ncontent-type: application/xml\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        url
    }

    fn read(name: &str) -> Bucket {
        let url = serve();
        let sdk = SdkConfig::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(aws_config::Region::new("us-east-1"))
            .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
                "AKID", "secret", None, None, "test",
            )))
            .endpoint_url(&url)
            .build();
        let clients = Clients {
            sdk,
            log: Arc::new(CallLog::default()),
            options: Arc::new(Options {
                endpoint_url: Some(url),
                ..Options::default()
            }),
            home: "us-east-1".into(),
        };
        let listed = aws_sdk_s3::types::Bucket::builder()
            .name(name)
            .bucket_region("us-east-1")
            .build();
        tokio::runtime::Runtime::new()
            .unwrap()
            .block_on(bucket(&clients, listed))
    }

    /// The data of a section that must have been read and configured.
    fn configured<T>(s: &Option<Section<Option<T>>>) -> &T {
        s.as_ref()
            .and_then(Section::data)
            .unwrap()
            .as_ref()
            .unwrap()
    }

    #[test]
    fn a_policy_status_without_is_public_is_an_error_not_not_public() {
        let b = read("vague");
        let e = b.policy_status.as_ref().and_then(Section::error).unwrap();
        assert_eq!(e.reason, ErrorReason::Other);
        assert_eq!(e.action, "s3:GetBucketPolicyStatus");
        assert!(e.message.contains("IsPublic"), "{}", e.message);
    }

    #[test]
    fn an_unreadable_policy_is_an_error_not_no_policy() {
        let b = read("garbled");
        let e = b.policy.as_ref().and_then(Section::error).unwrap();
        assert_eq!(e.reason, ErrorReason::Other);
        assert_eq!(e.action, "s3:GetBucketPolicy");
        assert!(e.message.contains("garbled is not valid"), "{}", e.message);
    }

    #[test]
    fn a_protected_bucket_is_read_in_full() {
        let b = read("locked");
        let versioning = b.versioning.as_ref().and_then(Section::data).unwrap();
        assert_eq!(versioning.status.as_deref(), Some("Enabled"));
        assert_eq!(versioning.mfa_delete.as_deref(), Some("Enabled"));
        let enc = configured(&b.encryption);
        assert_eq!(enc.sse_algorithm, "aws:kms");
        assert!(enc.bucket_key_enabled);
        let policy = configured(&b.policy);
        assert_eq!(policy.statement[0].action, vec!["s3:*"]);
        let status = configured(&b.policy_status);
        assert!(!status.is_public);
        let lock = configured(&b.object_lock);
        assert_eq!(lock.default_retention_mode.as_deref(), Some("COMPLIANCE"));
        let pab = configured(&b.public_access_block);
        assert!(pab.block_public_policy && pab.restrict_public_buckets);
    }

    #[test]
    fn not_configured_answers_are_data_not_errors() {
        let b = read("bare");
        for (what, section) in [
            (
                "encryption",
                b.encryption.as_ref().map(|s| s.data().map(Option::is_none)),
            ),
            (
                "policy",
                b.policy.as_ref().map(|s| s.data().map(Option::is_none)),
            ),
            (
                "policy_status",
                b.policy_status
                    .as_ref()
                    .map(|s| s.data().map(Option::is_none)),
            ),
            (
                "public_access_block",
                b.public_access_block
                    .as_ref()
                    .map(|s| s.data().map(Option::is_none)),
            ),
            (
                "object_lock",
                b.object_lock
                    .as_ref()
                    .map(|s| s.data().map(Option::is_none)),
            ),
        ] {
            assert_eq!(section, Some(Some(true)), "{what}");
        }
        let versioning = b.versioning.as_ref().and_then(Section::data).unwrap();
        assert_eq!(versioning.status, None, "never versioned");
    }

    #[test]
    fn a_denied_policy_is_an_error_naming_the_action() {
        let b = read("denied");
        let e = b.policy.as_ref().and_then(Section::error).unwrap();
        assert_eq!(e.reason, ErrorReason::AccessDenied);
        assert_eq!(e.action, "s3:GetBucketPolicy");
        // The rest of the bucket is still read.
        assert!(b.versioning.as_ref().and_then(Section::data).is_some());
    }
}
