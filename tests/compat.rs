//! The compatibility report (`Client::compatibility`), the server version check, against
//! the built-in fake (which serves the crate's own specs) with edited documents, in
//! Swagger 2.0 and OpenAPI 3.0, and against the real VVP 2.4.3 / 2.7.1 documents.

mod common;

use serde_json::{json, Value};
use vvp::compat::{
    ApiKind, CompatibilityReport, Difference, DifferenceKind, Side, Version, TESTED_VERSIONS,
};
use vvp::testing::FakePlatform;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const AM: &str = "/api/swagger.json";
const PF: &str = "/swagger.json";

async fn served(fake: &FakePlatform, at: &str) -> Value {
    serde_json::from_str(&fake.api_document(at).await.expect("served")).expect("JSON")
}

fn pointer_mut<'a>(doc: &'a mut Value, p: &str) -> &'a mut Value {
    doc.pointer_mut(p)
        .unwrap_or_else(|| panic!("no {p} in the document"))
}

/// One edit of each kind, written against a schema section (`/definitions` or
/// `/components/schemas`) and `$ref` prefix, so the same edits apply to both formats.
fn edit_each_kind(doc: &mut Value, schemas: &str, refs: &str) {
    // Missing operation: the server has no `GET .../jobs/{jobId}`.
    let paths = pointer_mut(doc, "/paths").as_object_mut().unwrap();
    paths
        .get_mut("/api/v1/namespaces/{namespace}/jobs/{jobId}")
        .unwrap()
        .as_object_mut()
        .unwrap()
        .remove("get");
    // Extra operation: the server has a restart verb the SDK lacks.
    paths.insert(
        "/api/v1/namespaces/{ns}/deployments/{deploymentName}:restart".into(),
        json!({"post": {"operationId": "restartDeployment", "responses": {"200": {"description": "ok"}}}}),
    );
    // A renamed path parameter is not a difference.
    let item = paths
        .remove("/api/v1/namespaces/{namespace}/deployments/{name}")
        .unwrap();
    paths.insert(
        "/api/v1/namespaces/{ns}/deployments/{deploymentName}".into(),
        item,
    );
    // Missing field on the server; missing field in the SDK.
    pointer_mut(doc, &format!("{schemas}/DeploymentSpec/properties"))
        .as_object_mut()
        .unwrap()
        .remove("maxSavepointCreationAttempts");
    pointer_mut(doc, &format!("{schemas}/SavepointStatus/properties"))
        .as_object_mut()
        .unwrap()
        .insert("progress".into(), json!({"type": "integer"}));
    // Enum values: the server lacks FAILED_DELETION and has PAUSED.
    let values = pointer_mut(
        doc,
        &format!("{schemas}/SavepointStatus/properties/state/enum"),
    )
    .as_array_mut()
    .unwrap();
    values.retain(|v| v != "FAILED_DELETION");
    values.push(json!("PAUSED"));
    // Type change: parallelism as a string.
    *pointer_mut(
        doc,
        &format!("{schemas}/DeploymentTemplateSpec/properties/parallelism"),
    ) = json!({"type": "string"});
    // A schema reached through a differently named definition still compares by shape.
    let spec = pointer_mut(doc, &format!("{schemas}/SavepointSpec")).clone();
    pointer_mut(doc, schemas)
        .as_object_mut()
        .unwrap()
        .insert("SavepointSpecV2".into(), spec);
    *pointer_mut(doc, &format!("{schemas}/Savepoint/properties/spec")) =
        json!({"$ref": format!("{refs}SavepointSpecV2")});
}

fn assert_each_kind(report: &CompatibilityReport) {
    let text = report.to_string();
    let has = |d: &Difference| report.differences.contains(d);
    let missing: Vec<String> = report
        .unusable_operations()
        .iter()
        .map(|o| o.to_string())
        .collect();
    assert_eq!(
        missing,
        ["GET /api/v1/namespaces/{namespace}/jobs/{jobId} (getJob)"],
        "{text}"
    );
    let extra: Vec<&Difference> = report.of_kind(DifferenceKind::ExtraOperation).collect();
    assert_eq!(extra.len(), 1, "{text}");
    assert!(
        extra[0]
            .to_string()
            .contains(":restart (restartDeployment)"),
        "{text}"
    );
    for d in [
        Difference::MissingField {
            side: Side::Server,
            location: "DeploymentSpec.maxSavepointCreationAttempts".into(),
        },
        Difference::MissingField {
            side: Side::Sdk,
            location: "SavepointStatus.progress".into(),
        },
        Difference::MissingEnumValue {
            side: Side::Server,
            location: "SavepointStatus.state".into(),
            value: "FAILED_DELETION".into(),
        },
        Difference::MissingEnumValue {
            side: Side::Sdk,
            location: "SavepointStatus.state".into(),
            value: "PAUSED".into(),
        },
        Difference::TypeChange {
            location: "DeploymentTemplateSpec.parallelism".into(),
            sdk: "integer (int32)".into(),
            server: "string".into(),
        },
    ] {
        assert!(has(&d), "{d:?} not found in\n{text}");
    }
    // Exactly these: nothing else (renamed path parameters, a renamed definition of the
    // same shape) counts.
    assert_eq!(report.differences.len(), 7, "{text}");
    // Display groups by kind, in a fixed order.
    let headings: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with(' ') && l.ends_with("):"))
        .collect();
    assert_eq!(headings.len(), 5, "{text}");
    assert!(headings[0].starts_with("Operations the server lacks (these SDK verbs will not work)"));
    assert!(
        text.contains("  DeploymentTemplateSpec.parallelism: SDK integer (int32), server string\n")
    );
}

#[tokio::test]
async fn the_fake_serves_the_crates_specs_so_its_report_is_empty() {
    let fake = FakePlatform::start().await;
    let report = fake.client().compatibility().await.unwrap();
    assert!(report.is_empty(), "{report}");
    assert!(report.missing_documents().is_empty());
    let paths: Vec<_> = report
        .documents
        .iter()
        .map(|d| (d.api, d.path.as_deref(), d.spec_version.as_deref()))
        .collect();
    assert_eq!(
        paths,
        [
            (ApiKind::AppManager, Some(AM), Some("2.0")),
            (ApiKind::Platform, Some(PF), Some("2.0")),
        ]
    );
    assert!(report.to_string().contains("No differences"));
    // The documents need no token, as on a real server; GET only.
    let resp = reqwest::Client::new()
        .get(format!("{}{AM}", fake.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(
        resp.headers()["content-type"].to_str().unwrap(),
        "application/json"
    );
}

#[tokio::test]
async fn each_kind_of_difference_in_a_swagger_2_document() {
    let fake = FakePlatform::start().await;
    let mut doc = served(&fake, AM).await;
    edit_each_kind(&mut doc, "/definitions", "#/definitions/");
    fake.set_api_document(AM, Some(doc.to_string())).await;
    let report = fake.client().compatibility().await.unwrap();
    assert_each_kind(&report);
}

#[tokio::test]
async fn each_kind_of_difference_in_an_openapi_3_document_served_by_springdoc() {
    let fake = FakePlatform::start().await;
    // The OpenAPI 3.0 form of the crate's spec (as the code generator converts it),
    // edited, served as YAML where Springdoc serves it; the Swagger path answers 404.
    let mut doc = vvp_codegen::read_openapi3(&fake.api_document(AM).await.unwrap()).unwrap();
    assert_eq!(doc["openapi"], "3.0.3");
    doc["servers"] =
        json!([{"url": "http://localhost:8080", "description": "Generated server url"}]);
    edit_each_kind(&mut doc, "/components/schemas", "#/components/schemas/");
    fake.set_api_document(AM, None).await;
    fake.set_api_document(
        "/api/v3/api-docs",
        Some(serde_yaml::to_string(&doc).unwrap()),
    )
    .await;
    let report = fake.client().compatibility().await.unwrap();
    assert_eq!(
        report.documents[0].path.as_deref(),
        Some("/api/v3/api-docs")
    );
    assert_eq!(report.documents[0].spec_version.as_deref(), Some("3.0.3"));
    assert_each_kind(&report);
    assert!(report
        .to_string()
        .starts_with("Application Manager API: /api/v3/api-docs (OpenAPI 3.0.3)\n"));
}

/// A hand-written Springdoc-style document (no converter involved): a server URL with a
/// path, `allOf`, `nullable`, parameters by `$ref`.
#[tokio::test]
async fn a_hand_written_openapi_3_document() {
    let fake = FakePlatform::start().await;
    let doc = json!({
        "openapi": "3.0.1",
        "info": {"title": "Platform", "version": "2.12.0"},
        "servers": [{"url": "https://vvp.example.com/namespaces"}],
        "paths": {
            "/v1/namespaces": {"get": {
                "operationId": "listNamespaces",
                "parameters": [{"$ref": "#/components/parameters/pageSize"}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/ListNamespacesResponse"}}}}}
            }}
        },
        "components": {
            "parameters": {"pageSize": {"name": "pageSize", "in": "query", "schema": {"type": "integer"}}},
            "schemas": {
                "ListNamespacesResponse": {"type": "object", "properties": {
                    "namespaces": {"type": "array", "items": {"$ref": "#/components/schemas/Namespace"}}}},
                "Base": {"type": "object", "properties": {
                    "name": {"type": "string", "nullable": true},
                    "createTime": {"type": "string", "format": "date-time"}}},
                "Namespace": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"type": "object", "properties": {
                    "roleBindings": {"type": "array", "items": {"$ref": "#/components/schemas/RoleBinding"}},
                    "lifecyclePhase": {"type": "string", "enum": [
                        "LIFECYCLE_PHASE_INVALID", "LIFECYCLE_PHASE_ACTIVE", "LIFECYCLE_PHASE_TERMINATING"]},
                    "previewSessionClusterName": {"type": "string"},
                    "owner": {"type": "string"}}}]},
                "RoleBinding": {"type": "object", "properties": {
                    "role": {"type": "string"}, "members": {"type": "array", "items": {"type": "string"}}}}
            }
        }
    });
    fake.set_api_document(PF, None).await;
    fake.set_api_document("/v3/api-docs", Some(doc.to_string()))
        .await;
    let report = fake.client().compatibility().await.unwrap();
    let text = report.to_string();
    let unusable: Vec<String> = report
        .unusable_operations()
        .iter()
        .filter_map(|o| o.operation_id.clone())
        .collect();
    assert!(!unusable.contains(&"listNamespaces".to_string()), "{text}");
    assert!(unusable.contains(&"createNamespace".to_string()), "{text}");
    for d in [
        Difference::MissingField {
            side: Side::Sdk,
            location: "Namespace.owner".into(),
        },
        Difference::MissingField {
            side: Side::Sdk,
            location: "GET /namespaces/v1/namespaces ?pageSize".into(),
        },
    ] {
        assert!(report.differences.contains(&d), "{d:?} not in\n{text}");
    }
    // Nothing else about namespaces: allOf merged, nullable ignored, the enum compared.
    let about_namespace: Vec<String> = report
        .differences
        .iter()
        .map(ToString::to_string)
        .filter(|d| d.starts_with("Namespace.") || d.starts_with("RoleBinding"))
        .collect();
    assert_eq!(about_namespace, ["Namespace.owner (SDK lacks)"], "{text}");
}

#[tokio::test]
async fn missing_documents_are_listed_and_not_compared() {
    let fake = FakePlatform::start().await;
    fake.set_api_document(PF, None).await;
    let report = fake.client().compatibility().await.unwrap();
    assert!(report.is_empty(), "{report}");
    assert_eq!(report.missing_documents(), [ApiKind::Platform]);
    assert!(report
        .to_string()
        .contains("Platform API: no document served, not compared"));
}

#[tokio::test]
async fn a_web_page_is_not_a_document_and_errors_other_than_404_are_reported() {
    let server = MockServer::start().await;
    // A UI answering every path with its index page.
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw("<!doctype html><html></html>", "text/html"),
        )
        .mount(&server)
        .await;
    let client = vvp::Client::builder(server.uri()).build().unwrap();
    let report = client.compatibility().await.unwrap();
    assert_eq!(
        report.missing_documents(),
        [ApiKind::AppManager, ApiKind::Platform]
    );
    let requested: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect();
    assert_eq!(
        requested,
        [
            "/api/swagger.json",
            "/api/v3/api-docs",
            "/swagger.json",
            "/v3/api-docs"
        ]
    );

    let server = MockServer::start().await;
    Mock::given(path("/api/swagger.json"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"message": "no token"})))
        .mount(&server)
        .await;
    let client = vvp::Client::builder(server.uri()).build().unwrap();
    let err = client.compatibility().await.unwrap_err();
    assert!(err.is_unauthorized(), "{err}");

    // A document that is not readable is a decode error, not a panic.
    let err = CompatibilityReport::from_documents(Some("{\"swagger\": 2}"), None).unwrap_err();
    assert!(matches!(err, vvp::Error::Decode { .. }), "{err}");
    let err = CompatibilityReport::from_documents(Some("[1, 2"), None).unwrap_err();
    assert!(matches!(err, vvp::Error::Decode { .. }), "{err}");
}

#[tokio::test]
async fn the_server_version_and_the_tested_range() {
    let fake = FakePlatform::start().await;
    let v = fake.client().server_version().await.unwrap().unwrap();
    assert_eq!(v, Version::parse("2.7.1-fake").unwrap());
    assert_eq!((v.major, v.minor, v.patch), (2, 7, 1));
    assert!(v.is_tested());
    assert!(TESTED_VERSIONS.contains(&Version::new(2, 15, 8)));

    // Odd strings from a server are `None`, never a panic.
    // (A number is read leniently as its text, as every string field of the generated
    // model is: `2.15` is version 2.15.0, checked below.)
    for build in [json!("unknown"), json!(""), json!(null)] {
        let server = MockServer::start().await;
        Mock::given(path("/api/v1/status/system-info"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "kind": "SystemInformation",
                "status": {"revisionInformation": {"buildVersion": build}}
            })))
            .mount(&server)
            .await;
        let client = vvp::Client::builder(server.uri()).build().unwrap();
        match client.server_version().await {
            Ok(v) => assert_eq!(v, None, "{build}"),
            // A non-string buildVersion may fail to decode as the typed SystemInfo.
            Err(e) => assert!(matches!(e, vvp::Error::Decode { .. }), "{build}: {e}"),
        }
    }
    let server = MockServer::start().await;
    Mock::given(path("/api/v1/status/system-info"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "kind": "SystemInformation",
            "status": {"revisionInformation": {"buildVersion": 2.15}}
        })))
        .mount(&server)
        .await;
    let client = vvp::Client::builder(server.uri()).build().unwrap();
    assert_eq!(
        client.server_version().await.unwrap(),
        Some(Version::new(2, 15, 0))
    );
}

/// The real documents of VVP 2.4.3 and 2.7.1 (Springfox, Swagger 2.0, with their known
/// defects) against the SDK: what the report says before upgrading from/to them.
#[tokio::test]
async fn reports_on_the_real_2_4_3_and_2_7_1_documents() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    for version in ["vvp-2.4.3", "vvp-2.7.1"] {
        let dir = shared.join("reference/specs").join(version);
        let am = std::fs::read_to_string(dir.join("api/swagger.json")).unwrap();
        let pf = std::fs::read_to_string(dir.join("swagger.json")).unwrap();
        let fake = FakePlatform::start().await;
        fake.set_api_document(AM, Some(am)).await;
        fake.set_api_document(PF, Some(pf)).await;
        let report = fake.client().compatibility().await.unwrap();
        let count = |k| report.of_kind(k).count();
        println!(
            "{version}: {} differences: {} operations the server lacks, {} the SDK lacks, {} fields, {} enum values, {} type changes",
            report.differences.len(),
            count(DifferenceKind::MissingOperation),
            count(DifferenceKind::ExtraOperation),
            count(DifferenceKind::MissingField),
            count(DifferenceKind::MissingEnumValue),
            count(DifferenceKind::TypeChange),
        );
        println!("{report}");
        let unusable: Vec<String> = report
            .unusable_operations()
            .iter()
            .filter_map(|o| o.operation_id.clone())
            .collect();
        // What VVP added after 2.7 is missing from both.
        for newer in ["listDeploymentsWithCr", "getDeploymentWithCr"] {
            assert!(
                unusable.contains(&newer.to_string()),
                "{version}: {unusable:?}"
            );
        }
        // The core verbs exist on both.
        for core in [
            "listDeployments",
            "getDeployment",
            "upsertDeployment",
            "patchDeployment",
            "createSavepoint",
            "listNamespaces",
        ] {
            assert!(
                !unusable.contains(&core.to_string()),
                "{version}: {core} in {unusable:?}"
            );
        }
        // Operations servers leave out of their documents are listed apart, unchecked.
        let unchecked: Vec<String> = report
            .unchecked
            .iter()
            .filter_map(|o| o.operation_id.clone())
            .collect();
        assert_eq!(
            unchecked,
            [
                "deleteArtifact",
                "getResourceUsage",
                "listArtifacts",
                "uploadArtifact"
            ],
            "{version}"
        );
        assert!(report
            .to_string()
            .contains("Not in the server's documents, as usual (not checked) (4):"));
        if version == "vvp-2.4.3" {
            // 2.4.3 lacks savepoint DELETE (added in 2.7).
            assert!(
                unusable.contains(&"deleteSavepoint".to_string()),
                "{unusable:?}"
            );
        } else {
            assert!(
                !unusable.contains(&"deleteSavepoint".to_string()),
                "{unusable:?}"
            );
        }
    }
}
