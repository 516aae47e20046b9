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

        impl crate::resource::sealed::Sealed for $t {}
        impl crate::resource::Resource for $t {
            const KIND: &'static str = $kind;
            const PREFIX: &'static str = "api/v1/namespaces";
            const PATH: &'static str = $path;
            const NAME_SCHEME: crate::resource::NameScheme = crate::resource::NameScheme::$scheme;
            const ADDRESSING: crate::resource::Addressing = crate::resource::Addressing::$addr;
            const QUALIFIED_NAMES: bool = false;
            const FORMATS: crate::resource::Formats = crate::resource::Formats::JsonAndYaml;
            type One = $t;
            type Many = crate::list::List<$t>;
            type Settings = ();
            fn name(&self) -> Option<&str> {
                let $s = self;
                $name
            }
        }
        /// The object answers itself; an answer without a body is read back by name.
        impl crate::resource::Answer<$t> for $t {
            type Output = $t;
            const READS_BACK: bool = true;
            fn into_output(self) -> $t {
                self
            }
            fn from_object(obj: $t) -> Option<$t> {
                Some(obj)
            }
        }
        impl crate::resource::Filterable for $t {}
        impl crate::resource::Listable for $t {}
        $(crate::types::object::verb!($verb, $t);)*
    };
}

/// One Application Manager verb marker: `create` answers the object, `delete` nothing.
macro_rules! verb {
    (Creatable, $t:ident) => {
        impl crate::resource::Creatable for $t {
            type Created = $t;
        }
    };
    (Deletable, $t:ident) => {
        impl crate::resource::Deletable for $t {
            type Deleted = ();
        }
    };
    ($verb:ident, $t:ident) => {
        impl crate::resource::$verb for $t {}
    };
}

pub(crate) use resource;
pub(crate) use verb;
