//! Ready-made [`Condition`]s (also at `vvp::conditions`) and the combinator types.
//!
//! ```
//! use vvp::conditions::{deployment_in_state, savepoint_completed};
//! use vvp::types::{Deployment, DeploymentState, DeploymentStatus};
//! use vvp::Condition;
//!
//! let mut d = Deployment::new("top-speed");
//! d.status = Some(DeploymentStatus { state: Some(DeploymentState::Running), ..Default::default() });
//! assert!(deployment_in_state(DeploymentState::Running).matches_object(Some(&d)));
//! assert!(!savepoint_completed().matches_object(None));
//! ```

use super::Condition;
use crate::types::{
    Deployment, DeploymentState, Job, JobState, Savepoint, SavepointState, SessionCluster,
    SessionClusterState,
};

/// See [`Condition::not`].
#[derive(Debug, Clone, Copy)]
pub struct Not<A>(pub(crate) A);

/// See [`Condition::and`].
#[derive(Debug, Clone, Copy)]
pub struct And<A, B>(pub(crate) A, pub(super) B);

/// See [`Condition::or`].
#[derive(Debug, Clone, Copy)]
pub struct Or<A, B>(pub(crate) A, pub(super) B);

impl<K, A: Condition<K>> Condition<K> for Not<A> {
    fn matches_object(&self, obj: Option<&K>) -> bool {
        !self.0.matches_object(obj)
    }
}

impl<K, A: Condition<K>, B: Condition<K>> Condition<K> for And<A, B> {
    fn matches_object(&self, obj: Option<&K>) -> bool {
        self.0.matches_object(obj) && self.1.matches_object(obj)
    }
}

impl<K, A: Condition<K>, B: Condition<K>> Condition<K> for Or<A, B> {
    fn matches_object(&self, obj: Option<&K>) -> bool {
        self.0.matches_object(obj) || self.1.matches_object(obj)
    }
}

/// The object does not exist (any kind).
///
/// ```
/// use vvp::conditions::is_deleted;
/// use vvp::types::Deployment;
/// use vvp::Condition;
///
/// assert!(is_deleted::<Deployment>().matches_object(None));
/// ```
pub fn is_deleted<K>() -> impl Condition<K> + Clone + Send + Sync + 'static {
    |obj: Option<&K>| obj.is_none()
}

/// The object exists (any kind).
///
/// ```
/// use vvp::conditions::exists;
/// use vvp::types::Deployment;
/// use vvp::Condition;
///
/// assert!(exists().matches_object(Some(&Deployment::new("d"))));
/// ```
pub fn exists<K>() -> impl Condition<K> + Clone + Send + Sync + 'static {
    |obj: Option<&K>| obj.is_some()
}

/// The Deployment's observed state (`status.state`) is `state`.
///
/// ```
/// use vvp::conditions::deployment_in_state;
/// use vvp::types::DeploymentState;
/// use vvp::Condition;
///
/// assert!(!deployment_in_state(DeploymentState::Running).matches_object(None));
/// ```
pub fn deployment_in_state(
    state: DeploymentState,
) -> impl Condition<Deployment> + Clone + Send + Sync + 'static {
    move |obj: Option<&Deployment>| obj.and_then(Deployment::status_state) == Some(&state)
}

/// The Deployment's observed state is `FAILED`.
///
/// ```
/// use vvp::conditions::deployment_failed;
/// use vvp::Condition;
///
/// assert!(!deployment_failed().matches_object(None));
/// ```
pub fn deployment_failed() -> impl Condition<Deployment> + Clone + Send + Sync + 'static {
    deployment_in_state(DeploymentState::Failed)
}

/// The Job's state (`status.state`) is `state`.
///
/// ```
/// use vvp::conditions::job_in_state;
/// use vvp::types::JobState;
/// use vvp::Condition;
///
/// assert!(!job_in_state(JobState::Started).matches_object(None));
/// ```
pub fn job_in_state(state: JobState) -> impl Condition<Job> + Clone + Send + Sync + 'static {
    move |obj: Option<&Job>| obj.and_then(Job::state) == Some(&state)
}

/// The Job is in a terminal state (`FAILED`, `TERMINATED`, `FINISHED`).
///
/// ```
/// use vvp::conditions::job_terminal;
/// use vvp::Condition;
///
/// assert!(!job_terminal().matches_object(None));
/// ```
pub fn job_terminal() -> impl Condition<Job> + Clone + Send + Sync + 'static {
    |obj: Option<&Job>| obj.and_then(Job::state).is_some_and(JobState::is_terminal)
}

/// The Savepoint's state (`status.state`) is `state`.
///
/// ```
/// use vvp::conditions::savepoint_in_state;
/// use vvp::types::SavepointState;
/// use vvp::Condition;
///
/// assert!(!savepoint_in_state(SavepointState::Failed).matches_object(None));
/// ```
pub fn savepoint_in_state(
    state: SavepointState,
) -> impl Condition<Savepoint> + Clone + Send + Sync + 'static {
    move |obj: Option<&Savepoint>| obj.and_then(Savepoint::state) == Some(&state)
}

/// The Savepoint is `COMPLETED`.
///
/// ```
/// use vvp::conditions::savepoint_completed;
/// use vvp::Condition;
///
/// assert!(!savepoint_completed().matches_object(None));
/// ```
pub fn savepoint_completed() -> impl Condition<Savepoint> + Clone + Send + Sync + 'static {
    savepoint_in_state(SavepointState::Completed)
}

/// The SessionCluster's observed state (`status.state`) is `state`.
///
/// ```
/// use vvp::conditions::session_cluster_in_state;
/// use vvp::types::SessionClusterState;
/// use vvp::Condition;
///
/// assert!(!session_cluster_in_state(SessionClusterState::Running).matches_object(None));
/// ```
pub fn session_cluster_in_state(
    state: SessionClusterState,
) -> impl Condition<SessionCluster> + Clone + Send + Sync + 'static {
    move |obj: Option<&SessionCluster>| obj.and_then(SessionCluster::status_state) == Some(&state)
}
