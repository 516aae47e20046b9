//! [`Savepoint`]: a snapshot of a Deployment's state, addressed by id only.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::common::{is_default, null_as_default, string_map, Extra, Failure};
use super::enums::{SavepointOrigin, SavepointState, SavepointType};

/// A Savepoint. Create one with [`Savepoint::for_deployment`] (the server takes it from the
/// Deployment's running job) and poll [`Savepoint::state`] until `COMPLETED`.
///
/// ```
/// let id = uuid::Uuid::nil();
/// let sp = vvp::types::Savepoint::for_deployment(id);
/// assert_eq!(sp.metadata.deployment_id, Some(id));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Savepoint {
    /// `"Savepoint"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// `"v1"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// Metadata (deployment, job, origin, type).
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "is_default"
    )]
    pub metadata: SavepointMetadata,
    /// Where the snapshot is.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "is_default"
    )]
    pub spec: SavepointSpec,
    /// State (server-managed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<SavepointStatus>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

impl Savepoint {
    /// A request to take a savepoint of Deployment `deployment_id`.
    pub fn for_deployment(deployment_id: Uuid) -> Self {
        Self {
            kind: Some("Savepoint".to_owned()),
            api_version: Some("v1".to_owned()),
            metadata: SavepointMetadata {
                deployment_id: Some(deployment_id),
                ..SavepointMetadata::default()
            },
            ..Self::default()
        }
    }

    /// `metadata.id`.
    pub fn id(&self) -> Option<Uuid> {
        self.metadata.id
    }

    /// `status.state`.
    pub fn state(&self) -> Option<&SavepointState> {
        self.status.as_ref()?.state.as_ref()
    }

    /// `spec.savepointLocation`.
    pub fn location(&self) -> Option<&str> {
        self.spec.savepoint_location.as_deref()
    }
}

/// `metadata` of a Savepoint.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SavepointMetadata {
    /// Server-assigned id (savepoints have no name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Uuid>,
    /// The VVP namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// When created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<DateTime<Utc>>,
    /// When last modified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_at: Option<DateTime<Utc>>,
    /// The Deployment it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_id: Option<Uuid>,
    /// The Job it was taken from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_id: Option<Uuid>,
    /// Why it exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<SavepointOrigin>,
    /// Full or incremental (2.7+).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<SavepointType>,
    /// Annotations (e.g. `com.dataartisans.appmanager.controller.deployment.spec.version`).
    #[serde(
        default,
        deserialize_with = "string_map::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub annotations: Option<BTreeMap<String, String>>,
    /// Bumped on every change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_version: Option<i64>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `spec` of a Savepoint.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SavepointSpec {
    /// Where the snapshot is stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub savepoint_location: Option<String>,
    /// Flink's id of the snapshot (to register an existing one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flink_savepoint_id: Option<Uuid>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `status` of a Savepoint.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SavepointStatus {
    /// Observed state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<SavepointState>,
    /// Why it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<Failure>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}
