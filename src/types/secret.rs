//! [`Secret`]: a string that never shows up in logs.

use serde::{Deserialize, Serialize};

/// A secret string (a SecretValue's value, an API token). `Debug` and `Display` print
/// `<redacted>`, so secrets do not leak into logs, panics or error messages; read the value
/// with [`Secret::expose`]. Serializes as the plain string (it must reach the server).
///
/// ```
/// use vvp::types::Secret;
/// let s = Secret::new("hunter2");
/// assert_eq!(format!("{s:?} {s}"), "<redacted> <redacted>");
/// assert_eq!(s.expose(), "hunter2");
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret value. Do not log it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Same as [`Secret::expose`] (the name the `secrecy` crate uses).
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// Unwraps the secret value. Do not log it.
    pub fn into_inner(self) -> String {
        self.0
    }

    /// `true` if the value is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl From<&String> for Secret {
    fn from(value: &String) -> Self {
        Self(value.clone())
    }
}
