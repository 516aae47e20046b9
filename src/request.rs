//! Request description and building: the bottom of the one request path (crate-internal).
//!
//! Per-kind code only *describes* a request with a [`Request`] (method, [`UrlPath`], query,
//! body, forced format, timeout); [`Request::build`] turns it into the HTTP request against
//! the client's [`Target`], purely (no I/O, unit-tested below without a server):
//!
//! 1. the URL: the client's base URL + the [`UrlPath`] (each dynamic segment
//!    percent-encoded; `.`, `..` and empty segments refused, see [`UrlPath::check`]) + the
//!    query;
//! 2. `Authorization: Bearer ..` (marked sensitive), `User-Agent`, `Accept`;
//! 3. the body encoded in the client's [`BodyFormat`] (or the one the request forces), with
//!    its `Content-Type`;
//! 4. the timeout (the request's, else the client's).
//!
//! Sending (retries, the `vvp.request` span, mapping a non-2xx status to an [`Error`],
//! decoding by `Content-Type`) is the layer above, in `send`. Names must be validated
//! (see [`crate::Name`]) before they go into a path; [`UrlPath::seg`] only encodes.
//!
//! ```text
//! GET /catalog/v1beta2/namespaces/default/catalogs/vvp:listDatabases, JSON only:
//! Request::get(UrlPath::new().lit("catalog/v1beta2/namespaces").seg("default")
//!     .lit("catalogs").seg("vvp").verb("listDatabases")).format(BodyFormat::Json)
//! ```
//!
//! Users who need an endpoint the SDK has no handle for use the generated clients of
//! [`crate::raw`] (the one escape hatch).

use crate::error::{self, Error, Result};
use crate::format::BodyFormat;
use reqwest::header::{HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::fmt::{self, Write as _};
use std::time::Duration;

/// The path part of a request URL, relative to the client's base URL.
///
/// Literal parts ([`UrlPath::lit`]) are trusted `'static` text; dynamic parts
/// ([`UrlPath::seg`]) are percent-encoded, so a segment can never add a `/`, `?` or `#`,
/// and the server receives exactly the segments that were given: `.lit("catalogs")
/// .seg("a/b?c#d %ä")` is `/catalogs/a%2Fb%3Fc%23d%20%25%C3%A4`. `.` and `..` cannot be
/// sent as segments at all (see [`UrlPath::check`]).
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
    /// (`a//b`) is merged away by many servers. [`Request::build`] calls
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
    Multipart(reqwest::multipart::Form),
}

/// A description of one HTTP request; built by [`Request::build`], sent by the layer above.
///
/// A `Request` holds no secrets and does no I/O.
#[must_use = "a Request does nothing until sent"]
pub struct Request {
    method: Method,
    path: UrlPath,
    query: Vec<(String, String)>,
    body: Body,
    format: Option<BodyFormat>,
    accept: Option<&'static str>,
    timeout: Option<Duration>,
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let body = match &self.body {
            Body::Empty => "none",
            Body::Value(_) => "value",
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

    /// Send this `Accept` header instead of the format's media type (e.g. `text/csv` for the
    /// resource-usage report, several types for the API documents).
    pub fn accept(mut self, accept: &'static str) -> Self {
        self.accept = Some(accept);
        self
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

    /// A JSON body on a JSON-only endpoint: shorthand for `.format(BodyFormat::Json).body(value)`.
    ///
    /// # Errors
    ///
    /// [`Error::Encode`] if `value` cannot be represented as JSON.
    pub fn json<T: Serialize + ?Sized>(self, value: &T) -> Result<Self> {
        self.format(BodyFormat::Json).body(value)
    }

    /// A `multipart/form-data` body (parts may stream from disk).
    pub fn multipart(mut self, form: reqwest::multipart::Form) -> Self {
        self.body = Body::Multipart(form);
        self
    }

    /// Force the format of this request's body and `Accept` header, whatever the client's
    /// [`BodyFormat`] (Platform API endpoints only speak JSON).
    pub fn format(mut self, format: BodyFormat) -> Self {
        self.format = Some(format);
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
            Body::Multipart(_) => return None,
        };
        Some(Request {
            method: self.method.clone(),
            path: self.path.clone(),
            query: self.query.clone(),
            body,
            format: self.format,
            accept: self.accept,
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

/// The client settings a [`Request`] is built against: where it goes and what every
/// request carries. Filled in by the sending layer ([`crate::client`]) from its
/// configuration; building needs nothing else, so it is pure and tested without HTTP.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Target<'a> {
    /// The base URL.
    pub(crate) base: &'a Url,
    /// The base URL's path without a trailing `/` (`""` for the root).
    pub(crate) base_path: &'a str,
    /// The `Authorization` header (marked sensitive), if there is a token.
    pub(crate) auth: Option<&'a HeaderValue>,
    /// A `User-Agent` to set per request (only when the HTTP client is the caller's).
    pub(crate) user_agent: Option<&'a HeaderValue>,
    /// The client's body format, unless the request forces one.
    pub(crate) format: BodyFormat,
    /// A timeout to set per request, unless the request has its own.
    pub(crate) timeout: Option<Duration>,
}

impl Target<'_> {
    /// The URL of `path` (relative to the base URL) with `query`.
    pub(crate) fn url(&self, path: &UrlPath, query: &[(String, String)]) -> Url {
        let mut url = self.base.clone();
        if self.base_path.is_empty() {
            url.set_path(path.as_str());
        } else {
            let mut full = String::with_capacity(self.base_path.len() + path.as_str().len());
            full.push_str(self.base_path);
            full.push_str(path.as_str());
            url.set_path(&full);
        }
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        url
    }
}

impl Request {
    /// The HTTP request for `target` (URL, `Authorization`, `User-Agent`, `Accept`,
    /// timeout, the body encoded with its `Content-Type`), and the format an answer
    /// without a known `Content-Type` is decoded in. No I/O: `http` only assembles it.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`] for a path with a `.`, `..` or empty segment (see
    /// [`UrlPath::check`]), [`Error::Encode`] for a body that cannot be encoded,
    /// [`Error::Transport`] if the HTTP request cannot be assembled.
    pub(crate) fn build(
        self,
        http: &reqwest::Client,
        target: &Target<'_>,
    ) -> Result<(reqwest::Request, BodyFormat)> {
        self.path.check()?;
        let format = self.format.unwrap_or(target.format);
        let url = target.url(&self.path, &self.query);
        let mut builder = http.request(self.method, url);
        // Set on the HTTP client itself when this crate built it; per request otherwise.
        if let Some(ua) = target.user_agent {
            builder = builder.header(USER_AGENT, ua.clone());
        }
        builder = match self.accept {
            Some(accept) => builder.header(ACCEPT, accept),
            None => builder.header(ACCEPT, format.header_value()),
        };
        if let Some(auth) = target.auth {
            builder = builder.header(AUTHORIZATION, auth.clone());
        }
        if let Some(t) = self.timeout.or(target.timeout) {
            builder = builder.timeout(t);
        }
        builder = match self.body {
            Body::Empty => builder,
            Body::Value(v) => builder
                .header(CONTENT_TYPE, format.header_value())
                .body(format.encode(&v)?),
            Body::Multipart(form) => builder.multipart(form),
        };
        let built = builder.build().map_err(Error::Transport)?;
        Ok((built, format))
    }
}

/// A successful answer, undecoded (what the sending layer returns before decoding).
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
    pub format: BodyFormat,
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

    pub(crate) fn empty_error(&self) -> Error {
        Error::UnexpectedResponse {
            status: self.status,
            content_type: self.content_type.clone(),
            body_snippet: String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A client target as the sending layer fills it in, for `base`.
    fn with_target<T>(base: &str, format: BodyFormat, f: impl FnOnce(&Target<'_>) -> T) -> T {
        let url = Url::parse(base).expect("url");
        let base_path = url.path().trim_end_matches('/').to_owned();
        let mut auth = HeaderValue::from_static("Bearer secret-token");
        auth.set_sensitive(true);
        let ua = HeaderValue::from_static("vvp-test/1");
        let target = Target {
            base: &url,
            base_path: &base_path,
            auth: Some(&auth),
            user_agent: Some(&ua),
            format,
            timeout: Some(Duration::from_secs(7)),
        };
        f(&target)
    }

    fn build(req: Request, format: BodyFormat) -> Result<(reqwest::Request, BodyFormat)> {
        with_target("http://127.0.0.1:1/vvp/", format, |t| {
            req.build(&reqwest::Client::new(), t)
        })
    }

    fn header<'a>(req: &'a reqwest::Request, name: &str) -> &'a str {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("no {name} header"))
    }

    fn body(req: &reqwest::Request) -> &[u8] {
        req.body()
            .and_then(reqwest::Body::as_bytes)
            .unwrap_or_default()
    }

    #[test]
    fn build_json_only_endpoint_on_a_yaml_client() {
        // POST with a custom verb, query parameters, a JSON body: what the SQL handle sends.
        let path = UrlPath::new()
            .lit("sql/v1beta1/namespaces")
            .seg("default")
            .lit("sqlscripts")
            .verb("execute");
        let req = Request::post(path)
            .query("catalog", "vvp")
            .query_pairs([("database", "a b&c")])
            .json(&json!({"statement": "SHOW TABLES"}))
            .expect("body");
        let (http, format) = build(req, BodyFormat::Yaml).expect("built");
        assert_eq!(format, BodyFormat::Json);
        assert_eq!(http.method(), Method::POST);
        assert_eq!(
            http.url().as_str(),
            "http://127.0.0.1:1/vvp/sql/v1beta1/namespaces/default/sqlscripts:execute\
             ?catalog=vvp&database=a+b%26c"
        );
        assert_eq!(header(&http, "accept"), "application/json");
        assert_eq!(header(&http, "content-type"), "application/json");
        assert_eq!(header(&http, "user-agent"), "vvp-test/1");
        let auth = http.headers().get("authorization").expect("auth");
        assert_eq!(auth, "Bearer secret-token");
        assert!(auth.is_sensitive());
        assert_eq!(http.timeout(), Some(&Duration::from_secs(7)));
        let sent: Value = serde_json::from_slice(body(&http)).expect("json");
        assert_eq!(sent, json!({"statement": "SHOW TABLES"}));
    }

    #[test]
    fn build_uses_the_client_format_and_the_request_timeout() {
        let path = UrlPath::new().lit("api/v1/namespaces").seg("default");
        let req = Request::put(path)
            .body(&json!({"a": 1}))
            .expect("body")
            .timeout(Duration::from_secs(600));
        let (http, format) = build(req, BodyFormat::Yaml).expect("built");
        assert_eq!(format, BodyFormat::Yaml);
        assert_eq!(header(&http, "accept"), "application/yaml");
        assert_eq!(header(&http, "content-type"), "application/yaml");
        assert_eq!(body(&http), b"a: 1\n");
        assert_eq!(http.timeout(), Some(&Duration::from_secs(600)));

        // No body: no Content-Type; the root base URL keeps paths as they are.
        let req = Request::delete(UrlPath::new().lit("a"));
        let (http, _) = with_target("http://127.0.0.1:1", BodyFormat::Json, |t| {
            req.build(&reqwest::Client::new(), t)
        })
        .expect("built");
        assert_eq!(http.url().as_str(), "http://127.0.0.1:1/a");
        assert!(http.headers().get("content-type").is_none());
        assert!(http.body().is_none());
    }

    #[test]
    fn build_multipart_sets_the_boundary() {
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(b"jar".to_vec()).file_name("app.jar"),
        );
        let path = UrlPath::new().lit("artifacts/v1/namespaces").seg("default");
        let req = Request::post(path).format(BodyFormat::Json).multipart(form);
        assert!(req.try_clone().is_none(), "a multipart body is sent once");
        let (http, _) = build(req, BodyFormat::Json).expect("built");
        assert!(header(&http, "content-type").starts_with("multipart/form-data; boundary="));
    }

    #[test]
    fn build_refuses_paths_no_server_would_receive() {
        for path in [
            UrlPath::new().lit("x").seg(".."),
            UrlPath::new().lit("x").seg("").lit("y"),
        ] {
            let err = build(Request::get(path), BodyFormat::Json).expect_err("refused");
            assert!(matches!(err, Error::InvalidName { .. }), "{err:?}");
        }
    }

    #[test]
    fn hostile_segments_keep_the_path_shape() {
        let decode = |s: &str| -> Vec<u8> {
            let b = s.as_bytes();
            let mut out = Vec::new();
            let mut i = 0;
            while i < b.len() {
                if b[i] == b'%' {
                    let hex = std::str::from_utf8(&b[i + 1..i + 3]).expect("hex");
                    out.push(u8::from_str_radix(hex, 16).expect("hex"));
                    i += 3;
                } else {
                    out.push(b[i]);
                    i += 1;
                }
            }
            out
        };
        for s in [
            "a/b",
            "../../api/v1/namespaces/other",
            "a?b=c",
            "a#frag",
            "100%",
            "%2e%2e",
            ".%2e",
            "a b",
            "tab\there",
            "ä\\;:",
        ] {
            let path = UrlPath::new().lit("x").seg(s).lit("y").seg(s);
            let (http, _) = build(Request::get(path), BodyFormat::Json).expect("built");
            let segs: Vec<&str> = http.url().path().split('/').collect();
            assert_eq!(segs.len(), 6, "{s:?}: {}", http.url().path());
            assert_eq!((segs[1], segs[2], segs[4]), ("vvp", "x", "y"));
            assert_eq!(decode(segs[3]), s.as_bytes());
            assert_eq!(decode(segs[5]), s.as_bytes());
            assert_eq!(http.url().query(), None);
        }
    }

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
