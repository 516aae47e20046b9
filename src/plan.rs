//! Plans: what applying a manifest would change, before anything changes.
//!
//! [`Client::plan`] reads the live object of every document of a manifest and decides, per
//! document, [`PlanAction::Create`], [`PlanAction::Update`] (with the fields that differ)
//! or [`PlanAction::Unchanged`]. With [`PlanParams::prune`], objects that carry a label
//! selector but are no longer in the manifest are planned as [`PlanAction::Delete`].
//! [`Plan::apply`] then sends only what the plan lists; a *dry run* is the plan alone.
//!
//! ```no_run
//! use vvp::{ApplyParams, PlanParams, WaitParams};
//! # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
//! let manifest = std::fs::read_to_string("vvp.yaml").unwrap_or_default();
//! let params = PlanParams::default().prune("app=orders");
//! let plan = client.plan_with("default", &manifest, &params).await?;
//! print!("{plan}"); // like `kubectl diff`: "~ Deployment orders (update)\n    spec.template.spec.parallelism: 1 → 2"
//! if plan.has_changes() {
//!     plan.apply_with(&ApplyParams::default().wait(WaitParams::default())).await?;
//! }
//! # Ok(()) }
//! ```
//!
//! # What counts as drift
//!
//! Only what the manifest writes. A field of the document differs from the live object
//! when its value differs, compared leaf by leaf (objects recursively, arrays as a whole
//! with the same rule for their elements, numbers by value, and a number or boolean equal
//! to a string of the same text, since the server stores `flinkConfiguration` values as
//! strings). Fields only the live object has are **not** drift: status, ids, timestamps,
//! `resourceVersion`, spec defaults the server filled in (from DeploymentDefaults, or
//! `deploymentTargetId` from `deploymentTargetName`), controller annotations. A field
//! written as `null` is drift while the live object still has it (a `null` removes it).
//! Removing a field from the manifest is therefore not drift by itself; write it as
//! `null` to have it removed.
//! Status is never drift either: a `FAILED` Deployment whose spec matches the manifest is
//! `Unchanged`, and applying does not restart it (change its spec or state to do so).
//!
//! A SecretValue's `spec.value` is write-only: servers do not return it, so it cannot be
//! compared. Such a SecretValue is `Unchanged` when everything else matches, unless
//! [`PlanParams::resend_secret_values`] is set. Secret values (and `flinkConfiguration`
//! entries whose key mentions a password, secret, token or credential) are shown as
//! `***` in diffs.
//!
//! # What is sent
//!
//! The document **as written**, without the server-managed fields (`status`,
//! `metadata.id`, `createdAt`, `modifiedAt`, `resourceVersion`): explicit `null`s and
//! fields the crate does not know included. See [`Plan::apply`] for the requests.

use crate::client::Client;
use crate::error::outcome::{Applied, AppliedObject, ApplyAction};
pub use crate::error::outcome::{ApplyFailure, ApplyStage, Rollback};
use crate::error::{Error, InvalidNameReason, Result};
use crate::format::split_path_error;
use crate::name::{validate_namespace, Name};
use crate::request::{RawResponse, Request, UrlPath};
use crate::resource::Resource;
use crate::types::{Deployment, DeploymentDefaults, DeploymentTarget, SecretValue, SessionCluster};
use crate::wait::WaitParams;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{Map, Value};
use std::fmt;

/// The kinds a manifest may hold, in the order they are sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DocKind {
    SecretValue,
    DeploymentTarget,
    DeploymentDefaults,
    SessionCluster,
    Deployment,
}

impl DocKind {
    const ALL: [DocKind; 5] = [
        DocKind::SecretValue,
        DocKind::DeploymentTarget,
        DocKind::DeploymentDefaults,
        DocKind::SessionCluster,
        DocKind::Deployment,
    ];

    /// The kinds prune looks at, in the order they are deleted (dependents first).
    const PRUNABLE: [DocKind; 4] = [
        DocKind::Deployment,
        DocKind::SessionCluster,
        DocKind::DeploymentTarget,
        DocKind::SecretValue,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            DocKind::SecretValue => SecretValue::KIND,
            DocKind::DeploymentTarget => DeploymentTarget::KIND,
            DocKind::DeploymentDefaults => DeploymentDefaults::KIND,
            DocKind::SessionCluster => SessionCluster::KIND,
            DocKind::Deployment => Deployment::KIND,
        }
    }

    fn path(self) -> &'static str {
        match self {
            DocKind::SecretValue => SecretValue::PATH,
            DocKind::DeploymentTarget => DeploymentTarget::PATH,
            DocKind::DeploymentDefaults => DeploymentDefaults::PATH,
            DocKind::SessionCluster => SessionCluster::PATH,
            DocKind::Deployment => Deployment::PATH,
        }
    }

    fn parse(kind: &str) -> Option<DocKind> {
        DocKind::ALL.into_iter().find(|k| k.name() == kind)
    }

    fn order(self) -> usize {
        DocKind::ALL.iter().position(|k| *k == self).unwrap_or(0)
    }

    /// Sent with `PUT .../{name}` (create or replace).
    fn upsertable(self) -> bool {
        matches!(
            self,
            DocKind::Deployment | DocKind::DeploymentTarget | DocKind::SessionCluster
        )
    }
}

/// Options of [`Client::plan_with`].
///
/// ```
/// use vvp::PlanParams;
///
/// let params = PlanParams::default().kind("Deployment").prune("app=orders");
/// assert_eq!(params.kind.as_deref(), Some("Deployment"));
/// assert_eq!(params.prune.as_deref(), Some("app=orders"));
/// assert!(!params.resend_secret_values);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PlanParams {
    /// The kind of the documents that have no `kind` (e.g. a manifest written for one
    /// endpoint). Documents with a `kind` keep theirs.
    pub kind: Option<String>,
    /// Prune: objects (Deployment, SessionCluster, DeploymentTarget, SecretValue) whose
    /// labels match this selector (`k=v`, `k!=v`, `k`, `!k`, comma-separated, all must
    /// hold) and that are not in the manifest are planned for deletion.
    pub prune: Option<String>,
    /// Plan an update of every SecretValue whose value the server does not return (its
    /// value cannot be compared), instead of calling it unchanged.
    pub resend_secret_values: bool,
}

impl PlanParams {
    /// Set [`PlanParams::kind`].
    #[must_use]
    pub fn kind(mut self, kind: impl Into<String>) -> Self {
        self.kind = Some(kind.into());
        self
    }

    /// Set [`PlanParams::prune`].
    #[must_use]
    pub fn prune(mut self, selector: impl Into<String>) -> Self {
        self.prune = Some(selector.into());
        self
    }

    /// Set [`PlanParams::resend_secret_values`].
    #[must_use]
    pub fn resend_secret_values(mut self, on: bool) -> Self {
        self.resend_secret_values = on;
        self
    }
}

/// Options of [`Plan::apply_with`].
///
/// ```
/// use std::time::Duration;
/// use vvp::{ApplyParams, WaitParams};
///
/// let params = ApplyParams::default().wait(WaitParams::default().timeout(Duration::from_secs(300)));
/// assert!(params.wait.is_some());
/// assert!(params.rollback);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApplyParams {
    /// After sending, wait until every created or updated Deployment reaches its desired
    /// state (`spec.state`). `None` (the default): do not wait.
    pub wait: Option<WaitParams>,
    /// When a waited-for Deployment goes `FAILED` or the wait times out, put back the
    /// spec it had before the apply (default `true`; only matters with
    /// [`ApplyParams::wait`]).
    pub rollback: bool,
    /// How pruned Deployments are polled until cancelled before they are deleted.
    pub prune_wait: WaitParams,
}

impl Default for ApplyParams {
    fn default() -> Self {
        ApplyParams {
            wait: None,
            rollback: true,
            prune_wait: WaitParams::default(),
        }
    }
}

impl ApplyParams {
    /// Wait for changed Deployments (and roll back on failure, see
    /// [`ApplyParams::rollback`]).
    #[must_use]
    pub fn wait(mut self, params: WaitParams) -> Self {
        self.wait = Some(params);
        self
    }

    /// Set [`ApplyParams::rollback`].
    #[must_use]
    pub fn rollback(mut self, on: bool) -> Self {
        self.rollback = on;
        self
    }

    /// Set [`ApplyParams::prune_wait`].
    #[must_use]
    pub fn prune_wait(mut self, params: WaitParams) -> Self {
        self.prune_wait = params;
        self
    }
}

/// What a [`Plan`] does with one object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PlanAction {
    /// It does not exist: it will be created.
    Create,
    /// It exists and a field the manifest writes differs: it will be updated.
    Update,
    /// It exists and matches the manifest: no request.
    Unchanged,
    /// It is labelled for pruning and not in the manifest: it will be deleted.
    Delete,
}

impl PlanAction {
    fn sign(self) -> char {
        match self {
            PlanAction::Create => '+',
            PlanAction::Update => '~',
            PlanAction::Unchanged => '=',
            PlanAction::Delete => '-',
        }
    }
}

impl fmt::Display for PlanAction {
    /// `create`, `update`, `unchanged` or `delete`.
    ///
    /// ```
    /// assert_eq!(vvp::PlanAction::Unchanged.to_string(), "unchanged");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PlanAction::Create => "create",
            PlanAction::Update => "update",
            PlanAction::Unchanged => "unchanged",
            PlanAction::Delete => "delete",
        })
    }
}

/// One field that differs: its path, the live value and the manifest's value. Secret
/// values are already masked (`"***"`).
///
/// ```
/// use serde_json::json;
/// use vvp::FieldChange;
///
/// let c = FieldChange::new("spec.template.spec.parallelism", Some(json!(1)), Some(json!(2)));
/// assert_eq!(c.to_string(), "spec.template.spec.parallelism: 1 → 2");
/// let c = FieldChange::new("spec.sessionClusterName", Some(json!("sql")), None);
/// assert_eq!(c.to_string(), "spec.sessionClusterName: \"sql\" → (removed)");
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct FieldChange {
    /// The field, e.g. `spec.template.spec.parallelism` (keys with a `.` are quoted:
    /// `flinkConfiguration["state.backend"]`).
    pub path: String,
    /// The live value; `None` if the live object does not have the field.
    pub old: Option<Value>,
    /// The manifest's value; `None` if the manifest removes the field (`null`).
    pub new: Option<Value>,
}

impl FieldChange {
    /// A field change.
    pub fn new(path: impl Into<String>, old: Option<Value>, new: Option<Value>) -> Self {
        FieldChange {
            path: path.into(),
            old,
            new,
        }
    }
}

impl fmt::Display for FieldChange {
    /// `path: old → new`, values as compact JSON; `(none)` for a missing old value,
    /// `(removed)` for a removed one.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let old = self
            .old
            .as_ref()
            .map_or("(none)".to_owned(), Value::to_string);
        let new = self
            .new
            .as_ref()
            .map_or("(removed)".to_owned(), Value::to_string);
        write!(f, "{}: {old} → {new}", self.path)
    }
}

/// One object of a [`Plan`].
#[derive(Clone)]
#[non_exhaustive]
pub struct Change {
    /// The document's position in the manifest (0-based, counting empty documents);
    /// `None` for an object planned for deletion by prune.
    pub index: Option<usize>,
    /// The kind, e.g. `"Deployment"`.
    pub kind: &'static str,
    /// `metadata.name` (`None` for DeploymentDefaults without a name).
    pub name: Option<String>,
    /// What applying does.
    pub action: PlanAction,
    /// The fields that differ (for [`PlanAction::Update`]; empty otherwise).
    pub diff: Vec<FieldChange>,
    /// Why the plan looks the way it does, when it is not obvious (e.g. a write-only
    /// secret value that was not compared).
    pub note: Option<String>,
    doc_kind: DocKind,
    /// The document as it will be sent (`Value::Null` for deletions).
    body: Value,
    /// The live object, if any.
    live: Option<Value>,
}

impl fmt::Debug for Change {
    /// Leaves out the document and the live object (a SecretValue's value).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Change")
            .field("index", &self.index)
            .field("kind", &self.kind)
            .field("name", &self.name)
            .field("action", &self.action)
            .field("diff", &self.diff)
            .field("note", &self.note)
            .finish_non_exhaustive()
    }
}

impl PartialEq for Change {
    fn eq(&self, other: &Change) -> bool {
        self.index == other.index
            && self.kind == other.kind
            && self.name == other.name
            && self.action == other.action
            && self.diff == other.diff
            && self.note == other.note
            && self.body == other.body
            && self.live == other.live
    }
}

impl Change {
    /// `Kind name` (or just `Kind`).
    fn subject(&self) -> String {
        match &self.name {
            Some(n) => format!("{} {n}", self.kind),
            None => self.kind.to_owned(),
        }
    }
}

impl fmt::Display for Change {
    /// `~ Deployment top-speed (update)` then one indented line per changed field.
    ///
    /// ```
    /// # fn show(change: &vvp::Change) {
    /// print!("{change}");
    /// # }
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} ({})",
            self.action.sign(),
            self.subject(),
            self.action
        )?;
        if let Some(note) = &self.note {
            write!(f, ": {note}")?;
        }
        writeln!(f)?;
        for c in &self.diff {
            writeln!(f, "    {c}")?;
        }
        Ok(())
    }
}

/// What applying a manifest would do; see the [module docs](crate::plan).
///
/// Made by [`Client::plan`]; [`Plan::apply`] carries it out. `Display` prints it like
/// `kubectl diff`, one line per object and one per changed field, then a summary.
#[derive(Clone)]
pub struct Plan {
    client: Client,
    namespace: String,
    changes: Vec<Change>,
}

impl fmt::Debug for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Plan")
            .field("namespace", &self.namespace)
            .field("changes", &self.changes)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for Plan {
    /// Every change, then `N to create, N to update, N to delete, N unchanged`.
    ///
    /// ```text
    /// + DeploymentTarget k8s (create)
    /// ~ Deployment top-speed (update)
    ///     spec.template.spec.parallelism: 1 → 2
    /// = SecretValue db-password (unchanged)
    /// 1 to create, 1 to update, 0 to delete, 1 unchanged
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in &self.changes {
            write!(f, "{c}")?;
        }
        writeln!(
            f,
            "{} to create, {} to update, {} to delete, {} unchanged",
            self.count(PlanAction::Create),
            self.count(PlanAction::Update),
            self.count(PlanAction::Delete),
            self.count(PlanAction::Unchanged),
        )
    }
}

impl Plan {
    /// The namespace the plan is for.
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// Every object, in the order [`Plan::apply`] handles them: the manifest's objects in
    /// dependency order (SecretValue, DeploymentTarget, DeploymentDefaults,
    /// SessionCluster, Deployment; stable within a kind), then deletions (Deployments
    /// first).
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// How many objects have `action`.
    ///
    /// ```no_run
    /// use vvp::PlanAction;
    /// # async fn demo(client: vvp::Client, manifest: &str) -> Result<(), vvp::Error> {
    /// let plan = client.plan("default", manifest).await?;
    /// println!("{} to create", plan.count(PlanAction::Create));
    /// # Ok(()) }
    /// ```
    pub fn count(&self, action: PlanAction) -> usize {
        self.changes.iter().filter(|c| c.action == action).count()
    }

    /// `true` if applying would send anything (something is not
    /// [`PlanAction::Unchanged`]).
    pub fn has_changes(&self) -> bool {
        self.changes
            .iter()
            .any(|c| c.action != PlanAction::Unchanged)
    }

    /// Carry out the plan with the default [`ApplyParams`] (no wait).
    ///
    /// ```no_run
    /// # async fn demo(client: vvp::Client, manifest: &str) -> Result<(), vvp::Error> {
    /// let plan = client.plan("default", manifest).await?;
    /// for applied in plan.apply().await? {
    ///     println!("{applied}");
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Plan::apply_with`].
    pub async fn apply(&self) -> Result<Vec<Applied>> {
        self.apply_with(&ApplyParams::default()).await
    }

    /// Carry out the plan: send the creates and updates (in the order of
    /// [`Plan::changes`]), wait for the changed Deployments if asked to, then delete the
    /// pruned objects. Unchanged objects get no request; the result lists them too, with
    /// [`ApplyAction::Unchanged`] and the live object.
    ///
    /// | kind | create | update | delete |
    /// |---|---|---|---|
    /// | Deployment | `PUT .../deployments/{name}` | `PUT` | cancel, wait until `CANCELLED`, `DELETE` ([`Api::cancel_and_delete`](crate::Api::cancel_and_delete)) |
    /// | DeploymentTarget, SessionCluster | `PUT .../{path}/{name}` | `PUT` | `DELETE` |
    /// | SecretValue | `POST .../secret-values` (on 409: `PATCH`) | `PATCH .../secret-values/{name}` | `DELETE` |
    /// | DeploymentDefaults | – | `PATCH .../deployment-defaults` | – |
    ///
    /// The plan is not re-read: an object that changed on the server since is
    /// overwritten (PUT) or merged (PATCH).
    ///
    /// ```no_run
    /// use vvp::{ApplyParams, Error, WaitParams};
    /// # async fn demo(client: vvp::Client, manifest: &str) -> Result<(), vvp::Error> {
    /// let plan = client.plan("default", manifest).await?;
    /// match plan.apply_with(&ApplyParams::default().wait(WaitParams::default())).await {
    ///     Ok(applied) => println!("{} objects in place", applied.len()),
    ///     Err(Error::Apply(failure)) => eprintln!("{failure}"), // names the document and the rollback
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Apply`] naming the object that failed (document index, kind, name), what
    /// was already applied before it, and, for a failed wait, the rollback; its
    /// [`source`](ApplyFailure::source) is the request's error (classified as usual:
    /// [`Error::is_validation`], [`Error::status`], ... look through it).
    pub async fn apply_with(&self, params: &ApplyParams) -> Result<Vec<Applied>> {
        let mut out: Vec<Applied> = Vec::with_capacity(self.changes.len());
        // Creates, updates and unchanged objects.
        for change in self
            .changes
            .iter()
            .filter(|c| c.action != PlanAction::Delete)
        {
            let (action, object) = match change.action {
                PlanAction::Unchanged => {
                    let live = change.live.clone().unwrap_or(Value::Null);
                    (ApplyAction::Unchanged, live)
                }
                _ => match self.send(change).await {
                    Ok(x) => x,
                    Err(e) => return Err(failure(change, ApplyStage::Send, out, None, e)),
                },
            };
            let object = match to_object(change.doc_kind, object) {
                Ok(o) => o,
                Err(e) => return Err(failure(change, ApplyStage::Send, out, None, e)),
            };
            tracing::info!(kind = change.kind, name = change.name.as_deref().unwrap_or(""), %action, "vvp.apply");
            out.push(Applied {
                index: change.index,
                kind: change.kind,
                name: change.name.clone(),
                action,
                object,
            });
        }
        // Waits, with rollback.
        if let Some(wait) = &params.wait {
            self.wait_changed(params, wait, &mut out).await?;
        }
        // Deletions.
        for change in self
            .changes
            .iter()
            .filter(|c| c.action == PlanAction::Delete)
        {
            if let Err(e) = self.delete(change, &params.prune_wait).await {
                return Err(failure(change, ApplyStage::Delete, out, None, e));
            }
            let object = to_object(change.doc_kind, change.live.clone().unwrap_or(Value::Null))
                .map_err(|e| failure(change, ApplyStage::Delete, Vec::new(), None, e))?;
            tracing::info!(
                kind = change.kind,
                name = change.name.as_deref().unwrap_or(""),
                "vvp.apply: deleted"
            );
            out.push(Applied {
                index: None,
                kind: change.kind,
                name: change.name.clone(),
                action: ApplyAction::Deleted,
                object,
            });
        }
        Ok(out)
    }

    fn collection(&self, kind: DocKind) -> UrlPath {
        UrlPath::new()
            .lit("api/v1/namespaces")
            .seg(&self.namespace)
            .lit(kind.path())
    }

    /// Send one create or update; the action and the server's answer.
    async fn send(&self, change: &Change) -> Result<(ApplyAction, Value)> {
        let name = change.name.clone().unwrap_or_default();
        let collection = self.collection(change.doc_kind);
        let object = collection.clone().seg(&name);
        if change.doc_kind.upsertable() {
            let resp = self
                .client
                .execute_raw(Request::put(object.clone()).body(&change.body)?)
                .await?;
            let action = if resp.status == 201 {
                ApplyAction::Created
            } else {
                ApplyAction::Replaced
            };
            return Ok((action, self.decode_or_read_back(resp, object).await?));
        }
        let (path, action) = match (change.doc_kind, change.action) {
            (DocKind::SecretValue, PlanAction::Create) => {
                let req = Request::post(collection).body(&change.body)?;
                match self.client.execute_raw(req).await {
                    Ok(resp) => {
                        let answer = self.decode_or_read_back(resp, object).await?;
                        return Ok((ApplyAction::Created, answer));
                    }
                    // Created by someone else since the plan: merge-patch it instead.
                    Err(e) if e.is_conflict() => (object, ApplyAction::Updated),
                    Err(e) => return Err(e),
                }
            }
            (DocKind::SecretValue, _) => (object, ApplyAction::Updated),
            _ => (collection, ApplyAction::Updated),
        };
        let req = Request::patch(path.clone()).body(&change.body)?;
        let answer = match self.client.execute_opt(req).await? {
            Some(v) => v,
            None => self.client.execute(Request::get(path)).await?,
        };
        Ok((action, answer))
    }

    /// The object in a create or upsert answer; one without a body (`201 Created`, as the
    /// API documents declare) is read back from `object` (as [`crate::Api::create`] does).
    async fn decode_or_read_back(&self, resp: RawResponse, object: UrlPath) -> Result<Value> {
        if resp.is_empty() {
            self.client.execute(Request::get(object)).await
        } else {
            resp.decode()
        }
    }

    async fn delete(&self, change: &Change, wait: &WaitParams) -> Result<()> {
        let name = change.name.clone().unwrap_or_default();
        let result = if change.doc_kind == DocKind::Deployment {
            self.client
                .deployments(self.namespace.clone())
                .cancel_and_delete(name.as_str(), wait)
                .await
        } else {
            let path = self.collection(change.doc_kind).seg(&name);
            self.client.execute_unit(Request::delete(path)).await
        };
        match result {
            Err(e) if e.is_not_found() => Ok(()),
            other => other,
        }
    }

    /// Wait for every created or updated Deployment; on failure roll back and fail.
    async fn wait_changed(
        &self,
        params: &ApplyParams,
        wait: &WaitParams,
        out: &mut Vec<Applied>,
    ) -> Result<()> {
        let deployments = self.client.deployments(self.namespace.clone());
        for change in &self.changes {
            let changed = matches!(change.action, PlanAction::Create | PlanAction::Update);
            if change.doc_kind != DocKind::Deployment || !changed {
                continue;
            }
            let name = change.name.clone().unwrap_or_default();
            let desired = out
                .iter()
                .find_map(|a| match &a.object {
                    AppliedObject::Deployment(d) if a.name.as_deref() == Some(name.as_str()) => {
                        d.desired_state().cloned()
                    }
                    _ => None,
                })
                .unwrap_or(crate::types::DeploymentState::Cancelled);
            let err = match deployments
                .wait_for_state(name.as_str(), desired, wait)
                .await
            {
                Ok(_) => continue,
                Err(e) => e,
            };
            let rollback = if matches!(
                err,
                Error::ResourceFailed { .. } | Error::WaitTimeout { .. }
            ) && params.rollback
            {
                Some(self.roll_back(change).await)
            } else {
                None
            };
            return Err(failure(
                change,
                ApplyStage::Wait,
                std::mem::take(out),
                rollback,
                err,
            ));
        }
        Ok(())
    }

    /// Put back the live object a Deployment had before the apply.
    async fn roll_back(&self, change: &Change) -> Rollback {
        let Some(previous) = &change.live else {
            return Rollback::NothingToRestore;
        };
        let mut body = previous.clone();
        if let Value::Object(map) = &mut body {
            strip_server_fields(map);
        }
        let name = change.name.clone().unwrap_or_default();
        let path = self.collection(change.doc_kind).seg(&name);
        let req = match Request::put(path).body(&body) {
            Ok(r) => r,
            Err(e) => return Rollback::Failed(Box::new(e)),
        };
        match self.client.execute_unit(req).await {
            Ok(()) => {
                tracing::warn!(name = name.as_str(), "vvp.apply: rolled back Deployment");
                Rollback::Restored
            }
            Err(e) => Rollback::Failed(Box::new(e)),
        }
    }
}

fn failure(
    change: &Change,
    stage: ApplyStage,
    applied: Vec<Applied>,
    rollback: Option<Rollback>,
    source: Error,
) -> Error {
    Error::Apply(Box::new(ApplyFailure {
        index: change.index,
        kind: change.kind,
        name: change.name.clone(),
        stage,
        applied,
        rollback,
        source,
    }))
}

fn decode_value<K: DeserializeOwned>(v: Value) -> Result<K> {
    serde_path_to_error::deserialize(v).map_err(|e| {
        let (path, source) = split_path_error(e);
        Error::Decode {
            status: None,
            path,
            source,
        }
    })
}

fn to_object(kind: DocKind, v: Value) -> Result<AppliedObject> {
    Ok(match kind {
        DocKind::Deployment => AppliedObject::Deployment(Box::new(decode_value(v)?)),
        DocKind::DeploymentTarget => AppliedObject::DeploymentTarget(Box::new(decode_value(v)?)),
        DocKind::SessionCluster => AppliedObject::SessionCluster(Box::new(decode_value(v)?)),
        DocKind::SecretValue => AppliedObject::SecretValue(Box::new(decode_value(v)?)),
        DocKind::DeploymentDefaults => {
            AppliedObject::DeploymentDefaults(Box::new(decode_value(v)?))
        }
    })
}

// ---------------------------------------------------------------------------------------
// Checking documents

/// A checked document.
struct Doc {
    index: usize,
    kind: DocKind,
    name: Option<String>,
    body: Value,
}

fn manifest_error(path: String, message: String) -> Error {
    Error::Decode {
        status: None,
        path,
        source: message.into(),
    }
}

/// Remove the fields the server manages.
fn strip_server_fields(doc: &mut Map<String, Value>) {
    doc.remove("status");
    if let Some(Value::Object(meta)) = doc.get_mut("metadata") {
        for key in ["id", "createdAt", "modifiedAt", "resourceVersion"] {
            meta.remove(key);
        }
    }
}

fn decode<K: DeserializeOwned>(index: usize, doc: Value) -> Result<K> {
    serde_path_to_error::deserialize(doc).map_err(|e| {
        let (path, source) = split_path_error(e);
        let path = if path == "." {
            format!("[{index}]")
        } else {
            format!("[{index}].{path}")
        };
        Error::Decode {
            status: None,
            path,
            source,
        }
    })
}

/// Decode a named kind (to check the document) and check its name.
fn check_named<K: Resource>(index: usize, doc: &Value) -> Result<Option<String>> {
    let obj: K = decode(index, doc.clone())?;
    match obj.name() {
        Some(name) => {
            Name::validate(name, K::NAME_SCHEME, K::KIND)?;
            Ok(Some(name.to_owned()))
        }
        None => Err(Error::InvalidName {
            name: String::new(),
            kind: K::KIND,
            reason: InvalidNameReason::Missing,
        }),
    }
}

/// Check one document (index `index`) for namespace `ns`.
fn check(index: usize, doc: Value, ns: &str, default_kind: Option<DocKind>) -> Result<Doc> {
    let Value::Object(mut map) = doc else {
        return Err(manifest_error(
            format!("[{index}]"),
            format!("document [{index}] is not an object with a `kind`"),
        ));
    };
    let kind = match (map.get("kind"), default_kind) {
        (Some(Value::String(k)), _) => k.clone(),
        (None | Some(Value::Null), Some(k)) => k.name().to_owned(),
        (Some(Value::Null) | None, None) => {
            return Err(manifest_error(
                format!("[{index}].kind"),
                format!(
                    "document [{index}] has no `kind` (name one for the whole manifest with \
                     PlanParams::kind)"
                ),
            ))
        }
        (Some(_), _) => {
            return Err(manifest_error(
                format!("[{index}].kind"),
                format!("document [{index}]: `kind` is not a string"),
            ))
        }
    };
    let Some(kind) = DocKind::parse(&kind) else {
        let names: Vec<&str> = DocKind::ALL.iter().map(|k| k.name()).collect();
        return Err(manifest_error(
            format!("[{index}].kind"),
            format!(
                "document [{index}] has kind {kind:?}, which apply does not handle \
                 (supported: {})",
                names.join(", ")
            ),
        ));
    };
    match map.get("metadata").and_then(|m| m.get("namespace")) {
        None | Some(Value::Null) => {}
        Some(Value::String(doc_ns)) if doc_ns == ns => {}
        Some(other) => {
            return Err(manifest_error(
                format!("[{index}].metadata.namespace"),
                format!(
                    "document [{index}] ({}) belongs to namespace {other}, \
                     not to the namespace {ns:?} being applied to",
                    kind.name()
                ),
            ))
        }
    }
    strip_server_fields(&mut map);
    let body = Value::Object(map);
    let name = match kind {
        DocKind::Deployment => check_named::<Deployment>(index, &body)?,
        DocKind::DeploymentTarget => check_named::<DeploymentTarget>(index, &body)?,
        DocKind::SessionCluster => check_named::<SessionCluster>(index, &body)?,
        DocKind::SecretValue => check_named::<SecretValue>(index, &body)?,
        DocKind::DeploymentDefaults => {
            let d: DeploymentDefaults = decode(index, body.clone())?;
            d.metadata.name
        }
    };
    Ok(Doc {
        index,
        kind,
        name,
        body,
    })
}

/// Every document of `manifest`, with its index among all documents.
fn documents(manifest: &str) -> Result<Vec<(usize, Value)>> {
    crate::limits::check_yaml(manifest.as_bytes()).map_err(|source| Error::Decode {
        status: None,
        path: ".".into(),
        source,
    })?;
    let mut out = Vec::new();
    for (i, doc) in serde_yaml::Deserializer::from_str(manifest).enumerate() {
        let value = Value::deserialize(doc).map_err(|e| Error::Decode {
            status: None,
            path: format!("[{i}]"),
            source: Box::new(e),
        })?;
        if !value.is_null() {
            out.push((i, value));
        }
    }
    Ok(out)
}

/// Check every document of `manifest`: nothing is read or sent if one fails.
fn check_all(manifest: &str, ns: &str, default_kind: Option<DocKind>) -> Result<Vec<Doc>> {
    let mut docs: Vec<Doc> = Vec::new();
    for (index, value) in documents(manifest)? {
        let doc = check(index, value, ns, default_kind)?;
        let singleton = doc.kind == DocKind::DeploymentDefaults;
        if let Some(first) = docs
            .iter()
            .find(|d| d.kind == doc.kind && (singleton || d.name == doc.name))
        {
            return Err(manifest_error(
                format!("[{index}].metadata.name"),
                format!(
                    "document [{index}] repeats {} {} of document [{}]",
                    doc.kind.name(),
                    doc.name.as_deref().unwrap_or("(singleton)"),
                    first.index
                ),
            ));
        }
        docs.push(doc);
    }
    docs.sort_by_key(|d| d.kind.order());
    Ok(docs)
}

// ---------------------------------------------------------------------------------------
// Comparing

/// Keys whose values are masked in diffs.
fn secret_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    ["password", "secret", "token", "credential"]
        .iter()
        .any(|s| k.contains(s))
}

fn path_text(path: &[String]) -> String {
    let mut out = String::new();
    for (i, seg) in path.iter().enumerate() {
        let plain = !seg.is_empty()
            && seg
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if plain {
            if i > 0 {
                out.push('.');
            }
            out.push_str(seg);
        } else {
            out.push('[');
            out.push_str(&Value::String(seg.clone()).to_string());
            out.push(']');
        }
    }
    out
}

/// Two scalars (or arrays) equal as far as drift goes.
fn same(want: &Value, live: &Value) -> bool {
    match (want, live) {
        (Value::Object(w), Value::Object(l)) => w.iter().all(|(k, wv)| match (wv, l.get(k)) {
            (Value::Null, None | Some(Value::Null)) => true,
            (_, Some(lv)) => same(wv, lv),
            (Value::Object(m), None) => m.is_empty(),
            (_, None) => false,
        }),
        (Value::Array(w), Value::Array(l)) => {
            w.len() == l.len() && w.iter().zip(l).all(|(a, b)| same(a, b))
        }
        (Value::Number(a), Value::Number(b)) => a == b || a.as_f64() == b.as_f64(),
        (Value::Number(n), Value::String(s)) => n.to_string() == *s,
        (Value::Bool(b), Value::String(s)) => b.to_string() == *s,
        _ => want == live,
    }
}

struct Differ {
    /// Mask every value (a SecretValue's `spec.value`).
    changes: Vec<FieldChange>,
}

impl Differ {
    fn push(&mut self, path: &[String], old: Option<&Value>, new: Option<&Value>) {
        let masked = path.iter().any(|s| secret_key(s))
            || matches!(path, [a, b] if a == "spec" && b == "value");
        let mask = |v: Option<&Value>| {
            v.map(|v| {
                if masked {
                    Value::String("***".to_owned())
                } else {
                    v.clone()
                }
            })
        };
        self.changes
            .push(FieldChange::new(path_text(path), mask(old), mask(new)));
    }

    /// Compare what the manifest writes at `path` with the live value there.
    fn compare(&mut self, path: &mut Vec<String>, want: &Value, live: Option<&Value>) {
        let live = live.filter(|v| !v.is_null());
        match want {
            Value::Null => {
                if let Some(l) = live {
                    self.push(path, Some(l), None);
                }
            }
            Value::Object(w) => {
                let empty = Map::new();
                let l = match live {
                    Some(Value::Object(l)) => l,
                    None => &empty,
                    Some(other) => {
                        // A scalar where the manifest has an object.
                        self.push(path, Some(other), Some(want));
                        return;
                    }
                };
                for (k, wv) in w {
                    path.push(k.clone());
                    self.compare(path, wv, l.get(k));
                    path.pop();
                }
            }
            _ => match live {
                Some(l) if same(want, l) => {}
                _ => self.push(path, live, Some(want)),
            },
        }
    }
}

/// The fields of `want` (a document) that differ from `live`.
fn diff(want: &Value, live: &Value) -> Vec<FieldChange> {
    let mut d = Differ {
        changes: Vec::new(),
    };
    let (Value::Object(w), Value::Object(l)) = (want, live) else {
        return d.changes;
    };
    let mut path = Vec::new();
    for (k, wv) in w {
        match k.as_str() {
            "kind" | "apiVersion" | "status" => continue,
            "metadata" => {
                let Value::Object(wm) = wv else { continue };
                let lm = l.get("metadata");
                for (mk, mv) in wm {
                    if matches!(
                        mk.as_str(),
                        "id" | "namespace" | "createdAt" | "modifiedAt" | "resourceVersion"
                    ) {
                        continue;
                    }
                    path.push("metadata".to_owned());
                    path.push(mk.clone());
                    d.compare(&mut path, mv, lm.and_then(|m| m.get(mk)));
                    path.clear();
                }
            }
            _ => {
                path.push(k.clone());
                d.compare(&mut path, wv, l.get(k));
                path.clear();
            }
        }
    }
    d.changes
}

fn plan_change(doc: Doc, live: Option<Value>, params: &PlanParams) -> Change {
    let (action, diff, note) = match &live {
        None => (PlanAction::Create, Vec::new(), None),
        Some(l) => {
            let mut changes = diff(&doc.body, l);
            let mut note = None;
            let write_only = doc.kind == DocKind::SecretValue
                && doc
                    .body
                    .pointer("/spec/value")
                    .is_some_and(|v| !v.is_null())
                && l.pointer("/spec/value").is_none_or(Value::is_null);
            if write_only {
                // `diff` reported the value as missing on the server: it is write-only.
                changes.retain(|c| c.path != "spec.value");
                if params.resend_secret_values {
                    changes.push(FieldChange::new(
                        "spec.value",
                        Some(Value::String("(write-only)".to_owned())),
                        Some(Value::String("***".to_owned())),
                    ));
                } else if changes.is_empty() {
                    note = Some("value is write-only, not compared".to_owned());
                }
            }
            let action = if changes.is_empty() {
                PlanAction::Unchanged
            } else {
                PlanAction::Update
            };
            (action, changes, note)
        }
    };
    Change {
        index: Some(doc.index),
        kind: doc.kind.name(),
        name: doc.name,
        action,
        diff,
        note,
        doc_kind: doc.kind,
        body: doc.body,
        live,
    }
}

// ---------------------------------------------------------------------------------------
// Label selectors (prune)

#[derive(Debug)]
enum Requirement {
    Equals(String, String),
    NotEquals(String, String),
    Exists(String),
    NotExists(String),
}

fn parse_selector(selector: &str) -> Result<Vec<Requirement>> {
    let bad = |why: &str| Error::Config(format!("invalid label selector {selector:?}: {why}"));
    let mut out = Vec::new();
    for part in selector.split(',') {
        let part = part.trim();
        if part.is_empty() {
            return Err(bad("empty requirement"));
        }
        let req = if let Some((k, v)) = part.split_once("!=") {
            Requirement::NotEquals(k.trim().to_owned(), v.trim().to_owned())
        } else if let Some((k, v)) = part.split_once("==").or_else(|| part.split_once('=')) {
            Requirement::Equals(k.trim().to_owned(), v.trim().to_owned())
        } else if let Some(k) = part.strip_prefix('!') {
            Requirement::NotExists(k.trim().to_owned())
        } else {
            Requirement::Exists(part.to_owned())
        };
        let key = match &req {
            Requirement::Equals(k, _)
            | Requirement::NotEquals(k, _)
            | Requirement::Exists(k)
            | Requirement::NotExists(k) => k,
        };
        if key.is_empty() || key.contains(char::is_whitespace) {
            return Err(bad("a requirement needs a label key"));
        }
        out.push(req);
    }
    // Only negative requirements would match nearly everything: refuse, it is a prune.
    if !out
        .iter()
        .any(|r| matches!(r, Requirement::Equals(..) | Requirement::Exists(_)))
    {
        return Err(bad(
            "prune needs at least one `key=value` or `key` requirement",
        ));
    }
    Ok(out)
}

fn selector_matches(sel: &[Requirement], obj: &Value) -> bool {
    let labels = obj.pointer("/metadata/labels").and_then(Value::as_object);
    let get = |k: &str| labels.and_then(|l| l.get(k)).and_then(Value::as_str);
    sel.iter().all(|r| match r {
        Requirement::Equals(k, v) => get(k) == Some(v.as_str()),
        Requirement::NotEquals(k, v) => get(k) != Some(v.as_str()),
        Requirement::Exists(k) => get(k).is_some(),
        Requirement::NotExists(k) => get(k).is_none(),
    })
}

// ---------------------------------------------------------------------------------------
// Reading

impl Client {
    /// Plan applying `manifest` (one or more `---`-separated YAML documents, or JSON) to
    /// `namespace` with the default [`PlanParams`]; see [`Client::plan_with`].
    ///
    /// ```no_run
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// let manifest = std::fs::read_to_string("vvp.yaml").unwrap_or_default();
    /// let plan = client.plan("default", &manifest).await?; // a dry run: only GETs
    /// print!("{plan}");
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Client::plan_with`].
    pub async fn plan(&self, namespace: &str, manifest: &str) -> Result<Plan> {
        self.plan_with(namespace, manifest, &PlanParams::default())
            .await
    }

    /// Plan applying `manifest` to `namespace`: check every document, read the live
    /// objects (`GET` only, nothing is written) and decide per object; see the
    /// [module docs](crate::plan).
    ///
    /// Every document must be an object with a supported `kind` (or the
    /// [`PlanParams::kind`]), decode as that kind, carry a valid `metadata.name` (except
    /// DeploymentDefaults), name no other namespace in `metadata.namespace`, and not
    /// repeat an earlier document's kind and name. If any document fails, nothing is
    /// read.
    ///
    /// ```no_run
    /// use vvp::{PlanAction, PlanParams};
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// // Documents written for the deployments endpoint, without `kind`.
    /// let manifest = "metadata: {name: orders}\nspec: {state: RUNNING}\n";
    /// let plan = client
    ///     .plan_with("default", manifest, &PlanParams::default().kind("Deployment"))
    ///     .await?;
    /// assert_eq!(plan.changes()[0].kind, "Deployment");
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// Before anything is read: [`Error::InvalidName`] for a bad namespace or an object
    /// name that is missing or breaks its kind's rule; [`Error::Decode`] whose path starts
    /// with the document index (`[1].kind` for an unsupported or missing kind,
    /// `[0].spec.state`, `[2].metadata.namespace` for another namespace,
    /// `[3].metadata.name` for a repeated object); [`Error::Config`] for an invalid
    /// [`PlanParams::kind`] or prune selector. While reading: [`Error::Apply`] with stage
    /// [`ApplyStage::Read`] naming the document, around the request's error.
    pub async fn plan_with(
        &self,
        namespace: &str,
        manifest: &str,
        params: &PlanParams,
    ) -> Result<Plan> {
        validate_namespace(namespace)?;
        let default_kind = match &params.kind {
            None => None,
            Some(k) => Some(DocKind::parse(k).ok_or_else(|| {
                Error::Config(format!(
                    "PlanParams::kind {k:?} is not a kind apply handles"
                ))
            })?),
        };
        let selector = params.prune.as_deref().map(parse_selector).transpose()?;
        let docs = check_all(manifest, namespace, default_kind)?;
        let mut plan = Plan {
            client: self.clone(),
            namespace: namespace.to_owned(),
            changes: Vec::with_capacity(docs.len()),
        };
        let mut in_manifest: Vec<(DocKind, String)> = Vec::new();
        for doc in docs {
            let live = match self.read_live(&plan, doc.kind, doc.name.as_deref()).await {
                Ok(l) => l,
                Err(e) => {
                    return Err(Error::Apply(Box::new(ApplyFailure {
                        index: Some(doc.index),
                        kind: doc.kind.name(),
                        name: doc.name,
                        stage: ApplyStage::Read,
                        applied: Vec::new(),
                        rollback: None,
                        source: e,
                    })))
                }
            };
            if let Some(n) = &doc.name {
                in_manifest.push((doc.kind, n.clone()));
            }
            plan.changes.push(plan_change(doc, live, params));
        }
        if let Some(sel) = selector {
            for kind in DocKind::PRUNABLE {
                let list: Value = self.execute(Request::get(plan.collection(kind))).await?;
                let items = list.get("items").and_then(Value::as_array);
                for item in items.into_iter().flatten() {
                    let Some(name) = item.pointer("/metadata/name").and_then(Value::as_str) else {
                        continue;
                    };
                    let listed = in_manifest.iter().any(|(k, n)| *k == kind && n == name);
                    if listed || !selector_matches(&sel, item) {
                        continue;
                    }
                    plan.changes.push(Change {
                        index: None,
                        kind: kind.name(),
                        name: Some(name.to_owned()),
                        action: PlanAction::Delete,
                        diff: Vec::new(),
                        note: Some(format!(
                            "not in the manifest, matches {:?}",
                            params.prune.as_deref().unwrap_or_default()
                        )),
                        doc_kind: kind,
                        body: Value::Null,
                        live: Some(item.clone()),
                    });
                }
            }
        }
        Ok(plan)
    }

    /// The live object (`None` if it does not exist).
    async fn read_live(
        &self,
        plan: &Plan,
        kind: DocKind,
        name: Option<&str>,
    ) -> Result<Option<Value>> {
        let path = match kind {
            DocKind::DeploymentDefaults => plan.collection(kind),
            _ => plan.collection(kind).seg(name.unwrap_or_default()),
        };
        match self.execute::<Value>(Request::get(path)).await {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.is_not_found() && kind != DocKind::DeploymentDefaults => Ok(None),
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn paths(want: Value, live: Value) -> Vec<String> {
        diff(&want, &live).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn server_fields_and_defaults_are_not_drift() {
        let want = json!({"kind": "Deployment", "apiVersion": "v1",
            "metadata": {"name": "d", "namespace": "default", "labels": {"team": "data"}},
            "spec": {"state": "RUNNING", "deploymentTargetName": "k8s",
                     "template": {"spec": {"parallelism": 2,
                         "flinkConfiguration": {"taskmanager.numberOfTaskSlots": 2, "x": true},
                         "resources": {"jobmanager": {"cpu": 1}}}}}});
        let live = json!({"kind": "Deployment", "apiVersion": "v1",
            "metadata": {"name": "d", "id": "x", "namespace": "default", "resourceVersion": 4,
                         "labels": {"team": "data"},
                         "annotations": {"com.dataartisans.appmanager.controller.deployment.spec.version": "2"}},
            "spec": {"state": "RUNNING", "deploymentTargetName": "k8s", "deploymentTargetId": "t",
                     "upgradeStrategy": {"kind": "STATEFUL"},
                     "template": {"spec": {"parallelism": 2,
                         "flinkConfiguration": {"taskmanager.numberOfTaskSlots": "2", "x": "true"},
                         "resources": {"jobmanager": {"cpu": 1.0, "memory": "1G"}}}}},
            "status": {"state": "RUNNING"}});
        assert_eq!(paths(want, live), Vec::<String>::new());
    }

    #[test]
    fn changed_added_and_removed_fields() {
        let want = json!({"metadata": {"labels": {"team": "ops"}},
            "spec": {"sessionClusterName": null, "deploymentTargetName": "k8s",
                     "template": {"spec": {"parallelism": 2,
                         "flinkConfiguration": {"state.backend": "rocksdb", "s3.secret-key": "new"}}},
                     "tags": ["a", "b"]}});
        let live = json!({"metadata": {"labels": {"team": "data"}},
            "spec": {"sessionClusterName": "sql",
                     "template": {"spec": {"parallelism": 1,
                         "flinkConfiguration": {"s3.secret-key": "old"}}},
                     "tags": ["a"]}});
        assert_eq!(
            paths(want, live),
            [
                "metadata.labels.team: \"data\" → \"ops\"",
                "spec.deploymentTargetName: (none) → \"k8s\"",
                "spec.sessionClusterName: \"sql\" → (removed)",
                "spec.tags: [\"a\"] → [\"a\",\"b\"]",
                "spec.template.spec.flinkConfiguration[\"s3.secret-key\"]: \"***\" → \"***\"",
                "spec.template.spec.flinkConfiguration[\"state.backend\"]: (none) → \"rocksdb\"",
                "spec.template.spec.parallelism: 1 → 2",
            ]
        );
    }

    #[test]
    fn null_for_an_absent_field_is_not_drift() {
        assert!(paths(
            json!({"spec": {"sessionClusterName": null, "x": {}}}),
            json!({"spec": {}})
        )
        .is_empty());
    }

    #[test]
    fn secret_value_is_masked() {
        let d = diff(
            &json!({"spec": {"kind": "PLAIN", "value": "hunter2"}}),
            &json!({"spec": {"kind": "PLAIN", "value": "old"}}),
        );
        assert_eq!(d[0].to_string(), "spec.value: \"***\" → \"***\"");
    }

    #[test]
    fn selectors() {
        let obj = json!({"metadata": {"labels": {"app": "orders", "tier": "web"}}});
        let m = |s: &str| selector_matches(&parse_selector(s).unwrap(), &obj);
        assert!(m("app=orders"));
        assert!(m("app==orders,tier"));
        assert!(m("app=orders,tier!=db,!gone"));
        assert!(!m("app=billing"));
        assert!(!m("app,gone"));
        for bad in ["", "app=orders,", "!app", "a!=b", "=x"] {
            assert!(parse_selector(bad).is_err(), "{bad}");
        }
    }
}
