//! The `caliper` command line: clap parses, one function per command wires the stages, and every
//! outcome maps to one exit code.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};

use caliper::engine::{Catalog, DEFAULT_FRAMEWORK, Engine, Error as EngineError, docs};
use caliper::model::{Config, Findings, Severity, Status, io as input, schema};
use caliper::report::{self, Format};

// Evaluation builds and drops a Rego value tree per account and a million findings: mimalloc
// makes it about a quarter cheaper than glibc's allocator (benches/evaluate.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit codes, defined once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exit {
    /// No unwaived failure at or above `--fail-on`.
    Ok = 0,
    /// Unwaived failures at or above `--fail-on`.
    Failures = 1,
    /// Bad usage or bad input; nothing was judged.
    BadInput = 2,
    /// Judged, but some checks ended in `error` (incomplete evidence).
    Incomplete = 3,
}

impl Exit {
    /// Failures gate before incompleteness: a known failure is the stronger signal.
    fn of(findings: &Findings) -> Exit {
        let fail_on = findings.scan.fail_on;
        if findings
            .findings
            .iter()
            .any(|f| f.status == Status::Fail && f.severity >= fail_on)
        {
            Exit::Failures
        } else if findings.findings.iter().any(|f| f.status == Status::Error) {
            Exit::Incomplete
        } else {
            Exit::Ok
        }
    }
}

#[derive(Parser)]
#[command(
    name = "caliper",
    version,
    about = "Read-only AWS Organization compliance evidence for the AWS Partner SDP/Competency controls"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct JudgeArgs {
    /// A `caliper.snapshot/v1` file.
    #[arg(long)]
    snapshot: PathBuf,
    /// caliper.toml: profile, corporate mail domains, thresholds, fail-on.
    #[arg(long)]
    config: Option<PathBuf>,
    /// A directory of custom checks (`*.rego`) and frameworks (`*.toml`) added to the built-in ones.
    #[arg(long)]
    controls: Option<PathBuf>,
    /// The framework whose controls the findings are mapped to.
    #[arg(long, default_value = DEFAULT_FRAMEWORK)]
    framework: String,
    /// Lowest severity whose failures give exit code 1 (overrides caliper.toml; default high).
    #[arg(long)]
    fail_on: Option<Severity>,
}

#[derive(Subcommand)]
enum Command {
    /// Judge a snapshot: write findings.json.
    Evaluate {
        #[command(flatten)]
        judge: JudgeArgs,
        /// Where to write the findings (JSON).
        #[arg(long)]
        out: PathBuf,
    },
    /// Render findings as a report.
    Report {
        #[arg(long)]
        findings: PathBuf,
        #[arg(long, value_enum, default_value = "md")]
        format: ReportFormat,
        #[arg(long)]
        out: PathBuf,
    },
    /// Evaluate a snapshot and write findings.json and report.md into a directory.
    Scan {
        #[command(flatten)]
        judge: JudgeArgs,
        /// Output directory (created if missing).
        #[arg(long)]
        out: PathBuf,
    },
    /// List, show, test and document checks and controls.
    Controls {
        #[command(subcommand)]
        command: ControlsCommand,
    },
    /// Write the JSON Schemas of the snapshot and findings documents.
    Schema {
        #[arg(long, default_value = "docs/schema")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum ControlsCommand {
    /// The framework's controls and the checks mapped to each.
    List {
        #[arg(long, value_enum, default_value = "text")]
        format: ListFormat,
        #[arg(long)]
        controls: Option<PathBuf>,
        #[arg(long, default_value = DEFAULT_FRAMEWORK)]
        framework: String,
    },
    /// One control (e.g. ACCT-001) or check (e.g. ec2.sg-admin-ports-open) in full.
    Show {
        id: String,
        #[arg(long)]
        controls: Option<PathBuf>,
        #[arg(long, default_value = DEFAULT_FRAMEWORK)]
        framework: String,
    },
    /// Run the Rego tests (`*_test.rego`) of DIR, or of the built-in controls.
    Test { dir: Option<PathBuf> },
    /// Generate the controls reference (Markdown).
    Docs {
        #[arg(long, default_value = "docs/controls")]
        out: PathBuf,
        #[arg(long, default_value = DEFAULT_FRAMEWORK)]
        framework: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Md,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(exit) => ExitCode::from(exit as u8),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(Exit::BadInput as u8)
        }
    }
}

fn run(cli: Cli) -> Result<Exit> {
    match cli.command {
        Command::Evaluate { judge, out } => {
            let findings = judge_snapshot(&judge)?;
            input::write_atomic(&out, &report::render(&findings, Format::Json)?)?;
            eprintln!("{}", summary_line(&findings, &out));
            Ok(Exit::of(&findings))
        }
        Command::Report {
            findings,
            format,
            out,
        } => {
            let findings = input::load_findings(&findings)?;
            let format = match format {
                ReportFormat::Md => Format::Markdown,
                ReportFormat::Json => Format::Json,
            };
            input::write_atomic(&out, &report::render(&findings, format)?)?;
            eprintln!("report written to {}", out.display());
            Ok(Exit::Ok)
        }
        Command::Scan { judge, out } => {
            let findings = judge_snapshot(&judge)?;
            let json = report::render(&findings, Format::Json)?;
            let md = report::render(&findings, Format::Markdown)?;
            std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
            input::write_atomic(&out.join("findings.json"), &json)?;
            let report_path = out.join("report.md");
            input::write_atomic(&report_path, &md)?;
            eprintln!("{}", summary_line(&findings, &out.join("findings.json")));
            eprintln!("report: {}", report_path.display());
            Ok(Exit::of(&findings))
        }
        Command::Controls { command } => controls(command),
        Command::Schema { out } => {
            schema::write_schemas(&out)?;
            eprintln!("schemas written to {}", out.display());
            Ok(Exit::Ok)
        }
    }
}

fn catalog(dir: Option<&Path>) -> Result<Catalog, EngineError> {
    match dir {
        Some(d) => Catalog::with_dir(d),
        None => Catalog::builtin(),
    }
}

fn judge_snapshot(args: &JudgeArgs) -> Result<Findings> {
    let mut config = match &args.config {
        Some(path) => input::load_config(path)?,
        None => Config::default(),
    };
    if let Some(s) = args.fail_on {
        config.fail_on = Some(s);
    }
    let catalog = catalog(args.controls.as_deref())?;
    let engine = Engine::new(&catalog, &args.framework)?;
    let (snapshot, sha256) = input::load_snapshot(&args.snapshot)?;
    Ok(engine.evaluate(snapshot, &sha256, &config)?)
}

fn summary_line(findings: &Findings, out: &Path) -> String {
    let s = &findings.summary.statuses;
    let n = |st: Status| s.get(&st).copied().unwrap_or(0);
    format!(
        "{} findings ({} pass, {} fail, {} error, {} manual) for {} accounts written to {}",
        findings.findings.len(),
        n(Status::Pass),
        n(Status::Fail),
        n(Status::Error),
        n(Status::Manual),
        findings.scan.accounts.len(),
        out.display()
    )
}

fn controls(command: ControlsCommand) -> Result<Exit> {
    match command {
        ControlsCommand::List {
            format,
            controls,
            framework,
        } => {
            let catalog = catalog(controls.as_deref())?;
            let fw = catalog.framework(&framework)?;
            match format {
                ListFormat::Json => println!(
                    "{}",
                    serde_json::to_string_pretty(&docs::framework_json(&catalog, fw))?
                ),
                ListFormat::Text => print!("{}", docs::framework_text(&catalog, fw)),
            }
            Ok(Exit::Ok)
        }
        ControlsCommand::Show {
            id,
            controls,
            framework,
        } => {
            let catalog = catalog(controls.as_deref())?;
            let fw = catalog.framework(&framework)?;
            if let Some(control) = fw.controls.iter().find(|c| c.id.eq_ignore_ascii_case(&id)) {
                print!("{}", docs::control_markdown(&catalog, control));
            } else if let Some(check) = catalog.check(&id) {
                print!(
                    "{}",
                    docs::check_markdown(check, &Catalog::controls_by_check(fw))
                );
            } else {
                anyhow::bail!("no control or check `{id}` (see `caliper controls list`)");
            }
            Ok(Exit::Ok)
        }
        ControlsCommand::Test { dir } => {
            let catalog = match &dir {
                Some(d) => Catalog::from_dir_only(d)?,
                None => Catalog::builtin()?,
            };
            let outcomes = caliper::engine::rego_tests::run(&catalog)?;
            let failed = outcomes.iter().filter(|o| o.failure.is_some()).count();
            for o in &outcomes {
                match &o.failure {
                    None => println!("PASS  {}  {}", o.file, o.name),
                    Some(why) => println!("FAIL  {}  {}: {why}", o.file, o.name),
                }
            }
            println!(
                "{} tests, {} passed, {} failed",
                outcomes.len(),
                outcomes.len() - failed,
                failed
            );
            if outcomes.is_empty() {
                anyhow::bail!("no tests found");
            }
            Ok(if failed > 0 { Exit::Failures } else { Exit::Ok })
        }
        ControlsCommand::Docs { out, framework } => {
            let catalog = Catalog::builtin()?;
            docs::write_controls_docs(&catalog, catalog.framework(&framework)?, &out)?;
            eprintln!("controls reference written to {}", out.display());
            Ok(Exit::Ok)
        }
    }
}
