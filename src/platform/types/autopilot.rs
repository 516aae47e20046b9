//! Autopilot (`/autopilot/v1alpha1`): automatic scaling policies of deployments.

use crate::platform::envelope::envelope;
use crate::types::open_enum;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

open_enum! {
    /// How Autopilot acts on a deployment.
    pub enum AutopilotMode {
        /// Protobuf default value.
        Invalid = "AUTOPILOT_MODE_INVALID",
        /// Off.
        Disabled = "AUTOPILOT_MODE_DISABLED",
        /// Computes recommendations without applying them.
        Monitoring = "AUTOPILOT_MODE_MONITORING",
        /// Applies recommendations.
        Active = "AUTOPILOT_MODE_ACTIVE",
        /// The server did not recognize the value.
        Unrecognized = "UNRECOGNIZED",
    }
}

/// The Autopilot policy of one deployment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AutopilotPolicy {
    /// Policy name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<AutopilotMode>,
    /// When the policy was last changed (server-managed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modify_time: Option<DateTime<Utc>>,
    /// Settings of the parallelism autoscaler.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autoscaler_config: Option<AutoscalerConfig>,
    /// Settings of the "Libra" resource tuner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub libra_config: Option<LibraConfig>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
envelope!(AutopilotPolicy, "policy", "policies");

/// Settings of the parallelism autoscaler.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AutoscalerConfig {
    /// Minutes to wait between two actions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cooldown_minutes: Option<i32>,
    /// Lower bound of the parallelism.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_parallelism: Option<i32>,
    /// Upper bound of the parallelism.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_parallelism: Option<i32>,
    /// Target utilization in percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_utilization: Option<i32>,
    /// Further settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra_config: Option<BTreeMap<String, String>>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Settings of the "Libra" resource tuner.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LibraConfig {
    /// Minutes to wait between two actions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cooldown_minutes: Option<i32>,
    /// Policies (server-defined text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policies: Option<String>,
    /// Further settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra_config: Option<BTreeMap<String, String>>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

open_enum! {
    /// Health of an Autopilot policy.
    pub enum PolicyStatus {
        /// Protobuf default value.
        Invalid = "POLICY_STATUS_INVALID",
        /// Working.
        Ok = "POLICY_STATUS_OK",
        /// Failing; see the messages.
        Error = "POLICY_STATUS_ERROR",
        /// The server did not recognize the value.
        Unrecognized = "UNRECOGNIZED",
    }
}

/// The status of a deployment's Autopilot policy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AutopilotPolicyStatus {
    /// Overall health.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<PolicyStatus>,
    /// Status of the parallelism autoscaler.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autoscaler_status: Option<AutoscalerStatus>,
    /// Status of the "Libra" resource tuner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub libra_status: Option<LibraStatus>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
envelope!(AutopilotPolicyStatus, "status", _);

/// Status of the parallelism autoscaler.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AutoscalerStatus {
    /// Last status message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Metrics (server-defined text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics: Option<String>,
    /// Per-source lag and throughput.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_status: Option<Vec<AutoscalingSourceStatus>>,
    /// When the autoscaler last acted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_action_time: Option<DateTime<Utc>>,
    /// When this status was computed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_time: Option<DateTime<Utc>>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Lag and throughput of one source vertex.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AutoscalingSourceStatus {
    /// Vertex id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vertex_id: Option<String>,
    /// Task name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_name: Option<String>,
    /// Current throughput.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub throughput: Option<f64>,
    /// Estimated capacity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<f64>,
    /// Target throughput.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    /// Estimated lag in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimated_lag_seconds: Option<i32>,
    /// Estimated time to catch up, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimated_catch_up_seconds: Option<i32>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Status of the "Libra" resource tuner.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LibraStatus {
    /// Last status message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Metrics (server-defined text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics: Option<String>,
    /// When the tuner last acted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_action_time: Option<DateTime<Utc>>,
    /// When this status was computed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_time: Option<DateTime<Utc>>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What Autopilot would change in a deployment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AutopilotPolicyRecommendation {
    /// The recommended change, as a deployment patch document (text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_patch: Option<String>,
    /// Human-readable explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// When the recommendation was computed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_update_time: Option<DateTime<Utc>>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
envelope!(AutopilotPolicyRecommendation, "recommendation", _);
