//! Fuzz targets as randomized property runs (no nightly toolchain needed):
//!
//! - `fuzz_error_bodies`: [`vvp::Error::from_response`] on generated and mutated error
//!   answers (status x content type x body);
//! - `fuzz_manifests`: manifest parsing ([`vvp::yaml`] for every resource type, and
//!   [`vvp::Client::apply`], whose parsing runs before anything is sent);
//! - `fuzz_merge_patches`: [`vvp::MergePatch`] (`diff`, `apply_to`, `set`/`remove`, JSON and
//!   YAML round trips).
//!
//! `cargo test` runs a short pass (`VVP_FUZZ_ITERS`, default 300 inputs per target). A long
//! run: `VVP_FUZZ_SECS=600 nice -n 19 cargo test --test fuzz -- --nocapture --test-threads 1`
//! (`VVP_FUZZ_SEED` replays a run). Each input runs under `catch_unwind`; a panic or a
//! broken property is a *finding*: it is written to `target/fuzz-findings/` and the test
//! fails after the run, printing executions and findings.

#[path = "common/json.rs"]
mod json;
use json::strip_nulls;
use serde_json::{json, Value};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::time::{Duration, Instant};
use vvp::types::{
    Deployment, DeploymentDefaults, DeploymentTarget, Event, Job, Savepoint, SecretValue,
    SessionCluster,
};
use vvp::{Error, MergePatch};

// ---------------------------------------------------------------------------------------
// Driver
// ---------------------------------------------------------------------------------------

/// splitmix64: small, fast, good enough to drive generators; seeded for replay.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

struct Budget {
    deadline: Option<Instant>,
    iters: u64,
}

impl Budget {
    fn from_env() -> Self {
        let secs = std::env::var("VVP_FUZZ_SECS")
            .ok()
            .and_then(|s| s.parse::<u64>().ok());
        let iters = std::env::var("VVP_FUZZ_ITERS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(300);
        Budget {
            deadline: secs.map(|s| Instant::now() + Duration::from_secs(s)),
            iters,
        }
    }
    fn more(&self, done: u64) -> bool {
        match self.deadline {
            Some(d) => Instant::now() < d,
            None => done < self.iters,
        }
    }
}

fn seed() -> u64 {
    std::env::var("VVP_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(42)
        })
}

fn findings_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("fuzz-findings")
}

/// An input that takes longer than this (CPU time of the fuzzing thread) is a finding.
const SLOW: Duration = Duration::from_secs(3);

/// CPU time of the current thread (Linux `/proc/thread-self/schedstat`), so that a long
/// run under `nice -n 19` on a busy machine does not report waiting as slowness; elsewhere
/// the time since the first call.
fn cpu_time() -> Duration {
    let on_cpu = std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok());
    match on_cpu {
        Some(ns) => Duration::from_nanos(ns),
        None => {
            static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
            START.get_or_init(Instant::now).elapsed()
        }
    }
}

/// Run `one` on inputs until the budget is spent; each call returns `Err(why)` for a
/// broken property. Panics are caught and counted too.
fn run(target: &str, mut one: impl FnMut(&mut Rng) -> (Vec<u8>, Result<(), String>)) {
    let budget = Budget::from_env();
    let seed = seed();
    let mut rng = Rng(seed);
    let start = Instant::now();
    let mut done = 0u64;
    let mut findings = Vec::new();
    while budget.more(done) {
        let mut input = Vec::new();
        let t0 = cpu_time();
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let (i, r) = one(&mut rng);
            input = i;
            r
        }));
        let took = cpu_time().saturating_sub(t0);
        let why = match outcome {
            // A slow input is a finding too (a server could send it): the limit is
            // generous for debug builds on a busy machine.
            Ok(Ok(())) if took > SLOW => Some(format!("slow input: {took:?}")),
            Ok(Ok(())) => None,
            Ok(Err(why)) => Some(why),
            Err(p) => Some(format!(
                "panic: {}",
                p.downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| p.downcast_ref::<&str>().copied())
                    .unwrap_or("?")
            )),
        };
        if let Some(why) = why {
            let dir = findings_dir();
            let _ = std::fs::create_dir_all(&dir);
            let file = dir.join(format!("{target}-{seed}-{done}"));
            let _ = std::fs::write(&file, &input);
            let _ = std::fs::write(file.with_extension("txt"), &why);
            findings.push(format!("{}: {why}", file.display()));
        }
        done += 1;
    }
    println!(
        "fuzz {target}: {done} executions in {:.1}s, {} findings (seed {seed})",
        start.elapsed().as_secs_f64(),
        findings.len()
    );
    assert!(
        findings.is_empty(),
        "{target}: {} findings:\n{}",
        findings.len(),
        findings.join("\n")
    );
}

// ---------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------

const KEYS: &[&str] = &[
    "kind",
    "message",
    "reason",
    "statusCode",
    "code",
    "description",
    "cause",
    "ok",
    "error",
    "status",
    "path",
    "timestamp",
    "errors",
    "attribute",
    "context",
    "apiVersion",
    "metadata",
    "name",
    "namespace",
    "id",
    "labels",
    "annotations",
    "spec",
    "state",
    "template",
    "flinkConfiguration",
    "artifact",
    "jarUri",
    "deploymentTargetName",
    "kubernetes",
    "resources",
    "items",
    "",
    "a/b",
    "~",
    "ä",
];

const STRINGS: &[&str] = &[
    "",
    "RUNNING",
    "CANCELLED",
    "FAILED",
    "SOME_FUTURE_STATE",
    "Deployment",
    "DeploymentTarget",
    "SessionCluster",
    "SecretValue",
    "DeploymentDefaults",
    "ApiException",
    "ApiValidationException",
    "NOT_FOUND",
    "NotFound",
    "top-speed",
    "default",
    "5b0c4f3e-1d2a-4c3b-9f6e-0a1b2c3d4e5f",
    "1.0",
    "yes",
    "null",
    "~",
    "<html>",
    "\u{0}",
    "\u{7f}\u{1b}[31m",
    "ä€😀",
    "a: b",
    "- x",
    "---",
    "&anchor",
    "*alias",
    "1e400",
    "\t\n\r",
];

fn gen_string(rng: &mut Rng) -> String {
    if rng.chance(70) {
        return (*rng.pick(STRINGS)).to_owned();
    }
    let max = if rng.chance(5) { 5000 } else { 20 };
    let len = rng.below(max);
    (0..len)
        .map(|_| match rng.below(4) {
            0 => char::from(b'a' + rng.below(26) as u8),
            1 => char::from(rng.below(128) as u8),
            2 => char::from_u32(rng.below(0x11_0000) as u32).unwrap_or('?'),
            _ => *rng.pick(&['-', '_', '.', '/', ':', ' ', '"', '\\', '%', '#', '?']),
        })
        .collect()
}

fn gen_key(rng: &mut Rng) -> String {
    if rng.chance(85) {
        (*rng.pick(KEYS)).to_owned()
    } else {
        gen_string(rng)
    }
}

fn gen_number(rng: &mut Rng) -> Value {
    match rng.below(6) {
        0 => json!(rng.below(1000)),
        1 => json!(-(rng.below(1000) as i64)),
        2 => json!(rng.next()),
        3 => json!(i64::MIN),
        4 => json!((rng.next() as f64) / 7.0),
        _ => json!(1e308),
    }
}

/// A random JSON value, at most `depth` levels deep.
fn gen_value(rng: &mut Rng, depth: usize) -> Value {
    let leaf = depth == 0 || rng.chance(35);
    match (leaf, rng.below(if leaf { 4 } else { 6 })) {
        (_, 0) => Value::Null,
        (_, 1) => Value::Bool(rng.chance(50)),
        (_, 2) => gen_number(rng),
        (_, 3) => Value::String(gen_string(rng)),
        (_, 4) => Value::Array(
            (0..rng.below(4))
                .map(|_| gen_value(rng, depth - 1))
                .collect(),
        ),
        _ => Value::Object(
            (0..rng.below(5))
                .map(|_| (gen_key(rng), gen_value(rng, depth - 1)))
                .collect(),
        ),
    }
}

fn deep(rng: &mut Rng) -> Vec<u8> {
    let n = 1 + rng.below(20_000);
    let (open, close): (&[u8], &[u8]) = match rng.below(5) {
        0 => (b"[", b"]"),
        1 => (b"{\"a\":", b"}"),
        2 => (b"- ", b""),
        3 => (b"{a: ", b"}"),
        _ => (b"a:\n ", b""),
    };
    let mut out = Vec::with_capacity(n * (open.len() + close.len()) + 1);
    for _ in 0..n {
        out.extend_from_slice(open);
    }
    out.push(b'1');
    if rng.chance(80) {
        for _ in 0..n {
            out.extend_from_slice(close);
        }
    }
    out
}

const TOKENS: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b"\"",
    b",",
    b":",
    b": ",
    b"- ",
    b"\n",
    b"\n  ",
    b"---\n",
    b"...\n",
    b"&a ",
    b"*a",
    b"<<: *a\n",
    b"!!binary ",
    b"!Tag ",
    b"? ",
    b"|\n",
    b"null",
    b"\\u0000",
    b"\\ud800",
    b"\xff\xfe",
    b"\xc3",
    b"\x00",
    b"1e99999",
    b"-0",
    b"kind: Deployment\n",
    b"metadata: {name: x}\n",
];

/// Mutate `data` in place a few times (byte-level, token-aware).
fn mutate(rng: &mut Rng, data: &mut Vec<u8>) {
    for _ in 0..1 + rng.below(6) {
        let len = data.len();
        match rng.below(8) {
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            1 => {
                let i = rng.below(len + 1);
                data.insert(i, rng.next() as u8);
            }
            2 if len > 0 => {
                let a = rng.below(len);
                let b = (a + 1 + rng.below(16)).min(len);
                data.drain(a..b);
            }
            3 if len > 0 => {
                let a = rng.below(len);
                let b = (a + 1 + rng.below(64)).min(len);
                let chunk = data[a..b].to_vec();
                let at = rng.below(len + 1);
                data.splice(at..at, chunk);
            }
            4 => data.truncate(rng.below(len + 1)),
            _ => {
                let t = rng.pick(TOKENS);
                let at = rng.below(len + 1);
                data.splice(at..at, t.iter().copied());
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Target 1: error bodies
// ---------------------------------------------------------------------------------------

const ERROR_SEEDS: &[&str] = &[
    r#"{"kind":"ApiException","message":"Deployment top-speed not found","reason":"NotFound","statusCode":404,"context":{"a":1}}"#,
    r#"{"kind":"ApiValidationException","message":"invalid","errors":[{"attribute":"spec.state","message":"bad","reason":"x"}]}"#,
    r#"{"code":"NOT_FOUND","description":"no such script","cause":null,"ok":false}"#,
    r#"{"timestamp":"2024-01-01T00:00:00Z","status":403,"error":"Forbidden","path":"/api/v1/x"}"#,
    r#"{"message":"something else","code":7}"#,
    "kind: ApiException\nmessage: m\nreason: Conflict\nstatusCode: 409\n",
    "kind: ApiException\nmessage: &m [m, m, m, m, m, m, m, m, m, m, m, m, m, m, m, m]\ncontext: [*m, *m, *m, *m, *m, *m, *m, *m, *m, *m, *m, *m, *m, *m, *m, *m]\n",
    "No such namespace namespaces/x",
    "<html><body><h1>502 Bad Gateway</h1></body></html>",
    "",
    "[1,2,3]",
    "null",
];

const CONTENT_TYPES: &[Option<&str>] = &[
    None,
    Some("application/json"),
    Some("application/json; charset=utf-8"),
    Some("APPLICATION/JSON"),
    Some("application/problem+json"),
    Some("application/yaml"),
    Some("application/x-yaml"),
    Some("text/yaml"),
    Some("text/plain"),
    Some("text/plain; charset=iso-8859-1"),
    Some("text/html"),
    Some("application/octet-stream"),
    Some(""),
    Some("garbage"),
    Some(";;;"),
];

fn gen_error_body(rng: &mut Rng) -> Vec<u8> {
    match rng.below(7) {
        0 => serde_json::to_vec(&gen_value(rng, 5)).unwrap_or_default(),
        1 => serde_yaml::to_string(&gen_value(rng, 5))
            .unwrap_or_default()
            .into_bytes(),
        2 => deep(rng),
        3 => (0..rng.below(2000)).map(|_| rng.next() as u8).collect(),
        4 => {
            // A real shape with random values in its fields.
            let seed: &&str = rng.pick(&ERROR_SEEDS[..5]);
            let mut v: Value = serde_json::from_str(seed).unwrap_or_default();
            if let Some(obj) = v.as_object_mut() {
                let keys: Vec<String> = obj.keys().cloned().collect();
                for k in keys {
                    if rng.chance(40) {
                        obj.insert(k, gen_value(rng, 3));
                    }
                }
            }
            let mut b = serde_json::to_vec(&v).unwrap_or_default();
            if rng.chance(30) {
                mutate(rng, &mut b);
            }
            b
        }
        5 => {
            // Long text, sometimes with control characters.
            let unit = gen_string(rng);
            unit.repeat(1 + rng.below(20_000 / (unit.len() + 1)))
                .into_bytes()
        }
        _ => {
            let mut b = rng.pick(ERROR_SEEDS).as_bytes().to_vec();
            mutate(rng, &mut b);
            b
        }
    }
}

fn check_error(status: u16, ct: Option<&str>, body: &[u8]) -> Result<(), String> {
    let e = Error::from_response(status, ct, body);
    if e.status() != Some(status) {
        return Err(format!(
            "status {:?} instead of {status}: {e:?}",
            e.status()
        ));
    }
    let shown = e.to_string();
    let _ = format!("{e:?}");
    match &e {
        Error::UnexpectedResponse { body_snippet, .. } => {
            let n = body_snippet.chars().count();
            if n > vvp::error::BODY_SNIPPET_LEN {
                return Err(format!("snippet of {n} characters"));
            }
        }
        Error::Api(a) => {
            if a.shape == vvp::ErrorShape::PlainText
                && a.message.chars().count() > 4 * vvp::error::BODY_SNIPPET_LEN
            {
                return Err("plain-text message not cut".into());
            }
            if a.message.is_empty() && shown.is_empty() {
                return Err("empty display".into());
            }
        }
        Error::Validation { .. } => {}
        other => return Err(format!("not an answer error: {other:?}")),
    }
    let status_checks = [
        (e.is_not_found(), 404),
        (e.is_conflict(), 409),
        (e.is_unauthorized(), 401),
        (e.is_forbidden(), 403),
    ];
    for (flag, code) in status_checks {
        if flag && status != code {
            return Err(format!("classified as {code} for status {status}"));
        }
    }
    Ok(())
}

#[test]
fn fuzz_error_bodies() {
    run("error_bodies", |rng| {
        let status = match rng.below(4) {
            0 => rng.next() as u16,
            _ => *rng.pick(&[
                100u16, 200, 204, 301, 400, 401, 403, 404, 409, 410, 422, 429, 500, 502, 503, 504,
                599, 999,
            ]),
        };
        let ct: Option<String> = if rng.chance(5) {
            Some(gen_string(rng))
        } else {
            rng.pick(CONTENT_TYPES).map(str::to_owned)
        };
        let body = gen_error_body(rng);
        let mut input = format!("{status}\n{}\n", ct.as_deref().unwrap_or("<none>")).into_bytes();
        input.extend_from_slice(&body);
        let r = check_error(status, ct.as_deref(), &body);
        (input, r)
    });
}

// ---------------------------------------------------------------------------------------
// Target 2: manifests
// ---------------------------------------------------------------------------------------

const MANIFEST_SEEDS: &[&str] = &[
    "kind: Deployment\nmetadata:\n  name: top-speed\n  labels: {team: data}\nspec:\n  state: RUNNING\n  deploymentTargetName: k8s\n  upgradeStrategy: {kind: STATEFUL}\n  restoreStrategy: {kind: LATEST_STATE}\n  template:\n    spec:\n      artifact: {kind: JAR, jarUri: 'https://repo/app.jar'}\n      parallelism: 2\n      flinkConfiguration: {a: '1'}\n      resources: {jobmanager: {cpu: 1, memory: 1G}}\n",
    "kind: DeploymentTarget\nmetadata: {name: k8s}\nspec: {kubernetes: {namespace: flink-jobs}}\n",
    "kind: SessionCluster\nmetadata: {name: sc}\nspec: {state: RUNNING, flinkVersion: '1.17', deploymentTargetName: k8s}\n",
    "kind: SecretValue\nmetadata: {name: My_Secret}\nspec: {kind: S3i, value: s3cr3t}\n",
    "kind: DeploymentDefaults\nspec: {template: {spec: {parallelism: 1}}}\n",
    "kind: Savepoint\nmetadata: {id: 5b0c4f3e-1d2a-4c3b-9f6e-0a1b2c3d4e5f}\nspec: {savepointLocation: 's3://x'}\nstatus: {state: COMPLETED}\n",
    "---\n---\n",
    "{\"kind\":\"Deployment\",\"metadata\":{\"name\":\"j\"},\"spec\":{\"state\":\"SUSPENDED\"}}",
    "base: &b {kind: Deployment}\n<<: *b\nmetadata: {name: merged}\n",
    "kind: Deployment\na: &a [x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x]\nb: [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n",
    "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nkind: Deployment\n",
];

fn shared_yaml_seeds() -> Vec<String> {
    let dir = std::env::var_os("VVP_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"))
        .join("reference/payloads");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "json"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

fn gen_document(rng: &mut Rng, seeds: &[String]) -> String {
    match rng.below(4) {
        0 => {
            let mut v = gen_value(rng, 5);
            if let Some(obj) = v.as_object_mut() {
                let kind = rng.pick(&STRINGS[5..10]);
                obj.insert("kind".into(), json!(kind));
                if rng.chance(70) {
                    obj.insert("metadata".into(), json!({"name": gen_string(rng)}));
                }
            }
            if rng.chance(50) {
                serde_yaml::to_string(&v).unwrap_or_default()
            } else {
                serde_json::to_string_pretty(&v).unwrap_or_default()
            }
        }
        1 if !seeds.is_empty() => rng.pick(seeds).clone(),
        _ => (*rng.pick(MANIFEST_SEEDS)).to_owned(),
    }
}

fn typed_round_trip<T>(s: &str) -> Result<(), String>
where
    T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug,
{
    let Ok(first) = vvp::yaml::from_str::<T>(s) else {
        return Ok(());
    };
    let text = vvp::yaml::to_string(&first).map_err(|e| format!("cannot write back: {e}"))?;
    let again: T = vvp::yaml::from_str(&text)
        .map_err(|e| format!("written manifest does not read back: {e}\n{text}"))?;
    // Compare as JSON: equal values print equal (f64 fields make `==` unreliable).
    let (a, b) = (serde_json::to_value(&first), serde_json::to_value(&again));
    match (a, b) {
        (Ok(a), Ok(b)) if a != b => Err(format!(
            "{} changes on a YAML round trip:\n{a}\n{b}",
            std::any::type_name::<T>()
        )),
        _ => Ok(()),
    }
}

#[test]
fn fuzz_manifests() {
    let seeds = shared_yaml_seeds();
    // `apply` parses the whole manifest before sending: aim it at a closed port, so any
    // manifest that parses fails fast with a connection error.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(9);
    // No server listens: retrying the refused connections would only slow the run.
    let client = vvp::Client::builder(format!("http://127.0.0.1:{port}"))
        .retry(vvp::RetryPolicy::disabled())
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    run("manifests", |rng| {
        let docs = 1 + rng.below(3);
        let mut text = String::new();
        for i in 0..docs {
            if i > 0 || rng.chance(10) {
                text.push_str("---\n");
            }
            text.push_str(&gen_document(rng, &seeds));
            if !text.ends_with('\n') {
                text.push('\n');
            }
        }
        let mut bytes = text.into_bytes();
        if rng.chance(60) {
            mutate(rng, &mut bytes);
        }
        if rng.chance(3) {
            bytes = deep(rng);
        }
        let s = String::from_utf8_lossy(&bytes).into_owned();
        let input = s.clone().into_bytes();
        let r = (|| {
            typed_round_trip::<Deployment>(&s)?;
            typed_round_trip::<DeploymentTarget>(&s)?;
            typed_round_trip::<SessionCluster>(&s)?;
            typed_round_trip::<SecretValue>(&s)?;
            typed_round_trip::<DeploymentDefaults>(&s)?;
            typed_round_trip::<Savepoint>(&s)?;
            typed_round_trip::<Job>(&s)?;
            typed_round_trip::<Event>(&s)?;
            let _ = vvp::yaml::from_str_multi::<Deployment>(&s);
            let _ = vvp::yaml::from_str_multi::<Value>(&s);
            match rt.block_on(client.apply("default", &s)) {
                Ok(applied) if !applied.is_empty() => Err(format!(
                    "applied {} objects without a server",
                    applied.len()
                )),
                Ok(_) => Ok(()),
                Err(err) => {
                    // A failed request comes wrapped with its document (`Error::Apply`).
                    match err.last_attempt() {
                        Error::Decode { status: None, .. }
                        | Error::InvalidName { .. }
                        | Error::Transport(_)
                        | Error::Timeout { .. } => Ok(()),
                        _ => Err(format!("unexpected apply error: {err:?}")),
                    }
                }
            }
        })();
        (input, r)
    });
}

// ---------------------------------------------------------------------------------------
// Target 3: merge patches
// ---------------------------------------------------------------------------------------

fn has_object_nulls(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.values().any(|v| v.is_null() || has_object_nulls(v)),
        Value::Array(a) => a.iter().any(has_object_nulls),
        _ => false,
    }
}

/// `b`, or a near copy of `a` (the interesting case for a diff).
fn related(rng: &mut Rng, a: &Value) -> Value {
    if rng.chance(30) {
        return gen_value(rng, 5);
    }
    let mut b = a.clone();
    for _ in 0..1 + rng.below(4) {
        let p = MergePatch::from(gen_value(rng, 3));
        p.apply_to(&mut b);
    }
    b
}

fn gen_pointer(rng: &mut Rng) -> String {
    let mut p = String::new();
    for _ in 0..rng.below(5) {
        p.push('/');
        p.push_str(&match rng.below(5) {
            0 => "~0~1".to_owned(),
            1 => "~01".to_owned(),
            2 => String::new(),
            _ => gen_key(rng).replace('~', "~0").replace('/', "~1"),
        });
    }
    if rng.chance(10) {
        p = p.trim_start_matches('/').to_owned();
    }
    p
}

fn check_patch(rng: &mut Rng) -> (Vec<u8>, Result<(), String>) {
    let a = gen_value(rng, 5);
    let b = related(rng, &a);
    let input = serde_json::to_vec(&json!({"a": a, "b": b})).unwrap_or_default();
    let r = (|| {
        // diff(a, b) applied to a gives b (up to the nulls a patch cannot set).
        let patch = MergePatch::diff(&a, &b).map_err(|e| format!("diff failed: {e}"))?;
        let mut doc = a.clone();
        patch.apply_to(&mut doc);
        if has_object_nulls(&b) {
            if strip_nulls(&doc) != strip_nulls(&b) {
                return Err(format!("diff+apply gave {doc}, expected {b} (nulls aside)"));
            }
        } else if doc != b {
            return Err(format!("diff+apply gave {doc}, expected {b}"));
        }
        // Merge patches are idempotent.
        let mut twice = doc.clone();
        patch.apply_to(&mut twice);
        if twice != doc {
            return Err("applying the patch twice changed the result".into());
        }
        if (a == b) && !patch.is_empty() && a.is_object() {
            return Err(format!(
                "non-empty diff of equal values: {}",
                patch.as_value()
            ));
        }
        // JSON and YAML encodings of the patch decode to the same patch.
        let j: MergePatch = serde_json::from_slice(&serde_json::to_vec(&patch).unwrap_or_default())
            .map_err(|e| format!("JSON round trip: {e}"))?;
        if strip_floats(j.as_value()) != strip_floats(patch.as_value()) {
            return Err("JSON round trip changed the patch".into());
        }
        let y = vvp::yaml::to_string(&patch).map_err(|e| format!("YAML write: {e}"))?;
        let yp: MergePatch = vvp::yaml::from_str(&y).map_err(|e| format!("YAML read: {e}\n{y}"))?;
        if strip_floats(yp.as_value()) != strip_floats(patch.as_value()) {
            return Err(format!("YAML round trip changed the patch:\n{y}"));
        }
        // set/remove build the document the pointer names.
        let pointer = gen_pointer(rng);
        let value = gen_value(rng, 2);
        let p = MergePatch::new().set(&pointer, value.clone());
        let norm = if pointer.is_empty() || pointer.starts_with('/') {
            pointer.clone()
        } else {
            format!("/{pointer}")
        };
        if p.as_value().pointer(&norm) != Some(&value) {
            return Err(format!("set({pointer:?}) gave {}", p.as_value()));
        }
        let p = p.remove(&pointer);
        if !pointer.is_empty() && p.as_value().pointer(&norm) != Some(&Value::Null) {
            return Err(format!("remove({pointer:?}) gave {}", p.as_value()));
        }
        let mut target = gen_value(rng, 4);
        p.apply_to(&mut target);
        Ok(())
    })();
    (input, r)
}

/// Floats may print with a different last digit in YAML; compare them loosely.
fn strip_floats(v: &Value) -> Value {
    match v {
        Value::Number(n) if n.is_f64() => json!(format!("{:.6e}", n.as_f64().unwrap_or(0.0))),
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), strip_floats(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(strip_floats).collect()),
        other => other.clone(),
    }
}

#[test]
fn fuzz_merge_patches() {
    run("merge_patches", check_patch);
}
