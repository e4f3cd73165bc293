//! Running the checks: the Rego VM (or the interpreter), its instruction budget, and reading the
//! verdicts a check returns.

use regorus::Value;

use super::catalog::Check;
use super::{CheckTexts, Error, Severity, Values};

/// One verdict as a check returns it (see `controls/lib/lib.rego`).
pub(super) struct Verdict {
    pub(super) status: String,
    pub(super) resource: String,
    pub(super) region: String,
    pub(super) message: String,
    pub(super) values: Values,
    pub(super) resource_type: Option<String>,
    /// The check proved this verdict from data it had (e.g. a qualifying trail was found), so
    /// data missing elsewhere cannot change it; only a fault on its own resource drops it.
    pub(super) proven: bool,
    /// A severity for this verdict instead of the check's (e.g. an access key past the age limit).
    pub(super) severity: Option<Severity>,
}

/// A regorus engine with OPA semantics for builtin errors (they make a rule undefined).
pub fn new_rego_engine() -> regorus::Engine {
    let mut rego = regorus::Engine::new();
    rego.set_strict_builtin_errors(false);
    rego
}

/// Where a worker evaluates the checks of one account after another.
pub(super) enum Runner {
    Vm(Box<regorus::rvm::RegoVM>),
    Interpreter(Box<regorus::Engine>),
}

impl Runner {
    pub(super) fn set_input(&mut self, input: Value) {
        match self {
            Runner::Vm(vm) => vm.set_input(input),
            Runner::Interpreter(rego) => rego.set_input(input),
        }
    }

    pub(super) fn run_check(&mut self, check: &Check) -> Result<Vec<Verdict>, String> {
        verdicts_of(self.run_rule(format!("{}.results", check.package))?)
    }

    /// The resources a check judges (its `scope` rule): ids as in its verdicts.
    pub(super) fn run_scope(
        &mut self,
        check: &Check,
    ) -> Result<std::collections::HashSet<String>, String> {
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

    pub(super) fn run_rule(&mut self, rule: String) -> Result<Value, String> {
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
pub(super) fn max_vm_instructions() -> usize {
    std::env::var("CALIPER_MAX_INSTRUCTIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000_000)
}

/// Compiles every check's `results` (and `scope`, where it has one) into one VM program.
pub(super) fn compile_program(
    rego: &mut regorus::Engine,
    checks: &[Check],
    texts: &[CheckTexts],
    source_of: impl Fn(&str) -> String,
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
            compile(rego, &[rule.as_str()]).err().map(|e| {
                // Name the file and line: regorus's own location when it gives one, else the
                // check's package line.
                let at = if e.contains("--> ") {
                    c.file.clone()
                } else {
                    let line = source_of(&c.file)
                        .lines()
                        .position(|l| l.starts_with("package "))
                        .map_or(1, |i| i + 1);
                    format!("{}:{line}", c.file)
                };
                format!("{at}: the Rego VM cannot compile check {}: {e}", c.meta.id)
            })
        });
        Error::rego(match culprit {
            Some(c) => format!(
                "{c}; rewrite it without what the VM lacks (see docs/writing-checks.md), or run \
                 the interpreter with CALIPER_REGO=interpreter"
            ),
            None => format!("the Rego VM cannot compile the checks ({first}...): {all}"),
        })
    })
}

pub(super) fn verdicts_of(value: Value) -> Result<Vec<Verdict>, String> {
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
pub(super) fn verdict_of(v: &Value) -> Result<Verdict, String> {
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
