//! Generates the raw clients (`vvp::raw::{appmanager, platform}`) from the project's specs.
//!
//! specs/*.json (Swagger 2.0 or OpenAPI 3.0, JSON or YAML) -> `vvp-codegen` (the workspace
//! crate in `codegen/`: convert, normalize, progenitor) -> `OUT_DIR/{appmanager,platform}.rs`.
//! Next to each it writes the normalized document (`*.openapi.json`) and what the normalizer
//! changed (`*.normalize.txt`). A bad spec fails the build naming the file and the JSON
//! pointer.
//!
//! Re-runs only when `specs/` or this file changes; a change to the codegen crate rebuilds
//! this script (it is a build-dependency), which re-runs it.

use std::path::PathBuf;
use vvp_codegen::{Impl, Replacement, Settings};

/// (spec file, generated module name)
const SPECS: &[(&str, &str)] = &[
    ("specs/api/swagger.json", "appmanager"),
    ("specs/swagger.json", "platform"),
];

/// The one place where the raw types depart from what a generator makes of the specs: every
/// schema replaced by a hand-written type, per generated module. A schema is a definition
/// (`LifecyclePhase`) or a property inside one (`DeploymentSpec.state`). String enums become
/// the crate's open enums (unknown values kept as `Other`), secrets become `Secret` (`Debug`
/// prints `<redacted>`). Every struct also keeps unknown fields (`Settings::keep_unknown_fields`).
const REPLACEMENTS: &[(&str, &str, &str)] = &[
    // Polymorphic by `kind`: one variant per kind (the generated `JarArtifact`, ...), unknown
    // kinds kept whole.
    ("appmanager", "Artifact", "crate::types::Artifact"),
    // A number or a string (`1`, `"0.5"`, `"1g"`), kept as sent.
    ("appmanager", "ResourceSpec.cpu", "crate::types::Quantity"),
    (
        "appmanager",
        "ResourceSpec.memory",
        "crate::types::Quantity",
    ),
    (
        "appmanager",
        "DeploymentCondition.type",
        "crate::types::DeploymentConditionType",
    ),
    (
        "appmanager",
        "DeploymentCondition.status",
        "crate::types::ConditionStatus",
    ),
    (
        "appmanager",
        "DeploymentSpec.state",
        "crate::types::DeploymentState",
    ),
    (
        "appmanager",
        "DeploymentStatus.state",
        "crate::types::DeploymentState",
    ),
    (
        "appmanager",
        "EventMetadata.name",
        "crate::types::EventName",
    ),
    ("appmanager", "JobStatus.state", "crate::types::JobState"),
    (
        "appmanager",
        "JobStatusStarted.observedFlinkJobStatus",
        "crate::types::FlinkJobStatus",
    ),
    (
        "appmanager",
        "ResourceQuotaSpec.type",
        "crate::types::ResourceQuotaType",
    ),
    (
        "appmanager",
        "RestoreStrategy.kind",
        "crate::types::RestoreStrategyKind",
    ),
    (
        "appmanager",
        "SavepointMetadata.origin",
        "crate::types::SavepointOrigin",
    ),
    (
        "appmanager",
        "SavepointMetadata.type",
        "crate::types::SavepointType",
    ),
    (
        "appmanager",
        "SavepointStatus.state",
        "crate::types::SavepointState",
    ),
    (
        "appmanager",
        "SecretValueSpec.kind",
        "crate::types::SecretValueKind",
    ),
    ("appmanager", "SecretValueSpec.value", "crate::Secret"),
    (
        "appmanager",
        "SessionClusterSpec.state",
        "crate::types::SessionClusterState",
    ),
    (
        "appmanager",
        "SessionClusterStatus.state",
        "crate::types::SessionClusterState",
    ),
    (
        "appmanager",
        "UpgradeStrategy.kind",
        "crate::types::UpgradeStrategyKind",
    ),
    ("platform", "ApiToken.secret", "crate::Secret"),
    (
        "platform",
        "AutopilotMode",
        "crate::platform::types::AutopilotMode",
    ),
    (
        "platform",
        "ConstraintType",
        "crate::platform::types::ConstraintType",
    ),
    (
        "platform",
        "FunctionLanguage",
        "crate::platform::types::FunctionLanguage",
    ),
    (
        "platform",
        "FunctionType",
        "crate::platform::types::FunctionType",
    ),
    ("platform", "HintType", "crate::platform::types::HintType"),
    (
        "platform",
        "JobGraphState",
        "crate::platform::types::JobGraphState",
    ),
    (
        "platform",
        "LifecyclePhase",
        "crate::platform::types::LifecyclePhase",
    ),
    (
        "platform",
        "PolicyStatus",
        "crate::platform::types::PolicyStatus",
    ),
    ("platform", "Role", "crate::platform::types::Role"),
    (
        "platform",
        "StatementResult",
        "crate::platform::types::StatementResult",
    ),
    ("platform", "UdfType", "crate::platform::types::UdfType"),
    (
        "platform",
        "ValidationResult",
        "crate::platform::types::ValidationResult",
    ),
];

fn settings(module: &str) -> Settings {
    REPLACEMENTS.iter().filter(|(m, _, _)| *m == module).fold(
        Settings::default()
            .keep_unknown_fields(true)
            // Types compare and start empty, like the hand-written values users build.
            .derive("PartialEq")
            .derive("Default")
            // Ordered maps: stable output, diffs and plans that do not reorder.
            .map_type("::std::collections::BTreeMap")
            // The wire rules of `vvp_codegen::shape`: envelope metadata/spec are plain
            // fields, `null` lists and maps read as empty, string maps and strings take
            // numbers and booleans.
            .serde_helpers("crate::types::wire")
            // The Application Manager (Jackson, JSON merge patch) tells an absent list from
            // an empty one, so lists and maps are `Option`s there; the Platform API speaks
            // proto3 JSON, where both are the same, so they are plain values.
            .optional_collections(module == "appmanager"),
        |s, (_, schema, ty)| {
            // Open enums print and parse as their wire value; `Secret` has a `Default` (and
            // a redacting `Display`, which generated code must not rely on).
            let impls: &[Impl] = if *ty == "crate::Secret" {
                &[Impl::Default]
            } else {
                &[Impl::Display, Impl::FromStr]
            };
            s.replace(Replacement::new(*schema, *ty, impls))
        },
    )
}

fn fail(message: impl std::fmt::Display) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1);
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    // A directory: cargo re-runs when any file below it changes (or one is added).
    println!("cargo:rerun-if-changed=specs");
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out_dir = match std::env::var_os("OUT_DIR") {
        Some(d) => PathBuf::from(d),
        None => fail("OUT_DIR is not set (build.rs must run under cargo)"),
    };
    for (spec, module) in SPECS {
        let generated =
            vvp_codegen::generate_file_with(&manifest.join(spec), spec, &settings(module))
                .unwrap_or_else(|e| fail(e));
        let write = |name: String, text: &str| {
            let path = out_dir.join(name);
            if let Err(e) = std::fs::write(&path, text) {
                fail(format!("{}: {e}", path.display()));
            }
        };
        write(format!("{module}.rs"), &generated.code);
        write(format!("{module}.openapi.json"), &generated.openapi);
        let mut report = generated.report.entries.join("\n");
        report.push('\n');
        write(format!("{module}.normalize.txt"), &report);
    }
}
