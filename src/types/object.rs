//! The `resource!` macro: the per-kind facts of an Application Manager kind, as impls on its
//! generated type.

/// Declares one Application Manager kind's facts on its generated type: the
/// [`Resource`](crate::resource::Resource) impl, its verb markers, and `object()`, an empty
/// object with `kind` and `apiVersion` set (what constructors start from).
///
/// ```text
/// resource! {
///     Deployment {
///         kind: "Deployment",
///         path: "deployments",           // Resource::PATH
///         names: Dns,                    // Resource::NAME_SCHEME
///         addressing: NameOrId,          // Resource::ADDRESSING
///         verbs: [Gettable, Creatable],  // verb marker traits
///         name: |s| s.metadata.name.as_deref(),
///     }
/// }
/// ```
macro_rules! resource {
    (
        $t:ident {
            kind: $kind:literal,
            path: $path:literal,
            names: $scheme:ident,
            addressing: $addr:ident,
            verbs: [$($verb:ident),* $(,)?],
            name: |$s:ident| $name:expr $(,)?
        }
    ) => {
        impl $t {
            /// An empty object with `kind` and `apiVersion` (`v1`) set.
            #[allow(dead_code)]
            pub(crate) fn object() -> Self {
                Self {
                    kind: Some($kind.to_owned()),
                    api_version: Some("v1".to_owned()),
                    ..Self::default()
                }
            }
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

pub(crate) use resource;
