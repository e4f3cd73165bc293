//! Layout and SVG of an [`Inventory`]: Region → VPC → one column per Availability Zone → subnet
//! rows, the VPC's edges above its zones, load balancers above and Auto Scaling groups below the
//! subnets they span, regional services in a band beside the VPCs.

use std::fmt::Write;

use serde::Serialize;

use super::inventory::{Inventory, Node, Span, SubnetInventory, VpcInventory};
// Names come from customer accounts: escaped as the charts escape theirs.
use crate::report::charts::xml as esc;

const MARGIN: f64 = 20.0;
const COL_W: f64 = 250.0;
const COL_GAP: f64 = 14.0;
const PAD: f64 = 12.0;
const LINE: f64 = 15.0;
const SUB_HEAD: f64 = 32.0;
const SUB_GAP: f64 = 8.0;
const CHIP_H: f64 = 20.0;
const BAR_H: f64 = 22.0;
const GAP: f64 = 6.0;
const BAND_W: f64 = 270.0;
/// Characters of 11 px text that fit in one pixel of width (Helvetica averages ~6 px a char).
const CHAR_W: f64 = 6.1;

/// A laid-out box, for `inventory.json`: what other tools need to place their own marks.
#[derive(Debug, Clone, Serialize)]
pub struct Placed {
    pub arn: String,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// `s` cut to fit `width` pixels, with an ellipsis.
fn fit(s: &str, width: f64) -> String {
    let max = ((width / CHAR_W) as usize).max(4);
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

struct Canvas {
    body: String,
    boxes: Vec<Placed>,
}

impl Canvas {
    #[allow(clippy::too_many_arguments)]
    fn boxed(
        &mut self,
        arn: &str,
        (x, y, w, h): (f64, f64, f64, f64),
        fill: &str,
        stroke: &str,
        dashed: bool,
        lines: &[(&str, bool)],
    ) {
        let dash = if dashed {
            r#" stroke-dasharray="6 4""#
        } else {
            ""
        };
        let _ = write!(
            self.body,
            r#"<g><title>{}</title><rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" rx="4" fill="{fill}" stroke="{stroke}"{dash}/>"#,
            esc(arn)
        );
        for (i, (text, bold)) in lines.iter().enumerate() {
            let weight = if *bold { r#" font-weight="bold""# } else { "" };
            let _ = write!(
                self.body,
                r#"<text x="{:.1}" y="{:.1}"{weight}>{}</text>"#,
                x + 6.0,
                y + 14.0 + i as f64 * LINE,
                esc(&fit(text, w - 12.0))
            );
        }
        self.body.push_str("</g>\n");
        self.boxes.push(Placed {
            arn: arn.to_string(),
            x,
            y,
            w,
            h,
        });
    }

    fn text(&mut self, x: f64, y: f64, text: &str, size: u32, bold: bool) {
        let weight = if bold { r#" font-weight="bold""# } else { "" };
        let _ = write!(
            self.body,
            r#"<text x="{x:.1}" y="{y:.1}" font-size="{size}"{weight}>{}</text>"#,
            esc(text)
        );
        self.body.push('\n');
    }
}

fn subnet_height(s: &SubnetInventory) -> f64 {
    SUB_HEAD + s.nodes.len() as f64 * LINE + if s.nodes.is_empty() { 0.0 } else { 6.0 }
}

/// A default VPC with nothing in it: drawn as a short list of its subnets, one per line.
fn compact(v: &VpcInventory) -> bool {
    v.is_default
        && v.edges.is_empty()
        && v.spans.is_empty()
        && v.subnets.iter().all(|s| s.nodes.is_empty())
}

fn vpc_width(v: &VpcInventory) -> f64 {
    if compact(v) {
        return COL_W * 1.6 + 2.0 * PAD;
    }
    let cols = v.zones.len().max(1) as f64;
    cols * COL_W + (cols - 1.0) * COL_GAP + 2.0 * PAD
}

/// Rows of edge chips: one per edge.
fn chip_rows(v: &VpcInventory) -> usize {
    v.edges.len()
}

fn column_height(v: &VpcInventory, zone: &str) -> f64 {
    v.subnets
        .iter()
        .filter(|s| s.zone == zone)
        .map(|s| subnet_height(s) + SUB_GAP)
        .sum()
}

fn vpc_height(v: &VpcInventory) -> f64 {
    if compact(v) {
        return 44.0 + v.subnets.len() as f64 * (LINE + 2.0) + PAD;
    }
    let columns = v
        .zones
        .iter()
        .map(|z| column_height(v, z))
        .fold(0.0, f64::max);
    let lbs = v.spans.iter().filter(|s| s.kind == "load balancer").count() as f64;
    let asgs = v.spans.len() as f64 - lbs;
    44.0 + chip_rows(v) as f64 * (CHIP_H + GAP)
        + 20.0
        + lbs * (BAR_H + GAP)
        + columns
        + asgs * (BAR_H + GAP)
        + PAD
}

fn vpc_title(v: &VpcInventory) -> String {
    let name = v
        .name
        .as_deref()
        .map(|n| format!("{n} — "))
        .unwrap_or_default();
    let default = if v.is_default { " (default VPC)" } else { "" };
    format!("VPC {name}{}{default}", v.id)
}

fn draw_vpc(c: &mut Canvas, v: &VpcInventory, x: f64, y: f64) {
    let (w, h) = (vpc_width(v), vpc_height(v));
    let cidr = v.cidr.clone().unwrap_or_default();
    let zones = if v.zones.is_empty() {
        "no subnets".to_string()
    } else {
        format!("zones {}", v.zones.join(", "))
    };
    c.boxed(
        &v.arn,
        (x, y, w, h),
        "#f8f5ff",
        "#8c4fff",
        false,
        &[(&vpc_title(v), true), (&format!("{cidr} · {zones}"), false)],
    );
    if compact(v) {
        // Nothing runs in it: each subnet on a line of its own, with its zone.
        for (i, s) in v.subnets.iter().enumerate() {
            let text = format!(
                "{} · {} {}{}",
                s.zone,
                s.id,
                s.cidr.clone().unwrap_or_default(),
                if s.public { " · public" } else { "" }
            );
            let sub = Node {
                kind: "subnet".into(),
                id: s.id.clone(),
                arn: s.arn.clone(),
                label: text,
            };
            node_line(
                c,
                &sub,
                x + PAD,
                y + 44.0 + i as f64 * (LINE + 2.0),
                w - 2.0 * PAD,
            );
        }
        return;
    }
    // The edges, one per row across the zones.
    let mut cy = y + 44.0;
    let inner = w - 2.0 * PAD;
    for (i, e) in v.edges.iter().enumerate() {
        let (fill, stroke) = edge_colours(e);
        c.boxed(
            &e.arn,
            (x + PAD, cy + i as f64 * (CHIP_H + GAP), inner, CHIP_H),
            fill,
            stroke,
            false,
            &[(&e.label, false)],
        );
    }
    cy += chip_rows(v) as f64 * (CHIP_H + GAP);
    // Zone headings.
    for (i, z) in v.zones.iter().enumerate() {
        c.text(
            x + PAD + i as f64 * (COL_W + COL_GAP) + 2.0,
            cy + 13.0,
            z,
            11,
            true,
        );
    }
    cy += 20.0;
    let col_x = |zone: &str| {
        v.zones
            .iter()
            .position(|z| z == zone)
            .map(|i| x + PAD + i as f64 * (COL_W + COL_GAP))
    };
    let span_box = |s: &Span| -> Option<(f64, f64)> {
        let xs: Vec<f64> = s.zones.iter().filter_map(|z| col_x(z)).collect();
        let first = xs.iter().cloned().fold(f64::INFINITY, f64::min);
        let last = xs.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        (!xs.is_empty()).then_some((first, last + COL_W - first))
    };
    for s in v.spans.iter().filter(|s| s.kind == "load balancer") {
        let (bx, bw) = span_box(s).unwrap_or((x + PAD, COL_W));
        c.boxed(
            &s.arn,
            (bx, cy, bw, BAR_H),
            "#fdf1e6",
            "#ed7100",
            false,
            &[(&s.label, false)],
        );
        cy += BAR_H + GAP;
    }
    let mut bottom = cy;
    for z in &v.zones {
        let Some(zx) = col_x(z) else { continue };
        let mut sy = cy;
        for s in v.subnets.iter().filter(|s| &s.zone == z) {
            let sh = subnet_height(s);
            let (fill, stroke, kind) = if s.public {
                ("#eef6e4", "#7aa116", "public subnet")
            } else {
                ("#e7f1f8", "#147eba", "private subnet")
            };
            let title = match &s.name {
                Some(n) => format!("{kind} {n}"),
                None => kind.to_string(),
            };
            let detail = format!("{} {}", s.id, s.cidr.clone().unwrap_or_default());
            c.boxed(
                &s.arn,
                (zx, sy, COL_W, sh),
                fill,
                stroke,
                false,
                &[(&title, true), (&detail, false)],
            );
            for (i, n) in s.nodes.iter().enumerate() {
                node_line(
                    c,
                    n,
                    zx + 8.0,
                    sy + SUB_HEAD + i as f64 * LINE,
                    COL_W - 16.0,
                );
            }
            sy += sh + SUB_GAP;
        }
        bottom = bottom.max(sy);
    }
    let mut by = bottom;
    for s in v.spans.iter().filter(|s| s.kind != "load balancer") {
        let (bx, bw) = span_box(s).unwrap_or((x + PAD, COL_W));
        c.boxed(
            &s.arn,
            (bx, by, bw, BAR_H),
            "#fff4d6",
            "#d86613",
            true,
            &[(&s.label, false)],
        );
        by += BAR_H + GAP;
    }
}

fn edge_colours(e: &Node) -> (&'static str, &'static str) {
    match e.kind.as_str() {
        "internet gateway" | "VPN" | "Direct Connect" => ("#fdecea", "#c7131f"),
        _ => ("#ffffff", "#5a6b86"),
    }
}

fn node_line(c: &mut Canvas, n: &Node, x: f64, y: f64, w: f64) {
    let _ = write!(
        c.body,
        r##"<g><title>{}</title><rect x="{x:.1}" y="{:.1}" width="{w:.1}" height="{:.1}" rx="2" fill="#ffffff" stroke="#aab7c4"/><text x="{:.1}" y="{:.1}">{}</text></g>"##,
        esc(&n.arn),
        y - 1.0,
        LINE - 2.0,
        x + 4.0,
        y + 10.0,
        esc(&fit(&n.label, w - 8.0))
    );
    c.body.push('\n');
    c.boxes.push(Placed {
        arn: n.arn.clone(),
        x,
        y: y - 1.0,
        w,
        h: LINE - 2.0,
    });
}

/// The SVG of an account's inventory (only `vpc` when given), and where each box went.
pub fn render(inv: &Inventory, vpc: Option<&str>) -> (String, Vec<Placed>) {
    let mut c = Canvas {
        body: String::new(),
        boxes: Vec::new(),
    };
    let title = match &inv.account_name {
        Some(n) => format!("Account {} ({n})", inv.account_id),
        None => format!("Account {}", inv.account_id),
    };
    c.text(MARGIN, MARGIN + 16.0, &title, 18, true);
    c.text(
        MARGIN,
        MARGIN + 34.0,
        "Drawn by caliper from the snapshot; hover a box for its ARN. Public subnets green, private blue; \
         red edges lead outside AWS.",
        11,
        false,
    );
    let mut y = MARGIN + 48.0;
    let mut width: f64 = 900.0;
    if vpc.is_none() && !inv.global.is_empty() {
        c.text(MARGIN, y + 14.0, "Global: CloudFront", 12, true);
        y += 20.0;
        for (i, n) in inv.global.iter().enumerate() {
            let col = (i % 3) as f64;
            let row = (i / 3) as f64;
            c.boxed(
                &n.arn,
                (
                    MARGIN + col * (COL_W + COL_GAP),
                    y + row * (CHIP_H + GAP),
                    COL_W,
                    CHIP_H,
                ),
                "#ffffff",
                "#8c4fff",
                false,
                &[(&n.label, false)],
            );
        }
        y += inv.global.len().div_ceil(3) as f64 * (CHIP_H + GAP) + GAP;
    }
    for region in &inv.regions {
        let vpcs: Vec<&VpcInventory> = region
            .vpcs
            .iter()
            .filter(|v| vpc.is_none_or(|id| v.id == id))
            .collect();
        let regional: &[Node] = if vpc.is_none() { &region.regional } else { &[] };
        if vpcs.is_empty() && regional.is_empty() {
            continue;
        }
        let inner_w = vpcs.iter().map(|v| vpc_width(v)).fold(0.0, f64::max);
        let band = !regional.is_empty();
        let region_w = inner_w + 2.0 * PAD + if band { BAND_W + PAD } else { 0.0 };
        let vpcs_h: f64 = vpcs.iter().map(|v| vpc_height(v) + 16.0).sum();
        let band_h = 24.0 + regional.len() as f64 * (CHIP_H + 4.0);
        let region_h = 34.0 + vpcs_h.max(if band { band_h } else { 0.0 }) + PAD;
        c.boxed(
            &format!("region {}", region.region),
            (MARGIN, y, region_w, region_h),
            "none",
            "#232f3e",
            true,
            &[(&format!("Region {}", region.region), true)],
        );
        let mut vy = y + 34.0;
        for v in &vpcs {
            draw_vpc(&mut c, v, MARGIN + PAD, vy);
            vy += vpc_height(v) + 16.0;
        }
        if band {
            let bx = MARGIN + PAD + inner_w + if inner_w > 0.0 { PAD } else { 0.0 };
            c.text(
                bx,
                y + 48.0,
                "Regional services (outside the VPCs)",
                11,
                true,
            );
            for (i, n) in regional.iter().enumerate() {
                c.boxed(
                    &n.arn,
                    (bx, y + 56.0 + i as f64 * (CHIP_H + 4.0), BAND_W, CHIP_H),
                    "#ffffff",
                    "#5a6b86",
                    false,
                    &[(&n.label, false)],
                );
            }
        }
        width = width.max(region_w + 2.0 * MARGIN);
        y += region_h + 20.0;
    }
    let height = y + MARGIN;
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\" fill=\"#16191f\">\n\
         <title>{}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n{}</svg>\n",
        esc(&format!("Architecture of {title}")),
        c.body
    );
    (svg, c.boxes)
}
