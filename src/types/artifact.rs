//! [`Artifact`]: what a Deployment runs, polymorphic on `kind`.

use serde::{de, ser, Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::common::{lenient_string, Extra};
use super::enums::ArtifactKind;

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

/// A JAR artifact (`kind: JAR`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JarArtifact {
    /// Where the JAR is (`s3://`, `https://`, `file://`, ...). Required by the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jar_uri: Option<String>,
    /// Main class, if the JAR manifest has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry_class: Option<String>,
    /// Program arguments, one string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub main_args: Option<String>,
    /// Flink version, e.g. `"1.19"`. A number is accepted and stringified; quote it in YAML
    /// (`1.20` unquoted is the number 1.2).
    #[serde(
        default,
        deserialize_with = "lenient_string::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub flink_version: Option<String>,
    /// Flink image registry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flink_image_registry: Option<String>,
    /// Flink image repository.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flink_image_repository: Option<String>,
    /// Flink image tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flink_image_tag: Option<String>,
    /// Extra JARs / files put on the classpath.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_dependencies: Option<Vec<String>>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// A Flink SQL script artifact (`kind: SQLSCRIPT`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SqlScriptArtifact {
    /// The SQL statements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sql_script: Option<String>,
    /// Flink version, e.g. `"1.19"` (numbers accepted, see [`JarArtifact::flink_version`]).
    #[serde(
        default,
        deserialize_with = "lenient_string::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub flink_version: Option<String>,
    /// Flink image registry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flink_image_registry: Option<String>,
    /// Flink image repository.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flink_image_repository: Option<String>,
    /// Flink image tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flink_image_tag: Option<String>,
    /// Extra JARs (UDFs, connectors).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_dependencies: Option<Vec<String>>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// A PyFlink artifact (`kind: PYTHON`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PythonArtifact {
    /// Where the Python program is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub python_artifact_uri: Option<String>,
    /// The module to run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry_module: Option<String>,
    /// Program arguments, one string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub main_args: Option<String>,
    /// Extra Python archives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_python_archives: Option<Vec<String>>,
    /// Extra Python libraries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_python_libraries: Option<Vec<String>>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
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
