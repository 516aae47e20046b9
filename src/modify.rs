//! [`Api::modify`]: read, change a typed copy, send only the difference.

use crate::api::Api;
use crate::error::Result;
use crate::name::Ref;
use crate::patch::MergePatch;
use crate::resource::{Gettable, Patchable};

impl<K: Gettable + Patchable> Api<K> {
    /// Read the object, let `change` edit a typed copy, and send only the difference as a
    /// JSON merge patch ([`MergePatch::diff`] of the object as read and as changed).
    /// Returns the object as patched, or as read when `change` changed nothing (then no
    /// `PATCH` is sent).
    ///
    /// Fields the crate does not know (kept in the `extra` maps) are never sent back
    /// unless `change` edits them, and fields `change` does not touch are not sent at all,
    /// so concurrent edits of other fields are not overwritten. Setting an `Option` field
    /// to `None` removes the field (`null` in the patch). Arrays are sent whole when they
    /// changed (a limit of RFC 7386).
    ///
    /// ```no_run
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// let deployments = client.deployments("default");
    /// // PATCH {"spec":{"template":{"spec":{"parallelism":4}}}}
    /// let d = deployments
    ///     .modify("top-speed", |d| d.spec.template_spec_mut().parallelism = Some(4))
    ///     .await?;
    /// // Switch from a session cluster to a deployment target:
    /// // PATCH {"spec":{"sessionClusterName":null,"deploymentTargetName":"k8s"}}
    /// deployments
    ///     .modify("top-speed", |d| {
    ///         d.spec.session_cluster_name = None;
    ///         d.spec.deployment_target_name = Some("k8s".into());
    ///     })
    ///     .await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Api::get`] and [`Api::patch`]; [`Error::Encode`](crate::Error::Encode) if the
    /// object cannot be represented as JSON.
    pub async fn modify<F>(&self, id: impl Into<Ref>, change: F) -> Result<K>
    where
        F: FnOnce(&mut K),
    {
        let id = id.into();
        let before = self.get(&id).await?;
        let mut after = before.clone();
        change(&mut after);
        let patch = MergePatch::diff(&before, &after)?;
        if patch.is_empty() {
            return Ok(before);
        }
        self.patch(id, &patch).await
    }
}

impl crate::api::DeploymentDefaultsApi {
    /// Read the namespace's deployment defaults, let `change` edit a typed copy, and
    /// `PATCH` only the difference (nothing when `change` changed nothing); see
    /// [`Api::modify`].
    ///
    /// ```no_run
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// // PATCH {"spec":{"sessionClusterName":null,"deploymentTargetName":"k8s"}}
    /// client
    ///     .deployment_defaults("default")
    ///     .modify(|d| {
    ///         d.spec.session_cluster_name = None;
    ///         d.spec.deployment_target_name = Some("k8s".into());
    ///     })
    ///     .await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`get`](crate::DeploymentDefaultsApi::get) and
    /// [`patch`](crate::DeploymentDefaultsApi::patch).
    pub async fn modify<F>(&self, change: F) -> Result<crate::types::DeploymentDefaults>
    where
        F: FnOnce(&mut crate::types::DeploymentDefaults),
    {
        let before = self.get().await?;
        let mut after = before.clone();
        change(&mut after);
        let patch = MergePatch::diff(&before, &after)?;
        if patch.is_empty() {
            return Ok(before);
        }
        self.patch(&patch).await
    }
}
