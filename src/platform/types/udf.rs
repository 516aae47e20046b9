//! UDF artifacts (`/sql/v1beta1/namespaces/{ns}/udfartifacts`): JARs whose classes become
//! SQL functions.

use super::last_segment;
use crate::platform::envelope::envelope;
use crate::types::open_enum;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A UDF artifact. Its `name` is fully qualified: `namespaces/<ns>/udfartifacts/<name>`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UdfArtifact {
    /// Fully-qualified name, `namespaces/<ns>/udfartifacts/<name>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Where the JAR is stored (note: `jarUrl`, not `jarUri`, on the wire).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jar_url: Option<String>,
    /// The function classes found in the JAR (server-managed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub udf_classes: Option<Vec<UdfClass>>,
    /// When the artifact was created (server-managed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_time: Option<DateTime<Utc>>,
    /// When the artifact was last changed (server-managed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_time: Option<DateTime<Utc>>,
    /// When the JAR was last replaced (server-managed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jar_update_time: Option<DateTime<Utc>>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
envelope!(UdfArtifact, "udfArtifact", "udfArtifacts");

impl UdfArtifact {
    /// The short name (`my-udfs` for `namespaces/default/udfartifacts/my-udfs`).
    pub fn short_name(&self) -> Option<&str> {
        self.name.as_deref().map(last_segment)
    }

    /// All function names registered by the artifact's classes (filled only when the server
    /// was asked to resolve them, `requireFunctionNames=true`).
    pub fn function_names(&self) -> Vec<&str> {
        self.udf_classes
            .iter()
            .flatten()
            .flat_map(|c| c.function_names.iter().flatten())
            .map(String::as_str)
            .collect()
    }
}

open_enum! {
    /// The kind of a user-defined function class.
    pub enum UdfType {
        /// Protobuf default value.
        Invalid = "UDF_TYPE_INVALID",
        /// `ScalarFunction`.
        Scalar = "UDF_TYPE_SCALAR",
        /// `TableFunction`.
        Table = "UDF_TYPE_TABLE",
        /// `AggregateFunction`.
        Aggregate = "UDF_TYPE_AGGREGATE",
        /// `TableAggregateFunction`.
        TableAggregate = "UDF_TYPE_TABLE_AGGREGATE",
        /// The server did not recognize the value.
        Unrecognized = "UNRECOGNIZED",
    }
}

/// A function class inside a UDF artifact.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UdfClass {
    /// Fully-qualified Java class name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_name: Option<String>,
    /// Kind of function.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_type: Option<UdfType>,
    /// SQL function names registered for this class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function_names: Option<Vec<String>>,
    /// The artifact that contains the class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub udf_artifact_name: Option<String>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The answer of creating or updating a UDF artifact.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UdfArtifactUpdate {
    /// The stored artifact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub udf_artifact: Option<UdfArtifact>,
    /// Classes that also exist in another UDF artifact of the namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colliding_classes: Option<Vec<UdfClass>>,
    /// Classes registered as functions that the new JAR no longer contains (update only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing_classes: Option<Vec<UdfClass>>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The answer of deleting a UDF artifact.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UdfArtifactDeletion {
    /// Classes of the deleted artifact still referenced by registered functions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referenced_classes: Option<Vec<UdfClass>>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
