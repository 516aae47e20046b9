//! JSON merge patches (RFC 7386), the body of every `PATCH`.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// An RFC 7386 JSON merge patch: an object whose fields replace the target's, where `null`
/// removes a field and nested objects merge recursively.
///
/// Sent as the body of `PATCH` in the client's [`BodyFormat`](crate::BodyFormat)
/// (`Content-Type: application/json` or `application/yaml`).
///
/// ```
/// use vvp::MergePatch;
/// use serde_json::json;
///
/// let patch = MergePatch::new()
///     .set("/spec/state", "CANCELLED")
///     .remove("/spec/template/spec/flinkConfiguration/foo");
/// assert_eq!(
///     patch.as_value(),
///     &json!({"spec": {"state": "CANCELLED",
///                      "template": {"spec": {"flinkConfiguration": {"foo": null}}}}})
/// );
///
/// let mut doc = json!({"spec": {"state": "RUNNING", "template": {"spec": {
///     "flinkConfiguration": {"foo": "1", "bar": "2"}}}}});
/// patch.apply_to(&mut doc);
/// assert_eq!(doc["spec"]["state"], "CANCELLED");
/// assert_eq!(doc["spec"]["template"]["spec"]["flinkConfiguration"], json!({"bar": "2"}));
/// ```
///
/// # Limits of RFC 7386
///
/// - Arrays cannot be edited element by element: a patch replaces the whole array.
/// - A field cannot be *set* to `null`: `null` in a patch always means "remove".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MergePatch(Value);

impl Default for MergePatch {
    fn default() -> Self {
        MergePatch(Value::Object(Map::new()))
    }
}

impl From<Value> for MergePatch {
    fn from(v: Value) -> Self {
        MergePatch(v)
    }
}

impl From<MergePatch> for Value {
    fn from(p: MergePatch) -> Value {
        p.0
    }
}

impl MergePatch {
    /// An empty patch (`{}`): changes nothing.
    pub fn new() -> Self {
        Self::default()
    }

    /// A patch from any serializable value, e.g. a partial resource.
    ///
    /// # Errors
    ///
    /// [`Error::Encode`] if `value` cannot be represented as JSON.
    pub fn from_serialize<T: Serialize + ?Sized>(value: &T) -> Result<Self> {
        serde_json::to_value(value)
            .map(MergePatch)
            .map_err(|e| Error::Encode {
                source: Box::new(e),
            })
    }

    /// Set the field at `pointer` to `value`, creating the objects on the way.
    ///
    /// `pointer` is a JSON pointer (`/spec/state`; `~1` stands for `/` and `~0` for `~`
    /// inside a key). A missing leading `/` is tolerated; `""` replaces the whole patch.
    /// Non-object values on the way are replaced by objects.
    #[must_use]
    pub fn set(mut self, pointer: &str, value: impl Into<Value>) -> Self {
        self.insert(pointer, value.into());
        self
    }

    /// Like [`MergePatch::set`] for any serializable value (e.g. a typed enum).
    ///
    /// # Errors
    ///
    /// [`Error::Encode`] if `value` cannot be represented as JSON.
    pub fn try_set<T: Serialize + ?Sized>(mut self, pointer: &str, value: &T) -> Result<Self> {
        let v = serde_json::to_value(value).map_err(|e| Error::Encode {
            source: Box::new(e),
        })?;
        self.insert(pointer, v);
        Ok(self)
    }

    /// Remove the field at `pointer` (sets it to `null` in the patch).
    #[must_use]
    pub fn remove(mut self, pointer: &str) -> Self {
        self.insert(pointer, Value::Null);
        self
    }

    fn insert(&mut self, pointer: &str, value: Value) {
        let tokens: Vec<String> = if pointer.is_empty() {
            Vec::new()
        } else {
            pointer
                .strip_prefix('/')
                .unwrap_or(pointer)
                .split('/')
                .map(|t| t.replace("~1", "/").replace("~0", "~"))
                .collect()
        };
        let Some((last, parents)) = tokens.split_last() else {
            self.0 = value;
            return;
        };
        let mut cur = &mut self.0;
        for token in parents {
            cur = object(cur)
                .entry(token.clone())
                .or_insert_with(|| Value::Object(Map::new()));
        }
        object(cur).insert(last.clone(), value);
    }

    /// The patch that turns `old` into `new` (both serialized to JSON first).
    ///
    /// Changed arrays are replaced as a whole. Fields that are `null` in `new` cannot be
    /// expressed (a `null` in a patch removes the field), so they come out as removals.
    ///
    /// ```
    /// use vvp::MergePatch;
    /// use serde_json::json;
    ///
    /// let old = json!({"a": 1, "b": {"c": 2, "d": 3}, "e": [1, 2]});
    /// let new = json!({"a": 1, "b": {"c": 5}, "e": [1, 2, 3]});
    /// let patch = MergePatch::diff(&old, &new)?;
    /// assert_eq!(patch.as_value(), &json!({"b": {"c": 5, "d": null}, "e": [1, 2, 3]}));
    /// # Ok::<(), vvp::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Encode`] if either value cannot be represented as JSON.
    pub fn diff<T: Serialize + ?Sized>(old: &T, new: &T) -> Result<Self> {
        let enc = |v: &T| {
            serde_json::to_value(v).map_err(|e| Error::Encode {
                source: Box::new(e),
            })
        };
        Ok(MergePatch(diff_values(&enc(old)?, &enc(new)?)))
    }

    /// `true` if applying the patch changes nothing on any object (it is `{}`).
    pub fn is_empty(&self) -> bool {
        self.0.as_object().is_some_and(Map::is_empty)
    }

    /// Apply the patch to `target` as RFC 7386 describes.
    pub fn apply_to(&self, target: &mut Value) {
        json_patch::merge(target, &self.0);
    }

    /// The patch document.
    pub fn as_value(&self) -> &Value {
        &self.0
    }

    /// The patch document, owned.
    pub fn into_value(self) -> Value {
        self.0
    }
}

/// `v` as an object, replacing a non-object with `{}`.
fn object(v: &mut Value) -> &mut Map<String, Value> {
    if !v.is_object() {
        *v = Value::Object(Map::new());
    }
    match v {
        Value::Object(m) => m,
        _ => unreachable!("just replaced by an object"),
    }
}

fn diff_values(old: &Value, new: &Value) -> Value {
    match (old, new) {
        (Value::Object(o), Value::Object(n)) => {
            let mut patch = Map::new();
            for key in o.keys() {
                if !n.contains_key(key) {
                    patch.insert(key.clone(), Value::Null);
                }
            }
            for (key, nv) in n {
                match o.get(key) {
                    Some(ov) if ov == nv => {}
                    Some(ov @ Value::Object(_)) if nv.is_object() => {
                        patch.insert(key.clone(), diff_values(ov, nv));
                    }
                    _ => {
                        patch.insert(key.clone(), nv.clone());
                    }
                }
            }
            Value::Object(patch)
        }
        _ => new.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn set_escapes_and_overwrites() {
        let p = MergePatch::new()
            .set("/a~1b/c~0d", 1)
            .set("x", "y")
            .set("/x/z", true);
        assert_eq!(p.as_value(), &json!({"a/b": {"c~d": 1}, "x": {"z": true}}));
        let p = MergePatch::new().set("", json!({"k": 1}));
        assert_eq!(p.into_value(), json!({"k": 1}));
    }

    /// The examples of RFC 7386, section 3.
    #[test]
    fn rfc7386_examples() {
        let cases = [
            (json!({"a":"b"}), json!({"a":"c"}), json!({"a":"c"})),
            (json!({"a":"b"}), json!({"b":"c"}), json!({"a":"b","b":"c"})),
            (json!({"a":"b"}), json!({"a":null}), json!({})),
            (
                json!({"a":"b","b":"c"}),
                json!({"a":null}),
                json!({"b":"c"}),
            ),
            (json!({"a":["b"]}), json!({"a":"c"}), json!({"a":"c"})),
            (json!({"a":"c"}), json!({"a":["b"]}), json!({"a":["b"]})),
            (
                json!({"a":{"b":"c"}}),
                json!({"a":{"b":"d","c":null}}),
                json!({"a":{"b":"d"}}),
            ),
            (json!({"a":[{"b":"c"}]}), json!({"a":[1]}), json!({"a":[1]})),
            (json!(["a", "b"]), json!(["c", "d"]), json!(["c", "d"])),
            (json!({"a":"b"}), json!(["c"]), json!(["c"])),
            (json!({"a":"foo"}), json!(null), json!(null)),
            (json!({"a":"foo"}), json!("bar"), json!("bar")),
            (json!({"e":null}), json!({"a":1}), json!({"e":null,"a":1})),
            (json!([1, 2]), json!({"a":"b","c":null}), json!({"a":"b"})),
            (
                json!({}),
                json!({"a":{"bb":{"ccc":null}}}),
                json!({"a":{"bb":{}}}),
            ),
        ];
        for (target, patch, expected) in cases {
            let mut doc = target.clone();
            MergePatch::from(patch.clone()).apply_to(&mut doc);
            assert_eq!(doc, expected, "{target} + {patch}");
        }
    }

    #[test]
    fn diff_round_trips() {
        let old = json!({"spec": {"state": "RUNNING", "a": [1], "gone": 1}, "keep": {"x": 1}});
        let new =
            json!({"spec": {"state": "CANCELLED", "a": [1, 2], "new": {"n": 1}}, "keep": {"x": 1}});
        let p = MergePatch::diff(&old, &new).unwrap();
        assert_eq!(
            p.as_value(),
            &json!({"spec": {"state": "CANCELLED", "a": [1, 2], "gone": null, "new": {"n": 1}}})
        );
        let mut doc = old.clone();
        p.apply_to(&mut doc);
        assert_eq!(doc, new);
        assert!(MergePatch::diff(&new, &new).unwrap().is_empty());
    }
}
