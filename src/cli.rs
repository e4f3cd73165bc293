//! The command line as clap parses it: commands, their arguments and the checks on their values.

use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand, ValueEnum};

use caliper::bundle;
use caliper::collect;
use caliper::engine::DEFAULT_FRAMEWORK;
use caliper::model::Severity;
use caliper::report::Format;

#[derive(Parser)]
#[command(
    name = "caliper",
    version,
    about = "Read-only AWS Organization compliance evidence for the AWS Partner SDP/Competency controls"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(clap::Args)]
pub struct JudgeArgs {
    /// A `caliper.snapshot/v1` file.
    #[arg(long)]
    pub snapshot: PathBuf,
    #[command(flatten)]
    pub rules: RuleArgs,
}

/// How findings are judged (shared by evaluate and scan).
#[derive(clap::Args)]
pub struct RuleArgs {
    /// caliper.toml: profile, corporate mail domains, thresholds, fail-on.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// A directory of custom checks (`*.rego`) and frameworks (`*.toml`) added to the built-in ones.
    #[arg(long)]
    pub controls: Option<PathBuf>,
    /// The framework whose controls the findings are mapped to.
    #[arg(long, default_value = DEFAULT_FRAMEWORK)]
    pub framework: String,
    /// Lowest severity whose failures give exit code 1 (overrides caliper.toml; default high).
    #[arg(long)]
    pub fail_on: Option<Severity>,
    /// A directory of attestation files for the manual parts (overrides `attestations` in
    /// caliper.toml; `caliper attest` writes them).
    #[arg(long)]
    pub attestations: Option<PathBuf>,
    /// An earlier findings.json: --fail-on then gates only on failures it does not have
    /// (errors still give exit 3).
    #[arg(long)]
    pub baseline: Option<PathBuf>,
}

// Parsed once per run: the size of the largest variant costs nothing worth boxing for.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
pub enum Command {
    /// Judge a snapshot: write findings.json.
    Evaluate {
        #[command(flatten)]
        judge: JudgeArgs,
        /// Where to write the findings (JSON).
        #[arg(long)]
        out: PathBuf,
    },
    /// Render findings as a report: md (Markdown), html (one self-contained file), pdf, or json
    /// (the report model the templates read).
    Report {
        #[arg(long)]
        findings: PathBuf,
        #[arg(long, default_value = "md")]
        format: Format,
        #[arg(long)]
        out: PathBuf,
    },
    /// Collect (or read --snapshot), evaluate, and write snapshot.json, findings.json and the
    /// reports (report.md, report.html, ...) into a directory.
    Scan {
        /// Judge this snapshot instead of collecting one.
        #[arg(long, conflicts_with_all = ["org", "accounts", "regions", "all_regions", "endpoint_url", "profile"])]
        snapshot: Option<PathBuf>,
        #[command(flatten)]
        collect: CollectArgs,
        #[command(flatten)]
        rules: RuleArgs,
        /// Report formats written as report.<ext>, comma-separated: md, html, pdf, json.
        #[arg(long, value_delimiter = ',', default_value = "md,html")]
        format: Vec<Format>,
        /// Also pack the output directory into this evidence bundle (see `caliper bundle`).
        #[arg(long)]
        bundle: Option<PathBuf>,
        #[command(flatten)]
        signing: SignArgs,
        /// Output directory (created if missing).
        #[arg(long)]
        out: PathBuf,
    },
    /// Draw the architecture diagrams of a snapshot (DOC-001): one SVG per account with a VPC
    /// (and per VPC of more than 24 subnets) and inventory.json, the laid-out inventory.
    Diagram {
        #[arg(long)]
        snapshot: PathBuf,
        /// Output directory (created if missing).
        #[arg(long)]
        out: PathBuf,
    },
    /// Pack a scan directory into a deterministic evidence bundle (zip) with SHA256SUMS, a
    /// manifest, a README for the auditor and, with --sign-key, an OpenSSH signature.
    Bundle {
        /// A directory written by `caliper scan`.
        #[arg(long)]
        scan: PathBuf,
        #[command(flatten)]
        signing: SignArgs,
        #[arg(long)]
        out: PathBuf,
    },
    /// Check an evidence bundle: every file against SHA256SUMS and the signature. Exit 0 intact,
    /// 1 tampered or wrongly signed, 2 unreadable.
    Verify {
        bundle: PathBuf,
        /// The partner's public key (KEY.pub), obtained by another channel than the bundle.
        #[arg(long, conflicts_with = "allowed_signers")]
        public_key: Option<PathBuf>,
        /// An OpenSSH allowed_signers file holding the partner's key.
        #[arg(long)]
        allowed_signers: Option<PathBuf>,
    },
    /// Compare two findings files by finding id: new failures, fixed, changed, unchanged. Exit 1
    /// only when NEW has unwaived failures at or above --fail-on that OLD does not have.
    Diff {
        old: PathBuf,
        new: PathBuf,
        #[arg(long, value_enum, default_value = "md")]
        format: DiffFormat,
        /// Lowest severity that gates (default: NEW's fail_on).
        #[arg(long)]
        fail_on: Option<Severity>,
        /// Write here instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Write an OpenSSH ed25519 key pair for signing bundles: KEY (mode 0600) and KEY.pub.
    Keygen {
        #[arg(long)]
        out: PathBuf,
        /// The key's comment (e.g. who signs).
        #[arg(long, default_value = "caliper-evidence")]
        comment: String,
    },
    /// Read an AWS account or a whole Organization (read-only) into a snapshot file.
    ///
    /// Credentials come from the standard AWS chain (environment, --profile, SSO, instance or
    /// container role). Only Describe/List/Get operations are called; any other operation is
    /// refused before it is sent (see `caliper policy`). What cannot be read is recorded in the
    /// snapshot with the reason and the IAM action, and becomes `error` findings.
    Collect {
        #[command(flatten)]
        collect: CollectArgs,
        /// Where to write the snapshot (JSON).
        #[arg(long)]
        out: PathBuf,
    },
    /// Print the least-privilege IAM policy the collector needs, or the member-account role
    /// template.
    Policy {
        /// Print a CloudFormation template (StackSet-ready) for the role caliper assumes in each
        /// member account, trusted by the scanning account, with an optional external id.
        #[arg(long)]
        role_template: bool,
        /// Write docs/permissions.md (the allowlist as a table) to this file instead.
        #[arg(long, conflicts_with = "role_template")]
        docs: Option<PathBuf>,
        /// The role name the scanning principal may assume (and the template creates).
        #[arg(long, default_value = "OrganizationAccountAccessRole")]
        role_name: String,
    },
    /// List, show, test and document checks and controls.
    Controls {
        #[command(subcommand)]
        command: ControlsCommand,
    },
    /// Write the SOP document of every control of the findings' framework: the requirement, the
    /// partner's standard procedure, and how it is implemented for the customer, from the
    /// findings.
    Sop {
        #[arg(long)]
        findings: PathBuf,
        /// caliper.toml: the partner profile and `[sop] reviewed`.
        #[arg(long)]
        config: Option<PathBuf>,
        /// `<CONTROL-ID>.md.tera` procedures that replace the built-in ones.
        #[arg(long)]
        templates: Option<PathBuf>,
        /// The custom checks and frameworks the findings were judged with, if any.
        #[arg(long)]
        controls: Option<PathBuf>,
        /// Formats, comma-separated: md, html, pdf.
        #[arg(long, value_delimiter = ',', default_value = "md")]
        format: Vec<Format>,
        /// Output directory (created if missing): one `<CONTROL-ID>.<ext>` per control.
        #[arg(long)]
        out: PathBuf,
    },
    /// Write an attestation file for a manual part of a control (e.g. ACCT-001.M1), so that
    /// `--attestations DIR` turns it into an attested pass or fail.
    Attest {
        /// The control, e.g. ACCT-001.
        #[arg(long)]
        control: String,
        /// The manual part, e.g. ACCT-001.M1 (`caliper controls show ACCT-001` lists them).
        #[arg(long)]
        part: String,
        #[arg(long, value_enum)]
        status: AttestStatus,
        /// Who attests (a named person, ideally with an e-mail address).
        #[arg(long)]
        owner: String,
        /// What was looked at and why the part is met (or not).
        #[arg(long)]
        justification: String,
        /// A URL, or a file (copied beside the attestation and recorded with its SHA-256).
        /// Repeatable.
        #[arg(long)]
        evidence: Vec<String>,
        /// The day of the attestation (default: today, UTC).
        #[arg(long)]
        date: Option<String>,
        /// The last day it counts (default: one year after --date).
        #[arg(long)]
        expires: Option<String>,
        /// The attestations directory to write into (created if missing).
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        controls: Option<PathBuf>,
        #[arg(long, default_value = DEFAULT_FRAMEWORK)]
        framework: String,
    },
    /// Write the JSON Schemas of the snapshot and findings documents.
    Schema {
        #[arg(long, default_value = "docs/schema")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum ControlsCommand {
    /// The framework's controls and the checks mapped to each.
    List {
        #[arg(long, value_enum, default_value = "text")]
        format: ListFormat,
        #[arg(long)]
        controls: Option<PathBuf>,
        #[arg(long, default_value = DEFAULT_FRAMEWORK)]
        framework: String,
    },
    /// One control (e.g. ACCT-001) or check (e.g. ec2.sg-admin-ports-open) in full.
    Show {
        id: String,
        #[arg(long)]
        controls: Option<PathBuf>,
        #[arg(long, default_value = DEFAULT_FRAMEWORK)]
        framework: String,
    },
    /// Run the Rego tests (`*_test.rego`) of DIR, or of the built-in controls.
    Test { dir: Option<PathBuf> },
    /// Generate the controls reference (Markdown).
    Docs {
        #[arg(long, default_value = "docs/controls")]
        out: PathBuf,
        #[arg(long, default_value = DEFAULT_FRAMEWORK)]
        framework: String,
    },
}

#[derive(clap::Args)]
pub struct SignArgs {
    /// Sign SHA256SUMS with this OpenSSH ed25519 private key (without a passphrase).
    #[arg(long)]
    pub sign_key: Option<PathBuf>,
    /// The signer's name in allowed_signers (one word; default: the key's comment, or `caliper`).
    #[arg(long, requires = "sign_key")]
    pub principal: Option<String>,
}

impl SignArgs {
    pub fn signer(&self) -> Result<Option<bundle::Signer>> {
        let Some(path) = &self.sign_key else {
            return Ok(None);
        };
        let key = bundle::load_signing_key(path)?;
        let principal = match &self.principal {
            Some(p) => p.clone(),
            None => Some(key.comment().to_string())
                .filter(|c| {
                    !c.is_empty()
                        && c.chars()
                            .all(|c| c.is_ascii_alphanumeric() || "@._+-".contains(c))
                })
                .unwrap_or_else(|| "caliper".to_string()),
        };
        bundle::check_principal(&principal)?;
        Ok(Some(bundle::Signer { key, principal }))
    }
}

#[derive(clap::Args)]
pub struct CollectArgs {
    /// AWS profile from ~/.aws/config (otherwise the standard credential chain).
    #[arg(long)]
    pub profile: Option<String>,
    /// Regions to scan, comma-separated (default: the regions enabled for each account). A
    /// region an account has not enabled is recorded as disabled for it.
    #[arg(long, value_delimiter = ',', conflicts_with = "all_regions")]
    pub regions: Vec<String>,
    /// Every region AWS offers; those an account has not enabled are recorded as disabled.
    #[arg(long)]
    pub all_regions: bool,
    /// Discover the accounts through AWS Organizations and scan every ACTIVE one (suspended
    /// accounts are listed, not scanned). Run with management-account credentials.
    #[arg(long)]
    pub org: bool,
    /// Scan only these account ids (comma-separated). Without --org, other accounts are entered
    /// through --role-name.
    #[arg(long, value_delimiter = ',')]
    pub accounts: Vec<String>,
    /// Skip these account ids (comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub exclude_accounts: Vec<String>,
    /// The role assumed in every account other than the caller's.
    #[arg(long, default_value = "OrganizationAccountAccessRole")]
    pub role_name: String,
    /// External id passed when assuming --role-name.
    #[arg(long)]
    pub external_id: Option<String>,
    /// Send every AWS call to this endpoint (an emulator such as moto); AWS_ENDPOINT_URL also works.
    #[arg(long)]
    pub endpoint_url: Option<String>,
    /// Accounts collected at the same time.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub concurrency: u16,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
    /// Days of CloudTrail write events searched for changes made in the console (REL-001),
    /// read with LookupEvents at its limit of 2 requests a second, at most 20 pages of 50
    /// events per account and region.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u16).range(1..=90))]
    pub console_change_days: u16,
    /// Also read Cost Explorer in the management account for COST-001: active cost allocation
    /// tags and 30 days of Savings Plans and reservation coverage. AWS bills each Cost Explorer
    /// request ($0.01; three per scan), so it is off by default.
    #[arg(long)]
    pub cost_explorer: bool,
}

impl CollectArgs {
    pub fn options(&self) -> Result<collect::Options> {
        for id in self.accounts.iter().chain(&self.exclude_accounts) {
            if id.len() != 12 || !id.bytes().all(|b| b.is_ascii_digit()) {
                anyhow::bail!("`{id}` is not an AWS account id (12 digits)");
            }
        }
        let regions = if self.all_regions {
            collect::Regions::All
        } else if self.regions.is_empty() {
            collect::Regions::Enabled
        } else {
            for r in &self.regions {
                if r.is_empty()
                    || !r
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                {
                    anyhow::bail!("`{r}` is not a region name (like eu-west-1)");
                }
            }
            collect::Regions::These(self.regions.clone())
        };
        Ok(collect::Options {
            profile: self.profile.clone(),
            regions,
            org: self.org,
            accounts: self.accounts.clone(),
            exclude_accounts: self.exclude_accounts.clone(),
            role_name: self.role_name.clone(),
            external_id: self.external_id.clone(),
            endpoint_url: self.endpoint_url.clone(),
            concurrency: usize::from(self.concurrency),
            progress: !self.quiet,
            console_change_days: i64::from(self.console_change_days),
            cost_explorer: self.cost_explorer,
        })
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum DiffFormat {
    Md,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum AttestStatus {
    Pass,
    Fail,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}
