//! Single-key response envelopes of the Platform API.
//!
//! The Platform API wraps every response in an object with one key named after the
//! resource: `{"namespace": {...}}` for one object, `{"namespaces": [...]}` for a list. The
//! key is a *fact* each type declares ([`SingularKey`], [`PluralKey`]); [`One<T>`] and
//! [`Many<T>`] read and write any envelope from those facts, so no handle has its own
//! unwrapping code.
//!
//! Lists come back as a [`List<T>`](crate::List) from the handles, like Application Manager
//! lists: the items, and other keys of the envelope (if a server ever sends any) in `extra`.

use serde::de::{self, DeserializeOwned, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use std::fmt;
use std::marker::PhantomData;

/// A type that the Platform API returns alone under the key [`SingularKey::SINGULAR`].
pub trait SingularKey {
    /// The envelope key of one object, e.g. `"namespace"`.
    const SINGULAR: &'static str;
}

/// A type that the Platform API returns in lists under the key [`PluralKey::PLURAL`].
pub trait PluralKey {
    /// The envelope key of a list, e.g. `"namespaces"`.
    const PLURAL: &'static str;
}

/// One object in its envelope: `{"<SINGULAR>": T}`.
#[derive(Debug, Clone, PartialEq)]
pub struct One<T> {
    /// The wrapped object.
    pub item: T,
    /// Other keys of the envelope (normally none).
    pub extra: Map<String, Value>,
}

impl<T> One<T> {
    /// Wraps an object (no other keys).
    pub fn new(item: T) -> Self {
        One {
            item,
            extra: Map::new(),
        }
    }

    /// The wrapped object.
    pub fn into_inner(self) -> T {
        self.item
    }
}

/// A list in its envelope: `{"<PLURAL>": [T, ...]}`. A missing or `null` list reads as empty
/// (proto3 JSON omits empty repeated fields).
#[derive(Debug, Clone, PartialEq)]
pub struct Many<T> {
    /// The wrapped objects.
    pub items: Vec<T>,
    /// Other keys of the envelope (normally none).
    pub extra: Map<String, Value>,
}

impl<T> Many<T> {
    /// Wraps a list (no other keys).
    pub fn new(items: Vec<T>) -> Self {
        Many {
            items,
            extra: Map::new(),
        }
    }

    /// The wrapped objects.
    pub fn into_inner(self) -> Vec<T> {
        self.items
    }
}

impl<T: SingularKey + Serialize> Serialize for One<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(1 + self.extra.len()))?;
        map.serialize_entry(T::SINGULAR, &self.item)?;
        for (k, v) in &self.extra {
            if k != T::SINGULAR {
                map.serialize_entry(k, v)?;
            }
        }
        map.end()
    }
}

impl<T: PluralKey + Serialize> Serialize for Many<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(1 + self.extra.len()))?;
        map.serialize_entry(T::PLURAL, &self.items)?;
        for (k, v) in &self.extra {
            if k != T::PLURAL {
                map.serialize_entry(k, v)?;
            }
        }
        map.end()
    }
}

struct OneVisitor<T>(PhantomData<T>);

impl<'de, T: SingularKey + DeserializeOwned> Visitor<'de> for OneVisitor<T> {
    type Value = One<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object with the key `{}`", T::SINGULAR)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<One<T>, A::Error> {
        let mut item = None;
        let mut extra = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == T::SINGULAR {
                if item.is_some() {
                    return Err(de::Error::duplicate_field(T::SINGULAR));
                }
                item = Some(map.next_value::<T>()?);
            } else {
                let value = map.next_value::<Value>()?;
                extra.insert(key, value);
            }
        }
        let item = item.ok_or_else(|| de::Error::missing_field(T::SINGULAR))?;
        Ok(One { item, extra })
    }
}

impl<'de, T: SingularKey + DeserializeOwned> Deserialize<'de> for One<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(OneVisitor(PhantomData))
    }
}

struct ManyVisitor<T>(PhantomData<T>);

impl<'de, T: PluralKey + DeserializeOwned> Visitor<'de> for ManyVisitor<T> {
    type Value = Many<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object with the key `{}`", T::PLURAL)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Many<T>, A::Error> {
        let mut items: Option<Vec<T>> = None;
        let mut extra = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == T::PLURAL {
                if items.is_some() {
                    return Err(de::Error::duplicate_field(T::PLURAL));
                }
                items = Some(map.next_value::<Option<Vec<T>>>()?.unwrap_or_default());
            } else {
                let value = map.next_value::<Value>()?;
                extra.insert(key, value);
            }
        }
        Ok(Many {
            items: items.unwrap_or_default(),
            extra,
        })
    }
}

impl<'de, T: PluralKey + DeserializeOwned> Deserialize<'de> for Many<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ManyVisitor(PhantomData))
    }
}

impl<T> crate::resource::sealed::Sealed for One<T> {}
impl<T> crate::resource::sealed::Sealed for Many<T> {}

/// An enveloped object answers with the object.
impl<T: SingularKey + DeserializeOwned + Send> crate::resource::Answer<T> for One<T> {
    type Output = T;
    fn into_output(self) -> T {
        self.into_inner()
    }
}

/// An enveloped list answers a [`List`](crate::List) of its items (other keys in `extra`).
impl<T: PluralKey + DeserializeOwned + Send> crate::resource::Answer<T> for Many<T> {
    type Output = crate::list::List<T>;
    fn into_output(self) -> crate::list::List<T> {
        let mut list = crate::list::List::new(self.items);
        list.extra = self.extra;
        list
    }
}

/// Declares the envelope keys of a type: `envelope!(Namespace, "namespace", "namespaces");`
/// (either key may be `_` when the server never sends that shape).
macro_rules! envelope {
    ($t:ty, _, $plural:literal) => {
        impl $crate::platform::envelope::PluralKey for $t {
            const PLURAL: &'static str = $plural;
        }
    };
    ($t:ty, $singular:literal, _) => {
        impl $crate::platform::envelope::SingularKey for $t {
            const SINGULAR: &'static str = $singular;
        }
    };
    ($t:ty, $singular:literal, $plural:literal) => {
        envelope!($t, $singular, _);
        envelope!($t, _, $plural);
    };
}
pub(crate) use envelope;

#[cfg(test)]
mod tests {
    use super::One;
    use crate::error::Error;
    use crate::format::BodyFormat;
    use crate::platform::types::{ApiToken, Namespace};

    #[test]
    fn decode_errors_name_the_envelope_key() {
        // (A number where a string is expected is taken as a string, as the server does; a
        // number where a list is expected is not.)
        let body = br#"{"namespace": {"roleBindings": 5}}"#;
        let e = BodyFormat::Json
            .decode::<One<Namespace>>(body, Some(200))
            .expect_err("mistyped");
        assert!(
            matches!(&e, Error::Decode { path, status: Some(200), .. } if path == "namespace.roleBindings"),
            "{e:?}"
        );
        let e = BodyFormat::Json
            .decode::<One<ApiToken>>(body, Some(200))
            .expect_err("other key");
        assert!(e.to_string().contains("missing field `apiToken`"), "{e}");
    }
}
