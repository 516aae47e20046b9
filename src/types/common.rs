//! Building blocks shared by several kinds: metadata, resources, logging, Kubernetes options.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Utc};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::enums::LogLevel;

/// Fields of an object this crate does not know, kept so that an object read from a newer
/// server can be written back without losing them. Every type in [`crate::types`] has one,
/// named `extra`.
pub type Extra = Map<String, Value>;

/// `true` if `value` equals its type's default (used to omit empty `metadata`/`spec`).
pub(crate) fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// Deserializes `null` as the default value (for non-optional `metadata`/`spec`).
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// A scalar rendered as a string: strings as they are, numbers and booleans stringified.
struct ScalarString;

impl de::Visitor<'_> for ScalarString {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, number or boolean")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
}

struct Lenient(String);

impl<'de> Deserialize<'de> for Lenient {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarString).map(Lenient)
    }
}

/// `Option<String>` that also accepts a number or boolean (stringified), e.g. YAML
/// `flinkVersion: 1.14`. The server coerces such scalars to strings as well. Use as
/// `#[serde(default, with = "lenient_string", skip_serializing_if = "Option::is_none")]`.
pub(crate) mod lenient_string {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(
        value: &Option<String>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<String>, D::Error> {
        Ok(Option::<Lenient>::deserialize(deserializer)?.map(|l| l.0))
    }
}

/// `Option<BTreeMap<String, String>>` whose values may also be numbers or booleans
/// (stringified), e.g. YAML `taskmanager.numberOfTaskSlots: 4` in `flinkConfiguration`.
/// The server returns all such values as strings. Use as
/// `#[serde(default, with = "string_map", skip_serializing_if = "Option::is_none")]`.
///
/// A `null` value (what YAML gives for `key:` with nothing after it) drops the key: it
/// reads as "not set", as `null` does in a JSON merge patch, and is not written back. An
/// empty string would be sent to the server instead, and Flink rejects `""` for most typed
/// options (durations, sizes, numbers), so a `flinkConfiguration` round trip keeps the
/// option unset rather than turning it into a value nobody wrote.
pub(crate) mod string_map {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(
        value: &Option<BTreeMap<String, String>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<BTreeMap<String, String>>, D::Error> {
        let map = Option::<BTreeMap<String, Option<Lenient>>>::deserialize(deserializer)?;
        Ok(map.map(|m| {
            m.into_iter()
                .filter_map(|(k, v)| v.map(|v| (k, v.0)))
                .collect()
        }))
    }
}

/// Metadata of Deployment, DeploymentTarget, SessionCluster, SecretValue and
/// DeploymentDefaults. `metadata` is user-managed except `id`, `createdAt`, `modifiedAt`,
/// `resourceVersion` (set by the server).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectMeta {
    /// Server-assigned id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Uuid>,
    /// Name, unique in the namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The VVP namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Human-readable name (Deployments).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Labels (e.g. for `labelSelector`).
    #[serde(default, with = "string_map", skip_serializing_if = "Option::is_none")]
    pub labels: Option<BTreeMap<String, String>>,
    /// Annotations, including ones the controller writes
    /// (`com.dataartisans.appmanager.controller.*`).
    #[serde(default, with = "string_map", skip_serializing_if = "Option::is_none")]
    pub annotations: Option<BTreeMap<String, String>>,
    /// When the object was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<DateTime<Utc>>,
    /// When the object was last modified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_at: Option<DateTime<Utc>>,
    /// Bumped on every change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_version: Option<i64>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

impl ObjectMeta {
    /// Metadata with just a name.
    pub fn named(name: impl Into<String>) -> Self {
        Self {
            name: Some(name.into()),
            ..Self::default()
        }
    }

    /// The value of label `key`, if set.
    pub fn label(&self, key: &str) -> Option<&str> {
        self.labels.as_ref()?.get(key).map(String::as_str)
    }

    /// The value of annotation `key`, if set.
    pub fn annotation(&self, key: &str) -> Option<&str> {
        self.annotations.as_ref()?.get(key).map(String::as_str)
    }
}

/// A CPU or memory amount as the server sent it: a number (`1`, `0.5`) or a string
/// (`"1g"`, `"2G"`, `"500m"`). The server answers with either depending on the operation,
/// so the form received is kept and written back unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Quantity {
    /// A JSON number.
    Number(serde_json::Number),
    /// A string such as `"1g"`.
    String(String),
}

impl Quantity {
    /// The value as `f64`, if it is a number or a string holding a plain number.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Quantity::Number(n) => n.as_f64(),
            Quantity::String(s) => s.trim().parse().ok(),
        }
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Quantity::Number(n) => fmt::Display::fmt(n, f),
            Quantity::String(s) => f.write_str(s),
        }
    }
}

impl From<f64> for Quantity {
    /// A number; NaN and infinities (not valid JSON) become strings.
    fn from(v: f64) -> Self {
        match serde_json::Number::from_f64(v) {
            Some(n) => Quantity::Number(n),
            None => Quantity::String(v.to_string()),
        }
    }
}

macro_rules! quantity_from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Quantity {
            fn from(v: $t) -> Self {
                Quantity::Number(v.into())
            }
        }
    )*};
}
quantity_from_int!(i32, i64, u32, u64);

impl From<&str> for Quantity {
    fn from(v: &str) -> Self {
        Quantity::String(v.to_owned())
    }
}

impl From<String> for Quantity {
    fn from(v: String) -> Self {
        Quantity::String(v)
    }
}

impl Serialize for Quantity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Quantity::Number(n) => n.serialize(serializer),
            Quantity::String(s) => serializer.serialize_str(s),
        }
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Quantity;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number or a string such as \"1g\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Quantity, E> {
                Ok(Quantity::String(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Quantity, E> {
                Ok(Quantity::String(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Quantity, E> {
                Ok(Quantity::Number(v.into()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Quantity, E> {
                Ok(Quantity::Number(v.into()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Quantity, E> {
                serde_json::Number::from_f64(v)
                    .map(Quantity::Number)
                    .ok_or_else(|| E::custom("quantity is not a finite number"))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// CPU and memory of one Flink component (`resources.jobmanager` / `.taskmanager`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceSpec {
    /// CPU cores, e.g. `1` or `0.5`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu: Option<Quantity>,
    /// Memory, e.g. `"1g"` or `"2G"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<Quantity>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

impl ResourceSpec {
    /// A resource spec with both values set, e.g. `ResourceSpec::new(1, "1g")`.
    pub fn new(cpu: impl Into<Quantity>, memory: impl Into<Quantity>) -> Self {
        Self {
            cpu: Some(cpu.into()),
            memory: Some(memory.into()),
            extra: Extra::new(),
        }
    }
}

/// `resources`: per Flink component. Other component keys are kept in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Resources {
    /// The JobManager.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jobmanager: Option<ResourceSpec>,
    /// Each TaskManager.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taskmanager: Option<ResourceSpec>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `logging`: log levels and profile.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Logging {
    /// The logging profile, e.g. `default`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logging_profile: Option<String>,
    /// A custom Log4j 2 configuration template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log4j2_configuration_template: Option<String>,
    /// Logger name (`""` = root) to level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log4j_loggers: Option<BTreeMap<String, LogLevel>>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `kubernetes` options of a Deployment template, Job or SessionCluster. Simple pod settings
/// are typed ([`Pods`]); the pod templates are free-form Kubernetes JSON.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KubernetesOptions {
    /// Labels for the Kubernetes resources (2.7+).
    #[serde(default, with = "string_map", skip_serializing_if = "Option::is_none")]
    pub labels: Option<BTreeMap<String, String>>,
    /// Simple pod options applied to all Flink pods (the older alternative to pod
    /// templates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pods: Option<Pods>,
    /// A Kubernetes pod template for the JobManager, free-form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_manager_pod_template: Option<Value>,
    /// A Kubernetes pod template for the TaskManagers, free-form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_manager_pod_template: Option<Value>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `kubernetes.pods`: simple settings applied to every Flink pod (JobManager and
/// TaskManagers). The Kubernetes objects inside (`securityContext`, `affinity`,
/// `tolerations`, volumes, `valueFrom`) are kept as free-form JSON, as the specs type them.
///
/// ```
/// let pods: vvp::types::Pods = serde_json::from_value(serde_json::json!({
///     "envVars": [{"name": "KEY", "value": "VALUE"}],
///     "nodeSelector": {"disktype": "ssd"},
/// }))?;
/// let env = pods.env_vars.unwrap_or_default();
/// assert_eq!(env[0].value.as_deref(), Some("VALUE"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pods {
    /// Pod annotations.
    #[serde(default, with = "string_map", skip_serializing_if = "Option::is_none")]
    pub annotations: Option<BTreeMap<String, String>>,
    /// Pod labels.
    #[serde(default, with = "string_map", skip_serializing_if = "Option::is_none")]
    pub labels: Option<BTreeMap<String, String>>,
    /// Node labels a pod's node must carry.
    #[serde(default, with = "string_map", skip_serializing_if = "Option::is_none")]
    pub node_selector: Option<BTreeMap<String, String>>,
    /// A Kubernetes `PodSecurityContext`, free-form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_context: Option<Value>,
    /// A Kubernetes `Affinity`, free-form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affinity: Option<Value>,
    /// Kubernetes `Toleration`s, free-form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerations: Option<Vec<Value>>,
    /// Volumes to add and where to mount them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_mounts: Option<Vec<VolumeAndMount>>,
    /// Environment variables of the Flink containers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env_vars: Option<Vec<EnvVar>>,
    /// Secrets used to pull the images.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_pull_secrets: Option<Vec<LocalObjectReference>>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// One entry of `kubernetes.pods.volumeMounts`: a volume plus its mount in the Flink
/// containers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VolumeAndMount {
    /// Name of this entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A Kubernetes `Volume`, free-form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume: Option<Value>,
    /// A Kubernetes `VolumeMount`, free-form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_mount: Option<Value>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

impl VolumeAndMount {
    /// An entry named `name` with the given Kubernetes `Volume` and `VolumeMount` JSON.
    pub fn new(name: impl Into<String>, volume: Value, volume_mount: Value) -> Self {
        Self {
            name: Some(name.into()),
            volume: Some(volume),
            volume_mount: Some(volume_mount),
            extra: Extra::new(),
        }
    }
}

/// One environment variable of the Flink containers (`kubernetes.pods.envVars`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnvVar {
    /// Variable name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Literal value (a YAML number or boolean reads as its text).
    #[serde(
        default,
        with = "lenient_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub value: Option<String>,
    /// A Kubernetes `EnvVarSource`, free-form, instead of `value`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_from: Option<Value>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

impl EnvVar {
    /// `name=value`.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: Some(name.into()),
            value: Some(value.into()),
            ..Self::default()
        }
    }
}

/// A reference to a Kubernetes object in the pod's namespace, e.g. an image pull secret.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalObjectReference {
    /// Object name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

impl LocalObjectReference {
    /// A reference to the object named `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: Some(name.into()),
            extra: Extra::new(),
        }
    }
}

/// The Kubernetes side of a deployment target.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KubernetesTarget {
    /// The Kubernetes namespace jobs run in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// Why something failed (`status.failure` of Savepoint, Job, SessionCluster).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Failure {
    /// Human-readable message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Machine-readable reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// When it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed_at: Option<DateTime<Utc>>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}
