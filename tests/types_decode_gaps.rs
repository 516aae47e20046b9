//! Three shapes found in real manifests that used to fail to decode:
//!
//! 1. a `null` value in a string map (`labels`, `annotations`, `flinkConfiguration`, ...),
//!    which is what YAML gives for `key:` with nothing after it: the key is dropped (read as
//!    "not set") and not written back;
//! 2. an `upgradeStrategy`/`restoreStrategy` without `kind` (the real 2.7.1 documents make
//!    `kind` optional), e.g. deployment defaults that only set `allowNonRestoredState`;
//! 3. `kubernetes.pods`, now typed ([`Pods`]) as the specs type it, keeping unknown fields.

mod common;

use serde_json::{json, Value};
use vvp::types::{
    Deployment, DeploymentDefaults, EnvVar, Job, KubernetesOptions, LocalObjectReference, Pods,
    RestoreStrategy, RestoreStrategyKind, SessionCluster, UpgradeStrategy, VolumeAndMount,
};

const DEPLOYMENT_WITH_EMPTY_VALUES: &str = r#"
kind: Deployment
apiVersion: v1
metadata:
  name: top-speed
  labels:
    team: data
    owner:
  annotations:
    note:
spec:
  deploymentTargetName: k8s
  template:
    metadata:
      annotations:
        flink.queryable-state.enabled:
    spec:
      artifact:
        kind: JAR
        jarUri: https://repo/app.jar
      flinkConfiguration:
        taskmanager.numberOfTaskSlots: 2
        state.savepoints.dir:
      kubernetes:
        labels:
          app:
        pods:
          nodeSelector:
            disktype:
"#;

#[test]
fn null_values_in_string_maps_decode_as_absent_keys() {
    let d: Deployment = vvp::yaml::from_str(DEPLOYMENT_WITH_EMPTY_VALUES).unwrap();

    let labels = d.metadata.labels.as_ref().unwrap();
    assert_eq!(labels.get("team").map(String::as_str), Some("data"));
    assert!(!labels.contains_key("owner"));
    assert_eq!(d.metadata.annotations.as_ref().map(|a| a.len()), Some(0));

    let template = d.spec.template.as_ref().unwrap();
    let annotations = template.metadata.as_ref().unwrap().annotations.as_ref();
    assert_eq!(annotations.map(|a| a.len()), Some(0));
    let spec = template.spec.as_ref().unwrap();
    let config = spec.flink_configuration.as_ref().unwrap();
    assert_eq!(
        config
            .get("taskmanager.numberOfTaskSlots")
            .map(String::as_str),
        Some("2")
    );
    assert!(!config.contains_key("state.savepoints.dir"));
    let k8s = spec.kubernetes.as_ref().unwrap();
    assert_eq!(k8s.labels.as_ref().map(|l| l.len()), Some(0));
    let pods = k8s.pods.as_ref().unwrap();
    assert_eq!(pods.node_selector.as_ref().map(|n| n.len()), Some(0));

    // What is sent back: the key is left out (the option stays unset on the server),
    // rather than an empty string Flink would try to parse as a value.
    let sent = serde_json::to_value(&d).unwrap();
    assert_eq!(sent["metadata"]["labels"], json!({"team": "data"}));
    assert_eq!(
        sent["spec"]["template"]["spec"]["flinkConfiguration"],
        json!({"taskmanager.numberOfTaskSlots": "2"})
    );
    assert_eq!(
        sent["spec"]["template"]["spec"]["kubernetes"]["pods"],
        json!({"nodeSelector": {}})
    );
}

#[test]
fn null_values_decode_in_json_answers_too() {
    let job: Job = serde_json::from_value(json!({
        "kind": "Job",
        "metadata": {"id": "11111111-2222-4333-8444-555555555555", "annotations": {"a": null}},
        "spec": {"flinkConfiguration": {"x": null, "y": "1"}, "userFlinkConfiguration": {"z": null}}
    }))
    .unwrap();
    let spec = &job.spec;
    assert_eq!(
        spec.flink_configuration
            .as_ref()
            .map(|c| c.keys().collect::<Vec<_>>()),
        Some(vec![&"y".to_owned()])
    );
    assert_eq!(
        spec.user_flink_configuration.as_ref().map(|c| c.len()),
        Some(0)
    );
    // A non-scalar value is still an error, not silently dropped.
    let err = serde_json::from_value::<Job>(json!({"spec": {"flinkConfiguration": {"x": [1]}}}));
    assert!(err.is_err());
}

const DEFAULTS_WITHOUT_KIND: &str = r#"
kind: DeploymentDefaults
apiVersion: v1
metadata:
  namespace: default
spec:
  restoreStrategy:
    allowNonRestoredState: true
  upgradeStrategy: {}
"#;

#[test]
fn strategies_without_kind_decode_and_are_sent_without_kind() {
    let d: DeploymentDefaults = vvp::yaml::from_str(DEFAULTS_WITHOUT_KIND).unwrap();
    let restore = d.spec.restore_strategy.as_ref().unwrap();
    assert_eq!(restore.kind, None);
    assert_eq!(restore.allow_non_restored_state, Some(true));
    assert_eq!(d.spec.upgrade_strategy, Some(UpgradeStrategy::default()));

    let sent = serde_json::to_value(&d).unwrap();
    assert_eq!(
        sent["spec"]["restoreStrategy"],
        json!({"allowNonRestoredState": true})
    );
    assert_eq!(sent["spec"]["upgradeStrategy"], json!({}));

    // The constructors still set the kind.
    assert_eq!(
        serde_json::to_value(RestoreStrategy::latest_state().with_allow_non_restored_state(false))
            .unwrap(),
        json!({"kind": "LATEST_STATE", "allowNonRestoredState": false})
    );
    assert_eq!(
        RestoreStrategy::none().kind,
        Some(RestoreStrategyKind::None)
    );
}

#[test]
fn raw_types_take_strategies_without_kind() {
    let raw: vvp::raw::appmanager::types::RestoreStrategy =
        serde_json::from_value(json!({"allowNonRestoredState": true})).unwrap();
    assert_eq!(
        serde_json::to_value(&raw).unwrap(),
        json!({"allowNonRestoredState": true})
    );
    let raw: vvp::raw::appmanager::types::UpgradeStrategy =
        serde_json::from_value(json!({})).unwrap();
    assert_eq!(serde_json::to_value(&raw).unwrap(), json!({}));
}

/// Every field the specs give `Pods`, plus one they do not.
fn full_pods() -> Value {
    json!({
        "annotations": {"prometheus.io/scrape": "true"},
        "labels": {"team": "data"},
        "nodeSelector": {"disktype": "ssd"},
        "securityContext": {"runAsUser": 9999, "fsGroup": 9999},
        "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
            "nodeSelectorTerms": [{"matchExpressions": [
                {"key": "zone", "operator": "In", "values": ["a"]}]}]}}},
        "tolerations": [{"key": "dedicated", "operator": "Equal", "value": "flink", "effect": "NoSchedule"}],
        "volumeMounts": [{
            "name": "certs",
            "volume": {"name": "certs", "secret": {"secretName": "certs"}},
            "volumeMount": {"name": "certs", "mountPath": "/etc/certs"}
        }],
        "envVars": [
            {"name": "KEY", "value": "VALUE"},
            {"name": "PASSWORD", "valueFrom": {"secretKeyRef": {"name": "s", "key": "p"}}}
        ],
        "imagePullSecrets": [{"name": "registry"}],
        "futurePodOption": {"kept": true}
    })
}

#[test]
fn pods_are_typed_and_round_trip_with_unknown_fields() {
    let k8s: KubernetesOptions =
        serde_json::from_value(json!({"pods": full_pods(), "labels": {"a": "b"}})).unwrap();
    let pods = k8s.pods.as_ref().unwrap();
    assert_eq!(
        pods.annotations.as_ref().unwrap()["prometheus.io/scrape"],
        "true"
    );
    assert_eq!(pods.labels.as_ref().unwrap()["team"], "data");
    assert_eq!(pods.node_selector.as_ref().unwrap()["disktype"], "ssd");
    assert_eq!(pods.security_context.as_ref().unwrap()["runAsUser"], 9999);
    assert!(pods.affinity.as_ref().unwrap()["nodeAffinity"].is_object());
    assert_eq!(pods.tolerations.as_ref().unwrap()[0]["key"], "dedicated");
    let mounts = pods.volume_mounts.as_ref().unwrap();
    assert_eq!(mounts[0].name.as_deref(), Some("certs"));
    assert_eq!(
        mounts[0].volume_mount.as_ref().unwrap()["mountPath"],
        "/etc/certs"
    );
    let env = pods.env_vars.as_ref().unwrap();
    assert_eq!(env[0], EnvVar::new("KEY", "VALUE"));
    assert_eq!(env[1].value, None);
    assert!(env[1].value_from.is_some());
    assert_eq!(
        pods.image_pull_secrets.as_deref(),
        Some(&[LocalObjectReference::new("registry")][..])
    );
    assert_eq!(pods.extra["futurePodOption"], json!({"kept": true}));

    assert_eq!(serde_json::to_value(pods).unwrap(), full_pods());
}

#[test]
fn pods_built_in_code() {
    let pods = Pods {
        env_vars: Some(vec![EnvVar::new("KEY", "VALUE")]),
        volume_mounts: Some(vec![VolumeAndMount::new(
            "data",
            json!({"name": "data", "emptyDir": {}}),
            json!({"name": "data", "mountPath": "/data"}),
        )]),
        ..Pods::default()
    };
    assert_eq!(
        serde_json::to_value(&pods).unwrap(),
        json!({
            "envVars": [{"name": "KEY", "value": "VALUE"}],
            "volumeMounts": [{
                "name": "data",
                "volume": {"name": "data", "emptyDir": {}},
                "volumeMount": {"name": "data", "mountPath": "/data"}
            }]
        })
    );
    // YAML `value: 8080` reads as the string the container sees; `null` lists read as absent.
    let pods: Pods =
        vvp::yaml::from_str("envVars:\n- name: PORT\n  value: 8080\ntolerations:\n").unwrap();
    assert_eq!(pods.env_vars.unwrap()[0].value.as_deref(), Some("8080"));
    assert_eq!(pods.tolerations, None);
}

/// The real payloads that carry `kubernetes.pods` decode it into the typed fields and
/// write it back unchanged.
#[test]
fn real_payloads_with_pods_round_trip() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let dir = shared.join("reference/payloads");

    let text = std::fs::read_to_string(dir.join("deployment-streamingcli-1.yaml")).unwrap();
    let original: Value = vvp::yaml::from_str(&text).unwrap();
    let d: Deployment = vvp::yaml::from_str(&text).unwrap();
    let pods = d
        .spec
        .template
        .as_ref()
        .and_then(|t| t.spec.as_ref())
        .and_then(|s| s.kubernetes.as_ref())
        .and_then(|k| k.pods.as_ref())
        .expect("kubernetes.pods");
    let mounts = pods.volume_mounts.as_ref().expect("volumeMounts");
    assert_eq!(mounts[0].name.as_deref(), Some("ververica-crt"));
    assert_eq!(
        mounts[0].volume.as_ref().unwrap()["configMap"]["name"],
        "ververica-crt"
    );
    let pointer = "/spec/template/spec/kubernetes/pods";
    assert_eq!(
        serde_json::to_value(&d).unwrap().pointer(pointer),
        original.pointer(pointer)
    );

    let text = std::fs::read_to_string(dir.join("sessioncluster-sreworks-1.yaml")).unwrap();
    let original: Value = vvp::yaml::from_str(&text).unwrap();
    let s: SessionCluster = vvp::yaml::from_str(&text).unwrap();
    let pods = s
        .spec
        .kubernetes
        .as_ref()
        .and_then(|k| k.pods.as_ref())
        .expect("kubernetes.pods");
    assert_eq!(
        pods.annotations.as_ref().unwrap()["prometheus.io/port"],
        "9249"
    );
    assert_eq!(
        pods.env_vars.as_deref(),
        Some(&[EnvVar::new("KEY", "VALUE")][..])
    );
    let pointer = "/spec/kubernetes/pods";
    assert_eq!(
        serde_json::to_value(&s).unwrap().pointer(pointer),
        original.pointer(pointer)
    );
}
