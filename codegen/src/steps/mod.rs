//! The normalizer: small named repairs on an OpenAPI 3.0 document, run in [`STEPS`] order.
//!
//! Each step takes the whole document and a [`Report`] and notes every change it makes.
//! A step fails only when the document cannot be repaired.

pub mod bodies;
pub mod names;
pub mod paths;
pub mod responses;
pub mod schemas;

use super::validate::METHODS;
use super::{pointer, Report, SpecError};
use serde_json::{Map, Value};

/// One repair.
pub type Step = fn(&mut Value, &mut Report) -> Result<(), SpecError>;

/// Runs one step on `doc` (tests of the step modules); panics if the step fails.
#[cfg(test)]
pub(crate) fn run_step(step: Step, mut doc: Value) -> (Value, Report) {
    let mut r = Report::default();
    step(&mut doc, &mut r).unwrap();
    (doc, r)
}

/// The repairs, in the order they run.
pub const STEPS: &[(&str, Step)] = &[
    ("fill_info", fill_info),
    ("inline_component_refs", paths::inline_component_refs),
    (
        "push_down_path_parameters",
        paths::push_down_path_parameters,
    ),
    ("sanitize_schema_names", names::sanitize_schema_names),
    (
        "merge_duplicate_templates",
        paths::merge_duplicate_templates,
    ),
    (
        "match_path_params_to_template",
        paths::match_path_params_to_template,
    ),
    ("repair_parameters", paths::repair_parameters),
    (
        "drop_bodies_without_semantics",
        bodies::drop_bodies_without_semantics,
    ),
    (
        "select_request_media_type",
        bodies::select_request_media_type,
    ),
    (
        "select_response_media_type",
        responses::select_response_media_type,
    ),
    ("single_success_type", responses::single_success_type),
    ("single_error_type", responses::single_error_type),
    ("normalize_operation_ids", names::normalize_operation_ids),
    ("repair_schema_types", schemas::repair_schema_types),
    ("repair_schema_shapes", schemas::repair_schema_shapes),
    ("repair_enums", schemas::repair_enums),
    ("repair_defaults", schemas::repair_defaults),
];

/// Runs every step in order.
pub fn normalize(doc: &mut Value, report: &mut Report) -> Result<(), SpecError> {
    STEPS.iter().try_for_each(|(_, step)| step(doc, report))
}

/// `info.title` and `info.version` are strings (progenitor puts them into docs); `paths`
/// exists.
pub fn fill_info(doc: &mut Value, report: &mut Report) -> Result<(), SpecError> {
    let Some(root) = doc.as_object_mut() else {
        return Ok(());
    };
    if !root.contains_key("paths") {
        report.note("fill_info", "/paths", "added the missing (empty) `paths`");
        root.insert("paths".into(), Value::Object(Map::new()));
    }
    let info = root
        .entry("info")
        .or_insert_with(|| Value::Object(Map::new()));
    if !info.is_object() {
        report.note("fill_info", "/info", "replaced a non-object `info`");
        *info = Value::Object(Map::new());
    }
    if let Some(info) = info.as_object_mut() {
        for (key, default) in [("title", "API"), ("version", "0.0.0")] {
            match info.get(key) {
                Some(Value::String(_)) => {}
                Some(v @ (Value::Number(_) | Value::Bool(_))) => {
                    let s = v.to_string();
                    info.insert(key.into(), Value::String(s));
                }
                _ => {
                    report.note(
                        "fill_info",
                        &format!("/info/{key}"),
                        format!("set to {default:?}"),
                    );
                    info.insert(key.into(), Value::String(default.into()));
                }
            }
        }
    }
    Ok(())
}

/// One operation, as the steps see it.
pub struct Op<'a> {
    /// The path template (`/api/v1/namespaces/{namespace}`).
    pub path: &'a str,
    /// Lower-case HTTP method.
    pub method: &'a str,
    /// The operation object.
    pub op: &'a mut Map<String, Value>,
}

impl Op<'_> {
    /// JSON pointer of the operation, extended by `rest`.
    pub fn at(&self, rest: &[&str]) -> String {
        op_at(self.path, self.method, rest)
    }
}

/// JSON pointer of the operation at `path` / `method`, extended by `rest`.
pub fn op_at(path: &str, method: &str, rest: &[&str]) -> String {
    let mut tokens = vec!["paths", path, method];
    tokens.extend_from_slice(rest);
    pointer(&tokens)
}

/// Calls `f` for every operation (object-valued method entry of an object path item).
pub fn for_each_op(
    doc: &mut Value,
    mut f: impl FnMut(Op<'_>) -> Result<(), SpecError>,
) -> Result<(), SpecError> {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return Ok(());
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, op) in item.iter_mut() {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            if let Some(op) = op.as_object_mut() {
                f(Op { path, method, op })?;
            }
        }
    }
    Ok(())
}

/// The names in a path template, in order: `/a/{x}/b/{y}:z` -> `["x", "y"]`.
pub fn template_names(path: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else { break };
        names.push(after[..end].to_owned());
        rest = &after[end + 1..];
    }
    names
}

/// `path` with its template names replaced, in order, by `names`.
pub fn with_template_names(path: &str, names: &[String]) -> String {
    let mut out = String::new();
    let mut rest = path;
    let mut i = 0;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else { break };
        out.push_str(&rest[..=start]);
        out.push_str(names.get(i).map_or(&after[..end], String::as_str));
        out.push('}');
        i += 1;
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn templates() {
        assert_eq!(template_names("/a/{x}/b/{y}:z"), ["x", "y"]);
        assert_eq!(
            with_template_names("/a/{x}/b/{y}:z", &["p".into(), "q".into()]),
            "/a/{p}/b/{q}:z"
        );
        assert!(template_names("/a/b").is_empty());
    }

    #[test]
    fn fill_info_sets_missing_title_and_version() {
        let mut doc = json!({"info": {"version": 2}});
        let mut r = Report::default();
        fill_info(&mut doc, &mut r).unwrap();
        assert_eq!(doc["info"], json!({"title": "API", "version": "2"}));
        assert_eq!(doc["paths"], json!({}));
        assert_eq!(r.entries.len(), 2);
    }

    #[test]
    fn step_names_are_unique() {
        let mut names: Vec<_> = STEPS.iter().map(|(n, _)| *n).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), STEPS.len());
    }
}
