//! [`UdfArtifactsApi`]: `/sql/v1beta1/namespaces/{ns}/udfartifacts`.

use crate::api::Api;
use crate::platform::connectors::SQL_API;
use crate::platform::handle::{platform_resource, whole_answer};
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
pub type UdfArtifactsApi = Api<UdfArtifact>;

/// The settings of a [`UdfArtifactsApi`], set with
/// [`require_function_names`](Api::require_function_names).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UdfArtifactQuery {
    require_function_names: Option<bool>,
}

whole_answer!(
    CreateUdfArtifactResponse,
    UpdateUdfArtifactResponse,
    DeleteUdfArtifactResponse
);

platform_resource! {
    UdfArtifact {
        api: SQL_API,
        segment: "udfartifacts",
        kind: "UdfArtifact",
        names: Dns,
        settings: UdfArtifactQuery,
        verbs: [
            Listable,
            Gettable,
            Creatable = CreateUdfArtifactResponse,
            Updatable = UpdateUdfArtifactResponse,
            Deletable = DeleteUdfArtifactResponse,
        ],
    }
    read_query: |settings| settings
        .require_function_names
        .map(|r| ("requireFunctionNames", r.to_string()))
        .into_iter()
        .collect()
}

impl Api<UdfArtifact> {
    /// Ask [`list`](Self::list) and [`get`](Self::get) to resolve the SQL function names of
    /// each class (`?requireFunctionNames=`, VVP 2.7+).
    #[must_use]
    pub fn require_function_names(mut self, require: bool) -> Self {
        self.settings.require_function_names = Some(require);
        self
    }
}
