//! [`PlatformApi<K>`]: the one handle over a namespaced, named Platform collection
//! (connectors, formats, catalog connectors, SQL scripts, UDF artifacts).
//!
//! Each kind declares its facts in a [`PlatformResource`] impl (API prefix, collection
//! segment, kind name, the answer types of create/update/delete, per-handle settings); the
//! envelope keys come from [`SingularKey`]/[`PluralKey`]. The shared verbs are written once
//! here; what only one kind has (`list_tables`, `analyze_jars`, `validate`, ...) is an
//! inherent impl on that kind's instantiation, e.g. `impl PlatformApi<SqlScript>`. Every
//! request goes through [`Collection`] to the core's one request path.

use crate::error::Result;
use crate::platform::common::Collection;
use crate::platform::envelope::{One, PluralKey, SingularKey};
use crate::Client;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;

/// A named Platform resource kind living in a namespaced collection
/// `/{API}/{ns}/{SEGMENT}`, its objects named `namespaces/{ns}/{SEGMENT}/{name}`.
///
/// Implemented by [`Connector`](crate::platform::types::Connector),
/// [`Format`](crate::platform::types::Format),
/// [`CatalogConnector`](crate::platform::types::CatalogConnector),
/// [`SqlScript`](crate::platform::types::SqlScript) and
/// [`UdfArtifact`](crate::platform::types::UdfArtifact); [`PlatformApi<K>`] turns these
/// facts into requests.
///
/// Sealed: implemented by those kinds only.
///
/// ```compile_fail,E0277
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Mine;
/// impl vvp::platform::SingularKey for Mine { const SINGULAR: &'static str = "mine"; }
/// impl vvp::platform::PluralKey for Mine { const PLURAL: &'static str = "mines"; }
/// impl vvp::platform::PlatformResource for Mine {
///     const API: &'static str = "x/v1/namespaces";
///     const SEGMENT: &'static str = "mines";
///     const KIND: &'static str = "Mine";
///     type Created = ();
///     type Updated = ();
///     type Deleted = ();
///     type Settings = ();
///     fn name(&self) -> Option<&str> { None }
/// }
/// ```
pub trait PlatformResource:
    sealed::Sealed + SingularKey + PluralKey + Serialize + DeserializeOwned + Send + Sync + 'static
{
    /// The literal path up to the namespace, e.g. `"sql/v1beta1/namespaces"`.
    const API: &'static str;
    /// The collection segment, e.g. `"connectors"`; also the middle of qualified names.
    const SEGMENT: &'static str;
    /// The kind named in errors, e.g. `"Connector"`.
    const KIND: &'static str;

    /// The answer body of `create` (`POST`).
    type Created: Answer;
    /// The answer body of `update` (`PUT`).
    type Updated: Answer;
    /// The answer body of `delete`; an empty answer reads as its `Default`.
    type Deleted: Answer + Default;
    /// Settings carried by the handle (`()` for most kinds).
    type Settings: Clone + fmt::Debug + Default + Send + Sync + 'static;

    /// The object's `name` (short or fully qualified), if set.
    fn name(&self) -> Option<&str>;

    /// Query parameters that `list` and `get` send for these settings (none by default).
    fn read_query(settings: &Self::Settings) -> Vec<(&'static str, String)> {
        let _ = settings;
        Vec::new()
    }
}

/// The body of a verb's answer and what the handle returns from it (sealed).
pub trait Answer: sealed::Sealed + DeserializeOwned + Send {
    /// What the handle's method returns.
    type Output;
    /// Whether the answer's body is read at all; `false` ignores it (e.g. a `{}` after a
    /// delete).
    const READ_BODY: bool = true;
    /// Takes the returned value out of the body.
    fn into_output(self) -> Self::Output;
}

/// An enveloped object answers with the object.
impl<T: SingularKey + DeserializeOwned + Send> Answer for One<T> {
    type Output = T;
    fn into_output(self) -> T {
        self.into_inner()
    }
}

/// Nothing to return; the body is not read.
impl Answer for () {
    type Output = ();
    const READ_BODY: bool = false;
    fn into_output(self) {}
}

/// Answers whose whole body is what the handle returns.
macro_rules! whole_answer {
    ($($t:ty),*) => {$(
        impl $crate::platform::handle::sealed::Sealed for $t {}
        impl $crate::platform::handle::Answer for $t {
            type Output = $t;
            fn into_output(self) -> $t {
                self
            }
        }
    )*};
}
pub(crate) use whole_answer;

/// The seal of [`PlatformResource`] and [`Answer`]: a public trait in a private module,
/// so that only this crate's kinds and answers implement them.
pub(crate) mod sealed {
    use crate::platform::envelope::{One, SingularKey};
    use crate::platform::types::{
        CatalogConnector, Connector, DeleteConnectorResponse, DeleteFormatResponse, Format,
        SqlScript, UdfArtifact,
    };

    /// Implemented for each Platform kind [`PlatformApi`](super::PlatformApi) serves and
    /// each answer type of its verbs.
    pub trait Sealed {}

    impl Sealed for Connector {}
    impl Sealed for Format {}
    impl Sealed for CatalogConnector {}
    impl Sealed for SqlScript {}
    impl Sealed for UdfArtifact {}

    impl<T: SingularKey> Sealed for One<T> {}
    impl Sealed for () {}
    impl Sealed for DeleteConnectorResponse {}
    impl Sealed for DeleteFormatResponse {}
}

/// Kinds whose objects are used by tables (`GET {SEGMENT}/{name}:list-tables`):
/// connectors and formats.
pub trait UsedByTables: PlatformResource {}

/// A handle on the `K` objects of one namespace, e.g. [`Client::connectors`] →
/// `PlatformApi<Connector>` ([`ConnectorsApi`](crate::platform::ConnectorsApi)).
///
/// Methods take *short* names, checked before anything is sent; objects given to
/// [`create`](Self::create)/[`update`](Self::update) may carry a short or a fully-qualified
/// name, and the fully-qualified form is sent.
///
/// ```no_run
/// use vvp::platform::types::Connector;
/// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
/// let connectors = client.connectors("default");
/// for c in connectors.list().await? {
///     println!("{:?}", c.name);
/// }
/// let mine = Connector {
///     name: Some("my-connector".into()),
///     ..Default::default()
/// };
/// connectors.create(&mine).await?;
/// let affected = connectors.update(&mine).await?.affected_tables;
/// let tables = connectors.delete("my-connector").await?;
/// # let _ = (affected, tables);
/// # Ok(()) }
/// ```
pub struct PlatformApi<K: PlatformResource> {
    pub(crate) c: Collection,
    pub(crate) settings: K::Settings,
}

impl<K: PlatformResource> Clone for PlatformApi<K> {
    fn clone(&self) -> Self {
        PlatformApi {
            c: self.c.clone(),
            settings: self.settings.clone(),
        }
    }
}

impl<K: PlatformResource> fmt::Debug for PlatformApi<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PlatformApi")
            .field("kind", &K::KIND)
            .field("namespace", &self.c.namespace)
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl<K: PlatformResource> PlatformApi<K> {
    pub(crate) fn new(client: Client, namespace: String) -> Self {
        PlatformApi {
            c: Collection::new(client, namespace, K::API, K::SEGMENT, K::KIND),
            settings: K::Settings::default(),
        }
    }

    /// The namespace this handle is bound to.
    pub fn namespace(&self) -> &str {
        &self.c.namespace
    }

    /// All objects of the collection (`GET {SEGMENT}`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`](crate::Error::InvalidName) for a bad namespace (nothing is
    /// sent); transport errors, the server's error answer, [`Error::Decode`](crate::Error::Decode).
    pub async fn list(&self) -> Result<Vec<K>> {
        self.c.list(&K::read_query(&self.settings)).await
    }

    /// One object by short name (`GET {SEGMENT}/{name}`).
    ///
    /// # Errors
    ///
    /// As [`list`](Self::list), plus a bad name (nothing is sent) and
    /// [`Error::is_not_found`](crate::Error::is_not_found).
    pub async fn get(&self, name: &str) -> Result<K> {
        self.c.get(name, &K::read_query(&self.settings)).await
    }

    /// Create an object (`POST {SEGMENT}`); its `name` may be short or fully qualified.
    ///
    /// # Errors
    ///
    /// As [`get`](Self::get); a missing name;
    /// [`Error::is_conflict`](crate::Error::is_conflict).
    pub async fn create(&self, obj: &K) -> Result<<K::Created as Answer>::Output> {
        let created: K::Created = self.c.create(obj, obj.name()).await?;
        Ok(created.into_output())
    }

    /// Replace an object (`PUT {SEGMENT}/{name}`).
    ///
    /// # Errors
    ///
    /// As [`create`](Self::create).
    pub async fn update(&self, obj: &K) -> Result<<K::Updated as Answer>::Output> {
        let updated: K::Updated = self.c.update(obj, obj.name()).await?;
        Ok(updated.into_output())
    }

    /// Delete an object by short name (`DELETE {SEGMENT}/{name}`).
    ///
    /// # Errors
    ///
    /// As [`get`](Self::get).
    pub async fn delete(&self, name: &str) -> Result<<K::Deleted as Answer>::Output> {
        let deleted: K::Deleted = if K::Deleted::READ_BODY {
            self.c.delete(name).await?
        } else {
            self.c.delete_unit(name).await?;
            K::Deleted::default()
        };
        Ok(deleted.into_output())
    }
}

impl<K: UsedByTables> PlatformApi<K> {
    /// The tables that use an object (`GET {SEGMENT}/{name}:list-tables`).
    ///
    /// ```no_run
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// let users = client.connectors("default").list_tables("kafka").await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`get`](Self::get).
    pub async fn list_tables(
        &self,
        name: &str,
    ) -> Result<Vec<crate::platform::types::TableReference>> {
        self.c.list_verb(name, "list-tables").await
    }
}
