//! DOC-001's architecture diagrams, drawn from the snapshot: per account, each region's VPCs with
//! one column per Availability Zone and the subnets in it (public ones tinted), what runs in each
//! subnet, the load balancers and Auto Scaling groups across the zones they use, the VPC's edges
//! (internet, NAT, VPN, transit, peering, endpoints, Direct Connect) and the regional services
//! beside. Hand-written SVG, no external assets, deterministic (everything sorted by id), every
//! box with its ARN in a `<title>` and every name XML-escaped: the SVG is inlined into the HTML
//! report.

mod inventory;
mod svg;

pub use inventory::{Inventory, build};
pub use svg::render;

use crate::model::snapshot::Snapshot;

/// A VPC with more subnets than this also gets a diagram of its own.
pub const LARGE_VPC_SUBNETS: usize = 24;

/// The diagram files of a snapshot: `<account>.svg` for every account with a VPC,
/// `<account>-<vpc>.svg` for each large VPC, and `inventory.json` (the laid-out inventory).
pub fn files(snapshot: &Snapshot) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut laid = Vec::new();
    for account in &snapshot.accounts {
        let inv = build(account);
        if inv.regions.iter().all(|r| r.vpcs.is_empty()) {
            continue;
        }
        let (svg, boxes) = render(&inv, None);
        out.push((format!("{}.svg", inv.account_id), svg.into_bytes()));
        for region in &inv.regions {
            for vpc in region
                .vpcs
                .iter()
                .filter(|v| v.subnets.len() > LARGE_VPC_SUBNETS)
            {
                let (svg, _) = render(&inv, Some(&vpc.id));
                out.push((
                    format!("{}-{}.svg", inv.account_id, vpc.id),
                    svg.into_bytes(),
                ));
            }
        }
        laid.push(serde_json::json!({"inventory": inv, "boxes": boxes}));
    }
    if !laid.is_empty() {
        let json = serde_json::to_string_pretty(&serde_json::json!({
            "schema": "caliper.diagram-inventory/v1",
            "accounts": laid,
        }))
        .unwrap_or_default();
        out.push(("inventory.json".to_string(), (json + "\n").into_bytes()));
    }
    out
}
