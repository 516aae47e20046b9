//! The request path: `client.deployments("default").get(name)` and `.list()` over
//! loopback HTTP.
//!
//! Run with `cargo bench --bench requests` (about 5-10 s on 2 cores, after the build).
//!
//! Servers (both on `127.0.0.1`, in this process):
//! - a `wiremock::MockServer` answering canned JSON bodies: one realistic deployment for
//!   `get`, a 100-item `ResourceList` of them for `list` (request recording off);
//! - `vvp::testing::FakePlatform` with manual lifecycle (nothing advances on `GET`), one
//!   deployment created through the client, for `get`.
//!
//! Each scenario runs sequentially (one request at a time) and with 16 concurrent tokio
//! tasks sharing one `vvp::Client`, after a warm-up that opens the connections. Loops are
//! bounded (2,000 `get`s, 500 `list`s per scenario, and at most 8 s each). Reported:
//! requests/s (requests / wall time) and the median and p90 latency of single requests.
//! The client (a 2-worker tokio runtime) and the server (wiremock's own thread) share
//! the machine's cores, so this measures the whole loop, not the client alone.
//!
//! Two reference rows time decoding the same bodies without HTTP
//! (`vvp::BodyFormat::Json.decode`, what the client runs on an answer), to show the decoding
//! share of the latency.
//!
//! `cargo test --benches` runs a smoke version with 16 requests per scenario.

mod common;

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{
    banner, deployment, deployment_list, fmt_duration, fmt_rate, mb, Mode, Samples, Table,
};
use vvp::testing::FakePlatform;
use vvp::types::{Artifact, Deployment, DeploymentSpec, DeploymentState, DeploymentTarget};
use vvp::Client;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Concurrent tasks in the concurrent scenarios.
const TASKS: usize = 16;
/// Upper bound on the time of one scenario.
const SCENARIO_BUDGET: Duration = Duration::from_secs(8);

struct Outcome {
    requests: usize,
    wall: Duration,
    latencies: Samples,
}

/// Runs `call` up to `count` times on each of `tasks` tasks (each stopping after
/// [`SCENARIO_BUDGET`]), after `warmup` untimed rounds at the same concurrency.
async fn run<F, Fut>(call: F, tasks: usize, count: usize, warmup: usize) -> Outcome
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = vvp::Result<usize>> + Send,
{
    let call = Arc::new(call);
    let spawn_all = |per_task: usize, timed: bool| {
        let started = Instant::now();
        let handles: Vec<_> = (0..tasks)
            .map(|_| {
                let call = call.clone();
                tokio::spawn(async move {
                    let mut latencies = Vec::with_capacity(per_task);
                    for _ in 0..per_task {
                        if timed && started.elapsed() > SCENARIO_BUDGET {
                            break;
                        }
                        let t = Instant::now();
                        let items = call().await.expect("the request succeeds");
                        latencies.push(t.elapsed());
                        std::hint::black_box(items);
                    }
                    latencies
                })
            })
            .collect();
        (started, handles)
    };

    let (_, warm) = spawn_all(warmup, false);
    for h in warm {
        h.await.expect("warm-up task");
    }

    let (started, handles) = spawn_all(count.div_ceil(tasks), true);
    let mut latencies = Samples::default();
    for h in handles {
        for d in h.await.expect("bench task") {
            latencies.push(d);
        }
    }
    Outcome {
        requests: latencies.len(),
        wall: started.elapsed(),
        latencies,
    }
}

fn main() {
    let mode = Mode::from_args();
    banner("requests", &mode);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(bench(mode));
}

async fn bench(mode: Mode) {
    let gets = mode.count(2_000);
    let lists = mode.count(500);
    let warmup = if mode.full { 20 } else { 1 };

    // The canned answers.
    let one = deployment(0);
    let name = one.metadata.name.clone().expect("the fixture has a name");
    let one_body = serde_json::to_vec(&one).expect("encodes");
    let list_body = serde_json::to_vec(&deployment_list(100)).expect("encodes");
    println!(
        "bodies: get {:.1} kB (1 deployment), list {:.1} kB (100 deployments)",
        mb(one_body.len()) * 1e3,
        mb(list_body.len()) * 1e3
    );
    println!();

    let server = MockServer::builder()
        .disable_request_recording()
        .start()
        .await;
    Mock::given(method("GET"))
        .and(path(format!(
            "/api/v1/namespaces/default/deployments/{name}"
        )))
        .respond_with(ResponseTemplate::new(200).set_body_raw(one_body.clone(), "application/json"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/namespaces/default/deployments"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(list_body.clone(), "application/json"),
        )
        .mount(&server)
        .await;
    let mock_client = Client::builder(server.uri())
        .token("bench-token")
        .build()
        .expect("a client");

    let fake = FakePlatform::builder()
        .with_token("bench-token")
        .manual_lifecycle()
        .start()
        .await;
    let fake_client = fake.client();
    fake_client
        .deployment_targets("default")
        .create(&DeploymentTarget::new("vvp-jobs", "flink-jobs"))
        .await
        .expect("creates the target");
    let mut fake_deployment = Deployment::new(name.clone()).with_spec(
        DeploymentSpec::default()
            .with_state(DeploymentState::Running)
            .with_deployment_target_name("vvp-jobs")
            .with_artifact(Artifact::jar("s3://flink-artifacts/orders-enrichment.jar"))
            .with_parallelism(4),
    );
    fake_deployment.spec.template = one.spec.template.clone();
    fake_client
        .deployments("default")
        .create(&fake_deployment)
        .await
        .expect("creates the deployment");

    let mut table = Table::new(&[
        "server / operation",
        "tasks",
        "requests",
        "req/s",
        "median",
        "p90",
        "objects/s",
    ]);
    let mut row = |label: &str, tasks: usize, objects_per_request: usize, o: Outcome| {
        let rps = o.requests as f64 / o.wall.as_secs_f64().max(f64::MIN_POSITIVE);
        table.row(vec![
            label.to_owned(),
            tasks.to_string(),
            o.requests.to_string(),
            fmt_rate(rps),
            fmt_duration(o.latencies.median()),
            fmt_duration(o.latencies.p90()),
            fmt_rate(rps * objects_per_request as f64),
        ]);
    };

    for tasks in [1, TASKS] {
        let (c, n) = (mock_client.clone(), name.clone());
        let get = move || {
            let (c, n) = (c.clone(), n.clone());
            async move { c.deployments("default").get(n.as_str()).await.map(|_| 1) }
        };
        let o = run(get, tasks, gets, warmup).await;
        row("wiremock  get (1 deployment)", tasks, 1, o);
    }
    for tasks in [1, TASKS] {
        let c = mock_client.clone();
        let list = move || {
            let c = c.clone();
            async move { c.deployments("default").list().await.map(|l| l.len()) }
        };
        let o = run(list, tasks, lists, warmup).await;
        row("wiremock  list (100 deployments)", tasks, 100, o);
    }
    for tasks in [1, TASKS] {
        let (c, n) = (fake_client.clone(), name.clone());
        let get = move || {
            let (c, n) = (c.clone(), n.clone());
            async move { c.deployments("default").get(n.as_str()).await.map(|_| 1) }
        };
        let o = run(get, tasks, gets, warmup).await;
        row("FakePlatform  get (manual lifecycle)", tasks, 1, o);
    }

    // Reference: the decoding share of the above, without HTTP (the client's decoder).
    let offline = |samples: Samples| Outcome {
        requests: samples.len(),
        wall: samples.median() * u32::try_from(samples.len()).unwrap_or(u32::MAX),
        latencies: samples,
    };
    let s = mode.time(|| {
        vvp::BodyFormat::Json
            .decode::<Deployment>(&one_body, None)
            .expect("decodes")
    });
    row("(no HTTP) decode the get body", 1, 1, offline(s));
    let s = mode.time(|| {
        vvp::BodyFormat::Json
            .decode::<vvp::List<Deployment>>(&list_body, None)
            .expect("decodes")
            .len()
    });
    row("(no HTTP) decode the list body", 1, 100, offline(s));

    table.print();
    println!();
    println!("req/s: requests / wall time of the scenario; median/p90: latency of one request as its task saw it.");
}
