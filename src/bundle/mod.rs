//! The evidence bundle: a scan directory packed into a deterministic zip with `SHA256SUMS` (the
//! format `sha256sum -c` reads), `manifest.json`, a README for the auditor and an OpenSSH
//! signature (SSHSIG, namespace `caliper-evidence`) over `SHA256SUMS`; and `verify`, which
//! returns a typed list of what differs. Knows files, hashes and signatures; knows nothing of how
//! findings were made.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use serde::Serialize;
use ssh_key::{HashAlg, LineEnding, PrivateKey, PublicKey, SshSig};

use crate::model::Findings;
use crate::model::io::sha256_hex;

/// The SSHSIG namespace of every caliper signature.
pub const NAMESPACE: &str = "caliper-evidence";
pub const SUMS: &str = "SHA256SUMS";
pub const SIGNATURE: &str = "SHA256SUMS.sig";
pub const ALLOWED_SIGNERS: &str = "allowed_signers";
const README_TEMPLATE: &str = include_str!("../../report-templates/bundle-readme.md.tera");

/// A signing key and the principal named for it in `allowed_signers`.
pub struct Signer {
    pub key: PrivateKey,
    pub principal: String,
}

/// Reads an OpenSSH ed25519 private key. Passphrase-protected keys are refused with advice.
pub fn load_signing_key(path: &Path) -> Result<PrivateKey> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read the signing key", path.display()))?;
    let key = PrivateKey::from_openssh(&text)
        .map_err(|e| anyhow!("{}: not an OpenSSH private key ({e})", path.display()))?;
    if key.is_encrypted() {
        bail!(
            "{}: the key is protected by a passphrase, which caliper does not read; sign with an \
             unprotected key kept for this purpose (`caliper keygen`), or remove the passphrase \
             from a copy with `ssh-keygen -p -f COPY`",
            path.display()
        );
    }
    if key.algorithm() != ssh_key::Algorithm::Ed25519 {
        bail!(
            "{}: a {} key; caliper signs with ed25519 keys (`caliper keygen`)",
            path.display(),
            key.algorithm()
        );
    }
    Ok(key)
}

/// Writes a new ed25519 key pair: `path` (OpenSSH private key, mode 0600) and `path.pub`.
pub fn keygen(path: &Path, comment: &str) -> Result<PublicKey> {
    for p in [path.to_path_buf(), path.with_extension("pub")] {
        if p.exists() {
            bail!("{} exists; caliper never overwrites a key", p.display());
        }
    }
    let mut key = PrivateKey::random(&mut ssh_key::rand_core::OsRng, ssh_key::Algorithm::Ed25519)
        .map_err(|e| anyhow!("generating a key: {e}"))?;
    key.set_comment(comment);
    let pem = key.to_openssh(LineEnding::LF).map_err(|e| anyhow!("{e}"))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("writing {}", path.display()))?;
    file.write_all(pem.as_bytes())?;
    let public = key.public_key().clone();
    let pub_path = pub_path(path);
    crate::model::io::write_atomic(
        &pub_path,
        public.to_openssh().map_err(|e| anyhow!("{e}"))? + "\n",
    )?;
    Ok(public)
}

/// `KEY.pub` beside `KEY`.
pub fn pub_path(path: &Path) -> std::path::PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".pub");
    s.into()
}

#[derive(Serialize)]
struct Manifest<'a> {
    schema: &'static str,
    tool: &'a crate::model::snapshot::Tool,
    framework: &'a str,
    snapshot_collected_at: &'a str,
    snapshot_sha256: &'a str,
    rules_sha256: Option<&'a str>,
    organization_id: Option<&'a str>,
    accounts: usize,
    signer: Option<SignerInfo>,
    files: Vec<FileEntry>,
}

#[derive(Serialize)]
struct SignerInfo {
    principal: String,
    fingerprint: String,
}

#[derive(Serialize)]
struct FileEntry {
    name: String,
    size: usize,
    sha256: String,
}

/// Whether a file of a scan directory belongs in its bundle: only what `caliper scan` and
/// `caliper sop` write there. Anything else (a signing key kept beside the scan, notes, earlier
/// bundles) stays out.
fn is_scan_output(name: &str) -> bool {
    const FILES: [&str; 3] = ["findings.json", "snapshot.json", "caliper.effective.toml"];
    const DIRS: [&str; 5] = [
        "controls/",
        "attestations/",
        "evidence/",
        "sop/",
        "diagrams/",
    ];
    FILES.contains(&name)
        || DIRS.iter().any(|d| name.starts_with(d))
        || crate::report::Format::ALL
            .iter()
            .any(|f| name == format!("report.{}", f.extension()))
}

/// Bundle entries: name → bytes, in name order.
type Files = BTreeMap<String, Vec<u8>>;

/// The files of a scan directory that go into a bundle, by their name in the bundle, and the
/// names of those left out.
fn scan_files(dir: &Path) -> Result<(Files, Vec<String>)> {
    let mut out = BTreeMap::new();
    let mut skipped = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).with_context(|| format!("reading {}", d.display()))? {
            let entry = entry?;
            let path = entry.path();
            let kind = entry.file_type()?;
            let rel = path.strip_prefix(dir).expect("inside the scan directory");
            let name = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            if kind.is_dir() {
                // Staging directories of an interrupted scan are not evidence.
                if !name.starts_with(".caliper-") {
                    stack.push(path);
                }
                continue;
            }
            if !is_scan_output(&name) {
                skipped.push(name);
                continue;
            }
            if kind.is_symlink() {
                bail!(
                    "{}: a symbolic link; a bundle holds files only",
                    path.display()
                );
            }
            check_name(&name).with_context(|| format!("{}", path.display()))?;
            let bytes = std::fs::read(&path)?;
            if bytes
                .windows(b"PRIVATE KEY-----".len())
                .any(|w| w == b"PRIVATE KEY-----")
            {
                bail!(
                    "{}: holds a private key; keys never go into an evidence bundle",
                    path.display()
                );
            }
            out.insert(name, bytes);
        }
    }
    for required in ["findings.json", "snapshot.json"] {
        if !out.contains_key(required) {
            bail!(
                "{}: no {required}; bundle a directory written by `caliper scan`",
                dir.display()
            );
        }
    }
    skipped.sort();
    Ok((out, skipped))
}

/// Names a bundle may hold: relative, `/`-separated, no `..`, nothing Windows cannot extract.
fn check_name(name: &str) -> Result<()> {
    if name.is_empty()
        || name.starts_with('/')
        || name.contains('\\')
        || name.contains(':')
        || name
            .split('/')
            .any(|c| c.is_empty() || c == "." || c == "..")
        || name
            .chars()
            .any(|c| c.is_control() || "<>\"|?*".contains(c))
    {
        bail!("{name:?} cannot be an entry name in a bundle");
    }
    Ok(())
}

/// Packs the scan directory `dir` into the bytes of a bundle. The same directory and key give
/// the same bytes.
pub fn build(dir: &Path, signer: Option<&Signer>) -> Result<Built> {
    let (mut files, skipped) = scan_files(dir)?;
    let findings: Findings = serde_json::from_slice(&files["findings.json"])
        .map_err(|e| anyhow!("{}: {e}", dir.join("findings.json").display()))?;
    // The evidence must be what the findings were made from.
    let snapshot_sha256 = sha256_hex(&files["snapshot.json"]);
    if snapshot_sha256 != findings.scan.snapshot_sha256 {
        bail!(
            "{}: snapshot.json (SHA-256 {snapshot_sha256}) is not the snapshot findings.json was \
             judged from ({}); scan again into this directory",
            dir.display(),
            findings.scan.snapshot_sha256
        );
    }
    if let Some(s) = signer {
        check_principal(&s.principal)?;
    }
    let signer_info = signer.map(|s| SignerInfo {
        principal: s.principal.clone(),
        fingerprint: s.key.fingerprint(HashAlg::Sha256).to_string(),
    });
    let mut ctx = tera::Context::new();
    ctx.insert("scan", &findings.scan);
    ctx.insert("tool", &findings.tool);
    ctx.insert("signer", &signer_info);
    ctx.insert("namespace", NAMESPACE);
    ctx.insert("files", &files.keys().collect::<Vec<_>>());
    let readme =
        crate::report::markdown::render_template("bundle-readme.md", README_TEMPLATE, &ctx)?;
    files.insert("README.md".into(), readme.into_bytes());
    if let Some(s) = signer {
        let mut public = s.key.public_key().clone();
        public.set_comment("");
        let line = format!(
            "{} namespaces=\"{NAMESPACE}\" {}\n",
            s.principal,
            public.to_openssh().map_err(|e| anyhow!("{e}"))?
        );
        files.insert(ALLOWED_SIGNERS.into(), line.into_bytes());
    }
    let manifest = Manifest {
        schema: "caliper.bundle/v1",
        tool: &findings.tool,
        framework: &findings.scan.framework,
        snapshot_collected_at: &findings.scan.snapshot_collected_at,
        snapshot_sha256: &findings.scan.snapshot_sha256,
        rules_sha256: findings.scan.rules_sha256.as_deref(),
        organization_id: findings.scan.organization_id.as_deref(),
        accounts: findings.scan.accounts.len(),
        signer: signer_info,
        files: files
            .iter()
            .map(|(name, bytes)| FileEntry {
                name: name.clone(),
                size: bytes.len(),
                sha256: sha256_hex(bytes),
            })
            .collect(),
    };
    files.insert(
        "manifest.json".into(),
        (serde_json::to_string_pretty(&manifest)? + "\n").into_bytes(),
    );
    // `sha256sum -c` format: hash, two spaces, name. Every entry but the sums and signature.
    let sums: String = files
        .iter()
        .map(|(name, bytes)| format!("{}  {name}\n", sha256_hex(bytes)))
        .collect();
    if let Some(s) = signer {
        let sig = s
            .key
            .sign(NAMESPACE, HashAlg::Sha512, sums.as_bytes())
            .map_err(|e| anyhow!("signing {SUMS}: {e}"))?;
        let pem = sig.to_pem(LineEnding::LF).map_err(|e| anyhow!("{e}"))?;
        files.insert(SIGNATURE.into(), pem.into_bytes());
    }
    files.insert(SUMS.into(), sums.into_bytes());
    Ok(Built {
        zip: write_zip(&files)?,
        skipped,
    })
}

/// A bundle's bytes, and the files of the scan directory it left out.
pub struct Built {
    pub zip: Vec<u8>,
    pub skipped: Vec<String>,
}

/// The signer's name in `allowed_signers`: one word, so `ssh-keygen -I` takes it as it is.
pub fn check_principal(principal: &str) -> Result<()> {
    if principal.is_empty()
        || !principal
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "@._+-".contains(c))
    {
        bail!("the principal {principal:?} must be one word of letters, digits and @._+-");
    }
    Ok(())
}

/// A zip of `files` in name order, with a fixed time and permissions: nothing of the machine or
/// the moment enters the bytes.
fn write_zip(files: &BTreeMap<String, Vec<u8>>) -> Result<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (name, bytes) in files {
        zip.start_file(name.as_str(), options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// How the signature of a bundle stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signature {
    /// Valid over `SHA256SUMS`, by the key with this fingerprint; `pinned` when that key is the
    /// one the auditor gave.
    Valid {
        fingerprint: String,
        principal: Option<String>,
        pinned: bool,
    },
    /// Valid, but made by another key than the one the auditor gave.
    WrongSigner {
        fingerprint: String,
    },
    Invalid(String),
    Missing,
}

/// One way a bundle differs from its `SHA256SUMS`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    Changed(String),
    Missing(String),
    Extra(String),
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Difference::Changed(n) => write!(f, "changed: {n} (its SHA-256 differs from {SUMS})"),
            Difference::Missing(n) => {
                write!(f, "missing: {n} (listed in {SUMS}, not in the bundle)")
            }
            Difference::Extra(n) => write!(f, "extra: {n} (in the bundle, not in {SUMS})"),
        }
    }
}

/// What `verify` found.
#[derive(Debug)]
pub struct Verification {
    pub differences: Vec<Difference>,
    pub signature: Signature,
    pub files: usize,
}

/// The key an auditor trusts: one public key, or the lines of an allowed-signers file.
pub enum Trust {
    None,
    Keys(Vec<(Option<String>, PublicKey)>),
}

/// Reads a bundle (in memory: nothing is extracted) and checks every entry against `SHA256SUMS`
/// and the signature. `Err` when the bundle cannot be read safely at all (not a zip, truncated,
/// unsafe or duplicate names, links).
pub fn verify(bytes: &[u8], trust: &Trust) -> Result<Verification> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| anyhow!("not a readable zip archive: {e}"))?;
    // The zip reader keeps one entry per name; the central directory says how many there are.
    if let Some(total) = central_directory_entries(bytes)
        && total != archive.len() as u64
    {
        bail!(
            "refused before extracting anything: the archive lists {total} entries but only {} \
             distinct names (an entry appears twice)",
            archive.len()
        );
    }
    let mut entries: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for i in 0..archive.len() {
        let mut file = archive
            .by_index(i)
            .map_err(|e| anyhow!("entry {i} cannot be read: {e}"))?;
        let name = file
            .name()
            .map_err(|e| anyhow!("entry {i} has an unreadable name: {e}"))?
            .to_string();
        check_name(&name).map_err(|e| anyhow!("refused before extracting anything: {e}"))?;
        if file.is_symlink() {
            bail!("refused before extracting anything: {name:?} is a symbolic link");
        }
        if file.is_dir() {
            continue;
        }
        let mut data = Vec::new();
        // An entry whose bytes were altered fails its CRC or its decompression: that is a
        // changed file (exit 1), not an unreadable bundle.
        if file.read_to_end(&mut data).is_err() {
            data = b"\0caliper: damaged entry".to_vec();
        }
        if entries.insert(name.clone(), data).is_some() {
            bail!("refused before extracting anything: {name:?} appears twice");
        }
    }
    let sums = entries
        .get(SUMS)
        .ok_or_else(|| anyhow!("no {SUMS} in the bundle: it is not a caliper evidence bundle"))?
        .clone();
    let sums_text = String::from_utf8(sums.clone()).map_err(|_| anyhow!("{SUMS} is not text"))?;
    let mut listed: BTreeMap<String, String> = BTreeMap::new();
    for (n, line) in sums_text.lines().enumerate() {
        let (hash, name) = line
            .split_once("  ")
            .ok_or_else(|| anyhow!("{SUMS}:{}: not `<sha256>  <name>`", n + 1))?;
        listed.insert(name.to_string(), hash.to_ascii_lowercase());
    }
    let mut differences = Vec::new();
    for (name, hash) in &listed {
        match entries.get(name) {
            None => differences.push(Difference::Missing(name.clone())),
            Some(data) if sha256_hex(data) != *hash => {
                differences.push(Difference::Changed(name.clone()))
            }
            Some(_) => {}
        }
    }
    for name in entries.keys() {
        if name != SUMS && name != SIGNATURE && !listed.contains_key(name) {
            differences.push(Difference::Extra(name.clone()));
        }
    }
    let signature = match entries.get(SIGNATURE) {
        None => Signature::Missing,
        Some(pem) => check_signature(pem, &sums, trust),
    };
    Ok(Verification {
        differences,
        signature,
        files: listed.len(),
    })
}

/// The number of entries the zip's end-of-central-directory record (or its zip64 version)
/// declares; `None` if it cannot be found (the zip reader then reports the damage).
fn central_directory_entries(bytes: &[u8]) -> Option<u64> {
    let u16_at = |at: usize| Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?));
    let u32_at = |at: usize| Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?));
    let u64_at = |at: usize| Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?));
    // The record is 22 bytes plus a comment of at most 65535.
    let from = bytes.len().saturating_sub(22 + 65_535);
    let eocd = (from..=bytes.len().checked_sub(22)?)
        .rev()
        .find(|&i| u32_at(i) == Some(0x0605_4b50))?;
    let total = u16_at(eocd + 10)?;
    if total != 0xFFFF {
        return Some(u64::from(total));
    }
    // zip64: the locator just before the record points at the zip64 record.
    let locator = eocd.checked_sub(20)?;
    if u32_at(locator)? != 0x0706_4b50 {
        return None;
    }
    let record = usize::try_from(u64_at(locator + 8)?).ok()?;
    if u32_at(record)? != 0x0606_4b50 {
        return None;
    }
    u64_at(record + 32)
}

fn check_signature(pem: &[u8], sums: &[u8], trust: &Trust) -> Signature {
    let sig = match SshSig::from_pem(pem) {
        Ok(s) => s,
        Err(e) => return Signature::Invalid(format!("{SIGNATURE} is not an SSH signature: {e}")),
    };
    if sig.namespace() != NAMESPACE {
        return Signature::Invalid(format!(
            "signed for namespace {:?}, not {NAMESPACE:?}",
            sig.namespace()
        ));
    }
    let signer = PublicKey::from(sig.public_key().clone());
    if let Err(e) = signer.verify(NAMESPACE, sums, &sig) {
        return Signature::Invalid(format!("the signature does not match {SUMS}: {e}"));
    }
    let fingerprint = signer.fingerprint(HashAlg::Sha256).to_string();
    match trust {
        Trust::None => Signature::Valid {
            fingerprint,
            principal: None,
            pinned: false,
        },
        Trust::Keys(keys) => match keys.iter().find(|(_, k)| k.key_data() == signer.key_data()) {
            Some((principal, _)) => Signature::Valid {
                fingerprint,
                principal: principal.clone(),
                pinned: true,
            },
            None => Signature::WrongSigner { fingerprint },
        },
    }
}

/// Reads `--public-key KEY.pub` or `--allowed-signers FILE` (OpenSSH's format: principals,
/// optional options, key type, key; `#` comments).
pub fn load_trust(public_key: Option<&Path>, allowed_signers: Option<&Path>) -> Result<Trust> {
    if let Some(p) = public_key {
        let text =
            std::fs::read_to_string(p).with_context(|| format!("{}: cannot read", p.display()))?;
        let key = PublicKey::from_openssh(text.trim())
            .map_err(|e| anyhow!("{}: not an OpenSSH public key ({e})", p.display()))?;
        return Ok(Trust::Keys(vec![(None, key)]));
    }
    let Some(p) = allowed_signers else {
        return Ok(Trust::None);
    };
    let text =
        std::fs::read_to_string(p).with_context(|| format!("{}: cannot read", p.display()))?;
    let mut keys = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        // The key starts at the first field naming a key type.
        let at = fields
            .iter()
            .position(|f| f.starts_with("ssh-") || f.starts_with("ecdsa-") || f.starts_with("sk-"))
            .filter(|&i| i >= 1 && i + 1 < fields.len())
            .ok_or_else(|| {
                anyhow!(
                    "{}:{}: not `principals [options] keytype key`",
                    p.display(),
                    n + 1
                )
            })?;
        let key = PublicKey::from_openssh(&format!("{} {}", fields[at], fields[at + 1]))
            .map_err(|e| anyhow!("{}:{}: {e}", p.display(), n + 1))?;
        keys.push((Some(fields[0].to_string()), key));
    }
    if keys.is_empty() {
        bail!("{}: no keys", p.display());
    }
    Ok(Trust::Keys(keys))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_names_are_relative_and_extractable_everywhere() {
        for ok in [
            "findings.json",
            "evidence/ACCT-001/iam/GetAccountSummary/1.json",
        ] {
            assert!(check_name(ok).is_ok(), "{ok}");
        }
        for bad in [
            "../x",
            "a/../../x",
            "/etc/x",
            "a\\b",
            "c:x",
            "a//b",
            "./a",
            "a/",
            "x?y",
        ] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_central_directory_count_is_read() {
        let mut files = BTreeMap::new();
        files.insert("a".to_string(), b"1".to_vec());
        files.insert("b".to_string(), b"2".to_vec());
        let zip = write_zip(&files).unwrap();
        assert_eq!(central_directory_entries(&zip), Some(2));
        assert_eq!(central_directory_entries(&zip[..10]), None);
    }
}
