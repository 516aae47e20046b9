//! [`UdfArtifactsApi`]: `/sql/v1beta1/namespaces/{ns}/udfartifacts`.

use crate::platform::connectors::SQL_API;
use crate::platform::handle::{whole_answer, PlatformApi, PlatformResource};
use crate::platform::types::{
    CreateUdfArtifactResponse, DeleteUdfArtifactResponse, UdfArtifact, UpdateUdfArtifactResponse,
};

/// UDF artifacts (JARs whose classes become SQL functions) of one namespace. Get one with
/// [`Client::udf_artifacts`](crate::Client::udf_artifacts).
///
/// `create` answers a [`CreateUdfArtifactResponse`] (which also lists classes that collide
/// with other artifacts), `update` an [`UpdateUdfArtifactResponse`] (also classes the new JAR
/// no longer has); `delete` a [`DeleteUdfArtifactResponse`] (its classes still referenced by
/// functions).
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
/// for class in answer.colliding_classes {
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

whole_answer!(
    CreateUdfArtifactResponse,
    UpdateUdfArtifactResponse,
    DeleteUdfArtifactResponse
);

/// `/sql/v1beta1/namespaces/{ns}/udfartifacts`; `create` answers a
/// [`CreateUdfArtifactResponse`], `update` an [`UpdateUdfArtifactResponse`], `delete` a
/// [`DeleteUdfArtifactResponse`].
impl PlatformResource for UdfArtifact {
    const API: &'static str = SQL_API;
    const SEGMENT: &'static str = "udfartifacts";
    const KIND: &'static str = "UdfArtifact";
    type Created = CreateUdfArtifactResponse;
    type Updated = UpdateUdfArtifactResponse;
    type Deleted = DeleteUdfArtifactResponse;
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
