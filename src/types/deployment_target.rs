//! [`DeploymentTarget`]: where Deployments run (a Kubernetes namespace).

use serde::{Deserialize, Serialize};

use super::common::{Extra, KubernetesTarget, ObjectMeta};
use super::object::resource_object;

resource_object! {
    /// A DeploymentTarget: a Kubernetes namespace Deployments can run in. Names may use
    /// `[0-9a-zA-Z_-]`, up to 250 characters.
    ///
    /// ```
    /// let t = vvp::types::DeploymentTarget::new("vvp-jobs", "vvp-jobs");
    /// assert_eq!(t.kubernetes_namespace(), Some("vvp-jobs"));
    /// ```
    pub struct DeploymentTarget {
        kind: "DeploymentTarget",
        path: "deployment-targets",
        names: Extended,
        addressing: NameOrId,
        verbs: [Gettable, Creatable, Upsertable, Deletable],
        name: |s| s.metadata.name.as_deref(),
        /// Metadata.
        metadata: ObjectMeta,
        /// The target.
        spec: DeploymentTargetSpec,
    }
    /// A DeploymentTarget `name` for Kubernetes namespace `kubernetes_namespace`.
    pub fn new(name: impl Into<String>, kubernetes_namespace: impl Into<String>) {
        metadata: ObjectMeta::named(name),
        spec: DeploymentTargetSpec {
            kubernetes: Some(KubernetesTarget {
                namespace: Some(kubernetes_namespace.into()),
                extra: Extra::new(),
            }),
            extra: Extra::new(),
        },
    }
}

impl DeploymentTarget {
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
