//! Know the server: its version, and where its API and this SDK disagree (feature `compat`).
//!
//! Every Ververica Platform server serves its own API documents: the Platform API at
//! `/swagger.json` and the Application Manager at `/api/swagger.json` (Swagger 2.0, written
//! by Springfox, up to VVP 2.10.1). VVP 2.10.2 moved to Springdoc, which writes OpenAPI 3.0
//! and by default serves it at `/v3/api-docs`; [`Client::compatibility`] therefore tries
//! [`PLATFORM_DOCUMENT_PATHS`] and [`APPMANAGER_DOCUMENT_PATHS`] in order, reads either
//! format, and compares what it finds with the specs this crate was generated from
//! (embedded in the binary). The Springdoc locations on a VVP server are not confirmed by a
//! public source: `/v3/api-docs` is Springdoc's default, `/api/v3/api-docs` the same under
//! the Application Manager's prefix.
//!
//! ```no_run
//! # async fn demo() -> Result<(), vvp::Error> {
//! let client = vvp::Client::from_env()?;
//! if let Some(version) = client.server_version().await? {
//!     println!("VVP {version}, tested: {}", version.is_tested());
//! }
//! let report = client.compatibility().await?;
//! print!("{report}");
//! for verb in report.unusable_operations() {
//!     eprintln!("will not work on this server: {verb}");
//! }
//! # Ok(()) }
//! ```
//!
//! The comparison needs no code generator: it uses the light part of `vvp-codegen`
//! (`default-features = false`: parsing and the Swagger 2.0 → OpenAPI 3.0 conversion, on
//! serde_json and serde_yaml), so progenitor and syn stay build-only.

mod compare;
mod version;

pub use version::{Version, VersionRange, TESTED_VERSIONS};

use std::fmt;

use serde_json::Value;

use crate::request::{Request, UrlPath};
use crate::{Client, Error, Result};

/// The crate's Application Manager spec (`specs/api/swagger.json`), as built into it.
pub const SDK_APPMANAGER_SPEC: &str = include_str!("../../specs/api/swagger.json");
/// The crate's Platform API spec (`specs/swagger.json`), as built into it.
pub const SDK_PLATFORM_SPEC: &str = include_str!("../../specs/swagger.json");

/// Where the Platform API's document is looked for, in this order.
pub const PLATFORM_DOCUMENT_PATHS: &[&str] = &["swagger.json", "v3/api-docs"];
/// Where the Application Manager's document is looked for, in this order.
pub const APPMANAGER_DOCUMENT_PATHS: &[&str] = &["api/swagger.json", "api/v3/api-docs"];

/// Which of the two APIs a document describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum ApiKind {
    /// The Application Manager (`/api/v1/...`).
    AppManager,
    /// The Platform API (namespaces, API tokens, SQL, catalogs, ...).
    Platform,
}

impl fmt::Display for ApiKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ApiKind::AppManager => "Application Manager API",
            ApiKind::Platform => "Platform API",
        })
    }
}

/// Which side of the comparison lacks something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Side {
    /// The server lacks it (the SDK has it).
    Server,
    /// The SDK lacks it (the server has it).
    Sdk,
}

/// An operation: method and path template as one document writes it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub struct Operation {
    /// Upper-case HTTP method.
    pub method: String,
    /// The path template, e.g. `/api/v1/namespaces/{namespace}/deployments`.
    pub path: String,
    /// The document's `operationId`. The SDK's name its verb: `listDeployments` is
    /// `client.deployments(ns).list()`, `getDeploymentWithCr` is `get_with_cr`.
    pub operation_id: Option<String>,
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)?;
        if let Some(id) = &self.operation_id {
            write!(f, " ({id})")?;
        }
        Ok(())
    }
}

/// One disagreement between the server's API and the SDK's.
///
/// `location` names the SDK's schema and the field inside it (`DeploymentSpec.state`), or
/// an operation and a query parameter (`GET /api/v1/namespaces/{namespace}/events ?jobId`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Difference {
    /// The SDK has the operation, the server does not: the SDK verbs using it fail.
    MissingOperation {
        /// The SDK's operation.
        operation: Operation,
    },
    /// The server has an operation the SDK lacks (reachable only with hand-written
    /// requests, e.g. [`Client::execute`]).
    ExtraOperation {
        /// The server's operation.
        operation: Operation,
    },
    /// A field or query parameter one side lacks.
    MissingField {
        /// Which side lacks it.
        side: Side,
        /// Where it is.
        location: String,
    },
    /// An enum value one side lacks. Values the SDK lacks are still read (the SDK's enums
    /// keep unknown values as `Other`); values the server lacks are rejected by it.
    MissingEnumValue {
        /// Which side lacks it.
        side: Side,
        /// The enum field.
        location: String,
        /// The value.
        value: String,
    },
    /// The field's type (or format) differs.
    TypeChange {
        /// The field.
        location: String,
        /// The SDK's type, e.g. `integer (int32)`.
        sdk: String,
        /// The server's type.
        server: String,
    },
}

/// The kind of a [`Difference`], for grouping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum DifferenceKind {
    /// [`Difference::MissingOperation`].
    MissingOperation,
    /// [`Difference::ExtraOperation`].
    ExtraOperation,
    /// [`Difference::MissingField`].
    MissingField,
    /// [`Difference::MissingEnumValue`].
    MissingEnumValue,
    /// [`Difference::TypeChange`].
    TypeChange,
}

impl DifferenceKind {
    const ALL: [DifferenceKind; 5] = [
        DifferenceKind::MissingOperation,
        DifferenceKind::ExtraOperation,
        DifferenceKind::MissingField,
        DifferenceKind::MissingEnumValue,
        DifferenceKind::TypeChange,
    ];

    fn heading(self) -> &'static str {
        match self {
            DifferenceKind::MissingOperation => {
                "Operations the server lacks (these SDK verbs will not work)"
            }
            DifferenceKind::ExtraOperation => "Operations the SDK lacks",
            DifferenceKind::MissingField => "Fields missing on one side",
            DifferenceKind::MissingEnumValue => "Enum values missing on one side",
            DifferenceKind::TypeChange => "Type changes",
        }
    }
}

impl Difference {
    /// Which kind of difference this is.
    pub fn kind(&self) -> DifferenceKind {
        match self {
            Difference::MissingOperation { .. } => DifferenceKind::MissingOperation,
            Difference::ExtraOperation { .. } => DifferenceKind::ExtraOperation,
            Difference::MissingField { .. } => DifferenceKind::MissingField,
            Difference::MissingEnumValue { .. } => DifferenceKind::MissingEnumValue,
            Difference::TypeChange { .. } => DifferenceKind::TypeChange,
        }
    }
}

fn lacks(side: Side) -> &'static str {
    match side {
        Side::Server => "server lacks",
        Side::Sdk => "SDK lacks",
    }
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Difference::MissingOperation { operation } => write!(f, "{operation}"),
            Difference::ExtraOperation { operation } => write!(f, "{operation}"),
            Difference::MissingField { side, location } => {
                write!(f, "{location} ({})", lacks(*side))
            }
            Difference::MissingEnumValue {
                side,
                location,
                value,
            } => write!(f, "{location}: {value} ({})", lacks(*side)),
            Difference::TypeChange {
                location,
                sdk,
                server,
            } => write!(f, "{location}: SDK {sdk}, server {server}"),
        }
    }
}

/// What was found for one API.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DocumentSource {
    /// Which API.
    pub api: ApiKind,
    /// The path the document was read from (`/api/swagger.json`); `None` when the server
    /// served none of the known paths (404): that API was not compared.
    pub path: Option<String>,
    /// `"2.0"` (Swagger) or the OpenAPI version (`"3.0.1"`), when found.
    pub spec_version: Option<String>,
}

/// A document of one API, if found: the path it was read from (if fetched) and its text.
type Fetched<'a> = Option<(Option<String>, &'a str)>;

/// Where the server's API and this SDK disagree; see the [module docs](self).
///
/// Empty ([`CompatibilityReport::is_empty`]) when both documents were found and match. Its
/// `Display` groups the differences by kind.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct CompatibilityReport {
    /// Which documents were compared.
    pub documents: Vec<DocumentSource>,
    /// The differences, sorted by kind, then location.
    pub differences: Vec<Difference>,
    /// SDK operations absent from the server's documents that servers are known to leave
    /// out of them (marked `x-vvp-undocumented` in `specs/`: the artifact storage API, the
    /// resource-usage report). Not differences; whether they work is not known from the
    /// documents.
    pub unchecked: Vec<Operation>,
}

impl CompatibilityReport {
    /// Compares server documents (Swagger 2.0 or OpenAPI 3.0, JSON or YAML text) with the
    /// SDK's specs, offline. `None` for an API whose document is not available (it is not
    /// compared). [`Client::compatibility`] fetches the documents and calls this.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] when a document cannot be read.
    pub fn from_documents(
        appmanager: Option<&str>,
        platform: Option<&str>,
    ) -> Result<CompatibilityReport> {
        let found = [
            (ApiKind::AppManager, appmanager.map(|t| (None, t))),
            (ApiKind::Platform, platform.map(|t| (None, t))),
        ];
        Self::build(found)
    }

    fn build(found: [(ApiKind, Fetched<'_>); 2]) -> Result<CompatibilityReport> {
        let mut sdk_docs = Vec::new();
        let mut server_docs = Vec::new();
        let mut documents = Vec::new();
        for (api, doc) in found {
            let Some((path, text)) = doc else {
                documents.push(DocumentSource {
                    api,
                    path: None,
                    spec_version: None,
                });
                continue;
            };
            let sdk_text = match api {
                ApiKind::AppManager => SDK_APPMANAGER_SPEC,
                ApiKind::Platform => SDK_PLATFORM_SPEC,
            };
            sdk_docs.push(read(sdk_text, "the SDK's spec")?);
            let original_version = spec_version(text);
            server_docs.push(read(
                text,
                path.as_deref().unwrap_or("the server's document"),
            )?);
            documents.push(DocumentSource {
                api,
                path: path.map(|p| format!("/{p}")),
                spec_version: original_version,
            });
        }
        let sdk: Vec<compare::Doc<'_>> =
            sdk_docs.iter().map(|v| compare::Doc { value: v }).collect();
        let server: Vec<compare::Doc<'_>> = server_docs
            .iter()
            .map(|v| compare::Doc { value: v })
            .collect();
        let (differences, unchecked) = compare::compare(&sdk, &server);
        let mut differences: Vec<Difference> = differences.into_iter().collect();
        differences.sort_by(|a, b| a.kind().cmp(&b.kind()).then_with(|| a.cmp(b)));
        Ok(CompatibilityReport {
            documents,
            differences,
            unchecked,
        })
    }

    /// No differences (in the documents that were found).
    pub fn is_empty(&self) -> bool {
        self.differences.is_empty()
    }

    /// The differences of one kind.
    pub fn of_kind(&self, kind: DifferenceKind) -> impl Iterator<Item = &Difference> {
        self.differences.iter().filter(move |d| d.kind() == kind)
    }

    /// The SDK operations the server lacks: the SDK verbs sending them will fail (404).
    pub fn unusable_operations(&self) -> Vec<&Operation> {
        self.differences
            .iter()
            .filter_map(|d| match d {
                Difference::MissingOperation { operation } => Some(operation),
                _ => None,
            })
            .collect()
    }

    /// The APIs whose document the server did not serve (not compared).
    pub fn missing_documents(&self) -> Vec<ApiKind> {
        self.documents
            .iter()
            .filter(|d| d.path.is_none())
            .map(|d| d.api)
            .collect()
    }
}

impl fmt::Display for CompatibilityReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.documents {
            match (&d.path, &d.spec_version) {
                (Some(p), v) => writeln!(
                    f,
                    "{}: {p} ({})",
                    d.api,
                    v.as_deref().map_or("unknown version".to_owned(), |v| {
                        if v.starts_with('2') {
                            format!("Swagger {v}")
                        } else {
                            format!("OpenAPI {v}")
                        }
                    })
                )?,
                (None, _) => writeln!(f, "{}: no document served, not compared", d.api)?,
            }
        }
        if !self.unchecked.is_empty() {
            writeln!(
                f,
                "Not in the server's documents, as usual (not checked) ({}):",
                self.unchecked.len()
            )?;
            for op in &self.unchecked {
                writeln!(f, "  {op}")?;
            }
        }
        if self.differences.is_empty() {
            return writeln!(f, "No differences: the server's API matches the SDK's.");
        }
        for kind in DifferenceKind::ALL {
            let items: Vec<&Difference> = self.of_kind(kind).collect();
            if items.is_empty() {
                continue;
            }
            writeln!(f, "{} ({}):", kind.heading(), items.len())?;
            for d in items {
                writeln!(f, "  {d}")?;
            }
        }
        Ok(())
    }
}

/// `swagger` or `openapi` of a document, read leniently for the report.
fn spec_version(text: &str) -> Option<String> {
    let v: Value = serde_yaml::from_str(text).ok()?;
    ["swagger", "openapi"].iter().find_map(|k| match v.get(k) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    })
}

fn read(text: &str, what: &str) -> Result<Value> {
    vvp_codegen::read_openapi3(text).map_err(|e| Error::Decode {
        status: None,
        path: if e.pointer.is_empty() {
            ".".to_owned()
        } else {
            e.pointer.clone()
        },
        source: format!("{what}: {}", e.message).into(),
    })
}

impl Client {
    /// Fetches the server's two API documents and compares them with the SDK's specs; see
    /// the [`compat`](crate::compat) module. An API whose document is at none of the known
    /// paths (all 404) is listed in [`CompatibilityReport::documents`] without a path and not
    /// compared.
    ///
    /// # Errors
    ///
    /// Transport errors, an error answer other than 404 (e.g. 401 without a token), or
    /// [`Error::Decode`] for a document that cannot be read.
    pub async fn compatibility(&self) -> Result<CompatibilityReport> {
        let appmanager = self.fetch_document(APPMANAGER_DOCUMENT_PATHS).await?;
        let platform = self.fetch_document(PLATFORM_DOCUMENT_PATHS).await?;
        let found = [
            (
                ApiKind::AppManager,
                appmanager
                    .as_ref()
                    .map(|(p, t)| (Some(p.to_string()), t.as_str())),
            ),
            (
                ApiKind::Platform,
                platform
                    .as_ref()
                    .map(|(p, t)| (Some(p.to_string()), t.as_str())),
            ),
        ];
        CompatibilityReport::build(found)
    }

    /// The server's version (`status.revisionInformation.buildVersion` of
    /// [`Client::system_info`]), `None` when it sends none or one that does not parse.
    ///
    /// # Errors
    ///
    /// As [`Client::system_info`].
    pub async fn server_version(&self) -> Result<Option<Version>> {
        let info = self.system_info().await?;
        let info = serde_json::to_value(&info).map_err(|e| Error::Encode {
            source: Box::new(e),
        })?;
        Ok(info
            .pointer("/status/revisionInformation/buildVersion")
            .and_then(Value::as_str)
            .and_then(Version::parse))
    }

    async fn fetch_document(
        &self,
        paths: &[&'static str],
    ) -> Result<Option<(&'static str, String)>> {
        for path in paths {
            let req = Request::get(UrlPath::new().lit(path))
                .accept("application/json, application/yaml;q=0.9, */*;q=0.1");
            match self.execute_raw(req).await {
                Ok(resp) => {
                    let text = String::from_utf8_lossy(&resp.body).into_owned();
                    // A web UI answering every path with its index page is not a document.
                    if spec_version(&text).is_some() {
                        return Ok(Some((path, text)));
                    }
                }
                Err(e) if e.is_not_found() => continue,
                Err(e) => return Err(e),
            }
        }
        Ok(None)
    }
}
