//! Rules applied to the generated types after progenitor, so that they read the wire format
//! the way VVP servers write it. They are rules, not per-type patches: a definition added to
//! the spec gets them with no other edit.
//!
//! With [`Settings::serde_helpers`](crate::Settings) set to a module path `H` (in `vvp`:
//! `crate::types::wire`), every struct in the generated `types` module is rewritten:
//! - **envelopes**: a struct with `kind`, `api_version` and `metadata` fields is a
//!   Kubernetes-style object; its `metadata` and `spec` become plain (non-`Option`) fields
//!   that read a missing or `null` value as empty and are left out when empty
//!   (`H::null_as_default`, `H::is_default`);
//! - **lists and maps** (`Vec`, maps) are `Option`s with `optional_collections`, so that an
//!   absent list and an empty one stay apart on a round trip (`null` reads as absent), as a
//!   JSON merge patch and Jackson tell them apart; without it (proto3 JSON, where absent and
//!   empty are the same) they are plain and read `null` as empty (`H::null_as_default`,
//!   `H::string_map_or_empty`); string maps (`labels`,
//!   `annotations`, `flinkConfiguration`, ...) also take numbers and booleans as strings and
//!   drop keys whose value is `null` (`H::string_map`), as YAML writes `key:` with nothing
//!   after it;
//! - **optional strings** take numbers and booleans as strings (`H::lenient_string`), as the
//!   server's Jackson does (YAML `flinkVersion: 1.15` is a number).
//!
//! `H` must provide those four functions with serde's `deserialize_with` /
//! `skip_serializing_if` signatures.

use proc_macro2::TokenStream;
use syn::punctuated::Punctuated;
use syn::{parse_quote, Attribute, Field, Fields, Item, ItemStruct, Meta, Token, Type};

/// What a field's type is, as far as the rules care.
#[derive(Debug, PartialEq, Eq)]
enum FieldKind {
    OptionString,
    Option,
    Vec,
    StringMap,
    Map,
    Other,
}

fn last_segment(ty: &Type) -> Option<&syn::PathSegment> {
    match ty {
        Type::Path(p) => p.path.segments.last(),
        _ => None,
    }
}

fn generic_args(seg: &syn::PathSegment) -> Vec<&Type> {
    match &seg.arguments {
        syn::PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .filter_map(|a| match a {
                syn::GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn is_string(ty: &Type) -> bool {
    last_segment(ty).is_some_and(|s| s.ident == "String")
}

fn kind_of(ty: &Type) -> FieldKind {
    let Some(seg) = last_segment(ty) else {
        return FieldKind::Other;
    };
    let args = generic_args(seg);
    match seg.ident.to_string().as_str() {
        "Option" if args.first().is_some_and(|t| is_string(t)) => FieldKind::OptionString,
        "Option" => FieldKind::Option,
        "Vec" => FieldKind::Vec,
        "HashMap" | "BTreeMap" if args.len() == 2 && args.iter().all(|t| is_string(t)) => {
            FieldKind::StringMap
        }
        "HashMap" | "BTreeMap" => FieldKind::Map,
        _ => FieldKind::Other,
    }
}

/// The `T` of an `Option<T>`.
fn option_inner(ty: &Type) -> Option<Type> {
    let seg = last_segment(ty)?;
    if seg.ident != "Option" {
        return None;
    }
    generic_args(seg).first().map(|t| (*t).clone())
}

/// The comma-separated items of a field's `#[serde(...)]` attribute (empty if none).
fn serde_items(field: &Field) -> Vec<Meta> {
    field
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("serde"))
        .filter_map(|a| {
            a.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
                .ok()
        })
        .flatten()
        .collect()
}

fn item_name(m: &Meta) -> String {
    m.path()
        .get_ident()
        .map(ToString::to_string)
        .unwrap_or_default()
}

fn set_serde(field: &mut Field, items: Vec<Meta>) {
    field.attrs.retain(|a| !a.path().is_ident("serde"));
    if !items.is_empty() {
        let attr: Attribute = parse_quote!(#[serde(#(#items),*)]);
        field.attrs.push(attr);
    }
}

fn helper(helpers: &TokenStream, name: &str) -> String {
    format!("{}::{name}", helpers.to_string().replace(' ', ""))
}

/// Rewrites one field per the rules; `envelope_part` says it is an envelope's
/// `metadata`/`spec`.
fn shape_field(field: &mut Field, envelope_part: bool, helpers: &TokenStream, optional: bool) {
    let mut items = serde_items(field);
    if items.iter().any(|m| item_name(m) == "flatten") {
        return;
    }
    items.retain(|m| item_name(m) != "deserialize_with");
    let deserialize_with = |name: &str| -> Meta {
        let path = helper(helpers, name);
        parse_quote!(deserialize_with = #path)
    };
    let has_default = items.iter().any(|m| item_name(m) == "default");
    let add_default = |items: &mut Vec<Meta>| {
        if !has_default {
            items.push(parse_quote!(default));
        }
    };
    if envelope_part {
        if let Some(inner) = option_inner(&field.ty) {
            field.ty = inner;
            items.retain(|m| item_name(m) != "skip_serializing_if");
            add_default(&mut items);
            items.push(deserialize_with("null_as_default"));
            let skip = helper(helpers, "is_default");
            items.push(parse_quote!(skip_serializing_if = #skip));
            set_serde(field, items);
            return;
        }
    }
    match kind_of(&field.ty) {
        FieldKind::OptionString => {
            add_default(&mut items);
            items.push(deserialize_with("lenient_string"));
        }
        kind @ (FieldKind::Vec | FieldKind::StringMap | FieldKind::Map) if !optional => {
            // Absent reads as empty (and empty is not written).
            add_default(&mut items);
            items.push(deserialize_with(if kind == FieldKind::StringMap {
                "string_map_or_empty"
            } else {
                "null_as_default"
            }));
        }
        kind @ (FieldKind::Vec | FieldKind::StringMap | FieldKind::Map) => {
            // Absent and empty stay apart: `Option<Vec<T>>`, `Option<BTreeMap<..>>`.
            let ty = &field.ty;
            field.ty = parse_quote!(::std::option::Option<#ty>);
            items.retain(|m| item_name(m) != "skip_serializing_if" && item_name(m) != "default");
            items.push(parse_quote!(default));
            if kind == FieldKind::StringMap {
                items.push(deserialize_with("string_map"));
            }
            items.push(parse_quote!(
                skip_serializing_if = "::std::option::Option::is_none"
            ));
        }
        FieldKind::Option | FieldKind::Other => return,
    }
    set_serde(field, items);
}

fn field_names(s: &ItemStruct) -> Vec<String> {
    s.fields
        .iter()
        .filter_map(|f| f.ident.as_ref().map(ToString::to_string))
        .collect()
}

fn shape_struct(s: &mut ItemStruct, helpers: &TokenStream, optional: bool) {
    let names = field_names(s);
    let envelope = ["kind", "api_version", "metadata"]
        .iter()
        .all(|n| names.iter().any(|f| f == n));
    if let Fields::Named(fields) = &mut s.fields {
        for field in &mut fields.named {
            let name = field
                .ident
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default();
            let part = envelope && (name == "metadata" || name == "spec");
            shape_field(field, part, helpers, optional);
        }
    }
}

/// Applies the rules to every struct of the generated `types` module (see the module docs).
/// `optional_collections` makes lists and maps `Option`s (see
/// [`Settings::optional_collections`](crate::Settings::optional_collections)).
pub fn shape(file: &mut syn::File, helpers: &str, optional_collections: bool) {
    let helpers: TokenStream = helpers.parse().unwrap_or_default();
    for item in &mut file.items {
        if let Item::Mod(m) = item {
            if m.ident != "types" {
                continue;
            }
            for item in m.content.iter_mut().flat_map(|(_, items)| items.iter_mut()) {
                if let Item::Struct(s) = item {
                    shape_struct(s, &helpers, optional_collections);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    fn field_tokens(field: &Field) -> String {
        field.to_token_stream().to_string()
    }

    fn shaped(code: &str) -> Vec<String> {
        shaped_with(code, true)
    }

    fn shaped_with(code: &str, optional: bool) -> Vec<String> {
        let mut file: syn::File = syn::parse_str(code).unwrap();
        shape(&mut file, "crate::wire", optional);
        let Item::Mod(m) = &file.items[0] else {
            panic!()
        };
        let Item::Struct(s) = &m.content.as_ref().unwrap().1[0] else {
            panic!()
        };
        s.fields.iter().map(field_tokens).collect()
    }

    #[test]
    fn envelope_metadata_and_spec_become_plain_fields() {
        let fields = shaped(
            r#"mod types { struct D {
                #[serde(rename = "apiVersion", skip_serializing_if = "Option::is_none")]
                pub api_version: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")] pub kind: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")] pub metadata: Option<M>,
                #[serde(skip_serializing_if = "Option::is_none")] pub spec: Option<S>,
                #[serde(skip_serializing_if = "Option::is_none")] pub status: Option<T>,
                #[serde(flatten)] pub extra: Map<String, Value>,
            } }"#,
        );
        assert!(fields[2].contains("pub metadata : M"), "{}", fields[2]);
        assert!(
            fields[2].contains("deserialize_with = \"crate::wire::null_as_default\""),
            "{}",
            fields[2]
        );
        assert!(fields[2].contains("skip_serializing_if = \"crate::wire::is_default\""));
        assert!(fields[3].contains("pub spec : S"), "{}", fields[3]);
        assert!(
            fields[4].contains("pub status : Option < T >"),
            "{}",
            fields[4]
        );
        assert!(fields[0].contains("lenient_string"), "{}", fields[0]);
        assert!(!fields[5].contains("deserialize_with"), "{}", fields[5]);
    }

    #[test]
    fn lists_and_maps_become_options() {
        let fields = shaped(
            r#"mod types { struct L {
                #[serde(default, skip_serializing_if = "Vec::is_empty")] pub items: Vec<X>,
                #[serde(default)] pub labels: BTreeMap<String, String>,
                #[serde(default)] pub byname: BTreeMap<String, X>,
                #[serde(skip_serializing_if = "Option::is_none")] pub n: Option<i32>,
                #[serde(skip_serializing_if = "Option::is_none")] pub metadata: Option<M>,
            } }"#,
        );
        assert!(fields[0].contains("pub items : :: std :: option :: Option < Vec < X > >"));
        assert!(fields[0].contains(r#"skip_serializing_if = "::std::option::Option::is_none""#));
        assert!(!fields[0].contains("Vec::is_empty"), "{}", fields[0]);
        assert!(
            fields[1].contains("crate::wire::string_map"),
            "{}",
            fields[1]
        );
        assert!(fields[1].contains("Option < BTreeMap < String , String > >"));
        assert!(fields[2].contains("Option < BTreeMap < String , X > >"));
        assert!(!fields[3].contains("deserialize_with"), "{}", fields[3]);
        // Not an envelope (no kind/apiVersion): metadata stays optional.
        assert!(fields[4].contains("Option < M >"), "{}", fields[4]);
    }

    #[test]
    fn without_optional_collections_lists_and_maps_read_null_as_empty() {
        let fields = shaped_with(
            r#"mod types { struct L {
                #[serde(default, skip_serializing_if = "Vec::is_empty")] pub items: Vec<X>,
                #[serde(default)] pub labels: BTreeMap<String, String>,
            } }"#,
            false,
        );
        assert!(fields[0].contains("pub items : Vec < X >"), "{}", fields[0]);
        assert!(
            fields[0].contains("crate::wire::null_as_default"),
            "{}",
            fields[0]
        );
        assert!(fields[0].contains("Vec::is_empty"), "{}", fields[0]);
        assert!(
            fields[1].contains("crate::wire::string_map_or_empty"),
            "{}",
            fields[1]
        );
    }
}
