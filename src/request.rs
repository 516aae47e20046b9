//! The one request path: every handle, every verb, and the Platform API go through here.
//!
//! Per-kind code only *describes* a request with a [`Request`]; [`Client::execute`] and
//! its siblings do everything else, in one place:
//!
//! 1. build the URL: the client's base URL + the [`UrlPath`] (each dynamic segment
//!    percent-encoded) + the query;
//! 2. add `Authorization: Bearer ..` (marked sensitive), `User-Agent`, `Accept`;
//! 3. encode the body in the client's [`Format`] (or the one the request forces) and set
//!    `Content-Type`;
//! 4. send with the timeout (the request's, else the client's);
//! 5. map a non-2xx status to [`Error`] (see [`crate::error`]);
//! 6. decode the body by its `Content-Type` (falling back to the request's format), with
//!    the failing field's path in [`Error::Decode`].
//!
//! Each request runs in a `tracing` span `vvp.request` with the fields `method`, `path`
//! (without the query), `status` and `duration_ms`. The token and bodies are never recorded.
//!
//! Retries, rate limiting or fault injection belong in [`Client::execute_raw`] (the single
//! place that sends); [`Error::may_have_been_sent`] tells whether a failed request is safe
//! to repeat.
//!
//! # For handle authors
//!
//! ```no_run
//! use vvp::request::{Request, UrlPath};
//! use vvp::Format;
//!
//! # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
//! // GET /catalog/v1beta2/namespaces/default/catalogs/vvp:listDatabases, JSON only,
//! // answer `{"databases": [...]}`.
//! let path = UrlPath::new()
//!     .lit("catalog/v1beta2/namespaces")
//!     .seg("default")
//!     .lit("catalogs")
//!     .seg("vvp")
//!     .verb("listDatabases");
//! let req = Request::get(path).format(Format::Json);
//! // Platform envelopes are declared facts of the types (`vvp::platform::envelope`).
//! let dbs: vvp::platform::Many<vvp::platform::types::Database> = client.execute(req).await?;
//!
//! // POST with a JSON body and a query parameter.
//! let path = UrlPath::new().lit("sql/v1beta1/namespaces").seg("default").lit("sqlscripts").verb("execute");
//! let req = Request::post(path)
//!     .query("catalog", "vvp")
//!     .json(&serde_json::json!({"statement": "SHOW TABLES"}))?;
//! let answer: serde_json::Value = client.execute(req).await?;
//! # Ok(()) }
//! ```
//!
//! Multipart uploads stream from disk with
//! `reqwest::multipart::Part::stream_with_length(tokio::fs::File::open(p).await?, len)` and
//! [`Request::multipart`]. Names must be validated (see [`crate::Name`]) before they go
//! into a path; [`UrlPath::seg`] only encodes.

use crate::client::Client;
use crate::error::{self, Error, Result};
use crate::format::Format;
use reqwest::header::{HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER, USER_AGENT};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::fmt::{self, Write as _};
use std::time::{Duration, Instant};
use tracing::Instrument as _;

/// The path part of a request URL, relative to the client's base URL.
///
/// Literal parts ([`UrlPath::lit`]) are trusted `'static` text; dynamic parts
/// ([`UrlPath::seg`]) are percent-encoded, so a segment can never add a `/`, `?` or `#`,
/// and the server receives exactly the segments that were given:
///
/// ```
/// use vvp::request::UrlPath;
///
/// let p = UrlPath::new().lit("catalogs").seg("a/b?c#d %ä").seg("..x");
/// assert_eq!(p.as_str(), "/catalogs/a%2Fb%3Fc%23d%20%25%C3%A4/..x");
/// assert!(p.check().is_ok());
///
/// // `.` and `..` cannot be sent as segments at all (see [`UrlPath::check`]).
/// assert!(UrlPath::new().lit("catalogs").seg("..").check().is_err());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UrlPath(String);

impl UrlPath {
    /// The root path (`/`).
    pub fn new() -> Self {
        UrlPath(String::new())
    }

    /// Append literal segments, e.g. `"api/v1/namespaces"` (not encoded).
    #[must_use]
    pub fn lit(mut self, segments: &'static str) -> Self {
        let s = segments.trim_matches('/');
        if !s.is_empty() {
            self.0.push('/');
            self.0.push_str(s);
        }
        self
    }

    /// Append one segment, percent-encoding every byte of its UTF-8 form but
    /// `A-Z a-z 0-9 - . _ ~` (so `/`, `?`, `#`, `%`, `\`, `;`, `:`, spaces, control and
    /// non-ASCII characters are all encoded).
    ///
    /// A segment that is empty, `.` or `..` makes [`UrlPath::check`] fail, and a request
    /// with such a path is refused before anything is sent.
    #[must_use]
    pub fn seg(mut self, segment: impl AsRef<str>) -> Self {
        self.0.push('/');
        for b in segment.as_ref().bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                self.0.push(char::from(b));
            } else {
                // Writing to a String cannot fail.
                let _ = write!(self.0, "%{b:02X}");
            }
        }
        self
    }

    /// Append a custom method to the last segment: `.../catalogs/vvp` becomes
    /// `.../catalogs/vvp:listTables`.
    #[must_use]
    pub fn verb(mut self, verb: &'static str) -> Self {
        self.0.push(':');
        self.0.push_str(verb);
        self
    }

    /// `Ok` if the server will receive this path exactly as built.
    ///
    /// No encoding carries the segments `.` and `..` to a server: URL parsing as WHATWG
    /// specifies it (the `url` crate under `reqwest`, browsers, many proxies and servers)
    /// drops `.` and `%2e`, and resolves `..`, `.%2e`, `%2e.` and `%2e%2e` against the
    /// previous segment, so the request would reach another resource. An empty segment
    /// (`a//b`) is merged away by many servers. [`Client::execute`] and its siblings call
    /// this before sending.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`] with kind `"path segment"` and reason
    /// [`InvalidNameReason::DotSegment`](crate::InvalidNameReason::DotSegment) or
    /// [`InvalidNameReason::Empty`](crate::InvalidNameReason::Empty).
    pub fn check(&self) -> Result<()> {
        // Segments from `seg` never hold an encoded dot (`.` is kept as is), so the
        // literal forms are the only ones to look for.
        for segment in self.0.split('/').skip(1) {
            let segment = segment.split(':').next().unwrap_or_default();
            let reason = match segment {
                "" => error::InvalidNameReason::Empty,
                "." | ".." => error::InvalidNameReason::DotSegment,
                _ => continue,
            };
            return Err(Error::InvalidName {
                name: segment.to_owned(),
                kind: "path segment",
                reason,
            });
        }
        Ok(())
    }

    /// The encoded path, starting with `/`.
    pub fn as_str(&self) -> &str {
        if self.0.is_empty() {
            "/"
        } else {
            &self.0
        }
    }
}

impl fmt::Display for UrlPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

enum Body {
    Empty,
    Value(Value),
    Bytes { content_type: String, data: Vec<u8> },
    Multipart(reqwest::multipart::Form),
}

/// A description of one HTTP request; sent by [`Client::execute`] and its siblings.
///
/// A `Request` holds no secrets and does no I/O.
#[must_use = "a Request does nothing until passed to Client::execute"]
pub struct Request {
    method: Method,
    path: UrlPath,
    query: Vec<(String, String)>,
    body: Body,
    format: Option<Format>,
    accept: Option<String>,
    timeout: Option<Duration>,
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let body = match &self.body {
            Body::Empty => "none",
            Body::Value(_) => "value",
            Body::Bytes { .. } => "bytes",
            Body::Multipart(_) => "multipart",
        };
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.path.as_str())
            .field(
                "query_keys",
                &self.query.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .field("body", &body)
            .field("format", &self.format)
            .finish_non_exhaustive()
    }
}

impl Request {
    /// A request without body.
    pub fn new(method: Method, path: UrlPath) -> Self {
        Request {
            method,
            path,
            query: Vec::new(),
            body: Body::Empty,
            format: None,
            accept: None,
            timeout: None,
        }
    }

    /// `GET path`.
    pub fn get(path: UrlPath) -> Self {
        Self::new(Method::GET, path)
    }

    /// `POST path`.
    pub fn post(path: UrlPath) -> Self {
        Self::new(Method::POST, path)
    }

    /// `PUT path`.
    pub fn put(path: UrlPath) -> Self {
        Self::new(Method::PUT, path)
    }

    /// `PATCH path`.
    pub fn patch(path: UrlPath) -> Self {
        Self::new(Method::PATCH, path)
    }

    /// `DELETE path`.
    pub fn delete(path: UrlPath) -> Self {
        Self::new(Method::DELETE, path)
    }

    /// Add a query parameter (form-encoded, so `k=v` is sent as `k%3Dv`).
    pub fn query(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((key.into(), value.into()));
        self
    }

    /// Add several query parameters.
    pub fn query_pairs<K, V>(mut self, pairs: impl IntoIterator<Item = (K, V)>) -> Self
    where
        K: Into<String>,
        V: Into<String>,
    {
        self.query
            .extend(pairs.into_iter().map(|(k, v)| (k.into(), v.into())));
        self
    }

    /// A body, encoded in the request's format (the client's unless [`Request::format`]
    /// forces one).
    ///
    /// # Errors
    ///
    /// [`Error::Encode`] if `value` cannot be represented as JSON.
    pub fn body<T: Serialize + ?Sized>(mut self, value: &T) -> Result<Self> {
        let v = serde_json::to_value(value).map_err(|e| Error::Encode {
            source: Box::new(e),
        })?;
        self.body = Body::Value(v);
        Ok(self)
    }

    /// A JSON body on a JSON-only endpoint: shorthand for `.format(Format::Json).body(value)`.
    ///
    /// # Errors
    ///
    /// [`Error::Encode`] if `value` cannot be represented as JSON.
    pub fn json<T: Serialize + ?Sized>(self, value: &T) -> Result<Self> {
        self.format(Format::Json).body(value)
    }

    /// A raw body with its content type.
    pub fn bytes(mut self, content_type: impl Into<String>, data: Vec<u8>) -> Self {
        self.body = Body::Bytes {
            content_type: content_type.into(),
            data,
        };
        self
    }

    /// A `multipart/form-data` body (parts may stream from disk).
    pub fn multipart(mut self, form: reqwest::multipart::Form) -> Self {
        self.body = Body::Multipart(form);
        self
    }

    /// Force the format of this request's body and `Accept` header, whatever the client's
    /// [`Format`] (Platform API endpoints only speak JSON).
    pub fn format(mut self, format: Format) -> Self {
        self.format = Some(format);
        self
    }

    /// Send this `Accept` header instead of the format's media type.
    pub fn accept(mut self, accept: impl Into<String>) -> Self {
        self.accept = Some(accept.into());
        self
    }

    /// A timeout for this request instead of the client's (e.g. for a large upload).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// A copy for another attempt; `None` for a multipart body (it may stream from disk
    /// and can be sent only once).
    pub(crate) fn try_clone(&self) -> Option<Request> {
        let body = match &self.body {
            Body::Empty => Body::Empty,
            Body::Value(v) => Body::Value(v.clone()),
            Body::Bytes { content_type, data } => Body::Bytes {
                content_type: content_type.clone(),
                data: data.clone(),
            },
            Body::Multipart(_) => return None,
        };
        Some(Request {
            method: self.method.clone(),
            path: self.path.clone(),
            query: self.query.clone(),
            body,
            format: self.format,
            accept: self.accept.clone(),
            timeout: self.timeout,
        })
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The encoded path.
    pub fn path(&self) -> &UrlPath {
        &self.path
    }
}

/// A successful answer, undecoded (see [`Client::execute_raw`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RawResponse {
    /// The HTTP status (2xx).
    pub status: u16,
    /// The `Content-Type`, if any.
    pub content_type: Option<String>,
    /// The body.
    pub body: Vec<u8>,
    /// The format the body is decoded in: by `Content-Type`, else the request's.
    pub format: Format,
}

impl RawResponse {
    /// `true` for 204/205 or an empty (or whitespace) body.
    pub fn is_empty(&self) -> bool {
        self.status == 204 || self.status == 205 || self.body.iter().all(u8::is_ascii_whitespace)
    }

    /// Decode the body as `T`.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] naming the field that did not match.
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T> {
        self.format.decode(&self.body, Some(self.status))
    }

    fn empty_error(&self) -> Error {
        Error::UnexpectedResponse {
            status: self.status,
            content_type: self.content_type.clone(),
            body_snippet: String::new(),
        }
    }
}

fn transport(e: reqwest::Error) -> Error {
    if e.is_timeout() {
        Error::Timeout { source: e }
    } else {
        Error::Transport(e)
    }
}

impl Client {
    /// Send `req` and decode the answer as `T`.
    ///
    /// # Errors
    ///
    /// Any [`Error`]: transport and timeout errors, the mapped error answer of the server,
    /// [`Error::UnexpectedResponse`] for an empty success body, [`Error::Decode`] when the
    /// body does not match `T`.
    pub async fn execute<T: DeserializeOwned>(&self, req: Request) -> Result<T> {
        let resp = self.execute_raw(req).await?;
        if resp.is_empty() {
            return Err(resp.empty_error());
        }
        resp.decode()
    }

    /// Send `req`; `None` if the answer is 204/205 or has an empty body.
    ///
    /// # Errors
    ///
    /// As [`Client::execute`], except that an empty body is not an error.
    pub async fn execute_opt<T: DeserializeOwned>(&self, req: Request) -> Result<Option<T>> {
        let resp = self.execute_raw(req).await?;
        if resp.is_empty() {
            return Ok(None);
        }
        resp.decode().map(Some)
    }

    /// Send `req` and ignore the body of the (successful) answer.
    ///
    /// # Errors
    ///
    /// Transport and timeout errors and the mapped error answer of the server.
    pub async fn execute_unit(&self, req: Request) -> Result<()> {
        self.execute_raw(req).await.map(drop)
    }

    /// Send `req` and return the successful answer undecoded. The single place where
    /// requests are sent; transient failures are retried by the client's
    /// [`RetryPolicy`](crate::retry::RetryPolicy).
    ///
    /// # Errors
    ///
    /// Transport and timeout errors and the mapped error answer of the server;
    /// [`Error::Retried`] when more than one attempt was made.
    pub async fn execute_raw(&self, req: Request) -> Result<RawResponse> {
        req.path.check()?;
        crate::retry::execute(self, req).await
    }

    /// One attempt: send `req` once, in its own `vvp.request` span.
    pub(crate) async fn execute_once(
        &self,
        req: Request,
        hints: &mut crate::retry::Hints,
    ) -> Result<RawResponse> {
        let span = tracing::info_span!(
            "vvp.request",
            method = %req.method,
            path = %req.path,
            status = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        if span.is_disabled() {
            // Nobody listens: no clock, no instrumented future.
            return self.send(req, hints).await;
        }
        let start = Instant::now();
        let result = self.send(req, hints).instrument(span.clone()).await;
        span.record("duration_ms", start.elapsed().as_millis());
        if let Some(status) = match &result {
            Ok(r) => Some(r.status),
            Err(e) => e.status(),
        } {
            span.record("status", status);
        }
        result
    }

    async fn send(&self, req: Request, hints: &mut crate::retry::Hints) -> Result<RawResponse> {
        let inner = self.inner();
        let format = req.format.unwrap_or(inner.format);
        let url = inner.url(&req.path, &req.query);
        let mut builder = inner.http.request(req.method, url);
        // Set on the HTTP client itself when this crate built it; per request otherwise.
        if let Some(ua) = &inner.request_user_agent {
            builder = builder.header(USER_AGENT, ua.clone());
        }
        builder = match req.accept {
            Some(a) => builder.header(ACCEPT, a),
            None => builder.header(ACCEPT, format.header_value()),
        };
        if let Some(auth) = &inner.auth {
            builder = builder.header(AUTHORIZATION, auth.clone());
        }
        if let Some(t) = req.timeout.or(inner.request_timeout) {
            builder = builder.timeout(t);
        }
        builder = match req.body {
            Body::Empty => builder,
            Body::Value(v) => builder
                .header(CONTENT_TYPE, format.header_value())
                .body(format.encode(&v)?),
            Body::Bytes { content_type, data } => {
                builder.header(CONTENT_TYPE, content_type).body(data)
            }
            Body::Multipart(form) => builder.multipart(form),
        };

        let resp = builder.send().await.map_err(transport)?;
        let status = resp.status().as_u16();
        let retry_after = resp.headers().get(RETRY_AFTER).cloned();
        let content_type = resp
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        if !(200..300).contains(&status) {
            hints.retry_after(retry_after.as_ref());
            let body = read_error_body(resp).await;
            return Err(error::from_response(status, content_type.as_deref(), &body));
        }
        // `Vec::from` takes over the buffer of a body that arrived in several chunks
        // (the large ones) instead of copying it.
        let body = Vec::from(resp.bytes().await.map_err(transport)?);
        let format = content_type
            .as_deref()
            .and_then(Format::from_content_type)
            .unwrap_or(format);
        Ok(RawResponse {
            status,
            content_type,
            body,
            format,
        })
    }
}

/// At most [`error::MAX_ERROR_BODY`] bytes of an error answer's body; the rest is never
/// read (the connection is dropped). A body that breaks off keeps what arrived: the
/// status is what matters.
async fn read_error_body(mut resp: reqwest::Response) -> Vec<u8> {
    let mut body = Vec::new();
    while let Ok(Some(chunk)) = resp.chunk().await {
        let room = error::MAX_ERROR_BODY - body.len();
        if chunk.len() >= room {
            body.extend_from_slice(chunk.get(..room).unwrap_or_default());
            break;
        }
        body.extend_from_slice(&chunk);
    }
    body
}

/// The bearer header for `token`, marked sensitive (never printed by `http`'s Debug).
pub(crate) fn bearer(token: &str) -> Option<HeaderValue> {
    let mut v = HeaderValue::from_str(&format!("Bearer {token}")).ok()?;
    v.set_sensitive(true);
    Some(v)
}

/// Decode `bytes` as `T`.
///
/// The happy path is plain serde, at the deserializer's full speed. Only when that fails is
/// the input decoded a second time with field-path tracking (`serde_path_to_error`, about
/// 30% slower), to name the failing field in [`Error::Decode`].
pub(crate) fn decode<T: DeserializeOwned>(
    format: Format,
    bytes: &[u8],
    status: Option<u16>,
) -> Result<T> {
    let plain = match format {
        Format::Json => serde_json::from_slice::<T>(bytes).map_err(error::BoxError::from),
        Format::Yaml => {
            // Refuse YAML too costly to parse (deep nesting, alias bombs) before parsing.
            crate::format::check_yaml(bytes).map_err(|source| Error::Decode {
                status,
                path: ".".into(),
                source,
            })?;
            serde_yaml::from_slice::<T>(bytes).map_err(error::BoxError::from)
        }
    };
    plain.map_err(|plain| decode_error::<T>(format, bytes, status, plain))
}

/// The [`Error::Decode`] for a body that failed to decode as `T` with `plain`: decodes
/// again, tracking the path of the failing field.
#[cold]
#[inline(never)]
fn decode_error<T: DeserializeOwned>(
    format: Format,
    bytes: &[u8],
    status: Option<u16>,
    plain: error::BoxError,
) -> Error {
    let mut track = serde_path_to_error::Track::new();
    let (path, source): (String, error::BoxError) = match format {
        Format::Json => {
            let mut de = serde_json::Deserializer::from_slice(bytes);
            match T::deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track)) {
                Err(e) => (track.path().to_string(), Box::new(e)),
                // The value decoded, so what failed is the end: trailing characters.
                Ok(_) => (
                    ".".into(),
                    de.end()
                        .map_or_else(|e| Box::new(e) as error::BoxError, |()| plain),
                ),
            }
        }
        Format::Yaml => {
            let de = serde_yaml::Deserializer::from_slice(bytes);
            match T::deserialize(serde_path_to_error::Deserializer::new(de, &mut track)) {
                Err(e) => (track.path().to_string(), Box::new(e)),
                Ok(_) => (".".into(), plain),
            }
        }
    };
    Error::Decode {
        status,
        path,
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_encoding() {
        let p = UrlPath::new()
            .lit("/api/v1/namespaces/")
            .seg("a b/c%d")
            .lit("catalogs")
            .seg("vvp")
            .verb("listTables");
        assert_eq!(
            p.as_str(),
            "/api/v1/namespaces/a%20b%2Fc%25d/catalogs/vvp:listTables"
        );
        assert_eq!(UrlPath::new().as_str(), "/");
        assert_eq!(UrlPath::new().seg("ä").as_str(), "/%C3%A4");
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Outer {
        items: Vec<Inner>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        n: u32,
    }

    fn decode_err(format: Format, text: &str) -> (Option<u16>, String, String) {
        match decode::<Outer>(format, text.as_bytes(), Some(200)) {
            Err(Error::Decode {
                status,
                path,
                source,
            }) => (status, path, source.to_string()),
            other => panic!("expected a decode error, got {other:?}"),
        }
    }

    #[test]
    fn decode_happy_path_and_failing_field() {
        let ok: Outer = decode(Format::Json, br#"{"items":[{"n":1}]}"#, None).unwrap();
        assert_eq!(ok.items.len(), 1);
        let ok: Outer = decode(Format::Yaml, b"items:\n- n: 1\n", None).unwrap();
        assert_eq!(ok.items.len(), 1);

        // The second, path-tracking pass names the field; the message is serde's.
        let text = r#"{"items":[{"n":1},{"n":"x"}]}"#;
        let (status, path, message) = decode_err(Format::Json, text);
        assert_eq!((status, path.as_str()), (Some(200), "items[1].n"));
        let plain = serde_json::from_str::<Outer>(text).unwrap_err().to_string();
        assert_eq!(message, plain);

        let (_, path, _) = decode_err(Format::Yaml, "items:\n- n: 1\n- n: x\n");
        assert_eq!(path, "items[1].n");
    }

    #[test]
    fn decode_trailing_and_broken_input() {
        // Decodes as a value, then fails at the end: the path is the root.
        let (_, path, message) = decode_err(Format::Json, r#"{"items":[]} x"#);
        assert_eq!(path, ".");
        assert!(message.contains("trailing"), "{message}");
        // Not JSON at all.
        let (_, path, _) = decode_err(Format::Json, "<html>");
        assert_eq!(path, ".");
        let (_, path, _) = decode_err(Format::Json, "");
        assert_eq!(path, ".");
        // Truncated inside a field.
        let (_, path, _) = decode_err(Format::Json, r#"{"items":[{"n":"#);
        assert_eq!(path, "items[0].n");
    }

    /// Why `check` exists: no spelling of a dot segment survives URL parsing.
    #[test]
    fn url_parsing_removes_dot_segments_in_every_spelling() {
        for dots in [".", "%2e", "%2E", "..", ".%2e", "%2E.", "%2e%2E", "%2E%2E"] {
            let mut url = reqwest::Url::parse("http://127.0.0.1/").expect("url");
            let path = format!("/a/{dots}/b");
            url.set_path(&path);
            assert_ne!(url.path(), path, "{dots} survived");
        }
        // What `seg` produces for everything else does survive.
        let p = UrlPath::new()
            .seg("a")
            .seg("...")
            .seg(".x")
            .seg("%2e")
            .seg("a b/?#");
        let mut url = reqwest::Url::parse("http://127.0.0.1/").expect("url");
        url.set_path(p.as_str());
        assert_eq!(url.path(), "/a/.../.x/%252e/a%20b%2F%3F%23");
    }

    #[test]
    fn check_refuses_dot_and_empty_segments() {
        let reason = |p: UrlPath| match p.check() {
            Err(Error::InvalidName { reason, kind, .. }) => {
                assert_eq!(kind, "path segment");
                Some(reason)
            }
            Err(e) => panic!("{e:?}"),
            Ok(()) => None,
        };
        let base = || UrlPath::new().lit("api/v1/namespaces");
        assert_eq!(
            reason(base().seg(".")),
            Some(error::InvalidNameReason::DotSegment)
        );
        assert_eq!(
            reason(base().seg("..").lit("x")),
            Some(error::InvalidNameReason::DotSegment)
        );
        assert_eq!(
            reason(base().seg("..").verb("list")),
            Some(error::InvalidNameReason::DotSegment)
        );
        assert_eq!(
            reason(base().seg("")),
            Some(error::InvalidNameReason::Empty)
        );
        assert_eq!(reason(base().seg("...").seg(".a").seg("a.")), None);
        assert_eq!(reason(UrlPath::new()), None);
    }
}
