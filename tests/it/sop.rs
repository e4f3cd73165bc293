//! SOP documents: one per control, written from the findings and the partner profile, with
//! nothing invented.

use std::path::Path;

use super::*;

/// The example scanned (with its attestations) into `dir`, then `caliper sop` with `extra`.
fn sop(dir: &Path, extra: &[&str]) -> std::process::Output {
    let out = scan_example(dir);
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    caliper()
        .args(["sop", "--findings"])
        .arg(dir.join("findings.json"))
        .arg("--config")
        .arg(example_config())
        .arg("--out")
        .arg(dir.join("sop"))
        .args(extra)
        .output()
        .unwrap()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn sop_writes_one_markdown_document_per_control_of_the_framework() {
    let dir = tempfile::tempdir().unwrap();
    let out = sop(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("sop"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "ACCT-001.md",
            "ACCT-002.md",
            "COST-001.md",
            "DOC-001.md",
            "NETSEC-001.md",
            "NETSEC-002.md",
            "OPE-001.md",
            "OPE-002.md",
            "OPE-003.md",
            "REL-001.md",
            "REL-002.md"
        ]
    );
}

#[test]
fn sops_name_the_customers_accounts_and_resources_from_passing_findings() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(sop(dir.path(), &[]).status.code(), Some(0));
    let acct = read(&dir.path().join("sop/ACCT-001.md"));
    // The organization trail, its bucket in the log-archive account, and the accounts it covers.
    assert!(acct.contains("`arn:aws:s3:::northwind-org-cloudtrail-logs` (account 222222222222, northwind-log-archive, us-east-1)"), "{acct}");
    assert!(acct.contains("arn:aws:cloudtrail:us-east-1:111111111111:trail/northwind-org-trail"));
    assert!(acct.contains("### Criterion 4: The SOP requires CloudTrail in all Regions"));
    // The attested part, with who and the evidence's hash; the gaps with their remediation.
    assert!(acct.contains("(attested pass by Priya Raman"));
    assert!(
        acct.contains("SHA-256 `5fe7f57a9abce736aefff86d030d857d53fc4b3e028d0eefed6663dd563f9099`")
    );
    assert!(acct.contains("| `iam.root-mfa` | fail | 222222222222 |"));
    let netsec = read(&dir.path().join("sop/NETSEC-002.md"));
    assert!(
        netsec.contains("### Criterion 3: Encryption at rest is enabled by default"),
        "{netsec}"
    );
    assert!(
        netsec.contains("(account 333333333333, northwind-workload-prod"),
        "{netsec}"
    );
    assert!(netsec.contains("`ec2.ebs-volume-encrypted`"));
}

#[test]
fn a_control_with_no_evidence_says_so() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(sop(dir.path(), &[]).status.code(), Some(0));
    let doc = read(&dir.path().join("sop/OPE-003.md"));
    assert!(doc.contains("2 manual part(s) not attested as passing"));
    // COST-001's check only gathers facts (manual) and its part has an attested fail: no
    // supporting evidence.
    let cost = read(&dir.path().join("sop/COST-001.md"));
    assert!(cost.contains("**No supporting evidence.** No check of COST-001 passed for any resource in\nthis snapshot, and no\nmanual part is attested as passing."), "{cost}");
    assert!(cost.contains("(attested fail by Marc Olsen"));
    // ACCT-001 has passing results: no such sentence.
    assert!(!read(&dir.path().join("sop/ACCT-001.md")).contains("No supporting evidence"));
}

#[test]
fn example_sops_are_stable() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(sop(dir.path(), &[]).status.code(), Some(0));
    for id in ["ACCT-001", "NETSEC-002", "DOC-001"] {
        insta::assert_snapshot!(
            format!("sop_{id}"),
            read(&dir.path().join(format!("sop/{id}.md")))
        );
    }
}

#[test]
fn default_procedures_carry_a_notice_until_reviewed_or_overridden_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    write(
        &templates,
        "ACCT-002.md.tera",
        "{{ partner }} grants access through IAM Identity Center only.\n",
    );
    let out = sop(
        dir.path(),
        &[
            "--templates",
            templates.to_str().unwrap(),
            "--format",
            "md,html,pdf",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let sop_dir = dir.path().join("sop");
    let notice = "Default text, not yet reviewed by Example Cloud Partners.";
    assert!(read(&sop_dir.join("ACCT-001.md")).contains(notice));
    let md = read(&sop_dir.join("ACCT-002.md"));
    assert!(
        !md.contains(notice),
        "an overridden procedure is the partner's own"
    );
    assert!(md.contains("Example Cloud Partners grants access through IAM Identity Center only"));
    // The one override reaches the HTML and the PDF too.
    let html = read(&sop_dir.join("ACCT-002.html"));
    assert!(html.contains("grants access through IAM Identity Center only"));
    let pdf = sop_dir.join("ACCT-002.pdf");
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed by this test");
    let text = String::from_utf8_lossy(&text.stdout).replace('\n', " ");
    assert!(
        text.contains("grants access through IAM Identity Center only"),
        "{text}"
    );
    assert!(text.contains("How this is implemented for Northwind Analytics"));
    assert!(!text.contains(notice));

    // Marked reviewed in caliper.toml: the built-in text loses the notice.
    let config = std::fs::read_to_string(example_config()).unwrap().replace(
        "attestations = \"attestations/\"",
        &format!(
            "attestations = {:?}\n\n[sop]\nreviewed = [\"ACCT-001\"]",
            root()
                .join("fixtures/example-org/attestations")
                .display()
                .to_string()
        ),
    );
    let cfg = write(dir.path(), "caliper.toml", &config);
    let out = caliper()
        .args(["sop", "--findings"])
        .arg(dir.path().join("findings.json"))
        .arg("--config")
        .arg(&cfg)
        .arg("--out")
        .arg(dir.path().join("reviewed"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(!read(&dir.path().join("reviewed/ACCT-001.md")).contains(notice));
    assert!(read(&dir.path().join("reviewed/ACCT-002.md")).contains(notice));
}

#[test]
fn a_broken_procedure_template_is_bad_input_naming_the_file_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    write(&templates, "OPE-001.md.tera", "line one\n{% if %}\n");
    let out = sop(dir.path(), &["--templates", templates.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("OPE-001.md.tera"),
        "{}",
        stderr_of(&out)
    );
    assert!(!dir.path().join("sop").exists());
}

#[test]
fn templates_cannot_read_the_environment_and_control_ids_cannot_name_paths() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    write(
        &templates,
        "OPE-001.md.tera",
        "{{ get_env(name=\"HOME\") }}\n",
    );
    let out = sop(dir.path(), &["--templates", templates.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("get_env is not available"),
        "{}",
        stderr_of(&out)
    );

    let controls = dir.path().join("custom-controls");
    std::fs::create_dir(&controls).unwrap();
    write(
        &controls,
        "evil.toml",
        "id = \"evil\"\ntitle = \"t\"\nversion = \"1\"\ndescription = \"d\"\n\n[[controls]]\nid = \"../../PWNED\"\ntitle = \"t\"\nrequirement = \"r\"\ncriteria = []\nrationale = \"r\"\nchecks = []\n",
    );
    let out = caliper()
        .args(["controls", "list", "--controls"])
        .arg(&controls)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("is not a valid id"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn the_doc_001_sop_carries_the_architecture_diagrams() {
    let dir = tempfile::tempdir().unwrap();
    let out = sop(dir.path(), &["--format", "md,html,pdf"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let md = read(&dir.path().join("sop/DOC-001.md"));
    assert!(
        md.contains("- [diagrams/333333333333.svg](../diagrams/333333333333.svg)"),
        "{md}"
    );
    let html = read(&dir.path().join("sop/DOC-001.html"));
    assert_eq!(html.matches("<svg").count(), 3);
    assert!(
        html.contains(
            "<title>arn:aws:ec2:eu-west-1:333333333333:vpc/vpc-0c4f1e2d3b5a69788</title>"
        )
    );
    // Other controls' SOPs do not.
    assert!(!read(&dir.path().join("sop/ACCT-001.html")).contains("<svg"));
    assert!(!read(&dir.path().join("sop/ACCT-001.md")).contains("diagrams/"));
    let text = std::process::Command::new("pdftotext")
        .arg(dir.path().join("sop/DOC-001.pdf"))
        .arg("-")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains("Architecture of account 444444444444"));
}
