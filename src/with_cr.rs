//! Deployments together with their Kubernetes custom resource:
//! `GET /api/v1/namespaces/{ns}/deployments/with-cr` and `.../with-cr/{name}` (VVP 2.14/2.15,
//! for deployments managed through the Ververica Kubernetes operator).
//!
//! The only public source for these endpoints is a Ververica command-line client, which
//! reads each item as an object with a `deployment` field. Everything else the server puts
//! next to it (the custom resource's details; names not confirmed) is kept in
//! [`DeploymentWithCr::extra`] (the item types are generated from `specs/api/swagger.json`).

use crate::types::{Deployment, DeploymentWithCr, DeploymentWithCrList};
use crate::{Api, Ref, Result};

impl Api<Deployment> {
    /// The namespace's deployments with their custom resource
    /// (`GET .../deployments/with-cr`).
    ///
    /// ```no_run
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// for item in client.deployments("default").list_with_cr().await? {
    ///     println!("{:?}", item.deployment.metadata.name);
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`crate::Error::InvalidName`] for a bad namespace (nothing sent); transport errors,
    /// error answers (404 from servers before the endpoint existed), [`crate::Error::Decode`].
    pub async fn list_with_cr(&self) -> Result<Vec<DeploymentWithCr>> {
        let path = self.collection()?.lit("with-cr");
        let list: DeploymentWithCrList = self
            .client()
            .execute(crate::request::Request::get(path))
            .await?;
        Ok(list.items.unwrap_or_default())
    }

    /// One deployment with its custom resource (`GET .../deployments/with-cr/{name}`).
    ///
    /// # Errors
    ///
    /// As [`Api::list_with_cr`]; [`crate::Error::is_not_found`] for an unknown deployment.
    pub async fn get_with_cr(&self, name: impl Into<Ref>) -> Result<DeploymentWithCr> {
        let id = name.into();
        let path = self
            .collection()?
            .lit("with-cr")
            .seg(id.segment_for::<Deployment>()?);
        self.client()
            .execute(crate::request::Request::get(path))
            .await
    }
}
