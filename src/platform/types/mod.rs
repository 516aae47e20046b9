//! Resource and result types of the Platform API.
//!
//! Every struct is forward compatible: fields this crate does not know are kept in `extra`
//! and written back unchanged, and every enum keeps values it does not know in an
//! `Other(String)` variant. Optional fields that were absent stay absent when re-encoded,
//! so `JSON -> type -> JSON` is lossless.
//!
//! Names in these objects are the server's fully-qualified names (`namespaces/<ns>`,
//! `namespaces/<ns>/apitokens/<token>`); the `short_name()` helpers return the last segment.

mod artifact;
mod autopilot;
mod catalog;
mod namespace;
mod sql;
mod udf;

/// The secret wrapper of API tokens (the crate-wide [`crate::types::Secret`]).
pub use crate::types::Secret;
pub use artifact::*;
pub use autopilot::*;
pub use catalog::*;
pub use namespace::*;
pub use sql::*;
pub use udf::*;

/// The last `/`-separated segment of a fully-qualified Platform API name
/// (`namespaces/default/apitokens/ci` -> `ci`).
pub(crate) fn last_segment(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}
