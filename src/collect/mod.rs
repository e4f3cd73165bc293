//! The collector: a read-only scan of one account or a whole AWS Organization into a
//! `caliper.snapshot/v1`. Knows the AWS SDK, credentials, regions and retries; knows nothing of
//! checks or reports.
//!
//! Every call goes through a client that carries the [`guard::ReadOnly`] interceptor, and every
//! failed call becomes an error entry in its section: a scan with errors still yields a whole
//! snapshot, and the engine turns those entries into `error` findings.

pub mod aws;
mod delivery;
mod edges;
pub mod guard;
mod iam;
mod org;
mod regional;
mod s3;
mod services;

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context, Result, bail};
use aws_config::{BehaviorVersion, Region as AwsRegion, SdkConfig};
use aws_credential_types::Credentials;
use aws_credential_types::provider::{
    ProvideCredentials, SharedCredentialsProvider, error::CredentialsError, future,
};
use aws_smithy_types::retry::RetryConfig;
use aws_smithy_types::timeout::TimeoutConfig;
use futures_util::{StreamExt, stream};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::model::faults::account_faults;
use crate::model::snapshot::{
    Account, Collection, Organization, Region, SNAPSHOT_SCHEMA, Snapshot, Tool, Trail,
};
use crate::model::{ErrorReason, Section, SectionError};
use guard::{CallLog, ReadOnly};

pub use guard::{iam_policy, permissions_markdown, role_template};

/// Which regions to scan in each account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Regions {
    /// The regions enabled for the account (ec2:DescribeRegions).
    Enabled,
    /// Every region AWS offers the account; the ones not enabled are recorded as disabled.
    All,
    /// These regions; any the account has not enabled is recorded as disabled.
    These(Vec<String>),
}

#[derive(Debug, Clone)]
pub struct Options {
    pub profile: Option<String>,
    pub regions: Regions,
    pub org: bool,
    pub accounts: Vec<String>,
    pub exclude_accounts: Vec<String>,
    pub role_name: String,
    pub external_id: Option<String>,
    pub endpoint_url: Option<String>,
    /// Accounts collected at once.
    pub concurrency: usize,
    /// Show a progress bar on stderr (only drawn when stderr is a terminal).
    pub progress: bool,
    /// Days of CloudTrail write events to search for console changes (REL-001).
    pub console_change_days: i64,
    /// Read Cost Explorer in the management account (billed per request).
    pub cost_explorer: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            profile: None,
            regions: Regions::Enabled,
            org: false,
            accounts: Vec::new(),
            exclude_accounts: Vec::new(),
            role_name: "OrganizationAccountAccessRole".into(),
            external_id: None,
            endpoint_url: None,
            concurrency: 8,
            progress: true,
            console_change_days: 30,
            cost_explorer: false,
        }
    }
}

/// SDK clients for one account, each guarded by the read-only interceptor.
pub struct Clients {
    sdk: SdkConfig,
    log: Arc<CallLog>,
    options: Arc<Options>,
    home: String,
}

macro_rules! client {
    ($self:ident, $krate:ident, $name:literal, $region:expr) => {{
        let conf = $krate::config::Builder::from(&$self.sdk)
            .interceptor(ReadOnly::new($name, $self.log.clone()))
            .region($krate::config::Region::new($region.to_string()))
            .build();
        $krate::Client::from_conf(conf)
    }};
}

impl Clients {
    /// The region for global services and listings.
    pub fn home_region(&self) -> &str {
        &self.home
    }
    fn sts(&self) -> aws_sdk_sts::Client {
        client!(self, aws_sdk_sts, "sts", self.home)
    }
    fn organizations(&self) -> aws_sdk_organizations::Client {
        client!(self, aws_sdk_organizations, "organizations", self.home)
    }
    fn iam(&self) -> aws_sdk_iam::Client {
        client!(self, aws_sdk_iam, "iam", self.home)
    }
    fn account(&self) -> aws_sdk_account::Client {
        client!(self, aws_sdk_account, "account", self.home)
    }
    fn s3(&self, region: &str) -> aws_sdk_s3::Client {
        let conf = aws_sdk_s3::config::Builder::from(&self.sdk)
            .interceptor(ReadOnly::new("s3", self.log.clone()))
            .region(aws_sdk_s3::config::Region::new(region.to_string()))
            // Emulators serve every bucket from one host.
            .force_path_style(self.options.endpoint_url.is_some())
            .build();
        aws_sdk_s3::Client::from_conf(conf)
    }
    fn s3control(&self) -> aws_sdk_s3control::Client {
        let mut conf = aws_sdk_s3control::config::Builder::from(&self.sdk)
            .interceptor(ReadOnly::new("s3control", self.log.clone()))
            .region(aws_sdk_s3control::config::Region::new(self.home.clone()));
        if let Some(url) = &self.options.endpoint_url {
            // S3 Control puts the account id in front of the host, which a loopback emulator
            // cannot serve: send it to the endpoint as given.
            conf = conf.endpoint_resolver(FixedEndpoint(url.clone()));
        }
        aws_sdk_s3control::Client::from_conf(conf.build())
    }
    fn ec2(&self, region: &str) -> aws_sdk_ec2::Client {
        client!(self, aws_sdk_ec2, "ec2", region)
    }
    fn kms(&self, region: &str) -> aws_sdk_kms::Client {
        client!(self, aws_sdk_kms, "kms", region)
    }
    fn cloudtrail(&self, region: &str) -> aws_sdk_cloudtrail::Client {
        client!(self, aws_sdk_cloudtrail, "cloudtrail", region)
    }
    fn dynamodb(&self, region: &str) -> aws_sdk_dynamodb::Client {
        client!(self, aws_sdk_dynamodb, "dynamodb", region)
    }
    fn acm(&self, region: &str) -> aws_sdk_acm::Client {
        client!(self, aws_sdk_acm, "acm", region)
    }
    fn lambda(&self, region: &str) -> aws_sdk_lambda::Client {
        client!(self, aws_sdk_lambda, "lambda", region)
    }
    fn apigateway(&self, region: &str) -> aws_sdk_apigateway::Client {
        client!(self, aws_sdk_apigateway, "apigateway", region)
    }
    // API Gateway v2 signs as `apigateway` too; its operation names differ from v1's.
    fn apigatewayv2(&self, region: &str) -> aws_sdk_apigatewayv2::Client {
        client!(self, aws_sdk_apigatewayv2, "apigateway", region)
    }
    fn cloudfront(&self) -> aws_sdk_cloudfront::Client {
        client!(self, aws_sdk_cloudfront, "cloudfront", "us-east-1")
    }
    fn cloudwatch(&self, region: &str) -> aws_sdk_cloudwatch::Client {
        client!(self, aws_sdk_cloudwatch, "monitoring", region)
    }
    fn logs(&self, region: &str) -> aws_sdk_cloudwatchlogs::Client {
        client!(self, aws_sdk_cloudwatchlogs, "logs", region)
    }
    fn autoscaling(&self, region: &str) -> aws_sdk_autoscaling::Client {
        client!(self, aws_sdk_autoscaling, "autoscaling", region)
    }
    fn ssm(&self, region: &str) -> aws_sdk_ssm::Client {
        client!(self, aws_sdk_ssm, "ssm", region)
    }
    fn events(&self, region: &str) -> aws_sdk_eventbridge::Client {
        client!(self, aws_sdk_eventbridge, "events", region)
    }
    fn backup(&self, region: &str) -> aws_sdk_backup::Client {
        client!(self, aws_sdk_backup, "backup", region)
    }
    fn codepipeline(&self, region: &str) -> aws_sdk_codepipeline::Client {
        client!(self, aws_sdk_codepipeline, "codepipeline", region)
    }
    fn codebuild(&self, region: &str) -> aws_sdk_codebuild::Client {
        client!(self, aws_sdk_codebuild, "codebuild", region)
    }
    fn cloudformation(&self, region: &str) -> aws_sdk_cloudformation::Client {
        client!(self, aws_sdk_cloudformation, "cloudformation", region)
    }
    // The Resource Groups Tagging API signs as `tagging`; IAM names its actions `tag:`.
    fn tagging(&self, region: &str) -> aws_sdk_resourcegroupstagging::Client {
        client!(self, aws_sdk_resourcegroupstagging, "tagging", region)
    }
    fn directconnect(&self, region: &str) -> aws_sdk_directconnect::Client {
        client!(self, aws_sdk_directconnect, "directconnect", region)
    }
    fn budgets(&self) -> aws_sdk_budgets::Client {
        client!(self, aws_sdk_budgets, "budgets", "us-east-1")
    }
    fn costexplorer(&self) -> aws_sdk_costexplorer::Client {
        client!(self, aws_sdk_costexplorer, "ce", "us-east-1")
    }
    fn rds(&self, region: &str) -> aws_sdk_rds::Client {
        client!(self, aws_sdk_rds, "rds", region)
    }
    fn elbv2(&self, region: &str) -> aws_sdk_elasticloadbalancingv2::Client {
        // Named as AWS signs it (and as IAM prefixes its actions).
        client!(
            self,
            aws_sdk_elasticloadbalancingv2,
            "elasticloadbalancing",
            region
        )
    }
}

#[derive(Debug)]
struct FixedEndpoint(String);

impl aws_sdk_s3control::config::endpoint::ResolveEndpoint for FixedEndpoint {
    fn resolve_endpoint<'a>(
        &'a self,
        _params: &'a aws_sdk_s3control::config::endpoint::Params,
    ) -> aws_sdk_s3control::config::endpoint::EndpointFuture<'a> {
        aws_sdk_s3control::config::endpoint::EndpointFuture::ready(Ok(
            aws_smithy_types::endpoint::Endpoint::builder()
                .url(self.0.clone())
                .build(),
        ))
    }
}

/// Credentials from `sts:AssumeRole` into a member account, renewed before they expire.
#[derive(Debug)]
struct AssumedRole {
    sts: aws_sdk_sts::Client,
    role_arn: String,
    external_id: Option<String>,
    current: Mutex<Option<Credentials>>,
}

impl AssumedRole {
    async fn assume(&self) -> Result<Credentials, aws::Failure> {
        let out = self
            .sts
            .assume_role()
            .role_arn(&self.role_arn)
            .role_session_name("caliper")
            .set_external_id(self.external_id.clone())
            .send()
            .await
            .map_err(|e| aws::failure(&e))?;
        let c = out.credentials.ok_or_else(|| aws::Failure {
            code: None,
            reason: ErrorReason::Other,
            message: "AssumeRole returned no credentials".into(),
        })?;
        let creds = Credentials::new(
            c.access_key_id,
            c.secret_access_key,
            Some(c.session_token),
            SystemTime::try_from(c.expiration).ok(),
            "caliper-assume-role",
        );
        *self.current.lock().unwrap_or_else(|e| e.into_inner()) = Some(creds.clone());
        Ok(creds)
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let fresh = self
            .current
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .filter(|c| {
                c.expiry()
                    .is_some_and(|t| t > SystemTime::now() + Duration::from_secs(300))
            });
        match fresh {
            Some(c) => Ok(c),
            None => self.assume().await.map_err(|f| {
                CredentialsError::provider_error(format!(
                    "assuming {}: {}",
                    self.role_arn, f.message
                ))
            }),
        }
    }
}

impl ProvideCredentials for AssumedRole {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::new(self.load())
    }
}

/// The collected snapshot.
pub async fn collect(options: Options) -> Result<Snapshot> {
    let started = Instant::now();
    let collected_at = now_rfc3339();
    let options = Arc::new(Options {
        endpoint_url: options.endpoint_url.clone().or_else(|| {
            std::env::var("AWS_ENDPOINT_URL")
                .ok()
                .filter(|u| !u.is_empty())
        }),
        ..options
    });
    let log = Arc::new(CallLog::default());
    let base = base_config(&options).await;
    let home = base
        .region()
        .map(|r| r.to_string())
        .unwrap_or_else(|| "us-east-1".into());
    let caller = Clients {
        sdk: base.clone(),
        log: log.clone(),
        options: options.clone(),
        home: home.clone(),
    };
    let identity = caller
        .sts()
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| {
            anyhow::Error::new(crate::RuntimeError(format!(
                "cannot identify the caller's AWS account ({}); configure credentials \
                 (environment, --profile, SSO or an instance role) and check that AWS (or \
                 --endpoint-url) is reachable",
                aws::failure(&e).message
            )))
        })?;
    let caller_account = identity.account().unwrap_or_default().to_string();
    let partition = identity
        .arn()
        .and_then(|a| a.split(':').nth(1))
        .unwrap_or("aws")
        .to_string();

    // Which accounts: the organization's active ones, or the caller's, narrowed by the options.
    let (discovered, mut targets) = if options.org {
        let o = caller.organizations();
        let d = org::discover(&o).await.map_err(|(op, f)| {
            anyhow::Error::new(crate::RuntimeError(format!(
                "cannot list the organization's accounts: {} (needs {}; run from the management \
                 account or a delegated administrator, or scan without --org)",
                f.message, op.action
            )))
        })?;
        let ids: Vec<(String, Option<String>)> = d
            .accounts
            .iter()
            .filter(|a| a.status == "ACTIVE")
            .map(|a| (a.id.clone(), Some(a.name.clone())))
            .collect();
        (Some((d, (o, caller.iam()))), ids)
    } else if options.accounts.is_empty() {
        (None, vec![(caller_account.clone(), None)])
    } else {
        (
            None,
            options.accounts.iter().map(|a| (a.clone(), None)).collect(),
        )
    };
    if let Some((d, _)) = &discovered {
        for id in &options.accounts {
            let Some(a) = d.accounts.iter().find(|a| &a.id == id) else {
                bail!("account {id} (--accounts) is not in organization {}", d.id);
            };
            if a.status != "ACTIVE" {
                bail!("account {id} (--accounts) is {}, not ACTIVE", a.status);
            }
        }
        if !options.accounts.is_empty() {
            targets.retain(|(id, _)| options.accounts.contains(id));
        }
    }
    targets.retain(|(id, _)| !options.exclude_accounts.contains(id));
    if targets.is_empty() {
        bail!("no account left to scan (check --accounts and --exclude-accounts)");
    }

    let bar = progress_bar(&options, targets.len());
    let errors = Arc::new(Mutex::new(0usize));
    let ctx = &Ctx {
        base: &base,
        log: &log,
        options: &options,
        home: &home,
        caller_account: &caller_account,
        partition: &partition,
    };
    let mut accounts: Vec<Account> = stream::iter(targets)
        .map(|(id, name)| {
            let bar = bar.clone();
            let errors = errors.clone();
            async move {
                let collected = collect_account(ctx, id, name).await;
                let n = account_faults(&collected).len();
                let mut total = errors.lock().unwrap_or_else(|e| e.into_inner());
                *total += n;
                bar.set_message(format!("{} sections could not be read", *total));
                bar.inc(1);
                collected
            }
        })
        .buffer_unordered(options.concurrency.max(1))
        .collect()
        .await;
    bar.finish_and_clear();
    accounts.sort_by(|a, b| a.account_id.cmp(&b.account_id));

    let organization = match discovered {
        None => None,
        Some((d, (o, iam))) => {
            let scanned: Vec<String> = accounts.iter().map(|a| a.account_id.clone()).collect();
            let caller = Clients {
                sdk: base.clone(),
                log: log.clone(),
                options: options.clone(),
                home: home.clone(),
            };
            let (services, iam_features, account_tags, cost) = tokio::join!(
                org::enabled_services(&o),
                org::iam_features(&iam),
                org::account_tags(&o, &scanned),
                async {
                    match options.cost_explorer {
                        true => Some(delivery::cost_explorer(&caller).await),
                        false => None,
                    }
                },
            );
            let trails = organization_trails(&accounts, &d.management_account_id);
            Some(aws::data(
                &guard::ORG_LIST_ACCOUNTS,
                "global",
                Organization {
                    id: d.id,
                    management_account_id: d.management_account_id,
                    accounts: d.accounts,
                    ou_paths_error: d.ou_paths_error,
                    trails: Some(trails),
                    delegated_administrators: None,
                    enabled_services: Some(services),
                    iam_features: Some(iam_features),
                    account_tags: Some(account_tags),
                    cost_explorer: cost,
                },
            ))
        }
    };
    Ok(Snapshot {
        schema: SNAPSHOT_SCHEMA.to_string(),
        tool: Tool {
            name: "caliper".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        collected_at,
        organization,
        accounts,
        collection: Some(Collection {
            api_calls: log.snapshot(),
            refused_calls: log.refused(),
            elapsed_ms: started.elapsed().as_millis() as u64,
        }),
    })
}

struct Ctx<'a> {
    base: &'a SdkConfig,
    log: &'a Arc<CallLog>,
    options: &'a Arc<Options>,
    home: &'a str,
    caller_account: &'a str,
    partition: &'a str,
}

async fn base_config(options: &Options) -> SdkConfig {
    // Standard retries, not adaptive: adaptive mode's client-side rate limiter is shared by every
    // client of a service in the process, so throttling in one account slowed the calls to every
    // other account (a 4-account scan with 20 % faults took 50 s, against 8 s with standard
    // retries). Eight attempts from a 250 ms backoff (doubling, jittered, at most 20 s) retry a
    // reset or 5xx soon and still wait out a throttled API for about half a minute.
    let retry = RetryConfig::standard()
        .with_max_attempts(8)
        .with_initial_backoff(Duration::from_millis(250));
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .retry_config(retry)
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(5))
                .read_timeout(Duration::from_secs(60))
                .operation_attempt_timeout(Duration::from_secs(90))
                .build(),
        );
    if let Some(p) = &options.profile {
        loader = loader.profile_name(p);
    }
    if let Some(u) = &options.endpoint_url {
        loader = loader.endpoint_url(u);
    }
    let mut config = loader.load().await;
    if config.region().is_none() {
        config = config
            .into_builder()
            .region(AwsRegion::from_static("us-east-1"))
            .build();
    }
    config
}

fn progress_bar(options: &Options, total: usize) -> ProgressBar {
    if !options.progress || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("collecting {bar:30} {pos}/{len} accounts · {msg} · {elapsed}")
    {
        bar.set_style(style);
    }
    bar.set_message("0 sections could not be read");
    bar
}

/// One account: credentials (the caller's own, or the scan role), then IAM, contacts, S3 and
/// every region, concurrently. Never fails: what could not be read is recorded.
async fn collect_account(ctx: &Ctx<'_>, id: String, name: Option<String>) -> Account {
    let mut account = Account {
        account_id: id.clone(),
        name,
        error: None,
        iam: Default::default(),
        alternate_contacts: None,
        s3: Default::default(),
        regions: BTreeMap::new(),
        shadow_trails: None,
        cloudfront_distributions: None,
        budgets: None,
    };
    let sdk = if id == ctx.caller_account {
        ctx.base.clone()
    } else {
        let caller = Clients {
            sdk: ctx.base.clone(),
            log: ctx.log.clone(),
            options: ctx.options.clone(),
            home: ctx.home.to_string(),
        };
        let role_arn = format!(
            "arn:{}:iam::{id}:role/{}",
            ctx.partition, ctx.options.role_name
        );
        let provider = AssumedRole {
            sts: caller.sts(),
            role_arn: role_arn.clone(),
            external_id: ctx.options.external_id.clone(),
            current: Mutex::new(None),
        };
        if let Err(f) = provider.assume().await {
            account.error = Some(SectionError {
                denied_by: None,
                reason: f.reason,
                action: guard::STS_ASSUME_ROLE.action.into(),
                message: format!("cannot assume {role_arn}: {}", f.message),
            });
            return account;
        }
        ctx.base
            .to_builder()
            .credentials_provider(SharedCredentialsProvider::new(provider))
            .build()
    };
    let c = Clients {
        sdk,
        log: ctx.log.clone(),
        options: ctx.options.clone(),
        home: ctx.home.to_string(),
    };
    let (iam_client, account_client) = (c.iam(), c.account());
    let (iam, contacts, s3, regions, distributions, budgets) = tokio::join!(
        iam::collect(&iam_client),
        iam::alternate_contacts(&account_client),
        s3::collect(&c, &id),
        regions(&c),
        services::cloudfront(&c),
        delivery::budgets(&c, &id),
    );
    account.cloudfront_distributions = Some(distributions);
    account.budgets = Some(budgets);
    account.iam = iam;
    account.alternate_contacts = Some(contacts);
    account.s3 = s3;
    account.regions = regions;
    let scanned: Vec<&str> = account
        .regions
        .iter()
        .filter(|(_, r)| r.error.is_none())
        .map(|(name, _)| name.as_str())
        .collect();
    let listed: std::collections::BTreeSet<String> = account
        .regions
        .values()
        .flat_map(|r| crate::model::section::items(&r.cloudtrail.trails))
        .map(|t| t.trail_arn.clone())
        .collect();
    account.shadow_trails = regional::shadow_trails(&c, &scanned, &listed).await;
    account
}

/// The regions to read and those recorded as not readable, then every readable one collected.
async fn regions(c: &Clients) -> BTreeMap<String, Region> {
    let (readable, mut out) = plan_regions(c).await;
    let collected: Vec<(String, Region)> = stream::iter(readable)
        .map(|r| async move {
            let region = regional::collect(c, &r).await;
            (r, region)
        })
        .buffer_unordered(4)
        .collect()
        .await;
    out.extend(collected);
    out
}

async fn plan_regions(c: &Clients) -> (Vec<String>, BTreeMap<String, Region>) {
    let disabled = |message: String| Region {
        error: Some(SectionError {
            denied_by: None,
            reason: ErrorReason::RegionDisabled,
            action: guard::EC2_DESCRIBE_REGIONS.action.into(),
            message,
        }),
        ..Default::default()
    };
    let offered = c
        .ec2(c.home_region())
        .describe_regions()
        .all_regions(true)
        .send()
        .await;
    let offered: Vec<(String, bool)> = match offered {
        Ok(out) => out
            .regions()
            .iter()
            .filter_map(|r| {
                let name = r.region_name()?.to_string();
                let enabled = !matches!(r.opt_in_status(), Some("not-opted-in"));
                Some((name, enabled))
            })
            .collect(),
        Err(e) => {
            let f = aws::failure(&e);
            return match &c.options.regions {
                // The user named the regions: read them; a disabled one will fail on its own.
                Regions::These(list) => (list.clone(), BTreeMap::new()),
                _ => (
                    Vec::new(),
                    BTreeMap::from([(
                        "*".to_string(),
                        Region {
                            error: Some(f.into_error(&guard::EC2_DESCRIBE_REGIONS)),
                            ..Default::default()
                        },
                    )]),
                ),
            };
        }
    };
    let mut readable = Vec::new();
    let mut out = BTreeMap::new();
    match &c.options.regions {
        Regions::Enabled => {
            readable = offered
                .iter()
                .filter(|r| r.1)
                .map(|r| r.0.clone())
                .collect()
        }
        Regions::All => {
            for (name, enabled) in &offered {
                if *enabled {
                    readable.push(name.clone());
                } else {
                    out.insert(
                        name.clone(),
                        disabled(format!("region {name} is not enabled for this account")),
                    );
                }
            }
        }
        Regions::These(list) => {
            for name in list {
                match offered.iter().find(|r| &r.0 == name) {
                    Some((_, true)) => readable.push(name.clone()),
                    Some((_, false)) => {
                        out.insert(
                            name.clone(),
                            disabled(format!("region {name} is not enabled for this account")),
                        );
                    }
                    None => {
                        out.insert(
                            name.clone(),
                            disabled(format!("region {name} is not offered to this account (not in DescribeRegions)")),
                        );
                    }
                }
            }
        }
    }
    (readable, out)
}

/// The organization trails, read in the management account (its regional trail lists filtered to
/// `IsOrganizationTrail`, plus those homed in regions that were not scanned); an error when that
/// account's trails could not be read.
fn organization_trails(accounts: &[Account], management: &str) -> Section<Vec<Trail>> {
    let op = &guard::CLOUDTRAIL_DESCRIBE_TRAILS;
    let Some(mgmt) = accounts.iter().find(|a| a.account_id == management) else {
        return Section::Error(SectionError {
            denied_by: None,
            reason: ErrorReason::Other,
            action: op.action.into(),
            message: format!("the management account {management} was not scanned"),
        });
    };
    if let Some(e) = &mgmt.error {
        return Section::Error(e.clone());
    }
    let mut trails = Vec::new();
    for (name, region) in &mgmt.regions {
        if let Some(e) = &region.error {
            if e.reason != ErrorReason::RegionDisabled {
                return Section::Error(e.clone());
            }
            continue;
        }
        match &region.cloudtrail.trails {
            Some(Section::Data { data, .. }) => trails.extend(
                data.iter()
                    .filter(|t| t.is_organization_trail && &t.home_region == name)
                    .cloned(),
            ),
            Some(Section::Error(e)) => return Section::Error(e.clone()),
            None => {}
        }
    }
    // Organization trails homed in regions left out of the scan are among the management
    // account's shadow trails (read once, for every account).
    match &mgmt.shadow_trails {
        Some(Section::Data { data, .. }) => {
            trails.extend(data.iter().filter(|t| t.is_organization_trail).cloned())
        }
        // Unknown whether an unscanned region holds one; with one found, members are covered.
        Some(Section::Error(e)) if trails.is_empty() => return Section::Error(e.clone()),
        Some(Section::Error(_)) | None => {}
    }
    aws::data(op, "global", trails)
}

fn now_rfc3339() -> String {
    aws::time(&aws_smithy_types::DateTime::from(SystemTime::now()))
}

/// Runs [`collect`] on a tokio runtime of its own.
pub fn collect_blocking(options: Options) -> Result<Snapshot> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?
        .block_on(collect(options))
}
