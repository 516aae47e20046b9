//! [`Event`]: something the Application Manager did (list only, filter by ids).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::common::{is_default, null_as_default, Extra};
use super::enums::EventName;

/// An Event. `metadata.name` says what happened, `spec.message` says it in words.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    /// `"Event"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// `"v1"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// What happened, to which resource, when.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "is_default"
    )]
    pub metadata: EventMetadata,
    /// The message.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "is_default"
    )]
    pub spec: EventSpec,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

impl Event {
    /// `metadata.name`: what happened.
    pub fn event_name(&self) -> Option<&EventName> {
        self.metadata.name.as_ref()
    }

    /// `spec.message`.
    pub fn message(&self) -> Option<&str> {
        self.spec.message.as_deref()
    }

    /// `metadata.createdAt`.
    pub fn created_at(&self) -> Option<DateTime<Utc>> {
        self.metadata.created_at
    }
}

/// `metadata` of an Event.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventMetadata {
    /// Server-assigned id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Uuid>,
    /// What happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<EventName>,
    /// The VVP namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// When it happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<DateTime<Utc>>,
    /// The Deployment concerned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_id: Option<Uuid>,
    /// The Job concerned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_id: Option<Uuid>,
    /// The SessionCluster concerned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_cluster_id: Option<Uuid>,
    /// Name of the resource concerned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_name: Option<String>,
    /// Resource version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_version: Option<i64>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `spec` of an Event.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventSpec {
    /// Human-readable message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}
