//! The fail-fast rules of `wait_for_state`: which observed state counts as failed, when
//! an initial `FAILED` counts, and the failure message.

use super::poll::{poll, Step};
use super::WaitParams;
use crate::api::Api;
use crate::error::{Error, Result};
use crate::name::Ref;
use crate::resource::Gettable;
use crate::types::{Deployment, DeploymentState, SessionCluster, SessionClusterState};
use serde_json::Value;
use std::time::Duration;

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

pub(crate) fn typed_failure(f: Option<&crate::types::Failure>) -> Option<String> {
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
pub(crate) trait StatefulKind: Gettable {
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
pub(crate) async fn wait_for_observed_state<K: StatefulKind>(
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

/// The state conditions above never hold for an absent object; kept as an error rather
/// than a panic.
pub(crate) fn unreachable_absent(kind: &str) -> Error {
    Error::Decode {
        status: None,
        path: ".".to_owned(),
        source: format!("the {kind} matched the wait but was absent").into(),
    }
}
