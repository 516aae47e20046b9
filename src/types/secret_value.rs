//! [`SecretValue`]: a named secret referenced as `${NAME}` in jarUri and flinkConfiguration.

use super::object::resource;
use super::{ResourceMetadata, Secret, SecretValue, SecretValueKind, SecretValueSpec};

resource! {
    SecretValue {
        kind: "SecretValue",
        path: "secret-values",
        names: Extended,
        addressing: NameOrId,
        verbs: [Gettable, Creatable, Patchable, Deletable],
        name: |s| s.metadata.name.as_deref(),
    }
}

impl SecretValue {
    /// A `PLAIN` SecretValue `name` holding `value`. Its value is a [`Secret`]: `Debug`
    /// prints `<redacted>`. Names may use `[0-9a-zA-Z_-]`, up to 250 characters.
    ///
    /// ```
    /// let s = vvp::types::SecretValue::plain("db-password", "hunter2");
    /// assert!(!format!("{s:?}").contains("hunter2"));
    /// ```
    pub fn plain(name: impl Into<String>, value: impl Into<Secret>) -> Self {
        Self {
            metadata: ResourceMetadata::named(name),
            spec: SecretValueSpec {
                kind: Some(SecretValueKind::Plain),
                value: Some(value.into()),
                ..SecretValueSpec::default()
            },
            ..Self::object()
        }
    }

    /// `spec.value`, if the server returned it.
    pub fn value(&self) -> Option<&Secret> {
        self.spec.value.as_ref()
    }
}
