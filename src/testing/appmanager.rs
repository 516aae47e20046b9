//! The Application Manager API (`/api/v1/...`).

use serde_json::{json, Map, Value};

use super::http::{am_error, am_validation, spring_error, type_name, FieldError, Req, Resp};
use super::lifecycle::Ctx;
use super::state::{
    deep_merge, find_by_id, find_by_name, find_idx, is_uuid, meta_str, new_id, parse_selector,
    selector_matches, set_path, str_at, touch, NameRule, Ns, ScCtl, MAX_OBJECTS,
};
use super::State;

/// The name-addressable kinds.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Deployment,
    Target,
    SessionCluster,
    Secret,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Deployment => "Deployment",
            Kind::Target => "DeploymentTarget",
            Kind::SessionCluster => "SessionCluster",
            Kind::Secret => "SecretValue",
        }
    }

    fn rule(self) -> NameRule {
        match self {
            Kind::Target | Kind::Secret => NameRule::Extended,
            Kind::Deployment | Kind::SessionCluster => NameRule::Dns,
        }
    }

    fn store(self, ns: &Ns) -> &Vec<Value> {
        match self {
            Kind::Deployment => &ns.deployments,
            Kind::Target => &ns.targets,
            Kind::SessionCluster => &ns.sessionclusters,
            Kind::Secret => &ns.secrets,
        }
    }

    fn store_mut(self, ns: &mut Ns) -> &mut Vec<Value> {
        match self {
            Kind::Deployment => &mut ns.deployments,
            Kind::Target => &mut ns.targets,
            Kind::SessionCluster => &mut ns.sessionclusters,
            Kind::Secret => &mut ns.secrets,
        }
    }

    fn upsertable(self) -> bool {
        self != Kind::Secret
    }

    fn patchable(self) -> bool {
        self != Kind::Target
    }
}

fn method_not_allowed(req: &Req) -> Resp {
    am_error(
        405,
        format!("Request method '{}' not supported", req.method),
    )
}

fn bad_request(msg: impl Into<String>) -> Resp {
    am_error(400, msg)
}

/// Lists as `{kind: <Kind>List, apiVersion: v1, metadata: {}, items}`.
fn list(kind: &str, items: Vec<Value>) -> Resp {
    Resp::ok(
        json!({"kind": format!("{kind}List"), "apiVersion": "v1", "metadata": {}, "items": items}),
    )
}

/// Entry point for `/api/...`.
pub(crate) fn route(st: &mut State, req: &Req) -> Resp {
    let segs: Vec<&str> = req.segs.iter().map(String::as_str).collect();
    match segs.as_slice() {
        ["api", "v1", "status"] => match req.method.as_str() {
            "GET" => Resp::ok(json!({"status": "OK"})),
            _ => method_not_allowed(req),
        },
        ["api", "v1", "status", "system-info"] => match req.method.as_str() {
            "GET" => Resp::ok(json!({
                "kind": "SystemInformation",
                "apiVersion": "v1",
                "status": {
                    "jvmVersion": "fake",
                    "revisionInformation": {
                        "buildTime": "1970-01-01T00:00:00Z",
                        "buildVersion": "2.7.1-fake",
                        "commitShaLong": "0000000000000000000000000000000000000000",
                        "commitShaShort": "0000000",
                    },
                    "resourceQuota": {
                        "apiVersion": "v1",
                        "kind": "ResourceQuota",
                        "spec": {"type": "UNLIMITED"},
                        "status": {"used": {"cpu": 0.0}},
                    },
                },
            })),
            _ => method_not_allowed(req),
        },
        ["api", "v1", "status", "resourceusage"] => match req.method.as_str() {
            "GET" => super::usage::resource_usage(st, req),
            _ => method_not_allowed(req),
        },
        ["api", "v1", "namespaces", ns, "deployments", "with-cr", rest @ ..] => {
            match (req.method.as_str(), rest) {
                ("GET", []) => super::usage::list_with_cr(st, ns),
                ("GET", [name]) => super::usage::get_with_cr(st, ns, name),
                ("GET", _) => spring_error(404, &req.raw_path),
                _ => method_not_allowed(req),
            }
        }
        ["api", "v1", "namespaces", ns, rest @ ..] => namespaced(st, req, ns, rest),
        _ => spring_error(404, &req.raw_path),
    }
}

fn namespaced(st: &mut State, req: &Req, ns_name: &str, rest: &[&str]) -> Resp {
    let auto = st.auto_advance;
    let State {
        namespaces, clock, ..
    } = st;
    let Some(ns) = namespaces.get_mut(ns_name) else {
        return Resp::text(404, format!("No such namespace namespaces/{ns_name}"));
    };
    let m = req.method.as_str();
    if ns.terminating() && (m == "POST" || m == "PUT") {
        return am_error(
            409,
            format!(
                "Namespace namespaces/{ns_name} is terminating; no resources can be created in it"
            ),
        );
    }
    let mut cx = Ctx { ns, clock, ns_name };
    let kind = match rest.first() {
        Some(&"deployments") => Some(Kind::Deployment),
        Some(&"deployment-targets") => Some(Kind::Target),
        Some(&"sessionclusters") => Some(Kind::SessionCluster),
        Some(&"secret-values") => Some(Kind::Secret),
        _ => None,
    };
    if let Some(kind) = kind {
        return match (rest.get(1), m) {
            (None, _) if rest.len() == 1 => match m {
                "GET" => list_named(&cx, kind, req),
                "POST" => create_named(&mut cx, kind, req),
                _ => method_not_allowed(req),
            },
            (Some(name), _) if rest.len() == 2 => match m {
                "GET" => get_named(&mut cx, kind, name, auto),
                "PUT" if kind.upsertable() => put_named(&mut cx, kind, name, req),
                "PATCH" if kind.patchable() => patch_named(&mut cx, kind, name, req),
                "DELETE" => delete_named(&mut cx, kind, name),
                _ => method_not_allowed(req),
            },
            _ => spring_error(404, &req.raw_path),
        };
    }
    match (rest, m) {
        (["deployment-defaults"], "GET") => Resp::ok(cx.ns.defaults.clone()),
        (["deployment-defaults"], "PATCH") => patch_defaults(&mut cx, req),
        (["deployment-defaults"], _) => method_not_allowed(req),
        (["events"], "GET") => list_events(&cx, req),
        (["jobs"], "GET") => list_jobs(&cx, req),
        (["jobs", id], "GET") => get_job(&mut cx, id, auto),
        (["savepoints"], "GET") => list_savepoints(&cx, req),
        (["savepoints"], "POST") => create_savepoint(&mut cx, req),
        (["savepoints", id], "GET") => get_savepoint(&mut cx, id, auto),
        (["savepoints", id], "DELETE") => delete_savepoint(&mut cx, id, req),
        (["events" | "jobs" | "savepoints"], _) | (["jobs" | "savepoints", _], _) => {
            method_not_allowed(req)
        }
        _ => spring_error(404, &req.raw_path),
    }
}

fn not_found(kind: Kind, key: &str) -> Resp {
    am_error(404, format!("{} {key} not found", kind.name()))
}

fn list_named(cx: &Ctx, kind: Kind, req: &Req) -> Resp {
    let sel = match req.q("labelSelector") {
        Some(s) => match parse_selector(s) {
            Ok(sel) => sel,
            Err(e) => return bad_request(e),
        },
        None => Vec::new(),
    };
    let items = kind
        .store(cx.ns)
        .iter()
        .filter(|o| selector_matches(o, &sel))
        .cloned()
        .collect();
    list(kind.name(), items)
}

fn get_named(cx: &mut Ctx, kind: Kind, key: &str, auto: bool) -> Resp {
    let Some(i) = find_idx(kind.store(cx.ns), key) else {
        return not_found(kind, key);
    };
    if auto {
        let id = kind
            .store(cx.ns)
            .get(i)
            .and_then(|o| meta_str(o, "id"))
            .unwrap_or_default()
            .to_string();
        match kind {
            Kind::Deployment => {
                cx.step_deployment(&id);
            }
            Kind::SessionCluster => {
                cx.step_session_cluster(&id);
            }
            _ => {}
        }
    }
    match find_idx(kind.store(cx.ns), key).and_then(|i| kind.store(cx.ns).get(i)) {
        Some(o) => Resp::ok(o.clone()),
        None => not_found(kind, key),
    }
}

/// A 400 naming one invalid field of a `kind` object.
fn invalid_field(
    kind: Kind,
    field: impl Into<String>,
    message: impl Into<String>,
    code: &'static str,
) -> Resp {
    am_validation(
        format!("{} parameters are invalid", kind.name()),
        vec![FieldError::new(field, message, code)],
    )
}

/// Validates and builds `metadata` for a new or replaced object: the name (from the body
/// or the path, which must agree) follows the kind's rule, labels and annotations are
/// maps of strings, server-managed fields are dropped.
fn build_metadata(
    kind: Kind,
    body: &Map<String, Value>,
    path_name: Option<&str>,
) -> Result<(String, Map<String, Value>), Resp> {
    let meta = match body.get("metadata") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(m)) => m.clone(),
        Some(other) => {
            return Err(invalid_field(
                kind,
                "metadata",
                format!("must be an object, got {}", type_name(other)),
                "invalidType",
            ))
        }
    };
    let name = metadata_name(kind, &meta, path_name)?;
    for field in ["labels", "annotations"] {
        match meta.get(field) {
            None | Some(Value::Null) => {}
            Some(Value::Object(m)) if m.values().all(Value::is_string) => {}
            Some(_) => {
                return Err(invalid_field(
                    kind,
                    format!("metadata.{field}"),
                    "must be a map of strings",
                    "invalidType",
                ))
            }
        }
    }
    let mut out = Map::new();
    for (k, v) in meta {
        if !matches!(
            k.as_str(),
            "id" | "namespace" | "createdAt" | "modifiedAt" | "resourceVersion"
        ) && !v.is_null()
        {
            out.insert(k, v);
        }
    }
    out.insert("name".into(), json!(name));
    out.entry("labels").or_insert_with(|| json!({}));
    out.entry("annotations").or_insert_with(|| json!({}));
    Ok((name, out))
}

/// `metadata.name`, or the name in the path; both given must agree, and the name must
/// follow the kind's naming rule.
fn metadata_name(
    kind: Kind,
    meta: &Map<String, Value>,
    path_name: Option<&str>,
) -> Result<String, Resp> {
    let name = match (meta.get("name"), path_name) {
        (Some(Value::String(n)), Some(p)) if n != p => {
            return Err(invalid_field(
                kind,
                "metadata.name",
                format!("must match the name in the path ('{p}')"),
                "nameMismatch",
            ))
        }
        (Some(Value::String(n)), _) => n.clone(),
        (None | Some(Value::Null), Some(p)) => p.to_string(),
        (None | Some(Value::Null), None) => {
            return Err(invalid_field(
                kind,
                "metadata.name",
                "must not be null",
                "isNull",
            ))
        }
        (Some(other), _) => {
            return Err(invalid_field(
                kind,
                "metadata.name",
                format!("must be a string, got {}", type_name(other)),
                "invalidType",
            ))
        }
    };
    match kind.rule().check(&name) {
        Some(msg) => Err(invalid_field(kind, "metadata.name", msg, "invalidName")),
        None => Ok(name),
    }
}

/// Turns numbers/booleans in a `flinkConfiguration` map into strings (as a real server does).
fn stringify_config(spec: &mut Value, pointer: &str, attribute: &str) -> Result<(), FieldError> {
    let Some(fc) = spec.pointer_mut(pointer) else {
        return Ok(());
    };
    match fc {
        Value::Null => Ok(()),
        Value::Object(m) => {
            m.retain(|_, v| !v.is_null());
            for (k, v) in m.iter_mut() {
                match v {
                    Value::String(_) => {}
                    Value::Number(n) => *v = Value::String(n.to_string()),
                    Value::Bool(b) => *v = Value::String(b.to_string()),
                    _ => {
                        return Err(FieldError::new(
                            format!("{attribute}[{k}]"),
                            "must be a string",
                            "invalidType",
                        ))
                    }
                }
            }
            Ok(())
        }
        _ => Err(FieldError::new(
            attribute,
            "must be a map of strings",
            "invalidType",
        )),
    }
}

/// Validates and completes a spec. `apply_defaults` merges the namespace's deployment
/// defaults under a deployment spec.
fn normalize_spec(
    ns: &Ns,
    kind: Kind,
    spec: Option<&Value>,
    apply_defaults: bool,
) -> Result<Value, Resp> {
    let invalid = |errors: Vec<FieldError>| {
        am_validation(format!("{} parameters are invalid", kind.name()), errors)
    };
    let mut spec = match spec {
        None | Some(Value::Null) => json!({}),
        Some(v @ Value::Object(_)) => v.clone(),
        Some(other) => {
            return Err(invalid(vec![FieldError::new(
                "spec",
                format!("must be an object, got {}", type_name(other)),
                "invalidType",
            )]))
        }
    };
    let errors = match kind {
        Kind::Deployment => deployment_spec(ns, &mut spec, apply_defaults),
        Kind::SessionCluster => session_cluster_spec(ns, &mut spec),
        Kind::Secret => secret_value_spec(&mut spec),
        Kind::Target => Vec::new(),
    };
    if errors.is_empty() {
        Ok(spec)
    } else {
        Err(invalid(errors))
    }
}

/// A Deployment spec: the defaults merged under it, `state` defaulted to `CANCELLED`,
/// strategies, placement and artifact checked, Flink configuration values as strings.
fn deployment_spec(ns: &Ns, spec: &mut Value, apply_defaults: bool) -> Vec<FieldError> {
    if apply_defaults {
        if let Some(d) = ns.defaults.get("spec") {
            *spec = deep_merge(d, spec);
        }
    }
    if let Some(m) = spec.as_object_mut() {
        m.retain(|_, v| !v.is_null());
    }
    let mut errors = Vec::new();
    match spec.get("state") {
        None => set_path(spec, &["state"], json!("CANCELLED")),
        Some(Value::String(s)) if matches!(s.as_str(), "RUNNING" | "SUSPENDED" | "CANCELLED") => {}
        Some(_) => errors.push(FieldError::new(
            "spec.state",
            "must be one of RUNNING, SUSPENDED, CANCELLED",
            "invalidValue",
        )),
    }
    check_strategies(spec, &mut errors);
    resolve_placement(ns, spec, &mut errors);
    check_artifact(spec, &mut errors);
    if let Err(e) = stringify_config(
        spec,
        "/template/spec/flinkConfiguration",
        "spec.template.spec.flinkConfiguration",
    ) {
        errors.push(e);
    }
    errors
}

/// `restoreStrategy` and `upgradeStrategy` are objects with a known `kind`.
fn check_strategies(spec: &Value, errors: &mut Vec<FieldError>) {
    for (field, allowed) in [
        (
            "restoreStrategy",
            &["LATEST_STATE", "LATEST_SAVEPOINT", "NONE"][..],
        ),
        ("upgradeStrategy", &["STATEFUL", "STATELESS", "NONE"][..]),
    ] {
        match spec.get(field) {
            None => {}
            Some(Value::Object(o)) => match o.get("kind").and_then(Value::as_str) {
                Some(k) if allowed.contains(&k) => {}
                Some(k) => errors.push(FieldError::new(
                    format!("spec.{field}.kind"),
                    format!("unknown kind '{k}'"),
                    "invalidValue",
                )),
                None => errors.push(FieldError::new(
                    format!("spec.{field}"),
                    "missing type id property 'kind'",
                    "isNull",
                )),
            },
            Some(_) => errors.push(FieldError::new(
                format!("spec.{field}"),
                "must be an object",
                "invalidType",
            )),
        }
    }
}

/// Where the job runs: a deployment target (by name, resolved to its id, or by id) or a
/// session cluster, which must exist.
fn resolve_placement(ns: &Ns, spec: &mut Value, errors: &mut Vec<FieldError>) {
    // Where the job runs: a deployment target (by name or id) or a session cluster.
    let target_name = spec
        .get("deploymentTargetName")
        .and_then(Value::as_str)
        .map(str::to_string);
    let target_id = spec
        .get("deploymentTargetId")
        .and_then(Value::as_str)
        .map(str::to_string);
    let session = spec
        .get("sessionClusterName")
        .and_then(Value::as_str)
        .map(str::to_string);
    if let Some(tn) = &target_name {
        match find_by_name(&ns.targets, tn).and_then(|i| ns.targets.get(i)) {
            Some(t) => {
                let id = meta_str(t, "id").unwrap_or_default().to_string();
                set_path(spec, &["deploymentTargetId"], json!(id));
            }
            None => errors.push(FieldError::new(
                "spec.deploymentTargetName",
                format!("DeploymentTarget '{tn}' does not exist"),
                "notFound",
            )),
        }
    } else if let Some(tid) = &target_id {
        if find_by_id(&ns.targets, tid).is_none() {
            errors.push(FieldError::new(
                "spec.deploymentTargetId",
                format!("DeploymentTarget with id '{tid}' does not exist"),
                "notFound",
            ));
        }
    }
    if let Some(sc) = &session {
        if find_by_name(&ns.sessionclusters, sc).is_none() {
            errors.push(FieldError::new(
                "spec.sessionClusterName",
                format!("SessionCluster '{sc}' does not exist"),
                "notFound",
            ));
        }
    }
    if target_name.is_none() && target_id.is_none() && session.is_none() {
        errors.push(FieldError::new("spec.deploymentTargetId", "either a deployment target (deploymentTargetName or deploymentTargetId) or a sessionClusterName must be set", "isNull"));
    }
}

/// The artifact is an object whose `kind` names a known artifact with its location.
fn check_artifact(spec: &Value, errors: &mut Vec<FieldError>) {
    match spec.pointer("/template/spec/artifact") {
        None | Some(Value::Null) => errors.push(FieldError::new(
            "spec.template.spec.artifact",
            "must not be null",
            "isNull",
        )),
        Some(Value::Object(a)) => match a.get("kind").and_then(Value::as_str) {
            Some("JAR") if !a.get("jarUri").is_some_and(Value::is_string) => {
                errors.push(FieldError::new(
                    "spec.template.spec.artifact.jarUri",
                    "jarUri must not be null",
                    "isNull",
                ))
            }
            Some("SQLSCRIPT") if !a.get("sqlScript").is_some_and(Value::is_string) => {
                errors.push(FieldError::new(
                    "spec.template.spec.artifact.sqlScript",
                    "sqlScript must not be null",
                    "isNull",
                ))
            }
            Some("PYTHON") if !a.get("pythonArtifactUri").is_some_and(Value::is_string) => errors
                .push(FieldError::new(
                    "spec.template.spec.artifact.pythonArtifactUri",
                    "pythonArtifactUri must not be null",
                    "isNull",
                )),
            Some(_) => {}
            None => errors.push(FieldError::new(
                "spec.template.spec.artifact",
                "missing type id property 'kind'",
                "isNull",
            )),
        },
        Some(_) => errors.push(FieldError::new(
            "spec.template.spec.artifact",
            "must be an object",
            "invalidType",
        )),
    }
}

/// A SessionCluster spec: `state` defaulted to `STOPPED`, the target must exist, Flink
/// configuration values as strings.
fn session_cluster_spec(ns: &Ns, spec: &mut Value) -> Vec<FieldError> {
    let mut errors = Vec::new();
    match spec.get("state") {
        None | Some(Value::Null) => set_path(spec, &["state"], json!("STOPPED")),
        Some(Value::String(s)) if matches!(s.as_str(), "RUNNING" | "STOPPED") => {}
        Some(_) => errors.push(FieldError::new(
            "spec.state",
            "must be one of RUNNING, STOPPED",
            "invalidValue",
        )),
    }
    if let Some(tn) = spec.get("deploymentTargetName").and_then(Value::as_str) {
        if find_by_name(&ns.targets, tn).is_none() {
            errors.push(FieldError::new(
                "spec.deploymentTargetName",
                format!("DeploymentTarget '{tn}' does not exist"),
                "notFound",
            ));
        }
    }
    if let Err(e) = stringify_config(spec, "/flinkConfiguration", "spec.flinkConfiguration") {
        errors.push(e);
    }
    errors
}

/// A SecretValue spec: `kind` and `value` are required; the value is write-only, never
/// echoed back.
fn secret_value_spec(spec: &mut Value) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if !spec.get("kind").is_some_and(Value::is_string) {
        errors.push(FieldError::new("spec.kind", "must not be null", "isNull"));
    }
    if !spec.get("value").is_some_and(Value::is_string) {
        errors.push(FieldError::new("spec.value", "must not be null", "isNull"));
    }
    if errors.is_empty() {
        if let Some(m) = spec.as_object_mut() {
            m.remove("value");
        }
    }
    errors
}

/// Creates a new object (POST, or PUT of an unknown name). Returns the 201 response.
fn insert_new(
    cx: &mut Ctx,
    kind: Kind,
    body: &Map<String, Value>,
    path_name: Option<&str>,
    apply_defaults: bool,
) -> Resp {
    let (name, mut meta) = match build_metadata(kind, body, path_name) {
        Ok(x) => x,
        Err(r) => return r,
    };
    if find_by_name(kind.store(cx.ns), &name).is_some() {
        return am_error(
            409,
            format!(
                "{} with name '{name}' already exists in namespace '{}'",
                kind.name(),
                cx.ns_name
            ),
        );
    }
    if kind.store(cx.ns).len() >= MAX_OBJECTS {
        return am_error(
            409,
            format!(
                "Too many {} objects in namespace '{}' (limit {MAX_OBJECTS})",
                kind.name(),
                cx.ns_name
            ),
        );
    }
    let spec = match normalize_spec(cx.ns, kind, body.get("spec"), apply_defaults) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let id = new_id();
    let now = cx.clock.now();
    meta.insert("id".into(), json!(id));
    meta.insert("namespace".into(), json!(cx.ns_name));
    meta.insert("createdAt".into(), json!(now));
    meta.insert("modifiedAt".into(), json!(now));
    meta.insert("resourceVersion".into(), json!(1));
    let mut obj = json!({"kind": kind.name(), "apiVersion": "v1", "metadata": meta, "spec": spec});
    start_lifecycle(cx, kind, &id, &mut obj);
    kind.store_mut(cx.ns).push(obj.clone());
    Resp::json(201, obj)
}

/// A new Deployment starts `CANCELLED` at spec version 1 (not transitioning), a new
/// SessionCluster `STOPPED`; both get their controller state.
fn start_lifecycle(cx: &mut Ctx, kind: Kind, id: &str, obj: &mut Value) {
    match kind {
        Kind::Deployment => {
            set_path(
                obj,
                &[
                    "metadata",
                    "annotations",
                    "com.dataartisans.appmanager.controller.deployment.spec.version",
                ],
                json!("1"),
            );
            set_path(
                obj,
                &[
                    "metadata",
                    "annotations",
                    "com.dataartisans.appmanager.controller.deployment.transitioning",
                ],
                json!("false"),
            );
            set_path(obj, &["status"], json!({"state": "CANCELLED"}));
            cx.ns.ctl.insert(
                id.to_owned(),
                super::state::DeplCtl {
                    spec_version: 1,
                    ..Default::default()
                },
            );
        }
        Kind::SessionCluster => {
            set_path(obj, &["status"], json!({"state": "STOPPED"}));
            cx.ns.sc_ctl.insert(
                id.to_owned(),
                ScCtl {
                    spec_version: 1,
                    ..Default::default()
                },
            );
        }
        _ => {}
    }
}

fn create_named(cx: &mut Ctx, kind: Kind, req: &Req) -> Resp {
    let body = match req.body_object() {
        Ok(b) => b,
        Err(e) => return bad_request(e),
    };
    insert_new(cx, kind, &body, None, true)
}

/// Applies a new spec to an existing object: bumps controller versions when the part that
/// matters changed.
fn apply_spec_change(cx: &mut Ctx, kind: Kind, old: &Value, new: &mut Value) {
    let id = meta_str(old, "id").unwrap_or_default().to_string();
    match kind {
        Kind::Deployment => {
            let mut ctl = cx.ns.ctl.get(&id).cloned().unwrap_or_default();
            if old.pointer("/spec/template") != new.pointer("/spec/template") {
                ctl.spec_version += 1;
            } else if old.pointer("/spec/state") != new.pointer("/spec/state") {
                // A new desired state lifts a FAILED/FINISHED halt.
                ctl.halted_at = None;
            }
            set_path(
                new,
                &[
                    "metadata",
                    "annotations",
                    "com.dataartisans.appmanager.controller.deployment.spec.version",
                ],
                json!(ctl.spec_version.to_string()),
            );
            cx.ns.ctl.insert(id, ctl);
        }
        Kind::SessionCluster => {
            let mut ctl = cx.ns.sc_ctl.get(&id).cloned().unwrap_or_default();
            let strip = |v: &Value| {
                let mut s = v.get("spec").cloned().unwrap_or(Value::Null);
                if let Some(m) = s.as_object_mut() {
                    m.remove("state");
                }
                s
            };
            if strip(old) != strip(new) {
                ctl.spec_version += 1;
            }
            if old.pointer("/spec/state") != new.pointer("/spec/state") {
                ctl.failed_at = None;
            }
            cx.ns.sc_ctl.insert(id, ctl);
        }
        _ => {}
    }
}

/// Keeps the server-managed parts of `old` in `new`: identity, creation time, status,
/// controller annotations.
fn keep_server_fields(kind: Kind, old: &Value, new: &mut Value) {
    for f in [
        "id",
        "name",
        "namespace",
        "createdAt",
        "resourceVersion",
        "modifiedAt",
    ] {
        if let Some(v) = old.pointer(&format!("/metadata/{f}")) {
            set_path(new, &["metadata", f], v.clone());
        }
    }
    if let Some(a) = old
        .pointer("/metadata/annotations")
        .and_then(Value::as_object)
    {
        for (k, v) in a {
            // The controller's own annotations survive a client's write; the drain switch
            // is the user's (VVP's docs tell users to set it).
            if k.starts_with("com.dataartisans.appmanager.controller.")
                && k != crate::stop::DRAIN_ANNOTATION
            {
                set_path(new, &["metadata", "annotations", k], v.clone());
            }
        }
    }
    if let Some(m) = new.as_object_mut() {
        m.insert("kind".into(), json!(kind.name()));
        m.insert("apiVersion".into(), json!("v1"));
        match old.get("status") {
            Some(s) => {
                m.insert("status".into(), s.clone());
            }
            None => {
                m.remove("status");
            }
        }
    }
}

fn put_named(cx: &mut Ctx, kind: Kind, name: &str, req: &Req) -> Resp {
    let body = match req.body_object() {
        Ok(b) => b,
        Err(e) => return bad_request(e),
    };
    let apply_defaults = req.q("applyDefaults") != Some("false");
    let Some(i) = find_idx(kind.store(cx.ns), name) else {
        return insert_new(cx, kind, &body, Some(name), apply_defaults);
    };
    let Some(old) = kind.store(cx.ns).get(i).cloned() else {
        return not_found(kind, name);
    };
    let current_name = meta_str(&old, "name").unwrap_or(name).to_string();
    let (_, meta) = match build_metadata(kind, &body, Some(&current_name)) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let spec = match normalize_spec(cx.ns, kind, body.get("spec"), apply_defaults) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let mut new = json!({"metadata": meta, "spec": spec});
    keep_server_fields(kind, &old, &mut new);
    apply_spec_change(cx, kind, &old, &mut new);
    touch(&mut new, cx.clock);
    if let Some(slot) = kind.store_mut(cx.ns).get_mut(i) {
        *slot = new.clone();
    }
    Resp::ok(new)
}

/// The JSON merge patch in a request body, or the 400 answer when it is not an object.
fn merge_patch_body(req: &Req) -> Result<Value, Resp> {
    match req.body_value() {
        Ok(p @ Value::Object(_)) => Ok(p),
        Ok(other) => Err(bad_request(format!(
            "A merge patch must be an object, got {}",
            type_name(&other)
        ))),
        Err(e) => Err(bad_request(e)),
    }
}

fn patch_named(cx: &mut Ctx, kind: Kind, key: &str, req: &Req) -> Resp {
    let patch = match merge_patch_body(req) {
        Ok(p) => p,
        Err(resp) => return resp,
    };
    let Some(i) = find_idx(kind.store(cx.ns), key) else {
        return not_found(kind, key);
    };
    let Some(old) = kind.store(cx.ns).get(i).cloned() else {
        return not_found(kind, key);
    };
    let mut merged = old.clone();
    json_patch::merge(&mut merged, &patch);
    // Labels/annotations must stay maps of strings.
    if let Some(m) = merged.as_object() {
        if let Err(r) = build_metadata(kind, m, meta_str(&old, "name")) {
            return r;
        }
    }
    // A secret's value is write-only; PATCHing a secret needs it again only if kind changes.
    let spec_for_check = if kind == Kind::Secret {
        let mut s = merged.get("spec").cloned().unwrap_or(json!({}));
        if s.get("value").is_none() {
            set_path(&mut s, &["value"], json!(""));
        }
        Some(s)
    } else {
        merged.get("spec").cloned()
    };
    let spec = match normalize_spec(cx.ns, kind, spec_for_check.as_ref(), false) {
        Ok(s) => s,
        Err(r) => return r,
    };
    set_path(&mut merged, &["spec"], spec);
    keep_server_fields(kind, &old, &mut merged);
    apply_spec_change(cx, kind, &old, &mut merged);
    touch(&mut merged, cx.clock);
    if let Some(slot) = kind.store_mut(cx.ns).get_mut(i) {
        *slot = merged.clone();
    }
    Resp::ok(merged)
}

fn delete_named(cx: &mut Ctx, kind: Kind, key: &str) -> Resp {
    let Some(i) = find_idx(kind.store(cx.ns), key) else {
        return not_found(kind, key);
    };
    let Some(obj) = kind.store(cx.ns).get(i).cloned() else {
        return not_found(kind, key);
    };
    let id = meta_str(&obj, "id").unwrap_or_default().to_string();
    let name = meta_str(&obj, "name").unwrap_or_default().to_string();
    match kind {
        Kind::Deployment => {
            let desired = str_at(&obj, "/spec/state").unwrap_or_default();
            if !matches!(desired, "CANCELLED" | "SUSPENDED") {
                return am_error(409, format!("Deployment '{name}' must be in desired state CANCELLED or SUSPENDED to be deleted (desired state is {desired})"));
            }
            if cx.ns.ctl.get(&id).is_some_and(|c| c.job_id.is_some()) {
                return am_error(409, format!("Deployment '{name}' is still transitioning; wait until its job has terminated"));
            }
            cx.ns.ctl.remove(&id);
            cx.ns.autopilot.remove(&id);
            cx.ns
                .jobs
                .retain(|j| meta_str(j, "deploymentId") != Some(id.as_str()));
            cx.ns
                .savepoints
                .retain(|s| meta_str(s, "deploymentId") != Some(id.as_str()));
        }
        Kind::Target => {
            if let Some(resp) = referenced(
                cx.ns,
                "/spec/deploymentTargetId",
                &id,
                "DeploymentTarget",
                &name,
            ) {
                return resp;
            }
        }
        Kind::SessionCluster => {
            if let Some(resp) = referenced(
                cx.ns,
                "/spec/sessionClusterName",
                &name,
                "SessionCluster",
                &name,
            ) {
                return resp;
            }
            if !matches!(
                str_at(&obj, "/status/state"),
                Some("STOPPED" | "FAILED") | None
            ) {
                return am_error(
                    409,
                    format!("SessionCluster '{name}' must be STOPPED to be deleted"),
                );
            }
            cx.ns.sc_ctl.remove(&id);
        }
        Kind::Secret => {}
    }
    kind.store_mut(cx.ns).remove(i);
    Resp::ok(obj)
}

/// The 409 answer when a deployment's `pointer` field is `value`: the `kind` object `name`
/// is still referenced and cannot be deleted.
fn referenced(ns: &Ns, pointer: &str, value: &str, kind: &str, name: &str) -> Option<Resp> {
    ns.deployments
        .iter()
        .any(|d| str_at(d, pointer) == Some(value))
        .then(|| {
            am_error(
                409,
                format!("{kind} '{name}' is referenced by a deployment"),
            )
        })
}

fn patch_defaults(cx: &mut Ctx, req: &Req) -> Resp {
    let patch = match merge_patch_body(req) {
        Ok(p) => p,
        Err(resp) => return resp,
    };
    let old = cx.ns.defaults.clone();
    let mut merged = old.clone();
    json_patch::merge(&mut merged, &patch);
    for f in ["id", "name", "namespace", "createdAt", "resourceVersion"] {
        if let Some(v) = old.pointer(&format!("/metadata/{f}")) {
            set_path(&mut merged, &["metadata", f], v.clone());
        }
    }
    if let Some(m) = merged.as_object_mut() {
        m.insert("kind".into(), json!("DeploymentDefaults"));
        m.insert("apiVersion".into(), json!("v1"));
    }
    if !merged.get("spec").is_some_and(Value::is_object) {
        return am_validation(
            "DeploymentDefaults parameters are invalid",
            vec![FieldError::new("spec", "must be an object", "invalidType")],
        );
    }
    if let Err(e) = stringify_config(
        &mut merged,
        "/spec/template/spec/flinkConfiguration",
        "spec.template.spec.flinkConfiguration",
    ) {
        return am_validation("DeploymentDefaults parameters are invalid", vec![e]);
    }
    touch(&mut merged, cx.clock);
    cx.ns.defaults = merged.clone();
    Resp::ok(merged)
}

/// Reads an optional UUID query parameter.
fn uuid_param<'a>(req: &'a Req, name: &str) -> Result<Option<&'a str>, Resp> {
    match req.q(name) {
        None | Some("") => Ok(None),
        Some(v) if is_uuid(v) => Ok(Some(v)),
        Some(v) => Err(bad_request(format!(
            "Failed to convert value '{v}' of parameter '{name}' to a UUID"
        ))),
    }
}

fn list_events(cx: &Ctx, req: &Req) -> Resp {
    let mut filters = Vec::new();
    for (param, field) in [
        ("deploymentId", "deploymentId"),
        ("jobId", "jobId"),
        ("sessionClusterId", "sessionClusterId"),
    ] {
        match uuid_param(req, param) {
            Ok(Some(v)) => filters.push((field, v)),
            Ok(None) => {}
            Err(r) => return r,
        }
    }
    let items = cx
        .ns
        .events
        .iter()
        .filter(|e| filters.iter().all(|(f, v)| meta_str(e, f) == Some(*v)))
        .cloned()
        .collect();
    list("Event", items)
}

fn list_jobs(cx: &Ctx, req: &Req) -> Resp {
    let dep = match uuid_param(req, "deploymentId") {
        Ok(d) => d,
        Err(r) => return r,
    };
    let items = cx
        .ns
        .jobs
        .iter()
        .filter(|j| dep.is_none() || meta_str(j, "deploymentId") == dep)
        .cloned()
        .collect();
    list("Job", items)
}

fn get_job(cx: &mut Ctx, id: &str, auto: bool) -> Resp {
    if !is_uuid(id) {
        return bad_request(format!(
            "Failed to convert value '{id}' of parameter 'jobId' to a UUID"
        ));
    }
    if auto {
        let dep = find_by_id(&cx.ns.jobs, id)
            .and_then(|i| cx.ns.jobs.get(i))
            .and_then(|j| meta_str(j, "deploymentId"))
            .map(str::to_string);
        if let Some(d) = dep {
            cx.step_deployment(&d);
        }
    }
    match find_by_id(&cx.ns.jobs, id).and_then(|i| cx.ns.jobs.get(i)) {
        Some(j) => Resp::ok(j.clone()),
        None => am_error(404, format!("Job {id} not found")),
    }
}

fn list_savepoints(cx: &Ctx, req: &Req) -> Resp {
    let dep = match uuid_param(req, "deploymentId") {
        Ok(d) => d,
        Err(r) => return r,
    };
    let job = match uuid_param(req, "jobId") {
        Ok(d) => d,
        Err(r) => return r,
    };
    let items = cx
        .ns
        .savepoints
        .iter()
        .filter(|s| dep.is_none() || meta_str(s, "deploymentId") == dep)
        .filter(|s| job.is_none() || meta_str(s, "jobId") == job)
        .cloned()
        .collect();
    list("Savepoint", items)
}

/// `metadata.origin` of a savepoint to create (default `USER_REQUEST`); `None` if it is not
/// one the server accepts.
fn savepoint_origin(body: &serde_json::Map<String, Value>) -> Option<String> {
    let origin = body
        .get("metadata")
        .and_then(|m| m.get("origin"))
        .and_then(Value::as_str)
        .unwrap_or("USER_REQUEST");
    matches!(
        origin,
        "USER_REQUEST" | "SUSPEND" | "COPIED" | "RETAINED_CHECKPOINT"
    )
    .then(|| origin.to_string())
}

fn create_savepoint(cx: &mut Ctx, req: &Req) -> Resp {
    let body = match req.body_object() {
        Ok(b) => b,
        Err(e) => return bad_request(e),
    };
    let invalid = |attr: &str, msg: &str| {
        am_validation(
            "Savepoint parameters are invalid",
            vec![FieldError::new(attr, msg, "invalidValue")],
        )
    };
    let Some(dep_id) = body
        .get("metadata")
        .and_then(|m| m.get("deploymentId"))
        .and_then(Value::as_str)
    else {
        return invalid("metadata.deploymentId", "must not be null");
    };
    if !is_uuid(dep_id) {
        return invalid("metadata.deploymentId", "must be a UUID");
    }
    let Some(dep) = find_by_id(&cx.ns.deployments, dep_id)
        .and_then(|i| cx.ns.deployments.get(i))
        .cloned()
    else {
        return am_error(404, format!("Deployment {dep_id} not found"));
    };
    let location = body
        .get("spec")
        .and_then(|s| s.get("savepointLocation"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let format = match super::usage::savepoint_format(&body) {
        Ok(f) => f,
        Err(msg) => return invalid("spec.formatType", msg),
    };
    let Some(origin) = savepoint_origin(&body) else {
        return invalid(
            "metadata.origin",
            "must be one of USER_REQUEST, SUSPEND, COPIED, RETAINED_CHECKPOINT",
        );
    };
    let id = if location.is_some() {
        // Registering an existing snapshot: it is complete already.
        let job = body
            .get("metadata")
            .and_then(|m| m.get("jobId"))
            .and_then(Value::as_str)
            .map(str::to_string);
        cx.create_savepoint(&dep, job.as_deref(), &origin, "COMPLETED", location)
    } else {
        let job = cx.ns.ctl.get(dep_id).and_then(|c| c.job_id.clone());
        let started = job.as_deref().is_some_and(|j| {
            find_by_id(&cx.ns.jobs, j)
                .and_then(|i| cx.ns.jobs.get(i))
                .and_then(|o| str_at(o, "/status/state"))
                == Some("STARTED")
        });
        if !started {
            return am_error(400, "No active job for a deployment.");
        }
        cx.create_savepoint(&dep, job.as_deref(), "USER_REQUEST", "STARTED", None)
    };
    match id
        .and_then(|id| find_by_id(&cx.ns.savepoints, &id))
        .and_then(|i| cx.ns.savepoints.get_mut(i))
    {
        Some(sp) => {
            if let Some(f) = format {
                set_path(sp, &["spec", "formatType"], Value::String(f));
            }
            Resp::json(201, sp.clone())
        }
        None => am_error(
            409,
            format!("Too many savepoints in namespace '{}'", cx.ns_name),
        ),
    }
}

fn get_savepoint(cx: &mut Ctx, id: &str, auto: bool) -> Resp {
    if !is_uuid(id) {
        return bad_request(format!(
            "Failed to convert value '{id}' of parameter 'savepointId' to a UUID"
        ));
    }
    if auto && find_by_id(&cx.ns.savepoints, id).is_some() {
        cx.step_savepoint(id);
    }
    match find_by_id(&cx.ns.savepoints, id).and_then(|i| cx.ns.savepoints.get(i)) {
        Some(s) => Resp::ok(s.clone()),
        None => am_error(404, format!("Savepoint {id} not found")),
    }
}

fn delete_savepoint(cx: &mut Ctx, id: &str, req: &Req) -> Resp {
    if !is_uuid(id) {
        return bad_request(format!(
            "Failed to convert value '{id}' of parameter 'savepointId' to a UUID"
        ));
    }
    let Some(i) = find_by_id(&cx.ns.savepoints, id) else {
        return am_error(404, format!("Savepoint {id} not found"));
    };
    let Some(mut sp) = cx.ns.savepoints.get(i).cloned() else {
        return am_error(404, format!("Savepoint {id} not found"));
    };
    let force = req.q("force") == Some("true");
    let dep_id = meta_str(&sp, "deploymentId")
        .unwrap_or_default()
        .to_string();
    if cx
        .ns
        .ctl
        .values()
        .any(|c| c.pending_savepoint.as_deref() == Some(id))
        && !force
    {
        return am_error(
            409,
            format!("Savepoint {id} is in use by a deployment transition"),
        );
    }
    if str_at(&sp, "/status/state") == Some("STARTED") && !force {
        return am_error(409, format!("Savepoint {id} is still in progress"));
    }
    let refs = super::state::EventRefs {
        deployment_id: Some(dep_id),
        job_id: meta_str(&sp, "jobId").map(str::to_string),
        ..Default::default()
    };
    if force {
        cx.ns.savepoints.remove(i);
        for c in cx.ns.ctl.values_mut() {
            if c.pending_savepoint.as_deref() == Some(id) {
                c.pending_savepoint = None;
            }
        }
        cx.ns.event(
            cx.clock,
            cx.ns_name,
            "SUCCESSFULLY_DELETED_SAVEPOINT",
            format!("Savepoint {id} was deleted (forced)."),
            refs,
        );
        return Resp::ok(sp);
    }
    set_path(&mut sp, &["status", "state"], json!("PENDING_DELETION"));
    touch(&mut sp, cx.clock);
    if let Some(slot) = cx.ns.savepoints.get_mut(i) {
        *slot = sp.clone();
    }
    cx.ns.event(
        cx.clock,
        cx.ns_name,
        "TRIGGERED_SAVEPOINT_DELETION",
        format!("Deletion of savepoint {id} was triggered."),
        refs,
    );
    Resp::ok(sp)
}

/// Used by `FakePlatform` control methods: finds a deployment id by name or id.
pub(crate) fn deployment_id(ns: &Ns, key: &str) -> Option<String> {
    find_idx(&ns.deployments, key)
        .and_then(|i| ns.deployments.get(i))
        .and_then(|d| meta_str(d, "id"))
        .map(str::to_string)
}

/// Used by `FakePlatform` control methods: finds a session cluster id by name or id.
pub(crate) fn session_cluster_id(ns: &Ns, key: &str) -> Option<String> {
    find_idx(&ns.sessionclusters, key)
        .and_then(|i| ns.sessionclusters.get(i))
        .and_then(|d| meta_str(d, "id"))
        .map(str::to_string)
}
