//! SQL resources and results (`/sql/v1beta1`): the open enums of statement results and
//! completions, and the behaviour of the generated connectors, formats, catalog connectors,
//! SQL scripts, statements and result tables.

use super::{
    last_segment, CatalogConnector, CatalogReference, Connector, ExecuteStatementResponse, Format,
    JarUri, JarUris, ResultTable, SqlScript, SqlScriptCompletion, Statement, TableReference,
    ValidateStatementResponse,
};
use crate::platform::envelope::envelope;
use crate::types::open_enum;

envelope!(Connector, "connector", "connectors");
envelope!(Format, "format", "formats");
envelope!(CatalogConnector, "catalogConnector", "catalogConnectors");
envelope!(TableReference, _, "tables");
envelope!(CatalogReference, _, "catalogs");

impl JarUris {
    /// The body of `catalog-connectors:analyze-jars` for the given URIs.
    pub fn new<I, S>(uris: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        JarUris {
            jar_uris: uris
                .into_iter()
                .map(|u| JarUri {
                    jar_uri: Some(u.into()),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }
    }
}

envelope!(SqlScript, "sqlScript", "sqlScripts");

impl SqlScript {
    /// A script with the given SQL text and no other fields set.
    pub fn new(script: impl Into<String>) -> Self {
        SqlScript {
            script: Some(script.into()),
            ..Default::default()
        }
    }

    /// The short name (last segment of `name`).
    pub fn short_name(&self) -> Option<&str> {
        self.name.as_deref().map(last_segment)
    }
}

impl Statement {
    /// A statement body.
    pub fn new(statement: impl Into<String>) -> Self {
        Statement {
            statement: Some(statement.into()),
            ..Default::default()
        }
    }
}

open_enum! {
    /// The verdict of `sqlscripts:validate`.
    pub enum ValidationResult {
        /// Protobuf default value.
        Invalid = "VALIDATION_RESULT_INVALID",
        /// The statement does not parse or does not validate.
        InvalidQuery = "VALIDATION_RESULT_INVALID_QUERY",
        /// Valid SQL the platform does not support.
        UnsupportedQuery = "VALIDATION_RESULT_UNSUPPORTED_QUERY",
        /// A table's connector options are invalid (VVP 2.7+).
        InvalidConnectorConfig = "VALIDATION_RESULT_INVALID_CONNECTOR_CONFIG",
        /// A valid `INSERT INTO` (deployable).
        ValidInsertQuery = "VALIDATION_RESULT_VALID_INSERT_QUERY",
        /// A valid `SELECT` (previewable).
        ValidSelectQuery = "VALIDATION_RESULT_VALID_SELECT_QUERY",
        /// A valid DDL statement (`CREATE TABLE`, ...).
        ValidDdlStatement = "VALIDATION_RESULT_VALID_DDL_STATEMENT",
        /// A valid command (`SHOW TABLES`, `DESCRIBE`, ...).
        ValidCommandStatement = "VALIDATION_RESULT_VALID_COMMAND_STATEMENT",
        /// The server did not recognize the value.
        Unrecognized = "UNRECOGNIZED",
    }
}

impl ValidationResult {
    /// Whether this is one of the `VALIDATION_RESULT_VALID_*` values.
    pub fn is_valid(&self) -> bool {
        self.as_str().starts_with("VALIDATION_RESULT_VALID_")
    }
}

impl ValidateStatementResponse {
    /// Whether the verdict is one of the `VALIDATION_RESULT_VALID_*` values.
    pub fn is_valid(&self) -> bool {
        self.validation_result
            .as_ref()
            .is_some_and(ValidationResult::is_valid)
    }
}

open_enum! {
    /// The outcome of executing one statement.
    pub enum StatementResult {
        /// Protobuf default value.
        Invalid = "RESULT_INVALID",
        /// Executed; no rows.
        Success = "RESULT_SUCCESS",
        /// Executed; rows in `resultTable`.
        SuccessWithRows = "RESULT_SUCCESS_WITH_ROWS",
        /// Failed; rows in `resultTable` describe the error.
        ErrorWithRows = "RESULT_ERROR_WITH_ROWS",
        /// Failed; details in `errorMessage`.
        ErrorWithDetails = "RESULT_ERROR_WITH_DETAILS",
        /// Not executed (an earlier statement failed).
        Skipped = "RESULT_SKIPPED",
        /// The server did not recognize the value.
        Unrecognized = "UNRECOGNIZED",
    }
}

impl StatementResult {
    /// Whether this is `RESULT_SUCCESS` or `RESULT_SUCCESS_WITH_ROWS`.
    pub fn is_success(&self) -> bool {
        matches!(
            self,
            StatementResult::Success | StatementResult::SuccessWithRows
        )
    }
}

impl ExecuteStatementResponse {
    /// Whether the result is `RESULT_SUCCESS` or `RESULT_SUCCESS_WITH_ROWS`.
    pub fn is_success(&self) -> bool {
        self.result
            .as_ref()
            .is_some_and(StatementResult::is_success)
    }
}

impl ResultTable {
    /// The header names (missing names read as `""`).
    pub fn header_names(&self) -> Vec<&str> {
        self.headers
            .iter()
            .map(|h| h.name.as_deref().unwrap_or(""))
            .collect()
    }

    /// The cell values row by row (missing values read as `""`).
    pub fn values(&self) -> Vec<Vec<&str>> {
        self.rows
            .iter()
            .map(|r| {
                r.cells
                    .iter()
                    .map(|c| c.value.as_deref().unwrap_or(""))
                    .collect()
            })
            .collect()
    }
}

open_enum! {
    /// What a completion suggests.
    pub enum HintType {
        /// Protobuf default value.
        Invalid = "HINT_TYPE_INVALID",
        /// Unknown.
        Unknown = "HINT_TYPE_UNKNOWN",
        /// A column.
        Column = "HINT_TYPE_COLUMN",
        /// A table.
        Table = "HINT_TYPE_TABLE",
        /// A view.
        View = "HINT_TYPE_VIEW",
        /// A schema (database).
        Schema = "HINT_TYPE_SCHEMA",
        /// A catalog.
        Catalog = "HINT_TYPE_CATALOG",
        /// A repository.
        Repository = "HINT_TYPE_REPOSITORY",
        /// A function.
        Function = "HINT_TYPE_FUNCTION",
        /// A keyword.
        Keyword = "HINT_TYPE_KEYWORD",
        /// The server did not recognize the value.
        Unrecognized = "UNRECOGNIZED",
    }
}

envelope!(SqlScriptCompletion, _, "completions");

open_enum! {
    /// Where the translation of a SQL statement into a Flink job graph stands.
    pub enum JobGraphState {
        /// Protobuf default value; not sent by a healthy server.
        Invalid = "JOBGRAPH_STATE_INVALID",
        /// The statement is being translated.
        Translating = "JOBGRAPH_STATE_TRANSLATING",
        /// The job graph is ready.
        Completed = "JOBGRAPH_STATE_COMPLETED",
        /// The translation failed.
        Failed = "JOBGRAPH_STATE_FAILED",
        /// The server did not recognize the value.
        Unrecognized = "UNRECOGNIZED",
    }
}
