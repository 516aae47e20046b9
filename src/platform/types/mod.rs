//! Resource and result types of the Platform API: the types generated from
//! `specs/swagger.json` (the very same as [`crate::raw::platform::types`]), with hand-written
//! `impl` blocks, envelope keys and the open enums the generator is told to use.
//!
//! Every struct is forward compatible: fields this crate does not know are kept in `extra`
//! and written back unchanged, and every enum keeps values it does not know in an
//! `Other(String)` variant. Lists and maps are plain `Vec`/`BTreeMap` (absent, `null` and
//! empty read the same; an empty one is not written); optional scalars that were absent
//! stay absent when re-encoded.
//!
//! Names in these objects are the server's fully-qualified names (`namespaces/<ns>`,
//! `namespaces/<ns>/apitokens/<token>`); the `short_name()` helpers return the last segment.
//!
//! What is hand-written here is declared in `build.rs` (`REPLACEMENTS`): the open enums
//! ([`Role`], [`LifecyclePhase`], [`ValidationResult`], ...) and [`Secret`] for
//! [`ApiToken::secret`].

mod artifact;
mod autopilot;
mod catalog;
mod namespace;
mod sql;
mod udf;

/// Every type generated from `specs/swagger.json`.
pub use crate::raw::platform::types::*;
/// The secret wrapper of API tokens (the crate-wide [`crate::types::Secret`]).
pub use crate::types::Secret;
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
