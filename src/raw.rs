//! Low-level clients generated at build time from the project's specs: the escape hatch.
//!
//! [`appmanager`] comes from `specs/api/swagger.json` (Application Manager API,
//! `/api/v1/...`) and [`platform`] from `specs/swagger.json` (Platform API:
//! `/namespaces/v1`, `/apitokens/v1`, `/catalog/v1beta2`, `/sql/v1beta1`, ...). `build.rs`
//! calls the workspace's `vvp-codegen` crate (`codegen/`), which converts the Swagger 2.0
//! documents to OpenAPI 3.0, repairs what progenitor cannot take, and runs
//! [progenitor](https://docs.rs/progenitor). What was changed is written next to the
//! generated code (`$OUT_DIR/{appmanager,platform}.normalize.txt`).
//!
//! The generated types keep what they do not know: every struct has a flattened `extra` map
//! of unknown fields (written back on serialization), string enums are the crate's open enums
//! (`crate::types::DeploymentState`, ...), and secrets (`ApiToken.secret`,
//! `SecretValueSpec.value`) are [`crate::Secret`], redacted in `{:?}`. The replacements are
//! declared in one table in `build.rs`.
//!
//! Prefer `vvp::Client` and its typed handles: they encode names, speak JSON and
//! YAML, map errors to one error type, and know per-kind rules. Use these generated clients
//! for an operation the ergonomic layer does not cover yet. Their method names are the specs'
//! operation ids in snake_case (`getDeploymentsUsingGET` becomes `get_deployments`); paths
//! already include the specs' `basePath`, so the base URL is the server root
//! (`https://vvp.example.com`, no trailing path). Errors are
//! `progenitor_client::Error`, re-exported as [`appmanager::Error`] / [`platform::Error`].
//!
//! Authentication: every request carries the `Authorization` header held by the client's
//! [`RawAuth`] (added by the [`ClientHooks`] implementations below, marked sensitive).
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use vvp::raw::{platform, RawAuth};
//!
//! let http = reqwest::Client::new(); // share the one the ergonomic client uses
//! let auth = RawAuth::bearer("my-api-token")?;
//! let pf = platform::Client::new_with_client("https://vvp.example.com", http, auth);
//! let namespaces = pf.list_namespaces().await?.into_inner();
//! # let _ = namespaces;
//! # Ok(())
//! # }
//! ```

use progenitor_client::{ClientHooks, OperationInfo};
use reqwest::header::{HeaderValue, InvalidHeaderValue, AUTHORIZATION};
use std::fmt;

/// Application Manager API client (`/api/v1/...`), generated from `specs/api/swagger.json`.
///
/// Construct with `Client::new_with_client(base_url, reqwest_client, RawAuth)`.
#[allow(
    missing_docs,
    unused_imports,
    unused_mut,
    dead_code,
    clippy::all,
    clippy::pedantic,
    rustdoc::all
)]
pub mod appmanager {
    include!(concat!(env!("OUT_DIR"), "/appmanager.rs"));
}

/// Platform API client (namespaces, API tokens, catalogs, SQL, ...), generated from
/// `specs/swagger.json`.
///
/// Construct with `Client::new_with_client(base_url, reqwest_client, RawAuth)`.
#[allow(
    missing_docs,
    unused_imports,
    unused_mut,
    dead_code,
    clippy::all,
    clippy::pedantic,
    rustdoc::all
)]
pub mod platform {
    include!(concat!(env!("OUT_DIR"), "/platform.rs"));
}

/// What the raw clients authenticate with: the value of the `Authorization` header, or
/// nothing.
///
/// The value is marked sensitive (hidden from HTTP/2 header compression tables and from
/// `reqwest`'s debug output) and [`Debug`] prints `<redacted>` instead of it.
#[derive(Clone, Default)]
pub struct RawAuth {
    authorization: Option<HeaderValue>,
}

impl RawAuth {
    /// No `Authorization` header (a server without authentication).
    pub fn none() -> Self {
        RawAuth::default()
    }

    /// `Authorization: Bearer <token>` (a VVP API token).
    ///
    /// # Errors
    ///
    /// When the token contains bytes not allowed in an HTTP header value (control characters,
    /// newlines). The error does not contain the token.
    pub fn bearer(token: &str) -> Result<Self, InvalidHeaderValue> {
        HeaderValue::from_str(&format!("Bearer {token}")).map(RawAuth::from_header_value)
    }

    /// A ready-made `Authorization` header value (e.g. `Basic ...`); it is marked sensitive.
    pub fn from_header_value(mut value: HeaderValue) -> Self {
        value.set_sensitive(true);
        RawAuth {
            authorization: Some(value),
        }
    }

    /// The `Authorization` header value, if any.
    pub fn authorization(&self) -> Option<&HeaderValue> {
        self.authorization.as_ref()
    }

    fn apply(&self, request: &mut reqwest::Request) {
        if let Some(value) = &self.authorization {
            request.headers_mut().insert(AUTHORIZATION, value.clone());
        }
    }
}

impl fmt::Debug for RawAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = if self.authorization.is_some() {
            "Some(<redacted>)"
        } else {
            "None"
        };
        f.debug_struct("RawAuth")
            .field("authorization", &format_args!("{shown}"))
            .finish()
    }
}

/// Adds the [`RawAuth`] header to every request of the Application Manager client.
impl ClientHooks<RawAuth> for appmanager::Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        _info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        self.inner.apply(request);
        Ok(())
    }
}

/// Adds the [`RawAuth`] header to every request of the Platform client.
impl ClientHooks<RawAuth> for platform::Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        _info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        self.inner.apply(request);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_the_header() {
        let auth = RawAuth::bearer("s3cr3t-token").unwrap();
        let shown = format!("{auth:?}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert_eq!(shown, "RawAuth { authorization: Some(<redacted>) }");
        assert!(auth.authorization().is_some_and(HeaderValue::is_sensitive));
        assert_eq!(
            format!("{:?}", RawAuth::none()),
            "RawAuth { authorization: None }"
        );
    }

    #[test]
    fn bearer_rejects_newlines_without_echoing_the_token() {
        let err = RawAuth::bearer("abc\ndef").unwrap_err();
        assert!(!format!("{err} {err:?}").contains("abc"));
    }

    #[test]
    fn pre_adds_the_header() {
        let mut request = reqwest::Request::new(
            reqwest::Method::GET,
            "http://127.0.0.1/api/v1/status".parse().unwrap(),
        );
        RawAuth::bearer("t").unwrap().apply(&mut request);
        assert_eq!(request.headers()[AUTHORIZATION], "Bearer t");
        let mut request = reqwest::Request::new(
            reqwest::Method::GET,
            "http://127.0.0.1/api/v1/status".parse().unwrap(),
        );
        RawAuth::none().apply(&mut request);
        assert!(request.headers().get(AUTHORIZATION).is_none());
    }
}
