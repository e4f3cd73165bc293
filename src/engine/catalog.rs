//! The checks and frameworks caliper knows: the built-in ones embedded in the binary plus those a
//! user adds with `--controls DIR`. Loading validates everything a user could get wrong and names
//! the file and line.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::Error;
use crate::model::Severity;
use crate::model::sections::is_section;

include!(concat!(env!("OUT_DIR"), "/builtin_controls.rs"));

/// The framework judged when none is named.
pub const DEFAULT_FRAMEWORK: &str = "aws-partner-ccr";

/// A Rego source file: its display path and text.
#[derive(Debug, Clone)]
pub struct RegoFile {
    pub path: String,
    pub text: String,
}

impl RegoFile {
    pub fn is_test(&self) -> bool {
        self.path.ends_with("_test.rego")
    }

    /// Whether the file lies in a `checks` directory (at any depth).
    pub fn under_checks(&self) -> bool {
        Path::new(&self.path)
            .parent()
            .is_some_and(|p| p.components().any(|c| c.as_os_str() == "checks"))
    }

    /// The package path (`data.caliper.checks.x`) from the `package` line.
    pub fn package(&self) -> Result<String, Error> {
        self.text
            .lines()
            .find_map(|l| l.trim_start().strip_prefix("package "))
            .map(|p| format!("data.{}", p.trim()))
            .ok_or_else(|| Error::at(&self.path, 1, "no `package` line"))
    }
}

/// One check: its metadata and where its verdicts come from.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    #[serde(flatten)]
    pub meta: CheckMeta,
    /// The Rego package, e.g. `data.caliper.checks.ec2.sg_admin_ports_open`.
    pub package: String,
    pub file: String,
    pub builtin: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckMeta {
    pub id: String,
    pub title: String,
    pub description: String,
    pub severity: Severity,
    pub resource_type: String,
    pub sections: Vec<String>,
    pub remediation: String,
    pub references: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    title: String,
    #[serde(default)]
    description: String,
    custom: RawCustom,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCustom {
    id: String,
    severity: Severity,
    resource_type: String,
    sections: Vec<String>,
    remediation: String,
    #[serde(default)]
    references: Vec<String>,
}

/// A framework: controls mapped to checks, as data.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    pub id: String,
    pub title: String,
    pub version: String,
    pub description: String,
    pub controls: Vec<Control>,
    #[serde(skip)]
    pub file: String,
    /// The file's text, as read (hashed into the findings' `rules_sha256`).
    #[serde(skip)]
    pub source: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Control {
    pub id: String,
    pub title: String,
    pub requirement: String,
    pub criteria: Vec<String>,
    pub rationale: String,
    pub checks: Vec<String>,
    #[serde(default)]
    pub sop_sections: Vec<String>,
    /// Which checks give evidence for which criterion (the SOP's "how this is implemented"
    /// groups passing results this way); checks not named here are listed apart.
    #[serde(default)]
    pub evidence: Vec<CriterionEvidence>,
    #[serde(default)]
    pub manual: Vec<ManualPart>,
}

/// The checks whose passing results show one criterion (1-based) of a control is met.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriterionEvidence {
    pub criterion: usize,
    pub checks: Vec<String>,
}

/// A part of a control that only a person can attest.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManualPart {
    pub id: String,
    pub text: String,
}

/// Everything loaded: Rego sources (checks, libraries, tests), checks and frameworks.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub rego: Vec<RegoFile>,
    pub checks: Vec<Check>,
    pub frameworks: Vec<Framework>,
}

impl Catalog {
    /// What `caliper controls test` checks beside the Rego tests, for every check under a
    /// `checks/` directory: a sibling `<name>_test.rego` exists, and the file path, the package
    /// and the id agree (`checks/kms/key_rotation.rego`, package `...kms.key_rotation`, id
    /// `kms.key-rotation`). Each problem names the file.
    pub fn lint(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for check in &self.checks {
            let path = Path::new(&check.file);
            let in_checks = path
                .parent()
                .is_some_and(|p| p.components().any(|c| c.as_os_str() == "checks"));
            if !in_checks {
                continue;
            }
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            let dir = path
                .parent()
                .and_then(|p| p.file_name())
                .and_then(|s| s.to_str())
                .unwrap_or("");
            let test = path.with_file_name(format!("{stem}_test.rego"));
            if !self.rego.iter().any(|f| Path::new(&f.path) == test) {
                problems.push(format!(
                    "{}: check {} has no sibling test file {}",
                    check.file,
                    check.meta.id,
                    test.display()
                ));
            }
            let package_tail = format!(".{dir}.{stem}");
            if !check.package.ends_with(&package_tail) {
                problems.push(format!(
                    "{}: package {} does not end in `{}` as the file path says",
                    check.file,
                    check.package.trim_start_matches("data."),
                    &package_tail[1..]
                ));
            }
            let id = format!("{dir}.{}", stem.replace('_', "-"));
            if check.meta.id != id {
                problems.push(format!(
                    "{}: check id {} does not match the file path (expected {id})",
                    check.file, check.meta.id
                ));
            }
        }
        problems
    }

    /// The controls embedded in the binary.
    pub fn builtin() -> Result<Catalog, Error> {
        let mut catalog = Catalog::default();
        for (path, text) in BUILTIN_CONTROLS {
            catalog.add_file(&format!("controls/{path}"), text, true)?;
        }
        catalog.validate()?;
        Ok(catalog)
    }

    /// Built-in controls plus the `.rego` and `.toml` files under `dir` (recursively).
    pub fn with_dir(dir: &Path) -> Result<Catalog, Error> {
        let mut catalog = Catalog::builtin()?;
        catalog.add_dir(dir)?;
        catalog.validate()?;
        Ok(catalog)
    }

    /// Only the files under `dir`, as `caliper controls test DIR` runs them (plus the built-in
    /// `lib` and `testing` helpers when `dir` does not bring its own).
    pub fn from_dir_only(dir: &Path) -> Result<Catalog, Error> {
        let mut catalog = Catalog::default();
        catalog.add_dir(dir)?;
        for (path, text) in BUILTIN_CONTROLS
            .iter()
            .filter(|(p, _)| p.starts_with("lib/"))
        {
            let pkg = RegoFile {
                path: path.to_string(),
                text: text.to_string(),
            }
            .package()?;
            let present = catalog
                .rego
                .iter()
                .any(|f| f.package().ok().as_deref() == Some(&pkg));
            if !present {
                catalog.add_file(&format!("controls/{path}"), text, true)?;
            }
        }
        catalog.validate()?;
        Ok(catalog)
    }

    fn add_dir(&mut self, dir: &Path) -> Result<(), Error> {
        let mut files = Vec::new();
        collect_files(dir, &mut files)?;
        if files.is_empty() {
            return Err(Error::at(
                &dir.display().to_string(),
                0,
                "no .rego or .toml files found",
            ));
        }
        for path in files {
            let text = crate::model::io::read_text(&path, "control file")
                .map_err(|e| Error::Usage(e.to_string()))?;
            self.add_file(&path.display().to_string(), &text, false)?;
        }
        Ok(())
    }

    fn add_file(&mut self, path: &str, text: &str, builtin: bool) -> Result<(), Error> {
        if path.ends_with(".toml") {
            let mut fw: Framework =
                toml::from_str(text).map_err(|e| Error::toml(path, text, &e))?;
            fw.file = path.to_string();
            fw.source = text.to_string();
            if self.frameworks.iter().any(|f| f.id == fw.id) {
                return Err(Error::at(
                    path,
                    1,
                    &format!("framework `{}` is defined twice", fw.id),
                ));
            }
            self.frameworks.push(fw);
            return Ok(());
        }
        let file = RegoFile {
            path: path.to_string(),
            text: text.to_string(),
        };
        let meta = if file.is_test() {
            None
        } else {
            parse_metadata(path, text)?
        };
        // Under checks/, a file without METADATA would silently become a library that judges
        // nothing.
        if meta.is_none() && !file.is_test() && file.under_checks() {
            return Err(Error::at(
                path,
                1,
                "a .rego file under checks/ must start with a METADATA block naming the check \
                 (shared rules belong under lib/)",
            ));
        }
        if let Some(meta) = meta {
            if let Some(other) = self.checks.iter().find(|c| c.meta.id == meta.id) {
                return Err(Error::at(
                    path,
                    1,
                    &format!("check `{}` is already defined in {}", meta.id, other.file),
                ));
            }
            self.checks.push(Check {
                meta,
                package: file.package()?,
                file: path.to_string(),
                builtin,
            });
        }
        self.rego.push(file);
        Ok(())
    }

    fn validate(&self) -> Result<(), Error> {
        for c in &self.checks {
            let text = self.source_of(&c.file);
            let defines = |rule: &str| {
                text.lines().any(|l| {
                    l.strip_prefix(rule)
                        .is_some_and(|rest| rest.starts_with([' ', ':', '[', '\t']))
                        || l.starts_with(&format!("default {rule}"))
                })
            };
            if !defines("results") {
                return Err(Error::at(
                    &c.file,
                    line_of(text, "package "),
                    &format!(
                        "check {} defines no `results` rule: a check returns its verdicts in \
                         `results` (see docs/writing-checks.md)",
                        c.meta.id
                    ),
                ));
            }
        }
        for fw in &self.frameworks {
            for control in &fw.controls {
                // Ids name files (SOPs, evidence, attestations): plain words only.
                let plain = |id: &str| {
                    id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
                        && id
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
                };
                for id in std::iter::once(&control.id).chain(control.manual.iter().map(|m| &m.id)) {
                    if !plain(id) {
                        return Err(Error::at(
                            &fw.file,
                            line_of(self.source_of(&fw.file), id),
                            &format!(
                                "{id:?} is not a valid id: letters, digits, `.`, `_` and `-` only"
                            ),
                        ));
                    }
                }
                for id in &control.checks {
                    if self.check(id).is_none() {
                        return Err(Error::at(
                            &fw.file,
                            line_of(self.source_of(&fw.file), id),
                            &format!("control {} maps unknown check `{id}`", control.id),
                        ));
                    }
                }
                for e in &control.evidence {
                    if e.criterion == 0 || e.criterion > control.criteria.len() {
                        return Err(Error::at(
                            &fw.file,
                            line_of(
                                self.source_of(&fw.file),
                                &format!("criterion = {}", e.criterion),
                            ),
                            &format!(
                                "control {} has {} criteria; evidence names criterion {}",
                                control.id,
                                control.criteria.len(),
                                e.criterion
                            ),
                        ));
                    }
                    if let Some(id) = e.checks.iter().find(|id| !control.checks.contains(id)) {
                        return Err(Error::at(
                            &fw.file,
                            line_of(self.source_of(&fw.file), id),
                            &format!(
                                "evidence of control {} names `{id}`, which is not one of its checks",
                                control.id
                            ),
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// The text of a loaded Rego or framework file, as it was read (not read again from disk).
    pub(crate) fn source_of(&self, file: &str) -> &str {
        self.rego
            .iter()
            .find(|f| f.path == file)
            .map(|f| f.text.as_str())
            .or_else(|| {
                self.frameworks
                    .iter()
                    .find(|fw| fw.file == file)
                    .map(|fw| fw.source.as_str())
            })
            .unwrap_or_default()
    }

    pub fn check(&self, id: &str) -> Option<&Check> {
        self.checks.iter().find(|c| c.meta.id == id)
    }

    pub fn framework(&self, id: &str) -> Result<&Framework, Error> {
        self.frameworks.iter().find(|f| f.id == id).ok_or_else(|| {
            let known: Vec<_> = self.frameworks.iter().map(|f| f.id.as_str()).collect();
            Error::Usage(format!(
                "unknown framework `{id}` (known: {})",
                known.join(", ")
            ))
        })
    }

    /// Check id → the ids of the framework's controls that map it.
    pub fn controls_by_check(framework: &Framework) -> BTreeMap<&str, Vec<String>> {
        let mut map: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for control in &framework.controls {
            for check in &control.checks {
                map.entry(check.as_str())
                    .or_default()
                    .push(control.id.clone());
            }
        }
        map
    }
}

fn collect_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> Result<(), Error> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Error::at(&dir.display().to_string(), 0, &e.to_string()))?;
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect_files(&path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("rego" | "toml")
        ) {
            out.push(path);
        }
    }
    Ok(())
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map_or(0, |i| i + 1)
}

/// Parses the `# METADATA` comment block of a check (regorus drops comments, so we read it
/// ourselves). `None` for files without one (libraries).
pub fn parse_metadata(path: &str, text: &str) -> Result<Option<CheckMeta>, Error> {
    let lines: Vec<&str> = text.lines().collect();
    let Some(start) = lines.iter().position(|l| l.trim() == "# METADATA") else {
        return Ok(None);
    };
    let mut yaml = String::new();
    for line in &lines[start + 1..] {
        let Some(rest) = line.strip_prefix('#') else {
            break;
        };
        yaml += rest.strip_prefix(' ').unwrap_or(rest);
        yaml.push('\n');
    }
    let raw: RawMeta = serde_yaml_ng::from_str(&yaml).map_err(|e| {
        let line = e.location().map_or(start + 1, |l| start + 1 + l.line());
        Error::at(path, line, &format!("invalid METADATA: {e}"))
    })?;
    let c = raw.custom;
    for s in &c.sections {
        if !is_section(s) {
            // The line naming it; else (the YAML folded it) the `sections:` line.
            let line = match line_of(text, s) {
                0 => line_of(text, "sections:").max(start + 1),
                n => n,
            };
            return Err(Error::at(
                path,
                line,
                &format!("METADATA names unknown section `{s}` (see src/model/sections.rs)"),
            ));
        }
    }
    if c.sections.is_empty() {
        return Err(Error::at(
            path,
            start + 1,
            "METADATA must list the sections the check reads",
        ));
    }
    Ok(Some(CheckMeta {
        id: c.id,
        title: raw.title,
        description: raw.description.trim().to_string(),
        severity: c.severity,
        resource_type: c.resource_type,
        sections: c.sections,
        remediation: c.remediation.trim().to_string(),
        references: c.references,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalog_loads_and_maps_every_framework_check() {
        let c = Catalog::builtin().unwrap();
        assert!(c.checks.len() >= 25, "{} checks", c.checks.len());
        let fw = c.framework(DEFAULT_FRAMEWORK).unwrap();
        assert_eq!(fw.controls.len(), 11);
    }

    #[test]
    fn metadata_error_points_at_the_file_line() {
        let text =
            "# METADATA\n# title: x\n# custom:\n#   id: a.b\n#   severity: severe\npackage p\n";
        let e = parse_metadata("x.rego", text).unwrap_err().to_string();
        assert!(e.starts_with("x.rego:"), "{e}");
        assert!(e.contains("severity"), "{e}");
    }

    #[test]
    fn unknown_section_is_rejected() {
        let text = "# METADATA\n# title: x\n# custom:\n#   id: a.b\n#   severity: low\n#   resource_type: r\n#   sections: [ec2.nope]\n#   remediation: r\npackage p\n";
        let e = parse_metadata("x.rego", text).unwrap_err().to_string();
        assert!(e.contains("x.rego:7") && e.contains("ec2.nope"), "{e}");
    }
}
