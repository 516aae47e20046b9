//! Request/response plumbing of the fake: decoding bodies (JSON or YAML by `Content-Type`),
//! encoding responses (JSON or YAML by `Accept`) and the three error body shapes a real
//! server uses.

use serde_json::{json, Map, Value};

/// Largest request body the fake accepts for ordinary API calls (uploads have their own
/// limit). Keeps the state bounded.
pub(crate) const MAX_BODY: usize = 8 * 1024 * 1024;

/// A decoded request, independent of wiremock.
pub(crate) struct Req {
    /// Upper-case HTTP method.
    pub method: String,
    /// The raw (percent-encoded) path.
    pub raw_path: String,
    /// Percent-decoded path segments (without the leading empty one).
    pub segs: Vec<String>,
    /// Decoded query pairs.
    pub query: Vec<(String, String)>,
    /// `Content-Type` header (lower case), empty when absent.
    pub content_type: String,
    /// `Accept` header (lower case), empty when absent.
    pub accept: String,
    /// `Authorization` header, when present and valid UTF-8.
    pub authorization: Option<String>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl Req {
    /// Builds a request from what wiremock received.
    pub fn from_wiremock(r: &wiremock::Request) -> Req {
        let header = |name: &str| -> Option<String> {
            r.headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let raw_path = r.url.path().to_string();
        let segs = raw_path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| pct_decode(s).unwrap_or_else(|| s.to_string()))
            .collect();
        let query = r
            .url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        Req {
            method: r.method.as_str().to_ascii_uppercase(),
            raw_path,
            segs,
            query,
            content_type: header("content-type")
                .unwrap_or_default()
                .to_ascii_lowercase(),
            accept: header("accept").unwrap_or_default().to_ascii_lowercase(),
            authorization: header("authorization"),
            body: r.body.clone(),
        }
    }

    /// The value of query parameter `name`, if given.
    pub fn q(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the client asked for YAML.
    pub fn wants_yaml(&self) -> bool {
        self.accept.contains("yaml") && !self.accept.contains("json")
    }

    /// Whether the body is YAML.
    fn body_is_yaml(&self) -> bool {
        self.content_type.contains("yaml")
    }

    /// Decodes the body (JSON or YAML) into a JSON value.
    pub fn body_value(&self) -> Result<Value, String> {
        if self.body.is_empty() {
            return Err("Required request body is missing".into());
        }
        if self.body.len() > MAX_BODY {
            return Err(format!(
                "Request body too large ({} bytes, limit {MAX_BODY})",
                self.body.len()
            ));
        }
        if self.body_is_yaml() {
            serde_yaml::from_slice::<Value>(&self.body)
                .map_err(|e| format!("Could not parse YAML request body: {e}"))
        } else {
            serde_json::from_slice::<Value>(&self.body)
                .map_err(|e| format!("Could not parse JSON request body: {e}"))
        }
    }

    /// Decodes the body and requires a JSON object.
    pub fn body_object(&self) -> Result<Map<String, Value>, String> {
        match self.body_value()? {
            Value::Object(m) => Ok(m),
            other => Err(format!(
                "Request body must be an object, got {}",
                type_name(&other)
            )),
        }
    }
}

/// The JSON type name of a value, for messages.
pub(crate) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Decodes `%XX` escapes; `None` when the result is not UTF-8 or an escape is malformed.
pub(crate) fn pct_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes.get(i) {
            Some(b'%') => {
                let hi = bytes.get(i + 1).and_then(|b| (*b as char).to_digit(16))?;
                let lo = bytes.get(i + 2).and_then(|b| (*b as char).to_digit(16))?;
                out.push(u8::try_from(hi * 16 + lo).ok()?);
                i += 3;
            }
            Some(b) => {
                out.push(*b);
                i += 1;
            }
            None => break,
        }
    }
    String::from_utf8(out).ok()
}

/// A response body.
pub(crate) enum Body {
    /// Structured: encoded as JSON, or YAML when the API and the client allow it.
    Value(Value),
    /// Plain text.
    Text(String),
    /// Text of a given media type (API documents, CSV reports).
    Typed(String, &'static str),
}

/// A response of the fake.
pub(crate) struct Resp {
    pub status: u16,
    pub body: Body,
    /// Whether YAML may be produced (Application Manager API only).
    pub yaml_ok: bool,
}

impl Resp {
    /// A structured response.
    pub fn json(status: u16, v: Value) -> Resp {
        Resp {
            status,
            body: Body::Value(v),
            yaml_ok: true,
        }
    }

    /// 200 with a structured body.
    pub fn ok(v: Value) -> Resp {
        Resp::json(200, v)
    }

    /// A plain-text response.
    pub fn text(status: u16, t: impl Into<String>) -> Resp {
        Resp {
            status,
            body: Body::Text(t.into()),
            yaml_ok: false,
        }
    }

    /// 200 with a text body of media type `mime`.
    pub fn typed(t: impl Into<String>, mime: &'static str) -> Resp {
        Resp {
            status: 200,
            body: Body::Typed(t.into(), mime),
            yaml_ok: false,
        }
    }

    /// Restricts the response to JSON (Platform API).
    pub fn json_only(mut self) -> Resp {
        self.yaml_ok = false;
        self
    }

    /// Encodes the body for the given request: `(bytes, mime)`.
    pub fn encode(&self, req: &Req) -> (Vec<u8>, &'static str) {
        match &self.body {
            Body::Text(t) => (t.clone().into_bytes(), "text/plain;charset=UTF-8"),
            Body::Typed(t, mime) => (t.clone().into_bytes(), mime),
            Body::Value(v) => {
                if self.yaml_ok && req.wants_yaml() {
                    if let Ok(s) = serde_yaml::to_string(v) {
                        return (s.into_bytes(), "application/yaml");
                    }
                }
                let bytes = serde_json::to_vec(v).unwrap_or_default();
                (bytes, "application/json")
            }
        }
    }
}

/// The reason phrase Application Manager puts into `reason` for a status code.
fn am_reason(status: u16) -> &'static str {
    match status {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        409 => "Conflict",
        413 => "PayloadTooLarge",
        415 => "UnsupportedMediaType",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => "Error",
    }
}

/// An Application Manager `ApiException` response.
pub(crate) fn am_error(status: u16, message: impl Into<String>) -> Resp {
    Resp::json(
        status,
        json!({
            "kind": "ApiException",
            "apiVersion": "v1",
            "message": message.into(),
            "reason": am_reason(status),
            "statusCode": status,
        }),
    )
}

/// One entry of an `ApiValidationException`.
pub(crate) struct FieldError {
    pub attribute: String,
    pub message: String,
    pub reason: &'static str,
}

impl FieldError {
    pub fn new(
        attribute: impl Into<String>,
        message: impl Into<String>,
        reason: &'static str,
    ) -> Self {
        FieldError {
            attribute: attribute.into(),
            message: message.into(),
            reason,
        }
    }
}

/// An Application Manager 400 `ApiValidationException`.
pub(crate) fn am_validation(message: impl Into<String>, errors: Vec<FieldError>) -> Resp {
    let errors: Vec<Value> = errors
        .into_iter()
        .map(|e| json!({"attribute": e.attribute, "message": e.message, "reason": e.reason}))
        .collect();
    Resp::json(
        400,
        json!({
            "kind": "ApiValidationException",
            "apiVersion": "v1",
            "message": message.into(),
            "reason": "BadRequest",
            "errors": errors,
            "statusCode": 400,
        }),
    )
}

/// The gRPC-style code name the Platform API uses for a status.
fn pf_code(status: u16) -> &'static str {
    match status {
        400 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        409 => "ALREADY_EXISTS",
        412 => "FAILED_PRECONDITION",
        413 => "OUT_OF_RANGE",
        429 => "RESOURCE_EXHAUSTED",
        501 => "UNIMPLEMENTED",
        503 => "UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        _ => "INTERNAL",
    }
}

/// A Platform API error `{code, description, cause, ok}`.
pub(crate) fn pf_error(status: u16, description: impl Into<String>) -> Resp {
    pf_error_code(status, pf_code(status), description)
}

/// A Platform API error with an explicit code.
pub(crate) fn pf_error_code(status: u16, code: &str, description: impl Into<String>) -> Resp {
    Resp::json(
        status,
        json!({"code": code, "description": description.into(), "cause": null, "ok": false}),
    )
    .json_only()
}

/// The Spring Boot default error body (gateway-level 401/403/404/405).
pub(crate) fn spring_error(status: u16, path: &str) -> Resp {
    let error = match status {
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Error",
    };
    let ts = chrono::Utc::now().timestamp_millis();
    Resp::json(
        status,
        json!({"timestamp": ts, "status": status, "error": error, "path": path}),
    )
    .json_only()
}

/// Which API family a path belongs to (decides the error shape).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Family {
    AppManager,
    Platform,
}

impl Family {
    /// Classifies a request path.
    pub fn of(segs: &[String]) -> Family {
        if segs.first().map(String::as_str) == Some("api") {
            Family::AppManager
        } else {
            Family::Platform
        }
    }

    /// An error in this family's shape.
    pub fn error(self, status: u16, message: impl Into<String>) -> Resp {
        match self {
            Family::AppManager => am_error(status, message),
            Family::Platform => pf_error(status, message),
        }
    }
}
