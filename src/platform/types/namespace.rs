//! Namespaces and API tokens (`/namespaces/v1`, `/apitokens/v1`).

use super::{last_segment, Secret};
use crate::platform::envelope::envelope;
use crate::types::open_enum;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

open_enum! {
    /// A role in a namespace (role bindings and API tokens). Lower-case on the wire.
    pub enum Role {
        /// May read resources.
        Viewer = "viewer",
        /// May read and change resources.
        Editor = "editor",
        /// May also manage role bindings and API tokens.
        Owner = "owner",
    }
}

open_enum! {
    /// The lifecycle phase of a namespace.
    pub enum LifecyclePhase {
        /// Protobuf default value; not sent by a healthy server.
        Invalid = "LIFECYCLE_PHASE_INVALID",
        /// The namespace is usable.
        Active = "LIFECYCLE_PHASE_ACTIVE",
        /// The namespace is being deleted; nothing can be created in it.
        Terminating = "LIFECYCLE_PHASE_TERMINATING",
        /// The server did not recognize the value.
        Unrecognized = "UNRECOGNIZED",
    }
}

/// A namespace. Its `name` is fully qualified: `namespaces/<name>`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Namespace {
    /// Fully-qualified name, `namespaces/<name>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Who may do what in the namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_bindings: Option<Vec<RoleBinding>>,
    /// When the namespace was created (server-managed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_time: Option<DateTime<Utc>>,
    /// Lifecycle phase (server-managed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifecycle_phase: Option<LifecyclePhase>,
    /// The session cluster used for SQL previews (VVP 2.4+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preview_session_cluster_name: Option<String>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
envelope!(Namespace, "namespace", "namespaces");

impl Namespace {
    /// A namespace named `namespaces/<short_name>` with no other fields set.
    pub fn new(short_name: &str) -> Self {
        Namespace {
            name: Some(format!("namespaces/{short_name}")),
            ..Default::default()
        }
    }

    /// Adds a role binding.
    #[must_use]
    pub fn with_role_binding(mut self, binding: RoleBinding) -> Self {
        self.role_bindings
            .get_or_insert_with(Vec::new)
            .push(binding);
        self
    }

    /// The short name (`default` for `namespaces/default`).
    pub fn short_name(&self) -> Option<&str> {
        self.name.as_deref().map(last_segment)
    }
}

/// Grants a role to members (`system:authenticated`, `user:<name>`, `group:<name>`, ...).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleBinding {
    /// The granted role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// Who gets the role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members: Option<Vec<String>>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl RoleBinding {
    /// Grants `role` to `members`.
    pub fn new<I, S>(role: Role, members: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        RoleBinding {
            role: Some(role),
            members: Some(members.into_iter().map(Into::into).collect()),
            extra: Map::new(),
        }
    }
}

/// Body of `POST /namespaces/v1/namespaces/{ns}:setPreviewSessionCluster`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SetPreviewSessionClusterRequest {
    /// Fully-qualified namespace name (optional; the path names the namespace).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The session cluster to use for SQL previews.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preview_session_cluster_name: Option<String>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An API token. Its `name` is fully qualified: `namespaces/<ns>/apitokens/<name>`.
///
/// The `secret` is only ever returned by the create call; it is wrapped in [`Secret`], so
/// `Debug` output of a token never shows it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiToken {
    /// Fully-qualified name, `namespaces/<ns>/apitokens/<name>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The role the token grants in its namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// The bearer secret; present only in the response of the create call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<Secret>,
    /// When the token was created (server-managed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_time: Option<DateTime<Utc>>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
envelope!(ApiToken, "apiToken", "apiTokens");

impl ApiToken {
    /// The short name (`ci` for `namespaces/default/apitokens/ci`).
    pub fn short_name(&self) -> Option<&str> {
        self.name.as_deref().map(last_segment)
    }
}
