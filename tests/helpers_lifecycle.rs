//! Deployment lifecycle helpers against wiremock: set_state and its shorthands,
//! cancel_and_delete, take_savepoint. Asserts the exact requests, in order.

#[path = "common/mock.rs"]
mod mock;
#[path = "common/paused.rs"]
mod paused;

use mock::TOKEN;
use paused::timerless_http;
use serde_json::{json, Value};
use std::time::Duration;
use vvp::types::{DeploymentState, SavepointState};
use vvp::{Client, Error, WaitParams};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const NS: &str = "team-a";
const DEP_ID: &str = "0e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b";
const SP_ID: &str = "c4e40dc9-69c7-4ba0-8add-5f862ecb00ef";

/// No client-side timers (see `paused::timerless_http`): tokio's clock is paused.
async fn setup() -> (MockServer, Client) {
    mock::setup(|b| b.http_client(timerless_http())).await
}

fn dep_path() -> String {
    format!("/api/v1/namespaces/{NS}/deployments/top-speed")
}

fn deployment(desired: &str, observed: &str) -> Value {
    json!({
        "kind": "Deployment",
        "apiVersion": "v1",
        "metadata": {"name": "top-speed", "namespace": NS, "id": DEP_ID},
        "spec": {"state": desired},
        "status": {"state": observed}
    })
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

fn api_error(status: u16, reason: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({
        "kind": "ApiException", "apiVersion": "v1", "message": format!("{reason} error"),
        "reason": reason, "statusCode": status
    }))
}

/// Mount one mock per step, each answering exactly once, matched in order.
async fn steps(server: &MockServer, steps: Vec<(Mock, &str)>) {
    for (i, (mock, name)) in steps.into_iter().enumerate() {
        mock.up_to_n_times(1)
            .with_priority(u8::try_from(i + 1).unwrap())
            .expect(1)
            .named(name)
            .mount(server)
            .await;
    }
}

fn get(p: &str, r: ResponseTemplate) -> Mock {
    Mock::given(method("GET"))
        .and(path(p))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(r)
}

fn patch_state(state: &str, r: ResponseTemplate) -> Mock {
    Mock::given(method("PATCH"))
        .and(path(dep_path()))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({"spec": {"state": state}})))
        .respond_with(r)
}

fn delete(r: ResponseTemplate) -> Mock {
    Mock::given(method("DELETE"))
        .and(path(dep_path()))
        .respond_with(r)
}

/// The first two requests of `cancel_and_delete` for a Deployment observed in `observed`
/// (desired RUNNING): the GET, then the PATCH to CANCELLED.
fn cancel_steps(observed: &str) -> Vec<(Mock, &'static str)> {
    vec![
        (
            get(&dep_path(), ok(deployment("RUNNING", observed))),
            "GET before",
        ),
        (
            patch_state("CANCELLED", ok(deployment("CANCELLED", observed))),
            "PATCH cancel",
        ),
    ]
}

/// `cancel_and_delete` of the Deployment `top-speed`.
async fn cancel_and_delete(client: &Client, params: &WaitParams) -> Result<(), Error> {
    client
        .deployments(NS)
        .cancel_and_delete("top-speed", params)
        .await
}

/// `METHOD path` of every request received, in order.
async fn log(server: &MockServer) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| format!("{} {}", r.method, r.url.path()))
        .collect()
}

#[tokio::test]
async fn set_state_and_shorthands_patch_spec_state() {
    let (server, client) = setup().await;
    let api = client.deployments(NS);
    for (state, enum_state) in [
        ("RUNNING", DeploymentState::Running),
        ("SUSPENDED", DeploymentState::Suspended),
        ("CANCELLED", DeploymentState::Cancelled),
    ] {
        patch_state(state, ok(deployment(state, "TRANSITIONING")))
            .expect(2)
            .named(format!("PATCH {state}"))
            .mount(&server)
            .await;
        let d = api
            .set_state("top-speed", enum_state.clone())
            .await
            .unwrap();
        assert_eq!(d.desired_state(), Some(&enum_state));
    }
    api.start("top-speed").await.unwrap();
    api.suspend("top-speed").await.unwrap();
    api.cancel("top-speed").await.unwrap();
    assert_eq!(log(&server).await.len(), 6);
}

#[tokio::test]
async fn set_state_by_id_and_invalid_name() {
    let (server, client) = setup().await;
    Mock::given(method("PATCH"))
        .and(path(format!(
            "/api/v1/namespaces/{NS}/deployments/{DEP_ID}"
        )))
        .and(body_json(json!({"spec": {"state": "CANCELLED"}})))
        .respond_with(ok(deployment("CANCELLED", "RUNNING")))
        .expect(1)
        .mount(&server)
        .await;
    let api = client.deployments(NS);
    api.cancel(uuid::Uuid::parse_str(DEP_ID).unwrap())
        .await
        .unwrap();
    let err = api.cancel("Top Speed").await.unwrap_err();
    assert!(matches!(err, Error::InvalidName { .. }), "{err:?}");
    assert_eq!(log(&server).await.len(), 1);
}

#[tokio::test(start_paused = true)]
async fn cancel_and_delete_running_deployment() {
    let (server, client) = setup().await;
    let p = dep_path();
    let mut plan = cancel_steps("RUNNING");
    plan.extend([
        (
            get(&p, ok(deployment("CANCELLED", "TRANSITIONING"))),
            "GET transitioning",
        ),
        (
            get(&p, ok(deployment("CANCELLED", "CANCELLED"))),
            "GET cancelled",
        ),
        (delete(ok(deployment("CANCELLED", "CANCELLED"))), "DELETE"),
    ]);
    steps(&server, plan).await;
    cancel_and_delete(&client, &WaitParams::default())
        .await
        .unwrap();
    let p = dep_path();
    assert_eq!(
        log(&server).await,
        [
            format!("GET {p}"),
            format!("PATCH {p}"),
            format!("GET {p}"),
            format!("GET {p}"),
            format!("DELETE {p}"),
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn cancel_and_delete_failed_deployment_cancels_first() {
    // A FAILED deployment is cancelled too; the stale FAILED status is not an error here.
    let (server, client) = setup().await;
    let p = dep_path();
    let mut plan = cancel_steps("FAILED");
    plan.extend([
        (get(&p, ok(deployment("CANCELLED", "FAILED"))), "GET stale"),
        (
            get(&p, ok(deployment("CANCELLED", "CANCELLED"))),
            "GET cancelled",
        ),
        (delete(ResponseTemplate::new(204)), "DELETE"),
    ]);
    steps(&server, plan).await;
    cancel_and_delete(&client, &WaitParams::default())
        .await
        .unwrap();
}

#[tokio::test]
async fn cancel_and_delete_absent_is_ok() {
    let (server, client) = setup().await;
    steps(
        &server,
        vec![(get(&dep_path(), api_error(404, "NotFound")), "GET")],
    )
    .await;
    cancel_and_delete(&client, &WaitParams::default())
        .await
        .unwrap();
    assert_eq!(log(&server).await.len(), 1);
}

#[tokio::test]
async fn cancel_and_delete_already_stopped_deletes_at_once() {
    for state in ["SUSPENDED", "CANCELLED"] {
        let (server, client) = setup().await;
        steps(
            &server,
            vec![
                (get(&dep_path(), ok(deployment(state, state))), "GET"),
                (delete(ok(deployment(state, state))), "DELETE"),
            ],
        )
        .await;
        cancel_and_delete(&client, &WaitParams::default())
            .await
            .unwrap();
        assert_eq!(log(&server).await.len(), 2, "{state}");
    }
}

#[tokio::test(start_paused = true)]
async fn cancel_and_delete_suspended_on_older_server_falls_back_to_cancel() {
    let (server, client) = setup().await;
    let p = dep_path();
    steps(
        &server,
        vec![
            (get(&p, ok(deployment("SUSPENDED", "SUSPENDED"))), "GET"),
            (delete(api_error(409, "Conflict")), "DELETE refused"),
            (
                patch_state("CANCELLED", ok(deployment("CANCELLED", "SUSPENDED"))),
                "PATCH cancel",
            ),
            (
                get(&p, ok(deployment("CANCELLED", "CANCELLED"))),
                "GET cancelled",
            ),
            (delete(ok(deployment("CANCELLED", "CANCELLED"))), "DELETE"),
        ],
    )
    .await;
    cancel_and_delete(&client, &WaitParams::default())
        .await
        .unwrap();
    assert_eq!(log(&server).await.len(), 5);
}

#[tokio::test(start_paused = true)]
async fn cancel_and_delete_gone_while_waiting_is_ok() {
    let (server, client) = setup().await;
    let p = dep_path();
    let mut plan = cancel_steps("RUNNING");
    plan.push((get(&p, api_error(404, "NotFound")), "GET gone"));
    steps(&server, plan).await;
    cancel_and_delete(&client, &WaitParams::default())
        .await
        .unwrap();
    assert_eq!(log(&server).await.len(), 3);
}

#[tokio::test(start_paused = true)]
async fn cancel_and_delete_times_out() {
    let (server, client) = setup().await;
    let p = dep_path();
    steps(&server, cancel_steps("RUNNING")).await;
    get(&p, ok(deployment("CANCELLED", "TRANSITIONING")))
        .with_priority(10)
        .mount(&server)
        .await;
    let params = WaitParams::default().timeout(Duration::from_secs(4));
    let err = cancel_and_delete(&client, &params).await.unwrap_err();
    assert!(
        matches!(&err, Error::WaitTimeout { last_state: Some(s), .. } if s == "TRANSITIONING"),
        "{err:?}"
    );
    // No DELETE was attempted.
    assert!(log(&server).await.iter().all(|r| !r.starts_with("DELETE")));
}

fn savepoint(state: &str) -> Value {
    json!({
        "kind": "Savepoint",
        "apiVersion": "v1",
        "metadata": {"id": SP_ID, "namespace": NS, "deploymentId": DEP_ID, "origin": "USER_REQUEST"},
        "spec": {"savepointLocation": format!("s3://bucket/sp/{SP_ID}")},
        "status": {"state": state}
    })
}

fn post_savepoint(r: ResponseTemplate) -> Mock {
    Mock::given(method("POST"))
        .and(path(format!("/api/v1/namespaces/{NS}/savepoints")))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({"metadata": {"deploymentId": DEP_ID}})))
        .respond_with(r)
}

#[tokio::test(start_paused = true)]
async fn take_savepoint_waits_until_completed() {
    let (server, client) = setup().await;
    let sp_path = format!("/api/v1/namespaces/{NS}/savepoints/{SP_ID}");
    steps(
        &server,
        vec![
            (
                get(&dep_path(), ok(deployment("RUNNING", "RUNNING"))),
                "GET deployment",
            ),
            (
                post_savepoint(ResponseTemplate::new(201).set_body_json(savepoint("STARTED"))),
                "POST savepoint",
            ),
            (get(&sp_path, ok(savepoint("STARTED"))), "GET started"),
            (get(&sp_path, ok(savepoint("STARTED"))), "GET started 2"),
            (get(&sp_path, ok(savepoint("COMPLETED"))), "GET completed"),
        ],
    )
    .await;
    let sp = client
        .deployments(NS)
        .take_savepoint("top-speed", &WaitParams::default())
        .await
        .unwrap();
    assert_eq!(sp.state(), Some(&SavepointState::Completed));
    assert_eq!(
        sp.location(),
        Some(format!("s3://bucket/sp/{SP_ID}").as_str())
    );
    let log = log(&server).await;
    assert_eq!(log.len(), 5);
    assert_eq!(log[1], format!("POST /api/v1/namespaces/{NS}/savepoints"));
}

#[tokio::test(start_paused = true)]
async fn take_savepoint_failed_reports_failure() {
    let (server, client) = setup().await;
    let sp_path = format!("/api/v1/namespaces/{NS}/savepoints/{SP_ID}");
    let mut failed = savepoint("FAILED");
    failed["status"]["failure"] = json!({
        "message": "Checkpoint coordinator is shutdown", "reason": "SavepointFailed",
        "failedAt": "2024-01-01T00:00:00Z"
    });
    steps(
        &server,
        vec![
            (
                get(
                    &format!("/api/v1/namespaces/{NS}/deployments/{DEP_ID}"),
                    ok(deployment("RUNNING", "RUNNING")),
                ),
                "GET deployment by id",
            ),
            (post_savepoint(ok(savepoint("STARTED"))), "POST savepoint"),
            (get(&sp_path, ok(failed)), "GET failed"),
        ],
    )
    .await;
    let err = client
        .deployments(NS)
        .take_savepoint(DEP_ID, &WaitParams::default())
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "Savepoint {SP_ID} reached state FAILED while waiting for COMPLETED: \
             Checkpoint coordinator is shutdown (SavepointFailed)"
        )
    );
}

#[tokio::test]
async fn take_savepoint_without_running_job_is_the_servers_error() {
    let (server, client) = setup().await;
    steps(
        &server,
        vec![
            (
                get(&dep_path(), ok(deployment("CANCELLED", "CANCELLED"))),
                "GET deployment",
            ),
            (
                post_savepoint(ResponseTemplate::new(400).set_body_json(json!({
                    "kind": "ApiException", "message": "No active job for a deployment.",
                    "reason": "BadRequest", "statusCode": 400
                }))),
                "POST savepoint",
            ),
        ],
    )
    .await;
    let err = client
        .deployments(NS)
        .take_savepoint("top-speed", &WaitParams::default())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert!(err.to_string().contains("No active job"), "{err}");
}

#[tokio::test]
async fn take_savepoint_of_missing_deployment_is_not_found() {
    let (server, client) = setup().await;
    steps(
        &server,
        vec![(get(&dep_path(), api_error(404, "NotFound")), "GET")],
    )
    .await;
    let err = client
        .deployments(NS)
        .take_savepoint("top-speed", &WaitParams::default())
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert_eq!(log(&server).await.len(), 1);
}
