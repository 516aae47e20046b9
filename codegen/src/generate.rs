//! The normalized OpenAPI 3.0 document -> formatted Rust source, via progenitor.

use super::SpecError;
use progenitor::{GenerationSettings, Generator, InterfaceStyle, TagStyle};
use serde_json::Value;

/// Settings for the `vvp::raw` clients: positional methods, one `Client` per document, and
/// `crate::raw::RawAuth` as the inner value (its `ClientHooks` impl adds the auth header).
fn settings() -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Positional)
        .with_tag(TagStyle::Merged)
        .with_inner_type(quote_path("crate::raw::RawAuth"));
    settings
}

fn quote_path(path: &str) -> proc_macro2::TokenStream {
    // A fixed, valid Rust path: parsing cannot fail.
    path.parse().unwrap_or_default()
}

/// Runs progenitor on a normalized document and formats the result.
pub fn generate(doc: &Value) -> Result<String, SpecError> {
    let spec: openapiv3::OpenAPI = serde_path_to_error::deserialize(doc).map_err(|e| {
        SpecError::at(
            dotted_to_pointer(&e.path().to_string()),
            format!(
                "not a valid OpenAPI 3.0 document after normalization: {}",
                e.inner()
            ),
        )
    })?;
    let result = std::panic::catch_unwind(|| {
        let mut generator = Generator::new(&settings());
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
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| SpecError::at("", format!("generated code does not parse: {e}")))?;
    Ok(prettyplease::unparse(&file))
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
