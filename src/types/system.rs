//! [`SystemInformation`] (`GET /api/v1/status/system-info`).

use super::SystemInformation;

impl SystemInformation {
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
