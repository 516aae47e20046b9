//! `Client::apply` against wiremock: the exact requests of a multi-document manifest
//! (a `GET` per object, then method, path, body as written without server-managed fields,
//! dependency order), created vs replaced vs updated, and every way a manifest is refused
//! before anything is sent.

mod common;
#[path = "common/mock.rs"]
mod mock;

use mock::TOKEN;
use serde_json::{json, Value};
use vvp::types::{SessionCluster, SessionClusterState};
use vvp::{AppliedObject, ApplyAction, Client, Error, InvalidNameReason};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const NS: &str = "team-a";
const ID: &str = "5b0c4f3e-1d2a-4c3b-9f6e-0a1b2c3d4e5f";

async fn setup() -> (MockServer, Client) {
    let (server, client) = mock::setup(|b| b).await;
    not_found_by_default(&server).await;
    (server, client)
}

/// Every `GET` no other mock answers is a VVP 404: the object does not exist yet.
async fn not_found_by_default(server: &MockServer) {
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "kind": "ApiException", "message": "not found", "reason": "NotFound",
            "statusCode": 404
        })))
        .with_priority(200)
        .named("GET: not found")
        .mount(server)
        .await;
}

/// `GET path` answers `body` (the live object).
async fn live(server: &MockServer, p: &str, body: Value) {
    Mock::given(method("GET"))
        .and(path(p))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .named(format!("GET {p}"))
        .mount(server)
        .await;
}

fn base(p: &str) -> String {
    format!("/api/v1/namespaces/{NS}/{p}")
}

/// A mock for `METHOD path` with a JSON body exactly `body`, answering `status` + `answer`.
async fn expect_json(
    server: &MockServer,
    m: &str,
    p: &str,
    body: Value,
    status: u16,
    answer: Value,
) {
    Mock::given(method(m))
        .and(path(p))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("content-type", "application/json"))
        .and(body_json(body))
        .respond_with(ResponseTemplate::new(status).set_body_json(answer))
        .expect(1)
        .named(format!("{m} {p}"))
        .mount(server)
        .await;
}

/// `(METHOD path, body)` of every write received, in order.
async fn log(server: &MockServer) -> Vec<(String, Value)> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.method.as_str() != "GET")
        .map(|r| {
            (
                format!("{} {}", r.method, r.url.path()),
                serde_json::from_slice(&r.body).unwrap_or(Value::Null),
            )
        })
        .collect()
}

/// Adds what a server answers with (id, status) to a sent body.
fn answered(mut body: Value) -> Value {
    body["metadata"]["id"] = json!(ID);
    body["metadata"]["resourceVersion"] = json!(3);
    body
}

const MANIFEST: &str = r#"
# An exported deployment: server-managed fields must not be sent back.
kind: Deployment
apiVersion: v1
metadata:
  name: top-speed
  namespace: team-a
  id: 11111111-2222-4333-8444-555555555555
  createdAt: "2024-01-01T00:00:00Z"
  modifiedAt: "2024-01-02T00:00:00Z"
  resourceVersion: 7
  labels: {team: data}
  futureMetadataField: kept
spec:
  state: RUNNING
  deploymentTargetName: K8s_Target
  futureSpecField: {nested: true}
  template:
    spec:
      parallelism: 2
      artifact: {kind: JAR, jarUri: "https://repo/app.jar"}
status:
  state: RUNNING
  running: {jobId: 11111111-2222-4333-8444-555555555555}
---
---
kind: DeploymentTarget
apiVersion: v1
metadata: {name: K8s_Target}
spec: {kubernetes: {namespace: flink-jobs}}
---
kind: SecretValue
apiVersion: v1
metadata: {name: db-password}
spec: {kind: PLAIN, value: hunter2}
---
kind: DeploymentDefaults
apiVersion: v1
metadata: {namespace: team-a}
spec: {deploymentTargetName: K8s_Target}
---
kind: SessionCluster
apiVersion: v1
metadata: {name: sql}
spec: {state: RUNNING, deploymentTargetName: K8s_Target, flinkVersion: "1.17"}
"#;

#[tokio::test]
async fn multi_document_manifest_exact_requests() {
    let (server, client) = setup().await;

    let deployment = json!({
        "kind": "Deployment", "apiVersion": "v1",
        "metadata": {"name": "top-speed", "namespace": NS, "labels": {"team": "data"},
                     "futureMetadataField": "kept"},
        "spec": {"state": "RUNNING", "deploymentTargetName": "K8s_Target",
                 "futureSpecField": {"nested": true},
                 "template": {"spec": {"parallelism": 2,
                     "artifact": {"kind": "JAR", "jarUri": "https://repo/app.jar"}}}}
    });
    let target = json!({
        "kind": "DeploymentTarget", "apiVersion": "v1",
        "metadata": {"name": "K8s_Target"},
        "spec": {"kubernetes": {"namespace": "flink-jobs"}}
    });
    let secret = json!({
        "kind": "SecretValue", "apiVersion": "v1",
        "metadata": {"name": "db-password"},
        "spec": {"kind": "PLAIN", "value": "hunter2"}
    });
    let defaults = json!({
        "kind": "DeploymentDefaults", "apiVersion": "v1",
        "metadata": {"namespace": NS},
        "spec": {"deploymentTargetName": "K8s_Target"}
    });
    let cluster = json!({
        "kind": "SessionCluster", "apiVersion": "v1",
        "metadata": {"name": "sql"},
        "spec": {"state": "RUNNING", "deploymentTargetName": "K8s_Target", "flinkVersion": "1.17"}
    });

    // The secret exists (its value is write-only) with another kind: it is merge-patched
    // with the document. The defaults and the session cluster differ from the manifest;
    // the target and the deployment do not exist.
    live(
        &server,
        &base("secret-values/db-password"),
        answered(
            json!({"kind": "SecretValue", "metadata": {"name": "db-password"},
                        "spec": {"kind": "Plain"}}),
        ),
    )
    .await;
    live(
        &server,
        &base("deployment-defaults"),
        json!({"kind": "DeploymentDefaults", "metadata": {"name": "default"}, "spec": {}}),
    )
    .await;
    live(
        &server,
        &base("sessionclusters/sql"),
        answered(
            json!({"kind": "SessionCluster", "metadata": {"name": "sql"},
                        "spec": {"state": "STOPPED", "deploymentTargetName": "K8s_Target",
                                 "flinkVersion": "1.17"}}),
        ),
    )
    .await;
    expect_json(
        &server,
        "PATCH",
        &base("secret-values/db-password"),
        secret.clone(),
        200,
        answered(secret.clone()),
    )
    .await;
    expect_json(
        &server,
        "PUT",
        &base("deployment-targets/K8s_Target"),
        target.clone(),
        201,
        answered(target.clone()),
    )
    .await;
    expect_json(
        &server,
        "PATCH",
        &base("deployment-defaults"),
        defaults.clone(),
        200,
        defaults.clone(),
    )
    .await;
    expect_json(
        &server,
        "PUT",
        &base("sessionclusters/sql"),
        cluster.clone(),
        200,
        answered(cluster.clone()),
    )
    .await;
    let mut deployment_answer = answered(deployment.clone());
    deployment_answer["status"] = json!({"state": "TRANSITIONING"});
    expect_json(
        &server,
        "PUT",
        &base("deployments/top-speed"),
        deployment.clone(),
        201,
        deployment_answer,
    )
    .await;

    let applied = client.apply(NS, MANIFEST).await.unwrap();

    // Dependency order; indexes count the empty document.
    let summary: Vec<(Option<usize>, &str, Option<&str>, ApplyAction)> = applied
        .iter()
        .map(|a| (a.index, a.kind, a.name.as_deref(), a.action))
        .collect();
    assert_eq!(
        summary,
        [
            (
                Some(3),
                "SecretValue",
                Some("db-password"),
                ApplyAction::Updated
            ),
            (
                Some(2),
                "DeploymentTarget",
                Some("K8s_Target"),
                ApplyAction::Created
            ),
            (Some(4), "DeploymentDefaults", None, ApplyAction::Updated),
            (
                Some(5),
                "SessionCluster",
                Some("sql"),
                ApplyAction::Replaced
            ),
            (
                Some(0),
                "Deployment",
                Some("top-speed"),
                ApplyAction::Created
            ),
        ]
    );
    assert_eq!(applied[4].to_string(), "Deployment top-speed created");
    assert_eq!(applied[2].to_string(), "DeploymentDefaults updated");
    match &applied[4].object {
        AppliedObject::Deployment(d) => {
            assert_eq!(d.id(), Some(uuid::Uuid::parse_str(ID).unwrap()));
            assert_eq!(
                d.status_state(),
                Some(&vvp::types::DeploymentState::Transitioning)
            );
        }
        other => panic!("expected a Deployment, got {other:?}"),
    }
    // The secret's value never shows in Debug output.
    assert!(!format!("{applied:?}").contains("hunter2"));

    // The exact sequence of writes.
    let sent = log(&server).await;
    let order: Vec<&str> = sent.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(
        order,
        [
            format!("PATCH {}", base("secret-values/db-password")),
            format!("PUT {}", base("deployment-targets/K8s_Target")),
            format!("PATCH {}", base("deployment-defaults")),
            format!("PUT {}", base("sessionclusters/sql")),
            format!("PUT {}", base("deployments/top-speed")),
        ]
    );
    assert_eq!(sent[4].1, deployment);
}

#[tokio::test]
async fn json_manifest_and_secret_created() {
    let (server, client) = setup().await;
    let secret = json!({"kind": "SecretValue", "metadata": {"name": "Api_Key"},
                        "spec": {"kind": "PLAIN", "value": "s3cr3t"}});
    expect_json(
        &server,
        "POST",
        &base("secret-values"),
        secret.clone(),
        201,
        answered(secret.clone()),
    )
    .await;
    let applied = client.apply(NS, &secret.to_string()).await.unwrap();
    assert_eq!(applied.len(), 1);
    assert_eq!(applied[0].action, ApplyAction::Created);
    assert_eq!(applied[0].to_string(), "SecretValue Api_Key created");
}

#[tokio::test]
async fn empty_manifest_sends_nothing() {
    let (server, client) = setup().await;
    assert!(client.apply(NS, "").await.unwrap().is_empty());
    assert!(client.apply(NS, "---\n---\n").await.unwrap().is_empty());
    assert!(server.received_requests().await.unwrap().is_empty());
}

/// Applies `manifest` and asserts that it is refused with nothing sent.
async fn refused(manifest: &str) -> Error {
    let (server, client) = setup().await;
    let err = client.apply(NS, manifest).await.unwrap_err();
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "nothing may be sent for {manifest:?}"
    );
    assert!(!err.to_string().contains("hunter2"));
    err
}

fn decode_path(err: &Error) -> &str {
    match err {
        Error::Decode { path, status, .. } => {
            assert_eq!(*status, None);
            path
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

const GOOD: &str =
    "kind: DeploymentTarget\nmetadata: {name: t}\nspec: {kubernetes: {namespace: k}}\n";

#[tokio::test]
async fn unknown_kind_names_document_and_kind() {
    let err = refused(&format!("{GOOD}---\nkind: Job\nmetadata: {{id: {ID}}}\n")).await;
    assert_eq!(decode_path(&err), "[1].kind");
    let msg = err.to_string();
    assert!(msg.contains("document [1]"), "{msg}");
    assert!(msg.contains("\"Job\""), "{msg}");
    assert!(
        msg.contains("supported: SecretValue, DeploymentTarget"),
        "{msg}"
    );
}

#[tokio::test]
async fn missing_or_non_string_kind() {
    let err = refused(&format!("{GOOD}---\nmetadata: {{name: x}}\n")).await;
    assert_eq!(decode_path(&err), "[1].kind");
    let err = refused("kind: [Deployment]\n").await;
    assert_eq!(decode_path(&err), "[0].kind");
    let err = refused("- kind: Deployment\n").await;
    assert_eq!(decode_path(&err), "[0]");
    let err = refused("kind: Deployment\nmetadata: {name: [unclosed\n").await;
    assert_eq!(decode_path(&err), "[0]");
}

#[tokio::test]
async fn invalid_documents_are_refused_before_sending() {
    // A later bad document stops the earlier good ones too.
    let err = refused(&format!(
        "{GOOD}---\nkind: Deployment\nmetadata: {{name: d}}\nspec: {{state: [1]}}\n"
    ))
    .await;
    assert_eq!(decode_path(&err), "[1].spec.state");

    let err = refused(&format!(
        "{GOOD}---\nkind: Deployment\nspec: {{state: RUNNING}}\n"
    ))
    .await;
    assert!(
        matches!(
            err,
            Error::InvalidName {
                kind: "Deployment",
                reason: InvalidNameReason::Missing,
                ..
            }
        ),
        "{err:?}"
    );

    let err = refused("kind: SessionCluster\nmetadata: {name: Bad_Name}\n").await;
    assert!(
        matches!(err, Error::InvalidName { kind: "SessionCluster", ref name, .. } if name == "Bad_Name"),
        "{err:?}"
    );

    let err = refused("kind: SecretValue\nmetadata: {name: pw}\nspec: {value: hunter2}\n---\nkind: SecretValue\nmetadata: {name: pw}\n").await;
    assert_eq!(decode_path(&err), "[1].metadata.name");
    assert!(
        err.to_string()
            .contains("repeats SecretValue pw of document [0]"),
        "{err}"
    );
}

#[tokio::test]
async fn other_namespace_is_refused() {
    let err = refused("kind: Deployment\nmetadata: {name: d, namespace: prod}\n").await;
    assert_eq!(decode_path(&err), "[0].metadata.namespace");
    assert!(err.to_string().contains("\"prod\""), "{err}");
    assert!(err.to_string().contains("\"team-a\""), "{err}");
}

#[tokio::test]
async fn invalid_namespace_is_refused() {
    let (server, client) = setup().await;
    let err = client.apply("Team A", GOOD).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidName {
                kind: "Namespace",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn stops_at_the_first_failing_request() {
    let (server, client) = setup().await;
    let target = json!({"kind": "DeploymentTarget", "metadata": {"name": "t"},
                        "spec": {"kubernetes": {"namespace": "k"}}});
    expect_json(
        &server,
        "PUT",
        &base("deployment-targets/t"),
        target.clone(),
        200,
        answered(target),
    )
    .await;
    Mock::given(method("PUT"))
        .and(path(base("deployments/d")))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "kind": "ApiValidationException", "message": "Deployment parameters are invalid",
            "errors": [{"attribute": "spec.template", "message": "must not be null", "reason": "isNull"}],
            "statusCode": 400
        })))
        .expect(1)
        .mount(&server)
        .await;
    // The session cluster sorts after the target but before the deployment.
    let err = client
        .apply(
            NS,
            &format!("kind: Deployment\nmetadata: {{name: d}}\n---\n{GOOD}---\nkind: Deployment\nmetadata: {{name: e}}\n"),
        )
        .await
        .unwrap_err();
    assert!(err.is_validation(), "{err:?}");
    // The target was applied, the second deployment was never sent.
    assert_eq!(log(&server).await.len(), 2);
}

#[tokio::test]
async fn shared_playground_manifests() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let payloads = shared.join("reference/payloads");
    let read = |f: &str| std::fs::read_to_string(payloads.join(f)).unwrap();
    // A deployment, its target, and a session cluster as a server returned it (with
    // status, id, resourceVersion), all in namespace `default`.
    let manifest = format!(
        "{}\n---\n{}\n---\n{}",
        read("deployment-playground-1.yaml"),
        read("deploymenttarget-playground-1.yaml"),
        read("sessioncluster-kozlovsandbox-1.yaml"),
    );
    let server = MockServer::start().await;
    not_found_by_default(&server).await;
    Mock::given(method("PUT"))
        .respond_with(|req: &wiremock::Request| {
            ResponseTemplate::new(201).set_body_raw(req.body.clone(), "application/json")
        })
        .expect(3)
        .mount(&server)
        .await;
    let client = Client::builder(server.uri()).build().unwrap();
    let applied = client.apply("default", &manifest).await.unwrap();
    let kinds: Vec<&str> = applied.iter().map(|a| a.kind).collect();
    assert_eq!(kinds, ["DeploymentTarget", "SessionCluster", "Deployment"]);

    let sent = log(&server).await;
    let (req, body) = &sent[1];
    assert!(
        req.starts_with("PUT /api/v1/namespaces/default/sessionclusters/"),
        "{req}"
    );
    assert!(body.get("status").is_none(), "{body}");
    for field in ["id", "createdAt", "modifiedAt", "resourceVersion"] {
        assert!(
            body["metadata"].get(field).is_none(),
            "{field} sent: {body}"
        );
    }
    // Everything else is sent as written.
    let mut expected: Value =
        serde_yaml::from_str(&read("sessioncluster-kozlovsandbox-1.yaml")).unwrap();
    let map = expected.as_object_mut().unwrap();
    map.remove("status");
    for field in ["id", "createdAt", "modifiedAt", "resourceVersion"] {
        map["metadata"].as_object_mut().unwrap().remove(field);
    }
    assert_eq!(body, &expected);
    let expected: SessionCluster = serde_json::from_value(expected).unwrap();
    match &applied[1].object {
        AppliedObject::SessionCluster(sc) => {
            assert_eq!(sc.desired_state(), expected.desired_state());
            assert_ne!(sc.status_state(), Some(&SessionClusterState::Failed));
        }
        other => panic!("{other:?}"),
    }
}
