//! Stopping a deployment with options: draining (`suspend_with`, `cancel_with`).
//!
//! Ververica Platform drains a job when the deployment carries the annotation
//! [`DRAIN_ANNOTATION`] with the value `"true"`: before the stop-with-savepoint it emits the
//! maximum watermark, so every event-time timer fires (windows close, nothing is left in
//! state). Per Ververica's documentation this applies to suspensions and stateful upgrades
//! for as long as the annotation is set; whether a cancel drains is not documented.

use crate::types::{Deployment, DeploymentState};
use crate::{Api, MergePatch, Ref, Result};

/// The deployment annotation that makes VVP drain the job when stopping it.
pub const DRAIN_ANNOTATION: &str =
    "com.dataartisans.appmanager.controller.deployment.stop-with-drain";

/// How to stop a deployment; see [`Api::suspend_with`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct StopParams {
    /// `Some(true)`: set [`DRAIN_ANNOTATION`] to `"true"`; `Some(false)`: remove it;
    /// `None` (default): leave the annotation as it is.
    pub drain: Option<bool>,
}

impl StopParams {
    /// Drain (`true`) or explicitly do not drain (`false`, removes the annotation).
    #[must_use]
    pub fn drain(mut self, drain: bool) -> Self {
        self.drain = Some(drain);
        self
    }

    fn patch(&self, state: DeploymentState) -> MergePatch {
        let patch = MergePatch::new().set("/spec/state", state.as_str());
        let pointer = format!("/metadata/annotations/{DRAIN_ANNOTATION}");
        match self.drain {
            Some(true) => patch.set(&pointer, "true"),
            Some(false) => patch.remove(&pointer),
            None => patch,
        }
    }
}

impl Api<Deployment> {
    /// Suspends (stop with a savepoint) in one merge patch that also sets or removes the
    /// drain annotation.
    ///
    /// ```no_run
    /// use vvp::StopParams;
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// // PATCH {"metadata":{"annotations":{"com.dataartisans...stop-with-drain":"true"}},
    /// //        "spec":{"state":"SUSPENDED"}}
    /// client.deployments("default").suspend_with("top-speed", &StopParams::default().drain(true)).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Api::patch`].
    pub async fn suspend_with(
        &self,
        name: impl Into<Ref>,
        params: &StopParams,
    ) -> Result<Deployment> {
        self.patch(name, &params.patch(DeploymentState::Suspended))
            .await
    }

    /// Cancels (stop without a savepoint), setting or removing the drain annotation in the
    /// same merge patch. See the [module docs](crate::stop) on what VVP documents.
    ///
    /// # Errors
    ///
    /// As [`Api::patch`].
    pub async fn cancel_with(
        &self,
        name: impl Into<Ref>,
        params: &StopParams,
    ) -> Result<Deployment> {
        self.patch(name, &params.patch(DeploymentState::Cancelled))
            .await
    }
}
