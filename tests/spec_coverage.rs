//! Compares the project's own API documents (`specs/`) with the real VVP 2.7.1 documents kept in
//! `../shared/reference/specs/vvp-2.7.1`, operation by operation.
//!
//! For every reference operation (verb + path, parameter names ignored) the test requires an
//! operation in ours, and for every field reachable from its request body, its query parameters
//! and its 2xx response schemas it requires the same field in ours, with a compatible JSON type
//! and every enum value the reference lists. Free-form Kubernetes pod specs are not compared
//! below their own field (`kubernetes.pods`, `jobManagerPodTemplate`, `taskManagerPodTemplate`,
//! and anything typed by a `V1*` definition).
//!
//! A second pair of tests checks what the code generator (progenitor) relies on: `$ref`s
//! resolve, path parameters match the template, unique operation ids, one 2xx response schema
//! and one error schema per operation.
//!
//! Each document has its own tests so that one can pass while the other is still being written.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value};

/// How many missing items each list prints at most.
const LIST_LIMIT: usize = 50;
/// Required share of reference fields present in ours, in percent.
const MIN_FIELD_COVERAGE: f64 = 99.0;
/// Verbs that are operations in a Swagger path item.
const VERBS: [&str; 7] = ["get", "put", "post", "delete", "patch", "head", "options"];

#[test]
fn application_manager_spec_covers_vvp_2_7_1() {
    compare_documents("api/swagger.json");
}

#[test]
fn platform_spec_covers_vvp_2_7_1() {
    compare_documents("swagger.json");
}

#[test]
fn application_manager_spec_is_well_formed() {
    check_structure("api/swagger.json");
}

#[test]
fn platform_spec_is_well_formed() {
    check_structure("swagger.json");
}

/// Loads `specs/<rel>` (ours) and `vvp-2.7.1/<rel>` (reference), prints the figures and asserts
/// the thresholds.
fn compare_documents(rel: &str) {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let reference_path = shared.join("reference/specs/vvp-2.7.1").join(rel);
    let reference = load(&reference_path).unwrap_or_else(|e| panic!("{e}"));
    let ours_path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("specs")
        .join(rel);
    // A missing or unreadable document of ours still yields figures (all zero) and then fails
    // the thresholds below, so the report says how far off it is.
    let ours = load(&ours_path).unwrap_or_else(|e| {
        println!("note: {e}; comparing against an empty document");
        Value::Object(Map::new())
    });

    let report = Report::build(&reference, &ours);
    println!(
        "== specs/{rel} vs vvp-2.7.1/{rel}\n{}",
        report.render(LIST_LIMIT)
    );

    assert!(
        report.missing_operations.is_empty(),
        "specs/{rel}: {} of {} reference operations missing",
        report.missing_operations.len(),
        report.total_operations
    );
    assert!(
        report.field_percent() >= MIN_FIELD_COVERAGE,
        "specs/{rel}: field coverage {:.2}% is below {MIN_FIELD_COVERAGE}%",
        report.field_percent()
    );
    assert!(
        report.type_mismatches.is_empty(),
        "specs/{rel}: {} type mismatches",
        report.type_mismatches.len()
    );
    assert!(
        report.missing_enum_values.is_empty(),
        "specs/{rel}: {} missing enum values",
        report.missing_enum_values.len()
    );
}

/// Checks what the code generator relies on: every `$ref` resolves, path parameters match the
/// template, operation ids are unique, one 2xx response schema and one error schema per operation.
/// Needs no shared material.
fn check_structure(rel: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("specs")
        .join(rel);
    let doc = load(&path).unwrap_or_else(|e| panic!("{e}"));
    let problems = structure_problems(&doc);
    for problem in &problems {
        println!("specs/{rel}: {problem}");
    }
    assert!(
        problems.is_empty(),
        "specs/{rel}: {} structural problems (listed above)",
        problems.len()
    );
}

fn structure_problems(doc: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    if doc.get("swagger").and_then(Value::as_str) != Some("2.0") {
        problems.push("not a Swagger 2.0 document".to_string());
    }
    let mut refs = Vec::new();
    collect_refs(doc, &mut refs);
    for target in refs {
        let resolves = target
            .strip_prefix('#')
            .and_then(|pointer| doc.pointer(pointer))
            .is_some();
        if !resolves {
            problems.push(format!("$ref {target} does not resolve"));
        }
    }
    let mut ids = BTreeMap::new();
    let paths = doc.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        let template: Vec<&str> = path
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect();
        for verb in VERBS {
            let Some(op) = item.get(verb) else {
                continue;
            };
            let at = format!("{} {path}", verb.to_uppercase());
            match op.get("operationId").and_then(Value::as_str) {
                Some(id) => {
                    if let Some(other) = ids.insert(id.to_string(), at.clone()) {
                        problems.push(format!("{at}: operationId {id} also used by {other}"));
                    }
                }
                None => problems.push(format!("{at}: no operationId")),
            }
            let params: Vec<&Value> = [item.get("parameters"), op.get("parameters")]
                .into_iter()
                .flatten()
                .filter_map(Value::as_array)
                .flatten()
                .collect();
            let declared: Vec<&str> = params
                .iter()
                .filter(|p| p.get("in").and_then(Value::as_str) == Some("path"))
                .filter_map(|p| p.get("name").and_then(Value::as_str))
                .collect();
            for name in &template {
                if !declared.contains(name) {
                    problems.push(format!("{at}: path parameter {{{name}}} not declared"));
                }
            }
            for name in &declared {
                if !template.contains(name) {
                    problems.push(format!("{at}: parameter {name} is not in the path"));
                }
            }
            let bodies = params
                .iter()
                .filter(|p| p.get("in").and_then(Value::as_str) == Some("body"))
                .count();
            if bodies > 1 {
                problems.push(format!("{at}: {bodies} body parameters"));
            }
            let responses = op.get("responses").and_then(Value::as_object);
            let codes: Vec<(&String, &Value)> = responses.into_iter().flatten().collect();
            // Several 2xx codes are fine (POST may answer 200 or 201) as long as they all
            // carry the same schema: generators take one success type per operation.
            let successes: Vec<String> = codes
                .iter()
                .filter(|(c, _)| c.starts_with('2') || c.as_str() == "default")
                .map(|(_, r)| r.get("schema").map(Value::to_string).unwrap_or_default())
                .collect();
            if successes.is_empty() {
                problems.push(format!("{at}: no 2xx response"));
            } else if successes.iter().any(|s| s != &successes[0]) {
                problems.push(format!(
                    "{at}: 2xx responses with different schemas, want one"
                ));
            }
            let error_schemas: Vec<String> = codes
                .iter()
                .filter(|(c, _)| c.starts_with('4') || c.starts_with('5'))
                .map(|(_, r)| r.get("schema").map(Value::to_string).unwrap_or_default())
                .collect();
            if error_schemas.iter().any(|s| s != &error_schemas[0]) {
                problems.push(format!("{at}: error responses use different schemas"));
            }
        }
    }
    problems
}

fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("$ref", Value::String(target)) => out.push(target.clone()),
                    _ => collect_refs(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

fn load(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{} is not valid JSON: {e}", path.display()))
}

/// What one field (or query parameter) of an operation looks like.
#[derive(Debug, Clone, Default)]
struct Field {
    /// The JSON type, `None` when the schema does not declare one (any value).
    ty: Option<String>,
    /// Enum values as JSON text.
    enums: Vec<String>,
    /// No type, no properties, no items, no value schema: accepts any JSON value.
    any: bool,
}

/// Field paths (segments; `[]` for array items, `*` for map values) to their description.
type Fields = BTreeMap<Vec<String>, Field>;

/// Operation key (`GET /api/v1/namespaces/{}/deployments`) to its fields.
type Operations = BTreeMap<String, Fields>;

#[derive(Debug, Default)]
struct Report {
    total_operations: usize,
    missing_operations: Vec<String>,
    total_fields: usize,
    covered_fields: usize,
    covered_by_free_form: usize,
    missing_fields: Vec<String>,
    type_mismatches: Vec<String>,
    missing_enum_values: Vec<String>,
}

impl Report {
    fn build(reference: &Value, ours: &Value) -> Report {
        let reference_ops = operations(reference, true);
        let our_ops = operations(ours, false);
        let mut report = Report {
            total_operations: reference_ops.len(),
            ..Report::default()
        };
        for (key, reference_fields) in &reference_ops {
            report.total_fields += reference_fields.len();
            let Some(our_fields) = our_ops.get(key) else {
                report.missing_operations.push(key.clone());
                continue;
            };
            for (path, wanted) in reference_fields {
                let shown = format!("{key} {}", display(path));
                let Some(have) = our_fields.get(path) else {
                    if under_free_form(our_fields, path) {
                        report.covered_fields += 1;
                        report.covered_by_free_form += 1;
                    } else {
                        report.missing_fields.push(shown);
                    }
                    continue;
                };
                report.covered_fields += 1;
                if have.any {
                    continue;
                }
                if let (Some(a), Some(b)) = (&wanted.ty, &have.ty) {
                    if numeric_kind(a) != numeric_kind(b) {
                        report
                            .type_mismatches
                            .push(format!("{shown}: reference {a}, ours {b}"));
                    }
                }
                for value in &wanted.enums {
                    if !have.enums.contains(value) {
                        report
                            .missing_enum_values
                            .push(format!("{shown} = {value}"));
                    }
                }
            }
        }
        report
    }

    fn field_percent(&self) -> f64 {
        if self.total_fields == 0 {
            return 100.0;
        }
        // Counts stay far below 2^52, so the conversion is exact.
        self.covered_fields as f64 * 100.0 / self.total_fields as f64
    }

    fn render(&self, limit: usize) -> String {
        let mut out = format!(
            "operations: {}/{} covered\n\
             fields:     {}/{} covered ({:.2}%, {} of them by a free-form schema of ours)\n\
             type mismatches: {}\n\
             missing enum values: {}\n",
            self.total_operations - self.missing_operations.len(),
            self.total_operations,
            self.covered_fields,
            self.total_fields,
            self.field_percent(),
            self.covered_by_free_form,
            self.type_mismatches.len(),
            self.missing_enum_values.len(),
        );
        let lists = [
            ("missing operations", &self.missing_operations),
            ("missing fields", &self.missing_fields),
            ("type mismatches", &self.type_mismatches),
            ("missing enum values", &self.missing_enum_values),
        ];
        for (title, items) in lists {
            if items.is_empty() {
                continue;
            }
            out.push_str(&format!(
                "{title} (first {} of {}):\n",
                items.len().min(limit),
                items.len()
            ));
            for item in items.iter().take(limit) {
                out.push_str(&format!("  {item}\n"));
            }
        }
        out
    }
}

/// Integer and number are one kind here: a reference integer described as a number is fine.
fn numeric_kind(ty: &str) -> &str {
    if ty == "integer" {
        "number"
    } else {
        ty
    }
}

fn display(path: &[String]) -> String {
    let mut out = String::new();
    for segment in path {
        if segment != "[]" && !out.is_empty() {
            out.push('.');
        }
        out.push_str(segment);
    }
    out
}

/// True when some proper prefix of `path` is an any-value schema in `fields`.
fn under_free_form(fields: &Fields, path: &[String]) -> bool {
    (1..path.len()).any(|n| fields.get(&path[..n]).is_some_and(|f| f.any))
}

/// `/a/{x}/b` and base path `/` become `/a/{}/b`.
fn normalize_path(base: &str, path: &str) -> String {
    let joined = format!("{}{}", base.trim_end_matches('/'), path);
    let mut out = String::with_capacity(joined.len());
    let mut in_param = false;
    for c in joined.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            _ if in_param => {}
            _ => out.push(c),
        }
    }
    out
}

/// Every operation of a document with its fields. Operations whose normalized key repeats
/// (the reference writes some paths twice with different parameter names) are merged.
fn operations(doc: &Value, is_reference: bool) -> Operations {
    let base = doc.get("basePath").and_then(Value::as_str).unwrap_or("");
    let mut ops = Operations::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return ops;
    };
    for (path, item) in paths {
        for verb in VERBS {
            let Some(op) = item.get(verb) else {
                continue;
            };
            let key = format!("{} {}", verb.to_uppercase(), normalize_path(base, path));
            let mut walker = Walker {
                doc,
                is_reference,
                fields: Fields::new(),
                stack: Vec::new(),
            };
            walker.operation(item, op);
            ops.entry(key).or_default().extend(walker.fields);
        }
    }
    ops
}

struct Walker<'a> {
    doc: &'a Value,
    /// The reference side stops at free-form Kubernetes specs; ours is walked fully.
    is_reference: bool,
    fields: Fields,
    /// Definitions being expanded, to stop at recursive types.
    stack: Vec<String>,
}

impl Walker<'_> {
    fn operation(&mut self, item: &Value, op: &Value) {
        let shared = item.get("parameters").and_then(Value::as_array);
        let own = op.get("parameters").and_then(Value::as_array);
        for param in shared.into_iter().chain(own).flatten() {
            let param = self.resolve(param).0;
            let name = param.get("name").and_then(Value::as_str).unwrap_or("");
            match param.get("in").and_then(Value::as_str) {
                Some("body") => {
                    if let Some(schema) = param.get("schema") {
                        self.walk(schema, vec!["body".to_string()]);
                    }
                }
                Some("query") => {
                    // Swagger 2.0 puts type/enum on the parameter, OpenAPI 3 in `schema`.
                    let schema = param.get("schema").unwrap_or(&param).clone();
                    self.walk(&schema, vec!["query".to_string(), name.to_string()]);
                }
                _ => {}
            }
        }
        // OpenAPI 3 request bodies.
        if let Some(content) = op
            .pointer("/requestBody/content")
            .and_then(Value::as_object)
        {
            for media in content.values() {
                if let Some(schema) = media.get("schema") {
                    self.walk(schema, vec!["body".to_string()]);
                }
            }
        }
        let Some(responses) = op.get("responses").and_then(Value::as_object) else {
            return;
        };
        for (code, response) in responses {
            if !code.starts_with('2') {
                continue;
            }
            let response = self.resolve(response).0;
            if let Some(schema) = response.get("schema") {
                self.walk(schema, vec!["(response)".to_string()]);
            }
            if let Some(content) = response.get("content").and_then(Value::as_object) {
                for media in content.values() {
                    if let Some(schema) = media.get("schema") {
                        self.walk(schema, vec!["(response)".to_string()]);
                    }
                }
            }
        }
    }

    /// Follows `$ref`s and merges `allOf` parts into one schema; also returns the definition
    /// names passed through.
    fn resolve(&self, schema: &Value) -> (Value, Vec<String>) {
        let mut names = Vec::new();
        let merged = self.resolve_into(schema, &mut names, 0);
        (merged, names)
    }

    fn resolve_into(&self, schema: &Value, names: &mut Vec<String>, depth: usize) -> Value {
        if depth > 32 {
            return Value::Object(Map::new());
        }
        if let Some(target) = schema.get("$ref").and_then(Value::as_str) {
            let name = target.rsplit('/').next().unwrap_or(target).to_string();
            let pointer = target.trim_start_matches('#');
            let found = self.doc.pointer(pointer).cloned().unwrap_or(Value::Null);
            names.push(name);
            return self.resolve_into(&found, names, depth + 1);
        }
        let Some(parts) = schema.get("allOf").and_then(Value::as_array) else {
            return schema.clone();
        };
        let mut merged = schema.as_object().cloned().unwrap_or_default();
        merged.remove("allOf");
        for part in parts {
            let part = self.resolve_into(part, names, depth + 1);
            let Some(part) = part.as_object() else {
                continue;
            };
            for (k, v) in part {
                match (k.as_str(), merged.get_mut(k)) {
                    ("properties", Some(Value::Object(props))) => {
                        if let Value::Object(more) = v {
                            for (pk, pv) in more {
                                props.entry(pk.clone()).or_insert_with(|| pv.clone());
                            }
                        }
                    }
                    (_, Some(_)) => {}
                    (_, None) => {
                        merged.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        Value::Object(merged)
    }

    fn walk(&mut self, schema: &Value, path: Vec<String>) {
        let (s, names) = self.resolve(schema);
        let properties = s.get("properties").and_then(Value::as_object);
        let items = s.get("items").filter(|v| v.is_object());
        let values = s.get("additionalProperties").filter(|v| v.is_object());
        let ty = s.get("type").and_then(Value::as_str).map(str::to_string);
        let enums = s
            .get("enum")
            .and_then(Value::as_array)
            .map(|vs| vs.iter().map(enum_text).collect())
            .unwrap_or_default();
        let any = ty.is_none() && properties.is_none() && items.is_none() && values.is_none();
        self.fields
            .entry(path.clone())
            .or_insert(Field { ty, enums, any });

        if self.is_reference && (free_form_path(&path) || names.iter().any(|n| is_k8s(n))) {
            return;
        }
        if names.iter().any(|n| self.stack.contains(n)) {
            return;
        }
        let depth = self.stack.len();
        self.stack.extend(names);
        if let Some(properties) = properties {
            for (name, sub) in properties {
                let mut child = path.clone();
                child.push(name.clone());
                self.walk(sub, child);
            }
        }
        if let Some(items) = items {
            let mut child = path.clone();
            child.push("[]".to_string());
            self.walk(items, child);
        }
        if let Some(values) = values {
            let mut child = path;
            child.push("*".to_string());
            self.walk(values, child);
        }
        self.stack.truncate(depth);
    }
}

fn enum_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Kubernetes types copied into the reference (`V1PodTemplateSpec`, ...).
fn is_k8s(definition: &str) -> bool {
    definition.starts_with("V1")
}

/// Fields whose contents are free-form pod specs: compared themselves, not below.
fn free_form_path(path: &[String]) -> bool {
    let Some(last) = path.last() else {
        return false;
    };
    match last.as_str() {
        "jobManagerPodTemplate" | "taskManagerPodTemplate" => true,
        "pods" => path.len() >= 2 && path[path.len() - 2] == "kubernetes",
        _ => false,
    }
}
