//! Low-level clients generated at build time from `specs/` (placeholder until codegen lands).

/// Application Manager API (`/api/v1/...`).
pub mod appmanager {}
/// Platform API (`/namespaces/v1`, `/apitokens/v1`, `/catalog/v1beta2`, `/sql/v1beta1`, ...).
pub mod platform {}
