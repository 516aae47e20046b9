//! [`SecretValue`]: a named secret referenced as `${NAME}` in jarUri and flinkConfiguration.

use serde::{Deserialize, Serialize};

use super::common::{is_default, null_as_default, Extra, ObjectMeta};
use super::enums::SecretValueKind;
use super::secret::Secret;

/// A SecretValue. Its value is a [`Secret`]: `Debug` prints `<redacted>`. Names may use
/// `[0-9a-zA-Z_-]`, up to 250 characters.
///
/// ```
/// let s = vvp::types::SecretValue::plain("db-password", "hunter2");
/// assert!(!format!("{s:?}").contains("hunter2"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecretValue {
    /// `"SecretValue"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// `"v1"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// Metadata.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "is_default"
    )]
    pub metadata: ObjectMeta,
    /// Kind and value.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "is_default"
    )]
    pub spec: SecretValueSpec,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

impl SecretValue {
    /// A `PLAIN` SecretValue `name` holding `value`.
    pub fn plain(name: impl Into<String>, value: impl Into<Secret>) -> Self {
        Self {
            kind: Some("SecretValue".to_owned()),
            api_version: Some("v1".to_owned()),
            metadata: ObjectMeta::named(name),
            spec: SecretValueSpec {
                kind: Some(SecretValueKind::Plain),
                value: Some(value.into()),
                extra: Extra::new(),
            },
            extra: Extra::new(),
        }
    }

    /// `spec.value`, if the server returned it.
    pub fn value(&self) -> Option<&Secret> {
        self.spec.value.as_ref()
    }
}

/// `spec` of a SecretValue.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecretValueSpec {
    /// `PLAIN` (the server's own example writes `Plain`; kept as sent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<SecretValueKind>,
    /// The secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Secret>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}
