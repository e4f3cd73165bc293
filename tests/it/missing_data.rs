//! Missing data never becomes a verdict: the engine's guarantee, tested over every built-in check.

use caliper::engine::{Catalog, DEFAULT_FRAMEWORK, Engine};
use caliper::model::{Config, Findings, Snapshot, Status};
use serde_json::{Value, json};

fn example_json() -> Value {
    serde_json::from_str(&std::fs::read_to_string(super::example()).unwrap()).unwrap()
}

/// Evaluates in the Rego VM and checks that the interpreter agrees, finding for finding, so every
/// missing-data variant below also compares the two evaluators.
fn evaluate(snapshot: &Value) -> Findings {
    let catalog = Catalog::builtin().unwrap();
    let engine = Engine::new(&catalog, DEFAULT_FRAMEWORK).unwrap();
    assert!(
        engine.uses_vm(),
        "the built-in checks compile for the Rego VM"
    );
    let snapshot: Snapshot = serde_json::from_value(snapshot.clone()).unwrap();
    let config = Config::default();
    let findings = engine
        .evaluate(snapshot.clone(), "test", &config, &[])
        .unwrap();
    let mut interpreted = engine
        .with_interpreter()
        .evaluate(snapshot, "test", &config, &[])
        .unwrap();
    assert_eq!(
        interpreted.scan.evaluator.as_deref(),
        Some("regorus 0.14.1 interpreter")
    );
    interpreted.scan.evaluator = findings.scan.evaluator.clone();
    if findings != interpreted {
        // Name the findings that differ, not two whole documents.
        let line = |f: &caliper::model::Finding| {
            format!("{} {} {:?}: {}", f.check, f.resource, f.status, f.message)
        };
        let vm: Vec<String> = findings.findings.iter().map(line).collect();
        let int: Vec<String> = interpreted.findings.iter().map(line).collect();
        let only = |a: &[String], b: &[String]| {
            a.iter()
                .filter(|x| !b.contains(x))
                .cloned()
                .collect::<Vec<_>>()
        };
        panic!(
            "the VM and the interpreter disagree\nVM only:\n{}\ninterpreter only:\n{}",
            only(&vm, &int).join("\n"),
            only(&int, &vm).join("\n")
        );
    }
    findings
}

fn is_section(v: &Value) -> bool {
    v.as_object()
        .is_some_and(|o| o.len() == 2 && o.contains_key("source") && o.contains_key("data"))
}

fn denied(path: &str) -> Value {
    json!({"error": {"reason": "access_denied", "action": format!("test:{path}"), "message": "denied by the test"}})
}

/// Replaces every collected section for which `deny(section_path)` holds with an error entry.
/// Section paths are the snapshot's (`iam.summary`, `s3.buckets.policy`, `ec2.volumes`, ...).
fn deny_sections(v: &mut Value, path: &mut Vec<String>, deny: &dyn Fn(&str) -> bool) {
    // Region names stand in the path as "*" and are not part of the section path.
    let name = path
        .iter()
        .filter(|p| *p != "*")
        .cloned()
        .collect::<Vec<_>>()
        .join(".");
    if is_section(v) && deny(&name) {
        *v = denied(&name);
        return;
    }
    match v {
        Value::Object(map) => {
            let region_level = path.last().is_some_and(|p| p == "regions");
            for (k, child) in map.iter_mut() {
                // The data wrapper is not part of a section path.
                let skip = k == "data";
                if !skip {
                    path.push(if region_level { "*".into() } else { k.clone() });
                }
                deny_sections(child, path, deny);
                if !skip {
                    path.pop();
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|c| deny_sections(c, path, deny)),
        _ => {}
    }
}

/// Section path of a JSON location inside an account (drops `regions`) or the organization.
fn deny_in_snapshot(snapshot: &mut Value, deny: &dyn Fn(&str) -> bool) {
    let strip = |p: &str| {
        p.strip_prefix("regions.")
            .map(str::to_string)
            .unwrap_or_else(|| p.to_string())
    };
    let deny_stripped = |p: &str| deny(&strip(p));
    deny_sections(
        &mut snapshot["organization"],
        &mut vec!["organization".into()],
        &deny_stripped,
    );
    for account in snapshot["accounts"].as_array_mut().unwrap() {
        deny_sections(account, &mut Vec::new(), &deny_stripped);
    }
}

#[test]
fn every_check_gives_only_errors_when_nothing_was_collected() {
    let mut snapshot = example_json();
    deny_in_snapshot(&mut snapshot, &|_| true);
    let findings = evaluate(&snapshot);
    let catalog = Catalog::builtin().unwrap();
    for check in &catalog.checks {
        let statuses: Vec<Status> = findings
            .findings
            .iter()
            .filter(|f| *f.check == *check.meta.id)
            .map(|f| f.status)
            .collect();
        assert!(!statuses.is_empty(), "{}: no finding at all", check.meta.id);
        assert!(
            statuses.iter().all(|s| *s == Status::Error),
            "{}: {statuses:?}",
            check.meta.id
        );
    }
}

#[test]
fn every_check_declares_every_section_it_reads() {
    // Denying the sections a check does not declare must not change its verdicts; if it does,
    // the check reads data the engine does not guard.
    let original = evaluate(&example_json());
    let catalog = Catalog::builtin().unwrap();
    for check in &catalog.checks {
        let declared = &check.meta.sections;
        let mut snapshot = example_json();
        deny_in_snapshot(&mut snapshot, &|p| {
            !declared.iter().any(|d| {
                d == p || d.starts_with(&format!("{p}.")) || p.starts_with(&format!("{d}."))
            })
        });
        let verdicts = |f: &Findings| {
            // Messages may mention what is unknown; the verdict itself must not change.
            let mut v: Vec<(String, Status)> = f
                .findings
                .iter()
                .filter(|x| *x.check == *check.meta.id)
                .map(|x| (x.id.clone(), x.status))
                .collect();
            v.sort();
            v
        };
        // A check may notice undeclared missing data itself (`lib.unknown`), but it must never
        // turn it into a different verdict.
        let before = verdicts(&original);
        for v in verdicts(&evaluate(&snapshot))
            .into_iter()
            .filter(|v| v.1 != Status::Error)
        {
            assert!(
                before.contains(&v),
                "{} reads undeclared sections: {v:?} is new",
                check.meta.id
            );
        }
    }
}

#[test]
fn every_section_path_is_guarded_by_the_fault_walker_and_read_by_an_allowed_action() {
    use caliper::model::faults::{account_faults, organization_faults};
    use caliper::model::sections::SECTIONS;
    // Sections the example does not hold (newer than it); their walker code is exercised by the
    // verdict table instead.
    let absent = [
        "shadow_trails",
        "shadow_trails.status",
        "shadow_trails.event_selectors",
        "organization.iam_features",
        // An error entry beside the accounts, not a section: denied in the matrix (matrix.rs).
        "organization.ou_paths",
    ];
    for def in SECTIONS {
        let path = &def.path;
        // The operation that reads the section is one the read-only guard lets through.
        assert!(
            caliper::collect::guard::ALLOWLIST.contains(&def.op),
            "{path}: {} is not on the collector's allowlist",
            def.action()
        );
        if absent.contains(path) {
            continue;
        }
        let mut snapshot = example_json();
        deny_in_snapshot(&mut snapshot, &|p| p == *path);
        let snapshot: Snapshot = serde_json::from_value(snapshot).unwrap();
        let faults: Vec<_> = organization_faults(&snapshot)
            .into_iter()
            .chain(snapshot.accounts.iter().flat_map(account_faults))
            .collect();
        assert!(
            faults.iter().any(|f| f.path == *path),
            "denying {path} gives no fault with that path: {faults:?}"
        );
    }
}
