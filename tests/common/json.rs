//! JSON helpers shared by the property and fuzz tests (`#[path = "common/json.rs"] mod json;`).

use serde_json::{Map, Value};

/// `v` without object members whose value is `null`: a merge patch cannot set `null` (it
/// removes the key), so these are the values `MergePatch::diff` can reproduce.
pub fn strip_nulls(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), strip_nulls(v)))
                .collect::<Map<_, _>>(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(strip_nulls).collect()),
        other => other.clone(),
    }
}
