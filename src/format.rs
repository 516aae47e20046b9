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

#[cfg(test)]
mod tests {
    use super::Format;

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
