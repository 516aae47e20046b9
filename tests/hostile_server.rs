//! The hostile-server suite: a broken gateway, a proxy's error page, a truncated or
//! endless body, JSON of the wrong shape, 10,000-deep nesting, invalid UTF-8, unknown enum
//! values, `items: null` ... answered to every verb of every handle. Every call must end
//! with `Ok` or a typed `Err` within its timeout: no panic, no hang, and an error body is
//! read only up to [`vvp::error::MAX_ERROR_BODY`].
//!
//! The server is a raw tokio `TcpListener` writing canned HTTP/1.1 answers (wiremock is
//! too slow for 10,000 answers and cannot stop a body mid-stream). Several workers, each
//! with its own server and client, run side by side.

use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use vvp::platform::types::{
    AutopilotPolicy, CatalogConnector, Connector, JarUris, Namespace, Role, SqlScript, UdfArtifact,
};
use vvp::types::{
    Deployment, DeploymentState, DeploymentTarget, SecretValue, SessionCluster, SessionClusterState,
};
use vvp::wait::conditions;
use vvp::{Client, Error, ListParams, MergePatch, WaitParams};

// ---------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq)]
enum Tail {
    /// The whole body, then the connection closes.
    Complete,
    /// Half the body of a longer declared `Content-Length`, then the connection closes.
    StopMidStream,
    /// Half the body, then nothing (the connection stays open).
    Hang,
}

#[derive(Clone, Debug)]
struct Canned {
    status: u16,
    content_type: Option<&'static str>,
    body: Arc<Vec<u8>>,
    tail: Tail,
    label: &'static str,
}

struct Server {
    base: String,
    answer: Arc<Mutex<Option<Canned>>>,
    /// Body bytes the server managed to write (to see whether a client stopped reading).
    written: Arc<AtomicUsize>,
    requests: Arc<AtomicUsize>,
}

async fn read_request(sock: &mut tokio::net::TcpStream) -> bool {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        match sock.read(&mut chunk).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let len = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    while buf.len() < head_end + len {
        match sock.read(&mut chunk).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    true
}

impl Server {
    async fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let answer: Arc<Mutex<Option<Canned>>> = Arc::new(Mutex::new(None));
        let written = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(AtomicUsize::new(0));
        let (a, w, r) = (answer.clone(), written.clone(), requests.clone());
        tokio::spawn(async move {
            while let Ok((mut sock, _)) = listener.accept().await {
                let (a, w, r) = (a.clone(), w.clone(), r.clone());
                tokio::spawn(async move {
                    if !read_request(&mut sock).await {
                        return;
                    }
                    r.fetch_add(1, Ordering::Relaxed);
                    let Some(c) = a.lock().expect("lock").clone() else {
                        return;
                    };
                    let declared = match c.tail {
                        Tail::Complete => c.body.len(),
                        _ => c.body.len() * 2 + 16,
                    };
                    let sent = match c.tail {
                        Tail::Complete => &c.body[..],
                        _ => &c.body[..c.body.len() / 2],
                    };
                    let mut head = format!("HTTP/1.1 {} Hostile\r\n", c.status);
                    if let Some(ct) = c.content_type {
                        head.push_str(&format!("content-type: {ct}\r\n"));
                    }
                    head.push_str(&format!(
                        "content-length: {declared}\r\nconnection: close\r\n\r\n"
                    ));
                    if sock.write_all(head.as_bytes()).await.is_err() {
                        return;
                    }
                    for part in sent.chunks(64 * 1024) {
                        if sock.write_all(part).await.is_err() {
                            return;
                        }
                        w.fetch_add(part.len(), Ordering::Relaxed);
                    }
                    if c.tail == Tail::Hang {
                        // Hold the connection until the client gives up.
                        let mut sink = [0u8; 1024];
                        while let Ok(n) = sock.read(&mut sink).await {
                            if n == 0 {
                                break;
                            }
                        }
                    }
                });
            }
        });
        Server {
            base,
            answer,
            written,
            requests,
        }
    }

    fn set(&self, c: Canned) {
        *self.answer.lock().expect("lock") = Some(c);
    }
}

fn client(base: &str, timeout: Duration) -> Client {
    // Retries stay on (the hostile answers go through the retry loop too) but back off for
    // a millisecond only, and a `Retry-After` beyond the budget ends them at once.
    let retry = vvp::RetryPolicy::default()
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(2))
        .budget(Duration::from_millis(50));
    Client::builder(base)
        .retry(retry)
        .token("hostile-test-token")
        .timeout(timeout)
        .connect_timeout(Duration::from_secs(2))
        .build()
        .expect("client")
}

// ---------------------------------------------------------------------------------------
// Every verb of every handle
// ---------------------------------------------------------------------------------------

type Call = Pin<Box<dyn Future<Output = Result<(), Error>> + Send>>;
type Verb = (&'static str, bool, fn(Client) -> Call);

fn obj<T: DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).expect("test object")
}

fn deployment() -> Deployment {
    obj(
        json!({"kind": "Deployment", "metadata": {"name": "top-speed"},
               "spec": {"state": "RUNNING", "template": {"spec": {"artifact":
                 {"kind": "JAR", "jarUri": "https://repo/app.jar"}}}}}),
    )
}

const ID: &str = "5b0c4f3e-1d2a-4c3b-9f6e-0a1b2c3d4e5f";

/// Polling helpers get a short budget: each of their GETs meets the same answer.
fn quick() -> WaitParams {
    WaitParams::default()
        .interval(Duration::from_millis(5))
        .timeout(Duration::from_millis(40))
        .failure_grace(Duration::ZERO)
}

const MANIFEST: &str = "kind: Deployment\nmetadata: {name: a}\nspec: {state: RUNNING}\n---\n\
kind: DeploymentTarget\nmetadata: {name: k8s}\nspec: {kubernetes: {namespace: x}}\n";

macro_rules! verb {
    ($name:literal, $c:ident => $body:expr) => {
        verb!($name, false, $c => $body)
    };
    ($name:literal, $wait:literal, $c:ident => $body:expr) => {
        ($name, $wait, |$c: Client| -> Call { Box::pin(async move { $body.await.map(drop) }) })
    };
}

fn verbs() -> Vec<Verb> {
    vec![
        verb!("status", c => c.status()),
        verb!("system_info", c => c.system_info()),
        verb!("apply", c => c.apply("default", MANIFEST)),
        // Application Manager: Api<K> verbs for every kind.
        verb!("deployments.list", c => c.deployments("default").list()),
        verb!("deployments.list_with", c => async move {
            c.deployments("default")
                .list_with(&ListParams::default().label_selector("a=b"))
                .await
        }),
        verb!("deployments.get", c => c.deployments("default").get("top-speed")),
        verb!("deployments.get_opt", c => c.deployments("default").get_opt(ID)),
        verb!("deployments.create", c => async move {
            c.deployments("default").create(&deployment()).await
        }),
        verb!("deployments.upsert", c => async move {
            c.deployments("default").upsert(&deployment()).await
        }),
        verb!("deployments.patch", c => async move {
            let p = MergePatch::new().set("/spec/state", "CANCELLED");
            c.deployments("default").patch("top-speed", &p).await
        }),
        verb!("deployments.delete", c => c.deployments("default").delete("top-speed")),
        verb!("deployments.set_state", c => {
            c.deployments("default").set_state("top-speed", DeploymentState::Suspended)
        }),
        verb!("deployments.start", c => c.deployments("default").start("top-speed")),
        verb!("deployments.suspend", c => c.deployments("default").suspend("top-speed")),
        verb!("deployments.cancel", c => c.deployments("default").cancel("top-speed")),
        verb!("deployments.wait_for_state", true, c => async move {
            c.deployments("default")
                .wait_for_state("top-speed", DeploymentState::Running, &quick())
                .await
        }),
        verb!("deployments.wait_until", true, c => async move {
            c.deployments("default")
                .wait_until("top-speed", conditions::deployment_failed(), &quick())
                .await
        }),
        verb!("deployments.cancel_and_delete", true, c => async move {
            c.deployments("default").cancel_and_delete("top-speed", &quick()).await
        }),
        verb!("deployments.take_savepoint", true, c => async move {
            c.deployments("default").take_savepoint("top-speed", &quick()).await
        }),
        verb!("deployment_targets.list", c => c.deployment_targets("default").list()),
        verb!("deployment_targets.get", c => c.deployment_targets("default").get("k8s")),
        verb!("deployment_targets.create", c => async move {
            let t: DeploymentTarget = obj(json!({"metadata": {"name": "k8s"}}));
            c.deployment_targets("default").create(&t).await
        }),
        verb!("deployment_targets.upsert", c => async move {
            let t: DeploymentTarget = obj(json!({"metadata": {"name": "k8s"}}));
            c.deployment_targets("default").upsert(&t).await
        }),
        verb!("deployment_targets.delete", c => c.deployment_targets("default").delete("k8s")),
        verb!("deployment_defaults.get", c => c.deployment_defaults("default").get()),
        verb!("deployment_defaults.patch", c => async move {
            let p = MergePatch::new().set("/spec/template/spec/parallelism", 2);
            c.deployment_defaults("default").patch(&p).await
        }),
        verb!("events.list", c => c.events("default").list()),
        verb!("jobs.list", c => c.jobs("default").list()),
        verb!("jobs.get", c => c.jobs("default").get(ID)),
        verb!("jobs.wait_until", true, c => async move {
            c.jobs("default").wait_until(ID, conditions::job_terminal(), &quick()).await
        }),
        verb!("savepoints.list", c => c.savepoints("default").list()),
        verb!("savepoints.get", c => c.savepoints("default").get(ID)),
        verb!("savepoints.create", c => async move {
            let s: vvp::types::Savepoint = obj(json!({"spec": {"savepointLocation": "s3://x"}}));
            c.savepoints("default").create(&s).await
        }),
        verb!("savepoints.delete_with", c => c.savepoints("default").delete_with(ID, true)),
        verb!("savepoints.wait_until", true, c => async move {
            c.savepoints("default")
                .wait_until(ID, conditions::savepoint_completed(), &quick())
                .await
        }),
        verb!("secret_values.list", c => c.secret_values("default").list()),
        verb!("secret_values.get", c => c.secret_values("default").get("My_Secret")),
        verb!("secret_values.create", c => async move {
            let s: SecretValue = obj(json!({"metadata": {"name": "My_Secret"},
                                            "spec": {"kind": "S3i", "value": "v"}}));
            c.secret_values("default").create(&s).await
        }),
        verb!("secret_values.delete", c => c.secret_values("default").delete("My_Secret")),
        verb!("session_clusters.list", c => c.session_clusters("default").list()),
        verb!("session_clusters.get", c => c.session_clusters("default").get("sc")),
        verb!("session_clusters.create", c => async move {
            let s: SessionCluster = obj(json!({"metadata": {"name": "sc"}}));
            c.session_clusters("default").create(&s).await
        }),
        verb!("session_clusters.upsert", c => async move {
            let s: SessionCluster = obj(json!({"metadata": {"name": "sc"}}));
            c.session_clusters("default").upsert(&s).await
        }),
        verb!("session_clusters.patch", c => async move {
            let p = MergePatch::new().set("/spec/state", "STOPPED");
            c.session_clusters("default").patch("sc", &p).await
        }),
        verb!("session_clusters.delete", c => c.session_clusters("default").delete("sc")),
        verb!("session_clusters.wait_for_state", true, c => async move {
            c.session_clusters("default")
                .wait_for_state("sc", SessionClusterState::Running, &quick())
                .await
        }),
        // Platform API.
        verb!("namespaces.list", c => c.namespaces().list()),
        verb!("namespaces.get", c => c.namespaces().get("default")),
        verb!("namespaces.create", c => async move {
            let n: Namespace = obj(json!({"name": "namespaces/team"}));
            c.namespaces().create(&n).await
        }),
        verb!("namespaces.update", c => async move {
            let n: Namespace = obj(json!({"name": "team"}));
            c.namespaces().update(&n).await
        }),
        verb!("namespaces.patch", c => async move {
            c.namespaces().patch("team", &MergePatch::new().set("/x", 1)).await
        }),
        verb!("namespaces.delete", c => async move { c.namespaces().delete("team").await }),
        verb!("namespaces.set_preview_session_cluster", c => async move {
            c.namespaces().set_preview_session_cluster("team", "sc").await
        }),
        verb!("api_tokens.list", c => c.api_tokens("default").list()),
        verb!("api_tokens.get", c => async move { c.api_tokens("default").get("ci").await }),
        verb!("api_tokens.create", c => async move {
            c.api_tokens("default").create("ci", Role::Editor).await
        }),
        verb!("api_tokens.delete", c => async move { c.api_tokens("default").delete("ci").await }),
        verb!("catalogs.list", c => c.catalogs("default").list()),
        verb!("catalogs.get", c => async move { c.catalogs("default").get("vvp").await }),
        verb!("catalogs.list_databases", c => async move {
            c.catalogs("default").list_databases("vvp").await
        }),
        verb!("catalogs.get_database", c => async move {
            c.catalogs("default").get_database("vvp", "db").await
        }),
        verb!("catalogs.list_tables", c => async move {
            c.catalogs("default").list_tables("vvp", Some("db")).await
        }),
        verb!("catalogs.get_table", c => async move {
            c.catalogs("default").get_table("vvp", None, "t").await
        }),
        verb!("catalogs.list_views", c => async move {
            c.catalogs("default").list_views("vvp", None).await
        }),
        verb!("catalogs.get_view", c => async move {
            c.catalogs("default").get_view("vvp", None, "v").await
        }),
        verb!("catalogs.list_functions", c => async move {
            c.catalogs("default").list_functions("vvp", None).await
        }),
        verb!("catalogs.get_function", c => async move {
            c.catalogs("default").get_function("vvp", None, "f").await
        }),
        verb!("connectors.list", c => c.connectors("default").list()),
        verb!("connectors.get", c => async move { c.connectors("default").get("kafka").await }),
        verb!("connectors.create", c => async move {
            let x: Connector = obj(json!({"name": "kafka"}));
            c.connectors("default").create(&x).await
        }),
        verb!("connectors.update", c => async move {
            let x: Connector = obj(json!({"name": "kafka"}));
            c.connectors("default").update(&x).await
        }),
        verb!("connectors.delete", c => async move { c.connectors("default").delete("kafka").await }),
        verb!("connectors.list_tables", c => async move {
            c.connectors("default").list_tables("kafka").await
        }),
        verb!("formats.list", c => c.formats("default").list()),
        verb!("formats.get", c => async move { c.formats("default").get("json").await }),
        verb!("formats.create", c => async move {
            let x: vvp::platform::types::Format = obj(json!({"name": "json"}));
            c.formats("default").create(&x).await
        }),
        verb!("formats.update", c => async move {
            let x: vvp::platform::types::Format = obj(json!({"name": "json"}));
            c.formats("default").update(&x).await
        }),
        verb!("formats.delete", c => async move { c.formats("default").delete("json").await }),
        verb!("catalog_connectors.list", c => c.catalog_connectors("default").list()),
        verb!("catalog_connectors.get", c => async move {
            c.catalog_connectors("default").get("hive").await
        }),
        verb!("catalog_connectors.create", c => async move {
            let x: CatalogConnector = obj(json!({"name": "hive"}));
            c.catalog_connectors("default").create(&x).await
        }),
        verb!("catalog_connectors.update", c => async move {
            let x: CatalogConnector = obj(json!({"name": "hive"}));
            c.catalog_connectors("default").update(&x).await
        }),
        verb!("catalog_connectors.delete", c => async move {
            c.catalog_connectors("default").delete("hive").await
        }),
        verb!("catalog_connectors.list_catalogs", c => async move {
            c.catalog_connectors("default").list_catalogs("hive").await
        }),
        verb!("catalog_connectors.analyze_jars", c => async move {
            let j: JarUris = obj(json!({"jarUris": [{"jarUri": "s3://b/c.jar"}]}));
            c.catalog_connectors("default").analyze_jars(&j).await
        }),
        verb!("sql_scripts.list", c => c.sql_scripts("default").list()),
        verb!("sql_scripts.get", c => async move { c.sql_scripts("default").get("ddl").await }),
        verb!("sql_scripts.create", c => async move {
            let x: SqlScript = obj(json!({"name": "ddl", "script": "SELECT 1"}));
            c.sql_scripts("default").create(&x).await
        }),
        verb!("sql_scripts.update", c => async move {
            let x: SqlScript = obj(json!({"name": "ddl", "script": "SELECT 1"}));
            c.sql_scripts("default").update(&x).await
        }),
        verb!("sql_scripts.delete", c => async move { c.sql_scripts("default").delete("ddl").await }),
        verb!("sql_scripts.validate", c => async move {
            c.sql_scripts("default").catalog("vvp").validate("SELECT 1").await
        }),
        verb!("sql_scripts.execute", c => async move {
            c.sql_scripts("default").execute("SHOW TABLES").await
        }),
        verb!("sql_scripts.execute_multi", c => async move {
            c.sql_scripts("default").execute_multi(["SELECT 1", "SELECT 2"], false).await
        }),
        verb!("sql_scripts.suggest", c => async move {
            c.sql_scripts("default").suggest("SELECT * FROM ", 14).await
        }),
        verb!("udf_artifacts.list", c => c.udf_artifacts("default").list()),
        verb!("udf_artifacts.get", c => async move { c.udf_artifacts("default").get("udfs").await }),
        verb!("udf_artifacts.create", c => async move {
            let x: UdfArtifact = obj(json!({"name": "udfs", "jarUrl": "s3://b/u.jar"}));
            c.udf_artifacts("default").create(&x).await
        }),
        verb!("udf_artifacts.update", c => async move {
            let x: UdfArtifact = obj(json!({"name": "udfs", "jarUrl": "s3://b/u.jar"}));
            c.udf_artifacts("default").update(&x).await
        }),
        verb!("udf_artifacts.delete", c => async move {
            c.udf_artifacts("default").delete("udfs").await
        }),
        verb!("autopilot.list_policies", c => c.autopilot("default").list_policies()),
        verb!("autopilot.get_policy", c => c.autopilot("default").get_policy("top-speed")),
        verb!("autopilot.update_policy", c => async move {
            let p: AutopilotPolicy = obj(json!({"mode": "AUTOPILOT_MODE_MONITORING"}));
            c.autopilot("default").update_policy("top-speed", &p).await
        }),
        verb!("autopilot.status", c => c.autopilot("default").status(ID)),
        verb!("autopilot.recommendation", c => c.autopilot("default").recommendation(ID)),
        verb!("artifacts.list", c => c.artifacts("default").list()),
        verb!("artifacts.upload", c => async move {
            c.artifacts("default").upload("app.jar", b"PK\x03\x04".to_vec()).await
        }),
        verb!("artifacts.delete", c => async move { c.artifacts("default").delete("app.jar").await }),
    ]
}

// ---------------------------------------------------------------------------------------
// The answers
// ---------------------------------------------------------------------------------------

const STATUSES: &[u16] = &[
    200, 201, 202, 204, 400, 401, 403, 404, 409, 429, 500, 502, 503,
];

const CONTENT_TYPES: &[Option<&str>] = &[
    Some("application/json"),
    Some("application/yaml"),
    Some("text/plain"),
    Some("text/html; charset=utf-8"),
    None,
    Some("application/octet-stream"),
];

fn nested(open: &str, close: &str, depth: usize, leaf: &str) -> Vec<u8> {
    let mut s = String::with_capacity(depth * (open.len() + close.len()) + leaf.len());
    for _ in 0..depth {
        s.push_str(open);
    }
    s.push_str(leaf);
    for _ in 0..depth {
        s.push_str(close);
    }
    s.into_bytes()
}

/// The body kinds the issue lists, each with a label.
fn bodies() -> Vec<(&'static str, Vec<u8>, Tail)> {
    let state = json!({"kind": "Deployment", "apiVersion": "v1",
        "metadata": {"name": "top-speed", "id": ID, "namespace": "default"},
        "spec": {"state": "QUANTUM_SUPERPOSITION", "upgradeStrategy": {"kind": "TELEPORT"},
                 "restoreStrategy": {"kind": "FROM_THE_FUTURE"}},
        "status": {"state": "SOMETHING_NEW", "running": {"jobId": ID}}});
    let envelope = json!({"deployment": state, "namespace": {"name": "namespaces/x",
        "lifecyclePhase": "LIFECYCLE_PHASE_UNKNOWN_TO_YOU"}, "sqlScript": {"name": 7}});
    vec![
        ("empty", Vec::new(), Tail::Complete),
        (
            "html",
            b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>\
              <body><center><h1>502 Bad Gateway</h1></center><hr>nginx</body></html>"
                .to_vec(),
            Tail::Complete,
        ),
        ("plain text", b"upstream connect error or disconnect/reset before headers".to_vec(), Tail::Complete),
        (
            "truncated json",
            br#"{"kind":"Deployment","metadata":{"name":"top-speed","labels":{"a":"#.to_vec(),
            Tail::Complete,
        ),
        ("wrong shape: array", b"[1, 2, 3]".to_vec(), Tail::Complete),
        (
            "wrong shape: types",
            br#"{"kind": 5, "metadata": [], "spec": "no", "items": {"a": 1}, "namespaces": 3,
                "code": [], "message": {"x": 1}, "statusCode": "four"}"#
                .to_vec(),
            Tail::Complete,
        ),
        ("wrong shape: scalar", b"\"just a string\"".to_vec(), Tail::Complete),
        ("invalid utf-8", b"\xff\xfe{\"message\": \"\xc3\x28\", \"kind\": \"\xa0\xa1\"}".to_vec(), Tail::Complete),
        ("deep json arrays", nested("[", "]", 10_000, "1"), Tail::Complete),
        ("deep json objects", nested("{\"a\":", "}", 10_000, "1"), Tail::Complete),
        ("deep yaml flow", nested("{a: ", "}", 10_000, "1"), Tail::Complete),
        ("deep yaml block", nested("- ", "", 10_000, "1"), Tail::Complete),
        ("unknown enum values", serde_json::to_vec(&state).unwrap_or_default(), Tail::Complete),
        ("unknown enum values (envelopes)", serde_json::to_vec(&envelope).unwrap_or_default(), Tail::Complete),
        (
            "items: null",
            br#"{"kind":"DeploymentList","items":null,"namespaces":null,"catalogs":null,
                "sqlScripts":null,"apiTokens":null,"artifacts":null,"connectors":null}"#
                .to_vec(),
            Tail::Complete,
        ),
        (
            "stops mid-stream",
            serde_json::to_vec(&json!({"kind": "DeploymentList", "items": [state, state, state]}))
                .unwrap_or_default(),
            Tail::StopMidStream,
        ),
        (
            "error body",
            br#"{"kind":"ApiException","message":"boom","reason":"Conflict","statusCode":409}"#
                .to_vec(),
            Tail::Complete,
        ),
        (
            "yaml aliases",
            b"a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n\
              c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n\
              e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n\
              kind: Deployment\nmessage: *f\n"
                .to_vec(),
            Tail::Complete,
        ),
        (
            "yaml quadratic aliases",
            format!(
                "kind: Deployment\na: &a [{}]\nb: [{}]\n",
                vec!["x"; 3000].join(", "),
                vec!["*a"; 3000].join(", ")
            )
            .into_bytes(),
            Tail::Complete,
        ),
        (
            "control characters",
            b"\x1b[31merror\x07\x00\x08 in \r\n\x7f".to_vec(),
            Tail::Complete,
        ),
    ]
}

fn canned_answers() -> Vec<Canned> {
    let mut out = Vec::new();
    for (label, body, tail) in bodies() {
        let body = Arc::new(body);
        for &status in STATUSES {
            for &content_type in CONTENT_TYPES {
                out.push(Canned {
                    status,
                    content_type,
                    body: body.clone(),
                    tail,
                    label,
                });
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------

const TIMEOUT: Duration = Duration::from_secs(3);

#[derive(Default)]
struct Tally {
    calls: usize,
    ok: usize,
    panics: Vec<String>,
    hangs: Vec<String>,
    untyped: Vec<String>,
}

/// Run one call against one answer; record how it ended.
async fn one(server: &Server, client: &Client, verb: &Verb, answer: Canned, tally: &Mutex<Tally>) {
    let (name, is_wait, f) = *verb;
    let what = format!(
        "{name} <- {} {:?} {} {:?}",
        answer.status, answer.content_type, answer.label, answer.tail
    );
    let status = answer.status;
    server.set(answer);
    // Waits poll: a budget of several requests. Others: one request (and a read-back).
    let limit = if is_wait { TIMEOUT * 4 } else { TIMEOUT * 3 };
    let started = Instant::now();
    let task = tokio::spawn(f(client.clone()));
    let outcome = tokio::time::timeout(limit, task).await;
    let mut t = tally.lock().expect("tally");
    t.calls += 1;
    match outcome {
        Err(_) => t
            .hangs
            .push(format!("{what}: no answer after {:?}", started.elapsed())),
        Ok(Err(join)) => t.panics.push(format!("{what}: {join}")),
        Ok(Ok(Ok(()))) => t.ok += 1,
        Ok(Ok(Err(e))) => {
            // A transient failure given up on is an `Error::Retried`: judge its last attempt.
            let typed = match e.last_attempt() {
                Error::Api(_) | Error::Validation { .. } | Error::UnexpectedResponse { .. } => {
                    // A mapped answer keeps its status (or the read-back's, same answer).
                    e.status() == Some(status)
                }
                Error::Decode { .. } => true,
                Error::Transport(_) | Error::Timeout { .. } => true,
                Error::WaitTimeout { .. } | Error::ResourceFailed { .. } => is_wait,
                _ => false,
            };
            if !typed {
                t.untyped.push(format!("{what}: {e:?}"));
            }
        }
    }
}

/// At least 10,000 answers, every body kind x status x content type, spread over every
/// verb of every handle: no panic, no hang, only typed errors.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_verb_survives_hostile_answers() {
    let verbs = Arc::new(verbs());
    let answers = canned_answers();
    let rounds = 10_000usize.div_ceil(answers.len());
    let workers = 8;
    let tally = Arc::new(Mutex::new(Tally::default()));
    let mut jobs: Vec<(usize, Canned)> = Vec::new();
    for round in 0..rounds {
        for (i, a) in answers.iter().enumerate() {
            // Rotate so each answer meets a different verb every round.
            jobs.push(((i * 7 + round * 13) % verbs.len(), a.clone()));
        }
    }
    let total = jobs.len();
    let jobs = Arc::new(Mutex::new(jobs));
    let started = Instant::now();
    let mut handles = Vec::new();
    for _ in 0..workers {
        let (verbs, jobs, tally) = (verbs.clone(), jobs.clone(), tally.clone());
        handles.push(tokio::spawn(async move {
            let server = Server::start().await;
            let client = client(&server.base, TIMEOUT);
            loop {
                let Some((v, answer)) = jobs.lock().expect("jobs").pop() else {
                    break;
                };
                one(&server, &client, &verbs[v], answer, &tally).await;
            }
        }));
    }
    for h in handles {
        h.await.expect("worker");
    }
    let t = tally.lock().expect("tally");
    println!(
        "hostile answers: {} calls ({} answers x {} verbs rotated) in {:.1}s: {} Ok, {} typed Err, \
         {} panics, {} hangs, {} untyped",
        t.calls,
        total,
        verbs.len(),
        started.elapsed().as_secs_f64(),
        t.ok,
        t.calls - t.ok - t.panics.len() - t.hangs.len() - t.untyped.len(),
        t.panics.len(),
        t.hangs.len(),
        t.untyped.len()
    );
    assert!(t.calls >= 10_000, "{} calls", t.calls);
    assert!(t.panics.is_empty(), "panics:\n{}", t.panics.join("\n"));
    assert!(t.hangs.is_empty(), "hangs:\n{}", t.hangs.join("\n"));
    assert!(
        t.untyped.is_empty(),
        "untyped errors:\n{}",
        t.untyped.join("\n")
    );
}

/// Every verb meets answers whose body never finishes: each ends with a timeout error
/// within its timeout (all verbs at once, so the test takes about one timeout).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_hangs_ends_in_the_timeout() {
    let timeout = Duration::from_millis(500);
    for status in [200, 503] {
        let server = Server::start().await;
        let client = client(&server.base, timeout);
        server.set(Canned {
            status,
            content_type: Some("application/json"),
            body: Arc::new(br#"{"kind":"Deployment","metadata":{"name":"x"}}"#.to_vec()),
            tail: Tail::Hang,
            label: "hang",
        });
        let mut calls = Vec::new();
        for &(name, is_wait, f) in verbs().iter() {
            let client = client.clone();
            calls.push(tokio::spawn(async move {
                let limit = if is_wait { timeout * 20 } else { timeout * 4 };
                let started = Instant::now();
                let res = tokio::time::timeout(limit, tokio::spawn(f(client)))
                    .await
                    .unwrap_or_else(|_| panic!("{name}: hung past {limit:?}"))
                    .unwrap_or_else(|e| panic!("{name}: panicked: {e}"));
                match res.as_ref().map_err(Error::last_attempt) {
                    Err(Error::Timeout { .. }) | Err(Error::Transport(_)) => {}
                    Err(Error::WaitTimeout { .. }) if is_wait => {}
                    // An error answer is known before its body: it ends with what arrived.
                    Err(e) if status == 503 && e.status() == Some(503) => {}
                    other => panic!("{name} ({status}): {other:?} after {:?}", started.elapsed()),
                }
            }));
        }
        for c in calls {
            c.await.expect("call");
        }
    }
}

fn peak_rss_kib() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// A 50 MB error body is read only up to the bound: the server cannot even write it all,
/// and the process's peak memory does not grow by anything like 50 MB. A 50 MB success
/// body is read (lists can be large) and ends in Ok or a typed error.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_megabyte_bodies() {
    const MB50: usize = 50 * 1024 * 1024;
    let server = Server::start().await;
    let client = client(&server.base, Duration::from_secs(30));
    let page = b"<html>".repeat(MB50 / 6);
    let json_text = {
        let mut v = br#"{"message":""#.to_vec();
        v.resize(MB50, b'x');
        v
    };
    let (page, json_text) = (Arc::new(page), Arc::new(json_text));
    let before = peak_rss_kib();
    for (ct, body) in [
        (Some("text/html"), page.clone()),
        (Some("application/json"), json_text.clone()),
        (None, page.clone()),
    ] {
        for status in [500, 502, 404] {
            server.written.store(0, Ordering::Relaxed);
            server.set(Canned {
                status,
                content_type: ct,
                body: body.clone(),
                tail: Tail::Complete,
                label: "50 MB",
            });
            let err = client
                .deployments("default")
                .get("x")
                .await
                .expect_err("error");
            assert_eq!(err.status(), Some(status), "{err:?}");
            if let Error::UnexpectedResponse { body_snippet, .. } = &err {
                assert!(body_snippet.chars().count() <= vvp::error::BODY_SNIPPET_LEN);
            }
            // Give the server a moment to notice the closed connection.
            tokio::time::sleep(Duration::from_millis(50)).await;
            let written = server.written.load(Ordering::Relaxed);
            assert!(
                written < MB50 / 2,
                "the client read {written} bytes of a 50 MB error body"
            );
        }
    }
    let after = peak_rss_kib();
    if let (Some(b), Some(a)) = (before, after) {
        // The test's own copies of the bodies were made before `before`.
        assert!(a - b < 30 * 1024, "peak RSS grew from {b} KiB to {a} KiB");
        println!("50 MB error bodies: peak RSS {b} KiB -> {a} KiB");
    }
    // Success bodies are read whole and then fail to decode (or decode).
    for (ct, body) in [
        (Some("application/json"), json_text.clone()),
        (Some("application/yaml"), json_text),
        (
            Some("application/json"),
            Arc::new(nested("[", "]", MB50 / 2, "1")),
        ),
    ] {
        server.set(Canned {
            status: 200,
            content_type: ct,
            body,
            tail: Tail::Complete,
            label: "50 MB",
        });
        match client.deployments("default").list().await {
            Ok(_) | Err(Error::Decode { .. }) => {}
            Err(e) => panic!("{e:?}"),
        }
    }
    assert!(server.requests.load(Ordering::Relaxed) >= 12);
}

/// 10,000-deep nesting in every decoder the SDK has, on a normal test thread's stack:
/// each returns an error (or a value), none overflows the stack.
#[tokio::test]
async fn deep_nesting_never_overflows_the_stack() {
    let inputs: Vec<(&str, Vec<u8>)> = vec![
        ("json arrays", nested("[", "]", 10_000, "1")),
        ("json objects", nested("{\"a\":", "}", 10_000, "1")),
        ("yaml flow", nested("{a: ", "}", 10_000, "1")),
        ("yaml flow sequences", nested("[", "]", 10_000, "1")),
        ("yaml block sequences", nested("- ", "", 10_000, "1")),
        ("yaml block mappings", {
            let mut s = String::new();
            for i in 0..2_000 {
                s.push_str(&" ".repeat(i));
                s.push_str("a:\n");
            }
            s.into_bytes()
        }),
        (
            "yaml documents",
            "---\n- - - - 1\n".repeat(10_000).into_bytes(),
        ),
    ];
    for (label, bytes) in &inputs {
        let text = String::from_utf8_lossy(bytes);
        // Manifests.
        assert!(vvp::yaml::from_str::<Deployment>(&text).is_err(), "{label}");
        let _ = vvp::yaml::from_str::<Value>(&text);
        let _ = vvp::yaml::from_str_multi::<Value>(&text);
        // Response decoding (the path-tracking decoder) in both formats.
        for format in [vvp::BodyFormat::Json, vvp::BodyFormat::Yaml] {
            let _ = format.decode::<Deployment>(bytes, Some(200));
            let _ = format.decode::<Value>(bytes, Some(200));
        }
        // Error bodies in every content type.
        for ct in [
            Some("application/json"),
            Some("application/yaml"),
            Some("text/plain"),
            None,
        ] {
            let e = Error::from_response(500, ct, bytes);
            assert_eq!(e.status(), Some(500), "{label}");
        }
    }
    // Client::apply parses before sending: aim it at a closed port.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("port");
    let c = client(&format!("http://127.0.0.1:{port}"), TIMEOUT);
    for (label, bytes) in &inputs {
        let text = String::from_utf8_lossy(bytes);
        let res = c.apply("default", &text).await;
        assert!(res.is_err(), "{label}: {res:?}");
    }
}
