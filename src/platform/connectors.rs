//! [`ConnectorsApi`], [`FormatsApi`], [`CatalogConnectorsApi`]:
//! `/sql/v1beta1/namespaces/{ns}/{connectors,formats,catalog-connectors}`.
//!
//! Objects are sent with their fully-qualified name
//! (`namespaces/<ns>/connectors/<name>`, the naming pattern the Platform API uses for API
//! tokens, SQL scripts and UDF artifacts); methods take the short name. The verbs are
//! [`PlatformApi`]'s; this module declares each kind's facts and its extras.

use crate::error::Result;
use crate::platform::envelope::One;
use crate::platform::handle::{whole_answer, PlatformApi, PlatformResource, UsedByTables};
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
/// [`list_tables`](PlatformApi::list_tables).
///
/// ```no_run
/// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
/// let kafka = client.connectors("default").get("kafka").await?;
/// let users = client.connectors("default").list_tables("kafka").await?;
/// # Ok(()) }
/// ```
pub type ConnectorsApi = PlatformApi<Connector>;

/// Table formats of one namespace (packaged and custom). Get one with
/// [`Client::formats`](crate::Client::formats).
///
/// `create` answers the format; `update` an [`UpdateFormatResponse`] (the format and the tables the
/// change affects); `delete` the tables that used it. Extra:
/// [`list_tables`](PlatformApi::list_tables).
pub type FormatsApi = PlatformApi<Format>;

/// Catalog connectors of one namespace (VVP 2.7+). Get one with
/// [`Client::catalog_connectors`](crate::Client::catalog_connectors).
///
/// `create` and `update` answer the catalog connector; `delete` nothing. Extras:
/// [`list_catalogs`](PlatformApi::list_catalogs),
/// [`analyze_jars`](PlatformApi::analyze_jars).
pub type CatalogConnectorsApi = PlatformApi<CatalogConnector>;

whole_answer!(UpdateConnectorResponse, UpdateFormatResponse);

/// Deleting a connector answers the tables that used it.
impl crate::platform::handle::Answer for DeleteConnectorResponse {
    type Output = Vec<TableReference>;
    fn into_output(self) -> Vec<TableReference> {
        self.affected_tables
    }
}

/// Deleting a format answers the tables that used it.
impl crate::platform::handle::Answer for DeleteFormatResponse {
    type Output = Vec<TableReference>;
    fn into_output(self) -> Vec<TableReference> {
        self.affected_tables
    }
}

/// `/sql/v1beta1/namespaces/{ns}/connectors`.
impl PlatformResource for Connector {
    const API: &'static str = SQL_API;
    const SEGMENT: &'static str = "connectors";
    const KIND: &'static str = "Connector";
    type Created = One<Connector>;
    type Updated = UpdateConnectorResponse;
    type Deleted = DeleteConnectorResponse;
    type Settings = ();
    fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }
}
impl UsedByTables for Connector {}

/// `/sql/v1beta1/namespaces/{ns}/formats`.
impl PlatformResource for Format {
    const API: &'static str = SQL_API;
    const SEGMENT: &'static str = "formats";
    const KIND: &'static str = "Format";
    type Created = One<Format>;
    type Updated = UpdateFormatResponse;
    type Deleted = DeleteFormatResponse;
    type Settings = ();
    fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }
}
impl UsedByTables for Format {}

/// `/sql/v1beta1/namespaces/{ns}/catalog-connectors`.
impl PlatformResource for CatalogConnector {
    const API: &'static str = SQL_API;
    const SEGMENT: &'static str = "catalog-connectors";
    const KIND: &'static str = "CatalogConnector";
    type Created = One<CatalogConnector>;
    type Updated = One<CatalogConnector>;
    type Deleted = ();
    type Settings = ();
    fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }
}

impl PlatformApi<CatalogConnector> {
    /// The catalogs that use a catalog connector (`:list-catalogs`).
    ///
    /// # Errors
    ///
    /// As [`get`](Self::get).
    pub async fn list_catalogs(&self, name: &str) -> Result<Vec<CatalogReference>> {
        self.c.list_verb(name, "list-catalogs").await
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
        let req = self.c.post_verb("analyze-jars")?.json(jars)?;
        crate::platform::common::many(&self.c.client, req).await
    }
}
