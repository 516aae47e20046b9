//! Per-kind facts: the one sealed [`Resource`] trait behind the one handle [`crate::Api`].
//!
//! Every kind of both APIs (Application Manager `/api/v1/...` and the Platform API) declares
//! *facts*: its kind, where its collection lives (`{PREFIX}/{namespace}/{PATH}`), which name
//! rule applies and how objects are addressed, whether bodies carry fully-qualified names,
//! which formats it speaks, and its wire shape (the types a single object and a list are
//! decoded from: the object itself and a [`List`], or a `{"sqlScript": ...}` /
//! `{"sqlScripts": [...]}` envelope). The verbs a kind has are marker traits; the verbs'
//! answers are associated types of those markers. The handle turns those facts into
//! requests; no per-kind code touches HTTP.
//!
//! The traits are *sealed*: only this crate's kinds and answers implement them (a kind the
//! server does not know could not be sent anywhere).

use crate::list::List;
use serde::{de::DeserializeOwned, Serialize};
use std::fmt;

/// Which naming rule a kind's name follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NameScheme {
    /// 1–63 characters of `[-0-9a-z]`, not starting or ending with `-`
    /// (every kind except DeploymentTarget and SecretValue).
    Dns,
    /// 1–250 characters of `[0-9a-zA-Z_-]` (DeploymentTarget, SecretValue).
    Extended,
    /// Any non-empty text, percent-encoded in URLs: SQL identifiers (catalogs).
    Identifier,
}

/// How the `{id}` segment of a kind's single-object URL may be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Addressing {
    /// By `metadata.name` or by `metadata.id` (a UUID).
    NameOrId,
    /// By `metadata.id` (a UUID) only, e.g. Job and Savepoint.
    IdOnly,
    /// By short name only (Platform kinds): an id is rejected before anything is sent.
    NameOnly,
}

/// Which body formats a kind's endpoints speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Formats {
    /// JSON and YAML: the client's [`BodyFormat`](crate::BodyFormat) is used (Application
    /// Manager).
    JsonAndYaml,
    /// JSON only, whatever the client's format (Platform API).
    JsonOnly,
}

/// The seal of [`Resource`], the verb markers and [`Answer`]: a public trait in a private
/// module, so no other crate can implement them.
pub(crate) mod sealed {
    /// Implemented for each kind and each answer type of the crate.
    pub trait Sealed {}
}

/// A resource kind served by [`Api<K>`](crate::Api).
///
/// Sealed: implemented by the kinds in [`crate::types`] and [`crate::platform::types`] only.
pub trait Resource:
    sealed::Sealed + Serialize + DeserializeOwned + Clone + fmt::Debug + Send + Sync + 'static
{
    /// The kind named in errors (and the `kind` field of Application Manager objects),
    /// e.g. `"Deployment"`, `"SqlScript"`.
    const KIND: &'static str;
    /// The literal path up to the namespace, e.g. `"api/v1/namespaces"`,
    /// `"sql/v1beta1/namespaces"`.
    const PREFIX: &'static str;
    /// The collection segment after the namespace, e.g. `"deployments"`, `"sqlscripts"`;
    /// for Platform kinds also the middle of qualified names.
    const PATH: &'static str;
    /// The naming rule of names.
    const NAME_SCHEME: NameScheme;
    /// How single objects are addressed in URLs.
    const ADDRESSING: Addressing;
    /// `true` when bodies carry the fully-qualified name `namespaces/{ns}/{PATH}/{name}`
    /// (Platform kinds); the handle qualifies short names before sending.
    const QUALIFIED_NAMES: bool;
    /// The body formats the kind's endpoints speak.
    const FORMATS: Formats;
    /// `false` for kinds that live outside namespaces (Platform namespaces themselves):
    /// their collection is `/{PREFIX}/{PATH}`, qualified names are `{PATH}/{name}`, and the
    /// handle's namespace is unused (empty).
    const NAMESPACED: bool = true;

    /// What a single object is decoded from: the object itself or its envelope.
    type One: Answer<Self, Output = Self>;
    /// What a list is decoded from: a [`List`] or a list envelope.
    type Many: Answer<Self, Output = List<Self>>;
    /// Settings a handle carries for this kind (`()` for most kinds), e.g. the SQL scope.
    type Settings: Clone + fmt::Debug + Default + Send + Sync + 'static;

    /// The object's name (`metadata.name`, or a Platform object's short or qualified
    /// `name`), if set.
    fn name(&self) -> Option<&str>;

    /// Query parameters that `list` and `get` send for these settings (none by default).
    fn read_query(settings: &Self::Settings) -> Vec<(&'static str, String)> {
        let _ = settings;
        Vec::new()
    }
}

/// The body of a verb's answer for kind `K`, and what the handle returns from it (sealed).
pub trait Answer<K>: sealed::Sealed + DeserializeOwned + Send {
    /// What the handle's method returns.
    type Output;
    /// Whether an answer without a body is read back by name with a `GET` (Application
    /// Manager objects, see [`from_object`](Self::from_object)).
    const READS_BACK: bool = false;
    /// Takes the returned value out of the body.
    fn into_output(self) -> Self::Output;
    /// The returned value from the object read back after an answer without a body.
    fn from_object(obj: K) -> Option<Self::Output> {
        let _ = obj;
        None
    }
    /// `Some` when the body is not read at all (e.g. a `{}` after a delete): the value
    /// returned instead.
    fn unread() -> Option<Self::Output> {
        None
    }
}

/// Nothing to return; the body is not read.
impl sealed::Sealed for () {}
impl<K> Answer<K> for () {
    type Output = ();
    fn into_output(self) {}
    fn unread() -> Option<()> {
        Some(())
    }
}

/// Application Manager lists answer the whole list.
impl<T> sealed::Sealed for List<T> {}
impl<T: DeserializeOwned + Send> Answer<T> for List<T> {
    type Output = List<T>;
    fn into_output(self) -> List<T> {
        self
    }
}

/// Kinds whose objects can be listed (`GET .../{PATH}`): every kind but the singleton
/// deployment defaults, Autopilot policies and stored artifacts, which have their own list
/// methods.
pub trait Listable: Resource {}
/// Kinds whose single objects can be read (`GET .../{PATH}/{id}`).
pub trait Gettable: Resource {}
/// Kinds that can be created (`POST .../{PATH}`).
pub trait Creatable: Gettable {
    /// The answer of `create`.
    type Created: Answer<Self>;
}
/// Kinds that can be created or replaced by name (`PUT .../{PATH}/{name}`): only
/// Deployment, DeploymentTarget and SessionCluster.
pub trait Upsertable: Gettable {}
/// Platform kinds that can be replaced by name (`PUT {PATH}/{name}`).
pub trait Updatable: Gettable {
    /// The answer of `update`.
    type Updated: Answer<Self>;
}
/// Kinds that accept an RFC 7386 JSON merge patch (`PATCH .../{PATH}/{id}`).
pub trait Patchable: Resource {}
/// Kinds that can be deleted (`DELETE .../{PATH}/{id}`).
pub trait Deletable: Resource {
    /// The answer of `delete`; an empty answer reads as its `Default`.
    type Deleted: Answer<Self> + Default;
}
/// Application Manager kinds whose lists take [`ListParams`](crate::ListParams)
/// (`list_with`).
pub trait Filterable: Resource {}
