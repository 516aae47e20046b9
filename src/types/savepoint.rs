//! [`Savepoint`]: a snapshot of a Deployment's state, addressed by id only.

use uuid::Uuid;

use super::object::resource;
use super::{Savepoint, SavepointMetadata, SavepointState};

resource! {
    Savepoint {
        kind: "Savepoint",
        path: "savepoints",
        names: Dns,
        addressing: IdOnly,
        // DELETE (2.7+, `force`) is handled by the core, not by a marker.
        verbs: [Gettable, Creatable],
        name: |_s| None,
    }
}

impl Savepoint {
    /// A request to take a savepoint of Deployment `deployment_id` (the server takes it from
    /// the Deployment's running job); poll [`Savepoint::state`] until `COMPLETED`.
    ///
    /// ```
    /// let id = uuid::Uuid::nil();
    /// let sp = vvp::types::Savepoint::for_deployment(id);
    /// assert_eq!(sp.metadata.deployment_id, Some(id));
    /// ```
    pub fn for_deployment(deployment_id: Uuid) -> Self {
        Self {
            metadata: SavepointMetadata {
                deployment_id: Some(deployment_id),
                ..SavepointMetadata::default()
            },
            ..Self::object()
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
