//! `vvp::platform::types` are the types generated from `specs/swagger.json`, shared with the
//! raw client `vvp::raw::platform`:
//!
//! - the raw and the typed client decode an unknown enum value and unknown fields and write
//!   them back on a read-modify-write (wiremock checks the exact body);
//! - `{:?}` of an API token, raw or typed (one type), never prints the secret;
//! - every hand-written replacement that `build.rs` declares for the Platform spec takes every
//!   value the spec allows, and keeps a value it does not know.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use std::fmt::{Debug, Display};
use std::str::FromStr;
use vvp::platform::types::*;
use vvp::raw::{platform, RawAuth};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A namespace as a newer server might send it: enum values and fields `specs/` lacks.
fn newer_namespace() -> Value {
    json!({
        "name": "namespaces/team",
        "lifecyclePhase": "LIFECYCLE_PHASE_ARCHIVED",
        "roleBindings": [
            {"role": "auditor", "members": ["user:a"], "expires": "never"},
            {"role": "owner", "members": ["system:authenticated"]}
        ],
        "createTime": "2024-01-02T03:04:05Z",
        "labels": {"team": "data"},
        "quota": 3
    })
}

/// The same type behind both names: a value of one is a value of the other.
#[test]
fn raw_and_typed_are_the_same_types() {
    fn same<T>(_: &T, _: &T) {}
    let typed = Namespace::new("team");
    let raw: platform::types::Namespace = typed.clone();
    same(&typed, &raw);
    let token: platform::types::ApiToken = ApiToken::default();
    let _: vvp::platform::types::ApiToken = token;
    let _: platform::types::StoredArtifact = StoredArtifact::default();
}

/// The raw client reads a newer server's namespace and a `PUT` sends back every field and
/// enum value it read.
#[tokio::test]
async fn raw_client_keeps_unknown_enum_values_and_fields() {
    let server = MockServer::start().await;
    let route = "/namespaces/v1/namespaces/team";
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"namespace": newer_namespace(), "etag": "e1"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let mut expected = newer_namespace();
    expected["previewSessionClusterName"] = json!("sql");
    Mock::given(method("PUT"))
        .and(path(route))
        .and(body_json(&expected))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"namespace": expected})))
        .expect(1)
        .mount(&server)
        .await;

    let client =
        platform::Client::new_with_client(&server.uri(), reqwest::Client::new(), RawAuth::none());
    let answer = client
        .get_namespace("team")
        .await
        .expect("a newer server's namespace decodes")
        .into_inner();
    assert_eq!(answer.extra["etag"], "e1");
    let mut ns = answer.namespace.expect("namespace");
    assert_eq!(
        ns.lifecycle_phase,
        Some(LifecyclePhase::Other("LIFECYCLE_PHASE_ARCHIVED".into()))
    );
    assert_eq!(
        ns.role_bindings[0].role,
        Some(Role::Other("auditor".into()))
    );
    assert_eq!(ns.role_bindings[0].extra["expires"], "never");
    assert_eq!(ns.role_bindings[1].role, Some(Role::Owner));
    assert_eq!(ns.extra["labels"], json!({"team": "data"}));
    assert_eq!(ns.extra["quota"], 3);

    ns.preview_session_cluster_name = Some("sql".into());
    let written = client
        .update_namespace("team", &ns)
        .await
        .expect("the PUT body carries every field it read (the mock matches it exactly)")
        .into_inner();
    assert_eq!(
        serde_json::to_value(written.namespace.expect("namespace")).expect("json"),
        expected
    );
}

/// The typed client does the same with the same type.
#[tokio::test]
async fn typed_client_keeps_unknown_enum_values_and_fields() {
    let server = MockServer::start().await;
    let route = "/namespaces/v1/namespaces/team";
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"namespace": newer_namespace()})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let mut expected = newer_namespace();
    expected["roleBindings"][1]["members"] = json!(["system:authenticated", "user:b"]);
    Mock::given(method("PUT"))
        .and(path(route))
        .and(body_json(&expected))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"namespace": expected})))
        .expect(1)
        .mount(&server)
        .await;

    let client = vvp::Client::builder(server.uri())
        .token("t")
        .build()
        .expect("client");
    let mut ns = client.namespaces().get("team").await.expect("get");
    assert_eq!(ns.short_name(), Some("team"));
    assert!(ns
        .lifecycle_phase
        .as_ref()
        .is_some_and(LifecyclePhase::is_other));
    ns.role_bindings[1].members.push("user:b".into());
    let stored = client.namespaces().update(&ns).await.expect("update");
    assert_eq!(stored, ns);
}

/// `{:?}` of an API token (the raw and the typed name are one type) prints `<redacted>`; the
/// secret still reaches the wire and reads back.
#[test]
fn api_token_debug_never_prints_the_secret() {
    let token: ApiToken = serde_json::from_value(json!({
        "name": "namespaces/default/apitokens/ci", "role": "editor", "secret": "tok-s3cr3t"}))
    .expect("decodes");
    let raw: &platform::types::ApiToken = &token;
    let shown = format!("{token:?} {token:#?} {raw:?}");
    assert!(!shown.contains("tok-s3cr3t"), "{shown}");
    assert!(shown.contains("<redacted>"), "{shown}");
    assert_eq!(
        token.secret.as_ref().map(Secret::expose),
        Some("tok-s3cr3t")
    );
    assert_eq!(token.role, Some(Role::Editor));
    assert_eq!(
        serde_json::to_value(&token).expect("json")["secret"],
        "tok-s3cr3t"
    );
    // A token without a secret (every answer but create's) writes none.
    let listed: ApiToken =
        serde_json::from_value(json!({"name": "namespaces/default/apitokens/ci"})).expect("ok");
    assert!(serde_json::to_value(&listed)
        .expect("json")
        .get("secret")
        .is_none());
}

// ---------------------------------------------------------------------------------------
// The replacements of build.rs, against specs/swagger.json.

fn repo_file(rel: &str) -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("reading {}: {e}", p.display()))
}

/// The `("platform", schema, type)` rows of build.rs `REPLACEMENTS`.
fn platform_replacements() -> Vec<(String, String)> {
    let text: String = repo_file("build.rs")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut rows = Vec::new();
    for part in text.split("(\"platform\",\"").skip(1) {
        let mut fields = part.split('"');
        let schema = fields.next().unwrap_or_default().to_owned();
        let ty = fields.nth(1).unwrap_or_default().to_owned();
        rows.push((schema, ty));
    }
    rows
}

/// Every value `specs/swagger.json` lists for `definition` decodes to a named variant that
/// writes, prints and parses back as the same text, the open enum knows no other value, and
/// an unknown value is kept as `Other` and written back unchanged.
fn check_open_enum<T>(spec: &Value, definition: &str) -> usize
where
    T: DeserializeOwned + Serialize + Debug + Display + FromStr + PartialEq,
    <T as FromStr>::Err: Debug,
{
    let values = spec["definitions"][definition]["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("{definition} is not a string enum in specs/swagger.json"));
    for v in values {
        let text = v.as_str().expect("string values");
        let decoded: T = serde_json::from_value(v.clone()).expect("decodes");
        assert!(
            !format!("{decoded:?}").starts_with("Other("),
            "{definition}: {text} is not a named variant"
        );
        assert_eq!(decoded.to_string(), text);
        assert_eq!(text.parse::<T>().expect("parses"), decoded);
        assert_eq!(serde_json::to_value(&decoded).expect("json"), *v);
    }
    let unknown = json!("A_VALUE_FROM_A_NEWER_SERVER");
    let decoded: T = serde_json::from_value(unknown.clone()).expect("unknown decodes");
    assert!(
        format!("{decoded:?}").starts_with("Other("),
        "{definition}: {decoded:?}"
    );
    assert_eq!(serde_json::to_value(&decoded).expect("json"), unknown);
    assert_eq!(decoded.to_string(), "A_VALUE_FROM_A_NEWER_SERVER");
    assert!(
        serde_json::from_value::<T>(json!(1)).is_err(),
        "{definition}"
    );
    values.len()
}

#[test]
fn every_platform_replacement_takes_every_spec_value_and_an_unknown_one() {
    let spec: Value = serde_json::from_str(&repo_file("specs/swagger.json")).expect("spec");
    let mut checked = Vec::new();
    macro_rules! open_enums {
        ($($t:ident),* $(,)?) => {$(
            let n = check_open_enum::<$t>(&spec, stringify!($t));
            assert_eq!(n, $t::KNOWN.len(), "{}: the spec and the open enum differ", stringify!($t));
            checked.push((stringify!($t).to_owned(), format!("crate::platform::types::{}", stringify!($t))));
        )*};
    }
    open_enums!(
        AutopilotMode,
        ConstraintType,
        FunctionLanguage,
        FunctionType,
        HintType,
        JobGraphState,
        LifecyclePhase,
        PolicyStatus,
        Role,
        StatementResult,
        UdfType,
        ValidationResult,
    );

    // `ApiToken.secret` (any string) -> `Secret`: kept, written back, never shown.
    for text in ["", "x9Qz-tok", "tök-ünïcode-7", "a\"quote\"7"] {
        let token: ApiToken = serde_json::from_value(json!({"secret": text})).expect("decodes");
        assert_eq!(token.secret.as_ref().map(Secret::expose), Some(text));
        assert_eq!(
            serde_json::to_value(&token).expect("json"),
            json!({"secret": text})
        );
        if !text.is_empty() {
            assert!(!format!("{token:?}").contains(text), "{token:?}");
        }
    }
    checked.push(("ApiToken.secret".to_owned(), "crate::Secret".to_owned()));

    // Every platform row of build.rs is checked here, and nothing else.
    let mut declared = platform_replacements();
    declared.sort();
    checked.sort();
    assert_eq!(declared, checked);
}
