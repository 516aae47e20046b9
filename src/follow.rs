//! [`Api::follow`]: the events of a Deployment as a [`Stream`], for CI logs.
//!
//! Ververica Platform has no watch API and no time filter on events, so following
//! *polls* `GET .../events?deploymentId=..` and keeps what it has not yielded yet.

use crate::api::Api;
use crate::error::Result;
use crate::list::ListParams;
use crate::name::Ref;
use crate::types::Event;
use futures_util::stream::{self, Stream};
use std::collections::{HashSet, VecDeque};
use std::time::Duration;
use uuid::Uuid;

/// How [`Api::follow_with`] polls.
///
/// ```
/// use std::time::Duration;
/// use vvp::FollowParams;
///
/// let params = FollowParams::default()
///     .interval(Duration::from_millis(500))
///     .max_interval(Duration::from_secs(5))
///     .only_new();
/// assert!(!params.include_existing);
/// assert_eq!(FollowParams::default().interval, Duration::from_secs(1));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct FollowParams {
    /// Pause after a poll that brought new events (default 1 s).
    pub interval: Duration,
    /// Each poll without new events doubles the pause, up to this (default 10 s).
    pub max_interval: Duration,
    /// Yield the events that exist when following starts (default `true`); `false`
    /// yields only later ones.
    pub include_existing: bool,
}

impl Default for FollowParams {
    fn default() -> Self {
        FollowParams {
            interval: Duration::from_secs(1),
            max_interval: Duration::from_secs(10),
            include_existing: true,
        }
    }
}

impl FollowParams {
    /// Set [`FollowParams::interval`].
    #[must_use]
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// Set [`FollowParams::max_interval`].
    #[must_use]
    pub fn max_interval(mut self, max: Duration) -> Self {
        self.max_interval = max;
        self
    }

    /// Skip the events that exist when following starts.
    #[must_use]
    pub fn only_new(mut self) -> Self {
        self.include_existing = false;
        self
    }
}

/// What identifies an event across polls: its id, else what it says and when.
fn key(e: &Event) -> String {
    match e.metadata.id {
        Some(id) => id.to_string(),
        None => format!(
            "{:?}|{:?}|{:?}|{:?}",
            e.metadata.created_at, e.metadata.name, e.metadata.job_id, e.spec.message
        ),
    }
}

struct Follow {
    events: Api<Event>,
    deployment: Ref,
    id: Option<Uuid>,
    params: FollowParams,
    /// Keys of the events already yielded (or skipped) that the server still lists.
    seen: HashSet<String>,
    pending: VecDeque<Event>,
    delay: Duration,
    first: bool,
    done: bool,
}

impl Follow {
    async fn next(mut self) -> Option<(Result<Event>, Follow)> {
        loop {
            if let Some(e) = self.pending.pop_front() {
                return Some((Ok(e), self));
            }
            if self.done {
                return None;
            }
            if !self.first {
                tokio::time::sleep(self.delay).await;
            }
            if let Err(e) = self.poll().await {
                self.done = true;
                return Some((Err(e), self));
            }
        }
    }

    async fn poll(&mut self) -> Result<()> {
        let id = match self.id {
            Some(id) => id,
            None => {
                let deployments = self.events.client().deployments(self.events.namespace());
                let d = deployments.get(&self.deployment).await?;
                let id = d.id().ok_or_else(|| crate::Error::Decode {
                    status: None,
                    path: "metadata.id".to_owned(),
                    source: "the server's Deployment has no metadata.id".into(),
                })?;
                self.id = Some(id);
                id
            }
        };
        let list = self
            .events
            .list_with(&ListParams::default().deployment_id(id))
            .await?;
        let mut all: Vec<Event> = list.into_iter().collect();
        // Oldest first; the server's order for equal times is kept (stable sort).
        all.sort_by_key(Event::created_at);
        let keys: HashSet<String> = all.iter().map(key).collect();
        let mut new = Vec::new();
        for e in all {
            if self.seen.insert(key(&e)) {
                new.push(e);
            }
        }
        // Forget events the server no longer lists: memory stays bounded by its list.
        self.seen.retain(|k| keys.contains(k));
        if self.first && !self.params.include_existing {
            new.clear();
        }
        self.first = false;
        if new.is_empty() {
            self.delay = (self.delay * 2).min(self.params.max_interval.max(self.params.interval));
        } else {
            self.delay = self.params.interval;
            self.pending.extend(new);
        }
        Ok(())
    }
}

impl Api<Event> {
    /// Follow the events of a Deployment (by name or id) with the default
    /// [`FollowParams`]; see [`Api::follow_with`].
    ///
    /// ```no_run
    /// use futures_util::StreamExt;
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// let events = client.events("default").follow("top-speed");
    /// let mut events = std::pin::pin!(events);
    /// while let Some(event) = events.next().await {
    ///     let event = event?;
    ///     println!("{:?}: {}", event.event_name(), event.message().unwrap_or(""));
    /// }
    /// # Ok(()) }
    /// ```
    pub fn follow(
        &self,
        deployment: impl Into<Ref>,
    ) -> impl Stream<Item = Result<Event>> + Send + 'static {
        self.follow_with(deployment, &FollowParams::default())
    }

    /// Follow the events of a Deployment: a [`Stream`] that yields each event once, oldest
    /// first, as the server lists it, and never ends on its own (drop it, or stop at the
    /// event you wait for).
    ///
    /// The Deployment's id is read once (`GET .../deployments/{name}`) unless an id is
    /// given, then `GET .../events?deploymentId=..` is polled: at once, then after
    /// [`FollowParams::interval`], doubling the pause while nothing new arrives (up to
    /// [`FollowParams::max_interval`]). Events are told apart by `metadata.id`; each poll's
    /// new events are yielded in `createdAt` order (an event that appears late with an
    /// older time is yielded when it appears).
    ///
    /// ```no_run
    /// use futures_util::StreamExt;
    /// use std::time::Duration;
    /// use vvp::FollowParams;
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// let params = FollowParams::default().interval(Duration::from_secs(2)).only_new();
    /// let mut events = Box::pin(client.events("default").follow_with("top-speed", &params));
    /// while let Some(event) = events.next().await {
    ///     println!("{}", event?.message().unwrap_or(""));
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// The stream yields the first error (e.g. [`Error::is_not_found`](crate::Error::is_not_found)
    /// for a Deployment that does not exist, [`Error::InvalidName`](crate::Error::InvalidName)
    /// before anything is sent) and then ends.
    pub fn follow_with(
        &self,
        deployment: impl Into<Ref>,
        params: &FollowParams,
    ) -> impl Stream<Item = Result<Event>> + Send + 'static {
        let deployment = deployment.into();
        let id = match &deployment {
            Ref::Id(id) => Some(*id),
            _ => None,
        };
        let state = Follow {
            events: self.clone(),
            deployment,
            id,
            params: *params,
            seen: HashSet::new(),
            pending: VecDeque::new(),
            delay: params.interval,
            first: true,
            done: false,
        };
        stream::unfold(state, Follow::next)
    }
}
