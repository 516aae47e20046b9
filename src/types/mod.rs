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
mod object;
mod open_enum;
// Also used by `crate::platform::types`.
pub(crate) use open_enum::open_enum;
mod savepoint;
mod secret;
mod secret_value;
mod session_cluster;
mod system;
pub(crate) mod wire;

pub use artifact::{Artifact, JarArtifact, PythonArtifact, SqlScriptArtifact};
pub use common::{
    EnvVar, Extra, Failure, KubernetesOptions, KubernetesTarget, LocalObjectReference, Logging,
    ObjectMeta, Pods, Quantity, ResourceSpec, Resources, VolumeAndMount,
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
