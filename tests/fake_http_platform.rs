//! Black-box HTTP tests of `vvp::testing::FakePlatform`: the Platform API (namespaces,
//! API tokens, SQL, catalogs, connectors, formats, UDF artifacts, artifacts), authentication
//! and fault injection, spoken to with plain `reqwest`.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use vvp::testing::{FakePlatform, Role};

async fn call(
    fake: &FakePlatform,
    token: Option<&str>,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut rb = reqwest::Client::new().request(method, format!("{}{path}", fake.url()));
    if let Some(t) = token {
        rb = rb.bearer_auth(t);
    }
    if let Some(b) = body {
        rb = rb.json(&b);
    }
    let resp = rb.send().await.expect("request");
    let status = resp.status();
    let text = resp.text().await.expect("body");
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn get(fake: &FakePlatform, path: &str) -> (StatusCode, Value) {
    call(fake, None, Method::GET, path, None).await
}

async fn post(fake: &FakePlatform, path: &str, body: Value) -> (StatusCode, Value) {
    call(fake, None, Method::POST, path, Some(body)).await
}

#[tokio::test]
async fn namespaces_crud_and_terminating_delete() {
    let fake = FakePlatform::start().await;
    let (s, v) = get(&fake, "/namespaces/v1/namespaces").await;
    assert_eq!(s, 200);
    assert_eq!(v["namespaces"][0]["name"], "namespaces/default");
    assert_eq!(
        v["namespaces"][0]["lifecyclePhase"],
        "LIFECYCLE_PHASE_ACTIVE"
    );

    let body = json!({"name": "namespaces/team-a", "roleBindings": [{"role": "owner", "members": ["system:authenticated"]}]});
    let (s, v) = post(&fake, "/namespaces/v1/namespaces", body.clone()).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["namespace"]["name"], "namespaces/team-a");
    assert!(v["namespace"]["createTime"].is_string());
    let (s, e) = post(&fake, "/namespaces/v1/namespaces", body).await;
    assert_eq!(s, 409);
    assert_eq!(e["code"], "ALREADY_EXISTS");
    assert_eq!(e["ok"], false);
    assert!(e.get("cause").is_some());
    let (s, e) = post(
        &fake,
        "/namespaces/v1/namespaces",
        json!({"name": "namespaces/Bad"}),
    )
    .await;
    assert_eq!(s, 400, "{e}");

    // The new namespace serves the Application Manager API.
    let (s, _) = get(&fake, "/api/v1/namespaces/team-a/deployments").await;
    assert_eq!(s, 200);

    let (s, v) = call(
        &fake,
        None,
        Method::PATCH,
        "/namespaces/v1/namespaces/team-a",
        Some(json!({"roleBindings": [{"role": "viewer", "members": ["user:bob"]}]})),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(v["namespace"]["roleBindings"][0]["role"], "viewer");
    let (s, v) = call(
        &fake,
        None,
        Method::PUT,
        "/namespaces/v1/namespaces/team-b",
        Some(json!({"name": "namespaces/team-b"})),
    )
    .await;
    assert_eq!(s, 200, "{v}");

    let (s, v) = call(
        &fake,
        None,
        Method::DELETE,
        "/namespaces/v1/namespaces/team-a",
        None,
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(
        v["namespace"]["lifecyclePhase"],
        "LIFECYCLE_PHASE_TERMINATING"
    );
    let (s, _) = post(
        &fake,
        "/api/v1/namespaces/team-a/deployment-targets",
        json!({"metadata": {"name": "t"}}),
    )
    .await;
    assert_eq!(s, 409, "nothing can be created in a terminating namespace");
    fake.tick().await;
    let (s, e) = get(&fake, "/namespaces/v1/namespaces/team-a").await;
    assert_eq!(s, 404);
    assert_eq!(e["code"], "NOT_FOUND");
}

#[tokio::test]
async fn preview_session_cluster() {
    let fake = FakePlatform::start().await;
    let path = "/namespaces/v1/namespaces/default:setPreviewSessionCluster";
    let (s, _) = post(
        &fake,
        path,
        json!({"name": "namespaces/default", "previewSessionClusterName": "sc"}),
    )
    .await;
    assert_eq!(s, 404, "no such session cluster");
    post(
        &fake,
        "/api/v1/namespaces/default/sessionclusters",
        json!({"metadata": {"name": "sc"}, "spec": {"state": "STOPPED"}}),
    )
    .await;
    let (s, v) = post(
        &fake,
        path,
        json!({"name": "namespaces/default", "previewSessionClusterName": "sc"}),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let (_, v) = get(&fake, "/namespaces/v1/namespaces/default").await;
    assert_eq!(v["namespace"]["previewSessionClusterName"], "sc");
}

#[tokio::test]
async fn api_tokens_secret_only_on_create_and_usable() {
    let fake = FakePlatform::builder().with_token("admin").start().await;
    let base = "/apitokens/v1/namespaces/default/apitokens";
    let (s, v) = call(
        &fake,
        Some("admin"),
        Method::POST,
        base,
        Some(json!({"name": "namespaces/default/apitokens/ci-token", "role": "editor"})),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(
        v["apiToken"]["name"],
        "namespaces/default/apitokens/ci-token"
    );
    assert_eq!(v["apiToken"]["role"], "editor");
    assert!(v["apiToken"]["createTime"].is_string());
    let secret = v["apiToken"]["secret"].as_str().unwrap().to_string();
    let (s, _) = call(
        &fake,
        Some("admin"),
        Method::POST,
        base,
        Some(json!({"name": "namespaces/default/apitokens/ci-token", "role": "editor"})),
    )
    .await;
    assert_eq!(s, 409);
    let (_, v) = call(
        &fake,
        Some("admin"),
        Method::GET,
        &format!("{base}/ci-token"),
        None,
    )
    .await;
    assert!(v["apiToken"].get("secret").is_none());
    let (_, v) = call(&fake, Some("admin"), Method::GET, base, None).await;
    assert!(v["apiTokens"][0].get("secret").is_none());

    // The created secret is a credential: editor in `default`, nothing elsewhere.
    let (s, _) = call(
        &fake,
        Some(&secret),
        Method::GET,
        "/api/v1/namespaces/default/deployments",
        None,
    )
    .await;
    assert_eq!(s, 200);
    let (s, _) = call(&fake, Some(&secret), Method::GET, base, None).await;
    assert_eq!(s, 403, "managing tokens needs owner");

    let (s, v) = call(
        &fake,
        Some("admin"),
        Method::DELETE,
        &format!("{base}/ci-token"),
        None,
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(v, json!({}));
    let (s, _) = call(
        &fake,
        Some(&secret),
        Method::GET,
        "/api/v1/namespaces/default/deployments",
        None,
    )
    .await;
    assert_eq!(s, 401, "deleted token");
}

#[tokio::test]
async fn auth_401_and_403() {
    let fake = FakePlatform::builder()
        .with_token("admin")
        .with_namespace("other")
        .with_namespace_token("ns-owner", "other")
        .with_scoped_token("reader", "default", Role::Viewer)
        .start()
        .await;
    let d = "/api/v1/namespaces/default/deployments";
    let (s, e) = call(&fake, None, Method::GET, d, None).await;
    assert_eq!(s, 401);
    assert_eq!(e["status"], 401);
    assert_eq!(
        call(&fake, Some("wrong"), Method::GET, d, None).await.0,
        401
    );
    assert_eq!(
        call(&fake, Some("admin"), Method::GET, d, None).await.0,
        200
    );
    let (s, e) = call(&fake, Some("ns-owner"), Method::GET, d, None).await;
    assert_eq!(s, 403);
    assert_eq!(e["error"], "Forbidden");
    assert_eq!(
        call(
            &fake,
            Some("ns-owner"),
            Method::GET,
            "/api/v1/namespaces/other/deployments",
            None
        )
        .await
        .0,
        200
    );
    assert_eq!(
        call(&fake, Some("reader"), Method::GET, d, None).await.0,
        200
    );
    let (s, _) = call(
        &fake,
        Some("reader"),
        Method::POST,
        "/api/v1/namespaces/default/deployment-targets",
        Some(json!({"metadata": {"name": "t"}})),
    )
    .await;
    assert_eq!(s, 403, "viewer cannot write");
    let (s, _) = call(
        &fake,
        Some("ns-owner"),
        Method::POST,
        "/namespaces/v1/namespaces",
        Some(json!({"name": "namespaces/x"})),
    )
    .await;
    assert_eq!(s, 403, "only the admin token creates namespaces");
    assert_eq!(fake.token(), Some("admin"));
}

#[tokio::test]
async fn sql_validate_execute_and_catalog() {
    let fake = FakePlatform::start().await;
    let sql = "/sql/v1beta1/namespaces/default/sqlscripts";
    let (_, v) = post(
        &fake,
        &format!("{sql}:validate"),
        json!({"statement": "SELECT * FROM x"}),
    )
    .await;
    assert_eq!(
        v["validationResult"],
        "VALIDATION_RESULT_VALID_SELECT_QUERY"
    );
    let (_, v) = post(
        &fake,
        &format!("{sql}:validate"),
        json!({"statement": "CREATE TABLE t (id INT)"}),
    )
    .await;
    assert_eq!(
        v["validationResult"],
        "VALIDATION_RESULT_VALID_DDL_STATEMENT"
    );
    let (_, v) = post(
        &fake,
        &format!("{sql}:validate"),
        json!({"statement": "SHOW TABLES"}),
    )
    .await;
    assert_eq!(
        v["validationResult"],
        "VALIDATION_RESULT_VALID_COMMAND_STATEMENT"
    );
    let (_, v) = post(
        &fake,
        &format!("{sql}:validate"),
        json!({"statement": "hello world"}),
    )
    .await;
    assert_eq!(v["validationResult"], "VALIDATION_RESULT_INVALID_QUERY");
    assert_eq!(v["errorDetails"]["lineNumber"], 1);
    assert_eq!(v["errorDetails"]["columnNumber"], 1);
    let (_, v) = post(
        &fake,
        &format!("{sql}:validate"),
        json!({"statement": "INSERT INTO sink SELECT 1"}),
    )
    .await;
    assert_eq!(
        v["validationResult"], "VALIDATION_RESULT_INVALID_QUERY",
        "unknown table"
    );

    let (s, v) = post(&fake, &format!("{sql}:execute"), json!({"statement": "CREATE TABLE `vvp`.`default`.`sink` (id INT, s STRING) WITH ('connector' = 'print')"})).await;
    assert_eq!(s, 200);
    assert_eq!(v["result"], "RESULT_SUCCESS");
    let (_, v) = post(
        &fake,
        &format!("{sql}:validate"),
        json!({"statement": "INSERT INTO sink SELECT 1, 'a'"}),
    )
    .await;
    assert_eq!(
        v["validationResult"],
        "VALIDATION_RESULT_VALID_INSERT_QUERY"
    );
    let (_, v) = post(
        &fake,
        &format!("{sql}:execute"),
        json!({"statement": "CREATE TABLE sink (x INT)"}),
    )
    .await;
    assert_eq!(v["result"], "RESULT_ERROR_WITH_DETAILS");
    assert_eq!(
        v["errorMessage"]["message"],
        "Table `vvp`.`default`.`sink` already exists."
    );
    let (_, v) = post(
        &fake,
        &format!("{sql}:execute"),
        json!({"statement": "DESCRIBE sink"}),
    )
    .await;
    assert_eq!(v["result"], "RESULT_SUCCESS_WITH_ROWS");
    assert_eq!(
        v["resultTable"]["rows"][1]["cells"][1]["value"],
        "VARCHAR(2147483647)"
    );

    let cat = "/catalog/v1beta2/namespaces/default/catalogs";
    let (_, v) = get(&fake, cat).await;
    assert_eq!(v["catalogs"].as_array().unwrap().len(), 1);
    let (_, v) = get(&fake, &format!("{cat}/vvp:listDatabases")).await;
    assert_eq!(v["databases"][0]["name"], "default");
    let (_, v) = get(&fake, &format!("{cat}/vvp:listTables?database=default")).await;
    assert_eq!(v["tables"][0]["name"], "sink");
    assert_eq!(v["tables"][0]["properties"]["connector"], "print");
    let (s, v) = get(
        &fake,
        &format!("{cat}/vvp:getTable?database=default&table=sink"),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(v["table"]["schema"]["column"][0]["name"], "id");
    let (s, e) = get(&fake, &format!("{cat}/vvp:getDatabase?database=default2")).await;
    assert_eq!(s, 404);
    assert_eq!(
        e["description"],
        "Database default2 does not exist in Catalog vvp."
    );
    let (s, e) = get(&fake, &format!("{cat}/vvp2:listDatabases")).await;
    assert_eq!(s, 404);
    assert_eq!(e["description"], "Catalog vvp2 does not exist.");

    let (_, v) = post(
        &fake,
        &format!("{sql}:execute-multi"),
        json!([
            "CREATE FUNCTION f AS 'com.x.F'",
            "garbage",
            "CREATE TABLE u (x INT)"
        ]),
    )
    .await;
    let results: Vec<_> = v["responses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["result"].clone())
        .collect();
    assert_eq!(
        results,
        vec![
            json!("RESULT_SUCCESS"),
            json!("RESULT_ERROR_WITH_DETAILS"),
            json!("RESULT_SKIPPED")
        ]
    );
    let (_, v) = post(
        &fake,
        &format!("{sql}:execute-multi?stopOnError=false"),
        json!(["garbage", "CREATE TABLE u (x INT)"]),
    )
    .await;
    assert_eq!(v["responses"][1]["result"], "RESULT_SUCCESS");
    let (_, v) = get(&fake, &format!("{cat}/vvp:listFunctions?database=default")).await;
    assert_eq!(v["functions"][0]["className"], "com.x.F");

    let (_, v) = post(
        &fake,
        &format!("{sql}:suggest"),
        json!({"sqlScript": "SELECT * FROM si", "position": 16}),
    )
    .await;
    assert_eq!(
        v["completions"][0],
        json!({"text": "sink", "type": "HINT_TYPE_TABLE"})
    );
}

#[tokio::test]
async fn sql_scripts_connectors_formats_udfs_crud() {
    let fake = FakePlatform::start().await;
    let base = "/sql/v1beta1/namespaces/default";
    let (s, v) = post(
        &fake,
        &format!("{base}/sqlscripts"),
        json!({"name": "namespaces/default/sqlscripts/q1", "script": "SELECT 1"}),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["sqlScript"]["name"], "namespaces/default/sqlscripts/q1");
    assert!(v["sqlScript"]["createTime"].is_string());
    assert_eq!(
        post(&fake, &format!("{base}/sqlscripts"), json!({"name": "q1"}))
            .await
            .0,
        409
    );
    let (_, v) = get(&fake, &format!("{base}/sqlscripts")).await;
    assert_eq!(v["sqlScripts"].as_array().unwrap().len(), 1);
    let (s, v) = call(
        &fake,
        None,
        Method::PUT,
        &format!("{base}/sqlscripts/q1"),
        Some(json!({"name": "namespaces/default/sqlscripts/q1", "script": "SELECT 2"})),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(v["sqlScript"]["script"], "SELECT 2");
    assert_eq!(
        call(
            &fake,
            None,
            Method::DELETE,
            &format!("{base}/sqlscripts/q1"),
            None
        )
        .await
        .1,
        json!({})
    );
    assert_eq!(get(&fake, &format!("{base}/sqlscripts/q1")).await.0, 404);

    for (coll, one, many) in [
        ("connectors", "connector", "connectors"),
        ("formats", "format", "formats"),
        (
            "catalog-connectors",
            "catalogConnector",
            "catalogConnectors",
        ),
    ] {
        let (s, v) = post(
            &fake,
            &format!("{base}/{coll}"),
            json!({"name": "my-thing", "type": "x"}),
        )
        .await;
        assert_eq!(s, 200, "{coll}: {v}");
        assert_eq!(
            v[one]["name"],
            format!("namespaces/default/{coll}/my-thing")
        );
        let (_, v) = get(&fake, &format!("{base}/{coll}")).await;
        assert_eq!(v[many].as_array().unwrap().len(), 1);
        let (s, _) = get(&fake, &format!("{base}/{coll}/my-thing")).await;
        assert_eq!(s, 200);
        let (s, _) = call(
            &fake,
            None,
            Method::DELETE,
            &format!("{base}/{coll}/my-thing"),
            None,
        )
        .await;
        assert_eq!(s, 200);
    }

    let (s, v) = post(
        &fake,
        &format!("{base}/udfartifacts"),
        json!({"name": "namespaces/default/udfartifacts/metric-alarm-12-snapshot"}),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(v["collidingClasses"], json!([]));
    let (s, v) = call(&fake, None, Method::PUT, &format!("{base}/udfartifacts/metric-alarm-12-snapshot"), Some(json!({"name": "namespaces/default/udfartifacts/metric-alarm-12-snapshot", "jarUrl": "s3://vvp/u.jar"}))).await;
    assert_eq!(s, 200);
    assert_eq!(v["udfArtifact"]["jarUrl"], "s3://vvp/u.jar");
    assert!(v["udfArtifact"]["jarUpdateTime"].is_string());
    let (_, v) = call(
        &fake,
        None,
        Method::DELETE,
        &format!("{base}/udfartifacts/metric-alarm-12-snapshot"),
        None,
    )
    .await;
    assert_eq!(v, json!({"referencedClasses": []}));
}

#[tokio::test]
async fn artifacts_upload_list_delete() {
    let fake = FakePlatform::start().await;
    let base = format!("{}/artifacts/v1/namespaces/default", fake.url());
    let http = reqwest::Client::new();
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(vec![7u8; 1234]).file_name("job.jar"),
    );
    let resp = http
        .post(format!("{base}/artifacts:upload"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let v: Value = resp.json().await.unwrap();
    assert_eq!(
        v["artifact"]["uri"],
        "s3://vvp/artifacts/namespaces/default/job.jar"
    );
    let v: Value = http
        .get(format!("{base}/artifacts:list"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["artifacts"][0]["filename"], "job.jar");
    assert_eq!(v["artifacts"][0]["size"], 1234);
    let resp = http
        .delete(format!("{base}/artifacts:delete?filename=job.jar"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let resp = http
        .delete(format!("{base}/artifacts:delete?filename=job.jar"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 404);
    let resp = http
        .post(format!("{base}/artifacts:upload"))
        .body("not multipart")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
}

#[tokio::test]
async fn fail_next_answers_errors_then_recovers() {
    let fake = FakePlatform::start().await;
    fake.fail_next(2, "GET /api/v1/namespaces/default/deployments", 503)
        .await;
    let d = "/api/v1/namespaces/default/deployments";
    let (s, e) = get(&fake, d).await;
    assert_eq!(s, 503);
    assert_eq!(e["kind"], "ApiException");
    assert_eq!(e["statusCode"], 503);
    // Other methods/paths are not affected.
    assert_eq!(get(&fake, "/api/v1/namespaces/default/events").await.0, 200);
    assert_eq!(get(&fake, d).await.0, 503);
    assert_eq!(get(&fake, d).await.0, 200);

    fake.fail_next(1, "/namespaces/v1", 500).await;
    let (s, e) = get(&fake, "/namespaces/v1/namespaces").await;
    assert_eq!(s, 500);
    assert_eq!(e["ok"], false, "Platform error shape");

    let log = fake.requests().await;
    let statuses: Vec<_> = log.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        vec![Some(503), Some(200), Some(503), Some(200), Some(500)]
    );
    assert_eq!(log[0].method, "GET");
    assert_eq!(log[0].path, d);
}

#[tokio::test]
async fn drop_next_connection_closes_without_processing() {
    let fake = FakePlatform::start().await;
    let path = "/api/v1/namespaces/default/deployment-targets";
    fake.drop_next_connection(format!("POST {path}")).await;
    let http = reqwest::Client::new();
    let body = json!({"metadata": {"name": "t"}, "spec": {}});
    let err = http
        .post(format!("{}{path}", fake.url()))
        .json(&body)
        .send()
        .await;
    assert!(err.is_err(), "connection dropped: {err:?}");
    let (_, v) = get(&fake, path).await;
    assert_eq!(v["items"], json!([]), "request was not processed");
    let resp = http
        .post(format!("{}{path}", fake.url()))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    assert_eq!(fake.requests().await[0].status, None);
}

#[tokio::test]
async fn drop_next_response_processes_then_closes() {
    let fake = FakePlatform::start().await;
    let path = "/api/v1/namespaces/default/deployment-targets";
    fake.drop_next_response(path).await;
    let http = reqwest::Client::new();
    let body = json!({"metadata": {"name": "t"}, "spec": {}});
    assert!(http
        .post(format!("{}{path}", fake.url()))
        .json(&body)
        .send()
        .await
        .is_err());
    // The change happened: a retry of the create conflicts.
    let resp = http
        .post(format!("{}{path}", fake.url()))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 409);
}

#[tokio::test]
async fn latency_delays_answers() {
    let fake = FakePlatform::start().await;
    fake.set_latency_for("/api/v1/status", Duration::from_secs(30))
        .await;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let slow = http
        .get(format!("{}/api/v1/status", fake.url()))
        .send()
        .await;
    assert!(slow.is_err_and(|e| e.is_timeout()));
    let fast = http
        .get(format!("{}/api/v1/namespaces/default/events", fake.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(fast.status(), 200);
    fake.set_latency_for("/api/v1/status", Duration::ZERO).await;
    assert_eq!(
        http.get(format!("{}/api/v1/status", fake.url()))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
}

#[tokio::test]
async fn never_panics_on_odd_requests() {
    let fake = FakePlatform::start().await;
    // Some objects to hit by name.
    post(
        &fake,
        "/api/v1/namespaces/default/deployment-targets",
        json!({"metadata": {"name": "t"}, "spec": {}}),
    )
    .await;
    post(
        &fake,
        "/api/v1/namespaces/default/sessionclusters",
        json!({"metadata": {"name": "sc"}, "spec": {}}),
    )
    .await;
    let paths = [
        "/",
        "/api",
        "/api/v1/status",
        "/api/v1/namespaces/default/deployments",
        "/api/v1/namespaces/default/deployments/x",
        "/api/v1/namespaces/default/deployments/00000000-0000-4000-8000-000000000000",
        "/api/v1/namespaces/default/deployment-targets/t",
        "/api/v1/namespaces/default/sessionclusters/sc",
        "/api/v1/namespaces/default/secret-values/s",
        "/api/v1/namespaces/default/deployment-defaults",
        "/api/v1/namespaces/default/events?deploymentId=nope",
        "/api/v1/namespaces/default/jobs/x",
        "/api/v1/namespaces/default/savepoints",
        "/api/v1/namespaces/default/savepoints/00000000-0000-4000-8000-000000000000?force=true",
        "/api/v1/namespaces/%FF%FE/deployments",
        "/namespaces/v1/namespaces",
        "/namespaces/v1/namespaces/default",
        "/namespaces/v1/namespaces/default:nope",
        "/namespaces/v1/namespaces/default:setPreviewSessionCluster",
        "/apitokens/v1/namespaces/default/apitokens",
        "/apitokens/v1/namespaces/default/apitokens/a/b",
        "/sql/v1beta1/namespaces/default/sqlscripts:validate",
        "/sql/v1beta1/namespaces/default/sqlscripts:execute",
        "/sql/v1beta1/namespaces/default/sqlscripts:execute-multi",
        "/sql/v1beta1/namespaces/default/sqlscripts:suggest",
        "/sql/v1beta1/namespaces/default/udfartifacts/u:upload-jar",
        "/sql/v1beta1/namespaces/default/connectors/c:list-tables",
        "/catalog/v1beta2/namespaces/default/catalogs/vvp:getTable",
        "/artifacts/v1/namespaces/default/artifacts:upload",
    ];
    let bodies: Vec<Option<(&str, String)>> = vec![
        None,
        Some(("application/json", String::new())),
        Some(("application/json", "{".into())),
        Some(("application/json", "null".into())),
        Some(("application/json", "[\"SELECT 1\", 5]".into())),
        Some(("application/json", r#"{"metadata": 5, "spec": []}"#.into())),
        Some(("application/json", r#"{"metadata": {"name": "x", "labels": {"a": 1}}, "spec": {"state": 5}}"#.into())),
        Some(("application/json", r#"{"metadata": {"name": "x", "deploymentId": "00000000-0000-4000-8000-000000000000"}, "spec": {"state": "RUNNING", "deploymentTargetId": 7, "template": {"spec": {"artifact": 3, "flinkConfiguration": {"a": {"b": 1}}}}}}"#.into())),
        Some(("application/json", r#"{"name": 5, "roleBindings": {"x": 1}, "statement": 3, "sqlScript": "SEL", "position": 99999999999}"#.into())),
        Some(("application/json", format!("{}{}", "[".repeat(5000), "]".repeat(5000)))),
        Some(("application/yaml", "a: &a [*a]".into())),
        Some(("application/yaml", "- - - - x\n".into())),
        Some(("multipart/form-data; boundary=xyz", "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../x\"\r\n\r\nabc\r\n--xyz--".into())),
        Some(("multipart/form-data; boundary=", "--\r\n".into())),
    ];
    let http = reqwest::Client::new();
    for path in paths {
        for method in [
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ] {
            for body in &bodies {
                let mut rb = http.request(method.clone(), format!("{}{path}", fake.url()));
                if let Some((ct, b)) = body {
                    rb = rb.header("content-type", *ct).body(b.clone());
                }
                let resp = rb
                    .send()
                    .await
                    .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
                assert!(
                    resp.status().as_u16() < 500,
                    "{method} {path} {body:?}: {}",
                    resp.status()
                );
            }
        }
    }
    fake.advance(5).await;
    assert_eq!(get(&fake, "/api/v1/status").await.0, 200);
}

#[tokio::test]
async fn scoped_token_sees_only_its_namespace() {
    let fake = FakePlatform::builder()
        .with_token("admin")
        .with_namespace("team-a")
        .with_namespace_token("a", "team-a")
        .start()
        .await;
    let (_, v) = call(
        &fake,
        Some("admin"),
        Method::GET,
        "/namespaces/v1/namespaces",
        None,
    )
    .await;
    assert_eq!(v["namespaces"].as_array().unwrap().len(), 2);
    let (_, v) = call(
        &fake,
        Some("a"),
        Method::GET,
        "/namespaces/v1/namespaces",
        None,
    )
    .await;
    assert_eq!(v["namespaces"], json!([v["namespaces"][0].clone()]));
    assert_eq!(v["namespaces"][0]["name"], "namespaces/team-a");
}
