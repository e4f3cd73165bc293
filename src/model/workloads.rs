//! Which scanned accounts run the customer's workloads and which of those are production: the two
//! sets that the workload controls (OPE-001/002, parts of NETSEC) judge. `[workloads]` in
//! caliper.toml names them; without it, a default rule reads the account's name, OU path and
//! `Environment` tag. Each membership carries the reason, so a finding can say why an account
//! was judged as a workload or as production.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `[workloads]` in caliper.toml.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkloadsConfig {
    /// Production accounts. When set, only these are production (the default rule is off).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub production: Option<AccountSet>,
    /// Workload accounts. When set, only these are workloads (the default rule is off).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workloads: Option<AccountSet>,
}

impl WorkloadsConfig {
    pub fn is_default(&self) -> bool {
        *self == WorkloadsConfig::default()
    }
}

/// Accounts named by OU, tag or id; an account in any of the three is in the set.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountSet {
    /// OU names: an account whose OU path holds one of them (any level, case-insensitive).
    #[serde(default)]
    pub ou: Vec<String>,
    /// Tag key -> accepted values (case-insensitive), e.g. `{ Environment = ["prod"] }`.
    #[serde(default)]
    pub tags: BTreeMap<String, Vec<String>>,
    /// Account ids.
    #[serde(default)]
    pub accounts: Vec<String>,
}

/// What the classification needs to know of one account.
#[derive(Debug, Clone, Default)]
pub struct AccountFacts<'a> {
    pub id: &'a str,
    pub name: Option<&'a str>,
    /// OU names from the root down; empty when unknown or when the scan has no organization.
    pub ou_path: &'a [String],
    /// The account's tags, when read.
    pub tags: Option<&'a BTreeMap<String, String>>,
    /// Why the account's tags could not be read (e.g. `organizations:ListTagsForResource
    /// denied`); a set whose rule reads tags is then undecided for accounts it does not hold
    /// by name, OU or id.
    pub tags_unreadable: Option<&'a str>,
    /// Why the organization's OU tree could not be read; rules that read OU paths are then
    /// undecided for accounts they do not hold otherwise.
    pub ou_unreadable: Option<&'a str>,
    /// The organization's management account.
    pub management: bool,
    /// Whether the scan has organization data at all.
    pub in_organization: bool,
}

/// The sets an account is in, each with why (`None`: not in it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Membership {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workload: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub production: Option<String>,
    /// Why membership of the workload set could not be decided (its rule reads tags that could
    /// not be read); checks of workload accounts are then `error` for this account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workload_unknown: Option<String>,
    /// The same for the production set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub production_unknown: Option<String>,
}

/// The words of a name or OU: lower-case runs of letters and digits.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
}

const PRODUCTION_WORDS: &[&str] = &["prod", "production"];

/// OUs that hold the organization's own security and logging accounts, not workloads.
fn is_platform_ou(ou: &str) -> bool {
    let w: Vec<String> = words(ou).collect();
    w.iter()
        .any(|x| x == "security" || x == "logarchive" || x == "audit")
        || w.windows(2).any(|p| p[0] == "log" && p[1] == "archive")
}

fn in_set(set: &AccountSet, a: &AccountFacts) -> Option<String> {
    if set.accounts.iter().any(|id| id == a.id) {
        return Some("listed by id in [workloads]".into());
    }
    if let Some(ou) = a
        .ou_path
        .iter()
        .find(|ou| set.ou.iter().any(|s| s.eq_ignore_ascii_case(ou)))
    {
        return Some(format!("in OU {ou}, named in [workloads]"));
    }
    let tags = a.tags?;
    set.tags.iter().find_map(|(key, values)| {
        let value = tags.get(key)?;
        values
            .iter()
            .any(|v| v.eq_ignore_ascii_case(value))
            .then(|| format!("tag {key}={value}, named in [workloads]"))
    })
}

/// The default production rule: the word `prod` or `production` in the account's name, an OU of
/// its path or its `Environment` tag.
fn production_by_default(a: &AccountFacts) -> Option<String> {
    let prod = |text: &str| words(text).any(|w| PRODUCTION_WORDS.contains(&w.as_str()));
    if let Some(name) = a.name.filter(|n| prod(n)) {
        return Some(format!("its name {name} says production"));
    }
    if let Some(ou) = a.ou_path.iter().find(|ou| prod(ou)) {
        return Some(format!("its OU {ou} says production"));
    }
    let env = a.tags?.get("Environment")?;
    prod(env).then(|| format!("its Environment tag is {env}"))
}

/// The default workload rule: a member account outside the security and log-archive OUs; in a
/// scan without organization data, every account.
fn workload_by_default(a: &AccountFacts) -> Option<String> {
    if !a.in_organization {
        return Some("a standalone account (no organization data)".into());
    }
    if a.management || a.ou_unreadable.is_some() {
        return None;
    }
    match a.ou_path.iter().find(|ou| is_platform_ou(ou)) {
        Some(_) => None,
        None => Some("a member account outside the security and log-archive OUs".into()),
    }
}

/// Why a set cannot exclude an account: its rule reads OU paths or tags that could not be read.
fn undecided(
    member: &Option<String>,
    reads_ou: bool,
    reads_tags: bool,
    a: &AccountFacts,
) -> Option<String> {
    if member.is_some() {
        return None;
    }
    let mut why = Vec::new();
    if let (true, Some(e)) = (reads_ou, a.ou_unreadable) {
        why.push(format!("its OU path could not be read ({e})"));
    }
    if let (true, Some(e)) = (reads_tags, a.tags_unreadable) {
        why.push(format!("its tags could not be read ({e})"));
    }
    (!why.is_empty()).then(|| why.join("; "))
}

/// The sets an account is in. A production account is always a workload account too.
pub fn classify(config: &WorkloadsConfig, a: &AccountFacts) -> Membership {
    let production = match &config.production {
        Some(set) => in_set(set, a),
        None => production_by_default(a),
    };
    // The default production rule reads OU paths and the Environment tag; the default workload
    // rule reads OU paths of member accounts.
    let production_unknown = match &config.production {
        Some(set) => undecided(&production, !set.ou.is_empty(), !set.tags.is_empty(), a),
        None => undecided(&production, true, true, a),
    };
    let workload = match &config.workloads {
        Some(set) => in_set(set, a),
        None => workload_by_default(a),
    }
    .or_else(|| production.as_ref().map(|why| format!("production: {why}")));
    let workload_unknown = match &config.workloads {
        Some(set) => undecided(&workload, !set.ou.is_empty(), !set.tags.is_empty(), a),
        None => undecided(&workload, a.in_organization && !a.management, false, a),
    }
    .or_else(|| {
        // A production account is a workload: undecided production leaves a non-workload
        // undecided too.
        workload
            .is_none()
            .then(|| production_unknown.clone())
            .flatten()
    });
    Membership {
        workload,
        production,
        workload_unknown,
        production_unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts<'a>(name: &'a str, ou: &'a [String]) -> AccountFacts<'a> {
        AccountFacts {
            id: "111111111111",
            name: Some(name),
            ou_path: ou,
            tags: None,
            tags_unreadable: None,
            ou_unreadable: None,
            management: false,
            in_organization: true,
        }
    }

    fn ou(path: &[&str]) -> Vec<String> {
        path.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn by_default_production_is_read_from_name_ou_and_environment_tag() {
        let none = WorkloadsConfig::default();
        let root = ou(&["Root", "Workloads"]);
        let m = classify(&none, &facts("northwind-prod", &root));
        assert_eq!(
            m.production.as_deref(),
            Some("its name northwind-prod says production")
        );
        assert!(m.workload.is_some());
        // A word, not a substring: "product" is not production.
        assert_eq!(
            classify(&none, &facts("product-catalog", &root)).production,
            None
        );
        let prod_ou = ou(&["Root", "Workloads", "Production"]);
        assert_eq!(
            classify(&none, &facts("app", &prod_ou))
                .production
                .as_deref(),
            Some("its OU Production says production")
        );
        let tags = BTreeMap::from([("Environment".to_string(), "PROD".to_string())]);
        let tagged = AccountFacts {
            tags: Some(&tags),
            ..facts("app", &root)
        };
        assert_eq!(
            classify(&none, &tagged).production.as_deref(),
            Some("its Environment tag is PROD")
        );
    }

    #[test]
    fn by_default_workloads_are_members_outside_security_and_log_archive() {
        let none = WorkloadsConfig::default();
        for path in [
            &["Root", "Security"][..],
            &["Root", "Log Archive"],
            &["Root", "log-archive"],
        ] {
            let p = ou(path);
            assert_eq!(
                classify(&none, &facts("logs", &p)).workload,
                None,
                "{path:?}"
            );
        }
        let p = ou(&["Root", "Workloads"]);
        assert!(classify(&none, &facts("app", &p)).workload.is_some());
        let management = AccountFacts {
            management: true,
            ..facts("app", &p)
        };
        assert_eq!(classify(&none, &management).workload, None);
        let standalone = AccountFacts {
            in_organization: false,
            ..facts("app", &[])
        };
        assert!(classify(&none, &standalone).workload.is_some());
    }

    #[test]
    fn workloads_are_configured_in_caliper_toml() {
        let config: crate::model::Config = toml::from_str(
            "[workloads]\nproduction = { tags = { Environment = [\"live\"] } }\n\
             workloads = { ou = [\"Apps\"], accounts = [\"333333333333\"] }\n",
        )
        .unwrap();
        let w = &config.workloads;
        assert_eq!(w.production.as_ref().unwrap().tags["Environment"], ["live"]);
        assert_eq!(w.workloads.as_ref().unwrap().accounts, ["333333333333"]);
        let typo = toml::from_str::<crate::model::Config>("[workloads]\nprod = {}\n");
        assert!(typo.is_err(), "unknown keys are rejected");
    }

    #[test]
    fn configured_sets_replace_the_default_rules() {
        let config = WorkloadsConfig {
            production: Some(AccountSet {
                accounts: vec!["222222222222".into()],
                ..Default::default()
            }),
            workloads: Some(AccountSet {
                ou: vec!["apps".into()],
                tags: BTreeMap::from([("Tier".to_string(), vec!["app".to_string()])]),
                ..Default::default()
            }),
        };
        let p = ou(&["Root", "Apps"]);
        // The name says prod, but production is configured by id only.
        let m = classify(&config, &facts("northwind-prod", &p));
        assert_eq!(m.production, None);
        assert_eq!(
            m.workload.as_deref(),
            Some("in OU Apps, named in [workloads]")
        );
        let listed = AccountFacts {
            id: "222222222222",
            ..facts("x", &[])
        };
        let m = classify(&config, &listed);
        assert_eq!(m.production.as_deref(), Some("listed by id in [workloads]"));
        // A production account is a workload account.
        assert_eq!(
            m.workload.as_deref(),
            Some("production: listed by id in [workloads]")
        );
        let tags = BTreeMap::from([("Tier".to_string(), "APP".to_string())]);
        let tagged = AccountFacts {
            tags: Some(&tags),
            ..facts("x", &[])
        };
        assert_eq!(
            classify(&config, &tagged).workload.as_deref(),
            Some("tag Tier=APP, named in [workloads]")
        );
    }

    #[test]
    fn unreadable_tags_leave_undecided_only_what_tags_could_decide() {
        let none = WorkloadsConfig::default();
        let root = ou(&["Root", "Workloads"]);
        let unread = AccountFacts {
            tags_unreadable: Some("organizations:ListTagsForResource: AccessDenied"),
            ..facts("app", &root)
        };
        let m = classify(&none, &unread);
        assert!(m.workload.is_some() && m.workload_unknown.is_none());
        assert_eq!(m.production, None);
        assert_eq!(
            m.production_unknown.as_deref(),
            Some("its tags could not be read (organizations:ListTagsForResource: AccessDenied)")
        );
        // Decided by name: the tags cannot change it.
        let named = AccountFacts {
            tags_unreadable: Some("denied"),
            ..facts("shop-prod", &root)
        };
        assert_eq!(classify(&none, &named).production_unknown, None);
        // Production configured by id only: tags play no part.
        let by_id = WorkloadsConfig {
            production: Some(AccountSet {
                accounts: vec!["222222222222".into()],
                ..Default::default()
            }),
            workloads: None,
        };
        assert_eq!(classify(&by_id, &unread).production_unknown, None);
        // A platform account, not a workload by default, may still be production by its tag.
        let security = ou(&["Root", "Security"]);
        let platform = AccountFacts {
            tags_unreadable: Some("denied"),
            ..facts("audit", &security)
        };
        let m = classify(&none, &platform);
        assert_eq!(m.workload, None);
        assert!(m.workload_unknown.is_some());
    }

    #[test]
    fn an_unreadable_ou_tree_leaves_the_default_sets_undecided() {
        let none = WorkloadsConfig::default();
        let no_ou = AccountFacts {
            ou_unreadable: Some("organizations:ListRoots: AccessDenied"),
            ..facts("logs", &[])
        };
        // It may sit in the Security OU: not called a workload.
        let m = classify(&none, &no_ou);
        assert_eq!(m.workload, None);
        assert_eq!(
            m.workload_unknown.as_deref(),
            Some("its OU path could not be read (organizations:ListRoots: AccessDenied)")
        );
        assert!(m.production_unknown.is_some());
        // A name that says production decides both sets without the OU tree.
        let named = AccountFacts {
            ou_unreadable: Some("denied"),
            ..facts("shop-prod", &[])
        };
        let m = classify(&none, &named);
        assert!(m.production.is_some() && m.workload.is_some());
        assert_eq!((m.production_unknown, m.workload_unknown), (None, None));
    }
}
