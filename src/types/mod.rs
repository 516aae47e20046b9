//! Resource types of the Application Manager API (`/api/v1/namespaces/{ns}/...`).
//!
//! These are the types generated at build time from `specs/api/swagger.json` (the same types
//! as [`crate::raw::appmanager::types`]), with constructors, builders and accessors added in
//! `impl` blocks here. The spec is the only description of the wire format: a property added
//! there is a field here.
//!
//! Forward compatible and lossless:
//! - every struct keeps fields it does not know in `extra` (a `serde_json::Map`, see
//!   [`Extra`]), so an object read from a newer server is written back unchanged;
//! - every string enum is open: unknown values are kept as `Other(String)`
//!   (e.g. [`DeploymentState::Other`] for `"CANCELLING"`);
//! - [`Artifact`] kinds this crate does not know are kept whole ([`Artifact::Other`]);
//! - [`Quantity`] (CPU, memory) keeps a number as a number and a string as a string;
//! - string maps (`flinkConfiguration`, labels, annotations) accept numbers and booleans and
//!   keep them as strings (as the server does); a `null` value drops the key;
//! - `null` lists, maps, `metadata` and `spec` read as empty.
//!
//! Optional fields are `Option`s and omitted when `None`; an explicit `null` is read as
//! `None` (the server treats both alike). An object's `metadata` and `spec` are plain
//! fields, left out when empty.
//!
//! What the generator cannot express is hand-written and declared as a replacement in
//! `build.rs`: the open enums (below), [`Secret`], [`Quantity`] and the polymorphic
//! [`Artifact`].

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
mod quantity;
mod savepoint;
mod secret;
mod secret_value;
mod session_cluster;
mod system;
pub(crate) mod wire;

pub use crate::raw::appmanager::types::*;
pub use artifact::Artifact;
pub use common::Extra;
pub use enums::{
    ArtifactKind, ConditionStatus, DeploymentConditionType, DeploymentState, EventName,
    FlinkJobStatus, JobState, LogLevel, ResourceQuotaType, RestoreStrategyKind, SavepointOrigin,
    SavepointState, SavepointType, SecretValueKind, SessionClusterState, UpgradeStrategyKind,
};
pub use quantity::Quantity;
pub use secret::Secret;
