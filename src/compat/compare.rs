//! The comparison itself: two sets of OpenAPI 3.0 documents (the crate's specs, converted,
//! and what the server serves), operation by operation and schema by schema.
//!
//! Operations are matched by method and path with parameter names ignored
//! (`/deployments/{name}` matches `/deployments/{deploymentName}`). For each operation both
//! sides have, the query parameters, the request body schema and the first 2xx response
//! schema are walked side by side, following `$ref`s on both sides. A difference is filed
//! under the SDK's schema name and the field path inside it (`DeploymentSpec.state`), so a
//! schema used by many operations is reported once.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::{Difference, Operation, Side};

/// How deep schemas are walked (documents from the network may nest without end).
const MAX_DEPTH: usize = 64;

/// One document and which API it is.
pub(crate) struct Doc<'a> {
    pub value: &'a Value,
}

/// An operation of one document.
struct Op<'a> {
    doc: usize,
    method: String,
    path: String,
    item: &'a Value,
    op: &'a Value,
}

impl Op<'_> {
    fn public(&self) -> Operation {
        Operation {
            method: self.method.clone(),
            path: self.path.clone(),
            operation_id: self
                .op
                .get("operationId")
                .and_then(Value::as_str)
                .map(str::to_owned),
        }
    }
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head", "options"];

/// `GET /a/{}/b` for `get` and `/a/{x}/b/`: the key two documents' operations match on.
fn op_key(method: &str, path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 8);
    out.push_str(&method.to_ascii_uppercase());
    out.push(' ');
    let mut in_param = false;
    for c in path.trim_end_matches('/').chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            c if !in_param => out.push(c),
            _ => {}
        }
    }
    out
}

/// The path prefix an OpenAPI 3.0 document's first server adds (`/api` for
/// `https://host/api`), empty for none or `/`.
fn server_prefix(doc: &Value) -> String {
    let Some(url) = doc.pointer("/servers/0/url").and_then(Value::as_str) else {
        return String::new();
    };
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |i| rest.get(i..).unwrap_or("")),
        None => url,
    };
    path.trim_end_matches('/').to_owned()
}

fn operations<'a>(docs: &[Doc<'a>]) -> BTreeMap<String, Op<'a>> {
    let mut ops = BTreeMap::new();
    for (i, doc) in docs.iter().enumerate() {
        let prefix = server_prefix(doc.value);
        let Some(paths) = doc.value.get("paths").and_then(Value::as_object) else {
            continue;
        };
        for (path, item) in paths {
            let full = format!("{prefix}{path}");
            for m in METHODS {
                let Some(op) = item.get(*m).filter(|o| o.is_object()) else {
                    continue;
                };
                let key = op_key(m, &full);
                ops.entry(key).or_insert(Op {
                    doc: i,
                    method: m.to_ascii_uppercase(),
                    path: full.clone(),
                    item,
                    op,
                });
            }
        }
    }
    ops
}

/// Compares the SDK's documents with the server's.
///
/// Returns the differences and the SDK operations the server lacks that are marked
/// `x-vvp-undocumented` in `specs/` (they work, but servers leave them out of their
/// documents, so their absence says nothing).
pub(crate) fn compare(
    sdk: &[Doc<'_>],
    server: &[Doc<'_>],
) -> (BTreeSet<Difference>, Vec<Operation>) {
    let sdk_ops = operations(sdk);
    let srv_ops = operations(server);
    let mut out = BTreeSet::new();
    let mut unchecked = Vec::new();
    for (key, op) in &sdk_ops {
        if srv_ops.contains_key(key) {
            continue;
        }
        if op.op.get(UNDOCUMENTED).and_then(Value::as_bool) == Some(true) {
            unchecked.push(op.public());
        } else {
            out.insert(Difference::MissingOperation {
                operation: op.public(),
            });
        }
    }
    for (key, op) in &srv_ops {
        if !sdk_ops.contains_key(key) {
            out.insert(Difference::ExtraOperation {
                operation: op.public(),
            });
        }
    }
    let mut walker = Walker {
        sdk,
        server,
        visited: BTreeSet::new(),
        out,
    };
    for (key, a) in &sdk_ops {
        let Some(b) = srv_ops.get(key) else { continue };
        walker.operation(a, b);
    }
    (walker.out, unchecked)
}

/// The `specs/` extension marking an operation that servers do not list in their documents.
const UNDOCUMENTED: &str = "x-vvp-undocumented";

struct Walker<'d, 'a> {
    sdk: &'d [Doc<'a>],
    server: &'d [Doc<'a>],
    /// (SDK schema name, server schema pointer) pairs already compared.
    visited: BTreeSet<(String, String)>,
    out: BTreeSet<Difference>,
}

/// Where in the SDK's schemas a walk is: a schema name and the field path inside it.
#[derive(Clone)]
struct Loc {
    schema: String,
    path: String,
}

impl Loc {
    fn field(&self, name: &str) -> Loc {
        let path = if self.path.is_empty() {
            name.to_owned()
        } else {
            format!("{}.{name}", self.path)
        };
        Loc {
            schema: self.schema.clone(),
            path,
        }
    }

    fn suffix(&self, s: &str) -> Loc {
        Loc {
            schema: self.schema.clone(),
            path: format!("{}{s}", self.path),
        }
    }

    fn render(&self) -> String {
        if self.path.is_empty() {
            self.schema.clone()
        } else {
            format!("{}.{}", self.schema, self.path)
        }
    }
}

/// Resolves a local `$ref` (`#/components/schemas/X`, any JSON pointer) in `doc`.
fn resolve<'v>(doc: &'v Value, r: &str) -> Option<&'v Value> {
    let ptr = r.strip_prefix('#')?;
    // `$ref`s may be percent-encoded; the documents we read use plain names.
    doc.pointer(ptr)
}

/// Follows `$ref`s (a bounded number of times); returns the schema and the last ref.
fn deref<'v>(doc: &'v Value, mut v: &'v Value) -> (&'v Value, Option<&'v str>) {
    let mut last = None;
    for _ in 0..MAX_DEPTH {
        let Some(r) = v.get("$ref").and_then(Value::as_str) else {
            return (v, last);
        };
        last = Some(r);
        match resolve(doc, r) {
            Some(t) => v = t,
            None => return (&Value::Null, last),
        }
    }
    (&Value::Null, last)
}

fn ref_name(r: &str) -> &str {
    r.rsplit('/').next().unwrap_or(r)
}

/// The parts of a schema the comparison looks at, with `allOf` merged.
#[derive(Default)]
struct Shape<'v> {
    ty: Option<&'v str>,
    format: Option<&'v str>,
    props: BTreeMap<&'v str, &'v Value>,
    items: Option<&'v Value>,
    values: Option<&'v Value>,
    enumeration: Option<BTreeSet<String>>,
}

fn shape<'v>(doc: &'v Value, v: &'v Value, depth: usize) -> Shape<'v> {
    let mut s = Shape::default();
    let (v, _) = deref(doc, v);
    s.ty = v.get("type").and_then(Value::as_str);
    s.format = v.get("format").and_then(Value::as_str);
    if let Some(props) = v.get("properties").and_then(Value::as_object) {
        s.props.extend(props.iter().map(|(k, p)| (k.as_str(), p)));
    }
    s.items = v.get("items").filter(|i| i.is_object());
    s.values = v.get("additionalProperties").filter(|i| i.is_object());
    s.enumeration = v.get("enum").and_then(Value::as_array).map(|e| {
        e.iter()
            .map(|x| match x {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect()
    });
    if depth < MAX_DEPTH {
        for part in v
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let p = shape(doc, part, depth + 1);
            s.ty = s.ty.or(p.ty);
            s.format = s.format.or(p.format);
            for (k, v) in p.props {
                s.props.entry(k).or_insert(v);
            }
            s.items = s.items.or(p.items);
            s.values = s.values.or(p.values);
            s.enumeration = s.enumeration.or(p.enumeration);
        }
    }
    if s.ty.is_none() {
        s.ty = if !s.props.is_empty() || s.values.is_some() {
            Some("object")
        } else if s.items.is_some() {
            Some("array")
        } else {
            None
        };
    }
    s
}

fn type_name(ty: &str, format: Option<&str>) -> String {
    match format {
        Some(f) => format!("{ty} ({f})"),
        None => ty.to_owned(),
    }
}

/// The schema of a request body or response: JSON if declared, else the first media type.
fn content_schema(content: Option<&Value>) -> Option<&Value> {
    let content = content?.as_object()?;
    content
        .iter()
        .find(|(k, _)| k.contains("json"))
        .or_else(|| content.iter().next())
        .and_then(|(_, m)| m.get("schema"))
}

fn request_schema<'v>(doc: &'v Value, op: &'v Value) -> Option<&'v Value> {
    let (body, _) = deref(doc, op.get("requestBody")?);
    content_schema(body.get("content"))
}

fn response_schema<'v>(doc: &'v Value, op: &'v Value) -> Option<&'v Value> {
    let responses = op.get("responses")?.as_object()?;
    responses
        .iter()
        .filter(|(code, _)| code.starts_with('2'))
        .find_map(|(_, r)| content_schema(deref(doc, r).0.get("content")))
}

fn query_params<'v>(doc: &'v Value, item: &'v Value, op: &'v Value) -> BTreeSet<&'v str> {
    [item.get("parameters"), op.get("parameters")]
        .into_iter()
        .flatten()
        .filter_map(Value::as_array)
        .flatten()
        .map(|p| deref(doc, p).0)
        .filter(|p| p.get("in").and_then(Value::as_str) == Some("query"))
        .filter_map(|p| p.get("name").and_then(Value::as_str))
        .collect()
}

impl Walker<'_, '_> {
    fn operation(&mut self, a: &Op<'_>, b: &Op<'_>) {
        let (Some(da), Some(db)) = (self.sdk.get(a.doc), self.server.get(b.doc)) else {
            return;
        };
        let (da, db) = (da.value, db.value);
        let name = format!("{} {}", a.method, a.path);
        let qa = query_params(da, a.item, a.op);
        let qb = query_params(db, b.item, b.op);
        for q in qa.difference(&qb) {
            self.out.insert(Difference::MissingField {
                side: Side::Server,
                location: format!("{name} ?{q}"),
            });
        }
        for q in qb.difference(&qa) {
            self.out.insert(Difference::MissingField {
                side: Side::Sdk,
                location: format!("{name} ?{q}"),
            });
        }
        let parts = [
            (
                "request body",
                request_schema(da, a.op),
                request_schema(db, b.op),
            ),
            (
                "response",
                response_schema(da, a.op),
                response_schema(db, b.op),
            ),
        ];
        for (what, sa, sb) in parts {
            if let (Some(sa), Some(sb)) = (sa, sb) {
                let loc = Loc {
                    schema: format!("{name} ({what})"),
                    path: String::new(),
                };
                self.schema(da, db, sa, sb, loc, 0);
            }
        }
    }

    fn schema(&mut self, da: &Value, db: &Value, a: &Value, b: &Value, loc: Loc, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        // A named SDK schema starts its own location; each pair is compared once.
        let (_, ra) = deref(da, a);
        let (_, rb) = deref(db, b);
        let loc = match ra {
            Some(r) => {
                let key = (r.to_owned(), rb.unwrap_or("").to_owned());
                if rb.is_some() && !self.visited.insert(key) {
                    return;
                }
                Loc {
                    schema: ref_name(r).to_owned(),
                    path: String::new(),
                }
            }
            None => loc,
        };
        let sa = shape(da, a, 0);
        let sb = shape(db, b, 0);
        if let (Some(ta), Some(tb)) = (sa.ty, sb.ty) {
            // `integer` values fit a `number`: a widening the SDK reads fine, but still a
            // change worth showing; formats count only when both sides declare one.
            let format_differs = matches!((sa.format, sb.format), (Some(x), Some(y)) if x != y);
            if ta != tb || format_differs {
                self.out.insert(Difference::TypeChange {
                    location: loc.render(),
                    sdk: type_name(ta, sa.format),
                    server: type_name(tb, sb.format),
                });
                return;
            }
        }
        if let (Some(ea), Some(eb)) = (&sa.enumeration, &sb.enumeration) {
            for v in ea.difference(eb) {
                self.out.insert(Difference::MissingEnumValue {
                    side: Side::Server,
                    location: loc.render(),
                    value: v.clone(),
                });
            }
            for v in eb.difference(ea) {
                self.out.insert(Difference::MissingEnumValue {
                    side: Side::Sdk,
                    location: loc.render(),
                    value: v.clone(),
                });
            }
        }
        // Free-form objects (no declared properties) on either side are not compared.
        if !sa.props.is_empty() && !sb.props.is_empty() {
            for (name, pa) in &sa.props {
                match sb.props.get(name) {
                    Some(pb) => self.schema(da, db, pa, pb, loc.field(name), depth + 1),
                    None => {
                        self.out.insert(Difference::MissingField {
                            side: Side::Server,
                            location: loc.field(name).render(),
                        });
                    }
                }
            }
            for name in sb.props.keys() {
                if !sa.props.contains_key(name) {
                    self.out.insert(Difference::MissingField {
                        side: Side::Sdk,
                        location: loc.field(name).render(),
                    });
                }
            }
        }
        if let (Some(ia), Some(ib)) = (sa.items, sb.items) {
            self.schema(da, db, ia, ib, loc.suffix("[]"), depth + 1);
        }
        if let (Some(va), Some(vb)) = (sa.values, sb.values) {
            self.schema(da, db, va, vb, loc.suffix("{}"), depth + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_parameter_names_and_trailing_slashes() {
        assert_eq!(op_key("get", "/a/{x}/b/"), "GET /a/{}/b");
        assert_eq!(op_key("get", "/a/{name}:verb"), "GET /a/{}:verb");
        assert_eq!(op_key("get", "/a/{x"), "GET /a/{}");
    }

    #[test]
    fn server_prefixes() {
        let p = |u: &str| server_prefix(&serde_json::json!({"servers": [{"url": u}]}));
        assert_eq!(p("http://localhost:8080"), "");
        assert_eq!(p("https://vvp.example.com/api/"), "/api");
        assert_eq!(p("/api"), "/api");
        assert_eq!(p("/"), "");
    }

    #[test]
    fn self_referencing_schemas_terminate() {
        let doc = serde_json::json!({"components": {"schemas": {
            "A": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"}}},
            "B": {"$ref": "#/components/schemas/B"}
        }}});
        let b = serde_json::json!({"$ref": "#/components/schemas/B"});
        let s = shape(&doc, &b, 0);
        assert!(s.ty.is_none());
        let mut w = Walker {
            sdk: &[],
            server: &[],
            visited: BTreeSet::new(),
            out: BTreeSet::new(),
        };
        let a = serde_json::json!({"$ref": "#/components/schemas/A"});
        let loc = Loc {
            schema: String::new(),
            path: String::new(),
        };
        w.schema(&doc, &doc, &a, &a, loc, 0);
        assert!(w.out.is_empty());
    }
}
