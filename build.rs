//! Embeds every file under `controls/` so the binary carries the built-in checks and frameworks.

use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read controls/")
        .map(|e| e.expect("read controls/ entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("rego" | "toml")
        ) {
            out.push(path);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("controls");
    println!("cargo:rerun-if-changed=controls");
    let mut files = Vec::new();
    walk(&root, &mut files);
    let mut code = String::from("pub static BUILTIN_CONTROLS: &[(&str, &str)] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        code += &format!(
            "    ({rel:?}, include_str!({:?})),\n",
            f.display().to_string()
        );
    }
    code += "];\n";
    // The version of the Rego engine, recorded in findings.json with the evaluator used.
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    println!("cargo:rerun-if-changed=Cargo.lock");
    let lock = std::fs::read_to_string(manifest.join("Cargo.lock")).expect("read Cargo.lock");
    let regorus = lock
        .split("[[package]]")
        .find(|p| p.contains("name = \"regorus\""))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = ")))
        .expect("regorus in Cargo.lock")
        .trim_matches('"');
    println!("cargo:rustc-env=CALIPER_REGORUS_VERSION={regorus}");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("builtin_controls.rs");
    std::fs::write(out, code).unwrap();
}
