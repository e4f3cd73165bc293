//! `caliper.toml`: the partner profile and the thresholds checks judge against.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::findings::Severity;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub profile: Profile,
    #[serde(default)]
    pub contacts: Contacts,
    #[serde(default)]
    pub thresholds: Thresholds,
    /// Lowest severity whose failures make the exit code 1 (default `high`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_on: Option<Severity>,
    /// A directory of attestation files (`*.toml`), relative to this file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attestations: Option<std::path::PathBuf>,
    #[serde(default, skip_serializing_if = "SopConfig::is_empty")]
    pub sop: SopConfig,
    /// Accepted failures, each with a reason, an owner and an expiry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waivers: Vec<super::waiver::Waiver>,
    /// Which accounts are workloads and which production (see `model::workloads`); without it, a
    /// default rule reads names, OU paths and `Environment` tags.
    #[serde(
        default,
        skip_serializing_if = "super::workloads::WorkloadsConfig::is_default"
    )]
    pub workloads: super::workloads::WorkloadsConfig,
    /// Recovery objectives per workload (REL-002), as recommended to the customer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recovery: Vec<RecoveryObjective>,
}

/// One workload's recovery objectives: targets in hours, or why none were defined.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecoveryObjective {
    pub workload: String,
    /// The production accounts it runs in; empty: every production account.
    #[serde(default)]
    pub accounts: Vec<String>,
    /// Recovery point objective: at most this many hours of data may be lost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rpo_hours: Option<f64>,
    /// Recovery time objective: service is back within this many hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rto_hours: Option<f64>,
    /// Why no targets were defined (the customer declined, ...), instead of the targets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exception: Option<String>,
}

/// The SOP documents (`caliper sop`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SopConfig {
    /// Controls whose built-in standard procedure the partner has reviewed and adopted; the
    /// others carry a "default text, not yet reviewed" notice.
    #[serde(default)]
    pub reviewed: Vec<String>,
}

impl SopConfig {
    fn is_empty(&self) -> bool {
        self.reviewed.is_empty()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contacts {
    /// Domains of the customer's (or partner's) own mail; root and alternate contact addresses
    /// must be at one of them. Empty: only public mail providers fail.
    #[serde(default)]
    pub corporate_domains: Vec<String>,
    /// Mail providers that mark an address as personal.
    #[serde(default = "public_mail_providers")]
    pub public_mail_providers: Vec<String>,
}

impl Default for Contacts {
    fn default() -> Self {
        Contacts {
            corporate_domains: Vec::new(),
            public_mail_providers: public_mail_providers(),
        }
    }
}

fn public_mail_providers() -> Vec<String> {
    [
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "ymail.com",
        "icloud.com",
        "me.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "gmx.de",
        "web.de",
        "mail.com",
        "yandex.com",
        "qq.com",
        "163.com",
        "yahoo.co.uk",
        "yahoo.fr",
        "yahoo.de",
        "yahoo.co.jp",
        "hotmail.co.uk",
        "hotmail.fr",
        "hotmail.de",
        "outlook.de",
        "outlook.fr",
        "live.co.uk",
        "gmx.net",
        "gmx.at",
        "pm.me",
        "protonmail.ch",
        "mail.ru",
        "yandex.ru",
        "zoho.com",
        "zohomail.com",
        "tutanota.com",
        "tuta.io",
        "fastmail.com",
        "hey.com",
        "126.com",
        "naver.com",
        "orange.fr",
        "free.fr",
        "t-online.de",
        "libero.it",
    ]
    .map(String::from)
    .to_vec()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Thresholds {
    /// Active access keys older than this fail.
    pub access_key_max_age_days: i64,
    /// Root use within this many days is reported as recent use.
    pub root_recent_use_days: i64,
    /// Ports that must never be open to the world.
    pub admin_ports: Vec<i64>,
    /// Ports that may be open to the world (public front ends).
    pub public_ports: Vec<i64>,
    pub password_min_length: i64,
    pub password_reuse_prevention: i64,
    /// Load balancer TLS policies allowed on HTTPS and TLS listeners. Empty (the default): any
    /// policy that allows no TLS version older than 1.2.
    pub elb_ssl_policies: Vec<String>,
    /// ACM certificates that expire within this many days of the snapshot fail.
    pub certificate_expiry_days: i64,
    /// RDS automated backups in production keep at least this many days.
    pub rds_backup_retention_days: i64,
    /// Tags that mark a resource as made by automation (REL-001): `Key` (any value) or
    /// `Key=Value`, compared without case. Resources in a CloudFormation stack, and those
    /// carrying tags AWS sets for CloudFormation, Auto Scaling, Service Catalog, Elastic
    /// Beanstalk, EKS, ECS, Batch and EMR, count without them.
    pub iac_marker_tags: Vec<String>,
    /// Recovery from the loss of an Availability Zone by restoring a single-AZ database takes
    /// at least this many minutes: a recovery time objective below it needs Multi-AZ (REL-002).
    pub single_az_restore_minutes: i64,
    /// CodeBuild projects that run tests from a Build action (OPE-003): CodeBuild actions are
    /// in the Build category unless a pipeline says Test.
    pub test_build_projects: Vec<String>,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            access_key_max_age_days: 90,
            root_recent_use_days: 90,
            admin_ports: vec![22, 3389],
            public_ports: vec![80, 443],
            password_min_length: 14,
            password_reuse_prevention: 24,
            elb_ssl_policies: Vec::new(),
            certificate_expiry_days: 30,
            rds_backup_retention_days: 7,
            iac_marker_tags: [
                "terraform",
                "ManagedBy=terraform",
                "managed-by=terraform",
                "managed_by=terraform",
                "ManagedBy=pulumi",
                "ManagedBy=cdk",
                "ManagedBy=cloudformation",
            ]
            .map(String::from)
            .to_vec(),
            single_az_restore_minutes: 60,
            test_build_projects: Vec::new(),
        }
    }
}
