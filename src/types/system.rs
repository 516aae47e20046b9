//! [`SystemStatus`] (`GET /api/v1/status`) and [`SystemInfo`] (`GET /api/v1/status/system-info`).

use serde::{Deserialize, Serialize};

use super::common::Extra;
use super::enums::ResourceQuotaType;

/// The answer of `GET /api/v1/status` ("check that the server is running"). The 2.7.1 API
/// declares it only as a JSON object, so every field is kept in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SystemStatus {
    /// All fields (the API declares none; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// The answer of `GET /api/v1/status/system-info` (`SystemInformation`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SystemInfo {
    /// Object kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// `"v1"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// The information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<SystemInfoStatus>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

impl SystemInfo {
    /// `status.revisionInformation.buildVersion`, e.g. `"2.7.1"`.
    pub fn build_version(&self) -> Option<&str> {
        self.status
            .as_ref()?
            .revision_information
            .as_ref()?
            .build_version
            .as_deref()
    }
}

/// `status` of [`SystemInfo`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SystemInfoStatus {
    /// The server's JVM version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jvm_version: Option<String>,
    /// Build and commit of the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision_information: Option<RevisionInformation>,
    /// The CPU quota and its use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_quota: Option<ResourceQuota>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// Build information of the server.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RevisionInformation {
    /// Version, e.g. `"2.7.1"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build_version: Option<String>,
    /// Build time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build_time: Option<String>,
    /// Full commit hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit_sha_long: Option<String>,
    /// Short commit hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit_sha_short: Option<String>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// A resource quota (CPU) of the platform.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceQuota {
    /// Object kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// API version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// Limits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spec: Option<ResourceQuotaSpec>,
    /// Use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ResourceQuotaStatus>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `spec` of a [`ResourceQuota`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceQuotaSpec {
    /// `LIMITED` or `UNLIMITED`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<ResourceQuotaType>,
    /// The limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<ResourceConsumption>,
    /// How far the limit may be exceeded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerated_overuse: Option<ResourceConsumption>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `status` of a [`ResourceQuota`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceQuotaStatus {
    /// Current use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub used: Option<ResourceConsumption>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// An amount of resources.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceConsumption {
    /// CPU cores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu: Option<f64>,
    /// Unknown fields, kept (see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}
