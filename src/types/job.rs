//! [`Job`]: one run of a Deployment (created by the platform, read-only, id-addressed).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::artifact::Artifact;
use super::common::{
    is_default, null_as_default, string_map, Extra, Failure, KubernetesOptions, KubernetesTarget,
    Logging, Resources,
};
use super::enums::{FlinkJobStatus, JobState};

/// A Job: an immutable snapshot of a Deployment's spec, started on Flink. Terminal Jobs
/// are kept.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Job {
    /// `"Job"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// `"v1"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// Metadata (deployment, session cluster, termination time).
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "is_default"
    )]
    pub metadata: JobMetadata,
    /// What runs.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "is_default"
    )]
    pub spec: JobSpec,
    /// State.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<JobStatus>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

impl Job {
    /// `metadata.id`.
    pub fn id(&self) -> Option<Uuid> {
        self.metadata.id
    }

    /// `metadata.deploymentId`.
    pub fn deployment_id(&self) -> Option<Uuid> {
        self.metadata.deployment_id
    }

    /// `status.state`.
    pub fn state(&self) -> Option<&JobState> {
        self.status.as_ref()?.state.as_ref()
    }

    /// `status.started.flinkJobId`: the id in Flink (the Job id without dashes).
    pub fn flink_job_id(&self) -> Option<&str> {
        self.status
            .as_ref()?
            .started
            .as_ref()?
            .flink_job_id
            .as_deref()
    }
}

/// `metadata` of a Job.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobMetadata {
    /// Server-assigned id (jobs have no name).
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
    /// When it terminated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminated_at: Option<DateTime<Utc>>,
    /// The Deployment it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_id: Option<Uuid>,
    /// That Deployment's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_name: Option<String>,
    /// The SessionCluster it runs on, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_cluster_name: Option<String>,
    /// Annotations.
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

/// `spec` of a Job: the Deployment template as it was when the Job started.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobSpec {
    /// What runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact: Option<Artifact>,
    /// Effective Flink configuration.
    #[serde(
        default,
        deserialize_with = "string_map::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub flink_configuration: Option<BTreeMap<String, String>>,
    /// Flink configuration as the user gave it.
    #[serde(
        default,
        deserialize_with = "string_map::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub user_flink_configuration: Option<BTreeMap<String, String>>,
    /// Parallelism.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parallelism: Option<i32>,
    /// Number of TaskManagers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_of_task_managers: Option<i32>,
    /// CPU and memory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Resources>,
    /// Logging.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logging: Option<Logging>,
    /// Kubernetes pod options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kubernetes: Option<KubernetesOptions>,
    /// Where it runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_target: Option<JobDeploymentTarget>,
    /// The savepoint it restored from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub savepoint_location: Option<String>,
    /// Whether unmapped savepoint state was allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_non_restored_state: Option<bool>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `spec.deploymentTarget` of a Job.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobDeploymentTarget {
    /// The Kubernetes namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kubernetes: Option<KubernetesTarget>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `status` of a Job.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobStatus {
    /// Observed state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<JobState>,
    /// Details once started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started: Option<JobStatusStarted>,
    /// Why it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<Failure>,
    /// Tables the (SQL) job reads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_tables: Option<Vec<JobTable>>,
    /// Tables the (SQL) job writes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sink_tables: Option<Vec<JobTable>>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `status.started` of a Job.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobStatusStarted {
    /// The job id in Flink.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flink_job_id: Option<String>,
    /// When it started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<DateTime<Utc>>,
    /// When the status was last updated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_update_time: Option<DateTime<Utc>>,
    /// Flink's job status as last observed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_flink_job_status: Option<FlinkJobStatus>,
    /// Restarts observed in Flink.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_flink_job_restarts: Option<i32>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// A table a SQL job reads or writes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobTable {
    /// Catalog.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog_name: Option<String>,
    /// Database.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database_name: Option<String>,
    /// Table name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Columns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub columns: Option<Vec<JobTableColumn>>,
    /// Connector properties.
    #[serde(
        default,
        deserialize_with = "string_map::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub properties: Option<BTreeMap<String, String>>,
    /// A temporary table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temporary: Option<bool>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// A column of a [`JobTable`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobTableColumn {
    /// Column name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// SQL type.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}
