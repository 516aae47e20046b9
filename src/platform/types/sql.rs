//! SQL resources and results (`/sql/v1beta1`): connectors, formats, catalog connectors, SQL
//! scripts, statement validation/execution and completions.

use super::last_segment;
use crate::platform::envelope::envelope;
use crate::types::open_enum;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A configuration option of a connector, format or catalog connector.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Property {
    /// Option key, e.g. `topic`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Human-readable description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Default value, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_value: Option<String>,
    /// Whether the option must be set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// Whether the option selects the format (e.g. `format`, `value.format`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub defines_format: Option<bool>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A table connector available to SQL (`kafka`, `jdbc`, a custom one, ...).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Connector {
    /// Resource name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The value of the table option `connector` (wire key `type`).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub connector_type: Option<String>,
    /// Whether the connector ships with the platform (read-only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub packaged: Option<bool>,
    /// Can be read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<bool>,
    /// Can be written to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sink: Option<bool>,
    /// Supports lookup joins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lookup: Option<bool>,
    /// Format types the connector accepts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supported_formats: Option<Vec<String>>,
    /// JAR URIs the connector needs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dependencies: Option<Vec<String>>,
    /// Configuration options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Vec<Property>>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
envelope!(Connector, "connector", "connectors");

/// A table format available to SQL (`json`, `avro`, a custom one, ...).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Format {
    /// Resource name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The value of the table option `format` (wire key `type`).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub format_type: Option<String>,
    /// Whether the format ships with the platform (read-only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub packaged: Option<bool>,
    /// Usable for reading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<bool>,
    /// Usable for writing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sink: Option<bool>,
    /// JAR URIs the format needs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dependencies: Option<Vec<String>>,
    /// Configuration options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Vec<Property>>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
envelope!(Format, "format", "formats");

/// A catalog connector: the implementation behind external catalogs (VVP 2.7+).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CatalogConnector {
    /// Resource name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The value of the catalog option `type` (wire key `type`).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub catalog_type: Option<String>,
    /// Whether the connector ships with the platform (read-only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub packaged: Option<bool>,
    /// Whether catalogs of this type are read-only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_only: Option<bool>,
    /// JAR URIs the connector needs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dependencies: Option<Vec<String>>,
    /// Configuration options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Vec<Property>>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
envelope!(CatalogConnector, "catalogConnector", "catalogConnectors");

/// A reference to a table (`catalog.database.table`), e.g. one using a connector.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TableReference {
    /// Catalog name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog_name: Option<String>,
    /// Database name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database_name: Option<String>,
    /// Table name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table_name: Option<String>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
envelope!(TableReference, _, "tables");

/// A reference to a catalog, e.g. one using a catalog connector.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CatalogReference {
    /// Catalog name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
envelope!(CatalogReference, _, "catalogs");

/// One JAR URI (an element of [`JarUris`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JarUri {
    /// The URI, e.g. `s3://bucket/connector.jar`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jar_uri: Option<String>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Body of `catalog-connectors:analyze-jars`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JarUris {
    /// The JARs to analyze.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jar_uris: Option<Vec<JarUri>>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl JarUris {
    /// The body for the given URIs.
    pub fn new<I, S>(uris: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        JarUris {
            jar_uris: Some(
                uris.into_iter()
                    .map(|u| JarUri {
                        jar_uri: Some(u.into()),
                        extra: Map::new(),
                    })
                    .collect(),
            ),
            extra: Map::new(),
        }
    }
}

/// The answer of updating a connector: the connector and the tables the change affects.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectorUpdate {
    /// The stored connector.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connector: Option<Connector>,
    /// Tables whose definitions are affected by the change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affected_tables: Option<Vec<TableReference>>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The answer of updating a format: the format and the tables the change affects.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FormatUpdate {
    /// The stored format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    /// Tables whose definitions are affected by the change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affected_tables: Option<Vec<TableReference>>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The answer of deleting a connector or a format: the tables that used it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AffectedTables {
    /// Tables that referenced the deleted resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affected_tables: Option<Vec<TableReference>>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A saved SQL script (the SQL editor's scripts).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SqlScript {
    /// Fully-qualified name, `namespaces/<ns>/sqlscripts/<name>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Free-text description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The SQL text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub script: Option<String>,
    /// When the script was created (server-managed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_time: Option<DateTime<Utc>>,
    /// When the script was last changed (server-managed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_time: Option<DateTime<Utc>>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
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

/// Body of `sqlscripts:validate` and `sqlscripts:execute`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Statement {
    /// The SQL statement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement: Option<String>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Statement {
    /// A statement body.
    pub fn new(statement: impl Into<String>) -> Self {
        Statement {
            statement: Some(statement.into()),
            extra: Map::new(),
        }
    }
}

/// Where and why a statement failed. Lines and columns are 1-based; 0 means "unknown".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorDetails {
    /// First line of the offending text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_number: Option<i32>,
    /// First column of the offending text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column_number: Option<i32>,
    /// Last line of the offending text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_line_number: Option<i32>,
    /// Last column of the offending text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_column_number: Option<i32>,
    /// The error message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The underlying cause (sent by some builds; not in the 2.7.1 spec).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
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

/// The answer of `sqlscripts:validate`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ValidateStatementResponse {
    /// The verdict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation_result: Option<ValidationResult>,
    /// Where and why the statement is invalid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_details: Option<ErrorDetails>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
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

/// The answer of `sqlscripts:execute` (one element of `execute-multi`'s answer).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExecuteStatementResponse {
    /// The outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<StatementResult>,
    /// Rows returned by the statement (`SHOW`, `DESCRIBE`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_table: Option<ResultTable>,
    /// Where and why execution failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_message: Option<ErrorDetails>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ExecuteStatementResponse {
    /// Whether the result is `RESULT_SUCCESS` or `RESULT_SUCCESS_WITH_ROWS`.
    pub fn is_success(&self) -> bool {
        self.result
            .as_ref()
            .is_some_and(StatementResult::is_success)
    }
}

/// The answer of `sqlscripts:execute-multi`: one response per statement, in order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExecuteStatementsResponse {
    /// One response per statement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responses: Option<Vec<ExecuteStatementResponse>>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Rows returned by a statement.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResultTable {
    /// Column headers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<Vec<TableHeader>>,
    /// The rows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<Vec<TableRow>>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ResultTable {
    /// The header names (missing names read as `""`).
    pub fn header_names(&self) -> Vec<&str> {
        self.headers
            .iter()
            .flatten()
            .map(|h| h.name.as_deref().unwrap_or(""))
            .collect()
    }

    /// The cell values row by row (missing values read as `""`).
    pub fn values(&self) -> Vec<Vec<&str>> {
        self.rows
            .iter()
            .flatten()
            .map(|r| {
                r.cells
                    .iter()
                    .flatten()
                    .map(|c| c.value.as_deref().unwrap_or(""))
                    .collect()
            })
            .collect()
    }
}

/// A column header of a [`ResultTable`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TableHeader {
    /// Column name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A row of a [`ResultTable`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TableRow {
    /// The cells, in header order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cells: Option<Vec<TableCell>>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A cell of a [`TableRow`] (always a string on the wire).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TableCell {
    /// The value as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Body of `sqlscripts:suggest` (`SuggestSqlScriptCompletionsDetails`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SuggestRequest {
    /// The script being edited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sql_script: Option<String>,
    /// The cursor position (character offset into `sql_script`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<i32>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
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

/// One completion of `sqlscripts:suggest`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SqlScriptCompletion {
    /// The text to insert.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// What the text is (wire key `type`).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub hint_type: Option<HintType>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
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
