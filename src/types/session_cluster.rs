//! [`SessionCluster`]: a long-running Flink cluster shared by Deployments (and SQL previews).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::common::{
    is_default, lenient_string, null_as_default, string_map, Extra, Failure, KubernetesOptions,
    Logging, ObjectMeta, Resources,
};
use super::enums::SessionClusterState;

/// A SessionCluster.
///
/// ```
/// use vvp::types::*;
/// let mut sc = SessionCluster::new("sql-previews");
/// sc.spec.state = Some(SessionClusterState::Running);
/// sc.spec.deployment_target_name = Some("vvp-jobs".into());
/// sc.spec.flink_version = Some("1.19".into());
/// assert_eq!(sc.desired_state(), Some(&SessionClusterState::Running));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionCluster {
    /// `"SessionCluster"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// `"v1"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// Metadata.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "is_default"
    )]
    pub metadata: ObjectMeta,
    /// The desired cluster.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "is_default"
    )]
    pub spec: SessionClusterSpec,
    /// What the platform observed (server-managed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<SessionClusterStatus>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

impl SessionCluster {
    /// A SessionCluster named `name` (`kind`/`apiVersion` set, empty spec).
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            kind: Some("SessionCluster".to_owned()),
            api_version: Some("v1".to_owned()),
            metadata: ObjectMeta::named(name),
            ..Self::default()
        }
    }

    /// `spec.state`: `RUNNING` or `STOPPED`.
    pub fn desired_state(&self) -> Option<&SessionClusterState> {
        self.spec.state.as_ref()
    }

    /// `status.state`.
    pub fn status_state(&self) -> Option<&SessionClusterState> {
        self.status.as_ref()?.state.as_ref()
    }
}

/// `spec` of a SessionCluster.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionClusterSpec {
    /// Desired state: `RUNNING` or `STOPPED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<SessionClusterState>,
    /// The DeploymentTarget to run on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_target_name: Option<String>,
    /// Flink version, e.g. `"1.19"` (numbers accepted, see [`crate::types::JarArtifact::flink_version`]).
    #[serde(
        default,
        deserialize_with = "lenient_string::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub flink_version: Option<String>,
    /// Flink image registry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flink_image_registry: Option<String>,
    /// Flink image repository.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flink_image_repository: Option<String>,
    /// Flink image tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flink_image_tag: Option<String>,
    /// Number of TaskManagers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_of_task_managers: Option<i32>,
    /// JobManager/TaskManager CPU and memory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Resources>,
    /// Flink configuration (numbers and booleans accepted, stringified).
    #[serde(
        default,
        deserialize_with = "string_map::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub flink_configuration: Option<BTreeMap<String, String>>,
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

/// `status` of a SessionCluster.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionClusterStatus {
    /// Observed state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<SessionClusterState>,
    /// Why it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<Failure>,
    /// Details while running.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub running: Option<SessionClusterStatusRunning>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `status.running` of a SessionCluster.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionClusterStatusRunning {
    /// When the cluster started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<DateTime<Utc>>,
    /// When the status was last updated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_update_time: Option<DateTime<Utc>>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}
