//! Reading caliper's documents from files with errors that name the file, line and column, and
//! writing outputs so that a failure never leaves a half-written file.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use sha2::{Digest, Sha256};

use super::config::Config;
use super::findings::{FINDINGS_SCHEMA, Findings};
use super::snapshot::{SNAPSHOT_SCHEMA, Snapshot};

/// The snapshot and the SHA-256 (hex) of the file's bytes.
pub fn load_snapshot(path: &Path) -> Result<(Snapshot, String)> {
    let bytes =
        std::fs::read(path).with_context(|| format!("{}: cannot read snapshot", path.display()))?;
    let sha256 = sha256_hex(&bytes);
    let snapshot: Snapshot = parse_json(path, &bytes, SNAPSHOT_SCHEMA)?;
    Ok((snapshot, sha256))
}

/// SHA-256 of bytes, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub fn load_findings(path: &Path) -> Result<Findings> {
    let bytes =
        std::fs::read(path).with_context(|| format!("{}: cannot read findings", path.display()))?;
    parse_json(path, &bytes, FINDINGS_SCHEMA)
}

pub fn load_config(path: &Path) -> Result<Config> {
    let text = read_text(path, "config")?;
    let mut config: Config = toml::from_str(&text)
        .map_err(|e| anyhow!("{}", located(path, &text, e.span(), e.message().trim_end())))?;
    for (i, w) in config.waivers.iter().enumerate() {
        let problem = if w.check.is_none()
            && w.account.is_none()
            && w.region.is_none()
            && w.resource.is_none()
        {
            Some("a waiver must name at least one of check, account, region and resource")
        } else if w.reason.trim().is_empty() || w.owner.trim().is_empty() {
            Some("a waiver needs a non-empty reason and owner")
        } else if w.expires.date.is_none() || w.expires.time.is_some() {
            Some("`expires` must be a date like 2026-12-31")
        } else {
            None
        };
        if let Some(problem) = problem {
            let span = nth_table(&text, "[[waivers]]", i);
            bail!("{}", located(path, &text, span, problem));
        }
    }
    for (i, o) in config.recovery.iter().enumerate() {
        let targets = o.rpo_hours.is_some() && o.rto_hours.is_some();
        let problem = if o.workload.trim().is_empty() {
            Some("a [[recovery]] entry needs a workload name".to_string())
        } else if targets == o.exception.is_some() {
            Some(format!(
                "recovery objectives of {:?}: give both rpo_hours and rto_hours, or an exception saying why none were defined",
                o.workload
            ))
        } else if [o.rpo_hours, o.rto_hours]
            .into_iter()
            .flatten()
            .any(|h| h.is_nan() || h <= 0.0)
        {
            Some(format!(
                "recovery objectives of {:?}: hours must be above 0",
                o.workload
            ))
        } else {
            o.accounts
                .iter()
                .find(|a| a.len() != 12 || !a.bytes().all(|b| b.is_ascii_digit()))
                .map(|a| format!("`{a}` is not an AWS account id (12 digits)"))
        };
        if let Some(problem) = problem {
            let span = nth_table(&text, "[[recovery]]", i);
            bail!("{}", located(path, &text, span, &problem));
        }
    }
    // Paths in the config are relative to the config file, wherever caliper runs from.
    if let Some(dir) = &mut config.attestations
        && dir.is_relative()
    {
        *dir = path.parent().unwrap_or(Path::new(".")).join(&*dir);
    }
    Ok(config)
}

/// `file:line:column: message`, then the line with the span underlined, as cargo-deny shows a
/// config problem.
pub fn located(
    path: &Path,
    text: &str,
    span: Option<std::ops::Range<usize>>,
    message: &str,
) -> String {
    let Some(span) = span else {
        return format!("{}: {message}", path.display());
    };
    let (line, column) = line_col(text, span.start);
    let source = text.lines().nth(line - 1).unwrap_or("");
    let width = text[span.start.min(text.len())..span.end.min(text.len())]
        .lines()
        .next()
        .map_or(1, |l| l.chars().count().max(1));
    let gutter = " ".repeat(line.to_string().len());
    format!(
        "{}:{line}:{column}: {message}\n{gutter} |\n{line} | {source}\n{gutter} | {}{}",
        path.display(),
        " ".repeat(column - 1),
        "^".repeat(width)
    )
}

/// The span of the `n`th (0-based) line that starts a `[[table]]` array entry.
fn nth_table(text: &str, header: &str, n: usize) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    let mut seen = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with(header) {
            if seen == n {
                let start = offset + (line.len() - line.trim_start().len());
                return Some(start..start + header.len());
            }
            seen += 1;
        }
        offset += line.len();
    }
    None
}

/// A text file's contents; bytes that are not UTF-8 are an error naming the file, line and column
/// of the first of them.
pub fn read_text(path: &Path, what: &str) -> Result<String> {
    let bytes =
        std::fs::read(path).with_context(|| format!("{}: cannot read {what}", path.display()))?;
    String::from_utf8(bytes).map_err(|e| anyhow!("{}", not_utf8(path, &e)))
}

/// `file:line:column: not UTF-8 text ...` for the first byte that is not.
pub fn not_utf8(path: &Path, e: &std::string::FromUtf8Error) -> String {
    let bytes = e.as_bytes();
    let valid = e.utf8_error().valid_up_to();
    let text = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
    let (line, column) = line_col(text, valid);
    format!(
        "{}:{line}:{column}: not UTF-8 text (byte 0x{:02x}); save the file as UTF-8",
        path.display(),
        bytes[valid]
    )
}

/// 1-based line and (byte) column of the first `"schema"` key in a JSON document, or 1:1.
fn schema_position(bytes: &[u8]) -> (usize, usize) {
    let key = b"\"schema\"";
    let Some(at) = bytes.windows(key.len()).position(|w| w == key) else {
        return (1, 1);
    };
    let before = &bytes[..at];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = at
        - before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1)
        + 1;
    (line, column)
}

/// 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[derive(serde::Deserialize)]
struct Peek {
    schema: Option<String>,
}

/// Parses a versioned document; a wrong or missing `schema` is reported as such rather than as
/// whatever field first failed to match.
fn parse_json<T: serde::de::DeserializeOwned + HasSchema>(
    path: &Path,
    bytes: &[u8],
    expected: &str,
) -> Result<T> {
    let wrong_schema = |found: Option<String>| {
        let (line, column) = schema_position(bytes);
        match found {
            Some(s) => anyhow!(
                "{}:{line}:{column}: unsupported schema {s:?}; this caliper reads {expected:?}",
                path.display()
            ),
            None => anyhow!(
                "{}:{line}:{column}: not a {expected} document (no \"schema\" field)",
                path.display()
            ),
        }
    };
    match serde_json::from_slice::<T>(bytes) {
        Ok(doc) if doc.schema() == expected => Ok(doc),
        Ok(doc) => Err(wrong_schema(Some(doc.schema().to_string()))),
        Err(e) => {
            if let Ok(peek) = serde_json::from_slice::<Peek>(bytes)
                && peek.schema.as_deref() != Some(expected)
            {
                return Err(wrong_schema(peek.schema));
            }
            let message = e.to_string();
            let message = message
                .rsplit_once(" at line ")
                .map_or(message.as_str(), |(m, _)| m);
            bail!("{}:{}:{}: {message}", path.display(), e.line(), e.column())
        }
    }
}

trait HasSchema {
    fn schema(&self) -> &str;
}

impl HasSchema for Snapshot {
    fn schema(&self) -> &str {
        &self.schema
    }
}

impl HasSchema for Findings {
    fn schema(&self) -> &str {
        &self.schema
    }
}

/// Writes `bytes` to a temporary file beside `path`, then renames it into place. The file gets
/// the permissions of any new file (0666 less the umask), not the temporary file's 0600.
pub fn write_atomic(path: &Path, bytes: impl AsRef<[u8]>) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder
        .tempfile_in(dir)
        .with_context(|| format!("writing into {}", dir.display()))?;
    tmp.write_all(bytes.as_ref())?;
    tmp.persist(path)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}
