//! Catalogs and their objects (`/catalog/v1beta2`): the open enums of tables and functions
//! and the envelope keys of the generated [`Catalog`], [`Database`], [`Table`], [`View`] and
//! [`Function`].

use super::{Catalog, Database, Function, Table, View};
use crate::platform::envelope::envelope;
use crate::types::open_enum;

envelope!(Catalog, "catalog", "catalogs");
envelope!(Database, "database", "databases");
envelope!(Table, "table", "tables");
envelope!(View, "view", "views");
envelope!(Function, "function", "functions");

open_enum! {
    /// The kind of a [`UniqueConstraint`](super::UniqueConstraint).
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
