//! [`SessionCluster`]: a long-running Flink cluster shared by Deployments (and SQL previews).

use super::object::resource;
use super::{ResourceMetadata, SessionCluster, SessionClusterState};

resource! {
    SessionCluster {
        kind: "SessionCluster",
        path: "sessionclusters",
        names: Dns,
        addressing: NameOrId,
        verbs: [Gettable, Creatable, Upsertable, Patchable, Deletable],
        name: |s| s.metadata.name.as_deref(),
    }
}

impl SessionCluster {
    /// A SessionCluster named `name` (`kind`/`apiVersion` set, empty spec).
    ///
    /// ```
    /// use vvp::types::*;
    /// let mut sc = SessionCluster::new("sql-previews");
    /// sc.spec.state = Some(SessionClusterState::Running);
    /// sc.spec.deployment_target_name = Some("vvp-jobs".into());
    /// sc.spec.flink_version = Some("1.19".into());
    /// assert_eq!(sc.desired_state(), Some(&SessionClusterState::Running));
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            metadata: ResourceMetadata::named(name),
            ..Self::object()
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
