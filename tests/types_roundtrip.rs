//! Every `vvp::types` resource type round-trips JSON -> type -> YAML -> type unchanged and
//! re-encodes to the JSON it was read from, including unknown fields and enum values.

use std::fmt::Debug;

use serde::{de::DeserializeOwned, Serialize};
use serde_json::{json, Value};
use vvp::types::*;
use vvp::{Addressing, NameScheme, Resource};

/// JSON -> T -> JSON must be identical; JSON -> T -> YAML -> T must be equal.
fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(json: Value) -> T {
    let typed: T = serde_path_to_error::deserialize(json.clone())
        .unwrap_or_else(|e| panic!("decode failed at {}: {e}", e.path()));
    assert_eq!(serde_json::to_value(&typed).expect("to json"), json);
    let yaml = serde_yaml::to_string(&typed).expect("to yaml");
    let again: T = serde_yaml::from_str(&yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
    assert_eq!(again, typed, "YAML round trip changed the value:\n{yaml}");
    typed
}

fn deployment_json() -> Value {
    json!({
        "kind": "Deployment",
        "apiVersion": "v1",
        "metadata": {
            "id": "5f3c0a57-5a1c-4b39-9a9a-0d7b8b1c9a01",
            "name": "top-speed",
            "namespace": "default",
            "displayName": "Top Speed",
            "labels": {"team": "data"},
            "annotations": {"com.dataartisans.appmanager.controller.deployment.spec.version": "4"},
            "createdAt": "2024-05-01T10:00:00.123456Z",
            "modifiedAt": "2024-05-01T10:05:00Z",
            "resourceVersion": 7,
            "futureMeta": {"x": 1}
        },
        "spec": {
            "state": "RUNNING",
            "upgradeStrategy": {"kind": "STATEFUL"},
            "restoreStrategy": {"kind": "LATEST_STATE", "allowNonRestoredState": false},
            "deploymentTargetId": "0b6f4c1e-8a45-4a34-8d6c-2a5e8f0f4c11",
            "deploymentTargetName": "vvp-jobs",
            "maxJobCreationAttempts": 4,
            "maxSavepointCreationAttempts": 4,
            "jobFailureExpirationTime": "6h",
            "template": {
                "metadata": {"annotations": {"flink.queryable-state.enabled": "false"}},
                "spec": {
                    "artifact": {
                        "kind": "JAR",
                        "jarUri": "s3://bucket/job.jar?commit=abc",
                        "entryClass": "com.example.Main",
                        "mainArgs": "--x 1",
                        "flinkVersion": "1.19",
                        "flinkImageRegistry": "registry.ververica.com/v2.13",
                        "flinkImageRepository": "flink",
                        "flinkImageTag": "1.19.0-stream1-java11",
                        "additionalDependencies": ["s3://bucket/udf.jar"],
                        "futureArtifactField": true
                    },
                    "flinkConfiguration": {"state.savepoints.dir": "s3://bucket/sp", "taskmanager.numberOfTaskSlots": "2"},
                    "parallelism": 2,
                    "numberOfTaskManagers": 1,
                    "resources": {
                        "jobmanager": {"cpu": 0.5, "memory": "1g"},
                        "taskmanager": {"cpu": "1", "memory": 2048}
                    },
                    "logging": {"loggingProfile": "default", "log4jLoggers": {"": "INFO", "org.example": "TRACE2"}},
                    "kubernetes": {
                        "labels": {"app": "x"},
                        "pods": {"envVars": [{"name": "K", "value": "V"}], "nodeSelector": {"a": "b"}},
                        "jobManagerPodTemplate": {"spec": {"containers": [{"name": "flink-jobmanager"}]}},
                        "taskManagerPodTemplate": {"metadata": {"labels": {"tm": "1"}}}
                    }
                }
            }
        },
        "status": {
            "state": "CANCELLING",
            "running": {
                "jobId": "8d7e2f7e-6a5b-4c1d-9e8f-1a2b3c4d5e6f",
                "transitionTime": "2024-05-01T10:06:00Z",
                "conditions": [{
                    "type": "JobFailing",
                    "status": "True",
                    "message": "restarted 3 times",
                    "reason": "Restarts",
                    "lastTransitionTime": "2024-05-01T10:07:00Z",
                    "lastUpdateTime": "2024-05-01T10:08:00Z"
                }, {
                    "type": "SomethingNew",
                    "status": "Maybe"
                }]
            }
        },
        "topLevelFuture": [1, "two", null]
    })
}

#[test]
fn deployment_round_trips() {
    let d: Deployment = round_trip(deployment_json());
    assert_eq!(d.desired_state(), Some(&DeploymentState::Running));
    assert_eq!(
        d.status_state(),
        Some(&DeploymentState::Other("CANCELLING".into()))
    );
    assert_eq!(d.conditions().len(), 2);
    assert!(d.conditions()[0].is_true());
    assert_eq!(
        d.conditions()[1].type_,
        Some(DeploymentConditionType::Other("SomethingNew".into()))
    );
    assert!(d.running_job_id().is_some());
    assert_eq!(d.metadata.label("team"), Some("data"));
    assert_eq!(d.metadata.extra.get("futureMeta"), Some(&json!({"x": 1})));
}

#[test]
fn deployment_artifact_kinds_round_trip() {
    for artifact in [
        json!({"kind": "SQLSCRIPT", "sqlScript": "INSERT INTO a SELECT * FROM b", "flinkVersion": "1.17",
               "flinkImageTag": "t", "additionalDependencies": ["s3://x.jar"], "more": 1}),
        json!({"kind": "PYTHON", "pythonArtifactUri": "s3://b/job.py", "entryModule": "main",
               "mainArgs": "--a", "additionalPythonArchives": ["s3://b/a.zip"],
               "additionalPythonLibraries": ["s3://b/l.zip"], "more": 1}),
        json!({"kind": "DOCKER_IMAGE", "image": "x:1"}),
        json!({"jarUri": "s3://b/no-kind.jar"}),
    ] {
        let json = json!({"spec": {"template": {"spec": {"artifact": artifact}}}});
        let d: Deployment = round_trip(json);
        let a = d.artifact().expect("artifact");
        let kind = artifact.get("kind").and_then(Value::as_str).unwrap_or("");
        assert_eq!(a.kind().as_str(), kind);
    }
}

#[test]
fn deployment_target_round_trips() {
    let t: DeploymentTarget = round_trip(json!({
        "kind": "DeploymentTarget", "apiVersion": "v1",
        "metadata": {"name": "My_Target-1", "namespace": "default", "id": "0b6f4c1e-8a45-4a34-8d6c-2a5e8f0f4c11",
                     "resourceVersion": 1, "createdAt": "2024-01-01T00:00:00Z", "modifiedAt": "2024-01-01T00:00:00Z"},
        "spec": {"kubernetes": {"namespace": "vvp-jobs", "clusterName": "new"}, "newSpec": {}}
    }));
    assert_eq!(t.kubernetes_namespace(), Some("vvp-jobs"));
    assert_eq!(t.name(), Some("My_Target-1"));
}

#[test]
fn deployment_defaults_round_trip() {
    let d: DeploymentDefaults = round_trip(json!({
        "kind": "DeploymentDefaults", "apiVersion": "v1",
        "metadata": {"id": "0b6f4c1e-8a45-4a34-8d6c-2a5e8f0f4c11", "name": "default", "namespace": "default", "resourceVersion": 3},
        "spec": {"deploymentTargetId": "0b6f4c1e-8a45-4a34-8d6c-2a5e8f0f4c12",
                 "upgradeStrategy": {"kind": "BLUE_GREEN", "extraKnob": 3},
                 "restoreStrategy": {"kind": "FROM_SAVEPOINT", "savepointId": "abc"},
                 "template": {"spec": {"flinkConfiguration": {"a": "b"}}}}
    }));
    assert_eq!(
        d.spec
            .upgrade_strategy
            .as_ref()
            .and_then(|u| u.kind.as_ref()),
        Some(&UpgradeStrategyKind::Other("BLUE_GREEN".into()))
    );
    assert_eq!(
        d.spec
            .restore_strategy
            .as_ref()
            .and_then(|r| r.extra.get("savepointId")),
        Some(&json!("abc"))
    );
}

#[test]
fn session_cluster_round_trips() {
    let sc: SessionCluster = round_trip(json!({
        "kind": "SessionCluster", "apiVersion": "v1",
        "metadata": {"name": "sql-previews", "labels": {}, "annotations": {"com.dataartisans.appmanager.controller.sessioncluster.resources.acquired": "true"}},
        "spec": {"state": "RUNNING", "deploymentTargetName": "t", "flinkVersion": "1.14",
                 "flinkImageRegistry": "r", "flinkImageRepository": "flink", "flinkImageTag": "1.14.3",
                 "numberOfTaskManagers": 1,
                 "resources": {"jobmanager": {"cpu": 1, "memory": "1g"}, "taskmanager": {"cpu": 1, "memory": "1g"}},
                 "flinkConfiguration": {}, "logging": {"loggingProfile": "default", "log4j2ConfigurationTemplate": "<xml/>"},
                 "kubernetes": {"pods": {"annotations": {"prometheus.io/scrape": "true"}}}},
        "status": {"state": "UPDATING",
                   "running": {"startedAt": "2022-01-23T19:23:09.563911Z", "lastUpdateTime": "2022-01-23T19:23:09.576757Z", "z": 0},
                   "failure": {"message": "m", "reason": "r", "failedAt": "2022-01-23T19:00:00Z", "detail": "d"}}
    }));
    assert_eq!(sc.status_state(), Some(&SessionClusterState::Updating));
    assert_eq!(sc.desired_state(), Some(&SessionClusterState::Running));
}

#[test]
fn secret_value_round_trips() {
    let s: SecretValue = round_trip(json!({
        "kind": "SecretValue", "apiVersion": "v1",
        "metadata": {"name": "DB_PASSWORD", "namespace": "default", "id": "0b6f4c1e-8a45-4a34-8d6c-2a5e8f0f4c11"},
        "spec": {"kind": "PLAIN", "value": "hunter2", "rotation": "never"}
    }));
    assert_eq!(s.spec.kind, Some(SecretValueKind::Plain));
    assert_eq!(s.value().map(Secret::expose), Some("hunter2"));
}

#[test]
fn savepoint_round_trips() {
    let sp: Savepoint = round_trip(json!({
        "kind": "Savepoint", "apiVersion": "v1",
        "metadata": {"id": "c4e40dc9-69c7-4ba0-8add-5f862ecb00ef", "namespace": "default",
                     "createdAt": "2020-08-18T07:04:40.379926Z", "modifiedAt": "2020-08-18T07:04:40.379926Z",
                     "deploymentId": "0cb796fc-2641-488e-bde8-52b2199c5747", "jobId": "d0d6720f-00ac-47cc-8d54-7d88a4d7b446",
                     "origin": "SUSPEND_AND_UPGRADE", "type": "DIFFERENTIAL", "resourceVersion": 1,
                     "annotations": {"com.dataartisans.appmanager.controller.deployment.spec.version": "4"}},
        "spec": {"savepointLocation": "s3://b/sp/1", "flinkSavepointId": "a4e40dc9-69c7-4ba0-8add-5f862ecb00ef"},
        "status": {"state": "FAILED_DELETION", "failure": {"message": "no access", "reason": "IO"}}
    }));
    assert_eq!(sp.state(), Some(&SavepointState::FailedDeletion));
    assert_eq!(sp.metadata.origin, Some(SavepointOrigin::SuspendAndUpgrade));
    assert_eq!(
        sp.metadata.type_,
        Some(SavepointType::Other("DIFFERENTIAL".into()))
    );
    assert_eq!(sp.location(), Some("s3://b/sp/1"));
    assert_eq!(sp.name(), None);
}

#[test]
fn job_round_trips() {
    let job: Job = round_trip(json!({
        "kind": "Job", "apiVersion": "v1",
        "metadata": {"id": "8d7e2f7e-6a5b-4c1d-9e8f-1a2b3c4d5e6f", "namespace": "default",
                     "createdAt": "2024-05-01T10:00:00Z", "modifiedAt": "2024-05-01T10:00:01Z",
                     "terminatedAt": "2024-05-01T11:00:00Z",
                     "deploymentId": "5f3c0a57-5a1c-4b39-9a9a-0d7b8b1c9a01", "deploymentName": "top-speed",
                     "sessionClusterName": "sc", "annotations": {"a": "b"}, "resourceVersion": 5},
        "spec": {"artifact": {"kind": "JAR", "jarUri": "s3://b/j.jar"},
                 "flinkConfiguration": {"a": "1"}, "userFlinkConfiguration": {"a": "1"},
                 "parallelism": 1, "numberOfTaskManagers": 1,
                 "resources": {"jobmanager": {"cpu": 1, "memory": "1g"}},
                 "logging": {"loggingProfile": "default"},
                 "kubernetes": {"pods": {}},
                 "deploymentTarget": {"kubernetes": {"namespace": "vvp-jobs"}},
                 "savepointLocation": "s3://b/sp/1", "allowNonRestoredState": true},
        "status": {"state": "STARTED",
                   "started": {"flinkJobId": "8d7e2f7e6a5b4c1d9e8f1a2b3c4d5e6f", "startedAt": "2024-05-01T10:00:05Z",
                               "lastUpdateTime": "2024-05-01T10:01:00Z", "observedFlinkJobStatus": "RUNNING",
                               "observedFlinkJobRestarts": 0},
                   "failure": {"message": "x"},
                   "sourceTables": [{"catalogName": "vvp", "databaseName": "default", "name": "src",
                                     "columns": [{"name": "id", "type": "BIGINT"}], "properties": {"connector": "kafka"},
                                     "temporary": false}],
                   "sinkTables": []}
    }));
    assert_eq!(job.state(), Some(&JobState::Started));
    assert!(!JobState::Started.is_terminal());
    assert_eq!(job.flink_job_id(), Some("8d7e2f7e6a5b4c1d9e8f1a2b3c4d5e6f"));
    assert!(job.deployment_id().is_some());
}

#[test]
fn event_round_trips() {
    for name in ["JOB_SUCCESSFULLY_STARTED", "SOMETHING_FROM_2_15"] {
        let e: Event = round_trip(json!({
            "kind": "Event", "apiVersion": "v1",
            "metadata": {"id": "8d7e2f7e-6a5b-4c1d-9e8f-1a2b3c4d5e6f", "name": name, "namespace": "default",
                         "createdAt": "2024-05-01T10:00:00Z",
                         "deploymentId": "5f3c0a57-5a1c-4b39-9a9a-0d7b8b1c9a01",
                         "jobId": "8d7e2f7e-6a5b-4c1d-9e8f-1a2b3c4d5e6f",
                         "sessionClusterId": "8d7e2f7e-6a5b-4c1d-9e8f-1a2b3c4d5e60",
                         "resourceName": "top-speed", "resourceVersion": 1},
            "spec": {"message": "Job started.", "severity": "INFO"}
        }));
        assert_eq!(e.event_name().map(EventName::as_str), Some(name));
        assert_eq!(e.name(), Some(name));
        assert_eq!(e.message(), Some("Job started."));
    }
}

#[test]
fn system_status_and_info_round_trip() {
    let s: SystemStatus = round_trip(json!({"status": "OK", "anything": {"a": [1]}}));
    assert_eq!(s.get("status"), Some(&json!("OK")));

    let i: SystemInformation = round_trip(json!({
        "kind": "SystemInformation", "apiVersion": "v1",
        "status": {"jvmVersion": "11.0.20",
                   "revisionInformation": {"buildVersion": "2.7.1", "buildTime": "2022-06-01T00:00:00Z",
                                           "commitShaLong": "abcdef0123", "commitShaShort": "abcdef0"},
                   "resourceQuota": {"kind": "ResourceQuota", "apiVersion": "v1",
                                     "spec": {"type": "LIMITED", "limits": {"cpu": 16.5}, "toleratedOveruse": {"cpu": 2.5}},
                                     "status": {"used": {"cpu": 3.25, "memoryNew": 1}}},
                   "license": {"edition": "community"}}
    }));
    assert_eq!(i.build_version(), Some("2.7.1"));
}

#[test]
fn forward_compatible_deployment_keeps_unknown_fields_and_values() {
    let json = json!({
        "kind": "Deployment",
        "apiVersion": "v1",
        "metadata": {"name": "d", "ownerReferences": [{"uid": "u"}]},
        "spec": {
            "state": "PAUSED",
            "template": {"spec": {
                "artifact": {"kind": "WASM", "moduleUri": "s3://b/m.wasm", "nested": {"deep": [1, 2]}},
                "resources": {"jobmanager": {"cpu": 1, "memory": "1g", "gpu": 1}, "sidecar": {"cpu": 0.1}},
                "autopilot": {"mode": "ACTIVE"}
            }}
        },
        "status": {"state": "CANCELLING", "cancelling": {"since": "2024-05-01T10:00:00Z"}},
        "managedFields": {"by": "vvp-2.15"}
    });
    let d: Deployment = round_trip(json.clone());
    assert_eq!(
        d.extra.get("managedFields"),
        Some(&json!({"by": "vvp-2.15"}))
    );
    assert_eq!(
        d.desired_state(),
        Some(&DeploymentState::Other("PAUSED".into()))
    );
    assert_eq!(
        d.status_state().map(DeploymentState::as_str),
        Some("CANCELLING")
    );
    let Some(Artifact::Other(map)) = d.artifact() else {
        panic!("unknown artifact kind should be kept as Other");
    };
    assert_eq!(map.get("moduleUri"), Some(&json!("s3://b/m.wasm")));
    assert_eq!(
        d.artifact().map(Artifact::kind),
        Some(ArtifactKind::Other("WASM".into()))
    );
    // Re-encoded as written (checked in round_trip), YAML included.
    let yaml = serde_yaml::to_string(&d).expect("yaml");
    assert!(yaml.contains("CANCELLING") && yaml.contains("WASM") && yaml.contains("managedFields"));
}

#[test]
fn secret_redacts_debug_and_display_but_serializes() {
    let s = Secret::new("hunter2");
    assert_eq!(format!("{s:?}"), "<redacted>");
    assert_eq!(format!("{s}"), "<redacted>");
    assert_eq!(s.expose(), "hunter2");
    assert_eq!(s.expose_secret(), "hunter2");
    assert_eq!(serde_json::to_string(&s).expect("json"), "\"hunter2\"");
    let back: Secret = serde_json::from_str("\"hunter2\"").expect("decode");
    assert_eq!(back, s);

    let v = SecretValue::plain("DB_PASSWORD", "hunter2");
    let debug = format!("{v:?} {:#?}", v.spec);
    assert!(
        !debug.contains("hunter2"),
        "secret leaked in Debug: {debug}"
    );
    assert!(debug.contains("<redacted>"));
    let json = serde_json::to_value(&v).expect("json");
    assert_eq!(json["spec"], json!({"kind": "PLAIN", "value": "hunter2"}));
    assert!(serde_yaml::to_string(&v).expect("yaml").contains("hunter2"));
}

#[test]
fn quantity_keeps_numbers_and_strings() {
    let r: ResourceSpec = round_trip(json!({"cpu": 1, "memory": "1g"}));
    assert_eq!(r.cpu, Some(Quantity::from(1)));
    assert_eq!(r.memory, Some(Quantity::from("1g")));
    let r: ResourceSpec = round_trip(json!({"cpu": "0.5", "memory": 1073741824}));
    assert_eq!(r.cpu, Some(Quantity::String("0.5".into())));
    assert_eq!(r.cpu.as_ref().and_then(Quantity::as_f64), Some(0.5));
    let r: ResourceSpec = round_trip(json!({"cpu": 0.25}));
    assert_eq!(
        serde_json::to_value(&r).expect("json"),
        json!({"cpu": 0.25})
    );
    // YAML keeps the form too.
    let r: ResourceSpec = serde_yaml::from_str("cpu: 1\nmemory: 2G\n").expect("yaml");
    assert_eq!(
        serde_json::to_value(&r).expect("json"),
        json!({"cpu": 1, "memory": "2G"})
    );
    assert_eq!(Quantity::from(1.5).to_string(), "1.5");
    assert_eq!(Quantity::from("1g").to_string(), "1g");
    assert_eq!(ResourceSpec::new(2, "4g"), r_with(2, "4g"));
    assert!(serde_json::from_value::<ResourceSpec>(json!({"cpu": [1]})).is_err());
}

fn r_with(cpu: i64, memory: &str) -> ResourceSpec {
    serde_json::from_value(json!({"cpu": cpu, "memory": memory})).expect("resource spec")
}

#[test]
fn flink_configuration_accepts_numbers_and_booleans() {
    let yaml = "template:\n  spec:\n    flinkConfiguration:\n      a: 10000\n      b: true\n      c: 0.5\n      d: '7'\n";
    let spec: DeploymentSpec = serde_yaml::from_str(yaml).expect("yaml");
    let conf = spec
        .template
        .and_then(|t| t.spec)
        .and_then(|s| s.flink_configuration)
        .expect("flinkConfiguration");
    let got: Vec<(&str, &str)> = conf.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(
        got,
        [("a", "10000"), ("b", "true"), ("c", "0.5"), ("d", "7")]
    );

    let sc: SessionClusterSpec =
        serde_json::from_value(json!({"flinkConfiguration": {"slots": 4}, "flinkVersion": 1.14}))
            .expect("json");
    assert_eq!(
        sc.flink_configuration
            .and_then(|c| c.get("slots").cloned())
            .as_deref(),
        Some("4")
    );
    assert_eq!(sc.flink_version.as_deref(), Some("1.14"));
    // Nested values are not configuration values.
    assert!(serde_json::from_value::<SessionClusterSpec>(
        json!({"flinkConfiguration": {"a": {"b": 1}}})
    )
    .is_err());
}

#[test]
fn open_enums_parse_display_and_keep_unknown_values() {
    assert_eq!(
        "RUNNING".parse::<DeploymentState>(),
        Ok(DeploymentState::Running)
    );
    assert_eq!(
        DeploymentState::from("CANCELLING"),
        DeploymentState::Other("CANCELLING".into())
    );
    assert_eq!(
        DeploymentState::from(String::from("FAILED")),
        DeploymentState::Failed
    );
    assert_eq!(DeploymentState::Suspended.to_string(), "SUSPENDED");
    assert!(DeploymentState::from("x").is_other());
    assert!(DeploymentState::Running.is_desirable() && !DeploymentState::Finished.is_desirable());
    assert_eq!(DeploymentState::KNOWN.len(), 6);
    assert_eq!(SavepointOrigin::KNOWN.len(), 5);
    assert_eq!(EventName::KNOWN.len(), 50);
    for e in EventName::KNOWN {
        assert_eq!(&EventName::from(e.as_str()), e);
    }
    // Case-sensitive: kept as sent.
    assert_eq!(SecretValueKind::from("Plain").as_str(), "Plain");
    assert_eq!(ArtifactKind::SqlScript.as_str(), "SQLSCRIPT");
    assert_eq!(
        RestoreStrategyKind::LatestSavepoint.as_str(),
        "LATEST_SAVEPOINT"
    );
    assert_eq!(UpgradeStrategyKind::Stateless.as_str(), "STATELESS");
    assert_eq!(JobState::from("TERMINATED"), JobState::Terminated);
    assert_eq!(LogLevel::from("WARN"), LogLevel::Warn);
    assert_eq!(ConditionStatus::from("Unknown"), ConditionStatus::Unknown);
    assert_eq!(FlinkJobStatus::from("CANCELED"), FlinkJobStatus::Canceled);
    assert_eq!(
        ResourceQuotaType::from("UNLIMITED"),
        ResourceQuotaType::Unlimited
    );
    // Not a string: an error, not a panic.
    assert!(serde_json::from_value::<DeploymentState>(json!(1)).is_err());
}

#[test]
fn constructors_build_the_expected_manifests() {
    let d = Deployment::new("top-speed")
        .with_label("team", "data")
        .with_spec(
            DeploymentSpec::default()
                .with_state(DeploymentState::Running)
                .with_deployment_target_name("vvp-jobs")
                .with_artifact(Artifact::jar("s3://b/j.jar"))
                .with_parallelism(2)
                .with_flink_config("state.savepoints.dir", "s3://b/sp")
                .with_restore_strategy(RestoreStrategy::latest_savepoint())
                .with_upgrade_strategy(UpgradeStrategy::stateless()),
        );
    assert_eq!(
        serde_json::to_value(&d).expect("json"),
        json!({
            "kind": "Deployment", "apiVersion": "v1",
            "metadata": {"name": "top-speed", "labels": {"team": "data"}},
            "spec": {
                "state": "RUNNING",
                "deploymentTargetName": "vvp-jobs",
                "restoreStrategy": {"kind": "LATEST_SAVEPOINT"},
                "upgradeStrategy": {"kind": "STATELESS"},
                "template": {"spec": {
                    "artifact": {"kind": "JAR", "jarUri": "s3://b/j.jar"},
                    "parallelism": 2,
                    "flinkConfiguration": {"state.savepoints.dir": "s3://b/sp"}
                }}
            }
        })
    );
    let _: Deployment = round_trip(serde_json::to_value(&d).expect("json"));

    let sql = Artifact::sql_script("SELECT 1");
    assert_eq!(
        serde_json::to_value(&sql).expect("json"),
        json!({"kind": "SQLSCRIPT", "sqlScript": "SELECT 1"})
    );
    let py = Artifact::python("s3://b/a.py");
    assert_eq!(
        serde_json::to_value(&py).expect("json"),
        json!({"kind": "PYTHON", "pythonArtifactUri": "s3://b/a.py"})
    );
    assert_eq!(
        serde_json::to_value(RestoreStrategy::none()).expect("json"),
        json!({"kind": "NONE"})
    );
    assert_eq!(
        serde_json::to_value(UpgradeStrategy::none()).expect("json"),
        json!({"kind": "NONE"})
    );

    let t = DeploymentTarget::new("vvp-jobs", "vvp-jobs-ns");
    assert_eq!(
        serde_json::to_value(&t).expect("json"),
        json!({"kind": "DeploymentTarget", "apiVersion": "v1", "metadata": {"name": "vvp-jobs"},
               "spec": {"kubernetes": {"namespace": "vvp-jobs-ns"}}})
    );
    let sp = Savepoint::for_deployment(uuid::Uuid::nil());
    assert_eq!(
        serde_json::to_value(&sp).expect("json"),
        json!({"kind": "Savepoint", "apiVersion": "v1",
               "metadata": {"deploymentId": "00000000-0000-0000-0000-000000000000"}})
    );
    let sc = SessionCluster::new("sc");
    assert_eq!(
        serde_json::to_value(&sc).expect("json"),
        json!({"kind": "SessionCluster", "apiVersion": "v1", "metadata": {"name": "sc"}})
    );
    let dd = DeploymentDefaults::new(DeploymentSpec::default().with_deployment_target_name("t"));
    assert_eq!(
        serde_json::to_value(&dd).expect("json"),
        json!({"kind": "DeploymentDefaults", "apiVersion": "v1", "spec": {"deploymentTargetName": "t"}})
    );
    // A partial Deployment (a PATCH body) has only what was set.
    let patch = Deployment {
        spec: DeploymentSpec::default().with_state(DeploymentState::Cancelled),
        ..Deployment::default()
    };
    assert_eq!(
        serde_json::to_value(&patch).expect("json"),
        json!({"spec": {"state": "CANCELLED"}})
    );
    // null metadata/spec read as empty.
    let d: Deployment =
        serde_json::from_value(json!({"metadata": null, "spec": null})).expect("nulls");
    assert_eq!(d, Deployment::default());
}

#[test]
fn resource_facts_match_the_api() {
    fn facts<K: Resource>() -> (&'static str, &'static str, NameScheme, Addressing) {
        (K::KIND, K::PATH, K::NAME_SCHEME, K::ADDRESSING)
    }
    assert_eq!(
        facts::<Deployment>(),
        (
            "Deployment",
            "deployments",
            NameScheme::Dns,
            Addressing::NameOrId
        )
    );
    assert_eq!(
        facts::<DeploymentTarget>(),
        (
            "DeploymentTarget",
            "deployment-targets",
            NameScheme::Extended,
            Addressing::NameOrId
        )
    );
    assert_eq!(
        facts::<SecretValue>(),
        (
            "SecretValue",
            "secret-values",
            NameScheme::Extended,
            Addressing::NameOrId
        )
    );
    assert_eq!(
        facts::<SessionCluster>(),
        (
            "SessionCluster",
            "sessionclusters",
            NameScheme::Dns,
            Addressing::NameOrId
        )
    );
    assert_eq!(facts::<Savepoint>().3, Addressing::IdOnly);
    assert_eq!(facts::<Job>().3, Addressing::IdOnly);
    assert_eq!(facts::<Event>().3, Addressing::IdOnly);
    assert_eq!(facts::<DeploymentDefaults>().1, "deployment-defaults");

    // Verbs (compile-time): the 2.7.1 spec's operations per kind.
    use vvp::{Creatable, Deletable, Gettable, Patchable, Upsertable};
    fn all<K: Gettable + Creatable + Upsertable + Patchable + Deletable>() {}
    fn no_patch<K: Gettable + Creatable + Upsertable + Deletable>() {}
    fn no_put<K: Gettable + Creatable + Patchable + Deletable>() {}
    fn get_create<K: Gettable + Creatable>() {}
    fn get<K: Gettable>() {}
    all::<Deployment>();
    all::<SessionCluster>();
    no_patch::<DeploymentTarget>();
    no_put::<SecretValue>();
    get_create::<Savepoint>();
    get::<Job>();
}
