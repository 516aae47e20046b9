//! [`Client`] and [`ClientBuilder`]: the configuration of the sending layer.
//!
//! Layer: above `request` and `retry`; the sending itself is in `send`, the handles a
//! client hands out (`Client::deployments`, `Client::connectors`, ...) are declared with
//! the handles (`api`, `platform`).

use crate::error::{Error, Result};
use crate::format::BodyFormat;
use crate::raw::{self, RawAuth};
use crate::request::Target;
use crate::retry::RetryPolicy;
use crate::types::Secret;
use reqwest::header::HeaderValue;
use reqwest::Url;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// The default total timeout of one request when the client builds its own HTTP client.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The default connect timeout when the client builds its own HTTP client.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A client for one Ververica Platform installation.
///
/// Cheap to clone (an `Arc` inside) and `Send + Sync`: build one and share it.
///
/// ```no_run
/// # async fn demo() -> Result<(), vvp::Error> {
/// let client = vvp::Client::builder("https://vvp.example.com")
///     .token("api-token-secret")
///     .build()?;
/// for deployment in client.deployments("default").list().await? {
///     println!("{:?}", deployment.metadata);
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) base: Url,
    /// The base URL's path without a trailing `/` (`""` for the root).
    pub(crate) base_path: String,
    pub(crate) auth: Option<HeaderValue>,
    /// The `User-Agent` to set per request: only when the HTTP client was supplied (ours
    /// has it as a default header already).
    pub(crate) request_user_agent: Option<HeaderValue>,
    pub(crate) format: BodyFormat,
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: RetryPolicy,
    /// The timeout to set per request: only when the HTTP client was supplied (ours
    /// applies it to every request already).
    pub(crate) request_timeout: Option<Duration>,
    raw_appmanager: raw::appmanager::Client,
    raw_platform: raw::platform::Client,
}

impl Inner {
    /// What the request layer builds each request against.
    pub(crate) fn target(&self) -> Target<'_> {
        Target {
            base: &self.base,
            base_path: &self.base_path,
            auth: self.auth.as_ref(),
            user_agent: self.request_user_agent.as_ref(),
            format: self.format,
            timeout: self.request_timeout,
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &i.base.as_str())
            .field("token", &i.auth.as_ref().map(|_| "<redacted>"))
            .field("format", &i.format)
            .field("timeout", &i.timeout)
            .field("retry", &i.retry)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Start configuring a client for the server at `base_url` (e.g.
    /// `https://vvp.example.com`, with or without a trailing `/`; a path prefix such as
    /// `https://example.com/vvp` is kept).
    pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(base_url)
    }

    /// A client configured from the environment: `VVP_URL` (required) and `VVP_TOKEN`
    /// (optional; empty means no token).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] naming the variable that is missing or malformed.
    pub fn from_env() -> Result<Client> {
        ClientBuilder::from_env()?.build()
    }

    pub(crate) fn inner(&self) -> &Inner {
        &self.inner
    }

    /// The retry policy (see [`crate::retry`]).
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The configured body format.
    pub fn format(&self) -> BodyFormat {
        self.inner.format
    }

    /// The base URL.
    pub fn base_url(&self) -> &Url {
        &self.inner.base
    }

    /// The underlying HTTP client (shares connections with this client).
    pub fn http_client(&self) -> &reqwest::Client {
        &self.inner.http
    }

    /// The generated Application Manager client (the low-level escape hatch), sharing this
    /// client's HTTP connections, base URL and token.
    ///
    /// ```no_run
    /// # async fn demo(client: vvp::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let info = client.raw_appmanager().get_system_info().await?.into_inner();
    /// # let _ = info;
    /// # Ok(()) }
    /// ```
    pub fn raw_appmanager(&self) -> &raw::appmanager::Client {
        &self.inner.raw_appmanager
    }

    /// The generated Platform API client (the low-level escape hatch), sharing this
    /// client's HTTP connections, base URL and token.
    pub fn raw_platform(&self) -> &raw::platform::Client {
        &self.inner.raw_platform
    }
}

/// Configures a [`Client`]; see [`Client::builder`].
#[must_use = "call .build() to get a Client"]
pub struct ClientBuilder {
    base_url: String,
    token: Option<Secret>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    format: BodyFormat,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
    retry: RetryPolicy,
    /// PEM documents with extra trusted root certificates.
    root_certificates: Vec<Vec<u8>>,
    /// PEM with the client certificate (chain) and its private key, for mutual TLS.
    identity: Option<Secret>,
    danger_accept_invalid_certs: bool,
    /// Which environment variable supplied the URL/token, for error messages.
    url_source: Option<&'static str>,
    token_source: Option<&'static str>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("format", &self.format)
            .field("user_agent", &self.user_agent)
            .field("http_client", &self.http.as_ref().map(|_| "..."))
            .field("retry", &self.retry)
            .field("root_certificates", &self.root_certificates.len())
            .field("identity", &self.identity.as_ref().map(|_| "<redacted>"))
            .field(
                "danger_accept_invalid_certs",
                &self.danger_accept_invalid_certs,
            )
            .finish()
    }
}

impl ClientBuilder {
    fn new(base_url: impl Into<String>) -> Self {
        ClientBuilder {
            base_url: base_url.into(),
            token: None,
            timeout: None,
            connect_timeout: None,
            format: BodyFormat::Json,
            user_agent: None,
            http: None,
            retry: RetryPolicy::default(),
            root_certificates: Vec::new(),
            identity: None,
            danger_accept_invalid_certs: false,
            url_source: None,
            token_source: None,
        }
    }

    /// A builder from `VVP_URL` (required) and `VVP_TOKEN` (optional; empty means none).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] naming the variable that is missing, not UTF-8 or malformed.
    pub fn from_env() -> Result<ClientBuilder> {
        let url = match std::env::var("VVP_URL") {
            Ok(u) if u.trim().is_empty() => {
                return Err(Error::Config(
                    "environment variable VVP_URL is empty".into(),
                ))
            }
            Ok(u) => u,
            Err(std::env::VarError::NotPresent) => return Err(Error::Config(
                "environment variable VVP_URL is not set (expected e.g. https://vvp.example.com)"
                    .into(),
            )),
            Err(std::env::VarError::NotUnicode(_)) => {
                return Err(Error::Config(
                    "environment variable VVP_URL is not valid UTF-8".into(),
                ))
            }
        };
        let mut b = ClientBuilder::new(url);
        b.url_source = Some("VVP_URL");
        parse_base_url(&b.base_url).map_err(|m| Error::Config(format!("VVP_URL: {m}")))?;
        match std::env::var("VVP_TOKEN") {
            Ok(t) if t.is_empty() => {}
            Ok(t) => {
                if bearer(&t).is_none() {
                    return Err(Error::Config(
                        "VVP_TOKEN contains characters not allowed in an HTTP header".into(),
                    ));
                }
                b.token = Some(Secret::new(t));
                b.token_source = Some("VVP_TOKEN");
            }
            Err(std::env::VarError::NotPresent) => {}
            Err(std::env::VarError::NotUnicode(_)) => {
                return Err(Error::Config(
                    "environment variable VVP_TOKEN is not valid UTF-8".into(),
                ))
            }
        }
        Ok(b)
    }

    /// The API token, sent as `Authorization: Bearer <token>` (marked sensitive, never
    /// printed).
    pub fn token(mut self, token: impl Into<Secret>) -> Self {
        self.token = Some(token.into());
        self.token_source = None;
        self
    }

    /// The total timeout of one request, from sending to reading the whole body
    /// (default [`DEFAULT_TIMEOUT`] unless an own [`ClientBuilder::http_client`] is given).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The connect timeout (default [`DEFAULT_CONNECT_TIMEOUT`]). Cannot be combined with
    /// [`ClientBuilder::http_client`]; configure that client instead.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The body format for the Application Manager API (default [`BodyFormat::Json`]).
    pub fn format(mut self, format: BodyFormat) -> Self {
        self.format = format;
        self
    }

    /// The `User-Agent` header (default `vvp-rust/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// The retry policy (default [`RetryPolicy::default`]: up to 4 attempts of `GET`,
    /// `PUT` and `DELETE` on connection errors, timeouts, 429, 502, 503 and 504; never a
    /// `POST` that may have reached the server). [`RetryPolicy::disabled`] turns retries
    /// off. See [`crate::retry`].
    ///
    /// ```
    /// use vvp::RetryPolicy;
    /// let client = vvp::Client::builder("https://vvp.example.com")
    ///     .retry(RetryPolicy::default().retry_patch(true))
    ///     .build()
    ///     .unwrap();
    /// assert!(client.retry_policy().retry_patch);
    /// ```
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Also trust the root certificate(s) in `pem` (one or more PEM `CERTIFICATE` blocks),
    /// e.g. a company's private CA; the system's roots stay trusted. May be called more
    /// than once. Cannot be combined with [`ClientBuilder::http_client`].
    ///
    /// ```no_run
    /// # fn demo() -> Result<(), Box<dyn std::error::Error>> {
    /// let ca = std::fs::read("corp-ca.pem")?;
    /// let client = vvp::Client::builder("https://vvp.corp.example")
    ///     .add_root_certificate(ca)
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    pub fn add_root_certificate(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates.push(pem.into());
        self
    }

    /// Authenticate with a client certificate (mutual TLS): `pem` holds the certificate
    /// (chain) and its private key (PKCS#8, PKCS#1 or SEC1), as PEM blocks. Kept as a
    /// [`Secret`] and never printed. Needs the `rustls` feature (the default). Cannot be
    /// combined with [`ClientBuilder::http_client`].
    ///
    /// ```no_run
    /// # fn demo() -> Result<(), Box<dyn std::error::Error>> {
    /// let mut pem = std::fs::read("client.crt")?;
    /// pem.extend(std::fs::read("client.key")?);
    /// let client = vvp::Client::builder("https://vvp.corp.example")
    ///     .identity_pem(pem)
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    pub fn identity_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        let pem = pem.into();
        self.identity = Some(Secret::new(String::from_utf8_lossy(&pem).into_owned()));
        self
    }

    /// **Dangerous**: accept any server certificate — expired, self-signed, for another
    /// host. Anyone on the network path can then read the token and every request. Only
    /// for throw-away test installations. Cannot be combined with
    /// [`ClientBuilder::http_client`].
    pub fn danger_accept_invalid_certs(mut self, accept: bool) -> Self {
        self.danger_accept_invalid_certs = accept;
        self
    }

    /// Use this HTTP client (proxies, TLS roots, ...). The token is still added per
    /// request; a [`ClientBuilder::timeout`] set here is applied per request.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Build the client.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] if the base URL is not an `http(s)` URL (or carries credentials,
    /// a query or a fragment), the token or user agent is not a valid header value,
    /// `connect_timeout` is combined with `http_client`, or the HTTP client cannot be built.
    pub fn build(self) -> Result<Client> {
        let url_name = self.url_source.unwrap_or("the base URL");
        let base = parse_base_url(&self.base_url)
            .map_err(|m| Error::Config(format!("{url_name}: {m}")))?;
        let base_path = base.path().trim_end_matches('/').to_owned();
        let auth = match &self.token {
            None => None,
            Some(t) if t.is_empty() => {
                return Err(Error::Config(format!(
                    "{} is empty",
                    self.token_source.unwrap_or("the token")
                )))
            }
            Some(t) => Some(bearer(t.expose()).ok_or_else(|| {
                Error::Config(format!(
                    "{} contains characters not allowed in an HTTP header",
                    self.token_source.unwrap_or("the token")
                ))
            })?),
        };
        let ua = self
            .user_agent
            .unwrap_or_else(|| concat!("vvp-rust/", env!("CARGO_PKG_VERSION")).to_owned());
        let user_agent = HeaderValue::from_str(&ua).map_err(|_| {
            Error::Config("the user agent contains characters not allowed in an HTTP header".into())
        })?;
        let tls_configured = !self.root_certificates.is_empty()
            || self.identity.is_some()
            || self.danger_accept_invalid_certs;
        let own_http = self.http.is_none();
        let (http, timeout) = match self.http {
            Some(http) => {
                if self.connect_timeout.is_some() {
                    return Err(Error::Config(
                        "connect_timeout cannot be applied to a caller-supplied http_client; \
                         set it on that client"
                            .into(),
                    ));
                }
                if tls_configured {
                    return Err(Error::Config(
                        "TLS settings (root certificates, client identity, \
                         danger_accept_invalid_certs) cannot be applied to a caller-supplied \
                         http_client; set them on that client"
                            .into(),
                    ));
                }
                (http, self.timeout)
            }
            None => {
                // Timeout and user agent also on the HTTP client itself, so that the raw
                // clients sharing it get them too.
                let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
                let builder = reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                    .timeout(timeout)
                    .user_agent(user_agent.clone());
                let builder = tls(
                    builder,
                    &self.root_certificates,
                    self.identity.as_ref(),
                    self.danger_accept_invalid_certs,
                )?;
                let http = builder
                    .build()
                    .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
                (http, Some(timeout))
            }
        };
        // The generated clients append absolute paths (`/api/v1/...`) to their base URL.
        let raw_base = base.as_str().trim_end_matches('/').to_owned();
        let raw_auth = auth
            .clone()
            .map_or_else(RawAuth::none, RawAuth::from_header_value);
        let raw_appmanager =
            raw::appmanager::Client::new_with_client(&raw_base, http.clone(), raw_auth.clone());
        let raw_platform =
            raw::platform::Client::new_with_client(&raw_base, http.clone(), raw_auth);
        Ok(Client {
            inner: Arc::new(Inner {
                raw_appmanager,
                raw_platform,
                http,
                base,
                base_path,
                auth,
                request_user_agent: (!own_http).then_some(user_agent),
                format: self.format,
                request_timeout: if own_http { None } else { timeout },
                timeout,
                retry: self.retry,
            }),
        })
    }
}

/// The bearer header for `token`, marked sensitive (never printed by `http`'s Debug).
pub(crate) fn bearer(token: &str) -> Option<HeaderValue> {
    let mut v = HeaderValue::from_str(&format!("Bearer {token}")).ok()?;
    v.set_sensitive(true);
    Some(v)
}

/// Apply the TLS settings to the HTTP client builder.
#[cfg(any(feature = "rustls", feature = "native-tls"))]
fn tls(
    mut builder: reqwest::ClientBuilder,
    roots: &[Vec<u8>],
    identity: Option<&Secret>,
    danger_accept_invalid_certs: bool,
) -> Result<reqwest::ClientBuilder> {
    for pem in roots {
        let certs = reqwest::Certificate::from_pem_bundle(pem).map_err(|e| {
            Error::Config(format!("add_root_certificate: not a PEM certificate ({e})"))
        })?;
        if certs.is_empty() {
            return Err(Error::Config(
                "add_root_certificate: no PEM CERTIFICATE block found".into(),
            ));
        }
        builder = builder.tls_certs_merge(certs);
    }
    if let Some(pem) = identity {
        builder = builder.identity(client_identity(pem)?);
    }
    if danger_accept_invalid_certs {
        builder = builder.tls_danger_accept_invalid_certs(true);
    }
    Ok(builder)
}

/// The client identity from a PEM with certificate and key; the error never repeats it.
#[cfg(feature = "rustls")]
fn client_identity(pem: &Secret) -> Result<reqwest::Identity> {
    reqwest::Identity::from_pem(pem.expose().as_bytes()).map_err(|_| {
        Error::Config("identity_pem: expected a PEM certificate (chain) and its private key".into())
    })
}

#[cfg(all(feature = "native-tls", not(feature = "rustls")))]
fn client_identity(_pem: &Secret) -> Result<reqwest::Identity> {
    Err(Error::Config(
        "identity_pem needs the `rustls` feature".into(),
    ))
}

#[cfg(not(any(feature = "rustls", feature = "native-tls")))]
fn tls(
    builder: reqwest::ClientBuilder,
    roots: &[Vec<u8>],
    identity: Option<&Secret>,
    danger_accept_invalid_certs: bool,
) -> Result<reqwest::ClientBuilder> {
    if roots.is_empty() && identity.is_none() && !danger_accept_invalid_certs {
        Ok(builder)
    } else {
        Err(Error::Config(
            "TLS settings need the `rustls` or `native-tls` feature".into(),
        ))
    }
}

/// Parse and check a base URL; the error message does not repeat the URL (it could hold
/// credentials).
fn parse_base_url(s: &str) -> std::result::Result<Url, String> {
    let url = Url::parse(s.trim()).map_err(|e| format!("not a valid URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "the scheme must be http or https, not {:?}",
            url.scheme()
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("the URL has no host".into());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("the URL must not contain credentials; use a token".into());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("the URL must not contain a query or fragment".into());
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        assert!(parse_base_url("https://vvp.example.com").is_ok());
        assert!(parse_base_url("http://localhost:8080/").is_ok());
        assert!(parse_base_url("ftp://x").is_err());
        assert!(parse_base_url("vvp.example.com").is_err());
        assert!(parse_base_url("https://u:p@x").is_err());
        assert!(parse_base_url("https://x/?a=b").is_err());
        assert!(parse_base_url("").is_err());
    }
}
