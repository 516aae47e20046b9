//! Shared by the benches: a realistic Deployment fixture, timing, and the result table.
//!
//! Every bench uses every item here (a bench is its own crate, so an unused helper would
//! be a dead-code warning).

use std::hint::black_box;
use std::time::{Duration, Instant};

use serde_json::json;
use vvp::types::Deployment;
use vvp::List;

/// How long a bench runs each operation.
#[derive(Debug, Clone, Copy)]
pub struct Mode {
    /// Untimed runs before measuring.
    pub warmup: usize,
    /// At most this many timed runs ...
    pub max_iters: usize,
    /// ... and at least this many ...
    pub min_iters: usize,
    /// ... stopping once this much time was spent measuring (after `min_iters`).
    pub budget: Duration,
    /// `false` when started by `cargo test --benches` (a smoke run: one iteration each).
    pub full: bool,
}

impl Mode {
    /// `cargo bench` passes `--bench` to the binary; anything else (e.g.
    /// `cargo test --benches`) gets a quick smoke run so that it stays cheap.
    pub fn from_args() -> Mode {
        if std::env::args().any(|a| a == "--bench") {
            Mode {
                warmup: 2,
                max_iters: 50,
                min_iters: 10,
                budget: Duration::from_secs(3),
                full: true,
            }
        } else {
            Mode {
                warmup: 0,
                max_iters: 1,
                min_iters: 1,
                budget: Duration::ZERO,
                full: false,
            }
        }
    }

    /// Scales a loop count (e.g. a number of requests) down for the smoke run.
    pub fn count(&self, full: usize) -> usize {
        if self.full {
            full
        } else {
            full.min(16)
        }
    }

    /// Times `f`: `warmup` untimed runs, then between `min_iters` and `max_iters` timed
    /// runs within `budget`.
    pub fn time<R>(&self, mut f: impl FnMut() -> R) -> Samples {
        self.time_with_setup(|| (), |()| f())
    }

    /// Like [`Mode::time`], with an untimed `setup` before each run whose result `f`
    /// takes (e.g. a fresh copy of a value `f` mutates). What `f` returns is dropped
    /// after the clock stops.
    pub fn time_with_setup<S, R>(
        &self,
        mut setup: impl FnMut() -> S,
        mut f: impl FnMut(S) -> R,
    ) -> Samples {
        for _ in 0..self.warmup {
            black_box(f(setup()));
        }
        let mut samples = Samples::default();
        let started = Instant::now();
        while samples.len() < self.max_iters
            && (samples.len() < self.min_iters || started.elapsed() < self.budget)
        {
            let input = setup();
            let t = Instant::now();
            let result = black_box(f(input));
            samples.push(t.elapsed());
            drop(result);
        }
        samples
    }
}

/// Durations of individual runs.
#[derive(Debug, Default, Clone)]
pub struct Samples(Vec<Duration>);

impl Samples {
    /// Records one run.
    pub fn push(&mut self, d: Duration) {
        self.0.push(d);
    }

    /// Number of runs.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The `q` quantile (0.5 = median), nearest rank.
    pub fn quantile(&self, q: f64) -> Duration {
        let mut v = self.0.clone();
        v.sort_unstable();
        if v.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((v.len() as f64 * q).ceil() as usize).clamp(1, v.len());
        v[rank - 1]
    }

    /// The median.
    pub fn median(&self) -> Duration {
        self.quantile(0.5)
    }

    /// The 90th percentile.
    pub fn p90(&self) -> Duration {
        self.quantile(0.9)
    }
}

/// `d` with a unit that keeps 3-4 significant digits (`812 ns`, `41.3 µs`, `12.8 ms`).
pub fn fmt_duration(d: Duration) -> String {
    let ns = d.as_nanos() as f64;
    if ns < 1e3 {
        format!("{ns:.0} ns")
    } else if ns < 1e6 {
        format!("{:.1} µs", ns / 1e3)
    } else if ns < 1e9 {
        format!("{:.1} ms", ns / 1e6)
    } else {
        format!("{:.2} s", ns / 1e9)
    }
}

/// `per_second` as a rate with a thousands suffix (`12.3k`).
pub fn fmt_rate(per_second: f64) -> String {
    if per_second >= 1e6 {
        format!("{:.2}M", per_second / 1e6)
    } else if per_second >= 1e4 {
        format!("{:.1}k", per_second / 1e3)
    } else {
        format!("{per_second:.0}")
    }
}

/// `bytes` in MB (10^6 bytes), as MB/s figures are.
pub fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

/// A plain-text table, columns sized to their content; the first column is left-aligned,
/// the others right-aligned.
#[derive(Debug)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column titles.
    pub fn new(header: &[&str]) -> Table {
        Table {
            header: header.iter().map(|s| s.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row (one cell per column).
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Prints the table to stdout.
    pub fn print(&self) {
        let cols = self.header.len();
        let mut width = vec![0; cols];
        for row in std::iter::once(&self.header).chain(&self.rows) {
            for (w, cell) in width.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let line = |row: &[String]| {
            let cells: Vec<String> = row
                .iter()
                .zip(&width)
                .enumerate()
                .map(|(i, (cell, w))| {
                    if i == 0 {
                        format!("{cell:<w$}")
                    } else {
                        format!("{cell:>w$}")
                    }
                })
                .collect();
            println!("| {} |", cells.join(" | "));
        };
        line(&self.header);
        let rule: Vec<String> = width
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if i == 0 {
                    format!(":{}", "-".repeat(w.saturating_sub(1).max(1)))
                } else {
                    format!("{}:", "-".repeat(w.saturating_sub(1).max(1)))
                }
            })
            .collect();
        println!("| {} |", rule.join(" | "));
        for row in &self.rows {
            line(row);
        }
    }
}

/// Prints what every bench prints first: the machine, the build profile, the mode.
pub fn banner(name: &str, mode: &Mode) {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let profile = if cfg!(debug_assertions) {
        "debug"
    } else {
        "optimized"
    };
    let run = if mode.full {
        "full run"
    } else {
        "smoke run (not `cargo bench`): 1 iteration, figures meaningless"
    };
    println!("# vvp bench `{name}`: {cores} cores, {profile} build, {run}");
    println!("# Indicative only: wall-clock time on a machine shared with other processes.");
    println!();
}

/// The `i`-th of a family of realistic, fully populated Deployments as a server returns
/// them (metadata with ids and timestamps, a spec with template, artifact,
/// flinkConfiguration, resources, logging and pod options, a status with conditions).
/// Names, ids, labels and a few values differ with `i`; the shape is the same.
pub fn deployment(i: usize) -> Deployment {
    let id = format!("5a0f3c1e-7b2d-4c8e-9f10-{i:012x}");
    let job_id = format!("b7c4d2e0-1a3f-4e5b-8c6d-{i:012x}");
    let name = format!("orders-enrichment-{i:04}");
    let minute = i % 60;
    let team = ["data-platform", "payments", "search"][i % 3];
    let value = json!({
        "kind": "Deployment",
        "apiVersion": "v1",
        "metadata": {
            "id": id,
            "name": name,
            "namespace": "default",
            "displayName": format!("Orders enrichment #{i}"),
            "labels": {
                "app": "orders-enrichment",
                "team": team,
                "env": if i.is_multiple_of(4) { "staging" } else { "production" },
                "tier": "streaming",
            },
            "annotations": {
                "com.dataartisans.appmanager.controller.deployment.spec.version": format!("{}", 3 + i % 7),
                "com.dataartisans.appmanager.controller.deployment.transitioning": "false",
                "com.dataartisans.appmanager.controller.deployment.transitioning.since": "1712912345678",
                "owner": "data-platform@example.com",
            },
            "createdAt": format!("2024-04-12T09:{minute:02}:05.123Z"),
            "modifiedAt": format!("2024-05-02T17:{minute:02}:41.870Z"),
            "resourceVersion": 12 + i as i64,
        },
        "spec": {
            "state": "RUNNING",
            "upgradeStrategy": {"kind": "STATEFUL"},
            "restoreStrategy": {"kind": "LATEST_STATE", "allowNonRestoredState": false},
            "deploymentTargetId": "0d1f7a4c-3e5b-4a6d-9c8e-2b1a0f9e8d7c",
            "deploymentTargetName": "vvp-jobs",
            "maxJobCreationAttempts": 4,
            "maxSavepointCreationAttempts": 4,
            "jobFailureExpirationTime": "6h",
            "template": {
                "metadata": {
                    "annotations": {
                        "flink.queryable-state.enabled": "false",
                        "flink.security.ssl.enabled": "false",
                    },
                },
                "spec": {
                    "artifact": {
                        "kind": "JAR",
                        "jarUri": format!("s3://flink-artifacts/orders-enrichment/orders-enrichment-2.{}.0.jar", i % 10),
                        "entryClass": "com.example.orders.EnrichmentJob",
                        "mainArgs": format!("--input kafka://orders --output kafka://orders-enriched-{i} --window 5m"),
                        "flinkVersion": "1.19",
                        "flinkImageRegistry": "registry.ververica.com/v2.13",
                        "flinkImageRepository": "flink",
                        "flinkImageTag": "1.19.1-stream1-scala_2.12-java11",
                        "additionalDependencies": [
                            "s3://flink-artifacts/libs/flink-connector-kafka-3.2.0-1.19.jar",
                            "s3://flink-artifacts/libs/flink-avro-confluent-registry-1.19.1.jar",
                        ],
                    },
                    "flinkConfiguration": {
                        "execution.checkpointing.externalized-checkpoint-retention": "RETAIN_ON_CANCELLATION",
                        "execution.checkpointing.interval": "10s",
                        "execution.checkpointing.min-pause": "10s",
                        "high-availability": "vvp-kubernetes",
                        "metrics.reporter.prom.class": "org.apache.flink.metrics.prometheus.PrometheusReporter",
                        "metrics.reporter.prom.port": "9249",
                        "restart-strategy": "fixed-delay",
                        "restart-strategy.fixed-delay.attempts": "2147483647",
                        "state.backend": "rocksdb",
                        "state.backend.incremental": "true",
                        "state.checkpoints.dir": format!("s3://flink-state/checkpoints/{id}"),
                        "state.savepoints.dir": format!("s3://flink-state/savepoints/{id}"),
                        "taskmanager.memory.managed.fraction": "0.4",
                        "taskmanager.numberOfTaskSlots": "2",
                        "table.exec.state.ttl": "36h",
                    },
                    "parallelism": 2 + (i % 8) as i64,
                    "numberOfTaskManagers": 1 + (i % 4) as i64,
                    "resources": {
                        "jobmanager": {"cpu": 1, "memory": "2G"},
                        "taskmanager": {"cpu": 2.0, "memory": "4G"},
                    },
                    "logging": {
                        "loggingProfile": "default",
                        "log4jLoggers": {"": "INFO", "org.apache.kafka": "WARN", "com.example.orders": "DEBUG"},
                    },
                    "kubernetes": {
                        "labels": {"cost-center": "cc-4711"},
                        "pods": {
                            "annotations": {"prometheus.io/scrape": "true"},
                            "nodeSelector": {"workload": "flink"},
                            "envVars": [
                                {"name": "AWS_REGION", "value": "eu-central-1"},
                                {"name": "KAFKA_BOOTSTRAP", "value": "kafka-0.kafka:9092,kafka-1.kafka:9092"},
                            ],
                            "tolerations": [
                                {"key": "dedicated", "operator": "Equal", "value": "flink", "effect": "NoSchedule"},
                            ],
                        },
                    },
                },
            },
        },
        "status": {
            "state": "RUNNING",
            "running": {
                "jobId": job_id,
                "transitionTime": format!("2024-05-02T17:{minute:02}:58.004Z"),
                "conditions": [
                    {
                        "type": "ClusterUnreachable",
                        "status": "False",
                        "message": "The Flink cluster is reachable.",
                        "reason": "ClusterReachable",
                        "lastTransitionTime": "2024-05-02T17:12:03.118Z",
                        "lastUpdateTime": "2024-05-02T18:40:11.502Z",
                    },
                    {
                        "type": "JobFailing",
                        "status": "False",
                        "message": "No job restarts in the last 10 minutes.",
                        "reason": "NoRecentRestarts",
                        "lastTransitionTime": "2024-05-02T17:12:03.118Z",
                        "lastUpdateTime": "2024-05-02T18:40:11.502Z",
                    },
                    {
                        "type": "JobUnstable",
                        "status": "False",
                        "message": "No job restarts in the last 60 minutes.",
                        "reason": "NoRecentRestarts",
                        "lastTransitionTime": "2024-05-02T17:12:03.118Z",
                        "lastUpdateTime": "2024-05-02T18:40:11.502Z",
                    },
                ],
            },
        },
    });
    match serde_json::from_value(value) {
        Ok(d) => d,
        Err(e) => panic!("bench fixture does not decode as a Deployment: {e}"),
    }
}

/// A `ResourceList` of `n` deployments (see [`deployment`]).
pub fn deployment_list(n: usize) -> List<Deployment> {
    let mut list = List::new((0..n).map(deployment).collect());
    list.kind = Some("ResourceList".to_owned());
    list.api_version = Some("v1".to_owned());
    list
}
