//! Generated docs must match the code: regenerate with `caliper schema`,
//! `caliper controls docs` and `caliper policy --docs` (or `CALIPER_BLESS=1 cargo test`).

use caliper::engine::{Catalog, DEFAULT_FRAMEWORK, docs};

use super::root;

fn compare(rel: &str, expected: &str) -> Option<String> {
    let path = root().join(rel);
    if std::env::var_os("CALIPER_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, expected).unwrap();
        return None;
    }
    match std::fs::read_to_string(&path) {
        Ok(actual) if actual == expected => None,
        Ok(_) => Some(format!("{rel} is stale")),
        Err(_) => Some(format!("{rel} is missing")),
    }
}

#[test]
fn committed_json_schemas_are_current() {
    let stale: Vec<String> = caliper::schemas()
        .into_iter()
        .filter_map(|(name, text)| compare(&format!("docs/schema/{name}"), &text))
        .collect();
    assert!(
        stale.is_empty(),
        "{stale:?}: run `cargo run -- schema --out docs/schema`"
    );
}

#[test]
fn committed_controls_reference_is_current() {
    let catalog = Catalog::builtin().unwrap();
    let fw = catalog.framework(DEFAULT_FRAMEWORK).unwrap();
    let files = docs::controls_docs(&catalog, fw);
    let mut stale: Vec<String> = files
        .iter()
        .filter_map(|(name, text)| compare(&format!("docs/controls/{name}"), text))
        .collect();
    // A file for a check that no longer exists is stale too.
    let dir = root().join("docs/controls/checks");
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let name = format!("checks/{}", entry.file_name().to_string_lossy());
        if !files.iter().any(|(n, _)| *n == name) {
            stale.push(format!("docs/controls/{name} has no check"));
        }
    }
    assert!(
        stale.is_empty(),
        "{stale:?}: run `cargo run -- controls docs --out docs/controls`"
    );
}

#[test]
fn committed_permissions_are_current() {
    let stale = compare(
        "docs/permissions.md",
        &caliper::collect::permissions_markdown(),
    );
    assert!(
        stale.is_none(),
        "{stale:?}: run `cargo run -- policy --docs docs/permissions.md`"
    );
}

#[test]
fn rego_test_config_equals_the_rust_defaults() {
    let catalog = Catalog::builtin().unwrap();
    let mut rego = caliper::engine::new_rego_engine();
    for f in &catalog.rego {
        rego.add_policy(f.path.clone(), f.text.clone()).unwrap();
    }
    let v = rego
        .eval_rule("data.caliper.testing.config".into())
        .unwrap();
    let from_rego: serde_json::Value = serde_json::to_value(&v).unwrap();
    let from_rust = serde_json::to_value(caliper::model::Config::default()).unwrap();
    assert_eq!(
        from_rego, from_rust,
        "controls/lib/testing.rego must mirror Config::default()"
    );
}
