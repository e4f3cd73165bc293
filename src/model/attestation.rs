//! Attestations: a person's signed-off statement about a manual part of a control (a written
//! SOP exists, a customer example was reviewed), one TOML file each, with who, when, until when
//! and what evidence. The engine turns the matching `manual` finding into `pass` or `fail`
//! *marked as attested*; nothing here is ever counted as checked against AWS.

use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::io::{line_col, sha256_hex};

/// What an attestation says about its part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AttestedStatus {
    Pass,
    Fail,
}

/// One attestation file as written (`caliper attest` writes it; partners may edit it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttestationFile {
    /// The control, e.g. `ACCT-001`.
    pub control: String,
    /// The manual part of that control, e.g. `ACCT-001.M1`.
    pub part: String,
    pub status: AttestedStatus,
    /// Why the part is met (or not): what was looked at.
    pub justification: String,
    /// Who attests: a named person, ideally with an address.
    pub owner: String,
    /// The day of the attestation (TOML date).
    pub date: toml::value::Datetime,
    /// The last day the attestation counts (TOML date).
    pub expires: toml::value::Datetime,
    #[serde(default)]
    pub evidence: Vec<EvidenceEntry>,
}

/// A link, or a file beside the attestation with its SHA-256.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceEntry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A path relative to the attestation file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// SHA-256 (hex) of `file` when it was attested.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

/// An attestation as it travels inside a finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attestation {
    /// The file it was read from, relative to the attestations directory.
    pub file: String,
    pub part: String,
    pub status: AttestedStatus,
    pub justification: String,
    pub owner: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `YYYY-MM-DD`; after this day (judged at the snapshot's `collected_at`) it no longer counts.
    pub expires: String,
    #[serde(default)]
    pub evidence: Vec<EvidenceEntry>,
    /// Why the attestation cannot be relied on (an attached file is missing or its hash
    /// differs); the finding is then `error`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

impl Attestation {
    /// Has it expired at `day` (`YYYY-MM-DD`, the snapshot's collection day)?
    pub fn expired_at(&self, day: &str) -> bool {
        self.expires.as_str() < day
    }
}

/// Reads every `*.toml` file in `dir` (sorted by name). `parts` lists the (control, part) pairs
/// of the framework; an attestation naming anything else, missing a field or with a malformed
/// value is bad input, named by file and line. Attached files are hashed now: a missing file or
/// a different hash is recorded as the attestation's `problem`, not as bad input (the finding
/// becomes `error`).
pub fn load_dir(dir: &Path, parts: &[(String, String)]) -> anyhow::Result<Vec<Attestation>> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        anyhow::anyhow!("{}: cannot read attestations directory: {e}", dir.display())
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file())
        .collect();
    files.sort();
    let mut out: Vec<Attestation> = Vec::new();
    for path in files {
        let a = load_file(&path, dir, parts)?;
        if let Some(other) = out.iter().find(|o| o.part == a.part) {
            anyhow::bail!(
                "{}: {} is already attested in {}; keep one attestation per part",
                path.display(),
                a.part,
                other.file
            );
        }
        out.push(a);
    }
    Ok(out)
}

fn load_file(path: &Path, dir: &Path, parts: &[(String, String)]) -> anyhow::Result<Attestation> {
    let text = super::io::read_text(path, "attestation")?;
    let at = |offset: Option<std::ops::Range<usize>>, message: &str| {
        let (line, column) = offset.map_or((1, 1), |s| line_col(&text, s.start));
        anyhow::anyhow!("{}:{line}:{column}: {message}", path.display())
    };
    let file: AttestationFile =
        toml::from_str(&text).map_err(|e| at(e.span(), e.message().trim_end()))?;
    let span_of = |key: &str| find_key(&text, key);
    if let Some((key, problem)) = unknown_part(&file.control, &file.part, parts) {
        return Err(at(span_of(key), &problem));
    }
    for (key, value) in [
        ("justification", &file.justification),
        ("owner", &file.owner),
    ] {
        if value.trim().is_empty() {
            return Err(at(span_of(key), &format!("`{key}` must not be empty")));
        }
    }
    let day = |key: &str, d: &toml::value::Datetime| match (d.date, d.time) {
        (Some(date), None) => Ok(date.to_string()),
        _ => Err(at(
            span_of(key),
            &format!("`{key}` must be a date like 2026-11-30"),
        )),
    };
    let date = day("date", &file.date)?;
    let expires = day("expires", &file.expires)?;
    if expires < date {
        return Err(at(span_of("expires"), "`expires` is before `date`"));
    }
    let base = path.parent().unwrap_or(Path::new("."));
    let mut problems = Vec::new();
    for (i, e) in file.evidence.iter().enumerate() {
        match (&e.url, &e.file) {
            (Some(_), None) | (None, Some(_)) => {}
            _ => {
                return Err(at(
                    find_key(&text, "evidence"),
                    &format!(
                        "evidence entry {} needs exactly one of `url` and `file`",
                        i + 1
                    ),
                ));
            }
        }
        if let Some(f) = &e.file {
            // Relative to the attestation, and inside its directory: the scan copies it.
            let p = Path::new(f);
            if f.is_empty()
                || f.contains('\\')
                || p.is_absolute()
                || p.components()
                    .any(|c| !matches!(c, std::path::Component::Normal(_)))
            {
                return Err(at(
                    find_key(&text, "evidence"),
                    &format!(
                        "evidence file {f:?} must be a path inside the attestations directory \
                         (relative, no `..`)"
                    ),
                ));
            }
            let Some(expected) = &e.sha256 else {
                return Err(at(
                    find_key(&text, "evidence"),
                    &format!("evidence file {f:?} needs its `sha256`"),
                ));
            };
            match std::fs::read(base.join(f)) {
                Ok(bytes) => {
                    let actual = sha256_hex(&bytes);
                    if !actual.eq_ignore_ascii_case(expected) {
                        problems.push(format!(
                            "evidence file {f} has SHA-256 {actual}, not the attested {expected}: \
                             it changed after the attestation"
                        ));
                    }
                }
                Err(err) => problems.push(format!("evidence file {f} cannot be read: {err}")),
            }
        }
    }
    Ok(Attestation {
        file: path.strip_prefix(dir).unwrap_or(path).display().to_string(),
        part: file.part,
        status: file.status,
        justification: file.justification,
        owner: file.owner,
        date,
        expires,
        evidence: file.evidence,
        problem: (!problems.is_empty()).then(|| problems.join("; ")),
    })
}

/// Why (`control` or `part`, and a message) a control and part are not among the framework's
/// manual parts; `None` when they are.
fn unknown_part(
    control: &str,
    part: &str,
    parts: &[(String, String)],
) -> Option<(&'static str, String)> {
    let known: Vec<&str> = parts
        .iter()
        .filter(|(c, _)| c == control)
        .map(|(_, p)| p.as_str())
        .collect();
    if known.is_empty() {
        Some((
            "control",
            format!("unknown control {control:?} in this framework"),
        ))
    } else if !known.contains(&part) {
        Some((
            "part",
            format!(
                "{part:?} is not a manual part of {control} (its parts: {})",
                known.join(", ")
            ),
        ))
    } else {
        None
    }
}

/// The byte range of `key = ` at the start of a line (top-level keys of a small file).
fn find_key(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix(key)
            && (rest.trim_start().starts_with('=') || key == "evidence" && rest.starts_with(']'))
        {
            let start = offset + (line.len() - t.len());
            return Some(start..start + key.len());
        }
        if key == "evidence" && t.starts_with("[[evidence]]") {
            let start = offset + (line.len() - t.len());
            return Some(start..start + t.len());
        }
        offset += line.len();
    }
    None
}

/// The text of a new attestation file, as `caliper attest` writes it.
pub fn to_toml(file: &AttestationFile) -> String {
    let mut text = String::from(
        "# An attestation of a manual part, read by `caliper evaluate --attestations DIR`.\n\
         # It counts until `expires` (judged at the snapshot's collection time); attached files\n\
         # are checked against their SHA-256 when findings are made.\n",
    );
    text.push_str(&toml::to_string(file).expect("an attestation serializes"));
    text
}

/// What `caliper attest` was asked to write.
pub struct NewAttestation {
    pub control: String,
    pub part: String,
    pub status: AttestedStatus,
    pub owner: String,
    pub justification: String,
    /// URLs (`scheme://...`) and file paths.
    pub evidence: Vec<String>,
    /// `YYYY-MM-DD`; today (UTC) when `None`.
    pub date: Option<String>,
    /// `YYYY-MM-DD`; one year after `date` when `None`.
    pub expires: Option<String>,
}

/// Writes `<part>.toml` into `dir` (created if missing); evidence files outside `dir` are copied
/// into `dir/evidence/`. The result is read back with [`load_dir`]'s checks before it is kept,
/// so what is written is always well formed. Returns the file's path.
pub fn write_new(
    new: &NewAttestation,
    dir: &Path,
    parts: &[(String, String)],
) -> anyhow::Result<PathBuf> {
    use anyhow::{Context, bail};
    let date = match &new.date {
        Some(d) => parse_day(d).with_context(|| format!("--date {d:?}"))?,
        None => today(),
    };
    let expires = match &new.expires {
        Some(d) => parse_day(d).with_context(|| format!("--expires {d:?}"))?,
        None => toml::value::Date {
            year: date.year + 1,
            month: date.month,
            day: if date.month == 2 && date.day == 29 {
                28
            } else {
                date.day
            },
        },
    };
    if let Some((_, problem)) = unknown_part(&new.control, &new.part, parts) {
        bail!("{problem}");
    }
    let path = dir.join(format!("{}.toml", new.part));
    if path.exists() {
        bail!(
            "{} exists: edit it, or remove it to attest {} anew",
            path.display(),
            new.part
        );
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let dir_abs = dir.canonicalize()?;
    let mut evidence = Vec::new();
    for e in &new.evidence {
        if e.contains("://") {
            evidence.push(EvidenceEntry {
                url: Some(e.clone()),
                file: None,
                sha256: None,
            });
            continue;
        }
        let src = Path::new(e);
        let bytes = std::fs::read(src).with_context(|| format!("--evidence {e}: cannot read"))?;
        let abs = src.canonicalize()?;
        let relative = match abs.strip_prefix(&dir_abs) {
            Ok(inside) => inside.to_path_buf(),
            Err(_) => {
                let name = abs
                    .file_name()
                    .with_context(|| format!("--evidence {e}: not a file"))?;
                let target = Path::new("evidence").join(name);
                let dest = dir.join(&target);
                match std::fs::read(&dest) {
                    Ok(existing) if existing == bytes => {}
                    Ok(_) => bail!(
                        "{} exists with other content; rename the evidence file",
                        dest.display()
                    ),
                    Err(_) => super::io::write_atomic(&dest, &bytes)?,
                }
                target
            }
        };
        evidence.push(EvidenceEntry {
            url: None,
            file: Some(relative.to_string_lossy().replace('\\', "/")),
            sha256: Some(sha256_hex(&bytes)),
        });
    }
    let datetime = |d: toml::value::Date| toml::value::Datetime {
        date: Some(d),
        time: None,
        offset: None,
    };
    let file = AttestationFile {
        control: new.control.clone(),
        part: new.part.clone(),
        status: new.status,
        justification: new.justification.clone(),
        owner: new.owner.clone(),
        date: datetime(date),
        expires: datetime(expires),
        evidence,
    };
    let text = to_toml(&file);
    // Check what would be read back, with the same rules as `--attestations`.
    let probe = tempfile::Builder::new().suffix(".toml").tempfile_in(dir)?;
    std::fs::write(probe.path(), &text)?;
    load_file(probe.path(), dir, parts)?;
    drop(probe);
    super::io::write_atomic(&path, &text)?;
    Ok(path)
}

fn parse_day(s: &str) -> anyhow::Result<toml::value::Date> {
    let d: toml::value::Datetime = s
        .parse()
        .map_err(|_| anyhow::anyhow!("not a date like 2026-11-30"))?;
    match (d.date, d.time) {
        (Some(date), None) => Ok(date),
        _ => anyhow::bail!("not a date like 2026-11-30"),
    }
}

/// Today's date in UTC.
fn today() -> toml::value::Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_from_days((secs / 86_400) as i64)
}

/// Days since 1970-01-01 to a calendar date (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> toml::value::Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
    toml::value::Date { year, month, day }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_from_days() {
        assert_eq!(civil_from_days(0).to_string(), "1970-01-01");
        assert_eq!(civil_from_days(20_412).to_string(), "2025-11-20");
        assert_eq!(civil_from_days(11_016).to_string(), "2000-02-29");
    }
}
