//! No secret reaches caliper's outputs: an account seeded with an access key's secret, a console
//! password, a Lambda environment variable, an SSM SecureString and EC2 user data
//! (tests/e2e/seed_secrets.py) is scanned, and none of those values appears in the snapshot, the
//! findings or the reports.

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use super::moto::{Moto, caliper_as, venv};
use super::root;

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn no_secret_in_the_account_reaches_a_snapshot_findings_or_report() {
    let moto = Moto::start();
    let out = Command::new(venv().join("bin/python"))
        .arg(root().join("tests/e2e/seed_secrets.py"))
        .arg(&moto.endpoint)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "seed_secrets.py: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seeded: Value = serde_json::from_slice(&out.stdout).unwrap();
    let secrets: Vec<&str> = seeded["secrets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(secrets.len(), 6);
    let dir = tempfile::tempdir().unwrap();
    // moto does not check signatures; the account's own (fake) credentials scan it.
    let creds = json!({"auditor": {"access_key_id": "seed", "secret_access_key": "seed"}});
    let run = caliper_as(&creds)
        .args(["scan", "--quiet", "--endpoint-url", &moto.endpoint])
        .args(["--regions", "us-east-1", "--format", "md,html", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        matches!(run.status.code(), Some(0 | 1 | 3)),
        "{:?}: {stderr}",
        run.status
    );
    let mut written = Vec::new();
    files(dir.path(), &mut written);
    let names: Vec<String> = written
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for expected in ["snapshot.json", "findings.json", "report.md", "report.html"] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
    // The scan saw the user whose secrets these are.
    let snapshot = std::fs::read_to_string(dir.path().join("snapshot.json")).unwrap();
    assert!(
        snapshot.contains("carol"),
        "the scan did not read the seeded user"
    );
    for path in &written {
        let bytes = std::fs::read(path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for secret in &secrets {
            assert!(
                !text.contains(secret),
                "{} holds the secret {secret:?}",
                path.display()
            );
        }
    }
    assert!(!stderr.contains(secrets[0]));
}
