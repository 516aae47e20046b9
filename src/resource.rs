//! Per-kind facts about Application Manager resources.
//!
//! Each resource type declares *facts* (its kind, the path segment it lives under, which
//! name rule applies, how it is addressed) and implements the marker traits for the verbs
//! the server actually has. The one generic handle [`crate::Api`] turns those facts into
//! requests; no per-kind code touches HTTP.
//!
//! The traits are *sealed*: only this crate's kinds implement them (a kind the server does
//! not know could not be sent anywhere). The kinds are listed where the handle is
//! (`api.rs`), so this module stays below the types that implement it.

use serde::{de::DeserializeOwned, Serialize};

/// Which naming rule a kind's `metadata.name` follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NameScheme {
    /// 1–63 characters of `[-0-9a-z]`, not starting or ending with `-`
    /// (every kind except DeploymentTarget and SecretValue).
    Dns,
    /// 1–250 characters of `[0-9a-zA-Z_-]` (DeploymentTarget, SecretValue).
    Extended,
}

/// How the `{id}` segment of a kind's single-object URL may be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Addressing {
    /// By `metadata.name` or by `metadata.id` (a UUID).
    NameOrId,
    /// By `metadata.id` (a UUID) only, e.g. Job and Savepoint.
    IdOnly,
}

/// The seal of [`Resource`] (and through it, of the verb markers): a public trait in a
/// private module, so no other crate can implement it.
pub(crate) mod sealed {
    /// Implemented for each Application Manager kind of the crate.
    pub trait Sealed {}
}

/// A namespaced Application Manager resource kind, served under
/// `/api/v1/namespaces/{namespace}/{PATH}`.
///
/// Sealed: implemented by the kinds in [`crate::types`] only.
pub trait Resource:
    sealed::Sealed + Serialize + DeserializeOwned + Clone + std::fmt::Debug + Send + Sync + 'static
{
    /// The `kind` field of a single object, e.g. `"Deployment"`.
    const KIND: &'static str;
    /// The URL path segment of the collection, e.g. `"deployments"`.
    const PATH: &'static str;
    /// The naming rule of `metadata.name`.
    const NAME_SCHEME: NameScheme;
    /// How single objects are addressed in URLs.
    const ADDRESSING: Addressing;

    /// `metadata.name`, if set.
    fn name(&self) -> Option<&str>;
}

/// Kinds whose single objects can be read (`GET .../{PATH}/{id}`).
pub trait Gettable: Resource {}
/// Kinds that can be created (`POST .../{PATH}`).
pub trait Creatable: Resource {}
/// Kinds that can be created or replaced by name (`PUT .../{PATH}/{name}`): only
/// Deployment, DeploymentTarget and SessionCluster.
pub trait Upsertable: Resource {}
/// Kinds that accept an RFC 7386 JSON merge patch (`PATCH .../{PATH}/{id}`).
pub trait Patchable: Resource {}
/// Kinds that can be deleted (`DELETE .../{PATH}/{id}`).
pub trait Deletable: Resource {}
