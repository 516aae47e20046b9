//! [`Artifact`]: what a Deployment runs, polymorphic on `kind` (a declared replacement of
//! the spec's `Artifact`; the variants are the generated `JarArtifact`, `SqlScriptArtifact`
//! and `PythonArtifact`).

use serde::{de, ser, Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::enums::ArtifactKind;
use super::{JarArtifact, PythonArtifact, SqlScriptArtifact};

/// What a Deployment or Job runs (`template.spec.artifact`), chosen by `kind`. Unknown
/// kinds are kept whole as [`Artifact::Other`]; `kind` is always written back.
///
/// ```
/// use vvp::types::Artifact;
/// let a = Artifact::jar("s3://bucket/job.jar");
/// assert_eq!(a.kind().as_str(), "JAR");
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Artifact {
    /// `kind: JAR`.
    Jar(JarArtifact),
    /// `kind: SQLSCRIPT`.
    SqlScript(SqlScriptArtifact),
    /// `kind: PYTHON`.
    Python(PythonArtifact),
    /// Any other (or missing) kind: the whole object, `kind` included.
    Other(Map<String, Value>),
}

impl Artifact {
    /// A JAR artifact at `jar_uri`.
    pub fn jar(jar_uri: impl Into<String>) -> Self {
        Artifact::Jar(JarArtifact {
            jar_uri: Some(jar_uri.into()),
            ..JarArtifact::default()
        })
    }

    /// A SQL script artifact.
    pub fn sql_script(sql: impl Into<String>) -> Self {
        Artifact::SqlScript(SqlScriptArtifact {
            sql_script: Some(sql.into()),
            ..SqlScriptArtifact::default()
        })
    }

    /// A Python artifact at `python_artifact_uri`.
    pub fn python(python_artifact_uri: impl Into<String>) -> Self {
        Artifact::Python(PythonArtifact {
            python_artifact_uri: Some(python_artifact_uri.into()),
            ..PythonArtifact::default()
        })
    }

    /// The `kind` (for [`Artifact::Other`], the `kind` string it carries, or `""`).
    pub fn kind(&self) -> ArtifactKind {
        match self {
            Artifact::Jar(_) => ArtifactKind::Jar,
            Artifact::SqlScript(_) => ArtifactKind::SqlScript,
            Artifact::Python(_) => ArtifactKind::Python,
            Artifact::Other(map) => {
                ArtifactKind::from(map.get("kind").and_then(Value::as_str).unwrap_or(""))
            }
        }
    }

    /// The Flink version, for kinds that have one.
    pub fn flink_version(&self) -> Option<&str> {
        match self {
            Artifact::Jar(a) => a.flink_version.as_deref(),
            Artifact::SqlScript(a) => a.flink_version.as_deref(),
            Artifact::Python(_) => None,
            Artifact::Other(map) => map.get("flinkVersion").and_then(Value::as_str),
        }
    }
}

impl From<JarArtifact> for Artifact {
    fn from(a: JarArtifact) -> Self {
        Artifact::Jar(a)
    }
}

impl From<SqlScriptArtifact> for Artifact {
    fn from(a: SqlScriptArtifact) -> Self {
        Artifact::SqlScript(a)
    }
}

impl From<PythonArtifact> for Artifact {
    fn from(a: PythonArtifact) -> Self {
        Artifact::Python(a)
    }
}

fn with_kind<T: Serialize, E: ser::Error>(kind: &str, inner: &T) -> Result<Value, E> {
    let mut value = serde_json::to_value(inner).map_err(E::custom)?;
    match value.as_object_mut() {
        Some(map) => {
            map.insert("kind".to_owned(), Value::String(kind.to_owned()));
            Ok(value)
        }
        None => Err(E::custom("artifact did not serialize to an object")),
    }
}

impl Serialize for Artifact {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let value = match self {
            Artifact::Jar(a) => with_kind(ArtifactKind::Jar.as_str(), a)?,
            Artifact::SqlScript(a) => with_kind(ArtifactKind::SqlScript.as_str(), a)?,
            Artifact::Python(a) => with_kind(ArtifactKind::Python.as_str(), a)?,
            Artifact::Other(map) => return map.serialize(serializer),
        };
        value.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Artifact {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut map = Map::<String, Value>::deserialize(deserializer)?;
        let kind = match map.get("kind") {
            Some(Value::String(kind)) => ArtifactKind::from(kind.as_str()),
            _ => return Ok(Artifact::Other(map)),
        };
        fn inner<T: de::DeserializeOwned, E: de::Error>(
            kind: &ArtifactKind,
            map: Map<String, Value>,
        ) -> Result<T, E> {
            serde_json::from_value(Value::Object(map))
                .map_err(|e| E::custom(format_args!("artifact of kind {kind}: {e}")))
        }
        match kind {
            ArtifactKind::Jar => {
                map.remove("kind");
                inner(&kind, map).map(Artifact::Jar)
            }
            ArtifactKind::SqlScript => {
                map.remove("kind");
                inner(&kind, map).map(Artifact::SqlScript)
            }
            ArtifactKind::Python => {
                map.remove("kind");
                inner(&kind, map).map(Artifact::Python)
            }
            _ => Ok(Artifact::Other(map)),
        }
    }
}
