//! Applying manifests: [`Client::apply`] brings every object of a (multi-document) YAML or
//! JSON manifest to what the manifest says, like `kubectl apply` for Ververica Platform.
//! It is [`Client::plan`] followed by [`Plan::apply`](crate::Plan::apply): the live objects
//! are read first and only what differs is sent (see [`crate::plan`] for what counts as
//! drift, dry runs, prune, and waiting with rollback).
//!
//! ```no_run
//! # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
//! let manifest = std::fs::read_to_string("vvp.yaml").unwrap_or_default();
//! for applied in client.apply("default", &manifest).await? {
//!     println!("{applied}"); // e.g. "Deployment top-speed created", "... unchanged"
//! }
//! # Ok(()) }
//! ```
//!
//! | `kind` | create | update | [`ApplyAction`] |
//! |---|---|---|---|
//! | `Deployment`, `DeploymentTarget`, `SessionCluster` | `PUT .../{PATH}/{name}` | `PUT` | `Created` (201) or `Replaced` (200) |
//! | `SecretValue` | `POST .../secret-values` | `PATCH .../secret-values/{name}` | `Created` or `Updated` |
//! | `DeploymentDefaults` | – | `PATCH .../deployment-defaults` | `Updated` |
//!
//! An object that matches the manifest gets no request (`Unchanged`); a pruned one is
//! `Deleted`.
//!
//! # What is sent
//!
//! - Every document is checked first (see [`Client::plan_with`]); if any fails,
//!   **nothing is sent**.
//! - The document as written, without the server-managed fields: `status`,
//!   `metadata.id`, `metadata.createdAt`, `metadata.modifiedAt`,
//!   `metadata.resourceVersion` (so an exported object can be applied again). Everything
//!   else, unknown fields and explicit `null`s included, is sent as written: in a merge
//!   patch (SecretValue, DeploymentDefaults) a `null` removes the field.
//! - Objects are sent in dependency order, stable within a kind: SecretValue,
//!   DeploymentTarget, DeploymentDefaults, SessionCluster, Deployment. The result lists
//!   them in that order; [`Applied::index`] is the document's position in the manifest.
//! - Sending stops at the first error ([`Error::Apply`](crate::Error::Apply)); the
//!   objects before it have been applied.

use crate::client::Client;
use crate::error::Result;

pub use crate::error::outcome::{Applied, AppliedObject, ApplyAction};

impl Client {
    /// Apply every object of a manifest (one or more `---`-separated YAML documents, or
    /// JSON) to namespace `namespace`: [`Client::plan`], then [`Plan::apply`](crate::Plan::apply). Objects
    /// that already match the manifest get no request; see the
    /// [module docs](crate::apply).
    ///
    /// ```no_run
    /// use vvp::ApplyAction;
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// let manifest = r#"
    /// kind: DeploymentTarget
    /// metadata: {name: k8s}
    /// spec: {kubernetes: {namespace: flink-jobs}}
    /// ---
    /// kind: Deployment
    /// metadata: {name: top-speed}
    /// spec:
    ///   state: RUNNING
    ///   deploymentTargetName: k8s
    ///   template: {spec: {artifact: {kind: JAR, jarUri: "https://repo/app.jar"}}}
    /// "#;
    /// let applied = client.apply("default", manifest).await?;
    /// let unchanged = applied.iter().filter(|a| a.action == ApplyAction::Unchanged).count();
    /// println!("{unchanged} unchanged, {} changed", applied.len() - unchanged);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Client::plan_with`] (nothing is sent for an invalid manifest), then as
    /// [`Plan::apply_with`](crate::Plan::apply_with): [`Error::Apply`](crate::Error::Apply) names the document
    /// that failed and what was applied before it.
    pub async fn apply(&self, namespace: &str, manifest: &str) -> Result<Vec<Applied>> {
        self.plan(namespace, manifest).await?.apply().await
    }
}
