//! [`NamespacesApi`]: `/namespaces/v1/namespaces`.

use crate::api::Api;
use crate::error::Result;
use crate::name::Ref;
use crate::patch::MergePatch;
use crate::platform::envelope::One;
use crate::platform::handle::platform_resource;
use crate::platform::types::{Namespace, SetPreviewSessionClusterRequest};
use crate::request::{Request, UrlPath};

/// Namespaces of the platform. Get one with [`Client::namespaces`](crate::Client::namespaces).
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
///
/// Namespaces live outside namespaces: the handle's [`namespace`](Api::namespace) is empty
/// and unused. `list`, `get`, `create` and `update` are [`Api`]'s verbs (`create` and
/// `update` answer the namespace).
pub type NamespacesApi = Api<Namespace>;

platform_resource! {
    Namespace {
        api: "namespaces/v1",
        segment: "namespaces",
        kind: "Namespace",
        names: Dns,
        namespaced: false,
        settings: (),
        verbs: [
            Listable,
            Gettable,
            Creatable = One<Namespace>,
            Updatable = One<Namespace>,
        ],
    }
}

/// Patch, delete (answering the terminating namespace) and the preview session cluster.
impl Api<Namespace> {
    /// `/namespaces/v1/namespaces/{name}` after checking the name.
    fn named(&self, name: &str) -> Result<UrlPath> {
        self.item(&Ref::Name(name.to_owned()))
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
        let path = self.named(name)?;
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
        let path = self.named(name)?;
        let req = Self::request(Request::delete(path.clone()));
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
        let path = self.named(name)?.verb("setPreviewSessionCluster");
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
        self.client()
            .execute_unit(Request::post(path).json(&body)?)
            .await
    }

    async fn one_or_read_back(&self, req: Request, path: UrlPath) -> Result<Namespace> {
        match self.client().execute_opt::<One<Namespace>>(req).await? {
            Some(ns) => Ok(ns.into_inner()),
            None => self.one(Self::request(Request::get(path))).await,
        }
    }
}
