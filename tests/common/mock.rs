//! The wiremock set-up shared by the API, client and helper tests. A test file includes it
//! with `#[path = "common/mock.rs"] mod mock;` (not through `mod common;`, so files that
//! need only `shared_dir()` do not compile it).

use vvp::{Client, ClientBuilder};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The bearer token every test client sends.
pub const TOKEN: &str = "t0ken-Secret-123";

/// A wiremock server and a client of it authenticated with [`TOKEN`]; `configure` adds to
/// the client builder (`|b| b` for nothing more).
///
/// Any request that none of the test's own mocks matches fails the test: a
/// lowest-priority catch-all expects no calls, checked when the server drops.
pub async fn setup(configure: impl FnOnce(ClientBuilder) -> ClientBuilder) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(599))
        .with_priority(u8::MAX)
        .expect(0)
        .named("catch-all: unexpected request")
        .mount(&server)
        .await;
    let client = configure(Client::builder(server.uri()).token(TOKEN))
        .build()
        .unwrap();
    (server, client)
}
