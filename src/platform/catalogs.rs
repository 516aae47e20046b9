//! [`CatalogsApi`]: `/catalog/v1beta2/namespaces/{ns}/catalogs`.

use crate::api::Api;
use crate::error::Result;
use crate::name::Ref;
use crate::platform::common::{check_identifier, many, one};
use crate::platform::envelope::{PluralKey, SingularKey};
use crate::platform::handle::platform_resource;
use crate::platform::types::{Catalog, Database, Function, Table, View};
use crate::request::{Request, UrlPath};
use serde::de::DeserializeOwned;

/// The catalogs of one namespace and their databases, tables, views and functions (read
/// only). Get one with [`Client::catalogs`](crate::Client::catalogs).
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
///
/// `list` and `get` are [`Api`]'s verbs.
pub type CatalogsApi = Api<Catalog>;

platform_resource! {
    Catalog {
        api: "catalog/v1beta2/namespaces",
        segment: "catalogs",
        kind: "Catalog",
        names: Identifier,
        settings: (),
        verbs: [Listable, Gettable],
    }
}

/// A catalog's databases, tables, views and functions.
impl Api<Catalog> {
    fn catalog_path(&self, catalog: &str) -> Result<UrlPath> {
        self.item(&Ref::Name(catalog.to_owned()))
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
        let mut req = Self::request(Request::get(path));
        if let Some(db) = database {
            req = req.query("database", db);
        }
        one(self.client(), req.query(param, value)).await
    }

    /// `GET catalogs/{catalog}:{verb}?database=..` -> `T::PLURAL`.
    async fn list_in<T: PluralKey + DeserializeOwned>(
        &self,
        catalog: &str,
        verb: &'static str,
        database: Option<&str>,
    ) -> Result<Vec<T>> {
        let path = self.catalog_path(catalog)?.verb(verb);
        let mut req = Self::request(Request::get(path));
        if let Some(db) = database {
            check_identifier(db, "Database")?;
            req = req.query("database", db);
        }
        many(self.client(), req).await
    }

    /// The databases of a catalog (`:listDatabases`).
    ///
    /// # Errors
    ///
    /// As [`Api::get`].
    pub async fn list_databases(&self, catalog: &str) -> Result<Vec<Database>> {
        self.list_in(catalog, "listDatabases", None).await
    }

    /// One database (`:getDatabase?database=..`).
    ///
    /// # Errors
    ///
    /// As [`Api::get`].
    pub async fn get_database(&self, catalog: &str, database: &str) -> Result<Database> {
        let path = self.catalog_path(catalog)?.verb("getDatabase");
        check_identifier(database, "Database")?;
        let req = Self::request(Request::get(path)).query("database", database);
        one(self.client(), req).await
    }

    /// The tables of a database (`:listTables`).
    ///
    /// # Errors
    ///
    /// As [`Api::get`].
    pub async fn list_tables(&self, catalog: &str, database: Option<&str>) -> Result<Vec<Table>> {
        self.list_in(catalog, "listTables", database).await
    }

    /// One table (`:getTable?database=..&table=..`).
    ///
    /// # Errors
    ///
    /// As [`Api::get`].
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
    /// As [`Api::get`].
    pub async fn list_views(&self, catalog: &str, database: Option<&str>) -> Result<Vec<View>> {
        self.list_in(catalog, "listViews", database).await
    }

    /// One view (`:getView?database=..&view=..`, VVP 2.7+).
    ///
    /// # Errors
    ///
    /// As [`Api::get`].
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
    /// As [`Api::get`].
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
    /// As [`Api::get`].
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
