//! Applying manifests: [`Client::apply`] creates or updates every object of a (multi-document)
//! YAML or JSON manifest, like `kubectl apply` for Ververica Platform.
//!
//! ```no_run
//! # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
//! let manifest = std::fs::read_to_string("vvp.yaml").unwrap_or_default();
//! for applied in client.apply("default", &manifest).await? {
//!     println!("{applied}"); // e.g. "Deployment top-speed created"
//! }
//! # Ok(()) }
//! ```
//!
//! | `kind` | request | [`ApplyAction`] |
//! |---|---|---|
//! | `Deployment`, `DeploymentTarget`, `SessionCluster` | `PUT .../{PATH}/{name}` | `Created` (201) or `Replaced` (200) |
//! | `SecretValue` | `POST .../secret-values`; on 409 `PATCH .../secret-values/{name}` | `Created` or `Updated` |
//! | `DeploymentDefaults` | `PATCH .../deployment-defaults` | `Updated` |
//!
//! # What is sent
//!
//! - Every document is checked first: it must be an object with a supported `kind`, decode
//!   as that kind, carry a valid `metadata.name` (except DeploymentDefaults), name no other
//!   namespace in `metadata.namespace`, and not repeat an earlier document's kind and name.
//!   If any document fails, **nothing is sent**.
//! - Server-managed fields are removed: `status`, `metadata.id`, `metadata.createdAt`,
//!   `metadata.modifiedAt`, `metadata.resourceVersion` (so an exported object can be
//!   applied again). Everything else, unknown fields included, is sent as read.
//! - Objects are sent in dependency order, stable within a kind: SecretValue,
//!   DeploymentTarget, DeploymentDefaults, SessionCluster, Deployment. The result lists
//!   them in that order; [`Applied::index`] is the document's position in the manifest.
//! - Sending stops at the first error; the objects before it have been applied.
//! - A merge patch cannot remove fields: for SecretValue and DeploymentDefaults, fields
//!   missing from the manifest keep their server value.

use crate::api::Api;
use crate::client::Client;
use crate::error::{Error, InvalidNameReason, Result};
use crate::format::split_path_error;
use crate::name::{validate_namespace, Name};
use crate::patch::MergePatch;
use crate::request::RawResponse;
use crate::resource::{Resource, Upsertable};
use crate::types::{Deployment, DeploymentDefaults, DeploymentTarget, SecretValue, SessionCluster};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;
use std::fmt;

/// What [`Client::apply`] did with one object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApplyAction {
    /// It did not exist and was created (`PUT` answered 201, or `POST` succeeded).
    Created,
    /// It existed and was replaced as a whole (`PUT` answered 200).
    Replaced,
    /// It existed and was merge-patched (SecretValue, DeploymentDefaults).
    Updated,
}

impl fmt::Display for ApplyAction {
    /// `created`, `replaced` or `updated`.
    ///
    /// ```
    /// assert_eq!(vvp::ApplyAction::Replaced.to_string(), "replaced");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ApplyAction::Created => "created",
            ApplyAction::Replaced => "replaced",
            ApplyAction::Updated => "updated",
        })
    }
}

/// The object as the server answered, by kind.
///
/// ```
/// use vvp::AppliedObject;
/// use vvp::types::Deployment;
///
/// let obj = AppliedObject::Deployment(Box::new(Deployment::new("top-speed")));
/// assert!(matches!(obj, AppliedObject::Deployment(ref d) if d.metadata.name.as_deref() == Some("top-speed")));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum AppliedObject {
    /// A Deployment.
    Deployment(Box<Deployment>),
    /// A DeploymentTarget.
    DeploymentTarget(Box<DeploymentTarget>),
    /// A SessionCluster.
    SessionCluster(Box<SessionCluster>),
    /// A SecretValue (its value stays redacted in `Debug`).
    SecretValue(Box<SecretValue>),
    /// The namespace's DeploymentDefaults.
    DeploymentDefaults(Box<DeploymentDefaults>),
}

/// One applied document; see [`Client::apply`].
///
/// ```
/// # fn show(applied: &vvp::Applied) {
/// println!("{applied}"); // "Deployment top-speed created"
/// println!("document {} was {}", applied.index, applied.action);
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Applied {
    /// The document's position in the manifest (0-based, counting empty documents).
    pub index: usize,
    /// The kind, e.g. `"Deployment"`.
    pub kind: &'static str,
    /// `metadata.name` (`None` for DeploymentDefaults without a name).
    pub name: Option<String>,
    /// What was done.
    pub action: ApplyAction,
    /// The object as the server answered.
    pub object: AppliedObject,
}

impl fmt::Display for Applied {
    /// `<kind> <name> <action>`, e.g. `Deployment top-speed created`.
    ///
    /// ```
    /// # fn show(applied: &vvp::Applied) {
    /// eprintln!("{applied}");
    /// # }
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.name {
            Some(n) => write!(f, "{} {} {}", self.kind, n, self.action),
            None => write!(f, "{} {}", self.kind, self.action),
        }
    }
}

/// The kinds apply handles, in the order they are sent.
const KINDS: [&str; 5] = [
    "SecretValue",
    "DeploymentTarget",
    "DeploymentDefaults",
    "SessionCluster",
    "Deployment",
];

/// A checked document, ready to send.
enum Planned {
    SecretValue(SecretValue),
    DeploymentTarget(DeploymentTarget),
    DeploymentDefaults(DeploymentDefaults),
    SessionCluster(SessionCluster),
    Deployment(Deployment),
}

impl Planned {
    fn order(&self) -> usize {
        match self {
            Planned::SecretValue(_) => 0,
            Planned::DeploymentTarget(_) => 1,
            Planned::DeploymentDefaults(_) => 2,
            Planned::SessionCluster(_) => 3,
            Planned::Deployment(_) => 4,
        }
    }
}

fn manifest_error(path: String, message: String) -> Error {
    Error::Decode {
        status: None,
        path,
        source: message.into(),
    }
}

/// Remove the fields the server manages.
fn strip_server_fields(doc: &mut serde_json::Map<String, Value>) {
    doc.remove("status");
    if let Some(Value::Object(meta)) = doc.get_mut("metadata") {
        for key in ["id", "createdAt", "modifiedAt", "resourceVersion"] {
            meta.remove(key);
        }
    }
}

fn decode<K: DeserializeOwned>(index: usize, doc: Value) -> Result<K> {
    serde_path_to_error::deserialize(doc).map_err(|e| {
        let (path, source) = split_path_error(e);
        let path = if path == "." {
            format!("[{index}]")
        } else {
            format!("[{index}].{path}")
        };
        Error::Decode {
            status: None,
            path,
            source,
        }
    })
}

/// Decode a named kind and check its name.
fn named<K: Resource>(index: usize, doc: Value) -> Result<K> {
    let obj: K = decode(index, doc)?;
    match obj.name() {
        Some(name) => Name::validate(name, K::NAME_SCHEME, K::KIND)?,
        None => {
            return Err(Error::InvalidName {
                name: String::new(),
                kind: K::KIND,
                reason: InvalidNameReason::Missing,
            })
        }
    }
    Ok(obj)
}

/// Check one document (index `index`) for namespace `ns`.
fn plan(index: usize, doc: Value, ns: &str) -> Result<Planned> {
    let Value::Object(mut map) = doc else {
        return Err(manifest_error(
            format!("[{index}]"),
            format!("document [{index}] is not an object with a `kind`"),
        ));
    };
    let kind = match map.get("kind") {
        Some(Value::String(k)) => k.clone(),
        Some(_) => {
            return Err(manifest_error(
                format!("[{index}].kind"),
                format!("document [{index}]: `kind` is not a string"),
            ))
        }
        None => {
            return Err(manifest_error(
                format!("[{index}].kind"),
                format!("document [{index}] has no `kind`"),
            ))
        }
    };
    if !KINDS.contains(&kind.as_str()) {
        return Err(manifest_error(
            format!("[{index}].kind"),
            format!(
                "document [{index}] has kind {kind:?}, which apply does not handle \
                 (supported: {})",
                KINDS.join(", ")
            ),
        ));
    }
    match map.get("metadata").and_then(|m| m.get("namespace")) {
        None | Some(Value::Null) => {}
        Some(Value::String(doc_ns)) if doc_ns == ns => {}
        Some(other) => {
            return Err(manifest_error(
                format!("[{index}].metadata.namespace"),
                format!(
                    "document [{index}] ({kind}) belongs to namespace {other}, \
                     not to the namespace {ns:?} being applied to"
                ),
            ))
        }
    }
    strip_server_fields(&mut map);
    let doc = Value::Object(map);
    Ok(match kind.as_str() {
        "Deployment" => Planned::Deployment(named(index, doc)?),
        "DeploymentTarget" => Planned::DeploymentTarget(named(index, doc)?),
        "SessionCluster" => Planned::SessionCluster(named(index, doc)?),
        "SecretValue" => Planned::SecretValue(named(index, doc)?),
        _ => Planned::DeploymentDefaults(decode(index, doc)?),
    })
}

/// Every document of `manifest`, with its index among all documents.
fn documents(manifest: &str) -> Result<Vec<(usize, Value)>> {
    crate::format::check_yaml(manifest.as_bytes()).map_err(|source| Error::Decode {
        status: None,
        path: ".".into(),
        source,
    })?;
    let mut out = Vec::new();
    for (i, doc) in serde_yaml::Deserializer::from_str(manifest).enumerate() {
        let value = Value::deserialize(doc).map_err(|e| Error::Decode {
            status: None,
            path: format!("[{i}]"),
            source: Box::new(e),
        })?;
        if !value.is_null() {
            out.push((i, value));
        }
    }
    Ok(out)
}

fn upsert_action(resp: &RawResponse) -> ApplyAction {
    if resp.status == 201 {
        ApplyAction::Created
    } else {
        ApplyAction::Replaced
    }
}

async fn upsert<K: Upsertable>(api: Api<K>, obj: &K) -> Result<(ApplyAction, K)> {
    let resp = api.upsert_raw(obj).await?;
    if resp.is_empty() {
        return Err(Error::UnexpectedResponse {
            status: resp.status,
            content_type: resp.content_type,
            body_snippet: String::new(),
        });
    }
    Ok((upsert_action(&resp), resp.decode()?))
}

impl Client {
    /// Apply every object of a manifest (one or more `---`-separated YAML documents, or
    /// JSON) to namespace `namespace`; see the [module docs](crate::apply) for what is
    /// sent for which kind.
    ///
    /// ```no_run
    /// use vvp::ApplyAction;
    /// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
    /// let manifest = r#"
    /// kind: DeploymentTarget
    /// metadata: {name: k8s}
    /// spec: {kubernetes: {namespace: flink-jobs}}
    /// ---
    /// kind: Deployment
    /// metadata: {name: top-speed}
    /// spec:
    ///   state: RUNNING
    ///   deploymentTargetName: k8s
    ///   template: {spec: {artifact: {kind: JAR, jarUri: "https://repo/app.jar"}}}
    /// "#;
    /// let applied = client.apply("default", manifest).await?;
    /// let created = applied.iter().filter(|a| a.action == ApplyAction::Created).count();
    /// println!("{created} created, {} updated", applied.len() - created);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// Before anything is sent: [`Error::InvalidName`] for a bad namespace or an object
    /// name that is missing or breaks its kind's rule; [`Error::Decode`] whose path starts
    /// with the document index (`[1].kind` for an unsupported or missing kind,
    /// `[0].spec.state`, `[2].metadata.namespace` for another namespace,
    /// `[3].metadata.name` for a repeated object). While sending: the first request's
    /// error (earlier objects stay applied).
    pub async fn apply(&self, namespace: &str, manifest: &str) -> Result<Vec<Applied>> {
        validate_namespace(namespace)?;
        let mut planned = Vec::new();
        let mut seen: Vec<(usize, &'static str, Option<String>)> = Vec::new();
        for (index, doc) in documents(manifest)? {
            let p = plan(index, doc, namespace)?;
            let key = (kind_of(&p), name_of(&p));
            if let Some((first, _, _)) = seen.iter().find(|(_, k, n)| (*k, n.clone()) == key) {
                return Err(manifest_error(
                    format!("[{index}].metadata.name"),
                    format!(
                        "document [{index}] repeats {} {} of document [{first}]",
                        key.0,
                        key.1.as_deref().unwrap_or("(singleton)")
                    ),
                ));
            }
            seen.push((index, key.0, key.1));
            planned.push((index, p));
        }
        planned.sort_by_key(|(_, p)| p.order());

        let mut out = Vec::with_capacity(planned.len());
        for (index, p) in planned {
            let kind = kind_of(&p);
            let name = name_of(&p);
            let (action, object) = self.send_planned(namespace, p).await?;
            tracing::info!(kind, name = name.as_deref().unwrap_or(""), %action, "vvp.apply");
            out.push(Applied {
                index,
                kind,
                name,
                action,
                object,
            });
        }
        Ok(out)
    }

    async fn send_planned(&self, ns: &str, p: Planned) -> Result<(ApplyAction, AppliedObject)> {
        Ok(match p {
            Planned::Deployment(d) => {
                let (a, o) = upsert(self.deployments(ns), &d).await?;
                (a, AppliedObject::Deployment(Box::new(o)))
            }
            Planned::DeploymentTarget(t) => {
                let (a, o) = upsert(self.deployment_targets(ns), &t).await?;
                (a, AppliedObject::DeploymentTarget(Box::new(o)))
            }
            Planned::SessionCluster(s) => {
                let (a, o) = upsert(self.session_clusters(ns), &s).await?;
                (a, AppliedObject::SessionCluster(Box::new(o)))
            }
            Planned::SecretValue(s) => {
                let api = self.secret_values(ns);
                match api.create(&s).await {
                    Ok(o) => (
                        ApplyAction::Created,
                        AppliedObject::SecretValue(Box::new(o)),
                    ),
                    Err(e) if e.is_conflict() => {
                        // `named` checked that the name is there.
                        let name = s.metadata.name.clone().unwrap_or_default();
                        let o = api.patch(name, &MergePatch::from_serialize(&s)?).await?;
                        (
                            ApplyAction::Updated,
                            AppliedObject::SecretValue(Box::new(o)),
                        )
                    }
                    Err(e) => return Err(e),
                }
            }
            Planned::DeploymentDefaults(d) => {
                let o = self
                    .deployment_defaults(ns)
                    .patch(&MergePatch::from_serialize(&d)?)
                    .await?;
                (
                    ApplyAction::Updated,
                    AppliedObject::DeploymentDefaults(Box::new(o)),
                )
            }
        })
    }
}

fn kind_of(p: &Planned) -> &'static str {
    match p {
        Planned::Deployment(_) => Deployment::KIND,
        Planned::DeploymentTarget(_) => DeploymentTarget::KIND,
        Planned::SessionCluster(_) => SessionCluster::KIND,
        Planned::SecretValue(_) => SecretValue::KIND,
        Planned::DeploymentDefaults(_) => DeploymentDefaults::KIND,
    }
}

fn name_of(p: &Planned) -> Option<String> {
    match p {
        Planned::Deployment(d) => d.name(),
        Planned::DeploymentTarget(t) => t.name(),
        Planned::SessionCluster(s) => s.name(),
        Planned::SecretValue(s) => s.name(),
        Planned::DeploymentDefaults(d) => d.metadata.name.as_deref(),
    }
    .map(str::to_owned)
}
