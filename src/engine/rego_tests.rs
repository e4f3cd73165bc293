//! `caliper controls test`: runs every `test_*` rule of the `_test.rego` files, like `opa test`
//! (regorus has no test runner of its own).

use super::catalog::Catalog;
use super::{Error, new_rego_engine};

/// The outcome of one Rego test.
#[derive(Debug, Clone)]
pub struct TestOutcome {
    pub file: String,
    pub name: String,
    /// `None` when it passed, else why not.
    pub failure: Option<String>,
}

/// Compiles every Rego file of the catalog and evaluates each test rule.
pub fn run(catalog: &Catalog) -> Result<Vec<TestOutcome>, Error> {
    let mut rego = new_rego_engine();
    for file in &catalog.rego {
        rego.add_policy(file.path.clone(), file.text.clone())
            .map_err(Error::rego)?;
    }
    let mut outcomes = Vec::new();
    for file in catalog.rego.iter().filter(|f| f.is_test()) {
        let package = file.package()?;
        let mut names: Vec<&str> = file
            .text
            .lines()
            .filter_map(|l| {
                let name: &str = l
                    .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .next()?;
                name.starts_with("test_").then_some(name)
            })
            .collect();
        names.dedup();
        for name in names {
            let failure = match rego.eval_rule(format!("{package}.{name}")) {
                Ok(regorus::Value::Bool(true)) => None,
                Ok(regorus::Value::Undefined) => {
                    Some("undefined (a condition did not hold)".to_string())
                }
                Ok(other) => Some(format!("evaluated to {other}")),
                Err(e) => Some(format!("error: {e}")),
            };
            outcomes.push(TestOutcome {
                file: file.path.clone(),
                name: name.to_string(),
                failure,
            });
        }
    }
    Ok(outcomes)
}
