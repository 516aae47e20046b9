//! Repairs of paths and parameters.

use super::{for_each_op, op_at, template_names, with_template_names, METHODS};
use crate::validate::resolve;
use crate::{pointer, Report, SpecError};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// Replaces `$ref`s to `#/components/{parameters,requestBodies,responses}` inside operations by
/// their targets, so the later steps see (and repair) every parameter, body and response.
pub fn inline_component_refs(doc: &mut Value, report: &mut Report) -> Result<(), SpecError> {
    let root = doc.clone();
    let deref = |v: &mut Value, at: &str, report: &mut Report| -> Result<(), SpecError> {
        // Follow chains, but not forever.
        for _ in 0..16 {
            let Some(r) = v.get("$ref").and_then(Value::as_str) else {
                return Ok(());
            };
            if r.starts_with("#/components/schemas/") {
                return Ok(());
            }
            let target = resolve(&root, r)
                .ok_or_else(|| SpecError::at(at, format!("reference target {r} does not exist")))?;
            report.note("inline_component_refs", at, format!("inlined {r}"));
            *v = target.clone();
        }
        Err(SpecError::at(at, "reference chain too long (cycle?)"))
    };
    for_each_op(doc, |op| {
        if let Some(Value::Array(params)) = op.op.get_mut("parameters") {
            for (i, p) in params.iter_mut().enumerate() {
                let at = format!("{}/{i}", op_at(op.path, op.method, &["parameters"]));
                deref(p, &at, report)?;
            }
        }
        if let Some(body) = op.op.get_mut("requestBody") {
            deref(body, &op_at(op.path, op.method, &["requestBody"]), report)?;
        }
        if let Some(Value::Object(responses)) = op.op.get_mut("responses") {
            for (code, r) in responses.iter_mut() {
                deref(r, &op_at(op.path, op.method, &["responses", code]), report)?;
            }
        }
        Ok(())
    })
}

/// Moves path-item `parameters` into each operation (an operation's own parameter with the
/// same `name` and `in` wins), so that every later step works per operation.
pub fn push_down_path_parameters(doc: &mut Value, report: &mut Report) -> Result<(), SpecError> {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return Ok(());
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        let Some(Value::Array(shared)) = item.remove("parameters") else {
            continue;
        };
        report.note(
            "push_down_path_parameters",
            &pointer(&["paths", path, "parameters"]),
            "moved into the operations",
        );
        for (method, op) in item.iter_mut() {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            let Some(op) = op.as_object_mut() else {
                continue;
            };
            let params = op
                .entry("parameters")
                .or_insert_with(|| Value::Array(Vec::new()));
            let Some(params) = params.as_array_mut() else {
                continue;
            };
            for p in &shared {
                let same = |q: &Value| q.get("name") == p.get("name") && q.get("in") == p.get("in");
                if !params.iter().any(same) {
                    params.push(p.clone());
                }
            }
        }
    }
    Ok(())
}

fn shape(path: &str) -> String {
    let n = template_names(path).len();
    with_template_names(path, &vec![String::new(); n])
}

/// Merges paths that differ only in their parameter names (`/connectors/{connectorResourceId}`
/// and `/connectors/{name}`) into one template. Per position the name used by most operations
/// wins (ties: the first path in document order); parameters are renamed to match. When both
/// templates hold the same method, the first is kept and the other dropped (reported).
pub fn merge_duplicate_templates(doc: &mut Value, report: &mut Report) -> Result<(), SpecError> {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return Ok(());
    };
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for path in paths.keys() {
        groups.entry(shape(path)).or_default().push(path.clone());
    }
    for members in groups.into_values().filter(|m| m.len() > 1) {
        let positions = template_names(&members[0]).len();
        let mut canonical = Vec::with_capacity(positions);
        for pos in 0..positions {
            // (count, first seen order) per name
            let mut counts: Vec<(String, usize)> = Vec::new();
            for path in &members {
                let ops = paths
                    .get(path)
                    .and_then(Value::as_object)
                    .map_or(0, |item| {
                        item.keys()
                            .filter(|k| METHODS.contains(&k.as_str()))
                            .count()
                    });
                let name = template_names(path).swap_remove(pos);
                match counts.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, c)) => *c += ops,
                    None => counts.push((name, ops)),
                }
            }
            let best = counts
                .iter()
                .enumerate()
                .max_by_key(|(i, (_, c))| (*c, std::cmp::Reverse(*i)))
                .map(|(_, (n, _))| n.clone())
                .unwrap_or_default();
            canonical.push(best);
        }
        let target = with_template_names(&members[0], &canonical);
        let mut merged = Map::new();
        for path in &members {
            let Some(Value::Object(item)) = paths.remove(path) else {
                continue;
            };
            let renames: BTreeMap<String, String> = template_names(path)
                .into_iter()
                .zip(canonical.iter().cloned())
                .filter(|(a, b)| a != b)
                .collect();
            for (key, mut value) in item {
                let at = pointer(&["paths", path, &key]);
                if METHODS.contains(&key.as_str()) {
                    rename_path_params(&mut value, &renames);
                }
                if merged.contains_key(&key) {
                    if METHODS.contains(&key.as_str()) {
                        report.note(
                            "merge_duplicate_templates",
                            &at,
                            format!("dropped: {target} already has a `{key}` operation"),
                        );
                    }
                    continue;
                }
                if path != &target {
                    report.note(
                        "merge_duplicate_templates",
                        &at,
                        format!("moved to {target}"),
                    );
                }
                merged.insert(key, value);
            }
        }
        paths.insert(target, Value::Object(merged));
    }
    Ok(())
}

fn rename_path_params(op: &mut Value, renames: &BTreeMap<String, String>) {
    let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) else {
        return;
    };
    for p in params {
        if p.get("in").and_then(Value::as_str) != Some("path") {
            continue;
        }
        let Some(new) = p
            .get("name")
            .and_then(Value::as_str)
            .and_then(|n| renames.get(n))
        else {
            continue;
        };
        p["name"] = Value::String(new.clone());
    }
}

/// Makes the declared path parameters match the template: a declared name missing from the
/// template is renamed to the (next) undeclared template name; leftovers are dropped; template
/// names nobody declares are declared as required string parameters. Path parameters become
/// `required: true`.
pub fn match_path_params_to_template(
    doc: &mut Value,
    report: &mut Report,
) -> Result<(), SpecError> {
    const STEP: &str = "match_path_params_to_template";
    for_each_op(doc, |op| {
        let template = template_names(op.path);
        let params = op
            .op
            .entry("parameters")
            .or_insert_with(|| Value::Array(Vec::new()));
        let Some(params) = params.as_array_mut() else {
            return Ok(());
        };
        let is_path = |p: &Value| p.get("in").and_then(Value::as_str) == Some("path");
        let name_of = |p: &Value| p.get("name").and_then(Value::as_str).map(str::to_owned);
        let declared: Vec<String> = params
            .iter()
            .filter(|p| is_path(p))
            .filter_map(name_of)
            .collect();
        let mut missing = template.iter().filter(|t| !declared.contains(t));
        let mut drop = Vec::new();
        for (i, p) in params.iter_mut().enumerate() {
            if !is_path(p) {
                continue;
            }
            let at = format!("{}/{i}", op_at(op.path, op.method, &["parameters"]));
            let name = name_of(p).unwrap_or_default();
            if !template.contains(&name) {
                match missing.next() {
                    Some(t) => {
                        report.note(
                            STEP,
                            &at,
                            format!("renamed path parameter `{name}` to `{t}`"),
                        );
                        p["name"] = Value::String(t.clone());
                    }
                    None => {
                        report.note(
                            STEP,
                            &at,
                            format!("dropped path parameter `{name}`: not in the template"),
                        );
                        drop.push(i);
                        continue;
                    }
                }
            }
            if p.get("required") != Some(&Value::Bool(true)) {
                p["required"] = Value::Bool(true);
            }
        }
        for i in drop.into_iter().rev() {
            params.remove(i);
        }
        for t in missing {
            report.note(
                STEP,
                &op_at(op.path, op.method, &["parameters"]),
                format!("declared path parameter `{t}` (string)"),
            );
            params.push(
                json!({"name": t, "in": "path", "required": true, "schema": {"type": "string"}}),
            );
        }
        Ok(())
    })
}

/// Parameters progenitor can take: no cookies, a `schema` (not `content`), the default
/// `style`, and unique `(name, in)`.
pub fn repair_parameters(doc: &mut Value, report: &mut Report) -> Result<(), SpecError> {
    const STEP: &str = "repair_parameters";
    for_each_op(doc, |op| {
        let base = op_at(op.path, op.method, &["parameters"]);
        let Some(Value::Array(params)) = op.op.get_mut("parameters") else {
            return Ok(());
        };
        let mut seen = Vec::new();
        let mut keep = Vec::new();
        for (i, mut p) in std::mem::take(params).into_iter().enumerate() {
            let at = format!("{base}/{i}");
            let place = p.get("in").and_then(Value::as_str).unwrap_or("").to_owned();
            let key = (p.get("name").cloned(), place.clone());
            if !matches!(place.as_str(), "path" | "query" | "header") {
                report.note(
                    STEP,
                    &at,
                    format!("dropped a parameter in `{place}` (unsupported)"),
                );
                continue;
            }
            if seen.contains(&key) {
                report.note(STEP, &at, "dropped a duplicate parameter");
                continue;
            }
            seen.push(key);
            let Some(obj) = p.as_object_mut() else {
                continue;
            };
            if obj.remove("content").is_some() || !obj.get("schema").is_some_and(Value::is_object) {
                report.note(STEP, &at, "schema set to string");
                obj.insert("schema".into(), json!({"type": "string"}));
            }
            let default_style = if place == "query" { "form" } else { "simple" };
            if obj
                .get("style")
                .is_some_and(|s| s.as_str() != Some(default_style))
            {
                report.note(STEP, &at, format!("style set to `{default_style}`"));
                obj.insert("style".into(), Value::String(default_style.into()));
            }
            keep.push(p);
        }
        *params = keep;
        if params.is_empty() {
            op.op.remove("parameters");
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::run_step as run;

    #[test]
    fn inlines_parameter_body_and_response_refs() {
        let (doc, r) = run(
            inline_component_refs,
            json!({"components": {
                "parameters": {"Ns": {"name": "ns", "in": "path", "required": true, "schema": {"type": "string"}}},
                "requestBodies": {"B": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/X"}}}}},
                "responses": {"R": {"description": "r"}}},
              "paths": {"/n/{ns}": {"post": {"parameters": [{"$ref": "#/components/parameters/Ns"}],
                 "requestBody": {"$ref": "#/components/requestBodies/B"},
                 "responses": {"200": {"$ref": "#/components/responses/R"}}}}}}),
        );
        let op = &doc["paths"]["/n/{ns}"]["post"];
        assert_eq!(op["parameters"][0]["name"], "ns");
        assert_eq!(
            op["requestBody"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/X"
        );
        assert_eq!(op["responses"]["200"], json!({"description": "r"}));
        assert_eq!(r.entries.len(), 3);
    }

    #[test]
    fn pushes_down_path_item_parameters() {
        let (doc, _) = run(
            push_down_path_parameters,
            json!({"paths": {"/n/{ns}": {
                "parameters": [{"name": "ns", "in": "path"}, {"name": "q", "in": "query"}],
                "get": {"parameters": [{"name": "q", "in": "query", "description": "own"}]}}}}),
        );
        let item = &doc["paths"]["/n/{ns}"];
        assert!(item.get("parameters").is_none());
        assert_eq!(
            item["get"]["parameters"],
            json!([
            {"name": "q", "in": "query", "description": "own"}, {"name": "ns", "in": "path"}])
        );
    }

    #[test]
    fn merges_the_same_path_written_with_different_names() {
        let p = |n: &str| json!([{"name": n, "in": "path", "required": true}]);
        let (doc, r) = run(
            merge_duplicate_templates,
            json!({"paths": {
                "/c/{connectorResourceId}": {"get": {"operationId": "g", "parameters": p("connectorResourceId")}},
                "/c/{name}": {"put": {"operationId": "u", "parameters": p("name")},
                              "delete": {"operationId": "d", "parameters": p("name")},
                              "get": {"operationId": "g2", "parameters": p("name")}}}}),
        );
        let paths = doc["paths"].as_object().unwrap();
        assert_eq!(paths.keys().collect::<Vec<_>>(), ["/c/{name}"]);
        let item = &paths["/c/{name}"];
        assert_eq!(
            item["get"]["operationId"], "g",
            "the first path's operation is kept"
        );
        assert_eq!(item["get"]["parameters"][0]["name"], "name");
        assert_eq!(item["put"]["operationId"], "u");
        assert!(r.entries.iter().any(|e| e.contains("dropped")));
    }

    #[test]
    fn renames_declared_path_parameters_to_the_template() {
        let (doc, r) = run(
            match_path_params_to_template,
            json!({"paths": {"/d/{deploymentId}:create-jobgraph": {"post": {"parameters": [
                {"name": "deploymentName", "in": "path", "required": true, "schema": {"type": "string"}},
                {"name": "q", "in": "query"}]}},
              "/n/{ns}/x/{id}": {"get": {"parameters": [{"name": "id", "in": "path"}]}},
              "/y": {"get": {"parameters": [{"name": "stray", "in": "path", "required": true}]}}}}),
        );
        assert_eq!(
            doc["paths"]["/d/{deploymentId}:create-jobgraph"]["post"]["parameters"][0]["name"],
            "deploymentId"
        );
        assert_eq!(
            doc["paths"]["/n/{ns}/x/{id}"]["get"]["parameters"],
            json!([
            {"name": "id", "in": "path", "required": true},
            {"name": "ns", "in": "path", "required": true, "schema": {"type": "string"}}])
        );
        assert_eq!(doc["paths"]["/y"]["get"]["parameters"], json!([]));
        assert_eq!(r.entries.len(), 3);
    }

    #[test]
    fn repairs_parameters() {
        let (doc, _) = run(
            repair_parameters,
            json!({"paths": {"/a": {"get": {"parameters": [
                {"name": "c", "in": "cookie", "schema": {}},
                {"name": "q", "in": "query", "style": "deepObject", "schema": {"type": "object"}},
                {"name": "q", "in": "query", "schema": {"type": "string"}},
                {"name": "h", "in": "header", "content": {"application/json": {}}}]}}}}),
        );
        assert_eq!(
            doc["paths"]["/a"]["get"]["parameters"],
            json!([
            {"name": "q", "in": "query", "style": "form", "schema": {"type": "object"}},
            {"name": "h", "in": "header", "schema": {"type": "string"}}])
        );
    }
}
