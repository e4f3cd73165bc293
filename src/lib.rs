//! caliper: judge an AWS Organization against the AWS Partner SDP/Competency controls.
//!
//! Data flows one way: AWS (`collect`) → snapshot (`model`) → findings (`engine`) → reports
//! (`report`).

pub mod bundle;
#[cfg(feature = "collect")]
pub mod collect;
pub mod diagram;
pub mod engine;
pub mod model;
pub mod report;

/// A failure of the environment, not of the user's input: no credentials, AWS or the endpoint
/// unreachable. The command line says so and exits 4, where bad input exits 2.
#[derive(Debug)]
pub struct RuntimeError(pub String);

impl std::fmt::Display for RuntimeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RuntimeError {}

/// Every published JSON Schema (`docs/schema/`): the snapshot, findings and config documents,
/// and the report model the templates read.
pub fn schemas() -> Vec<(&'static str, String)> {
    let mut all = model::schema::schemas();
    all.push((
        "report.schema.json",
        model::schema::pretty(schemars::schema_for!(report::ReportModel)),
    ));
    all
}
