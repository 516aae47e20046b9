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
        let essence = content_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        if essence.contains("yaml") || essence.contains("yml") {
            Some(Format::Yaml)
        } else if essence.contains("json") {
            Some(Format::Json)
        } else {
            None
        }
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
        crate::request::decode_seed(self, bytes, status, std::marker::PhantomData::<T>)
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

/// `Err` if `bytes` nests flow collections (`[`, `{`) deeper than [`MAX_YAML_FLOW_DEPTH`].
///
/// Brackets are counted everywhere, quoted text included: it can over-count, never
/// under-count, and only text with more than 128 unclosed brackets is refused.
pub(crate) fn check_yaml_depth(bytes: &[u8]) -> std::result::Result<(), BoxError> {
    let mut depth = 0usize;
    for &b in bytes {
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_YAML_FLOW_DEPTH {
                    return Err(format!(
                        "YAML nested deeper than {MAX_YAML_FLOW_DEPTH} levels"
                    )
                    .into());
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}
