//! [`ConnectorsApi`], [`FormatsApi`], [`CatalogConnectorsApi`]:
//! `/sql/v1beta1/namespaces/{ns}/{connectors,formats,catalog-connectors}`.
//!
//! Objects are sent with their fully-qualified name
//! (`namespaces/<ns>/connectors/<name>`, the naming pattern the Platform API uses for API
//! tokens, SQL scripts and UDF artifacts); methods take the short name.

use crate::error::Result;
use crate::platform::common::{json_request, many, Collection};
use crate::platform::types::{
    AffectedTables, CatalogConnector, CatalogReference, Connector, ConnectorUpdate, Format,
    FormatUpdate, JarUris, TableReference,
};
use crate::request::Request;
use crate::Client;
use std::fmt;

const SQL_API: &str = "sql/v1beta1/namespaces";

macro_rules! debug_handle {
    ($t:ident) => {
        impl fmt::Debug for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($t))
                    .field("namespace", &self.c.namespace)
                    .finish_non_exhaustive()
            }
        }
    };
}

/// Table connectors of one namespace (packaged and custom). Get one with
/// [`Client::connectors`].
///
/// ```no_run
/// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
/// let kafka = client.connectors("default").get("kafka").await?;
/// let users = client.connectors("default").list_tables("kafka").await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct ConnectorsApi {
    c: Collection,
}
debug_handle!(ConnectorsApi);

impl ConnectorsApi {
    pub(crate) fn new(client: Client, namespace: String) -> Self {
        ConnectorsApi {
            c: Collection::new(client, namespace, SQL_API, "connectors", "Connector"),
        }
    }

    /// The namespace this handle is bound to.
    pub fn namespace(&self) -> &str {
        &self.c.namespace
    }

    /// All connectors.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`](crate::Error::InvalidName) for a bad namespace (nothing is
    /// sent); transport errors, the server's error answer, [`Error::Decode`](crate::Error::Decode).
    pub async fn list(&self) -> Result<Vec<Connector>> {
        self.c.list(&[]).await
    }

    /// One connector by short name.
    ///
    /// # Errors
    ///
    /// As [`ConnectorsApi::list`], plus a bad name (nothing is sent) and
    /// [`Error::is_not_found`](crate::Error::is_not_found).
    pub async fn get(&self, name: &str) -> Result<Connector> {
        self.c.get(name, &[]).await
    }

    /// Register a custom connector (`POST`); its `name` may be short or fully qualified.
    ///
    /// # Errors
    ///
    /// As [`ConnectorsApi::get`]; a missing name; [`Error::is_conflict`](crate::Error::is_conflict).
    pub async fn create(&self, connector: &Connector) -> Result<Connector> {
        let created: crate::platform::One<Connector> =
            self.c.create(connector, connector.name.as_deref()).await?;
        Ok(created.into_inner())
    }

    /// Replace a connector (`PUT .../{name}`); the answer lists the tables the change
    /// affects.
    ///
    /// # Errors
    ///
    /// As [`ConnectorsApi::create`].
    pub async fn update(&self, connector: &Connector) -> Result<ConnectorUpdate> {
        self.c.update(connector, connector.name.as_deref()).await
    }

    /// Delete a connector; returns the tables that used it.
    ///
    /// # Errors
    ///
    /// As [`ConnectorsApi::get`].
    pub async fn delete(&self, name: &str) -> Result<Vec<TableReference>> {
        let answer: AffectedTables = self.c.delete(name).await?;
        Ok(answer.affected_tables.unwrap_or_default())
    }

    /// The tables that use a connector (`:list-tables`).
    ///
    /// # Errors
    ///
    /// As [`ConnectorsApi::get`].
    pub async fn list_tables(&self, name: &str) -> Result<Vec<TableReference>> {
        self.c.list_verb(name, "list-tables").await
    }
}

/// Table formats of one namespace (packaged and custom). Get one with [`Client::formats`].
#[derive(Clone)]
pub struct FormatsApi {
    c: Collection,
}
debug_handle!(FormatsApi);

impl FormatsApi {
    pub(crate) fn new(client: Client, namespace: String) -> Self {
        FormatsApi {
            c: Collection::new(client, namespace, SQL_API, "formats", "Format"),
        }
    }

    /// The namespace this handle is bound to.
    pub fn namespace(&self) -> &str {
        &self.c.namespace
    }

    /// All formats.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`](crate::Error::InvalidName) for a bad namespace (nothing is
    /// sent); transport errors, the server's error answer, [`Error::Decode`](crate::Error::Decode).
    pub async fn list(&self) -> Result<Vec<Format>> {
        self.c.list(&[]).await
    }

    /// One format by short name.
    ///
    /// # Errors
    ///
    /// As [`FormatsApi::list`], plus a bad name (nothing is sent) and
    /// [`Error::is_not_found`](crate::Error::is_not_found).
    pub async fn get(&self, name: &str) -> Result<Format> {
        self.c.get(name, &[]).await
    }

    /// Register a custom format (`POST`); its `name` may be short or fully qualified.
    ///
    /// # Errors
    ///
    /// As [`FormatsApi::get`]; a missing name; [`Error::is_conflict`](crate::Error::is_conflict).
    pub async fn create(&self, format: &Format) -> Result<Format> {
        let created: crate::platform::One<Format> =
            self.c.create(format, format.name.as_deref()).await?;
        Ok(created.into_inner())
    }

    /// Replace a format (`PUT .../{name}`); the answer lists the tables the change affects.
    ///
    /// # Errors
    ///
    /// As [`FormatsApi::create`].
    pub async fn update(&self, format: &Format) -> Result<FormatUpdate> {
        self.c.update(format, format.name.as_deref()).await
    }

    /// Delete a format; returns the tables that used it.
    ///
    /// # Errors
    ///
    /// As [`FormatsApi::get`].
    pub async fn delete(&self, name: &str) -> Result<Vec<TableReference>> {
        let answer: AffectedTables = self.c.delete(name).await?;
        Ok(answer.affected_tables.unwrap_or_default())
    }

    /// The tables that use a format (`:list-tables`).
    ///
    /// # Errors
    ///
    /// As [`FormatsApi::get`].
    pub async fn list_tables(&self, name: &str) -> Result<Vec<TableReference>> {
        self.c.list_verb(name, "list-tables").await
    }
}

/// Catalog connectors of one namespace (VVP 2.7+). Get one with
/// [`Client::catalog_connectors`].
#[derive(Clone)]
pub struct CatalogConnectorsApi {
    c: Collection,
}
debug_handle!(CatalogConnectorsApi);

impl CatalogConnectorsApi {
    pub(crate) fn new(client: Client, namespace: String) -> Self {
        CatalogConnectorsApi {
            c: Collection::new(
                client,
                namespace,
                SQL_API,
                "catalog-connectors",
                "CatalogConnector",
            ),
        }
    }

    /// The namespace this handle is bound to.
    pub fn namespace(&self) -> &str {
        &self.c.namespace
    }

    /// All catalog connectors.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`](crate::Error::InvalidName) for a bad namespace (nothing is
    /// sent); transport errors, the server's error answer, [`Error::Decode`](crate::Error::Decode).
    pub async fn list(&self) -> Result<Vec<CatalogConnector>> {
        self.c.list(&[]).await
    }

    /// One catalog connector by short name.
    ///
    /// # Errors
    ///
    /// As [`CatalogConnectorsApi::list`], plus a bad name (nothing is sent) and
    /// [`Error::is_not_found`](crate::Error::is_not_found).
    pub async fn get(&self, name: &str) -> Result<CatalogConnector> {
        self.c.get(name, &[]).await
    }

    /// Register a catalog connector (`POST`); its `name` may be short or fully qualified.
    ///
    /// # Errors
    ///
    /// As [`CatalogConnectorsApi::get`]; a missing name;
    /// [`Error::is_conflict`](crate::Error::is_conflict).
    pub async fn create(&self, connector: &CatalogConnector) -> Result<CatalogConnector> {
        let created: crate::platform::One<CatalogConnector> =
            self.c.create(connector, connector.name.as_deref()).await?;
        Ok(created.into_inner())
    }

    /// Replace a catalog connector (`PUT .../{name}`).
    ///
    /// # Errors
    ///
    /// As [`CatalogConnectorsApi::create`].
    pub async fn update(&self, connector: &CatalogConnector) -> Result<CatalogConnector> {
        let updated: crate::platform::One<CatalogConnector> =
            self.c.update(connector, connector.name.as_deref()).await?;
        Ok(updated.into_inner())
    }

    /// Delete a catalog connector.
    ///
    /// # Errors
    ///
    /// As [`CatalogConnectorsApi::get`].
    pub async fn delete(&self, name: &str) -> Result<()> {
        self.c.delete_unit(name).await
    }

    /// The catalogs that use a catalog connector (`:list-catalogs`).
    ///
    /// # Errors
    ///
    /// As [`CatalogConnectorsApi::get`].
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
    /// As [`CatalogConnectorsApi::list`].
    pub async fn analyze_jars(&self, jars: &JarUris) -> Result<Vec<CatalogConnector>> {
        let path = self.c.path()?.verb("analyze-jars");
        let req = json_request(Request::post(path)).json(jars)?;
        many(&self.c.client, req).await
    }
}
