//! Findings in the formats other tools read: SARIF 2.1.0 (code scanning), JUnit XML (CI test
//! reports), CSV (spreadsheets) and OCSF Compliance Findings (security data lakes). These render
//! every finding, so they read the findings themselves rather than the report model; each escapes
//! for its own syntax.

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::Result;
use serde_json::{Value, json};

use super::charts::xml;
use crate::model::{Finding, Findings, Severity, Status};

/// The OCSF schema version the events follow.
pub const OCSF_VERSION: &str = "1.3.0";

fn security_severity(s: Severity) -> &'static str {
    // GitHub's bands: critical > 9.0, high 7.0–8.9, medium 4.0–6.9, low 0.1–3.9.
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "0.0",
    }
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// A path segment of the pseudo-path: unreserved characters kept, everything else %-encoded.
fn uri_segment(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if out.is_empty() { "_".into() } else { out }
}

/// `aws/<account>/<region>/<service>/<resource-id>`: a repository-style location for a cloud
/// resource, as Trivy does for targets that are not files.
fn pseudo_path(f: &Finding) -> String {
    let service = f.check.split('.').next().unwrap_or("aws");
    let id = f
        .resource
        .rsplit(['/', ':'])
        .find(|s| !s.is_empty())
        .unwrap_or(&f.resource);
    format!(
        "aws/{}/{}/{}/{}",
        uri_segment(&f.account_id),
        uri_segment(&f.region),
        uri_segment(service),
        uri_segment(id)
    )
}

pub fn sarif(findings: &Findings, out: &mut dyn Write) -> Result<()> {
    // One rule per check that has findings, in check order.
    let mut rules: BTreeMap<&str, &Finding> = BTreeMap::new();
    for f in findings.findings.iter().filter(|f| !f.is_manual_part()) {
        rules.entry(&f.check).or_insert(f);
    }
    let index: BTreeMap<&str, usize> = rules.keys().enumerate().map(|(i, k)| (*k, i)).collect();
    let rules_json: Vec<Value> = rules
        .values()
        .map(|f| {
            json!({
                "id": &*f.check,
                "name": &*f.check,
                "shortDescription": {"text": &*f.title},
                "fullDescription": {"text": format!("{} ({})", f.title, f.controls.join(", "))},
                "help": {"text": &*f.remediation},
                "defaultConfiguration": {"level": sarif_level(f.severity)},
                "properties": {
                    "security-severity": security_severity(f.severity),
                    "severity": f.severity.as_str(),
                    "tags": ["security", "aws", "compliance"],
                    "controls": &*f.controls,
                },
            })
        })
        .collect();
    let results: Vec<Value> = findings
        .findings
        .iter()
        .filter(|f| matches!(f.status, Status::Fail | Status::Waived) && !f.is_manual_part())
        .map(|f| {
            // A waived failure stays visible as a suppressed result, so code scanning closes the
            // alert with the reason instead of losing it.
            let suppressions: Vec<Value> = f
                .waiver
                .iter()
                .map(|w| {
                    json!({
                        "kind": "external",
                        "status": "accepted",
                        "justification": format!("{} ({}, until {})", w.reason, w.owner, w.expires),
                    })
                })
                .collect();
            json!({
                "suppressions": suppressions,
                "ruleId": &*f.check,
                "ruleIndex": index[&*f.check],
                "level": sarif_level(f.severity),
                "message": {"text": &f.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": pseudo_path(f)},
                        "region": {"startLine": 1},
                    },
                    "logicalLocations": [{
                        "fullyQualifiedName": &f.resource,
                        "kind": "resource",
                    }],
                }],
                // The finding id is a hash of check, account, region and resource: stable across
                // runs, distinct across accounts.
                "partialFingerprints": {"caliperFindingId/v1": &f.id},
                "properties": {
                    "account": &*f.account_id,
                    "region": &f.region,
                    "resourceType": &*f.resource_type,
                    "controls": &*f.controls,
                },
            })
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "caliper",
                "version": findings.tool.version,
                "rules": rules_json,
            }},
            "automationDetails": {"id": format!("caliper/{}/", findings.scan.framework)},
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")?;
    Ok(())
}

pub fn junit(findings: &Findings, out: &mut dyn Write) -> Result<()> {
    // A suite per control of the framework, in framework order; a finding mapped to several
    // controls appears in each.
    let mut suites: Vec<(String, Vec<&Finding>)> = findings
        .summary
        .controls
        .iter()
        .map(|c| (format!("{} {}", c.id, c.title), Vec::new()))
        .collect();
    for f in &findings.findings {
        for (i, c) in findings.summary.controls.iter().enumerate() {
            if f.controls.contains(&c.id) {
                suites[i].1.push(f);
            }
        }
    }
    let count = |list: &[&Finding], pred: &dyn Fn(Status) -> bool| {
        list.iter().filter(|f| pred(f.status)).count()
    };
    let failing = |s: Status| matches!(s, Status::Fail | Status::Error);
    let skipped = |s: Status| matches!(s, Status::Manual | Status::NotApplicable | Status::Waived);
    let all: Vec<&Finding> = suites.iter().flat_map(|(_, l)| l.iter().copied()).collect();
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str(&format!(
        "<testsuites name=\"caliper {}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">\n",
        xml(&findings.scan.framework),
        all.len(),
        count(&all, &failing),
        count(&all, &skipped)
    ));
    for (name, list) in &suites {
        x.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" timestamp=\"{}\">\n",
            xml(name),
            list.len(),
            count(list, &failing),
            count(list, &skipped),
            xml(findings.scan.snapshot_collected_at.trim_end_matches('Z'))
        ));
        for f in list {
            x.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"{}\">\n      <properties>\n        <property name=\"account\" value=\"{}\"/>\n        <property name=\"region\" value=\"{}\"/>\n        <property name=\"severity\" value=\"{}\"/>\n        <property name=\"finding_id\" value=\"{}\"/>\n      </properties>\n",
                xml(&f.check),
                xml(&format!("{} {}", f.check, f.resource)),
                xml(&f.account_id),
                xml(&f.region),
                f.severity.as_str(),
                xml(&f.id)
            ));
            match f.status {
                Status::Fail | Status::Error => x.push_str(&format!(
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                    f.status.as_str(),
                    xml(&f.message),
                    xml(&format!("{}\n\nRemediation: {}", f.message, f.remediation))
                )),
                Status::Manual | Status::NotApplicable | Status::Waived => x.push_str(&format!(
                    "      <skipped message=\"{}: {}\"/>\n",
                    f.status.as_str(),
                    xml(&f.message)
                )),
                Status::Pass => {}
            }
            x.push_str("    </testcase>\n");
        }
        x.push_str("  </testsuite>\n");
    }
    x.push_str("</testsuites>\n");
    out.write_all(x.as_bytes())?;
    Ok(())
}

/// A CSV cell: quoted, quotes doubled, and a leading `'` on text a spreadsheet would take for
/// a formula (quoting alone does not stop that).
fn csv_cell(s: &str) -> String {
    let guarded = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

pub const CSV_COLUMNS: [&str; 24] = [
    "id",
    "check",
    "controls",
    "title",
    "status",
    "severity",
    "account_id",
    "region",
    "resource",
    "resource_type",
    "message",
    "remediation",
    "operations",
    "values",
    "error_reason",
    "waiver_index",
    "waiver_owner",
    "waiver_reason",
    "waiver_expires",
    "attestation_status",
    "attestation_owner",
    "attestation_date",
    "attestation_expires",
    "attestation_justification",
];

pub fn csv(findings: &Findings, out: &mut dyn Write) -> Result<()> {
    let mut text = CSV_COLUMNS.map(csv_cell).join(",") + "\r\n";
    for f in &findings.findings {
        let w = f.waiver.as_deref();
        let a = f.attestation.as_deref();
        let row = [
            f.id.clone(),
            f.check.to_string(),
            f.controls.join(";"),
            f.title.to_string(),
            f.status.as_str().to_string(),
            f.severity.as_str().to_string(),
            f.account_id.to_string(),
            f.region.clone(),
            f.resource.clone(),
            f.resource_type.to_string(),
            f.message.clone(),
            f.remediation.to_string(),
            f.evidence.operations.join(";"),
            f.evidence.values.as_json().to_string(),
            f.evidence
                .error
                .as_ref()
                .map(|e| format!("{} on {}", e.reason.as_str(), e.action))
                .unwrap_or_default(),
            w.map(|w| w.index.to_string()).unwrap_or_default(),
            w.map(|w| w.owner.clone()).unwrap_or_default(),
            w.map(|w| w.reason.clone()).unwrap_or_default(),
            w.map(|w| w.expires.clone()).unwrap_or_default(),
            a.map(|a| match a.status {
                crate::model::attestation::AttestedStatus::Pass => "pass".to_string(),
                crate::model::attestation::AttestedStatus::Fail => "fail".to_string(),
            })
            .unwrap_or_default(),
            a.map(|a| a.owner.clone()).unwrap_or_default(),
            a.map(|a| a.date.clone()).unwrap_or_default(),
            a.map(|a| a.expires.clone()).unwrap_or_default(),
            a.map(|a| a.justification.clone()).unwrap_or_default(),
        ];
        text.push_str(
            &row.iter()
                .map(|c| csv_cell(c))
                .collect::<Vec<_>>()
                .join(","),
        );
        text.push_str("\r\n");
    }
    out.write_all(text.as_bytes())?;
    Ok(())
}

/// Milliseconds since the epoch of an RFC 3339 time (`2026-11-20T09:30:00Z`, with an optional
/// fraction and offset).
fn epoch_ms(t: &str) -> Option<i64> {
    let n = |r: std::ops::Range<usize>| t.get(r)?.parse::<i64>().ok();
    let (y, mo, d) = (n(0..4)?, n(5..7)?, n(8..10)?);
    let (h, mi, s) = (n(11..13)?, n(14..16)?, n(17..19)?);
    // Days from the civil date (H. Hinnant's algorithm).
    let y = if mo <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if mo > 2 { mo - 3 } else { mo + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let mut rest = &t[19..];
    let mut ms = 0;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits: String = frac.chars().take_while(char::is_ascii_digit).collect();
        ms = format!("{digits:0<3}")[..3].parse().ok()?;
        rest = &frac[digits.len()..];
    }
    let offset = match rest {
        "Z" | "z" | "" => 0,
        o => {
            let sign = if o.starts_with('-') { -1 } else { 1 };
            sign * (o.get(1..3)?.parse::<i64>().ok()? * 60 + o.get(4..6)?.parse::<i64>().ok()?)
        }
    };
    Some(((days * 86_400 + h * 3_600 + mi * 60 + s - offset * 60) * 1000) + ms)
}

pub fn ocsf(findings: &Findings, out: &mut dyn Write) -> Result<()> {
    let time = epoch_ms(&findings.scan.snapshot_collected_at).unwrap_or(0);
    let mut events = Vec::new();
    for f in &findings.findings {
        let (severity_id, severity) = match f.severity {
            Severity::Info => (1, "Informational"),
            Severity::Low => (2, "Low"),
            Severity::Medium => (3, "Medium"),
            Severity::High => (4, "High"),
            Severity::Critical => (5, "Critical"),
        };
        // Compliance status: 1 Pass, 3 Fail, 99 Other (error, manual, not applicable).
        let (compliance_id, compliance) = match f.status {
            Status::Pass => (1, "Pass"),
            Status::Fail | Status::Waived => (3, "Fail"),
            Status::Error => (99, "Error"),
            Status::Manual => (99, "Manual"),
            Status::NotApplicable => (99, "Not applicable"),
        };
        // Finding status: 3 Suppressed for a waived failure, else 1 New.
        let (status_id, status) = if f.status == Status::Waived {
            (3, "Suppressed")
        } else {
            (1, "New")
        };
        for control in f.controls.iter() {
            events.push(json!({
                "class_uid": 2003,
                "class_name": "Compliance Finding",
                "category_uid": 2,
                "category_name": "Findings",
                "type_uid": 200301,
                "type_name": "Compliance Finding: Create",
                "activity_id": 1,
                "activity_name": "Create",
                "time": time,
                "severity_id": severity_id,
                "severity": severity,
                "status_id": status_id,
                "status": status,
                "message": &f.message,
                "metadata": {
                    "version": OCSF_VERSION,
                    "product": {
                        "name": &findings.tool.name,
                        "vendor_name": "caliper",
                        "version": &findings.tool.version,
                    },
                },
                "finding_info": {
                    "uid": format!("{}-{control}", f.id),
                    "title": &*f.title,
                    "desc": &f.message,
                    "types": [&*f.check],
                },
                "compliance": {
                    "standards": [&findings.scan.framework_title],
                    "requirements": [&*f.check],
                    "control": control,
                    "status": compliance,
                    "status_id": compliance_id,
                },
                "resources": [{
                    "uid": &f.resource,
                    "type": &*f.resource_type,
                    "region": &f.region,
                    "cloud_partition": "aws",
                    "account": {"uid": &*f.account_id, "type": "AWS Account", "type_id": 10},
                }],
                "cloud": {
                    "provider": "AWS",
                    "region": &f.region,
                    "account": {"uid": &*f.account_id, "type": "AWS Account", "type_id": 10},
                },
                "remediation": {"desc": &*f.remediation},
            }));
        }
    }
    serde_json::to_writer_pretty(&mut *out, &events)?;
    out.write_all(b"\n")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised_and_quotes_doubled() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("-1+2"), "\"'-1+2\"");
        assert_eq!(csv_cell("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(csv_cell("plain, text"), "\"plain, text\"");
    }

    #[test]
    fn xml_drops_what_it_cannot_carry() {
        assert_eq!(xml("a\u{1}b<c>&\"'\u{FFFE}"), "ab&lt;c&gt;&amp;&quot;&#39;");
    }

    #[test]
    fn rfc3339_times_become_epoch_milliseconds() {
        assert_eq!(epoch_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(epoch_ms("2026-11-20T09:30:00Z"), Some(1_795_167_000_000));
        assert_eq!(
            epoch_ms("2026-11-20T10:30:00.5+01:00"),
            Some(1_795_167_000_500)
        );
        assert_eq!(epoch_ms("nope"), None);
    }

    #[test]
    fn pseudo_paths_are_uri_safe() {
        assert_eq!(uri_segment("a b/c"), "a%20b%2Fc");
        assert_eq!(uri_segment(""), "_");
    }
}
