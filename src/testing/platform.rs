//! The Platform API: namespaces, API tokens, SQL (scripts, connectors, formats, catalog
//! connectors, UDF artifacts), catalogs and artifacts. Objects travel in single-key
//! envelopes (`{"namespace": {...}}`), errors are `{code, description, cause, ok}`.

use serde_json::{json, Map, Value};

use super::autopilot;
use super::http::{pf_error, pf_error_code, spring_error, type_name, Req, Resp};
use super::sql::{self, CATALOG};
use super::state::{new_id, Clock, NameRule, Ns, Role, MAX_NAMESPACES, MAX_OBJECTS};
use super::State;

/// Artifact upload limit (as documented for the real server).
const MAX_UPLOAD: usize = 50 * 1024 * 1024;
/// Artifacts listed per namespace.
const MAX_ARTIFACTS_LISTED: usize = 1_000;

pub(super) fn ok(v: Value) -> Resp {
    Resp::ok(v).json_only()
}

pub(super) fn not_allowed(req: &Req) -> Resp {
    spring_error(405, &req.raw_path)
}

pub(super) fn bad(desc: impl Into<String>) -> Resp {
    pf_error(400, desc)
}

/// Entry point for every non-`/api` path.
pub(crate) fn route(st: &mut State, req: &Req) -> Resp {
    let segs: Vec<&str> = req.segs.iter().map(String::as_str).collect();
    match segs.as_slice() {
        ["namespaces", "v1", "namespaces"] => match req.method.as_str() {
            "GET" => list_namespaces(st),
            "POST" => create_namespace(st, req),
            _ => not_allowed(req),
        },
        ["namespaces", "v1", "namespaces", last] => {
            let (ns, action) = split_action(last);
            match (action, req.method.as_str()) {
                (None, "GET") => match st.namespaces.get(ns) {
                    Some(n) => ok(json!({"namespace": n.platform})),
                    None => ns_not_found(ns),
                },
                (None, "PUT") => put_namespace(st, ns, req),
                (None, "PATCH") => patch_namespace(st, ns, req),
                (None, "DELETE") => delete_namespace(st, ns),
                (Some("setPreviewSessionCluster"), "POST") => set_preview(st, ns, req),
                (None | Some("setPreviewSessionCluster"), _) => not_allowed(req),
                _ => spring_error(404, &req.raw_path),
            }
        }
        ["apitokens", "v1", "namespaces", ns, "apitokens", rest @ ..] => {
            in_ns(st, ns, |n, clock| api_tokens(n, clock, ns, rest, req))
        }
        ["sql", "v1beta1", "namespaces", ns, rest @ ..] => {
            in_ns(st, ns, |n, clock| sql_api(n, clock, ns, rest, req))
        }
        ["catalog", "v1beta2", "namespaces", ns, "catalogs", rest @ ..] => {
            in_ns(st, ns, |n, _| catalogs(n, ns, rest, req))
        }
        ["artifacts", "v1", "namespaces", ns, last] => {
            in_ns(st, ns, |n, clock| artifacts(n, clock, ns, last, req))
        }
        ["autopilot", "v1alpha1", "namespaces", ns, rest @ ..] => {
            in_ns(st, ns, |n, clock| autopilot::route(n, clock, ns, rest, req))
        }
        _ => spring_error(404, &req.raw_path),
    }
}

/// Runs `f` on namespace `ns` (and the clock), or answers the Platform 404 for it.
fn in_ns(st: &mut State, ns: &str, f: impl FnOnce(&mut Ns, &mut Clock) -> Resp) -> Resp {
    let State {
        namespaces, clock, ..
    } = st;
    match namespaces.get_mut(ns) {
        Some(n) => f(n, clock),
        None => ns_not_found(ns),
    }
}

/// `name:action` -> (`name`, `Some(action)`).
pub(super) fn split_action(seg: &str) -> (&str, Option<&str>) {
    match seg.split_once(':') {
        Some((a, b)) => (a, Some(b)),
        None => (seg, None),
    }
}

fn ns_not_found(ns: &str) -> Resp {
    pf_error(404, format!("Namespace namespaces/{ns} does not exist."))
}

// ---------------------------------------------------------------------------------------
// Namespaces

fn list_namespaces(st: &State) -> Resp {
    let items: Vec<Value> = st.namespaces.values().map(|n| n.platform.clone()).collect();
    ok(json!({"namespaces": items}))
}

/// Reads the short name out of `namespaces/<n>` (or a bare `<n>`).
fn short_ns_name(v: Option<&Value>) -> Result<String, Resp> {
    let Some(full) = v.and_then(Value::as_str) else {
        return Err(bad("Namespace name must be set (namespaces/<name>)."));
    };
    let short = full.strip_prefix("namespaces/").unwrap_or(full);
    if let Some(msg) = NameRule::Dns.check(short) {
        return Err(bad(format!("Invalid namespace name '{full}': {msg}")));
    }
    Ok(short.to_string())
}

fn role_bindings(body: &Map<String, Value>) -> Result<Option<Value>, Resp> {
    match body.get("roleBindings") {
        None | Some(Value::Null) => Ok(None),
        Some(v @ Value::Array(items)) => {
            for b in items {
                let role_ok = b
                    .get("role")
                    .and_then(Value::as_str)
                    .and_then(Role::parse)
                    .is_some();
                let members_ok = b
                    .get("members")
                    .is_none_or(|m| m.as_array().is_some_and(|a| a.iter().all(Value::is_string)));
                if !role_ok || !members_ok {
                    return Err(bad("Invalid role binding: role must be viewer, editor or owner and members a list of strings."));
                }
            }
            Ok(Some(v.clone()))
        }
        Some(other) => Err(bad(format!(
            "roleBindings must be an array, got {}",
            type_name(other)
        ))),
    }
}

fn create_namespace(st: &mut State, req: &Req) -> Resp {
    let body = match req.body_object() {
        Ok(b) => b,
        Err(e) => return bad(e),
    };
    let name = match short_ns_name(body.get("name")) {
        Ok(n) => n,
        Err(r) => return r,
    };
    if st.namespaces.contains_key(&name) {
        return pf_error(409, format!("Namespace namespaces/{name} already exists."));
    }
    if st.namespaces.len() >= MAX_NAMESPACES {
        return pf_error(
            429,
            format!("Too many namespaces (limit {MAX_NAMESPACES})."),
        );
    }
    let rb = match role_bindings(&body) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let ns = Ns::new(&name, &mut st.clock, rb);
    let out = ns.platform.clone();
    st.namespaces.insert(name, ns);
    ok(json!({"namespace": out}))
}

fn put_namespace(st: &mut State, ns: &str, req: &Req) -> Resp {
    let body = match req.body_object() {
        Ok(b) => b,
        Err(e) => return bad(e),
    };
    if body.get("name").is_some() {
        match short_ns_name(body.get("name")) {
            Ok(n) if n == ns => {}
            Ok(n) => {
                return bad(format!(
                    "Namespace name namespaces/{n} does not match the path (namespaces/{ns})."
                ))
            }
            Err(r) => return r,
        }
    } else if let Some(msg) = NameRule::Dns.check(ns) {
        return bad(format!("Invalid namespace name '{ns}': {msg}"));
    }
    let rb = match role_bindings(&body) {
        Ok(r) => r,
        Err(r) => return r,
    };
    match st.namespaces.get_mut(ns) {
        Some(n) => {
            if let Some(rb) = rb {
                n.platform["roleBindings"] = rb;
            }
            if let Some(p) = body.get("previewSessionClusterName") {
                n.platform["previewSessionClusterName"] = p.clone();
            }
            ok(json!({"namespace": n.platform}))
        }
        None => {
            if st.namespaces.len() >= MAX_NAMESPACES {
                return pf_error(
                    429,
                    format!("Too many namespaces (limit {MAX_NAMESPACES})."),
                );
            }
            let n = Ns::new(ns, &mut st.clock, rb);
            let out = n.platform.clone();
            st.namespaces.insert(ns.to_string(), n);
            ok(json!({"namespace": out}))
        }
    }
}

fn patch_namespace(st: &mut State, ns: &str, req: &Req) -> Resp {
    let patch = match req.body_value() {
        Ok(p @ Value::Object(_)) => p,
        Ok(other) => {
            return bad(format!(
                "A patch must be an object, got {}",
                type_name(&other)
            ))
        }
        Err(e) => return bad(e),
    };
    let Some(n) = st.namespaces.get_mut(ns) else {
        return ns_not_found(ns);
    };
    let mut merged = n.platform.clone();
    json_patch::merge(&mut merged, &patch);
    for keep in ["name", "createTime", "lifecyclePhase"] {
        if let Some(v) = n.platform.get(keep) {
            merged[keep] = v.clone();
        }
    }
    if let Some(m) = merged.as_object() {
        if let Err(r) = role_bindings(m) {
            return r;
        }
    }
    n.platform = merged;
    ok(json!({"namespace": n.platform}))
}

fn delete_namespace(st: &mut State, ns: &str) -> Resp {
    let Some(n) = st.namespaces.get_mut(ns) else {
        return ns_not_found(ns);
    };
    n.platform["lifecyclePhase"] = json!("LIFECYCLE_PHASE_TERMINATING");
    ok(json!({"namespace": n.platform}))
}

fn set_preview(st: &mut State, ns: &str, req: &Req) -> Resp {
    let body = match req.body_object() {
        Ok(b) => b,
        Err(e) => return bad(e),
    };
    let Some(n) = st.namespaces.get_mut(ns) else {
        return ns_not_found(ns);
    };
    match body.get("previewSessionClusterName") {
        None | Some(Value::Null) => {
            if let Some(m) = n.platform.as_object_mut() {
                m.remove("previewSessionClusterName");
            }
        }
        Some(Value::String(sc)) if sc.is_empty() => {
            if let Some(m) = n.platform.as_object_mut() {
                m.remove("previewSessionClusterName");
            }
        }
        Some(Value::String(sc)) => {
            let exists = n
                .sessionclusters
                .iter()
                .any(|s| s.pointer("/metadata/name").and_then(Value::as_str) == Some(sc.as_str()));
            if !exists {
                return pf_error(
                    404,
                    format!("Session cluster {sc} does not exist in namespace {ns}."),
                );
            }
            n.platform["previewSessionClusterName"] = json!(sc);
        }
        Some(other) => {
            return bad(format!(
                "previewSessionClusterName must be a string, got {}",
                type_name(other)
            ))
        }
    }
    ok(json!({}))
}

// ---------------------------------------------------------------------------------------
// API tokens

fn token_view(t: &Value) -> Value {
    let mut v = t.clone();
    if let Some(m) = v.as_object_mut() {
        m.remove("secret");
    }
    v
}

fn api_tokens(n: &mut Ns, clock: &mut Clock, ns: &str, rest: &[&str], req: &Req) -> Resp {
    let prefix = format!("namespaces/{ns}/apitokens/");
    match (rest, req.method.as_str()) {
        ([], "GET") => {
            ok(json!({"apiTokens": n.apitokens.iter().map(token_view).collect::<Vec<_>>()}))
        }
        ([], "POST") => {
            let body = match req.body_object() {
                Ok(b) => b,
                Err(e) => return bad(e),
            };
            let Some(name) = body.get("name").and_then(Value::as_str) else {
                return bad(format!("API token name must be set ({prefix}<name>)."));
            };
            let short = name.strip_prefix(&prefix).unwrap_or(name);
            if short.contains('/') {
                return bad(format!("API token name '{name}' must be {prefix}<name>."));
            }
            if let Some(msg) = NameRule::Dns.check(short) {
                return bad(format!("Invalid API token name '{short}': {msg}"));
            }
            let Some(role) = body
                .get("role")
                .and_then(Value::as_str)
                .and_then(Role::parse)
            else {
                return bad("API token role must be one of viewer, editor, owner.");
            };
            let full = format!("{prefix}{short}");
            if n.apitokens
                .iter()
                .any(|t| t.get("name").and_then(Value::as_str) == Some(full.as_str()))
            {
                return pf_error(409, format!("API token {full} already exists."));
            }
            if n.apitokens.len() >= MAX_OBJECTS {
                return pf_error(429, "Too many API tokens.");
            }
            let token = json!({"name": full, "secret": new_id(), "role": role.as_str(), "createTime": clock.now()});
            n.apitokens.push(token.clone());
            ok(json!({"apiToken": token}))
        }
        ([name], m @ ("GET" | "DELETE")) => {
            let full = if name.starts_with("namespaces/") {
                name.to_string()
            } else {
                format!("{prefix}{name}")
            };
            let Some(i) = n
                .apitokens
                .iter()
                .position(|t| t.get("name").and_then(Value::as_str) == Some(full.as_str()))
            else {
                return pf_error(404, format!("API token {full} does not exist."));
            };
            if m == "DELETE" {
                n.apitokens.remove(i);
                ok(json!({}))
            } else {
                ok(json!({"apiToken": n.apitokens.get(i).map(token_view)}))
            }
        }
        ([] | [_], _) => not_allowed(req),
        _ => spring_error(404, &req.raw_path),
    }
}

// ---------------------------------------------------------------------------------------
// SQL API

/// A name-addressable SQL collection.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Coll {
    SqlScripts,
    Connectors,
    Formats,
    CatalogConnectors,
    UdfArtifacts,
}

impl Coll {
    fn of(seg: &str) -> Option<Coll> {
        Some(match seg {
            "sqlscripts" => Coll::SqlScripts,
            "connectors" => Coll::Connectors,
            "formats" => Coll::Formats,
            "catalog-connectors" => Coll::CatalogConnectors,
            "udfartifacts" => Coll::UdfArtifacts,
            _ => return None,
        })
    }

    fn seg(self) -> &'static str {
        match self {
            Coll::SqlScripts => "sqlscripts",
            Coll::Connectors => "connectors",
            Coll::Formats => "formats",
            Coll::CatalogConnectors => "catalog-connectors",
            Coll::UdfArtifacts => "udfartifacts",
        }
    }

    fn one(self) -> &'static str {
        match self {
            Coll::SqlScripts => "sqlScript",
            Coll::Connectors => "connector",
            Coll::Formats => "format",
            Coll::CatalogConnectors => "catalogConnector",
            Coll::UdfArtifacts => "udfArtifact",
        }
    }

    fn many(self) -> &'static str {
        match self {
            Coll::SqlScripts => "sqlScripts",
            Coll::Connectors => "connectors",
            Coll::Formats => "formats",
            Coll::CatalogConnectors => "catalogConnectors",
            Coll::UdfArtifacts => "udfArtifacts",
        }
    }

    fn human(self) -> &'static str {
        match self {
            Coll::SqlScripts => "SQL script",
            Coll::Connectors => "Connector",
            Coll::Formats => "Format",
            Coll::CatalogConnectors => "Catalog connector",
            Coll::UdfArtifacts => "UDF artifact",
        }
    }

    fn store(self, n: &mut Ns) -> &mut Vec<Value> {
        match self {
            Coll::SqlScripts => &mut n.sqlscripts,
            Coll::Connectors => &mut n.connectors,
            Coll::Formats => &mut n.formats,
            Coll::CatalogConnectors => &mut n.catalog_connectors,
            Coll::UdfArtifacts => &mut n.udfartifacts,
        }
    }
}

fn sql_api(n: &mut Ns, clock: &mut Clock, ns: &str, rest: &[&str], req: &Req) -> Resp {
    match rest {
        [first] => {
            let (seg, action) = split_action(first);
            let Some(coll) = Coll::of(seg) else {
                return spring_error(404, &req.raw_path);
            };
            match (coll, action, req.method.as_str()) {
                (_, None, "GET") => ok(json!({coll.many(): coll.store(n).clone()})),
                (_, None, "POST") => upsert(n, clock, ns, coll, None, req),
                (_, None, _) => not_allowed(req),
                (
                    Coll::SqlScripts,
                    Some(a @ ("validate" | "execute" | "execute-multi" | "suggest")),
                    "POST",
                ) => sql_action(n, ns, a, req),
                (Coll::CatalogConnectors, Some("analyze-jars"), "POST") => {
                    match req.body_object() {
                        Ok(_) => ok(json!({"catalogConnectors": []})),
                        Err(e) => bad(e),
                    }
                }
                (_, Some(_), "POST") => spring_error(404, &req.raw_path),
                _ => not_allowed(req),
            }
        }
        [coll_seg, last] => {
            let Some(coll) = Coll::of(coll_seg) else {
                return spring_error(404, &req.raw_path);
            };
            let (name, action) = split_action(last);
            let full = qualified(ns, coll, name);
            match (action, req.method.as_str()) {
                (None, "GET") => match find(coll.store(n), &full) {
                    Some(i) => ok(json!({coll.one(): coll.store(n).get(i)})),
                    None => missing(coll, &full),
                },
                (None, "PUT") => upsert(n, clock, ns, coll, Some(name), req),
                (None, "DELETE") => delete(n, coll, &full),
                (Some("list-tables"), "GET")
                    if matches!(coll, Coll::Connectors | Coll::Formats) =>
                {
                    if find(coll.store(n), &full).is_none() {
                        return missing(coll, &full);
                    }
                    ok(json!({"tables": referencing_tables(n, coll, name)}))
                }
                (Some("list-catalogs"), "GET") if coll == Coll::CatalogConnectors => {
                    if find(coll.store(n), &full).is_none() {
                        return missing(coll, &full);
                    }
                    ok(json!({"catalogs": []}))
                }
                (Some("upload-jar"), "POST") if coll == Coll::UdfArtifacts => {
                    upload_udf_jar(n, clock, ns, &full, name, req)
                }
                (None, _) => not_allowed(req),
                _ => spring_error(404, &req.raw_path),
            }
        }
        _ => spring_error(404, &req.raw_path),
    }
}

fn qualified(ns: &str, coll: Coll, name: &str) -> String {
    if name.starts_with("namespaces/") {
        name.to_string()
    } else {
        format!("namespaces/{ns}/{}/{name}", coll.seg())
    }
}

fn find(store: &[Value], full: &str) -> Option<usize> {
    store
        .iter()
        .position(|o| o.get("name").and_then(Value::as_str) == Some(full))
}

fn missing(coll: Coll, full: &str) -> Resp {
    pf_error(404, format!("{} {full} does not exist.", coll.human()))
}

/// Tables of the `vvp` catalog whose `connector`/`format` option names this object.
fn referencing_tables(n: &Ns, coll: Coll, short: &str) -> Vec<Value> {
    let key = if coll == Coll::Connectors {
        "connector"
    } else {
        "format"
    };
    let mut out = Vec::new();
    for (db, tables) in &n.tables {
        for t in tables {
            if t.pointer(&format!("/properties/{key}"))
                .and_then(Value::as_str)
                == Some(short)
            {
                out.push(
                    json!({"catalogName": CATALOG, "databaseName": db, "tableName": t.get("name")}),
                );
            }
        }
    }
    out
}

/// POST (create; `path_name` = None) or PUT (create or replace).
fn upsert(
    n: &mut Ns,
    clock: &mut Clock,
    ns: &str,
    coll: Coll,
    path_name: Option<&str>,
    req: &Req,
) -> Resp {
    let mut body = match req.body_object() {
        Ok(b) => b,
        Err(e) => return bad(e),
    };
    let prefix = format!("namespaces/{ns}/{}/", coll.seg());
    let short = match short_name(coll, &prefix, &body, path_name) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let full = format!("{prefix}{short}");
    body.insert("name".into(), json!(full));
    let existing = find(coll.store(n), &full);
    if path_name.is_none() && existing.is_some() {
        return pf_error_code(
            409,
            "ALREADY_EXISTS",
            format!("{} {full} already exists.", coll.human()),
        );
    }
    if existing.is_none() && coll.store(n).len() >= MAX_OBJECTS {
        return pf_error(429, format!("Too many objects of kind {}.", coll.human()));
    }
    let old = existing.and_then(|i| coll.store(n).get(i).cloned());
    stamp_times(coll, clock, &mut body, old.as_ref());
    let obj = Value::Object(body);
    match existing {
        Some(i) => {
            if let Some(slot) = coll.store(n).get_mut(i) {
                *slot = obj.clone();
            }
        }
        None => coll.store(n).push(obj.clone()),
    }
    let replaced = existing.is_some();
    let mut out = Map::new();
    out.insert(coll.one().into(), obj);
    match coll {
        Coll::UdfArtifacts => {
            out.insert("collidingClasses".into(), json!([]));
            if replaced || path_name.is_some() {
                out.insert("missingClasses".into(), json!([]));
            }
        }
        Coll::Connectors | Coll::Formats if path_name.is_some() => {
            out.insert(
                "affectedTables".into(),
                json!(referencing_tables(n, coll, &short)),
            );
        }
        _ => {}
    }
    ok(Value::Object(out))
}

/// The short name of an object given with a short or fully-qualified `name`, or only in
/// the path; both given must agree, and the name must follow the DNS rule.
fn short_name(
    coll: Coll,
    prefix: &str,
    body: &Map<String, Value>,
    path_name: Option<&str>,
) -> Result<String, Resp> {
    let human = coll.human();
    let short = match (body.get("name").and_then(Value::as_str), path_name) {
        (Some(g), p) => {
            let s = g.strip_prefix(prefix).unwrap_or(g).to_string();
            if s.contains('/') {
                return Err(bad(format!("{human} name '{g}' must be {prefix}<name>.")));
            }
            if p.is_some_and(|p| p.strip_prefix(prefix).unwrap_or(p) != s) {
                return Err(bad(format!("{human} name '{g}' does not match the path.")));
            }
            s
        }
        (None, Some(p)) => p.strip_prefix(prefix).unwrap_or(p).to_string(),
        (None, None) => return Err(bad(format!("{human} name must be set ({prefix}<name>)."))),
    };
    match NameRule::Dns.check(&short) {
        Some(msg) => Err(bad(format!("Invalid {human} name '{short}': {msg}"))),
        None => Ok(short),
    }
}

/// Timestamps of SQL scripts and UDF artifacts: `createTime` kept from the old object,
/// `updateTime` now; `jarUpdateTime` only when the JAR changed.
fn stamp_times(coll: Coll, clock: &mut Clock, body: &mut Map<String, Value>, old: Option<&Value>) {
    let now = clock.now();
    if matches!(coll, Coll::SqlScripts | Coll::UdfArtifacts) {
        let created = old
            .and_then(|o| o.get("createTime").cloned())
            .unwrap_or(json!(now));
        body.insert("createTime".into(), created);
        body.insert("updateTime".into(), json!(now));
    }
    if matches!(coll, Coll::UdfArtifacts) {
        let old_jar = old.and_then(|o| o.get("jarUrl").cloned());
        match body.get("jarUrl").cloned() {
            Some(j) if Some(&j) != old_jar.as_ref() => {
                body.insert("jarUpdateTime".into(), json!(now));
            }
            _ => {
                if let Some(t) = old.and_then(|o| o.get("jarUpdateTime").cloned()) {
                    body.insert("jarUpdateTime".into(), t);
                }
            }
        }
        body.entry("udfClasses").or_insert_with(|| json!([]));
    }
}

fn delete(n: &mut Ns, coll: Coll, full: &str) -> Resp {
    let Some(i) = find(coll.store(n), full) else {
        return missing(coll, full);
    };
    let short = full.rsplit('/').next().unwrap_or(full).to_string();
    let affected = referencing_tables(n, coll, &short);
    coll.store(n).remove(i);
    match coll {
        Coll::Connectors | Coll::Formats => ok(json!({"affectedTables": affected})),
        Coll::UdfArtifacts => ok(json!({"referencedClasses": []})),
        _ => ok(json!({})),
    }
}

fn sql_action(n: &mut Ns, ns: &str, action: &str, req: &Req) -> Resp {
    let catalog = req
        .q("catalog")
        .filter(|c| !c.is_empty())
        .unwrap_or(CATALOG)
        .to_string();
    let database = req
        .q("database")
        .filter(|d| !d.is_empty())
        .unwrap_or(ns)
        .to_string();
    match action {
        "validate" | "execute" => {
            let body = match req.body_object() {
                Ok(b) => b,
                Err(e) => return bad(e),
            };
            let Some(stmt) = body.get("statement").and_then(Value::as_str) else {
                return bad("statement must be set.");
            };
            if action == "validate" {
                ok(sql::validate(n, ns, &catalog, &database, stmt))
            } else {
                ok(sql::execute(n, ns, &catalog, &database, stmt))
            }
        }
        "execute-multi" => {
            let stmts = match req.body_value() {
                Ok(Value::Array(a)) if a.iter().all(Value::is_string) => a,
                Ok(other) => {
                    return bad(format!(
                        "Body must be an array of statements, got {}",
                        type_name(&other)
                    ))
                }
                Err(e) => return bad(e),
            };
            let stop_on_error = req.q("stopOnError") != Some("false");
            let mut failed = false;
            let mut responses = Vec::new();
            for s in stmts.iter().filter_map(Value::as_str) {
                if failed && stop_on_error {
                    responses.push(json!({"result": "RESULT_SKIPPED"}));
                    continue;
                }
                let r = sql::execute(n, ns, &catalog, &database, s);
                if r.get("result")
                    .and_then(Value::as_str)
                    .is_some_and(|x| x.starts_with("RESULT_ERROR") || x == "RESULT_INVALID")
                {
                    failed = true;
                }
                responses.push(r);
            }
            ok(json!({"responses": responses}))
        }
        _ => {
            let body = match req.body_object() {
                Ok(b) => b,
                Err(e) => return bad(e),
            };
            let script = body
                .get("sqlScript")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let position = body
                .get("position")
                .and_then(Value::as_u64)
                .and_then(|p| usize::try_from(p).ok())
                .unwrap_or_else(|| script.chars().count());
            ok(sql::suggest(n, ns, script, position))
        }
    }
}

/// Checks an upload and finds its `file` part: (file name, size in bytes), or the error
/// answer (413 when too large, 400 when not multipart or the file name is not plain).
fn uploaded_file(req: &Req) -> Result<(String, usize), Resp> {
    if req.body.len() > MAX_UPLOAD {
        return Err(pf_error(
            413,
            format!("Upload exceeds the limit of {MAX_UPLOAD} bytes."),
        ));
    }
    let (filename, size) = multipart_file(req).map_err(bad)?;
    if !valid_filename(&filename) {
        return Err(bad("The uploaded file needs a plain file name."));
    }
    Ok((filename, size))
}

/// Finds the `file` part of a multipart body: (file name, size in bytes).
fn multipart_file(req: &Req) -> Result<(String, usize), String> {
    let boundary = req
        .content_type
        .split(';')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("boundary="))
        .map(|b| b.trim_matches('"').to_string())
        .ok_or("Expected a multipart/form-data body with a boundary")?;
    if !req.content_type.starts_with("multipart/form-data") {
        return Err("Expected a multipart/form-data body".into());
    }
    let delim = format!("--{boundary}");
    let body = &req.body;
    let positions: Vec<usize> = find_all(body, delim.as_bytes());
    for w in positions.windows(2) {
        let (Some(&a), Some(&b)) = (w.first(), w.get(1)) else {
            continue;
        };
        let part = body.get(a + delim.len()..b).unwrap_or_default();
        let Some(hdr_end) = find_all(part, b"\r\n\r\n").first().copied() else {
            continue;
        };
        let headers = String::from_utf8_lossy(part.get(..hdr_end).unwrap_or_default()).to_string();
        let disposition = headers
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("content-disposition"))
            .unwrap_or_default()
            .to_string();
        let field = param(&disposition, "name");
        if field.as_deref() != Some("file") {
            continue;
        }
        let filename = param(&disposition, "filename").unwrap_or_default();
        let data_len = part.len().saturating_sub(hdr_end + 4).saturating_sub(2);
        return Ok((filename, data_len));
    }
    Err("Multipart body has no 'file' part".into())
}

fn param(disposition: &str, name: &str) -> Option<String> {
    disposition.split(';').map(str::trim).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim().eq_ignore_ascii_case(name)).then(|| v.trim().trim_matches('"').to_string())
    })
}

fn find_all(hay: &[u8], needle: &[u8]) -> Vec<usize> {
    if needle.is_empty() {
        return Vec::new();
    }
    hay.windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .take(10_000)
        .collect()
}

fn valid_filename(f: &str) -> bool {
    !f.is_empty()
        && f.len() <= 255
        && !f.contains('/')
        && !f.contains('\\')
        && f != "."
        && f != ".."
}

fn upload_udf_jar(
    n: &mut Ns,
    clock: &mut Clock,
    ns: &str,
    full: &str,
    short: &str,
    req: &Req,
) -> Resp {
    let Some(i) = find(&n.udfartifacts, full) else {
        return missing(Coll::UdfArtifacts, full);
    };
    let (filename, _) = match uploaded_file(req) {
        Ok(x) => x,
        Err(resp) => return resp,
    };
    let uri = format!("s3://vvp/artifacts/namespaces/{ns}/udfs/{short}/{filename}");
    let now = clock.now();
    if let Some(a) = n.udfartifacts.get_mut(i) {
        a["jarUrl"] = json!(uri);
        a["jarUpdateTime"] = json!(now);
        a["updateTime"] = json!(now);
    }
    ok(json!({"jarUri": uri}))
}

// ---------------------------------------------------------------------------------------
// Catalogs

fn catalogs(n: &Ns, ns: &str, rest: &[&str], req: &Req) -> Resp {
    if req.method != "GET" {
        return not_allowed(req);
    }
    let catalog = json!({"name": format!("namespaces/{ns}/catalogs/{CATALOG}"), "properties": {"type": "vvp", "default-database": ns}});
    let [last] = rest else {
        return if rest.is_empty() {
            ok(json!({"catalogs": [catalog]}))
        } else {
            spring_error(404, &req.raw_path)
        };
    };
    let (cat, action) = split_action(last);
    if cat != CATALOG {
        return pf_error(404, format!("Catalog {cat} does not exist."));
    }
    let db = req
        .q("database")
        .filter(|d| !d.is_empty())
        .unwrap_or(ns)
        .to_string();
    let database = json!({"name": ns, "properties": {}, "comment": "Default Database"});
    let db_missing = || {
        pf_error(
            404,
            format!("Database {db} does not exist in Catalog {CATALOG}."),
        )
    };
    let empty = Vec::new();
    let tables = n.tables.get(&db).unwrap_or(&empty);
    let functions = n.functions.get(&db).unwrap_or(&empty);
    let named = |list: &[Value], key: &str| -> Option<Value> {
        let want = req.q(key)?;
        list.iter()
            .find(|t| t.get("name").and_then(Value::as_str) == Some(want))
            .cloned()
    };
    match action {
        None => ok(json!({"catalog": catalog})),
        Some("listDatabases") => ok(json!({"databases": [database]})),
        Some(_) if db != ns => db_missing(),
        Some("getDatabase") => ok(json!({"database": database})),
        Some("listTables") => ok(json!({"tables": tables})),
        Some("listViews") => ok(json!({"views": []})),
        Some("listFunctions") => ok(json!({"functions": functions})),
        Some("getTable") => match named(tables, "table") {
            Some(t) => ok(json!({"table": t})),
            None => pf_error(
                404,
                format!(
                    "Table {} does not exist in Database {db} of Catalog {CATALOG}.",
                    req.q("table").unwrap_or_default()
                ),
            ),
        },
        Some("getView") => pf_error(
            404,
            format!(
                "View {} does not exist in Database {db} of Catalog {CATALOG}.",
                req.q("view").unwrap_or_default()
            ),
        ),
        Some("getFunction") => match named(functions, "function") {
            Some(f) => ok(json!({"function": f})),
            None => pf_error(
                404,
                format!(
                    "Function {} does not exist in Database {db} of Catalog {CATALOG}.",
                    req.q("function").unwrap_or_default()
                ),
            ),
        },
        Some(_) => spring_error(404, &req.raw_path),
    }
}

// ---------------------------------------------------------------------------------------
// Artifacts

fn artifacts(n: &mut Ns, clock: &mut Clock, ns: &str, last: &str, req: &Req) -> Resp {
    match (last, req.method.as_str()) {
        ("artifacts:list", "GET") => {
            let items: Vec<Value> = n
                .artifacts
                .iter()
                .take(MAX_ARTIFACTS_LISTED)
                .cloned()
                .collect();
            ok(json!({"artifacts": items}))
        }
        ("artifacts:upload", "POST") => {
            let (filename, size) = match uploaded_file(req) {
                Ok(x) => x,
                Err(resp) => return resp,
            };
            let uri = format!("s3://vvp/artifacts/namespaces/{ns}/{filename}");
            let created = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
            let _ = clock.now();
            let artifact =
                json!({"filename": filename, "uri": uri, "createTime": created, "size": size});
            n.artifacts
                .retain(|a| a.get("filename").and_then(Value::as_str) != Some(filename.as_str()));
            if n.artifacts.len() >= MAX_OBJECTS {
                return pf_error(429, "Too many artifacts.");
            }
            n.artifacts.push(artifact.clone());
            ok(json!({"artifact": artifact}))
        }
        ("artifacts:delete", "DELETE") => {
            let Some(f) = req.q("filename").filter(|f| !f.is_empty()) else {
                return bad("Query parameter filename must be set.");
            };
            let before = n.artifacts.len();
            n.artifacts
                .retain(|a| a.get("filename").and_then(Value::as_str) != Some(f));
            if n.artifacts.len() == before {
                return pf_error(404, format!("Artifact {f} does not exist."));
            }
            ok(json!({}))
        }
        ("artifacts:list" | "artifacts:upload" | "artifacts:delete", _) => not_allowed(req),
        _ => spring_error(404, &req.raw_path),
    }
}
