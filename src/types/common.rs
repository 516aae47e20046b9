//! Behaviour shared by several kinds, on the generated types: metadata constructors and
//! accessors, resource amounts, Kubernetes pod options.

use serde_json::{Map, Value};

use super::{
    DeploymentMetadata, EnvVar, JobMetadata, LocalObjectReference, Quantity, ResourceMetadata,
    ResourceSpec, SavepointMetadata, VolumeAndMount,
};

/// Fields of an object this crate does not know, kept so that an object read from a newer
/// server can be written back without losing them. Every generated type has one, named
/// `extra`.
pub type Extra = Map<String, Value>;

macro_rules! named_metadata {
    ($($t:ident),*) => {$(
        impl $t {
            /// Metadata with just a name.
            pub fn named(name: impl Into<String>) -> Self {
                Self {
                    name: Some(name.into()),
                    ..Self::default()
                }
            }

            /// The value of label `key`, if set.
            pub fn label(&self, key: &str) -> Option<&str> {
                self.labels.as_ref()?.get(key).map(String::as_str)
            }
        }
    )*};
}
named_metadata!(ResourceMetadata, DeploymentMetadata);

macro_rules! annotated_metadata {
    ($($t:ident),*) => {$(
        impl $t {
            /// The value of annotation `key`, if set.
            pub fn annotation(&self, key: &str) -> Option<&str> {
                self.annotations.as_ref()?.get(key).map(String::as_str)
            }
        }
    )*};
}
annotated_metadata!(
    ResourceMetadata,
    DeploymentMetadata,
    JobMetadata,
    SavepointMetadata
);

impl ResourceSpec {
    /// A resource spec with both values set, e.g. `ResourceSpec::new(1, "1g")`.
    pub fn new(cpu: impl Into<Quantity>, memory: impl Into<Quantity>) -> Self {
        Self {
            cpu: Some(cpu.into()),
            memory: Some(memory.into()),
            extra: Extra::new(),
        }
    }
}

impl VolumeAndMount {
    /// An entry named `name` with the given Kubernetes `Volume` and `VolumeMount` JSON.
    pub fn new(name: impl Into<String>, volume: Value, volume_mount: Value) -> Self {
        Self {
            name: Some(name.into()),
            volume: Some(volume),
            volume_mount: Some(volume_mount),
            ..Self::default()
        }
    }
}

impl EnvVar {
    /// `name=value`.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: Some(name.into()),
            value: Some(value.into()),
            ..Self::default()
        }
    }
}

impl LocalObjectReference {
    /// A reference to the object named `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: Some(name.into()),
            ..Self::default()
        }
    }
}

impl super::Logging {
    /// The log level of logger `name` (`""` is the root logger), if set.
    pub fn level(&self, name: &str) -> Option<super::LogLevel> {
        self.log4j_loggers
            .as_ref()?
            .get(name)
            .map(|l| super::LogLevel::from(l.as_str()))
    }
}
