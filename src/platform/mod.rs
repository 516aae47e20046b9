//! The Platform API: namespaces, API tokens, catalogs, SQL, connectors, formats, UDF
//! artifacts, Autopilot and the artifact storage.
//!
//! The Platform API (`/swagger.json` on a VVP server) is a different family of endpoints from
//! the Application Manager (`/api/v1/...`):
//!
//! - objects have no `kind`/`apiVersion`/`metadata`; they are flat, and their `name` is
//!   *fully qualified* (`namespaces/<ns>`, `namespaces/<ns>/apitokens/<token>`, ...);
//! - every response wraps its payload in a single-key envelope named after the resource
//!   (`{"namespace": {...}}`, `{"namespaces": [...]}`); [`envelope`] declares those keys per
//!   type and unwraps them generically;
//! - enum values are protobuf-style (`LIFECYCLE_PHASE_ACTIVE`, `RESULT_SUCCESS`, ...);
//! - endpoints speak JSON only, whatever [`BodyFormat`](crate::BodyFormat) the client uses.
//!
//! Handles come from the [`Client`]; each is the one generic handle [`Api<K>`](crate::Api)
//! for a Platform kind:
//!
//! | handle | endpoints |
//! |---|---|
//! | [`Client::namespaces`] | `/namespaces/v1/namespaces` |
//! | [`Client::api_tokens`] | `/apitokens/v1/namespaces/{ns}/apitokens` |
//! | [`Client::catalogs`] | `/catalog/v1beta2/namespaces/{ns}/catalogs` |
//! | [`Client::catalog_connectors`], [`Client::connectors`], [`Client::formats`] | `/sql/v1beta1/namespaces/{ns}/...` |
//! | [`Client::sql_scripts`] | `/sql/v1beta1/namespaces/{ns}/sqlscripts[:validate|:execute|...]` |
//! | [`Client::udf_artifacts`] | `/sql/v1beta1/namespaces/{ns}/udfartifacts` |
//! | [`Client::autopilot`] | `/autopilot/v1alpha1/namespaces/{ns}` |
//! | [`Client::artifacts`] | `/artifacts/v1/namespaces/{ns}/artifacts:*` |
//!
//! Every Platform kind is served by the crate's one generic handle, [`Api<K>`](crate::Api)
//! (`list`, `get`, `create`, `update`, `delete` where the kind has them), driven by the
//! facts each kind declares in the sealed [`Resource`](crate::Resource) trait;
//! [`ConnectorsApi`], [`NamespacesApi`], [`SqlScriptsApi`], ... are aliases of its
//! instantiations, and what only one kind has (`list_tables`, `analyze_jars`, `validate`,
//! `list_databases`, `upload`, `get_policy`, `set_preview_session_cluster`, ...) is an
//! inherent method of that instantiation. Namespaces are not namespaced: the
//! [`Client::namespaces`] handle's `namespace()` is empty.
//!
//! Conventions shared by every handle:
//!
//! - methods take *short* names (`ci-token`), checked against the 63-character rule (catalog
//!   and SQL identifiers: non-empty) before anything is sent, and never an id; a fully-qualified name passed by mistake is rejected with
//!   [`InvalidNameReason::FullyQualified`](crate::InvalidNameReason::FullyQualified). Objects
//!   given to `create`/`update` may carry a short or a fully-qualified name; the SDK sends
//!   the fully-qualified form;
//! - lists come back as [`List<T>`](crate::List) (items, plus any other envelope keys in
//!   `extra`), single objects unwrapped;
//! - every request goes through the core's one request path (request building, then the one send), so
//!   errors are the same [`Error`](crate::Error) as everywhere (404 →
//!   [`Error::is_not_found`](crate::Error::is_not_found), 409 →
//!   [`Error::is_conflict`](crate::Error::is_conflict), ...).

mod api_tokens;
mod artifacts;
mod autopilot;
mod catalogs;
mod common;
mod connectors;
pub mod envelope;
mod handle;
mod namespaces;
mod sql_scripts;
pub mod types;
mod udf_artifacts;

pub use api_tokens::ApiTokensApi;
pub use artifacts::{ArtifactSettings, ArtifactSource, ArtifactsApi};
pub use autopilot::AutopilotApi;
pub use catalogs::CatalogsApi;
pub use connectors::{CatalogConnectorsApi, ConnectorsApi, FormatsApi};
pub use envelope::{Many, One, PluralKey, SingularKey};
pub use handle::UsedByTables;
pub use namespaces::NamespacesApi;
pub use sql_scripts::{SqlScope, SqlScriptsApi};
pub use udf_artifacts::{UdfArtifactQuery, UdfArtifactsApi};

use crate::Client;

/// Platform API handles.
impl Client {
    /// The platform's namespaces (`/namespaces/v1/namespaces`).
    pub fn namespaces(&self) -> NamespacesApi {
        crate::Api::new(self.clone(), String::new())
    }

    /// API tokens of namespace `ns`.
    pub fn api_tokens(&self, ns: impl Into<String>) -> ApiTokensApi {
        crate::Api::new(self.clone(), ns.into())
    }

    /// Catalogs of namespace `ns` and their databases, tables, views and functions.
    pub fn catalogs(&self, ns: impl Into<String>) -> CatalogsApi {
        crate::Api::new(self.clone(), ns.into())
    }

    /// Catalog connectors of namespace `ns` (VVP 2.7+).
    pub fn catalog_connectors(&self, ns: impl Into<String>) -> CatalogConnectorsApi {
        crate::Api::new(self.clone(), ns.into())
    }

    /// Table connectors of namespace `ns`.
    pub fn connectors(&self, ns: impl Into<String>) -> ConnectorsApi {
        crate::Api::new(self.clone(), ns.into())
    }

    /// Table formats of namespace `ns`.
    pub fn formats(&self, ns: impl Into<String>) -> FormatsApi {
        crate::Api::new(self.clone(), ns.into())
    }

    /// Saved SQL scripts of namespace `ns`, and statement validation/execution/completion.
    pub fn sql_scripts(&self, ns: impl Into<String>) -> SqlScriptsApi {
        crate::Api::new(self.clone(), ns.into())
    }

    /// UDF artifacts of namespace `ns`.
    pub fn udf_artifacts(&self, ns: impl Into<String>) -> UdfArtifactsApi {
        crate::Api::new(self.clone(), ns.into())
    }

    /// Autopilot policies of the deployments in namespace `ns`.
    pub fn autopilot(&self, ns: impl Into<String>) -> AutopilotApi {
        crate::Api::new(self.clone(), ns.into())
    }

    /// The artifact storage of namespace `ns` (upload JARs, list, delete).
    pub fn artifacts(&self, ns: impl Into<String>) -> ArtifactsApi {
        crate::Api::new(self.clone(), ns.into())
    }
}
