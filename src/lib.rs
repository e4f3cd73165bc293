//! caliper: judge an AWS Organization against the AWS Partner SDP/Competency controls.
//!
//! Data flows one way: AWS (`collect`) → snapshot (`model`) → findings (`engine`) → reports
//! (`report`).

#[cfg(feature = "collect")]
pub mod collect;
pub mod engine;
pub mod model;
pub mod report;
