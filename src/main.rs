//! The `caliper` command line: clap parses, one function per command wires the stages, and every
//! outcome maps to one exit code.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;

use caliper::bundle;
use caliper::collect;
use caliper::engine::{Catalog, Engine, Error as EngineError, docs};
use caliper::model::{Attestation, Config, Findings, Status, attestation, io as input, schema};
use caliper::report::{self, Format};

mod cli;
use cli::*;

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
    /// Could not run: no credentials, AWS or the endpoint unreachable; nothing was judged.
    Unavailable = 4,
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(exit) => ExitCode::from(exit as u8),
        // The error's type decides the exit code: the environment failing is not bad input.
        Err(e) if e.downcast_ref::<caliper::RuntimeError>().is_some() => {
            eprintln!("error: could not run: {e:#}");
            ExitCode::from(Exit::Unavailable as u8)
        }
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
            let diagrams = diagrams_beside(&findings)?;
            let findings = input::load_findings(&findings)?;
            let diagrams = report::account_diagrams(&diagrams, &findings.scan.account_names);
            let rendered = report::render_all(&findings, &[format], diagrams)?;
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
            let diagrams = staging(&out)?;
            let drawn = caliper::diagram::files(&snapshot);
            for (name, bytes) in &drawn {
                input::write_atomic(&diagrams.path().join(name), bytes)?;
            }
            let findings = judge.evaluate(snapshot, &sha256)?;
            let json = report::findings_json(&findings)?;
            let embedded = report::account_diagrams(&drawn, &findings.scan.account_names);
            let reports = report::render_all(&findings, &format, embedded)?;
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
            replace_dir(diagrams, &out.join("diagrams"))?;
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
        Command::Diagram { snapshot, out } => {
            let (snapshot, _) = input::load_snapshot(&snapshot)?;
            let files = caliper::diagram::files(&snapshot);
            std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
            for (name, bytes) in &files {
                input::write_atomic(&out.join(name), bytes)?;
            }
            let svgs = files.iter().filter(|(n, _)| n.ends_with(".svg")).count();
            eprintln!(
                "{svgs} diagram(s) and inventory.json written to {}",
                out.display()
            );
            Ok(Exit::Ok)
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
            let drawn = diagrams_beside(&findings)?;
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
                diagrams: report::account_diagrams(&drawn, &findings.scan.account_names),
            };
            // Everything is rendered before anything is written.
            let mut files = Vec::new();
            for control in &fw.controls {
                let sop_control = sop_control(&catalog, control);
                let md = report::sop::markdown(&findings, &sop_control, &options)?;
                for f in &format {
                    let bytes = report::sop::render(&md, &sop_control, &findings, *f, &options)?;
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

/// The diagrams a scan wrote beside `findings` (its `diagrams/`), if any.
fn diagrams_beside(findings: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let dir = findings.parent().unwrap_or(Path::new(".")).join("diagrams");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for entry in entries {
        let path = entry?.path();
        if let Some(name) = path.file_name().and_then(|n| n.to_str())
            && name.ends_with(".svg")
        {
            let bytes =
                std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
            out.push((name.to_string(), bytes));
        }
    }
    Ok(out)
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
