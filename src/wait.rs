//! Waiting for objects, and the lifecycle helpers built on it: deployment state changes,
//! savepoints, cancel-and-delete.
//!
//! Ververica Platform has no watch API, so waits *poll*: [`await_condition`] (or
//! [`Api::wait_until`]) reads the object with [`Api::get_opt`] every
//! [`WaitParams::interval`] until a [`Condition`] holds or [`WaitParams::timeout`] has
//! passed ([`Error::WaitTimeout`]). Time is measured with tokio's clock, so tests can run
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
//! [`Error::WaitTimeout`]. Other errors (401, 403, 500, ...) end the wait at once, and so
//! does every error when retries are disabled ([`RetryPolicy::disabled`](crate::retry::RetryPolicy::disabled)).
//! An object that does not exist is *not* an error (conditions see `None`).
//!
//! # Lifecycle
//!
//! [`Api<Deployment>`] also gets [`set_state`](Api::set_state), [`start`](Api::start),
//! [`suspend`](Api::suspend), [`cancel`](Api::cancel),
//! [`cancel_and_delete`](Api::cancel_and_delete) and
//! [`take_savepoint`](Api::take_savepoint).

use crate::api::Api;
use crate::error::{Error, Result};
use crate::name::Ref;
use crate::patch::MergePatch;
use crate::resource::Gettable;
use crate::types::{
    Deployment, DeploymentState, Savepoint, SavepointMetadata, SavepointState, SessionCluster,
    SessionClusterState,
};
use serde_json::Value;
use std::time::Duration;
use tokio::time::Instant;

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

/// Ready-made [`Condition`]s (also at `vvp::conditions`) and the combinator types.
///
/// ```
/// use vvp::conditions::{deployment_in_state, savepoint_completed};
/// use vvp::types::{Deployment, DeploymentState, DeploymentStatus};
/// use vvp::Condition;
///
/// let mut d = Deployment::new("top-speed");
/// d.status = Some(DeploymentStatus { state: Some(DeploymentState::Running), ..Default::default() });
/// assert!(deployment_in_state(DeploymentState::Running).matches_object(Some(&d)));
/// assert!(!savepoint_completed().matches_object(None));
/// ```
pub mod conditions {
    use super::Condition;
    use crate::types::{
        Deployment, DeploymentState, Job, JobState, Savepoint, SavepointState, SessionCluster,
        SessionClusterState,
    };

    /// See [`Condition::not`].
    #[derive(Debug, Clone, Copy)]
    pub struct Not<A>(pub(super) A);

    /// See [`Condition::and`].
    #[derive(Debug, Clone, Copy)]
    pub struct And<A, B>(pub(super) A, pub(super) B);

    /// See [`Condition::or`].
    #[derive(Debug, Clone, Copy)]
    pub struct Or<A, B>(pub(super) A, pub(super) B);

    impl<K, A: Condition<K>> Condition<K> for Not<A> {
        fn matches_object(&self, obj: Option<&K>) -> bool {
            !self.0.matches_object(obj)
        }
    }

    impl<K, A: Condition<K>, B: Condition<K>> Condition<K> for And<A, B> {
        fn matches_object(&self, obj: Option<&K>) -> bool {
            self.0.matches_object(obj) && self.1.matches_object(obj)
        }
    }

    impl<K, A: Condition<K>, B: Condition<K>> Condition<K> for Or<A, B> {
        fn matches_object(&self, obj: Option<&K>) -> bool {
            self.0.matches_object(obj) || self.1.matches_object(obj)
        }
    }

    /// The object does not exist (any kind).
    ///
    /// ```
    /// use vvp::conditions::is_deleted;
    /// use vvp::types::Deployment;
    /// use vvp::Condition;
    ///
    /// assert!(is_deleted::<Deployment>().matches_object(None));
    /// ```
    pub fn is_deleted<K>() -> impl Condition<K> + Clone + Send + Sync + 'static {
        |obj: Option<&K>| obj.is_none()
    }

    /// The object exists (any kind).
    ///
    /// ```
    /// use vvp::conditions::exists;
    /// use vvp::types::Deployment;
    /// use vvp::Condition;
    ///
    /// assert!(exists().matches_object(Some(&Deployment::new("d"))));
    /// ```
    pub fn exists<K>() -> impl Condition<K> + Clone + Send + Sync + 'static {
        |obj: Option<&K>| obj.is_some()
    }

    /// The Deployment's observed state (`status.state`) is `state`.
    ///
    /// ```
    /// use vvp::conditions::deployment_in_state;
    /// use vvp::types::DeploymentState;
    /// use vvp::Condition;
    ///
    /// assert!(!deployment_in_state(DeploymentState::Running).matches_object(None));
    /// ```
    pub fn deployment_in_state(
        state: DeploymentState,
    ) -> impl Condition<Deployment> + Clone + Send + Sync + 'static {
        move |obj: Option<&Deployment>| obj.and_then(Deployment::status_state) == Some(&state)
    }

    /// The Deployment's observed state is `FAILED`.
    ///
    /// ```
    /// use vvp::conditions::deployment_failed;
    /// use vvp::Condition;
    ///
    /// assert!(!deployment_failed().matches_object(None));
    /// ```
    pub fn deployment_failed() -> impl Condition<Deployment> + Clone + Send + Sync + 'static {
        deployment_in_state(DeploymentState::Failed)
    }

    /// The Job's state (`status.state`) is `state`.
    ///
    /// ```
    /// use vvp::conditions::job_in_state;
    /// use vvp::types::JobState;
    /// use vvp::Condition;
    ///
    /// assert!(!job_in_state(JobState::Started).matches_object(None));
    /// ```
    pub fn job_in_state(state: JobState) -> impl Condition<Job> + Clone + Send + Sync + 'static {
        move |obj: Option<&Job>| obj.and_then(Job::state) == Some(&state)
    }

    /// The Job is in a terminal state (`FAILED`, `TERMINATED`, `FINISHED`).
    ///
    /// ```
    /// use vvp::conditions::job_terminal;
    /// use vvp::Condition;
    ///
    /// assert!(!job_terminal().matches_object(None));
    /// ```
    pub fn job_terminal() -> impl Condition<Job> + Clone + Send + Sync + 'static {
        |obj: Option<&Job>| obj.and_then(Job::state).is_some_and(JobState::is_terminal)
    }

    /// The Savepoint's state (`status.state`) is `state`.
    ///
    /// ```
    /// use vvp::conditions::savepoint_in_state;
    /// use vvp::types::SavepointState;
    /// use vvp::Condition;
    ///
    /// assert!(!savepoint_in_state(SavepointState::Failed).matches_object(None));
    /// ```
    pub fn savepoint_in_state(
        state: SavepointState,
    ) -> impl Condition<Savepoint> + Clone + Send + Sync + 'static {
        move |obj: Option<&Savepoint>| obj.and_then(Savepoint::state) == Some(&state)
    }

    /// The Savepoint is `COMPLETED`.
    ///
    /// ```
    /// use vvp::conditions::savepoint_completed;
    /// use vvp::Condition;
    ///
    /// assert!(!savepoint_completed().matches_object(None));
    /// ```
    pub fn savepoint_completed() -> impl Condition<Savepoint> + Clone + Send + Sync + 'static {
        savepoint_in_state(SavepointState::Completed)
    }

    /// The SessionCluster's observed state (`status.state`) is `state`.
    ///
    /// ```
    /// use vvp::conditions::session_cluster_in_state;
    /// use vvp::types::SessionClusterState;
    /// use vvp::Condition;
    ///
    /// assert!(!session_cluster_in_state(SessionClusterState::Running).matches_object(None));
    /// ```
    pub fn session_cluster_in_state(
        state: SessionClusterState,
    ) -> impl Condition<SessionCluster> + Clone + Send + Sync + 'static {
        move |obj: Option<&SessionCluster>| {
            obj.and_then(SessionCluster::status_state) == Some(&state)
        }
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
    /// [`Error::WaitTimeout`]. The object is read once more at the deadline.
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

/// What one poll decided.
enum Step {
    Done,
    Continue,
    Fail(Error),
}

/// `status.state` of any kind, read from its JSON form (for timeout messages).
fn observed_state<K: serde::Serialize>(obj: Option<&K>) -> Option<String> {
    let v = serde_json::to_value(obj?).ok()?;
    v.pointer("/status/state")?.as_str().map(str::to_owned)
}

/// The polling loop behind every wait: `check` sees each poll's object and the time
/// elapsed since the wait started.
async fn poll<K, F>(api: &Api<K>, id: Ref, params: &WaitParams, mut check: F) -> Result<Option<K>>
where
    K: Gettable,
    F: FnMut(Option<&K>, Duration) -> Step,
{
    let start = Instant::now();
    let deadline = start.checked_add(params.timeout);
    let policy = *api.client().retry_policy();
    let mut failures = 0u32;
    loop {
        let obj = match api.get_opt(&id).await {
            Ok(obj) => {
                failures = 0;
                obj
            }
            Err(e) if policy.should_retry(&reqwest::Method::GET, &e) => {
                failures = failures.saturating_add(1);
                let now = Instant::now();
                let remaining = match deadline {
                    Some(d) if now >= d => return Err(e),
                    Some(d) => d.saturating_duration_since(now),
                    None => params.interval,
                };
                let delay = params.interval.max(policy.backoff(failures)).min(remaining);
                tracing::warn!(
                    target: "vvp::retry",
                    kind = K::KIND,
                    id = %id,
                    consecutive_failures = failures,
                    delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                    error = %e,
                    "vvp.wait: poll failed with a transient error, polling again"
                );
                tokio::time::sleep(delay).await;
                continue;
            }
            Err(e) => return Err(e),
        };
        let elapsed = start.elapsed();
        match check(obj.as_ref(), elapsed) {
            Step::Done => return Ok(obj),
            Step::Fail(e) => return Err(e),
            Step::Continue => {}
        }
        let now = Instant::now();
        let remaining = match deadline {
            Some(d) if now >= d => {
                return Err(Error::WaitTimeout {
                    kind: K::KIND,
                    id: id.to_string(),
                    waited: now.saturating_duration_since(start),
                    last_state: observed_state(obj.as_ref()),
                })
            }
            Some(d) => d.saturating_duration_since(now),
            None => params.interval,
        };
        tracing::debug!(
            kind = K::KIND,
            id = %id,
            state = observed_state(obj.as_ref()).as_deref().unwrap_or("none"),
            "vvp.wait: condition not met yet"
        );
        tokio::time::sleep(params.interval.min(remaining)).await;
    }
}

/// Poll the object `id` of `api` until `condition` holds; returns the object that
/// satisfied it (`None` if the condition held for an absent object, e.g.
/// [`conditions::is_deleted`]).
///
/// The object is read at once, then every [`WaitParams::interval`]; the last read is at
/// the deadline.
///
/// ```no_run
/// use vvp::conditions::savepoint_completed;
/// use vvp::wait::await_condition;
/// use vvp::WaitParams;
///
/// # async fn demo(client: vvp::Client, id: uuid::Uuid) -> Result<(), vvp::Error> {
/// let savepoints = client.savepoints("default");
/// let sp = await_condition(&savepoints, id, savepoint_completed(), &WaitParams::default()).await?;
/// # Ok(()) }
/// ```
///
/// # Errors
///
/// [`Error::WaitTimeout`] when the condition did not hold by the deadline (with the last
/// `status.state` seen); a non-transient error of [`Api::get_opt`] (e.g.
/// [`Error::InvalidName`] before anything is sent, or a 403), which ends the wait; a
/// transient error if the poll at the deadline failed (see the [module docs](self)).
pub async fn await_condition<K, C>(
    api: &Api<K>,
    id: impl Into<Ref>,
    condition: C,
    params: &WaitParams,
) -> Result<Option<K>>
where
    K: Gettable,
    C: Condition<K>,
{
    poll(api, id.into(), params, |obj, _| {
        if condition.matches_object(obj) {
            Step::Done
        } else {
            Step::Continue
        }
    })
    .await
}

impl<K: Gettable> Api<K> {
    /// Poll until `condition` holds; see [`await_condition`].
    ///
    /// ```no_run
    /// use vvp::conditions::job_terminal;
    /// use vvp::WaitParams;
    ///
    /// # async fn demo(client: vvp::Client, job_id: uuid::Uuid) -> Result<(), vvp::Error> {
    /// let job = client
    ///     .jobs("default")
    ///     .wait_until(job_id, job_terminal(), &WaitParams::default())
    ///     .await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`await_condition`].
    pub async fn wait_until(
        &self,
        id: impl Into<Ref>,
        condition: impl Condition<K>,
        params: &WaitParams,
    ) -> Result<Option<K>> {
        await_condition(self, id, condition, params).await
    }
}

/// Decide one poll of a fail-fast wait for an object with an observed state `S`.
///
/// `seen_other` tracks whether the object was seen in a non-failed state during this
/// wait; an initial failed state counts only after `failure_grace`.
fn fail_fast_step<S: PartialEq>(
    current: Option<&S>,
    target: &S,
    failed: &S,
    seen_other: &mut bool,
    elapsed: Duration,
    grace: Duration,
) -> Option<bool> {
    match current {
        Some(s) if s == target => Some(true),
        Some(s) if s == failed => {
            if *seen_other || elapsed >= grace {
                Some(false)
            } else {
                None
            }
        }
        Some(_) => {
            *seen_other = true;
            None
        }
        None => None,
    }
}

/// Why a Deployment failed: a `status.failure` if a server sends one, else its true
/// conditions (`type: message`).
fn deployment_failure(d: &Deployment) -> Option<String> {
    let from_failure = d
        .status
        .as_ref()
        .and_then(|s| s.extra.get("failure"))
        .and_then(failure_message);
    let conditions: Vec<String> = d
        .conditions()
        .iter()
        .filter(|c| c.is_true())
        .map(|c| {
            let t = c.type_.as_ref().map_or("condition", |t| t.as_str());
            match (&c.message, &c.reason) {
                (Some(m), _) => format!("{t}: {m}"),
                (None, Some(r)) => format!("{t}: {r}"),
                (None, None) => t.to_owned(),
            }
        })
        .collect();
    match (from_failure, conditions.is_empty()) {
        (Some(f), true) => Some(f),
        (Some(f), false) => Some(format!("{f}; {}", conditions.join("; "))),
        (None, false) => Some(conditions.join("; ")),
        (None, true) => None,
    }
}

/// `message (reason)` from a `Failure`-shaped JSON value.
fn failure_message(v: &Value) -> Option<String> {
    let message = v.get("message").and_then(Value::as_str);
    let reason = v.get("reason").and_then(Value::as_str);
    match (message, reason) {
        (Some(m), Some(r)) => Some(format!("{m} ({r})")),
        (Some(m), None) => Some(m.to_owned()),
        (None, Some(r)) => Some(r.to_owned()),
        (None, None) => None,
    }
}

fn typed_failure(f: Option<&crate::types::Failure>) -> Option<String> {
    let f = f?;
    match (&f.message, &f.reason) {
        (Some(m), Some(r)) => Some(format!("{m} ({r})")),
        (Some(m), None) => Some(m.clone()),
        (None, Some(r)) => Some(r.clone()),
        (None, None) => None,
    }
}

/// The per-kind facts a fail-fast `wait_for_state` needs: the observed state, the failed
/// state, and why an object failed.
trait StatefulKind: Gettable {
    type State: PartialEq + std::fmt::Display;
    fn failed_state() -> Self::State;
    fn observed(&self) -> Option<&Self::State>;
    fn failure(&self) -> Option<String>;
}

impl StatefulKind for Deployment {
    type State = DeploymentState;
    fn failed_state() -> DeploymentState {
        DeploymentState::Failed
    }
    fn observed(&self) -> Option<&DeploymentState> {
        self.status_state()
    }
    fn failure(&self) -> Option<String> {
        deployment_failure(self)
    }
}

impl StatefulKind for SessionCluster {
    type State = SessionClusterState;
    fn failed_state() -> SessionClusterState {
        SessionClusterState::Failed
    }
    fn observed(&self) -> Option<&SessionClusterState> {
        self.status_state()
    }
    fn failure(&self) -> Option<String> {
        typed_failure(self.status.as_ref()?.failure.as_ref())
    }
}

/// Poll until the observed state is `state`, failing fast on the kind's failed state
/// (see [`fail_fast_step`]); the logic behind each kind's `wait_for_state`.
async fn wait_for_observed_state<K: StatefulKind>(
    api: &Api<K>,
    id: Ref,
    state: K::State,
    params: &WaitParams,
) -> Result<K> {
    let id_text = id.to_string();
    let mut seen_other = false;
    let failed = K::failed_state();
    let obj = poll(api, id, params, |obj, elapsed| {
        match fail_fast_step(
            obj.and_then(K::observed),
            &state,
            &failed,
            &mut seen_other,
            elapsed,
            params.failure_grace,
        ) {
            Some(true) => Step::Done,
            Some(false) => Step::Fail(Error::ResourceFailed {
                kind: K::KIND,
                id: id_text.clone(),
                state: failed.to_string(),
                expected: state.to_string(),
                message: obj.and_then(K::failure),
            }),
            None => Step::Continue,
        }
    })
    .await?;
    // `Done` is only reached with an object whose state matched.
    obj.ok_or_else(|| unreachable_absent(K::KIND))
}

impl Api<Deployment> {
    /// Poll until the Deployment's observed state (`status.state`) is `state`; returns
    /// the Deployment as last read.
    ///
    /// Fails fast with [`Error::ResourceFailed`] (message: the failure or the true
    /// conditions, e.g. `JobFailing: ...`) if the Deployment is `FAILED` while waiting for
    /// another state. A `FAILED` already there when the wait starts counts only after
    /// [`WaitParams::failure_grace`] (it may be the old state of a Deployment you just
    /// restarted). A missing Deployment is waited for, not an error.
    ///
    /// ```no_run
    /// use vvp::types::DeploymentState;
    /// use vvp::WaitParams;
    ///
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// let deployments = client.deployments("default");
    /// deployments.start("top-speed").await?;
    /// match deployments.wait_for_state("top-speed", DeploymentState::Running, &WaitParams::default()).await {
    ///     Ok(d) => println!("running job {:?}", d.running_job_id()),
    ///     Err(vvp::Error::ResourceFailed { message, .. }) => eprintln!("failed: {message:?}"),
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::ResourceFailed`], [`Error::WaitTimeout`], or any error of
    /// [`Api::get_opt`].
    pub async fn wait_for_state(
        &self,
        name: impl Into<Ref>,
        state: DeploymentState,
        params: &WaitParams,
    ) -> Result<Deployment> {
        wait_for_observed_state(self, name.into(), state, params).await
    }

    /// Set the desired state (`PATCH {"spec":{"state": ..}}`); returns the patched
    /// Deployment. Does not wait; see [`Api::wait_for_state`].
    ///
    /// ```no_run
    /// use vvp::types::DeploymentState;
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// client.deployments("default").set_state("top-speed", DeploymentState::Suspended).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Api::patch`]; the server rejects status-only states such as `TRANSITIONING`
    /// ([`Error::Validation`]).
    pub async fn set_state(
        &self,
        name: impl Into<Ref>,
        state: DeploymentState,
    ) -> Result<Deployment> {
        let patch = MergePatch::new().set("/spec/state", state.as_str());
        self.patch(name, &patch).await
    }

    /// Shorthand for [`set_state`](Api::set_state) with `RUNNING`.
    ///
    /// ```no_run
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// client.deployments("default").start("top-speed").await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Api::patch`].
    pub async fn start(&self, name: impl Into<Ref>) -> Result<Deployment> {
        self.set_state(name, DeploymentState::Running).await
    }

    /// Shorthand for [`set_state`](Api::set_state) with `SUSPENDED` (stop with a
    /// savepoint).
    ///
    /// ```no_run
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// client.deployments("default").suspend("top-speed").await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Api::patch`].
    pub async fn suspend(&self, name: impl Into<Ref>) -> Result<Deployment> {
        self.set_state(name, DeploymentState::Suspended).await
    }

    /// Shorthand for [`set_state`](Api::set_state) with `CANCELLED` (stop without a
    /// savepoint).
    ///
    /// ```no_run
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// client.deployments("default").cancel("top-speed").await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Api::patch`].
    pub async fn cancel(&self, name: impl Into<Ref>) -> Result<Deployment> {
        self.set_state(name, DeploymentState::Cancelled).await
    }

    /// Delete a Deployment whatever its state: if it is not already stopped, cancel it
    /// and wait until `status.state` is `CANCELLED`, then delete it. A Deployment that
    /// does not exist (or disappears meanwhile) is fine: `Ok(())`.
    ///
    /// Steps: `GET`; if desired and observed state are both `SUSPENDED` (deletable since
    /// 2.7) or both `CANCELLED`, `DELETE` at once (a `409` from an older server falls
    /// back to cancelling); otherwise `PATCH {"spec":{"state":"CANCELLED"}}`, poll until
    /// `CANCELLED`, `DELETE`.
    ///
    /// ```no_run
    /// use vvp::WaitParams;
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// client.deployments("default").cancel_and_delete("top-speed", &WaitParams::default()).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::WaitTimeout`] if it does not reach `CANCELLED` in time; [`Error::InvalidName`]
    /// (nothing sent); other errors of the `GET`, `PATCH` and `DELETE`.
    pub async fn cancel_and_delete(&self, name: impl Into<Ref>, params: &WaitParams) -> Result<()> {
        let id = name.into();
        let Some(current) = self.get_opt(&id).await? else {
            return Ok(());
        };
        let stopped = |s: &DeploymentState| {
            current.desired_state() == Some(s) && current.status_state() == Some(s)
        };
        if stopped(&DeploymentState::Cancelled) || stopped(&DeploymentState::Suspended) {
            match self.delete(&id).await {
                Ok(()) => return Ok(()),
                Err(e) if e.is_not_found() => return Ok(()),
                // Older servers delete only CANCELLED deployments.
                Err(e) if e.is_conflict() => {}
                Err(e) => return Err(e),
            }
        }
        match self.cancel(&id).await {
            Ok(_) => {}
            Err(e) if e.is_not_found() => return Ok(()),
            Err(e) => return Err(e),
        }
        let cancelled_or_gone = conditions::deployment_in_state(DeploymentState::Cancelled)
            .or(conditions::is_deleted());
        if await_condition(self, &id, cancelled_or_gone, params)
            .await?
            .is_none()
        {
            return Ok(());
        }
        match self.delete(&id).await {
            Err(e) if e.is_not_found() => Ok(()),
            other => other,
        }
    }

    /// Take a savepoint of a running Deployment and wait until it is `COMPLETED`.
    ///
    /// Reads the Deployment (by name or id) for its id, `POST`s
    /// `{"metadata":{"deploymentId": ..}}` to `savepoints`, then polls the new Savepoint.
    ///
    /// ```no_run
    /// use vvp::WaitParams;
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// let sp = client
    ///     .deployments("default")
    ///     .take_savepoint("top-speed", &WaitParams::default())
    ///     .await?;
    /// println!("savepoint at {:?}", sp.location());
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::is_not_found`] if the Deployment does not exist; the server's error if it
    /// cannot take one (e.g. no running job); [`Error::ResourceFailed`] with
    /// `status.failure` if the Savepoint `FAILED`; [`Error::WaitTimeout`];
    /// [`Error::Decode`] if the created Savepoint has no `metadata.id`.
    pub async fn take_savepoint(
        &self,
        deployment: impl Into<Ref>,
        params: &WaitParams,
    ) -> Result<Savepoint> {
        let deployment = self.get(deployment).await?;
        let deployment_id = deployment
            .id()
            .ok_or_else(|| missing_field("metadata.id", "Deployment"))?;
        let savepoints = self.client().savepoints(self.namespace());
        let request = Savepoint {
            metadata: SavepointMetadata {
                deployment_id: Some(deployment_id),
                ..SavepointMetadata::default()
            },
            ..Savepoint::default()
        };
        let created = savepoints.create(&request).await?;
        let savepoint_id = created
            .id()
            .ok_or_else(|| missing_field("metadata.id", "Savepoint"))?;
        let obj = poll(
            &savepoints,
            Ref::Id(savepoint_id),
            params,
            |obj, _| match obj.and_then(Savepoint::state) {
                Some(SavepointState::Completed) => Step::Done,
                Some(SavepointState::Failed) => Step::Fail(Error::ResourceFailed {
                    kind: "Savepoint",
                    id: savepoint_id.to_string(),
                    state: SavepointState::Failed.to_string(),
                    expected: SavepointState::Completed.to_string(),
                    message: typed_failure(obj.and_then(|s| s.status.as_ref()?.failure.as_ref())),
                }),
                _ => Step::Continue,
            },
        )
        .await?;
        obj.ok_or_else(|| unreachable_absent("Savepoint"))
    }
}

impl Api<SessionCluster> {
    /// Poll until the SessionCluster's observed state is `state`; fails fast with
    /// [`Error::ResourceFailed`] (message from `status.failure`) if it is `FAILED` while
    /// waiting for another state (an initial `FAILED` counts after
    /// [`WaitParams::failure_grace`], as for [`Api::wait_for_state`] of deployments).
    ///
    /// ```no_run
    /// use vvp::types::SessionClusterState;
    /// use vvp::WaitParams;
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// client
    ///     .session_clusters("default")
    ///     .wait_for_state("sql-cluster", SessionClusterState::Running, &WaitParams::default())
    ///     .await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::ResourceFailed`], [`Error::WaitTimeout`], or any error of
    /// [`Api::get_opt`].
    pub async fn wait_for_state(
        &self,
        name: impl Into<Ref>,
        state: SessionClusterState,
        params: &WaitParams,
    ) -> Result<SessionCluster> {
        wait_for_observed_state(self, name.into(), state, params).await
    }
}

fn missing_field(path: &str, kind: &str) -> Error {
    Error::Decode {
        status: None,
        path: path.to_owned(),
        source: format!("the server's {kind} has no {path}").into(),
    }
}

/// The state conditions above never hold for an absent object; kept as an error rather
/// than a panic.
fn unreachable_absent(kind: &str) -> Error {
    Error::Decode {
        status: None,
        path: ".".to_owned(),
        source: format!("the {kind} matched the wait but was absent").into(),
    }
}
