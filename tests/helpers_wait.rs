//! Waits against a wiremock server replaying sequences of states, on tokio's paused clock
//! (no real sleeping): `wait_for_state` (success, fail-fast, stale FAILED), timeouts,
//! `await_condition`, session clusters, and the `Condition` combinators.

#[path = "common/mock.rs"]
mod mock;
#[path = "common/paused.rs"]
mod paused;

use mock::TOKEN;
use paused::timerless_http;
use serde_json::{json, Value};
use std::time::Duration;
use vvp::conditions::{
    deployment_failed, deployment_in_state, exists, is_deleted, job_in_state, job_terminal,
    savepoint_completed, session_cluster_in_state,
};
use vvp::types::{Deployment, DeploymentState, Job, JobState, JobStatus, SessionClusterState};
use vvp::{await_condition, Client, Condition, Error, WaitParams};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const NS: &str = "team-a";
const ID: &str = "5b0c4f3e-1d2a-4c3b-9f6e-0a1b2c3d4e5f";

/// No client-side timers (see `paused::timerless_http`): tokio's clock is paused.
async fn setup() -> (MockServer, Client) {
    mock::setup(|b| b.http_client(timerless_http())).await
}

fn deployment_path(name: &str) -> String {
    format!("/api/v1/namespaces/{NS}/deployments/{name}")
}

fn deployment(state: &str) -> Value {
    json!({
        "kind": "Deployment",
        "apiVersion": "v1",
        "metadata": {"name": "top-speed", "namespace": NS, "id": ID},
        "spec": {"state": "RUNNING"},
        "status": {"state": state}
    })
}

fn not_found() -> ResponseTemplate {
    ResponseTemplate::new(404).set_body_json(json!({
        "kind": "ApiException", "apiVersion": "v1", "message": "not found",
        "reason": "NotFound", "statusCode": 404
    }))
}

/// Mount `responses` for `GET p`, each answered exactly once, in order.
async fn sequence(server: &MockServer, p: &str, responses: Vec<ResponseTemplate>) {
    for (i, r) in responses.into_iter().enumerate() {
        Mock::given(method("GET"))
            .and(path(p))
            .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
            .respond_with(r)
            .up_to_n_times(1)
            .with_priority(u8::try_from(i + 1).unwrap())
            .expect(1)
            .named(format!("GET {p} #{i}"))
            .mount(server)
            .await;
    }
}

/// Mount `answers` for `GET` of the Deployment `top-speed`, each answered once, in order.
async fn replay(server: &MockServer, answers: Vec<ResponseTemplate>) {
    sequence(server, &deployment_path("top-speed"), answers).await;
}

/// Answer every `GET` of the Deployment `top-speed` with `answer`.
async fn always(server: &MockServer, answer: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path(deployment_path("top-speed")))
        .respond_with(answer)
        .mount(server)
        .await;
}

/// `wait_for_state` of the Deployment `top-speed`.
async fn wait_top_speed(
    client: &Client,
    state: DeploymentState,
    params: &WaitParams,
) -> Result<Deployment, Error> {
    client
        .deployments(NS)
        .wait_for_state("top-speed", state, params)
        .await
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

async fn gets(server: &MockServer) -> usize {
    let reqs = server.received_requests().await.unwrap();
    assert!(reqs.iter().all(|r| r.method.as_str() == "GET"), "only GETs");
    reqs.len()
}

#[tokio::test(start_paused = true)]
async fn wait_for_state_returns_when_running() {
    let (server, client) = setup().await;
    replay(
        &server,
        vec![
            ok(deployment("TRANSITIONING")),
            ok(deployment("TRANSITIONING")),
            ok(deployment("RUNNING")),
        ],
    )
    .await;
    let d = wait_top_speed(&client, DeploymentState::Running, &WaitParams::default())
        .await
        .unwrap();
    assert_eq!(d.status_state(), Some(&DeploymentState::Running));
    assert_eq!(gets(&server).await, 3);
}

#[tokio::test(start_paused = true)]
async fn wait_for_state_fails_fast_on_failed_with_conditions() {
    let (server, client) = setup().await;
    let mut failed = deployment("FAILED");
    failed["status"]["running"] = json!({"conditions": [
        {"type": "JobFailing", "status": "True", "message": "job restarted 3 times in 10 min", "reason": "JobRestarts"},
        {"type": "ClusterUnreachable", "status": "False", "message": "ignored: not true"}
    ]});
    replay(&server, vec![ok(deployment("TRANSITIONING")), ok(failed)]).await;
    let err = wait_top_speed(&client, DeploymentState::Running, &WaitParams::default())
        .await
        .unwrap_err();
    match &err {
        Error::ResourceFailed {
            kind,
            id,
            state,
            expected,
            message,
        } => {
            assert_eq!(*kind, "Deployment");
            assert_eq!(id, "top-speed");
            assert_eq!(state, "FAILED");
            assert_eq!(expected, "RUNNING");
            assert_eq!(
                message.as_deref(),
                Some("JobFailing: job restarted 3 times in 10 min")
            );
        }
        other => panic!("expected ResourceFailed, got {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "Deployment top-speed reached state FAILED while waiting for RUNNING: \
         JobFailing: job restarted 3 times in 10 min"
    );
    // Nothing after the FAILED answer.
    assert_eq!(gets(&server).await, 2);
}

#[tokio::test(start_paused = true)]
async fn stale_failed_at_start_is_not_a_failure() {
    // Right after a restart the server still reports the old FAILED state.
    let (server, client) = setup().await;
    replay(
        &server,
        vec![
            ok(deployment("FAILED")),
            ok(deployment("TRANSITIONING")),
            ok(deployment("RUNNING")),
        ],
    )
    .await;
    let d = wait_top_speed(&client, DeploymentState::Running, &WaitParams::default())
        .await
        .unwrap();
    assert_eq!(d.status_state(), Some(&DeploymentState::Running));
    assert_eq!(gets(&server).await, 3);
}

#[tokio::test(start_paused = true)]
async fn persistent_failed_counts_after_the_grace() {
    let (server, client) = setup().await;
    // Grace 0: an initial FAILED fails at once, with no message when nothing explains it.
    replay(&server, vec![ok(deployment("FAILED"))]).await;
    let params = WaitParams::default().failure_grace(Duration::ZERO);
    let err = wait_top_speed(&client, DeploymentState::Running, &params)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::ResourceFailed { message: None, .. }),
        "{err:?}"
    );
    assert_eq!(gets(&server).await, 1);
}

#[tokio::test(start_paused = true)]
async fn initial_failed_that_persists_fails_after_default_grace() {
    let (server, client) = setup().await;
    always(&server, ok(deployment("FAILED"))).await;
    let err = wait_top_speed(&client, DeploymentState::Running, &WaitParams::default())
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::ResourceFailed { .. }), "{err:?}");
    // Polls at 0, 2, 4, 6, 8 s (within the 10 s grace) and 10 s (grace over).
    assert_eq!(gets(&server).await, 6);
}

#[tokio::test(start_paused = true)]
async fn waiting_for_failed_itself_is_not_a_failure() {
    let (server, client) = setup().await;
    replay(
        &server,
        vec![ok(deployment("RUNNING")), ok(deployment("FAILED"))],
    )
    .await;
    let d = wait_top_speed(&client, DeploymentState::Failed, &WaitParams::default())
        .await
        .unwrap();
    assert_eq!(d.status_state(), Some(&DeploymentState::Failed));
}

#[tokio::test(start_paused = true)]
async fn timeout_reports_kind_id_and_last_state() {
    let (server, client) = setup().await;
    always(&server, ok(deployment("TRANSITIONING"))).await;
    let params = WaitParams::default()
        .interval(Duration::from_secs(2))
        .timeout(Duration::from_secs(10));
    let err = wait_top_speed(&client, DeploymentState::Running, &params)
        .await
        .unwrap_err();
    match &err {
        Error::WaitTimeout {
            kind,
            id,
            waited,
            last_state,
        } => {
            assert_eq!(*kind, "Deployment");
            assert_eq!(id, "top-speed");
            assert!(*waited >= Duration::from_secs(10), "{waited:?}");
            assert_eq!(last_state.as_deref(), Some("TRANSITIONING"));
        }
        other => panic!("expected WaitTimeout, got {other:?}"),
    }
    assert!(err.to_string().starts_with("timed out after"), "{err}");
    assert!(err
        .to_string()
        .contains("waiting for Deployment top-speed (last state: TRANSITIONING)"));
    assert!(err.may_have_been_sent());
    // Polls at 0, 2, 4, 6, 8 and a last one at the deadline.
    assert_eq!(gets(&server).await, 6);
}

#[tokio::test(start_paused = true)]
async fn absent_object_is_waited_for_and_reported_on_timeout() {
    let (server, client) = setup().await;
    always(&server, not_found()).await;
    let params = WaitParams::default().timeout(Duration::from_secs(4));
    let err = wait_top_speed(&client, DeploymentState::Running, &params)
        .await
        .unwrap_err();
    assert!(
        matches!(
            &err,
            Error::WaitTimeout {
                last_state: None,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().ends_with("(last state: none)"), "{err}");
    assert_eq!(gets(&server).await, 3);
}

#[tokio::test(start_paused = true)]
async fn await_condition_until_deleted_returns_none() {
    let (server, client) = setup().await;
    replay(&server, vec![ok(deployment("CANCELLED")), not_found()]).await;
    let api = client.deployments(NS);
    let gone = await_condition(&api, "top-speed", is_deleted(), &WaitParams::default())
        .await
        .unwrap();
    assert!(gone.is_none());
    assert_eq!(gets(&server).await, 2);
}

#[tokio::test(start_paused = true)]
async fn wait_until_with_combined_condition() {
    let (server, client) = setup().await;
    replay(
        &server,
        vec![
            not_found(),
            ok(deployment("TRANSITIONING")),
            ok(deployment("CANCELLED")),
        ],
    )
    .await;
    let settled = deployment_in_state(DeploymentState::Running)
        .or(deployment_in_state(DeploymentState::Cancelled))
        .or(deployment_failed());
    let d = client
        .deployments(NS)
        .wait_until("top-speed", settled, &WaitParams::default())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(d.status_state(), Some(&DeploymentState::Cancelled));
}

#[tokio::test(start_paused = true)]
async fn errors_while_polling_end_the_wait() {
    let (server, client) = setup().await;
    replay(&server, vec![
            ok(deployment("TRANSITIONING")),
            ResponseTemplate::new(403).set_body_json(json!({
                "kind": "ApiException", "message": "forbidden", "reason": "Forbidden", "statusCode": 403
            })),
        ]).await;
    let err = wait_top_speed(&client, DeploymentState::Running, &WaitParams::default())
        .await
        .unwrap_err();
    assert!(err.is_forbidden(), "{err:?}");
}

#[tokio::test(start_paused = true)]
async fn invalid_name_sends_nothing() {
    let (server, client) = setup().await;
    let err = client
        .deployments(NS)
        .wait_for_state(
            "Top_Speed",
            DeploymentState::Running,
            &WaitParams::default(),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidName { .. }), "{err:?}");
    let err = client
        .jobs(NS)
        .wait_until("not-a-uuid", job_terminal(), &WaitParams::default())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidName { .. }), "{err:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test(start_paused = true)]
async fn jobs_by_id() {
    let (server, client) = setup().await;
    let job = |state: &str| {
        ok(json!({"kind": "Job", "metadata": {"id": ID}, "status": {"state": state}}))
    };
    sequence(
        &server,
        &format!("/api/v1/namespaces/{NS}/jobs/{ID}"),
        vec![job("STARTING"), job("STARTED")],
    )
    .await;
    let j = client
        .jobs(NS)
        .wait_until(
            uuid::Uuid::parse_str(ID).unwrap(),
            job_in_state(JobState::Started),
            &WaitParams::default(),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(j.state(), Some(&JobState::Started));
}

fn session_cluster(state: &str) -> Value {
    json!({
        "kind": "SessionCluster",
        "metadata": {"name": "sql", "namespace": NS},
        "spec": {"state": "RUNNING"},
        "status": {"state": state}
    })
}

#[tokio::test(start_paused = true)]
async fn session_cluster_wait_for_state() {
    let (server, client) = setup().await;
    let p = format!("/api/v1/namespaces/{NS}/sessionclusters/sql");
    sequence(
        &server,
        &p,
        vec![
            ok(session_cluster("STARTING")),
            ok(session_cluster("RUNNING")),
        ],
    )
    .await;
    let sc = client
        .session_clusters(NS)
        .wait_for_state("sql", SessionClusterState::Running, &WaitParams::default())
        .await
        .unwrap();
    assert_eq!(sc.status_state(), Some(&SessionClusterState::Running));
}

#[tokio::test(start_paused = true)]
async fn session_cluster_fails_fast_with_failure_message() {
    let (server, client) = setup().await;
    let p = format!("/api/v1/namespaces/{NS}/sessionclusters/sql");
    let mut failed = session_cluster("FAILED");
    failed["status"]["failure"] =
        json!({"message": "Insufficient cpu", "reason": "ResourceQuotaExceeded"});
    sequence(
        &server,
        &p,
        vec![ok(session_cluster("STARTING")), ok(failed)],
    )
    .await;
    let err = client
        .session_clusters(NS)
        .wait_for_state("sql", SessionClusterState::Running, &WaitParams::default())
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "SessionCluster sql reached state FAILED while waiting for RUNNING: \
         Insufficient cpu (ResourceQuotaExceeded)"
    );
}

#[test]
fn condition_combinators() {
    let running = {
        let mut d = Deployment::new("d");
        d.status = Some(vvp::types::DeploymentStatus {
            state: Some(DeploymentState::Running),
            ..Default::default()
        });
        d
    };
    let is_running = deployment_in_state(DeploymentState::Running);
    assert!(is_running.matches_object(Some(&running)));
    assert!(!is_running.matches_object(Some(&Deployment::new("d"))));
    assert!(!is_running.matches_object(None));
    assert!(is_running.clone().not().matches_object(None));
    assert!(is_running.clone().or(is_deleted()).matches_object(None));
    assert!(!is_running.clone().and(is_deleted()).matches_object(None));
    assert!(is_running
        .clone()
        .and(exists())
        .matches_object(Some(&running)));
    assert!(!deployment_failed().matches_object(Some(&running)));

    // Plain closures are conditions, and combine with ready-made ones.
    let named_d = |d: Option<&Deployment>| d.and_then(|d| d.metadata.name.as_deref()) == Some("d");
    assert!(named_d.and(is_running).matches_object(Some(&running)));

    let job = Job {
        status: Some(JobStatus {
            state: Some(JobState::Finished),
            ..Default::default()
        }),
        ..Default::default()
    };
    assert!(job_terminal().matches_object(Some(&job)));
    assert!(!job_in_state(JobState::Started).matches_object(Some(&job)));
    assert!(!savepoint_completed().matches_object(None));
    assert!(!session_cluster_in_state(SessionClusterState::Running).matches_object(None));
}

#[test]
fn wait_params_defaults_and_setters() {
    let p = WaitParams::default();
    assert_eq!(p.interval, Duration::from_secs(2));
    assert_eq!(p.timeout, Duration::from_secs(600));
    assert_eq!(p.failure_grace, Duration::from_secs(10));
    let p = p
        .interval(Duration::from_millis(100))
        .timeout(Duration::from_secs(1))
        .failure_grace(Duration::ZERO);
    assert_eq!(
        (p.interval, p.timeout, p.failure_grace),
        (
            Duration::from_millis(100),
            Duration::from_secs(1),
            Duration::ZERO
        )
    );
}
