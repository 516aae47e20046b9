//! The facts of the Platform kinds served by the one handle [`Api<K>`](crate::Api):
//! connectors, formats, catalog connectors, SQL scripts and UDF artifacts.
//!
//! Each kind is declared with [`platform_resource!`] (API prefix, collection segment, kind
//! name, the answers of create/update/delete, per-handle settings); the envelope keys come
//! from [`SingularKey`](super::SingularKey)/[`PluralKey`](super::PluralKey). The verbs are
//! [`Api<K>`](crate::Api)'s; what only one kind has (`list_tables`, `analyze_jars`,
//! `validate`, ...) is an inherent impl on that kind's instantiation, e.g.
//! `impl Api<SqlScript>`.

use crate::api::Api;
use crate::error::Result;
use crate::resource::Resource;

/// Declares a Platform kind: a collection `/{api}/{ns}/{segment}` of objects named
/// `namespaces/{ns}/{segment}/{name}`, in `{"<singular>": ...}`/`{"<plural>": [...]}`
/// envelopes, JSON only, addressed by short name; and its verbs with their answers
/// (`Creatable = <answer of create>`, ...).
macro_rules! platform_resource {
    (
        $t:ident {
            api: $api:expr,
            segment: $segment:literal,
            kind: $kind:literal,
            names: $scheme:ident,
            $(name_field: $field:ident,)?
            $(namespaced: $namespaced:literal,)?
            settings: $settings:ty,
            verbs: [$($verb:ident $(= $answer:ty)?),* $(,)?] $(,)?
        }
        $(read_query: |$set:ident| $query:expr)?
    ) => {
        impl $crate::resource::sealed::Sealed for $t {}
        impl $crate::resource::Resource for $t {
            const KIND: &'static str = $kind;
            const PREFIX: &'static str = $api;
            const PATH: &'static str = $segment;
            const NAME_SCHEME: $crate::resource::NameScheme =
                $crate::resource::NameScheme::$scheme;
            const ADDRESSING: $crate::resource::Addressing =
                $crate::resource::Addressing::NameOnly;
            const QUALIFIED_NAMES: bool = true;
            const FORMATS: $crate::resource::Formats = $crate::resource::Formats::JsonOnly;
            $(const NAMESPACED: bool = $namespaced;)?
            type One = $crate::platform::envelope::One<$t>;
            type Many = $crate::platform::envelope::Many<$t>;
            type Settings = $settings;
            fn name(&self) -> Option<&str> {
                $crate::platform::handle::name_of!(self $(, $field)?)
            }
            $(fn read_query($set: &$settings) -> Vec<(&'static str, String)> {
                $query
            })?
        }
        $($crate::platform::handle::platform_verb!($t, $verb $(= $answer)?);)*
    };
}

/// The field holding a Platform object's name: `name` unless the kind says otherwise.
macro_rules! name_of {
    ($obj:expr) => {
        $obj.name.as_deref()
    };
    ($obj:expr, $field:ident) => {
        $obj.$field.as_deref()
    };
}
pub(crate) use name_of;

/// One verb marker of a Platform kind, with its answer.
macro_rules! platform_verb {
    ($t:ident, Gettable) => {
        impl $crate::resource::Gettable for $t {}
    };
    ($t:ident, Listable) => {
        impl $crate::resource::Listable for $t {}
    };
    ($t:ident, Creatable = $answer:ty) => {
        impl $crate::resource::Creatable for $t {
            type Created = $answer;
        }
    };
    ($t:ident, Updatable = $answer:ty) => {
        impl $crate::resource::Updatable for $t {
            type Updated = $answer;
        }
    };
    ($t:ident, Deletable = $answer:ty) => {
        impl $crate::resource::Deletable for $t {
            type Deleted = $answer;
        }
    };
}
pub(crate) use platform_resource;
pub(crate) use platform_verb;

/// Answers whose whole body is what the handle returns.
macro_rules! whole_answer {
    ($($t:ty),*) => {$(
        impl $crate::resource::sealed::Sealed for $t {}
        impl<K> $crate::resource::Answer<K> for $t {
            type Output = $t;
            fn into_output(self) -> $t {
                self
            }
        }
    )*};
}
pub(crate) use whole_answer;

/// Kinds whose objects are used by tables (`GET {SEGMENT}/{name}:list-tables`):
/// connectors and formats.
pub trait UsedByTables: Resource {}

impl<K: UsedByTables> Api<K> {
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
    /// As [`get`](Api::get).
    pub async fn list_tables(
        &self,
        name: &str,
    ) -> Result<Vec<crate::platform::types::TableReference>> {
        self.list_verb(name, "list-tables").await
    }
}

impl<K: Resource> Api<K> {
    /// `GET {PATH}/{name}:{verb}` -> the list under `T::PLURAL`.
    pub(crate) async fn list_verb<T>(&self, name: &str, verb: &'static str) -> Result<Vec<T>>
    where
        T: super::PluralKey + serde::de::DeserializeOwned,
    {
        let path = self.item(&crate::name::Ref::Name(name.to_owned()))?;
        let req = Self::request(crate::request::Request::get(path.verb(verb)));
        crate::platform::common::many(self.client(), req).await
    }

    /// `POST {PATH}:{verb}`, JSON.
    pub(crate) fn post_verb(&self, verb: &'static str) -> Result<crate::request::Request> {
        let path = self.collection()?.verb(verb);
        Ok(Self::request(crate::request::Request::post(path)))
    }
}
