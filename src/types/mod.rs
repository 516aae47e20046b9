//! Resource types of the Application Manager API (`/api/v1/namespaces/{ns}/...`).
//!
//! Hand-written, modelled on the VVP 2.7.1 API (older values such as savepoint origin
//! `SUSPEND_AND_UPGRADE` included) and on payloads real servers and clients exchange.
//!
//! Forward compatible and lossless:
//! - every struct keeps fields it does not know in `extra` (a `serde_json::Map`, see
//!   [`Extra`]), so an object read from a newer server is written back unchanged;
//! - every string enum is open: unknown values are kept as `Other(String)`
//!   (e.g. [`DeploymentState::Other`] for `"CANCELLING"`);
//! - [`Artifact`] kinds this crate does not know are kept whole ([`Artifact::Other`]);
//! - [`Quantity`] (CPU, memory) keeps a number as a number and a string as a string;
//! - `flinkConfiguration`, labels and annotations accept numbers and booleans and keep
//!   them as strings (as the server does).
//!
//! Optional fields are `Option`s and omitted when `None`; an explicit `null` is read as
//! `None` (the server treats both alike).

mod artifact;
mod common;
mod deployment;
mod deployment_target;
mod enums;
mod event;
mod job;
mod open_enum;
// Also used by `crate::platform::types`.
pub(crate) use open_enum::open_enum;
mod savepoint;
mod secret;
mod secret_value;
mod session_cluster;
mod system;

pub use artifact::{Artifact, JarArtifact, PythonArtifact, SqlScriptArtifact};
pub use common::{
    Extra, Failure, KubernetesOptions, KubernetesTarget, Logging, ObjectMeta, Quantity,
    ResourceSpec, Resources,
};
pub use deployment::{
    Deployment, DeploymentCondition, DeploymentDefaults, DeploymentSpec, DeploymentStatus,
    DeploymentStatusRunning, DeploymentTemplate, DeploymentTemplateMetadata,
    DeploymentTemplateSpec, RestoreStrategy, UpgradeStrategy,
};
pub use deployment_target::{DeploymentTarget, DeploymentTargetSpec};
pub use enums::{
    ArtifactKind, ConditionStatus, DeploymentConditionType, DeploymentState, EventName,
    FlinkJobStatus, JobState, LogLevel, ResourceQuotaType, RestoreStrategyKind, SavepointOrigin,
    SavepointState, SavepointType, SecretValueKind, SessionClusterState, UpgradeStrategyKind,
};
pub use event::{Event, EventMetadata, EventSpec};
pub use job::{
    Job, JobDeploymentTarget, JobMetadata, JobSpec, JobStatus, JobStatusStarted, JobTable,
    JobTableColumn,
};
pub use savepoint::{Savepoint, SavepointMetadata, SavepointSpec, SavepointStatus};
pub use secret::Secret;
pub use secret_value::{SecretValue, SecretValueSpec};
pub use session_cluster::{
    SessionCluster, SessionClusterSpec, SessionClusterStatus, SessionClusterStatusRunning,
};
pub use system::{
    ResourceConsumption, ResourceQuota, ResourceQuotaSpec, ResourceQuotaStatus,
    RevisionInformation, SystemInfo, SystemInfoStatus, SystemStatus,
};

use crate::resource::*;

/// Implements [`Resource`] and the verb marker traits for one kind.
macro_rules! resource {
    ($t:ident, $kind:literal, $path:literal, $scheme:ident, $addr:ident, [$($tr:ident),*], |$s:ident| $name:expr) => {
        impl Resource for $t {
            const KIND: &'static str = $kind;
            const PATH: &'static str = $path;
            const NAME_SCHEME: NameScheme = NameScheme::$scheme;
            const ADDRESSING: Addressing = Addressing::$addr;
            fn name(&self) -> Option<&str> {
                let $s = self;
                $name
            }
        }
        $(impl $tr for $t {})*
    };
}

resource!(
    Deployment,
    "Deployment",
    "deployments",
    Dns,
    NameOrId,
    [Gettable, Creatable, Upsertable, Patchable, Deletable],
    |s| s.metadata.name.as_deref()
);
resource!(
    DeploymentTarget,
    "DeploymentTarget",
    "deployment-targets",
    Extended,
    NameOrId,
    [Gettable, Creatable, Upsertable, Deletable],
    |s| s.metadata.name.as_deref()
);
resource!(
    SessionCluster,
    "SessionCluster",
    "sessionclusters",
    Dns,
    NameOrId,
    [Gettable, Creatable, Upsertable, Patchable, Deletable],
    |s| s.metadata.name.as_deref()
);
resource!(
    SecretValue,
    "SecretValue",
    "secret-values",
    Extended,
    NameOrId,
    [Gettable, Creatable, Patchable, Deletable],
    |s| s.metadata.name.as_deref()
);
// Savepoint DELETE (2.7+, `force`) is handled by the core, not a marker.
resource!(
    Savepoint,
    "Savepoint",
    "savepoints",
    Dns,
    IdOnly,
    [Gettable, Creatable],
    |_s| None
);
resource!(Job, "Job", "jobs", Dns, IdOnly, [Gettable], |_s| None);
// Events have no single-object endpoint; their `metadata.name` is the event name.
resource!(Event, "Event", "events", Dns, IdOnly, [], |s| s
    .metadata
    .name
    .as_ref()
    .map(EventName::as_str));
// A singleton: GET and PATCH `.../deployment-defaults` without a name.
resource!(
    DeploymentDefaults,
    "DeploymentDefaults",
    "deployment-defaults",
    Dns,
    NameOrId,
    [],
    |s| s.metadata.name.as_deref()
);
