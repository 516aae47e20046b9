//! Repairs of `$ref`s that name a definition differently from how it is keyed, run before the
//! references are checked.
//!
//! Some Springfox versions write a `$ref` with the fully-qualified Java class name
//! (`#/definitions/com.dataartisans.appmanager.api.v1.entity.deployment.Deployment`) while
//! the definition is keyed by its simple name (`Deployment`), also inside generic names
//! (`ResourceList«com.x.Deployment»` for `ResourceList«Deployment»`), or the other way round.
//! [`resolve_qualified_refs`] points such a `$ref` at the one definition whose name is the
//! same once Java package qualifiers are dropped; none or several such definitions is an error
//! naming the `$ref`'s JSON pointer.

use crate::validate::{percent_decode, resolve};
use crate::{escape, Report, SpecError};
use serde_json::Value;
use std::collections::BTreeMap;

const STEP: &str = "resolve_qualified_refs";

/// The sections whose entries are named by `$ref`s (Swagger 2.0 and OpenAPI 3.0).
const SECTIONS: &[&str] = &[
    "#/definitions/",
    "#/parameters/",
    "#/responses/",
    "#/components/schemas/",
    "#/components/parameters/",
    "#/components/responses/",
    "#/components/requestBodies/",
    "#/components/headers/",
];

/// `com.foo.Bar` -> `Bar`, `List«com.foo.Bar»` -> `List«Bar»`, `Map«string,com.a.B»` ->
/// `Map«string,B»`: every dotted Java name reduced to its last segment. Inner classes
/// (`Outer$Inner`) keep their `$` form.
pub fn simple_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        out.push_str(word.rsplit('.').next().unwrap_or_default());
        word.clear();
    };
    for c in name.chars() {
        if c.is_alphanumeric() || c == '_' || c == '$' || c == '.' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// A `$ref` that resolves nowhere but names a definition by another spelling of its Java
/// class name is pointed at that definition.
pub fn resolve_qualified_refs(doc: &mut Value, report: &mut Report) -> Result<(), SpecError> {
    // section prefix -> (simple name -> the keys that reduce to it)
    let mut index: BTreeMap<&str, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    for prefix in SECTIONS {
        let ptr = prefix.trim_start_matches('#').trim_end_matches('/');
        if let Some(Value::Object(entries)) = doc.pointer(ptr) {
            let by_simple = index.entry(prefix).or_default();
            for key in entries.keys() {
                by_simple
                    .entry(simple_name(key))
                    .or_default()
                    .push(key.clone());
            }
        }
    }
    let root = doc.clone();
    let fix = |r: &str, at: &str, report: &mut Report| -> Result<Option<String>, SpecError> {
        if resolve(&root, r).is_some() {
            return Ok(None);
        }
        let Some((prefix, name)) = SECTIONS
            .iter()
            .find_map(|p| r.strip_prefix(p).map(|n| (*p, n)))
        else {
            return Ok(None);
        };
        let name = percent_decode(name).unwrap_or_else(|| name.to_owned());
        let name = name.replace("~1", "/").replace("~0", "~");
        let wanted = simple_name(&name);
        let candidates = index
            .get(prefix)
            .and_then(|m| m.get(&wanted))
            .map(Vec::as_slice)
            .unwrap_or_default();
        match candidates {
            [] => Ok(None), // left for `check_refs` to report
            [one] => {
                let new = format!("{prefix}{}", escape(one));
                report.note(STEP, at, format!("{r} -> {new}"));
                Ok(Some(new))
            }
            many => Err(SpecError::at(
                at,
                format!(
                    "reference target {r} does not exist, and {} definitions have its simple \
                     name `{wanted}`: {}",
                    many.len(),
                    many.join(", ")
                ),
            )),
        }
    };
    walk(doc, &mut String::new(), &mut |r, at| fix(r, at, report))
}

type Fix<'a> = dyn FnMut(&str, &str) -> Result<Option<String>, SpecError> + 'a;

fn walk(v: &mut Value, at: &mut String, f: &mut Fix<'_>) -> Result<(), SpecError> {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get_mut("$ref") {
                if let Some(new) = f(r, &format!("{at}/$ref"))? {
                    *r = new;
                }
            }
            for (k, child) in map.iter_mut() {
                let len = at.len();
                at.push('/');
                at.push_str(&escape(k));
                walk(child, at, f)?;
                at.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                let len = at.len();
                at.push_str(&format!("/{i}"));
                walk(child, at, f)?;
                at.truncate(len);
            }
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn simple_names() {
        assert_eq!(
            simple_name("com.dataartisans.appmanager.api.v1.entity.deployment.Deployment"),
            "Deployment"
        );
        assert_eq!(simple_name("Deployment"), "Deployment");
        assert_eq!(
            simple_name("ResourceList«com.x.Deployment»"),
            "ResourceList«Deployment»"
        );
        assert_eq!(simple_name("Map«string,com.a.B»"), "Map«string,B»");
        assert_eq!(simple_name("com.a.Outer$Inner"), "Outer$Inner");
    }

    #[test]
    fn qualified_refs_find_simple_definitions_and_back() {
        let mut doc = json!({"swagger": "2.0",
            "definitions": {
                "Deployment": {"type": "object"},
                "ResourceList«Deployment»": {"type": "object", "properties": {"items": {"type": "array",
                    "items": {"$ref": "#/definitions/com.dataartisans.appmanager.api.v1.entity.deployment.Deployment"}}}},
                "com.x.Job": {"type": "object"}},
            "paths": {"/a": {"get": {"responses": {
                "200": {"schema": {"$ref": "#/definitions/ResourceList«com.dataartisans.Deployment»"}},
                "201": {"schema": {"$ref": "#/definitions/Job"}},
                "202": {"schema": {"$ref": "#/definitions/Deployment"}}}}}}});
        let mut r = Report::default();
        resolve_qualified_refs(&mut doc, &mut r).unwrap();
        assert_eq!(
            doc["definitions"]["ResourceList«Deployment»"]["properties"]["items"]["items"]["$ref"],
            "#/definitions/Deployment"
        );
        let responses = &doc["paths"]["/a"]["get"]["responses"];
        assert_eq!(
            responses["200"]["schema"]["$ref"],
            "#/definitions/ResourceList«Deployment»"
        );
        assert_eq!(
            responses["201"]["schema"]["$ref"],
            "#/definitions/com.x.Job"
        );
        assert_eq!(
            responses["202"]["schema"]["$ref"],
            "#/definitions/Deployment"
        );
        assert_eq!(r.entries.len(), 3, "{:?}", r.entries);
        assert!(r.entries[0].starts_with(
            "resolve_qualified_refs: /definitions/ResourceList«Deployment»/properties/items/items/$ref: "
        ));
        assert!(crate::validate::check_refs(&doc).is_ok());
    }

    #[test]
    fn openapi3_component_refs_too() {
        let mut doc = json!({"openapi": "3.0.1", "components": {"schemas": {"Thing": {}}},
            "x": {"$ref": "#/components/schemas/org.example.Thing"}});
        resolve_qualified_refs(&mut doc, &mut Report::default()).unwrap();
        assert_eq!(doc["x"]["$ref"], "#/components/schemas/Thing");
    }

    #[test]
    fn ambiguous_simple_names_are_an_error_at_the_ref() {
        let mut doc = json!({"definitions": {"a.Thing": {}, "b.Thing": {}},
            "x": [{"$ref": "#/definitions/c.Thing"}]});
        let e = resolve_qualified_refs(&mut doc, &mut Report::default()).unwrap_err();
        assert_eq!(e.pointer, "/x/0/$ref");
        assert_eq!(
            e.message,
            "reference target #/definitions/c.Thing does not exist, and 2 definitions have its \
             simple name `Thing`: a.Thing, b.Thing"
        );
    }

    #[test]
    fn unknown_targets_are_left_for_the_check() {
        let mut doc = json!({"definitions": {"A": {}}, "x": {"$ref": "#/definitions/com.x.B"}});
        resolve_qualified_refs(&mut doc, &mut Report::default()).unwrap();
        let e = crate::validate::check_refs(&doc).unwrap_err();
        assert_eq!(e.pointer, "/x/$ref");
    }
}
