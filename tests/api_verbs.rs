//! Every handle and verb against a wiremock server: method, path, query, headers, body and
//! the success statuses (200, 201, 204).

#[path = "common/mock.rs"]
mod mock;

use mock::TOKEN;
use serde_json::{json, Value};
use vvp::types::{Deployment, DeploymentTarget, Savepoint, SecretValue, SessionCluster};
use vvp::{Client, ListParams, MergePatch, Resource};
use wiremock::matchers::{body_json, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const NS: &str = "team-a";
const ID: &str = "5b0c4f3e-1d2a-4c3b-9f6e-0a1b2c3d4e5f";
const ID2: &str = "0e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b";
const ID3: &str = "11111111-2222-4333-8444-555555555555";

async fn setup() -> (MockServer, Client) {
    mock::setup(|b| b).await
}

fn base(p: &str) -> String {
    format!("/api/v1/namespaces/{NS}/{p}")
}

fn deployment(name: &str) -> Value {
    json!({
        "kind": "Deployment",
        "apiVersion": "v1",
        "metadata": {"name": name, "namespace": NS, "id": ID, "labels": {"team": "data"}},
        "spec": {
            "state": "RUNNING",
            "deploymentTargetName": "K8s_Target",
            "template": {"spec": {"artifact": {"kind": "JAR", "jarUri": "https://repo/app.jar"}}}
        },
        "status": {"state": "RUNNING"}
    })
}

fn target(name: &str) -> Value {
    json!({
        "kind": "DeploymentTarget",
        "apiVersion": "v1",
        "metadata": {"name": name, "namespace": NS, "id": ID},
        "spec": {"kubernetes": {"namespace": "vvp-jobs"}}
    })
}

fn session_cluster(name: &str) -> Value {
    json!({
        "kind": "SessionCluster",
        "apiVersion": "v1",
        "metadata": {"name": name, "namespace": NS, "id": ID},
        "spec": {"state": "RUNNING", "deploymentTargetName": "K8s_Target", "flinkVersion": "1.17"},
        "status": {"state": "RUNNING"}
    })
}

fn secret_value(name: &str) -> Value {
    json!({
        "kind": "SecretValue",
        "apiVersion": "v1",
        "metadata": {"name": name, "namespace": NS, "id": ID},
        "spec": {"kind": "PLAIN", "value": "hunter2"}
    })
}

fn savepoint() -> Value {
    json!({
        "kind": "Savepoint",
        "apiVersion": "v1",
        "metadata": {"id": ID, "namespace": NS, "deploymentId": ID2, "jobId": ID3, "origin": "USER_REQUEST"},
        "spec": {"savepointLocation": "s3://bucket/sp"},
        "status": {"state": "COMPLETED"}
    })
}

fn job() -> Value {
    json!({
        "kind": "Job",
        "apiVersion": "v1",
        "metadata": {"id": ID3, "namespace": NS, "deploymentId": ID2},
        "spec": {"state": "RUNNING"},
        "status": {"state": "STARTED"}
    })
}

fn event() -> Value {
    json!({
        "kind": "Event",
        "apiVersion": "v1",
        "metadata": {"id": ID, "name": "JOB_SUCCESSFULLY_STARTED", "namespace": NS, "deploymentId": ID2, "jobId": ID3},
        "spec": {"message": "started"}
    })
}

fn list_of(items: Vec<Value>) -> Value {
    json!({"kind": "ResourceList", "apiVersion": "v1", "metadata": {}, "items": items})
}

/// The common request headers of a JSON-mode request without body.
fn get_mock(p: &str) -> wiremock::MockBuilder {
    Mock::given(method("GET"))
        .and(path(p))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("accept", "application/json"))
}

fn no_content_type(req: &Request) -> bool {
    !req.headers.contains_key("content-type")
}

#[tokio::test]
async fn list_every_kind() {
    let (server, client) = setup().await;
    let cases = [
        ("deployments", deployment("a")),
        ("deployment-targets", target("a")),
        ("events", event()),
        ("jobs", job()),
        ("savepoints", savepoint()),
        ("secret-values", secret_value("a")),
        ("sessionclusters", session_cluster("a")),
    ];
    for (p, item) in &cases {
        get_mock(&base(p))
            .and(no_content_type)
            .and(query_param_is_missing("labelSelector"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(list_of(vec![item.clone(), item.clone()])),
            )
            .expect(1)
            .mount(&server)
            .await;
    }
    assert_eq!(client.deployments(NS).list().await.unwrap().len(), 2);
    assert_eq!(client.deployment_targets(NS).list().await.unwrap().len(), 2);
    assert_eq!(client.events(NS).list().await.unwrap().len(), 2);
    assert_eq!(client.jobs(NS).list().await.unwrap().len(), 2);
    assert_eq!(client.savepoints(NS).list().await.unwrap().len(), 2);
    assert_eq!(client.secret_values(NS).list().await.unwrap().len(), 2);
    let sc = client.session_clusters(NS).list().await.unwrap();
    assert_eq!(sc.kind.as_deref(), Some("ResourceList"));
    assert_eq!(sc.api_version.as_deref(), Some("v1"));
    assert_eq!(
        sc.iter().filter_map(|s| s.name()).collect::<Vec<_>>(),
        ["a", "a"]
    );
}

#[tokio::test]
async fn list_with_filters() {
    let (server, client) = setup().await;
    get_mock(&base("deployments"))
        .and(query_param("labelSelector", "team=data,env=prod"))
        .respond_with(ResponseTemplate::new(200).set_body_json(list_of(vec![deployment("a")])))
        .expect(1)
        .mount(&server)
        .await;
    get_mock(&base("jobs"))
        .and(query_param("deploymentId", ID2))
        .respond_with(ResponseTemplate::new(200).set_body_json(list_of(vec![job()])))
        .expect(1)
        .mount(&server)
        .await;
    get_mock(&base("savepoints"))
        .and(query_param("deploymentId", ID2))
        .and(query_param("jobId", ID3))
        .respond_with(ResponseTemplate::new(200).set_body_json(list_of(vec![savepoint()])))
        .expect(1)
        .mount(&server)
        .await;
    get_mock(&base("events"))
        .and(query_param("deploymentId", ID2))
        .and(query_param("jobId", ID3))
        .and(query_param("sessionClusterId", ID))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"items": null})))
        .expect(1)
        .mount(&server)
        .await;

    let d = client
        .deployments(NS)
        .list_with(
            &ListParams::default()
                .label("team", "data")
                .label("env", "prod"),
        )
        .await
        .unwrap();
    assert_eq!(d.len(), 1);
    let id2 = uuid::Uuid::parse_str(ID2).unwrap();
    let id3 = uuid::Uuid::parse_str(ID3).unwrap();
    let jobs = client
        .jobs(NS)
        .list_with(&ListParams::default().deployment_id(id2))
        .await
        .unwrap();
    assert_eq!(jobs.len(), 1);
    let sps = client
        .savepoints(NS)
        .list_with(&ListParams::default().deployment_id(id2).job_id(id3))
        .await
        .unwrap();
    assert_eq!(sps.len(), 1);
    let events = client
        .events(NS)
        .list_with(
            &ListParams::default()
                .deployment_id(id2)
                .job_id(id3)
                .session_cluster_id(uuid::Uuid::parse_str(ID).unwrap()),
        )
        .await
        .unwrap();
    assert!(events.is_empty());

    // The selector is form-encoded on the wire.
    let reqs = server.received_requests().await.unwrap();
    let sel = reqs
        .iter()
        .find(|r| r.url.path().ends_with("/deployments"))
        .unwrap();
    assert_eq!(
        sel.url.query(),
        Some("labelSelector=team%3Ddata%2Cenv%3Dprod")
    );
}

#[tokio::test]
async fn get_by_name_and_by_id() {
    let (server, client) = setup().await;
    let cases = [
        (base("deployments/top-speed"), deployment("top-speed")),
        (base(&format!("deployments/{ID}")), deployment("top-speed")),
        (base("deployment-targets/K8s_Target"), target("K8s_Target")),
        (
            base("sessionclusters/sql-cluster"),
            session_cluster("sql-cluster"),
        ),
        (base("secret-values/My_Secret"), secret_value("My_Secret")),
        (base(&format!("jobs/{ID3}")), job()),
        (base(&format!("savepoints/{ID}")), savepoint()),
    ];
    for (p, body) in &cases {
        get_mock(p)
            .and(no_content_type)
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .mount(&server)
            .await;
    }
    let d = client.deployments(NS).get("top-speed").await.unwrap();
    assert_eq!(d.name(), Some("top-speed"));
    let by_id = uuid::Uuid::parse_str(ID).unwrap();
    assert_eq!(
        client.deployments(NS).get(by_id).await.unwrap().name(),
        Some("top-speed")
    );
    let t = client
        .deployment_targets(NS)
        .get("K8s_Target")
        .await
        .unwrap();
    assert_eq!(t.name(), Some("K8s_Target"));
    let s = client
        .session_clusters(NS)
        .get(&"sql-cluster".to_string())
        .await
        .unwrap();
    assert_eq!(s.name(), Some("sql-cluster"));
    let sv = client
        .secret_values(NS)
        .get(String::from("My_Secret"))
        .await
        .unwrap();
    assert_eq!(sv.name(), Some("My_Secret"));
    let j = client.jobs(NS).get(ID3).await.unwrap();
    assert_eq!(serde_json::to_value(&j).unwrap()["metadata"]["id"], ID3);
    let sp = client.savepoints(NS).get(ID).await.unwrap();
    assert_eq!(serde_json::to_value(&sp).unwrap()["metadata"]["id"], ID);
}

#[tokio::test]
async fn get_opt_some_and_none() {
    let (server, client) = setup().await;
    get_mock(&base("deployments/there"))
        .respond_with(ResponseTemplate::new(200).set_body_json(deployment("there")))
        .expect(1)
        .mount(&server)
        .await;
    get_mock(&base("deployments/gone"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "kind": "ApiException", "apiVersion": "v1", "statusCode": 404,
            "reason": "NotFound", "message": "Deployment gone not found"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let api = client.deployments(NS);
    assert!(api.get_opt("there").await.unwrap().is_some());
    assert!(api.get_opt("gone").await.unwrap().is_none());
}

#[tokio::test]
async fn create_every_creatable_kind() {
    let (server, client) = setup().await;
    let d: Deployment = serde_json::from_value(deployment("new-one")).unwrap();
    let t: DeploymentTarget = serde_json::from_value(target("K8s_Target")).unwrap();
    let s: SessionCluster = serde_json::from_value(session_cluster("sql")).unwrap();
    let sv: SecretValue = serde_json::from_value(secret_value("My_Secret")).unwrap();
    let sp: Savepoint = serde_json::from_value(json!({"metadata": {"deploymentId": ID2}})).unwrap();
    let cases = [
        ("deployments", serde_json::to_value(&d).unwrap(), 201),
        ("deployment-targets", serde_json::to_value(&t).unwrap(), 201),
        ("sessionclusters", serde_json::to_value(&s).unwrap(), 200),
        ("secret-values", serde_json::to_value(&sv).unwrap(), 201),
        ("savepoints", serde_json::to_value(&sp).unwrap(), 201),
    ];
    for (p, sent, status) in &cases {
        let mut answer = sent.clone();
        answer["metadata"]["id"] = json!(ID);
        Mock::given(method("POST"))
            .and(path(base(p)))
            .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
            .and(header("content-type", "application/json"))
            .and(header("accept", "application/json"))
            .and(body_json(sent))
            .respond_with(ResponseTemplate::new(*status).set_body_json(answer))
            .expect(1)
            .mount(&server)
            .await;
    }
    let created = client.deployments(NS).create(&d).await.unwrap();
    assert_eq!(
        serde_json::to_value(&created).unwrap()["metadata"]["id"],
        ID
    );
    client.deployment_targets(NS).create(&t).await.unwrap();
    client.session_clusters(NS).create(&s).await.unwrap();
    client.secret_values(NS).create(&sv).await.unwrap();
    let sp = client.savepoints(NS).create(&sp).await.unwrap();
    assert_eq!(
        serde_json::to_value(&sp).unwrap()["metadata"]["deploymentId"],
        ID2
    );
}

#[tokio::test]
async fn upsert_puts_by_name() {
    let (server, client) = setup().await;
    let d: Deployment = serde_json::from_value(deployment("top-speed")).unwrap();
    let t: DeploymentTarget = serde_json::from_value(target("K8s_Target")).unwrap();
    let s: SessionCluster = serde_json::from_value(session_cluster("sql")).unwrap();
    let cases = [
        (
            "deployments/top-speed",
            serde_json::to_value(&d).unwrap(),
            200,
        ),
        (
            "deployment-targets/K8s_Target",
            serde_json::to_value(&t).unwrap(),
            201,
        ),
        (
            "sessionclusters/sql",
            serde_json::to_value(&s).unwrap(),
            200,
        ),
    ];
    for (p, sent, status) in &cases {
        Mock::given(method("PUT"))
            .and(path(base(p)))
            .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
            .and(header("content-type", "application/json"))
            .and(header("accept", "application/json"))
            .and(body_json(sent))
            .respond_with(ResponseTemplate::new(*status).set_body_json(sent))
            .expect(1)
            .mount(&server)
            .await;
    }
    assert_eq!(
        client.deployments(NS).upsert(&d).await.unwrap().name(),
        Some("top-speed")
    );
    client.deployment_targets(NS).upsert(&t).await.unwrap();
    client.session_clusters(NS).upsert(&s).await.unwrap();
}

#[tokio::test]
async fn patch_sends_merge_patch() {
    let (server, client) = setup().await;
    let patch = MergePatch::new()
        .set("/spec/state", "CANCELLED")
        .remove("/spec/template/spec/flinkConfiguration/foo");
    for p in [
        "deployments/top-speed",
        "sessionclusters/sql",
        "secret-values/My_Secret",
    ] {
        let mut answer = deployment("x");
        answer["spec"]["state"] = json!("CANCELLED");
        Mock::given(method("PATCH"))
            .and(path(base(p)))
            .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
            .and(header("content-type", "application/json"))
            .and(header("accept", "application/json"))
            .and(body_json(json!({"spec": {"state": "CANCELLED",
                "template": {"spec": {"flinkConfiguration": {"foo": null}}}}})))
            .respond_with(ResponseTemplate::new(200).set_body_json(answer))
            .expect(1)
            .mount(&server)
            .await;
    }
    let d = client
        .deployments(NS)
        .patch("top-speed", &patch)
        .await
        .unwrap();
    assert_eq!(
        serde_json::to_value(&d).unwrap()["spec"]["state"],
        "CANCELLED"
    );
    client
        .session_clusters(NS)
        .patch("sql", &patch)
        .await
        .unwrap();
    client
        .secret_values(NS)
        .patch("My_Secret", &patch)
        .await
        .unwrap();
}

#[tokio::test]
async fn patch_204_reads_back() {
    let (server, client) = setup().await;
    Mock::given(method("PATCH"))
        .and(path(base("deployments/top-speed")))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    get_mock(&base("deployments/top-speed"))
        .respond_with(ResponseTemplate::new(200).set_body_json(deployment("top-speed")))
        .expect(1)
        .mount(&server)
        .await;
    let patch = MergePatch::new().set("/spec/state", "SUSPENDED");
    let d = client
        .deployments(NS)
        .patch("top-speed", &patch)
        .await
        .unwrap();
    assert_eq!(d.name(), Some("top-speed"));
}

#[tokio::test]
async fn delete_200_and_204() {
    let (server, client) = setup().await;
    let cases = [
        (
            "deployments/top-speed",
            ResponseTemplate::new(200).set_body_json(deployment("top-speed")),
        ),
        ("deployment-targets/K8s_Target", ResponseTemplate::new(204)),
        (
            "sessionclusters/sql",
            ResponseTemplate::new(200).set_body_json(session_cluster("sql")),
        ),
        ("secret-values/My_Secret", ResponseTemplate::new(204)),
    ];
    for (p, resp) in cases {
        Mock::given(method("DELETE"))
            .and(path(base(p)))
            .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
            .and(no_content_type)
            .respond_with(resp)
            .expect(1)
            .mount(&server)
            .await;
    }
    client.deployments(NS).delete("top-speed").await.unwrap();
    client
        .deployment_targets(NS)
        .delete("K8s_Target")
        .await
        .unwrap();
    client.session_clusters(NS).delete("sql").await.unwrap();
    client.secret_values(NS).delete("My_Secret").await.unwrap();
}

#[tokio::test]
async fn savepoint_delete_with_force() {
    let (server, client) = setup().await;
    for force in ["true", "false"] {
        Mock::given(method("DELETE"))
            .and(path(base(&format!("savepoints/{ID}"))))
            .and(query_param("force", force))
            .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
            .respond_with(ResponseTemplate::new(204))
            .expect(1)
            .mount(&server)
            .await;
    }
    let id = uuid::Uuid::parse_str(ID).unwrap();
    client.savepoints(NS).delete_with(id, true).await.unwrap();
    client.savepoints(NS).delete_with(ID, false).await.unwrap();
}

#[tokio::test]
async fn deployment_defaults_get_and_patch() {
    let (server, client) = setup().await;
    let defaults = json!({
        "kind": "DeploymentDefaults", "apiVersion": "v1",
        "metadata": {"namespace": NS},
        "spec": {"deploymentTargetName": "K8s_Target", "state": "RUNNING"}
    });
    get_mock(&base("deployment-defaults"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&defaults))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path(base("deployment-defaults")))
        .and(header("content-type", "application/json"))
        .and(body_json(
            json!({"spec": {"deploymentTargetName": "other"}}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(&defaults))
        .expect(1)
        .mount(&server)
        .await;
    let api = client.deployment_defaults(NS);
    assert_eq!(api.namespace(), NS);
    let got = api.get().await.unwrap();
    assert_eq!(
        serde_json::to_value(&got).unwrap()["spec"]["deploymentTargetName"],
        "K8s_Target"
    );
    api.patch(&MergePatch::new().set("/spec/deploymentTargetName", "other"))
        .await
        .unwrap();
}

#[tokio::test]
async fn status_and_system_info() {
    let (server, client) = setup().await;
    get_mock("/api/v1/status")
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"health": "OK"})))
        .expect(1)
        .mount(&server)
        .await;
    get_mock("/api/v1/status/system-info")
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"version": "2.7.1", "revision": "abc"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    client.status().await.unwrap();
    client.system_info().await.unwrap();
}

#[tokio::test]
async fn base_url_with_path_prefix_and_trailing_slash() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/vvp/api/v1/namespaces/{NS}/jobs")))
        .respond_with(ResponseTemplate::new(200).set_body_json(list_of(vec![])))
        .expect(2)
        .mount(&server)
        .await;
    for url in [
        format!("{}/vvp", server.uri()),
        format!("{}/vvp/", server.uri()),
    ] {
        let client = Client::builder(url).build().unwrap();
        assert!(client.jobs(NS).list().await.unwrap().is_empty());
    }
    // No token configured: no Authorization header.
    let reqs = server.received_requests().await.unwrap();
    assert!(reqs
        .iter()
        .all(|r| !r.headers.contains_key("authorization")));
}

#[tokio::test]
async fn handles_are_cheap_owned_clones() {
    let (_server, client) = setup().await;
    let api = client.deployments(String::from(NS));
    let copy = api.clone();
    assert_eq!(copy.namespace(), NS);
    let dbg = format!("{api:?}");
    assert!(dbg.contains("Deployment") && dbg.contains(NS), "{dbg}");
    fn assert_send_sync<T: Send + Sync + Clone + 'static>() {}
    assert_send_sync::<Client>();
    assert_send_sync::<vvp::Api<Deployment>>();
    assert_send_sync::<vvp::DeploymentDefaultsApi>();
}
