//! Files in the platform's artifact storage (`/artifacts/v1`): the envelope keys of the
//! generated [`StoredArtifact`].
//!
//! Not to be confused with a deployment's `spec.template.spec.artifact`
//! ([`crate::types::Artifact`]): an uploaded file's `uri` is what goes into a JAR artifact's
//! `jarUri`.

use super::StoredArtifact;
use crate::platform::envelope::envelope;

envelope!(StoredArtifact, "artifact", "artifacts");
