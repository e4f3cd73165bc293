//! Evaluation: snapshot + checks → findings. Owns the Rego engine, the frameworks and the rule
//! that missing data becomes `error`, never `pass`. Knows nothing of the AWS SDK or rendering.

pub mod catalog;
mod context;
pub mod docs;
mod gate;
pub mod rego_tests;
mod rego_value;
mod runner;
mod summary;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use rayon::prelude::*;
use regorus::Value;
use sha2::{Digest, Sha256};

pub use catalog::{Catalog, Check, DEFAULT_FRAMEWORK, Framework};
pub use context::parse_rfc3339_ns;
pub use runner::new_rego_engine;

use context::{account_sets, facts_of, scan_context};
use runner::{Runner, Verdict, compile_program, max_vm_instructions};
use summary::{merge_sorted, report_order};

use crate::model::attestation::AttestedStatus;
use crate::model::faults::{Fault, account_faults, organization_faults};
use crate::model::findings::MANUAL_PART;
use crate::model::findings::{FINDINGS_SCHEMA, Scan};
use crate::model::io::line_col;
use crate::model::snapshot::{Account, Snapshot, Tool};
use crate::model::waiver::{AppliedWaiver, Waiver, WaiverUse};
use crate::model::{
    Attestation, Config, Evidence, Finding, Findings, Section, Severity, Status, Values,
};

/// A problem with what the user gave us: file, line (0 when unknown), column and message.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    Input {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// Rego compile errors, as `file:line:column: message` followed by regorus's excerpt.
    Rego(String),
    Usage(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input {
                path,
                line: 0,
                message,
                ..
            } => write!(f, "{path}: {message}"),
            Error::Input {
                path,
                line,
                column: 0,
                message,
            } => write!(f, "{path}:{line}: {message}"),
            Error::Input {
                path,
                line,
                column,
                message,
            } => {
                write!(f, "{path}:{line}:{column}: {message}")
            }
            Error::Rego(m) | Error::Usage(m) => f.write_str(m),
        }
    }
}

impl Error {
    /// Turns regorus's `error: \n--> file:line:col\n<excerpt>\nerror: message` into one
    /// `file:line:col: message` line followed by the excerpt.
    pub fn rego(e: impl fmt::Display) -> Error {
        let text = e.to_string();
        let location = text
            .lines()
            .find_map(|l| l.trim_start().strip_prefix("--> "));
        let message = text
            .lines()
            .rev()
            .find_map(|l| l.strip_prefix("error: "))
            .filter(|m| !m.trim().is_empty());
        match (location, message) {
            (Some(loc), Some(msg)) => {
                let excerpt: Vec<&str> = text
                    .lines()
                    .filter(|l| l.contains('|') || l.trim_start().starts_with('^'))
                    .collect();
                Error::Rego(format!("{loc}: {msg}\n{}", excerpt.join("\n")))
            }
            _ => Error::Rego(text),
        }
    }

    pub fn at(path: &str, line: usize, message: &str) -> Error {
        Error::Input {
            path: path.to_string(),
            line,
            column: 0,
            message: message.to_string(),
        }
    }

    /// A TOML error with the line and column its span points at.
    pub fn toml(path: &str, text: &str, e: &toml::de::Error) -> Error {
        let (line, column) = e.span().map_or((0, 0), |s| line_col(text, s.start));
        Error::Input {
            path: path.to_string(),
            line,
            column,
            message: e.message().trim_end().to_string(),
        }
    }
}

/// The checks of a catalog compiled once, judged against one framework.
pub struct Engine {
    rego: regorus::Engine,
    checks: Vec<Check>,
    /// Per check, in the order of `checks`.
    texts: Vec<CheckTexts>,
    framework: Framework,
    /// `CALIPER_PROFILE=1`: print microseconds per check and account to stderr (for tuning).
    profile: bool,
    /// The checks compiled for the Rego VM; `None` runs them in the interpreter.
    program: Option<std::sync::Arc<regorus::rvm::Program>>,
    /// VM instructions one check may execute on one account (see `max_vm_instructions`).
    max_instructions: usize,
    /// SHA-256 of the Rego and framework files in use.
    rules_sha256: String,
    /// The non-test Rego files in use: path and text.
    rule_sources: Vec<(String, String)>,
}

/// The check id of the one finding for a region a service control policy closes to the scanning
/// role (it stands for every check that would have read the region).
pub const CLOSED_REGION_CHECK: &str = "caliper.region-closed-by-scp";

/// What every finding of one check repeats, shared rather than copied.
struct CheckTexts {
    id: Arc<str>,
    controls: Arc<[String]>,
    title: Arc<str>,
    severity: Severity,
    resource_type: Arc<str>,
    remediation: Arc<str>,
    operations: Arc<[String]>,
    /// The check has a `scope` rule naming the resources it judges.
    scoped: bool,
}

/// What every account's evaluation shares.
struct Shared {
    collected_at: String,
    organization: Value,
    config: Value,
    scan: Value,
    collected_at_ns: i64,
    org_faults: Vec<Fault>,
    /// Per account id, the workload and production sets it is in (`input.account_sets`).
    sets: BTreeMap<String, crate::model::workloads::Membership>,
    /// The same for every account (`input.all_account_sets`): a pipeline in one account may
    /// deploy to another.
    all_sets: Value,
}

impl Engine {
    pub fn new(catalog: &Catalog, framework: &str) -> Result<Engine, Error> {
        let framework = catalog.framework(framework)?.clone();
        let mut rego = new_rego_engine();
        for file in catalog.rego.iter().filter(|f| !f.is_test()) {
            rego.add_policy(file.path.clone(), file.text.clone())
                .map_err(Error::rego)?;
        }
        // Prepare once here so every worker's clone starts compiled.
        rego.set_input(Value::new_object());
        if let Some(check) = catalog.checks.first() {
            rego.eval_rule(format!("{}.results", check.package))
                .map_err(Error::rego)?;
        }
        let controls_by_check = Catalog::controls_by_check(&framework);
        let texts = catalog
            .checks
            .iter()
            .map(|c| {
                let scoped = rego
                    .has_declared_rule_rooted_at(&c.file, "scope")
                    .map_err(|e| Error::rego(format!("{}: {e}", c.file)))?;
                Ok(CheckTexts {
                    id: c.meta.id.as_str().into(),
                    controls: controls_by_check
                        .get(c.meta.id.as_str())
                        .cloned()
                        .unwrap_or_default()
                        .into(),
                    title: c.meta.title.as_str().into(),
                    severity: c.meta.severity,
                    resource_type: c.meta.resource_type.as_str().into(),
                    remediation: c.meta.remediation.as_str().into(),
                    operations: operations_of(c).into(),
                    scoped,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        // The Rego VM runs the checks several times faster than the tree-walking interpreter; a
        // check it cannot compile is an error, never a quiet change of evaluator.
        // `CALIPER_REGO=interpreter` runs the interpreter instead (to compare the two).
        let program = if std::env::var("CALIPER_REGO").as_deref() == Ok("interpreter") {
            None
        } else {
            Some(compile_program(
                &mut rego,
                &catalog.checks,
                &texts,
                |file| catalog.source_of(file).to_string(),
            )?)
        };
        let rule_sources: Vec<(String, String)> = catalog
            .rego
            .iter()
            .filter(|f| !f.is_test())
            .map(|f| (f.path.clone(), f.text.clone()))
            .collect();
        Ok(Engine {
            rules_sha256: rules_sha256(&rule_sources, &framework),
            rule_sources,
            program,
            rego,
            checks: catalog.checks.clone(),
            texts,
            framework,
            profile: std::env::var_os("CALIPER_PROFILE").is_some(),
            max_instructions: max_vm_instructions(),
        })
    }

    /// Whether the checks run in the Rego VM (else in the interpreter).
    pub fn uses_vm(&self) -> bool {
        self.program.is_some()
    }

    /// What checks found incomplete inside sections that were read, for the scope statement:
    /// one entry per such `error` finding, under the check's first declared section.
    fn incomplete(&self, findings: &[Finding]) -> Vec<crate::model::findings::Unreadable> {
        findings
            .iter()
            .filter_map(|f| {
                let e = f.evidence.error.as_ref()?;
                (e.reason == crate::model::ErrorReason::Incomplete).then_some(())?;
                let check = self.checks.iter().find(|c| *c.meta.id == *f.check)?;
                Some(crate::model::findings::Unreadable {
                    account_id: Some(f.account_id.to_string()),
                    region: f.region.clone(),
                    section: check.meta.sections.first().cloned().unwrap_or_default(),
                    resource: (f.resource != account_arn(&f.account_id))
                        .then(|| f.resource.clone()),
                    error: (**e).clone(),
                })
            })
            .collect()
    }

    /// The evaluator that runs the checks, as recorded in findings.json.
    pub fn evaluator(&self) -> String {
        let kind = if self.uses_vm() { "VM" } else { "interpreter" };
        format!("regorus {} {kind}", env!("CALIPER_REGORUS_VERSION"))
    }

    /// Runs the checks in the interpreter even where the VM could run them.
    pub fn with_interpreter(mut self) -> Engine {
        self.program = None;
        self
    }

    /// The (control, manual part) pairs of the framework, which attestations may name.
    pub fn manual_parts(&self) -> Vec<(String, String)> {
        self.framework
            .controls
            .iter()
            .flat_map(|c| c.manual.iter().map(|p| (c.id.clone(), p.id.clone())))
            .collect()
    }

    /// The Rego files (tests left out) and the framework file the findings are made with, by a
    /// relative name: built-in ones under their path in `controls/`, custom ones under `custom/`.
    pub fn rule_files(&self) -> Vec<(String, String)> {
        let name = |path: &str| match path.strip_prefix("controls/") {
            Some(builtin) => builtin.to_string(),
            None => {
                let clean: Vec<&str> = path
                    .split(['/', '\\'])
                    .filter(|c| !c.is_empty() && *c != "." && *c != ".." && !c.contains(':'))
                    .collect();
                format!("custom/{}", clean.join("/"))
            }
        };
        let mut files: Vec<(String, String)> = self
            .rule_sources
            .iter()
            .map(|(path, text)| (name(path), text.clone()))
            .collect();
        files.push((name(&self.framework.file), self.framework.source.clone()));
        files.sort();
        files.dedup_by(|a, b| a.0 == b.0);
        files
    }

    /// The parts of the snapshot each control's checks read, one JSON file per control, AWS
    /// operation and account: `evidence/<CONTROL>/<service>/<Operation>/<account>.json`
    /// (`organization.json` for the organization's own sections). Each holds the sections by
    /// path, as collected (data with its source, or the error entry). Files are handed to `emit`
    /// one account at a time, so a large organization is never held twice in memory.
    pub fn evidence_files(
        &self,
        snapshot: &Snapshot,
        mut emit: impl FnMut(String, Vec<u8>) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        // Per control: (directory, section path) for every section its checks declare.
        let plan: Vec<(String, &str)> = self
            .framework
            .controls
            .iter()
            .flat_map(|control| {
                let sections: std::collections::BTreeSet<&str> = control
                    .checks
                    .iter()
                    .filter_map(|id| self.checks.iter().find(|c| c.meta.id == *id))
                    .flat_map(|c| c.meta.sections.iter().map(String::as_str))
                    .collect();
                sections.into_iter().map(move |path| {
                    let action = crate::model::sections::action_of(path);
                    let (service, operation) =
                        action.split_once(':').unwrap_or(("unknown", action));
                    (
                        format!("evidence/{}/{service}/{operation}", control.id),
                        path,
                    )
                })
            })
            .collect();
        let mut write = |files: BTreeMap<String, serde_json::Map<String, serde_json::Value>>| {
            for (name, sections) in files {
                let text = serde_json::to_string_pretty(&sections)? + "\n";
                emit(name, text.into_bytes())?;
            }
            anyhow::Ok(())
        };
        let organization = serde_json::to_value(&snapshot.organization)?;
        let mut files: BTreeMap<String, serde_json::Map<String, serde_json::Value>> =
            BTreeMap::new();
        for (dir, path) in &plan {
            if let Some(rest) = path.strip_prefix("organization") {
                let parts: Vec<&str> = rest.split('.').filter(|p| !p.is_empty()).collect();
                files
                    .entry(format!("{dir}/organization.json"))
                    .or_default()
                    .insert(path.to_string(), section_at(&organization, &parts));
            }
        }
        write(std::mem::take(&mut files))?;
        for account in &snapshot.accounts {
            let tree = serde_json::to_value(account)?;
            // The id comes from the snapshot, which anyone can write: it names a file only as
            // letters, digits, `-` and `_`.
            let file: String = account
                .account_id
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '-' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            for (dir, path) in &plan {
                if path.starts_with("organization") {
                    continue;
                }
                let parts: Vec<&str> = path.split('.').collect();
                let regional = crate::model::sections::is_regional(path);
                let value = if regional {
                    serde_json::Value::Object(
                        tree["regions"]
                            .as_object()
                            .into_iter()
                            .flatten()
                            .map(|(r, region)| (r.clone(), section_at(region, &parts)))
                            .collect(),
                    )
                } else {
                    section_at(&tree, &parts)
                };
                files
                    .entry(format!("{dir}/{file}.json"))
                    .or_default()
                    .insert(path.to_string(), value);
            }
            write(std::mem::take(&mut files))?;
        }
        Ok(())
    }

    pub fn checks(&self) -> &[Check] {
        &self.checks
    }

    /// Judges every account of the snapshot (in parallel) and adds the manual parts of the
    /// framework. Consumes the snapshot: each account is dropped once judged, so a large
    /// organization's snapshot and findings are not held in memory together.
    ///
    /// `attestations` (see [`crate::model::attestation::load_dir`]) turn the manual parts they
    /// name into attested `pass` or `fail`, unless expired at the snapshot's `collected_at`.
    pub fn evaluate(
        &self,
        snapshot: Snapshot,
        snapshot_sha256: &str,
        config: &Config,
        attestations: &[Attestation],
    ) -> Result<Findings, Error> {
        let collected_at_ns = parse_rfc3339_ns(&snapshot.collected_at).ok_or_else(|| {
            Error::Usage(format!(
                "snapshot collected_at {:?} is not an RFC 3339 time",
                snapshot.collected_at
            ))
        })?;
        let sets = account_sets(&snapshot, &config.workloads);
        let shared = Shared {
            collected_at: snapshot.collected_at.clone(),
            organization: to_value(&snapshot.organization),
            config: to_value(config),
            scan: to_value(&scan_context(&snapshot)),
            collected_at_ns,
            org_faults: organization_faults(&snapshot),
            all_sets: to_value(&sets),
            sets,
        };
        let mut manual = self.manual_findings(&snapshot, attestations);
        manual.sort_by(report_order);
        let org = snapshot.organization.as_ref().and_then(Section::data);
        let organization_id = org.map(|o| o.id.clone());
        let accounts: Vec<String> = snapshot
            .accounts
            .iter()
            .map(|a| a.account_id.clone())
            .collect();
        let mut regions: Vec<String> = snapshot
            .accounts
            .iter()
            .flat_map(|a| a.regions.keys().cloned())
            .collect();
        regions.sort();
        regions.dedup();
        let t_judge = std::time::Instant::now();
        let names: Vec<Option<String>> = snapshot
            .accounts
            .iter()
            .map(|a| {
                a.name.clone().filter(|n| !n.is_empty()).or_else(|| {
                    org?.accounts
                        .iter()
                        .find(|o| o.id == a.account_id && !o.name.is_empty())
                        .map(|o| o.name.clone())
                })
            })
            .collect();
        let account_names: BTreeMap<String, String> = accounts
            .iter()
            .zip(&names)
            .filter_map(|(id, name)| Some((id.clone(), name.clone()?)))
            .collect();
        let (per_account, faults): (Vec<Vec<Finding>>, Vec<Vec<Fault>>) = snapshot
            .accounts
            .into_par_iter()
            .map_init(
                || (self.runner(), 0),
                |(runner, capacity), account| {
                    let (findings, faults) =
                        self.evaluate_account(runner, account, &shared, *capacity);
                    // Accounts of one organization are alike: the next one's list starts at this
                    // size rather than growing (and copying) from empty.
                    *capacity = findings.len();
                    (findings, faults)
                },
            )
            .unzip();
        let scope = crate::model::faults::scope(
            org,
            &shared.org_faults,
            &accounts
                .iter()
                .cloned()
                .zip(names)
                .zip(faults)
                .map(|((id, name), faults)| (id, name, faults))
                .collect::<Vec<_>>(),
        );
        let t_merge = std::time::Instant::now();
        let mut lists = per_account;
        lists.push(manual);
        let mut findings = merge_sorted(lists);
        let mut scope = scope;
        scope.unreadable.extend(self.incomplete(&findings));
        let day: String = shared.collected_at.chars().take(10).collect();
        let waivers = apply_waivers(&mut findings, &config.waivers, &day);
        let t_summary = std::time::Instant::now();
        let summary = self.summarize(&findings);
        if self.profile {
            eprintln!(
                "PROFILE-TOTAL judge {} ms, merge {} ms, summary {} ms",
                (t_merge - t_judge).as_millis(),
                (t_summary - t_merge).as_millis(),
                t_summary.elapsed().as_millis()
            );
        }
        Ok(Findings {
            schema: FINDINGS_SCHEMA.to_string(),
            tool: Tool {
                name: "caliper".into(),
                version: env!("CARGO_PKG_VERSION").into(),
            },
            scan: Scan {
                snapshot_collected_at: shared.collected_at.clone(),
                snapshot_sha256: snapshot_sha256.to_string(),
                organization_id,
                accounts,
                account_names,
                account_sets: shared.sets.clone(),
                regions,
                framework: self.framework.id.clone(),
                framework_title: self.framework.title.clone(),
                fail_on: config.fail_on.unwrap_or(Severity::High),
                partner: config.profile.partner.clone(),
                customer: config.profile.customer.clone(),
                rules_sha256: Some(self.rules_sha256.clone()),
                evaluator: Some(self.evaluator()),
                scope,
                waivers,
            },
            summary,
            findings,
        })
    }

    fn evaluate_account(
        &self,
        runner: &mut Runner,
        account: Account,
        shared: &Shared,
        capacity: usize,
    ) -> (Vec<Finding>, Vec<Fault>) {
        let t_in = std::time::Instant::now();
        let account_id: Arc<str> = account.account_id.as_str().into();
        let own_faults = account_faults(&account);
        let mut faults = own_faults.clone();
        faults.extend(shared.org_faults.iter().cloned());
        let input = BTreeMap::from([
            (Value::from("account"), to_value(&account)),
            (Value::from("organization"), shared.organization.clone()),
            (Value::from("config"), shared.config.clone()),
            (
                Value::from("collected_at"),
                Value::from(shared.collected_at.as_str()),
            ),
            (
                Value::from("collected_at_ns"),
                Value::from(shared.collected_at_ns),
            ),
            (Value::from("scan"), shared.scan.clone()),
            (Value::from("facts"), facts_of(&account)),
            (
                Value::from("account_sets"),
                to_value(&shared.sets.get(&account.account_id)),
            ),
            (Value::from("all_account_sets"), shared.all_sets.clone()),
        ]);
        runner.set_input(Value::from(input));
        drop(account);
        if self.profile {
            eprintln!("PROFILE input {}", t_in.elapsed().as_micros());
        }

        let mut out = Vec::with_capacity(capacity);
        let closed = crate::model::faults::scp_closed_regions(&own_faults);
        let mut blocked: BTreeMap<String, std::collections::BTreeSet<usize>> = BTreeMap::new();
        for (i, (check, texts)) in self.checks.iter().zip(&self.texts).enumerate() {
            let mut relevant: Vec<&Fault> = faults
                .iter()
                .filter(|f| check.meta.sections.iter().any(|s| f.covers(s)))
                .collect();
            let whole_account = relevant
                .iter()
                .any(|f| f.region.is_none() && f.resource.is_none());
            let t0 = std::time::Instant::now();
            let verdicts = if whole_account {
                Ok(Vec::new())
            } else {
                runner.run_check(check)
            };
            if self.profile {
                eprintln!("PROFILE {} {}", check.meta.id, t0.elapsed().as_micros());
            }
            // Faults on resources the check does not judge (its `scope` rule, when it has one)
            // say nothing about its verdicts: e.g. an unreadable bucket no trail writes to.
            let verdicts = verdicts.and_then(|verdicts| {
                let scoped = texts.scoped && relevant.iter().any(|f| f.resource.is_some());
                let scope = if scoped {
                    Some(runner.run_scope(check)?)
                } else {
                    None
                };
                Ok((verdicts, scope))
            });
            let mut proven: Vec<String> = Vec::new();
            match verdicts {
                Ok((verdicts, scope)) => {
                    if let Some(scope) = scope {
                        relevant.retain(|f| f.resource.as_ref().is_none_or(|r| scope.contains(r)));
                    }
                    // One resource, one verdict: two would share a finding id and contradict
                    // each other, so the check is in error for that resource.
                    let mut seen: std::collections::HashMap<(&str, &str), usize> =
                        std::collections::HashMap::new();
                    for v in &verdicts {
                        *seen.entry((&v.region, &v.resource)).or_default() += 1;
                    }
                    let twice: std::collections::BTreeSet<(String, String)> = seen
                        .into_iter()
                        .filter(|(_, n)| *n > 1)
                        .map(|((r, res), _)| (r.to_string(), res.to_string()))
                        .collect();
                    for (region, resource) in &twice {
                        out.push(self.finding(
                            texts,
                            &account_id,
                            region,
                            resource.clone(),
                            Status::Error,
                            format!(
                                "check {} gave more than one verdict for {resource} in {region}; \
                                 a check must judge each resource once (fix the check)",
                                check.meta.id
                            ),
                            Evidence {
                                operations: texts.operations.clone(),
                                values: Values::default(),
                                error: None,
                            },
                        ));
                    }
                    for v in verdicts {
                        // Almost always empty: no clone per verdict on the hot path.
                        if !twice.is_empty()
                            && twice.contains(&(v.region.clone(), v.resource.clone()))
                        {
                            continue;
                        }
                        let dropped = gate::drops(&v, &relevant);
                        if !dropped {
                            if v.proven {
                                proven.push(v.resource.clone());
                            }
                            out.push(self.finding_from_verdict(texts, &account_id, v));
                        }
                    }
                }
                Err(message) => out.push(self.finding(
                    texts,
                    &account_id,
                    "global",
                    account_arn(&account_id),
                    Status::Error,
                    format!("check {} failed to evaluate: {message}", check.meta.id),
                    Evidence {
                        operations: texts.operations.clone(),
                        values: Values::default(),
                        error: None,
                    },
                )),
            }
            if !proven.is_empty() {
                // The missing data would only have been reported against a resource whose
                // verdict the check proved anyway.
                relevant.retain(|f| {
                    let resource = f
                        .resource
                        .clone()
                        .unwrap_or_else(|| account_arn(&account_id));
                    !proven.contains(&resource)
                });
            }
            // A region closed by an SCP is reported once for the account, below.
            relevant.retain(|f| {
                let shut = f.region.as_ref().filter(|r| closed.contains(*r));
                if let Some(region) = shut {
                    blocked.entry(region.clone()).or_default().insert(i);
                }
                shut.is_none()
            });
            out.extend(self.error_findings(texts, &account_id, &relevant));
        }
        for (region, checks) in blocked {
            out.push(self.closed_region_finding(&account_id, &region, &checks, &own_faults));
        }
        // In report order here, where the list is small and the work is spread over the workers;
        // `merge_sorted` then only moves runs.
        out.sort_by(report_order);
        out.shrink_to_fit();
        (out, own_faults)
    }

    /// A worker's evaluator: a VM on the compiled program, or a clone of the interpreter.
    fn runner(&self) -> Runner {
        match &self.program {
            Some(program) => {
                let mut vm = regorus::rvm::RegoVM::new();
                vm.load_program(program.clone());
                vm.set_strict_builtin_errors(false);
                vm.set_max_instructions(self.max_instructions);
                Runner::Vm(Box::new(vm))
            }
            None => Runner::Interpreter(Box::new(self.rego.clone())),
        }
    }

    fn finding_from_verdict(
        &self,
        texts: &CheckTexts,
        account_id: &Arc<str>,
        v: Verdict,
    ) -> Finding {
        let evidence = Evidence {
            operations: texts.operations.clone(),
            values: v.values,
            error: None,
        };
        let status = match v.status.as_str() {
            "pass" => Status::Pass,
            "fail" => Status::Fail,
            "not_applicable" => Status::NotApplicable,
            "error" => Status::Error,
            // Facts that support a control an assessor judges (COST-001).
            "manual" => Status::Manual,
            other => {
                let message = format!("check {} returned unknown status {other:?}", texts.id);
                return self.finding(
                    texts,
                    account_id,
                    &v.region,
                    v.resource,
                    Status::Error,
                    message,
                    evidence,
                );
            }
        };
        // A check that finds its data incomplete names it: the error entry says what was
        // lacking, from which action.
        let mut evidence = evidence;
        if status == Status::Error {
            evidence.error = Some(Box::new(crate::model::SectionError {
                denied_by: None,
                reason: crate::model::ErrorReason::Incomplete,
                action: texts.operations.first().cloned().unwrap_or_default(),
                message: v.message.clone(),
            }));
        }
        let mut f = self.finding(
            texts, account_id, &v.region, v.resource, status, v.message, evidence,
        );
        if let Some(t) = v.resource_type {
            f.resource_type = t.into();
        }
        if let Some(severity) = v.severity {
            f.severity = severity;
        }
        f
    }

    #[allow(clippy::too_many_arguments)]
    fn finding(
        &self,
        texts: &CheckTexts,
        account_id: &Arc<str>,
        region: &str,
        resource: String,
        status: Status,
        message: String,
        evidence: Evidence,
    ) -> Finding {
        Finding {
            id: finding_id(&texts.id, account_id, region, &resource),
            check: texts.id.clone(),
            controls: texts.controls.clone(),
            title: texts.title.clone(),
            status,
            severity: texts.severity,
            account_id: account_id.clone(),
            region: region.to_string(),
            resource,
            resource_type: texts.resource_type.clone(),
            message,
            evidence,
            remediation: texts.remediation.clone(),
            attestation: None,
            waiver: None,
        }
    }

    /// The framework's manual parts, one `manual` finding each, on the organization (management
    /// account) or the single scanned account.
    fn manual_findings(&self, snapshot: &Snapshot, attestations: &[Attestation]) -> Vec<Finding> {
        let day: String = snapshot.collected_at.chars().take(10).collect();
        let owner = snapshot
            .organization
            .as_ref()
            .and_then(Section::data)
            .map(|o| o.management_account_id.clone())
            .or_else(|| snapshot.accounts.first().map(|a| a.account_id.clone()))
            .unwrap_or_default();
        let mut out = Vec::new();
        for control in &self.framework.controls {
            for part in &control.manual {
                let resource = format!("caliper:manual:{}", part.id);
                let attestation = attestations.iter().find(|a| a.part == part.id);
                let (status, message) = match attestation {
                    None => (Status::Manual, part.text.clone()),
                    Some(a) => attested(&part.text, a, &day),
                };
                out.push(Finding {
                    id: finding_id(&part.id, &owner, "global", &resource),
                    check: part.id.as_str().into(),
                    controls: vec![control.id.clone()].into(),
                    title: format!("{}: attestation required", control.title).into(),
                    status,
                    severity: Severity::Info,
                    account_id: owner.as_str().into(),
                    region: "global".into(),
                    resource,
                    resource_type: MANUAL_PART.into(),
                    message,
                    attestation: attestation.cloned().map(Box::new),
                    waiver: None,
                    evidence: Evidence {
                        operations: Arc::from([]),
                        values: Values::from_map(&serde_json::Map::from_iter([(
                            "requirement".to_string(),
                            serde_json::Value::from(part.text.as_str()),
                        )])),
                        error: None,
                    },
                    remediation: "Attest this part with evidence (document, owner, date).".into(),
                });
            }
        }
        out
    }
}

/// The section at `parts` below `value`, as collected. A list section's items keep their own
/// plain fields (name, region, ARN) and the sub-section asked for (`s3.buckets.policy`).
fn section_at(value: &serde_json::Value, parts: &[&str]) -> serde_json::Value {
    use serde_json::Value;
    // An account or region that could not be read at all: its error covers every section.
    if let Some(error) = value.get("error").filter(|e| !e.is_null()) {
        return serde_json::json!({ "error": error });
    }
    let Some((first, rest)) = parts.split_first() else {
        return value.clone();
    };
    let next = &value[*first];
    if rest.is_empty() {
        return next.clone();
    }
    match next.get("data") {
        // A list section: descend into each item of its data.
        Some(Value::Array(items)) => {
            let items: Vec<Value> = items
                .iter()
                .map(|item| {
                    let mut kept: serde_json::Map<String, Value> = item
                        .as_object()
                        .into_iter()
                        .flatten()
                        .filter(|(_, v)| !v.is_object() && !v.is_array())
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect();
                    kept.insert(rest.join("."), section_at(item, rest));
                    Value::Object(kept)
                })
                .collect();
            serde_json::json!({"source": next["source"], "items": items})
        }
        Some(data) => section_at(data, rest),
        // A plain container (`iam`, `s3`, `ec2`), or an error entry that covers what is below.
        None => section_at(next, rest),
    }
}

/// Turns failures that an unexpired waiver matches into `waived` (the first matching waiver
/// wins) and reports how each waiver fared. `day` is the snapshot's collection day.
fn apply_waivers(findings: &mut [Finding], waivers: &[Waiver], day: &str) -> Vec<WaiverUse> {
    let mut uses: Vec<WaiverUse> = waivers
        .iter()
        .enumerate()
        .map(|(i, w)| WaiverUse {
            index: i + 1,
            owner: w.owner.clone(),
            expires: w.expires_day(),
            waived: 0,
            expired: w.expires_day().as_str() < day,
            would_match: 0,
        })
        .collect();
    if waivers.is_empty() {
        return uses;
    }
    // A person's attested fail is not waived: the part is attested again instead.
    for f in findings
        .iter_mut()
        .filter(|f| f.status == Status::Fail && !f.is_manual_part())
    {
        let matching: Vec<(usize, &Waiver)> = waivers
            .iter()
            .enumerate()
            .filter(|(_, w)| w.matches(&f.check, &f.account_id, &f.region, &f.resource))
            .collect();
        // Every expired waiver that matches is told how many failures gate again because of it.
        for (i, _) in &matching {
            if uses[*i].expired {
                uses[*i].would_match += 1;
            }
        }
        for (i, w) in matching {
            if uses[i].expired {
                continue;
            }
            uses[i].waived += 1;
            f.status = Status::Waived;
            f.waiver = Some(Box::new(AppliedWaiver {
                index: i + 1,
                reason: w.reason.clone(),
                owner: w.owner.clone(),
                expires: w.expires_day(),
            }));
            break;
        }
    }
    uses
}

/// The status and message of a manual part that an attestation names, judged at `day` (the
/// snapshot's collection day, `YYYY-MM-DD`).
fn attested(text: &str, a: &Attestation, day: &str) -> (Status, String) {
    let status = match a.status {
        AttestedStatus::Pass => Status::Pass,
        AttestedStatus::Fail => Status::Fail,
    };
    if let Some(problem) = &a.problem {
        (
            Status::Error,
            format!(
                "{text}; the attestation in {} cannot be relied on: {problem}; attach the \
                 current file and attest again",
                a.file
            ),
        )
    } else if a.expired_at(day) {
        (
            Status::Manual,
            format!(
                "{text}; the attestation by {} in {} expired on {} (the snapshot is of {day}), \
                 so it no longer counts: attest again",
                a.owner, a.file, a.expires
            ),
        )
    } else {
        (
            status,
            format!(
                "{text}; attested {} by {} on {} (valid until {}): {}",
                status.as_str(),
                a.owner,
                a.date,
                a.expires,
                a.justification
            ),
        )
    }
}

fn operations_of(check: &Check) -> Vec<String> {
    check
        .meta
        .sections
        .iter()
        .filter_map(|s| crate::model::sections::find(s).map(|d| d.action().to_string()))
        .collect()
}

fn to_value<T: serde::Serialize>(v: &T) -> Value {
    rego_value::to_rego(v).expect("model types serialize")
}

pub fn account_arn(account_id: &str) -> String {
    format!("arn:aws:::{account_id}:account")
}

/// Stable: the same check, account, region and resource give the same id in every scan.
pub fn finding_id(check: &str, account: &str, region: &str, resource: &str) -> String {
    let mut h = Sha256::new();
    for part in [check, account, region, resource] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut id = String::with_capacity(16);
    for b in h.finalize().iter().take(8) {
        id.push(char::from(HEX[usize::from(b >> 4)]));
        id.push(char::from(HEX[usize::from(b & 0x0f)]));
    }
    id
}

/// SHA-256 over the non-test Rego files (in path order) and the framework file, each as its path
/// and text, NUL-separated.
fn rules_sha256(rule_sources: &[(String, String)], framework: &Framework) -> String {
    let mut files: Vec<(&str, &str)> = rule_sources
        .iter()
        .map(|(path, text)| (path.as_str(), text.as_str()))
        .collect();
    files.sort();
    files.push((&framework.file, &framework.source));
    let mut h = Sha256::new();
    for (path, text) in files {
        h.update(path.as_bytes());
        h.update([0]);
        h.update(text.as_bytes());
        h.update([0]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}
