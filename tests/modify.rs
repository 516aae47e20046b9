//! `Api::modify`: read, change a typed copy, send only the merge patch of the difference.
//! Against wiremock (the exact body sent) and the built-in fake (its request log).

#[path = "common/mock.rs"]
mod mock;

use serde_json::{json, Value};
use vvp::testing::FakePlatform;
use vvp::types::{Deployment, DeploymentTarget};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, ResponseTemplate};

const P: &str = "/api/v1/namespaces/default/deployments/top-speed";

fn live() -> Value {
    json!({
        "kind": "Deployment", "apiVersion": "v1",
        "metadata": {"name": "top-speed", "id": "5b0c4f3e-1d2a-4c3b-9f6e-0a1b2c3d4e5f",
                     "resourceVersion": 7, "futureMetadata": {"x": 1}},
        "spec": {"state": "RUNNING", "sessionClusterName": "sql",
                 "futureSpecField": {"nested": [1, 2]},
                 "template": {"spec": {"parallelism": 2, "futureTemplateField": true,
                     "artifact": {"kind": "JAR", "jarUri": "s3://b/app.jar", "futureArtifactField": "k"}}}},
        "status": {"state": "RUNNING", "futureStatus": "s"},
        "futureTopLevel": "t"
    })
}

#[tokio::test]
async fn modify_sends_only_the_difference_and_no_unknown_fields() {
    let (server, client) = mock::setup(|b| b).await;
    Mock::given(method("GET"))
        .and(path(P))
        .respond_with(ResponseTemplate::new(200).set_body_json(live()))
        .expect(1)
        .mount(&server)
        .await;
    let patch = json!({"spec": {"sessionClusterName": null, "deploymentTargetName": "k8s",
                                "template": {"spec": {"parallelism": 4}}}});
    let mut answer = live();
    json_patch::merge(&mut answer, &patch);
    Mock::given(method("PATCH"))
        .and(path(P))
        .and(header("content-type", "application/json"))
        .and(body_json(patch))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .expect(1)
        .mount(&server)
        .await;

    let d = client
        .deployments("default")
        .modify("top-speed", |d: &mut Deployment| {
            d.spec.session_cluster_name = None;
            d.spec.deployment_target_name = Some("k8s".into());
            d.spec.template_spec_mut().parallelism = Some(4);
        })
        .await
        .unwrap();
    assert_eq!(d.spec.deployment_target_name.as_deref(), Some("k8s"));
    assert_eq!(d.spec.session_cluster_name, None);
    // The unknown fields the server has are still read back.
    assert_eq!(
        d.spec.extra.get("futureSpecField"),
        Some(&json!({"nested": [1, 2]}))
    );
}

#[tokio::test]
async fn modify_without_change_sends_nothing() {
    let (server, client) = mock::setup(|b| b).await;
    Mock::given(method("GET"))
        .and(path(P))
        .respond_with(ResponseTemplate::new(200).set_body_json(live()))
        .expect(2)
        .mount(&server)
        .await;
    let api = client.deployments("default");
    let d = api.modify("top-speed", |_| {}).await.unwrap();
    assert_eq!(d.metadata.resource_version, Some(7));
    // Setting a field to the value it has is no change either.
    api.modify("top-speed", |d| {
        d.spec.template_spec_mut().parallelism = Some(2)
    })
    .await
    .unwrap();
    // The catch-all of `mock::setup` fails the test on any other request (a PATCH).
}

#[tokio::test]
async fn modify_against_the_fake_keeps_unknown_server_fields() {
    let fake = FakePlatform::start().await;
    let client = fake.client();
    client
        .deployment_targets("default")
        .create(&DeploymentTarget::new("k8s", "flink"))
        .await
        .unwrap();
    let d: Deployment = serde_json::from_value(json!({
        "metadata": {"name": "top-speed"},
        "spec": {"state": "CANCELLED", "deploymentTargetName": "k8s", "futureSpecField": "kept",
                 "template": {"spec": {"artifact": {"kind": "JAR", "jarUri": "s3://b/a.jar"}}}}
    }))
    .unwrap();
    client.deployments("default").create(&d).await.unwrap();
    fake.clear_requests().await;

    let api = client.deployments("default");
    api.modify("top-speed", |_| {}).await.unwrap();
    let log = fake.requests().await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].method, "GET");

    let changed = api
        .modify("top-speed", |d| {
            d.metadata
                .labels
                .get_or_insert_with(Default::default)
                .insert("team".into(), "data".into());
        })
        .await
        .unwrap();
    assert_eq!(changed.metadata.label("team"), Some("data"));
    let methods: Vec<String> = fake
        .requests()
        .await
        .iter()
        .map(|r| r.method.clone())
        .collect();
    assert_eq!(methods, ["GET", "GET", "PATCH"]);
    let now = api.get("top-speed").await.unwrap();
    assert_eq!(now.spec.extra.get("futureSpecField"), Some(&json!("kept")));
}

#[tokio::test]
async fn deployment_defaults_modify_removes_a_field_with_none() {
    let fake = FakePlatform::start().await;
    let client = fake.client();
    let api = client.deployment_defaults("default");
    api.modify(|d| d.spec.session_cluster_name = Some("sql".into()))
        .await
        .unwrap();
    fake.clear_requests().await;
    let d = api
        .modify(|d| {
            d.spec.session_cluster_name = None;
            d.spec.deployment_target_name = Some("k8s".into());
        })
        .await
        .unwrap();
    assert_eq!(d.spec.session_cluster_name, None);
    assert_eq!(api.get().await.unwrap().spec.session_cluster_name, None);
    api.modify(|_| {}).await.unwrap();
    let methods: Vec<String> = fake
        .requests()
        .await
        .iter()
        .map(|r| r.method.clone())
        .collect();
    assert_eq!(methods, ["GET", "PATCH", "GET", "GET"]);
}

/// The futures and streams can be spawned on a multi-threaded runtime.
#[allow(dead_code)]
fn futures_are_send(client: vvp::Client) {
    fn send<T: Send + 'static>(_: T) {}
    send(client.events("default").follow("d"));
    send(async move {
        let plan = client.plan("default", "").await?;
        plan.apply().await?;
        client.apply("default", "").await?;
        client.deployments("default").modify("d", |_| {}).await?;
        client.deployment_defaults("default").modify(|_| {}).await?;
        Ok::<(), vvp::Error>(())
    });
    send(vvp::testing::FakePlatform::start());
}
