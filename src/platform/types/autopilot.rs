//! Autopilot (`/autopilot/v1alpha1`): the open enums and the envelope keys of the generated
//! [`AutopilotPolicy`], [`AutopilotPolicyStatus`] and [`AutopilotPolicyRecommendation`].

use super::{AutopilotPolicy, AutopilotPolicyRecommendation, AutopilotPolicyStatus};
use crate::platform::envelope::envelope;
use crate::types::open_enum;

open_enum! {
    /// How Autopilot acts on a deployment.
    pub enum AutopilotMode {
        /// Protobuf default value.
        Invalid = "AUTOPILOT_MODE_INVALID",
        /// Off.
        Disabled = "AUTOPILOT_MODE_DISABLED",
        /// Computes recommendations without applying them.
        Monitoring = "AUTOPILOT_MODE_MONITORING",
        /// Applies recommendations.
        Active = "AUTOPILOT_MODE_ACTIVE",
        /// The server did not recognize the value.
        Unrecognized = "UNRECOGNIZED",
    }
}

open_enum! {
    /// Health of an Autopilot policy.
    pub enum PolicyStatus {
        /// Protobuf default value.
        Invalid = "POLICY_STATUS_INVALID",
        /// Working.
        Ok = "POLICY_STATUS_OK",
        /// Failing; see the messages.
        Error = "POLICY_STATUS_ERROR",
        /// The server did not recognize the value.
        Unrecognized = "UNRECOGNIZED",
    }
}

envelope!(AutopilotPolicy, "policy", "policies");
envelope!(AutopilotPolicyStatus, "status", _);
envelope!(AutopilotPolicyRecommendation, "recommendation", _);
