//! Two findings files compared by finding id (a stable hash of check, account, region and
//! resource): what is newly failing, what was fixed, what changed, what stayed.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::model::{Finding, Findings, Severity, Status};

fn failing(s: Status) -> bool {
    matches!(s, Status::Fail | Status::Error)
}

#[derive(Serialize)]
pub struct Diff<'a> {
    pub schema: &'static str,
    /// Failing (fail or error) in NEW, and absent from OLD or there with another status that
    /// was not `fail` (so `error` → `fail` is new, `fail` → `error` is not).
    pub new: Vec<&'a Finding>,
    /// Failing in OLD, and passing, not applicable or absent in NEW (a waived failure is a
    /// change, not a fix).
    pub fixed: Vec<Fixed<'a>>,
    /// In both, neither new nor fixed, with another status or message; or in one only and not
    /// failing there.
    pub changed: Vec<Change<'a>>,
    /// In both with the same status and message.
    pub unchanged: usize,
}

#[derive(Serialize)]
pub struct Fixed<'a> {
    pub old: &'a Finding,
    /// `None` when the resource is gone from NEW.
    pub now: Option<Status>,
}

#[derive(Serialize)]
pub struct Change<'a> {
    pub id: &'a str,
    pub check: &'a str,
    pub account_id: &'a str,
    pub resource: &'a str,
    pub old_status: Option<Status>,
    pub new_status: Option<Status>,
    pub old_message: Option<&'a str>,
    pub new_message: Option<&'a str>,
}

pub fn diff<'a>(old: &'a Findings, new: &'a Findings) -> Diff<'a> {
    let old_by: BTreeMap<&str, &Finding> = old.findings.iter().map(|f| (&*f.id, f)).collect();
    let new_by: BTreeMap<&str, &Finding> = new.findings.iter().map(|f| (&*f.id, f)).collect();
    let ids: BTreeSet<&str> = old_by.keys().chain(new_by.keys()).copied().collect();
    let mut d = Diff {
        schema: "caliper.diff/v1",
        new: Vec::new(),
        fixed: Vec::new(),
        changed: Vec::new(),
        unchanged: 0,
    };
    for id in ids {
        let (o, n) = (old_by.get(id).copied(), new_by.get(id).copied());
        let was = o.is_some_and(|f| failing(f.status));
        let fixed = n.is_none_or(|f| matches!(f.status, Status::Pass | Status::NotApplicable));
        match (o, n) {
            (_, Some(n)) if is_new(o, n) => d.new.push(n),
            (Some(o), _) if was && fixed => d.fixed.push(Fixed {
                old: o,
                now: n.map(|f| f.status),
            }),
            (Some(o), Some(n)) if o.status == n.status && o.message == n.message => {
                d.unchanged += 1
            }
            _ => {
                let any = o.or(n).expect("the id comes from one of them");
                d.changed.push(Change {
                    id: &any.id,
                    check: &any.check,
                    account_id: &any.account_id,
                    resource: &any.resource,
                    old_status: o.map(|f| f.status),
                    new_status: n.map(|f| f.status),
                    old_message: o.map(|f| f.message.as_str()),
                    new_message: n.map(|f| f.message.as_str()),
                });
            }
        }
    }
    d
}

/// Is `new` a new failure against `old` (the same id in the earlier findings, if any)?
fn is_new(old: Option<&Finding>, new: &Finding) -> bool {
    failing(new.status) && old.is_none_or(|o| o.status != Status::Fail && o.status != new.status)
}

/// Failures of `findings` at or above `fail_on` that gate: unwaived `fail`s whose id is not a
/// `fail` in `baseline` (all of them without a baseline) — the `fail`s among [`Diff::new`].
pub fn gating<'a>(
    findings: &'a Findings,
    baseline: Option<&Findings>,
    fail_on: Severity,
) -> impl Iterator<Item = &'a Finding> {
    let known: BTreeSet<&str> = baseline
        .map(|b| {
            b.findings
                .iter()
                .filter(|f| f.status == Status::Fail)
                .map(|f| &*f.id)
                .collect()
        })
        .unwrap_or_default();
    findings.findings.iter().filter(move |f| {
        f.status == Status::Fail && f.severity >= fail_on && !known.contains(&*f.id)
    })
}

/// The diff as Markdown, every string escaped.
pub fn markdown(d: &Diff, old_name: &str, new_name: &str) -> String {
    use super::markdown::{code, code_inline, escape};
    let mut s = format!(
        "# Findings diff\n\n{} → {}\n\n| New failures | Fixed | Changed | Unchanged |\n|---:|---:|---:|---:|\n| {} | {} | {} | {} |\n",
        code_inline(old_name),
        code_inline(new_name),
        d.new.len(),
        d.fixed.len(),
        d.changed.len(),
        d.unchanged
    );
    let row = |f: &Finding, extra: &str| {
        format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            f.severity.as_str(),
            code(&f.check),
            escape(&f.account_id),
            escape(&f.region),
            code(&f.resource),
            escape(&f.message),
            extra
        )
    };
    if !d.new.is_empty() {
        s.push_str("\n## New failures\n\n| Severity | Check | Account | Region | Resource | Finding | Status |\n|---|---|---|---|---|---|---|\n");
        for f in &d.new {
            s.push_str(&row(f, f.status.as_str()));
        }
    }
    if !d.fixed.is_empty() {
        s.push_str("\n## Fixed\n\n| Severity | Check | Account | Region | Resource | Finding (old) | Now |\n|---|---|---|---|---|---|---|\n");
        for x in &d.fixed {
            let now = x.now.map_or("gone", |s| s.as_str());
            s.push_str(&row(x.old, now));
        }
    }
    if !d.changed.is_empty() {
        s.push_str(
            "\n## Changed\n\n| Check | Account | Resource | Old | New |\n|---|---|---|---|---|\n",
        );
        for c in &d.changed {
            s.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                code(c.check),
                escape(c.account_id),
                code(c.resource),
                c.old_status.map_or("absent", |s| s.as_str()),
                c.new_status.map_or("absent", |s| s.as_str())
            ));
        }
    }
    s
}
