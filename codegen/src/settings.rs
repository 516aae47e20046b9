//! What a caller decides about the generated types: whether structs keep unknown fields, and
//! which schemas become hand-written Rust types. `vvp`'s `build.rs` declares its choices in
//! one table; [`Settings::default`] generates progenitor's plain types.
//!
//! Two steps apply the settings after the repairs ([`crate::steps`]):
//! - [`keep_unknown_fields`]: object schemas with properties get a permissive
//!   `additionalProperties` (`{}`), so typify emits a flattened `extra` map on every struct:
//!   unknown fields are kept and written back;
//! - [`name_replaced_schemas`]: a replacement may name a property inside a definition
//!   (`DeploymentSpec.state`); that inline schema becomes a definition of its own
//!   (`DeploymentSpecState`), because typify replaces definitions only.

use crate::steps::names::upper_camel;
use crate::steps::schemas::walk_schemas;
use crate::{pointer, Report, SpecError};
use serde_json::{json, Value};

/// A trait the Rust type of a [`Replacement`] implements, so that generated code may use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Impl {
    /// `Default`: containing structs may derive `Default`.
    Default,
    /// `Display`.
    Display,
    /// `FromStr`.
    FromStr,
}

/// One schema of the spec replaced by a hand-written Rust type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    /// A definition (`LifecyclePhase`), or a property inside one, dotted through
    /// `properties` (`DeploymentSpec.state`, `SecretValueSpec.value`). Names are the
    /// normalized (UpperCamel) definition names and the properties' wire names.
    pub schema: String,
    /// The Rust type the generated code uses instead (`crate::types::DeploymentState`).
    pub rust_type: String,
    /// The traits it implements.
    pub impls: Vec<Impl>,
}

impl Replacement {
    /// `schema` becomes `rust_type`, which implements `impls`.
    pub fn new(schema: impl Into<String>, rust_type: impl Into<String>, impls: &[Impl]) -> Self {
        Replacement {
            schema: schema.into(),
            rust_type: rust_type.into(),
            impls: impls.to_vec(),
        }
    }

    /// The definition name typify sees: `DeploymentSpec.state` -> `DeploymentSpecState`.
    pub fn definition_name(&self) -> String {
        if self.schema.contains('.') {
            self.schema.split('.').map(upper_camel).collect()
        } else {
            self.schema.clone()
        }
    }
}

/// How to generate: see the module documentation.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Settings {
    /// Every generated struct keeps unknown fields (a flattened `extra` map).
    pub keep_unknown_fields: bool,
    /// Schemas replaced by hand-written types.
    pub replacements: Vec<Replacement>,
    /// Extra traits every generated type derives (e.g. `PartialEq`, `Default`).
    pub derives: Vec<String>,
    /// The map type of objects with `additionalProperties` (progenitor's default is
    /// `::std::collections::HashMap`).
    pub map_type: Option<String>,
    /// A module path with the serde functions the rules of [`crate::shape`] use; `None`
    /// leaves the generated types as progenitor writes them.
    pub serde_helpers: Option<String>,
    /// With [`Settings::serde_helpers`]: lists and maps are `Option`s (absent and empty stay
    /// apart) instead of plain values that read `null` and absent as empty.
    pub optional_collections: bool,
}

impl Settings {
    /// Structs keep unknown fields (see [`keep_unknown_fields`]).
    pub fn keep_unknown_fields(mut self, keep: bool) -> Self {
        self.keep_unknown_fields = keep;
        self
    }

    /// Every generated type also derives `derive` (a trait path).
    pub fn derive(mut self, derive: impl Into<String>) -> Self {
        self.derives.push(derive.into());
        self
    }

    /// Objects with `additionalProperties` become `map_type` (a path such as
    /// `::std::collections::BTreeMap`).
    pub fn map_type(mut self, map_type: impl Into<String>) -> Self {
        self.map_type = Some(map_type.into());
        self
    }

    /// Applies the rules of [`crate::shape`] with the serde functions of module `path`.
    pub fn serde_helpers(mut self, path: impl Into<String>) -> Self {
        self.serde_helpers = Some(path.into());
        self
    }

    /// Lists and maps become `Option`s: for APIs where an absent list and an empty one mean
    /// different things (JSON merge patch, Jackson); proto3 JSON APIs leave it off.
    pub fn optional_collections(mut self, optional: bool) -> Self {
        self.optional_collections = optional;
        self
    }

    /// Adds a replacement.
    pub fn replace(mut self, replacement: Replacement) -> Self {
        self.replacements.push(replacement);
        self
    }

    /// Runs the steps these settings ask for on a normalized document.
    pub fn apply(&self, doc: &mut Value, report: &mut Report) -> Result<(), SpecError> {
        name_replaced_schemas(doc, &self.replacements, report)?;
        if self.keep_unknown_fields {
            keep_unknown_fields(doc, report)?;
        }
        Ok(())
    }
}

/// Object schemas with properties and no `additionalProperties` get `additionalProperties:
/// {}`: typify then emits `#[serde(flatten)] pub extra: Map<String, Value>`. A schema with a
/// property named `extra` is left alone (reported), as the field name would clash.
pub fn keep_unknown_fields(doc: &mut Value, report: &mut Report) -> Result<(), SpecError> {
    const STEP: &str = "keep_unknown_fields";
    walk_schemas(doc, report, &mut |s, at, report| {
        let Some(Value::Object(props)) = s.get("properties") else {
            return;
        };
        if props.is_empty() || s.contains_key("additionalProperties") {
            return;
        }
        if props.contains_key("extra") {
            report.note(
                STEP,
                at,
                "has a property `extra`: unknown fields are not kept",
            );
            return;
        }
        s.insert("additionalProperties".into(), json!({}));
    });
    Ok(())
}

/// Moves each inline schema a replacement names (`DeploymentSpec.state`) into a definition
/// of its own (`DeploymentSpecState`) and points the property at it. A replacement naming a
/// schema the document lacks is an error: the settings and the spec disagree.
pub fn name_replaced_schemas(
    doc: &mut Value,
    replacements: &[Replacement],
    report: &mut Report,
) -> Result<(), SpecError> {
    const STEP: &str = "name_replaced_schemas";
    for r in replacements {
        let mut parts = r.schema.split('.');
        let definition = parts.next().unwrap_or_default();
        let defined = pointer(&["components", "schemas", definition]);
        let mut tokens = vec!["components", "schemas", definition];
        for property in parts {
            tokens.extend(["properties", property]);
        }
        let at = pointer(&tokens);
        if doc.pointer(&at).is_none() {
            let message = if doc.pointer(&defined).is_none() {
                format!("replacement {}: no definition `{definition}`", r.schema)
            } else {
                format!("replacement {}: no such property", r.schema)
            };
            return Err(SpecError::at(at, message));
        }
        if tokens.len() == 3 {
            continue; // a definition already
        }
        let name = r.definition_name();
        let target = pointer(&["components", "schemas", &name]);
        if doc.pointer(&target).is_some() {
            return Err(SpecError::at(
                target,
                format!(
                    "replacement {}: definition `{name}` exists already",
                    r.schema
                ),
            ));
        }
        let reference = json!({ "$ref": format!("#/components/schemas/{name}") });
        let Some(slot) = doc.pointer_mut(&at) else {
            continue;
        };
        let schema = std::mem::replace(slot, reference);
        if let Some(Value::Object(schemas)) = doc.pointer_mut("/components/schemas") {
            schemas.insert(name.clone(), schema);
        }
        report.note(STEP, &at, format!("moved to #/components/schemas/{name}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_schemas_keep_unknown_fields() {
        let mut doc = json!({"components": {"schemas": {
            "A": {"type": "object", "properties": {"b": {"type": "object", "properties": {"c": {}}}}},
            "Map": {"type": "object", "additionalProperties": {"type": "string"}},
            "Closed": {"type": "object", "properties": {"x": {}}, "additionalProperties": false},
            "Clash": {"type": "object", "properties": {"extra": {}}},
            "Free": {"type": "object"}}}});
        let mut r = Report::default();
        keep_unknown_fields(&mut doc, &mut r).unwrap();
        let s = &doc["components"]["schemas"];
        assert_eq!(s["A"]["additionalProperties"], json!({}));
        assert_eq!(s["A"]["properties"]["b"]["additionalProperties"], json!({}));
        assert_eq!(s["Map"]["additionalProperties"], json!({"type": "string"}));
        assert_eq!(s["Closed"]["additionalProperties"], json!(false));
        assert!(s["Clash"].get("additionalProperties").is_none());
        assert!(s["Free"].get("additionalProperties").is_none());
        assert_eq!(r.entries.len(), 1, "{:?}", r.entries);
    }

    #[test]
    fn replaced_properties_become_definitions() {
        let mut doc = json!({"components": {"schemas": {
            "DeploymentSpec": {"type": "object", "properties": {
                "state": {"type": "string", "enum": ["RUNNING"]}}},
            "Phase": {"type": "string", "enum": ["A"]}}}});
        let replacements = [
            Replacement::new("DeploymentSpec.state", "crate::State", &[Impl::Display]),
            Replacement::new("Phase", "crate::Phase", &[]),
        ];
        let mut r = Report::default();
        name_replaced_schemas(&mut doc, &replacements, &mut r).unwrap();
        let s = &doc["components"]["schemas"];
        assert_eq!(
            s["DeploymentSpec"]["properties"]["state"],
            json!({"$ref": "#/components/schemas/DeploymentSpecState"})
        );
        assert_eq!(
            s["DeploymentSpecState"],
            json!({"type": "string", "enum": ["RUNNING"]})
        );
        assert_eq!(s["Phase"], json!({"type": "string", "enum": ["A"]}));
        assert_eq!(r.entries.len(), 1);
    }

    #[test]
    fn a_replacement_the_spec_lacks_is_an_error() {
        let mut doc = json!({"components": {"schemas": {"A": {"properties": {}}}}});
        let e = name_replaced_schemas(
            &mut doc,
            &[Replacement::new("A.b", "crate::B", &[])],
            &mut Report::default(),
        )
        .unwrap_err();
        assert_eq!(e.pointer, "/components/schemas/A/properties/b");
        assert_eq!(e.message, "replacement A.b: no such property");
        let e = name_replaced_schemas(
            &mut doc,
            &[Replacement::new("Nope", "crate::B", &[])],
            &mut Report::default(),
        )
        .unwrap_err();
        assert_eq!(e.message, "replacement Nope: no definition `Nope`");
    }
}
