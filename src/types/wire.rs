//! The serde functions the generated types use (named by `build.rs` as
//! `Settings::serde_helpers`; the rules that apply them are in `vvp_codegen::shape`).
//!
//! They read the wire format the way VVP servers write it: a `null` `metadata` or `spec` is
//! empty; numbers and booleans where a string is expected are taken as strings (the
//! server's Jackson does the same, and YAML writes `flinkVersion: 1.15` as a number); a `null`
//! value in a string map drops the key.

use std::collections::BTreeMap;
use std::fmt;

use serde::{de, Deserialize, Deserializer};

/// `true` if `value` equals its type's default (an empty `metadata`/`spec` is left out).
pub(crate) fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// Reads `null` as the type's default (empty list, map or object).
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// A scalar rendered as a string: strings as they are, numbers and booleans stringified.
struct ScalarString;

impl de::Visitor<'_> for ScalarString {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, number or boolean")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
}

/// A string that also accepts a number or a boolean.
struct Lenient(String);

impl<'de> Deserialize<'de> for Lenient {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarString).map(Lenient)
    }
}

/// `Option<String>` that also accepts a number or a boolean (stringified).
pub(crate) fn lenient_string<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    Ok(Option::<Lenient>::deserialize(deserializer)?.map(|l| l.0))
}

/// A string map whose values may also be numbers or booleans (stringified), e.g. YAML
/// `taskmanager.numberOfTaskSlots: 4` in `flinkConfiguration`; the server returns all such
/// values as strings. `null` reads as absent.
///
/// A `null` value (what YAML gives for `key:` with nothing after it) drops the key: it reads
/// as "not set", as `null` does in a JSON merge patch, and is not written back. An empty
/// string would be sent to the server instead, and Flink rejects `""` for most typed options
/// (durations, sizes, numbers).
pub(crate) fn string_map<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<BTreeMap<String, String>>, D::Error> {
    let map = Option::<BTreeMap<String, Option<Lenient>>>::deserialize(deserializer)?;
    Ok(map.map(|m| {
        m.into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v.0)))
            .collect()
    }))
}

/// [`string_map`] for APIs where an absent map and an empty one are the same (the Platform
/// API's proto3 JSON): `null` reads as an empty map.
pub(crate) fn string_map_or_empty<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<String, String>, D::Error> {
    Ok(string_map(deserializer)?.unwrap_or_default())
}
