//! Error answers and invalid input through the public API: status -> `vvp::Error`, the four
//! real error body shapes, bodies that are not VVP answers, decode errors with field paths,
//! and names rejected before anything is sent.

mod common;
#[path = "common/mock.rs"]
mod mock;

use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::Duration;
use vvp::types::{Deployment, DeploymentTarget, SessionCluster};
use vvp::{Client, Error, ErrorShape, InvalidNameReason, MergePatch};
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const NS: &str = "default";

async fn setup() -> (MockServer, Client) {
    mock::setup(|b| b).await
}

/// `../shared/reference/payloads`, or `None` (skip) when `../shared` is absent; absent is a
/// failure when `VVP_REQUIRE_SHARED=1`.
fn payloads() -> Option<PathBuf> {
    common::shared_dir().map(|dir| dir.join("reference/payloads"))
}

/// Answer `GET .../deployments/top-speed` with `resp` and return the error.
async fn get_error(resp: ResponseTemplate) -> Error {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path(format!(
            "/api/v1/namespaces/{NS}/deployments/top-speed"
        )))
        .respond_with(resp)
        .expect(1)
        .mount(&server)
        .await;
    client.deployments(NS).get("top-speed").await.unwrap_err()
}

fn api_exception(status: u16, reason: &str, message: &str) -> Value {
    json!({"kind": "ApiException", "apiVersion": "v1", "statusCode": status,
           "reason": reason, "message": message, "context": {"resource": "top-speed"},
           "someFutureField": true})
}

fn as_api(e: &Error) -> &vvp::ErrorResponse {
    match e {
        Error::Api(a) => a,
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

#[tokio::test]
async fn validation_400() {
    let body = json!({
        "kind": "ApiValidationException", "apiVersion": "v1",
        "message": "Deployment parameters are invalid", "reason": "BadRequest",
        "errors": [{"attribute": "spec.template.spec.resources[taskmanager].memory",
                    "message": "must be >= 1000m", "reason": "isLower"}],
        "statusCode": 400
    });
    let e = get_error(ResponseTemplate::new(400).set_body_json(body)).await;
    assert!(e.is_validation());
    assert_eq!(e.status(), Some(400));
    let Error::Validation {
        status,
        message,
        errors,
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!(*status, 400);
    assert_eq!(message, "Deployment parameters are invalid");
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].attribute,
        "spec.template.spec.resources[taskmanager].memory"
    );
    assert_eq!(errors[0].message, "must be >= 1000m");
    assert_eq!(errors[0].reason.as_deref(), Some("isLower"));
    assert!(e.to_string().contains("must be >= 1000m"), "{e}");
}

#[tokio::test]
async fn statuses_with_app_manager_body() {
    type Check = fn(&Error) -> bool;
    let cases: [(u16, &str, Check); 6] = [
        (401, "Unauthorized", Error::is_unauthorized),
        (403, "Forbidden", Error::is_forbidden),
        (404, "NotFound", Error::is_not_found),
        (409, "Conflict", Error::is_conflict),
        (500, "InternalServerError", |_| true),
        (501, "NotImplemented", |_| true),
    ];
    for (status, reason, pred) in cases {
        let e = get_error(
            ResponseTemplate::new(status).set_body_json(api_exception(status, reason, "boom")),
        )
        .await;
        assert!(pred(&e), "{status}: {e:?}");
        assert_eq!(e.status(), Some(status));
        assert!(!e.is_validation());
        let a = as_api(&e);
        assert_eq!(a.status, status);
        assert_eq!(a.shape, ErrorShape::AppManager);
        assert_eq!(a.reason.as_deref(), Some(reason));
        assert_eq!(a.message, "boom");
        assert_eq!(a.kind.as_deref(), Some("ApiException"));
        assert_eq!(a.context, Some(json!({"resource": "top-speed"})));
        // Unknown fields are kept, not rejected.
        assert_eq!(a.body.as_ref().unwrap()["someFutureField"], true);
        // Only the status that matches is classified.
        assert_eq!(e.is_not_found(), status == 404);
        assert_eq!(e.is_conflict(), status == 409);
    }
}

#[tokio::test]
async fn platform_shape_inline() {
    let e = get_error(ResponseTemplate::new(404).set_body_json(json!({
        "code": "NOT_FOUND", "description": "Catalog vvp2 does not exist.",
        "cause": null, "ok": false
    })))
    .await;
    assert!(e.is_not_found());
    let a = as_api(&e);
    assert_eq!(a.shape, ErrorShape::Platform);
    assert_eq!(a.reason.as_deref(), Some("NOT_FOUND"));
    assert_eq!(a.message, "Catalog vvp2 does not exist.");
    assert_eq!(a.context, None);
}

#[tokio::test]
async fn gateway_shape_inline() {
    let e = get_error(ResponseTemplate::new(403).set_body_json(json!({
        "timestamp": 1659609503667_u64, "status": 403, "error": "Forbidden",
        "path": "/api/v1/namespaces/default/deployments/top-speed"
    })))
    .await;
    assert!(e.is_forbidden());
    let a = as_api(&e);
    assert_eq!(a.shape, ErrorShape::Gateway);
    assert_eq!(a.reason.as_deref(), Some("Forbidden"));
    assert!(
        a.message.contains("/api/v1/namespaces/default"),
        "{}",
        a.message
    );
}

#[tokio::test]
async fn plain_text_shape_inline() {
    let e = get_error(
        ResponseTemplate::new(404).set_body_string("No such namespace namespaces/nosuchnamespace"),
    )
    .await;
    assert!(e.is_not_found());
    let a = as_api(&e);
    assert_eq!(a.shape, ErrorShape::PlainText);
    assert_eq!(a.message, "No such namespace namespaces/nosuchnamespace");
    assert!(e.to_string().contains("No such namespace"), "{e}");
}

#[tokio::test]
async fn shared_error_payloads() {
    let Some(dir) = payloads() else { return };
    let read = |name: &str| std::fs::read(dir.join(name)).unwrap();

    let e = get_error(ResponseTemplate::new(400).set_body_raw(
        read("error-apivalidation-fintechissue171-1.json"),
        "application/json",
    ))
    .await;
    let Error::Validation { errors, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(errors[0].reason.as_deref(), Some("isLower"));

    for f in [
        "error-platform-notfound-catalogproxy-1.json",
        "error-platform-notfound-catalogproxy-2.json",
    ] {
        let e =
            get_error(ResponseTemplate::new(404).set_body_raw(read(f), "application/json")).await;
        assert!(e.is_not_found(), "{f}");
        assert_eq!(as_api(&e).shape, ErrorShape::Platform, "{f}");
        assert!(as_api(&e).message.contains("does not exist"), "{f}");
    }

    let e = get_error(ResponseTemplate::new(403).set_body_raw(
        read("error-forbidden-catalogproxy-1.json"),
        "application/json",
    ))
    .await;
    assert!(e.is_forbidden());
    assert_eq!(as_api(&e).shape, ErrorShape::Gateway);
}

#[tokio::test]
async fn server_error_without_vvp_body() {
    let e = get_error(ResponseTemplate::new(500)).await;
    assert_eq!(e.status(), Some(500));
    assert!(
        matches!(&e, Error::UnexpectedResponse { status: 500, body_snippet, .. } if body_snippet.is_empty()),
        "{e:?}"
    );
    // JSON that is not an error body.
    let e = get_error(ResponseTemplate::new(500).set_body_json(json!({"foo": 1}))).await;
    assert!(
        matches!(e, Error::UnexpectedResponse { status: 500, .. }),
        "{e:?}"
    );
}

#[tokio::test]
async fn html_from_a_proxy() {
    let page = format!("<html><body>{}</body></html>", "Bad Gateway ä ".repeat(200));
    // A 502 is retried (tests/reliability_retry.rs); here only the mapping counts.
    let (server, client) = mock::setup(|b| b.retry(vvp::RetryPolicy::disabled())).await;
    Mock::given(method("GET"))
        .and(path(format!(
            "/api/v1/namespaces/{NS}/deployments/top-speed"
        )))
        .respond_with(ResponseTemplate::new(502).set_body_raw(page, "text/html; charset=utf-8"))
        .expect(1)
        .mount(&server)
        .await;
    let e = client.deployments(NS).get("top-speed").await.unwrap_err();
    let Error::UnexpectedResponse {
        status,
        content_type,
        body_snippet,
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!(*status, 502);
    assert_eq!(content_type.as_deref(), Some("text/html; charset=utf-8"));
    assert!(body_snippet.starts_with("<html>"));
    assert_eq!(body_snippet.chars().count(), vvp::error::BODY_SNIPPET_LEN);
    assert_eq!(e.status(), Some(502));
    // A 404 HTML page (e.g. a wrong base URL) is not "not found".
    let e = get_error(ResponseTemplate::new(404).set_body_raw("<h1>404</h1>", "text/html")).await;
    assert!(!e.is_not_found());
    assert_eq!(e.status(), Some(404));
}

#[tokio::test]
async fn html_on_success_is_a_decode_error() {
    let e = get_error(ResponseTemplate::new(200).set_body_raw("<html></html>", "text/html")).await;
    assert!(
        matches!(
            e,
            Error::Decode {
                status: Some(200),
                ..
            }
        ),
        "{e:?}"
    );
}

#[tokio::test]
async fn wrong_shape_names_the_field() {
    let (server, client) = setup().await;
    let d = json!({"kind": "Deployment", "metadata": {"name": "a"}, "spec": {"state": "RUNNING"}});
    let bad = json!({"kind": "Deployment", "metadata": {"name": "a"}, "spec": {"state": 5}});
    Mock::given(method("GET"))
        .and(path(format!("/api/v1/namespaces/{NS}/deployments")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"items": [d, d, d, bad]})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/api/v1/namespaces/{NS}/jobs")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"items": {"not": "a list"}})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/api/v1/namespaces/{NS}/events")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"items": [
            {"kind": "Event"}, {"kind": "Event", "spec": {"message": ["not", "a", "string"]}}
        ]})))
        .expect(1)
        .mount(&server)
        .await;
    let e = client.deployments(NS).list().await.unwrap_err();
    let Error::Decode { status, path, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(*status, Some(200));
    assert_eq!(path, "items[3].spec.state");
    assert!(e.to_string().contains("items[3].spec.state"), "{e}");
    let e = client.jobs(NS).list().await.unwrap_err();
    assert!(
        matches!(&e, Error::Decode { path, .. } if path == "items"),
        "{e:?}"
    );
    let e = client.events(NS).list().await.unwrap_err();
    assert!(
        matches!(&e, Error::Decode { path, .. } if path == "items[1].spec.message"),
        "{e:?}"
    );
}

#[tokio::test]
async fn empty_success_body_where_one_is_needed() {
    let e = get_error(ResponseTemplate::new(200)).await;
    assert!(
        matches!(e, Error::UnexpectedResponse { status: 200, .. }),
        "{e:?}"
    );
}

#[tokio::test]
async fn invalid_names_send_nothing() {
    let (server, client) = setup().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let d: Deployment = serde_json::from_value(json!({"metadata": {"name": "Bad_Name"}})).unwrap();
    let unnamed: SessionCluster = serde_json::from_value(json!({"metadata": {}})).unwrap();
    let long_target: DeploymentTarget =
        serde_json::from_value(json!({"metadata": {"name": "t".repeat(251)}})).unwrap();
    let patch = MergePatch::new().set("/spec/state", "CANCELLED");

    let checks: Vec<(Error, &str, InvalidNameReason)> = vec![
        (
            client.deployments("Default").list().await.unwrap_err(),
            "Namespace",
            InvalidNameReason::InvalidChar {
                ch: 'D',
                position: 0,
                allowed: "[-0-9a-z]",
            },
        ),
        (
            client.deployments("").get("a").await.unwrap_err(),
            "Namespace",
            InvalidNameReason::Empty,
        ),
        (
            client.deployments(NS).get("-a").await.unwrap_err(),
            "Deployment",
            InvalidNameReason::LeadingHyphen,
        ),
        (
            client.deployments(NS).get_opt("a-").await.unwrap_err(),
            "Deployment",
            InvalidNameReason::TrailingHyphen,
        ),
        (
            client
                .deployments(NS)
                .get("a".repeat(64))
                .await
                .unwrap_err(),
            "Deployment",
            InvalidNameReason::TooLong { len: 64, max: 63 },
        ),
        (
            client.deployments(NS).get("a/../../x").await.unwrap_err(),
            "Deployment",
            InvalidNameReason::InvalidChar {
                ch: '/',
                position: 1,
                allowed: "[-0-9a-z]",
            },
        ),
        (
            client.deployments(NS).create(&d).await.unwrap_err(),
            "Deployment",
            InvalidNameReason::InvalidChar {
                ch: 'B',
                position: 0,
                allowed: "[-0-9a-z]",
            },
        ),
        (
            client.deployments(NS).upsert(&d).await.unwrap_err(),
            "Deployment",
            InvalidNameReason::InvalidChar {
                ch: 'B',
                position: 0,
                allowed: "[-0-9a-z]",
            },
        ),
        (
            client
                .session_clusters(NS)
                .upsert(&unnamed)
                .await
                .unwrap_err(),
            "SessionCluster",
            InvalidNameReason::Missing,
        ),
        (
            client
                .deployment_targets(NS)
                .upsert(&long_target)
                .await
                .unwrap_err(),
            "DeploymentTarget",
            InvalidNameReason::TooLong { len: 251, max: 250 },
        ),
        (
            client.deployment_targets(NS).get("a.b").await.unwrap_err(),
            "DeploymentTarget",
            InvalidNameReason::InvalidChar {
                ch: '.',
                position: 1,
                allowed: "[0-9a-zA-Z_-]",
            },
        ),
        (
            client
                .secret_values(NS)
                .delete("has space")
                .await
                .unwrap_err(),
            "SecretValue",
            InvalidNameReason::InvalidChar {
                ch: ' ',
                position: 3,
                allowed: "[0-9a-zA-Z_-]",
            },
        ),
        (
            client
                .deployments(NS)
                .patch("a\nb", &patch)
                .await
                .unwrap_err(),
            "Deployment",
            InvalidNameReason::InvalidChar {
                ch: '\n',
                position: 1,
                allowed: "[-0-9a-z]",
            },
        ),
        (
            client.jobs(NS).get("my-job").await.unwrap_err(),
            "Job",
            InvalidNameReason::NotAnId,
        ),
        (
            client.savepoints(NS).get("sp").await.unwrap_err(),
            "Savepoint",
            InvalidNameReason::NotAnId,
        ),
        (
            client
                .savepoints(NS)
                .delete_with("sp", true)
                .await
                .unwrap_err(),
            "Savepoint",
            InvalidNameReason::NotAnId,
        ),
        (
            client.events("x_y").list().await.unwrap_err(),
            "Namespace",
            InvalidNameReason::InvalidChar {
                ch: '_',
                position: 1,
                allowed: "[-0-9a-z]",
            },
        ),
        (
            client.deployment_defaults("-ns").get().await.unwrap_err(),
            "Namespace",
            InvalidNameReason::LeadingHyphen,
        ),
        (
            client
                .deployment_defaults("NS")
                .patch(&patch)
                .await
                .unwrap_err(),
            "Namespace",
            InvalidNameReason::InvalidChar {
                ch: 'N',
                position: 0,
                allowed: "[-0-9a-z]",
            },
        ),
    ];
    for (e, kind, reason) in checks {
        let Error::InvalidName {
            kind: k,
            reason: ref r,
            ref name,
        } = e
        else {
            panic!("{e:?}")
        };
        assert_eq!((k, r), (kind, &reason), "{name:?}");
        assert!(!e.may_have_been_sent());
        assert_eq!(e.status(), None);
    }
    // Id-only kinds accept UUIDs, extended names accept the wider set.
    assert!(server.received_requests().await.unwrap().is_empty());
    let e = client.jobs(NS).get("my-job").await.unwrap_err();
    assert!(e.to_string().contains("\"my-job\""), "{e}");
    assert!(e.to_string().contains("Job"), "{e}");
}

#[tokio::test]
async fn too_long_name_message_names_the_limit() {
    let (_server, client) = setup().await;
    let e = client
        .deployments(NS)
        .get("a".repeat(64))
        .await
        .unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("64") && msg.contains("63"), "{msg}");
    let e = client.deployments(NS).get("ab-Cd").await.unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("'C'") && msg.contains("position 3"), "{msg}");
}

#[tokio::test]
async fn timeout_is_reported() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(10)))
        .mount(&server)
        .await;
    let client = Client::builder(server.uri())
        .timeout(Duration::from_millis(200))
        .retry(fast_retries())
        .build()
        .unwrap();
    let e = client.jobs(NS).list().await.unwrap_err();
    // Retried (a GET), then reported with the attempts made.
    assert!(matches!(e.last_attempt(), Error::Timeout { .. }), "{e:?}");
    assert_eq!(e.attempts(), 4);
    assert!(
        e.to_string()
            .starts_with("request timed out (after 4 attempts"),
        "{e}"
    );
    assert!(e.may_have_been_sent());
}

#[tokio::test]
async fn connection_refused_is_transport_and_never_sent() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let client = Client::builder(format!("http://127.0.0.1:{port}"))
        .retry(fast_retries())
        .build()
        .unwrap();
    let e = client.jobs(NS).list().await.unwrap_err();
    assert!(matches!(e.last_attempt(), Error::Transport(_)), "{e:?}");
    assert_eq!(e.attempts(), 4);
    assert!(!e.may_have_been_sent());
    assert_eq!(e.status(), None);
}

fn fast_retries() -> vvp::RetryPolicy {
    vvp::RetryPolicy::default().initial_backoff(Duration::from_millis(5))
}
