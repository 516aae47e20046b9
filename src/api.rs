//! [`Api<K>`]: the one generic handle, for every kind of both APIs (Application Manager
//! and Platform).
//!
//! Each kind declares its facts in the sealed [`Resource`] trait (URL prefix and collection,
//! name rule, short or qualified names, wire shape, formats), and the verbs it has as
//! marker traits, so a verb the server does not offer does not compile:
//!
//! | verb | bound | request |
//! |---|---|---|
//! | [`list`](Api::list) | [`Listable`] | `GET .../{PATH}` |
//! | [`list_with`](Api::list_with) | [`Filterable`] (Application Manager) | `GET .../{PATH}?..` |
//! | [`get`](Api::get), [`get_opt`](Api::get_opt) | [`Gettable`] | `GET .../{PATH}/{id}` |
//! | [`create`](Api::create) | [`Creatable`] | `POST .../{PATH}` |
//! | [`upsert`](Api::upsert) | [`Upsertable`] (Application Manager) | `PUT .../{PATH}/{metadata.name}` |
//! | [`update`](Api::update) | [`Updatable`] (Platform) | `PUT .../{PATH}/{name}` |
//! | [`patch`](Api::patch) | [`Patchable`] | `PATCH .../{PATH}/{id}` |
//! | [`delete`](Api::delete) | [`Deletable`] | `DELETE .../{PATH}/{id}` |
//!
//! `...` is `/api/v1/namespaces/{namespace}` for Application Manager kinds and e.g.
//! `/sql/v1beta1/namespaces/{namespace}` for Platform kinds. Every verb validates the
//! namespace and the name (or id) first: nothing is sent for a name the server would
//! reject. What only one kind has is an `impl` block on that kind's handle:
//! [`delete_with`](Api::delete_with) on `Api<Savepoint>`, `get`/`patch` of the singleton
//! `Api<DeploymentDefaults>`, SQL `validate`/`execute` on `Api<SqlScript>`, catalogs'
//! databases and tables on `Api<Catalog>`, artifact upload on `Api<StoredArtifact>`, ...
//! (see [`crate::platform`]).
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
//!     const PREFIX: &'static str = "api/v1/namespaces";
//!     const PATH: &'static str = "mines";
//!     const NAME_SCHEME: vvp::NameScheme = vvp::NameScheme::Dns;
//!     const ADDRESSING: vvp::Addressing = vvp::Addressing::NameOrId;
//!     const QUALIFIED_NAMES: bool = false;
//!     const FORMATS: vvp::Formats = vvp::Formats::JsonAndYaml;
//!     type One = Mine;
//!     type Many = vvp::List<Mine>;
//!     type Settings = ();
//!     fn name(&self) -> Option<&str> { None }
//! }
//! ```
//!
//! Platform kinds are replaced with `update`, not upserted, and Application Manager kinds
//! have no `update`:
//!
//! ```compile_fail,E0599
//! # async fn demo(client: vvp::Client, c: vvp::platform::types::Connector) -> Result<(), vvp::Error> {
//! client.connectors("default").upsert(&c).await?;
//! # Ok(()) }
//! ```
//!
//! ```compile_fail,E0599
//! # async fn demo(client: vvp::Client, d: vvp::types::Deployment) -> Result<(), vvp::Error> {
//! client.deployments("default").update(&d).await?;
//! # Ok(()) }
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
use crate::format::BodyFormat;
use crate::list::{List, ListParams};
use crate::name::{check_namespace, validate_namespace, Name, Ref};
use crate::patch::MergePatch;
use crate::request::{RawResponse, Request, UrlPath};
use crate::resource::{
    Addressing, Answer, Creatable, Deletable, Filterable, Formats, Gettable, Listable, Patchable,
    Resource, Updatable, Upsertable,
};
use crate::types::{
    Deployment, DeploymentDefaults, DeploymentTarget, Event, Job, Savepoint, SecretValue,
    SessionCluster, SystemInformation, SystemStatus,
};
use serde_json::Value;
use std::fmt;

/// A handle on the resources of kind `K` in one namespace, for every kind of both APIs.
/// Owned and cheap to clone.
///
/// Get one from the [`Client`]: [`Client::deployments`], [`Client::jobs`],
/// [`Client::connectors`], [`Client::sql_scripts`], ...
pub struct Api<K: Resource> {
    client: Client,
    namespace: String,
    pub(crate) settings: K::Settings,
}

impl<K: Resource> Clone for Api<K> {
    fn clone(&self) -> Self {
        Api {
            client: self.client.clone(),
            namespace: self.namespace.clone(),
            settings: self.settings.clone(),
        }
    }
}

impl<K: Resource> fmt::Debug for Api<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Api")
            .field("kind", &K::KIND)
            .field("namespace", &self.namespace)
            .field("settings", &self.settings)
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
        Api::new(self.clone(), ns.into())
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

impl<K: Resource> Api<K> {
    pub(crate) fn new(client: Client, namespace: String) -> Self {
        Api {
            client,
            namespace,
            settings: K::Settings::default(),
        }
    }

    /// The namespace this handle is bound to (empty for
    /// [`Client::namespaces`](crate::Client::namespaces), whose kind lives outside
    /// namespaces).
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// The client this handle uses.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// `req` in the formats the kind speaks (Platform endpoints: JSON only).
    pub(crate) fn request(req: Request) -> Request {
        match K::FORMATS {
            Formats::JsonOnly => req.format(BodyFormat::Json),
            _ => req,
        }
    }

    /// `/{PREFIX}/{namespace}` after checking the namespace (`/{PREFIX}` for kinds outside
    /// namespaces).
    pub(crate) fn namespace_path(&self) -> Result<UrlPath> {
        if !K::NAMESPACED {
            return Ok(UrlPath::new().lit(K::PREFIX));
        }
        if K::QUALIFIED_NAMES {
            check_namespace(&self.namespace)?;
        } else {
            validate_namespace(&self.namespace)?;
        }
        Ok(UrlPath::new().lit(K::PREFIX).seg(&self.namespace))
    }

    /// `/{PREFIX}/{namespace}/{PATH}`.
    pub(crate) fn collection(&self) -> Result<UrlPath> {
        Ok(self.namespace_path()?.lit(K::PATH))
    }

    /// `/{PREFIX}/{namespace}/{PATH}/{id}` after checking the reference.
    pub(crate) fn item(&self, id: &Ref) -> Result<UrlPath> {
        let collection = self.collection()?;
        Ok(collection.seg(id.segment_for::<K>()?))
    }

    /// The short name of `obj`'s name, which for qualified kinds may be short or
    /// fully qualified in this namespace and collection; `None` if unset.
    fn short_name<'a>(&self, obj: &'a K) -> Result<Option<&'a str>> {
        let Some(name) = obj.name() else {
            return Ok(None);
        };
        if K::QUALIFIED_NAMES {
            let prefix = self.qualified("");
            let short = name.strip_prefix(prefix.as_str()).unwrap_or(name);
            crate::name::check_platform_name(short, K::NAME_SCHEME, K::KIND)?;
            Ok(Some(short))
        } else {
            Name::validate(name, K::NAME_SCHEME, K::KIND)?;
            Ok(Some(name))
        }
    }

    /// The fully-qualified name `namespaces/{ns}/{PATH}/{short}` (`{PATH}/{short}` for kinds
    /// outside namespaces).
    pub(crate) fn qualified(&self, short: &str) -> String {
        if K::NAMESPACED {
            format!("namespaces/{}/{}/{short}", self.namespace, K::PATH)
        } else {
            format!("{}/{short}", K::PATH)
        }
    }

    /// Like [`short_name`](Self::short_name), but a missing name is an error.
    fn required_name<'a>(&self, obj: &'a K) -> Result<&'a str> {
        self.short_name(obj)?.ok_or_else(|| Error::InvalidName {
            name: String::new(),
            kind: K::KIND,
            reason: InvalidNameReason::Missing,
        })
    }

    /// `req` carrying `obj`: as is in the client's format, or (qualified kinds) as JSON
    /// with its name replaced by the fully-qualified `namespaces/{ns}/{PATH}/{short}`.
    fn with_body(&self, req: Request, obj: &K, short: Option<&str>) -> Result<Request> {
        if !K::QUALIFIED_NAMES {
            return Self::request(req).body(obj);
        }
        let mut body = serde_json::to_value(obj).map_err(|e| Error::Encode {
            source: Box::new(e),
        })?;
        if let (Value::Object(map), Some(short)) = (&mut body, short) {
            map.insert("name".into(), Value::String(self.qualified(short)));
        }
        Self::request(req).json(&body)
    }

    /// Send `req` and decode its answer as `A`: an ignored body, an empty body as
    /// `A::default()`-like read back of `obj` (kinds whose answers allow it), or the body.
    async fn answer<A: Answer<K>>(&self, req: Request, obj: Option<&K>) -> Result<A::Output> {
        if let Some(out) = A::unread() {
            self.client.execute_unit(req).await?;
            return Ok(out);
        }
        let resp = self.client.execute_raw(req).await?;
        self.decode_or_read_back::<A>(obj, resp).await
    }

    /// The answer in the success answer `resp`; an answer without a body (`201 Created`, as
    /// the API documents declare) is read back by name when `A` allows it.
    async fn decode_or_read_back<A: Answer<K>>(
        &self,
        obj: Option<&K>,
        resp: RawResponse,
    ) -> Result<A::Output> {
        if !resp.is_empty() {
            return resp.decode::<A>().map(A::into_output);
        }
        let name = obj.and_then(|o| o.name());
        match name {
            Some(name) if K::ADDRESSING == Addressing::NameOrId && A::READS_BACK => {
                tracing::debug!(
                    kind = K::KIND,
                    name,
                    status = resp.status,
                    "vvp: success answer without a body, reading the object back"
                );
                let req = Self::request(Request::get(self.item(&Ref::from(name))?));
                let obj: K = self.one(req).await?;
                A::from_object(obj).ok_or_else(|| resp.empty_error())
            }
            // Without a name (or for kinds addressed by id) there is nothing to read back.
            _ => Err(resp.empty_error()),
        }
    }

    /// Send `req`; decode one object from `K::One`.
    pub(crate) async fn one(&self, req: Request) -> Result<K> {
        self.client
            .execute::<K::One>(req)
            .await
            .map(Answer::into_output)
    }

    /// Send `req`; decode a list from `K::Many`.
    pub(crate) async fn many(&self, req: Request) -> Result<List<K>> {
        self.client
            .execute::<K::Many>(req)
            .await
            .map(Answer::into_output)
    }
}

impl<K: Listable> Api<K> {
    /// All objects of this kind in the namespace (`GET .../{PATH}`).
    ///
    /// ```no_run
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// let deployments = client.deployments("default").list().await?;
    /// println!("{} deployments", deployments.len());
    /// for c in client.connectors("default").list().await? {
    ///     println!("{:?}", c.name);
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`] for a bad namespace (nothing is sent), transport errors, the
    /// server's error answer (e.g. [`Error::is_forbidden`]), or [`Error::Decode`].
    pub async fn list(&self) -> Result<List<K>> {
        let req = Request::get(self.collection()?).query_pairs(K::read_query(&self.settings));
        self.many(Self::request(req)).await
    }
}

impl<K: Filterable> Api<K> {
    /// The objects matching `params` (see [`ListParams`] for which kinds honour which
    /// filter; Application Manager kinds only).
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
        self.many(Self::request(req)).await
    }
}

impl<K: Gettable> Api<K> {
    /// The object with this name or id (`GET .../{PATH}/{id}`). Platform kinds are
    /// addressed by short name only.
    ///
    /// ```no_run
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// let deployment = client.deployments("default").get("top-speed").await?;
    /// let job = client.jobs("default").get(uuid::Uuid::nil()).await?;
    /// let kafka = client.connectors("default").get("kafka").await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`] for a bad namespace or name, a name where the kind needs an
    /// id, an id where it needs a name, or a fully-qualified Platform name (nothing is
    /// sent); [`Error::is_not_found`] if it does not exist; transport errors, other error
    /// answers, [`Error::Decode`].
    pub async fn get(&self, id: impl Into<Ref>) -> Result<K> {
        let req = Request::get(self.item(&id.into())?).query_pairs(K::read_query(&self.settings));
        self.one(Self::request(req)).await
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
}

impl<K: Creatable> Api<K> {
    /// Create `obj` (`POST .../{PATH}`). Application Manager kinds answer the object as
    /// created, with `metadata.id` (an answer without a body, `201 Created`, is read back
    /// by `metadata.name` with a `GET`); Platform kinds answer what their
    /// [`Creatable::Created`] says, and `obj`'s name may be short or fully qualified (the
    /// fully-qualified form is sent). A `POST` is never retried once it may have reached
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
    /// [`Error::InvalidName`] for a bad namespace or name, or (Platform kinds) a missing
    /// name (nothing is sent); [`Error::is_conflict`] if the name is taken;
    /// [`Error::Validation`] if the server rejects the content; transport errors, other
    /// error answers, [`Error::Decode`]; [`Error::UnexpectedResponse`] for an answer
    /// without a body when there is no name to read the object back by (e.g. a Savepoint).
    pub async fn create(&self, obj: &K) -> Result<<K::Created as Answer<K>>::Output> {
        let path = self.collection()?;
        let short = if K::QUALIFIED_NAMES {
            Some(self.required_name(obj)?)
        } else {
            self.short_name(obj)?
        };
        let req = self.with_body(Request::post(path), obj, short)?;
        self.answer::<K::Created>(req, Some(obj)).await
    }
}

impl<K: Upsertable> Api<K> {
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
        let collection = self.collection()?;
        let name = self.required_name(obj)?;
        let req = self.with_body(Request::put(collection.seg(name)), obj, Some(name))?;
        self.answer::<K::One>(req, Some(obj)).await
    }
}

impl<K: Updatable> Api<K> {
    /// Replace a Platform object by its name (`PUT {PATH}/{name}`); its `name` may be
    /// short or fully qualified (the fully-qualified form is sent).
    ///
    /// ```no_run
    /// use vvp::platform::types::Connector;
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// let mine = Connector {
    ///     name: Some("my-connector".into()),
    ///     ..Default::default()
    /// };
    /// let affected = client.connectors("default").update(&mine).await?.affected_tables;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`create`](Self::create).
    pub async fn update(&self, obj: &K) -> Result<<K::Updated as Answer<K>>::Output> {
        let collection = self.collection()?;
        let name = self.required_name(obj)?;
        let req = self.with_body(Request::put(collection.seg(name)), obj, Some(name))?;
        self.answer::<K::Updated>(req, None).await
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
        let req = Self::request(Request::patch(path.clone())).body(patch.as_value())?;
        match self.client.execute_opt::<K::One>(req).await? {
            Some(obj) => Ok(obj.into_output()),
            None => self.one(Self::request(Request::get(path))).await,
        }
    }
}

impl<K: Deletable> Api<K> {
    /// Delete the object with this name or id; returns what the kind's
    /// [`Deletable::Deleted`] says (nothing for Application Manager kinds; e.g. the tables
    /// that used a deleted connector).
    ///
    /// Deployments must be CANCELLED (or SUSPENDED, 2.7+) first; the server answers 409
    /// otherwise.
    ///
    /// ```no_run
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// client.deployments("default").delete("top-speed").await?;
    /// let tables = client.connectors("default").delete("my-connector").await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`] for a bad namespace or name (nothing is sent);
    /// [`Error::is_not_found`], [`Error::is_conflict`]; transport errors, other error
    /// answers.
    pub async fn delete(&self, id: impl Into<Ref>) -> Result<<K::Deleted as Answer<K>>::Output> {
        let req = Self::request(Request::delete(self.item(&id.into())?));
        if let Some(out) = <K::Deleted as Answer<K>>::unread() {
            self.client.execute_unit(req).await?;
            return Ok(out);
        }
        let deleted: K::Deleted = self.client.execute_opt(req).await?.unwrap_or_default();
        Ok(deleted.into_output())
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
pub type DeploymentDefaultsApi = Api<DeploymentDefaults>;

/// The singleton `.../deployment-defaults`: `get` and `patch` without a name.
impl Api<DeploymentDefaults> {
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
        self.client.execute(Request::get(self.collection()?)).await
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
        let path = self.collection()?;
        let req = Request::patch(path.clone()).body(patch.as_value())?;
        match self.client.execute_opt(req).await? {
            Some(obj) => Ok(obj),
            None => self.client.execute(Request::get(path)).await,
        }
    }
}
