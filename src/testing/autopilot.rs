//! Autopilot (`/autopilot/v1alpha1/namespaces/{ns}`): one policy per deployment, its status
//! and recommendation.
//!
//! As documented for the real server, every deployment has a policy, `DISABLED` until one
//! is set, and a disabled agent computes no status and no recommendation. Otherwise the
//! fake's agent is a formula, not a measurement: the source of every running job receives
//! [`LOAD`] records/s, each parallel instance handles [`SLOT_CAPACITY`] records/s, and the
//! recommendation is the smallest parallelism that keeps the utilization at or below the
//! target, within the policy's bounds (so applying it converges). `ACTIVE` policies are
//! stored but never applied.

use serde_json::{json, Map, Value};

use super::http::{pf_error, spring_error, type_name, Req, Resp};
use super::platform::{bad, not_allowed, ok, split_action};
use super::state::{find_idx, meta_str, str_at, Clock, Ns};

/// Records per second arriving at the source of every running job.
const LOAD: i64 = 2_000;
/// Records per second one parallel instance of a source handles.
const SLOT_CAPACITY: i64 = 1_000;
/// Bounds used when a policy does not set them (Flink's default max parallelism is 128).
const DEFAULT_MIN: i64 = 1;
const DEFAULT_MAX: i64 = 128;
const DEFAULT_TARGET: i64 = 80;

const DISABLED: &str = "AUTOPILOT_MODE_DISABLED";
const MODES: [&str; 3] = [
    DISABLED,
    "AUTOPILOT_MODE_MONITORING",
    "AUTOPILOT_MODE_ACTIVE",
];

/// `rest` is what follows `/autopilot/v1alpha1/namespaces/{ns}`.
pub(super) fn route(n: &mut Ns, clock: &mut Clock, ns: &str, rest: &[&str], req: &Req) -> Resp {
    match (rest, req.method.as_str()) {
        ([], "GET") => {
            let items: Vec<Value> = n.deployments.iter().map(|d| policy_of(n, ns, d)).collect();
            ok(json!({"policies": items}))
        }
        ([], _) => not_allowed(req),
        (["deployments", dep, last], method) => {
            let (base, action) = split_action(last);
            if base != "autopilotpolicy"
                || !matches!(action, None | Some("status" | "recommendation"))
            {
                return spring_error(404, &req.raw_path);
            }
            let Some(d) = find_idx(&n.deployments, dep).and_then(|i| n.deployments.get(i)) else {
                return pf_error(
                    404,
                    format!("Deployment {dep} does not exist in namespace {ns}."),
                );
            };
            match (action, method) {
                (None, "GET") => ok(json!({"policy": policy_of(n, ns, d)})),
                (None, "PUT") => {
                    let policy = match checked_policy(req) {
                        Ok(p) => p,
                        Err(r) => return r,
                    };
                    let id = meta_str(d, "id").unwrap_or_default().to_string();
                    let mut stored = policy;
                    stored.insert("name".into(), json!(policy_name(ns, &id)));
                    stored.insert("modifyTime".into(), json!(clock.now()));
                    let stored = Value::Object(stored);
                    n.autopilot.insert(id, stored.clone());
                    ok(json!({"policy": stored}))
                }
                (Some("status"), "GET") => {
                    let policy = policy_of(n, ns, d);
                    ok(json!({"status": status(d, &policy, clock)}))
                }
                (Some(_), "GET") => {
                    let policy = policy_of(n, ns, d);
                    ok(json!({"recommendation": recommendation(d, &policy, clock)}))
                }
                _ => not_allowed(req),
            }
        }
        _ => spring_error(404, &req.raw_path),
    }
}

fn policy_name(ns: &str, deployment_id: &str) -> String {
    format!("namespaces/{ns}/deployments/{deployment_id}/autopilotpolicy")
}

/// The stored policy of deployment `d`, or the default one.
fn policy_of(n: &Ns, ns: &str, d: &Value) -> Value {
    let id = meta_str(d, "id").unwrap_or_default();
    n.autopilot
        .get(id)
        .cloned()
        .unwrap_or_else(|| json!({"name": policy_name(ns, id), "mode": DISABLED}))
}

/// Validates a PUT body; keeps the fields of `AutopilotPolicy` (the server sets `name` and
/// `modifyTime`).
fn checked_policy(req: &Req) -> Result<Map<String, Value>, Resp> {
    let body = req.body_object().map_err(bad)?;
    let mut out = Map::new();
    match body.get("mode") {
        None | Some(Value::Null) => {
            out.insert("mode".into(), json!(DISABLED));
        }
        Some(Value::String(m)) if MODES.contains(&m.as_str()) => {
            out.insert("mode".into(), json!(m));
        }
        Some(other) => {
            return Err(bad(format!(
                "Invalid mode {other}: must be one of {}.",
                MODES.join(", ")
            )))
        }
    }
    if let Some(cfg) = config(&body, "autoscalerConfig")? {
        let int = |key: &str, lo: i64, hi: i64| -> Result<Option<i64>, Resp> {
            match cfg.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(v) => match v.as_i64().filter(|i| (lo..=hi).contains(i)) {
                    Some(i) => Ok(Some(i)),
                    None => Err(bad(format!(
                        "autoscalerConfig.{key} must be an integer from {lo} to {hi}, got {v}."
                    ))),
                },
            }
        };
        let max_i32 = i64::from(i32::MAX);
        int("cooldownMinutes", 0, max_i32)?;
        int("targetUtilization", 1, 100)?;
        let min = int("minParallelism", 1, max_i32)?;
        let max = int("maxParallelism", 1, max_i32)?;
        if let (Some(min), Some(max)) = (min, max) {
            if min > max {
                return Err(bad(format!(
                    "autoscalerConfig.minParallelism ({min}) must not exceed maxParallelism ({max})."
                )));
            }
        }
        string_map(cfg, "autoscalerConfig")?;
        out.insert("autoscalerConfig".into(), Value::Object(cfg.clone()));
    }
    if let Some(cfg) = config(&body, "libraConfig")? {
        string_map(cfg, "libraConfig")?;
        out.insert("libraConfig".into(), Value::Object(cfg.clone()));
    }
    Ok(out)
}

/// `body.<key>` as an object, if set.
fn config<'a>(
    body: &'a Map<String, Value>,
    key: &str,
) -> Result<Option<&'a Map<String, Value>>, Resp> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(m)) => Ok(Some(m)),
        Some(other) => Err(bad(format!(
            "{key} must be an object, got {}.",
            type_name(other)
        ))),
    }
}

/// `extraConfig` must map strings to strings.
fn string_map(cfg: &Map<String, Value>, key: &str) -> Result<(), Resp> {
    match cfg.get("extraConfig") {
        None | Some(Value::Null) => Ok(()),
        Some(Value::Object(m)) if m.values().all(Value::is_string) => Ok(()),
        Some(_) => Err(bad(format!(
            "{key}.extraConfig must map strings to strings."
        ))),
    }
}

/// What the fake's agent sees of a deployment.
struct Observed {
    state: String,
    parallelism: i64,
    min: i64,
    max: i64,
    target: i64,
}

/// `None` when the policy is disabled (no agent runs).
fn observe(d: &Value, policy: &Value) -> Option<Observed> {
    if policy.get("mode").and_then(Value::as_str) == Some(DISABLED) {
        return None;
    }
    let cfg = |key: &str| {
        policy
            .pointer(&format!("/autoscalerConfig/{key}"))
            .and_then(Value::as_i64)
    };
    let parallelism = d
        .pointer("/spec/template/spec/parallelism")
        .and_then(Value::as_i64)
        .filter(|p| (1..=i64::from(i32::MAX)).contains(p))
        .unwrap_or(1);
    Some(Observed {
        state: str_at(d, "/status/state")
            .unwrap_or("CANCELLED")
            .to_string(),
        parallelism,
        min: cfg("minParallelism").unwrap_or(DEFAULT_MIN),
        max: cfg("maxParallelism").unwrap_or(DEFAULT_MAX),
        target: cfg("targetUtilization").unwrap_or(DEFAULT_TARGET),
    })
}

fn status(d: &Value, policy: &Value, clock: &mut Clock) -> Value {
    let Some(o) = observe(d, policy) else {
        return json!({});
    };
    let now = clock.now();
    let resources = d
        .pointer("/spec/template/spec/resources/taskmanager")
        .cloned()
        .unwrap_or_else(|| json!({}));
    let libra = json!({
        "message": format!("TaskManager resources: {resources}."),
        "updateTime": now,
    });
    if o.state != "RUNNING" {
        let health = if o.state == "FAILED" {
            "POLICY_STATUS_ERROR"
        } else {
            "POLICY_STATUS_OK"
        };
        return json!({
            "status": health,
            "autoscalerStatus": {
                "message": format!("Deployment is {}; no metrics are collected.", o.state),
                "sourceStatus": [],
                "updateTime": now,
            },
            "libraStatus": libra,
        });
    }
    let capacity = o.parallelism * SLOT_CAPACITY;
    let keeps_up = capacity >= LOAD;
    let vertex: String = meta_str(d, "id")
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_hexdigit)
        .collect();
    let mut source = json!({
        "vertexId": vertex,
        "taskName": "Source",
        "throughput": LOAD.min(capacity) as f64,
        "capacity": capacity as f64,
        "target": (capacity * o.target / 100) as f64,
        "estimatedLagSeconds": if keeps_up { 0 } else { 60 },
    });
    if keeps_up {
        source["estimatedCatchUpSeconds"] = json!(0);
    }
    let utilization = LOAD * 100 / capacity;
    json!({
        "status": "POLICY_STATUS_OK",
        "autoscalerStatus": {
            "message": format!(
                "Parallelism {}: utilization {utilization}% (target {}%).",
                o.parallelism, o.target
            ),
            "metrics": json!({"parallelism": o.parallelism, "utilization": utilization}).to_string(),
            "sourceStatus": [source],
            "updateTime": now,
        },
        "libraStatus": libra,
    })
}

fn recommendation(d: &Value, policy: &Value, clock: &mut Clock) -> Value {
    let Some(o) = observe(d, policy) else {
        return json!({});
    };
    let now = clock.now();
    if o.state != "RUNNING" {
        return json!({
            "description": format!("Deployment is {}; nothing to recommend.", o.state),
            "lastUpdateTime": now,
        });
    }
    // The smallest p with LOAD <= p * SLOT_CAPACITY * target / 100, within [min, max].
    let per_instance = SLOT_CAPACITY * o.target.max(1);
    let wanted = (LOAD * 100 + per_instance - 1) / per_instance;
    let best = wanted.min(o.max).max(o.min);
    if best == o.parallelism {
        return json!({
            "description": format!(
                "Parallelism {} meets the target utilization of {}%; no change recommended.",
                o.parallelism, o.target
            ),
            "lastUpdateTime": now,
        });
    }
    let patch = json!({"spec": {"template": {"spec": {"parallelism": best}}}});
    json!({
        "deploymentPatch": patch.to_string(),
        "description": format!(
            "Change parallelism from {} to {best}: utilization {}% (target {}%, bounds {}..{}).",
            o.parallelism,
            LOAD * 100 / (o.parallelism * SLOT_CAPACITY),
            o.target,
            o.min,
            o.max
        ),
        "lastUpdateTime": now,
    })
}
