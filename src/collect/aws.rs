//! Turning SDK results into snapshot sections: data with its source, "not configured" answers as
//! data, and every other failure as an error entry with its reason and IAM action.

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use super::guard::Op;
use crate::model::{ErrorReason, Section, SectionError, Source};

/// A failed call, reduced to what a snapshot records.
#[derive(Debug, Clone)]
pub struct Failure {
    /// AWS's error code, when the service answered.
    pub code: Option<String>,
    pub reason: ErrorReason,
    pub message: String,
}

impl Failure {
    pub fn into_error(self, op: &Op) -> SectionError {
        SectionError::new(self.reason, op.action, self.message)
    }
}

const DENIED: &[&str] = &[
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "AuthorizationError",
    "UnauthorizedException",
    "AuthFailure",
    "InvalidClientTokenId",
    "UnrecognizedClientException",
    "ExpiredToken",
    "SignatureDoesNotMatch",
];
const THROTTLED: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestLimitExceeded",
    "RequestThrottled",
    "RequestThrottledException",
    "TooManyRequestsException",
    "SlowDown",
];
const UNSUPPORTED: &[&str] = &[
    "UnsupportedOperation",
    "UnsupportedOperationException",
    "InvalidAction",
    "NotImplemented",
    "UnknownOperationException",
    "AWSOrganizationsNotInUseException",
];
const REGION_DISABLED: &[&str] = &["OptInRequired", "InvalidRegion"];

/// Classifies any SDK error.
pub fn failure<E>(err: &SdkError<E, HttpResponse>) -> Failure
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let (reason, message) = match err {
        SdkError::ServiceError(ctx) => {
            let e = ctx.err();
            let code = e.code().unwrap_or_default();
            let status = ctx.raw().status().as_u16();
            let reason = if DENIED.contains(&code) {
                ErrorReason::AccessDenied
            } else if THROTTLED.contains(&code) {
                ErrorReason::Throttled
            } else if REGION_DISABLED.contains(&code) {
                ErrorReason::RegionDisabled
            } else if UNSUPPORTED.contains(&code)
                || code.contains("NotImplemented")
                || (code.is_empty() && (status == 404 || status == 501))
            {
                ErrorReason::Unsupported
            } else if status == 403 {
                ErrorReason::AccessDenied
            } else {
                ErrorReason::Other
            };
            let message = match (e.code(), e.message()) {
                (Some(c), Some(m)) => format!("{c}: {m}"),
                (Some(c), None) => c.to_string(),
                (None, Some(m)) => m.to_string(),
                (None, None) => match chain(err) {
                    Some(why) => format!("HTTP {status}: {why}"),
                    None => format!("HTTP {status}"),
                },
            };
            return Failure {
                code: e.code().map(str::to_string),
                reason,
                message,
            };
        }
        SdkError::TimeoutError(_) => (ErrorReason::Network, "timed out".to_string()),
        SdkError::DispatchFailure(d) => (
            ErrorReason::Network,
            format!(
                "request not delivered: {}",
                chain(err).unwrap_or_else(|| format!("{d:?}"))
            ),
        ),
        SdkError::ConstructionFailure(_) => (
            ErrorReason::Other,
            chain(err).unwrap_or_else(|| "request not built".into()),
        ),
        _ => (
            ErrorReason::Other,
            chain(err).unwrap_or_else(|| err.to_string()),
        ),
    };
    Failure {
        code: None,
        reason,
        message,
    }
}

/// The error and its sources, joined (the SDK's top-level messages alone say little).
fn chain(err: &dyn std::error::Error) -> Option<String> {
    let mut parts = Vec::new();
    let mut cur = err.source();
    while let Some(e) = cur {
        parts.push(e.to_string());
        cur = e.source();
    }
    (!parts.is_empty()).then(|| parts.join(": "))
}

/// Drains a paginator into one list section.
macro_rules! paged {
    ($op:expr, $region:expr, $pages:expr, |$page:ident| $items:expr) => {{
        let mut pages = $pages;
        let mut items = Vec::new();
        let mut failed = None;
        while let Some(page) = pages.next().await {
            match page {
                Ok($page) => items.extend($items),
                Err(e) => {
                    failed = Some($crate::collect::aws::failure(&e));
                    break;
                }
            }
        }
        match failed {
            Some(f) => $crate::collect::aws::error($op, f),
            None => $crate::collect::aws::data($op, $region, items),
        }
    }};
}
pub(crate) use paged;

/// A section from data.
pub fn data<T>(op: &Op, region: &str, data: T) -> Section<T> {
    Section::Data {
        source: Source {
            operation: op.api(),
            region: region.to_string(),
            collected_at: None,
        },
        data,
    }
}

/// A section from a result: data, or the error entry for `op`.
pub fn section<T, O, E>(
    op: &Op,
    region: &str,
    result: Result<O, SdkError<E, HttpResponse>>,
    convert: impl FnOnce(O) -> T,
) -> Section<T>
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match result {
        Ok(out) => data(op, region, convert(out)),
        Err(e) => Section::Error(failure(&e).into_error(op)),
    }
}

/// Like [`section`] for settings AWS reports as an error when they are absent
/// (`NoSuchBucketPolicy`, `NoSuchEntity`, ...): those codes become `null` data.
pub fn optional<T, O, E>(
    op: &Op,
    region: &str,
    not_configured: &[&str],
    result: Result<O, SdkError<E, HttpResponse>>,
    convert: impl FnOnce(O) -> Option<T>,
) -> Section<Option<T>>
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match result {
        Ok(out) => data(op, region, convert(out)),
        Err(e) => {
            let f = failure(&e);
            if f.code
                .as_deref()
                .is_some_and(|c| not_configured.contains(&c))
            {
                data(op, region, None)
            } else {
                Section::Error(f.into_error(op))
            }
        }
    }
}

/// An error entry for `op` from a failure.
pub fn error<T>(op: &Op, f: Failure) -> Section<T> {
    Section::Error(f.into_error(op))
}

/// RFC 3339 text of an SDK timestamp.
pub fn time(t: &aws_smithy_types::DateTime) -> String {
    t.fmt(aws_smithy_types::date_time::Format::DateTime)
        .unwrap_or_else(|_| t.secs().to_string())
}

pub fn opt_time(t: Option<&aws_smithy_types::DateTime>) -> Option<String> {
    t.map(time)
}

/// An optional SDK string as the snapshot keeps it.
pub fn owned(s: Option<&str>) -> Option<String> {
    s.map(str::to_string)
}
