//! `vvp` side by side with the few lines of `reqwest` + `serde_json` it wraps.
//!
//! Run with `cargo bench --bench compare` (about a minute on 2 cores, after the build).
//! `cargo test --benches` runs a smoke version (1 round, small counts; figures meaningless).
//!
//! Both contenders talk to the same in-process HTTP/1.1 server (hyper, keep-alive, on its
//! own thread and single-threaded tokio runtime), which answers canned bytes: one realistic
//! Deployment (about 2 KB) for `GET .../deployments/{name}`, a `ResourceList` of 10,000 of
//! them (about 20 MB) for `GET .../deployments`. The contenders:
//!
//! - `vvp`: `Client::builder(url).token(..).build()`, then `client.deployments("default")`
//!   `.get(name)` / `.list()`, and `vvp::BodyFormat::Json.decode` for the in-memory decode;
//! - `raw`: one `reqwest::Client::new()`, `get(url).bearer_auth(..).header(ACCEPT, ..)`
//!   `.send()`, `error_for_status()`, `.bytes()`, `serde_json::from_slice` into the same
//!   `vvp::types::Deployment` / `vvp::List<Deployment>`.
//!
//! Scenarios (the table of issue 9):
//!
//! - P1: sequential `get`s, median latency;
//! - P2: `list()` of 10,000 deployments over HTTP, median time; the same decode in memory
//!   (no HTTP), median time and MB/s; the peak memory of `list()`, measured in a fresh
//!   child process per contender (this binary, re-started with `--mem-probe`), as the growth
//!   of `VmHWM` during the call;
//! - P3: 256 tokio tasks sharing one client, 20,000 `get`s in all, throughput.
//!
//! Every scenario runs in rounds; each round runs both contenders, the order alternating
//! from round to round, and yields one ratio `vvp / raw` (of times; of throughputs for P3).
//! The table shows the median of the per-round ratios and their spread (min-max). The
//! server counts the connections it accepted, printed per contender: with keep-alive a
//! sequential contender uses one, a concurrent one at most one per task.
//!
//! `--profile p1|p2|decode|p3 vvp|raw <seconds>|<runs>x` runs one scenario of one
//! contender in a loop and prints nothing else: for a profiler, e.g.
//! `perf record -e cpu-clock -- target/release/deps/compare-* --profile p3 vvp 10` or
//! `valgrind --tool=callgrind ... --profile p1 vvp 20x` (a run of p1 is 100 gets, of p3
//! 5,000 gets on 256 tasks).
//!
//! The client runtime is tokio's multi-threaded one with its default worker count (one per
//! core); the server shares the cores, so this measures the whole loop on one machine.

#[allow(dead_code)] // shares the fixture with the other benches; uses part of `common`
mod common;

use std::convert::Infallible;
use std::hint::black_box;
use std::io::Write as _;
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::Full;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use reqwest::header::ACCEPT;
use tokio::net::TcpListener;

use common::{banner, deployment, deployment_list, fmt_duration, fmt_rate, mb, Mode, Table};
use vvp::types::Deployment;
use vvp::List;

const TOKEN: &str = "bench-token";
const NAMESPACE: &str = "default";
const COLLECTION: &str = "/api/v1/namespaces/default/deployments";

// ---------------------------------------------------------------------------------------
// The server

/// What the server answers, and how many connections it accepted.
struct Server {
    addr: SocketAddr,
    accepted: Arc<AtomicUsize>,
}

impl Server {
    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn accepted(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }
}

/// Starts the server on its own thread (a single-threaded tokio runtime).
fn start_server(one: Bytes, list: Bytes) -> Server {
    let accepted = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = std::sync::mpsc::channel();
    let counter = accepted.clone();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a server runtime");
        rt.block_on(async move {
            let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
            tx.send(listener.local_addr().expect("an address"))
                .expect("main thread waits");
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let _ = stream.set_nodelay(true);
                counter.fetch_add(1, Ordering::SeqCst);
                let (one, list) = (one.clone(), list.clone());
                tokio::spawn(async move {
                    let service = service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                        let path = req.uri().path();
                        let (status, body) = if path == COLLECTION {
                            (200, list.clone())
                        } else if path.starts_with(COLLECTION) {
                            (200, one.clone())
                        } else {
                            (404, Bytes::from_static(b"{\"message\":\"not found\"}"))
                        };
                        let resp = hyper::Response::builder()
                            .status(status)
                            .header("content-type", "application/json")
                            .body(Full::new(body))
                            .expect("a response");
                        async move { Ok::<_, Infallible>(resp) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .keep_alive(true)
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
    });
    let addr = rx.recv().expect("the server starts");
    Server { addr, accepted }
}

// ---------------------------------------------------------------------------------------
// The contenders

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Vvp,
    Raw,
}

impl Who {
    fn name(self) -> &'static str {
        match self {
            Who::Vvp => "vvp",
            Who::Raw => "raw",
        }
    }

    fn parse(s: &str) -> Option<Who> {
        match s {
            "vvp" => Some(Who::Vvp),
            "raw" => Some(Who::Raw),
            _ => None,
        }
    }

    /// Both contenders, the order alternating with `round`.
    fn order(round: usize) -> [Who; 2] {
        if round.is_multiple_of(2) {
            [Who::Vvp, Who::Raw]
        } else {
            [Who::Raw, Who::Vvp]
        }
    }
}

/// One contender's client, cheap to clone.
#[derive(Clone)]
enum Contender {
    Vvp(vvp::Client),
    Raw {
        http: reqwest::Client,
        item: Arc<str>,
        collection: Arc<str>,
    },
}

impl Contender {
    fn new(who: Who, base: &str, name: &str) -> Contender {
        match who {
            Who::Vvp => {
                let mut b = vvp::Client::builder(base).token(TOKEN);
                // Diagnostics: `VVP_COMPARE_HTTP=plain` gives vvp a `reqwest::Client::new()`
                // (no timeouts), like the raw contender's.
                if std::env::var_os("VVP_COMPARE_HTTP").is_some_and(|v| v == "plain") {
                    b = b.http_client(reqwest::Client::new());
                }
                // `VVP_COMPARE_RETRY=off`: without the retry policy (on by default).
                if std::env::var_os("VVP_COMPARE_RETRY").is_some_and(|v| v == "off") {
                    b = b.retry(vvp::RetryPolicy::disabled());
                }
                Contender::Vvp(b.build().expect("a vvp client"))
            }
            Who::Raw => Contender::Raw {
                http: reqwest::Client::new(),
                item: format!("{base}{COLLECTION}/{name}").into(),
                collection: format!("{base}{COLLECTION}").into(),
            },
        }
    }

    async fn raw_get(http: &reqwest::Client, url: &str) -> reqwest::Result<Bytes> {
        http.get(url)
            .bearer_auth(TOKEN)
            .header(ACCEPT, "application/json")
            .send()
            .await?
            .error_for_status()?
            .bytes()
            .await
    }

    async fn get(&self, name: &str) -> Deployment {
        match self {
            Contender::Vvp(c) => c.deployments(NAMESPACE).get(name).await.expect("vvp get"),
            Contender::Raw { http, item, .. } => {
                let body = Self::raw_get(http, item).await.expect("raw get");
                serde_json::from_slice(&body).expect("raw decode")
            }
        }
    }

    async fn list(&self) -> List<Deployment> {
        match self {
            Contender::Vvp(c) => c.deployments(NAMESPACE).list().await.expect("vvp list"),
            Contender::Raw {
                http, collection, ..
            } => {
                let body = Self::raw_get(http, collection).await.expect("raw list");
                serde_json::from_slice(&body).expect("raw decode")
            }
        }
    }
}

fn decode(who: Who, json: &[u8]) -> List<Deployment> {
    match who {
        Who::Vvp => vvp::BodyFormat::Json
            .decode(json, Some(200))
            .expect("vvp decode"),
        Who::Raw => serde_json::from_slice(json).expect("raw decode"),
    }
}

// ---------------------------------------------------------------------------------------
// Measuring

fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

fn min_max(v: &[f64]) -> (f64, f64) {
    v.iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
            (lo.min(x), hi.max(x))
        })
}

/// Per-round figures of both contenders in one scenario.
#[derive(Default)]
struct Rounds {
    vvp: Vec<f64>,
    raw: Vec<f64>,
    /// Connections the server accepted while each contender ran (all rounds).
    vvp_conns: usize,
    raw_conns: usize,
}

impl Rounds {
    fn push(&mut self, who: Who, value: f64, conns: usize) {
        match who {
            Who::Vvp => {
                self.vvp.push(value);
                self.vvp_conns += conns;
            }
            Who::Raw => {
                self.raw.push(value);
                self.raw_conns += conns;
            }
        }
    }

    /// Per-round ratios `vvp / raw`.
    fn ratios(&self) -> Vec<f64> {
        self.vvp.iter().zip(&self.raw).map(|(v, r)| v / r).collect()
    }
}

/// How long the scenarios run.
struct Plan {
    rounds: usize,
    /// P1: sequential `get`s per contender and round.
    p1_gets: usize,
    /// P2: deployments in the list.
    list_len: usize,
    /// P2: `list()` calls (and in-memory decodes) per contender and round.
    p2_lists: usize,
    /// P3: tasks, and `get`s per contender and round.
    p3_tasks: usize,
    p3_gets: usize,
    /// Memory probes per contender.
    mem_probes: usize,
}

impl Plan {
    fn new(mode: &Mode) -> Plan {
        if mode.full {
            Plan {
                rounds: 10,
                p1_gets: 400,
                list_len: 10_000,
                p2_lists: 3,
                p3_tasks: 256,
                p3_gets: 20_000,
                mem_probes: 3,
            }
        } else {
            Plan {
                rounds: 1,
                p1_gets: 8,
                list_len: 50,
                p2_lists: 1,
                p3_tasks: 8,
                p3_gets: 32,
                mem_probes: 1,
            }
        }
    }
}

/// P1: median latency (seconds) of `n` sequential gets.
async fn p1(c: &Contender, name: &str, n: usize) -> f64 {
    let mut lat = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        black_box(c.get(name).await);
        lat.push(t.elapsed().as_secs_f64());
    }
    median(&lat)
}

/// P2: median time (seconds) of `n` `list()` calls.
async fn p2_http(c: &Contender, n: usize) -> f64 {
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        let list = black_box(c.list().await);
        times.push(t.elapsed().as_secs_f64());
        drop(list);
    }
    median(&times)
}

/// P2: median time (seconds) of `n` in-memory decodes.
fn p2_decode(who: Who, json: &[u8], n: usize) -> f64 {
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        let list = black_box(decode(who, json));
        times.push(t.elapsed().as_secs_f64());
        drop(list);
    }
    median(&times)
}

/// P3: throughput (requests/s) of `tasks` tasks sharing `c`, `total` gets in all.
async fn p3(c: &Contender, name: &Arc<str>, tasks: usize, total: usize) -> f64 {
    let left = Arc::new(AtomicUsize::new(total));
    let started = Instant::now();
    let handles: Vec<_> = (0..tasks)
        .map(|_| {
            let (c, name, left) = (c.clone(), name.clone(), left.clone());
            tokio::spawn(async move {
                while left
                    .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
                    .is_ok()
                {
                    black_box(c.get(&name).await);
                }
            })
        })
        .collect();
    for h in handles {
        h.await.expect("a P3 task");
    }
    total as f64 / started.elapsed().as_secs_f64()
}

// ---------------------------------------------------------------------------------------
// Peak memory, in a fresh process per probe

/// `VmHWM` or `VmRSS` of this process in bytes.
fn proc_status(key: &str) -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    let kib: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// The child: one `list()` against `base`; prints how much `VmHWM` grew during it.
fn mem_probe_child(who: Who, base: &str) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    rt.block_on(async {
        let c = Contender::new(who, base, "orders-enrichment-0000");
        // Open the connection first, so that only the list itself is measured.
        black_box(c.get("orders-enrichment-0000").await);
        let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
        let before = if reset {
            proc_status("VmHWM:")
        } else {
            proc_status("VmRSS:")
        };
        let list = black_box(c.list().await);
        let after = proc_status("VmHWM:");
        drop(list);
        match (before, after) {
            (Some(b), Some(a)) => println!("{}", a.saturating_sub(b)),
            _ => println!("n/a"),
        }
    });
}

fn mem_probe(who: Who, base: &str) -> Option<usize> {
    let exe = std::env::current_exe().ok()?;
    let out = Command::new(exe)
        .args(["--mem-probe", who.name(), base])
        .stdout(Stdio::piped())
        .output()
        .ok()?;
    if !out.status.success() {
        eprintln!("memory probe of {} failed", who.name());
        return None;
    }
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

// ---------------------------------------------------------------------------------------

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(pos) = args.iter().position(|a| a == "--mem-probe") {
        let who = args.get(pos + 1).and_then(|s| Who::parse(s));
        let base = args.get(pos + 2);
        match (who, base) {
            (Some(who), Some(base)) => mem_probe_child(who, base),
            _ => eprintln!("usage: --mem-probe vvp|raw <base url>"),
        }
        return;
    }
    if let Some(pos) = args.iter().position(|a| a == "--profile") {
        let scenario = args.get(pos + 1).cloned().unwrap_or_default();
        let who = args
            .get(pos + 2)
            .and_then(|s| Who::parse(s))
            .expect("vvp|raw");
        let limit = args.get(pos + 3).cloned().unwrap_or_else(|| "10".into());
        let rt = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .expect("a client runtime");
        rt.block_on(profile(&scenario, who, &limit));
        return;
    }
    let mode = Mode::from_args();
    banner("compare", &mode);
    let plan = Plan::new(&mode);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a client runtime");
    rt.block_on(bench(plan));
}

/// `--profile`: one scenario of one contender in a loop, for a profiler. `limit` is
/// seconds, or runs with an `x` suffix (`200x`: deterministic work, e.g. for callgrind).
async fn profile(scenario: &str, who: Who, limit: &str) {
    let one = deployment(0);
    let name: Arc<str> = one.metadata.name.clone().expect("a name").into();
    let one_body = Bytes::from(serde_json::to_vec(&one).expect("encodes"));
    let list_len = if matches!(scenario, "p2" | "decode") {
        10_000
    } else {
        1
    };
    let list_json = serde_json::to_vec(&deployment_list(list_len)).expect("encodes");
    let server = start_server(one_body, Bytes::from(list_json.clone()));
    let c = Contender::new(who, &server.url(), &name);
    let (runs_limit, time) = match limit.strip_suffix('x') {
        Some(n) => (n.parse().expect("runs"), Duration::MAX),
        None => (
            usize::MAX,
            Duration::from_secs_f64(limit.parse().expect("seconds")),
        ),
    };
    let started = Instant::now();
    let mut runs = 0usize;
    while runs < runs_limit && started.elapsed() < time {
        match scenario {
            "p1" => black_box(p1(&c, &name, 100).await),
            "p2" => black_box(p2_http(&c, 1).await),
            "decode" => black_box(p2_decode(who, &list_json, 1)),
            "p3" => black_box(p3(&c, &name, 256, 5_000).await),
            _ => panic!("scenario: p1|p2|decode|p3"),
        };
        runs += 1;
    }
    eprintln!("{runs} runs; {} connections accepted", server.accepted());
}

async fn bench(plan: Plan) {
    let one = deployment(0);
    let name: Arc<str> = one.metadata.name.clone().expect("a name").into();
    let one_body = Bytes::from(serde_json::to_vec(&one).expect("encodes"));
    let list_json = serde_json::to_vec(&deployment_list(plan.list_len)).expect("encodes");
    let list_body = Bytes::from(list_json.clone());
    let server = start_server(one_body.clone(), list_body.clone());
    let base = server.url();
    println!(
        "server: hyper HTTP/1.1 keep-alive on {}; get {:.2} kB, list of {} deployments {:.1} MB",
        server.addr,
        one_body.len() as f64 / 1e3,
        plan.list_len,
        mb(list_body.len()),
    );
    println!(
        "{} rounds, contenders alternating; ratio = vvp / raw per round (of times; of \
         throughputs for P3)",
        plan.rounds
    );
    println!();

    let vvp = Contender::new(Who::Vvp, &base, &name);
    let raw = Contender::new(Who::Raw, &base, &name);
    let contender = |who: Who| match who {
        Who::Vvp => &vvp,
        Who::Raw => &raw,
    };
    // Both decode the same thing, and it is the fixture.
    assert_eq!(vvp.get(&name).await, one);
    assert_eq!(raw.get(&name).await, one);
    assert_eq!(decode(Who::Vvp, &list_json), decode(Who::Raw, &list_json));
    // Warm-up: connections, allocator, caches.
    for who in [Who::Vvp, Who::Raw] {
        black_box(p1(contender(who), &name, plan.p1_gets / 4 + 1).await);
    }

    let (mut r1, mut r2, mut r2d, mut r3) = Default::default();
    let conns = |before: usize| server.accepted() - before;
    for round in 0..plan.rounds {
        for who in Who::order(round) {
            let before = server.accepted();
            let v = p1(contender(who), &name, plan.p1_gets).await;
            Rounds::push(&mut r1, who, v, conns(before));
        }
        for who in Who::order(round) {
            let before = server.accepted();
            let v = p2_http(contender(who), plan.p2_lists).await;
            Rounds::push(&mut r2, who, v, conns(before));
        }
        for who in Who::order(round) {
            let v = p2_decode(who, &list_json, plan.p2_lists);
            Rounds::push(&mut r2d, who, v, 0);
        }
        for who in Who::order(round) {
            let before = server.accepted();
            let v = p3(contender(who), &name, plan.p3_tasks, plan.p3_gets).await;
            Rounds::push(&mut r3, who, v, conns(before));
        }
        eprint!(".");
    }
    eprintln!();

    // Peak memory: fresh processes, alternating.
    let mut mem = Rounds::default();
    for probe in 0..plan.mem_probes {
        for who in Who::order(probe) {
            let base = base.clone();
            let peak = tokio::task::spawn_blocking(move || mem_probe(who, &base))
                .await
                .expect("a probe");
            if let Some(p) = peak {
                mem.push(who, p as f64, 0);
            }
        }
    }

    let mut table = Table::new(&["metric", "vvp", "raw", "ratio", "spread", "target"]);
    let secs = |s: f64| fmt_duration(Duration::from_secs_f64(s));
    let mut row = |metric: &str, r: &Rounds, fmt: &dyn Fn(f64) -> String, target: &str| {
        let ratios = r.ratios();
        let (lo, hi) = min_max(&ratios);
        table.row(vec![
            metric.to_owned(),
            fmt(median(&r.vvp)),
            fmt(median(&r.raw)),
            format!("{:.3}×", median(&ratios)),
            format!("{lo:.3}-{hi:.3}"),
            target.to_owned(),
        ]);
    };
    row(
        "P1 sequential get, median latency",
        &r1,
        &|s| secs(s),
        "≤ 1.03×",
    );
    row(
        &format!("P2 list() of {} (HTTP), median", plan.list_len),
        &r2,
        &|s| secs(s),
        "≤ 1.05×",
    );
    let size = list_json.len();
    row(
        "P2 same decode in memory, median",
        &r2d,
        &|s| format!("{} ({:.0} MB/s)", secs(s), mb(size) / s),
        "≤ 1.05×",
    );
    row(
        &format!(
            "P3 {} tasks, {} gets, throughput",
            plan.p3_tasks, plan.p3_gets
        ),
        &r3,
        &|x| format!("{}/s", fmt_rate(x)),
        "≥ 0.97×",
    );
    if !mem.vvp.is_empty() && mem.vvp.len() == mem.raw.len() {
        row(
            "P2 peak memory of list() (fresh process)",
            &mem,
            &|b| format!("{:.1} MB ({:.1}× payload)", mb(b as usize), b / size as f64),
            "≤ 1.00×",
        );
    } else {
        println!("peak memory: not measured (no /proc/self/status?)");
    }
    table.print();
    println!();
    println!(
        "connections accepted during the timed rounds: P1 vvp {} raw {}; P2 vvp {} raw {}; \
         P3 vvp {} raw {} (at most {} tasks each, reused across rounds)",
        r1.vvp_conns,
        r1.raw_conns,
        r2.vvp_conns,
        r2.raw_conns,
        r3.vvp_conns,
        r3.raw_conns,
        plan.p3_tasks,
    );
    let _ = std::io::stdout().flush();
}
