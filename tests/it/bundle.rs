//! The evidence bundle, checked the way an auditor checks it: `unzip`, `sha256sum -c` and
//! `ssh-keygen -Y verify` on the unpacked files, and `caliper verify` on the zip.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use super::*;

/// A signing key, the example scanned into `dir/scan` and bundled into `dir/evidence.zip`.
fn signed_example(dir: &Path) -> PathBuf {
    let out = caliper()
        .args([
            "keygen",
            "--comment",
            "auditor-test@partner.example",
            "--out",
        ])
        .arg(dir.join("key"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let scan = dir.join("scan");
    let out = scan_example(&scan);
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let zip = dir.join("evidence.zip");
    let out = caliper()
        .args(["bundle", "--scan"])
        .arg(&scan)
        .arg("--sign-key")
        .arg(dir.join("key"))
        .arg("--out")
        .arg(&zip)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    zip
}

fn verify(zip: &Path, key: Option<&Path>) -> std::process::Output {
    let mut cmd = caliper();
    cmd.arg("verify").arg(zip);
    if let Some(k) = key {
        cmd.arg("--public-key").arg(k);
    }
    cmd.output().unwrap()
}

fn stdout_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A tool the auditor has; the test command installs it where it is missing.
fn tool(name: &str) -> Command {
    let probe = Command::new(name).arg("--help").output();
    assert!(
        probe.is_ok(),
        "{name} is needed by this test (scripts/test installs it)"
    );
    Command::new(name)
}

#[test]
fn an_auditor_verifies_the_example_bundle_with_unzip_sha256sum_and_ssh_keygen() {
    let dir = tempfile::tempdir().unwrap();
    let zip = signed_example(dir.path());
    let out = verify(&zip, Some(&dir.path().join("key.pub")));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout_of(&out),
        stderr_of(&out)
    );
    assert!(stdout_of(&out).contains("intact"));

    let unpacked = dir.path().join("unpacked");
    let status = tool("unzip")
        .arg("-q")
        .arg(&zip)
        .arg("-d")
        .arg(&unpacked)
        .status()
        .unwrap();
    assert!(status.success());
    let sums = tool("sha256sum")
        .args(["-c", "SHA256SUMS"])
        .current_dir(&unpacked)
        .output()
        .unwrap();
    assert!(sums.status.success(), "{}", stdout_of(&sums));
    assert!(stdout_of(&sums).contains("findings.json: OK"));
    assert!(
        stdout_of(&sums)
            .contains("evidence/ACCT-001/iam/GetCredentialReport/111111111111.json: OK")
    );

    // The exact command the bundle's README gives.
    let readme = std::fs::read_to_string(unpacked.join("README.md")).unwrap();
    let command = readme
        .lines()
        .find(|l| l.starts_with("ssh-keygen -Y verify"))
        .expect("the README gives the ssh-keygen command");
    assert_eq!(
        command,
        "ssh-keygen -Y verify -f allowed_signers -I auditor-test@partner.example -n caliper-evidence -s SHA256SUMS.sig < SHA256SUMS"
    );
    let ssh = tool("ssh-keygen")
        .args([
            "-Y",
            "verify",
            "-f",
            "allowed_signers",
            "-I",
            "auditor-test@partner.example",
            "-n",
            "caliper-evidence",
            "-s",
            "SHA256SUMS.sig",
        ])
        .current_dir(&unpacked)
        .stdin(std::fs::File::open(unpacked.join("SHA256SUMS")).unwrap())
        .output()
        .unwrap();
    assert!(
        ssh.status.success(),
        "{}{}",
        stdout_of(&ssh),
        stderr_of(&ssh)
    );
    let said = stdout_of(&ssh) + &stderr_of(&ssh);
    assert!(
        said.contains("Good \"caliper-evidence\" signature"),
        "{said}"
    );
}

#[test]
fn the_same_scan_gives_the_same_bundle_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let zip = signed_example(dir.path());
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let again = dir.path().join("again.zip");
    let out = caliper()
        .args(["bundle", "--scan"])
        .arg(dir.path().join("scan"))
        .arg("--sign-key")
        .arg(dir.path().join("key"))
        .arg("--out")
        .arg(&again)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(std::fs::read(&zip).unwrap() == std::fs::read(&again).unwrap());
}

/// The bundle's entries, read in order.
fn entries(zip: &Path) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().unwrap().to_string(), data)
        })
        .collect()
}

/// Writes `entries` as a zip (names taken as they are, even unsafe ones).
fn repack(path: &Path, entries: &[(String, Vec<u8>)]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, data) in entries {
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn tampering_is_found_and_the_file_named() {
    let dir = tempfile::tempdir().unwrap();
    let zip = signed_example(dir.path());
    let key = dir.path().join("key.pub");
    let original = entries(&zip);
    let target = "evidence/ACCT-001/iam/GetAccountSummary/222222222222.json";

    let mut changed = original.clone();
    let e = changed.iter_mut().find(|(n, _)| n == target).unwrap();
    let at = e.1.iter().position(|b| *b == b'0').unwrap();
    e.1[at] = b'1';
    let mut removed = original.clone();
    removed.retain(|(n, _)| n != "findings.json");
    let mut added = original.clone();
    added.push(("notes/extra.txt".into(), b"not evidence".to_vec()));
    for (name, tampered, needle) in [
        ("changed.zip", changed, format!("changed: {target}")),
        ("removed.zip", removed, "missing: findings.json".to_string()),
        ("added.zip", added, "extra: notes/extra.txt".to_string()),
    ] {
        let path = dir.path().join(name);
        repack(&path, &tampered);
        let out = verify(&path, Some(&key));
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stdout_of(&out));
        assert!(
            stdout_of(&out).contains(&needle),
            "{name}: {}",
            stdout_of(&out)
        );
    }

    // Signed by someone else than the key the auditor holds.
    let other = dir.path().join("other");
    let out = caliper()
        .args(["keygen", "--out"])
        .arg(&other)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let out = verify(&zip, Some(&dir.path().join("other.pub")));
    assert_eq!(out.status.code(), Some(1), "{}", stdout_of(&out));
    assert!(stdout_of(&out).contains("which is not the given key"));

    // A re-signed SHA256SUMS with a changed file is still not the partner's signature.
    let mut forged = original.clone();
    forged.retain(|(n, _)| n != "SHA256SUMS.sig");
    let path = dir.path().join("unsigned.zip");
    repack(&path, &forged);
    let out = verify(&path, Some(&key));
    assert_eq!(out.status.code(), Some(1), "{}", stdout_of(&out));
    assert!(stdout_of(&out).contains("signature: none"));
    // Without a key, hashes alone are checked and the signer is reported as not pinned.
    let out = verify(&zip, None);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout_of(&out).contains("not pinned"));
}

#[test]
fn unreadable_or_unsafe_bundles_are_refused_before_extracting_anything() {
    let dir = tempfile::tempdir().unwrap();
    let zip = signed_example(dir.path());
    let bytes = std::fs::read(&zip).unwrap();
    let truncated = write(dir.path(), "truncated.zip", "");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let out = verify(&truncated, None);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}{}",
        stdout_of(&out),
        stderr_of(&out)
    );

    for (name, evil) in [
        ("slip.zip", "../../outside.txt"),
        ("absolute.zip", "/etc/caliper-evil"),
    ] {
        let mut tampered = entries(&zip);
        tampered.push((evil.to_string(), b"x".to_vec()));
        let path = dir.path().join(name);
        repack(&path, &tampered);
        let out = verify(&path, None);
        assert_eq!(out.status.code(), Some(2), "{name}: {}", stdout_of(&out));
        assert!(
            stderr_of(&out).contains("refused before extracting"),
            "{}",
            stderr_of(&out)
        );
    }
    // The zip writer refuses duplicate names, so write a twin under a name of the same length
    // and rename it in the archive's bytes.
    let mut twice = entries(&zip);
    let findings = twice
        .iter()
        .find(|(n, _)| n == "findings.json")
        .unwrap()
        .1
        .clone();
    twice.push(("findings.jsoX".into(), findings));
    let path = dir.path().join("twice.zip");
    repack(&path, &twice);
    let raw = std::fs::read(&path).unwrap();
    let mut patched = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i..].starts_with(b"findings.jsoX") {
            patched.extend_from_slice(b"findings.json");
            i += 13;
        } else {
            patched.push(raw[i]);
            i += 1;
        }
    }
    std::fs::write(&path, patched).unwrap();
    let out = verify(&path, None);
    assert_eq!(out.status.code(), Some(2), "{}", stdout_of(&out));
    assert!(!dir.path().join("outside.txt").exists());

    let mut linked =
        zip::ZipWriter::new(std::fs::File::create(dir.path().join("link.zip")).unwrap());
    for (name, data) in entries(&zip) {
        linked
            .start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        linked.write_all(&data).unwrap();
    }
    linked
        .add_symlink(
            "evidence/link",
            "/etc/passwd",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
    linked.finish().unwrap();
    let out = verify(&dir.path().join("link.zip"), None);
    assert_eq!(out.status.code(), Some(2), "{}", stdout_of(&out));
    assert!(
        stderr_of(&out).contains("symbolic link"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn scan_with_bundle_signs_the_same_bundle_as_the_bundle_command() {
    let dir = tempfile::tempdir().unwrap();
    let zip = signed_example(dir.path());
    let from_scan = dir.path().join("from-scan.zip");
    let out = caliper()
        .args(["scan", "--snapshot"])
        .arg(example())
        .arg("--config")
        .arg(example_config())
        .arg("--out")
        .arg(dir.path().join("scan"))
        .arg("--bundle")
        .arg(&from_scan)
        .arg("--sign-key")
        .arg(dir.path().join("key"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(std::fs::read(&zip).unwrap() == std::fs::read(&from_scan).unwrap());
}

#[test]
fn keygen_never_overwrites_and_keeps_the_key_private() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("k");
    assert_eq!(
        caliper()
            .args(["keygen", "--out"])
            .arg(&key)
            .output()
            .unwrap()
            .status
            .code(),
        Some(0)
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let before = std::fs::read(&key).unwrap();
    let out = caliper()
        .args(["keygen", "--out"])
        .arg(&key)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(&key).unwrap(), before);
}

#[test]
fn keys_made_by_ssh_keygen_sign_and_passphrase_protected_ones_are_refused_with_advice() {
    let dir = tempfile::tempdir().unwrap();
    let scan = dir.path().join("scan");
    assert_eq!(scan_example(&scan).status.code(), Some(1));
    for (name, passphrase) in [("plain", ""), ("locked", "correct horse")] {
        let status = tool("ssh-keygen")
            .args([
                "-q",
                "-t",
                "ed25519",
                "-C",
                "ops@partner.example",
                "-N",
                passphrase,
                "-f",
            ])
            .arg(dir.path().join(name))
            .status()
            .unwrap();
        assert!(status.success());
    }
    let bundle = |key: &str| {
        caliper()
            .args(["bundle", "--scan"])
            .arg(&scan)
            .arg("--sign-key")
            .arg(dir.path().join(key))
            .arg("--out")
            .arg(dir.path().join(format!("{key}.zip")))
            .output()
            .unwrap()
    };
    let out = bundle("plain");
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let out = verify(
        &dir.path().join("plain.zip"),
        Some(&dir.path().join("plain.pub")),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout_of(&out));
    let out = bundle("locked");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("passphrase"),
        "{}",
        stderr_of(&out)
    );
    assert!(!dir.path().join("locked.zip").exists());
}

#[test]
fn a_rescan_into_the_same_directory_leaves_nothing_of_the_earlier_scan() {
    let dir = tempfile::tempdir().unwrap();
    let scan = dir.path().join("scan");
    let first = caliper()
        .args(["scan", "--snapshot"])
        .arg(example())
        .arg("--config")
        .arg(example_config())
        .args(["--format", "md,html,pdf", "--out"])
        .arg(&scan)
        .output()
        .unwrap();
    assert_eq!(first.status.code(), Some(1), "{}", stderr_of(&first));
    assert!(scan.join("report.pdf").exists());
    assert!(scan.join("attestations/ACCT-001.M1.toml").exists());
    // Again, without the config (so without attestations) and only Markdown.
    let second = caliper()
        .args(["scan", "--snapshot"])
        .arg(example())
        .args(["--format", "md", "--out"])
        .arg(&scan)
        .output()
        .unwrap();
    assert_eq!(second.status.code(), Some(1), "{}", stderr_of(&second));
    assert!(
        !scan.join("report.pdf").exists(),
        "a stale report would be bundled"
    );
    assert!(!scan.join("report.html").exists());
    assert!(!scan.join("attestations").exists());
    let leftovers: Vec<_> = std::fs::read_dir(&scan)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".caliper-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn scan_refuses_an_out_dir_that_holds_its_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let att = dir.path().join("attestations");
    std::fs::create_dir(&att).unwrap();
    let original = root().join("fixtures/example-org/attestations/ACCT-002.M2.toml");
    std::fs::copy(&original, att.join("ACCT-002.M2.toml")).unwrap();
    let out = caliper()
        .args(["scan", "--snapshot"])
        .arg(example())
        .arg("--attestations")
        .arg(&att)
        .arg("--out")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("an input of this scan"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(
        std::fs::read(att.join("ACCT-002.M2.toml")).unwrap(),
        std::fs::read(&original).unwrap()
    );
}

#[test]
fn only_what_caliper_wrote_goes_into_a_bundle_and_never_a_private_key() {
    let dir = tempfile::tempdir().unwrap();
    let scan = dir.path().join("scan");
    assert_eq!(scan_example(&scan).status.code(), Some(1));
    // A key kept beside the scan is left out, and named.
    let key = scan.join("signing-key");
    let out = caliper()
        .args(["keygen", "--out"])
        .arg(&key)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let zip = dir.path().join("e.zip");
    let out = caliper()
        .args(["bundle", "--scan"])
        .arg(&scan)
        .arg("--sign-key")
        .arg(&key)
        .arg("--out")
        .arg(&zip)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("left out of the bundle"),
        "{}",
        stderr_of(&out)
    );
    let names: Vec<String> = entries(&zip).into_iter().map(|(n, _)| n).collect();
    assert!(
        !names.iter().any(|n| n.contains("signing-key")),
        "{names:?}"
    );
    // One hidden among the scan's own outputs is refused outright.
    std::fs::copy(&key, scan.join("evidence/key.json")).unwrap();
    let out = caliper()
        .args(["bundle", "--scan"])
        .arg(&scan)
        .arg("--out")
        .arg(dir.path().join("f.zip"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("private key"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn a_bundle_refuses_a_snapshot_that_is_not_the_one_judged() {
    let dir = tempfile::tempdir().unwrap();
    let scan = dir.path().join("scan");
    assert_eq!(scan_example(&scan).status.code(), Some(1));
    std::fs::write(scan.join("snapshot.json"), "{}").unwrap();
    let out = caliper()
        .args(["bundle", "--scan"])
        .arg(&scan)
        .arg("--out")
        .arg(dir.path().join("e.zip"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("is not the snapshot findings.json was judged from"));
}

#[test]
fn a_byte_changed_inside_a_compressed_entry_is_a_changed_file() {
    let dir = tempfile::tempdir().unwrap();
    let zip = signed_example(dir.path());
    let mut bytes = std::fs::read(&zip).unwrap();
    // The first entry's data (README.md) starts after its local header: flip a byte inside.
    let name_len = u16::from_le_bytes([bytes[26], bytes[27]]) as usize;
    let extra_len = u16::from_le_bytes([bytes[28], bytes[29]]) as usize;
    let at = 30 + name_len + extra_len + 20;
    bytes[at] ^= 0x55;
    let path = dir.path().join("flipped.zip");
    std::fs::write(&path, bytes).unwrap();
    let out = verify(&path, Some(&dir.path().join("key.pub")));
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}{}",
        stdout_of(&out),
        stderr_of(&out)
    );
    assert!(
        stdout_of(&out).contains("changed: README.md"),
        "{}",
        stdout_of(&out)
    );
}
