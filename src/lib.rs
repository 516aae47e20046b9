//! `vvp`: the Rust SDK for the Ververica Platform (VVP) Self-Managed 2.x REST API.
//!
//! Ververica Platform runs Apache Flink on Kubernetes. `vvp` drives it from CI/CD,
//! operators and tools: typed resources ([`types`]), one generic handle per kind
//! ([`Api<K>`]), errors you can match on ([`Error`]), merge patches ([`MergePatch`]), YAML
//! manifests ([`yaml`]) and the generated low-level clients as an escape hatch ([`raw`]).
//!
//! # Quickstart
//!
//! ```no_run
//! use vvp::{Client, ListParams, MergePatch};
//!
//! # async fn demo() -> Result<(), vvp::Error> {
//! // VVP_URL=https://vvp.example.com, VVP_TOKEN=<api token> (optional)
//! let client = Client::from_env()?;
//! let deployments = client.deployments("default");
//!
//! // Read.
//! for d in deployments.list_with(&ListParams::default().label_selector("team=data")).await? {
//!     println!("{:?}", d.metadata);
//! }
//! let maybe = deployments.get_opt("top-speed").await?;
//!
//! // Apply a manifest (create or replace by name).
//! let manifest = std::fs::read_to_string("deployment.yaml").unwrap_or_default();
//! let deployment: vvp::types::Deployment = vvp::yaml::from_str(&manifest)?;
//! deployments.upsert(&deployment).await?;
//!
//! // Cancel it.
//! let patch = MergePatch::new().set("/spec/state", "CANCELLED");
//! match deployments.patch("top-speed", &patch).await {
//!     Ok(_) => {}
//!     Err(e) if e.is_not_found() => println!("already gone"),
//!     Err(e) => return Err(e),
//! }
//! # Ok(()) }
//! ```
//!
//! # Handles and verbs
//!
//! [`Client`] hands out handles bound to a namespace: [`Client::deployments`],
//! [`Client::deployment_targets`], [`Client::deployment_defaults`], [`Client::events`],
//! [`Client::jobs`], [`Client::savepoints`], [`Client::secret_values`],
//! [`Client::session_clusters`]. A verb exists only where the server has it (see
//! [`Api`]); objects are addressed by [`Ref`] (a name, or a UUID id). Names are checked
//! against Ververica Platform's rules ([`Name`]) before anything is sent.
//!
//! # Helpers
//!
//! What pipelines otherwise write by hand: polling waits with combinable [`Condition`]s
//! ([`Api::wait_until`], [`Api::wait_for_state`] failing fast on `FAILED`, see [`wait`]),
//! deployment lifecycle ([`Api::set_state`], [`Api::cancel_and_delete`],
//! [`Api::take_savepoint`]), read-modify-write with only the difference sent
//! ([`Api::modify`]), a deployment's events as a stream ([`Api::follow`]), and GitOps-grade
//! `kubectl apply` for multi-document manifests: a plan with drift detection and dry run,
//! prune, wait with rollback ([`Client::plan`], [`Plan::apply`], [`Client::apply`]; see
//! [`plan`] and [`apply`]).
//!
//! # Errors
//!
//! Every call returns [`Result`]. Server answers keep their HTTP status
//! ([`Error::status`]) and are classified by [`Error::is_not_found`],
//! [`Error::is_conflict`], [`Error::is_unauthorized`], [`Error::is_forbidden`] and
//! [`Error::is_validation`]; see [`error`] for the error body shapes.
//!
//! # Retries and TLS
//!
//! Transient failures (connection errors, timeouts, 429, 502, 503, 504) of requests that
//! are safe to repeat are retried with backoff, and polling waits ride them out; a `POST`
//! is never repeated once it may have reached the server. See [`retry`] and
//! [`ClientBuilder::retry`]. TLS uses rustls; private CAs, client certificates and (for
//! test installations) invalid certificates are configured on the [`ClientBuilder`]
//! ([`ClientBuilder::add_root_certificate`], [`ClientBuilder::identity_pem`],
//! [`ClientBuilder::danger_accept_invalid_certs`]).
//!
//! # Formats
//!
//! JSON by default; [`ClientBuilder::format`] with [`BodyFormat::Yaml`] speaks YAML with the
//! Application Manager (`Content-Type`/`Accept: application/yaml`).
//!
//! # How the crate is layered
//!
//! Each layer uses only the ones before it (a test keeps it so): types, errors and formats
//! → request description and building (pure) → sending (retries, auth, timeouts, tracing;
//! [`Client`]) → handles ([`Api`], [`platform`]) → helpers ([`wait`], lifecycle, follow,
//! [`plan`], [`apply`]). The one kind trait ([`Resource`], for every kind of both APIs) and
//! its verb markers are sealed; for an endpoint without a handle, [`raw`] is
//! the one escape hatch.
//!
//! # Observability
//!
//! Each request runs in a `tracing` span `vvp.request` (method, path, status,
//! duration); every retry is an event with target `vvp::retry`. Tokens and bodies are
//! never logged.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod api;
pub mod apply;
mod client;
#[cfg(feature = "compat")]
pub mod compat;
pub mod error;
mod follow;
mod format;
mod lifecycle;
mod limits;
mod list;
mod modify;
mod name;
mod patch;
pub mod plan;
pub mod platform;
pub mod raw;
mod request;
mod resource;
pub mod retry;
pub mod savepoint_format;
mod send;
pub mod stop;
#[cfg(feature = "testing")]
pub mod testing;
pub mod types;
pub mod usage;
pub mod wait;
pub mod with_cr;
pub mod yaml;

pub use api::{Api, DeploymentDefaultsApi};
pub use apply::{Applied, AppliedObject, ApplyAction};
pub use client::{Client, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT};
pub use error::{Error, ErrorResponse, ErrorShape, FieldError, InvalidNameReason, Result};
pub use follow::FollowParams;
pub use format::BodyFormat;
pub use list::{List, ListParams};
pub use name::{Name, Ref};
pub use patch::MergePatch;
pub use plan::{
    ApplyFailure, ApplyParams, ApplyStage, Change, FieldChange, Plan, PlanAction, PlanParams,
    Rollback,
};
pub use resource::{
    Addressing, Answer, Creatable, Deletable, Filterable, Formats, Gettable, Listable, NameScheme,
    Patchable, Resource, Updatable, Upsertable,
};
pub use retry::RetryPolicy;
pub use savepoint_format::SavepointFormat;
pub use stop::{StopParams, DRAIN_ANNOTATION};
pub use types::Secret;
pub use types::{DeploymentWithCr, DeploymentWithCrList};
pub use usage::{ResourceUsage, ResourceUsageReport};
pub use wait::{await_condition, conditions, Condition, WaitParams};

/// Compiles the README's Rust examples as doctests, so they cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
