//! Architecture diagrams (DOC-001): drawn from the snapshot, deterministic, every VPC, subnet and
//! zone named with its ARN, names escaped, and well-formed enough for librsvg to render.

use std::path::Path;

use caliper::model::snapshot::Snapshot;
use serde_json::Value;

use super::*;

fn example_snapshot() -> Value {
    serde_json::from_str(&std::fs::read_to_string(example()).unwrap()).unwrap()
}

fn files_of(snapshot: &Value) -> Vec<(String, Vec<u8>)> {
    let snapshot: Snapshot = serde_json::from_value(snapshot.clone()).unwrap();
    caliper::diagram::files(&snapshot)
}

fn svg_of(files: &[(String, Vec<u8>)], account: &str) -> String {
    let (_, bytes) = files
        .iter()
        .find(|(n, _)| *n == format!("{account}.svg"))
        .unwrap_or_else(|| panic!("no diagram for {account}"));
    String::from_utf8(bytes.clone()).unwrap()
}

/// Every VPC, subnet and zone of every account with a VPC is in that account's diagram, each
/// VPC and subnet with its ARN as the title of its box.
pub fn assert_complete(snapshot: &Value, files: &[(String, Vec<u8>)]) {
    for account in snapshot["accounts"].as_array().unwrap() {
        let id = account["account_id"].as_str().unwrap();
        let regions = account["regions"].as_object().unwrap();
        let vpcs: Vec<(&str, &Value)> = regions
            .iter()
            .flat_map(|(r, region)| {
                region["ec2"]["vpcs"]["data"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(move |v| (r.as_str(), v))
            })
            .collect();
        if vpcs.is_empty() {
            assert!(
                !files.iter().any(|(n, _)| n.starts_with(id)),
                "{id} has no VPC"
            );
            continue;
        }
        let svg = svg_of(files, id);
        for (region, v) in vpcs {
            let vpc = v["VpcId"].as_str().unwrap();
            let arn = format!("<title>arn:aws:ec2:{region}:{id}:vpc/{vpc}</title>");
            assert!(svg.contains(&arn), "{id}: {arn} missing");
        }
        for (region, r) in regions {
            for s in r["ec2"]["subnets"]["data"].as_array().into_iter().flatten() {
                let subnet = s["SubnetId"].as_str().unwrap();
                let arn = format!("<title>arn:aws:ec2:{region}:{id}:subnet/{subnet}</title>");
                assert!(svg.contains(&arn), "{id}: {arn} missing");
                let zone = s["AvailabilityZone"].as_str().unwrap();
                // A column heading, or the zone on a compact default VPC's subnet line.
                assert!(
                    svg.contains(&format!(">{zone}</text>"))
                        || svg.contains(&format!(">{zone} · {subnet}")),
                    "{id}: zone {zone} missing"
                );
            }
        }
    }
}

/// Each SVG renders to PNG with librsvg (rsvg-convert, installed by the test command): a
/// malformed file fails here.
pub fn assert_renders(files: &[(String, Vec<u8>)], dir: &Path) {
    for (name, bytes) in files.iter().filter(|(n, _)| n.ends_with(".svg")) {
        let svg = dir.join(name);
        std::fs::write(&svg, bytes).unwrap();
        let png = dir.join(format!("{name}.png"));
        let out = std::process::Command::new("rsvg-convert")
            .arg("-o")
            .arg(&png)
            .arg(&svg)
            .output()
            .expect("rsvg-convert (librsvg2-bin) is installed by scripts/test");
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            std::fs::metadata(&png).unwrap().len() > 1000,
            "{name}: empty PNG"
        );
    }
}

#[test]
fn the_example_diagrams_are_complete_stable_and_render() {
    let snapshot = example_snapshot();
    let files = files_of(&snapshot);
    assert_eq!(
        files.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        [
            "111111111111.svg",
            "333333333333.svg",
            "444444444444.svg",
            "inventory.json"
        ]
    );
    assert_complete(&snapshot, &files);
    assert_eq!(
        files,
        files_of(&snapshot),
        "the same snapshot gives the same bytes"
    );
    insta::assert_snapshot!("example_prod_diagram", svg_of(&files, "333333333333"));
    let dir = tempfile::tempdir().unwrap();
    assert_renders(&files, dir.path());
    // What the production diagram shows beside the subnets.
    let prod = svg_of(&files, "333333333333");
    for text in [
        "VPN ↔ on-premises lyon-office at 198.51.100.24",
        "Internet ↔ prod-igw",
        "NAT gateway prod-nat-a",
        "payments-db standby",
        "application load balancer prod-web",
        "min 2 / desired 2 / max 6",
        "bucket northwind-prod-db-backups",
    ] {
        assert!(prod.contains(text), "{text}");
    }
    let inventory: Value = serde_json::from_slice(&files.last().unwrap().1).unwrap();
    assert_eq!(inventory["schema"], "caliper.diagram-inventory/v1");
    assert_eq!(inventory["accounts"].as_array().unwrap().len(), 3);
}

#[test]
fn hostile_names_are_escaped_and_the_svg_still_renders() {
    let mut snapshot = example_snapshot();
    let hostile = "</text><script>alert(1)</script>\"'&]]><!--";
    let region = &mut snapshot["accounts"][2]["regions"]["eu-west-1"];
    region["ec2"]["vpcs"]["data"][0]["Name"] = hostile.into();
    region["ec2"]["subnets"]["data"][0]["Name"] = hostile.into();
    region["ec2"]["instances"]["data"][0]["Name"] = format!("{hostile}\u{1}").into();
    let files = files_of(&snapshot);
    let svg = svg_of(&files, "333333333333");
    assert!(!svg.contains("<script"), "{svg}");
    assert!(!svg.contains("<!--"));
    assert!(svg.contains("&lt;/text&gt;&lt;script&gt;"));
    let dir = tempfile::tempdir().unwrap();
    assert_renders(&files, dir.path());
}

#[test]
fn scan_writes_the_diagrams_and_the_reports_embed_them() {
    let dir = scan_example_with("html,pdf");
    let diagrams = dir.path().join("diagrams");
    for name in [
        "111111111111.svg",
        "333333333333.svg",
        "444444444444.svg",
        "inventory.json",
    ] {
        assert!(diagrams.join(name).is_file(), "{name}");
    }
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(html.contains("<h2>Architecture diagrams (DOC-001)</h2>"));
    assert!(
        html.contains(
            "<title>arn:aws:ec2:eu-west-1:333333333333:vpc/vpc-0c4f1e2d3b5a69788</title>"
        )
    );
    // The PDF carries one landscape page per diagram.
    let text = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(dir.path().join("report.pdf"))
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Architecture of account 333333333333 (northwind-workload-prod)"));
    // `caliper report` finds the diagrams beside the findings.
    let out = caliper()
        .args(["report", "--format", "html", "--findings"])
        .arg(dir.path().join("findings.json"))
        .arg("--out")
        .arg(dir.path().join("again.html"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let again = std::fs::read_to_string(dir.path().join("again.html")).unwrap();
    assert!(again.contains("Architecture diagrams (DOC-001)"));
}

#[test]
fn diagram_of_an_unreadable_snapshot_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("s.json");
    std::fs::write(
        &bad,
        "{\"schema\": \"caliper.snapshot/v1\",\n \"accounts\": 3}",
    )
    .unwrap();
    let out = caliper()
        .args(["diagram", "--snapshot"])
        .arg(&bad)
        .arg("--out")
        .arg(dir.path().join("d"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("s.json"));
    assert!(!dir.path().join("d").exists());
}

#[test]
fn a_large_vpc_gets_a_diagram_of_its_own() {
    let mut snapshot = example_snapshot();
    let subnets = &mut snapshot["accounts"][2]["regions"]["eu-west-1"]["ec2"]["subnets"]["data"];
    let list = subnets.as_array_mut().unwrap();
    for i in 0..20 {
        list.push(serde_json::json!({
            "SubnetId": format!("subnet-0extra{i:012}"),
            "VpcId": "vpc-0c4f1e2d3b5a69788",
            "AvailabilityZone": if i % 2 == 0 { "eu-west-1a" } else { "eu-west-1c" },
            "CidrBlock": format!("10.20.{}.0/24", 100 + i),
        }));
    }
    let files = files_of(&snapshot);
    let own = "333333333333-vpc-0c4f1e2d3b5a69788.svg";
    let (_, bytes) = files
        .iter()
        .find(|(n, _)| n == own)
        .expect("the large VPC's own diagram");
    let svg = String::from_utf8_lossy(bytes);
    assert!(svg.contains("subnet-0extra000000000019"));
    assert!(svg.contains(">eu-west-1c</text>"));
    // Only that VPC: not the account's regional services.
    assert!(!svg.contains("bucket northwind-prod-app-assets"));
    assert_complete(&snapshot, &files);
}
