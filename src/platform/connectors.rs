//! [`ConnectorsApi`], [`FormatsApi`], [`CatalogConnectorsApi`]:
//! `/sql/v1beta1/namespaces/{ns}/{connectors,formats,catalog-connectors}`.
//!
//! Objects are sent with their fully-qualified name
//! (`namespaces/<ns>/connectors/<name>`, the naming pattern the Platform API uses for API
//! tokens, SQL scripts and UDF artifacts); methods take the short name. The verbs are
//! [`Api`]'s; this module declares each kind's facts and its extras.

use crate::api::Api;
use crate::error::Result;
use crate::platform::envelope::One;
use crate::platform::handle::{platform_resource, whole_answer, UsedByTables};
use crate::platform::types::{
    CatalogConnector, CatalogReference, Connector, DeleteConnectorResponse, DeleteFormatResponse,
    Format, JarUris, TableReference, UpdateConnectorResponse, UpdateFormatResponse,
};

/// The API prefix of the SQL service.
pub(crate) const SQL_API: &str = "sql/v1beta1/namespaces";

/// Table connectors of one namespace (packaged and custom). Get one with
/// [`Client::connectors`](crate::Client::connectors).
///
/// `create` answers the connector; `update` an [`UpdateConnectorResponse`] (the connector and the
/// tables the change affects); `delete` the tables that used it. Extra:
/// [`list_tables`](Api::list_tables).
///
/// ```no_run
/// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
/// let kafka = client.connectors("default").get("kafka").await?;
/// let users = client.connectors("default").list_tables("kafka").await?;
/// # Ok(()) }
/// ```
pub type ConnectorsApi = Api<Connector>;

/// Table formats of one namespace (packaged and custom). Get one with
/// [`Client::formats`](crate::Client::formats).
///
/// `create` answers the format; `update` an [`UpdateFormatResponse`] (the format and the tables the
/// change affects); `delete` the tables that used it. Extra:
/// [`list_tables`](Api::list_tables).
pub type FormatsApi = Api<Format>;

/// Catalog connectors of one namespace (VVP 2.7+). Get one with
/// [`Client::catalog_connectors`](crate::Client::catalog_connectors).
///
/// `create` and `update` answer the catalog connector; `delete` nothing. Extras:
/// [`list_catalogs`](Api::list_catalogs),
/// [`analyze_jars`](Api::analyze_jars).
pub type CatalogConnectorsApi = Api<CatalogConnector>;

whole_answer!(UpdateConnectorResponse, UpdateFormatResponse);

/// Deleting a connector answers the tables that used it.
impl<K> crate::resource::Answer<K> for DeleteConnectorResponse {
    type Output = Vec<TableReference>;
    fn into_output(self) -> Vec<TableReference> {
        self.affected_tables
    }
}

/// Deleting a format answers the tables that used it.
impl<K> crate::resource::Answer<K> for DeleteFormatResponse {
    type Output = Vec<TableReference>;
    fn into_output(self) -> Vec<TableReference> {
        self.affected_tables
    }
}

impl crate::resource::sealed::Sealed for DeleteConnectorResponse {}
impl crate::resource::sealed::Sealed for DeleteFormatResponse {}

platform_resource! {
    Connector {
        api: SQL_API,
        segment: "connectors",
        kind: "Connector",
        names: Dns,
        settings: (),
        verbs: [
            Listable,
            Gettable,
            Creatable = One<Connector>,
            Updatable = UpdateConnectorResponse,
            Deletable = DeleteConnectorResponse,
        ],
    }
}
impl UsedByTables for Connector {}

platform_resource! {
    Format {
        api: SQL_API,
        segment: "formats",
        kind: "Format",
        names: Dns,
        settings: (),
        verbs: [
            Listable,
            Gettable,
            Creatable = One<Format>,
            Updatable = UpdateFormatResponse,
            Deletable = DeleteFormatResponse,
        ],
    }
}
impl UsedByTables for Format {}

platform_resource! {
    CatalogConnector {
        api: SQL_API,
        segment: "catalog-connectors",
        kind: "CatalogConnector",
        names: Dns,
        settings: (),
        verbs: [
            Listable,
            Gettable,
            Creatable = One<CatalogConnector>,
            Updatable = One<CatalogConnector>,
            Deletable = (),
        ],
    }
}

impl Api<CatalogConnector> {
    /// The catalogs that use a catalog connector (`:list-catalogs`).
    ///
    /// # Errors
    ///
    /// As [`get`](Self::get).
    pub async fn list_catalogs(&self, name: &str) -> Result<Vec<CatalogReference>> {
        self.list_verb(name, "list-catalogs").await
    }

    /// Inspect JARs and return the catalog connectors they contain
    /// (`POST catalog-connectors:analyze-jars`).
    ///
    /// ```no_run
    /// use vvp::platform::types::JarUris;
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// let found = client
    ///     .catalog_connectors("default")
    ///     .analyze_jars(&JarUris::new(["s3://bucket/my-catalog.jar"]))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`list`](Self::list).
    pub async fn analyze_jars(&self, jars: &JarUris) -> Result<Vec<CatalogConnector>> {
        let req = self.post_verb("analyze-jars")?.json(jars)?;
        crate::platform::common::many(self.client(), req).await
    }
}
