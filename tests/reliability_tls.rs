//! TLS against a local HTTPS server whose certificates are generated here (rcgen): a
//! private CA, a server certificate for 127.0.0.1 signed by it, and a client certificate
//! for mutual TLS. The server is a minimal tokio-rustls loop answering every request with
//! one JSON body.

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose,
};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::server::WebPkiClientVerifier;
use tokio_rustls::rustls::{self, RootCertStore, ServerConfig};
use tokio_rustls::TlsAcceptor;
use vvp::{Client, ClientBuilder, Error, RetryPolicy};

struct Pki {
    ca_pem: String,
    ca_der: CertificateDer<'static>,
    server_cert: CertificateDer<'static>,
    server_key: PrivateKeyDer<'static>,
    /// Client certificate and key, PEM (what `identity_pem` takes).
    client_identity_pem: String,
    client_der: CertificateDer<'static>,
}

fn pki() -> Pki {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "vvp test CA");
    ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();

    let server_key = KeyPair::generate().unwrap();
    let mut server_params = CertificateParams::new(vec!["127.0.0.1".to_owned()]).unwrap();
    server_params
        .distinguished_name
        .push(DnType::CommonName, "vvp test server");
    let server_cert = server_params.signed_by(&server_key, &ca).unwrap();

    let client_key = KeyPair::generate().unwrap();
    let mut client_params = CertificateParams::new(vec!["pipeline.example".to_owned()]).unwrap();
    client_params
        .distinguished_name
        .push(DnType::CommonName, "deploy pipeline");
    let client_cert = client_params.signed_by(&client_key, &ca).unwrap();

    let ca_cert: &rcgen::Certificate = ca.as_ref();
    Pki {
        ca_pem: ca_cert.pem(),
        ca_der: ca_cert.der().clone(),
        server_cert: server_cert.der().clone(),
        server_key: PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(server_key.serialize_der())),
        client_identity_pem: format!("{}{}", client_cert.pem(), client_key.serialize_pem()),
        client_der: client_cert.der().clone(),
    }
}

/// What the server saw of each accepted TLS connection: the client's certificate, if any.
type Seen = Arc<Mutex<Vec<Option<Vec<u8>>>>>;

/// An HTTPS server on 127.0.0.1; with `require_client_cert`, only clients presenting a
/// certificate signed by the test CA complete the handshake.
async fn https_server(pki: &Pki, require_client_cert: bool) -> (String, Seen) {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let builder = ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .unwrap();
    let builder = if require_client_cert {
        let mut roots = RootCertStore::empty();
        roots.add(pki.ca_der.clone()).unwrap();
        let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider)
            .build()
            .unwrap();
        builder.with_client_cert_verifier(verifier)
    } else {
        builder.with_no_client_auth()
    };
    let config = builder
        .with_single_cert(vec![pki.server_cert.clone()], pki.server_key.clone_key())
        .unwrap();
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "https://127.0.0.1:{}",
        listener.local_addr().unwrap().port()
    );
    let seen: Seen = Arc::default();
    let seen_by_server = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else {
                return;
            };
            let acceptor = acceptor.clone();
            let seen = seen_by_server.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let peer = tls
                    .get_ref()
                    .1
                    .peer_certificates()
                    .and_then(|c| c.first())
                    .map(|c| c.to_vec());
                seen.lock().unwrap().push(peer);
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let body = br#"{"status":"ok"}"#;
                let answer = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                let _ = tls.write_all(answer.as_bytes()).await;
                let _ = tls.write_all(body).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    (url, seen)
}

async fn call(client: &Client) -> Result<serde_json::Value, Error> {
    // `GET /api/v1/status`; the fake answers `{"status":"ok"}`.
    let status = client.status().await?;
    Ok(serde_json::to_value(status).expect("a status is JSON"))
}

fn builder(url: &str) -> ClientBuilder {
    Client::builder(url)
        .timeout(Duration::from_secs(10))
        .retry(RetryPolicy::default().initial_backoff(Duration::from_millis(10)))
}

#[tokio::test]
async fn a_self_signed_server_is_refused_by_default_and_not_retried() {
    let pki = pki();
    let (url, seen) = https_server(&pki, false).await;
    let err = call(&builder(&url).build().unwrap()).await.unwrap_err();
    assert!(matches!(err.last_attempt(), Error::Transport(_)), "{err:?}");
    // A certificate the client rejects is not transient: one attempt only.
    assert_eq!(err.attempts(), 1, "{err}");
    assert!(seen.lock().unwrap().is_empty(), "no handshake completed");
}

#[tokio::test]
async fn the_server_is_accepted_with_its_root_added() {
    let pki = pki();
    let (url, _) = https_server(&pki, false).await;
    let client = builder(&url)
        .add_root_certificate(pki.ca_pem.clone())
        .build()
        .unwrap();
    assert_eq!(call(&client).await.unwrap()["status"], "ok");
}

#[tokio::test]
async fn the_server_is_accepted_with_the_danger_switch() {
    let pki = pki();
    let (url, _) = https_server(&pki, false).await;
    let client = builder(&url)
        .danger_accept_invalid_certs(true)
        .build()
        .unwrap();
    assert_eq!(call(&client).await.unwrap()["status"], "ok");
}

#[tokio::test]
async fn mutual_tls_presents_the_client_certificate() {
    let pki = pki();
    let (url, seen) = https_server(&pki, true).await;
    let client = builder(&url)
        .add_root_certificate(pki.ca_pem.clone())
        .identity_pem(pki.client_identity_pem.clone())
        .build()
        .unwrap();
    assert_eq!(call(&client).await.unwrap()["status"], "ok");
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen, vec![Some(pki.client_der.to_vec())]);
    // The identity (it holds a private key) never prints.
    let b = builder(&url).identity_pem(pki.client_identity_pem.clone());
    let printed = format!("{b:?}");
    assert!(!printed.contains("PRIVATE KEY"), "{printed}");
    assert!(
        printed.contains("identity: Some(\"<redacted>\")"),
        "{printed}"
    );
}

#[tokio::test]
async fn without_a_client_certificate_mutual_tls_fails() {
    let pki = pki();
    let (url, seen) = https_server(&pki, true).await;
    let client = builder(&url)
        .add_root_certificate(pki.ca_pem.clone())
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    let err = call(&client).await.unwrap_err();
    assert!(
        matches!(err, Error::Transport(_) | Error::Timeout { .. }),
        "{err:?}"
    );
    assert!(seen.lock().unwrap().iter().all(Option::is_none));
}

#[test]
fn bad_pem_and_tls_with_an_own_http_client_are_config_errors() {
    let err = Client::builder("https://127.0.0.1:1")
        .add_root_certificate("not a certificate")
        .build()
        .unwrap_err();
    assert!(
        matches!(&err, Error::Config(m) if m.contains("add_root_certificate")),
        "{err}"
    );
    let err = Client::builder("https://127.0.0.1:1")
        .identity_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
        .build()
        .unwrap_err();
    assert!(
        matches!(&err, Error::Config(m) if m.contains("identity_pem")),
        "{err}"
    );
    assert!(!err.to_string().contains("AAAA"));
    let err = Client::builder("https://127.0.0.1:1")
        .danger_accept_invalid_certs(true)
        .http_client(reqwest::Client::new())
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)));
}
