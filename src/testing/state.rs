//! The fake's state: namespaces, each with its stores of JSON objects, plus the controller
//! bookkeeping the simulated lifecycle needs.

use std::collections::{BTreeMap, HashMap, VecDeque};

use serde_json::{json, Map, Value};

/// Most events kept per namespace (oldest dropped first).
pub(crate) const MAX_EVENTS: usize = 2_000;
/// Most objects of one kind per namespace.
pub(crate) const MAX_OBJECTS: usize = 5_000;
/// Most namespaces.
pub(crate) const MAX_NAMESPACES: usize = 500;

/// A strictly increasing wall clock (RFC 3339, microseconds, UTC), so that `createdAt`
/// orders objects and events even within one microsecond.
#[derive(Default)]
pub(crate) struct Clock {
    last: i64,
}

impl Clock {
    /// The next timestamp.
    pub fn now(&mut self) -> String {
        let mut t = chrono::Utc::now().timestamp_micros();
        if t <= self.last {
            t = self.last + 1;
        }
        self.last = t;
        chrono::DateTime::from_timestamp_micros(t)
            .unwrap_or_default()
            .to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
    }
}

/// A fresh UUID v4 as a string.
pub(crate) fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Whether `s` is a UUID.
pub(crate) fn is_uuid(s: &str) -> bool {
    uuid::Uuid::parse_str(s).is_ok()
}

/// Name rule of a kind.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum NameRule {
    /// 1–63 of `[-0-9a-z]`, no leading/trailing `-`.
    Dns,
    /// 1–250 of `[0-9a-zA-Z_-]`.
    Extended,
}

impl NameRule {
    /// `None` when valid, otherwise the message.
    pub fn check(self, name: &str) -> Option<String> {
        match self {
            NameRule::Dns => {
                let ok = !name.is_empty()
                    && name.len() <= 63
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase() || b == b'-')
                    && !name.starts_with('-')
                    && !name.ends_with('-');
                (!ok).then(|| {
                    "must consist of 1 to 63 lower case alphanumeric characters or '-', and must start and end with an alphanumeric character".to_string()
                })
            }
            NameRule::Extended => {
                let ok = !name.is_empty()
                    && name.len() <= 250
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
                (!ok).then(|| {
                    "must consist of 1 to 250 alphanumeric characters, '-' or '_'".to_string()
                })
            }
        }
    }
}

/// Controller bookkeeping of one deployment (not visible through the API).
#[derive(Clone, Debug, Default)]
pub(crate) struct DeplCtl {
    /// Bumped on every template change.
    pub spec_version: u64,
    /// The spec version the current job runs.
    pub job_version: u64,
    /// The current (non-terminal) job.
    pub job_id: Option<String>,
    /// The savepoint the controller waits for (suspend or stateful upgrade).
    pub pending_savepoint: Option<String>,
    /// Set when the deployment FAILED or FINISHED at this spec version: nothing happens
    /// until the template changes or the desired state leaves RUNNING.
    pub halted_at: Option<u64>,
}

/// Controller bookkeeping of one session cluster.
#[derive(Clone, Debug, Default)]
pub(crate) struct ScCtl {
    pub spec_version: u64,
    pub running_version: u64,
    pub failed_at: Option<u64>,
}

/// A role of an API token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Read-only access.
    Viewer,
    /// Read and write access to resources.
    Editor,
    /// Everything in the namespace, including API tokens.
    Owner,
}

impl Role {
    /// The wire name.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Editor => "editor",
            Role::Owner => "owner",
        }
    }

    /// Parses the wire name.
    pub(crate) fn parse(s: &str) -> Option<Role> {
        match s {
            "viewer" => Some(Role::Viewer),
            "editor" => Some(Role::Editor),
            "owner" => Some(Role::Owner),
            _ => None,
        }
    }
}

/// One namespace and everything in it.
#[derive(Default)]
pub(crate) struct Ns {
    /// The Platform `Namespace` object (`name: namespaces/<n>`, ...).
    pub platform: Value,
    // Application Manager
    pub deployments: Vec<Value>,
    pub targets: Vec<Value>,
    pub sessionclusters: Vec<Value>,
    pub secrets: Vec<Value>,
    pub defaults: Value,
    pub events: VecDeque<Value>,
    pub jobs: Vec<Value>,
    pub savepoints: Vec<Value>,
    pub ctl: HashMap<String, DeplCtl>,
    /// Deployments (by name) whose next job fails instead of starting, with the reason.
    pub fail_on_start: HashMap<String, String>,
    pub sc_ctl: HashMap<String, ScCtl>,
    // Platform
    pub apitokens: Vec<Value>,
    pub sqlscripts: Vec<Value>,
    pub connectors: Vec<Value>,
    pub formats: Vec<Value>,
    pub catalog_connectors: Vec<Value>,
    pub udfartifacts: Vec<Value>,
    pub artifacts: Vec<Value>,
    /// Autopilot policies that were set, by deployment id (others are the default).
    pub autopilot: HashMap<String, Value>,
    /// Tables of the built-in `vvp` catalog: database -> tables.
    pub tables: BTreeMap<String, Vec<Value>>,
    /// Functions of the built-in `vvp` catalog: database -> functions.
    pub functions: BTreeMap<String, Vec<Value>>,
}

impl Ns {
    /// A new, active namespace.
    pub fn new(name: &str, clock: &mut Clock, role_bindings: Option<Value>) -> Ns {
        let now = clock.now();
        let role_bindings = role_bindings
            .unwrap_or_else(|| json!([{"role": "owner", "members": ["system:authenticated"]}]));
        let platform = json!({
            "name": format!("namespaces/{name}"),
            "roleBindings": role_bindings,
            "createTime": now,
            "lifecyclePhase": "LIFECYCLE_PHASE_ACTIVE",
        });
        let defaults = json!({
            "kind": "DeploymentDefaults",
            "apiVersion": "v1",
            "metadata": {
                "id": new_id(),
                "name": "default",
                "namespace": name,
                "createdAt": now,
                "modifiedAt": now,
                "resourceVersion": 1,
                "labels": {},
                "annotations": {},
            },
            "spec": {
                "state": "CANCELLED",
                "upgradeStrategy": {"kind": "STATEFUL"},
                "restoreStrategy": {"kind": "LATEST_STATE", "allowNonRestoredState": false},
                "maxSavepointCreationAttempts": 4,
                "maxJobCreationAttempts": 4,
                "template": {
                    "spec": {
                        "parallelism": 1,
                        "resources": {
                            "jobmanager": {"cpu": 1, "memory": "1G"},
                            "taskmanager": {"cpu": 1, "memory": "2G"},
                        },
                    },
                },
            },
        });
        Ns {
            platform,
            defaults,
            ..Ns::default()
        }
    }

    /// Whether the namespace is being deleted.
    pub fn terminating(&self) -> bool {
        self.platform.get("lifecyclePhase").and_then(Value::as_str)
            == Some("LIFECYCLE_PHASE_TERMINATING")
    }

    /// Appends an event (bounded).
    pub fn event(
        &mut self,
        clock: &mut Clock,
        ns: &str,
        name: &str,
        message: String,
        refs: EventRefs,
    ) {
        let now = clock.now();
        let mut meta = Map::new();
        meta.insert("id".into(), json!(new_id()));
        meta.insert("name".into(), json!(name));
        meta.insert("namespace".into(), json!(ns));
        meta.insert("createdAt".into(), json!(now));
        meta.insert("resourceVersion".into(), json!(1));
        if let Some(d) = refs.deployment_id {
            meta.insert("deploymentId".into(), json!(d));
        }
        if let Some(j) = refs.job_id {
            meta.insert("jobId".into(), json!(j));
        }
        if let Some(s) = refs.session_cluster_id {
            meta.insert("sessionClusterId".into(), json!(s));
        }
        if let Some(r) = refs.resource_name {
            meta.insert("resourceName".into(), json!(r));
        }
        self.events.push_back(json!({
            "kind": "Event",
            "apiVersion": "v1",
            "metadata": meta,
            "spec": {"message": message},
        }));
        while self.events.len() > MAX_EVENTS {
            self.events.pop_front();
        }
    }
}

/// What an event refers to.
#[derive(Default, Clone)]
pub(crate) struct EventRefs {
    pub deployment_id: Option<String>,
    pub job_id: Option<String>,
    pub session_cluster_id: Option<String>,
    pub resource_name: Option<String>,
}

/// Reads `obj.metadata.<field>` as a string.
pub(crate) fn meta_str<'a>(obj: &'a Value, field: &str) -> Option<&'a str> {
    obj.get("metadata")?.get(field)?.as_str()
}

/// Reads a string at a JSON pointer.
pub(crate) fn str_at<'a>(obj: &'a Value, pointer: &str) -> Option<&'a str> {
    obj.pointer(pointer)?.as_str()
}

/// Finds an object in a store by name, or (when `key` is a UUID) first by id.
pub(crate) fn find_idx(store: &[Value], key: &str) -> Option<usize> {
    if is_uuid(key) {
        if let Some(i) = find_by_id(store, key) {
            return Some(i);
        }
    }
    find_by_name(store, key)
}

/// Finds an object by `metadata.name` only.
pub(crate) fn find_by_name(store: &[Value], name: &str) -> Option<usize> {
    store.iter().position(|o| meta_str(o, "name") == Some(name))
}

/// Finds an object by `metadata.id` only.
pub(crate) fn find_by_id(store: &[Value], id: &str) -> Option<usize> {
    store.iter().position(|o| meta_str(o, "id") == Some(id))
}

/// Sets `obj.<path...>` creating objects on the way (no-op when a non-object is in the way).
pub(crate) fn set_path(obj: &mut Value, path: &[&str], v: Value) {
    let Some((last, init)) = path.split_last() else {
        return;
    };
    let mut cur = obj;
    for k in init {
        if !cur.is_object() {
            return;
        }
        let Some(m) = cur.as_object_mut() else { return };
        cur = m.entry(k.to_string()).or_insert_with(|| json!({}));
        if !cur.is_object() {
            *cur = json!({});
        }
    }
    if let Some(m) = cur.as_object_mut() {
        m.insert(last.to_string(), v);
    }
}

/// Bumps `metadata.resourceVersion` and sets `metadata.modifiedAt`.
pub(crate) fn touch(obj: &mut Value, clock: &mut Clock) {
    let rv = obj
        .pointer("/metadata/resourceVersion")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    set_path(obj, &["metadata", "resourceVersion"], json!(rv + 1));
    set_path(obj, &["metadata", "modifiedAt"], json!(clock.now()));
}

/// Recursive merge for defaults: objects merge, everything else from `over` wins.
pub(crate) fn deep_merge(base: &Value, over: &Value) -> Value {
    match (base, over) {
        (Value::Object(b), Value::Object(o)) => {
            let mut out = b.clone();
            for (k, v) in o {
                let merged = match out.get(k) {
                    Some(bv) => deep_merge(bv, v),
                    None => v.clone(),
                };
                out.insert(k.clone(), merged);
            }
            Value::Object(out)
        }
        (_, o) => o.clone(),
    }
}

/// Parses a label selector `k=v,k2=v2` (also `k==v`, `k!=v`, `k`, `!k`).
pub(crate) fn parse_selector(s: &str) -> Result<Vec<(String, SelOp)>, String> {
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (key, op) = if let Some((k, v)) = part.split_once("!=") {
            (k.trim(), SelOp::Ne(v.trim().to_string()))
        } else if let Some((k, v)) = part.split_once("==") {
            (k.trim(), SelOp::Eq(v.trim().to_string()))
        } else if let Some((k, v)) = part.split_once('=') {
            (k.trim(), SelOp::Eq(v.trim().to_string()))
        } else if let Some(k) = part.strip_prefix('!') {
            (k.trim(), SelOp::Absent)
        } else {
            (part, SelOp::Present)
        };
        if key.is_empty() || key.contains(char::is_whitespace) {
            return Err(format!("Invalid label selector: '{s}'"));
        }
        out.push((key.to_string(), op));
    }
    Ok(out)
}

/// One label selector requirement.
pub(crate) enum SelOp {
    Eq(String),
    Ne(String),
    Present,
    Absent,
}

/// Whether an object's labels satisfy a parsed selector.
pub(crate) fn selector_matches(obj: &Value, sel: &[(String, SelOp)]) -> bool {
    let labels = obj.pointer("/metadata/labels");
    sel.iter().all(|(k, op)| {
        let v = labels.and_then(|l| l.get(k)).and_then(Value::as_str);
        match op {
            SelOp::Eq(want) => v == Some(want.as_str()),
            SelOp::Ne(want) => v != Some(want.as_str()),
            SelOp::Present => v.is_some(),
            SelOp::Absent => v.is_none(),
        }
    })
}
