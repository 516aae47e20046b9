//! The Platform API: namespaces, API tokens, catalogs, SQL, connectors, formats, UDF
//! artifacts, Autopilot and the artifact storage.
//!
//! The Platform API (`/swagger.json` on a VVP server) is a different family of endpoints from
//! the Application Manager (`/api/v1/...`):
//!
//! - objects have no `kind`/`apiVersion`/`metadata`; they are flat, and their `name` is
//!   *fully qualified* (`namespaces/<ns>`, `namespaces/<ns>/apitokens/<token>`, ...);
//! - every response wraps its payload in a single-key envelope named after the resource
//!   (`{"namespace": {...}}`, `{"namespaces": [...]}`); [`envelope`] declares those keys per
//!   type and unwraps them generically;
//! - enum values are protobuf-style (`LIFECYCLE_PHASE_ACTIVE`, `RESULT_SUCCESS`, ...).
//!
//! The types live in [`types`].

pub mod envelope;
pub mod types;

pub use envelope::{Many, One, PluralKey, SingularKey};
