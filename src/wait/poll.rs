//! The polling loop behind every wait, and [`await_condition`] / [`Api::wait_until`].

use super::{Condition, WaitParams};
use crate::api::Api;
use crate::error::{Error, Result};
use crate::name::Ref;
use crate::resource::Gettable;
use std::time::Duration;
use tokio::time::Instant;

/// What one poll decided.
pub(crate) enum Step {
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
pub(crate) async fn poll<K, F>(
    api: &Api<K>,
    id: Ref,
    params: &WaitParams,
    mut check: F,
) -> Result<Option<K>>
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
/// [`conditions::is_deleted`](super::conditions::is_deleted)).
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
/// transient error if the poll at the deadline failed (see the [module docs](crate::wait)).
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
