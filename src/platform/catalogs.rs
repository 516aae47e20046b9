//! [`CatalogsApi`]: `/catalog/v1beta2/namespaces/{ns}/catalogs`.

use crate::error::Result;
use crate::platform::common::{check_identifier, json_request, many, one, Collection};
use crate::platform::envelope::{PluralKey, SingularKey};
use crate::platform::types::{Catalog, Database, Function, Table, View};
use crate::request::{Request, UrlPath};
use crate::Client;
use serde::de::DeserializeOwned;
use std::fmt;

/// The catalogs of one namespace and their databases, tables, views and functions (read
/// only). Get one with [`Client::catalogs`].
///
/// Catalog, database, table, view and function names are SQL identifiers, not resource
/// names: any non-empty text is accepted (and percent-encoded). Where a method takes
/// `database: Option<&str>`, `None` means the catalog's default database.
///
/// ```no_run
/// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
/// let catalogs = client.catalogs("default");
/// for table in catalogs.list_tables("vvp", Some("default")).await? {
///     println!("{:?}", table.name);
/// }
/// let t = catalogs.get_table("vvp", None, "orders").await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct CatalogsApi {
    c: Collection,
}

impl fmt::Debug for CatalogsApi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CatalogsApi")
            .field("namespace", &self.c.namespace)
            .finish_non_exhaustive()
    }
}

impl CatalogsApi {
    pub(crate) fn new(client: Client, namespace: String) -> Self {
        CatalogsApi {
            c: Collection::new(
                client,
                namespace,
                "catalog/v1beta2/namespaces",
                "catalogs",
                "Catalog",
            ),
        }
    }

    /// The namespace this handle is bound to.
    pub fn namespace(&self) -> &str {
        &self.c.namespace
    }

    fn catalog_path(&self, catalog: &str) -> Result<UrlPath> {
        let path = self.c.path()?;
        check_identifier(catalog, "Catalog")?;
        Ok(path.seg(catalog))
    }

    /// `GET catalogs/{catalog}:{verb}?database=..&{key}=..` -> `T::SINGULAR`.
    async fn get_in<T: SingularKey + DeserializeOwned>(
        &self,
        catalog: &str,
        verb: &'static str,
        database: Option<&str>,
        key: (&'static str, &'static str, &str),
    ) -> Result<T> {
        let (param, kind, value) = key;
        let path = self.catalog_path(catalog)?.verb(verb);
        if let Some(db) = database {
            check_identifier(db, "Database")?;
        }
        check_identifier(value, kind)?;
        let mut req = json_request(Request::get(path));
        if let Some(db) = database {
            req = req.query("database", db);
        }
        one(&self.c.client, req.query(param, value)).await
    }

    /// `GET catalogs/{catalog}:{verb}?database=..` -> `T::PLURAL`.
    async fn list_in<T: PluralKey + DeserializeOwned>(
        &self,
        catalog: &str,
        verb: &'static str,
        database: Option<&str>,
    ) -> Result<Vec<T>> {
        let path = self.catalog_path(catalog)?.verb(verb);
        let mut req = json_request(Request::get(path));
        if let Some(db) = database {
            check_identifier(db, "Database")?;
            req = req.query("database", db);
        }
        many(&self.c.client, req).await
    }

    /// All catalogs of the namespace (`vvp` and any external ones).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`](crate::Error::InvalidName) for a bad namespace (nothing is
    /// sent); transport errors, the server's error answer, [`Error::Decode`](crate::Error::Decode).
    pub async fn list(&self) -> Result<Vec<Catalog>> {
        self.c.list(&[]).await
    }

    /// One catalog.
    ///
    /// # Errors
    ///
    /// As [`CatalogsApi::list`]; [`Error::is_not_found`](crate::Error::is_not_found).
    pub async fn get(&self, catalog: &str) -> Result<Catalog> {
        let req = json_request(Request::get(self.catalog_path(catalog)?));
        one(&self.c.client, req).await
    }

    /// The databases of a catalog (`:listDatabases`).
    ///
    /// # Errors
    ///
    /// As [`CatalogsApi::get`].
    pub async fn list_databases(&self, catalog: &str) -> Result<Vec<Database>> {
        self.list_in(catalog, "listDatabases", None).await
    }

    /// One database (`:getDatabase?database=..`).
    ///
    /// # Errors
    ///
    /// As [`CatalogsApi::get`].
    pub async fn get_database(&self, catalog: &str, database: &str) -> Result<Database> {
        let path = self.catalog_path(catalog)?.verb("getDatabase");
        check_identifier(database, "Database")?;
        let req = json_request(Request::get(path)).query("database", database);
        one(&self.c.client, req).await
    }

    /// The tables of a database (`:listTables`).
    ///
    /// # Errors
    ///
    /// As [`CatalogsApi::get`].
    pub async fn list_tables(&self, catalog: &str, database: Option<&str>) -> Result<Vec<Table>> {
        self.list_in(catalog, "listTables", database).await
    }

    /// One table (`:getTable?database=..&table=..`).
    ///
    /// # Errors
    ///
    /// As [`CatalogsApi::get`].
    pub async fn get_table(
        &self,
        catalog: &str,
        database: Option<&str>,
        table: &str,
    ) -> Result<Table> {
        self.get_in(catalog, "getTable", database, ("table", "Table", table))
            .await
    }

    /// The views of a database (`:listViews`, VVP 2.7+).
    ///
    /// # Errors
    ///
    /// As [`CatalogsApi::get`].
    pub async fn list_views(&self, catalog: &str, database: Option<&str>) -> Result<Vec<View>> {
        self.list_in(catalog, "listViews", database).await
    }

    /// One view (`:getView?database=..&view=..`, VVP 2.7+).
    ///
    /// # Errors
    ///
    /// As [`CatalogsApi::get`].
    pub async fn get_view(
        &self,
        catalog: &str,
        database: Option<&str>,
        view: &str,
    ) -> Result<View> {
        self.get_in(catalog, "getView", database, ("view", "View", view))
            .await
    }

    /// The functions of a database (`:listFunctions`).
    ///
    /// # Errors
    ///
    /// As [`CatalogsApi::get`].
    pub async fn list_functions(
        &self,
        catalog: &str,
        database: Option<&str>,
    ) -> Result<Vec<Function>> {
        self.list_in(catalog, "listFunctions", database).await
    }

    /// One function (`:getFunction?database=..&function=..`).
    ///
    /// # Errors
    ///
    /// As [`CatalogsApi::get`].
    pub async fn get_function(
        &self,
        catalog: &str,
        database: Option<&str>,
        function: &str,
    ) -> Result<Function> {
        self.get_in(
            catalog,
            "getFunction",
            database,
            ("function", "Function", function),
        )
        .await
    }
}
