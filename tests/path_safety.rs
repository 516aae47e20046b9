//! Path safety, proved by what the server receives: names are checked; every other value
//! that goes into a path (catalog names; the request layer's `UrlPath::seg`, unit-tested in src/request.rs) is percent-encoded
//! so the path never changes shape; values that no encoding can carry (`.`, `..`, empty)
//! are refused before anything is sent; values in queries and multipart headers arrive
//! unchanged.
//!
//! A raw TCP server records the request line byte for byte (wiremock parses the URL, which
//! would hide what the client sent); one wiremock test shows the same through its matchers.

use proptest::prelude::*;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use vvp::platform::ArtifactSource;
use vvp::{Client, Error, InvalidNameReason};

/// One received request: the request line's target and the raw head and body.
#[derive(Debug, Clone)]
struct Received {
    target: String,
    head: String,
    body: Vec<u8>,
}

/// A loopback server that records every request and answers a Platform API 404.
struct Capture {
    base: String,
    seen: Arc<Mutex<Vec<Received>>>,
}

impl Capture {
    async fn start() -> Capture {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        tokio::spawn(async move {
            while let Ok((mut sock, _)) = listener.accept().await {
                let log = log.clone();
                tokio::spawn(async move {
                    let mut buf = Vec::new();
                    let mut chunk = [0u8; 8192];
                    let head_end = loop {
                        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                            break i + 4;
                        }
                        match sock.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    };
                    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
                    let len = head
                        .lines()
                        .find_map(|l| {
                            let (k, v) = l.split_once(':')?;
                            k.eq_ignore_ascii_case("content-length")
                                .then(|| v.trim().parse::<usize>().ok())?
                        })
                        .unwrap_or(0);
                    while buf.len() < head_end + len {
                        match sock.read(&mut chunk).await {
                            Ok(0) | Err(_) => break,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    }
                    let target = head.split(' ').nth(1).unwrap_or_default().to_owned();
                    let body = buf.get(head_end..).unwrap_or_default().to_vec();
                    log.lock()
                        .expect("lock")
                        .push(Received { target, head, body });
                    let body = r#"{"code":"NOT_FOUND","description":"nope","ok":false}"#;
                    let resp = format!(
                        "HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\n\
                         content-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = sock.write_all(resp.as_bytes()).await;
                });
            }
        });
        Capture { base, seen }
    }

    fn client(&self) -> Client {
        Client::builder(&self.base)
            .token("t")
            .build()
            .expect("client")
    }

    fn take(&self) -> Vec<Received> {
        std::mem::take(&mut *self.seen.lock().expect("lock"))
    }

    fn take_one(&self) -> Received {
        let mut all = self.take();
        assert_eq!(all.len(), 1, "{all:?}");
        all.remove(0)
    }
}

/// The reference encoding: every byte but the RFC 3986 unreserved ones as `%XX`.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).expect("ascii");
            out.push(u8::from_str_radix(hex, 16).expect("hex"));
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

/// `application/x-www-form-urlencoded` value decoding (`+` is a space).
fn form_decode(s: &str) -> String {
    String::from_utf8(decode(&s.replace('+', " "))).expect("utf-8")
}

const HOSTILE: &[&str] = &[
    "a/b",
    "../../api/v1/namespaces/other",
    "a?b=c",
    "a#frag",
    "100%",
    "%2e%2e",
    "%2E",
    ".%2e",
    "%252e",
    "a b",
    "a+b",
    "tab\there",
    "nul\0byte",
    "new\r\nline: injected",
    "\u{7f}",
    "ä",
    "日本語",
    "😀",
    "a\\b",
    "a;b=c",
    "a:listTables",
    "...",
    ".hidden",
    "trailing.",
    "a&b",
    "\"quoted\"",
    "<tag>",
    "`cmd`",
    "{x}",
    "[y]",
    "|pipe|",
    "^caret",
    "@at",
    "!$'()*,=",
];

#[tokio::test]
async fn catalog_names_reach_the_server_as_one_encoded_segment() {
    let srv = Capture::start().await;
    let catalogs = srv.client().catalogs("default");
    let base = "/catalog/v1beta2/namespaces/default/catalogs";
    for name in HOSTILE {
        let err = catalogs.get(*name).await.expect_err("404");
        assert!(err.is_not_found(), "{name:?}: {err:?}");
        let got = srv.take_one();
        assert_eq!(got.target, format!("{base}/{}", encode(name)), "{name:?}");
        let last = got.target.rsplit('/').next().unwrap_or_default();
        assert_eq!(decode(last), name.as_bytes(), "{name:?}");

        // With a custom verb, and the other names in the query.
        let _ = catalogs.get_table(name, Some(name), name).await;
        let got = srv.take_one();
        let (p, q) = got.target.split_once('?').expect("query");
        assert_eq!(p, format!("{base}/{}:getTable", encode(name)), "{name:?}");
        let pairs: Vec<(String, String)> = q
            .split('&')
            .map(|kv| {
                let (k, v) = kv.split_once('=').expect("k=v");
                (form_decode(k), form_decode(v))
            })
            .collect();
        assert_eq!(
            pairs,
            vec![
                ("database".to_owned(), name.to_string()),
                ("table".to_owned(), name.to_string())
            ],
            "{name:?}"
        );
    }
}

#[tokio::test]
async fn dot_and_empty_segments_are_refused_before_sending() {
    let srv = Capture::start().await;
    let client = srv.client();
    let catalogs = client.catalogs("default");
    for name in [".", ".."] {
        let err = catalogs.get(name).await.expect_err("refused");
        assert!(
            matches!(
                &err,
                Error::InvalidName { reason: InvalidNameReason::DotSegment, name: n, .. } if n == name
            ),
            "{err:?}"
        );
        assert!(!err.may_have_been_sent());
        let err = catalogs.list_tables(name, None).await.expect_err("refused");
        assert!(matches!(err, Error::InvalidName { .. }), "{err:?}");
        assert!(srv.take().is_empty());
    }
    // An empty name is refused the same way.
    let err = catalogs.get("").await.expect_err("refused");
    assert!(
        matches!(
            err,
            Error::InvalidName {
                reason: InvalidNameReason::Empty,
                ..
            }
        ),
        "{err:?}"
    );
    // Names never reach the path unchecked, whatever the handle.
    for bad in ["..", ".", "a/b", "%2e%2e", "a?b"] {
        assert!(client.deployments("default").get(bad).await.is_err());
        assert!(client.deployments(bad).list().await.is_err());
        assert!(client.sql_scripts("default").get(bad).await.is_err());
        assert!(client.api_tokens(bad).list().await.is_err());
    }
    assert!(srv.take().is_empty());
}

#[tokio::test]
async fn a_base_path_is_kept_in_front() {
    let srv = Capture::start().await;
    let client = Client::builder(format!("{}/vvp/", srv.base))
        .build()
        .expect("client");
    let _ = client.catalogs("default").get("../../x").await;
    assert_eq!(
        srv.take_one().target,
        "/vvp/catalog/v1beta2/namespaces/default/catalogs/..%2F..%2Fx"
    );
}

#[tokio::test]
async fn artifact_file_names_arrive_unchanged() {
    let srv = Capture::start().await;
    let artifacts = srv.client().artifacts("default");
    for name in [
        "a b.jar",
        "a&filename=x.jar",
        "ä.jar",
        "100%.jar",
        "a+b#c?.jar",
        "..jar",
    ] {
        let _ = artifacts.delete(name).await;
        let got = srv.take_one();
        let (p, q) = got.target.split_once('?').expect("query");
        assert_eq!(p, "/artifacts/v1/namespaces/default/artifacts:delete");
        let (k, v) = q.split_once('=').expect("k=v");
        assert_eq!((k, form_decode(v).as_str()), ("filename", name), "{q}");
    }
    // Names that are not file names are refused before sending.
    for bad in ["", ".", "..", "a/b", "a\\b", "a\r\nb"] {
        let err = artifacts.delete(bad).await.expect_err("refused");
        assert!(matches!(err, Error::InvalidName { .. }), "{bad:?}: {err:?}");
        let err = artifacts
            .upload(bad, ArtifactSource::bytes(b"x".to_vec()))
            .await
            .expect_err("refused");
        assert!(matches!(err, Error::InvalidName { .. }), "{bad:?}: {err:?}");
    }
    assert!(srv.take().is_empty());
    // In an upload the name travels in the part's Content-Disposition: it cannot close
    // the quoted string or add parameters or headers.
    for name in ["evil\"; name=\"other.jar", "a b;c.jar", "ä.jar"] {
        let _ = artifacts.upload(name, b"data".to_vec()).await;
        let got = srv.take_one();
        let body = String::from_utf8_lossy(&got.body);
        let disposition = body
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("content-disposition"))
            .expect("disposition");
        assert!(
            disposition.starts_with("Content-Disposition: form-data; name=\"file\"; filename=\""),
            "{disposition}"
        );
        let filename = disposition
            .split_once("filename=\"")
            .map(|(_, f)| f)
            .expect("filename");
        assert_eq!(
            filename.matches('"').count() - filename.matches("\\\"").count(),
            1,
            "{name:?} broke out of the quotes: {disposition}"
        );
        assert!(got
            .head
            .starts_with("POST /artifacts/v1/namespaces/default/artifacts:upload "));
    }
}

#[tokio::test]
async fn wiremock_sees_the_encoded_segment() {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    let name = "a/b?c#d %e\u{e4}";
    Mock::given(method("GET"))
        .and(path(
            "/catalog/v1beta2/namespaces/default/catalogs/a%2Fb%3Fc%23d%20%25e%C3%A4",
        ))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"catalog": {"name": name}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder(server.uri()).build().expect("client");
    let cat = client.catalogs("default").get(name).await.expect("get");
    assert_eq!(cat.name.as_deref(), Some(name));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any text as a catalog name: one segment on the wire that decodes to the text, or
    /// (for `.`, `..` and the empty string) a refusal with nothing sent.
    #[test]
    fn any_catalog_name_is_one_segment(name in any::<String>()) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("rt");
        rt.block_on(async {
            let srv = Capture::start().await;
            let res = srv.client().catalogs("default").list_functions(&name, None).await;
            let got = srv.take();
            if name.is_empty() || name == "." || name == ".." {
                let refused = matches!(res, Err(Error::InvalidName { .. }));
                prop_assert!(refused);
                prop_assert!(got.is_empty());
            } else {
                prop_assert_eq!(got.len(), 1);
                let target = &got[0].target;
                let segs: Vec<&str> = target.split('/').collect();
                prop_assert_eq!(segs.len(), 7, "{}", target);
                let last = segs[6].strip_suffix(":listFunctions").expect("verb");
                prop_assert_eq!(decode(last), name.as_bytes().to_vec());
                prop_assert_eq!(last, encode(&name));
            }
            Ok(())
        })?;
    }
}
