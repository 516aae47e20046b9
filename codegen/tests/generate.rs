//! The whole pipeline (`generate_file`, what `vvp`'s `build.rs` runs) over vvp's own specs,
//! the reference documents of real servers, and fixtures of every accepted shape and of
//! broken documents.

use std::path::{Path, PathBuf};
use vvp_codegen as codegen;

/// This crate's directory (`codegen/`): fixtures are under `tests/fixtures/`.
fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `vvp` repository root (the workspace root, holding `specs/`).
fn repo_root() -> PathBuf {
    manifest_dir().join("..")
}

/// `$VVP_SHARED_DIR/reference/specs` (default: `../shared` beside the repository), or `None`
/// (test skipped) when absent. With `VVP_REQUIRE_SHARED=1` (CI) its absence fails the test.
fn reference_specs() -> Option<PathBuf> {
    let shared = std::env::var_os("VVP_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("../shared"));
    let specs = shared.join("reference/specs");
    if !specs.is_dir() {
        assert!(
            std::env::var("VVP_REQUIRE_SHARED").as_deref() != Ok("1"),
            "{} not found but VVP_REQUIRE_SHARED=1",
            specs.display()
        );
        eprintln!("skipping: {} not found", specs.display());
        return None;
    }
    Some(specs)
}

/// Generates `path`, checks the output is Rust and the normalized document is OpenAPI 3.0;
/// returns the generated code.
fn generate_ok(path: &Path, label: &str) -> codegen::Generated {
    let generated = codegen::generate_file(path, label).unwrap_or_else(|e| panic!("{e}"));
    syn::parse_file(&generated.code).unwrap_or_else(|e| panic!("{label}: output is not Rust: {e}"));
    let doc: openapiv3::OpenAPI = serde_json::from_str(&generated.openapi)
        .unwrap_or_else(|e| panic!("{label}: normalized document is not OpenAPI 3.0: {e}"));
    assert!(doc.openapi.starts_with("3.0."));
    println!(
        "checked {label}: {} lines of Rust, {} operations, {} repairs",
        generated.code.lines().count(),
        generated.code.matches("pub async fn ").count(),
        generated.report.entries.len()
    );
    generated
}

fn generate_err(fixture: &str) -> String {
    let label = format!("tests/fixtures/{fixture}");
    match codegen::generate_file(&manifest_dir().join(&label), &label) {
        Ok(_) => panic!("{label}: generation should fail"),
        Err(e) => {
            assert_eq!(e.file, label);
            e.to_string()
        }
    }
}

fn has_method(code: &str, name: &str) -> bool {
    code.contains(&format!("pub async fn {name}<"))
}

#[test]
fn every_reference_spec_generates() {
    let Some(root) = reference_specs() else {
        return;
    };
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("reference/specs is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    let mut checked = 0;
    for folder in &folders {
        for doc in ["swagger.json", "api/swagger.json"] {
            let path = folder.join(doc);
            if !path.is_file() {
                continue;
            }
            let name = folder.file_name().unwrap_or_default().to_string_lossy();
            let label = format!("../shared/reference/specs/{name}/{doc}");
            let generated = generate_ok(&path, &label);
            // With the settings vvp uses, too: every struct keeps unknown fields.
            let keep = codegen::Settings::default().keep_unknown_fields(true);
            let lossless =
                codegen::generate_file_with(&path, &label, &keep).unwrap_or_else(|e| panic!("{e}"));
            syn::parse_file(&lossless.code).unwrap_or_else(|e| panic!("{label}: {e}"));
            assert!(
                lossless.code.contains("pub extra: ::serde_json::Map<"),
                "{label}"
            );
            // Springfox suffixes are gone and snake_case ids became method names.
            assert!(!generated.code.contains("UsingGET"), "{label}");
            if doc == "api/swagger.json" {
                assert!(has_method(&generated.code, "get_deployments"), "{label}");
            } else {
                assert!(has_method(&generated.code, "list_namespaces"), "{label}");
            }
            checked += 1;
        }
    }
    println!(
        "checked {checked} reference documents in {} folders",
        folders.len()
    );
    assert!(
        checked >= 4,
        "expected at least the 2.4.3 and 2.7.1 documents"
    );
}

#[test]
fn reference_2_7_1_defects_are_repaired() {
    let Some(root) = reference_specs() else {
        return;
    };
    let path = root.join("vvp-2.7.1/swagger.json");
    if !path.is_file() {
        eprintln!("skipping: {} not found", path.display());
        return;
    }
    let generated = generate_ok(&path, "vvp-2.7.1/swagger.json");
    let report = generated.report.entries.join("\n");
    // `connectors/{connectorResourceId}` and `connectors/{name}` became one template.
    assert!(report.contains("merge_duplicate_templates:"), "{report}");
    // Operations with several success responses keep one success type.
    assert!(report.contains("single_success_type:"), "{report}");
}

#[test]
fn own_specs_generate() {
    for (spec, expected) in [
        ("specs/api/swagger.json", "get_status"),
        ("specs/swagger.json", "list_namespaces"),
    ] {
        let generated = generate_ok(&repo_root().join(spec), spec);
        assert!(
            has_method(&generated.code, expected),
            "{spec}: no {expected}"
        );
    }
}

#[test]
fn quirks_are_repaired() {
    let label = "tests/fixtures/quirks.json";
    let generated = generate_ok(&manifest_dir().join(label), label);
    let code = &generated.code;
    for method in [
        "get_connector",
        "update_connector",
        "delete_connector",
        "create_job_graph",
        "get_deployments",
        "patch_deployments",
        "get_artifacts_v1_namespaces_namespace_artifacts_get",
    ] {
        assert!(has_method(code, method), "{method} missing");
    }
    assert!(
        !has_method(code, "upload_artifact"),
        "multipart upload is dropped"
    );
    assert!(code.contains("pub struct ResourceListDeployment"));
    assert!(code.contains("pub struct ComExampleConnector"));
    // The merged template uses the name most operations use.
    assert!(code.contains("/api/v1/namespaces/{}/connectors/{}"));
    assert!(code.contains("connector_resource_id") || code.contains("name: &'a str"));
    let report = generated.report.entries.join("\n");
    for step in [
        "merge_duplicate_templates",
        "match_path_params_to_template",
        "drop_bodies_without_semantics",
        "select_request_media_type",
        "single_success_type",
        "normalize_operation_ids",
        "sanitize_schema_names",
        "repair_enums",
        "repair_defaults",
        "repair_schema_shapes",
    ] {
        assert!(
            report.contains(&format!("{step}:")),
            "{step} did nothing:\n{report}"
        );
    }
}

#[test]
fn yaml_specs_are_accepted() {
    for label in [
        "tests/fixtures/minimal.yaml",
        "tests/fixtures/openapi_3_0.yaml",
    ] {
        generate_ok(&manifest_dir().join(label), label);
    }
    let generated = generate_ok(
        &manifest_dir().join("tests/fixtures/minimal.yaml"),
        "minimal.yaml",
    );
    assert!(has_method(&generated.code, "get_jobs"));
    assert!(generated.code.contains("pub struct ResourceListJob"));
}

#[test]
fn missing_ref_target_names_file_and_pointer() {
    assert_eq!(
        generate_err("missing_ref.json"),
        "tests/fixtures/missing_ref.json: /paths/~1api~1v1~1x/get/responses/200/schema/$ref: \
         reference target #/definitions/Nope does not exist"
    );
}

#[test]
fn duplicate_operation_id_names_file_and_pointer() {
    assert_eq!(
        generate_err("duplicate_operation_id.json"),
        "tests/fixtures/duplicate_operation_id.json: /paths/~1api~1v1~1b/get/operationId: \
         duplicate operation id `getThing` (first used at /paths/~1api~1v1~1a/get/operationId)"
    );
}

#[test]
fn unsupported_versions_are_rejected() {
    assert_eq!(
        generate_err("swagger_1_2.json"),
        "tests/fixtures/swagger_1_2.json: /swagger: unsupported Swagger version \"1.2\" \
         (supported: \"2.0\" and OpenAPI \"3.0.x\")"
    );
    assert_eq!(
        generate_err("openapi_3_1.json"),
        "tests/fixtures/openapi_3_1.json: /openapi: unsupported OpenAPI version \"3.1.0\" \
         (supported: \"3.0.x\" and Swagger \"2.0\")"
    );
}

#[test]
fn invalid_json_names_file_and_line() {
    let message = generate_err("invalid.json");
    assert!(
        message.starts_with(
            "tests/fixtures/invalid.json: (document root): invalid JSON at line 5 column"
        ),
        "{message}"
    );
}

#[test]
fn missing_file_names_the_file() {
    let message = generate_err("does-not-exist.json");
    assert!(
        message
            .starts_with("tests/fixtures/does-not-exist.json: (document root): cannot read file:"),
        "{message}"
    );
}

/// Springdoc (VVP 2.10.2 and later) serves OpenAPI 3.0: `components`, `servers`, `*/*`
/// responses, `requestBodies`/`parameters`/`responses` components, `allOf` subtypes with a
/// discriminator mapping, an object-valued query parameter.
#[test]
fn springdoc_openapi_3_0_generates() {
    let label = "tests/fixtures/springdoc_openapi_3_0.json";
    let generated = generate_ok(&manifest_dir().join(label), label);
    let code = &generated.code;
    for method in [
        "get_deployments",
        "create_deployment",
        "get_deployment",
        "update_deployment",
        "delete_deployment",
        "get_events",
        "get_status",
    ] {
        assert!(has_method(code, method), "{method} missing");
    }
    for ty in [
        "pub struct Deployment ",
        "pub struct ResourceListDeployment ",
        "pub struct JarArtifact ",
        "pub enum DeploymentSpecState ",
    ] {
        assert!(code.contains(ty), "{ty} missing");
    }
}

/// Springfox documents whose `$ref`s use fully-qualified Java class names while the
/// definitions are keyed by simple names generate as if the names agreed.
#[test]
fn springfox_qualified_refs_generate() {
    let label = "tests/fixtures/springfox_qualified_refs.json";
    let generated = generate_ok(&manifest_dir().join(label), label);
    let code = &generated.code;
    assert!(has_method(code, "get_deployments"));
    assert!(has_method(code, "create_deployment"));
    assert!(code.contains("pub struct ResourceListDeployment "));
    assert!(
        code.contains("pub items: ::std::vec::Vec<Deployment>"),
        "{code}"
    );
    assert!(code.contains("pub metadata: ::std::option::Option<DeploymentMetadata>"));
    assert!(code.contains("pub spec: ::std::option::Option<DeploymentSpec>"));
    assert!(!code.contains("ComDataartisans"), "no qualified type names");
    let repaired = generated
        .report
        .entries
        .iter()
        .filter(|e| e.starts_with("resolve_qualified_refs: "))
        .count();
    assert_eq!(repaired, 7, "{:#?}", generated.report.entries);
}

/// Settings: structs keep unknown fields, a named enum and an inline enum property are
/// replaced by hand-written types, and no generated enum is left for them.
#[test]
fn settings_replace_schemas_and_keep_unknown_fields() {
    use codegen::{Impl, Replacement, Settings};
    let label = "tests/fixtures/springdoc_openapi_3_0.json";
    let settings = Settings::default()
        .keep_unknown_fields(true)
        .replace(Replacement::new(
            "DeploymentSpec.state",
            "crate::types::DeploymentState",
            &[Impl::Display, Impl::FromStr],
        ))
        .replace(Replacement::new(
            "DeploymentStatus.state",
            "crate::types::DeploymentState",
            &[Impl::Display, Impl::FromStr],
        ))
        .replace(Replacement::new(
            "DeploymentMetadata.name",
            "crate::Secret",
            &[Impl::Default],
        ));
    let generated = codegen::generate_file_with(&manifest_dir().join(label), label, &settings)
        .unwrap_or_else(|e| panic!("{e}"));
    let code = &generated.code;
    syn::parse_file(code).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        code.matches("pub state: ::std::option::Option<crate::types::DeploymentState>")
            .count(),
        2
    );
    assert!(code.contains("pub name: ::std::option::Option<crate::Secret>"));
    assert!(!code.contains("pub enum DeploymentSpecState"));
    assert!(!code.contains("pub enum DeploymentStatusState"));
    assert!(code.contains("#[serde(flatten)]\n        pub extra: ::serde_json::Map<"));

    let bad = Settings::default().replace(Replacement::new("Deployment.nope", "crate::X", &[]));
    let e = codegen::generate_file_with(&manifest_dir().join(label), label, &bad).unwrap_err();
    assert_eq!(
        e.to_string(),
        "tests/fixtures/springdoc_openapi_3_0.json: /components/schemas/Deployment/properties/nope: \
         replacement Deployment.nope: no such property"
    );
}
