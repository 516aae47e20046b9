//! Repairs of names: schema (definition) names and operation ids.

use super::for_each_op;
use crate::convert::rewrite_refs;
use crate::validate::percent_decode;
use crate::{pointer, Report, SpecError};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// `ResourceList«Deployment»` -> `ResourceListDeployment`, `com.foo.Bar` -> `ComFooBar`,
/// `my type` -> `MyType`, `2fa` -> `T2fa`. Already UpperCamel names stay as they are.
pub fn upper_camel(name: &str) -> String {
    let mut out = String::new();
    for word in name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.push_str(chars.as_str());
        }
    }
    if out.is_empty() {
        out.push_str("Schema");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'T');
    }
    if out == "Self" {
        out.push_str("Type");
    }
    out
}

/// Renames `components/schemas` entries whose names are not UpperCamel Rust identifiers,
/// keeping names unique, and rewrites every reference to them.
pub fn sanitize_schema_names(doc: &mut Value, report: &mut Report) -> Result<(), SpecError> {
    let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return Ok(());
    };
    let mut taken: BTreeSet<String> = schemas
        .keys()
        .filter(|k| upper_camel(k) == **k)
        .cloned()
        .collect();
    let mut renames: BTreeMap<String, String> = BTreeMap::new();
    for name in schemas.keys() {
        let base = upper_camel(name);
        if base == *name {
            continue;
        }
        let mut candidate = base.clone();
        let mut n = 2;
        while taken.contains(&candidate) {
            candidate = format!("{base}{n}");
            n += 1;
        }
        taken.insert(candidate.clone());
        report.note(
            "sanitize_schema_names",
            &pointer(&["components", "schemas", name]),
            format!("renamed to {candidate}"),
        );
        renames.insert(name.clone(), candidate);
    }
    if renames.is_empty() {
        return Ok(());
    }
    let old = std::mem::take(schemas);
    *schemas = old
        .into_iter()
        .map(|(k, v)| (renames.get(&k).cloned().unwrap_or(k), v))
        .collect::<Map<_, _>>();
    rewrite_refs(doc, &|r| {
        let token = r.strip_prefix(SCHEMA_PREFIX)?;
        let token = percent_decode(token).unwrap_or_else(|| token.to_owned());
        let name = token.replace("~1", "/").replace("~0", "~");
        renames
            .get(&name)
            .map(|new| format!("{SCHEMA_PREFIX}{new}"))
    });
    Ok(())
}

/// `getDeploymentsUsingGET` -> `get_deployments`, `listAPITokens` -> `list_api_tokens`.
pub fn snake_case(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            continue;
        }
        if c.is_ascii_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(char::is_ascii_lowercase);
            let boundary = prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower);
            if boundary && !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    let out = out.trim_end_matches('_').to_owned();
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("op_{out}")
    } else {
        out
    }
}

/// Strips the Springfox suffix `Using<METHOD>` (and its `_<n>` de-duplication counter).
pub fn strip_springfox(id: &str) -> &str {
    let base = match id.rsplit_once('_') {
        Some((b, n)) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => b,
        _ => id,
    };
    for m in [
        "GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE",
    ] {
        if let Some(stripped) = base.strip_suffix(&format!("Using{m}")) {
            if !stripped.is_empty() {
                return stripped;
            }
        }
    }
    id
}

/// An id for an operation without one: `get` + the path's words (`get_api_v1_jobs_job_id`).
fn synthesize(method: &str, path: &str) -> String {
    let mut words = vec![method.to_owned()];
    for seg in path.split(['/', ':']).filter(|s| !s.is_empty()) {
        let seg = seg.trim_start_matches('{').trim_end_matches('}');
        words.push(snake_case(seg));
    }
    snake_case(&words.join("_"))
}

/// Operation ids progenitor turns into good method names: Springfox suffixes stripped,
/// snake_case, synthesized when missing, unique (a clash gets the method, then a number).
pub fn normalize_operation_ids(doc: &mut Value, report: &mut Report) -> Result<(), SpecError> {
    const STEP: &str = "normalize_operation_ids";
    let mut used: BTreeSet<String> = BTreeSet::new();
    for_each_op(doc, |op| {
        let at = op.at(&["operationId"]);
        let original = op
            .op
            .get("operationId")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let base = match &original {
            Some(id) if !snake_case(id).is_empty() => snake_case(strip_springfox(id)),
            _ => synthesize(op.method, op.path),
        };
        let mut id = base.clone();
        if used.contains(&id) {
            id = format!("{base}_{}", op.method);
            let mut n = 2;
            while used.contains(&id) {
                id = format!("{base}_{n}");
                n += 1;
            }
        }
        used.insert(id.clone());
        if original.as_deref() != Some(id.as_str()) {
            let from = original.map_or_else(|| "(none)".to_owned(), |o| format!("`{o}`"));
            report.note(STEP, &at, format!("{from} -> `{id}`"));
            op.op.insert("operationId".into(), Value::String(id));
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn upper_camel_names() {
        assert_eq!(
            upper_camel("ResourceList«Deployment»"),
            "ResourceListDeployment"
        );
        assert_eq!(upper_camel("com.foo.Bar"), "ComFooBar");
        assert_eq!(upper_camel("my type"), "MyType");
        assert_eq!(upper_camel("2fa"), "T2fa");
        assert_eq!(upper_camel("Deployment"), "Deployment");
        assert_eq!(upper_camel("«»"), "Schema");
    }

    #[test]
    fn sanitizes_schema_names_and_rewrites_refs() {
        let mut doc = json!({"components": {"schemas": {
            "ResourceList«Deployment»": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Deployment"}}}},
            "ResourceListDeployment": {"type": "string"},
            "Deployment": {"type": "object"},
            "com.x.Y": {"$ref": "#/components/schemas/ResourceList%C2%ABDeployment%C2%BB"}}},
          "paths": {"/a": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ResourceList«Deployment»"}}}}}}}}});
        let mut r = Report::default();
        sanitize_schema_names(&mut doc, &mut r).unwrap();
        let names: Vec<_> = doc["components"]["schemas"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        assert_eq!(
            names,
            [
                "ComXY",
                "Deployment",
                "ResourceListDeployment",
                "ResourceListDeployment2"
            ]
        );
        assert_eq!(
            doc["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
                ["$ref"],
            "#/components/schemas/ResourceListDeployment2"
        );
        assert_eq!(
            doc["components"]["schemas"]["ComXY"]["$ref"],
            "#/components/schemas/ResourceListDeployment2"
        );
        assert_eq!(r.entries.len(), 2);
    }

    #[test]
    fn springfox_ids() {
        assert_eq!(strip_springfox("getDeploymentsUsingGET"), "getDeployments");
        assert_eq!(strip_springfox("getDeploymentUsingGET_1"), "getDeployment");
        assert_eq!(strip_springfox("UsingGET"), "UsingGET");
        assert_eq!(strip_springfox("update_1"), "update_1");
        assert_eq!(snake_case("getDeployments"), "get_deployments");
        assert_eq!(snake_case("listAPITokens"), "list_api_tokens");
        assert_eq!(snake_case("createJobGraph2"), "create_job_graph2");
        assert_eq!(snake_case("get-x.y"), "get_x_y");
    }

    #[test]
    fn normalizes_ids_uniquely_and_synthesizes_missing_ones() {
        let mut doc = json!({"paths": {
            "/a": {"get": {"operationId": "getThingUsingGET"}, "put": {"operationId": "getThingUsingGET_1"}},
            "/b/{id}:cancel": {"post": {}},
            "/c": {"get": {"operationId": "get_thing"}}}});
        let mut r = Report::default();
        normalize_operation_ids(&mut doc, &mut r).unwrap();
        assert_eq!(doc["paths"]["/a"]["get"]["operationId"], "get_thing");
        assert_eq!(doc["paths"]["/a"]["put"]["operationId"], "get_thing_put");
        assert_eq!(
            doc["paths"]["/b/{id}:cancel"]["post"]["operationId"],
            "post_b_id_cancel"
        );
        assert_eq!(doc["paths"]["/c"]["get"]["operationId"], "get_thing_get");
        assert_eq!(r.entries.len(), 4);
    }
}
