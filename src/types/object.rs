//! The `resource_object!` macro: the object envelope every Application Manager kind shares.

/// Defines one Application Manager kind from its facts: the struct (the object envelope),
/// its constructors, and its [`Resource`](crate::resource::Resource) and verb marker impls.
///
/// The envelope is the same for every kind: `kind` and `apiVersion` (optional strings),
/// `metadata` and `spec` (not optional: a missing or `null` one reads as empty, an empty one
/// is omitted), `status` (optional, only for kinds that have one) and `extra` (unknown
/// fields, kept). Only the docs of `metadata`/`spec`/`status` and their types vary.
///
/// A constructor is written as its signature plus the fields it sets; it also sets `kind`
/// to the kind and `apiVersion` to `"v1"`, and leaves every other field empty.
///
/// ```text
/// resource_object! {
///     /// Docs of the kind.
///     pub struct Deployment {
///         kind: "Deployment",
///         path: "deployments",           // Resource::PATH
///         names: Dns,                    // Resource::NAME_SCHEME
///         addressing: NameOrId,          // Resource::ADDRESSING
///         verbs: [Gettable, Creatable],  // verb marker traits
///         name: |s| s.metadata.name.as_deref(),
///         /// Docs of `metadata`.
///         metadata: ObjectMeta,
///         /// Docs of `spec`.
///         spec: DeploymentSpec,
///         /// Docs of `status` (leave out for kinds without one).
///         status: DeploymentStatus,
///     }
///     /// Docs of the constructor.
///     pub fn new(name: impl Into<String>) { metadata: ObjectMeta::named(name) }
/// }
/// ```
macro_rules! resource_object {
    (
        $(#[$meta:meta])*
        pub struct $t:ident {
            kind: $kind:literal,
            path: $path:literal,
            names: $scheme:ident,
            addressing: $addr:ident,
            verbs: [$($verb:ident),* $(,)?],
            name: |$s:ident| $name:expr,
            $(#[$metadata_doc:meta])*
            metadata: $metadata:ty,
            $(#[$spec_doc:meta])*
            spec: $spec:ty,
            $(
                $(#[$status_doc:meta])*
                status: $status:ty,
            )?
        }
        $(
            $(#[$ctor_doc:meta])*
            pub fn $ctor:ident($($arg:ident: $arg_ty:ty),* $(,)?) {
                $($field:ident: $value:expr),* $(,)?
            }
        )*
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub struct $t {
            #[doc = concat!("`\"", $kind, "\"`.")]
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub kind: Option<String>,
            /// `"v1"`.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub api_version: Option<String>,
            $(#[$metadata_doc])*
            #[serde(
                default,
                deserialize_with = "crate::types::common::null_as_default",
                skip_serializing_if = "crate::types::common::is_default"
            )]
            pub metadata: $metadata,
            $(#[$spec_doc])*
            #[serde(
                default,
                deserialize_with = "crate::types::common::null_as_default",
                skip_serializing_if = "crate::types::common::is_default"
            )]
            pub spec: $spec,
            $(
                $(#[$status_doc])*
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub status: Option<$status>,
            )?
            /// Unknown fields, kept (see [`Extra`](crate::types::Extra)).
            #[serde(flatten)]
            pub extra: crate::types::Extra,
        }

        impl $t {
            $(
                $(#[$ctor_doc])*
                pub fn $ctor($($arg: $arg_ty),*) -> Self {
                    Self {
                        kind: Some($kind.to_owned()),
                        api_version: Some("v1".to_owned()),
                        $($field: $value,)*
                        ..Self::default()
                    }
                }
            )*
        }

        impl crate::resource::Resource for $t {
            const KIND: &'static str = $kind;
            const PATH: &'static str = $path;
            const NAME_SCHEME: crate::resource::NameScheme = crate::resource::NameScheme::$scheme;
            const ADDRESSING: crate::resource::Addressing = crate::resource::Addressing::$addr;
            fn name(&self) -> Option<&str> {
                let $s = self;
                $name
            }
        }
        $(impl crate::resource::$verb for $t {})*
    };
}

pub(crate) use resource_object;
