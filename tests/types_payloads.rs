//! Every real Application Manager payload in `../shared/reference/payloads/` decodes into
//! its `vvp::types` type and re-encodes without losing a field.
//!
//! Equality is exact JSON equality except:
//! (a) strings that both parse as RFC 3339 timestamps compare by instant;
//! (b) scalars under `flinkConfiguration` and `flinkVersion` compare as strings (a YAML
//!     `10000`/`true`/`1.14` is kept as the string the server would store);
//! (c) an explicit `null` in the payload may be absent after re-encoding (optional fields
//!     are `Option`s; the server treats `null` and absent alike).

mod common;

use std::path::{Path, PathBuf};

use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;
use vvp::types::*;

/// First difference between `orig` (the payload) and `re` (re-encoded), as a JSON path.
fn first_difference(path: &str, orig: &Value, re: &Value) -> Option<String> {
    let key = path.rsplit('.').next().unwrap_or("");
    let in_string_map = path.contains(".flinkConfiguration[") || key == "flinkVersion";
    match (orig, re) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, va) in a {
                let child = if path.ends_with("flinkConfiguration") {
                    format!("{path}[{k:?}]")
                } else {
                    format!("{path}.{k}")
                };
                match b.get(k) {
                    Some(vb) => {
                        if let Some(d) = first_difference(&child, va, vb) {
                            return Some(d);
                        }
                    }
                    None if va.is_null() => {} // rule (c)
                    None => return Some(format!("{child}: missing after re-encoding")),
                }
            }
            b.keys()
                .find(|k| !a.contains_key(*k))
                .map(|k| format!("{path}.{k}: added by re-encoding"))
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Some(format!("{path}: length {} became {}", a.len(), b.len()));
            }
            a.iter()
                .zip(b)
                .enumerate()
                .find_map(|(i, (x, y))| first_difference(&format!("{path}[{i}]"), x, y))
        }
        (Value::String(a), Value::String(b)) if a != b => {
            let (ta, tb) = (
                chrono::DateTime::parse_from_rfc3339(a),
                chrono::DateTime::parse_from_rfc3339(b),
            );
            match (ta, tb) {
                (Ok(ta), Ok(tb)) if ta == tb => None, // rule (a)
                _ => Some(format!("{path}: {orig} became {re}")),
            }
        }
        (Value::Number(_) | Value::Bool(_), Value::String(s)) if in_string_map => {
            // rule (b)
            let rendered = orig.to_string();
            (rendered != *s).then(|| format!("{path}: {orig} became {re}"))
        }
        _ => (orig != re).then(|| format!("{path}: {orig} became {re}")),
    }
}

fn parse_value(file: &Path, text: &str) -> Value {
    if file.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
    } else {
        serde_yaml::from_str(text).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
    }
}

/// Decodes `text` (YAML or JSON, by extension) as `T`, re-encodes it and compares.
fn check<T: Serialize + DeserializeOwned>(file: &Path, original: &Value, text: &str) {
    let typed: T = if file.extension().is_some_and(|e| e == "json") {
        let de = &mut serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(de)
            .unwrap_or_else(|e| panic!("{}: decode failed at {}: {e}", file.display(), e.path()))
    } else {
        let de = serde_yaml::Deserializer::from_str(text);
        serde_path_to_error::deserialize(de)
            .unwrap_or_else(|e| panic!("{}: decode failed at {}: {e}", file.display(), e.path()))
    };
    let re = serde_json::to_value(&typed).expect("re-encoding");
    if let Some(diff) = first_difference("$", original, &re) {
        panic!("{}: {diff}", file.display());
    }
}

/// Same for an already parsed value (used for the inner object of an envelope).
fn check_value<T: Serialize + DeserializeOwned>(file: &Path, original: &Value) {
    let typed: T = serde_path_to_error::deserialize(original.clone())
        .unwrap_or_else(|e| panic!("{}: decode failed at {}: {e}", file.display(), e.path()));
    let re = serde_json::to_value(&typed).expect("re-encoding");
    if let Some(diff) = first_difference("$.data", original, &re) {
        panic!("{}: {diff}", file.display());
    }
}

/// `true` if SOURCES.md says the file is wrapped in another product's envelope.
fn foreign_envelope(sources: &str, file_name: &str) -> bool {
    sources
        .lines()
        .find(|l| l.starts_with(&format!("| {file_name} ")))
        .is_some_and(|row| row.contains("Alibaba") && row.contains("envelope"))
}

#[test]
fn real_payloads_round_trip_without_losing_fields() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let dir = shared.join("reference/payloads");
    let sources = std::fs::read_to_string(dir.join("SOURCES.md")).expect("SOURCES.md");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("payload dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();

    let mut checked = Vec::new();
    let mut exempt = Vec::new();
    for file in &files {
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let prefix = name.split('-').next().unwrap_or("");
        if !matches!(
            prefix,
            "deployment" | "deploymenttarget" | "savepoint" | "secretvalue" | "sessioncluster"
        ) {
            continue;
        }
        let text = std::fs::read_to_string(file).expect("read payload");
        let original = parse_value(file, &text);

        if foreign_envelope(&sources, name) {
            // Another product's envelope (SOURCES.md): `{"data": <VVP object>, "requestId"}`.
            // Exempt as a file; the VVP object inside is still checked.
            println!("exempt (Alibaba envelope per SOURCES.md): {name}; checking its `data`");
            exempt.push(name.to_owned());
            let data = original.get("data").cloned().unwrap_or(Value::Null);
            assert!(data.is_object(), "{name}: no `data` object in the envelope");
            match prefix {
                "savepoint" => check_value::<Savepoint>(file, &data),
                other => panic!("{name}: no envelope handling for {other}"),
            }
            continue;
        }

        match prefix {
            // deployment-patch-*: `{"spec":{"state":"CANCELLED"}}` is a subset of a
            // Deployment (what jupyter-vvp PATCHes), so it is checked as a partial Deployment.
            "deployment" => check::<Deployment>(file, &original, &text),
            "deploymenttarget" => check::<DeploymentTarget>(file, &original, &text),
            "savepoint" => check::<Savepoint>(file, &original, &text),
            "secretvalue" => check::<SecretValue>(file, &original, &text),
            "sessioncluster" => check::<SessionCluster>(file, &original, &text),
            _ => unreachable!(),
        }
        println!("ok: {name}");
        checked.push(name.to_owned());
    }

    // Guard against silently checking nothing (renamed or missing files).
    for prefix in [
        "deployment-",
        "deployment-patch-",
        "deploymenttarget-",
        "savepoint-",
        "secretvalue-",
        "sessioncluster-",
    ] {
        assert!(
            checked.iter().any(|n| n.starts_with(prefix)),
            "no payload {prefix}* was checked"
        );
    }
    assert!(
        checked.len() >= 10,
        "only {} payloads checked",
        checked.len()
    );
    assert_eq!(exempt, ["savepoint-alibabaclouddocs-1.json"]);
}

#[test]
fn payload_values_decode_as_expected() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let dir = shared.join("reference/payloads");
    let read = |n: &str| std::fs::read_to_string(dir.join(n)).expect(n);

    let sc: SessionCluster = serde_yaml::from_str(&read("sessioncluster-kozlovsandbox-1.yaml"))
        .expect("session cluster");
    assert_eq!(sc.status_state(), Some(&SessionClusterState::Running));
    let jm = sc.spec.resources.as_ref().and_then(|r| r.get("jobmanager"));
    assert_eq!(jm.and_then(|j| j.cpu.clone()), Some(Quantity::from(1)));
    assert_eq!(
        jm.and_then(|j| j.memory.clone()),
        Some(Quantity::from("1g"))
    );
    assert_eq!(sc.metadata.resource_version, Some(13));

    // The request form sent numbers; they decode as the strings the server returns.
    let req: SessionCluster = serde_yaml::from_str(&read("sessioncluster-kozlovsandbox-2.yaml"))
        .expect("session cluster request");
    assert_eq!(
        req.spec.flink_configuration, sc.spec.flink_configuration,
        "numbers in flinkConfiguration decode as strings"
    );

    let sre: SessionCluster =
        serde_yaml::from_str(&read("sessioncluster-sreworks-1.yaml")).expect("sreworks");
    assert_eq!(sre.spec.flink_version.as_deref(), Some("1.14"));

    let d: Deployment =
        serde_yaml::from_str(&read("deployment-sreworks-1.yaml")).expect("deployment");
    assert_eq!(d.desired_state(), Some(&DeploymentState::Running));
    assert_eq!(
        d.spec.restore_strategy,
        Some(RestoreStrategy::latest_state().with_allow_non_restored_state(false))
    );
    assert_eq!(d.spec.upgrade_strategy, Some(UpgradeStrategy::stateful()));
    match d.artifact() {
        Some(Artifact::SqlScript(a)) => {
            assert!(a
                .sql_script
                .as_deref()
                .unwrap_or("")
                .contains("BEGIN STATEMENT SET"))
        }
        other => panic!("expected SQLSCRIPT, got {other:?}"),
    }

    let d: Deployment =
        serde_yaml::from_str(&read("deployment-streamingcli-1.yaml")).expect("deployment");
    match d.artifact() {
        Some(Artifact::Jar(a)) => {
            assert_eq!(
                a.entry_class.as_deref(),
                Some("org.apache.flink.client.python.PythonDriver")
            )
        }
        other => panic!("expected JAR, got {other:?}"),
    }
    let logging = d
        .spec
        .template
        .as_ref()
        .and_then(|t| t.spec.as_ref())
        .and_then(|s| s.logging.as_ref())
        .expect("logging");
    assert_eq!(logging.level(""), Some(LogLevel::Info));

    let s: SecretValue =
        serde_json::from_str(&read("secretvalue-create-trackunitswagger-1.json")).expect("secret");
    assert_eq!(s.spec.kind, Some(SecretValueKind::Other("Plain".into())));
    assert_eq!(s.value().map(Secret::expose), Some("secret"));
    assert!(!format!("{s:?}").contains("\"secret\""));

    let p: Savepoint =
        serde_json::from_str(&read("savepoint-create-trackunitswagger-1.json")).expect("sp");
    assert_eq!(
        p.metadata.deployment_id.map(|u| u.to_string()).as_deref(),
        Some("19570815-2528-4bda-a6ba-733cc29282c4")
    );
}

#[test]
fn comparison_reports_the_path_of_the_first_difference() {
    let a = serde_json::json!({"spec": {"template": {"spec": {"flinkConfiguration": {"a": 1}, "x": [1, 2]}}}});
    let b = serde_json::json!({"spec": {"template": {"spec": {"flinkConfiguration": {"a": "1"}, "x": [1, 3]}}}});
    assert_eq!(
        first_difference("$", &a, &b).as_deref(),
        Some("$.spec.template.spec.x[1]: 2 became 3")
    );
    let c =
        serde_json::json!({"metadata": {"createdAt": "2022-01-23T18:51:47.845773Z", "gone": 1}});
    let d = serde_json::json!({"metadata": {"createdAt": "2022-01-23T18:51:47.845773+00:00"}});
    assert_eq!(
        first_difference("$", &c, &d).as_deref(),
        Some("$.metadata.gone: missing after re-encoding")
    );
}
