//! Property tests (proptest):
//!
//! - `MergePatch::diff(a, b)` applied to `a` gives `b`;
//! - the name checks agree with a reference regex on 100,000+ generated strings;
//! - JSON and YAML encodings of every resource type decode to the same value (generated
//!   variants of each type: changed scalars, YAML-hostile strings, unknown fields).

#[path = "common/json.rs"]
mod json;
use json::strip_nulls;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde::{de::DeserializeOwned, Serialize};
use serde_json::{json, Value};
use std::fmt::Debug;
use vvp::{MergePatch, Name, NameScheme};

// ---------------------------------------------------------------------------------------
// Merge patches
// ---------------------------------------------------------------------------------------

/// JSON values over a small key alphabet, so `a` and `b` share keys often.
fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1000i32..1000).prop_map(|n| json!(f64::from(n) / 8.0)),
        "[a-z]{0,3}".prop_map(Value::from),
    ];
    leaf.prop_recursive(5, 48, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-d]", inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(Config { cases: 10_000, ..Config::default() })]

    #[test]
    fn diff_then_apply_gives_the_new_value(a in arb_json(), b in arb_json()) {
        let patch = MergePatch::diff(&a, &b).expect("diff");
        let mut doc = a.clone();
        patch.apply_to(&mut doc);
        prop_assert_eq!(strip_nulls(&doc), strip_nulls(&b));
        if strip_nulls(&b) == b {
            // Without nulls in objects, exactly `b`.
            prop_assert_eq!(&doc, &b);
        }
        // RFC 7386 patches are idempotent, and equal values need no patch.
        patch.apply_to(&mut doc);
        prop_assert_eq!(strip_nulls(&doc), strip_nulls(&b));
        prop_assert!(MergePatch::diff(&b, &b).expect("diff").is_empty() || !b.is_object());
    }

    /// The same with `b` a near copy of `a` (the usual case: an edited object).
    #[test]
    fn diff_of_an_edit_gives_the_edit(a in arb_json(), edit in arb_json()) {
        let mut b = a.clone();
        MergePatch::from(edit).apply_to(&mut b);
        let patch = MergePatch::diff(&a, &b).expect("diff");
        let mut doc = a.clone();
        patch.apply_to(&mut doc);
        prop_assert_eq!(strip_nulls(&doc), strip_nulls(&b));
    }
}

// ---------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------

#[test]
fn name_checks_agree_with_a_reference_regex() {
    // The rules as the platform documents them, written independently of src/name.rs.
    let dns = regex::Regex::new(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$").expect("regex");
    let extended = regex::Regex::new(r"^[0-9a-zA-Z_-]{1,250}$").expect("regex");
    let strings = prop_oneof![
        3 => "[-0-9a-z]{0,66}",
        1 => "[-a-z]{0,3}",
        2 => "[-0-9a-zA-Z_]{0,64}",
        1 => "[-0-9a-zA-Z_]{245,255}",
        1 => "[-0-9a-z]{60,66}",
        1 => "[-0-9a-zA-Z_ ./:é\u{0}\n]{0,70}",
        1 => any::<String>(),
    ];
    let mut runner = TestRunner::new(Config {
        cases: 100_000,
        failure_persistence: None,
        ..Config::default()
    });
    let checked = std::cell::Cell::new(0usize);
    let valid = std::cell::Cell::new((0usize, 0usize));
    runner
        .run(&strings, |s| {
            let d = Name::validate(&s, NameScheme::Dns, "Deployment").is_ok();
            let e = Name::validate(&s, NameScheme::Extended, "DeploymentTarget").is_ok();
            prop_assert_eq!(d, dns.is_match(&s), "DNS rule on {:?}", s);
            prop_assert_eq!(e, extended.is_match(&s), "extended rule on {:?}", s);
            // The wrapper agrees with the check.
            prop_assert_eq!(
                Name::new(s.clone(), NameScheme::Dns, "Deployment").is_ok(),
                d
            );
            checked.set(checked.get() + 1);
            let (vd, ve) = valid.get();
            valid.set((vd + usize::from(d), ve + usize::from(e)));
            Ok(())
        })
        .expect("name rules");
    let (vd, ve) = valid.get();
    println!(
        "name rules: {} strings checked against both rules; {vd} valid DNS names, {ve} valid \
         extended names",
        checked.get()
    );
    assert!(checked.get() >= 100_000);
    // Not vacuous: both outcomes occur plenty for both rules.
    assert!(vd > 10_000 && checked.get() - vd > 10_000, "{vd}");
    assert!(ve > 10_000 && checked.get() - ve > 10_000, "{ve}");
}

// ---------------------------------------------------------------------------------------
// JSON and YAML encodings of every resource type
// ---------------------------------------------------------------------------------------

/// Strings YAML could misread if they were written unquoted.
fn tricky_string() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "",
            "yes",
            "no",
            "on",
            "off",
            "true",
            "null",
            "~",
            "1.0",
            "0x1F",
            "0o17",
            "1e3",
            ".inf",
            "-.inf",
            ".nan",
            "2024-01-01",
            "12:30:00",
            " lead",
            "trail ",
            "a: b",
            "#c",
            "- x",
            "[x]",
            "{x}",
            "*a",
            "&a",
            "!tag",
            "%YAML",
            "@x",
            "`x`",
            "'q'",
            "\"dq\"",
            "multi\nline",
            "tab\there",
            "back\\slash",
            "ünïcödé",
            "😀",
            "---",
            "...",
            "? x",
            "|",
            ">",
            "0",
            "-0",
            "+1",
            "007",
        ])
        .prop_map(str::to_owned),
        any::<String>(),
        "[a-zA-Z0-9 _.:/-]{0,20}",
    ]
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => tricky_string().prop_map(Value::from),
        1 => any::<bool>().prop_map(Value::from),
        1 => any::<i64>().prop_map(Value::from),
        1 => any::<u32>().prop_map(Value::from),
        1 => (-4000i32..4000).prop_map(|n| json!(f64::from(n) / 16.0)),
        1 => Just(Value::Null),
    ]
}

/// JSON pointers of every scalar and every object in `v`.
fn pointers(v: &Value, at: String, leaves: &mut Vec<String>, objects: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            objects.push(at.clone());
            for (k, v) in m {
                let key = k.replace('~', "~0").replace('/', "~1");
                pointers(v, format!("{at}/{key}"), leaves, objects);
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                pointers(v, format!("{at}/{i}"), leaves, objects);
            }
        }
        _ => leaves.push(at),
    }
}

/// Variants of `seeds`: some scalars replaced (same kind of value when `keep_kind`, so
/// most variants still decode), unknown fields added.
fn variants(seeds: Vec<Value>) -> impl Strategy<Value = Value> {
    (
        prop::sample::select(seeds),
        prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                scalar(),
                prop::bool::weighted(0.85),
            ),
            0..6,
        ),
        prop::collection::vec(
            (any::<prop::sample::Index>(), "[a-zA-Z]{1,8}", scalar()),
            0..3,
        ),
    )
        .prop_map(|(mut v, edits, extras)| {
            let (mut leaves, mut objects) = (Vec::new(), Vec::new());
            pointers(&v, String::new(), &mut leaves, &mut objects);
            for (i, new, keep_kind) in edits {
                if leaves.is_empty() {
                    break;
                }
                let p = &leaves[i.index(leaves.len())];
                if let Some(slot) = v.pointer_mut(p) {
                    let same = std::mem::discriminant(slot) == std::mem::discriminant(&new);
                    if same || !keep_kind {
                        *slot = new;
                    }
                }
            }
            for (i, key, val) in extras {
                let p = &objects[i.index(objects.len())];
                if let Some(Value::Object(m)) = v.pointer_mut(p) {
                    m.entry(format!("x{key}")).or_insert(val);
                }
            }
            v
        })
}

/// For generated variants of `T`: JSON -> T, then T -> JSON -> T and T -> YAML -> T give
/// the same value. Returns (variants tried, variants that decoded).
fn encodings_agree<T>(seeds: Vec<Value>, cases: u32) -> (usize, usize)
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let tried = std::cell::Cell::new(0usize);
    let decoded = std::cell::Cell::new(0usize);
    runner
        .run(&variants(seeds), |json| {
            tried.set(tried.get() + 1);
            let Ok(typed) = serde_json::from_value::<T>(json.clone()) else {
                return Ok(());
            };
            decoded.set(decoded.get() + 1);
            let json_text = serde_json::to_string(&typed).expect("to json");
            let from_json: T = serde_json::from_str(&json_text).expect("JSON reads back");
            let yaml_text = vvp::yaml::to_string(&typed).expect("to yaml");
            let from_yaml: T = vvp::yaml::from_str(&yaml_text)
                .map_err(|e| TestCaseError::fail(format!("{e}\n{yaml_text}")))?;
            prop_assert_eq!(&from_json, &typed);
            prop_assert_eq!(&from_yaml, &from_json, "YAML:\n{}", yaml_text);
            // The client's YAML format decodes the same too.
            let via_format: T = vvp::yaml::from_str(&json_text)
                .map_err(|e| TestCaseError::fail(format!("JSON as YAML: {e}")))?;
            prop_assert_eq!(&via_format, &typed);
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{}: {e}", std::any::type_name::<T>()));
    (tried.get(), decoded.get())
}

const ID: &str = "5f3c0a57-5a1c-4b39-9a9a-0d7b8b1c9a01";

fn meta(name: &str) -> Value {
    json!({"id": ID, "name": name, "namespace": "default", "displayName": "D",
           "labels": {"team": "data"}, "annotations": {"a.b/c": "4"},
           "createdAt": "2024-05-01T10:00:00.123456Z", "modifiedAt": "2024-05-01T10:05:00Z",
           "resourceVersion": 7})
}

fn template() -> Value {
    json!({"metadata": {"annotations": {"flink.queryable-state.enabled": "false"}},
           "spec": {"artifact": {"kind": "JAR", "jarUri": "s3://b/j.jar", "entryClass": "a.B",
                                 "mainArgs": "--x 1", "flinkVersion": "1.17"},
                    "parallelism": 2, "numberOfTaskManagers": 1,
                    "resources": {"jobmanager": {"cpu": 1.5, "memory": "1g"},
                                  "taskmanager": {"cpu": 1, "memory": "2G"}},
                    "flinkConfiguration": {"state.backend": "rocksdb"},
                    "logging": {"loggingProfile": "default", "log4jLoggers": {"": "INFO"}},
                    "kubernetes": {"pods": {"annotations": {"x": "y"}}}}})
}

macro_rules! agree {
    ($t:ty, $cases:expr, $($seed:expr),+ $(,)?) => {{
        let (tried, decoded) = encodings_agree::<$t>(vec![$($seed),+], $cases);
        println!("{}: {tried} variants, {decoded} decoded and agreed", stringify!($t));
        assert!(decoded * 4 > tried, "{}: only {decoded} of {tried} variants decoded", stringify!($t));
    }};
}

#[test]
fn json_and_yaml_agree_for_application_manager_types() {
    use vvp::types::*;
    agree!(
        Deployment,
        400,
        json!({"kind": "Deployment", "apiVersion": "v1", "metadata": meta("top-speed"),
               "spec": {"state": "RUNNING", "deploymentTargetName": "k8s",
                        "upgradeStrategy": {"kind": "STATEFUL"},
                        "restoreStrategy": {"kind": "LATEST_STATE", "allowNonRestoredState": false},
                        "maxSavepointCreationAttempts": 4, "maxJobCreationAttempts": 4,
                        "template": template()},
               "status": {"state": "RUNNING", "running": {"jobId": ID, "transitionTime": "2024-05-01T10:00:00Z",
                          "conditions": [{"type": "ClusterUnreachable", "status": "False", "message": "m",
                                          "reason": "r", "lastTransitionTime": "2024-05-01T10:00:00Z"}]}}}),
        json!({"spec": {"template": {"spec": {"artifact": {"kind": "SQLSCRIPT", "sqlScript": "SELECT 1"}}}}})
    );
    agree!(
        DeploymentTarget,
        200,
        json!({"kind": "DeploymentTarget", "metadata": meta("My_Target"),
               "spec": {"kubernetes": {"namespace": "vvp-jobs"}}})
    );
    agree!(
        DeploymentDefaults,
        200,
        json!({"kind": "DeploymentDefaults", "metadata": meta("default"),
               "spec": {"upgradeStrategy": {"kind": "STATELESS"}, "template": template()}})
    );
    agree!(
        SessionCluster,
        200,
        json!({"kind": "SessionCluster", "metadata": meta("sc"),
               "spec": {"state": "RUNNING", "deploymentTargetName": "t", "flinkVersion": "1.17",
                        "flinkImageTag": "1.17.1", "numberOfTaskManagers": 2,
                        "resources": {"jobmanager": {"cpu": 1, "memory": "1g"}},
                        "flinkConfiguration": {"a": "b"}},
               "status": {"state": "FAILED", "failure": {"message": "m", "reason": "r",
                                                         "failedAt": "2022-01-23T19:00:00Z"}}})
    );
    agree!(
        SecretValue,
        200,
        json!({"kind": "SecretValue", "metadata": meta("DB_PASSWORD"),
               "spec": {"kind": "PLAIN", "value": "hunter2"}})
    );
    agree!(
        Savepoint,
        200,
        json!({"kind": "Savepoint", "metadata": {"id": ID, "namespace": "default", "deploymentId": ID,
                                                 "jobId": ID, "origin": "USER_REQUEST", "type": "CANONICAL",
                                                 "createdAt": "2020-08-18T07:04:40.379926Z"},
               "spec": {"savepointLocation": "s3://b/sp/1", "flinkSavepointId": ID},
               "status": {"state": "COMPLETED", "failure": {"message": "x"}}})
    );
    agree!(
        Job,
        200,
        json!({"kind": "Job", "metadata": {"id": ID, "namespace": "default", "deploymentId": ID,
                                           "deploymentName": "d", "resourceVersion": 5,
                                           "createdAt": "2024-05-01T10:00:00Z"},
               "spec": {"artifact": {"kind": "JAR", "jarUri": "s3://b/j.jar"}, "parallelism": 1,
                        "flinkConfiguration": {"a": "1"}, "allowNonRestoredState": true},
               "status": {"state": "STARTED", "started": {"flinkJobId": "8d7e2f7e6a5b4c1d9e8f1a2b3c4d5e6f",
                                                          "observedFlinkJobStatus": "RUNNING",
                                                          "observedFlinkJobRestarts": 0},
                          "sinkTables": [{"catalogName": "vvp", "name": "t",
                                          "columns": [{"name": "id", "type": "BIGINT"}]}]}})
    );
    agree!(
        Event,
        200,
        json!({"kind": "Event", "metadata": {"id": ID, "name": "JOB_SUCCESSFULLY_STARTED",
                                             "namespace": "default", "createdAt": "2024-05-01T10:00:00Z",
                                             "deploymentId": ID, "jobId": ID, "resourceVersion": 1},
               "spec": {"message": "Job started.", "severity": "INFO"}})
    );
}

#[test]
fn json_and_yaml_agree_for_platform_types() {
    use vvp::platform::types::*;
    agree!(
        Namespace,
        200,
        json!({"name": "namespaces/team", "lifecyclePhase": "LIFECYCLE_PHASE_ACTIVE",
               "createTime": "2022-01-02T03:04:05.678Z",
               "roleBindings": [{"role": "owner", "members": ["system:authenticated"]}],
               "previewSessionClusterName": "sc"})
    );
    agree!(
        ApiToken,
        200,
        json!({"name": "namespaces/default/apitokens/ci", "role": "editor", "secret": "s3cr3t",
               "createTime": "2022-01-02T03:04:05Z"})
    );
    agree!(
        SqlScript,
        200,
        json!({"name": "namespaces/default/sqlscripts/ddl", "displayName": "DDL",
               "script": "CREATE TABLE t (a INT)", "createTime": "2021-01-01T00:00:00Z",
               "description": "d"})
    );
    agree!(
        Connector,
        200,
        json!({"name": "namespaces/default/connectors/kafka", "type": "kafka", "source": true,
               "sink": false, "lookup": false, "dependencies": ["s3://b/c.jar"],
               "properties": [{"key": "topic", "required": true, "description": "t",
                               "defaultValue": "x", "definesFormat": false, "sensitive": false}]})
    );
    agree!(
        Format,
        200,
        json!({"name": "namespaces/default/formats/json", "type": "json", "source": true,
               "sink": true, "dependencies": []})
    );
    agree!(
        CatalogConnector,
        200,
        json!({"name": "namespaces/default/catalogconnectors/hive", "type": "hive",
               "readOnly": true, "dependencies": ["s3://b/h.jar"]})
    );
    agree!(
        UdfArtifact,
        200,
        json!({"name": "namespaces/default/udfartifacts/udfs", "jarUrl": "s3://b/u.jar",
               "createTime": "2021-01-01T00:00:00Z",
               "udfClasses": [{"className": "a.F", "classType": "UDF_TYPE_SCALAR",
                               "functionNames": ["f"]}]})
    );
    agree!(
        AutopilotPolicy,
        200,
        json!({"name": "p", "mode": "AUTOPILOT_MODE_MONITORING",
               "autoscalerConfig": {"minParallelism": 1, "maxParallelism": 8}})
    );
    agree!(
        Catalog,
        200,
        json!({"name": "vvp", "properties": {"type": "vvp", "default-database": "default"}})
    );
    agree!(
        Table,
        200,
        json!({"name": "orders", "comment": "c", "properties": {"connector": "kafka"},
               "schema": {"columns": [{"name": "id", "type": "BIGINT", "nullable": false}]}})
    );
    agree!(
        StoredArtifact,
        200,
        json!({"filename": "app.jar", "uri": "s3://b/artifacts/namespaces/default/app.jar",
               "size": 1234, "lastModified": "2024-01-01T00:00:00Z"})
    );
}
