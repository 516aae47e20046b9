//! The normalized OpenAPI 3.0 document -> formatted Rust source, via progenitor.

use super::SpecError;
use crate::settings::{Impl, Settings};
use progenitor::{GenerationSettings, Generator, InterfaceStyle, TagStyle, TypeImpl};
use serde_json::Value;

/// Settings for the `vvp::raw` clients: positional methods, one `Client` per document, and
/// `crate::raw::RawAuth` as the inner value (its `ClientHooks` impl adds the auth header);
/// the replacements of `ours`.
fn settings(ours: &Settings) -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Positional)
        .with_tag(TagStyle::Merged)
        .with_inner_type(quote_path("crate::raw::RawAuth"));
    for r in &ours.replacements {
        let impls = r.impls.iter().map(|i| match i {
            Impl::Default => TypeImpl::Default,
            Impl::Display => TypeImpl::Display,
            Impl::FromStr => TypeImpl::FromStr,
        });
        settings.with_replacement(r.definition_name(), &r.rust_type, impls);
    }
    for d in &ours.derives {
        settings.with_derive(d);
    }
    if let Some(map_type) = &ours.map_type {
        settings.with_map_type(map_type);
    }
    settings
}

fn quote_path(path: &str) -> proc_macro2::TokenStream {
    // A fixed, valid Rust path: parsing cannot fail.
    path.parse().unwrap_or_default()
}

/// Runs progenitor on a normalized document and formats the result.
pub fn generate(doc: &Value, ours: &Settings) -> Result<String, SpecError> {
    let spec: openapiv3::OpenAPI = serde_path_to_error::deserialize(doc).map_err(|e| {
        // serde's path stops at untagged enums (`ReferenceOr`): find the innermost part that
        // does not deserialize on its own.
        let (at, message) = locate(doc).unwrap_or_else(|| {
            (
                dotted_to_pointer(&e.path().to_string()),
                e.inner().to_string(),
            )
        });
        SpecError::at(
            at,
            format!("not a valid OpenAPI 3.0 document after normalization: {message}"),
        )
    })?;
    let result = std::panic::catch_unwind(|| {
        let mut generator = Generator::new(&settings(ours));
        generator.generate_tokens(&spec)
    });
    let tokens = match result {
        Ok(Ok(tokens)) => tokens,
        Ok(Err(e)) => return Err(SpecError::at("", format!("progenitor failed: {e}"))),
        Err(panic) => {
            let msg = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "unknown panic".to_owned());
            return Err(SpecError::at(
                "",
                format!("progenitor panicked (a normalizer step is missing): {msg}"),
            ));
        }
    };
    let mut file: syn::File = syn::parse2(tokens)
        .map_err(|e| SpecError::at("", format!("generated code does not parse: {e}")))?;
    if let Some(helpers) = &ours.serde_helpers {
        crate::shape::shape(&mut file, helpers, ours.optional_collections);
    }
    Ok(prettyplease::unparse(&file))
}

/// What the OpenAPI 3.0 object at some place of the document is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Schema,
    Parameter,
    RequestBody,
    Response,
    Header,
    MediaType,
    Operation,
    PathItem,
}

impl Part {
    /// `None` when `v` deserializes as this part, else the error (with serde's path inside).
    fn check(self, v: &Value) -> Option<String> {
        use openapiv3::{
            Header, MediaType, Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response,
            Schema,
        };
        fn check<T: serde::de::DeserializeOwned>(v: &Value) -> Option<String> {
            match serde_path_to_error::deserialize::<_, T>(v) {
                Ok(_) => None,
                Err(e) if e.path().to_string() == "." => Some(e.inner().to_string()),
                Err(e) => Some(format!("at `{}`: {}", e.path(), e.inner())),
            }
        }
        match self {
            Part::Schema => check::<ReferenceOr<Schema>>(v),
            Part::Parameter => check::<ReferenceOr<Parameter>>(v),
            Part::RequestBody => check::<ReferenceOr<RequestBody>>(v),
            Part::Response => check::<ReferenceOr<Response>>(v),
            Part::Header => check::<ReferenceOr<Header>>(v),
            Part::MediaType => check::<MediaType>(v),
            Part::Operation => check::<Operation>(v),
            Part::PathItem => check::<ReferenceOr<PathItem>>(v),
        }
    }

    /// The parts inside `v` that are checked on their own: (pointer suffix, value, part).
    fn children(self, v: &Value) -> Vec<(String, &Value, Part)> {
        let mut out = Vec::new();
        let mut map = |key: &str, part: Part| {
            for (name, child) in v.get(key).and_then(Value::as_object).into_iter().flatten() {
                out.push((format!("/{key}/{}", super::escape(name)), child, part));
            }
        };
        match self {
            Part::Schema => map("properties", Part::Schema),
            Part::RequestBody => map("content", Part::MediaType),
            Part::Response => {
                map("content", Part::MediaType);
                map("headers", Part::Header);
            }
            Part::Operation => map("responses", Part::Response),
            _ => {}
        }
        let mut one = |key: &str, part: Part| {
            if let Some(child) = v.get(key) {
                out.push((format!("/{key}"), child, part));
            }
        };
        match self {
            Part::Schema => {
                one("items", Part::Schema);
                one("additionalProperties", Part::Schema);
                one("not", Part::Schema);
            }
            Part::MediaType | Part::Parameter | Part::Header => one("schema", Part::Schema),
            Part::Operation => one("requestBody", Part::RequestBody),
            Part::PathItem => {
                for m in crate::validate::METHODS {
                    one(m, Part::Operation);
                }
            }
            _ => {}
        }
        let mut list = |key: &str, part: Part| {
            for (i, child) in v
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                out.push((format!("/{key}/{i}"), child, part));
            }
        };
        match self {
            Part::Schema => {
                list("allOf", Part::Schema);
                list("anyOf", Part::Schema);
                list("oneOf", Part::Schema);
            }
            Part::Operation | Part::PathItem => list("parameters", Part::Parameter),
            _ => {}
        }
        out
    }

    /// The innermost part below (or at) `at` that does not deserialize.
    fn locate(self, at: String, v: &Value) -> Option<(String, String)> {
        let message = self.check(v)?;
        self.children(v)
            .into_iter()
            .find_map(|(token, child, part)| part.locate(format!("{at}{token}"), child))
            .or(Some((at, message)))
    }
}

/// The innermost part of `doc` that does not deserialize as the OpenAPI 3.0 object expected
/// there: its pointer and the error.
fn locate(doc: &Value) -> Option<(String, String)> {
    let mut roots: Vec<(String, &Value, Part)> = Vec::new();
    for (p, v) in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        roots.push((format!("/paths/{}", super::escape(p)), v, Part::PathItem));
    }
    for (section, part) in [
        ("schemas", Part::Schema),
        ("parameters", Part::Parameter),
        ("requestBodies", Part::RequestBody),
        ("responses", Part::Response),
        ("headers", Part::Header),
    ] {
        let entries = doc
            .pointer(&format!("/components/{section}"))
            .and_then(Value::as_object);
        for (name, v) in entries.into_iter().flatten() {
            let at = format!("/components/{section}/{}", super::escape(name));
            roots.push((at, v, part));
        }
    }
    roots
        .into_iter()
        .find_map(|(at, v, part)| part.locate(at, v))
}

/// `paths./a.get.responses` -> `/paths/~1a/get/responses` (best effort, for messages).
fn dotted_to_pointer(path: &str) -> String {
    if path == "." {
        return String::new();
    }
    path.split('.')
        .map(|t| {
            format!(
                "/{}",
                super::escape(t.trim_start_matches('[').trim_end_matches(']'))
            )
        })
        .collect()
}
