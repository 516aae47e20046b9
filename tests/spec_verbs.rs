//! Which verbs the handles offer, checked against `specs/` (both documents).
//!
//! Nothing here is a hand-written table of what a kind can do. The test *drives* every handle
//! method against a recording wiremock server and takes the requests actually sent:
//!
//! - for `Api<K>`, which verbs a kind has is read from its marker impls (`Gettable`,
//!   `Creatable`, `Upsertable`, `Patchable`, `Deletable`) by autoref specialization: a probe
//!   calls `Api::<K>::patch` when `K: Patchable` and does nothing otherwise, so adding or
//!   removing a marker changes what is sent without touching this file;
//! - Platform kinds (also `Api<K>`) have `list`, `get`, `create`, `update` and `delete`,
//!   plus `list_tables` when `K: UsedByTables` (probed the same way) and each
//!   instantiation's inherent methods;
//! - the one-off handles (namespaces, API tokens, catalogs, artifacts, autopilot,
//!   deployment defaults, status) are called method by method. So that a new method cannot
//!   be forgotten here, [`every_public_request_method_is_driven`] reads the handle sources
//!   and requires every `pub async fn` of an `impl` block to have been driven.
//!
//! Each request sent (method, path, query parameter names) must match an operation of
//! `specs/` (a handle offering a verb the spec lacks fails), and every spec operation must
//! be reached by some handle or be on [`RAW_ONLY`], a short commented list of operations
//! left to the `raw` clients.

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::path::Path;
use std::pin::Pin;

use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use vvp::platform::types::{
    AutopilotPolicy, CatalogConnector, Connector, Format, JarUris, Namespace, Role, SqlScript,
    UdfArtifact,
};
use vvp::platform::UsedByTables;
use vvp::types::{
    Deployment, DeploymentTarget, Event, Job, Savepoint, SecretValue, SessionCluster,
};
use vvp::{Api, Client, MergePatch, Resource};
use vvp::{Creatable, Deletable, Gettable, Patchable, Upsertable};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Spec operations no handle sends, each with the reason. Keep this short: an operation
/// listed here that a handle does reach, or that the specs do not have, fails the test.
const RAW_ONLY: &[(&str, &str)] = &[
    // SQL deployment job graphs: internal plumbing of the VVP web UI's SQL editor, no SDK
    // use case yet; reachable through `Client::raw_platform()`.
    (
        "POST",
        "/sql/v1beta1/namespaces/{ns}/deployments/{deploymentName}:create-jobgraph",
    ),
    (
        "DELETE",
        "/sql/v1beta1/namespaces/{ns}/deployments/{deploymentName}:delete-jobgraphs",
    ),
    (
        "POST",
        "/sql/v1beta1/namespaces/{ns}/deployments/{deploymentName}:validate-config-change",
    ),
];

/// Files whose `impl` blocks hold the handles' request methods.
const HANDLE_SOURCES: &[&str] = &[
    "src/api.rs",
    "src/client.rs",
    "src/platform/api_tokens.rs",
    "src/platform/artifacts.rs",
    "src/platform/autopilot.rs",
    "src/platform/catalogs.rs",
    "src/platform/connectors.rs",
    "src/platform/handle.rs",
    "src/platform/namespaces.rs",
    "src/platform/sql_scripts.rs",
    "src/platform/udf_artifacts.rs",
    "src/savepoint_format.rs",
    "src/stop.rs",
    "src/usage.rs",
    "src/with_cr.rs",
];

const NS: &str = "probe-ns";
const ID: &str = "5b0c4f3e-1d2a-4c3b-9f6e-0a1b2c3d4e5f";

/// One request a handle method sent.
#[derive(Debug, Clone)]
struct Sent {
    /// `Type::method` of the handle method that sent it.
    by: String,
    method: String,
    path: String,
    query: Vec<String>,
}

/// One operation of `specs/`.
#[derive(Debug, Clone)]
struct Op {
    method: String,
    /// The path template as written (base path included), e.g. `/a/{x}/b:verb`.
    template: String,
    query: BTreeSet<String>,
}

impl Op {
    fn key(&self) -> String {
        format!("{} {}", self.method, self.template)
    }

    fn matches(&self, sent: &Sent) -> bool {
        self.method == sent.method && template_matches(&self.template, &sent.path)
    }
}

/// `{param}` matches one non-empty run of characters other than `/` and `:` (so that
/// `{cat}` does not swallow `{cat}:listTables`).
fn template_matches(template: &str, path: &str) -> bool {
    let t: Vec<&str> = template.split('/').collect();
    let p: Vec<&str> = path.split('/').collect();
    t.len() == p.len() && t.iter().zip(&p).all(|(t, p)| segment_matches(t, p))
}

fn segment_matches(template: &str, actual: &str) -> bool {
    let Some((prefix, rest)) = template.split_once('{') else {
        return template == actual;
    };
    let Some((_, suffix)) = rest.split_once('}') else {
        return template == actual;
    };
    let Some(middle) = actual
        .strip_prefix(prefix)
        .and_then(|a| a.strip_suffix(suffix))
    else {
        return false;
    };
    // A template segment has at most one parameter in both documents.
    !middle.is_empty() && !middle.contains(':') && !suffix.contains('{')
}

fn load_ops(rel: &str) -> Vec<Op> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("specs")
        .join(rel);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let doc: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
    ops_of(&doc)
}

fn ops_of(doc: &Value) -> Vec<Op> {
    let base = doc
        .get("basePath")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim_end_matches('/');
    let mut ops = Vec::new();
    for (path, item) in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for verb in ["get", "put", "post", "delete", "patch", "head", "options"] {
            let Some(op) = item.get(verb) else { continue };
            let query = [item.get("parameters"), op.get("parameters")]
                .into_iter()
                .flatten()
                .filter_map(Value::as_array)
                .flatten()
                .filter(|p| p.get("in").and_then(Value::as_str) == Some("query"))
                .filter_map(|p| p.get("name").and_then(Value::as_str))
                .map(str::to_owned)
                .collect();
            ops.push(Op {
                method: verb.to_uppercase(),
                template: format!("{base}{path}"),
                query,
            });
        }
    }
    ops
}

fn all_spec_ops() -> Vec<Op> {
    let mut ops = load_ops("api/swagger.json");
    ops.extend(load_ops("swagger.json"));
    ops
}

/// Everything wrong between what the handles sent and what the specs have.
fn problems(ops: &[Op], sent: &[Sent], raw_only: &[(&str, &str)]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut reached: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for s in sent {
        let Some(op) = ops.iter().find(|op| op.matches(s)) else {
            problems.push(format!(
                "{} sends {} {} which specs/ lacks",
                s.by, s.method, s.path
            ));
            continue;
        };
        for q in &s.query {
            if !op.query.contains(q) {
                problems.push(format!(
                    "{} sends query parameter {q} which {} does not declare",
                    s.by,
                    op.key()
                ));
            }
        }
        reached.entry(op.key()).or_default().push(s.by.clone());
    }
    let raw_only: BTreeSet<String> = raw_only.iter().map(|(m, p)| format!("{m} {p}")).collect();
    for key in &raw_only {
        if !ops.iter().any(|op| &op.key() == key) {
            problems.push(format!("RAW_ONLY lists {key}, which specs/ lacks"));
        }
        if let Some(by) = reached.get(key) {
            problems.push(format!(
                "RAW_ONLY lists {key}, but {} reach it: drop it from the list",
                by.join(", ")
            ));
        }
    }
    for op in ops {
        let key = op.key();
        if !reached.contains_key(&key) && !raw_only.contains(&key) {
            problems.push(format!(
                "{key} is reachable through no handle and not on RAW_ONLY"
            ));
        }
    }
    problems
}

// ---------------------------------------------------------------------------------------
// Driving the handles.

type Call<'a> = Pin<Box<dyn Future<Output = ()> + 'a>>;

/// Runs handle methods one at a time and files the requests each sent under its name.
struct Recorder {
    server: MockServer,
    seen: usize,
    sent: Vec<Sent>,
}

impl Recorder {
    async fn start() -> (Recorder, Client) {
        let server = MockServer::start().await;
        // Every request gets a Ververica-style 404, so no method follows up with a second
        // request (a PATCH answered 204 would be read back with a GET).
        Mock::given(any())
            .respond_with(
                ResponseTemplate::new(404).set_body_json(json!({"message": "probe: not found"})),
            )
            .mount(&server)
            .await;
        let client = Client::builder(server.uri())
            .token("probe-token")
            .build()
            .unwrap();
        let recorder = Recorder {
            server,
            seen: 0,
            sent: Vec::new(),
        };
        (recorder, client)
    }

    /// Awaits one handle method (its result is irrelevant) and records what it sent; a
    /// method that sends nothing fails the test (its sample arguments are wrong).
    async fn call<T>(&mut self, by: &str, call: impl Future<Output = T>) {
        let _ = call.await;
        self.take(by).await;
    }

    async fn call_opt(&mut self, by: &str, call: Option<Call<'_>>) {
        if let Some(call) = call {
            call.await;
            self.take(by).await;
        }
    }

    async fn take(&mut self, by: &str) {
        let requests = self.server.received_requests().await.unwrap();
        let new = &requests[self.seen..];
        assert!(!new.is_empty(), "{by} sent no request");
        for r in new {
            self.sent.push(Sent {
                by: by.to_owned(),
                method: r.method.to_string(),
                path: r.url.path().to_owned(),
                query: r.url.query_pairs().map(|(k, _)| k.into_owned()).collect(),
            });
        }
        self.seen = requests.len();
    }
}

/// An object of kind `K` with a name (and id): enough for every verb to send.
fn sample<K: DeserializeOwned>(body: Value) -> K {
    serde_json::from_value(body).expect("sample object decodes")
}

fn sample_resource<K: Resource>() -> K {
    sample(json!({"metadata": {"name": "probe", "id": ID, "namespace": NS}}))
}

fn uuid() -> uuid::Uuid {
    uuid::Uuid::parse_str(ID).unwrap()
}

/// Autoref specialization: `(&Kind(api)).patch_call()` resolves to the first trait when
/// `K: Patchable` and to the second otherwise. Only usable with a concrete `K`, hence the
/// `drive_api!` macro below.
struct Kind<K: Resource>(Api<K>);

macro_rules! verb_probe {
    ($has:ident, $lacks:ident, $method:ident, $($bound:ident)&+, |$api:ident| $call:expr) => {
        trait $has {
            fn $method(&self) -> Option<Call<'_>>;
        }
        impl<K: $($bound +)+> $has for Kind<K> {
            fn $method(&self) -> Option<Call<'_>> {
                let $api = &self.0;
                Some(Box::pin(async move {
                    let _ = $call.await;
                }))
            }
        }
        trait $lacks {
            fn $method(&self) -> Option<Call<'_>> {
                None
            }
        }
        impl<K: Resource> $lacks for &Kind<K> {}
    };
}

verb_probe!(HasGet, LacksGet, get_call, Gettable, |api| api.get(uuid()));
verb_probe!(HasGetOpt, LacksGetOpt, get_opt_call, Gettable, |api| api
    .get_opt(uuid()));
verb_probe!(
    HasCreate,
    LacksCreate,
    create_call,
    Creatable & Gettable,
    |api| api.create(&sample_resource::<K>())
);
verb_probe!(
    HasUpsert,
    LacksUpsert,
    upsert_call,
    Upsertable & Gettable,
    |api| api.upsert(&sample_resource::<K>())
);
verb_probe!(HasPatch, LacksPatch, patch_call, Patchable, |api| api
    .patch(uuid(), &MergePatch::new().set("/spec/x", 1)));
verb_probe!(HasDelete, LacksDelete, delete_call, Deletable, |api| api
    .delete(uuid()));

macro_rules! drive_api {
    ($rec:expr, $client:expr, $($kind:ty),* $(,)?) => {$(
        let kind = Kind(<$kind as Accessor>::api(&$client));
        $rec.call("Api::list", kind.0.list()).await;
        $rec.call("Api::list_with", kind.0.list_with(&vvp::ListParams::default())).await;
        $rec.call_opt("Api::get", (&kind).get_call()).await;
        $rec.call_opt("Api::get_opt", (&kind).get_opt_call()).await;
        $rec.call_opt("Api::create", (&kind).create_call()).await;
        $rec.call_opt("Api::upsert", (&kind).upsert_call()).await;
        $rec.call_opt("Api::patch", (&kind).patch_call()).await;
        $rec.call_opt("Api::delete", (&kind).delete_call()).await;
    )*};
}

/// `Api<K>::list_tables` when `K: UsedByTables`.
struct PKind<K: Resource>(Api<K>);

trait HasListTables {
    fn list_tables_call(&self) -> Option<Call<'_>>;
}
impl<K: UsedByTables> HasListTables for PKind<K> {
    fn list_tables_call(&self) -> Option<Call<'_>> {
        Some(Box::pin(async move {
            let _ = self.0.list_tables("probe").await;
        }))
    }
}
trait LacksListTables {
    fn list_tables_call(&self) -> Option<Call<'_>> {
        None
    }
}
impl<K: Resource> LacksListTables for &PKind<K> {}

macro_rules! drive_platform_api {
    ($rec:expr, $($handle:expr => $kind:ty),* $(,)?) => {$(
        let kind: PKind<$kind> = PKind($handle);
        let obj: $kind = sample(json!({"name": "probe"}));
        $rec.call("Api::list", kind.0.list()).await;
        $rec.call("Api::get", kind.0.get("probe")).await;
        $rec.call("Api::create", kind.0.create(&obj)).await;
        $rec.call("Api::update", kind.0.update(&obj)).await;
        $rec.call("Api::delete", kind.0.delete("probe")).await;
        $rec.call_opt("Api::list_tables", (&kind).list_tables_call()).await;
    )*};
}

/// `Client::deployments` etc. return `Api<K>` for a fixed `K`; this maps a kind to its
/// accessor so the macro can take a list of kinds.
trait Accessor: Resource {
    fn api(client: &Client) -> Api<Self>;
}
macro_rules! accessor {
    ($($kind:ty => $method:ident),* $(,)?) => {$(
        impl Accessor for $kind {
            fn api(client: &Client) -> Api<Self> {
                client.$method(NS)
            }
        }
    )*};
}
accessor!(
    Deployment => deployments,
    DeploymentTarget => deployment_targets,
    Event => events,
    Job => jobs,
    Savepoint => savepoints,
    SecretValue => secret_values,
    SessionCluster => session_clusters,
);

/// Drives every handle method once and returns what was sent.
async fn drive_every_handle() -> Vec<Sent> {
    let (mut rec, client) = Recorder::start().await;

    // Application Manager: the generic handle, verbs from the marker impls.
    drive_api!(
        rec,
        client,
        Deployment,
        DeploymentTarget,
        Event,
        Job,
        Savepoint,
        SecretValue,
        SessionCluster,
    );
    rec.call(
        "Api::delete_with",
        client.savepoints(NS).delete_with(uuid(), true),
    )
    .await;
    let defaults = client.deployment_defaults(NS);
    rec.call("Api::get", defaults.get()).await;
    let patch = MergePatch::new().set("/spec/deploymentTargetName", "k8s");
    rec.call("Api::patch", defaults.patch(&patch)).await;
    rec.call("Client::status", client.status()).await;
    rec.call("Client::system_info", client.system_info()).await;
    let day = |d| chrono::NaiveDate::from_ymd_opt(2025, 1, d).unwrap();
    rec.call(
        "Client::resource_usage",
        client.resource_usage(day(1), day(2)),
    )
    .await;
    let deployments = client.deployments(NS);
    rec.call("Api::list_with_cr", deployments.list_with_cr())
        .await;
    rec.call("Api::get_with_cr", deployments.get_with_cr("probe"))
        .await;
    let drain = vvp::StopParams::default().drain(true);
    rec.call(
        "Api::suspend_with",
        deployments.suspend_with("probe", &drain),
    )
    .await;
    rec.call("Api::cancel_with", deployments.cancel_with("probe", &drain))
        .await;
    rec.call(
        "Api::trigger_savepoint",
        deployments.trigger_savepoint("probe", vvp::SavepointFormat::NATIVE),
    )
    .await;

    // Platform: the generic handle and each instantiation's own methods.
    drive_platform_api!(
        rec,
        client.connectors(NS) => Connector,
        client.formats(NS) => Format,
        client.catalog_connectors(NS) => CatalogConnector,
        client.sql_scripts(NS) => SqlScript,
        client.udf_artifacts(NS).require_function_names(true) => UdfArtifact,
    );
    let cc = client.catalog_connectors(NS);
    rec.call("Api::list_catalogs", cc.list_catalogs("probe"))
        .await;
    let jars = JarUris::new(["s3://bucket/probe.jar"]);
    rec.call("Api::analyze_jars", cc.analyze_jars(&jars)).await;
    let sql = client.sql_scripts(NS).catalog("vvp").database("default");
    rec.call("Api::validate", sql.validate("SELECT 1")).await;
    rec.call("Api::execute", sql.execute("SELECT 1")).await;
    rec.call("Api::execute_multi", sql.execute_multi(["SELECT 1"], true))
        .await;
    rec.call("Api::suggest", sql.suggest("SEL", 3)).await;

    let namespaces = client.namespaces();
    let ns: Namespace = sample(json!({"name": "namespaces/probe"}));
    rec.call("Api::list", namespaces.list()).await;
    rec.call("Api::get", namespaces.get("probe")).await;
    rec.call("Api::create", namespaces.create(&ns)).await;
    rec.call("Api::update", namespaces.update(&ns)).await;
    rec.call(
        "Api::patch",
        namespaces.patch("probe", &MergePatch::new().set("/x", 1)),
    )
    .await;
    rec.call("Api::delete", namespaces.delete("probe")).await;
    rec.call(
        "Api::set_preview_session_cluster",
        namespaces.set_preview_session_cluster("probe", "sc"),
    )
    .await;

    let tokens = client.api_tokens(NS);
    rec.call("Api::list", tokens.list()).await;
    rec.call("Api::get", tokens.get("probe")).await;
    rec.call("Api::create", tokens.create("probe", Role::Viewer))
        .await;
    rec.call("Api::delete", tokens.delete("probe")).await;

    let catalogs = client.catalogs(NS);
    rec.call("Api::list", catalogs.list()).await;
    rec.call("Api::get", catalogs.get("vvp")).await;
    rec.call("Api::list_databases", catalogs.list_databases("vvp"))
        .await;
    rec.call("Api::get_database", catalogs.get_database("vvp", "db"))
        .await;
    rec.call("Api::list_tables", catalogs.list_tables("vvp", Some("db")))
        .await;
    rec.call("Api::get_table", catalogs.get_table("vvp", Some("db"), "t"))
        .await;
    rec.call("Api::list_views", catalogs.list_views("vvp", Some("db")))
        .await;
    rec.call("Api::get_view", catalogs.get_view("vvp", Some("db"), "v"))
        .await;
    rec.call(
        "Api::list_functions",
        catalogs.list_functions("vvp", Some("db")),
    )
    .await;
    rec.call(
        "Api::get_function",
        catalogs.get_function("vvp", Some("db"), "f"),
    )
    .await;

    let autopilot = client.autopilot(NS);
    rec.call("Api::list_policies", autopilot.list_policies())
        .await;
    rec.call("Api::get_policy", autopilot.get_policy("probe"))
        .await;
    rec.call(
        "Api::update_policy",
        autopilot.update_policy("probe", &AutopilotPolicy::default()),
    )
    .await;
    rec.call("Api::status", autopilot.status("probe")).await;
    rec.call("Api::recommendation", autopilot.recommendation("probe"))
        .await;

    let artifacts = client.artifacts(NS);
    rec.call("Api::list", artifacts.list()).await;
    rec.call(
        "Api::upload",
        artifacts.upload("probe.jar", b"PK".as_slice()),
    )
    .await;
    rec.call("Api::delete", artifacts.delete("probe.jar")).await;

    rec.sent
}

// ---------------------------------------------------------------------------------------
// The tests.

#[tokio::test]
async fn handles_offer_exactly_the_spec_verbs() {
    let ops = all_spec_ops();
    let sent = drive_every_handle().await;
    let problems = problems(&ops, &sent, RAW_ONLY);
    for p in &problems {
        println!("{p}");
    }
    assert!(
        problems.is_empty(),
        "{} problems (listed above)",
        problems.len()
    );
    println!(
        "{} spec operations, {} requests sent, {} raw-only",
        ops.len(),
        sent.len(),
        RAW_ONLY.len()
    );
}

/// The check can fail both ways: an operation dropped from the specs (a handle now offers
/// a verb the spec lacks) and a handle verb taken away (the operation is reached by none).
#[tokio::test]
async fn the_check_fails_on_either_kind_of_drift() {
    let sent = drive_every_handle().await;

    let mut doc: Value = serde_json::from_str(include_str!("../specs/api/swagger.json")).unwrap();
    let item = doc
        .pointer_mut("/paths/~1api~1v1~1namespaces~1{namespace}~1sessionclusters~1{name}")
        .and_then(Value::as_object_mut)
        .expect("sessionclusters item path in specs/api/swagger.json");
    assert!(item.remove("patch").is_some());
    let mut ops = ops_of(&doc);
    ops.extend(load_ops("swagger.json"));
    let found = problems(&ops, &sent, RAW_ONLY);
    assert_eq!(
        found,
        [format!(
            "Api::patch sends PATCH /api/v1/namespaces/{NS}/sessionclusters/{ID} which specs/ lacks"
        )]
    );

    let ops = all_spec_ops();
    let without_upsert: Vec<Sent> = sent
        .iter()
        .filter(|s| !(s.by == "Api::upsert" && s.path.contains("/deployment-targets/")))
        .cloned()
        .collect();
    let found = problems(&ops, &without_upsert, RAW_ONLY);
    assert_eq!(
        found,
        ["PUT /api/v1/namespaces/{namespace}/deployment-targets/{name} is reachable through no handle and not on RAW_ONLY"]
    );

    let mut raw_only = RAW_ONLY.to_vec();
    raw_only.push(("GET", "/api/v1/status"));
    raw_only.push(("GET", "/api/v1/nothing"));
    let found = problems(&ops, &sent, &raw_only);
    assert_eq!(
        found,
        [
            "RAW_ONLY lists GET /api/v1/nothing, which specs/ lacks".to_owned(),
            "RAW_ONLY lists GET /api/v1/status, but Client::status reach it: drop it from the list"
                .to_owned(),
        ]
    );
}

/// Every `pub async fn` in an `impl` block of the handle sources was driven above, under
/// `Type::method` (generic parameters dropped): a new handle method cannot skip the check.
#[tokio::test]
async fn every_public_request_method_is_driven() {
    let sent = drive_every_handle().await;
    let driven: BTreeSet<&str> = sent.iter().map(|s| s.by.as_str()).collect();
    let mut missing = Vec::new();
    let mut found = 0;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in HANDLE_SOURCES {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        for (ty, method) in public_async_methods(&text) {
            found += 1;
            let by = format!("{ty}::{method}");
            if !driven.contains(by.as_str()) {
                missing.push(format!("{file}: {by}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "handle methods not driven by drive_every_handle: {missing:#?}"
    );
    // The scan itself must see the handles (a changed layout would make it vacuous).
    println!("{found} public request methods in the handle sources, all driven");
    // (One handle family: the shared verbs are counted once, for `Api<K>`.)
    assert!(
        found >= 40,
        "only {found} `pub async fn`s found: is the scan broken?"
    );
}

/// `(self type without generics, method)` for each `pub async fn` inside an `impl` block.
fn public_async_methods(source: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in source.lines() {
        if line.starts_with("impl") {
            current = impl_self_type(line);
        } else if line.starts_with('}') {
            current = None;
        } else if let (Some(ty), Some(rest)) =
            (&current, line.trim_start().strip_prefix("pub async fn "))
        {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.push((ty.clone(), name));
        }
    }
    out
}

/// `impl<K: Gettable> Api<K> {` → `Api`; `impl Foo for Bar {` → `Bar`.
fn impl_self_type(line: &str) -> Option<String> {
    let mut rest = line.strip_prefix("impl")?.trim_end_matches('{').trim();
    if rest.starts_with('<') {
        let mut depth = 0;
        let end = rest.char_indices().find_map(|(i, c)| {
            match c {
                '<' => depth += 1,
                '>' => depth -= 1,
                _ => {}
            }
            (depth == 0).then_some(i)
        })?;
        rest = rest[end + 1..].trim();
    }
    let ty = rest.rsplit(" for ").next()?.trim();
    let base: String = ty
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!base.is_empty()).then_some(base)
}

#[test]
fn templates_match_one_segment_per_parameter() {
    let t = "/catalog/v1beta2/namespaces/{ns}/catalogs/{cat}:listTables";
    assert!(template_matches(
        t,
        "/catalog/v1beta2/namespaces/a/catalogs/vvp:listTables"
    ));
    assert!(!template_matches(
        t,
        "/catalog/v1beta2/namespaces/a/catalogs/vvp"
    ));
    assert!(!template_matches(
        "/catalog/v1beta2/namespaces/{ns}/catalogs/{cat}",
        "/catalog/v1beta2/namespaces/a/catalogs/vvp:listTables"
    ));
    assert!(!template_matches("/a/{x}", "/a/"));
    assert!(!template_matches("/a/{x}", "/a/b/c"));
    assert_eq!(
        impl_self_type("impl<K: Gettable> Api<K> {").as_deref(),
        Some("Api")
    );
    assert_eq!(
        impl_self_type("impl Api<SqlScript> {").as_deref(),
        Some("Api")
    );
    assert_eq!(
        impl_self_type("impl fmt::Debug for NamespacesApi {").as_deref(),
        Some("NamespacesApi")
    );
}
