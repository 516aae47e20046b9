//! Waiting for objects, and the lifecycle helpers built on it: deployment state changes,
//! savepoints, cancel-and-delete.
//!
//! Ververica Platform has no watch API, so waits *poll*: [`await_condition`] (or
//! [`Api::wait_until`]) reads the object with [`Api::get_opt`] every
//! [`WaitParams::interval`] until a [`Condition`] holds or [`WaitParams::timeout`] has
//! passed ([`Error::WaitTimeout`](crate::Error::WaitTimeout)). Time is measured with tokio's clock, so tests can run
//! waits instantly with `tokio::time::pause()`.
//!
//! ```no_run
//! use vvp::conditions::{deployment_failed, deployment_in_state};
//! use vvp::types::DeploymentState;
//! use vvp::{Condition, WaitParams};
//! use std::time::Duration;
//!
//! # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
//! let deployments = client.deployments("default");
//! let params = WaitParams::default().timeout(Duration::from_secs(300));
//!
//! // The convenience: waits for RUNNING, fails fast if the deployment turns FAILED.
//! deployments.wait_for_state("top-speed", DeploymentState::Running, &params).await?;
//!
//! // Any condition, combined with and/or/not.
//! let settled = deployment_in_state(DeploymentState::Running).or(deployment_failed());
//! let deployment = deployments.wait_until("top-speed", settled, &params).await?;
//! # Ok(()) }
//! ```
//!
//! Transient errors while polling (connection errors, timeouts, 429, 502, 503, 504 — what
//! the client's [`RetryPolicy`](crate::retry::RetryPolicy) retries) do not end the wait:
//! each `GET` is retried by the policy, and a poll that still fails is followed by
//! another one after the interval (or the policy's backoff, if longer), until the
//! timeout; if the poll at the deadline failed, its error is returned instead of
//! [`Error::WaitTimeout`](crate::Error::WaitTimeout). Other errors (401, 403, 500, ...) end the wait at once, and so
//! does every error when retries are disabled ([`RetryPolicy::disabled`](crate::retry::RetryPolicy::disabled)).
//! An object that does not exist is *not* an error (conditions see `None`).
//!
//!
//! The layer above the handles: conditions ([`conditions`]), the polling loop
//! (`poll`: [`await_condition`], [`Api::wait_until`]) and the fail-fast rules of
//! `wait_for_state` (`fail_fast`). The deployment and session-cluster lifecycle built on
//! them ([`Api::set_state`], [`Api::cancel_and_delete`], [`Api::take_savepoint`], ...)
//! is in the `lifecycle` module.

#[cfg(doc)]
use crate::api::Api;
use std::time::Duration;

pub mod conditions;
mod fail_fast;
mod poll;

pub(crate) use fail_fast::{typed_failure, unreachable_absent, wait_for_observed_state};
pub use poll::await_condition;
pub(crate) use poll::{poll, Step};

/// A predicate on the current version of an object; `None` means the object does not exist.
///
/// Blanket-implemented for every `Fn(Option<&K>) -> bool`, so a closure is a condition.
/// Ready-made ones are in [`conditions`]; combine them with
/// [`and`](Condition::and), [`or`](Condition::or) and [`not`](Condition::not).
///
/// ```
/// use vvp::conditions::{deployment_failed, deployment_in_state};
/// use vvp::types::{Deployment, DeploymentState};
/// use vvp::Condition;
///
/// let has_job = |d: Option<&Deployment>| d.and_then(Deployment::running_job_id).is_some();
/// let ready = deployment_in_state(DeploymentState::Running).and(has_job);
/// assert!(!ready.matches_object(None));
/// assert!(deployment_failed().not().matches_object(None));
/// ```
pub trait Condition<K> {
    /// `true` if the condition holds for `obj` (`None`: the object does not exist).
    fn matches_object(&self, obj: Option<&K>) -> bool;

    /// Holds when `self` does not.
    ///
    /// ```
    /// use vvp::conditions::is_deleted;
    /// use vvp::types::Deployment;
    /// use vvp::Condition;
    ///
    /// let exists = is_deleted::<Deployment>().not();
    /// assert!(exists.matches_object(Some(&Deployment::new("d"))));
    /// ```
    fn not(self) -> conditions::Not<Self>
    where
        Self: Sized,
    {
        conditions::Not(self)
    }

    /// Holds when both `self` and `other` hold.
    ///
    /// ```
    /// use vvp::types::Deployment;
    /// use vvp::Condition;
    ///
    /// let named = |d: Option<&Deployment>| d.is_some_and(|d| d.metadata.name.is_some());
    /// let labelled = |d: Option<&Deployment>| d.is_some_and(|d| d.metadata.label("team").is_some());
    /// let both = named.and(labelled);
    /// assert!(!both.matches_object(Some(&Deployment::new("d"))));
    /// assert!(both.matches_object(Some(&Deployment::new("d").with_label("team", "data"))));
    /// ```
    fn and<Other: Condition<K>>(self, other: Other) -> conditions::And<Self, Other>
    where
        Self: Sized,
    {
        conditions::And(self, other)
    }

    /// Holds when `self` or `other` holds.
    ///
    /// ```
    /// use vvp::conditions::{deployment_in_state, is_deleted};
    /// use vvp::types::DeploymentState;
    /// use vvp::Condition;
    ///
    /// let gone_or_cancelled = is_deleted().or(deployment_in_state(DeploymentState::Cancelled));
    /// assert!(gone_or_cancelled.matches_object(None));
    /// ```
    fn or<Other: Condition<K>>(self, other: Other) -> conditions::Or<Self, Other>
    where
        Self: Sized,
    {
        conditions::Or(self, other)
    }
}

impl<K, F: Fn(Option<&K>) -> bool> Condition<K> for F {
    fn matches_object(&self, obj: Option<&K>) -> bool {
        self(obj)
    }
}

/// How often and how long to poll.
///
/// ```
/// use std::time::Duration;
/// use vvp::WaitParams;
///
/// let params = WaitParams::default()
///     .interval(Duration::from_secs(5))
///     .timeout(Duration::from_secs(30 * 60));
/// assert_eq!(params.interval, Duration::from_secs(5));
/// assert_eq!(WaitParams::default().timeout, Duration::from_secs(600));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct WaitParams {
    /// Pause between two polls (default [`WaitParams::DEFAULT_INTERVAL`], 2 s). Each poll
    /// is one `GET`; a zero interval polls back to back, so keep it reasonable.
    pub interval: Duration,
    /// Give up after this long (default [`WaitParams::DEFAULT_TIMEOUT`], 10 min) with
    /// [`Error::WaitTimeout`](crate::Error::WaitTimeout). The object is read once more at the deadline.
    pub timeout: Duration,
    /// For the fail-fast helpers ([`Api::wait_for_state`] of deployments and session
    /// clusters): how long a `FAILED` state that is already there when the wait starts
    /// must persist before it counts (default [`WaitParams::DEFAULT_FAILURE_GRACE`],
    /// 10 s). Right after a spec change the server still reports the old state until its
    /// controller reacts, so an old `FAILED` must not end a wait for a restart. A `FAILED`
    /// reached *during* the wait counts at once.
    pub failure_grace: Duration,
}

impl WaitParams {
    /// 2 seconds.
    pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(2);
    /// 10 minutes.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(600);
    /// 10 seconds.
    pub const DEFAULT_FAILURE_GRACE: Duration = Duration::from_secs(10);

    /// Set [`WaitParams::interval`].
    ///
    /// ```
    /// # use std::time::Duration;
    /// let p = vvp::WaitParams::default().interval(Duration::from_millis(500));
    /// assert_eq!(p.interval, Duration::from_millis(500));
    /// ```
    #[must_use]
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// Set [`WaitParams::timeout`].
    ///
    /// ```
    /// # use std::time::Duration;
    /// let p = vvp::WaitParams::default().timeout(Duration::from_secs(60));
    /// assert_eq!(p.timeout, Duration::from_secs(60));
    /// ```
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Set [`WaitParams::failure_grace`].
    ///
    /// ```
    /// # use std::time::Duration;
    /// let p = vvp::WaitParams::default().failure_grace(Duration::ZERO);
    /// assert_eq!(p.failure_grace, Duration::ZERO);
    /// ```
    #[must_use]
    pub fn failure_grace(mut self, grace: Duration) -> Self {
        self.failure_grace = grace;
        self
    }
}

impl Default for WaitParams {
    fn default() -> Self {
        WaitParams {
            interval: Self::DEFAULT_INTERVAL,
            timeout: Self::DEFAULT_TIMEOUT,
            failure_grace: Self::DEFAULT_FAILURE_GRACE,
        }
    }
}
