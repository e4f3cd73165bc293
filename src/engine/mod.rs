//! Evaluation: snapshot + checks → findings. Owns the Rego engine, the frameworks and the rule
//! that missing data becomes `error`, never `pass`. Knows nothing of the AWS SDK or rendering.

pub mod catalog;
pub mod docs;
pub mod rego_tests;
mod rego_value;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use rayon::prelude::*;
use regorus::Value;
use sha2::{Digest, Sha256};

pub use catalog::{Catalog, Check, DEFAULT_FRAMEWORK, Framework};

use crate::model::attestation::AttestedStatus;
use crate::model::faults::{Fault, SECTIONS, account_faults, organization_faults};
use crate::model::findings::MANUAL_PART;
use crate::model::findings::{ControlSummary, FINDINGS_SCHEMA, Scan, Summary};
use crate::model::io::line_col;
use crate::model::section::items;
use crate::model::snapshot::{Account, Snapshot, Tool};
use crate::model::waiver::{AppliedWaiver, Waiver, WaiverUse};
use crate::model::{
    Attestation, Config, ErrorReason, Evidence, Finding, Findings, Section, Severity, Status,
    Values,
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

/// One verdict as a check returns it (see `controls/lib/lib.rego`).
struct Verdict {
    status: String,
    resource: String,
    region: String,
    message: String,
    values: Values,
    resource_type: Option<String>,
    /// The check proved this verdict from data it had (e.g. a qualifying trail was found), so
    /// data missing elsewhere cannot change it; only a fault on its own resource drops it.
    proven: bool,
    /// A severity for this verdict instead of the check's (e.g. an access key past the age limit).
    severity: Option<Severity>,
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
            Some(compile_program(&mut rego, &catalog.checks, &texts)?)
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
                    let action = crate::model::faults::action_of(path);
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
                let regional = crate::model::faults::REGIONAL
                    .iter()
                    .any(|p| path.starts_with(p));
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
        let shared = Shared {
            collected_at: snapshot.collected_at.clone(),
            organization: to_value(&snapshot.organization),
            config: to_value(config),
            scan: to_value(&scan_context(&snapshot)),
            collected_at_ns,
            org_faults: organization_faults(&snapshot),
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
                        let dropped = relevant.iter().any(|f| {
                            if f.resource.as_ref().is_some_and(|r| *r == v.resource) {
                                return true;
                            }
                            if v.proven {
                                // Proven from data the check had: stands whatever is missing
                                // elsewhere.
                                return false;
                            }
                            if v.region == "global" {
                                // Global verdicts may aggregate over the missing data; a
                                // disabled region holds no resources, so it leaves them complete.
                                return f.error.reason != ErrorReason::RegionDisabled;
                            }
                            match (&f.resource, &f.region) {
                                (Some(_), _) => false,
                                (None, Some(region)) => *region == v.region,
                                (None, None) => true,
                            }
                        });
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

    /// One `error` finding per (region, resource) whose data the check needed but is missing.
    fn error_findings(
        &self,
        texts: &CheckTexts,
        account_id: &Arc<str>,
        faults: &[&Fault],
    ) -> Vec<Finding> {
        let mut grouped: BTreeMap<(String, String), Vec<&Fault>> = BTreeMap::new();
        for f in faults {
            let region = f.region.clone().unwrap_or_else(|| "global".into());
            let resource = f
                .resource
                .clone()
                .unwrap_or_else(|| account_arn(account_id));
            grouped.entry((region, resource)).or_default().push(f);
        }
        grouped
            .into_iter()
            .map(|((region, resource), fs)| {
                let causes: Vec<String> = fs
                    .iter()
                    .map(|f| {
                        format!(
                            "{} on {} ({})",
                            f.error.reason.as_str(),
                            f.error.action,
                            f.error.message
                        )
                    })
                    .collect();
                let mut actions: Vec<String> = fs.iter().map(|f| f.error.action.clone()).collect();
                actions.dedup();
                let scope = if region == "global" {
                    String::new()
                } else {
                    format!(" in {region}")
                };
                // A region the account has not enabled holds no resources: nothing to judge,
                // which is not an error and does not make the scan incomplete.
                let disabled = fs
                    .iter()
                    .all(|f| f.error.reason == ErrorReason::RegionDisabled);
                // A scan of standalone accounts has no organization data: what only AWS
                // Organizations shows (a member's root e-mail) is for a person to confirm.
                let standalone = fs.iter().all(|f| {
                    f.path == "organization" && f.error.reason == ErrorReason::Unsupported
                });
                let (status, message) = if standalone {
                    (
                        Status::Manual,
                        format!(
                            "not judged automatically: {} reads data only AWS Organizations \
                             gives, and this scan has none ({}); confirm it by hand for account \
                             {account_id}, or scan from the management account with --org",
                            texts.id, fs[0].error.message
                        ),
                    )
                } else if disabled {
                    (
                        Status::NotApplicable,
                        format!(
                            "not applicable{scope}: the region is not enabled for account \
                             {account_id} ({}), so it holds no resources to judge",
                            fs[0].error.message
                        ),
                    )
                } else {
                    (
                        Status::Error,
                        format!(
                            "not evaluated{scope}: {}; {}",
                            causes.join("; "),
                            next_steps(&fs)
                        ),
                    )
                };
                let values = serde_json::Map::from_iter([(
                    "sections".to_string(),
                    serde_json::json!(fs.iter().map(|f| f.path).collect::<Vec<_>>()),
                )]);
                let evidence = Evidence {
                    operations: actions.into(),
                    values: Values::from_map(&values),
                    error: Some(Box::new(fs[0].error.clone())),
                };
                self.finding(
                    texts, account_id, &region, resource, status, message, evidence,
                )
            })
            .collect()
    }

    /// The one `error` finding for a region a service control policy closes to the scanning
    /// role, naming the checks (by index) it kept from judging the region.
    fn closed_region_finding(
        &self,
        account_id: &Arc<str>,
        region: &str,
        checks: &std::collections::BTreeSet<usize>,
        faults: &[Fault],
    ) -> Finding {
        let ids: Vec<&str> = checks.iter().map(|&i| &*self.texts[i].id).collect();
        let mut controls: Vec<String> = checks
            .iter()
            .flat_map(|&i| self.texts[i].controls.iter().cloned())
            .collect();
        controls.sort();
        controls.dedup();
        let in_region: Vec<&Fault> = faults
            .iter()
            .filter(|f| f.region.as_deref() == Some(region))
            .collect();
        let mut actions: Vec<String> = in_region.iter().map(|f| f.error.action.clone()).collect();
        actions.sort();
        actions.dedup();
        let first = &in_region[0].error;
        let texts = CheckTexts {
            id: CLOSED_REGION_CHECK.into(),
            controls: controls.into(),
            title: "Region closed to the scanning role by a service control policy".into(),
            severity: Severity::Info,
            resource_type: "AWS::::Account".into(),
            remediation: crate::model::faults::SCP_REGION_ADVICE.into(),
            operations: actions.clone().into(),
            scoped: false,
        };
        let values = serde_json::Map::from_iter([
            ("checks".to_string(), serde_json::json!(ids)),
            (
                "sections".to_string(),
                serde_json::json!(in_region.iter().map(|f| f.path).collect::<Vec<_>>()),
            ),
        ]);
        self.finding(
            &texts,
            account_id,
            region,
            account_arn(account_id),
            Status::Error,
            format!(
                "not evaluated in {region}: a service control policy denies the scanning role \
                 every read there ({} on {}: {}), so {} check(s) could not judge the region: {}; \
                 {}",
                first.reason.as_str(),
                first.action,
                first.message,
                ids.len(),
                ids.join(", "),
                crate::model::faults::SCP_REGION_ADVICE
            ),
            Evidence {
                operations: actions.into(),
                values: Values::from_map(&values),
                error: Some(Box::new(first.clone())),
            },
        )
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

    fn summarize(&self, findings: &[Finding]) -> Summary {
        // Attested results are counted apart from results checked against AWS.
        let mut statuses = BTreeMap::new();
        let mut attested = BTreeMap::new();
        for f in findings {
            let map = if f.is_attested() {
                &mut attested
            } else {
                &mut statuses
            };
            *map.entry(f.status).or_insert(0) += 1;
        }
        // One pass over the findings: per control id, the count of each status.
        type Counts = (BTreeMap<Status, usize>, BTreeMap<Status, usize>);
        let mut by_control: std::collections::HashMap<&str, Counts> = self
            .framework
            .controls
            .iter()
            .map(|c| (c.id.as_str(), Counts::default()))
            .collect();
        for f in findings {
            for (i, id) in f.controls.iter().enumerate() {
                // A control named twice in one finding counts once, as with `contains`.
                if f.controls[..i].contains(id) {
                    continue;
                }
                if let Some((checked, attested)) = by_control.get_mut(id.as_str()) {
                    let map = if f.is_attested() { attested } else { checked };
                    *map.entry(f.status).or_insert(0) += 1;
                }
            }
        }
        let controls = self
            .framework
            .controls
            .iter()
            .map(|c| {
                let (counts, attested) = by_control[c.id.as_str()].clone();
                let status = [
                    Status::Fail,
                    Status::Error,
                    Status::Manual,
                    Status::Waived,
                    Status::Pass,
                ]
                .into_iter()
                .find(|s| counts.contains_key(s) || attested.contains_key(s))
                .unwrap_or(Status::NotApplicable);
                ControlSummary {
                    id: c.id.clone(),
                    title: c.title.clone(),
                    status,
                    counts,
                    attested,
                }
            })
            .collect();
        Summary {
            statuses,
            attested,
            controls,
        }
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

/// A regorus engine with OPA semantics for builtin errors (they make a rule undefined).
pub fn new_rego_engine() -> regorus::Engine {
    let mut rego = regorus::Engine::new();
    rego.set_strict_builtin_errors(false);
    rego
}

/// Where a worker evaluates the checks of one account after another.
enum Runner {
    Vm(Box<regorus::rvm::RegoVM>),
    Interpreter(Box<regorus::Engine>),
}

impl Runner {
    fn set_input(&mut self, input: Value) {
        match self {
            Runner::Vm(vm) => vm.set_input(input),
            Runner::Interpreter(rego) => rego.set_input(input),
        }
    }

    fn run_check(&mut self, check: &Check) -> Result<Vec<Verdict>, String> {
        verdicts_of(self.run_rule(format!("{}.results", check.package))?)
    }

    /// The resources a check judges (its `scope` rule): ids as in its verdicts.
    fn run_scope(&mut self, check: &Check) -> Result<std::collections::HashSet<String>, String> {
        let items: Vec<Value> = match self.run_rule(format!("{}.scope", check.package))? {
            Value::Undefined => Vec::new(),
            Value::Set(s) => s.iter().cloned().collect(),
            Value::Array(a) => a.iter().cloned().collect(),
            other => {
                return Err(format!(
                    "`scope` must be a set of resource ids, got {other}"
                ));
            }
        };
        items
            .into_iter()
            .map(|v| match v {
                Value::String(s) => Ok(s.to_string()),
                other => Err(format!(
                    "`scope` must hold resource ids (strings), got {other}"
                )),
            })
            .collect()
    }

    fn run_rule(&mut self, rule: String) -> Result<Value, String> {
        match self {
            Runner::Vm(vm) => vm
                .execute_entry_point_by_name(&rule)
                .map_err(|e| e.to_string()),
            Runner::Interpreter(rego) => rego.eval_rule(rule).map_err(|e| e.to_string()),
        }
    }
}

/// The Rego VM instructions one check may execute on one account before it ends in an `error`
/// finding: a check that loops (regorus 0.14.1's VM never finishes some `else` functions, see
/// docs/writing-checks.md) must not hang the scan. The built-in checks need under 100 000 on an
/// account with 300 security groups and 500 policies; the default allows a thousand times that
/// (a few seconds). `CALIPER_MAX_INSTRUCTIONS` overrides it.
fn max_vm_instructions() -> usize {
    std::env::var("CALIPER_MAX_INSTRUCTIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000_000)
}

/// Compiles every check's `results` (and `scope`, where it has one) into one VM program.
fn compile_program(
    rego: &mut regorus::Engine,
    checks: &[Check],
    texts: &[CheckTexts],
) -> Result<std::sync::Arc<regorus::rvm::Program>, Error> {
    let mut rules: Vec<String> = Vec::new();
    for (c, t) in checks.iter().zip(texts) {
        rules.push(format!("{}.results", c.package));
        if t.scoped {
            rules.push(format!("{}.scope", c.package));
        }
    }
    let Some(first) = rules.first() else {
        return Err(Error::Usage("the catalog has no checks".into()));
    };
    let compile = |rego: &mut regorus::Engine, rules: &[&str]| {
        let policy = rego
            .compile_with_entrypoint(&rules[0].into())
            .map_err(|e| e.to_string())?;
        regorus::languages::rego::compiler::Compiler::compile_from_policy(&policy, rules)
            .map_err(|e| e.to_string())
    };
    let entry_points: Vec<&str> = rules.iter().map(String::as_str).collect();
    compile(rego, &entry_points).map_err(|all| {
        // Name the check the VM cannot run: compile them one by one.
        let culprit = checks.iter().find_map(|c| {
            let rule = format!("{}.results", c.package);
            compile(rego, &[rule.as_str()])
                .err()
                .map(|e| format!("check {} ({}): {e}", c.meta.id, c.file))
        });
        Error::rego(format!(
            "the Rego VM cannot compile {}; rewrite it without what the VM lacks (see \
             docs/writing-checks.md), or run the interpreter with CALIPER_REGO=interpreter",
            culprit.unwrap_or_else(|| format!("the checks ({first}...): {all}"))
        ))
    })
}

fn verdicts_of(value: Value) -> Result<Vec<Verdict>, String> {
    let items: Vec<Value> = match value {
        Value::Undefined => return Ok(Vec::new()),
        Value::Set(s) => s.iter().cloned().collect(),
        Value::Array(a) => a.iter().cloned().collect(),
        other => return Err(format!("`results` must be a set, got {other}")),
    };
    items
        .iter()
        .map(|v| verdict_of(v).map_err(|e| format!("malformed verdict {v}: {e}")))
        .collect()
}

/// Reads a verdict object (status, resource, region, message, optional values and
/// resource_type) straight from the Rego value.
fn verdict_of(v: &Value) -> Result<Verdict, String> {
    let object = v.as_object().map_err(|_| "not an object".to_string())?;
    // One pass over the fields, matching keys as strings: no key values to allocate per lookup.
    let mut fields: [Option<&Value>; 8] = [None; 8];
    const NAMES: [&str; 8] = [
        "status",
        "resource",
        "region",
        "message",
        "values",
        "resource_type",
        "proven",
        "severity",
    ];
    for (k, val) in object.iter() {
        if let Value::String(k) = k
            && let Some(i) = NAMES.iter().position(|n| **n == **k)
        {
            fields[i] = Some(val);
        }
    }
    let text = |i: usize| match fields[i] {
        Some(Value::String(s)) => Ok(s.to_string()),
        Some(other) => Err(format!(
            "field `{}` must be a string, got {other}",
            NAMES[i]
        )),
        None => Err(format!("missing field `{}`", NAMES[i])),
    };
    let values = match fields[4] {
        None => Values::default(),
        Some(v @ Value::Object(_)) => Values::from_serializable(v)?,
        Some(other) => return Err(format!("field `values` must be an object, got {other}")),
    };
    let resource_type = match fields[5] {
        None | Some(Value::Null) => None,
        Some(_) => Some(text(5)?),
    };
    let proven = match fields[6] {
        None | Some(Value::Bool(false)) => false,
        Some(Value::Bool(true)) => true,
        Some(other) => return Err(format!("field `proven` must be a boolean, got {other}")),
    };
    let severity = match fields[7] {
        None | Some(Value::Null) => None,
        Some(_) => {
            let name = text(7)?;
            Some(
                serde_json::from_value(serde_json::Value::String(name.clone()))
                    .map_err(|_| format!("field `severity` is not a severity: {name:?}"))?,
            )
        }
    };
    Ok(Verdict {
        status: text(0)?,
        resource: text(1)?,
        region: text(2)?,
        message: text(3)?,
        values,
        resource_type,
        proven,
        severity,
    })
}

fn operations_of(check: &Check) -> Vec<String> {
    check
        .meta
        .sections
        .iter()
        .filter_map(|s| {
            SECTIONS
                .iter()
                .find(|(p, _)| p == s)
                .map(|(_, a)| a.to_string())
        })
        .collect()
}

/// What the model decides about an account's resources, given to the checks as `input.facts` so
/// a rule is stated once, in Rust, for the collector, the missing-data gate and the checks:
/// `kms_rotation_not_applicable` maps a KMS key ARN to why it cannot rotate automatically.
fn facts_of(account: &Account) -> Value {
    let kms: BTreeMap<String, String> = account
        .regions
        .values()
        .flat_map(|r| crate::model::section::items(&r.kms.keys))
        .filter_map(|k| Some((k.arn.clone(), k.rotation_not_applicable()?)))
        .collect();
    to_value(&serde_json::json!({ "kms_rotation_not_applicable": kms }))
}

fn to_value<T: serde::Serialize>(v: &T) -> Value {
    rego_value::to_rego(v).expect("model types serialize")
}

/// The order of `findings.json`: by check, account, region, resource. Stable sorts keep ties in
/// the order the findings were made.
fn report_order(a: &Finding, b: &Finding) -> std::cmp::Ordering {
    (&a.check, &a.account_id, &a.region, &a.resource).cmp(&(
        &b.check,
        &b.account_id,
        &b.region,
        &b.resource,
    ))
}

/// The lists, each already in `report_order`, joined into one list in that order. A list holds
/// one account (or the manual findings), so it is a series of runs of one (check, account), and
/// runs of different lists never interleave: the runs are ordered and then moved into place in
/// parallel, instead of sorting millions of findings again. Should two lists share a (check,
/// account), they are joined and sorted.
fn merge_sorted(lists: Vec<Vec<Finding>>) -> Vec<Finding> {
    debug_assert!(
        lists
            .iter()
            .all(|l| l.is_sorted_by(|a, b| report_order(a, b).is_le()))
    );
    // (check, account, list, length) of every run, list by list.
    let mut runs: Vec<(&str, &str, usize, usize)> = Vec::new();
    for (i, list) in lists.iter().enumerate() {
        for run in list.chunk_by(|a, b| a.check == b.check && a.account_id == b.account_id) {
            runs.push((&run[0].check, &run[0].account_id, i, run.len()));
        }
    }
    let mut order: Vec<usize> = (0..runs.len()).collect();
    order.sort_unstable_by_key(|&r| (runs[r].0, runs[r].1, runs[r].2));
    let shared = order
        .windows(2)
        .any(|w| runs[w[0]].0 == runs[w[1]].0 && runs[w[0]].1 == runs[w[1]].1);
    // (list, length): the moves below need no text, and `lists` is no longer borrowed.
    let runs: Vec<(usize, usize)> = runs.iter().map(|r| (r.2, r.3)).collect();
    if shared {
        let mut all: Vec<Finding> = lists.into_iter().flatten().collect();
        all.par_sort_by(report_order);
        return all;
    }
    let total = lists.iter().map(Vec::len).sum();
    // Every place of the joined list, empty until its finding moves in. `Option<Finding>` is as
    // large as `Finding` (its `Arc`s leave a niche), so unwrapping at the end reuses the memory.
    let mut out: Vec<Option<Finding>> = std::iter::repeat_with(|| None).take(total).collect();
    // The destination of every run, cut from the new list in report order, then handed to the
    // run's list (whose runs are numbered in list order).
    let mut slots: Vec<Option<&mut [Option<Finding>]>> =
        std::iter::repeat_with(|| None).take(runs.len()).collect();
    let mut rest = &mut out[..];
    for &r in &order {
        let (head, tail) = rest.split_at_mut(runs[r].1);
        slots[r] = Some(head);
        rest = tail;
    }
    let mut per_list: Vec<Vec<&mut [Option<Finding>]>> = lists.iter().map(|_| Vec::new()).collect();
    for (slot, &(list, _)) in slots.into_iter().zip(&runs) {
        per_list[list].push(slot.expect("every run has a slot"));
    }
    per_list
        .into_par_iter()
        .zip(lists)
        .for_each(|(slots, list)| {
            let mut findings = list.into_iter();
            for dst in slots.into_iter().flatten() {
                *dst = findings.next();
            }
        });
    out.into_iter()
        .map(|f| f.expect("the runs fill every place"))
        .collect()
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

/// Indexes across all accounts that checks of one account need (see docs/writing-checks.md).
#[derive(serde::Serialize)]
struct ScanContext {
    bucket_owners: BTreeMap<String, String>,
    trail_buckets: BTreeMap<String, Vec<String>>,
}

fn scan_context(snapshot: &Snapshot) -> ScanContext {
    let mut bucket_owners = BTreeMap::new();
    let mut trail_buckets: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut add_trail = |t: &crate::model::snapshot::Trail| {
        if let Some(b) = &t.s3_bucket_name {
            let arns = trail_buckets.entry(b.clone()).or_default();
            if !arns.contains(&t.trail_arn) {
                arns.push(t.trail_arn.clone());
            }
        }
    };
    if let Some(org) = snapshot.organization.as_ref().and_then(Section::data) {
        items(&org.trails).for_each(&mut add_trail);
    }
    for account in &snapshot.accounts {
        for b in items(&account.s3.buckets) {
            bucket_owners.insert(b.name.clone(), account.account_id.clone());
        }
        for region in account.regions.values() {
            items(&region.cloudtrail.trails).for_each(&mut add_trail);
        }
    }
    ScanContext {
        bucket_owners,
        trail_buckets,
    }
}

/// Nanoseconds since the epoch of an RFC 3339 UTC time (`2026-11-20T10:00:00Z`, fractions and
/// offsets allowed).
pub fn parse_rfc3339_ns(t: &str) -> Option<i64> {
    let v = regorus::Value::from(t);
    let mut e = regorus::Engine::new();
    e.set_input(BTreeMap::from([(Value::from("t"), v)]).into());
    match e
        .eval_query("time.parse_rfc3339_ns(input.t)".into(), false)
        .ok()?
        .result
        .first()?
        .expressions
        .first()?
        .value
    {
        Value::Number(ref n) => n.as_i64(),
        _ => None,
    }
}

/// What the user can do about missing data, for each cause (each said once).
fn next_steps(faults: &[&Fault]) -> String {
    let mut steps: Vec<String> = Vec::new();
    for f in faults {
        let step = f.error.advice();
        if !steps.contains(&step) {
            steps.push(step);
        }
    }
    steps.join("; ")
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

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(check: &str, account: &str, resource: &str, message: &str) -> Finding {
        Finding {
            id: finding_id(check, account, "global", resource),
            check: check.into(),
            controls: Arc::from([]),
            title: "t".into(),
            status: Status::Pass,
            severity: Severity::Low,
            account_id: account.into(),
            region: "global".into(),
            resource: resource.into(),
            resource_type: "T".into(),
            message: message.into(),
            evidence: Evidence {
                operations: Arc::from([]),
                values: Values::default(),
                error: None,
            },
            remediation: "r".into(),
            attestation: None,
            waiver: None,
        }
    }

    /// Joins the lists with `merge_sorted` and with a plain stable sort, and compares.
    fn merged_as_sorted(lists: Vec<Vec<Finding>>) {
        let mut lists = lists;
        for list in &mut lists {
            list.sort_by(report_order);
        }
        let mut expected: Vec<Finding> = lists.iter().flatten().cloned().collect();
        expected.sort_by(report_order);
        assert_eq!(merge_sorted(lists), expected);
    }

    #[test]
    fn merging_account_lists_gives_the_order_of_one_stable_sort() {
        let account = |id: &str| {
            vec![
                finding("b.check", id, "r2", "first"),
                finding("a.check", id, "r1", "x"),
                finding("b.check", id, "r1", "y"),
                finding("b.check", id, "r2", "second, a tie kept after first"),
            ]
        };
        let manual = vec![finding("MANUAL-1", "222", "m", "attest")];
        merged_as_sorted(vec![account("333"), account("111"), manual, Vec::new()]);
    }

    #[test]
    fn lists_sharing_a_check_and_account_are_merged_by_sorting() {
        let one = vec![
            finding("a.check", "111", "r3", "one"),
            finding("b.check", "111", "r1", "one"),
        ];
        let two = vec![
            finding("a.check", "111", "r1", "two"),
            finding("a.check", "111", "r3", "two, after one's tie"),
        ];
        merged_as_sorted(vec![one, two]);
    }
}
