//! The request layer (`vvp::request` + `Client::execute*`) as the Platform API handles use
//! it: custom-method paths, envelopes, JSON-only endpoints on a YAML client, query
//! parameters, raw bytes, multipart uploads streamed from disk.

#[path = "common/mock.rs"]
mod mock;

use mock::TOKEN;
use serde_json::{json, Value};
use std::time::Duration;
use vvp::request::{Request, UrlPath};
use vvp::{Client, Error, Format};
use wiremock::matchers::{
    body_json, body_string_contains, header, header_regex, method, path, query_param,
};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn yaml_client() -> (MockServer, Client) {
    mock::setup(|b| b.format(Format::Yaml)).await
}

#[tokio::test]
async fn verb_path_envelope_and_json_only() {
    let (server, client) = yaml_client().await;
    Mock::given(method("GET"))
        .and(path(
            "/catalog/v1beta2/namespaces/default/catalogs/vvp:listDatabases",
        ))
        .and(header("accept", "application/json"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "databases": [{"name": "default"}], "nextPageToken": ""
        })))
        .expect(1)
        .mount(&server)
        .await;
    let p = UrlPath::new()
        .lit("catalog/v1beta2/namespaces")
        .seg("default")
        .lit("catalogs")
        .seg("vvp")
        .verb("listDatabases");
    assert_eq!(
        p.as_str(),
        "/catalog/v1beta2/namespaces/default/catalogs/vvp:listDatabases"
    );
    let dbs: Value = client
        .execute(Request::get(p).format(Format::Json))
        .await
        .unwrap();
    assert_eq!(dbs["databases"], json!([{"name": "default"}]));
}

#[tokio::test]
async fn envelope_errors_name_the_key() {
    let (server, client) = yaml_client().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"namespace": {"name": 5}})))
        .mount(&server)
        .await;
    #[derive(Debug, serde::Deserialize)]
    struct Ns {
        #[serde(rename = "name")]
        _name: String,
    }
    impl vvp::platform::SingularKey for Ns {
        const SINGULAR: &'static str = "namespace";
    }
    #[derive(Debug, serde::Deserialize)]
    struct Token {}
    impl vvp::platform::SingularKey for Token {
        const SINGULAR: &'static str = "apiToken";
    }
    let e = client
        .execute::<vvp::platform::One<Ns>>(Request::get(
            UrlPath::new().lit("namespaces/v1/namespaces").seg("x"),
        ))
        .await
        .unwrap_err();
    assert!(
        matches!(&e, Error::Decode { path, .. } if path == "namespace.name"),
        "{e:?}"
    );
    let e = client
        .execute::<vvp::platform::One<Token>>(Request::get(UrlPath::new().lit("x")))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("missing field `apiToken`"), "{e}");
}

#[tokio::test]
async fn json_body_query_and_segment_encoding() {
    let (server, client) = yaml_client().await;
    Mock::given(method("POST"))
        .and(path("/sql/v1beta1/namespaces/default/sqlscripts:execute"))
        .and(query_param("catalog", "vvp"))
        .and(query_param("database", "a b&c"))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({"statement": "SHOW TABLES"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"result": "RESULT_SUCCESS"})))
        .expect(1)
        .mount(&server)
        .await;
    let req = Request::post(
        UrlPath::new()
            .lit("sql/v1beta1/namespaces")
            .seg("default")
            .lit("sqlscripts")
            .verb("execute"),
    )
    .query("catalog", "vvp")
    .query("database", "a b&c")
    .json(&json!({"statement": "SHOW TABLES"}))
    .unwrap();
    let v: Value = client.execute(req).await.unwrap();
    assert_eq!(v["result"], "RESULT_SUCCESS");

    // A segment can never add path structure.
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    client
        .execute_unit(Request::get(UrlPath::new().lit("x").seg("a/b?c#d%")))
        .await
        .unwrap();
    let reqs = server.received_requests().await.unwrap();
    let last = reqs.last().unwrap();
    assert_eq!(last.url.path(), "/x/a%2Fb%3Fc%23d%25");
    assert_eq!(last.url.query(), None);
}

#[tokio::test]
async fn opt_raw_and_bytes() {
    let (server, client) = yaml_client().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(header("content-type", "application/octet-stream"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(vec![0_u8, 1, 2], "application/octet-stream"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let none: Option<Value> = client
        .execute_opt(Request::delete(UrlPath::new().lit("a")))
        .await
        .unwrap();
    assert!(none.is_none());
    let raw = client
        .execute_raw(
            Request::put(UrlPath::new().lit("b"))
                .bytes("application/octet-stream", vec![9, 9])
                .accept("*/*")
                .timeout(Duration::from_secs(5)),
        )
        .await
        .unwrap();
    assert_eq!(raw.status, 200);
    assert_eq!(raw.body, vec![0, 1, 2]);
    assert_eq!(
        raw.content_type.as_deref(),
        Some("application/octet-stream")
    );
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs[1].body, vec![9, 9]);
    assert_eq!(reqs[1].headers.get("accept").unwrap(), "*/*");
}

#[tokio::test]
async fn multipart_upload_streams_a_file() {
    let (server, client) = yaml_client().await;
    Mock::given(method("POST"))
        .and(path("/artifacts/v1/namespaces/default/artifacts:upload"))
        .and(header_regex(
            "content-type",
            "^multipart/form-data; boundary=",
        ))
        .and(body_string_contains("name=\"file\"; filename=\"app.jar\""))
        .and(body_string_contains("jar-bytes-here"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "artifact": {"uri": "s3://bucket/artifacts/namespaces/default/app.jar"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let dir = std::env::temp_dir().join(format!("vvp-core-upload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file_path = dir.join("app.jar");
    std::fs::write(&file_path, b"jar-bytes-here").unwrap();
    let file = tokio::fs::File::open(&file_path).await.unwrap();
    let len = file.metadata().await.unwrap().len();
    let part = reqwest::multipart::Part::stream_with_length(file, len).file_name("app.jar");
    let form = reqwest::multipart::Form::new().part("file", part);
    let req = Request::post(
        UrlPath::new()
            .lit("artifacts/v1/namespaces")
            .seg("default")
            .lit("artifacts")
            .verb("upload"),
    )
    .format(Format::Json)
    .multipart(form);
    let answer: Value = client.execute(req).await.unwrap();
    assert!(answer["artifact"]["uri"]
        .as_str()
        .unwrap()
        .ends_with("app.jar"));
    std::fs::remove_dir_all(&dir).unwrap();
}
