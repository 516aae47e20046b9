//! [`Deployment`] and [`DeploymentDefaults`], with their spec, template and status.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::artifact::Artifact;
use super::common::{string_map, Extra, KubernetesOptions, Logging, ObjectMeta, Resources};
use super::enums::{
    ConditionStatus, DeploymentConditionType, DeploymentState, RestoreStrategyKind,
    UpgradeStrategyKind,
};
use super::object::resource_object;

resource_object! {
    /// A Deployment: a Flink application the platform keeps in its desired state.
    ///
    /// ```
    /// use vvp::types::*;
    /// let d = Deployment::new("top-speed-windowing").with_spec(
    ///     DeploymentSpec::default()
    ///         .with_state(DeploymentState::Running)
    ///         .with_deployment_target_name("vvp-jobs")
    ///         .with_artifact(Artifact::jar("https://example.com/job.jar"))
    ///         .with_parallelism(2)
    ///         .with_restore_strategy(RestoreStrategy::latest_state())
    ///         .with_upgrade_strategy(UpgradeStrategy::stateful()),
    /// );
    /// assert_eq!(d.desired_state(), Some(&DeploymentState::Running));
    /// ```
    pub struct Deployment {
        kind: "Deployment",
        path: "deployments",
        names: Dns,
        addressing: NameOrId,
        verbs: [Gettable, Creatable, Upsertable, Patchable, Deletable],
        name: |s| s.metadata.name.as_deref(),
        /// Name, labels, annotations, server-managed ids and timestamps.
        metadata: ObjectMeta,
        /// What should run, and in which state.
        spec: DeploymentSpec,
        /// What the platform observed (server-managed; omit it in requests).
        status: DeploymentStatus,
    }
    /// A Deployment named `name` (`kind`/`apiVersion` set, empty spec).
    pub fn new(name: impl Into<String>) { metadata: ObjectMeta::named(name) }
}

impl Deployment {
    /// Replaces the spec.
    pub fn with_spec(mut self, spec: DeploymentSpec) -> Self {
        self.spec = spec;
        self
    }

    /// Sets a label.
    pub fn with_label(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.metadata
            .labels
            .get_or_insert_with(BTreeMap::new)
            .insert(key.into(), value.into());
        self
    }

    /// `metadata.id`.
    pub fn id(&self) -> Option<Uuid> {
        self.metadata.id
    }

    /// `spec.state`: the state asked for.
    pub fn desired_state(&self) -> Option<&DeploymentState> {
        self.spec.state.as_ref()
    }

    /// `status.state`: the state observed.
    pub fn status_state(&self) -> Option<&DeploymentState> {
        self.status.as_ref()?.state.as_ref()
    }

    /// `status.running.jobId`: the Job currently running, if any.
    pub fn running_job_id(&self) -> Option<Uuid> {
        self.status.as_ref()?.running.as_ref()?.job_id
    }

    /// `status.running.conditions` (empty if none).
    pub fn conditions(&self) -> &[DeploymentCondition] {
        self.status
            .as_ref()
            .and_then(|s| s.running.as_ref())
            .and_then(|r| r.conditions.as_deref())
            .unwrap_or(&[])
    }

    /// `spec.template.spec.artifact`.
    pub fn artifact(&self) -> Option<&Artifact> {
        self.spec
            .template
            .as_ref()?
            .spec
            .as_ref()?
            .artifact
            .as_ref()
    }
}

/// `spec` of a Deployment (and of DeploymentDefaults).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentSpec {
    /// Desired state: `RUNNING`, `SUSPENDED` or `CANCELLED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<DeploymentState>,
    /// How spec changes are applied to a running job.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upgrade_strategy: Option<UpgradeStrategy>,
    /// Which state a started job restores from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restore_strategy: Option<RestoreStrategy>,
    /// The DeploymentTarget to run on, by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_target_id: Option<Uuid>,
    /// The DeploymentTarget to run on, by name (2.4+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_target_name: Option<String>,
    /// The SessionCluster to run on (instead of a DeploymentTarget).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_cluster_name: Option<String>,
    /// How many times job creation is tried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_job_creation_attempts: Option<i32>,
    /// How many times savepoint creation is tried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_savepoint_creation_attempts: Option<i32>,
    /// How long job failures are remembered (2.7+), e.g. `"6h"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_failure_expiration_time: Option<String>,
    /// The job template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<DeploymentTemplate>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

impl DeploymentSpec {
    /// `template.spec`, created empty if missing.
    pub fn template_spec_mut(&mut self) -> &mut DeploymentTemplateSpec {
        self.template
            .get_or_insert_with(DeploymentTemplate::default)
            .spec
            .get_or_insert_with(DeploymentTemplateSpec::default)
    }

    /// Sets the desired state.
    pub fn with_state(mut self, state: DeploymentState) -> Self {
        self.state = Some(state);
        self
    }

    /// Sets `deploymentTargetName`.
    pub fn with_deployment_target_name(mut self, name: impl Into<String>) -> Self {
        self.deployment_target_name = Some(name.into());
        self
    }

    /// Sets `sessionClusterName`.
    pub fn with_session_cluster_name(mut self, name: impl Into<String>) -> Self {
        self.session_cluster_name = Some(name.into());
        self
    }

    /// Sets the restore strategy.
    pub fn with_restore_strategy(mut self, strategy: RestoreStrategy) -> Self {
        self.restore_strategy = Some(strategy);
        self
    }

    /// Sets the upgrade strategy.
    pub fn with_upgrade_strategy(mut self, strategy: UpgradeStrategy) -> Self {
        self.upgrade_strategy = Some(strategy);
        self
    }

    /// Sets `template.spec.artifact`.
    pub fn with_artifact(mut self, artifact: Artifact) -> Self {
        self.template_spec_mut().artifact = Some(artifact);
        self
    }

    /// Sets `template.spec.parallelism`.
    pub fn with_parallelism(mut self, parallelism: i32) -> Self {
        self.template_spec_mut().parallelism = Some(parallelism);
        self
    }

    /// Sets one `template.spec.flinkConfiguration` entry.
    pub fn with_flink_config(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.template_spec_mut()
            .flink_configuration
            .get_or_insert_with(BTreeMap::new)
            .insert(key.into(), value.into());
        self
    }
}

/// `restoreStrategy`: which state a newly started job restores from. Polymorphic on `kind`;
/// fields of other kinds are kept in `extra`.
///
/// `kind` is optional, as in the real VVP documents: a deployment-defaults manifest may set
/// only `allowNonRestoredState` and leave the kind to the deployment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RestoreStrategy {
    /// `LATEST_STATE`, `LATEST_SAVEPOINT` or `NONE`; `None` when not given (not written).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<RestoreStrategyKind>,
    /// Start even if some savepoint state cannot be mapped to the new job.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_non_restored_state: Option<bool>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

impl RestoreStrategy {
    /// A strategy of the given kind.
    pub fn new(kind: RestoreStrategyKind) -> Self {
        Self {
            kind: Some(kind),
            allow_non_restored_state: None,
            extra: Extra::new(),
        }
    }

    /// `LATEST_STATE`: latest savepoint or retained checkpoint.
    pub fn latest_state() -> Self {
        Self::new(RestoreStrategyKind::LatestState)
    }

    /// `LATEST_SAVEPOINT`: latest savepoint, no retained checkpoints.
    pub fn latest_savepoint() -> Self {
        Self::new(RestoreStrategyKind::LatestSavepoint)
    }

    /// `NONE`: start from empty state.
    pub fn none() -> Self {
        Self::new(RestoreStrategyKind::None)
    }

    /// Sets `allowNonRestoredState`.
    pub fn with_allow_non_restored_state(mut self, allow: bool) -> Self {
        self.allow_non_restored_state = Some(allow);
        self
    }
}

/// `upgradeStrategy`: how a running Deployment applies spec changes. Polymorphic on `kind`;
/// fields of other kinds are kept in `extra`.
///
/// `kind` is optional, as in the real VVP documents (e.g. in deployment defaults).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpgradeStrategy {
    /// `STATEFUL`, `STATELESS` or `NONE`; `None` when not given (not written).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<UpgradeStrategyKind>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

impl UpgradeStrategy {
    /// A strategy of the given kind.
    pub fn new(kind: UpgradeStrategyKind) -> Self {
        Self {
            kind: Some(kind),
            extra: Extra::new(),
        }
    }

    /// `STATEFUL`: suspend with a savepoint, restart from it.
    pub fn stateful() -> Self {
        Self::new(UpgradeStrategyKind::Stateful)
    }

    /// `STATELESS`: cancel and restart.
    pub fn stateless() -> Self {
        Self::new(UpgradeStrategyKind::Stateless)
    }

    /// `NONE`: leave running jobs alone.
    pub fn none() -> Self {
        Self::new(UpgradeStrategyKind::None)
    }
}

/// `spec.template`: what every Job of the Deployment is made from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentTemplate {
    /// Template annotations (e.g. `flink.queryable-state.enabled`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<DeploymentTemplateMetadata>,
    /// The job spec.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spec: Option<DeploymentTemplateSpec>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `spec.template.metadata`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentTemplateMetadata {
    /// Annotations such as `flink.security.ssl.enabled: "false"`.
    #[serde(default, with = "string_map", skip_serializing_if = "Option::is_none")]
    pub annotations: Option<BTreeMap<String, String>>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `spec.template.spec`: artifact, Flink configuration, resources.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentTemplateSpec {
    /// What to run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact: Option<Artifact>,
    /// Flink configuration. Numbers and booleans are accepted and stringified; the server
    /// returns strings.
    #[serde(default, with = "string_map", skip_serializing_if = "Option::is_none")]
    pub flink_configuration: Option<BTreeMap<String, String>>,
    /// Job parallelism.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parallelism: Option<i32>,
    /// Number of TaskManagers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_of_task_managers: Option<i32>,
    /// JobManager/TaskManager CPU and memory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Resources>,
    /// Logging.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logging: Option<Logging>,
    /// Kubernetes pod options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kubernetes: Option<KubernetesOptions>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `status` of a Deployment (server-managed).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentStatus {
    /// Observed state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<DeploymentState>,
    /// Details while `RUNNING`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub running: Option<DeploymentStatusRunning>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `status.running` of a Deployment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentStatusRunning {
    /// The running Job.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_id: Option<Uuid>,
    /// When the Deployment reached RUNNING.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transition_time: Option<DateTime<Utc>>,
    /// Health conditions (`JobFailing`, `JobUnstable`, `ClusterUnreachable`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<Vec<DeploymentCondition>>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// One condition of a running Deployment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentCondition {
    /// Which condition.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<DeploymentConditionType>,
    /// `True`, `False` or `Unknown`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ConditionStatus>,
    /// Human-readable message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Machine-readable reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// When `status` last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_transition_time: Option<DateTime<Utc>>,
    /// When the condition was last checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_update_time: Option<DateTime<Utc>>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

impl DeploymentCondition {
    /// `true` if `status` is `True`.
    pub fn is_true(&self) -> bool {
        self.status == Some(ConditionStatus::True)
    }
}

resource_object! {
    /// The namespace's DeploymentDefaults: a spec merged into every new Deployment
    /// (`GET`/`PATCH .../deployment-defaults`, a singleton).
    pub struct DeploymentDefaults {
        kind: "DeploymentDefaults",
        path: "deployment-defaults",
        names: Dns,
        addressing: NameOrId,
        // A singleton: GET and PATCH `.../deployment-defaults` without a name, handled by
        // its own handle rather than by verb markers.
        verbs: [],
        name: |s| s.metadata.name.as_deref(),
        /// Metadata.
        metadata: ObjectMeta,
        /// The default Deployment spec (e.g. `deploymentTargetId`).
        spec: DeploymentSpec,
    }
    /// DeploymentDefaults with `kind`/`apiVersion` set and the given spec.
    pub fn new(spec: DeploymentSpec) { spec: spec }
}
