//! The `caliper` command line: clap parses, one function per command wires the stages, and every
//! outcome maps to one exit code.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};

use caliper::bundle;
use caliper::collect;
use caliper::engine::{Catalog, DEFAULT_FRAMEWORK, Engine, Error as EngineError, docs};
use caliper::model::{
    Attestation, Config, Findings, Severity, Status, attestation, io as input, schema,
};
use caliper::report::{self, Format};

// Evaluation builds and drops a Rego value tree per account and a million findings: mimalloc
// makes it about a quarter cheaper than glibc's allocator (benches/evaluate.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit codes, defined once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exit {
    /// No unwaived failure at or above `--fail-on`.
    Ok = 0,
    /// Unwaived failures at or above `--fail-on`.
    Failures = 1,
    /// Bad usage or bad input; nothing was judged.
    BadInput = 2,
    /// Judged, but some checks ended in `error` (incomplete evidence).
    Incomplete = 3,
}

impl Exit {
    /// Failures gate before incompleteness: a known failure is the stronger signal. With a
    /// baseline, only failures it does not have gate.
    fn of(findings: &Findings, baseline: Option<&Findings>) -> Exit {
        if report::diff::gating(findings, baseline, findings.scan.fail_on)
            .next()
            .is_some()
        {
            Exit::Failures
        } else if findings.findings.iter().any(|f| f.status == Status::Error) {
            Exit::Incomplete
        } else {
            Exit::Ok
        }
    }
}

#[derive(Parser)]
#[command(
    name = "caliper",
    version,
    about = "Read-only AWS Organization compliance evidence for the AWS Partner SDP/Competency controls"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct JudgeArgs {
    /// A `caliper.snapshot/v1` file.
    #[arg(long)]
    snapshot: PathBuf,
    #[command(flatten)]
    rules: RuleArgs,
}

/// How findings are judged (shared by evaluate and scan).
#[derive(clap::Args)]
struct RuleArgs {
    /// caliper.toml: profile, corporate mail domains, thresholds, fail-on.
    #[arg(long)]
    config: Option<PathBuf>,
    /// A directory of custom checks (`*.rego`) and frameworks (`*.toml`) added to the built-in ones.
    #[arg(long)]
    controls: Option<PathBuf>,
    /// The framework whose controls the findings are mapped to.
    #[arg(long, default_value = DEFAULT_FRAMEWORK)]
    framework: String,
    /// Lowest severity whose failures give exit code 1 (overrides caliper.toml; default high).
    #[arg(long)]
    fail_on: Option<Severity>,
    /// A directory of attestation files for the manual parts (overrides `attestations` in
    /// caliper.toml; `caliper attest` writes them).
    #[arg(long)]
    attestations: Option<PathBuf>,
    /// An earlier findings.json: --fail-on then gates only on failures it does not have
    /// (errors still give exit 3).
    #[arg(long)]
    baseline: Option<PathBuf>,
}

// Parsed once per run: the size of the largest variant costs nothing worth boxing for.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
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
enum ControlsCommand {
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
struct SignArgs {
    /// Sign SHA256SUMS with this OpenSSH ed25519 private key (without a passphrase).
    #[arg(long)]
    sign_key: Option<PathBuf>,
    /// The signer's name in allowed_signers (one word; default: the key's comment, or `caliper`).
    #[arg(long, requires = "sign_key")]
    principal: Option<String>,
}

impl SignArgs {
    fn signer(&self) -> Result<Option<bundle::Signer>> {
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
struct CollectArgs {
    /// AWS profile from ~/.aws/config (otherwise the standard credential chain).
    #[arg(long)]
    profile: Option<String>,
    /// Regions to scan, comma-separated (default: the regions enabled for each account). A
    /// region an account has not enabled is recorded as disabled for it.
    #[arg(long, value_delimiter = ',', conflicts_with = "all_regions")]
    regions: Vec<String>,
    /// Every region AWS offers; those an account has not enabled are recorded as disabled.
    #[arg(long)]
    all_regions: bool,
    /// Discover the accounts through AWS Organizations and scan every ACTIVE one (suspended
    /// accounts are listed, not scanned). Run with management-account credentials.
    #[arg(long)]
    org: bool,
    /// Scan only these account ids (comma-separated). Without --org, other accounts are entered
    /// through --role-name.
    #[arg(long, value_delimiter = ',')]
    accounts: Vec<String>,
    /// Skip these account ids (comma-separated).
    #[arg(long, value_delimiter = ',')]
    exclude_accounts: Vec<String>,
    /// The role assumed in every account other than the caller's.
    #[arg(long, default_value = "OrganizationAccountAccessRole")]
    role_name: String,
    /// External id passed when assuming --role-name.
    #[arg(long)]
    external_id: Option<String>,
    /// Send every AWS call to this endpoint (an emulator such as moto); AWS_ENDPOINT_URL also works.
    #[arg(long)]
    endpoint_url: Option<String>,
    /// Accounts collected at the same time.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=256))]
    concurrency: u16,
    /// No progress bar.
    #[arg(long)]
    quiet: bool,
}

impl CollectArgs {
    fn options(&self) -> Result<collect::Options> {
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
        })
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    Md,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum AttestStatus {
    Pass,
    Fail,
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(exit) => ExitCode::from(exit as u8),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(Exit::BadInput as u8)
        }
    }
}

fn run(cli: Cli) -> Result<Exit> {
    match cli.command {
        Command::Evaluate { judge, out } => {
            let baseline = baseline_of(&judge.rules)?;
            let findings = judge_snapshot(&judge)?;
            input::write_atomic(&out, report::findings_json(&findings)?)?;
            eprintln!("{}", summary_line(&findings, &out));
            Ok(Exit::of(&findings, baseline.as_ref()))
        }
        Command::Report {
            findings,
            format,
            out,
        } => {
            let findings = input::load_findings(&findings)?;
            let rendered = report::render_all(&findings, &[format])?;
            for (_, bytes) in rendered {
                input::write_atomic(&out, bytes)?;
            }
            eprintln!("report written to {}", out.display());
            Ok(Exit::Ok)
        }
        Command::Scan {
            snapshot: snapshot_path,
            collect,
            rules,
            format,
            bundle: bundle_path,
            signing,
            out,
        } => {
            // Check the rules, config, attestations and key before spending minutes on
            // collection.
            let judge = prepare(&rules)?;
            let baseline = baseline_of(&rules)?;
            let signer = signing.signer()?;
            judge.refuse_inputs_inside(&rules, &out)?;
            let (snapshot, sha256) = match &snapshot_path {
                Some(path) => input::load_snapshot(path)?,
                None => {
                    let snapshot = collect::collect_blocking(collect.options()?)?;
                    let text = serde_json::to_string_pretty(&snapshot)?;
                    let path = out.join("snapshot.json");
                    input::write_atomic(&path, &text)?;
                    eprintln!("{}", collected_line(&snapshot, &path));
                    (snapshot, input::sha256_hex(text.as_bytes()))
                }
            };
            std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
            // The evidence is written beside the out dir's own and swapped in once everything
            // is judged and rendered; a failure leaves the previous scan's files as they were.
            let evidence = staging(&out)?;
            judge.engine.evidence_files(&snapshot, |name, bytes| {
                let rel = name.strip_prefix("evidence/").unwrap_or(&name);
                input::write_atomic(&evidence.path().join(rel), bytes)
            })?;
            let findings = judge.evaluate(snapshot, &sha256)?;
            let json = report::findings_json(&findings)?;
            let reports = report::render_all(&findings, &format)?;
            // The bundle carries the snapshot exactly as judged (a collected one is already
            // there).
            if let Some(path) = &snapshot_path {
                let target = out.join("snapshot.json");
                if !target.exists() || !same_file(path, &target) {
                    input::write_atomic(&target, std::fs::read(path)?)?;
                }
            }
            input::write_atomic(&out.join("findings.json"), json)?;
            // SOPs written from an earlier scan's findings do not describe this one.
            let stale_sops = out.join("sop");
            if stale_sops.is_dir() {
                std::fs::remove_dir_all(&stale_sops)
                    .with_context(|| format!("removing {}", stale_sops.display()))?;
                eprintln!(
                    "removed {}: SOPs of the earlier scan; write them again with `caliper sop`",
                    stale_sops.display()
                );
            }
            let mut paths = Vec::new();
            for f in Format::ALL {
                let path = out.join(format!("report.{}", f.extension()));
                match reports.iter().find(|(r, _)| *r == f) {
                    Some((_, bytes)) => {
                        input::write_atomic(&path, bytes)?;
                        paths.push(path.display().to_string());
                    }
                    // A report of an earlier scan must not pass for one of this scan.
                    None if path.exists() => std::fs::remove_file(&path)
                        .with_context(|| format!("removing the stale {}", path.display()))?,
                    None => {}
                }
            }
            replace_dir(evidence, &out.join("evidence"))?;
            judge.write_inputs(&rules, &out)?;
            eprintln!("{}", summary_line(&findings, &out.join("findings.json")));
            eprintln!("reports: {}", paths.join(", "));
            if let Some(zip) = bundle_path {
                let built = bundle::build(&out, signer.as_ref())?;
                report_skipped(&built.skipped);
                input::write_atomic(&zip, built.zip)?;
                eprintln!("evidence bundle: {}", zip.display());
            }
            Ok(Exit::of(&findings, baseline.as_ref()))
        }
        Command::Collect { collect, out } => {
            let snapshot = collect::collect_blocking(collect.options()?)?;
            input::write_atomic(&out, serde_json::to_string_pretty(&snapshot)?)?;
            eprintln!("{}", collected_line(&snapshot, &out));
            let incomplete = snapshot
                .accounts
                .iter()
                .any(|a| !caliper::model::faults::account_faults(a).is_empty())
                || !caliper::model::faults::organization_faults(&snapshot).is_empty();
            Ok(if incomplete {
                Exit::Incomplete
            } else {
                Exit::Ok
            })
        }
        Command::Policy {
            role_template,
            docs,
            role_name,
        } => {
            if let Some(path) = docs {
                input::write_atomic(&path, collect::permissions_markdown())?;
                eprintln!("permissions written to {}", path.display());
            } else if role_template {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&collect::role_template(&role_name))?
                );
            } else {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&collect::iam_policy(&role_name))?
                );
            }
            Ok(Exit::Ok)
        }
        Command::Controls { command } => controls(command),
        Command::Bundle { scan, signing, out } => {
            let signer = signing.signer()?;
            let built = bundle::build(&scan, signer.as_ref())?;
            report_skipped(&built.skipped);
            input::write_atomic(&out, built.zip)?;
            match &signer {
                Some(s) => eprintln!(
                    "evidence bundle written to {} (signed by {}, {})",
                    out.display(),
                    s.principal,
                    s.key.fingerprint(ssh_key::HashAlg::Sha256)
                ),
                None => eprintln!("evidence bundle written to {} (not signed)", out.display()),
            }
            Ok(Exit::Ok)
        }
        Command::Verify {
            bundle: path,
            public_key,
            allowed_signers,
        } => {
            let trust = bundle::load_trust(public_key.as_deref(), allowed_signers.as_deref())?;
            let bytes = std::fs::read(&path)
                .with_context(|| format!("{}: cannot read the bundle", path.display()))?;
            let v =
                bundle::verify(&bytes, &trust).with_context(|| format!("{}", path.display()))?;
            for d in &v.differences {
                println!("{d}");
            }
            let pinned_wanted = !matches!(trust, bundle::Trust::None);
            let signature_ok = match &v.signature {
                bundle::Signature::Valid {
                    fingerprint,
                    principal,
                    pinned,
                } => {
                    if *pinned {
                        println!(
                            "signature: good, by the given key {fingerprint}{}",
                            principal
                                .as_ref()
                                .map(|p| format!(" ({p})"))
                                .unwrap_or_default()
                        );
                    } else {
                        println!(
                            "signature: good, by {fingerprint} (not pinned: pass --public-key \
                             with the partner's key, obtained by another channel, to know who signed)"
                        );
                    }
                    true
                }
                bundle::Signature::WrongSigner { fingerprint } => {
                    println!("signature: made by {fingerprint}, which is not the given key");
                    false
                }
                bundle::Signature::Invalid(why) => {
                    println!("signature: invalid: {why}");
                    false
                }
                bundle::Signature::Missing => {
                    println!(
                        "signature: none ({} is not in the bundle)",
                        bundle::SIGNATURE
                    );
                    !pinned_wanted
                }
            };
            if v.differences.is_empty() && signature_ok {
                println!(
                    "{}: intact ({} files match {})",
                    path.display(),
                    v.files,
                    bundle::SUMS
                );
                Ok(Exit::Ok)
            } else {
                println!("{}: NOT intact", path.display());
                Ok(Exit::Failures)
            }
        }
        Command::Diff {
            old,
            new,
            format,
            fail_on,
            out,
        } => {
            let old_findings = input::load_findings(&old)?;
            let new_findings = input::load_findings(&new)?;
            let d = report::diff::diff(&old_findings, &new_findings);
            let text = match format {
                DiffFormat::Md => report::diff::markdown(
                    &d,
                    &old.display().to_string(),
                    &new.display().to_string(),
                ),
                DiffFormat::Json => serde_json::to_string_pretty(&d)? + "\n",
            };
            match &out {
                Some(path) => input::write_atomic(path, &text)?,
                None => print!("{text}"),
            }
            let fail_on = fail_on.unwrap_or(new_findings.scan.fail_on);
            let gating = report::diff::gating(&new_findings, Some(&old_findings), fail_on).count();
            eprintln!(
                "{} new failure(s), {} fixed, {} changed, {} unchanged; {gating} new failure(s) at or above {}",
                d.new.len(),
                d.fixed.len(),
                d.changed.len(),
                d.unchanged,
                fail_on.as_str()
            );
            Ok(if gating > 0 { Exit::Failures } else { Exit::Ok })
        }
        Command::Keygen { out, comment } => {
            let public = bundle::keygen(&out, &comment)?;
            eprintln!(
                "key written to {} (keep it secret) and {}; fingerprint {}",
                out.display(),
                bundle::pub_path(&out).display(),
                public.fingerprint(ssh_key::HashAlg::Sha256)
            );
            Ok(Exit::Ok)
        }
        Command::Sop {
            findings,
            config,
            templates,
            controls,
            format,
            out,
        } => {
            let findings = input::load_findings(&findings)?;
            let config = load_config(config.as_deref())?;
            let catalog = catalog(controls.as_deref())?;
            let fw = catalog.framework(&findings.scan.framework)?;
            for id in &config.sop.reviewed {
                if !fw.controls.iter().any(|c| c.id == *id) {
                    anyhow::bail!(
                        "[sop] reviewed names {id:?}, which is not a control of {}",
                        fw.id
                    );
                }
            }
            let options = report::sop::SopOptions {
                partner: findings
                    .scan
                    .partner
                    .clone()
                    .or(config.profile.partner.clone()),
                customer: findings
                    .scan
                    .customer
                    .clone()
                    .or(config.profile.customer.clone()),
                reviewed: &config.sop.reviewed,
                templates: templates.as_deref(),
            };
            // Everything is rendered before anything is written.
            let mut files = Vec::new();
            for control in &fw.controls {
                let sop_control = sop_control(&catalog, control);
                let md = report::sop::markdown(&findings, &sop_control, &options)?;
                for f in &format {
                    let bytes = report::sop::render(&md, &sop_control, &findings, *f)?;
                    files.push((out.join(format!("{}.{}", control.id, f.extension())), bytes));
                }
            }
            for (path, bytes) in &files {
                input::write_atomic(path, bytes)?;
            }
            eprintln!("{} SOP documents written to {}", files.len(), out.display());
            Ok(Exit::Ok)
        }
        Command::Attest {
            control,
            part,
            status,
            owner,
            justification,
            evidence,
            date,
            expires,
            out,
            controls,
            framework,
        } => {
            let catalog = catalog(controls.as_deref())?;
            let engine = Engine::new(&catalog, &framework)?;
            let request = attestation::NewAttestation {
                control,
                part,
                status: match status {
                    AttestStatus::Pass => attestation::AttestedStatus::Pass,
                    AttestStatus::Fail => attestation::AttestedStatus::Fail,
                },
                owner,
                justification,
                evidence,
                date,
                expires,
            };
            let path = attestation::write_new(&request, &out, &engine.manual_parts())?;
            eprintln!("attestation written to {}", path.display());
            Ok(Exit::Ok)
        }
        Command::Schema { out } => {
            schema::write_schemas(&out, &caliper::schemas())?;
            eprintln!("schemas written to {}", out.display());
            Ok(Exit::Ok)
        }
    }
}

fn catalog(dir: Option<&Path>) -> Result<Catalog, EngineError> {
    match dir {
        Some(d) => Catalog::with_dir(d),
        None => Catalog::builtin(),
    }
}

/// What judging needs, all read and checked before any snapshot is read or collected.
struct Judge {
    engine: Engine,
    config: Config,
    attestations: Vec<Attestation>,
}

impl Judge {
    fn evaluate(&self, snapshot: caliper::model::Snapshot, sha256: &str) -> Result<Findings> {
        let findings = self
            .engine
            .evaluate(snapshot, sha256, &self.config, &self.attestations)?;
        for f in &findings.findings {
            if let Some(a) = &f.attestation
                && f.status == Status::Manual
            {
                eprintln!(
                    "warning: attestation {} for {} expired on {}; the part is not attested",
                    a.file, a.part, a.expires
                );
            }
        }
        for w in &findings.scan.waivers {
            if w.expired {
                eprintln!(
                    "warning: waiver {} of caliper.toml (owner {}) expired on {}; the {} \
                     failure(s) it matches gate again",
                    w.index, w.owner, w.expires, w.would_match
                );
            } else if w.waived == 0 {
                eprintln!(
                    "warning: waiver {} of caliper.toml (owner {}) matches no failure; remove it",
                    w.index, w.owner
                );
            }
        }
        Ok(findings)
    }
}

/// caliper.toml, or the defaults without one.
fn load_config(path: Option<&Path>) -> Result<Config> {
    match path {
        Some(path) => input::load_config(path),
        None => Ok(Config::default()),
    }
}

/// A control as its SOP needs it, with the titles of its checks.
fn sop_control(
    catalog: &Catalog,
    control: &caliper::engine::catalog::Control,
) -> report::sop::SopControl {
    report::sop::SopControl {
        id: control.id.clone(),
        title: control.title.clone(),
        requirement: control.requirement.clone(),
        rationale: control.rationale.clone(),
        criteria: control.criteria.clone(),
        evidence: control
            .evidence
            .iter()
            .map(|e| (e.criterion, e.checks.clone()))
            .collect(),
        checks: control
            .checks
            .iter()
            .map(|id| {
                let title = catalog.check(id).map_or("", |c| c.meta.title.as_str());
                (id.clone(), title.to_string())
            })
            .collect(),
    }
}

fn prepare(args: &RuleArgs) -> Result<Judge> {
    let mut config = load_config(args.config.as_deref())?;
    if let Some(s) = args.fail_on {
        config.fail_on = Some(s);
    }
    let catalog = catalog(args.controls.as_deref())?;
    let engine = Engine::new(&catalog, &args.framework)?;
    let attestations = match args.attestations.as_ref().or(config.attestations.as_ref()) {
        Some(dir) => attestation::load_dir(dir, &engine.manual_parts())?,
        None => Vec::new(),
    };
    Ok(Judge {
        engine,
        config,
        attestations,
    })
}

fn report_skipped(skipped: &[String]) {
    if !skipped.is_empty() {
        eprintln!(
            "left out of the bundle (not written by caliper scan or sop): {}",
            skipped.join(", ")
        );
    }
}

/// A fresh directory inside `out` to fill before it replaces one of the scan's directories.
fn staging(out: &Path) -> Result<tempfile::TempDir> {
    tempfile::Builder::new()
        .prefix(".caliper-")
        .tempdir_in(out)
        .with_context(|| format!("writing into {}", out.display()))
}

/// Puts a filled staging directory in the place of `target` (whose old content goes).
fn replace_dir(staged: tempfile::TempDir, target: &Path) -> Result<()> {
    if target.exists() {
        std::fs::remove_dir_all(target)
            .with_context(|| format!("replacing {}", target.display()))?;
    }
    let path = staged.keep();
    std::fs::rename(&path, target).with_context(|| format!("writing {}", target.display()))?;
    Ok(())
}

/// Whether two paths name the same file.
fn same_file(a: &Path, b: &Path) -> bool {
    matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

impl Judge {
    /// Writes what the findings were made with into the scan directory, for the evidence bundle:
    /// the effective configuration, the control files and the attestations used.
    fn attestations_dir(&self, rules: &RuleArgs) -> Option<PathBuf> {
        rules
            .attestations
            .clone()
            .or(self.config.attestations.clone())
    }

    /// The scan replaces its `controls/`, `attestations/` and `evidence/` directories; refuse an
    /// out dir where one of them is (or holds) an input of the scan.
    fn refuse_inputs_inside(&self, rules: &RuleArgs, out: &Path) -> Result<()> {
        let inputs = [rules.controls.clone(), self.attestations_dir(rules)];
        for input in inputs.into_iter().flatten() {
            let Ok(input) = input.canonicalize() else {
                continue;
            };
            for sub in ["controls", "attestations", "evidence"] {
                if let Ok(owned) = out.join(sub).canonicalize()
                    && input.starts_with(&owned)
                {
                    anyhow::bail!(
                        "--out {} would replace {}, an input of this scan; write the scan into \
                         another directory",
                        out.display(),
                        input.display()
                    );
                }
            }
        }
        Ok(())
    }

    fn write_inputs(&self, rules: &RuleArgs, out: &Path) -> Result<()> {
        let mut config = self.config.clone();
        let attestations_dir = self.attestations_dir(rules);
        if attestations_dir.is_some() {
            config.attestations = Some("attestations".into());
        }
        input::write_atomic(
            &out.join("caliper.effective.toml"),
            format!(
                "# The configuration in effect for this scan (command-line overrides included).\n{}",
                toml::to_string(&config)?
            ),
        )?;
        let controls = staging(out)?;
        for (name, text) in self.engine.rule_files() {
            input::write_atomic(&controls.path().join(name), text)?;
        }
        replace_dir(controls, &out.join("controls"))?;
        let copies = staging(out)?;
        if let Some(dir) = attestations_dir {
            for a in &self.attestations {
                let file = dir.join(&a.file);
                input::write_atomic(&copies.path().join(&a.file), std::fs::read(&file)?)?;
                let base = Path::new(&a.file).parent().unwrap_or(Path::new(""));
                for e in a.evidence.iter().filter_map(|e| e.file.as_ref()) {
                    let rel = base.join(e);
                    // A missing evidence file is already an `error` finding; nothing to copy.
                    if let Ok(bytes) = std::fs::read(dir.join(&rel)) {
                        input::write_atomic(&copies.path().join(&rel), bytes)?;
                    }
                }
            }
            replace_dir(copies, &out.join("attestations"))?;
        } else if out.join("attestations").exists() {
            // Attestations of an earlier scan do not belong to this one.
            std::fs::remove_dir_all(out.join("attestations"))
                .with_context(|| format!("removing {}", out.join("attestations").display()))?;
        }
        Ok(())
    }
}

fn judge_snapshot(args: &JudgeArgs) -> Result<Findings> {
    let judge = prepare(&args.rules)?;
    let (snapshot, sha256) = input::load_snapshot(&args.snapshot)?;
    judge.evaluate(snapshot, &sha256)
}

/// The `--baseline` findings, read before anything is judged.
fn baseline_of(rules: &RuleArgs) -> Result<Option<Findings>> {
    rules
        .baseline
        .as_deref()
        .map(input::load_findings)
        .transpose()
}

fn collected_line(snapshot: &caliper::model::Snapshot, out: &Path) -> String {
    let (calls, ms) = snapshot.collection.as_ref().map_or((0, 0), |c| {
        (c.api_calls.values().sum::<u64>(), c.elapsed_ms)
    });
    let errors: usize = snapshot
        .accounts
        .iter()
        .map(|a| caliper::model::faults::account_faults(a).len())
        .sum::<usize>()
        + caliper::model::faults::organization_faults(snapshot).len();
    format!(
        "collected {} accounts with {calls} API calls in {:.1} s ({errors} sections could not be read); snapshot written to {}",
        snapshot.accounts.len(),
        ms as f64 / 1000.0,
        out.display()
    )
}

fn summary_line(findings: &Findings, out: &Path) -> String {
    let s = &findings.summary.statuses;
    let n = |st: Status| s.get(&st).copied().unwrap_or(0);
    format!(
        "{} findings ({} pass, {} fail, {} error, {} manual) for {} accounts written to {}",
        findings.findings.len(),
        n(Status::Pass),
        n(Status::Fail),
        n(Status::Error),
        n(Status::Manual),
        findings.scan.accounts.len(),
        out.display()
    )
}

fn controls(command: ControlsCommand) -> Result<Exit> {
    match command {
        ControlsCommand::List {
            format,
            controls,
            framework,
        } => {
            let catalog = catalog(controls.as_deref())?;
            let fw = catalog.framework(&framework)?;
            match format {
                ListFormat::Json => println!(
                    "{}",
                    serde_json::to_string_pretty(&docs::framework_json(&catalog, fw))?
                ),
                ListFormat::Text => print!("{}", docs::framework_text(&catalog, fw)),
            }
            Ok(Exit::Ok)
        }
        ControlsCommand::Show {
            id,
            controls,
            framework,
        } => {
            let catalog = catalog(controls.as_deref())?;
            let fw = catalog.framework(&framework)?;
            if let Some(control) = fw.controls.iter().find(|c| c.id.eq_ignore_ascii_case(&id)) {
                print!("{}", docs::control_markdown(&catalog, control));
            } else if let Some(check) = catalog.check(&id) {
                print!(
                    "{}",
                    docs::check_markdown(check, &Catalog::controls_by_check(fw))
                );
            } else {
                anyhow::bail!("no control or check `{id}` (see `caliper controls list`)");
            }
            Ok(Exit::Ok)
        }
        ControlsCommand::Test { dir } => {
            let catalog = match &dir {
                Some(d) => Catalog::from_dir_only(d)?,
                None => Catalog::builtin()?,
            };
            let outcomes = caliper::engine::rego_tests::run(&catalog)?;
            let problems = catalog.lint();
            for p in &problems {
                println!("FAIL  {p}");
            }
            let failed = outcomes.iter().filter(|o| o.failure.is_some()).count() + problems.len();
            for o in &outcomes {
                match &o.failure {
                    None => println!("PASS  {}  {}", o.file, o.name),
                    Some(why) => println!("FAIL  {}  {}: {why}", o.file, o.name),
                }
            }
            println!(
                "{} tests, {} passed, {} failed{}",
                outcomes.len(),
                outcomes.len() + problems.len() - failed,
                failed - problems.len(),
                if problems.is_empty() {
                    String::new()
                } else {
                    format!("; {} catalog problem(s)", problems.len())
                }
            );
            if outcomes.is_empty() {
                anyhow::bail!("no tests found");
            }
            Ok(if failed > 0 { Exit::Failures } else { Exit::Ok })
        }
        ControlsCommand::Docs { out, framework } => {
            let catalog = Catalog::builtin()?;
            docs::write_controls_docs(&catalog, catalog.framework(&framework)?, &out)?;
            eprintln!("controls reference written to {}", out.display());
            Ok(Exit::Ok)
        }
    }
}
