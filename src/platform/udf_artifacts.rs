//! [`UdfArtifactsApi`]: `/sql/v1beta1/namespaces/{ns}/udfartifacts`.

use crate::error::Result;
use crate::platform::common::Collection;
use crate::platform::types::{UdfArtifact, UdfArtifactDeletion, UdfArtifactUpdate};
use crate::Client;
use std::fmt;

/// UDF artifacts (JARs whose classes become SQL functions) of one namespace. Get one with
/// [`Client::udf_artifacts`].
///
/// ```no_run
/// use vvp::platform::types::UdfArtifact;
/// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
/// let udfs = client.udf_artifacts("default");
/// let artifact = UdfArtifact {
///     name: Some("my-udfs".into()),
///     jar_url: Some("s3://bucket/udfs-1.0.jar".into()),
///     ..Default::default()
/// };
/// let answer = udfs.create(&artifact).await?;
/// for class in answer.colliding_classes.unwrap_or_default() {
///     eprintln!("{:?} also exists in {:?}", class.class_name, class.udf_artifact_name);
/// }
/// let with_names = udfs.require_function_names(true).get("my-udfs").await?;
/// println!("{:?}", with_names.function_names());
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct UdfArtifactsApi {
    c: Collection,
    require_function_names: Option<bool>,
}

impl fmt::Debug for UdfArtifactsApi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UdfArtifactsApi")
            .field("namespace", &self.c.namespace)
            .field("require_function_names", &self.require_function_names)
            .finish_non_exhaustive()
    }
}

impl UdfArtifactsApi {
    pub(crate) fn new(client: Client, namespace: String) -> Self {
        UdfArtifactsApi {
            c: Collection::new(
                client,
                namespace,
                "sql/v1beta1/namespaces",
                "udfartifacts",
                "UdfArtifact",
            ),
            require_function_names: None,
        }
    }

    /// The namespace this handle is bound to.
    pub fn namespace(&self) -> &str {
        &self.c.namespace
    }

    /// Ask [`list`](Self::list) and [`get`](Self::get) to resolve the SQL function names of
    /// each class (`?requireFunctionNames=`, VVP 2.7+).
    #[must_use]
    pub fn require_function_names(mut self, require: bool) -> Self {
        self.require_function_names = Some(require);
        self
    }

    fn query(&self) -> Vec<(&'static str, String)> {
        self.require_function_names
            .map(|r| ("requireFunctionNames", r.to_string()))
            .into_iter()
            .collect()
    }

    /// All UDF artifacts.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`](crate::Error::InvalidName) for a bad namespace (nothing is
    /// sent); transport errors, the server's error answer, [`Error::Decode`](crate::Error::Decode).
    pub async fn list(&self) -> Result<Vec<UdfArtifact>> {
        self.c.list(&self.query()).await
    }

    /// One UDF artifact by short name.
    ///
    /// # Errors
    ///
    /// As [`UdfArtifactsApi::list`], plus a bad name (nothing is sent) and
    /// [`Error::is_not_found`](crate::Error::is_not_found).
    pub async fn get(&self, name: &str) -> Result<UdfArtifact> {
        self.c.get(name, &self.query()).await
    }

    /// Register a UDF artifact (`POST`); its `name` may be short or fully qualified
    /// (`namespaces/<ns>/udfartifacts/<name>` is sent). The answer also lists classes that
    /// collide with other artifacts.
    ///
    /// # Errors
    ///
    /// As [`UdfArtifactsApi::get`]; a missing name; [`Error::is_conflict`](crate::Error::is_conflict).
    pub async fn create(&self, artifact: &UdfArtifact) -> Result<UdfArtifactUpdate> {
        self.c.create(artifact, artifact.name.as_deref()).await
    }

    /// Replace a UDF artifact (`PUT .../{name}`), e.g. point it at a new JAR. The answer
    /// also lists colliding classes and classes the new JAR no longer has.
    ///
    /// # Errors
    ///
    /// As [`UdfArtifactsApi::create`].
    pub async fn update(&self, artifact: &UdfArtifact) -> Result<UdfArtifactUpdate> {
        self.c.update(artifact, artifact.name.as_deref()).await
    }

    /// Delete a UDF artifact; the answer lists its classes still referenced by functions.
    ///
    /// # Errors
    ///
    /// As [`UdfArtifactsApi::get`].
    pub async fn delete(&self, name: &str) -> Result<UdfArtifactDeletion> {
        self.c.delete(name).await
    }
}
