//! The serde types of caliper's documents: the snapshot (`caliper.snapshot/v1`), the findings
//! (`caliper.findings/v1`) and `caliper.toml`. Knows nothing of AWS SDKs, Rego or rendering.

pub mod attestation;
pub mod config;
pub mod faults;
pub mod findings;
pub mod io;
pub mod network;
pub mod operations;
pub mod policy;
pub mod schema;
pub mod section;
pub mod sections;
pub mod services;
pub mod snapshot;
pub mod waiver;
pub mod workloads;

pub use attestation::Attestation;
pub use config::Config;
pub use findings::{Evidence, Finding, Findings, Severity, Status, Values};
pub use section::{DenialSource, ErrorReason, Section, SectionError, Source};
pub use snapshot::Snapshot;
