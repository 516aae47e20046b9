//! [`SecretValue`]: a named secret referenced as `${NAME}` in jarUri and flinkConfiguration.

use serde::{Deserialize, Serialize};

use super::common::{Extra, ObjectMeta};
use super::enums::SecretValueKind;
use super::object::resource_object;
use super::secret::Secret;

resource_object! {
    /// A SecretValue. Its value is a [`Secret`]: `Debug` prints `<redacted>`. Names may use
    /// `[0-9a-zA-Z_-]`, up to 250 characters.
    ///
    /// ```
    /// let s = vvp::types::SecretValue::plain("db-password", "hunter2");
    /// assert!(!format!("{s:?}").contains("hunter2"));
    /// ```
    pub struct SecretValue {
        kind: "SecretValue",
        path: "secret-values",
        names: Extended,
        addressing: NameOrId,
        verbs: [Gettable, Creatable, Patchable, Deletable],
        name: |s| s.metadata.name.as_deref(),
        /// Metadata.
        metadata: ObjectMeta,
        /// Kind and value.
        spec: SecretValueSpec,
    }
    /// A `PLAIN` SecretValue `name` holding `value`.
    pub fn plain(name: impl Into<String>, value: impl Into<Secret>) {
        metadata: ObjectMeta::named(name),
        spec: SecretValueSpec {
            kind: Some(SecretValueKind::Plain),
            value: Some(value.into()),
            extra: Extra::new(),
        },
    }
}

impl SecretValue {
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
