//! Resource types of the Application Manager API (placeholder stubs; full types land with
//! the types work). Names and `Resource` impls here are the interface.

use crate::resource::*;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

macro_rules! stub {
    ($(#[$m:meta])* $t:ident, $kind:literal, $path:literal, $scheme:ident, $addr:ident, [$($tr:ident),*]) => {
        $(#[$m])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub struct $t {
            /// Object kind.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub kind: Option<String>,
            /// API version.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub api_version: Option<String>,
            /// Metadata.
            #[serde(default, skip_serializing_if = "Value::is_null")]
            pub metadata: Value,
            /// Spec.
            #[serde(default, skip_serializing_if = "Value::is_null")]
            pub spec: Value,
            /// Status.
            #[serde(default, skip_serializing_if = "Value::is_null")]
            pub status: Value,
            /// Fields this crate does not know.
            #[serde(flatten)]
            pub extra: Map<String, Value>,
        }
        impl Resource for $t {
            const KIND: &'static str = $kind;
            const PATH: &'static str = $path;
            const NAME_SCHEME: NameScheme = NameScheme::$scheme;
            const ADDRESSING: Addressing = Addressing::$addr;
            fn name(&self) -> Option<&str> {
                self.metadata.get("name").and_then(Value::as_str)
            }
        }
        $(impl $tr for $t {})*
    };
}

stub!(/// A Deployment.
    Deployment, "Deployment", "deployments", Dns, NameOrId, [Gettable, Creatable, Upsertable, Patchable, Deletable]);
stub!(/// A DeploymentTarget.
    DeploymentTarget, "DeploymentTarget", "deployment-targets", Extended, NameOrId, [Gettable, Creatable, Upsertable, Deletable]);
stub!(/// A SessionCluster.
    SessionCluster, "SessionCluster", "sessionclusters", Dns, NameOrId, [Gettable, Creatable, Upsertable, Patchable, Deletable]);
stub!(/// A SecretValue.
    SecretValue, "SecretValue", "secret-values", Extended, NameOrId, [Gettable, Creatable, Patchable, Deletable]);
stub!(/// A Savepoint.
    Savepoint, "Savepoint", "savepoints", Dns, IdOnly, [Gettable, Creatable]);
stub!(/// A Job.
    Job, "Job", "jobs", Dns, IdOnly, [Gettable]);
stub!(/// An Event.
    Event, "Event", "events", Dns, IdOnly, []);
stub!(/// The namespace's DeploymentDefaults (a singleton: GET and PATCH only).
    DeploymentDefaults, "DeploymentDefaults", "deployment-defaults", Dns, NameOrId, []);

/// The answer of `GET /api/v1/status` (placeholder stub).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SystemStatus {
    /// Fields this crate does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The answer of `GET /api/v1/status/system-info` (placeholder stub).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SystemInfo {
    /// Fields this crate does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
