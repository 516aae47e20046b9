//! Build-time code generation for `vvp`: VVP spec documents -> typed progenitor clients.
//!
//! `vvp`'s `build.rs` calls [`generate_file`] for each document under `specs/` (this crate is
//! its build-dependency, never a runtime dependency). The repairs are ordinary functions with
//! unit tests; `tests/` runs the whole pipeline over fixtures and the reference documents.
//!
//! Pipeline ([`generate_file`]):
//! 1. [`parse`]: read JSON or YAML (detected from the first character), with line info on
//!    syntax errors;
//! 2. [`validate`]: reject what no repair can fix (unsupported version, missing `$ref`
//!    targets, duplicate operation ids, non-object parts), naming the JSON pointer; before the
//!    `$ref` check, [`refs`] points `$ref`s that spell a Java class name differently from the
//!    definition's key (fully-qualified vs simple) at that definition;
//! 3. [`convert`]: Swagger 2.0 -> OpenAPI 3.0 (OpenAPI 3.0 input passes through);
//! 4. [`steps`]: small named repairs for what progenitor cannot take (see [`steps::STEPS`]);
//! 5. [`settings`]: what the caller asked for (structs that keep unknown fields, schemas
//!    replaced by hand-written types);
//! 6. [`generate`]: progenitor + `syn` + `prettyplease` (feature `generate`, on by default),
//!    with the rules of [`shape`] applied to the generated types when
//!    [`Settings::serde_helpers`] is set.
//!
//! Without the `generate` feature the crate is light (serde_json and serde_yaml only):
//! steps 1-5 and [`read_openapi3`], which `vvp`'s `compat` feature uses to read the
//! documents a server serves.

pub mod convert;
#[cfg(feature = "generate")]
pub mod generate;
pub mod parse;
pub mod refs;
pub mod settings;
#[cfg(feature = "generate")]
pub mod shape;
pub mod steps;
pub mod validate;

pub use settings::{Impl, Replacement, Settings};

use serde_json::Value;
use std::fmt;
#[cfg(feature = "generate")]
use std::path::Path;

/// A spec problem: which file, where in it (a JSON pointer), and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    /// The file as the user should see it (e.g. `specs/api/swagger.json`).
    pub file: String,
    /// JSON pointer (RFC 6901) into the document; empty for the whole document.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

impl SpecError {
    /// A problem at `pointer`; the file is filled in by [`generate_file`].
    pub fn at(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        SpecError {
            file: String::new(),
            pointer: pointer.into(),
            message: message.into(),
        }
    }

    #[cfg(feature = "generate")]
    fn in_file(mut self, file: &str) -> Self {
        file.clone_into(&mut self.file);
        self
    }
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "(document root)"
        } else {
            &self.pointer
        };
        write!(f, "{}: {}: {}", self.file, pointer, self.message)
    }
}

impl std::error::Error for SpecError {}

/// What the normalizer changed, one line per repair: `step: pointer: what`.
#[derive(Debug, Default, Clone)]
pub struct Report {
    /// The repairs in the order they were made.
    pub entries: Vec<String>,
}

impl Report {
    /// Records one repair made by `step` at `pointer`.
    pub fn note(&mut self, step: &str, pointer: &str, what: impl fmt::Display) {
        self.entries.push(format!("{step}: {pointer}: {what}"));
    }
}

/// Escapes one JSON pointer token (RFC 6901: `~` -> `~0`, `/` -> `~1`).
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Builds a JSON pointer from raw (unescaped) tokens.
pub fn pointer<S: AsRef<str>>(tokens: &[S]) -> String {
    tokens
        .iter()
        .map(|t| format!("/{}", escape(t.as_ref())))
        .collect()
}

/// The result of generating one document.
#[cfg(feature = "generate")]
#[derive(Debug)]
pub struct Generated {
    /// Formatted Rust source of the client module.
    pub code: String,
    /// The normalized OpenAPI 3.0 document that was fed to progenitor (pretty JSON).
    pub openapi: String,
    /// What the normalizer changed.
    pub report: Report,
}

#[cfg(feature = "generate")]
/// Reads, validates, converts, normalizes and generates one spec document with the default
/// [`Settings`].
///
/// `label` is how errors name the file (e.g. `specs/api/swagger.json`).
pub fn generate_file(path: &Path, label: &str) -> Result<Generated, SpecError> {
    generate_file_with(path, label, &Settings::default())
}

#[cfg(feature = "generate")]
/// [`generate_file`] with [`Settings`] (unknown fields kept, hand-written replacements).
pub fn generate_file_with(
    path: &Path,
    label: &str,
    settings: &Settings,
) -> Result<Generated, SpecError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| SpecError::at("", format!("cannot read file: {e}")).in_file(label))?;
    generate_text_with(&text, settings).map_err(|e| e.in_file(label))
}

#[cfg(feature = "generate")]
/// Like [`generate_file`] for a document already in memory (errors carry no file name).
pub fn generate_text(text: &str) -> Result<Generated, SpecError> {
    generate_text_with(text, &Settings::default())
}

#[cfg(feature = "generate")]
/// Like [`generate_file_with`] for a document already in memory.
pub fn generate_text_with(text: &str, settings: &Settings) -> Result<Generated, SpecError> {
    let (doc, report) = normalize_text_with(text, settings)?;
    let openapi = serde_json::to_string_pretty(&doc)
        .map_err(|e| SpecError::at("", format!("cannot serialize normalized document: {e}")))?;
    let code = generate::generate(&doc, settings)?;
    Ok(Generated {
        code,
        openapi,
        report,
    })
}

/// A document as a server serves it, read for comparison rather than generation: parse
/// (JSON or YAML), point `$ref`s that spell a Java class name differently at their
/// definition, and convert Swagger 2.0 to OpenAPI 3.0 (OpenAPI 3.0 passes through). No
/// checks that reject a document and no repairs, so what the server declares is kept as it
/// is. Available without the `generate` feature (used by `vvp`'s `compat` feature).
///
/// # Errors
///
/// A document that is not JSON/YAML, not an object, or that the conversion cannot read.
pub fn read_openapi3(text: &str) -> Result<Value, SpecError> {
    let mut doc = parse::parse_document(text)?;
    validate::check_version(&doc)?;
    let mut report = Report::default();
    refs::resolve_qualified_refs(&mut doc, &mut report)?;
    convert::to_openapi3(&mut doc)?;
    Ok(doc)
}

/// Every step before progenitor, with the default [`Settings`]: parse, check, convert to
/// OpenAPI 3.0 and repair. Returns the normalized document and what was changed.
pub fn normalize_text(text: &str) -> Result<(Value, Report), SpecError> {
    normalize_text_with(text, &Settings::default())
}

/// [`normalize_text`], then the steps `settings` ask for.
pub fn normalize_text_with(text: &str, settings: &Settings) -> Result<(Value, Report), SpecError> {
    let mut doc = parse::parse_document(text)?;
    let mut report = Report::default();
    validate::check_version(&doc)?;
    validate::check_structure(&doc)?;
    validate::check_operation_ids(&doc)?;
    refs::resolve_qualified_refs(&mut doc, &mut report)?;
    validate::check_refs(&doc)?;
    convert::to_openapi3(&mut doc)?;
    steps::normalize(&mut doc, &mut report)?;
    settings.apply(&mut doc, &mut report)?;
    // The repairs must not have broken references; a failure here is a normalizer bug.
    validate::check_refs(&doc)
        .map_err(|e| SpecError::at(e.pointer, format!("after normalization: {}", e.message)))?;
    Ok((doc, report))
}

/// The JSON type name of a value, for messages.
pub fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
