//! [`Job`]: one run of a Deployment (created by the platform, read-only, id-addressed).

use uuid::Uuid;

use super::object::resource;
use super::{Job, JobState};

resource! {
    Job {
        kind: "Job",
        path: "jobs",
        names: Dns,
        addressing: IdOnly,
        verbs: [Gettable],
        name: |_s| None,
    }
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
