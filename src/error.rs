//! The crate's error type and the one place where HTTP statuses become [`Error`]s.
//!
//! Real Ververica Platform servers answer failures in four shapes; all of them become
//! [`Error::Api`] (or [`Error::Validation`] for the Application Manager's
//! `ApiValidationException`), keeping the HTTP status:
//!
//! | shape | example body | [`ErrorShape`] |
//! |---|---|---|
//! | Application Manager | `{"kind":"ApiException","message":..,"reason":"NotFound","statusCode":404,"context":..}` | [`ErrorShape::AppManager`] |
//! | Platform API | `{"code":"NOT_FOUND","description":..,"cause":null,"ok":false}` | [`ErrorShape::Platform`] |
//! | HTTP gateway | `{"timestamp":..,"status":403,"error":"Forbidden","path":..}` | [`ErrorShape::Gateway`] |
//! | plain text | `No such namespace namespaces/x` | [`ErrorShape::PlainText`] |
//!
//! Anything else that is not a success (an HTML page from a proxy, an empty body, JSON
//! of an unknown shape) becomes [`Error::UnexpectedResponse`], which also keeps the status.
//!
//! # Sent or not sent
//!
//! [`Error::may_have_been_sent`] separates errors raised before anything went on the wire
//! ([`Error::InvalidName`], [`Error::Config`], [`Error::Encode`], a connection that was
//! never established) from those where the server may have acted on the request. Only the
//! former are always safe to retry.

use serde_json::{Map, Value};
pub(crate) mod outcome;

use outcome::ApplyFailure;

use std::fmt;
use std::time::Duration;

/// A `Result` whose error is [`vvp::Error`](Error).
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A boxed error from a serializer or deserializer.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Everything that can go wrong when talking to Ververica Platform.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A name or id was rejected before any request was sent.
    #[error("invalid {kind} name {name:?}: {reason}")]
    InvalidName {
        /// The rejected name, as given.
        name: String,
        /// The kind whose rule was applied, e.g. `"Deployment"` or `"Namespace"`.
        kind: &'static str,
        /// Which rule the name breaks.
        reason: InvalidNameReason,
    },

    /// The server rejected the request's content (HTTP 400 with an
    /// `ApiValidationException` body).
    #[error("{message} (HTTP {status}){}", FieldErrors(.errors))]
    Validation {
        /// The HTTP status (normally 400).
        status: u16,
        /// The server's summary, e.g. `"Deployment parameters are invalid"`.
        message: String,
        /// One entry per offending field.
        errors: Vec<FieldError>,
    },

    /// The server answered with an error body (any of the four shapes, see the
    /// [module docs](crate::error)).
    #[error("{0}")]
    Api(Box<ErrorResponse>),

    /// The server answered with something that is not a Ververica Platform response, e.g.
    /// an HTML page from a proxy or an empty error body.
    #[error(
        "unexpected response (HTTP {status}, content type {}): {body_snippet:?}",
        content_type.as_deref().unwrap_or("none")
    )]
    UnexpectedResponse {
        /// The HTTP status.
        status: u16,
        /// The response's `Content-Type`, if any.
        content_type: Option<String>,
        /// The start of the body (at most [`BODY_SNIPPET_LEN`] characters).
        body_snippet: String,
    },

    /// A body (a response, or a manifest given to [`crate::yaml`]) did not match the
    /// expected type.
    #[error("could not decode {}at `{path}`: {source}", DecodeStatus(*.status))]
    Decode {
        /// The HTTP status of the response, `None` for manifests.
        status: Option<u16>,
        /// Where in the document decoding failed, e.g. `items[3].spec.state` (`.` is the
        /// root).
        path: String,
        /// The deserializer's error.
        #[source]
        source: BoxError,
    },

    /// A value could not be serialized into a request body or a manifest.
    #[error("could not encode the request body: {source}")]
    Encode {
        /// The serializer's error.
        #[source]
        source: BoxError,
    },

    /// The request (or reading its response) timed out.
    #[error("request timed out")]
    Timeout {
        /// The underlying error from the HTTP client.
        #[source]
        source: reqwest::Error,
    },

    /// The HTTP client failed (connection refused, TLS, broken connection, ...).
    #[error("transport error: {0}")]
    Transport(#[source] reqwest::Error),

    /// The client configuration is invalid (base URL, token, environment variables).
    #[error("invalid configuration: {0}")]
    Config(String),

    /// The request was sent more than once (see [`crate::retry`]), or its transient
    /// failure was not repeated because the retry policy's attempts or time budget ran
    /// out. The message ends with the number of attempts, e.g. `... (after 4 attempts in
    /// 3.2s)`; [`Error::status`], [`Error::is_not_found`] and the other classifiers look
    /// through to the last attempt's error ([`Error::last_attempt`]).
    ///
    /// ```no_run
    /// # async fn demo(client: vvp::Client) {
    /// match client.deployments("default").list().await {
    ///     Err(vvp::Error::Retried(r)) => eprintln!("{} attempts: {}", r.attempts, r.last_error),
    ///     Err(e) => eprintln!("failed at once: {e}"),
    ///     Ok(list) => println!("{} deployments", list.len()),
    /// }
    /// # }
    /// ```
    #[error(transparent)]
    Retried(Box<Retried>),

    /// A wait ([`crate::wait`]) ran out of time before its condition held.
    ///
    /// ```
    /// # use std::time::Duration;
    /// # let err = vvp::Error::WaitTimeout { kind: "Deployment", id: "top-speed".into(),
    /// #     waited: Duration::from_secs(600), last_state: Some("TRANSITIONING".into()) };
    /// if let vvp::Error::WaitTimeout { last_state, .. } = &err {
    ///     eprintln!("still {}", last_state.as_deref().unwrap_or("unknown"));
    /// }
    /// assert_eq!(
    ///     err.to_string(),
    ///     "timed out after 600s waiting for Deployment top-speed (last state: TRANSITIONING)"
    /// );
    /// ```
    #[error(
        "timed out after {waited:?} waiting for {kind} {id} (last state: {})",
        last_state.as_deref().unwrap_or("none")
    )]
    WaitTimeout {
        /// The kind waited on, e.g. `"Deployment"`.
        kind: &'static str,
        /// The name or id waited on.
        id: String,
        /// How long the wait lasted (tokio's clock).
        waited: std::time::Duration,
        /// `status.state` at the last poll; `None` if the object was absent or had no
        /// state.
        last_state: Option<String>,
    },

    /// An object reached a failed state while a helper waited for another one, e.g. a
    /// Deployment became `FAILED` while waiting for `RUNNING`, or a Savepoint `FAILED`.
    ///
    /// ```
    /// # let err = vvp::Error::ResourceFailed { kind: "Deployment", id: "top-speed".into(),
    /// #     state: "FAILED".into(), expected: "RUNNING".into(),
    /// #     message: Some("JobFailing: restarted 3 times".into()) };
    /// assert_eq!(
    ///     err.to_string(),
    ///     "Deployment top-speed reached state FAILED while waiting for RUNNING: \
    ///      JobFailing: restarted 3 times"
    /// );
    /// ```
    #[error(
        "{kind} {id} reached state {state} while waiting for {expected}{}",
        message.as_deref().map(|m| format!(": {m}")).unwrap_or_default()
    )]
    ResourceFailed {
        /// The kind, e.g. `"Deployment"`.
        kind: &'static str,
        /// The name or id.
        id: String,
        /// The state reached, e.g. `"FAILED"`.
        state: String,
        /// What the helper waited for, e.g. `"RUNNING"` or `"COMPLETED"`.
        expected: String,
        /// Why, if the server said: `status.failure.message` (and `reason`), or the
        /// Deployment's true conditions (`type: message`).
        message: Option<String>,
    },

    /// Applying a manifest ([`Client::apply`](crate::Client::apply),
    /// [`Plan::apply`](crate::Plan::apply)) failed for one object: which document (index,
    /// kind, name), at which stage, what was already applied, the rollback, and the
    /// underlying error ([`ApplyFailure::source`](crate::plan::ApplyFailure)).
    /// [`Error::status`] and the `is_*` checks look through to that error.
    #[error("{0}")]
    Apply(Box<ApplyFailure>),
}

/// The longest body excerpt kept in [`Error::UnexpectedResponse`], in characters.
pub const BODY_SNIPPET_LEN: usize = 512;

/// How much of an error answer's body is read, in bytes (64 KiB): a proxy's endless or
/// 50 MB error page costs no more memory than this. A longer JSON error body is cut, so
/// it no longer parses and becomes an [`Error::UnexpectedResponse`].
pub const MAX_ERROR_BODY: usize = 64 * 1024;

struct DecodeStatus(Option<u16>);

impl fmt::Display for DecodeStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(s) => write!(f, "response (HTTP {s}) "),
            None => Ok(()),
        }
    }
}

struct FieldErrors<'a>(&'a [FieldError]);

impl fmt::Display for FieldErrors<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            f.write_str(if i == 0 { ": " } else { "; " })?;
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl Error {
    /// The error of the last attempt of the request that failed: looks through
    /// [`Error::Retried`] (to its last attempt) and [`Error::Apply`] (to the failure of the
    /// document's request); any other error is returned as it is.
    pub fn last_attempt(&self) -> &Error {
        match self {
            Error::Retried(r) => r.last_error.last_attempt(),
            Error::Apply(f) => f.source.last_attempt(),
            other => other,
        }
    }

    /// How many times the request was sent or tried: the attempts of an
    /// [`Error::Retried`], else 1.
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Retried(r) => r.attempts,
            Error::Apply(f) => f.source.attempts(),
            _ => 1,
        }
    }

    /// The HTTP status of the response that caused this error, if there was one.
    pub fn status(&self) -> Option<u16> {
        match self.last_attempt() {
            Error::Validation { status, .. } | Error::UnexpectedResponse { status, .. } => {
                Some(*status)
            }
            Error::Api(e) => Some(e.status),
            Error::Decode { status, .. } => *status,
            Error::Transport(e) | Error::Timeout { source: e } => e.status().map(|s| s.as_u16()),
            _ => None,
        }
    }

    fn api_status(&self) -> Option<u16> {
        match self.last_attempt() {
            Error::Api(e) => Some(e.status),
            Error::Validation { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// `true` for a 404 answered with a Ververica Platform error body.
    ///
    /// A 404 without such a body (e.g. an HTML page because the base URL is wrong) is an
    /// [`Error::UnexpectedResponse`] and does not count.
    pub fn is_not_found(&self) -> bool {
        self.api_status() == Some(404)
    }

    /// `true` for a 409 Conflict (e.g. the name is taken, or a concurrent modification).
    pub fn is_conflict(&self) -> bool {
        self.api_status() == Some(409)
    }

    /// `true` for a 401 (missing, wrong or expired token).
    pub fn is_unauthorized(&self) -> bool {
        self.api_status() == Some(401)
    }

    /// `true` for a 403 (the token lacks the role for this namespace or action).
    pub fn is_forbidden(&self) -> bool {
        self.api_status() == Some(403)
    }

    /// `true` for [`Error::Validation`].
    pub fn is_validation(&self) -> bool {
        matches!(self.last_attempt(), Error::Validation { .. })
    }

    /// The error for a non-success answer: `status`, its `Content-Type` and (the start
    /// of) its body, classified as the SDK does for every response (see the
    /// [module docs](crate::error)). Useful with the [`raw`](crate::raw) clients, whose
    /// error answers are not classified.
    ///
    /// Never panics, whatever the bytes.
    ///
    /// ```
    /// let e = vvp::Error::from_response(
    ///     404,
    ///     Some("application/json"),
    ///     br#"{"code":"NOT_FOUND","description":"no such script","ok":false}"#,
    /// );
    /// assert!(e.is_not_found());
    /// let e = vvp::Error::from_response(502, Some("text/html"), b"<html>Bad Gateway</html>");
    /// assert!(matches!(e, vvp::Error::UnexpectedResponse { status: 502, .. }));
    /// ```
    pub fn from_response(status: u16, content_type: Option<&str>, body: &[u8]) -> Error {
        from_response(status, content_type, body)
    }

    /// `false` when the request certainly never reached the server (invalid name,
    /// configuration or body, connection not established); `true` when the server may
    /// have received, and acted on, it. For an [`Error::Retried`]: whether any attempt
    /// may have reached the server.
    pub fn may_have_been_sent(&self) -> bool {
        match self {
            Error::Retried(r) => r.any_sent || r.last_error.may_have_been_sent(),
            Error::InvalidName { .. } | Error::Config(_) | Error::Encode { .. } => false,
            Error::Apply(f) => !f.applied.is_empty() || f.source.may_have_been_sent(),
            Error::Transport(e) => !(e.is_connect() || e.is_builder()),
            _ => true,
        }
    }
}

/// Why a name was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InvalidNameReason {
    /// The name is empty.
    Empty,
    /// The object has no `metadata.name` but the operation addresses it by name.
    Missing,
    /// The name is longer than the kind allows.
    TooLong {
        /// The name's length in characters.
        len: usize,
        /// The longest name allowed.
        max: usize,
    },
    /// The name contains a character the rule does not allow.
    InvalidChar {
        /// The offending character.
        ch: char,
        /// Its position (0-based, in characters).
        position: usize,
        /// The allowed set, e.g. `[-0-9a-z]`.
        allowed: &'static str,
    },
    /// The name starts with `-`.
    LeadingHyphen,
    /// The name ends with `-`.
    TrailingHyphen,
    /// The kind is addressed by id only and the reference is not a UUID.
    NotAnId,
    /// The value is `.` or `..`: it cannot be sent as a URL path segment, since URL
    /// parsing removes such segments (also percent-encoded) and the request would reach
    /// another path. The SDK refuses it before sending.
    DotSegment,
    /// A fully-qualified Platform API name (`namespaces/x/apitokens/y`) was given where
    /// the short name (`y`) is expected.
    FullyQualified {
        /// The short name to pass instead.
        short: String,
    },
}

impl fmt::Display for InvalidNameReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InvalidNameReason::Empty => f.write_str("the name is empty"),
            InvalidNameReason::Missing => f.write_str("metadata.name is not set"),
            InvalidNameReason::TooLong { len, max } => {
                write!(f, "the name is {len} characters long, at most {max} are allowed")
            }
            InvalidNameReason::InvalidChar {
                ch,
                position,
                allowed,
            } => write!(
                f,
                "invalid character {ch:?} at position {position} (allowed: {allowed})"
            ),
            InvalidNameReason::LeadingHyphen => f.write_str("the name must not start with '-'"),
            InvalidNameReason::TrailingHyphen => f.write_str("the name must not end with '-'"),
            InvalidNameReason::FullyQualified { short } => write!(
                f,
                "this is a fully-qualified name; pass the short name `{short}` instead"
            ),
            InvalidNameReason::DotSegment => f.write_str(
                "'.' and '..' cannot be sent as a URL path segment (URL parsing removes them)",
            ),
            InvalidNameReason::NotAnId => f.write_str(
                "this kind is addressed by id only; expected a UUID like 5b0c4f3e-0000-4000-8000-000000000000",
            ),
        }
    }
}

/// One field of an [`Error::Validation`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct FieldError {
    /// The offending field, e.g. `spec.template.spec.resources[taskmanager].memory`.
    pub attribute: String,
    /// What is wrong, e.g. `must be >= 1000m`.
    pub message: String,
    /// A machine-readable reason, e.g. `isLower`.
    pub reason: Option<String>,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.attribute, self.message)
    }
}

/// Which of the error body shapes the server used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorShape {
    /// Application Manager: `{kind, message, reason, statusCode, context}`.
    AppManager,
    /// Platform API (gRPC gateway style): `{code, description, cause, ok}`.
    Platform,
    /// HTTP gateway / Spring default: `{timestamp, status, error, path}`.
    Gateway,
    /// Another JSON (or YAML) object with a `message` field.
    Other,
    /// A plain-text body.
    PlainText,
}

/// An error answer from the server, see [`Error::Api`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ErrorResponse {
    /// The HTTP status.
    pub status: u16,
    /// A short machine-readable reason: the Application Manager's `reason`
    /// (`"NotFound"`), the Platform API's `code` (`"NOT_FOUND"`) or the gateway's `error`
    /// (`"Forbidden"`).
    pub reason: Option<String>,
    /// The human-readable message (`message`, `description`, the gateway's `error` and
    /// `path`, or the plain-text body).
    pub message: String,
    /// The Application Manager's `kind` (e.g. `"ApiException"`), if given.
    pub kind: Option<String>,
    /// Extra context: the Application Manager's `context` or the Platform API's `cause`.
    pub context: Option<Value>,
    /// Which shape the body had.
    pub shape: ErrorShape,
    /// The whole body as parsed (`None` for plain text), unknown fields included.
    pub body: Option<Value>,
}

impl fmt::Display for ErrorResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (HTTP {}", self.message, self.status)?;
        if let Some(r) = &self.reason {
            write!(f, ", {r}")?;
        }
        f.write_str(")")
    }
}

/// Cut `s` to at most `max` characters (never inside a character).
pub(crate) fn snippet(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((idx, _)) => s.get(..idx).unwrap_or_default().to_owned(),
        None => s.to_owned(),
    }
}

fn str_field(obj: &Map<String, Value>, key: &str) -> Option<String> {
    obj.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn non_null(v: Option<&Value>) -> Option<Value> {
    v.filter(|v| !v.is_null()).cloned()
}

/// Map a non-success response to an [`Error`]. The one place that knows the error shapes.
pub(crate) fn from_response(status: u16, content_type: Option<&str>, body: &[u8]) -> Error {
    let text = String::from_utf8_lossy(body);
    let trimmed = text.trim();
    let ct = content_type
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let unexpected = || Error::UnexpectedResponse {
        status,
        content_type: content_type.map(str::to_owned),
        body_snippet: snippet(&text, BODY_SNIPPET_LEN),
    };
    if trimmed.is_empty() {
        return unexpected();
    }
    if ct.contains("html") || trimmed.starts_with('<') {
        return unexpected();
    }
    let parsed: Option<Value> = serde_json::from_str(trimmed).ok().or_else(|| {
        if ct.contains("yaml") && crate::limits::check_yaml(trimmed.as_bytes()).is_ok() {
            serde_yaml::from_str(trimmed).ok()
        } else {
            None
        }
    });
    match parsed {
        Some(Value::Object(obj)) => from_object(status, obj).unwrap_or_else(unexpected),
        Some(_) => unexpected(),
        None if ct.is_empty() || ct.starts_with("text/plain") => {
            if trimmed
                .chars()
                .any(|c| c.is_control() && !c.is_whitespace())
            {
                return unexpected();
            }
            Error::Api(Box::new(ErrorResponse {
                status,
                reason: None,
                message: snippet(trimmed, 4 * BODY_SNIPPET_LEN),
                kind: None,
                context: None,
                shape: ErrorShape::PlainText,
                body: None,
            }))
        }
        None => unexpected(),
    }
}

fn from_object(status: u16, obj: Map<String, Value>) -> Option<Error> {
    let kind = str_field(&obj, "kind");
    let errors = obj.get("errors").and_then(Value::as_array);
    if kind.as_deref() == Some("ApiValidationException") || (status == 400 && errors.is_some()) {
        let errors = errors
            .map(|errs| {
                errs.iter()
                    .filter_map(Value::as_object)
                    .map(|e| FieldError {
                        attribute: str_field(e, "attribute").unwrap_or_default(),
                        message: str_field(e, "message").unwrap_or_default(),
                        reason: str_field(e, "reason"),
                    })
                    .collect()
            })
            .unwrap_or_default();
        return Some(Error::Validation {
            status,
            message: str_field(&obj, "message").unwrap_or_else(|| "validation failed".into()),
            errors,
        });
    }
    let (shape, reason, message, context) = if obj.contains_key("code")
        && (obj.contains_key("description") || obj.contains_key("ok"))
    {
        (
            ErrorShape::Platform,
            obj.get("code").map(value_to_string),
            str_field(&obj, "description")
                .or_else(|| str_field(&obj, "message"))
                .unwrap_or_default(),
            non_null(obj.get("cause")),
        )
    } else if kind.is_some() || obj.contains_key("statusCode") {
        (
            ErrorShape::AppManager,
            str_field(&obj, "reason"),
            str_field(&obj, "message").unwrap_or_default(),
            non_null(obj.get("context")),
        )
    } else if obj.contains_key("error") && obj.contains_key("status") {
        let error = str_field(&obj, "error");
        let message = match (str_field(&obj, "message"), str_field(&obj, "path")) {
            (Some(m), _) if !m.is_empty() => m,
            (_, Some(p)) => format!("{} ({p})", error.as_deref().unwrap_or("error")),
            _ => error.clone().unwrap_or_default(),
        };
        (ErrorShape::Gateway, error, message, None)
    } else if let Some(message) = str_field(&obj, "message") {
        (
            ErrorShape::Other,
            str_field(&obj, "reason").or_else(|| str_field(&obj, "code")),
            message,
            non_null(obj.get("context")),
        )
    } else {
        return None;
    };
    Some(Error::Api(Box::new(ErrorResponse {
        status,
        reason,
        message,
        kind,
        context,
        shape,
        body: Some(Value::Object(obj)),
    })))
}

fn value_to_string(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A request that failed after more than one attempt, or whose transient failure was not
/// retried because the policy's attempts or budget ran out; see [`Error::Retried`] and
/// [`crate::retry`].
#[derive(Debug)]
#[non_exhaustive]
pub struct Retried {
    /// How many attempts were made (the first included).
    pub attempts: u32,
    /// From the start of the first attempt to the end of the last one.
    pub elapsed: Duration,
    /// The last attempt's error.
    pub last_error: Error,
    /// Whether any attempt may have reached the server.
    pub(crate) any_sent: bool,
}

impl fmt::Display for Retried {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = if self.attempts == 1 { "" } else { "s" };
        write!(
            f,
            "{} (after {} attempt{s} in {:.1?})",
            self.last_error, self.attempts, self.elapsed
        )
    }
}

impl std::error::Error for Retried {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.last_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_is_char_boundary_safe() {
        assert_eq!(snippet("äöü", 2), "äö");
        assert_eq!(snippet("ab", 5), "ab");
        assert_eq!(snippet("", 5), "");
    }

    #[test]
    fn shapes() {
        let e = from_response(
            404,
            Some("application/json"),
            br#"{"kind":"ApiException","message":"m","reason":"NotFound","statusCode":404}"#,
        );
        assert!(e.is_not_found());
        let e = from_response(404, None, b"No such namespace namespaces/x");
        assert!(matches!(&e, Error::Api(a) if a.shape == ErrorShape::PlainText));
        let e = from_response(502, Some("text/html"), b"<html></html>");
        assert_eq!(e.status(), Some(502));
        assert!(matches!(e, Error::UnexpectedResponse { .. }));
        let e = from_response(500, Some("application/json"), b"[1]");
        assert!(matches!(e, Error::UnexpectedResponse { .. }));
    }
}
