//! The findings put in report order (merging the per-account lists) and summarized per status and
//! control.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::Engine;
use crate::model::findings::{ControlSummary, Summary};
use crate::model::{Finding, Status};

impl Engine {
    pub(super) fn summarize(&self, findings: &[Finding]) -> Summary {
        // Attested results are counted apart from results checked against AWS.
        let mut statuses = BTreeMap::new();
        let mut attested = BTreeMap::new();
        for f in findings {
            let map = if f.is_attested() {
                &mut attested
            } else {
                &mut statuses
            };
            *map.entry(f.status).or_insert(0) += 1;
        }
        // One pass over the findings: per control id, the count of each status.
        type Counts = (BTreeMap<Status, usize>, BTreeMap<Status, usize>);
        let mut by_control: std::collections::HashMap<&str, Counts> = self
            .framework
            .controls
            .iter()
            .map(|c| (c.id.as_str(), Counts::default()))
            .collect();
        for f in findings {
            for (i, id) in f.controls.iter().enumerate() {
                // A control named twice in one finding counts once, as with `contains`.
                if f.controls[..i].contains(id) {
                    continue;
                }
                if let Some((checked, attested)) = by_control.get_mut(id.as_str()) {
                    let map = if f.is_attested() { attested } else { checked };
                    *map.entry(f.status).or_insert(0) += 1;
                }
            }
        }
        let controls = self
            .framework
            .controls
            .iter()
            .map(|c| {
                let (counts, attested) = by_control[c.id.as_str()].clone();
                let status = [
                    Status::Fail,
                    Status::Error,
                    Status::Manual,
                    Status::Waived,
                    Status::Pass,
                ]
                .into_iter()
                .find(|s| counts.contains_key(s) || attested.contains_key(s))
                .unwrap_or(Status::NotApplicable);
                ControlSummary {
                    id: c.id.clone(),
                    title: c.title.clone(),
                    status,
                    counts,
                    attested,
                }
            })
            .collect();
        Summary {
            statuses,
            attested,
            controls,
        }
    }
}

/// The order of `findings.json`: by check, account, region, resource. Stable sorts keep ties in
/// the order the findings were made.
pub(super) fn report_order(a: &Finding, b: &Finding) -> std::cmp::Ordering {
    (&a.check, &a.account_id, &a.region, &a.resource).cmp(&(
        &b.check,
        &b.account_id,
        &b.region,
        &b.resource,
    ))
}

/// The lists, each already in `report_order`, joined into one list in that order. A list holds
/// one account (or the manual findings), so it is a series of runs of one (check, account), and
/// runs of different lists never interleave: the runs are ordered and then moved into place in
/// parallel, instead of sorting millions of findings again. Should two lists share a (check,
/// account), they are joined and sorted.
pub(super) fn merge_sorted(lists: Vec<Vec<Finding>>) -> Vec<Finding> {
    debug_assert!(
        lists
            .iter()
            .all(|l| l.is_sorted_by(|a, b| report_order(a, b).is_le()))
    );
    // (check, account, list, length) of every run, list by list.
    let mut runs: Vec<(&str, &str, usize, usize)> = Vec::new();
    for (i, list) in lists.iter().enumerate() {
        for run in list.chunk_by(|a, b| a.check == b.check && a.account_id == b.account_id) {
            runs.push((&run[0].check, &run[0].account_id, i, run.len()));
        }
    }
    let mut order: Vec<usize> = (0..runs.len()).collect();
    order.sort_unstable_by_key(|&r| (runs[r].0, runs[r].1, runs[r].2));
    let shared = order
        .windows(2)
        .any(|w| runs[w[0]].0 == runs[w[1]].0 && runs[w[0]].1 == runs[w[1]].1);
    // (list, length): the moves below need no text, and `lists` is no longer borrowed.
    let runs: Vec<(usize, usize)> = runs.iter().map(|r| (r.2, r.3)).collect();
    if shared {
        let mut all: Vec<Finding> = lists.into_iter().flatten().collect();
        all.par_sort_by(report_order);
        return all;
    }
    let total = lists.iter().map(Vec::len).sum();
    // Every place of the joined list, empty until its finding moves in. `Option<Finding>` is as
    // large as `Finding` (its `Arc`s leave a niche), so unwrapping at the end reuses the memory.
    let mut out: Vec<Option<Finding>> = std::iter::repeat_with(|| None).take(total).collect();
    // The destination of every run, cut from the new list in report order, then handed to the
    // run's list (whose runs are numbered in list order).
    let mut slots: Vec<Option<&mut [Option<Finding>]>> =
        std::iter::repeat_with(|| None).take(runs.len()).collect();
    let mut rest = &mut out[..];
    for &r in &order {
        let (head, tail) = rest.split_at_mut(runs[r].1);
        slots[r] = Some(head);
        rest = tail;
    }
    let mut per_list: Vec<Vec<&mut [Option<Finding>]>> = lists.iter().map(|_| Vec::new()).collect();
    for (slot, &(list, _)) in slots.into_iter().zip(&runs) {
        per_list[list].push(slot.expect("every run has a slot"));
    }
    per_list
        .into_par_iter()
        .zip(lists)
        .for_each(|(slots, list)| {
            let mut findings = list.into_iter();
            for dst in slots.into_iter().flatten() {
                *dst = findings.next();
            }
        });
    out.into_iter()
        .map(|f| f.expect("the runs fill every place"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::finding_id;
    use crate::model::{Evidence, Severity, Values};
    use std::sync::Arc;

    fn finding(check: &str, account: &str, resource: &str, message: &str) -> Finding {
        Finding {
            id: finding_id(check, account, "global", resource),
            check: check.into(),
            controls: Arc::from([]),
            title: "t".into(),
            status: Status::Pass,
            severity: Severity::Low,
            account_id: account.into(),
            region: "global".into(),
            resource: resource.into(),
            resource_type: "T".into(),
            message: message.into(),
            evidence: Evidence {
                operations: Arc::from([]),
                values: Values::default(),
                error: None,
            },
            remediation: "r".into(),
            attestation: None,
            waiver: None,
        }
    }

    /// Joins the lists with `merge_sorted` and with a plain stable sort, and compares.
    fn merged_as_sorted(lists: Vec<Vec<Finding>>) {
        let mut lists = lists;
        for list in &mut lists {
            list.sort_by(report_order);
        }
        let mut expected: Vec<Finding> = lists.iter().flatten().cloned().collect();
        expected.sort_by(report_order);
        assert_eq!(merge_sorted(lists), expected);
    }

    #[test]
    fn merging_account_lists_gives_the_order_of_one_stable_sort() {
        let account = |id: &str| {
            vec![
                finding("b.check", id, "r2", "first"),
                finding("a.check", id, "r1", "x"),
                finding("b.check", id, "r1", "y"),
                finding("b.check", id, "r2", "second, a tie kept after first"),
            ]
        };
        let manual = vec![finding("MANUAL-1", "222", "m", "attest")];
        merged_as_sorted(vec![account("333"), account("111"), manual, Vec::new()]);
    }

    #[test]
    fn lists_sharing_a_check_and_account_are_merged_by_sorting() {
        let one = vec![
            finding("a.check", "111", "r3", "one"),
            finding("b.check", "111", "r1", "one"),
        ];
        let two = vec![
            finding("a.check", "111", "r1", "two"),
            finding("a.check", "111", "r3", "two, after one's tie"),
        ];
        merged_as_sorted(vec![one, two]);
    }
}
