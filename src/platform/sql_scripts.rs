//! [`SqlScriptsApi`]: `/sql/v1beta1/namespaces/{ns}/sqlscripts` and the statement verbs
//! `:validate`, `:execute`, `:execute-multi`, `:suggest`.

use crate::api::Api;
use crate::error::{Error, Result};
use crate::platform::common::{check_identifier, many};
use crate::platform::connectors::SQL_API;
use crate::platform::envelope::One;
use crate::platform::handle::platform_resource;
use crate::platform::types::{
    ExecuteStatementResponse, ExecuteStatementsResponse, SqlScript, SqlScriptCompletion, Statement,
    SuggestCompletionsRequest, ValidateStatementResponse,
};
use crate::request::Request;

/// Saved SQL scripts of one namespace, and SQL statement validation, execution and
/// completion. Get one with [`Client::sql_scripts`](crate::Client::sql_scripts).
///
/// `create` and `update` answer the script, `delete` nothing.
///
/// Statements resolve unqualified table names in the catalog and database set with
/// [`catalog`](Self::catalog) and [`database`](Self::database) (sent as query parameters;
/// unset means the server's default, catalog `vvp` and the namespace's database).
///
/// ```no_run
/// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
/// let sql = client.sql_scripts("default").catalog("vvp").database("default");
/// let verdict = sql.validate("SELECT * FROM orders").await?;
/// if !verdict.is_valid() {
///     if let Some(d) = verdict.error_details {
///         eprintln!("line {:?}, column {:?}: {:?}", d.line_number, d.column_number, d.message);
///     }
/// }
/// let answer = sql.execute("SHOW TABLES").await?;
/// if let Some(table) = answer.result_table {
///     for row in table.values() {
///         println!("{}", row.join(" | "));
///     }
/// }
/// # Ok(()) }
/// ```
pub type SqlScriptsApi = Api<SqlScript>;

/// The settings of a [`SqlScriptsApi`]: the catalog and database statements resolve in, set
/// with [`catalog`](Api::catalog) and [`database`](Api::database).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SqlScope {
    catalog: Option<String>,
    database: Option<String>,
}

platform_resource! {
    SqlScript {
        api: SQL_API,
        segment: "sqlscripts",
        kind: "SqlScript",
        names: Dns,
        settings: SqlScope,
        verbs: [
            Listable,
            Gettable,
            Creatable = One<SqlScript>,
            Updatable = One<SqlScript>,
            Deletable = (),
        ],
    }
}

impl Api<SqlScript> {
    /// Resolve statements in this catalog (`?catalog=`) for validate/execute/execute-multi.
    #[must_use]
    pub fn catalog(mut self, catalog: impl Into<String>) -> Self {
        self.settings.catalog = Some(catalog.into());
        self
    }

    /// Resolve statements in this database (`?database=`) for validate/execute/execute-multi.
    #[must_use]
    pub fn database(mut self, database: impl Into<String>) -> Self {
        self.settings.database = Some(database.into());
        self
    }

    /// `POST sqlscripts:{verb}` with the catalog/database query parameters.
    fn statement_request(&self, verb: &'static str) -> Result<Request> {
        let mut req = self.post_verb(verb)?;
        if let Some(catalog) = &self.settings.catalog {
            check_identifier(catalog, "Catalog")?;
            req = req.query("catalog", catalog.as_str());
        }
        if let Some(database) = &self.settings.database {
            check_identifier(database, "Database")?;
            req = req.query("database", database.as_str());
        }
        Ok(req)
    }

    /// Validate one statement (`:validate`). An invalid statement is a successful answer
    /// with a `VALIDATION_RESULT_INVALID*` verdict and [`error_details`]; some servers answer
    /// HTTP 400 instead, which is an [`Error`].
    ///
    /// [`error_details`]: ValidateStatementResponse::error_details
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`] for a bad namespace (nothing is sent); transport errors, the
    /// server's error answer, [`Error::Decode`].
    pub async fn validate(&self, statement: &str) -> Result<ValidateStatementResponse> {
        let req = self
            .statement_request("validate")?
            .json(&Statement::new(statement))?;
        self.client().execute(req).await
    }

    /// Execute one statement (`:execute`): DDL, `SHOW`, `DESCRIBE`, ... (queries are
    /// deployed, not executed here).
    ///
    /// # Errors
    ///
    /// As [`validate`](Self::validate). A statement that fails is a successful answer with
    /// a `RESULT_ERROR_*` result.
    pub async fn execute(&self, statement: &str) -> Result<ExecuteStatementResponse> {
        let req = self
            .statement_request("execute")?
            .json(&Statement::new(statement))?;
        self.client().execute(req).await
    }

    /// Execute several statements in order (`:execute-multi?stopOnError=..`; the body is
    /// a JSON array of strings). Returns one response per statement; with
    /// `stop_on_error`, statements after a failure come back `RESULT_SKIPPED`.
    ///
    /// ```no_run
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// let ddl = [
    ///     "CREATE FUNCTION IF NOT EXISTS `f` AS 'com.example.F'",
    ///     "CREATE TABLE IF NOT EXISTS `t` (id INT) WITH ('connector' = 'datagen')",
    /// ];
    /// for r in client.sql_scripts("default").execute_multi(ddl, true).await? {
    ///     assert!(r.is_success());
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`validate`](Self::validate).
    pub async fn execute_multi<I, S>(
        &self,
        statements: I,
        stop_on_error: bool,
    ) -> Result<Vec<ExecuteStatementResponse>>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let statements: Vec<String> = statements.into_iter().map(Into::into).collect();
        let req = self
            .statement_request("execute-multi")?
            .query("stopOnError", stop_on_error.to_string())
            .json(&statements)?;
        let answer: ExecuteStatementsResponse = self.client().execute(req).await?;
        Ok(answer.responses)
    }

    /// Completions for `script` at character offset `position` (`:suggest`). The
    /// catalog/database settings do not apply (the endpoint has no such parameters).
    ///
    /// # Errors
    ///
    /// [`Error::Encode`] if `position` exceeds `i32::MAX`; otherwise as
    /// [`SqlScriptsApi::validate`].
    pub async fn suggest(&self, script: &str, position: usize) -> Result<Vec<SqlScriptCompletion>> {
        let position = i32::try_from(position).map_err(|e| Error::Encode {
            source: Box::new(e),
        })?;
        let body = SuggestCompletionsRequest {
            sql_script: Some(script.to_owned()),
            position: Some(position),
            ..Default::default()
        };
        let req = self.post_verb("suggest")?.json(&body)?;
        many(self.client(), req).await
    }
}
