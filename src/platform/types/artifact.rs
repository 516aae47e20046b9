//! Files in the platform's artifact storage (`/artifacts/v1`; not in the Swagger documents).

use crate::platform::envelope::envelope;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A file in the artifact storage of a namespace. Not to be confused with a deployment's
/// `spec.template.spec.artifact` ([`crate::types`]): an uploaded file's [`uri`](Self::uri) is
/// what goes into a JAR artifact's `jarUri`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Artifact {
    /// File name (the key for `artifacts:delete?filename=`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
    /// Storage URI, e.g. `s3://bucket/artifacts/namespaces/default/job.jar`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// When the file was stored (sent as `%Y-%m-%dT%H:%M:%SZ`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_time: Option<DateTime<Utc>>,
    /// Fields this crate does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
envelope!(Artifact, "artifact", "artifacts");
