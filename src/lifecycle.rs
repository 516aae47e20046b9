//! The deployment and session-cluster lifecycle, built on the waits of [`crate::wait`]:
//! [`Api<Deployment>`] also gets [`set_state`](Api::set_state), [`start`](Api::start),
//! [`suspend`](Api::suspend), [`cancel`](Api::cancel),
//! [`cancel_and_delete`](Api::cancel_and_delete) and
//! [`take_savepoint`](Api::take_savepoint).
//!
//! Layer: a helper above the handles and [`crate::wait`].

use crate::api::Api;
use crate::error::{Error, Result};
use crate::name::Ref;
use crate::patch::MergePatch;
use crate::types::{
    Deployment, DeploymentState, Savepoint, SavepointMetadata, SavepointState, SessionCluster,
    SessionClusterState,
};
use crate::wait::{
    await_condition, conditions, poll, typed_failure, unreachable_absent, wait_for_observed_state,
    Condition, Step, WaitParams,
};

impl Api<Deployment> {
    /// Poll until the Deployment's observed state (`status.state`) is `state`; returns
    /// the Deployment as last read.
    ///
    /// Fails fast with [`Error::ResourceFailed`] (message: the failure or the true
    /// conditions, e.g. `JobFailing: ...`) if the Deployment is `FAILED` while waiting for
    /// another state. A `FAILED` already there when the wait starts counts only after
    /// [`WaitParams::failure_grace`] (it may be the old state of a Deployment you just
    /// restarted). A missing Deployment is waited for, not an error.
    ///
    /// ```no_run
    /// use vvp::types::DeploymentState;
    /// use vvp::WaitParams;
    ///
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// let deployments = client.deployments("default");
    /// deployments.start("top-speed").await?;
    /// match deployments.wait_for_state("top-speed", DeploymentState::Running, &WaitParams::default()).await {
    ///     Ok(d) => println!("running job {:?}", d.running_job_id()),
    ///     Err(vvp::Error::ResourceFailed { message, .. }) => eprintln!("failed: {message:?}"),
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::ResourceFailed`], [`Error::WaitTimeout`], or any error of
    /// [`Api::get_opt`].
    pub async fn wait_for_state(
        &self,
        name: impl Into<Ref>,
        state: DeploymentState,
        params: &WaitParams,
    ) -> Result<Deployment> {
        wait_for_observed_state(self, name.into(), state, params).await
    }

    /// Set the desired state (`PATCH {"spec":{"state": ..}}`); returns the patched
    /// Deployment. Does not wait; see [`Api::wait_for_state`].
    ///
    /// ```no_run
    /// use vvp::types::DeploymentState;
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// client.deployments("default").set_state("top-speed", DeploymentState::Suspended).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Api::patch`]; the server rejects status-only states such as `TRANSITIONING`
    /// ([`Error::Validation`]).
    pub async fn set_state(
        &self,
        name: impl Into<Ref>,
        state: DeploymentState,
    ) -> Result<Deployment> {
        let patch = MergePatch::new().set("/spec/state", state.as_str());
        self.patch(name, &patch).await
    }

    /// Shorthand for [`set_state`](Api::set_state) with `RUNNING`.
    ///
    /// ```no_run
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// client.deployments("default").start("top-speed").await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Api::patch`].
    pub async fn start(&self, name: impl Into<Ref>) -> Result<Deployment> {
        self.set_state(name, DeploymentState::Running).await
    }

    /// Shorthand for [`set_state`](Api::set_state) with `SUSPENDED` (stop with a
    /// savepoint).
    ///
    /// ```no_run
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// client.deployments("default").suspend("top-speed").await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Api::patch`].
    pub async fn suspend(&self, name: impl Into<Ref>) -> Result<Deployment> {
        self.set_state(name, DeploymentState::Suspended).await
    }

    /// Shorthand for [`set_state`](Api::set_state) with `CANCELLED` (stop without a
    /// savepoint).
    ///
    /// ```no_run
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// client.deployments("default").cancel("top-speed").await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Api::patch`].
    pub async fn cancel(&self, name: impl Into<Ref>) -> Result<Deployment> {
        self.set_state(name, DeploymentState::Cancelled).await
    }

    /// Delete a Deployment whatever its state: if it is not already stopped, cancel it
    /// and wait until `status.state` is `CANCELLED`, then delete it. A Deployment that
    /// does not exist (or disappears meanwhile) is fine: `Ok(())`.
    ///
    /// Steps: `GET`; if desired and observed state are both `SUSPENDED` (deletable since
    /// 2.7) or both `CANCELLED`, `DELETE` at once (a `409` from an older server falls
    /// back to cancelling); otherwise `PATCH {"spec":{"state":"CANCELLED"}}`, poll until
    /// `CANCELLED`, `DELETE`.
    ///
    /// ```no_run
    /// use vvp::WaitParams;
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// client.deployments("default").cancel_and_delete("top-speed", &WaitParams::default()).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::WaitTimeout`] if it does not reach `CANCELLED` in time; [`Error::InvalidName`]
    /// (nothing sent); other errors of the `GET`, `PATCH` and `DELETE`.
    pub async fn cancel_and_delete(&self, name: impl Into<Ref>, params: &WaitParams) -> Result<()> {
        let id = name.into();
        let Some(current) = self.get_opt(&id).await? else {
            return Ok(());
        };
        let stopped = |s: &DeploymentState| {
            current.desired_state() == Some(s) && current.status_state() == Some(s)
        };
        if stopped(&DeploymentState::Cancelled) || stopped(&DeploymentState::Suspended) {
            match self.delete(&id).await {
                Ok(()) => return Ok(()),
                Err(e) if e.is_not_found() => return Ok(()),
                // Older servers delete only CANCELLED deployments.
                Err(e) if e.is_conflict() => {}
                Err(e) => return Err(e),
            }
        }
        match self.cancel(&id).await {
            Ok(_) => {}
            Err(e) if e.is_not_found() => return Ok(()),
            Err(e) => return Err(e),
        }
        let cancelled_or_gone = conditions::deployment_in_state(DeploymentState::Cancelled)
            .or(conditions::is_deleted());
        if await_condition(self, &id, cancelled_or_gone, params)
            .await?
            .is_none()
        {
            return Ok(());
        }
        match self.delete(&id).await {
            Err(e) if e.is_not_found() => Ok(()),
            other => other,
        }
    }

    /// Take a savepoint of a running Deployment and wait until it is `COMPLETED`.
    ///
    /// Reads the Deployment (by name or id) for its id, `POST`s
    /// `{"metadata":{"deploymentId": ..}}` to `savepoints`, then polls the new Savepoint.
    ///
    /// ```no_run
    /// use vvp::WaitParams;
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// let sp = client
    ///     .deployments("default")
    ///     .take_savepoint("top-speed", &WaitParams::default())
    ///     .await?;
    /// println!("savepoint at {:?}", sp.location());
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::is_not_found`] if the Deployment does not exist; the server's error if it
    /// cannot take one (e.g. no running job); [`Error::ResourceFailed`] with
    /// `status.failure` if the Savepoint `FAILED`; [`Error::WaitTimeout`];
    /// [`Error::Decode`] if the created Savepoint has no `metadata.id`.
    pub async fn take_savepoint(
        &self,
        deployment: impl Into<Ref>,
        params: &WaitParams,
    ) -> Result<Savepoint> {
        let deployment = self.get(deployment).await?;
        let deployment_id = deployment
            .id()
            .ok_or_else(|| missing_field("metadata.id", "Deployment"))?;
        let savepoints = self.client().savepoints(self.namespace());
        let request = Savepoint {
            metadata: SavepointMetadata {
                deployment_id: Some(deployment_id),
                ..SavepointMetadata::default()
            },
            ..Savepoint::default()
        };
        let created = savepoints.create(&request).await?;
        let savepoint_id = created
            .id()
            .ok_or_else(|| missing_field("metadata.id", "Savepoint"))?;
        let obj = poll(
            &savepoints,
            Ref::Id(savepoint_id),
            params,
            |obj, _| match obj.and_then(Savepoint::state) {
                Some(SavepointState::Completed) => Step::Done,
                Some(SavepointState::Failed) => Step::Fail(Error::ResourceFailed {
                    kind: "Savepoint",
                    id: savepoint_id.to_string(),
                    state: SavepointState::Failed.to_string(),
                    expected: SavepointState::Completed.to_string(),
                    message: typed_failure(obj.and_then(|s| s.status.as_ref()?.failure.as_ref())),
                }),
                _ => Step::Continue,
            },
        )
        .await?;
        obj.ok_or_else(|| unreachable_absent("Savepoint"))
    }
}

impl Api<SessionCluster> {
    /// Poll until the SessionCluster's observed state is `state`; fails fast with
    /// [`Error::ResourceFailed`] (message from `status.failure`) if it is `FAILED` while
    /// waiting for another state (an initial `FAILED` counts after
    /// [`WaitParams::failure_grace`], as for [`Api::wait_for_state`] of deployments).
    ///
    /// ```no_run
    /// use vvp::types::SessionClusterState;
    /// use vvp::WaitParams;
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// client
    ///     .session_clusters("default")
    ///     .wait_for_state("sql-cluster", SessionClusterState::Running, &WaitParams::default())
    ///     .await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::ResourceFailed`], [`Error::WaitTimeout`], or any error of
    /// [`Api::get_opt`].
    pub async fn wait_for_state(
        &self,
        name: impl Into<Ref>,
        state: SessionClusterState,
        params: &WaitParams,
    ) -> Result<SessionCluster> {
        wait_for_observed_state(self, name.into(), state, params).await
    }
}

fn missing_field(path: &str, kind: &str) -> Error {
    Error::Decode {
        status: None,
        path: path.to_owned(),
        source: format!("the server's {kind} has no {path}").into(),
    }
}
