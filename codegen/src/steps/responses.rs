//! Repairs of responses: one media type each, one success type and one error type per
//! operation (progenitor asserts both).

use super::bodies::is_json;
use super::{for_each_op, op_at};
use crate::{Report, SpecError};
use serde_json::{json, Value};

fn is_yaml(media: &str) -> bool {
    let base = media.split(';').next().unwrap_or("").trim();
    base.ends_with("/yaml") || base.ends_with("/x-yaml") || base.ends_with("+yaml")
}

/// Keeps one media type per response: `application/json` when offered (also `+json` variants,
/// renamed), else the first non-YAML one, else YAML (progenitor returns a byte stream).
/// A JSON response without a schema gets `{}` (any JSON value); `encoding` is dropped.
pub fn select_response_media_type(doc: &mut Value, report: &mut Report) -> Result<(), SpecError> {
    const STEP: &str = "select_response_media_type";
    for_each_op(doc, |op| {
        let Some(Value::Object(responses)) = op.op.get_mut("responses") else {
            return Ok(());
        };
        for (code, resp) in responses.iter_mut() {
            let at = op_at(op.path, op.method, &["responses", code, "content"]);
            let Some(resp) = resp.as_object_mut() else {
                continue;
            };
            let content = match resp.remove("content") {
                Some(Value::Object(c)) if !c.is_empty() => c,
                Some(_) => {
                    report.note(STEP, &at, "dropped empty or invalid content");
                    continue;
                }
                None => continue,
            };
            let pick = content
                .iter()
                .find(|(m, _)| is_json(m))
                .or_else(|| {
                    content
                        .iter()
                        .find(|(m, _)| m.split(';').next().unwrap_or("").trim().ends_with("+json"))
                })
                .map(|(_, v)| ("application/json".to_owned(), v.clone()))
                .or_else(|| {
                    content
                        .iter()
                        .find(|(m, _)| !is_yaml(m))
                        .map(|(m, v)| (m.clone(), v.clone()))
                })
                .or_else(|| content.iter().next().map(|(m, v)| (m.clone(), v.clone())));
            let Some((media, mut mt)) = pick else {
                continue;
            };
            if content.len() > 1 || !content.contains_key(&media) {
                let had: Vec<&String> = content.keys().collect();
                report.note(STEP, &at, format!("content {had:?} -> {media}"));
            }
            if !mt.is_object() {
                report.note(STEP, &at, "replaced a non-object media type");
                mt = json!({});
            }
            if let Some(obj) = mt.as_object_mut() {
                obj.remove("encoding");
                if media == "application/json" && obj.get("schema").is_none_or(Value::is_null) {
                    report.note(STEP, &at, "JSON response without schema: any JSON value");
                    obj.insert("schema".into(), json!({}));
                }
            }
            resp.insert("content".into(), json!({ media: mt }));
        }
        Ok(())
    })
}

fn status(code: &str) -> Option<u16> {
    code.parse().ok()
}

fn is_success(code: &str) -> bool {
    status(code).is_some_and(|c| (200..300).contains(&c)) || code.eq_ignore_ascii_case("2XX")
}

fn is_error(code: &str) -> bool {
    status(code).is_some_and(|c| (400..600).contains(&c))
        || code.eq_ignore_ascii_case("4XX")
        || code.eq_ignore_ascii_case("5XX")
}

/// What progenitor makes of a response: "none", "raw" or the JSON schema (a `$ref` schema is
/// one type wherever it appears; an inline schema is a new type per response).
fn kind(code: &str, resp: &Value) -> String {
    let Some((media, mt)) = resp
        .get("content")
        .and_then(Value::as_object)
        .and_then(|c| c.iter().next())
    else {
        return "none".into();
    };
    if !is_json(media) {
        return "raw".into();
    }
    match mt.get("schema") {
        Some(s)
            if s.as_object()
                .is_some_and(|o| o.len() == 1 && o.contains_key("$ref")) =>
        {
            s.to_string()
        }
        _ => format!("inline schema of {code}"),
    }
}

/// One success type per operation. The kept 2xx response is the first with content in the
/// order 200, 201, other 2xx (or, without any content, 200, 201, lowest). Other 2xx responses
/// of the same kind stay; a 201 without content next to a 200 with a `$ref` schema gets that
/// schema (Springfox lists "201 Created" without one, but VVP answers 201 with the created
/// resource); the rest are dropped. A `default` response of another kind is dropped too.
pub fn single_success_type(doc: &mut Value, report: &mut Report) -> Result<(), SpecError> {
    const STEP: &str = "single_success_type";
    for_each_op(doc, |op| {
        let (path, method) = (op.path, op.method);
        let at = |code: &str| op_at(path, method, &["responses", code]);
        let Some(Value::Object(responses)) = op.op.get("responses") else {
            return Ok(());
        };
        let mut success: Vec<&String> = responses.keys().filter(|c| is_success(c)).collect();
        if success.is_empty() {
            return Ok(());
        }
        let rank = |c: &String| match c.as_str() {
            "200" => 0,
            "201" => 1,
            _ => 2,
        };
        success.sort_by_key(|c| (rank(c), status(c).unwrap_or(299)));
        let primary = success
            .iter()
            .find(|c| responses[c.as_str()].get("content").is_some())
            .or(success.first())
            .map(|c| (*c).clone())
            .unwrap_or_default();
        let primary_kind = kind(&primary, &responses[&primary]);
        let primary_content = responses[&primary].get("content").cloned();
        let mut drops = Vec::new();
        let mut adopt = Vec::new();
        for code in responses.keys().filter(|c| *c != &primary) {
            if !is_success(code) && code != "default" {
                continue;
            }
            let k = kind(code, &responses[code]);
            if k == primary_kind {
                continue;
            }
            if code == "201" && k == "none" && primary_kind.starts_with('{') {
                adopt.push(code.clone());
            } else {
                drops.push(code.clone());
            }
        }
        let Some(Value::Object(responses)) = op.op.get_mut("responses") else {
            return Ok(());
        };
        for code in adopt {
            if let (Some(r), Some(c)) = (
                responses.get_mut(&code).and_then(Value::as_object_mut),
                &primary_content,
            ) {
                report.note(
                    STEP,
                    &at(&code),
                    format!("no schema: assumed the body of {primary}"),
                );
                r.insert("content".into(), c.clone());
            }
        }
        for code in drops {
            report.note(
                STEP,
                &at(&code),
                format!("dropped: success type differs from {primary}"),
            );
            responses.remove(&code);
        }
        Ok(())
    })
}

/// One error type per operation: among 4xx/5xx/`default` responses, the most common kind
/// (ties: the first code) stays; responses of other kinds are dropped (a raw client then
/// reports them as unexpected responses, body unread).
pub fn single_error_type(doc: &mut Value, report: &mut Report) -> Result<(), SpecError> {
    for_each_op(doc, |op| {
        let (path, method) = (op.path, op.method);
        let at = |code: &str| op_at(path, method, &["responses", code]);
        let Some(Value::Object(responses)) = op.op.get_mut("responses") else {
            return Ok(());
        };
        let errors: Vec<(String, String)> = responses
            .iter()
            .filter(|(c, _)| is_error(c) || *c == "default")
            .map(|(c, r)| (c.clone(), kind(c, r)))
            .collect();
        let mut counts: Vec<(&String, usize)> = Vec::new();
        for (_, k) in &errors {
            match counts.iter_mut().find(|(n, _)| *n == k) {
                Some((_, c)) => *c += 1,
                None => counts.push((k, 1)),
            }
        }
        if counts.len() <= 1 {
            return Ok(());
        }
        let best = counts
            .iter()
            .enumerate()
            .max_by_key(|(i, (_, c))| (*c, std::cmp::Reverse(*i)))
            .map(|(_, (k, _))| (*k).clone())
            .unwrap_or_default();
        for (code, k) in &errors {
            if *k != best {
                report.note(
                    "single_error_type",
                    &at(code),
                    "dropped: error type differs from the other error responses",
                );
                responses.remove(code);
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::run_step as run;

    fn json_of(s: Value) -> Value {
        json!({"content": {"application/json": {"schema": s}}})
    }

    #[test]
    fn response_media_type_prefers_json() {
        let s = json!({"$ref": "#/components/schemas/D"});
        let (doc, _) = run(
            select_response_media_type,
            json!({"paths": {"/a": {"get": {"responses": {
                "200": {"description": "", "content": {"application/yaml": {"schema": s}, "application/json;charset=UTF-8": {"schema": s}}},
                "201": {"description": "", "content": {"application/yaml": {"schema": s}, "text/csv": {}}},
                "202": {"description": "", "content": {"application/json": {}}}}}}}}),
        );
        let r = &doc["paths"]["/a"]["get"]["responses"];
        assert_eq!(
            r["200"]["content"],
            json!({"application/json": {"schema": s}})
        );
        assert_eq!(r["201"]["content"], json!({"text/csv": {}}));
        assert_eq!(
            r["202"]["content"],
            json!({"application/json": {"schema": {}}})
        );
    }

    #[test]
    fn keeps_one_success_type() {
        let d = json!({"$ref": "#/components/schemas/D"});
        let mut ok = json_of(d.clone());
        ok["description"] = json!("OK");
        let (doc, r) = run(
            single_success_type,
            json!({"paths": {"/a": {"post": {"responses": {
                "200": ok, "201": {"description": "Created"}, "204": {"description": "No Content"},
                "401": {"description": "Unauthorized"}}}}}}),
        );
        let resp = &doc["paths"]["/a"]["post"]["responses"];
        assert_eq!(
            resp["200"]["content"],
            json!({"application/json": {"schema": d}})
        );
        assert_eq!(
            resp["201"]["content"], resp["200"]["content"],
            "201 adopts the 200 body"
        );
        assert!(resp.get("204").is_none());
        assert!(resp.get("401").is_some());
        assert_eq!(r.entries.len(), 2);
    }

    #[test]
    fn prefers_a_success_response_with_a_schema() {
        let (doc, _) = run(
            single_success_type,
            json!({"paths": {"/a": {"put": {"responses": {
                "200": {"description": ""}, "201": json_of(json!({"type": "object"})),
                "default": json_of(json!({"$ref": "#/components/schemas/E"}))}}}}}),
        );
        let resp = doc["paths"]["/a"]["put"]["responses"].as_object().unwrap();
        assert_eq!(resp.keys().collect::<Vec<_>>(), ["201"]);
    }

    #[test]
    fn only_no_content_successes_stay() {
        let (doc, r) = run(
            single_success_type,
            json!({"paths": {"/a": {"delete": {"responses": {"200": {"description": ""}, "204": {"description": ""}}}}}}),
        );
        assert_eq!(
            doc["paths"]["/a"]["delete"]["responses"]
                .as_object()
                .unwrap()
                .len(),
            2
        );
        assert!(r.entries.is_empty());
    }

    #[test]
    fn keeps_one_error_type() {
        let e = json_of(json!({"$ref": "#/components/schemas/E"}));
        let (doc, _) = run(
            single_error_type,
            json!({"paths": {"/a": {"get": {"responses": {
                "200": {"description": ""}, "400": e, "404": e, "500": json_of(json!({"type": "string"})),
                "401": {"description": ""}}}}}}),
        );
        let resp = doc["paths"]["/a"]["get"]["responses"].as_object().unwrap();
        assert_eq!(resp.keys().collect::<Vec<_>>(), ["200", "400", "404"]);
    }
}
