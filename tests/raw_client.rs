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
