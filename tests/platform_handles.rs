//! Every Platform API handle and verb against a wiremock server: method, path (including
//! `:verb` suffixes and fully-qualified names in bodies), query, headers, body, envelope
//! unwrapping and error mapping.

use serde_json::{json, Value};
use vvp::platform::types::*;
use vvp::platform::ArtifactSource;
use vvp::{BodyFormat, Client, Error, InvalidNameReason, MergePatch};
use wiremock::matchers::{body_json, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockBuilder, MockServer, ResponseTemplate};

const TOKEN: &str = "test-token-7f3a";

async fn setup() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = Client::builder(server.uri())
        .token(TOKEN)
        .build()
        .expect("client");
    (server, client)
}

/// A mock for `verb path` that also checks the auth and accept headers.
fn mock(verb: &str, p: &str) -> MockBuilder {
    Mock::given(method(verb))
        .and(path(p))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("accept", "application/json"))
}

/// As [`mock`], for requests with a JSON body equal to `body`.
fn mock_json(verb: &str, p: &str, body: Value) -> MockBuilder {
    mock(verb, p)
        .and(header("content-type", "application/json"))
        .and(body_json(body))
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

fn platform_error(status: u16, code: &str, description: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(
        json!({"code": code, "description": description, "cause": null, "ok": false}),
    )
}

async fn assert_nothing_sent(server: &MockServer) {
    let received = server.received_requests().await.unwrap_or_default();
    assert!(received.is_empty(), "unexpected requests: {received:?}");
}

fn ns_json(name: &str, phase: &str) -> Value {
    json!({
        "name": format!("namespaces/{name}"),
        "roleBindings": [{"role": "owner", "members": ["system:authenticated"]}],
        "createTime": "2022-01-02T03:04:05.678Z",
        "lifecyclePhase": phase
    })
}

// ------------------------------------------------------------------------------------
// Namespaces

#[tokio::test]
async fn namespaces_list_get() {
    let (server, client) = setup().await;
    mock("GET", "/namespaces/v1/namespaces")
        .respond_with(ok(
            json!({"namespaces": [ns_json("default", "LIFECYCLE_PHASE_ACTIVE")]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    mock("GET", "/namespaces/v1/namespaces/default")
        .respond_with(ok(
            json!({"namespace": ns_json("default", "LIFECYCLE_PHASE_ACTIVE")}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let all = client.namespaces().list().await.expect("list");
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].short_name(), Some("default"));
    let one = client.namespaces().get("default").await.expect("get");
    assert_eq!(one.lifecycle_phase, Some(LifecyclePhase::Active));
}

#[tokio::test]
async fn namespaces_create_update_send_the_qualified_name() {
    let (server, client) = setup().await;
    let sent = json!({
        "name": "namespaces/team-a",
        "roleBindings": [{"role": "owner", "members": ["user:alice"]}]
    });
    mock_json("POST", "/namespaces/v1/namespaces", sent.clone())
        .respond_with(ok(
            json!({"namespace": ns_json("team-a", "LIFECYCLE_PHASE_ACTIVE")}),
        ))
        .expect(2)
        .mount(&server)
        .await;
    mock_json("PUT", "/namespaces/v1/namespaces/team-a", sent)
        .respond_with(ok(
            json!({"namespace": ns_json("team-a", "LIFECYCLE_PHASE_ACTIVE")}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let binding = RoleBinding::new(Role::Owner, ["user:alice"]);
    let qualified = Namespace::new("team-a").with_role_binding(binding.clone());
    let short = Namespace {
        name: Some("team-a".into()),
        ..Default::default()
    }
    .with_role_binding(binding);
    let created = client
        .namespaces()
        .create(&qualified)
        .await
        .expect("create");
    assert_eq!(created.short_name(), Some("team-a"));
    client
        .namespaces()
        .create(&short)
        .await
        .expect("create short");
    client.namespaces().update(&short).await.expect("update");
}

#[tokio::test]
async fn namespaces_patch_delete_preview_cluster() {
    let (server, client) = setup().await;
    mock_json(
        "PATCH",
        "/namespaces/v1/namespaces/default",
        json!({"previewSessionClusterName": "sql-editor"}),
    )
    .respond_with(ok(
        json!({"namespace": ns_json("default", "LIFECYCLE_PHASE_ACTIVE")}),
    ))
    .expect(1)
    .mount(&server)
    .await;
    mock("DELETE", "/namespaces/v1/namespaces/old")
        .respond_with(ok(
            json!({"namespace": ns_json("old", "LIFECYCLE_PHASE_TERMINATING")}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    mock_json(
        "POST",
        "/namespaces/v1/namespaces/default:setPreviewSessionCluster",
        json!({"name": "namespaces/default", "previewSessionClusterName": "sql-editor"}),
    )
    .respond_with(ok(json!({})))
    .expect(1)
    .mount(&server)
    .await;

    let patch = MergePatch::new().set("/previewSessionClusterName", "sql-editor");
    client
        .namespaces()
        .patch("default", &patch)
        .await
        .expect("patch");
    let deleted = client.namespaces().delete("old").await.expect("delete");
    assert_eq!(deleted.lifecycle_phase, Some(LifecyclePhase::Terminating));
    client
        .namespaces()
        .set_preview_session_cluster("default", "sql-editor")
        .await
        .expect("set preview");
}

#[tokio::test]
async fn namespaces_patch_without_body_reads_back() {
    let (server, client) = setup().await;
    mock("PATCH", "/namespaces/v1/namespaces/default")
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    mock("GET", "/namespaces/v1/namespaces/default")
        .respond_with(ok(
            json!({"namespace": ns_json("default", "LIFECYCLE_PHASE_ACTIVE")}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let ns = client
        .namespaces()
        .patch(
            "default",
            &MergePatch::new().set("/previewSessionClusterName", "x"),
        )
        .await
        .expect("patch");
    assert_eq!(ns.short_name(), Some("default"));
}

#[tokio::test]
async fn namespaces_reject_bad_names_without_sending() {
    let (server, client) = setup().await;
    let err = client.namespaces().get("Not_Valid").await.expect_err("bad");
    assert!(
        matches!(
            err,
            Error::InvalidName {
                kind: "Namespace",
                ..
            }
        ),
        "{err}"
    );
    let err = client
        .namespaces()
        .get("namespaces/default")
        .await
        .expect_err("qualified");
    assert!(
        matches!(&err, Error::InvalidName { reason: InvalidNameReason::FullyQualified { short }, .. } if short == "default"),
        "{err}"
    );
    assert!(err.to_string().contains("short name"), "{err}");
    let err = client
        .namespaces()
        .create(&Namespace::default())
        .await
        .expect_err("missing name");
    assert!(
        matches!(
            err,
            Error::InvalidName {
                reason: InvalidNameReason::Missing,
                ..
            }
        ),
        "{err}"
    );
    let err = client
        .api_tokens("Default")
        .list()
        .await
        .expect_err("bad ns");
    assert!(
        matches!(
            err,
            Error::InvalidName {
                kind: "Namespace",
                ..
            }
        ),
        "{err}"
    );
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn platform_requests_are_json_even_for_a_yaml_client() {
    let server = MockServer::start().await;
    let client = Client::builder(server.uri())
        .token(TOKEN)
        .format(BodyFormat::Yaml)
        .build()
        .expect("client");
    mock("GET", "/namespaces/v1/namespaces")
        .respond_with(ok(json!({"namespaces": []})))
        .expect(1)
        .mount(&server)
        .await;
    mock_json(
        "POST",
        "/sql/v1beta1/namespaces/default/sqlscripts:execute",
        json!({"statement": "SHOW TABLES"}),
    )
    .respond_with(ok(json!({"result": "RESULT_SUCCESS"})))
    .expect(1)
    .mount(&server)
    .await;
    assert!(client.namespaces().list().await.expect("list").is_empty());
    client
        .sql_scripts("default")
        .execute("SHOW TABLES")
        .await
        .expect("execute");
}

// ------------------------------------------------------------------------------------
// API tokens

fn token_json(secret: bool) -> Value {
    let mut t = json!({
        "name": "namespaces/default/apitokens/ci-token",
        "role": "editor",
        "createTime": "2022-03-04T05:06:07.890Z"
    });
    if secret {
        t["secret"] = json!("tok-secret-5e1f-test-only");
    }
    t
}

#[tokio::test]
async fn api_tokens_all_verbs() {
    let (server, client) = setup().await;
    let base = "/apitokens/v1/namespaces/default/apitokens";
    mock("GET", base)
        .respond_with(ok(json!({"apiTokens": [token_json(false)]})))
        .expect(1)
        .mount(&server)
        .await;
    mock("GET", &format!("{base}/ci-token"))
        .respond_with(ok(json!({"apiToken": token_json(false)})))
        .expect(1)
        .mount(&server)
        .await;
    mock_json(
        "POST",
        base,
        json!({"name": "namespaces/default/apitokens/ci-token", "role": "editor"}),
    )
    .respond_with(ok(json!({"apiToken": token_json(true)})))
    .expect(1)
    .mount(&server)
    .await;
    mock("DELETE", &format!("{base}/ci-token"))
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    let tokens = client.api_tokens("default");
    assert_eq!(tokens.list().await.expect("list").len(), 1);
    assert_eq!(
        tokens.get("ci-token").await.expect("get").role,
        Some(Role::Editor)
    );
    let created = tokens
        .create("ci-token", Role::Editor)
        .await
        .expect("create");
    let secret = created.secret.as_ref().expect("secret");
    assert_eq!(secret.expose(), "tok-secret-5e1f-test-only");
    let shown = format!("{created:?} {secret} {secret:?} {tokens:?}");
    assert!(!shown.contains("tok-secret"), "secret shown: {shown}");
    assert!(!shown.contains(TOKEN), "client token shown: {shown}");
    tokens.delete("ci-token").await.expect("delete");
}

#[tokio::test]
async fn api_tokens_reject_fully_qualified_names() {
    let (server, client) = setup().await;
    let tokens = client.api_tokens("default");
    for err in [
        tokens
            .get("namespaces/default/apitokens/ci-token")
            .await
            .expect_err("get"),
        tokens
            .delete("namespaces/default/apitokens/ci-token")
            .await
            .expect_err("delete"),
        tokens
            .create("namespaces/default/apitokens/ci-token", Role::Viewer)
            .await
            .expect_err("create"),
    ] {
        assert!(
            matches!(&err, Error::InvalidName { kind: "ApiToken", reason: InvalidNameReason::FullyQualified { short }, .. } if short == "ci-token"),
            "{err}"
        );
        assert!(err.to_string().contains("`ci-token`"), "{err}");
    }
    let err = tokens
        .create("CI token", Role::Viewer)
        .await
        .expect_err("bad");
    assert!(matches!(
        err,
        Error::InvalidName {
            reason: InvalidNameReason::InvalidChar { .. },
            ..
        }
    ));
    let err = tokens
        .create(&"a".repeat(64), Role::Viewer)
        .await
        .expect_err("long");
    assert!(matches!(
        err,
        Error::InvalidName {
            reason: InvalidNameReason::TooLong { .. },
            ..
        }
    ));
    assert_nothing_sent(&server).await;
}

/// Platform kinds are addressed by name only, and a hyphenated UUID is a valid Platform
/// name: a `Uuid` (or a UUID-shaped string) given to a Platform kind is sent as that name,
/// never refused.
#[tokio::test]
async fn platform_kinds_take_uuid_shaped_names() {
    let (server, client) = setup().await;
    let text = "5b0c4f3e-1d2a-4c3b-9f6e-0a1b2c3d4e5f";
    let id = uuid::Uuid::parse_str(text).expect("uuid");
    // Nothing is mounted: every request answers 404, which is fine; what matters is the path.
    let _ = client.connectors("default").get(id).await;
    let _ = client.sql_scripts("default").delete(text).await;
    let _ = client.api_tokens("default").get(id).await;
    let _ = client.namespaces().get(id).await;
    let received: Vec<String> = server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .map(|r| format!("{} {}", r.method, r.url.path()))
        .collect();
    assert_eq!(
        received,
        [
            format!("GET /sql/v1beta1/namespaces/default/connectors/{text}"),
            format!("DELETE /sql/v1beta1/namespaces/default/sqlscripts/{text}"),
            format!("GET /apitokens/v1/namespaces/default/apitokens/{text}"),
            format!("GET /namespaces/v1/namespaces/{text}"),
        ]
    );
}

#[tokio::test]
async fn api_tokens_conflict_and_not_found() {
    let (server, client) = setup().await;
    mock("POST", "/apitokens/v1/namespaces/default/apitokens")
        .respond_with(platform_error(409, "ALREADY_EXISTS", "token exists"))
        .expect(1)
        .mount(&server)
        .await;
    mock("GET", "/apitokens/v1/namespaces/default/apitokens/gone")
        .respond_with(platform_error(404, "NOT_FOUND", "no token gone"))
        .expect(1)
        .mount(&server)
        .await;
    let tokens = client.api_tokens("default");
    let err = tokens
        .create("ci-token", Role::Owner)
        .await
        .expect_err("409");
    assert!(err.is_conflict(), "{err}");
    assert_eq!(err.status(), Some(409));
    let err = tokens.get("gone").await.expect_err("404");
    assert!(err.is_not_found(), "{err}");
    assert!(err.to_string().contains("no token gone"), "{err}");
}

// ------------------------------------------------------------------------------------
// Catalogs

#[tokio::test]
async fn catalogs_all_lookups() {
    let (server, client) = setup().await;
    let base = "/catalog/v1beta2/namespaces/default/catalogs";
    let table = json!({"name": "my_table", "schema": {"column": [{"name": "c", "type": "INT"}]}});
    let view = json!({"name": "my_view", "query": "SELECT 1"});
    let function = json!({"name": "f", "functionLanguage": "FUNCTION_LANGUAGE_JAVA"});
    mock("GET", base)
        .respond_with(ok(json!({"catalogs": [{"name": "vvp"}]})))
        .expect(1)
        .mount(&server)
        .await;
    mock("GET", &format!("{base}/vvp"))
        .respond_with(ok(
            json!({"catalog": {"name": "vvp", "properties": {"type": "vvp"}}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    mock("GET", &format!("{base}/vvp:listDatabases"))
        .respond_with(ok(json!({"databases": [{"name": "default"}]})))
        .expect(1)
        .mount(&server)
        .await;
    mock("GET", &format!("{base}/vvp:getDatabase"))
        .and(query_param("database", "default"))
        .respond_with(ok(json!({"database": {"name": "default"}})))
        .expect(1)
        .mount(&server)
        .await;
    mock("GET", &format!("{base}/vvp:listTables"))
        .and(query_param("database", "default"))
        .respond_with(ok(json!({"tables": [table.clone()]})))
        .expect(1)
        .mount(&server)
        .await;
    mock("GET", &format!("{base}/vvp:listTables"))
        .and(query_param_is_missing("database"))
        .respond_with(ok(json!({"tables": []})))
        .expect(1)
        .mount(&server)
        .await;
    mock("GET", &format!("{base}/vvp:getTable"))
        .and(query_param("database", "default"))
        .and(query_param("table", "my_table"))
        .respond_with(ok(json!({"table": table})))
        .expect(1)
        .mount(&server)
        .await;
    mock("GET", &format!("{base}/vvp:listViews"))
        .and(query_param_is_missing("database"))
        .respond_with(ok(json!({"views": [view.clone()]})))
        .expect(1)
        .mount(&server)
        .await;
    mock("GET", &format!("{base}/vvp:getView"))
        .and(query_param_is_missing("database"))
        .and(query_param("view", "my_view"))
        .respond_with(ok(json!({"view": view})))
        .expect(1)
        .mount(&server)
        .await;
    mock("GET", &format!("{base}/vvp:listFunctions"))
        .and(query_param("database", "default"))
        .respond_with(ok(json!({"functions": [function.clone()]})))
        .expect(1)
        .mount(&server)
        .await;
    mock("GET", &format!("{base}/vvp:getFunction"))
        .and(query_param("database", "default"))
        .and(query_param("function", "f"))
        .respond_with(ok(json!({"function": function})))
        .expect(1)
        .mount(&server)
        .await;

    let c = client.catalogs("default");
    assert_eq!(
        c.list().await.expect("list")[0].name.as_deref(),
        Some("vvp")
    );
    assert!(!c.get("vvp").await.expect("get").properties.is_empty());
    assert_eq!(c.list_databases("vvp").await.expect("dbs").len(), 1);
    assert_eq!(
        c.get_database("vvp", "default")
            .await
            .expect("db")
            .name
            .as_deref(),
        Some("default")
    );
    assert_eq!(
        c.list_tables("vvp", Some("default"))
            .await
            .expect("tables")
            .len(),
        1
    );
    assert!(c.list_tables("vvp", None).await.expect("tables").is_empty());
    let t = c
        .get_table("vvp", Some("default"), "my_table")
        .await
        .expect("table");
    assert_eq!(t.schema.map(|s| s.column.len()), Some(1));
    assert_eq!(c.list_views("vvp", None).await.expect("views").len(), 1);
    assert_eq!(
        c.get_view("vvp", None, "my_view")
            .await
            .expect("view")
            .query
            .as_deref(),
        Some("SELECT 1")
    );
    assert_eq!(
        c.list_functions("vvp", Some("default"))
            .await
            .expect("fns")
            .len(),
        1
    );
    let f = c
        .get_function("vvp", Some("default"), "f")
        .await
        .expect("fn");
    assert_eq!(f.function_language, Some(FunctionLanguage::Java));
}

#[tokio::test]
async fn catalogs_errors_are_mapped() {
    let (server, client) = setup().await;
    let base = "/catalog/v1beta2/namespaces/default/catalogs";
    mock("GET", &format!("{base}/vvp:getDatabase"))
        .respond_with(platform_error(
            404,
            "NOT_FOUND",
            "Database sales is unknown.",
        ))
        .expect(1)
        .mount(&server)
        .await;
    mock("GET", &format!("{base}/vvp:listDatabases"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({
            "timestamp": 1700000000000u64, "status": 403, "error": "Forbidden",
            "path": "/catalog/v1beta2/namespaces/default/catalogs/vvp:listDatabases"
        })))
        .expect(1)
        .mount(&server)
        .await;
    mock("GET", &format!("{base}/hive"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "code": "INVALID_ARGUMENT", "description": "bad catalog", "cause": null, "ok": false
        })))
        .expect(1)
        .mount(&server)
        .await;
    let c = client.catalogs("default");
    let err = c.get_database("vvp", "sales").await.expect_err("404");
    assert!(err.is_not_found(), "{err}");
    assert!(
        err.to_string().contains("Database sales is unknown"),
        "{err}"
    );
    let err = c.list_databases("vvp").await.expect_err("403");
    assert!(err.is_forbidden(), "{err}");
    let err = c.get("hive").await.expect_err("400");
    assert_eq!(err.status(), Some(400), "{err}");
    // Empty identifiers are rejected before sending.
    assert!(matches!(
        c.get_table("vvp", None, "").await,
        Err(Error::InvalidName { .. })
    ));
}

// ------------------------------------------------------------------------------------
// Connectors, formats, catalog connectors

fn table_ref() -> Value {
    json!({"catalogName": "vvp", "databaseName": "default", "tableName": "orders"})
}

#[tokio::test]
async fn connectors_all_verbs() {
    let (server, client) = setup().await;
    let base = "/sql/v1beta1/namespaces/default/connectors";
    let stored = json!({"name": "namespaces/default/connectors/my-kafka", "type": "my-kafka", "source": true, "sink": true});
    mock("GET", base)
        .respond_with(ok(json!({"connectors": [stored.clone()]})))
        .expect(1)
        .mount(&server)
        .await;
    mock("GET", &format!("{base}/my-kafka"))
        .respond_with(ok(json!({"connector": stored.clone()})))
        .expect(1)
        .mount(&server)
        .await;
    mock_json("POST", base, json!({"name": "namespaces/default/connectors/my-kafka", "type": "my-kafka", "dependencies": ["s3://b/c.jar"]}))
        .respond_with(ok(json!({"connector": stored.clone()})))
        .expect(1)
        .mount(&server)
        .await;
    mock_json("PUT", &format!("{base}/my-kafka"), json!({"name": "namespaces/default/connectors/my-kafka", "type": "my-kafka", "dependencies": ["s3://b/c.jar"]}))
        .respond_with(ok(json!({"connector": stored, "affectedTables": [table_ref()]})))
        .expect(1)
        .mount(&server)
        .await;
    mock("DELETE", &format!("{base}/my-kafka"))
        .respond_with(ok(json!({"affectedTables": [table_ref()]})))
        .expect(1)
        .mount(&server)
        .await;
    mock("GET", &format!("{base}/my-kafka:list-tables"))
        .respond_with(ok(json!({"tables": [table_ref()]})))
        .expect(1)
        .mount(&server)
        .await;

    let api = client.connectors("default");
    let body = Connector {
        name: Some("my-kafka".into()),
        type_: Some("my-kafka".into()),
        dependencies: vec!["s3://b/c.jar".into()],
        ..Default::default()
    };
    assert_eq!(api.list().await.expect("list").len(), 1);
    assert_eq!(api.get("my-kafka").await.expect("get").source, Some(true));
    assert_eq!(api.create(&body).await.expect("create").sink, Some(true));
    let updated = api.update(&body).await.expect("update");
    assert_eq!(updated.affected_tables.len(), 1);
    assert!(updated.connector.is_some());
    let affected = api.delete("my-kafka").await.expect("delete");
    assert_eq!(affected[0].table_name.as_deref(), Some("orders"));
    assert_eq!(api.list_tables("my-kafka").await.expect("tables").len(), 1);
}

#[tokio::test]
async fn formats_all_verbs() {
    let (server, client) = setup().await;
    let base = "/sql/v1beta1/namespaces/default/formats";
    let stored = json!({"name": "namespaces/default/formats/my-json", "type": "my-json"});
    mock("GET", base)
        .respond_with(ok(json!({"formats": [stored.clone()]})))
        .expect(1)
        .mount(&server)
        .await;
    mock("GET", &format!("{base}/my-json"))
        .respond_with(ok(json!({"format": stored.clone()})))
        .expect(1)
        .mount(&server)
        .await;
    mock_json(
        "POST",
        base,
        json!({"name": "namespaces/default/formats/my-json", "type": "my-json"}),
    )
    .respond_with(ok(json!({"format": stored.clone()})))
    .expect(1)
    .mount(&server)
    .await;
    mock_json(
        "PUT",
        &format!("{base}/my-json"),
        json!({"name": "namespaces/default/formats/my-json", "type": "my-json"}),
    )
    .respond_with(ok(json!({"format": stored, "affectedTables": []})))
    .expect(1)
    .mount(&server)
    .await;
    // An empty answer (proto3 omits empty lists) is no affected tables.
    mock("DELETE", &format!("{base}/my-json"))
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    mock("GET", &format!("{base}/my-json:list-tables"))
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    let api = client.formats("default");
    // A fully-qualified name in the body is accepted and kept.
    let body = vvp::platform::types::Format {
        name: Some("namespaces/default/formats/my-json".into()),
        type_: Some("my-json".into()),
        ..Default::default()
    };
    assert_eq!(api.list().await.expect("list").len(), 1);
    api.get("my-json").await.expect("get");
    api.create(&body).await.expect("create");
    assert!(api
        .update(&body)
        .await
        .expect("update")
        .affected_tables
        .is_empty());
    assert!(api.delete("my-json").await.expect("delete").is_empty());
    assert!(api.list_tables("my-json").await.expect("tables").is_empty());

    // A body qualified for another namespace is rejected.
    let foreign = vvp::platform::types::Format {
        name: Some("namespaces/other/formats/my-json".into()),
        ..Default::default()
    };
    let err = api.create(&foreign).await.expect_err("foreign");
    assert!(
        matches!(
            err,
            Error::InvalidName {
                reason: InvalidNameReason::FullyQualified { .. },
                ..
            }
        ),
        "{err}"
    );
}

#[tokio::test]
async fn catalog_connectors_all_verbs() {
    let (server, client) = setup().await;
    let base = "/sql/v1beta1/namespaces/default/catalog-connectors";
    let stored = json!({"name": "namespaces/default/catalog-connectors/my-hive", "type": "hive", "readOnly": false});
    let sent = json!({"name": "namespaces/default/catalog-connectors/my-hive", "type": "hive"});
    mock("GET", base)
        .respond_with(ok(json!({"catalogConnectors": [stored.clone()]})))
        .expect(1)
        .mount(&server)
        .await;
    mock("GET", &format!("{base}/my-hive"))
        .respond_with(ok(json!({"catalogConnector": stored.clone()})))
        .expect(1)
        .mount(&server)
        .await;
    mock_json("POST", base, sent.clone())
        .respond_with(ok(json!({"catalogConnector": stored.clone()})))
        .expect(1)
        .mount(&server)
        .await;
    mock_json("PUT", &format!("{base}/my-hive"), sent)
        .respond_with(ok(json!({"catalogConnector": stored.clone()})))
        .expect(1)
        .mount(&server)
        .await;
    mock("DELETE", &format!("{base}/my-hive"))
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    mock("GET", &format!("{base}/my-hive:list-catalogs"))
        .respond_with(ok(json!({"catalogs": [{"name": "hive1"}]})))
        .expect(1)
        .mount(&server)
        .await;
    mock_json(
        "POST",
        &format!("{base}:analyze-jars"),
        json!({"jarUris": [{"jarUri": "s3://b/hive.jar"}]}),
    )
    .respond_with(ok(json!({"catalogConnectors": [stored]})))
    .expect(1)
    .mount(&server)
    .await;

    let api = client.catalog_connectors("default");
    let body = CatalogConnector {
        name: Some("my-hive".into()),
        type_: Some("hive".into()),
        ..Default::default()
    };
    assert_eq!(api.list().await.expect("list").len(), 1);
    assert_eq!(
        api.get("my-hive").await.expect("get").read_only,
        Some(false)
    );
    api.create(&body).await.expect("create");
    api.update(&body).await.expect("update");
    api.delete("my-hive").await.expect("delete");
    assert_eq!(
        api.list_catalogs("my-hive").await.expect("catalogs")[0]
            .name
            .as_deref(),
        Some("hive1")
    );
    let found = api
        .analyze_jars(&JarUris::new(["s3://b/hive.jar"]))
        .await
        .expect("analyze");
    assert_eq!(found[0].type_.as_deref(), Some("hive"));
}

// ------------------------------------------------------------------------------------
// SQL scripts and statements

#[tokio::test]
async fn sql_scripts_crud() {
    let (server, client) = setup().await;
    let base = "/sql/v1beta1/namespaces/default/sqlscripts";
    let stored = json!({"name": "namespaces/default/sqlscripts/orders-ddl", "displayName": "Orders DDL", "script": "CREATE TABLE t (a INT)", "createTime": "2021-01-01T00:00:00Z"});
    let sent = json!({"name": "namespaces/default/sqlscripts/orders-ddl", "displayName": "Orders DDL", "script": "CREATE TABLE t (a INT)"});
    mock("GET", base)
        .respond_with(ok(json!({"sqlScripts": [stored.clone()]})))
        .expect(1)
        .mount(&server)
        .await;
    mock("GET", &format!("{base}/orders-ddl"))
        .respond_with(ok(json!({"sqlScript": stored.clone()})))
        .expect(1)
        .mount(&server)
        .await;
    mock_json("POST", base, sent.clone())
        .respond_with(ok(json!({"sqlScript": stored.clone()})))
        .expect(1)
        .mount(&server)
        .await;
    mock_json("PUT", &format!("{base}/orders-ddl"), sent)
        .respond_with(ok(json!({"sqlScript": stored})))
        .expect(1)
        .mount(&server)
        .await;
    mock("DELETE", &format!("{base}/orders-ddl"))
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    let api = client.sql_scripts("default");
    let script = SqlScript {
        name: Some("orders-ddl".into()),
        display_name: Some("Orders DDL".into()),
        ..SqlScript::new("CREATE TABLE t (a INT)")
    };
    assert_eq!(api.list().await.expect("list").len(), 1);
    assert_eq!(
        api.get("orders-ddl").await.expect("get").short_name(),
        Some("orders-ddl")
    );
    assert!(api
        .create(&script)
        .await
        .expect("create")
        .create_time
        .is_some());
    api.update(&script).await.expect("update");
    api.delete("orders-ddl").await.expect("delete");
}

#[tokio::test]
async fn sql_validate_execute_with_catalog_and_database() {
    let (server, client) = setup().await;
    let base = "/sql/v1beta1/namespaces/default/sqlscripts";
    mock_json("POST", &format!("{base}:validate"), json!({"statement": "SELEC 1"}))
        .and(query_param("catalog", "vvp"))
        .and(query_param("database", "db1"))
        .respond_with(ok(json!({
            "validationResult": "VALIDATION_RESULT_INVALID_QUERY",
            "errorDetails": {"lineNumber": 1, "columnNumber": 1, "endLineNumber": 1, "endColumnNumber": 5,
                             "message": "SQL parse failed."}
        })))
        .expect(1)
        .mount(&server)
        .await;
    mock_json(
        "POST",
        &format!("{base}:execute"),
        json!({"statement": "DESCRIBE t"}),
    )
    .and(query_param("catalog", "vvp"))
    .and(query_param("database", "db1"))
    .respond_with(ok(json!({
        "result": "RESULT_SUCCESS_WITH_ROWS",
        "resultTable": {"headers": [{"name": "name"}, {"name": "type"}],
                        "rows": [{"cells": [{"value": "id"}, {"value": "INT"}]}]}
    })))
    .expect(1)
    .mount(&server)
    .await;
    mock_json(
        "POST",
        &format!("{base}:execute"),
        json!({"statement": "DROP TABLE x"}),
    )
    .and(query_param_is_missing("catalog"))
    .and(query_param_is_missing("database"))
    .respond_with(ok(json!({
        "result": "RESULT_ERROR_WITH_DETAILS",
        "errorMessage": {"message": "Table x does not exist."}
    })))
    .expect(1)
    .mount(&server)
    .await;

    let sql = client.sql_scripts("default").catalog("vvp").database("db1");
    let v = sql.validate("SELEC 1").await.expect("validate");
    assert_eq!(v.validation_result, Some(ValidationResult::InvalidQuery));
    assert!(!v.is_valid());
    let d = v.error_details.expect("details");
    assert_eq!(
        (d.line_number, d.column_number, d.end_column_number),
        (Some(1), Some(1), Some(5))
    );
    let e = sql.execute("DESCRIBE t").await.expect("execute");
    assert!(e.is_success());
    assert_eq!(
        e.result_table.expect("table").values(),
        vec![vec!["id", "INT"]]
    );

    let plain = client.sql_scripts("default");
    let e = plain.execute("DROP TABLE x").await.expect("execute");
    assert_eq!(e.result, Some(StatementResult::ErrorWithDetails));
    assert!(!e.is_success());
}

#[tokio::test]
async fn sql_execute_multi_and_suggest() {
    let (server, client) = setup().await;
    let base = "/sql/v1beta1/namespaces/default/sqlscripts";
    let statements = ["CREATE FUNCTION f AS 'a.F'", "CREATE FUNCTION g AS 'a.G'"];
    mock_json("POST", &format!("{base}:execute-multi"), json!(statements))
        .and(query_param("stopOnError", "false"))
        .and(query_param("catalog", "vvp"))
        .and(query_param_is_missing("database"))
        .respond_with(ok(
            json!({"responses": [{"result": "RESULT_SUCCESS"}, {"result": "RESULT_SKIPPED"}]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    mock_json(
        "POST",
        &format!("{base}:suggest"),
        json!({"sqlScript": "SELECT * FROM ", "position": 14}),
    )
    .and(query_param_is_missing("catalog"))
    .respond_with(ok(json!({"completions": [
        {"text": "orders", "type": "HINT_TYPE_TABLE"},
        {"text": "SOMETHING", "type": "HINT_TYPE_NEW_KIND"}
    ]})))
    .expect(1)
    .mount(&server)
    .await;

    let sql = client.sql_scripts("default").catalog("vvp");
    let answers = sql.execute_multi(statements, false).await.expect("multi");
    assert_eq!(answers.len(), 2);
    assert_eq!(answers[1].result, Some(StatementResult::Skipped));
    let completions = sql.suggest("SELECT * FROM ", 14).await.expect("suggest");
    assert_eq!(completions[0].type_, Some(HintType::Table));
    assert_eq!(
        completions[1].type_,
        Some(HintType::Other("HINT_TYPE_NEW_KIND".into()))
    );
}

#[tokio::test]
async fn sql_validate_400_is_an_error() {
    let (server, client) = setup().await;
    mock(
        "POST",
        "/sql/v1beta1/namespaces/default/sqlscripts:validate",
    )
    .respond_with(platform_error(
        400,
        "INVALID_ARGUMENT",
        "Statement must not be empty.",
    ))
    .expect(1)
    .mount(&server)
    .await;
    let err = client
        .sql_scripts("default")
        .validate("")
        .await
        .expect_err("400");
    assert_eq!(err.status(), Some(400));
    assert!(
        err.to_string().contains("Statement must not be empty."),
        "{err}"
    );
}

// ------------------------------------------------------------------------------------
// UDF artifacts

#[tokio::test]
async fn udf_artifacts_all_verbs() {
    let (server, client) = setup().await;
    let base = "/sql/v1beta1/namespaces/default/udfartifacts";
    let class = json!({"className": "a.F", "classType": "UDF_TYPE_SCALAR", "functionNames": ["f"],
                       "udfArtifactName": "namespaces/default/udfartifacts/other"});
    let stored = json!({"name": "namespaces/default/udfartifacts/my-udfs",
                        "jarUrl": "s3://bucket/udfs/my-udfs-1.0.jar",
                        "udfClasses": [class.clone()]});
    let sent = json!({"name": "namespaces/default/udfartifacts/my-udfs",
                      "jarUrl": "s3://bucket/udfs/my-udfs-1.0.jar"});
    mock("GET", base)
        .and(query_param("requireFunctionNames", "true"))
        .respond_with(ok(json!({"udfArtifacts": [stored.clone()]})))
        .expect(1)
        .mount(&server)
        .await;
    mock("GET", &format!("{base}/my-udfs"))
        .and(query_param_is_missing("requireFunctionNames"))
        .respond_with(ok(json!({"udfArtifact": stored.clone()})))
        .expect(1)
        .mount(&server)
        .await;
    mock_json("POST", base, sent.clone())
        .respond_with(ok(
            json!({"udfArtifact": stored.clone(), "collidingClasses": [class.clone()]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    mock_json("PUT", &format!("{base}/my-udfs"), sent)
        .respond_with(ok(
            json!({"udfArtifact": stored, "missingClasses": [class.clone()]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    mock("DELETE", &format!("{base}/my-udfs"))
        .respond_with(ok(json!({"referencedClasses": [class]})))
        .expect(1)
        .mount(&server)
        .await;

    let api = client.udf_artifacts("default");
    let body = UdfArtifact {
        name: Some("my-udfs".into()),
        jar_url: Some("s3://bucket/udfs/my-udfs-1.0.jar".into()),
        ..Default::default()
    };
    let all = api
        .clone()
        .require_function_names(true)
        .list()
        .await
        .expect("list");
    assert_eq!(all[0].function_names(), vec!["f"]);
    assert_eq!(
        api.get("my-udfs").await.expect("get").short_name(),
        Some("my-udfs")
    );
    let created = api.create(&body).await.expect("create");
    assert_eq!(created.colliding_classes.len(), 1);
    assert!(created.udf_artifact.is_some());
    let updated = api.update(&body).await.expect("update");
    let missing = updated.missing_classes;
    assert!(!missing.is_empty(), "missing");
    assert_eq!(missing[0].class_type, Some(UdfType::Scalar));
    let deleted = api.delete("my-udfs").await.expect("delete");
    assert_eq!(deleted.referenced_classes.len(), 1);
}

// ------------------------------------------------------------------------------------
// Autopilot

#[tokio::test]
async fn autopilot_all_verbs() {
    let (server, client) = setup().await;
    let base = "/autopilot/v1alpha1/namespaces/default";
    let policy = json!({"name": "p", "mode": "AUTOPILOT_MODE_MONITORING",
                        "autoscalerConfig": {"minParallelism": 1, "maxParallelism": 8}});
    mock("GET", base)
        .respond_with(ok(json!({"policies": [policy.clone()]})))
        .expect(1)
        .mount(&server)
        .await;
    mock(
        "GET",
        &format!("{base}/deployments/top-speed/autopilotpolicy"),
    )
    .respond_with(ok(json!({"policy": policy.clone()})))
    .expect(1)
    .mount(&server)
    .await;
    mock_json(
        "PUT",
        &format!("{base}/deployments/top-speed/autopilotpolicy"),
        policy.clone(),
    )
    .respond_with(ok(json!({"policy": policy})))
    .expect(1)
    .mount(&server)
    .await;
    let id = "5b0c4f3e-1d2a-4c3b-9f6e-0a1b2c3d4e5f";
    mock(
        "GET",
        &format!("{base}/deployments/{id}/autopilotpolicy:status"),
    )
    .respond_with(ok(json!({"status": {"status": "POLICY_STATUS_OK",
            "autoscalerStatus": {"sourceStatus": [{"vertexId": "v", "throughput": 12.5}]}}})))
    .expect(1)
    .mount(&server)
    .await;
    mock(
        "GET",
        &format!("{base}/deployments/top-speed/autopilotpolicy:recommendation"),
    )
    .respond_with(ok(
        json!({"recommendation": {"description": "scale up", "deploymentPatch": "{}"}}),
    ))
    .expect(1)
    .mount(&server)
    .await;

    let api = client.autopilot("default");
    assert_eq!(api.list_policies().await.expect("list").len(), 1);
    let mut p = api.get_policy("top-speed").await.expect("get");
    assert_eq!(p.mode, Some(AutopilotMode::Monitoring));
    p.modify_time = None;
    api.update_policy("top-speed", &p).await.expect("update");
    let status = api.status(id).await.expect("status");
    assert_eq!(status.status, Some(PolicyStatus::Ok));
    let r = api
        .recommendation("top-speed")
        .await
        .expect("recommendation");
    assert_eq!(r.description.as_deref(), Some("scale up"));

    let err = api.get_policy("Top Speed").await.expect_err("bad name");
    assert!(matches!(err, Error::InvalidName { .. }), "{err}");
}

// ------------------------------------------------------------------------------------
// Artifact storage (small files; the streaming upload is in platform_upload.rs)

/// The parts of a multipart body: (headers, content).
fn multipart_parts(content_type: &str, body: &[u8]) -> Vec<(String, Vec<u8>)> {
    let boundary = content_type
        .split("boundary=")
        .nth(1)
        .expect("boundary")
        .trim_matches('"');
    let delimiter = format!("--{boundary}");
    let mut parts = Vec::new();
    let mut rest = body;
    while let Some(start) = find(rest, delimiter.as_bytes()) {
        rest = &rest[start + delimiter.len()..];
        if rest.starts_with(b"--") {
            break;
        }
        let end = find(rest, delimiter.as_bytes()).expect("closing delimiter");
        let part = &rest[2..end - 2]; // strip the CRLF after the delimiter and before the next
        let split = find(part, b"\r\n\r\n").expect("part headers");
        let headers = String::from_utf8_lossy(&part[..split]).into_owned();
        parts.push((headers, part[split + 4..].to_vec()));
        rest = &rest[end..];
    }
    parts
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[tokio::test]
async fn artifacts_list_upload_delete() {
    let (server, client) = setup().await;
    let base = "/artifacts/v1/namespaces/default/artifacts";
    mock("GET", &format!("{base}:list"))
        .respond_with(ok(json!({"artifacts": [
            {"filename": "job-1.jar", "createTime": "2021-05-04T10:11:12Z"}
        ]})))
        .expect(1)
        .mount(&server)
        .await;
    mock("POST", &format!("{base}:upload"))
        .respond_with(ok(
            json!({"artifact": {"uri": "s3://vvp/artifacts/namespaces/default/job-2.jar"}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    mock("DELETE", &format!("{base}:delete"))
        .and(query_param("filename", "job 1+.jar"))
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    let api = client.artifacts("default");
    let listed = api.list().await.expect("list");
    assert_eq!(listed[0].filename.as_deref(), Some("job-1.jar"));
    assert!(listed[0].create_time.is_some());
    let stored = api
        .upload(
            "job-2.jar",
            ArtifactSource::bytes(b"PK\x03\x04jar".to_vec()),
        )
        .await
        .expect("upload");
    assert_eq!(
        stored.uri.as_deref(),
        Some("s3://vvp/artifacts/namespaces/default/job-2.jar")
    );
    api.delete("job 1+.jar").await.expect("delete");

    let requests = server.received_requests().await.expect("recorded");
    let upload = requests
        .iter()
        .find(|r| r.url.path().ends_with(":upload"))
        .expect("upload request");
    let content_type = upload
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .expect("content type");
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let parts = multipart_parts(content_type, &upload.body);
    assert_eq!(parts.len(), 1);
    assert!(parts[0].0.contains(r#"name="file""#), "{}", parts[0].0);
    assert!(
        parts[0].0.contains(r#"filename="job-2.jar""#),
        "{}",
        parts[0].0
    );
    assert_eq!(parts[0].1, b"PK\x03\x04jar");
}

#[tokio::test]
async fn artifacts_reject_bad_file_names_and_missing_files() {
    let (server, client) = setup().await;
    let api = client.artifacts("default");
    for bad in ["", "dir/job.jar", "..", "a\nb.jar"] {
        let err = api
            .upload(bad, ArtifactSource::bytes(vec![1]))
            .await
            .expect_err(bad);
        assert!(
            matches!(
                err,
                Error::InvalidName {
                    kind: "Artifact",
                    ..
                }
            ),
            "{err}"
        );
        assert!(matches!(
            api.delete(bad).await,
            Err(Error::InvalidName { .. })
        ));
    }
    let missing = std::path::Path::new("/nonexistent/vvp-test/job.jar");
    let err = api
        .upload("job.jar", missing)
        .await
        .expect_err("missing file");
    assert!(matches!(err, Error::Encode { .. }), "{err}");
    assert_nothing_sent(&server).await;
}

// ------------------------------------------------------------------------------------
// Real payloads from ../shared (read at run time) served through the handles: responses
// are unwrapped, documented request bodies are exactly what the SDK sends, real error
// bodies map to the right errors.

mod common;

fn shared_payload(name: &str) -> Option<Value> {
    let dir = common::shared_dir()?.join("reference/payloads");
    let text = std::fs::read_to_string(dir.join(name)).expect("payload");
    Some(serde_json::from_str(&text).expect("payload JSON"))
}

fn string_at<'a>(v: &'a Value, pointer: &str) -> &'a str {
    v.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no string at {pointer}"))
}

fn short(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

#[tokio::test]
async fn real_namespace_and_token_payloads_through_handles() {
    let Some(get) = shared_payload("namespace-get-vvpdocs-1.json") else {
        return;
    };
    let list = shared_payload("namespace-list-jupytervvp-1.json").expect("payload");
    let deleted = shared_payload("namespace-delete-vvpdocs-1.json").expect("payload");
    let create_req = shared_payload("namespace-create-request-vvpdocs-1.json").expect("payload");
    let token_req = shared_payload("apitoken-create-request-vvpdocs-1.json").expect("payload");
    let token_resp = shared_payload("apitoken-create-vvpdocs-1.json").expect("payload");

    let (server, client) = setup().await;
    let get_name = short(string_at(&get, "/namespace/name"));
    let deleted_name = short(string_at(&deleted, "/namespace/name"));
    mock("GET", "/namespaces/v1/namespaces")
        .respond_with(ok(list.clone()))
        .expect(1)
        .mount(&server)
        .await;
    mock("GET", &format!("/namespaces/v1/namespaces/{get_name}"))
        .respond_with(ok(get.clone()))
        .expect(1)
        .mount(&server)
        .await;
    mock(
        "DELETE",
        &format!("/namespaces/v1/namespaces/{deleted_name}"),
    )
    .respond_with(ok(deleted.clone()))
    .expect(1)
    .mount(&server)
    .await;
    mock_json("POST", "/namespaces/v1/namespaces", create_req.clone())
        .respond_with(ok(json!({"namespace": create_req})))
        .expect(1)
        .mount(&server)
        .await;
    let token_ns = string_at(&token_req, "/name")
        .split('/')
        .nth(1)
        .expect("ns");
    mock_json(
        "POST",
        &format!("/apitokens/v1/namespaces/{token_ns}/apitokens"),
        token_req.clone(),
    )
    .respond_with(ok(token_resp.clone()))
    .expect(1)
    .mount(&server)
    .await;

    let namespaces = client.namespaces();
    assert_eq!(
        serde_json::to_value(namespaces.list().await.expect("list").items).expect("json"),
        list["namespaces"]
    );
    let ns = namespaces.get(get_name).await.expect("get");
    assert_eq!(
        serde_json::to_value(&ns).expect("json")["name"],
        get["namespace"]["name"]
    );
    let gone = namespaces.delete(deleted_name).await.expect("delete");
    assert_eq!(gone.lifecycle_phase, Some(LifecyclePhase::Terminating));
    let to_create =
        Namespace::new(short(string_at(&create_req, "/name"))).with_role_binding(RoleBinding::new(
            Role::from(string_at(&create_req, "/roleBindings/0/role")),
            [string_at(&create_req, "/roleBindings/0/members/0")],
        ));
    namespaces.create(&to_create).await.expect("create");

    let token = client
        .api_tokens(token_ns)
        .create(
            short(string_at(&token_req, "/name")),
            Role::from(string_at(&token_req, "/role")),
        )
        .await
        .expect("create token");
    let secret = string_at(&token_resp, "/apiToken/secret");
    assert_eq!(token.secret.as_ref().map(|s| s.expose()), Some(secret));
    assert!(!format!("{token:?}").contains(secret));
}

#[tokio::test]
async fn real_catalog_payloads_and_errors_through_handles() {
    let Some(db) = shared_payload("catalog-getdatabase-catalogproxy-1.json") else {
        return;
    };
    let load = |n: &str| shared_payload(n).expect("payload");
    let dbs = load("catalog-listdatabases-catalogproxy-1.json");
    let function = load("catalog-getfunction-catalogproxy-1.json");
    let table = load("catalog-gettable-catalogproxy-1.json");
    let tables = load("catalog-listtables-catalogproxy-1.json");
    let view = load("catalog-getview-catalogproxy-1.json");
    let not_found_db = load("error-platform-notfound-catalogproxy-1.json");
    let not_found_catalog = load("error-platform-notfound-catalogproxy-2.json");
    let forbidden = load("error-forbidden-catalogproxy-1.json");

    let (server, client) = setup().await;
    let base = "/catalog/v1beta2/namespaces/default/catalogs/vvp";
    let db_name = string_at(&db, "/database/name");
    let fn_name = string_at(&function, "/function/name");
    let table_name = string_at(&table, "/table/name");
    let view_name = string_at(&view, "/view/name");
    for (verb, key, value, body) in [
        ("getDatabase", "database", db_name, &db),
        ("getFunction", "function", fn_name, &function),
        ("getTable", "table", table_name, &table),
        ("getView", "view", view_name, &view),
    ] {
        mock("GET", &format!("{base}:{verb}"))
            .and(query_param(key, value))
            .respond_with(ok(body.clone()))
            .expect(1)
            .mount(&server)
            .await;
    }
    mock("GET", &format!("{base}:listDatabases"))
        .respond_with(ok(dbs.clone()))
        .expect(1)
        .mount(&server)
        .await;
    mock("GET", &format!("{base}:listTables"))
        .respond_with(ok(tables.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let missing = "/catalog/v1beta2/namespaces/default/catalogs/missing";
    mock("GET", &format!("{missing}:getDatabase"))
        .respond_with(ResponseTemplate::new(404).set_body_json(not_found_db.clone()))
        .expect(1)
        .mount(&server)
        .await;
    mock("GET", &format!("{missing}:listDatabases"))
        .respond_with(ResponseTemplate::new(404).set_body_json(not_found_catalog.clone()))
        .expect(1)
        .mount(&server)
        .await;
    mock(
        "GET",
        "/catalog/v1beta2/namespaces/locked/catalogs/vvp:listDatabases",
    )
    .respond_with(ResponseTemplate::new(403).set_body_json(forbidden))
    .expect(1)
    .mount(&server)
    .await;

    let c = client.catalogs("default");
    assert_eq!(
        to_json(&c.get_database("vvp", db_name).await.expect("db")),
        without_empty(&db["database"])
    );
    assert_eq!(
        to_json(&c.list_databases("vvp").await.expect("dbs")),
        without_empty(&dbs["databases"])
    );
    assert_eq!(
        to_json(&c.get_function("vvp", None, fn_name).await.expect("fn")),
        without_empty(&function["function"])
    );
    assert_eq!(
        to_json(&c.get_table("vvp", None, table_name).await.expect("t")),
        without_empty(&table["table"])
    );
    assert_eq!(
        to_json(&c.list_tables("vvp", None).await.expect("ts")),
        without_empty(&tables["tables"])
    );
    assert_eq!(
        to_json(&c.get_view("vvp", None, view_name).await.expect("v")),
        without_empty(&view["view"])
    );

    let err = c.get_database("missing", "x").await.expect_err("404");
    assert!(err.is_not_found(), "{err}");
    assert!(
        err.to_string()
            .contains(string_at(&not_found_db, "/description")),
        "{err}"
    );
    let err = c.list_databases("missing").await.expect_err("404");
    assert!(err.is_not_found(), "{err}");
    assert!(
        err.to_string()
            .contains(string_at(&not_found_catalog, "/description")),
        "{err}"
    );
    let err = client
        .catalogs("locked")
        .list_databases("vvp")
        .await
        .expect_err("403");
    assert!(err.is_forbidden(), "{err}");
}

fn to_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("serializes")
}

/// `value` without object members that are `[]` or `{}`: the generated types read those as
/// an empty `Vec`/`BTreeMap`, like an absent member, and do not write them back.
fn without_empty(value: &Value) -> Value {
    match value {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, v)| {
                    !(v.as_array().is_some_and(Vec::is_empty)
                        || v.as_object().is_some_and(serde_json::Map::is_empty))
                })
                .map(|(k, v)| (k.clone(), without_empty(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(without_empty).collect()),
        other => other.clone(),
    }
}

#[tokio::test]
async fn real_sql_and_udf_payloads_through_handles() {
    let Some(validate) = shared_payload("sqlscript-validate-jupytervvp-2.json") else {
        return;
    };
    let load = |n: &str| shared_payload(n).expect("payload");
    let execute = load("sqlscript-execute-jupytervvp-1.json");
    let execute_req = load("sqlscript-execute-sreworks-1.json");
    let multi_req = load("sqlscript-executemulti-sreworks-1.json");
    let udf_create = load("udfartifact-create-sreworks-1.json");
    let udf_update = load("udfartifact-update-sreworks-1.json");

    let (server, client) = setup().await;
    let sql = "/sql/v1beta1/namespaces/default/sqlscripts";
    mock_json(
        "POST",
        &format!("{sql}:validate"),
        json!({"statement": "SELEC"}),
    )
    .respond_with(ok(validate.clone()))
    .expect(1)
    .mount(&server)
    .await;
    // The exact bodies SREWorks sends, produced by the SDK from the same statements.
    mock_json("POST", &format!("{sql}:execute"), execute_req.clone())
        .respond_with(ok(execute.clone()))
        .expect(1)
        .mount(&server)
        .await;
    mock_json("POST", &format!("{sql}:execute-multi"), multi_req.clone())
        .and(query_param("stopOnError", "false"))
        .respond_with(ok(json!({"responses": [execute.clone()]})))
        .expect(1)
        .mount(&server)
        .await;
    let udf_ns = string_at(&udf_create, "/name")
        .split('/')
        .nth(1)
        .expect("ns");
    let udf_name = short(string_at(&udf_create, "/name"));
    let udf = format!("/sql/v1beta1/namespaces/{udf_ns}/udfartifacts");
    mock_json("POST", &udf, udf_create.clone())
        .respond_with(ok(json!({"udfArtifact": udf_create})))
        .expect(1)
        .mount(&server)
        .await;
    mock_json("PUT", &format!("{udf}/{udf_name}"), udf_update.clone())
        .respond_with(ok(json!({"udfArtifact": udf_update})))
        .expect(1)
        .mount(&server)
        .await;

    let api = client.sql_scripts("default");
    let v = api.validate("SELEC").await.expect("validate");
    assert_eq!(serde_json::to_value(&v).expect("json"), validate);
    let e = api
        .execute(string_at(&execute_req, "/statement"))
        .await
        .expect("execute");
    assert_eq!(serde_json::to_value(&e).expect("json"), execute);
    let statements: Vec<String> = serde_json::from_value(multi_req).expect("strings");
    let answers = api.execute_multi(statements, false).await.expect("multi");
    assert_eq!(answers.len(), 1);

    let udfs = client.udf_artifacts(udf_ns);
    let created = udfs
        .create(&UdfArtifact {
            name: Some(udf_name.to_owned()),
            ..Default::default()
        })
        .await
        .expect("create");
    assert!(created.udf_artifact.is_some());
    udfs.update(&UdfArtifact {
        name: Some(udf_name.to_owned()),
        jar_url: Some(string_at(&udf_update, "/jarUrl").to_owned()),
        ..Default::default()
    })
    .await
    .expect("update");
}

/// Code generic over [`vvp::Resource`] drives any kind through the one handle: the same
/// function lists connectors, SQL scripts and deployments from their own collections.
#[tokio::test]
async fn generic_code_over_platform_resource_kinds() {
    use vvp::{Api, Listable, Resource};

    async fn count<K: Listable>(api: &Api<K>) -> Result<usize, Error> {
        Ok(api.list().await?.len())
    }

    let (server, client) = setup().await;
    mock("GET", "/sql/v1beta1/namespaces/default/connectors")
        .respond_with(ok(json!({"connectors": [
            {"name": "namespaces/default/connectors/kafka"},
            {"name": "namespaces/default/connectors/jdbc"}
        ]})))
        .expect(1)
        .mount(&server)
        .await;
    mock("GET", "/sql/v1beta1/namespaces/default/sqlscripts")
        .respond_with(ok(json!({"sqlScripts": [
            {"name": "namespaces/default/sqlscripts/a", "script": "SELECT 1"}
        ]})))
        .expect(1)
        .mount(&server)
        .await;

    let connectors: Api<Connector> = client.connectors("default");
    assert_eq!(count(&connectors).await.expect("connectors"), 2);
    assert_eq!(
        count(&client.sql_scripts("default"))
            .await
            .expect("scripts"),
        1
    );
    assert_eq!(connectors.namespace(), "default");
    assert_eq!(
        <SqlScript as Resource>::PATH,
        "sqlscripts",
        "the facts are readable"
    );
}
