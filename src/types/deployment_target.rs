//! [`DeploymentTarget`]: where Deployments run (a Kubernetes namespace).

use serde::{Deserialize, Serialize};

use super::common::{is_default, null_as_default, Extra, KubernetesTarget, ObjectMeta};

/// A DeploymentTarget: a Kubernetes namespace Deployments can run in. Names may use
/// `[0-9a-zA-Z_-]`, up to 250 characters.
///
/// ```
/// let t = vvp::types::DeploymentTarget::new("vvp-jobs", "vvp-jobs");
/// assert_eq!(t.kubernetes_namespace(), Some("vvp-jobs"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentTarget {
    /// `"DeploymentTarget"`.
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
    /// The target.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "is_default"
    )]
    pub spec: DeploymentTargetSpec,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

impl DeploymentTarget {
    /// A DeploymentTarget `name` for Kubernetes namespace `kubernetes_namespace`.
    pub fn new(name: impl Into<String>, kubernetes_namespace: impl Into<String>) -> Self {
        Self {
            kind: Some("DeploymentTarget".to_owned()),
            api_version: Some("v1".to_owned()),
            metadata: ObjectMeta::named(name),
            spec: DeploymentTargetSpec {
                kubernetes: Some(KubernetesTarget {
                    namespace: Some(kubernetes_namespace.into()),
                    extra: Extra::new(),
                }),
                extra: Extra::new(),
            },
            extra: Extra::new(),
        }
    }

    /// `spec.kubernetes.namespace`.
    pub fn kubernetes_namespace(&self) -> Option<&str> {
        self.spec.kubernetes.as_ref()?.namespace.as_deref()
    }
}

/// `spec` of a DeploymentTarget.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentTargetSpec {
    /// The Kubernetes namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kubernetes: Option<KubernetesTarget>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}
