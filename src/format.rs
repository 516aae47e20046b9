//! The wire format of request and response bodies.

use crate::error::{BoxError, Error, Result};
use serde::{de::DeserializeOwned, Serialize};

/// The body format a [`Client`](crate::Client) speaks with the Application Manager.
///
/// With [`Format::Json`] (the default) requests carry `Content-Type: application/json` and
/// `Accept: application/json`; with [`Format::Yaml`] both are `application/yaml`. Responses
/// are decoded by their `Content-Type`, falling back to the configured format. Platform API
/// endpoints only speak JSON and always use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Format {
    /// `application/json`.
    #[default]
    Json,
    /// `application/yaml`.
    Yaml,
}

impl Format {
    /// The media type, e.g. `"application/json"`.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Yaml => "application/yaml",
        }
    }

    /// The format a `Content-Type` header names, if it names JSON or YAML.
    pub fn from_content_type(content_type: &str) -> Option<Format> {
        let essence = content_type.split(';').next().unwrap_or_default().trim();
        // The usual answer first, then a case-insensitive search (no allocation).
        if essence.eq_ignore_ascii_case("application/json") {
            return Some(Format::Json);
        }
        let has = |needle: &str| {
            essence
                .as_bytes()
                .windows(needle.len())
                .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
        };
        if has("yaml") || has("yml") {
            Some(Format::Yaml)
        } else if has("json") {
            Some(Format::Json)
        } else {
            None
        }
    }

    /// The media type as a header value (static: no allocation per request).
    pub(crate) fn header_value(self) -> reqwest::header::HeaderValue {
        reqwest::header::HeaderValue::from_static(self.media_type())
    }

    /// Serialize `value` in this format.
    ///
    /// # Errors
    ///
    /// [`Error::Encode`] if the value cannot be represented (e.g. a map with non-string
    /// keys in JSON).
    pub fn encode<T: Serialize + ?Sized>(self, value: &T) -> Result<Vec<u8>> {
        let res: std::result::Result<Vec<u8>, BoxError> = match self {
            Format::Json => serde_json::to_vec(value).map_err(Into::into),
            Format::Yaml => serde_yaml::to_string(value)
                .map(String::into_bytes)
                .map_err(Into::into),
        };
        res.map_err(|source| Error::Encode { source })
    }

    /// Deserialize `bytes` in this format; errors name the failing field.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] with the path of the field that did not match, e.g.
    /// `items[3].spec.state`; `status` is copied into it.
    pub fn decode<T: DeserializeOwned>(self, bytes: &[u8], status: Option<u16>) -> Result<T> {
        crate::request::decode(self, bytes, status)
    }
}

/// The path (`.` for the root) and the inner error of a path-tracking error.
pub(crate) fn split_path_error<E>(e: serde_path_to_error::Error<E>) -> (String, BoxError)
where
    E: std::error::Error + Send + Sync + 'static,
{
    (e.path().to_string(), Box::new(e.into_inner()))
}

/// The deepest `[`/`{` nesting YAML text may have; deeper text is rejected before it
/// reaches the parser. The YAML deserializer refuses anything deeper than 128 levels
/// anyway, but only after its scanner has read the whole text, and that scanner's work
/// grows with the square of the nesting depth (a 64 KiB body of `{a: {a: ...` takes
/// seconds). Counting brackets is linear.
pub(crate) const MAX_YAML_FLOW_DEPTH: usize = 128;

/// How many values YAML text may expand to through aliases: this many, plus ten per byte
/// of text. `a: &a [x, x, ..]` followed by `b: [*a, *a, ..]` expands quadratically (the
/// YAML deserializer limits alias *jumps*, not the values they repeat), so 1 MB of text
/// could otherwise cost minutes and gigabytes.
pub(crate) const YAML_EXPANSION_BASE: usize = 10_000;

/// `Err` if `bytes` is YAML that would be too costly to decode: flow collections (`[`,
/// `{`) nested deeper than [`MAX_YAML_FLOW_DEPTH`], or aliases that expand to more than
/// [`YAML_EXPANSION_BASE`] + 10 values per byte. Cheap for text without `*` (no aliases).
///
/// Brackets are counted everywhere, quoted text included: the depth check can
/// over-count, never under-count, and only refuses text with more than 128 unclosed
/// brackets. Other problems (syntax errors) are left to the real decoder.
pub(crate) fn check_yaml(bytes: &[u8]) -> std::result::Result<(), BoxError> {
    let mut depth = 0usize;
    for &b in bytes {
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_YAML_FLOW_DEPTH {
                    return Err(
                        format!("YAML nested deeper than {MAX_YAML_FLOW_DEPTH} levels").into(),
                    );
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if !bytes.contains(&b'*') {
        return Ok(());
    }
    let budget = std::cell::Cell::new(YAML_EXPANSION_BASE.saturating_add(bytes.len() * 10));
    for doc in serde_yaml::Deserializer::from_slice(bytes) {
        let counted = serde::de::DeserializeSeed::deserialize(Count(&budget), doc);
        if budget.get() == 0 {
            return Err("YAML aliases expand to too many values".into());
        }
        if counted.is_err() {
            // A syntax or alias error: the real decoder stops there too and reports it.
            // (After a syntax error the document iterator does not end.)
            break;
        }
    }
    Ok(())
}

/// Counts the values of a document against a budget; fails when it runs out.
#[derive(Clone, Copy)]
struct Count<'a>(&'a std::cell::Cell<usize>);

impl Count<'_> {
    fn take<E: serde::de::Error>(self) -> std::result::Result<(), E> {
        match self.0.get() {
            0 => Err(E::custom("expansion budget exhausted")),
            n => {
                self.0.set(n - 1);
                Ok(())
            }
        }
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Count<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Count<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> std::result::Result<(), E> {
        self.take()
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> std::result::Result<(), E> {
        self.take()
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> std::result::Result<(), E> {
        self.take()
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> std::result::Result<(), E> {
        self.take()
    }
    fn visit_str<E: serde::de::Error>(self, _: &str) -> std::result::Result<(), E> {
        self.take()
    }
    fn visit_i128<E: serde::de::Error>(self, _: i128) -> std::result::Result<(), E> {
        self.take()
    }
    fn visit_u128<E: serde::de::Error>(self, _: u128) -> std::result::Result<(), E> {
        self.take()
    }
    fn visit_bytes<E: serde::de::Error>(self, _: &[u8]) -> std::result::Result<(), E> {
        self.take()
    }
    fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<(), E> {
        self.take()
    }
    fn visit_newtype_struct<D: serde::Deserializer<'de>>(
        self,
        d: D,
    ) -> std::result::Result<(), D::Error> {
        self.take()?;
        d.deserialize_any(self)
    }
    fn visit_none<E: serde::de::Error>(self) -> std::result::Result<(), E> {
        self.take()
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        self.take()?;
        d.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<(), A::Error> {
        self.take()?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<(), A::Error> {
        self.take()?;
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(())
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(
        self,
        data: A,
    ) -> std::result::Result<(), A::Error> {
        self.take()?;
        let ((), variant) = data.variant_seed(self)?;
        serde::de::VariantAccess::newtype_variant_seed(variant, self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quadratic(n: usize) -> String {
        format!(
            "a: &a [{}]\nb: [{}]\n",
            vec!["x"; n].join(", "),
            vec!["*a"; n].join(", ")
        )
    }

    #[test]
    fn yaml_bombs_are_refused_before_decoding() {
        // 3,000 x 3,000 = 9 million values from 24 KB of text.
        assert!(check_yaml(quadratic(3000).as_bytes()).is_err());
        let laughs = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n\
                      c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n\
                      e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n";
        // serde_yaml's own limit on alias jumps stops this one.
        assert!(Format::Yaml
            .decode::<serde_json::Value>(laughs.as_bytes(), None)
            .is_err());
        assert!(check_yaml("[".repeat(129).as_bytes()).is_err());
        let err = Format::Yaml
            .decode::<serde_json::Value>(quadratic(3000).as_bytes(), Some(200))
            .expect_err("refused");
        assert!(
            matches!(
                err,
                Error::Decode {
                    status: Some(200),
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn ordinary_yaml_passes() {
        assert!(check_yaml(quadratic(50).as_bytes()).is_ok());
        assert!(check_yaml("[".repeat(128).as_bytes()).is_ok());
        let manifest = "base: &base {parallelism: 2}\nspec: {template: {spec: *base}}\n\
                        sql: 'SELECT * FROM t'\nbad: [unclosed\n";
        assert!(check_yaml(manifest.as_bytes()).is_ok());
        let v: serde_json::Value = Format::Yaml
            .decode(b"a: &a {x: 1}\nb: *a\n", None)
            .expect("aliases");
        assert_eq!(v["b"]["x"], 1);
    }

    #[test]
    fn content_types() {
        let cases = [
            ("application/json", Some(Format::Json)),
            ("Application/JSON; charset=utf-8", Some(Format::Json)),
            ("application/problem+json", Some(Format::Json)),
            ("application/yaml", Some(Format::Yaml)),
            ("text/x-YAML", Some(Format::Yaml)),
            ("application/x-yml;q=1", Some(Format::Yaml)),
            ("text/html", None),
            ("", None),
            ("json", Some(Format::Json)),
        ];
        for (header, format) in cases {
            assert_eq!(Format::from_content_type(header), format, "{header}");
        }
        assert_eq!(Format::Yaml.header_value(), "application/yaml");
    }
}
