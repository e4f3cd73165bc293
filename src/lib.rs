//! caliper: judge an AWS Organization against the AWS Partner SDP/Competency controls.
//!
//! Data flows one way: AWS (`collect`) → snapshot (`model`) → findings (`engine`) → reports
//! (`report`).

pub mod bundle;
#[cfg(feature = "collect")]
pub mod collect;
pub mod engine;
pub mod model;
pub mod report;

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
