//! Every declared replacement (the `REPLACEMENTS` table in `build.rs`: the schemas the
//! generator cannot express, replaced by hand-written types) is fed every value the spec
//! allows plus one it does not know, through the field of the generated type that holds it.
//!
//! The table is read from `build.rs` itself: a replacement added there without a case here
//! fails `every_replacement_has_a_case`.

use std::collections::BTreeSet;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use vvp::platform::types as pt;
use vvp::types as at;

/// The rows of `build.rs`'s `REPLACEMENTS`: (module, schema).
fn declared() -> BTreeSet<(String, String)> {
    let text = include_str!("../build.rs");
    let start = text
        .find("const REPLACEMENTS")
        .expect("REPLACEMENTS in build.rs");
    let end = start + text[start..].find("];").expect("end of REPLACEMENTS");
    let code: String = text[start..end]
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect();
    let strings: Vec<&str> = code.split('"').skip(1).step_by(2).collect();
    strings
        .chunks(3)
        .map(|row| (row[0].to_owned(), row[1].to_owned()))
        .collect()
}

fn spec(module: &str) -> Value {
    let text = match module {
        "appmanager" => include_str!("../specs/api/swagger.json"),
        "platform" => include_str!("../specs/swagger.json"),
        other => panic!("unknown module {other}"),
    };
    serde_json::from_str(text).expect("spec parses")
}

/// The schema a replacement names (`Definition` or `Definition.property`).
fn schema(module: &str, path: &str) -> Value {
    let doc = spec(module);
    let mut parts = path.split('.');
    let mut s = doc["definitions"][parts.next().unwrap()].clone();
    for p in parts {
        s = s["properties"][p].clone();
    }
    assert!(!s.is_null(), "{module} {path}: not in the spec");
    s
}

/// The enum values the spec lists for `path` (empty for a plain string).
fn spec_values(module: &str, path: &str) -> Vec<String> {
    schema(module, path)["enum"]
        .as_array()
        .map(|vs| {
            vs.iter()
                .map(|v| v.as_str().expect("string enum").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Puts `value` at the replaced field (`field` is a JSON pointer inside `T`), decodes `T`,
/// encodes it again and returns (the decoded `T`, what the field re-encoded to).
fn through<T: DeserializeOwned + Serialize>(field: &str, value: &Value) -> (T, Value) {
    let mut doc = value.clone();
    for token in field.trim_start_matches('/').split('/').rev() {
        doc = json!({ token: doc });
    }
    let typed: T = serde_json::from_value(doc).unwrap_or_else(|e| panic!("{field}={value}: {e}"));
    let back = serde_json::to_value(&typed).expect("encodes");
    let got = back.pointer(field).cloned().unwrap_or(Value::Null);
    (typed, got)
}

/// An open enum at `field` of `T`: every spec value is known and round-trips; an unknown
/// value is kept as `Other` and round-trips.
fn open_enum<T, E>(module: &str, path: &str, field: &str, get: impl Fn(&T) -> Option<&E>)
where
    T: DeserializeOwned + Serialize,
    E: std::fmt::Debug + OpenEnum,
{
    let values = spec_values(module, path);
    for v in &values {
        let (typed, back) = through::<T>(field, &json!(v));
        let e = get(&typed).unwrap_or_else(|| panic!("{path}={v}: absent"));
        assert!(!e.is_other(), "{path}: spec value {v} decodes as {e:?}");
        assert_eq!(back, json!(v), "{path}: {v} round trip");
    }
    let (typed, back) = through::<T>(field, &json!("A_VALUE_FROM_A_NEWER_SERVER"));
    let e = get(&typed).expect("unknown value kept");
    assert!(e.is_other(), "{path}: unknown value decodes as {e:?}");
    assert_eq!(back, json!("A_VALUE_FROM_A_NEWER_SERVER"));
}

/// What the test needs of an open enum.
trait OpenEnum {
    fn is_other(&self) -> bool;
}

macro_rules! open_enums {
    ($($t:ty),* $(,)?) => {$(
        impl OpenEnum for $t {
            fn is_other(&self) -> bool {
                <$t>::is_other(self)
            }
        }
    )*};
}
open_enums!(
    at::ConditionStatus,
    at::DeploymentConditionType,
    at::DeploymentState,
    at::EventName,
    at::FlinkJobStatus,
    at::JobState,
    at::ResourceQuotaType,
    at::RestoreStrategyKind,
    at::SavepointOrigin,
    at::SavepointState,
    at::SavepointType,
    at::SecretValueKind,
    at::SessionClusterState,
    at::UpgradeStrategyKind,
    pt::AutopilotMode,
    pt::ConstraintType,
    pt::FunctionLanguage,
    pt::FunctionType,
    pt::HintType,
    pt::JobGraphState,
    pt::LifecyclePhase,
    pt::PolicyStatus,
    pt::Role,
    pt::StatementResult,
    pt::UdfType,
    pt::ValidationResult,
);

/// The cases: (module, schema) of every replacement this file tests.
fn cases() -> Vec<(&'static str, &'static str, fn())> {
    vec![
        ("appmanager", "Artifact", artifact),
        ("appmanager", "ResourceSpec.cpu", quantity),
        ("appmanager", "ResourceSpec.memory", quantity),
        ("appmanager", "SecretValueSpec.value", secret_value),
        ("platform", "ApiToken.secret", api_token_secret),
        ("appmanager", "DeploymentCondition.status", || {
            open_enum::<at::DeploymentCondition, _>(
                "appmanager",
                "DeploymentCondition.status",
                "/status",
                |c| c.status.as_ref(),
            )
        }),
        ("appmanager", "DeploymentCondition.type", || {
            open_enum::<at::DeploymentCondition, _>(
                "appmanager",
                "DeploymentCondition.type",
                "/type",
                |c| c.type_.as_ref(),
            )
        }),
        ("appmanager", "DeploymentSpec.state", || {
            open_enum::<at::Deployment, _>(
                "appmanager",
                "DeploymentSpec.state",
                "/spec/state",
                |d| d.spec.state.as_ref(),
            )
        }),
        ("appmanager", "DeploymentStatus.state", || {
            open_enum::<at::Deployment, _>(
                "appmanager",
                "DeploymentStatus.state",
                "/status/state",
                |d| d.status_state(),
            )
        }),
        ("appmanager", "EventMetadata.name", || {
            open_enum::<at::Event, _>("appmanager", "EventMetadata.name", "/metadata/name", |e| {
                e.event_name()
            })
        }),
        ("appmanager", "JobStatus.state", || {
            open_enum::<at::Job, _>("appmanager", "JobStatus.state", "/status/state", |j| {
                j.state()
            })
        }),
        (
            "appmanager",
            "JobStatusStarted.observedFlinkJobStatus",
            || {
                open_enum::<at::JobStatusStarted, _>(
                    "appmanager",
                    "JobStatusStarted.observedFlinkJobStatus",
                    "/observedFlinkJobStatus",
                    |s| s.observed_flink_job_status.as_ref(),
                )
            },
        ),
        ("appmanager", "ResourceQuotaSpec.type", || {
            open_enum::<at::ResourceQuotaSpec, _>(
                "appmanager",
                "ResourceQuotaSpec.type",
                "/type",
                |s| s.type_.as_ref(),
            )
        }),
        ("appmanager", "RestoreStrategy.kind", || {
            open_enum::<at::RestoreStrategy, _>(
                "appmanager",
                "RestoreStrategy.kind",
                "/kind",
                |s| s.kind.as_ref(),
            )
        }),
        ("appmanager", "SavepointMetadata.origin", || {
            open_enum::<at::SavepointMetadata, _>(
                "appmanager",
                "SavepointMetadata.origin",
                "/origin",
                |m| m.origin.as_ref(),
            )
        }),
        ("appmanager", "SavepointMetadata.type", || {
            open_enum::<at::SavepointMetadata, _>(
                "appmanager",
                "SavepointMetadata.type",
                "/type",
                |m| m.type_.as_ref(),
            )
        }),
        ("appmanager", "SavepointStatus.state", || {
            open_enum::<at::Savepoint, _>(
                "appmanager",
                "SavepointStatus.state",
                "/status/state",
                |s| s.state(),
            )
        }),
        ("appmanager", "SecretValueSpec.kind", || {
            open_enum::<at::SecretValueSpec, _>(
                "appmanager",
                "SecretValueSpec.kind",
                "/kind",
                |s| s.kind.as_ref(),
            )
        }),
        ("appmanager", "SessionClusterSpec.state", || {
            open_enum::<at::SessionCluster, _>(
                "appmanager",
                "SessionClusterSpec.state",
                "/spec/state",
                |s| s.desired_state(),
            )
        }),
        ("appmanager", "SessionClusterStatus.state", || {
            open_enum::<at::SessionCluster, _>(
                "appmanager",
                "SessionClusterStatus.state",
                "/status/state",
                |s| s.status_state(),
            )
        }),
        ("appmanager", "UpgradeStrategy.kind", || {
            open_enum::<at::UpgradeStrategy, _>(
                "appmanager",
                "UpgradeStrategy.kind",
                "/kind",
                |s| s.kind.as_ref(),
            )
        }),
        ("platform", "Role", || standalone::<pt::Role>("Role")),
        ("platform", "AutopilotMode", || {
            standalone::<pt::AutopilotMode>("AutopilotMode")
        }),
        ("platform", "ConstraintType", || {
            standalone::<pt::ConstraintType>("ConstraintType")
        }),
        ("platform", "FunctionLanguage", || {
            standalone::<pt::FunctionLanguage>("FunctionLanguage")
        }),
        ("platform", "FunctionType", || {
            standalone::<pt::FunctionType>("FunctionType")
        }),
        ("platform", "HintType", || {
            standalone::<pt::HintType>("HintType")
        }),
        ("platform", "JobGraphState", || {
            standalone::<pt::JobGraphState>("JobGraphState")
        }),
        ("platform", "LifecyclePhase", || {
            standalone::<pt::LifecyclePhase>("LifecyclePhase")
        }),
        ("platform", "PolicyStatus", || {
            standalone::<pt::PolicyStatus>("PolicyStatus")
        }),
        ("platform", "StatementResult", || {
            standalone::<pt::StatementResult>("StatementResult")
        }),
        ("platform", "UdfType", || {
            standalone::<pt::UdfType>("UdfType")
        }),
        ("platform", "ValidationResult", || {
            standalone::<pt::ValidationResult>("ValidationResult")
        }),
    ]
}

/// A platform definition that is itself a string enum: each spec value and one unknown.
fn standalone<E>(definition: &str)
where
    E: DeserializeOwned + Serialize + std::fmt::Debug + OpenEnum,
{
    let values = spec_values("platform", definition);
    assert!(!values.is_empty(), "{definition}: the spec lists no values");
    for v in values
        .iter()
        .map(String::as_str)
        .chain(["A_VALUE_FROM_A_NEWER_SERVER"])
    {
        let e: E = serde_json::from_value(json!(v)).expect("decodes");
        let known = v != "A_VALUE_FROM_A_NEWER_SERVER";
        assert_eq!(!e.is_other(), known, "{definition}={v}: {e:?}");
        assert_eq!(serde_json::to_value(&e).unwrap(), json!(v));
    }
}

fn artifact() {
    let kinds = spec_values("appmanager", "Artifact.kind");
    assert_eq!(kinds, ["JAR", "SQLSCRIPT", "PYTHON"]);
    for kind in &kinds {
        let wire = json!({"kind": kind, "flinkVersion": "1.19", "somethingNew": [1]});
        let (a, back) = through::<at::DeploymentTemplateSpec>("/artifact", &wire);
        let a = a.artifact.expect("artifact");
        assert!(!matches!(a, at::Artifact::Other(_)), "{kind}: {a:?}");
        assert_eq!(a.kind().as_str(), kind);
        assert_eq!(back, wire, "{kind}: kept whole");
    }
    let wire = json!({"kind": "FLINK_APPLICATION", "image": "x"});
    let (a, back) = through::<at::DeploymentTemplateSpec>("/artifact", &wire);
    assert!(matches!(a.artifact, Some(at::Artifact::Other(_))));
    assert_eq!(back, wire);
}

fn quantity() {
    for wire in [json!(1), json!(0.5), json!("1g"), json!("500m"), json!("2")] {
        let (spec, back) = through::<at::ResourceSpec>("/cpu", &wire);
        assert!(spec.cpu.is_some());
        assert_eq!(back, wire, "cpu {wire} kept as sent");
        let (_, back) = through::<at::ResourceSpec>("/memory", &wire);
        assert_eq!(back, wire, "memory {wire} kept as sent");
    }
    // What a quantity cannot be is an error, not a guess.
    assert!(serde_json::from_value::<at::ResourceSpec>(json!({"cpu": {"a": 1}})).is_err());
}

fn secret_value() {
    let (s, back) = through::<at::SecretValueSpec>("/value", &json!("hunter2"));
    assert_eq!(s.value.as_ref().map(|v| v.expose()), Some("hunter2"));
    assert_eq!(back, json!("hunter2"));
    assert!(!format!("{s:?}").contains("hunter2"));
    let raw: vvp::raw::appmanager::types::SecretValueSpec =
        serde_json::from_value(json!({"value": "hunter2"})).unwrap();
    assert!(!format!("{raw:?}").contains("hunter2"));
}

fn api_token_secret() {
    let (t, back) = through::<pt::ApiToken>("/secret", &json!("s3cr3t-token"));
    assert_eq!(back, json!("s3cr3t-token"));
    assert!(!format!("{t:?}").contains("s3cr3t-token"));
    let raw: vvp::raw::platform::types::ApiToken =
        serde_json::from_value(json!({"secret": "s3cr3t-token"})).unwrap();
    assert!(!format!("{raw:?}").contains("s3cr3t-token"));
}

#[test]
fn every_replacement_has_a_case() {
    let declared = declared();
    assert!(declared.len() >= 30, "{declared:?}");
    let covered: BTreeSet<(String, String)> = cases()
        .iter()
        .map(|(m, s, _)| ((*m).to_owned(), (*s).to_owned()))
        .collect();
    let missing: Vec<_> = declared.difference(&covered).collect();
    assert!(
        missing.is_empty(),
        "replacements without a case: {missing:?}"
    );
    let stale: Vec<_> = covered.difference(&declared).collect();
    assert!(stale.is_empty(), "cases of no replacement: {stale:?}");
}

#[test]
fn every_replacement_takes_every_spec_value_and_one_unknown() {
    for (module, schema, case) in cases() {
        eprintln!("{module} {schema}");
        case();
    }
}
