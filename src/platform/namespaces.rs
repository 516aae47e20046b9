//! [`NamespacesApi`]: `/namespaces/v1/namespaces`.

use crate::error::{Error, InvalidNameReason, Result};
use crate::patch::MergePatch;
use crate::platform::common::{check_namespace, json_request, many, one};
use crate::platform::types::{Namespace, SetPreviewSessionClusterRequest};
use crate::request::{Request, UrlPath};
use crate::Client;
use std::fmt;

/// Namespaces of the platform. Get one with [`Client::namespaces`].
///
/// Names passed to and returned by this handle: methods take the *short* name
/// (`default`); objects carry the fully-qualified `namespaces/default`.
///
/// ```no_run
/// use vvp::platform::types::{Namespace, Role, RoleBinding};
/// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
/// let ns = Namespace::new("team-a")
///     .with_role_binding(RoleBinding::new(Role::Owner, ["user:alice"]));
/// let created = client.namespaces().create(&ns).await?;
/// assert_eq!(created.short_name(), Some("team-a"));
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct NamespacesApi {
    client: Client,
}

impl fmt::Debug for NamespacesApi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NamespacesApi").finish_non_exhaustive()
    }
}

const API: &str = "namespaces/v1/namespaces";

fn item(name: &str) -> Result<UrlPath> {
    check_namespace(name)?;
    Ok(UrlPath::new().lit(API).seg(name))
}

/// The short name of a namespace object (`namespaces/<n>` or `<n>`), checked.
fn short_of(ns: &Namespace) -> Result<&str> {
    let name = ns.name.as_deref().ok_or_else(|| Error::InvalidName {
        name: String::new(),
        kind: "Namespace",
        reason: InvalidNameReason::Missing,
    })?;
    let short = name.strip_prefix("namespaces/").unwrap_or(name);
    check_namespace(short)?;
    Ok(short)
}

/// `ns` with its name in the fully-qualified form the server expects.
fn qualified(ns: &Namespace, short: &str) -> Namespace {
    let mut body = ns.clone();
    body.name = Some(format!("namespaces/{short}"));
    body
}

impl NamespacesApi {
    pub(crate) fn new(client: Client) -> Self {
        NamespacesApi { client }
    }

    /// All namespaces the caller may see (`GET /namespaces/v1/namespaces`).
    ///
    /// # Errors
    ///
    /// Transport errors, the server's error answer, [`Error::Decode`].
    pub async fn list(&self) -> Result<Vec<Namespace>> {
        let req = json_request(Request::get(UrlPath::new().lit(API)));
        many(&self.client, req).await
    }

    /// One namespace by short name.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`] for a bad name (nothing is sent); [`Error::is_not_found`];
    /// transport errors, other error answers, [`Error::Decode`].
    pub async fn get(&self, name: &str) -> Result<Namespace> {
        let req = json_request(Request::get(item(name)?));
        one(&self.client, req).await
    }

    /// Create a namespace (`POST`). Its `name` may be short (`team-a`) or fully qualified
    /// (`namespaces/team-a`); the fully-qualified form is sent.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`] for a missing or bad name (nothing is sent);
    /// [`Error::is_conflict`] if it exists; transport errors, other error answers,
    /// [`Error::Decode`].
    pub async fn create(&self, namespace: &Namespace) -> Result<Namespace> {
        let short = short_of(namespace)?;
        let req = Request::post(UrlPath::new().lit(API)).json(&qualified(namespace, short))?;
        one(&self.client, req).await
    }

    /// Replace a namespace (`PUT .../{name}`), e.g. its role bindings.
    ///
    /// # Errors
    ///
    /// As [`NamespacesApi::create`]; [`Error::is_not_found`].
    pub async fn update(&self, namespace: &Namespace) -> Result<Namespace> {
        let short = short_of(namespace)?;
        let req = Request::put(item(short)?).json(&qualified(namespace, short))?;
        one(&self.client, req).await
    }

    /// Apply a JSON merge patch (`PATCH .../{name}`, sent as `application/json`); returns
    /// the patched namespace (read back with a `GET` if the server answers without a body).
    ///
    /// ```no_run
    /// use vvp::MergePatch;
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// let patch = MergePatch::new().set("/previewSessionClusterName", "sql-editor");
    /// client.namespaces().patch("default", &patch).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`] for a bad name (nothing is sent); [`Error::is_not_found`];
    /// transport errors, other error answers, [`Error::Decode`].
    pub async fn patch(&self, name: &str, patch: &MergePatch) -> Result<Namespace> {
        let path = item(name)?;
        let req = Request::patch(path.clone()).json(patch.as_value())?;
        self.one_or_read_back(req, path).await
    }

    /// Delete a namespace. Deletion is eventual and cascades to everything in it; the
    /// answer is the namespace in phase `LIFECYCLE_PHASE_TERMINATING` (read back with a
    /// `GET` if the server answers without a body).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`] for a bad name (nothing is sent); [`Error::is_not_found`];
    /// transport errors, other error answers, [`Error::Decode`].
    pub async fn delete(&self, name: &str) -> Result<Namespace> {
        let path = item(name)?;
        let req = json_request(Request::delete(path.clone()));
        self.one_or_read_back(req, path).await
    }

    /// Set the session cluster that runs SQL previews in namespace `name`
    /// (`POST .../{name}:setPreviewSessionCluster`, VVP 2.4+).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`] for a bad namespace or cluster name (nothing is sent);
    /// [`Error::is_not_found`]; transport errors, other error answers.
    pub async fn set_preview_session_cluster(
        &self,
        name: &str,
        session_cluster: &str,
    ) -> Result<()> {
        let path = item(name)?.verb("setPreviewSessionCluster");
        crate::name::Name::validate(
            session_cluster,
            crate::resource::NameScheme::Dns,
            "SessionCluster",
        )?;
        let body = SetPreviewSessionClusterRequest {
            name: Some(format!("namespaces/{name}")),
            preview_session_cluster_name: Some(session_cluster.to_owned()),
            ..Default::default()
        };
        self.client
            .execute_unit(Request::post(path).json(&body)?)
            .await
    }

    async fn one_or_read_back(&self, req: Request, path: UrlPath) -> Result<Namespace> {
        match self
            .client
            .execute_opt::<crate::platform::One<Namespace>>(req)
            .await?
        {
            Some(ns) => Ok(ns.into_inner()),
            None => one(&self.client, json_request(Request::get(path))).await,
        }
    }
}
