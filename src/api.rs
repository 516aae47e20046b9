//! [`Api<K>`]: the one generic handle for Application Manager resources in a namespace.
//!
//! The verbs a kind has are gated by the marker traits of [`crate::resource`], so a verb
//! the server does not offer does not compile:
//!
//! | verb | bound | request |
//! |---|---|---|
//! | [`list`](Api::list), [`list_with`](Api::list_with) | [`Resource`] | `GET .../{PATH}` |
//! | [`get`](Api::get), [`get_opt`](Api::get_opt) | [`Gettable`] | `GET .../{PATH}/{id}` |
//! | [`create`](Api::create) | [`Creatable`] | `POST .../{PATH}` |
//! | [`upsert`](Api::upsert) | [`Upsertable`] | `PUT .../{PATH}/{metadata.name}` |
//! | [`patch`](Api::patch) | [`Patchable`] | `PATCH .../{PATH}/{id}` |
//! | [`delete`](Api::delete) | [`Deletable`] | `DELETE .../{PATH}/{id}` |
//! | [`delete_with`](Api::delete_with) | savepoints only | `DELETE .../savepoints/{id}?force=..` |
//!
//! `...` is `/api/v1/namespaces/{namespace}`. Every verb validates the namespace and the
//! name (or id) first: nothing is sent for a name the server would reject.
//!
//! Jobs and secret values cannot be upserted:
//!
//! ```compile_fail,E0599
//! # async fn demo(client: vvp::Client, job: vvp::types::Job) -> Result<(), vvp::Error> {
//! client.jobs("default").upsert(&job).await?;
//! # Ok(()) }
//! ```
//!
//! ```compile_fail,E0599
//! # async fn demo(client: vvp::Client, s: vvp::types::SecretValue) -> Result<(), vvp::Error> {
//! client.secret_values("default").upsert(&s).await?;
//! # Ok(()) }
//! ```
//!
//! The kind traits are sealed: a type of your own cannot become a kind (there would be no
//! server endpoint for it):
//!
//! ```compile_fail,E0277
//! #[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
//! struct Mine;
//! impl vvp::Resource for Mine {
//!     const KIND: &'static str = "Mine";
//!     const PATH: &'static str = "mines";
//!     const NAME_SCHEME: vvp::NameScheme = vvp::NameScheme::Dns;
//!     const ADDRESSING: vvp::Addressing = vvp::Addressing::NameOrId;
//!     fn name(&self) -> Option<&str> { None }
//! }
//! ```
//!
//! and only savepoints take a `force` flag on delete:
//!
//! ```compile_fail,E0599
//! # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
//! client.deployments("default").delete_with("my-deployment", true).await?;
//! # Ok(()) }
//! ```

use crate::client::Client;
use crate::error::{Error, InvalidNameReason, Result};
use crate::list::{List, ListParams};
use crate::name::{validate_namespace, Name, Ref};
use crate::patch::MergePatch;
use crate::request::{RawResponse, Request, UrlPath};
use crate::resource::{
    Addressing, Creatable, Deletable, Gettable, Patchable, Resource, Upsertable,
};
use crate::types::{
    Deployment, DeploymentDefaults, DeploymentTarget, Event, Job, Savepoint, SecretValue,
    SessionCluster, SystemInformation, SystemStatus,
};
use std::fmt;
use std::marker::PhantomData;

/// The kinds [`Api<K>`] serves: the only implementors of the sealed [`Resource`] trait.
macro_rules! seal {
    ($($kind:ty),* $(,)?) => {$(impl crate::resource::sealed::Sealed for $kind {})*};
}
seal!(
    Deployment,
    DeploymentDefaults,
    DeploymentTarget,
    Event,
    Job,
    Savepoint,
    SecretValue,
    SessionCluster,
);

/// A handle on the resources of kind `K` in one namespace. Owned and cheap to clone.
///
/// Get one from the [`Client`]: [`Client::deployments`], [`Client::jobs`], ...
pub struct Api<K> {
    client: Client,
    namespace: String,
    kind: PhantomData<fn() -> K>,
}

impl<K> Clone for Api<K> {
    fn clone(&self) -> Self {
        Api {
            client: self.client.clone(),
            namespace: self.namespace.clone(),
            kind: PhantomData,
        }
    }
}

impl<K: Resource> fmt::Debug for Api<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Api")
            .field("kind", &K::KIND)
            .field("namespace", &self.namespace)
            .finish_non_exhaustive()
    }
}

/// Application Manager handles and status.
impl Client {
    /// Deployments in namespace `ns`.
    pub fn deployments(&self, ns: impl Into<String>) -> Api<Deployment> {
        Api::new(self.clone(), ns.into())
    }

    /// Deployment targets in namespace `ns`.
    pub fn deployment_targets(&self, ns: impl Into<String>) -> Api<DeploymentTarget> {
        Api::new(self.clone(), ns.into())
    }

    /// The deployment defaults of namespace `ns` (a singleton: `get` and `patch`).
    pub fn deployment_defaults(&self, ns: impl Into<String>) -> DeploymentDefaultsApi {
        DeploymentDefaultsApi::new(self.clone(), ns.into())
    }

    /// Events in namespace `ns` (list only).
    pub fn events(&self, ns: impl Into<String>) -> Api<Event> {
        Api::new(self.clone(), ns.into())
    }

    /// Jobs in namespace `ns` (list and get; jobs are created by the platform).
    pub fn jobs(&self, ns: impl Into<String>) -> Api<Job> {
        Api::new(self.clone(), ns.into())
    }

    /// Savepoints in namespace `ns`.
    pub fn savepoints(&self, ns: impl Into<String>) -> Api<Savepoint> {
        Api::new(self.clone(), ns.into())
    }

    /// Secret values in namespace `ns`.
    pub fn secret_values(&self, ns: impl Into<String>) -> Api<SecretValue> {
        Api::new(self.clone(), ns.into())
    }

    /// Session clusters in namespace `ns`.
    pub fn session_clusters(&self, ns: impl Into<String>) -> Api<SessionCluster> {
        Api::new(self.clone(), ns.into())
    }

    /// The Application Manager's status (`GET /api/v1/status`).
    ///
    /// # Errors
    ///
    /// Transport errors, the server's error answer, or [`Error::Decode`].
    pub async fn status(&self) -> Result<SystemStatus> {
        self.execute(Request::get(UrlPath::new().lit("api/v1/status")))
            .await
    }

    /// Version and build information (`GET /api/v1/status/system-info`).
    ///
    /// # Errors
    ///
    /// Transport errors, the server's error answer, or [`Error::Decode`].
    pub async fn system_info(&self) -> Result<SystemInformation> {
        self.execute(Request::get(
            UrlPath::new().lit("api/v1/status/system-info"),
        ))
        .await
    }
}

fn namespace_path(ns: &str) -> Result<UrlPath> {
    validate_namespace(ns)?;
    Ok(UrlPath::new().lit("api/v1/namespaces").seg(ns))
}

impl<K: Resource> Api<K> {
    pub(crate) fn new(client: Client, namespace: String) -> Self {
        Api {
            client,
            namespace,
            kind: PhantomData,
        }
    }

    /// The namespace this handle is bound to.
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// The client this handle uses.
    pub fn client(&self) -> &Client {
        &self.client
    }

    pub(crate) fn collection(&self) -> Result<UrlPath> {
        Ok(namespace_path(&self.namespace)?.lit(K::PATH))
    }

    pub(crate) fn item(&self, id: &Ref) -> Result<UrlPath> {
        let collection = self.collection()?;
        Ok(collection.seg(id.segment_for::<K>()?))
    }

    fn check_body_name(obj: &K) -> Result<()> {
        match obj.name() {
            Some(name) => Name::validate(name, K::NAME_SCHEME, K::KIND),
            None => Ok(()),
        }
    }

    /// All objects of this kind in the namespace.
    ///
    /// ```no_run
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// let deployments = client.deployments("default").list().await?;
    /// println!("{} deployments", deployments.len());
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`] for a bad namespace (nothing is sent), transport errors, the
    /// server's error answer (e.g. [`Error::is_forbidden`]), or [`Error::Decode`].
    pub async fn list(&self) -> Result<List<K>> {
        self.list_with(&ListParams::default()).await
    }

    /// The objects matching `params` (see [`ListParams`] for which kinds honour which
    /// filter).
    ///
    /// ```no_run
    /// use vvp::ListParams;
    /// # async fn demo(client: vvp::Client, deployment_id: uuid::Uuid) -> Result<(), vvp::Error> {
    /// let running = client
    ///     .deployments("default")
    ///     .list_with(&ListParams::default().label_selector("team=data"))
    ///     .await?;
    /// let jobs = client
    ///     .jobs("default")
    ///     .list_with(&ListParams::default().deployment_id(deployment_id))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Api::list`].
    pub async fn list_with(&self, params: &ListParams) -> Result<List<K>> {
        let req = Request::get(self.collection()?).query_pairs(params.to_query());
        self.client.execute(req).await
    }
}

impl<K: Gettable> Api<K> {
    /// The object with this name or id.
    ///
    /// ```no_run
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// let deployment = client.deployments("default").get("top-speed").await?;
    /// let job = client.jobs("default").get(uuid::Uuid::nil()).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`] for a bad namespace or name, or a name where the kind needs
    /// an id (nothing is sent); [`Error::is_not_found`] if it does not exist; transport
    /// errors, other error answers, [`Error::Decode`].
    pub async fn get(&self, id: impl Into<Ref>) -> Result<K> {
        let req = Request::get(self.item(&id.into())?);
        self.client.execute(req).await
    }

    /// Like [`Api::get`], but `Ok(None)` when the server answers 404 with a Ververica
    /// Platform error body.
    ///
    /// ```no_run
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// if client.deployments("default").get_opt("top-speed").await?.is_none() {
    ///     println!("no such deployment");
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Api::get`], except not found.
    pub async fn get_opt(&self, id: impl Into<Ref>) -> Result<Option<K>> {
        match self.get(id).await {
            Ok(obj) => Ok(Some(obj)),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The object in the success answer `resp` to a create or upsert of `obj`; an answer
    /// without a body (`201 Created`, as the API documents declare) is read back by name.
    pub(crate) async fn decode_or_read_back(&self, obj: &K, resp: RawResponse) -> Result<K> {
        if !resp.is_empty() {
            return resp.decode();
        }
        match obj.name() {
            Some(name) if K::ADDRESSING == Addressing::NameOrId => {
                tracing::debug!(
                    kind = K::KIND,
                    name,
                    status = resp.status,
                    "vvp: success answer without a body, reading the object back"
                );
                self.get(name).await
            }
            // Without a name (or for kinds addressed by id) there is nothing to read back.
            _ => Err(Error::UnexpectedResponse {
                status: resp.status,
                content_type: resp.content_type,
                body_snippet: String::new(),
            }),
        }
    }
}

impl<K: Creatable + Gettable> Api<K> {
    /// Create `obj` (`POST`); returns the object as created, with `metadata.id`. If the
    /// server answers without a body (`201 Created`), the object is read back by its
    /// `metadata.name` with a `GET`. A `POST` is never retried once it may have reached
    /// the server (see [`crate::retry`]).
    ///
    /// ```no_run
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// let manifest = std::fs::read_to_string("deployment.yaml").unwrap_or_default();
    /// let deployment: vvp::types::Deployment = vvp::yaml::from_str(&manifest)?;
    /// let created = client.deployments("default").create(&deployment).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`] for a bad namespace or `metadata.name` (nothing is sent);
    /// [`Error::is_conflict`] if the name is taken; [`Error::Validation`] if the server
    /// rejects the content; transport errors, other error answers, [`Error::Decode`];
    /// [`Error::UnexpectedResponse`] for an answer without a body when the object has no
    /// name to read it back by (e.g. a Savepoint).
    pub async fn create(&self, obj: &K) -> Result<K> {
        let path = self.collection()?;
        Self::check_body_name(obj)?;
        let req = Request::post(path).body(obj)?;
        let resp = self.client.execute_raw(req).await?;
        self.decode_or_read_back(obj, resp).await
    }
}

impl<K: Upsertable + Gettable> Api<K> {
    /// Create or replace `obj` by its `metadata.name` (`PUT .../{name}`). If the server
    /// answers without a body (`201 Created`), the object is read back with a `GET`.
    ///
    /// ```no_run
    /// # async fn demo(client: vvp::Client, deployment: vvp::types::Deployment) -> Result<(), vvp::Error> {
    /// let applied = client.deployments("default").upsert(&deployment).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`] for a bad namespace, a missing or bad `metadata.name`
    /// (nothing is sent); [`Error::Validation`] if the server rejects the content;
    /// transport errors, other error answers, [`Error::Decode`].
    pub async fn upsert(&self, obj: &K) -> Result<K> {
        let resp = self.upsert_raw(obj).await?;
        self.decode_or_read_back(obj, resp).await
    }

    /// [`Api::upsert`] without decoding, so that callers can tell a create (201) from a
    /// replace (200) by the status (used by `Client::apply`).
    pub(crate) async fn upsert_raw(&self, obj: &K) -> Result<RawResponse> {
        let collection = self.collection()?;
        let name = obj.name().ok_or_else(|| Error::InvalidName {
            name: String::new(),
            kind: K::KIND,
            reason: InvalidNameReason::Missing,
        })?;
        Name::validate(name, K::NAME_SCHEME, K::KIND)?;
        let req = Request::put(collection.seg(name)).body(obj)?;
        self.client.execute_raw(req).await
    }
}

impl<K: Patchable> Api<K> {
    /// Apply a JSON merge patch (RFC 7386) to the object with this name or id; returns the
    /// patched object. If the server answers `204 No Content`, the object is read back with
    /// a `GET`.
    ///
    /// ```no_run
    /// use vvp::MergePatch;
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// let patch = MergePatch::new().set("/spec/state", "CANCELLED");
    /// let deployment = client.deployments("default").patch("top-speed", &patch).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`] for a bad namespace or name (nothing is sent);
    /// [`Error::is_not_found`], [`Error::is_conflict`], [`Error::Validation`]; transport
    /// errors, other error answers, [`Error::Decode`].
    pub async fn patch(&self, id: impl Into<Ref>, patch: &MergePatch) -> Result<K> {
        let path = self.item(&id.into())?;
        let req = Request::patch(path.clone()).body(patch.as_value())?;
        match self.client.execute_opt(req).await? {
            Some(obj) => Ok(obj),
            None => self.client.execute(Request::get(path)).await,
        }
    }
}

impl<K: Deletable> Api<K> {
    /// Delete the object with this name or id.
    ///
    /// Deployments must be CANCELLED (or SUSPENDED, 2.7+) first; the server answers 409
    /// otherwise.
    ///
    /// ```no_run
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// client.deployments("default").delete("top-speed").await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`] for a bad namespace or name (nothing is sent);
    /// [`Error::is_not_found`], [`Error::is_conflict`]; transport errors, other error
    /// answers.
    pub async fn delete(&self, id: impl Into<Ref>) -> Result<()> {
        let req = Request::delete(self.item(&id.into())?);
        self.client.execute_unit(req).await
    }
}

impl Api<Savepoint> {
    /// Delete a savepoint (`DELETE .../savepoints/{id}?force=..`, VVP 2.7+). With
    /// `force`, the resource is deleted even if the savepoint's data cannot be.
    ///
    /// ```no_run
    /// # async fn demo(client: vvp::Client, id: uuid::Uuid) -> Result<(), vvp::Error> {
    /// client.savepoints("default").delete_with(id, false).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`] for a bad namespace or a reference that is not a UUID
    /// (nothing is sent); [`Error::is_not_found`]; transport errors, other error answers.
    pub async fn delete_with(&self, id: impl Into<Ref>, force: bool) -> Result<()> {
        let req = Request::delete(self.item(&id.into())?).query("force", force.to_string());
        self.client.execute_unit(req).await
    }
}

/// The deployment defaults of one namespace: a singleton with `get` and `patch` only.
///
/// Get one with [`Client::deployment_defaults`].
#[derive(Clone)]
pub struct DeploymentDefaultsApi {
    client: Client,
    namespace: String,
}

impl fmt::Debug for DeploymentDefaultsApi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeploymentDefaultsApi")
            .field("namespace", &self.namespace)
            .finish_non_exhaustive()
    }
}

impl DeploymentDefaultsApi {
    pub(crate) fn new(client: Client, namespace: String) -> Self {
        DeploymentDefaultsApi { client, namespace }
    }

    /// The namespace this handle is bound to.
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    fn path(&self) -> Result<UrlPath> {
        Ok(namespace_path(&self.namespace)?.lit(<DeploymentDefaults as Resource>::PATH))
    }

    /// The namespace's deployment defaults (`GET .../deployment-defaults`).
    ///
    /// ```no_run
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// let defaults = client.deployment_defaults("default").get().await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`] for a bad namespace (nothing is sent); transport errors,
    /// error answers, [`Error::Decode`].
    pub async fn get(&self) -> Result<DeploymentDefaults> {
        self.client.execute(Request::get(self.path()?)).await
    }

    /// Merge-patch the deployment defaults; returns them as patched (read back with a
    /// `GET` if the server answers 204).
    ///
    /// ```no_run
    /// use vvp::MergePatch;
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// let patch = MergePatch::new().set("/spec/deploymentTargetName", "k8s");
    /// client.deployment_defaults("default").patch(&patch).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`] for a bad namespace (nothing is sent); [`Error::Validation`];
    /// transport errors, other error answers, [`Error::Decode`].
    pub async fn patch(&self, patch: &MergePatch) -> Result<DeploymentDefaults> {
        let path = self.path()?;
        let req = Request::patch(path.clone()).body(patch.as_value())?;
        match self.client.execute_opt(req).await? {
            Some(obj) => Ok(obj),
            None => self.client.execute(Request::get(path)).await,
        }
    }
}
