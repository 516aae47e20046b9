//! What applying a manifest did, and why it failed ([`Error::Apply`]).
//!
//! These are error payloads (an [`ApplyFailure`] lists what was [`Applied`] before it), so
//! they live with [`Error`], below the handles and helpers that produce them; the public
//! paths are `vvp::apply::{Applied, AppliedObject, ApplyAction}` and
//! `vvp::plan::{ApplyFailure, ApplyStage, Rollback}` (also at the crate root).

use super::Error;
use crate::types::{Deployment, DeploymentDefaults, DeploymentTarget, SecretValue, SessionCluster};
use std::fmt;

/// What [`Client::apply`](crate::Client::apply) did with one object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApplyAction {
    /// It did not exist and was created (`PUT` answered 201, or `POST` succeeded).
    Created,
    /// It existed and was replaced as a whole (`PUT` answered 200).
    Replaced,
    /// It existed and was merge-patched (SecretValue, DeploymentDefaults).
    Updated,
    /// It matched the manifest: nothing was sent.
    Unchanged,
    /// It was pruned: deleted (a running Deployment was cancelled first).
    Deleted,
}

impl fmt::Display for ApplyAction {
    /// `created`, `replaced` or `updated`.
    ///
    /// ```
    /// assert_eq!(vvp::ApplyAction::Replaced.to_string(), "replaced");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ApplyAction::Created => "created",
            ApplyAction::Replaced => "replaced",
            ApplyAction::Updated => "updated",
            ApplyAction::Unchanged => "unchanged",
            ApplyAction::Deleted => "deleted",
        })
    }
}

/// The object as the server answered, by kind.
///
/// ```
/// use vvp::AppliedObject;
/// use vvp::types::Deployment;
///
/// let obj = AppliedObject::Deployment(Box::new(Deployment::new("top-speed")));
/// assert!(matches!(obj, AppliedObject::Deployment(ref d) if d.metadata.name.as_deref() == Some("top-speed")));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum AppliedObject {
    /// A Deployment.
    Deployment(Box<Deployment>),
    /// A DeploymentTarget.
    DeploymentTarget(Box<DeploymentTarget>),
    /// A SessionCluster.
    SessionCluster(Box<SessionCluster>),
    /// A SecretValue (its value stays redacted in `Debug`).
    SecretValue(Box<SecretValue>),
    /// The namespace's DeploymentDefaults.
    DeploymentDefaults(Box<DeploymentDefaults>),
}

/// One applied document; see [`Client::apply`](crate::Client::apply).
///
/// ```
/// # fn show(applied: &vvp::Applied) {
/// println!("{applied}"); // "Deployment top-speed created"
/// println!("document {:?} was {}", applied.index, applied.action);
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Applied {
    /// The document's position in the manifest (0-based, counting empty documents);
    /// `None` for a pruned object.
    pub index: Option<usize>,
    /// The kind, e.g. `"Deployment"`.
    pub kind: &'static str,
    /// `metadata.name` (`None` for DeploymentDefaults without a name).
    pub name: Option<String>,
    /// What was done.
    pub action: ApplyAction,
    /// The object as the server answered (the live object when unchanged or deleted).
    pub object: AppliedObject,
}

impl fmt::Display for Applied {
    /// `<kind> <name> <action>`, e.g. `Deployment top-speed created`.
    ///
    /// ```
    /// # fn show(applied: &vvp::Applied) {
    /// eprintln!("{applied}");
    /// # }
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.name {
            Some(n) => write!(f, "{} {} {}", self.kind, n, self.action),
            None => write!(f, "{} {}", self.kind, self.action),
        }
    }
}

/// Where in [`Plan::apply_with`](crate::Plan::apply_with) an object failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ApplyStage {
    /// Reading the live object while planning.
    Read,
    /// Sending the create or update.
    Send,
    /// Waiting for the Deployment to reach its desired state.
    Wait,
    /// Deleting a pruned object.
    Delete,
}

impl fmt::Display for ApplyStage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ApplyStage::Read => "reading",
            ApplyStage::Send => "sending",
            ApplyStage::Wait => "waiting for",
            ApplyStage::Delete => "deleting",
        })
    }
}

/// What the rollback after a failed wait did.
#[derive(Debug)]
#[non_exhaustive]
pub enum Rollback {
    /// The spec the Deployment had before the apply was put back.
    Restored,
    /// The Deployment was created by this apply: there is no earlier spec; it was left
    /// as it is.
    NothingToRestore,
    /// Putting back the previous spec failed.
    Failed(Box<Error>),
}

impl fmt::Display for Rollback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rollback::Restored => f.write_str("rolled back to the spec it had before the apply"),
            Rollback::NothingToRestore => {
                f.write_str("not rolled back: it was created by this apply, left as it is")
            }
            Rollback::Failed(e) => write!(f, "rollback failed: {e}"),
        }
    }
}

/// Why applying a plan failed: [`Error::Apply`].
#[derive(Debug)]
#[non_exhaustive]
pub struct ApplyFailure {
    /// The document's position in the manifest (`None` for a pruned object).
    pub index: Option<usize>,
    /// Its kind.
    pub kind: &'static str,
    /// Its name.
    pub name: Option<String>,
    /// What was being done.
    pub stage: ApplyStage,
    /// What was applied before the failure (in order; for a failed wait, everything that
    /// was sent).
    pub applied: Vec<Applied>,
    /// For a failed wait: what the rollback did.
    pub rollback: Option<Rollback>,
    /// The error.
    pub source: Error,
}

impl fmt::Display for ApplyFailure {
    /// `document [1] (Deployment top-speed): waiting for it failed: ...; rolled back ...;
    /// already applied: DeploymentTarget k8s created, ...`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let subject = match &self.name {
            Some(n) => format!("{} {n}", self.kind),
            None => self.kind.to_owned(),
        };
        match self.index {
            Some(i) => write!(f, "document [{i}] ({subject})")?,
            None => write!(f, "pruned {subject}")?,
        }
        write!(f, ": {} it failed: {}", self.stage, self.source)?;
        if let Some(r) = &self.rollback {
            write!(f, "; {r}")?;
        }
        if self.applied.is_empty() {
            f.write_str("; nothing was applied before it")
        } else {
            f.write_str("; already applied: ")?;
            for (i, a) in self.applied.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{a}")?;
            }
            Ok(())
        }
    }
}

impl std::error::Error for ApplyFailure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}
