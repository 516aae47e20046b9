//! Reading a spec document: JSON or YAML, detected from the first non-blank character.

use super::{kind_of, SpecError};
use serde_json::{Map, Number, Value};

/// Parses `text` as JSON when it starts with `{` or `[`, else as YAML. The root must be an
/// object. Syntax errors carry the line and column.
pub fn parse_document(text: &str) -> Result<Value, SpecError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc = if text.trim_start().starts_with(['{', '[']) {
        serde_json::from_str::<Value>(text).map_err(|e| {
            SpecError::at(
                "",
                format!(
                    "invalid JSON at line {} column {}: {e}",
                    e.line(),
                    e.column()
                ),
            )
        })?
    } else {
        let yaml = serde_yaml::from_str::<serde_yaml::Value>(text).map_err(|e| {
            let at = e
                .location()
                .map(|l| format!(" at line {} column {}", l.line(), l.column()))
                .unwrap_or_default();
            SpecError::at("", format!("invalid YAML{at}: {e}"))
        })?;
        yaml_to_json(yaml, "")?
    };
    if !doc.is_object() {
        return Err(SpecError::at(
            "",
            format!("the document is {}, expected an object", kind_of(&doc)),
        ));
    }
    Ok(doc)
}

/// Converts YAML to JSON. Mapping keys that are scalars become strings (`200:` -> `"200"`);
/// tags are dropped.
fn yaml_to_json(v: serde_yaml::Value, at: &str) -> Result<Value, SpecError> {
    use serde_yaml::Value as Y;
    Ok(match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                Value::Number(Number::from_f64(f).ok_or_else(|| {
                    SpecError::at(at, format!("number {n} cannot be represented in JSON"))
                })?)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| yaml_to_json(item, &format!("{at}/{i}")))
                .collect::<Result<_, _>>()?,
        ),
        Y::Mapping(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_owned(),
                    other => {
                        return Err(SpecError::at(
                            at,
                            format!("unsupported YAML mapping key {other:?}"),
                        ))
                    }
                };
                let child = format!("{at}/{}", super::escape(&key));
                out.insert(key, yaml_to_json(v, &child)?);
            }
            Value::Object(out)
        }
        Y::Tagged(t) => yaml_to_json(t.value, at)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_and_yaml_give_the_same_document() {
        let j = parse_document(r#"{"swagger":"2.0","paths":{"/a":{"get":{"responses":{"200":{"description":"ok"}}}}}}"#).unwrap();
        let y = parse_document(
            "swagger: '2.0'\npaths:\n  /a:\n    get:\n      responses:\n        200:\n          description: ok\n",
        )
        .unwrap();
        assert_eq!(j, y);
        assert_eq!(
            y["paths"]["/a"]["get"]["responses"]["200"],
            json!({"description": "ok"})
        );
    }

    #[test]
    fn json_syntax_error_has_line_and_column() {
        let e = parse_document("{\n  \"swagger\": \"2.0\",\n  oops\n}").unwrap_err();
        assert!(
            e.message.contains("invalid JSON at line 3 column 3"),
            "{}",
            e.message
        );
    }

    #[test]
    fn yaml_syntax_error_has_line() {
        let e = parse_document("swagger: '2.0'\npaths: [a\n  b: c\n").unwrap_err();
        assert!(e.message.contains("invalid YAML at line"), "{}", e.message);
    }

    #[test]
    fn root_must_be_an_object() {
        let e = parse_document("[1, 2]").unwrap_err();
        assert_eq!(e.message, "the document is an array, expected an object");
        let e = parse_document("just a string").unwrap_err();
        assert_eq!(e.message, "the document is a string, expected an object");
    }
}
