//! Sending: the one place requests leave the process.
//!
//! [`Client::execute_raw`] checks the path, runs the attempts through the client's
//! [`RetryPolicy`](crate::retry::RetryPolicy) ([`crate::retry`]), and sends each attempt in
//! its own `tracing` span `vvp.request` (fields `method`, `path` without the query,
//! `status`, `duration_ms`; the token and bodies are never recorded). The request itself
//! is described and built by [`crate::request`]; a non-2xx answer is mapped to an
//! [`Error`] by [`crate::error`], a body decoded by [`crate::format`].
//!
//! Layer: above `request`, `retry` and `client` (whose configuration it reads), below the
//! handles.

use crate::client::Client;
use crate::error::{self, Error, Result};
use crate::format::BodyFormat;
use crate::request::{RawResponse, Request};
use crate::retry::{self, Hints};
use reqwest::header::{CONTENT_TYPE, RETRY_AFTER};
use serde::de::DeserializeOwned;
use std::time::Instant;
use tracing::Instrument as _;

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
    pub(crate) async fn execute<T: DeserializeOwned>(&self, req: Request) -> Result<T> {
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
    pub(crate) async fn execute_opt<T: DeserializeOwned>(&self, req: Request) -> Result<Option<T>> {
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
    pub(crate) async fn execute_unit(&self, req: Request) -> Result<()> {
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
    pub(crate) async fn execute_raw(&self, req: Request) -> Result<RawResponse> {
        req.path().check()?;
        let policy = self.inner().retry;
        retry::run(&policy, req, |attempt| async move {
            let mut hints = Hints::default();
            let result = self.execute_once(attempt, &mut hints).await;
            (result, hints)
        })
        .await
    }

    /// One attempt: send `req` once, in its own `vvp.request` span.
    async fn execute_once(&self, req: Request, hints: &mut Hints) -> Result<RawResponse> {
        let span = tracing::info_span!(
            "vvp.request",
            method = %req.method(),
            path = %req.path(),
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

    async fn send(&self, req: Request, hints: &mut Hints) -> Result<RawResponse> {
        let inner = self.inner();
        let (request, format) = req.build(&inner.http, &inner.target())?;
        let resp = inner.http.execute(request).await.map_err(transport)?;
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
            .and_then(BodyFormat::from_content_type)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::UrlPath;
    use serde_json::{json, Value};
    use wiremock::matchers::{header, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    async fn client(server: &MockServer) -> Client {
        Client::builder(server.uri())
            .token("t0ken")
            .format(BodyFormat::Yaml)
            .build()
            .expect("client")
    }

    #[tokio::test]
    async fn answers_are_decoded_by_content_type_or_not_at_all() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/json"))
            .and(header("authorization", "Bearer t0ken"))
            .and(header("accept", "application/yaml"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"a": [1]})))
            .mount(&server)
            .await;
        Mock::given(method("DELETE"))
            .respond_with(ResponseTemplate::new(204))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/bytes"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_raw(vec![0_u8, 1, 2], "application/octet-stream"),
            )
            .mount(&server)
            .await;
        let client = client(&server).await;
        // JSON by its Content-Type, although the client speaks YAML.
        let v: Value = client
            .execute(Request::get(UrlPath::new().lit("json")))
            .await
            .expect("json");
        assert_eq!(v, json!({"a": [1]}));
        // 204: nothing to decode.
        let none: Option<Value> = client
            .execute_opt(Request::delete(UrlPath::new().lit("a")))
            .await
            .expect("204");
        assert!(none.is_none());
        let err = client
            .execute::<Value>(Request::delete(UrlPath::new().lit("a")))
            .await
            .expect_err("empty");
        assert!(
            matches!(err, Error::UnexpectedResponse { status: 204, .. }),
            "{err:?}"
        );
        client
            .execute_unit(Request::delete(UrlPath::new().lit("a")))
            .await
            .expect("unit");
        // Undecoded.
        let raw = client
            .execute_raw(Request::get(UrlPath::new().lit("bytes")))
            .await
            .expect("raw");
        assert_eq!((raw.status, raw.body.as_slice()), (200, &[0_u8, 1, 2][..]));
        assert_eq!(
            raw.content_type.as_deref(),
            Some("application/octet-stream")
        );
    }

    #[tokio::test]
    async fn refused_paths_are_not_sent() {
        let server = MockServer::start().await;
        let client = client(&server).await;
        let err = client
            .execute_raw(Request::get(UrlPath::new().lit("x").seg("..")))
            .await
            .expect_err("refused");
        assert!(matches!(err, Error::InvalidName { .. }), "{err:?}");
        assert!(!err.may_have_been_sent());
        assert!(server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty());
    }
}
