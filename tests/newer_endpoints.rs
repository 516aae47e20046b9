//! What VVP 2.8-2.15 added, through typed handles: the resource-usage report (CSV),
//! deployments with their custom resource (`with-cr`), stop with drain, the savepoint
//! format. Against wiremock (what is sent) and the built-in fake (behaviour).

use chrono::NaiveDate;
use serde_json::{json, Value};
use vvp::testing::FakePlatform;
use vvp::types::{Deployment, DeploymentState, DeploymentTarget};
use vvp::{Resource, SavepointFormat, StopParams, DRAIN_ANNOTATION};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The drain annotation of a deployment (read through JSON: independent of how the typed
/// metadata holds its maps).
fn drain_annotation(d: &Deployment) -> Option<String> {
    let v = serde_json::to_value(d).unwrap();
    v.pointer("/metadata/annotations")?
        .get(DRAIN_ANNOTATION)?
        .as_str()
        .map(str::to_owned)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

async fn running(fake: &FakePlatform, name: &str, parallelism: u32) {
    let client = fake.client();
    let _ = client
        .deployment_targets("default")
        .create(&DeploymentTarget::new("k8s", "flink-jobs"))
        .await;
    let manifest = format!(
        "metadata: {{name: {name}}}\nspec:\n  state: RUNNING\n  deploymentTargetName: k8s\n  \
         template: {{spec: {{parallelism: {parallelism}, artifact: {{kind: JAR, jarUri: \"s3://b/{name}.jar\"}}}}}}\n"
    );
    let d: Deployment = vvp::yaml::from_str(&manifest).unwrap();
    client.deployments("default").create(&d).await.unwrap();
    fake.settle().await;
}

#[tokio::test]
async fn resource_usage_sends_dates_and_parses_the_csv() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/status/resourceusage"))
        .and(query_param("from", "2019-09-01"))
        .and(query_param("to", "2020-02-05"))
        .and(header("accept", "text/csv"))
        .and(header("authorization", "Bearer t0k"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "# Start: 2019-09-01\n# End: 2020-02-05\nbegin,end,namespace,used\n\
             2019-09-01T14:01:20.336368Z,2019-09-02T14:01:20.336368Z,default,2\n\
             2019-09-01T14:01:20.336368Z,2019-09-01T14:32:12.392851Z,othernamespace,1.2\n",
            "text/csv",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = vvp::Client::builder(server.uri())
        .token("t0k")
        .build()
        .unwrap();
    let report = client
        .resource_usage(day(2019, 9, 1), day(2020, 2, 5))
        .await
        .unwrap();
    assert_eq!(report.start.as_deref(), Some("2019-09-01"));
    assert_eq!(report.rows.len(), 2);
    assert_eq!(report.rows[0].namespace, "default");
    assert_eq!(report.rows[0].used, 2.0);
    assert_eq!(
        report.rows[1].end.to_rfc3339(),
        "2019-09-01T14:32:12.392851+00:00"
    );

    // A body that is not the report is a decode error naming the line, never a panic.
    let server = MockServer::start().await;
    Mock::given(path("/api/v1/status/resourceusage"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "begin,end,namespace,used\nyesterday,today,default,2\n",
            "text/csv",
        ))
        .mount(&server)
        .await;
    let client = vvp::Client::builder(server.uri()).build().unwrap();
    let err = client
        .resource_usage(day(2025, 1, 1), day(2025, 1, 2))
        .await
        .unwrap_err();
    match &err {
        vvp::Error::Decode { status, path, .. } => {
            assert_eq!((*status, path.as_str()), (Some(200), "line 2"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn resource_usage_against_the_fake() {
    let fake = FakePlatform::start().await;
    running(&fake, "orders", 3).await;
    let report = fake
        .client()
        .resource_usage(day(2025, 1, 1), day(2025, 2, 1))
        .await
        .unwrap();
    assert_eq!(report.start.as_deref(), Some("2025-01-01"));
    assert_eq!(report.end.as_deref(), Some("2025-02-01"));
    assert_eq!(report.rows.len(), 1);
    let row = &report.rows[0];
    assert_eq!((row.namespace.as_str(), row.used), ("default", 3.0));
    assert_eq!(row.begin.to_rfc3339(), "2025-01-01T00:00:00+00:00");
    // `to` must come after `from`: the server's 400.
    let err = fake
        .client()
        .resource_usage(day(2025, 2, 1), day(2025, 1, 1))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "{err}");
}

#[tokio::test]
async fn deployments_with_their_custom_resource() {
    let fake = FakePlatform::start().await;
    running(&fake, "orders", 1).await;
    let api = fake.client().deployments("default");
    let items = api.list_with_cr().await.unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].deployment.name(), Some("orders"));
    let one = api.get_with_cr("orders").await.unwrap();
    assert_eq!(
        one.deployment.status_state(),
        Some(&DeploymentState::Running)
    );
    assert!(api.get_with_cr("nope").await.unwrap_err().is_not_found());
    // Names are checked before anything is sent.
    assert!(matches!(
        api.get_with_cr("Not_A_Name").await.unwrap_err(),
        vvp::Error::InvalidName { .. }
    ));
    // Fields next to `deployment` (not confirmed by a source) are kept.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/namespaces/team/deployments/with-cr"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"items": [
            {"deployment": {"metadata": {"name": "a"}}, "customResource": {"kind": "VvpDeployment"}}
        ]})))
        .mount(&server)
        .await;
    let client = vvp::Client::builder(server.uri()).build().unwrap();
    let items = client.deployments("team").list_with_cr().await.unwrap();
    assert_eq!(
        items[0].extra["customResource"],
        json!({"kind": "VvpDeployment"})
    );
}

#[tokio::test]
async fn suspend_and_cancel_with_drain_send_one_merge_patch() {
    let server = MockServer::start().await;
    let back = json!({"metadata": {"name": "orders"}, "spec": {"state": "SUSPENDED"}});
    Mock::given(method("PATCH"))
        .and(path("/api/v1/namespaces/default/deployments/orders"))
        .and(body_json(json!({
            "metadata": {"annotations": {DRAIN_ANNOTATION: "true"}},
            "spec": {"state": "SUSPENDED"}
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(&back))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path("/api/v1/namespaces/default/deployments/orders"))
        .and(body_json(json!({
            "metadata": {"annotations": {DRAIN_ANNOTATION: null}},
            "spec": {"state": "CANCELLED"}
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(&back))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(body_json(json!({"spec": {"state": "CANCELLED"}})))
        .respond_with(ResponseTemplate::new(200).set_body_json(&back))
        .expect(1)
        .mount(&server)
        .await;
    let client = vvp::Client::builder(server.uri()).build().unwrap();
    let api = client.deployments("default");
    api.suspend_with("orders", &StopParams::default().drain(true))
        .await
        .unwrap();
    api.cancel_with("orders", &StopParams::default().drain(false))
        .await
        .unwrap();
    api.cancel_with("orders", &StopParams::default())
        .await
        .unwrap();
}

#[tokio::test]
async fn drain_against_the_fake() {
    let fake = FakePlatform::start().await;
    running(&fake, "orders", 1).await;
    let api = fake.client().deployments("default");
    let d = api
        .suspend_with("orders", &StopParams::default().drain(true))
        .await
        .unwrap();
    assert_eq!(drain_annotation(&d).as_deref(), Some("true"));
    fake.settle().await;
    let d = api.get("orders").await.unwrap();
    assert_eq!(d.status_state(), Some(&DeploymentState::Suspended));
    let d = api
        .cancel_with("orders", &StopParams::default().drain(false))
        .await
        .unwrap();
    assert_eq!(drain_annotation(&d), None);
}

#[tokio::test]
async fn savepoints_in_native_format() {
    let fake = FakePlatform::start().await;
    running(&fake, "orders", 1).await;
    let api = fake.client().deployments("default");
    let sp = api
        .trigger_savepoint("orders", SavepointFormat::NATIVE)
        .await
        .unwrap();
    assert_eq!(
        vvp::savepoint_format::format_of(&sp),
        Some(SavepointFormat::NATIVE)
    );
    let stored = fake
        .client()
        .savepoints("default")
        .get(sp.id().unwrap())
        .await
        .unwrap();
    assert_eq!(
        vvp::savepoint_format::format_of(&stored).map(|f| f.to_string()),
        Some("NATIVE".into())
    );
    // The fake knows the two formats; anything else is the server's validation error.
    let err = api
        .trigger_savepoint("orders", SavepointFormat::other("ZIP"))
        .await
        .unwrap_err();
    assert!(err.is_validation(), "{err}");

    // What is sent: the deployment's id and `spec.formatType`.
    let server = MockServer::start().await;
    let id = "5b0c4f3e-1d2a-4c3b-9f6e-0a1b2c3d4e5f";
    Mock::given(method("GET"))
        .and(path("/api/v1/namespaces/default/deployments/orders"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"metadata": {"name": "orders", "id": id}})),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v1/namespaces/default/savepoints"))
        .and(body_json(json!({
            "metadata": {"deploymentId": id},
            "spec": {"formatType": "CANONICAL"}
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "metadata": {"id": "6b0c4f3e-1d2a-4c3b-9f6e-0a1b2c3d4e5f", "deploymentId": id},
            "spec": {"formatType": "CANONICAL"},
            "status": {"state": "STARTED"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = vvp::Client::builder(server.uri()).build().unwrap();
    let sp = client
        .deployments("default")
        .trigger_savepoint("orders", SavepointFormat::CANONICAL)
        .await
        .unwrap();
    assert_eq!(sp.state(), Some(&vvp::types::SavepointState::Started));
    let _: Value = serde_json::to_value(&sp).unwrap();
}
