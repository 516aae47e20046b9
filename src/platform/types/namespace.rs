//! Namespaces and API tokens (`/namespaces/v1`, `/apitokens/v1`): the open enums and the
//! behaviour of the generated [`Namespace`], [`RoleBinding`] and [`ApiToken`].

use super::{last_segment, ApiToken, Namespace, RoleBinding};
use crate::platform::envelope::envelope;
use crate::types::open_enum;

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
        self.role_bindings.push(binding);
        self
    }

    /// The short name (`default` for `namespaces/default`).
    pub fn short_name(&self) -> Option<&str> {
        self.name.as_deref().map(last_segment)
    }
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
            members: members.into_iter().map(Into::into).collect(),
            ..Default::default()
        }
    }
}

envelope!(ApiToken, "apiToken", "apiTokens");

impl ApiToken {
    /// The short name (`ci` for `namespaces/default/apitokens/ci`).
    pub fn short_name(&self) -> Option<&str> {
        self.name.as_deref().map(last_segment)
    }
}
