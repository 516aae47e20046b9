//! UDF artifacts (`/sql/v1beta1/namespaces/{ns}/udfartifacts`): JARs whose classes become
//! SQL functions. The open enum [`UdfType`] and the behaviour of the generated
//! [`UdfArtifact`].

use super::{last_segment, UdfArtifact};
use crate::platform::envelope::envelope;
use crate::types::open_enum;

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
            .flat_map(|c| c.function_names.iter())
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
