//! The wire format of request and response bodies.

use crate::error::{BoxError, Error, Result};
use crate::limits::check_yaml;
use serde::{de::DeserializeOwned, Serialize};

/// The body format a [`Client`](crate::Client) speaks with the Application Manager.
///
/// With [`BodyFormat::Json`] (the default) requests carry `Content-Type: application/json` and
/// `Accept: application/json`; with [`BodyFormat::Yaml`] both are `application/yaml`. Responses
/// are decoded by their `Content-Type`, falling back to the configured format. Platform API
/// endpoints only speak JSON and always use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum BodyFormat {
    /// `application/json`.
    #[default]
    Json,
    /// `application/yaml`.
    Yaml,
}

impl BodyFormat {
    /// The media type, e.g. `"application/json"`.
    pub fn media_type(self) -> &'static str {
        match self {
            BodyFormat::Json => "application/json",
            BodyFormat::Yaml => "application/yaml",
        }
    }

    /// The format a `Content-Type` header names, if it names JSON or YAML.
    pub fn from_content_type(content_type: &str) -> Option<BodyFormat> {
        let essence = content_type.split(';').next().unwrap_or_default().trim();
        // The usual answer first, then a case-insensitive search (no allocation).
        if essence.eq_ignore_ascii_case("application/json") {
            return Some(BodyFormat::Json);
        }
        let has = |needle: &str| {
            essence
                .as_bytes()
                .windows(needle.len())
                .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
        };
        if has("yaml") || has("yml") {
            Some(BodyFormat::Yaml)
        } else if has("json") {
            Some(BodyFormat::Json)
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
            BodyFormat::Json => serde_json::to_vec(value).map_err(Into::into),
            BodyFormat::Yaml => serde_yaml::to_string(value)
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
        decode(self, bytes, status)
    }
}

/// The path (`.` for the root) and the inner error of a path-tracking error.
pub(crate) fn split_path_error<E>(e: serde_path_to_error::Error<E>) -> (String, BoxError)
where
    E: std::error::Error + Send + Sync + 'static,
{
    (e.path().to_string(), Box::new(e.into_inner()))
}

/// Decode `bytes` as `T`.
///
/// The happy path is plain serde, at the deserializer's full speed. Only when that fails is
/// the input decoded a second time with field-path tracking (`serde_path_to_error`, about
/// 30% slower), to name the failing field in [`Error::Decode`].
pub(crate) fn decode<T: DeserializeOwned>(
    format: BodyFormat,
    bytes: &[u8],
    status: Option<u16>,
) -> Result<T> {
    let plain = match format {
        BodyFormat::Json => serde_json::from_slice::<T>(bytes).map_err(BoxError::from),
        BodyFormat::Yaml => {
            // Refuse YAML too costly to parse (deep nesting, alias bombs) before parsing.
            check_yaml(bytes).map_err(|source| Error::Decode {
                status,
                path: ".".into(),
                source,
            })?;
            serde_yaml::from_slice::<T>(bytes).map_err(BoxError::from)
        }
    };
    plain.map_err(|plain| decode_error::<T>(format, bytes, status, plain))
}

/// The [`Error::Decode`] for a body that failed to decode as `T` with `plain`: decodes
/// again, tracking the path of the failing field.
#[cold]
#[inline(never)]
fn decode_error<T: DeserializeOwned>(
    format: BodyFormat,
    bytes: &[u8],
    status: Option<u16>,
    plain: BoxError,
) -> Error {
    let mut track = serde_path_to_error::Track::new();
    let (path, source): (String, BoxError) = match format {
        BodyFormat::Json => {
            let mut de = serde_json::Deserializer::from_slice(bytes);
            match T::deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track)) {
                Err(e) => (track.path().to_string(), Box::new(e)),
                // The value decoded, so what failed is the end: trailing characters.
                Ok(_) => (
                    ".".into(),
                    de.end()
                        .map_or_else(|e| Box::new(e) as BoxError, |()| plain),
                ),
            }
        }
        BodyFormat::Yaml => {
            let de = serde_yaml::Deserializer::from_slice(bytes);
            match T::deserialize(serde_path_to_error::Deserializer::new(de, &mut track)) {
                Err(e) => (track.path().to_string(), Box::new(e)),
                Ok(_) => (".".into(), plain),
            }
        }
    };
    Error::Decode {
        status,
        path,
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::tests::quadratic;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Outer {
        items: Vec<Inner>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        n: u32,
    }

    fn decode_err(format: BodyFormat, text: &str) -> (Option<u16>, String, String) {
        match decode::<Outer>(format, text.as_bytes(), Some(200)) {
            Err(Error::Decode {
                status,
                path,
                source,
            }) => (status, path, source.to_string()),
            other => panic!("expected a decode error, got {other:?}"),
        }
    }

    #[test]
    fn decode_happy_path_and_failing_field() {
        let ok: Outer = decode(BodyFormat::Json, br#"{"items":[{"n":1}]}"#, None).unwrap();
        assert_eq!(ok.items.len(), 1);
        let ok: Outer = decode(BodyFormat::Yaml, b"items:\n- n: 1\n", None).unwrap();
        assert_eq!(ok.items.len(), 1);

        // The second, path-tracking pass names the field; the message is serde's.
        let text = r#"{"items":[{"n":1},{"n":"x"}]}"#;
        let (status, path, message) = decode_err(BodyFormat::Json, text);
        assert_eq!((status, path.as_str()), (Some(200), "items[1].n"));
        let plain = serde_json::from_str::<Outer>(text).unwrap_err().to_string();
        assert_eq!(message, plain);

        let (_, path, _) = decode_err(BodyFormat::Yaml, "items:\n- n: 1\n- n: x\n");
        assert_eq!(path, "items[1].n");
    }

    #[test]
    fn decode_trailing_and_broken_input() {
        // Decodes as a value, then fails at the end: the path is the root.
        let (_, path, message) = decode_err(BodyFormat::Json, r#"{"items":[]} x"#);
        assert_eq!(path, ".");
        assert!(message.contains("trailing"), "{message}");
        // Not JSON at all.
        let (_, path, _) = decode_err(BodyFormat::Json, "<html>");
        assert_eq!(path, ".");
        let (_, path, _) = decode_err(BodyFormat::Json, "");
        assert_eq!(path, ".");
        // Truncated inside a field.
        let (_, path, _) = decode_err(BodyFormat::Json, r#"{"items":[{"n":"#);
        assert_eq!(path, "items[0].n");
    }

    #[test]
    fn yaml_bombs_are_refused_before_decoding() {
        // What `check_yaml` refuses (tested in `limits`) is a decode error of the answer; a
        // bomb of aliases is also refused by serde_yaml itself.
        let laughs = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n\
                      c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n\
                      e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n";
        // serde_yaml's own limit on alias jumps stops this one.
        assert!(BodyFormat::Yaml
            .decode::<serde_json::Value>(laughs.as_bytes(), None)
            .is_err());
        let err = BodyFormat::Yaml
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
    fn content_types() {
        let cases = [
            ("application/json", Some(BodyFormat::Json)),
            ("Application/JSON; charset=utf-8", Some(BodyFormat::Json)),
            ("application/problem+json", Some(BodyFormat::Json)),
            ("application/yaml", Some(BodyFormat::Yaml)),
            ("text/x-YAML", Some(BodyFormat::Yaml)),
            ("application/x-yml;q=1", Some(BodyFormat::Yaml)),
            ("text/html", None),
            ("", None),
            ("json", Some(BodyFormat::Json)),
        ];
        for (header, format) in cases {
            assert_eq!(BodyFormat::from_content_type(header), format, "{header}");
        }
        assert_eq!(BodyFormat::Yaml.header_value(), "application/yaml");
    }
}
