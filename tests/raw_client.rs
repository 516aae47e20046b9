//! The generated raw clients (`vvp::raw`) against a wiremock server.

/// The generated Platform client sends the `RawAuth` header (via its `ClientHooks` impl).
#[tokio::test]
async fn raw_client_sends_the_authorization_header() {
    use vvp::raw::{platform, RawAuth};
    use wiremock::matchers::{header, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/namespaces/v1/namespaces"))
        .and(header("authorization", "Bearer t0ken"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"namespaces": [{"name": "default"}]})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let auth = RawAuth::bearer("t0ken").expect("a valid header value");
    let client = platform::Client::new_with_client(&server.uri(), reqwest::Client::new(), auth);
    let answer = client.list_namespaces().await.expect("listed");
    let body = serde_json::to_value(answer.into_inner()).expect("serializable");
    assert_eq!(body["namespaces"][0]["name"], "default");

    let unauthenticated =
        platform::Client::new_with_client(&server.uri(), reqwest::Client::new(), RawAuth::none());
    assert!(
        unauthenticated.list_namespaces().await.is_err(),
        "no mock matches without auth"
    );
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 2);
    assert!(!requests[1].headers.contains_key("authorization"));
}

/// A deployment as a newer server might send it: an enum value and fields this crate's specs
/// do not know, at the top and nested.
fn newer_deployment() -> serde_json::Value {
    serde_json::json!({
        "kind": "Deployment",
        "apiVersion": "v1",
        "metadata": {"name": "orders", "namespace": "default", "futureMetadata": {"a": 1}},
        "spec": {
            "state": "RUNNING",
            "deploymentTargetName": "t",
            "upgradeStrategy": {"kind": "BLUE_GREEN", "speed": "fast"},
            "futureSpecField": [1, 2, 3],
            "template": {"spec": {"artifact": {"kind": "JAR", "jarUri": "s3://a.jar"}}}
        },
        "status": {"state": "SCALING", "futureStatus": true},
        "futureTopLevel": "kept"
    })
}

/// The raw Application Manager client decodes an unknown enum value and unknown fields, and a
/// read-modify-write sends all of them back.
#[tokio::test]
async fn raw_client_keeps_unknown_enum_values_and_fields() {
    use vvp::raw::{appmanager, RawAuth};
    use vvp::types::{DeploymentState, UpgradeStrategyKind};
    use wiremock::matchers::{body_json, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let server = MockServer::start().await;
    let route = "/api/v1/namespaces/default/deployments/orders";
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(ResponseTemplate::new(200).set_body_json(newer_deployment()))
        .expect(1)
        .mount(&server)
        .await;
    let mut expected = newer_deployment();
    expected["spec"]["state"] = serde_json::json!("SUSPENDED");
    Mock::given(method("PATCH"))
        .and(path(route))
        .and(body_json(&expected))
        .respond_with(ResponseTemplate::new(200).set_body_json(&expected))
        .expect(1)
        .mount(&server)
        .await;

    let client =
        appmanager::Client::new_with_client(&server.uri(), reqwest::Client::new(), RawAuth::none());
    let mut deployment = client
        .get_deployment("default", "orders")
        .await
        .expect("a newer server's deployment decodes")
        .into_inner();
    let status = deployment.status.as_ref().expect("status");
    assert_eq!(
        status.state,
        Some(DeploymentState::Other("SCALING".to_owned()))
    );
    assert_eq!(status.extra["futureStatus"], true);
    let spec = &deployment.spec;
    let upgrade = spec.upgrade_strategy.as_ref().expect("upgradeStrategy");
    assert_eq!(
        upgrade.kind,
        Some(UpgradeStrategyKind::Other("BLUE_GREEN".to_owned()))
    );
    assert_eq!(upgrade.extra["speed"], "fast");
    assert_eq!(spec.extra["futureSpecField"], serde_json::json!([1, 2, 3]));
    assert_eq!(deployment.extra["futureTopLevel"], "kept");

    deployment.spec.state = Some(DeploymentState::Suspended);
    let written = client
        .patch_deployment("default", "orders", &deployment)
        .await
        .expect("the PATCH body carries every field it read (the mock matches it exactly)")
        .into_inner();
    assert_eq!(
        serde_json::to_value(&written).expect("serializable"),
        expected
    );
}

/// `{:?}` of the raw types that carry secrets prints `<redacted>`, never the value; the value
/// still reaches the wire.
#[tokio::test]
async fn raw_types_redact_secrets_in_debug() {
    use vvp::raw::{appmanager, platform, RawAuth};
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let token: platform::types::ApiToken = serde_json::from_value(serde_json::json!({
        "name": "namespaces/default/apitokens/ci", "role": "editor", "secret": "tok-s3cr3t"}))
    .expect("decodes");
    let shown = format!("{token:?} {token:#?}");
    assert!(!shown.contains("tok-s3cr3t"), "{shown}");
    assert!(shown.contains("<redacted>"), "{shown}");
    assert_eq!(
        token.secret.as_ref().map(vvp::Secret::expose),
        Some("tok-s3cr3t")
    );
    assert_eq!(
        serde_json::to_value(&token).expect("serializable")["secret"],
        "tok-s3cr3t"
    );

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/namespaces/default/secret-values/db"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "kind": "SecretValue",
            "metadata": {"name": "db", "namespace": "default"},
            "spec": {"kind": "GENERIC", "value": "pa55w0rd"}})))
        .expect(1)
        .mount(&server)
        .await;
    let client =
        appmanager::Client::new_with_client(&server.uri(), reqwest::Client::new(), RawAuth::none());
    let secret_value = client
        .get_secret_value("default", "db")
        .await
        .expect("decodes")
        .into_inner();
    let shown = format!("{secret_value:?} {secret_value:#?}");
    assert!(!shown.contains("pa55w0rd"), "{shown}");
    assert!(shown.contains("<redacted>"), "{shown}");
    let spec = &secret_value.spec;
    assert_eq!(
        spec.value.as_ref().map(vvp::Secret::expose),
        Some("pa55w0rd")
    );
}
