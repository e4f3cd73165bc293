//! caliper: judge an AWS Organization against the AWS Partner SDP/Competency controls.
//!
//! Data flows one way: snapshot (`model`) → findings (`engine`) → reports (`report`).

pub mod collect;
pub mod engine;
pub mod model;
pub mod report;
