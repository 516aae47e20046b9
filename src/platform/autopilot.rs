//! [`AutopilotApi`]: `/autopilot/v1alpha1/namespaces/{ns}`.

use crate::error::Result;
use crate::name::Ref;
use crate::platform::common::{json_request, many, one, Collection};
use crate::platform::types::{
    AutopilotPolicy, AutopilotPolicyRecommendation, AutopilotPolicyStatus,
};
use crate::request::{Request, UrlPath};
use crate::types::Deployment;
use crate::Client;
use std::fmt;

/// Autopilot policies of the deployments in one namespace (VVP 2.4+, `v1alpha1`). Get one
/// with [`Client::autopilot`].
///
/// A deployment is given by name or id ([`Ref`]), checked like any deployment reference.
///
/// ```no_run
/// use vvp::platform::types::AutopilotMode;
/// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
/// let autopilot = client.autopilot("default");
/// let mut policy = autopilot.get_policy("top-speed").await?;
/// policy.mode = Some(AutopilotMode::Monitoring);
/// autopilot.update_policy("top-speed", &policy).await?;
/// let advice = autopilot.recommendation("top-speed").await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct AutopilotApi {
    c: Collection,
}

impl fmt::Debug for AutopilotApi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AutopilotApi")
            .field("namespace", &self.c.namespace)
            .finish_non_exhaustive()
    }
}

impl AutopilotApi {
    pub(crate) fn new(client: Client, namespace: String) -> Self {
        AutopilotApi {
            c: Collection::new(
                client,
                namespace,
                "autopilot/v1alpha1/namespaces",
                "deployments",
                "Deployment",
            ),
        }
    }

    /// The namespace this handle is bound to.
    pub fn namespace(&self) -> &str {
        &self.c.namespace
    }

    /// `.../deployments/{deployment}/autopilotpolicy`.
    fn policy_path(&self, deployment: Ref) -> Result<UrlPath> {
        let path = self.c.path()?;
        let segment = deployment.segment_for::<Deployment>()?;
        Ok(path.seg(segment).lit("autopilotpolicy"))
    }

    /// The policies of all deployments (`GET /autopilot/v1alpha1/namespaces/{ns}`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`](crate::Error::InvalidName) for a bad namespace (nothing is
    /// sent); transport errors, the server's error answer, [`Error::Decode`](crate::Error::Decode).
    pub async fn list_policies(&self) -> Result<Vec<AutopilotPolicy>> {
        let req = json_request(Request::get(self.c.namespace_path()?));
        many(&self.c.client, req).await
    }

    /// The policy of one deployment.
    ///
    /// # Errors
    ///
    /// As [`AutopilotApi::list_policies`], plus a bad deployment name (nothing is sent)
    /// and [`Error::is_not_found`](crate::Error::is_not_found).
    pub async fn get_policy(&self, deployment: impl Into<Ref>) -> Result<AutopilotPolicy> {
        let req = json_request(Request::get(self.policy_path(deployment.into())?));
        one(&self.c.client, req).await
    }

    /// Replace the policy of one deployment (`PUT`).
    ///
    /// # Errors
    ///
    /// As [`AutopilotApi::get_policy`].
    pub async fn update_policy(
        &self,
        deployment: impl Into<Ref>,
        policy: &AutopilotPolicy,
    ) -> Result<AutopilotPolicy> {
        let req = Request::put(self.policy_path(deployment.into())?).json(policy)?;
        one(&self.c.client, req).await
    }

    /// The status of one deployment's policy (`:status`).
    ///
    /// # Errors
    ///
    /// As [`AutopilotApi::get_policy`].
    pub async fn status(&self, deployment: impl Into<Ref>) -> Result<AutopilotPolicyStatus> {
        let path = self.policy_path(deployment.into())?.verb("status");
        one(&self.c.client, json_request(Request::get(path))).await
    }

    /// What Autopilot recommends for one deployment (`:recommendation`).
    ///
    /// # Errors
    ///
    /// As [`AutopilotApi::get_policy`].
    pub async fn recommendation(
        &self,
        deployment: impl Into<Ref>,
    ) -> Result<AutopilotPolicyRecommendation> {
        let path = self.policy_path(deployment.into())?.verb("recommendation");
        one(&self.c.client, json_request(Request::get(path))).await
    }
}
