//! Client configuration: builder checks, token redaction, headers, YAML mode, tracing.

#[path = "common/mock.rs"]
mod mock;

use mock::TOKEN;
use serde_json::{json, Value};
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use vvp::types::Deployment;
use vvp::{BodyFormat, Client, Error, ListParams, MergePatch, Resource};
use wiremock::matchers::{any, body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const NS: &str = "default";

fn deployment_json() -> Value {
    json!({
        "kind": "Deployment", "apiVersion": "v1",
        "metadata": {"name": "top-speed", "namespace": NS},
        "spec": {"state": "RUNNING",
                 "template": {"spec": {"artifact": {"kind": "JAR", "jarUri": "https://repo/app.jar"}}}}
    })
}

#[test]
fn debug_never_shows_the_token() {
    let builder = Client::builder("https://vvp.example.com").token(TOKEN);
    let dbg = format!("{builder:?} {builder:#?}");
    assert!(!dbg.contains(TOKEN), "{dbg}");
    assert!(dbg.contains("<redacted>"), "{dbg}");
    let client = builder.build().unwrap();
    let dbg = format!("{client:?} {client:#?}");
    assert!(!dbg.contains(TOKEN), "{dbg}");
    assert!(dbg.contains("vvp.example.com"), "{dbg}");
    let api = client.deployments(NS);
    assert!(!format!("{api:?}").contains(TOKEN));
}

#[test]
fn bad_configuration_is_rejected() {
    for url in [
        "ftp://vvp.example.com",
        "vvp.example.com",
        "",
        "http://",
        "https://user:pw@vvp.example.com",
        "https://vvp.example.com/?x=1",
    ] {
        let e = Client::builder(url).build().unwrap_err();
        assert!(matches!(e, Error::Config(_)), "{url}: {e:?}");
        assert!(!e.to_string().contains("pw@"), "{e}");
    }
    let e = Client::builder("https://vvp.example.com")
        .token(format!("{TOKEN}\n"))
        .build()
        .unwrap_err();
    assert!(matches!(e, Error::Config(_)));
    assert!(!e.to_string().contains(TOKEN), "{e}");
    let e = Client::builder("https://vvp.example.com")
        .token("")
        .build()
        .unwrap_err();
    assert!(matches!(e, Error::Config(_)));
    let e = Client::builder("https://vvp.example.com")
        .http_client(reqwest::Client::new())
        .connect_timeout(Duration::from_secs(1))
        .build()
        .unwrap_err();
    assert!(e.to_string().contains("connect_timeout"), "{e}");
    for ok in [
        "http://localhost:8080",
        "http://localhost:8080/",
        "https://example.com/vvp",
    ] {
        Client::builder(ok).build().unwrap();
    }
}

#[tokio::test]
async fn headers_user_agent_and_own_http_client() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("user-agent", "my-tool/1.0"))
        .and(header("accept", "application/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"items": []})))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder(server.uri())
        .token(TOKEN)
        .user_agent("my-tool/1.0")
        .http_client(reqwest::Client::new())
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    client.jobs(NS).list().await.unwrap();

    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"items": []})))
        .expect(1)
        .mount(&server)
        .await;
    Client::builder(server.uri())
        .build()
        .unwrap()
        .jobs(NS)
        .list()
        .await
        .unwrap();
    let reqs = server.received_requests().await.unwrap();
    let ua = reqs[0].headers.get("user-agent").unwrap().to_str().unwrap();
    assert!(ua.starts_with("vvp-rust/"), "{ua}");
}

async fn yaml_client() -> (MockServer, Client) {
    let (server, client) = mock::setup(|b| b.format(BodyFormat::Yaml)).await;
    assert_eq!(client.format(), BodyFormat::Yaml);
    (server, client)
}

#[tokio::test]
async fn yaml_mode_requests_and_responses() {
    let (server, client) = yaml_client().await;
    let d: Deployment = serde_json::from_value(deployment_json()).unwrap();
    let answer = vvp::yaml::to_string(&d).unwrap();
    Mock::given(method("POST"))
        .and(path(format!("/api/v1/namespaces/{NS}/deployments")))
        .and(header("content-type", "application/yaml"))
        .and(header("accept", "application/yaml"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(201).set_body_raw(answer.clone(), "application/yaml"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path(format!(
            "/api/v1/namespaces/{NS}/deployments/top-speed"
        )))
        .and(header("content-type", "application/yaml"))
        .and(header("accept", "application/yaml"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(answer, "application/yaml;charset=UTF-8"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let created = client.deployments(NS).create(&d).await.unwrap();
    assert_eq!(created.name(), Some("top-speed"));
    let patch = MergePatch::new()
        .set("/spec/state", "CANCELLED")
        .remove("/spec/x");
    client
        .deployments(NS)
        .patch("top-speed", &patch)
        .await
        .unwrap();

    let reqs = server.received_requests().await.unwrap();
    // The bodies went out as YAML (not JSON) and say the same thing.
    let sent: Value = serde_yaml::from_slice(&reqs[0].body).unwrap();
    assert_eq!(sent, serde_json::to_value(&d).unwrap());
    assert!(!reqs[0].body.starts_with(b"{"));
    let sent_patch: Value = serde_yaml::from_slice(&reqs[1].body).unwrap();
    assert_eq!(
        sent_patch,
        json!({"spec": {"state": "CANCELLED", "x": null}})
    );
}

#[tokio::test]
async fn yaml_mode_decodes_by_content_type() {
    let (server, client) = yaml_client().await;
    // JSON answer to a YAML client: decoded as JSON by its Content-Type.
    Mock::given(path(format!("/api/v1/namespaces/{NS}/deployments/json")))
        .respond_with(ResponseTemplate::new(200).set_body_json(deployment_json()))
        .mount(&server)
        .await;
    // No Content-Type: the configured format (YAML).
    Mock::given(path(format!("/api/v1/namespaces/{NS}/deployments/none")))
        .respond_with(
            ResponseTemplate::new(200).set_body_bytes(
                "kind: Deployment\nmetadata:\n  name: none\nspec:\n  state: RUNNING\n",
            ),
        )
        .mount(&server)
        .await;
    // A YAML error body.
    Mock::given(path(format!("/api/v1/namespaces/{NS}/deployments/missing")))
        .respond_with(ResponseTemplate::new(404).set_body_raw(
            "kind: ApiException\nstatusCode: 404\nreason: NotFound\nmessage: not here\n",
            "application/yaml",
        ))
        .mount(&server)
        .await;
    // A YAML body of the wrong shape: the path is named.
    Mock::given(path(format!("/api/v1/namespaces/{NS}/deployments")))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "items:\n- kind: Deployment\n- kind: Deployment\n  spec:\n    state: [1, 2]\n",
            "application/yaml",
        ))
        .mount(&server)
        .await;
    let api = client.deployments(NS);
    assert_eq!(api.get("json").await.unwrap().name(), Some("top-speed"));
    assert_eq!(api.get("none").await.unwrap().name(), Some("none"));
    let e = api.get("missing").await.unwrap_err();
    assert!(e.is_not_found(), "{e:?}");
    assert!(api.get_opt("missing").await.unwrap().is_none());
    let e = api.list().await.unwrap_err();
    assert!(
        matches!(&e, Error::Decode { path, .. } if path == "items[1].spec.state"),
        "{e:?}"
    );
}

#[tokio::test]
async fn json_mode_decodes_a_yaml_answer() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v1/status"))
        .and(header("accept", "application/json"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("health: OK\n", "application/yaml"))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder(server.uri()).build().unwrap();
    client.status().await.unwrap();
    // A JSON body is sent as JSON.
    Mock::given(method("PATCH"))
        .and(body_string(r#"{"spec":{"state":"CANCELLED"}}"#))
        .and(header("content-type", "application/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(deployment_json()))
        .expect(1)
        .mount(&server)
        .await;
    client
        .deployments(NS)
        .patch(
            "top-speed",
            &MergePatch::new().set("/spec/state", "CANCELLED"),
        )
        .await
        .unwrap();
}

/// A minimal `tracing` subscriber that writes every span, field and event into a string.
#[derive(Clone, Default)]
struct Capture {
    out: Arc<Mutex<String>>,
    next: Arc<AtomicU64>,
}

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, "{}={:?} ", field.name(), value);
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut out = self.out.lock().unwrap();
        let _ = write!(out, "\nspan {} ", span.metadata().name());
        span.record(&mut Fields(&mut out));
        tracing::span::Id::from_u64(self.next.fetch_add(1, Ordering::Relaxed) + 1)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        values.record(&mut Fields(&mut self.out.lock().unwrap()));
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut out = self.out.lock().unwrap();
        out.push_str("\nevent ");
        event.record(&mut Fields(&mut out));
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test]
async fn tracing_span_has_method_path_status_and_no_secrets() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"items": []})))
        .mount(&server)
        .await;
    let client = Client::builder(server.uri()).token(TOKEN).build().unwrap();
    let capture = Capture::default();
    let guard = tracing::subscriber::set_default(capture.clone());
    client
        .deployments(NS)
        .list_with(&ListParams::default().label_selector("label-value-xyz=1"))
        .await
        .unwrap();
    let d: Deployment = serde_json::from_value(deployment_json()).unwrap();
    let _ = client.deployments(NS).upsert(&d).await;
    drop(guard);
    let out = capture.out.lock().unwrap().clone();
    assert!(out.contains("span vvp.request"), "{out}");
    assert!(out.contains("method=GET"), "{out}");
    assert!(out.contains("method=PUT"), "{out}");
    assert!(
        out.contains(&format!("path=/api/v1/namespaces/{NS}/deployments ")),
        "{out}"
    );
    assert!(out.contains("status=200"), "{out}");
    assert!(out.contains("duration_ms="), "{out}");
    assert!(!out.contains(TOKEN), "{out}");
    assert!(!out.contains("label-value-xyz"), "query leaked: {out}");
    assert!(!out.contains("app.jar"), "body leaked: {out}");
}

#[tokio::test]
async fn raw_clients_share_base_url_and_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/prefix/api/v1/status/system-info"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/prefix/namespaces/v1/namespaces"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"namespaces": []})))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder(format!("{}/prefix/", server.uri()))
        .token(TOKEN)
        .build()
        .unwrap();
    client.raw_appmanager().get_system_info().await.unwrap();
    client.raw_platform().list_namespaces().await.unwrap();
    assert!(!format!("{client:?}").contains(TOKEN));
}
