//! [`Deployment`] and [`DeploymentDefaults`]: constructors, builders and accessors on the
//! generated types.

use uuid::Uuid;

use super::object::resource;
use super::{
    Artifact, ConditionStatus, Deployment, DeploymentCondition, DeploymentDefaults,
    DeploymentMetadata, DeploymentSpec, DeploymentState, DeploymentTemplate,
    DeploymentTemplateSpec, RestoreStrategy, RestoreStrategyKind, UpgradeStrategy,
    UpgradeStrategyKind,
};

resource! {
    Deployment {
        kind: "Deployment",
        path: "deployments",
        names: Dns,
        addressing: NameOrId,
        verbs: [Gettable, Creatable, Upsertable, Patchable, Deletable],
        name: |s| s.metadata.name.as_deref(),
    }
}

resource! {
    DeploymentDefaults {
        kind: "DeploymentDefaults",
        path: "deployment-defaults",
        names: Dns,
        addressing: NameOrId,
        // A singleton: GET and PATCH `.../deployment-defaults` without a name, handled by
        // its own handle rather than by verb markers.
        verbs: [],
        name: |s| s.metadata.name.as_deref(),
    }
}

impl DeploymentDefaults {
    /// DeploymentDefaults with `kind`/`apiVersion` set and the given spec.
    pub fn new(spec: DeploymentSpec) -> Self {
        Self {
            spec,
            ..Self::object()
        }
    }
}

impl Deployment {
    /// A Deployment named `name` (`kind`/`apiVersion` set, empty spec).
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
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            metadata: DeploymentMetadata::named(name),
            ..Self::object()
        }
    }

    /// Replaces the spec.
    pub fn with_spec(mut self, spec: DeploymentSpec) -> Self {
        self.spec = spec;
        self
    }

    /// Sets a label.
    pub fn with_label(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.metadata
            .labels
            .get_or_insert_with(Default::default)
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
            .get_or_insert_with(Default::default)
            .insert(key.into(), value.into());
        self
    }
}

impl RestoreStrategy {
    /// A strategy of the given kind.
    pub fn new(kind: RestoreStrategyKind) -> Self {
        Self {
            kind: Some(kind),
            ..Self::default()
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

impl UpgradeStrategy {
    /// A strategy of the given kind.
    pub fn new(kind: UpgradeStrategyKind) -> Self {
        Self {
            kind: Some(kind),
            ..Self::default()
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

impl DeploymentCondition {
    /// `true` if `status` is `True`.
    pub fn is_true(&self) -> bool {
        self.status == Some(ConditionStatus::True)
    }
}
