//! A built-in, stateful fake Ververica Platform for tests and examples (feature `testing`).
//!
//! [`FakePlatform`] is an HTTP server on `127.0.0.1` that speaks the VVP REST API — the
//! Application Manager API under `/api/v1/...` and the Platform API (namespaces, API
//! tokens, SQL scripts, catalogs, connectors, formats, UDF artifacts, artifacts, Autopilot) — in JSON
//! and YAML, and keeps state like a real server: ids, `resourceVersion`, timestamps,
//! labels, upserts, merge patches, the error bodies of a real server, and a simulated
//! lifecycle (deployments start jobs, suspend through savepoints, emit events; session
//! clusters start and stop).
//!
//! # Time is explicit and deterministic
//!
//! Nothing happens in the background. The simulated controller advances in *steps*:
//!
//! - **on read** (default): every `GET` of a single Deployment, SessionCluster, Savepoint
//!   or Job advances *that object* one step before answering, so a client polling
//!   "until RUNNING" converges after a few polls without any sleeps. Lists never advance.
//! - **explicitly**: [`FakePlatform::tick`] advances every object one step,
//!   [`FakePlatform::advance`] does that `n` times and [`FakePlatform::settle`] until
//!   nothing changes. Use [`FakePlatformBuilder::manual_lifecycle`] to turn off the
//!   advancing on read.
//!
//! A deployment with desired state `RUNNING` goes `CANCELLED` → (step) `TRANSITIONING`
//! with a `STARTING` job → (step) `RUNNING` with a `STARTED` job. `SUSPENDED` takes three
//! steps (savepoint `STARTED`, savepoint `COMPLETED` + job `TERMINATING`, job
//! `TERMINATED` + status `SUSPENDED`), `CANCELLED` two. A template change of a running
//! deployment restarts it (stateful: through a savepoint) with a new job. Each step writes
//! the events a real controller writes (`STATE_TRANSITION_IS_NEEDED`,
//! `CREATING_A_NEW_JOB`, `JOB_SUCCESSFULLY_STARTED`, ...).
//!
//! # Faults
//!
//! [`FakePlatform::fail_next`] answers the next `n` matching requests with an error status
//! and a VVP error body, [`FakePlatform::drop_next_connection`] closes the connection of
//! the next matching request without an answer (the request is not processed),
//! [`FakePlatform::drop_next_response`] processes it and then closes the connection
//! (the change happened, the client never hears of it), [`FakePlatform::set_latency`]
//! delays answers. [`FakePlatform::fail_deployment`] makes a deployment `FAILED`.
//! [`FakePlatform::inject_random_faults`] turns on seeded random faults (a given share of
//! all requests get a 503, a dropped connection before or after processing, or a delay),
//! and [`FakePlatform::stats`] counts what the fake received and injected.
//!
//! # Example: testing your own code against the fake
//!
//! ```
//! use vvp::testing::FakePlatform;
//! use vvp::types::{Deployment, DeploymentState, DeploymentTarget};
//! use vvp::MergePatch;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), vvp::Error> {
//! // In a `#[tokio::test]`: a fresh platform with a `default` namespace.
//! let fake = FakePlatform::builder().with_token("s3cr3t").start().await;
//! let client = fake.client(); // a vvp::Client for fake.url(), carrying the token
//!
//! client
//!     .deployment_targets("default")
//!     .create(&DeploymentTarget::new("k8s", "flink-jobs"))
//!     .await?;
//! let manifest = r#"
//! metadata: {name: orders}
//! spec:
//!   state: RUNNING
//!   deploymentTargetName: k8s
//!   template: {spec: {artifact: {kind: JAR, jarUri: "s3://bucket/orders.jar"}}}
//! "#;
//! let deployment: Deployment = vvp::yaml::from_str(manifest)?;
//! client.deployments("default").create(&deployment).await?;
//!
//! // Each GET advances the simulated controller one step: no sleeps needed.
//! let mut d = client.deployments("default").get("orders").await?;
//! while d.status_state() != Some(&DeploymentState::Running) {
//!     d = client.deployments("default").get("orders").await?;
//! }
//!
//! // Exercise your error handling: the next PATCH fails with 503, then the job fails.
//! fake.fail_next(1, "PATCH /api/v1/namespaces/default/deployments", 503).await;
//! let patch = MergePatch::new().set("/spec/state", "SUSPENDED");
//! assert_eq!(client.deployments("default").patch("orders", &patch).await.unwrap_err().status(), Some(503));
//! assert!(fake.fail_deployment("default", "orders", "OutOfMemoryError").await);
//! let d = client.deployments("default").get("orders").await?;
//! assert_eq!(d.status_state(), Some(&DeploymentState::Failed));
//! # Ok(()) }
//! ```
//!
//! The fake is a plain HTTP server, so code that does not use `vvp::Client` can be
//! pointed at [`FakePlatform::url`] as well. Like a real server it serves its API
//! documents (the crate's own specs, at `/api/swagger.json` and `/swagger.json`); replace
//! them with [`FakePlatform::set_api_document`] to test code that reads them.
//!
//! # Limits (what the fake does not do)
//!
//! - Memory: the fake bounds its own state (events, jobs, objects per kind, the request
//!   log of [`FakePlatform::requests`]: the last 1000), and wiremock's own request journal
//!   is off, so a long-running fake (say, a load test of 10,000 requests) stays flat.
//! - `metadata.resourceVersion` in requests is not checked (no optimistic locking).
//! - A SecretValue's `spec.value` is accepted but never returned (write-only).
//! - Autopilot: every deployment has a policy (`AUTOPILOT_MODE_DISABLED` until one is
//!   set; a disabled policy has an empty status and recommendation). Otherwise status and
//!   recommendation come from a formula: the source of a running job receives 2000
//!   records/s, each parallel instance handles 1000, and the recommended parallelism is
//!   the smallest that meets the target utilization (default 80 %) within the policy's
//!   bounds. `ACTIVE` policies are never applied.
//! - SQL is judged by its first keyword plus `CREATE TABLE`/`DROP TABLE`/`CREATE FUNCTION`
//!   bookkeeping; it is not a SQL parser.

mod appmanager;
mod autopilot;
mod http;
mod lifecycle;
mod platform;
mod specs;
mod sql;
mod state;
mod usage;

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use wiremock::{Mock, MockServer, ResponseTemplate};

use http::{pf_error, spring_error, Family, Req, Resp};
use lifecycle::Ctx;
pub use state::Role;
use state::{Clock, Ns};

/// Most entries kept in the request log.
const MAX_LOG: usize = 1_000;
/// Most armed faults.
const MAX_FAULTS: usize = 1_000;

/// Which requests a fault or a latency applies to.
///
/// Built from a string: `"/api/v1/namespaces/default/deployments"` matches every request
/// whose path starts with that prefix; a leading method (`"PATCH /api/v1/..."`) restricts it
/// to that method; `"*"` or `""` matches everything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestMatcher {
    method: Option<String>,
    path_prefix: String,
}

impl RequestMatcher {
    /// Matches every request.
    pub fn any() -> RequestMatcher {
        RequestMatcher {
            method: None,
            path_prefix: String::new(),
        }
    }

    /// Matches requests whose path starts with `prefix`.
    pub fn path_prefix(prefix: impl Into<String>) -> RequestMatcher {
        RequestMatcher {
            method: None,
            path_prefix: prefix.into(),
        }
    }

    /// Restricts the matcher to one HTTP method.
    pub fn method(mut self, method: &str) -> RequestMatcher {
        self.method = Some(method.to_ascii_uppercase());
        self
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        self.method.as_deref().is_none_or(|m| m == method) && path.starts_with(&self.path_prefix)
    }
}

impl From<&str> for RequestMatcher {
    fn from(s: &str) -> RequestMatcher {
        let s = s.trim();
        if s.is_empty() || s == "*" {
            return RequestMatcher::any();
        }
        match s.split_once(' ') {
            Some((m, p)) if !m.starts_with('/') => RequestMatcher::path_prefix(p.trim()).method(m),
            _ => RequestMatcher::path_prefix(s),
        }
    }
}

impl From<String> for RequestMatcher {
    fn from(s: String) -> RequestMatcher {
        RequestMatcher::from(s.as_str())
    }
}

impl From<&String> for RequestMatcher {
    fn from(s: &String) -> RequestMatcher {
        RequestMatcher::from(s.as_str())
    }
}

/// Seeded random faults for load and chaos tests; see
/// [`FakePlatform::inject_random_faults`].
///
/// ```
/// use std::time::Duration;
/// use vvp::testing::RandomFaults;
/// let faults = RandomFaults::new(0.05).seed(7).delay(Duration::from_millis(20));
/// assert_eq!(faults.rate, 0.05);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub struct RandomFaults {
    /// The share of requests that get a fault, `0.0..=1.0`. Half of them get their
    /// connection dropped (before or after processing, equally likely), the other half a
    /// 503 or a delay (equally likely).
    pub rate: f64,
    /// The seed of the random generator (same seed, same sequence of decisions).
    pub seed: u64,
    /// How long a delayed answer waits.
    pub delay: Duration,
}

impl RandomFaults {
    /// Faults for a share `rate` of all requests (seed 1, 50 ms delays).
    pub fn new(rate: f64) -> RandomFaults {
        RandomFaults {
            rate: rate.clamp(0.0, 1.0),
            seed: 1,
            delay: Duration::from_millis(50),
        }
    }

    /// Set [`RandomFaults::seed`].
    #[must_use]
    pub fn seed(mut self, seed: u64) -> RandomFaults {
        self.seed = seed;
        self
    }

    /// Set [`RandomFaults::delay`].
    #[must_use]
    pub fn delay(mut self, delay: Duration) -> RandomFaults {
        self.delay = delay;
        self
    }
}

/// Counters of what the fake received and did, kept for its whole life in constant
/// memory; see [`FakePlatform::stats`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct FakeStats {
    /// Requests received, by HTTP method (upper case), faulted ones included.
    pub requests_by_method: BTreeMap<String, u64>,
    /// Requests answered with an injected error status (armed or random).
    pub injected_statuses: u64,
    /// Connections dropped before the request was processed.
    pub dropped_before: u64,
    /// Connections dropped after the request was processed.
    pub dropped_after: u64,
    /// Answers delayed by a random fault.
    pub delayed: u64,
}

impl FakeStats {
    /// All requests received.
    pub fn requests(&self) -> u64 {
        self.requests_by_method.values().sum()
    }

    /// Requests received with `method` (e.g. `"POST"`).
    pub fn requests_with(&self, method: &str) -> u64 {
        self.requests_by_method.get(method).copied().unwrap_or(0)
    }
}

/// The running state of [`RandomFaults`].
struct Chaos {
    faults: RandomFaults,
    rng: u64,
}

impl Chaos {
    fn new(faults: RandomFaults) -> Chaos {
        Chaos {
            faults,
            rng: faults.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1,
        }
    }

    /// A number in `[0, 1)` (xorshift64).
    fn next(&mut self) -> f64 {
        let mut x = self.rng;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.rng = x;
        (x >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Whether this request's connection is dropped, and when.
    fn drop_action(&mut self) -> Option<FaultAction> {
        if self.next() >= self.faults.rate / 2.0 {
            return None;
        }
        Some(if self.next() < 0.5 {
            FaultAction::DropBefore
        } else {
            FaultAction::DropAfter
        })
    }

    /// Whether this (not dropped) request gets a 503 (`Err`) or a delay (`Ok`).
    fn answer_fault(&mut self) -> Option<Result<Duration, u16>> {
        if self.next() >= self.faults.rate / 2.0 {
            return None;
        }
        Some(if self.next() < 0.5 {
            Err(503)
        } else {
            Ok(self.faults.delay)
        })
    }
}

/// A request the fake received (for assertions in tests). No headers beyond the two below
/// and no bodies are kept, so no secret ends up in the log.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// HTTP method, upper case.
    pub method: String,
    /// The path as sent (percent-encoded).
    pub path: String,
    /// The query string as sent, if any.
    pub query: Option<String>,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The `Accept` header, if any.
    pub accept: Option<String>,
    /// The status answered; `None` when the connection was dropped.
    pub status: Option<u16>,
}

#[derive(Clone, Copy, Debug)]
enum FaultAction {
    Status(u16),
    DropBefore,
    DropAfter,
}

#[derive(Clone, Debug)]
struct Fault {
    matcher: RequestMatcher,
    remaining: u32,
    action: FaultAction,
}

#[derive(Clone, Debug)]
enum Grant {
    Admin,
    Namespace(String, Role),
}

/// Everything behind the lock.
pub(crate) struct State {
    clock: Clock,
    namespaces: BTreeMap<String, Ns>,
    auth_enabled: bool,
    tokens: Vec<(String, Grant)>,
    faults: Vec<Fault>,
    latency: Option<Duration>,
    path_latency: Vec<(RequestMatcher, Duration)>,
    log: VecDeque<RecordedRequest>,
    auto_advance: bool,
    chaos: Option<Chaos>,
    stats: FakeStats,
    /// API documents served by path (see `specs.rs`).
    documents: BTreeMap<String, String>,
}

impl State {
    fn new() -> State {
        let mut clock = Clock::default();
        let mut namespaces = BTreeMap::new();
        namespaces.insert("default".to_string(), Ns::new("default", &mut clock, None));
        State {
            clock,
            namespaces,
            auth_enabled: false,
            tokens: Vec::new(),
            faults: Vec::new(),
            latency: None,
            path_latency: Vec::new(),
            log: VecDeque::new(),
            auto_advance: true,
            chaos: None,
            stats: FakeStats::default(),
            documents: specs::defaults(),
        }
    }

    fn record(&mut self, req: &Req, status: Option<u16>, raw_query: Option<String>) {
        // The methods a client sends are few; anything else is counted as one bucket so
        // that the map stays bounded.
        let method = match req.method.as_str() {
            m @ ("GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS") => m,
            _ => "OTHER",
        };
        match self.stats.requests_by_method.get_mut(method) {
            Some(n) => *n += 1,
            None => {
                self.stats.requests_by_method.insert(method.to_owned(), 1);
            }
        }
        let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_string());
        self.log.push_back(RecordedRequest {
            method: req.method.clone(),
            path: req.raw_path.clone(),
            query: raw_query,
            content_type: non_empty(&req.content_type),
            accept: non_empty(&req.accept),
            status,
        });
        while self.log.len() > MAX_LOG {
            self.log.pop_front();
        }
    }

    /// Takes the first armed fault matching the request.
    fn take_fault(&mut self, method: &str, path: &str, drops: bool) -> Option<FaultAction> {
        let i = self.faults.iter().position(|f| {
            f.remaining > 0
                && matches!(f.action, FaultAction::DropBefore | FaultAction::DropAfter) == drops
                && f.matcher.matches(method, path)
        })?;
        let f = self.faults.get_mut(i)?;
        f.remaining -= 1;
        let action = f.action;
        if f.remaining == 0 {
            self.faults.remove(i);
        }
        Some(action)
    }

    /// Authentication and authorization: the caller's grant (`None` without auth), or the
    /// 401/403 answer.
    fn authorize(&self, req: &Req) -> Result<Option<Grant>, Resp> {
        if !self.auth_enabled {
            return Ok(None);
        }
        let secret = req
            .authorization
            .as_deref()
            .and_then(|h| {
                h.strip_prefix("Bearer ")
                    .or_else(|| h.strip_prefix("bearer "))
            })
            .map(str::trim);
        let Some(secret) = secret.filter(|s| !s.is_empty()) else {
            return Err(spring_error(401, &req.raw_path));
        };
        let grant = self
            .tokens
            .iter()
            .find(|(t, _)| t == secret)
            .map(|(_, g)| g.clone())
            .or_else(|| self.api_token_grant(secret));
        let Some(grant) = grant else {
            return Err(spring_error(401, &req.raw_path));
        };
        let (ns, needed) = required_access(req);
        let allowed = match (&grant, ns) {
            (Grant::Admin, _) => true,
            (Grant::Namespace(_, role), None) => needed == Role::Viewer && *role >= Role::Viewer,
            (Grant::Namespace(g, role), Some(ns)) => g == ns && *role >= needed,
        };
        if allowed {
            Ok(Some(grant))
        } else {
            Err(spring_error(403, &req.raw_path))
        }
    }

    /// Tokens created through the API tokens endpoint are credentials too.
    fn api_token_grant(&self, secret: &str) -> Option<Grant> {
        for (ns_name, ns) in &self.namespaces {
            for t in &ns.apitokens {
                if t.get("secret").and_then(serde_json::Value::as_str) == Some(secret) {
                    let role = t
                        .get("role")
                        .and_then(serde_json::Value::as_str)
                        .and_then(Role::parse)
                        .unwrap_or(Role::Viewer);
                    return Some(Grant::Namespace(ns_name.clone(), role));
                }
            }
        }
        None
    }

    fn latency_for(&self, method: &str, path: &str) -> Option<Duration> {
        self.path_latency
            .iter()
            .rev()
            .find(|(m, _)| m.matches(method, path))
            .map(|(_, d)| *d)
            .or(self.latency)
            .filter(|d| !d.is_zero())
    }

    /// Routes a request to the API it belongs to.
    fn route(&mut self, req: &Req) -> Resp {
        if let Some(doc) = specs::serve(self, req) {
            return doc;
        }
        let grant = match self.authorize(req) {
            Ok(g) => g,
            Err(r) => return r,
        };
        let resp = match req.segs.first().map(String::as_str) {
            Some("api") => appmanager::route(self, req),
            Some(_) => platform::route(self, req),
            None => spring_error(404, &req.raw_path),
        };
        // A namespace-scoped token sees only its namespace in the namespace list.
        match (grant, req.method.as_str(), req.segs.as_slice()) {
            (Some(Grant::Namespace(ns, _)), "GET", [a, b, c])
                if a == "namespaces" && b == "v1" && c == "namespaces" =>
            {
                let mut resp = resp;
                if let http::Body::Value(v) = &mut resp.body {
                    if let Some(items) = v
                        .get_mut("namespaces")
                        .and_then(serde_json::Value::as_array_mut)
                    {
                        let full = format!("namespaces/{ns}");
                        items.retain(|n| {
                            n.get("name").and_then(serde_json::Value::as_str) == Some(full.as_str())
                        });
                    }
                }
                resp
            }
            _ => resp,
        }
    }

    /// Advances every namespace one step; removes namespaces whose deletion was requested.
    fn tick(&mut self) -> bool {
        let mut changed = false;
        let terminating: Vec<String> = self
            .namespaces
            .iter()
            .filter(|(_, ns)| ns.terminating())
            .map(|(n, _)| n.clone())
            .collect();
        for n in terminating {
            self.namespaces.remove(&n);
            changed = true;
        }
        let State {
            namespaces, clock, ..
        } = self;
        for (name, ns) in namespaces.iter_mut() {
            let mut cx = Ctx {
                ns,
                clock,
                ns_name: name,
            };
            changed |= cx.tick();
        }
        changed
    }
}

/// The namespace a request is about and the least role it needs.
fn required_access(req: &Req) -> (Option<&str>, Role) {
    let segs: Vec<&str> = req.segs.iter().map(String::as_str).collect();
    let write = !matches!(req.method.as_str(), "GET" | "HEAD" | "OPTIONS");
    let basic = if write { Role::Editor } else { Role::Viewer };
    match segs.as_slice() {
        ["api", "v1", "namespaces", ns, ..] => (Some(ns), basic),
        ["namespaces", "v1", "namespaces"] => {
            (None, if write { Role::Owner } else { Role::Viewer })
        }
        ["namespaces", "v1", "namespaces", ns, ..] => {
            let ns = ns.split(':').next().unwrap_or(ns);
            (Some(ns), if write { Role::Owner } else { Role::Viewer })
        }
        ["apitokens", "v1", "namespaces", ns, ..] => (Some(ns), Role::Owner),
        [_, _, "namespaces", ns, ..] => (Some(ns), basic),
        _ => (None, Role::Viewer),
    }
}

fn lock(shared: &Mutex<State>) -> MutexGuard<'_, State> {
    shared
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Turns a fake response into a wiremock response.
fn to_template(req: &Req, resp: &Resp, delay: Option<Duration>) -> ResponseTemplate {
    let status = if (100..=599).contains(&resp.status) {
        resp.status
    } else {
        500
    };
    let (bytes, mime) = resp.encode(req);
    let mut t = ResponseTemplate::new(status);
    if !mime.is_empty() {
        t = t.set_body_raw(bytes, mime);
    }
    if let Some(d) = delay {
        t = t.set_delay(d);
    }
    t
}

/// The catch-all responder.
struct Responder(Arc<Mutex<State>>);

impl wiremock::Respond for Responder {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let req = Req::from_wiremock(request);
        let raw_query = request.url.query().map(str::to_string);
        let mut st = lock(&self.0);
        let random = st.chaos.as_mut().and_then(Chaos::answer_fault);
        let resp = match (st.take_fault(&req.method, &req.raw_path, false), random) {
            (Some(FaultAction::Status(s)), _) | (_, Some(Err(s))) => {
                st.stats.injected_statuses += 1;
                injected(&req, s)
            }
            _ => st.route(&req),
        };
        st.record(&req, Some(resp.status), raw_query);
        let delay = match random {
            Some(Ok(d)) => {
                st.stats.delayed += 1;
                Some(d)
            }
            _ => st.latency_for(&req.method, &req.raw_path),
        };
        drop(st);
        to_template(&req, &resp, delay)
    }
}

/// The body of an injected failure, in the shape of the API the path belongs to.
fn injected(req: &Req, status: u16) -> Resp {
    let message = format!(
        "Injected fault: {status} for {} {}",
        req.method, req.raw_path
    );
    match Family::of(&req.segs) {
        Family::AppManager => Family::AppManager.error(status, message),
        Family::Platform => pf_error(status, message),
    }
}

/// Matches (and consumes) an armed connection-drop fault. For "drop after processing" it
/// processes the request first.
struct DropMatcher(Arc<Mutex<State>>);

impl wiremock::Match for DropMatcher {
    fn matches(&self, request: &wiremock::Request) -> bool {
        let method = request.method.as_str().to_ascii_uppercase();
        let mut st = lock(&self.0);
        let armed = st.take_fault(&method, request.url.path(), true);
        let Some(action) = armed.or_else(|| st.chaos.as_mut().and_then(Chaos::drop_action)) else {
            return false;
        };
        let req = Req::from_wiremock(request);
        if let FaultAction::DropAfter = action {
            st.stats.dropped_after += 1;
            let _ = st.route(&req);
        } else {
            st.stats.dropped_before += 1;
        }
        st.record(&req, None, request.url.query().map(str::to_string));
        true
    }
}

/// A fake Ververica Platform; see the [module documentation](self).
///
/// Dropping it shuts the server down.
pub struct FakePlatform {
    server: MockServer,
    state: Arc<Mutex<State>>,
    admin_token: Option<String>,
}

impl std::fmt::Debug for FakePlatform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakePlatform")
            .field("url", &self.server.uri())
            .finish_non_exhaustive()
    }
}

/// Configures a [`FakePlatform`] before it starts.
#[derive(Debug, Default)]
pub struct FakePlatformBuilder {
    tokens: Vec<(String, Grant)>,
    namespaces: Vec<String>,
    manual: bool,
}

impl FakePlatformBuilder {
    /// Requires `Authorization: Bearer <token>`; this token may do everything in every
    /// namespace. Without any token configured the fake accepts every request.
    pub fn with_token(mut self, token: impl Into<String>) -> Self {
        self.tokens.push((token.into(), Grant::Admin));
        self
    }

    /// Adds a token that is `owner` of one namespace only (403 elsewhere). Enables
    /// authentication like [`with_token`](Self::with_token).
    pub fn with_namespace_token(
        self,
        token: impl Into<String>,
        namespace: impl Into<String>,
    ) -> Self {
        self.with_scoped_token(token, namespace, Role::Owner)
    }

    /// Adds a token with `role` in one namespace: `Viewer` may only read, `Editor` may
    /// change resources, `Owner` may also manage API tokens and the namespace.
    pub fn with_scoped_token(
        mut self,
        token: impl Into<String>,
        namespace: impl Into<String>,
        role: Role,
    ) -> Self {
        self.tokens
            .push((token.into(), Grant::Namespace(namespace.into(), role)));
        self
    }

    /// Creates another namespace at start (`default` always exists).
    pub fn with_namespace(mut self, name: impl Into<String>) -> Self {
        self.namespaces.push(name.into());
        self
    }

    /// Turns off advancing objects on `GET`; only [`FakePlatform::tick`] and friends move
    /// the lifecycle.
    pub fn manual_lifecycle(mut self) -> Self {
        self.manual = true;
        self
    }

    /// Starts the server on a free port of `127.0.0.1`.
    pub async fn start(self) -> FakePlatform {
        let mut st = State::new();
        st.auth_enabled = !self.tokens.is_empty();
        st.auto_advance = !self.manual;
        let admin_token = self
            .tokens
            .iter()
            .find_map(|(t, g)| matches!(g, Grant::Admin).then(|| t.clone()));
        st.tokens = self.tokens;
        for n in self.namespaces {
            if state::NameRule::Dns.check(&n).is_none() && !st.namespaces.contains_key(&n) {
                let ns = Ns::new(&n, &mut st.clock, None);
                st.namespaces.insert(n, ns);
            }
        }
        let state = Arc::new(Mutex::new(st));
        let server = MockServer::builder()
            .disable_request_recording()
            .start()
            .await;
        Mock::given(DropMatcher(state.clone()))
            .respond_with_err(|_: &wiremock::Request| {
                std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "vvp fake: connection dropped",
                )
            })
            .with_priority(1)
            .mount(&server)
            .await;
        Mock::given(wiremock::matchers::any())
            .respond_with(Responder(state.clone()))
            .with_priority(5)
            .mount(&server)
            .await;
        FakePlatform {
            server,
            state,
            admin_token,
        }
    }
}

impl FakePlatform {
    /// Starts a fake with no authentication, the `default` namespace and advancing on read.
    pub async fn start() -> FakePlatform {
        FakePlatform::builder().start().await
    }

    /// A builder for tokens, namespaces and lifecycle mode.
    pub fn builder() -> FakePlatformBuilder {
        FakePlatformBuilder::default()
    }

    /// The base URL, e.g. `http://127.0.0.1:38211` (no trailing slash).
    pub fn url(&self) -> String {
        self.server.uri()
    }

    /// A [`Client`](crate::Client) for this fake, carrying the first token given to
    /// [`FakePlatformBuilder::with_token`] (if any), with the default JSON format.
    ///
    /// # Panics
    ///
    /// Only if the HTTP client cannot be built at all (no TLS backend could be
    /// initialised), which no test can work around anyway; use
    /// [`try_client`](Self::try_client) to get that as an error.
    pub fn client(&self) -> crate::Client {
        match self.try_client() {
            Ok(c) => c,
            Err(e) => panic!("vvp fake: cannot build a client for {}: {e}", self.url()),
        }
    }

    /// Like [`client`](Self::client), returning the build error instead of panicking.
    ///
    /// # Errors
    ///
    /// [`Error::Config`](crate::Error::Config) when the HTTP client cannot be built or the
    /// configured token is not a valid HTTP header value.
    pub fn try_client(&self) -> crate::Result<crate::Client> {
        let builder = crate::Client::builder(self.url());
        match &self.admin_token {
            Some(t) => builder.token(t.clone()).build(),
            None => builder.build(),
        }
    }

    /// A [`Client`](crate::Client) for this fake that authenticates with `token` (e.g. one
    /// given to [`FakePlatformBuilder::with_scoped_token`] or created through the API
    /// tokens endpoint).
    ///
    /// # Errors
    ///
    /// [`Error::Config`](crate::Error::Config) when `token` is not a valid HTTP header value
    /// or the HTTP client cannot be built.
    pub fn client_with_token(&self, token: &str) -> crate::Result<crate::Client> {
        crate::Client::builder(self.url()).token(token).build()
    }

    /// The first token given to [`FakePlatformBuilder::with_token`], if any.
    pub fn token(&self) -> Option<&str> {
        self.admin_token.as_deref()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    /// Advances every object one step. Returns whether anything changed.
    pub async fn tick(&self) -> bool {
        self.state().tick()
    }

    /// Advances every object `n` steps.
    pub async fn advance(&self, n: usize) {
        let mut st = self.state();
        for _ in 0..n {
            st.tick();
        }
    }

    /// Advances until nothing changes any more (at most 100 steps). Returns the number of
    /// steps that changed something.
    pub async fn settle(&self) -> usize {
        let mut st = self.state();
        (0..100).take_while(|_| st.tick()).count()
    }

    /// Turns advancing on `GET` on or off.
    pub async fn set_auto_advance(&self, on: bool) {
        self.state().auto_advance = on;
    }

    fn with_ns<T>(&self, ns: &str, f: impl FnOnce(&mut Ctx) -> T) -> Option<T> {
        let mut st = self.state();
        let State {
            namespaces, clock, ..
        } = &mut *st;
        let n = namespaces.get_mut(ns)?;
        let mut cx = Ctx {
            ns: n,
            clock,
            ns_name: ns,
        };
        Some(f(&mut cx))
    }

    /// Makes a deployment (by name or id) FAILED: its job fails, an event with `reason` is
    /// written and the status carries `failure` and a `JobFailing` condition. It stays
    /// FAILED until its template or desired state changes. Returns `false` when there is
    /// no such deployment.
    pub async fn fail_deployment(&self, namespace: &str, deployment: &str, reason: &str) -> bool {
        self.with_ns(namespace, |cx| {
            match appmanager::deployment_id(cx.ns, deployment) {
                Some(id) => cx.fail_deployment(&id, reason),
                None => false,
            }
        })
        .unwrap_or(false)
    }

    /// The next job the deployment `deployment` (by name; it need not exist yet) starts
    /// fails instead of reaching `STARTED`: the deployment goes `FAILED` as with
    /// [`fail_deployment`](Self::fail_deployment). Only that one job: a later spec change
    /// starts normally. Returns `false` when there is no such namespace.
    pub async fn fail_next_start(&self, namespace: &str, deployment: &str, reason: &str) -> bool {
        self.with_ns(namespace, |cx| {
            cx.ns
                .fail_on_start
                .insert(deployment.to_owned(), reason.to_owned());
        })
        .is_some()
    }

    /// Makes a deployment's job FINISHED and the deployment `FINISHED` (a bounded job ran
    /// to its end). Returns `false` when there is no such deployment.
    pub async fn finish_deployment(&self, namespace: &str, deployment: &str) -> bool {
        self.with_ns(namespace, |cx| {
            match appmanager::deployment_id(cx.ns, deployment) {
                Some(id) => cx.finish_deployment(&id),
                None => false,
            }
        })
        .unwrap_or(false)
    }

    /// Makes a session cluster FAILED until its spec changes. Returns `false` when there is
    /// no such session cluster.
    pub async fn fail_session_cluster(
        &self,
        namespace: &str,
        session_cluster: &str,
        reason: &str,
    ) -> bool {
        self.with_ns(namespace, |cx| {
            match appmanager::session_cluster_id(cx.ns, session_cluster) {
                Some(id) => cx.fail_session_cluster(&id, reason),
                None => false,
            }
        })
        .unwrap_or(false)
    }

    fn arm(&self, matcher: RequestMatcher, n: u32, action: FaultAction) {
        let mut st = self.state();
        if n > 0 && st.faults.len() < MAX_FAULTS {
            st.faults.push(Fault {
                matcher,
                remaining: n,
                action,
            });
        }
    }

    /// The next `n` requests matching `matcher` are answered with `status` and a VVP error
    /// body (Application Manager `ApiException` under `/api`, Platform
    /// `{code, description, cause, ok}` elsewhere) without being processed.
    pub async fn fail_next(&self, n: u32, matcher: impl Into<RequestMatcher>, status: u16) {
        self.arm(matcher.into(), n, FaultAction::Status(status));
    }

    /// The connection of the next request matching `matcher` is closed before any answer;
    /// the request is not processed.
    pub async fn drop_next_connection(&self, matcher: impl Into<RequestMatcher>) {
        self.arm(matcher.into(), 1, FaultAction::DropBefore);
    }

    /// The next request matching `matcher` is processed (its change happens) and then its
    /// connection is closed without an answer.
    pub async fn drop_next_response(&self, matcher: impl Into<RequestMatcher>) {
        self.arm(matcher.into(), 1, FaultAction::DropAfter);
    }

    /// Removes all armed faults (not latencies, not random faults).
    pub async fn clear_faults(&self) {
        self.state().faults.clear();
    }

    /// From now on, a share of all requests gets a random fault (see [`RandomFaults`]),
    /// on top of armed ones; `None` turns random faults off. What was injected shows in
    /// [`FakePlatform::stats`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// use vvp::testing::{FakePlatform, RandomFaults};
    /// let fake = FakePlatform::start().await;
    /// fake.inject_random_faults(Some(RandomFaults::new(0.05).seed(42))).await;
    /// // ... run a workload through fake.client() ...
    /// let stats = fake.stats().await;
    /// assert_eq!(stats.requests(), 0);
    /// # }
    /// ```
    pub async fn inject_random_faults(&self, faults: Option<RandomFaults>) {
        self.state().chaos = faults.map(Chaos::new);
    }

    /// Counters of requests received (by method) and faults injected since the start.
    pub async fn stats(&self) -> FakeStats {
        self.state().stats.clone()
    }

    /// Delays every answer by `latency` (`Duration::ZERO` turns it off).
    pub async fn set_latency(&self, latency: Duration) {
        self.state().latency = Some(latency);
    }

    /// Delays answers to requests matching `matcher` (overrides [`set_latency`](Self::set_latency)
    /// for them; the latest matching rule wins).
    pub async fn set_latency_for(&self, matcher: impl Into<RequestMatcher>, latency: Duration) {
        let mut st = self.state();
        if st.path_latency.len() < MAX_FAULTS {
            st.path_latency.push((matcher.into(), latency));
        }
    }

    /// The last requests received (at most 1000), oldest first.
    pub async fn requests(&self) -> Vec<RecordedRequest> {
        self.state().log.iter().cloned().collect()
    }

    /// Empties the request log.
    pub async fn clear_requests(&self) {
        self.state().log.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn wiremock_keeps_no_journal_and_the_log_is_bounded() {
        let fake = FakePlatform::start().await;
        {
            let mut st = fake.state();
            for i in 0..(MAX_LOG + 10) {
                st.log.push_back(RecordedRequest {
                    method: "GET".into(),
                    path: format!("/{i}"),
                    query: None,
                    content_type: None,
                    accept: None,
                    status: Some(200),
                });
            }
        }
        let client = fake.client();
        client.deployments("default").list().await.unwrap();
        assert!(fake.server.received_requests().await.is_none());
        assert_eq!(fake.requests().await.len(), MAX_LOG);
        assert_eq!(fake.stats().await.requests_with("GET"), 1);
    }

    #[test]
    fn random_faults_hit_about_their_rate() {
        let mut chaos = Chaos::new(RandomFaults::new(0.1).seed(3));
        let n = 100_000;
        let faults = (0..n)
            .filter(|_| chaos.drop_action().is_some() || chaos.answer_fault().is_some())
            .count();
        let share = faults as f64 / f64::from(n);
        assert!((0.085..0.115).contains(&share), "{share}");
    }
}
