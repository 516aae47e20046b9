//! The simulated controller: one deterministic step at a time.
//!
//! A *step* of a deployment moves it one observable stage towards its desired state
//! (e.g. CANCELLED -> TRANSITIONING with a STARTING job -> RUNNING with a STARTED job).
//! Every step that changes something returns `true`.

use serde_json::{json, Value};

use super::state::{
    find_by_id, meta_str, new_id, set_path, str_at, touch, Clock, DeplCtl, EventRefs, Ns, ScCtl,
    MAX_OBJECTS,
};

const ANN_SPEC_VERSION: &str = "com.dataartisans.appmanager.controller.deployment.spec.version";
const ANN_TRANSITIONING: &str = "com.dataartisans.appmanager.controller.deployment.transitioning";
const ANN_TRANSITIONING_SINCE: &str =
    "com.dataartisans.appmanager.controller.deployment.transitioning.since";

/// What a deployment step looks at.
struct DepView {
    dep: Value,
    name: String,
    status: String,
    job: Option<String>,
    job_state: Option<String>,
}

/// The deployment a run of controller events is written about.
#[derive(Clone, Copy)]
struct DepRef<'a> {
    id: &'a str,
    name: &'a str,
}

/// Context of one controller run in one namespace.
pub(crate) struct Ctx<'a> {
    pub ns: &'a mut Ns,
    pub clock: &'a mut Clock,
    pub ns_name: &'a str,
}

impl Ctx<'_> {
    fn dep_idx(&self, id: &str) -> Option<usize> {
        find_by_id(&self.ns.deployments, id)
    }

    /// Writes an event about deployment `d` (and `job`, when there is one).
    fn dep_event(&mut self, d: DepRef<'_>, job: Option<&str>, kind: &str, message: String) {
        self.ns.event(
            self.clock,
            self.ns_name,
            kind,
            message,
            EventRefs {
                deployment_id: Some(d.id.to_string()),
                job_id: job.map(str::to_string),
                session_cluster_id: None,
                resource_name: Some(d.name.to_string()),
            },
        );
    }

    /// Marks deployment `d` TRANSITIONING and says it needs to go from `status` to `target`.
    fn needs_transition(&mut self, d: DepRef<'_>, job: Option<&str>, status: &str, target: &str) {
        self.transitioning(d.id);
        self.dep_event(
            d,
            job,
            "STATE_TRANSITION_IS_NEEDED",
            format!(
                "Deployment {} needs to transition from {status} to {target}.",
                d.name
            ),
        );
    }

    /// Marks deployment `d` TRANSITIONING towards `spec_version` of its template, running
    /// `job_id`, with upgrade strategy `upgrade`.
    fn upgrade_events(&mut self, d: DepRef<'_>, job_id: &str, spec_version: u64, upgrade: &str) {
        self.transitioning(d.id);
        self.dep_event(
            d,
            Some(job_id),
            "STATE_TRANSITION_IS_NEEDED",
            format!(
                "Deployment {} needs to be upgraded to spec version {spec_version}.",
                d.name
            ),
        );
        self.dep_event(
            d,
            Some(job_id),
            "USING_AN_UPGRADE_STRATEGY",
            format!("Using upgrade strategy {upgrade}."),
        );
    }

    /// Sets the status of deployment `d` and says it transitioned to `target`.
    fn transitioned(&mut self, d: DepRef<'_>, job: Option<&str>, status: Value, target: &str) {
        self.set_dep_status(d.id, status);
        self.dep_event(
            d,
            job,
            "STATE_TRANSITION_IS_COMPLETED",
            format!("Deployment {} transitioned to {target}.", d.name),
        );
    }

    /// Makes `job_id` of deployment `d` TERMINATING and writes the event saying why.
    fn terminate_job(&mut self, d: DepRef<'_>, job_id: &str, kind: &str, message: String) {
        self.set_job_state(job_id, "TERMINATING", None);
        self.dep_event(d, Some(job_id), kind, message);
    }

    /// Moves savepoint `sp` to `state` if it is still STARTED; says whether it did.
    fn settle_savepoint(&mut self, sp: &str, state: &str) -> bool {
        let started = self.sp_state(sp).as_deref() == Some("STARTED");
        if started {
            self.set_sp_state(sp, state);
        }
        started
    }

    fn sc_event(&mut self, name: &str, message: String, sc_id: &str, resource_name: &str) {
        self.ns.event(
            self.clock,
            self.ns_name,
            name,
            message,
            EventRefs {
                deployment_id: None,
                job_id: None,
                session_cluster_id: Some(sc_id.to_string()),
                resource_name: Some(resource_name.to_string()),
            },
        );
    }

    fn job_state(&self, job_id: &str) -> Option<String> {
        let i = find_by_id(&self.ns.jobs, job_id)?;
        self.ns
            .jobs
            .get(i)
            .and_then(|j| str_at(j, "/status/state"))
            .map(str::to_string)
    }

    /// Sets a job's state (and `started`/`terminatedAt`/`failure` as fits).
    fn set_job_state(&mut self, job_id: &str, state: &str, failure: Option<&str>) {
        let Some(i) = find_by_id(&self.ns.jobs, job_id) else {
            return;
        };
        let now = self.clock.now();
        let Some(job) = self.ns.jobs.get_mut(i) else {
            return;
        };
        set_path(job, &["status", "state"], json!(state));
        match state {
            "STARTED" => set_path(
                job,
                &["status", "started"],
                json!({
                    "flinkJobId": job_id.replace('-', ""),
                    "startedAt": now,
                    "lastUpdateTime": now,
                    "observedFlinkJobStatus": "RUNNING",
                    "observedFlinkJobRestarts": 0,
                }),
            ),
            "TERMINATED" | "FAILED" | "FINISHED" => {
                set_path(job, &["metadata", "terminatedAt"], json!(now));
                if let Some(s) = job.pointer_mut("/status/started/observedFlinkJobStatus") {
                    *s = json!(match state {
                        "FAILED" => "FAILED",
                        "FINISHED" => "FINISHED",
                        _ => "CANCELED",
                    });
                }
            }
            _ => {}
        }
        if let Some(reason) = failure {
            set_path(
                job,
                &["status", "failure"],
                json!({"message": reason, "reason": "FlinkJobFailed", "failedAt": now}),
            );
        }
        touch(job, self.clock);
    }

    fn sp_state(&self, sp_id: &str) -> Option<String> {
        let i = find_by_id(&self.ns.savepoints, sp_id)?;
        self.ns
            .savepoints
            .get(i)
            .and_then(|s| str_at(s, "/status/state"))
            .map(str::to_string)
    }

    fn set_sp_state(&mut self, sp_id: &str, state: &str) {
        let Some(i) = find_by_id(&self.ns.savepoints, sp_id) else {
            return;
        };
        let now = self.clock.now();
        if let Some(sp) = self.ns.savepoints.get_mut(i) {
            set_path(sp, &["status", "state"], json!(state));
            if state == "FAILED" {
                set_path(
                    sp,
                    &["status", "failure"],
                    json!({"message": "The job terminated before the savepoint completed.", "reason": "JobTerminated", "failedAt": now}),
                );
            }
            touch(sp, self.clock);
        }
    }

    /// Sets a deployment's status (and the controller's transitioning annotations).
    fn set_dep_status(&mut self, dep_id: &str, status: Value) {
        let Some(i) = self.dep_idx(dep_id) else {
            return;
        };
        let now = self.clock.now();
        let Some(dep) = self.ns.deployments.get_mut(i) else {
            return;
        };
        let transitioning = status.get("state").and_then(Value::as_str) == Some("TRANSITIONING");
        let was = str_at(
            dep,
            "/metadata/annotations/com.dataartisans.appmanager.controller.deployment.transitioning",
        ) == Some("true");
        set_path(
            dep,
            &["metadata", "annotations", ANN_TRANSITIONING],
            json!(transitioning.to_string()),
        );
        if transitioning && !was {
            set_path(
                dep,
                &["metadata", "annotations", ANN_TRANSITIONING_SINCE],
                json!(now),
            );
        }
        if !transitioning {
            if let Some(a) = dep
                .pointer_mut("/metadata/annotations")
                .and_then(Value::as_object_mut)
            {
                a.remove(ANN_TRANSITIONING_SINCE);
            }
        }
        if let Some(m) = dep.as_object_mut() {
            m.insert("status".into(), status);
        }
        touch(dep, self.clock);
    }

    fn transitioning(&mut self, dep_id: &str) {
        self.set_dep_status(dep_id, json!({"state": "TRANSITIONING"}));
    }

    /// Creates a job for a deployment (state STARTING) and returns its id.
    fn create_job(&mut self, dep: &Value, spec_version: u64) -> Option<String> {
        if self.ns.jobs.len() >= MAX_OBJECTS {
            // Bounded: drop the oldest terminal job.
            let terminal = self.ns.jobs.iter().position(|j| {
                matches!(
                    str_at(j, "/status/state"),
                    Some("TERMINATED" | "FAILED" | "FINISHED")
                )
            })?;
            self.ns.jobs.remove(terminal);
        }
        let dep_id = meta_str(dep, "id")?.to_string();
        let dep_name = meta_str(dep, "name").unwrap_or_default().to_string();
        let id = new_id();
        let now = self.clock.now();
        let spec = self.job_spec(dep, &dep_id);
        let mut meta = json!({
            "id": id,
            "namespace": self.ns_name,
            "createdAt": now,
            "modifiedAt": now,
            "deploymentId": dep_id,
            "deploymentName": dep_name,
            "resourceVersion": 1,
            "annotations": {ANN_SPEC_VERSION: spec_version.to_string()},
        });
        if let Some(sc) = str_at(dep, "/spec/sessionClusterName") {
            set_path(&mut meta, &["sessionClusterName"], json!(sc));
        }
        self.ns.jobs.push(json!({
            "kind": "Job",
            "apiVersion": "v1",
            "metadata": meta,
            "spec": spec,
            "status": {"state": "STARTING"},
        }));
        Some(id)
    }

    /// A job's spec from its deployment's template: the Flink settings, the target's
    /// Kubernetes settings, and where to restore from.
    fn job_spec(&self, dep: &Value, dep_id: &str) -> serde_json::Map<String, Value> {
        let tspec = dep
            .pointer("/spec/template/spec")
            .cloned()
            .unwrap_or(json!({}));
        let mut spec = serde_json::Map::new();
        for k in [
            "artifact",
            "flinkConfiguration",
            "parallelism",
            "numberOfTaskManagers",
            "resources",
            "logging",
            "kubernetes",
        ] {
            if let Some(v) = tspec.get(k) {
                spec.insert(k.into(), v.clone());
            }
        }
        if let Some(fc) = tspec.get("flinkConfiguration") {
            spec.insert("userFlinkConfiguration".into(), fc.clone());
        }
        let allow_nrs = dep
            .pointer("/spec/restoreStrategy/allowNonRestoredState")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        spec.insert("allowNonRestoredState".into(), json!(allow_nrs));
        if let Some(tid) = str_at(dep, "/spec/deploymentTargetId") {
            if let Some(t) = self
                .ns
                .targets
                .iter()
                .find(|t| meta_str(t, "id") == Some(tid))
            {
                if let Some(k) = t.pointer("/spec/kubernetes") {
                    spec.insert("deploymentTarget".into(), json!({"kubernetes": k}));
                }
            }
        }
        if let Some(l) = self.restore_location(dep, dep_id) {
            spec.insert("savepointLocation".into(), json!(l));
        }
        spec
    }

    /// The restore strategy's savepoint: the newest completed one of this deployment
    /// (for `LATEST_SAVEPOINT`, not a retained checkpoint); none for `NONE`.
    fn restore_location(&self, dep: &Value, dep_id: &str) -> Option<String> {
        // Restore strategy: pick the newest completed savepoint of this deployment.
        let restore = str_at(dep, "/spec/restoreStrategy/kind").unwrap_or("LATEST_STATE");
        if restore == "NONE" {
            return None;
        }
        self.ns
            .savepoints
            .iter()
            .rev()
            .filter(|s| meta_str(s, "deploymentId") == Some(dep_id))
            .filter(|s| str_at(s, "/status/state") == Some("COMPLETED"))
            .filter(|s| {
                restore != "LATEST_SAVEPOINT"
                    || meta_str(s, "origin") != Some("RETAINED_CHECKPOINT")
            })
            .find_map(|s| str_at(s, "/spec/savepointLocation"))
            .map(str::to_string)
    }

    /// Creates a savepoint and returns its id.
    pub fn create_savepoint(
        &mut self,
        dep: &Value,
        job_id: Option<&str>,
        origin: &str,
        state: &str,
        location: Option<String>,
    ) -> Option<String> {
        if self.ns.savepoints.len() >= MAX_OBJECTS {
            return None;
        }
        let dep_id = meta_str(dep, "id")?.to_string();
        let id = new_id();
        let now = self.clock.now();
        let base = str_at(
            dep,
            "/spec/template/spec/flinkConfiguration/state.savepoints.dir",
        )
        .map(|s| s.trim_end_matches('/').to_string())
        .unwrap_or_else(|| "s3://vvp/flink-savepoints".to_string());
        let location = location.unwrap_or_else(|| {
            format!(
                "{base}/namespaces/{}/deployments/{dep_id}/{id}",
                self.ns_name
            )
        });
        let spec_version = str_at(
            dep,
            "/metadata/annotations/com.dataartisans.appmanager.controller.deployment.spec.version",
        )
        .unwrap_or("1")
        .to_string();
        let mut meta = json!({
            "id": id,
            "namespace": self.ns_name,
            "createdAt": now,
            "modifiedAt": now,
            "deploymentId": dep_id,
            "origin": origin,
            "type": "FULL",
            "resourceVersion": 1,
            "annotations": {ANN_SPEC_VERSION: spec_version},
        });
        if let Some(j) = job_id {
            set_path(&mut meta, &["jobId"], json!(j));
        }
        self.ns.savepoints.push(json!({
            "kind": "Savepoint",
            "apiVersion": "v1",
            "metadata": meta,
            "spec": {"savepointLocation": location, "flinkSavepointId": new_id()},
            "status": {"state": state},
        }));
        Some(id)
    }

    fn running_status(&mut self, job_id: &str) -> Value {
        json!({
            "state": "RUNNING",
            "running": {"jobId": job_id, "transitionTime": self.clock.now(), "conditions": []},
        })
    }

    /// One step of a deployment. Returns whether anything changed.
    pub fn step_deployment(&mut self, dep_id: &str) -> bool {
        let Some(i) = self.dep_idx(dep_id) else {
            return false;
        };
        let Some(dep) = self.ns.deployments.get(i).cloned() else {
            return false;
        };
        let name = meta_str(&dep, "name").unwrap_or_default().to_string();
        let desired = str_at(&dep, "/spec/state")
            .unwrap_or("CANCELLED")
            .to_string();
        let status = str_at(&dep, "/status/state")
            .unwrap_or("CANCELLED")
            .to_string();
        let mut ctl = self.ns.ctl.get(dep_id).cloned().unwrap_or_default();
        let job = ctl.job_id.clone();
        let job_state = job.as_deref().and_then(|j| self.job_state(j));
        let view = DepView {
            dep,
            name,
            status,
            job,
            job_state,
        };
        let changed = match desired.as_str() {
            "RUNNING" => self.step_running(&view, &mut ctl),
            "SUSPENDED" => self.step_stop(&view, &mut ctl, true),
            _ => self.step_stop(&view, &mut ctl, false),
        };
        self.ns.ctl.insert(dep_id.to_string(), ctl);
        changed
    }

    fn step_running(&mut self, v: &DepView, ctl: &mut DeplCtl) -> bool {
        let (dep, name, status) = (&v.dep, v.name.as_str(), v.status.as_str());
        let (job, job_state) = (v.job.as_deref(), v.job_state.as_deref());
        let dep_id = meta_str(dep, "id").unwrap_or_default().to_string();
        let d = DepRef { id: &dep_id, name };
        if ctl.halted_at == Some(ctl.spec_version) {
            return false;
        }
        match (job, job_state) {
            (Some(_), Some("STARTING")) if self.ns.fail_on_start.contains_key(name) => {
                let reason = self.ns.fail_on_start.remove(name).unwrap_or_default();
                // `fail_deployment` keeps its own copy of the controller state.
                self.ns.ctl.insert(dep_id.clone(), ctl.clone());
                self.fail_deployment(&dep_id, &reason);
                *ctl = self.ns.ctl.get(&dep_id).cloned().unwrap_or_default();
                true
            }
            (Some(job_id), Some("STARTING")) => {
                self.set_job_state(job_id, "STARTED", None);
                self.dep_event(
                    d,
                    Some(job_id),
                    "JOB_SUCCESSFULLY_STARTED",
                    format!("Job {job_id} of deployment {name} started successfully."),
                );
                let st = self.running_status(job_id);
                self.transitioned(d, Some(job_id), st, "RUNNING");
                true
            }
            (Some(job_id), Some("STARTED")) => self.job_started(d, dep, job_id, status, ctl),
            (Some(job_id), Some("TERMINATING")) => {
                self.set_job_state(job_id, "TERMINATED", None);
                ctl.job_id = None;
                true
            }
            _ => self.start_job(d, dep, status, ctl),
        }
    }

    /// A RUNNING deployment whose job runs: settle it, or upgrade it to a new template
    /// (STATEFUL: savepoint first; STATELESS: terminate; NONE: keep it).
    fn job_started(
        &mut self,
        d: DepRef<'_>,
        dep: &Value,
        job_id: &str,
        status: &str,
        ctl: &mut DeplCtl,
    ) -> bool {
        let upgrade = str_at(dep, "/spec/upgradeStrategy/kind").unwrap_or("STATEFUL");
        if ctl.job_version == ctl.spec_version || upgrade == "NONE" {
            let mut changed = false;
            // A savepoint left over from an interrupted suspension completes.
            if let Some(sp) = ctl.pending_savepoint.take() {
                changed = self.settle_savepoint(&sp, "COMPLETED");
            }
            if status != "RUNNING" {
                let st = self.running_status(job_id);
                self.transitioned(d, Some(job_id), st, "RUNNING");
                changed = true;
            }
            return changed;
        }
        self.upgrade_job(d, dep, job_id, upgrade, ctl);
        true
    }

    /// Upgrade the job to the new template: STATEFUL takes a savepoint first and
    /// terminates the job once it completed; otherwise the job is terminated at once.
    fn upgrade_job(
        &mut self,
        d: DepRef<'_>,
        dep: &Value,
        job_id: &str,
        upgrade: &str,
        ctl: &mut DeplCtl,
    ) {
        if upgrade == "STATEFUL" {
            match ctl.pending_savepoint.clone() {
                None => {
                    self.upgrade_events(d, job_id, ctl.spec_version, upgrade);
                    self.dep_event(
                        d,
                        Some(job_id),
                        "NEED_TO_TRIGGER_A_SAVEPOINT",
                        format!("Triggering a savepoint for job {job_id}."),
                    );
                    ctl.pending_savepoint =
                        self.create_savepoint(dep, Some(job_id), "SUSPEND", "STARTED", None);
                }
                Some(sp) => {
                    self.settle_savepoint(&sp, "COMPLETED");
                    ctl.pending_savepoint = None;
                    self.terminate_job(
                        d,
                        job_id,
                        "FOUND_AN_OLD_JOB_AND_WILL_TERMINATE_IT",
                        format!("Savepoint {sp} completed; terminating job {job_id}."),
                    );
                }
            }
        } else {
            self.upgrade_events(d, job_id, ctl.spec_version, upgrade);
            self.terminate_job(
                d,
                job_id,
                "FOUND_AN_OLD_JOB_AND_WILL_TERMINATE_IT",
                format!("Terminating job {job_id}."),
            );
        }
    }

    /// A RUNNING deployment without an active job: create one (a new cluster for it).
    fn start_job(&mut self, d: DepRef<'_>, dep: &Value, status: &str, ctl: &mut DeplCtl) -> bool {
        let name = d.name;
        // No active job: start one.
        ctl.job_id = None;
        if status != "TRANSITIONING" {
            self.needs_transition(d, None, status, "RUNNING");
        }
        let Some(job_id) = self.create_job(dep, ctl.spec_version) else {
            return true;
        };
        ctl.job_id = Some(job_id.clone());
        ctl.job_version = ctl.spec_version;
        self.dep_event(
            d,
            Some(&job_id),
            "CREATING_A_NEW_JOB",
            format!("Creating a new job {job_id} for deployment {name}."),
        );
        self.dep_event(
            d,
            Some(&job_id),
            "SPINNING_UP_A_CLUSTER_FOR_A_JOB",
            format!("Spinning up a Flink cluster for job {job_id}."),
        );
        self.dep_event(
            d,
            Some(&job_id),
            "AWAITING_A_JOB_TO_START",
            format!("Waiting for job {job_id} to start."),
        );
        true
    }

    fn step_stop(&mut self, v: &DepView, ctl: &mut DeplCtl, suspend: bool) -> bool {
        let (dep, name, status) = (&v.dep, v.name.as_str(), v.status.as_str());
        let (job, job_state) = (v.job.as_deref(), v.job_state.as_deref());
        let dep_id = meta_str(dep, "id").unwrap_or_default().to_string();
        let d = DepRef { id: &dep_id, name };
        let target = if suspend { "SUSPENDED" } else { "CANCELLED" };
        match (job, job_state) {
            (Some(job_id), Some("STARTED")) if suspend => {
                self.suspend_with_savepoint(d, dep, job_id, status, ctl)
            }
            (Some(job_id), Some("STARTING" | "STARTED")) => {
                if let Some(sp) = ctl.pending_savepoint.take() {
                    self.settle_savepoint(&sp, "FAILED");
                }
                self.needs_transition(d, Some(job_id), status, target);
                self.terminate_job(
                    d,
                    job_id,
                    "FOUND_A_JOB_TO_TERMINATE",
                    format!("Terminating job {job_id}."),
                );
                true
            }
            (Some(job_id), Some("TERMINATING")) => {
                self.set_job_state(job_id, "TERMINATED", None);
                ctl.job_id = None;
                self.transitioned(d, Some(job_id), json!({"state": target}), target);
                true
            }
            _ => {
                ctl.job_id = None;
                if status == target {
                    return false;
                }
                if suspend && status != "SUSPENDED" {
                    self.dep_event(
                        d,
                        None,
                        "COULD_NOT_FIND_A_JOB_TO_SUSPEND",
                        format!("Deployment {name} has no job to suspend."),
                    );
                }
                ctl.halted_at = None;
                self.transitioned(d, None, json!({"state": target}), target);
                true
            }
        }
    }

    /// Suspending a running job: take a savepoint, and once it completed, terminate the
    /// job.
    fn suspend_with_savepoint(
        &mut self,
        d: DepRef<'_>,
        dep: &Value,
        job_id: &str,
        status: &str,
        ctl: &mut DeplCtl,
    ) -> bool {
        match ctl.pending_savepoint.clone() {
            None => {
                self.needs_transition(d, Some(job_id), status, "SUSPENDED");
                self.dep_event(
                    d,
                    Some(job_id),
                    "CREATING_A_SAVEPOINT_BEFORE_SUSPENSION",
                    format!("Creating a savepoint for job {job_id} before suspension."),
                );
                ctl.pending_savepoint =
                    self.create_savepoint(dep, Some(job_id), "SUSPEND", "STARTED", None);
                self.dep_event(
                    d,
                    Some(job_id),
                    "AWAITING_SAVEPOINT_COMPLETION_TO_TRANSITION_TO_SUSPENDED",
                    "Waiting for the savepoint to complete.".to_string(),
                );
            }
            Some(sp) => {
                self.settle_savepoint(&sp, "COMPLETED");
                ctl.pending_savepoint = None;
                self.dep_event(
                    d,
                    Some(job_id),
                    "FOUND_A_COMPLETED_SAVEPOINT_READY_FOR_SUSPENSION",
                    format!("Savepoint {sp} completed."),
                );
                self.terminate_job(
                    d,
                    job_id,
                    "AWAITING_A_JOB_TO_TERMINATE",
                    format!("Waiting for job {job_id} to terminate."),
                );
            }
        }
        true
    }

    /// Makes a deployment FAILED: its job fails, a failure event is written and the status
    /// carries the failure and a `JobFailing` condition.
    pub fn fail_deployment(&mut self, dep_id: &str, reason: &str) -> bool {
        let Some(i) = self.dep_idx(dep_id) else {
            return false;
        };
        let Some(dep) = self.ns.deployments.get(i).cloned() else {
            return false;
        };
        let name = meta_str(&dep, "name").unwrap_or_default().to_string();
        let d = DepRef {
            id: dep_id,
            name: &name,
        };
        let mut ctl = self.ns.ctl.get(dep_id).cloned().unwrap_or_default();
        let job = ctl.job_id.take();
        if let Some(j) = &job {
            self.set_job_state(j, "FAILED", Some(reason));
            self.dep_event(
                d,
                Some(j),
                "TERMINATING_A_JOB_DUE_TO_AN_UNRECOVERABLE_FAILURE",
                format!("Job {j} failed: {reason}"),
            );
        } else {
            self.dep_event(
                d,
                None,
                "GENERAL_FAILURE",
                format!("Deployment {name} failed: {reason}"),
            );
        }
        if let Some(sp) = ctl.pending_savepoint.take() {
            self.set_sp_state(&sp, "FAILED");
        }
        ctl.halted_at = Some(ctl.spec_version);
        self.ns.ctl.insert(dep_id.to_string(), ctl);
        let now = self.clock.now();
        let mut status = json!({
            "state": "FAILED",
            "failure": {"message": reason, "reason": "JobFailed", "failedAt": now},
            "running": {
                "transitionTime": now,
                "conditions": [{
                    "type": "JobFailing",
                    "status": "True",
                    "message": reason,
                    "reason": "JobFailed",
                    "lastTransitionTime": now,
                    "lastUpdateTime": now,
                }],
            },
        });
        if let Some(j) = &job {
            set_path(&mut status, &["running", "jobId"], json!(j));
        }
        self.set_dep_status(dep_id, status);
        true
    }

    /// Makes a deployment's job FINISHED (a bounded job ran to completion).
    pub fn finish_deployment(&mut self, dep_id: &str) -> bool {
        let Some(i) = self.dep_idx(dep_id) else {
            return false;
        };
        let name = self
            .ns
            .deployments
            .get(i)
            .and_then(|d| meta_str(d, "name"))
            .unwrap_or_default()
            .to_string();
        let d = DepRef {
            id: dep_id,
            name: &name,
        };
        let mut ctl = self.ns.ctl.get(dep_id).cloned().unwrap_or_default();
        let job = ctl.job_id.take();
        if let Some(j) = &job {
            self.set_job_state(j, "FINISHED", None);
            self.dep_event(
                d,
                Some(j),
                "JOB_SUCCESSFULLY_FINISHED",
                format!("Job {j} finished."),
            );
        }
        self.dep_event(
            d,
            job.as_deref(),
            "TRANSITIONED_TO_FINISHED_STATE",
            format!("Deployment {name} transitioned to FINISHED."),
        );
        ctl.halted_at = Some(ctl.spec_version);
        self.ns.ctl.insert(dep_id.to_string(), ctl);
        self.set_dep_status(dep_id, json!({"state": "FINISHED"}));
        true
    }

    /// One step of a savepoint not owned by a deployment transition: a user-requested
    /// savepoint completes; a savepoint pending deletion disappears.
    pub fn step_savepoint(&mut self, sp_id: &str) -> bool {
        let Some(i) = find_by_id(&self.ns.savepoints, sp_id) else {
            return false;
        };
        let Some(sp) = self.ns.savepoints.get(i).cloned() else {
            return false;
        };
        let dep_id = meta_str(&sp, "deploymentId")
            .unwrap_or_default()
            .to_string();
        // Owned by a deployment transition: that deployment's step drives it.
        let owner = self
            .ns
            .ctl
            .iter()
            .find(|(_, c)| c.pending_savepoint.as_deref() == Some(sp_id))
            .map(|(d, _)| d.clone());
        if let Some(d) = owner {
            return self.step_deployment(&d);
        }
        let dep_name = self
            .dep_idx(&dep_id)
            .and_then(|d| self.ns.deployments.get(d))
            .and_then(|d| meta_str(d, "name"))
            .unwrap_or_default()
            .to_string();
        let job_id = meta_str(&sp, "jobId").map(str::to_string);
        let d = DepRef {
            id: &dep_id,
            name: &dep_name,
        };
        match str_at(&sp, "/status/state") {
            Some("STARTED") => {
                self.set_sp_state(sp_id, "COMPLETED");
                self.dep_event(
                    d,
                    job_id.as_deref(),
                    "SUCCESSFULLY_TRIGGERED_A_SAVEPOINT",
                    format!("Savepoint {sp_id} completed."),
                );
                true
            }
            Some("PENDING_DELETION" | "DELETING") => {
                self.ns
                    .savepoints
                    .retain(|s| meta_str(s, "id") != Some(sp_id));
                self.dep_event(
                    d,
                    job_id.as_deref(),
                    "SUCCESSFULLY_DELETED_SAVEPOINT",
                    format!("Savepoint {sp_id} was deleted."),
                );
                true
            }
            _ => false,
        }
    }

    /// One step of a session cluster.
    pub fn step_session_cluster(&mut self, sc_id: &str) -> bool {
        let Some(i) = find_by_id(&self.ns.sessionclusters, sc_id) else {
            return false;
        };
        let Some(sc) = self.ns.sessionclusters.get(i).cloned() else {
            return false;
        };
        let name = meta_str(&sc, "name").unwrap_or_default().to_string();
        let desired = str_at(&sc, "/spec/state").unwrap_or("STOPPED");
        let status = str_at(&sc, "/status/state").unwrap_or("STOPPED");
        let mut ctl: ScCtl = self.ns.sc_ctl.get(sc_id).cloned().unwrap_or_default();
        let now = self.clock.now();
        let (new_status, event): (Option<Value>, Option<(&str, String)>) = match (desired, status) {
            ("RUNNING", _) if ctl.failed_at == Some(ctl.spec_version) => (None, None),
            ("RUNNING", "STOPPED" | "FAILED") => (
                Some(json!({"state": "STARTING"})),
                Some((
                    "SPINNING_UP_A_CLUSTER_FOR_A_SESSION_CLUSTER",
                    format!("Spinning up session cluster {name}."),
                )),
            ),
            ("RUNNING", "STARTING" | "UPDATING") => {
                ctl.running_version = ctl.spec_version;
                (
                    Some(
                        json!({"state": "RUNNING", "running": {"startedAt": now, "lastUpdateTime": now}}),
                    ),
                    Some((
                        "SESSION_CLUSTER_SUCCESSFULLY_STARTED",
                        format!("Session cluster {name} started."),
                    )),
                )
            }
            ("RUNNING", "RUNNING") if ctl.running_version != ctl.spec_version => {
                let mut st = sc.get("status").cloned().unwrap_or(json!({}));
                set_path(&mut st, &["state"], json!("UPDATING"));
                (Some(st), None)
            }
            ("RUNNING", "STOPPING") => (Some(json!({"state": "STOPPED"})), None),
            ("STOPPED", "STARTING" | "RUNNING" | "UPDATING") => {
                (Some(json!({"state": "STOPPING"})), None)
            }
            ("STOPPED", "STOPPING") => (
                Some(json!({"state": "STOPPED"})),
                Some((
                    "SESSION_CLUSTER_SUCCESSFULLY_STOPPED",
                    format!("Session cluster {name} stopped."),
                )),
            ),
            ("STOPPED", "FAILED") => (Some(json!({"state": "STOPPED"})), None),
            _ => (None, None),
        };
        if desired == "STOPPED" {
            ctl.failed_at = None;
        }
        self.ns.sc_ctl.insert(sc_id.to_string(), ctl);
        let Some(st) = new_status else {
            return false;
        };
        self.set_session_cluster_status(i, st);
        if let Some((ev, msg)) = event {
            self.sc_event(ev, msg, sc_id, &name);
        }
        true
    }

    /// Writes a session cluster's new status; a RUNNING one holds its resources and has
    /// an open reference list.
    fn set_session_cluster_status(&mut self, i: usize, st: Value) {
        let running = st.get("state").and_then(Value::as_str) == Some("RUNNING");
        if let Some(obj) = self.ns.sessionclusters.get_mut(i) {
            if running {
                set_path(
                    obj,
                    &[
                        "metadata",
                        "annotations",
                        "com.dataartisans.appmanager.controller.references",
                    ],
                    json!("{\"state\":\"OPEN\",\"references\":[]}"),
                );
                set_path(
                    obj,
                    &[
                        "metadata",
                        "annotations",
                        "com.dataartisans.appmanager.controller.sessioncluster.resources.acquired",
                    ],
                    json!("true"),
                );
            }
            if let Some(m) = obj.as_object_mut() {
                m.insert("status".into(), st);
            }
            touch(obj, self.clock);
        }
    }

    /// Makes a session cluster FAILED.
    pub fn fail_session_cluster(&mut self, sc_id: &str, reason: &str) -> bool {
        let Some(i) = find_by_id(&self.ns.sessionclusters, sc_id) else {
            return false;
        };
        let now = self.clock.now();
        let mut ctl: ScCtl = self.ns.sc_ctl.get(sc_id).cloned().unwrap_or_default();
        ctl.failed_at = Some(ctl.spec_version);
        self.ns.sc_ctl.insert(sc_id.to_string(), ctl);
        let mut name = String::new();
        if let Some(obj) = self.ns.sessionclusters.get_mut(i) {
            name = meta_str(obj, "name").unwrap_or_default().to_string();
            if let Some(m) = obj.as_object_mut() {
                m.insert(
                    "status".into(),
                    json!({"state": "FAILED", "failure": {"message": reason, "reason": "ClusterFailed", "failedAt": now}}),
                );
            }
            touch(obj, self.clock);
        }
        self.sc_event(
            "TERMINATING_A_SESSION_CLUSTER_DUE_TO_AN_UNRECOVERABLE_FAILURE",
            format!("Session cluster {name} failed: {reason}"),
            sc_id,
            &name,
        );
        true
    }

    /// One step of everything in the namespace. Returns whether anything changed.
    pub fn tick(&mut self) -> bool {
        let mut changed = false;
        for id in ids(&self.ns.sessionclusters) {
            changed |= self.step_session_cluster(&id);
        }
        let owned: Vec<String> = self
            .ns
            .ctl
            .values()
            .filter_map(|c| c.pending_savepoint.clone())
            .collect();
        for id in ids(&self.ns.savepoints) {
            if owned.contains(&id) {
                continue;
            }
            changed |= self.step_savepoint(&id);
        }
        for id in ids(&self.ns.deployments) {
            changed |= self.step_deployment(&id);
        }
        changed
    }
}

/// The ids of the objects in `list`, in order.
fn ids(list: &[Value]) -> Vec<String> {
    list.iter()
        .filter_map(|o| meta_str(o, "id").map(str::to_string))
        .collect()
}
