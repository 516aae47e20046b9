//! Catalogs and their objects (`/catalog/v1beta2`): databases, tables, views, functions.

use crate::platform::envelope::envelope;
use crate::types::open_enum;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A catalog (the built-in one is `vvp`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Catalog {
    /// Catalog name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Catalog properties (its connector configuration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<BTreeMap<String, String>>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
envelope!(Catalog, "catalog", "catalogs");

/// A database in a catalog (in `vvp`, one per namespace, `default` by default).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Database {
    /// Database name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Free-text comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Database properties.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<BTreeMap<String, String>>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
envelope!(Database, "database", "databases");

/// A table in a catalog database (`VvpTable` in the spec).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Table {
    /// Table name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Columns, primary key and watermarks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<Schema>,
    /// The `WITH (...)` options, e.g. `connector = datagen`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<BTreeMap<String, String>>,
    /// Free-text comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
envelope!(Table, "table", "tables");

/// A view in a catalog database (`VvpView` in the spec).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct View {
    /// View name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The view's resulting schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<Schema>,
    /// View properties.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<BTreeMap<String, String>>,
    /// Free-text comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The query as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// The query with every identifier fully qualified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expanded_query: Option<String>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
envelope!(View, "view", "views");

/// The schema of a table or view (`VvpSchema`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Schema {
    /// The columns (the wire key is the singular `column`).
    #[serde(rename = "column", default, skip_serializing_if = "Option::is_none")]
    pub columns: Option<Vec<Column>>,
    /// The primary key, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_key: Option<UniqueConstraint>,
    /// The watermark definitions (the wire key is the singular `watermarkSpec`).
    #[serde(
        rename = "watermarkSpec",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub watermark_specs: Option<Vec<Watermark>>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A column of a schema (`VvpColumn`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Column {
    /// Column name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Flink SQL type, e.g. `VARCHAR(2147483647)`, `TIMESTAMP(3)` (wire key `type`).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub data_type: Option<String>,
    /// The expression of a computed column (empty for physical columns).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
    /// Metadata-column information, if this is a metadata column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<ColumnMeta>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Metadata-column information of a column (`VvpColumnMeta`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ColumnMeta {
    /// The metadata key the column reads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Whether the column is `VIRTUAL` (read-only).
    #[serde(rename = "virtual", default, skip_serializing_if = "Option::is_none")]
    pub is_virtual: Option<bool>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

open_enum! {
    /// The kind of a [`UniqueConstraint`].
    pub enum ConstraintType {
        /// Protobuf default value.
        Invalid = "CONSTRAINT_TYPE_INVALID",
        /// `PRIMARY KEY`.
        PrimaryKey = "CONSTRAINT_TYPE_PRIMARY_KEY",
        /// `UNIQUE`.
        Unique = "CONSTRAINT_TYPE_UNIQUE",
        /// The server did not recognize the value.
        Unrecognized = "UNRECOGNIZED",
    }
}

/// A primary-key or unique constraint (`VvpUniqueConstraint`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UniqueConstraint {
    /// Constraint name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The constrained columns (wire key `column`).
    #[serde(rename = "column", default, skip_serializing_if = "Option::is_none")]
    pub columns: Option<Vec<String>>,
    /// Whether the constraint is enforced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enforced: Option<bool>,
    /// Primary key or unique (wire key `type`).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub constraint_type: Option<ConstraintType>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A watermark definition (`VvpWatermark`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Watermark {
    /// The rowtime column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_column: Option<String>,
    /// The watermark expression, e.g. `` `ts` - INTERVAL '1' MINUTE ``.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub watermark_expression: Option<String>,
    /// The type of the expression, e.g. `TIMESTAMP(3)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub watermark_type: Option<String>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

open_enum! {
    /// The implementation language of a catalog function.
    pub enum FunctionLanguage {
        /// Protobuf default value.
        Invalid = "FUNCTION_LANGUAGE_INVALID",
        /// Java.
        Java = "FUNCTION_LANGUAGE_JAVA",
        /// Scala.
        Scala = "FUNCTION_LANGUAGE_SCALA",
        /// Python.
        Python = "FUNCTION_LANGUAGE_PYTHON",
        /// The server did not recognize the value.
        Unrecognized = "UNRECOGNIZED",
    }
}

open_enum! {
    /// The origin of a catalog function.
    pub enum FunctionType {
        /// Protobuf default value.
        Invalid = "FUNCTION_TYPE_INVALID",
        /// A Flink function.
        Flink = "FUNCTION_TYPE_FLINK",
        /// A function of an external catalog of unknown type.
        UnknownExternal = "FUNCTION_TYPE_UNKNOWN_EXTERNAL",
        /// The server did not recognize the value.
        Unrecognized = "UNRECOGNIZED",
    }
}

/// A function registered in a catalog database.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Function {
    /// Function name as used in SQL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Implementing class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_name: Option<String>,
    /// Implementation language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function_language: Option<FunctionLanguage>,
    /// Origin of the function.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function_type: Option<FunctionType>,
    /// Free-text description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
envelope!(Function, "function", "functions");
