//! Proven under denial: for every operation on the collector's allowlist, a scan of the moto
//! organization through the proxy (tests/it/proxy.rs) that answers only that operation with
//! AccessDenied. The checks that read its data are `error` naming its IAM action; every other
//! verdict is the undenied scan's; no verdict is dropped without an error in its place; the
//! denial is on record (an error finding or the scope's unreadable list names the action); the
//! scan exits 3. Without the few calls that find the organization, caliper says it could not run.

use std::collections::{BTreeMap, BTreeSet};

use caliper::collect::guard::ALLOWLIST;
use serde_json::Value;

use super::e2e::{REGIONS, scanned};
use super::moto::caliper_as;
use super::proxy::{Outcome, Plan, Proxy};
use super::root;

/// Operations without which no organization scan can start: who the caller is, and which
/// accounts the organization holds.
const STOPS: &[&str] = &[
    "sts:GetCallerIdentity",
    "organizations:DescribeOrganization",
    "organizations:ListAccounts",
];

/// The region the seeded organization has not opted in to. caliper learns that from
/// ec2:DescribeRegions; with that denied it reads each region named by --regions, and moto,
/// unlike AWS, answers for this one.
const NOT_OPTED_IN: &str = "me-south-1";

/// (check, account, region, resource) -> (status, message). Verdicts are compared by status: the
/// messages carry request ids and the auditor key's last use, which change from scan to scan.
type Verdicts = BTreeMap<(String, String, String, String), (String, String)>;

fn verdicts(findings: &Value) -> Verdicts {
    let text = |f: &Value, k: &str| f[k].as_str().unwrap_or_default().to_string();
    findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] != "manual")
        .map(|f| {
            (
                (
                    text(f, "check"),
                    text(f, "account_id"),
                    text(f, "region"),
                    text(f, "resource"),
                ),
                // A waived failure is a failure.
                (
                    text(f, "status").replace("waived", "fail"),
                    text(f, "message"),
                ),
            )
        })
        .collect()
}

/// The verdicts whose status differs between two scans, or that only one of them has.
fn differences(before: &Verdicts, after: &Verdicts) -> Vec<String> {
    let keys: BTreeSet<_> = before.keys().chain(after.keys()).collect();
    keys.into_iter()
        .filter(|k| before.get(*k).map(|v| &v.0) != after.get(*k).map(|v| &v.0))
        .map(|k| format!("{k:?}: {:?}, then {:?}", before.get(k), after.get(k)))
        .collect()
}

/// `caliper scan --org` through `endpoint`, with the critical failures of the seeded
/// organization waived and gating on critical only, so that the exit code says whether the scan
/// was complete (3) rather than that it found failures (1).
fn scan(endpoint: &str) -> (i32, String, Option<Value>) {
    let s = scanned();
    let dir = tempfile::tempdir().unwrap();
    let mut config = std::fs::read_to_string(root().join("tests/e2e/caliper.toml")).unwrap();
    for check in [
        "iam.root-mfa",
        "iam.role-trust-open",
        "iam.root-access-keys",
    ] {
        config.push_str(&format!(
            "\n[[waivers]]\ncheck = \"{check}\"\nreason = \"the matrix gates on completeness\"\nowner = \"tests\"\nexpires = 2999-12-31\n"
        ));
    }
    let config_path = dir.path().join("caliper.toml");
    std::fs::write(&config_path, config).unwrap();
    let out = caliper_as(&s.seed)
        .args([
            "scan",
            "--org",
            "--quiet",
            "--cost-explorer",
            "--fail-on",
            "critical",
        ])
        .args(["--endpoint-url", endpoint, "--regions", REGIONS, "--config"])
        .arg(&config_path)
        .arg("--out")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    let findings = std::fs::read(dir.path().join("out/findings.json"))
        .ok()
        .map(|b| serde_json::from_slice(&b).unwrap());
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        findings,
    )
}

/// What is wrong with the scan `findings` (where `action` was denied) against the undenied `base`.
fn problems(base: &Verdicts, findings: &Value, action: &str) -> Vec<String> {
    let denied = verdicts(findings);
    let names =
        |(status, message): &(String, String)| status == "error" && message.contains(action);
    let exempt = |key: &(String, String, String, String)| {
        action == "ec2:DescribeRegions" && key.2 == NOT_OPTED_IN
    };
    let mut out = Vec::new();
    for (key, verdict) in &denied {
        let same = base.get(key).map(|b| &b.0) == Some(&verdict.0);
        // A global verdict replaced by errors per region lists the region not opted in as
        // not applicable beside them.
        let beside = verdict.0 == "not_applicable" && key.2 == NOT_OPTED_IN;
        if !same && !names(verdict) && !exempt(key) && !beside {
            out.push(format!(
                "{key:?}: {verdict:?}, undenied {:?}",
                base.get(key)
            ));
        }
    }
    for key in base
        .keys()
        .filter(|k| !denied.contains_key(*k) && !exempt(k))
    {
        let replaced = denied
            .iter()
            .any(|(k, v)| k.0 == key.0 && k.1 == key.1 && names(v));
        if !replaced {
            out.push(format!("{key:?} dropped without an error naming {action}"));
        }
    }
    // The denial is on record: as an error finding, or (when no verdict needed the data) in the
    // scope's list of what could not be read.
    let in_scope = findings["scan"]["scope"]["unreadable"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|u| u["error"]["action"] == action);
    if !denied.values().any(names) && !in_scope && action != "ec2:DescribeRegions" {
        out.push(format!("neither a finding nor the scope names {action}"));
    }
    out
}

#[test]
fn every_denied_action_is_error_for_what_it_reads_and_changes_nothing_else() {
    let s = scanned();
    let clean = Proxy::start(&s.moto.endpoint, Plan::default());
    let (exit, stderr, findings) = scan(&clean.endpoint);
    let findings = findings.unwrap_or_else(|| panic!("no findings: {stderr}"));
    // The seeded organization has an unassumable member and a denied bucket policy already.
    assert_eq!(exit, 3, "{stderr}");
    let base = verdicts(&findings);
    // Through the proxy, the scan is the direct scan.
    let differ = differences(&verdicts(&s.findings), &base);
    assert!(
        differ.is_empty(),
        "through the proxy:\n{}",
        differ.join("\n")
    );
    let called = clean.operations();
    let unknown: Vec<_> = called
        .iter()
        .filter(|o| o.starts_with("unknown:"))
        .collect();
    assert!(
        unknown.is_empty(),
        "requests the proxy cannot name: {unknown:?}"
    );
    // What went over the wire, named from the wire alone, is on the allowlist and a read by IAM.
    let sent: Vec<&str> = called
        .iter()
        .map(|api| {
            ALLOWLIST
                .iter()
                .find(|op| &op.api() == api)
                .unwrap_or_else(|| panic!("{api} was sent but is not on the allowlist"))
                .action
        })
        .collect();
    super::moto::assert_iam_reads("sent to AWS", sent);

    let mut failures = Vec::new();
    let mut not_called = BTreeSet::new();
    for op in ALLOWLIST {
        let api = op.api();
        if !called.contains(&api) {
            not_called.insert(api);
            continue;
        }
        let proxy = Proxy::start(
            &s.moto.endpoint,
            Plan {
                deny: Some(api.clone()),
                ..Plan::default()
            },
        );
        let (exit, stderr, findings) = scan(&proxy.endpoint);
        let denied: u64 = proxy
            .log()
            .iter()
            .filter(|((o, outcome), _)| *o == api && *outcome == Outcome::Denied)
            .map(|(_, n)| n)
            .sum();
        assert!(denied > 0, "{api}: nothing was denied");
        let mut found = Vec::new();
        if STOPS.contains(&api.as_str()) {
            // Without this call there is no organization to scan: caliper says it could not
            // run, naming the action, and writes nothing.
            if exit != 4 || !stderr.contains(op.action) || findings.is_some() {
                let written = findings.is_some();
                found.push(format!(
                    "exit {exit}, findings written: {written}: {stderr}"
                ));
            }
        } else {
            match findings {
                Some(findings) => found = problems(&base, &findings, op.action),
                None => found.push(format!("no findings written: {stderr}")),
            }
            if exit != 3 {
                found.push(format!("exit {exit}, not 3: {stderr}"));
            }
        }
        failures.extend(
            found
                .into_iter()
                .map(|p| format!("deny {api} ({}): {p}", op.action)),
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Every operation on the allowlist was denied once, but those the seeded organization gives
    // no occasion to call.
    assert_eq!(
        not_called,
        BTreeSet::new(),
        "operations the clean scan did not call"
    );
}

/// Outcome -> requests, over every operation.
fn outcomes(proxy: &Proxy) -> BTreeMap<Outcome, u64> {
    let mut out = BTreeMap::new();
    for ((_, outcome), n) in proxy.log() {
        *out.entry(outcome).or_default() += n;
    }
    out
}

/// Faults that the retries absorb change nothing: a fifth of all requests answered with
/// throttling (in each protocol's own format), a 5xx, a connection closed without an answer, or
/// a 3-second stall gives the clean scan's verdicts and exit code.
#[test]
fn a_fifth_of_requests_faulted_gives_the_clean_verdicts() {
    let s = scanned();
    let clean = Proxy::start(&s.moto.endpoint, Plan::default());
    let started = std::time::Instant::now();
    let (clean_exit, _, base) = scan(&clean.endpoint);
    let clean_time = started.elapsed();
    let faulty = Proxy::start(
        &s.moto.endpoint,
        Plan {
            fault_rate: 0.2,
            stall: std::time::Duration::from_secs(3),
            seed: 7,
            ..Plan::default()
        },
    );
    let started = std::time::Instant::now();
    let (exit, stderr, findings) = scan(&faulty.endpoint);
    let faulty_time = started.elapsed();
    let injected = outcomes(&faulty);
    // Not a timing assertion: the figures, for the record (see docs/reporting.md).
    eprintln!(
        "clean scan {clean_time:.1?}; with 20 % faults {faulty_time:.1?}; requests: {injected:?}"
    );
    for kind in [
        Outcome::Throttled,
        Outcome::ServerError,
        Outcome::Closed,
        Outcome::Stalled,
    ] {
        assert!(injected.get(&kind).copied().unwrap_or(0) > 0, "no {kind:?}");
    }
    let base = verdicts(&base.unwrap());
    let findings = findings.unwrap_or_else(|| panic!("no findings: {stderr}"));
    let differ = differences(&base, &verdicts(&findings));
    assert!(differ.is_empty(), "{}", differ.join("\n"));
    assert_eq!(exit, clean_exit, "{stderr}");
}

/// A fault that outlasts the retries is an error entry naming the operation, never a gap: every
/// GetBucketPolicy answered with throttling.
#[test]
fn throttling_that_outlasts_the_retries_is_an_error_naming_the_action() {
    let s = scanned();
    let proxy = Proxy::start(
        &s.moto.endpoint,
        Plan {
            throttle: Some("s3:GetBucketPolicy".into()),
            ..Plan::default()
        },
    );
    let (exit, stderr, findings) = scan(&proxy.endpoint);
    let findings = findings.unwrap_or_else(|| panic!("no findings: {stderr}"));
    assert_eq!(exit, 3, "{stderr}");
    let tls: Vec<&Value> = findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["check"] == "s3.bucket-tls-only"
                && f["resource"].as_str().unwrap().starts_with("arn:aws:s3:::")
        })
        .collect();
    assert!(!tls.is_empty());
    for f in tls {
        let m = f["message"].as_str().unwrap();
        assert!(
            f["status"] == "error" && m.contains("s3:GetBucketPolicy"),
            "{f}"
        );
    }
    assert!(
        findings["scan"]["scope"]["unreadable"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["error"]["reason"] == "throttled"
                && u["error"]["action"] == "s3:GetBucketPolicy"),
        "the scope records the throttled section"
    );
}
