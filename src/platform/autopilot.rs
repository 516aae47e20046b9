//! [`AutopilotApi`]: `/autopilot/v1alpha1/namespaces/{ns}`.

use crate::api::Api;
use crate::error::Result;
use crate::list::List;
use crate::name::Ref;
use crate::platform::common::one;
use crate::platform::handle::platform_resource;
use crate::platform::types::{
    AutopilotPolicy, AutopilotPolicyRecommendation, AutopilotPolicyStatus,
};
use crate::request::{Request, UrlPath};
use crate::types::Deployment;

/// Autopilot policies of the deployments in one namespace (VVP 2.4+, `v1alpha1`). Get one
/// with [`Client::autopilot`](crate::Client::autopilot).
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
///
/// Policies live under their deployment (`.../deployments/{deployment}/autopilotpolicy`), so
/// the kind has none of [`Api`]'s generic verbs; its methods are below.
pub type AutopilotApi = Api<AutopilotPolicy>;

platform_resource! {
    AutopilotPolicy {
        api: "autopilot/v1alpha1/namespaces",
        segment: "deployments",
        kind: "AutopilotPolicy",
        names: Dns,
        settings: (),
        verbs: [],
    }
}

/// Policies by deployment.
impl Api<AutopilotPolicy> {
    /// `.../deployments/{deployment}/autopilotpolicy`.
    fn policy_path(&self, deployment: Ref) -> Result<UrlPath> {
        let path = self.collection()?;
        let segment = deployment.segment_for::<Deployment>()?;
        Ok(path.seg(segment).lit("autopilotpolicy"))
    }

    /// The policies of all deployments (`GET /autopilot/v1alpha1/namespaces/{ns}`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`](crate::Error::InvalidName) for a bad namespace (nothing is
    /// sent); transport errors, the server's error answer, [`Error::Decode`](crate::Error::Decode).
    pub async fn list_policies(&self) -> Result<List<AutopilotPolicy>> {
        let req = Self::request(Request::get(self.namespace_path()?));
        self.many(req).await
    }

    /// The policy of one deployment.
    ///
    /// # Errors
    ///
    /// As [`Api::list_policies`], plus a bad deployment name (nothing is sent)
    /// and [`Error::is_not_found`](crate::Error::is_not_found).
    pub async fn get_policy(&self, deployment: impl Into<Ref>) -> Result<AutopilotPolicy> {
        let req = Self::request(Request::get(self.policy_path(deployment.into())?));
        one(self.client(), req).await
    }

    /// Replace the policy of one deployment (`PUT`).
    ///
    /// # Errors
    ///
    /// As [`Api::get_policy`].
    pub async fn update_policy(
        &self,
        deployment: impl Into<Ref>,
        policy: &AutopilotPolicy,
    ) -> Result<AutopilotPolicy> {
        let req = Request::put(self.policy_path(deployment.into())?).json(policy)?;
        one(self.client(), req).await
    }

    /// The status of one deployment's policy (`:status`).
    ///
    /// # Errors
    ///
    /// As [`Api::get_policy`].
    pub async fn status(&self, deployment: impl Into<Ref>) -> Result<AutopilotPolicyStatus> {
        let path = self.policy_path(deployment.into())?.verb("status");
        one(self.client(), Self::request(Request::get(path))).await
    }

    /// What Autopilot recommends for one deployment (`:recommendation`).
    ///
    /// # Errors
    ///
    /// As [`Api::get_policy`].
    pub async fn recommendation(
        &self,
        deployment: impl Into<Ref>,
    ) -> Result<AutopilotPolicyRecommendation> {
        let path = self.policy_path(deployment.into())?.verb("recommendation");
        one(self.client(), Self::request(Request::get(path))).await
    }
}
