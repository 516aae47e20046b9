//! Retries (src/retry.rs) against wiremock, on tokio's paused clock where no client timer
//! is involved (so backoffs and `Retry-After` cost no real time): which methods and
//! failures are repeated, how long the client waits, when it gives up and what the final
//! error says; polling waits riding out transient errors; bodiless `201 Created` answers
//! read back.

#[path = "common/capture.rs"]
mod capture;
#[path = "common/mock.rs"]
mod mock;
#[path = "common/paused.rs"]
mod paused;

use capture::{capture, RETRY_EVENT};
use paused::timerless_http;
use serde_json::{json, Value};
use std::time::Duration;
use tokio::time::Instant;
use vvp::testing::FakePlatform;
use vvp::types::{Deployment, DeploymentState, DeploymentTarget, Savepoint};
use vvp::{ApplyAction, Client, Error, MergePatch, RetryPolicy, WaitParams};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const NS: &str = "default";

/// Deterministic backoffs: 100 ms, 200 ms, 400 ms, ... (no jitter).
fn policy() -> RetryPolicy {
    RetryPolicy::default()
        .jitter(false)
        .initial_backoff(Duration::from_millis(100))
        .max_backoff(Duration::from_secs(1))
}

/// A client without timers of its own (the clock is paused) and with `policy`.
async fn setup(policy: RetryPolicy) -> (MockServer, Client) {
    mock::setup(|b| b.http_client(timerless_http()).retry(policy)).await
}

fn deployment_json(name: &str, state: &str) -> Value {
    json!({
        "kind": "Deployment",
        "apiVersion": "v1",
        "metadata": {"name": name, "namespace": NS, "id": "5b0c4f3e-1d2a-4c3b-9f6e-0a1b2c3d4e5f"},
        "spec": {"state": "RUNNING", "deploymentTargetName": "k8s"},
        "status": {"state": state}
    })
}

fn list_json() -> Value {
    json!({"kind": "DeploymentList", "apiVersion": "v1", "items": []})
}

fn am_error(status: u16) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({
        "kind": "ApiException", "apiVersion": "v1", "message": format!("status {status}"),
        "reason": "Unavailable", "statusCode": status
    }))
}

fn deployments_path() -> String {
    format!("/api/v1/namespaces/{NS}/deployments")
}

fn item_path(name: &str) -> String {
    format!("{}/{name}", deployments_path())
}

/// Answer `m p` with `first` for the first `n` requests, then with `then` (if given).
async fn mount(
    server: &MockServer,
    m: &str,
    p: &str,
    first: ResponseTemplate,
    n: u64,
    then: Option<ResponseTemplate>,
) {
    Mock::given(method(m))
        .and(path(p))
        .respond_with(first)
        .up_to_n_times(n)
        .with_priority(1)
        .mount(server)
        .await;
    if let Some(then) = then {
        Mock::given(method(m))
            .and(path(p))
            .respond_with(then)
            .with_priority(2)
            .mount(server)
            .await;
    }
}

async fn received(server: &MockServer, m: &str) -> usize {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.method.as_str() == m)
        .count()
}

#[tokio::test(start_paused = true)]
async fn a_get_answered_503_once_then_200_succeeds_after_one_retry() {
    let (server, client) = setup(policy()).await;
    mount(
        &server,
        "GET",
        &deployments_path(),
        am_error(503),
        1,
        Some(ResponseTemplate::new(200).set_body_json(list_json())),
    )
    .await;
    let (log, _guard) = capture();
    let start = Instant::now();
    let list = client.deployments(NS).list().await.unwrap();
    assert!(list.is_empty());
    assert_eq!(received(&server, "GET").await, 2);
    assert_eq!(start.elapsed(), Duration::from_millis(100));
    // One tracing event per retry, naming method, path, attempt and delay.
    assert_eq!(log.count(RETRY_EVENT), 1, "{}", log.text());
    let text = log.text();
    let line = text.lines().find(|l| l.contains(RETRY_EVENT)).unwrap();
    for field in [
        "method=GET",
        "path=/api/v1/namespaces/default/deployments",
        "attempt=1",
        "delay_ms=100",
        "status=503",
    ] {
        assert!(line.contains(field), "{field} missing in {line}");
    }
}

#[tokio::test(start_paused = true)]
async fn idempotent_methods_are_retried_on_each_transient_status_until_max_attempts() {
    let mut observed = 0;
    for status in [429u16, 502, 503, 504] {
        for verb in ["GET", "PUT", "DELETE"] {
            let (server, client) = setup(policy()).await;
            let p = item_path("top-speed");
            mount(&server, verb, &p, am_error(status), u64::MAX, None).await;
            let (log, guard) = capture();
            let start = Instant::now();
            let api = client.deployments(NS);
            let err = match verb {
                "GET" => api.get("top-speed").await.map(drop).unwrap_err(),
                "PUT" => api
                    .upsert(&Deployment::new("top-speed"))
                    .await
                    .map(drop)
                    .unwrap_err(),
                _ => api.delete("top-speed").await.unwrap_err(),
            };
            drop(guard);
            assert_eq!(err.attempts(), 4, "{verb} {status}: {err}");
            assert_eq!(err.status(), Some(status));
            assert!(matches!(err, Error::Retried(_)), "{err:?}");
            assert!(matches!(err.last_attempt(), Error::Api(_)));
            assert!(err.to_string().contains("after 4 attempts"), "{err}");
            assert_eq!(received(&server, verb).await, 4, "{verb} {status}");
            // 100 + 200 + 400 ms of backoff.
            assert_eq!(start.elapsed(), Duration::from_millis(700));
            assert_eq!(log.count(RETRY_EVENT), 3);
            observed += log.count(RETRY_EVENT);
        }
    }
    assert_eq!(observed, 4 * 3 * 3);
}

#[tokio::test(start_paused = true)]
async fn post_is_never_retried_and_patch_only_on_opt_in() {
    for status in [429u16, 502, 503, 504] {
        let (server, client) = setup(policy()).await;
        mount(
            &server,
            "POST",
            &deployments_path(),
            am_error(status),
            u64::MAX,
            None,
        )
        .await;
        mount(
            &server,
            "PATCH",
            &item_path("top-speed"),
            am_error(status),
            u64::MAX,
            None,
        )
        .await;
        let api = client.deployments(NS);
        let err = api.create(&Deployment::new("top-speed")).await.unwrap_err();
        assert_eq!(err.attempts(), 1);
        assert!(matches!(err, Error::Api(_)), "not wrapped: {err:?}");
        assert_eq!(received(&server, "POST").await, 1);
        let patch = MergePatch::new().set("/spec/state", "CANCELLED");
        let err = api.patch("top-speed", &patch).await.unwrap_err();
        assert_eq!((err.attempts(), err.status()), (1, Some(status)));
        assert_eq!(received(&server, "PATCH").await, 1);
    }
    let (server, client) = setup(policy().retry_patch(true)).await;
    mount(
        &server,
        "PATCH",
        &item_path("top-speed"),
        am_error(503),
        u64::MAX,
        None,
    )
    .await;
    mount(
        &server,
        "POST",
        &deployments_path(),
        am_error(503),
        u64::MAX,
        None,
    )
    .await;
    let patch = MergePatch::new().set("/spec/state", "CANCELLED");
    let api = client.deployments(NS);
    let err = api.patch("top-speed", &patch).await.unwrap_err();
    assert_eq!(err.attempts(), 4);
    assert_eq!(received(&server, "PATCH").await, 4);
    // Opting in to PATCH does not make POST retried.
    api.create(&Deployment::new("top-speed")).await.unwrap_err();
    assert_eq!(received(&server, "POST").await, 1);
}

/// A port nothing listens on: connections are refused, nothing is ever sent.
fn refused_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

#[tokio::test(start_paused = true)]
async fn a_refused_connection_is_retried_even_for_post_because_nothing_was_sent() {
    let client = Client::builder(refused_url())
        .http_client(timerless_http())
        .retry(policy())
        .build()
        .unwrap();
    let (log, _guard) = capture();
    let err = client
        .deployments(NS)
        .create(&Deployment::new("top-speed"))
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), 4, "{err}");
    assert!(!err.may_have_been_sent());
    assert!(matches!(err.last_attempt(), Error::Transport(_)));
    let err = client.deployments(NS).list().await.unwrap_err();
    assert_eq!(err.attempts(), 4);
    assert_eq!(log.count(RETRY_EVENT), 6);
}

#[tokio::test]
async fn post_is_not_retried_when_the_connection_drops_after_sending() {
    let fake = FakePlatform::start().await;
    let client = Client::builder(fake.url())
        .retry(policy().initial_backoff(Duration::from_millis(1)))
        .build()
        .unwrap();
    let targets = client.deployment_targets(NS);
    // Processed, then the connection is closed: the target exists, the client never hears.
    fake.drop_next_response("POST /api/v1/namespaces/default/deployment-targets")
        .await;
    let err = targets
        .create(&DeploymentTarget::new("dropped-after", "flink"))
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), 1, "{err}");
    assert!(err.may_have_been_sent());
    // Closed before processing: still not retried (the client cannot tell the two apart).
    fake.drop_next_connection("POST /api/v1/namespaces/default/deployment-targets")
        .await;
    let err = targets
        .create(&DeploymentTarget::new("dropped-before", "flink"))
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), 1, "{err}");
    let posts = fake
        .requests()
        .await
        .into_iter()
        .filter(|r| r.method == "POST")
        .count();
    assert_eq!(posts, 2, "each POST reached the fake exactly once");
    assert!(targets.get("dropped-after").await.is_ok());
    assert!(targets.get_opt("dropped-before").await.unwrap().is_none());
    // The same faults on a GET are ridden out.
    fake.drop_next_response("GET /api/v1/namespaces/default/deployment-targets")
        .await;
    fake.drop_next_connection("GET /api/v1/namespaces/default/deployment-targets")
        .await;
    assert_eq!(targets.list().await.unwrap().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn retry_after_in_seconds_is_honoured() {
    let (server, client) = setup(policy()).await;
    mount(
        &server,
        "GET",
        &deployments_path(),
        am_error(429).insert_header("Retry-After", "7"),
        1,
        Some(ResponseTemplate::new(200).set_body_json(list_json())),
    )
    .await;
    let start = Instant::now();
    client.deployments(NS).list().await.unwrap();
    assert_eq!(start.elapsed(), Duration::from_secs(7));
}

#[tokio::test(start_paused = true)]
async fn retry_after_as_an_http_date_is_honoured() {
    let (server, client) = setup(policy()).await;
    let at = chrono::Utc::now() + chrono::Duration::seconds(30);
    let date = at.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
    mount(
        &server,
        "GET",
        &deployments_path(),
        am_error(503).insert_header("Retry-After", date.as_str()),
        1,
        Some(ResponseTemplate::new(200).set_body_json(list_json())),
    )
    .await;
    let start = Instant::now();
    client.deployments(NS).list().await.unwrap();
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_secs(28) && waited <= Duration::from_secs(30),
        "{waited:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_retry_after_beyond_the_budget_ends_the_retries_at_once() {
    let (server, client) = setup(policy()).await;
    mount(
        &server,
        "GET",
        &deployments_path(),
        am_error(503).insert_header("Retry-After", "3600"),
        u64::MAX,
        None,
    )
    .await;
    let start = Instant::now();
    let err = client.deployments(NS).list().await.unwrap_err();
    assert_eq!(start.elapsed(), Duration::ZERO);
    assert_eq!(received(&server, "GET").await, 1);
    // Given up on a transient failure: the error says so.
    assert!(matches!(err, Error::Retried(_)));
    assert_eq!((err.attempts(), err.status()), (1, Some(503)));
    assert!(
        err.to_string().ends_with("(after 1 attempt in 0.0ns)"),
        "{err}"
    );
}

#[tokio::test(start_paused = true)]
async fn the_time_budget_caps_the_retries() {
    let p = policy()
        .initial_backoff(Duration::from_secs(10))
        .max_backoff(Duration::from_secs(10))
        .max_attempts(10)
        .budget(Duration::from_secs(25));
    let (server, client) = setup(p).await;
    mount(
        &server,
        "GET",
        &deployments_path(),
        am_error(502),
        u64::MAX,
        None,
    )
    .await;
    let start = Instant::now();
    let err = client.deployments(NS).list().await.unwrap_err();
    // t=0 fail, wait 10 s; t=10 fail, wait 10 s; t=20 fail, 30 s > 25 s: stop.
    assert_eq!(err.attempts(), 3);
    assert_eq!(start.elapsed(), Duration::from_secs(20));
    if let Error::Retried(r) = &err {
        assert_eq!(r.elapsed, Duration::from_secs(20));
    }
}

#[tokio::test(start_paused = true)]
async fn backoff_is_exponential_with_a_cap() {
    let p = policy()
        .initial_backoff(Duration::from_millis(100))
        .max_backoff(Duration::from_millis(300))
        .max_attempts(6);
    let (server, client) = setup(p).await;
    mount(
        &server,
        "GET",
        &deployments_path(),
        am_error(503),
        u64::MAX,
        None,
    )
    .await;
    let start = Instant::now();
    let err = client.deployments(NS).list().await.unwrap_err();
    assert_eq!(err.attempts(), 6);
    // 100 + 200 + 300 + 300 + 300.
    assert_eq!(start.elapsed(), Duration::from_millis(1200));
}

#[tokio::test(start_paused = true)]
async fn jittered_backoff_stays_between_half_and_all_of_the_nominal_delay() {
    let p = RetryPolicy::default()
        .initial_backoff(Duration::from_millis(1000))
        .max_backoff(Duration::from_secs(10));
    for _ in 0..20 {
        let (server, client) = setup(p).await;
        mount(
            &server,
            "GET",
            &deployments_path(),
            am_error(503),
            u64::MAX,
            None,
        )
        .await;
        let start = Instant::now();
        let err = client.deployments(NS).list().await.unwrap_err();
        assert_eq!(err.attempts(), 4);
        let waited = start.elapsed();
        // Nominal 1 + 2 + 4 s.
        assert!(
            waited >= Duration::from_millis(3500) && waited <= Duration::from_secs(7),
            "{waited:?}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn a_final_not_found_after_a_retry_is_still_not_found() {
    let (server, client) = setup(policy()).await;
    let p = item_path("gone");
    mount(&server, "GET", &p, am_error(503), 1, Some(am_error(404))).await;
    let err = client.deployments(NS).get("gone").await.unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(err.attempts(), 2);
    assert!(err.to_string().contains("after 2 attempts"), "{err}");
    mount(&server, "GET", &p, am_error(502), 1, None).await;
    assert!(client
        .deployments(NS)
        .get_opt("gone")
        .await
        .unwrap()
        .is_none());
}

#[tokio::test(start_paused = true)]
async fn other_errors_are_not_retried() {
    let (server, client) = setup(policy()).await;
    for (i, status) in [400u16, 401, 403, 404, 409, 500, 501]
        .into_iter()
        .enumerate()
    {
        let name = format!("d{i}");
        mount(
            &server,
            "GET",
            &item_path(&name),
            am_error(status),
            u64::MAX,
            None,
        )
        .await;
        let err = client.deployments(NS).get(name.as_str()).await.unwrap_err();
        assert_eq!((err.attempts(), err.status()), (1, Some(status)));
    }
    assert_eq!(received(&server, "GET").await, 7);
}

#[tokio::test(start_paused = true)]
async fn a_disabled_policy_sends_once() {
    let (server, client) = setup(RetryPolicy::disabled()).await;
    mount(
        &server,
        "GET",
        &deployments_path(),
        am_error(503),
        u64::MAX,
        None,
    )
    .await;
    let err = client.deployments(NS).list().await.unwrap_err();
    assert!(matches!(err, Error::Api(_)));
    assert_eq!(received(&server, "GET").await, 1);
    assert!(!client.retry_policy().is_enabled());
}

#[tokio::test]
async fn timeouts_are_retried() {
    let p = policy().initial_backoff(Duration::from_millis(10));
    let (server, client) = mock::setup(|b| b.timeout(Duration::from_millis(300)).retry(p)).await;
    mount(
        &server,
        "GET",
        &deployments_path(),
        ResponseTemplate::new(200)
            .set_body_json(list_json())
            .set_delay(Duration::from_secs(5)),
        1,
        Some(ResponseTemplate::new(200).set_body_json(list_json())),
    )
    .await;
    client.deployments(NS).list().await.unwrap();
    assert_eq!(received(&server, "GET").await, 2);
    // A POST that timed out may have been processed: not repeated.
    mount(
        &server,
        "POST",
        &deployments_path(),
        ResponseTemplate::new(201)
            .set_body_json(deployment_json("slow", "CANCELLED"))
            .set_delay(Duration::from_secs(5)),
        u64::MAX,
        None,
    )
    .await;
    let err = client
        .deployments(NS)
        .create(&Deployment::new("slow"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert_eq!(received(&server, "POST").await, 1);
}

// ---- polling waits ----

#[tokio::test(start_paused = true)]
async fn waits_ride_out_transient_errors() {
    let (server, client) = setup(policy()).await;
    let p = item_path("top-speed");
    // 1st poll: TRANSITIONING; then 9 failures (more than one request's 4 attempts);
    // then RUNNING.
    Mock::given(method("GET"))
        .and(path(p.as_str()))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(deployment_json("top-speed", "TRANSITIONING")),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p.as_str()))
        .respond_with(am_error(503))
        .up_to_n_times(9)
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p.as_str()))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(deployment_json("top-speed", "RUNNING")),
        )
        .with_priority(3)
        .mount(&server)
        .await;
    let params = WaitParams::default()
        .interval(Duration::from_secs(1))
        .timeout(Duration::from_secs(60));
    let (log, _guard) = capture();
    let d = client
        .deployments(NS)
        .wait_for_state("top-speed", DeploymentState::Running, &params)
        .await
        .unwrap();
    assert_eq!(d.status_state(), Some(&DeploymentState::Running));
    assert_eq!(received(&server, "GET").await, 11);
    // Two polls gave up after their retries and were followed by another poll.
    assert_eq!(log.count("vvp.wait: poll failed with a transient error"), 2);
    assert_eq!(log.count(RETRY_EVENT), 7);
}

#[tokio::test(start_paused = true)]
async fn a_wait_still_ends_at_its_timeout_with_the_last_transient_error() {
    let (server, client) = setup(policy()).await;
    mount(
        &server,
        "GET",
        &item_path("top-speed"),
        am_error(503),
        u64::MAX,
        None,
    )
    .await;
    let params = WaitParams::default()
        .interval(Duration::from_secs(2))
        .timeout(Duration::from_secs(30));
    let start = Instant::now();
    let err = client
        .deployments(NS)
        .wait_for_state("top-speed", DeploymentState::Running, &params)
        .await
        .unwrap_err();
    let waited = start.elapsed();
    assert_eq!(err.status(), Some(503), "{err}");
    assert_eq!(err.attempts(), 4);
    // The deadline poll's own retries (0.7 s) may run past the timeout, nothing more.
    assert!(
        waited >= Duration::from_secs(30) && waited <= Duration::from_millis(30_700),
        "{waited:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn waits_end_at_once_on_other_errors_or_without_retries() {
    let (server, client) = setup(policy()).await;
    mount(
        &server,
        "GET",
        &item_path("top-speed"),
        am_error(403),
        u64::MAX,
        None,
    )
    .await;
    let err = client
        .deployments(NS)
        .wait_for_state(
            "top-speed",
            DeploymentState::Running,
            &WaitParams::default(),
        )
        .await
        .unwrap_err();
    assert!(err.is_forbidden());
    assert_eq!(received(&server, "GET").await, 1);

    let (server, client) = setup(RetryPolicy::disabled()).await;
    mount(
        &server,
        "GET",
        &item_path("top-speed"),
        am_error(503),
        u64::MAX,
        None,
    )
    .await;
    let err = client
        .deployments(NS)
        .wait_for_state(
            "top-speed",
            DeploymentState::Running,
            &WaitParams::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(received(&server, "GET").await, 1);
}

// ---- bodiless 201 ----

#[tokio::test(start_paused = true)]
async fn a_bodiless_201_on_create_and_upsert_reads_the_object_back() {
    let (server, client) = setup(policy()).await;
    Mock::given(method("POST"))
        .and(path(deployments_path()))
        .respond_with(ResponseTemplate::new(201))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(item_path("top-speed")))
        .respond_with(ResponseTemplate::new(201))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(item_path("top-speed")))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(deployment_json("top-speed", "CANCELLED")),
        )
        .expect(2)
        .mount(&server)
        .await;
    let api = client.deployments(NS);
    let created = api.create(&Deployment::new("top-speed")).await.unwrap();
    assert!(created.id().is_some(), "read back, with the server's id");
    let upserted = api.upsert(&Deployment::new("top-speed")).await.unwrap();
    assert_eq!(upserted.metadata.name.as_deref(), Some("top-speed"));
}

#[tokio::test(start_paused = true)]
async fn apply_reads_a_bodiless_201_back() {
    let (server, client) = setup(policy()).await;
    // The plan's read finds nothing; the PUT answers 201 without a body; the read-back
    // finds the object.
    Mock::given(method("GET"))
        .and(path(item_path("top-speed")))
        .respond_with(ResponseTemplate::new(404).set_body_json(serde_json::json!({
            "message": "not found", "reason": "Not Found", "statusCode": 404
        })))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(item_path("top-speed")))
        .respond_with(ResponseTemplate::new(201))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(item_path("top-speed")))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(deployment_json("top-speed", "CANCELLED")),
        )
        .expect(1)
        .mount(&server)
        .await;
    let manifest = "kind: Deployment\nmetadata: {name: top-speed}\nspec: {state: CANCELLED}\n";
    let applied = client.apply(NS, manifest).await.unwrap();
    assert_eq!(applied.len(), 1);
    assert_eq!(applied[0].action, ApplyAction::Created);
    assert!(
        matches!(&applied[0].object, vvp::AppliedObject::Deployment(d) if d.id().is_some()),
        "read back, with the server's id: {:?}",
        applied[0].object
    );
}

#[tokio::test(start_paused = true)]
async fn a_bodiless_201_for_a_kind_addressed_by_id_stays_an_error() {
    let (server, client) = setup(policy()).await;
    Mock::given(method("POST"))
        .and(path(format!("/api/v1/namespaces/{NS}/savepoints")))
        .respond_with(ResponseTemplate::new(201))
        .expect(1)
        .mount(&server)
        .await;
    let err = client
        .savepoints(NS)
        .create(&Savepoint::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::UnexpectedResponse { status: 201, .. }),
        "{err:?}"
    );
}
