//! [`UdfArtifactsApi`]: `/sql/v1beta1/namespaces/{ns}/udfartifacts`.

use crate::platform::connectors::SQL_API;
use crate::platform::handle::{whole_answer, PlatformApi, PlatformResource};
use crate::platform::types::{UdfArtifact, UdfArtifactDeletion, UdfArtifactUpdate};

/// UDF artifacts (JARs whose classes become SQL functions) of one namespace. Get one with
/// [`Client::udf_artifacts`](crate::Client::udf_artifacts).
///
/// `create` and `update` answer a [`UdfArtifactUpdate`] (which also lists classes that
/// collide with other artifacts, and, on update, classes the new JAR no longer has);
/// `delete` a [`UdfArtifactDeletion`] (its classes still referenced by functions).
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
pub type UdfArtifactsApi = PlatformApi<UdfArtifact>;

/// The settings of a [`UdfArtifactsApi`], set with
/// [`require_function_names`](PlatformApi::require_function_names).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UdfArtifactQuery {
    require_function_names: Option<bool>,
}

whole_answer!(UdfArtifactUpdate, UdfArtifactDeletion);

/// `/sql/v1beta1/namespaces/{ns}/udfartifacts`; `create`/`update` answer a
/// [`UdfArtifactUpdate`], `delete` a [`UdfArtifactDeletion`].
impl PlatformResource for UdfArtifact {
    const API: &'static str = SQL_API;
    const SEGMENT: &'static str = "udfartifacts";
    const KIND: &'static str = "UdfArtifact";
    type Created = UdfArtifactUpdate;
    type Updated = UdfArtifactUpdate;
    type Deleted = UdfArtifactDeletion;
    type Settings = UdfArtifactQuery;
    fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }
    fn read_query(settings: &UdfArtifactQuery) -> Vec<(&'static str, String)> {
        settings
            .require_function_names
            .map(|r| ("requireFunctionNames", r.to_string()))
            .into_iter()
            .collect()
    }
}

impl PlatformApi<UdfArtifact> {
    /// Ask [`list`](Self::list) and [`get`](Self::get) to resolve the SQL function names of
    /// each class (`?requireFunctionNames=`, VVP 2.7+).
    #[must_use]
    pub fn require_function_names(mut self, require: bool) -> Self {
        self.settings.require_function_names = Some(require);
        self
    }
}
