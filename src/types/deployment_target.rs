//! [`DeploymentTarget`]: where Deployments run (a Kubernetes namespace).

use super::object::resource;
use super::{DeploymentTarget, DeploymentTargetSpec, KubernetesTarget, ResourceMetadata};

resource! {
    DeploymentTarget {
        kind: "DeploymentTarget",
        path: "deployment-targets",
        names: Extended,
        addressing: NameOrId,
        verbs: [Gettable, Creatable, Upsertable, Deletable],
        name: |s| s.metadata.name.as_deref(),
    }
}

impl DeploymentTarget {
    /// A DeploymentTarget `name` for Kubernetes namespace `kubernetes_namespace`. Names may
    /// use `[0-9a-zA-Z_-]`, up to 250 characters.
    ///
    /// ```
    /// let t = vvp::types::DeploymentTarget::new("vvp-jobs", "vvp-jobs");
    /// assert_eq!(t.kubernetes_namespace(), Some("vvp-jobs"));
    /// ```
    pub fn new(name: impl Into<String>, kubernetes_namespace: impl Into<String>) -> Self {
        Self {
            metadata: ResourceMetadata::named(name),
            spec: DeploymentTargetSpec {
                kubernetes: Some(KubernetesTarget {
                    namespace: Some(kubernetes_namespace.into()),
                    ..KubernetesTarget::default()
                }),
                ..DeploymentTargetSpec::default()
            },
            ..Self::object()
        }
    }

    /// `spec.kubernetes.namespace`.
    pub fn kubernetes_namespace(&self) -> Option<&str> {
        self.spec.kubernetes.as_ref()?.namespace.as_deref()
    }
}
