//! The API documents the fake serves, as a VVP server does: the crate's own specs at
//! `/api/swagger.json` (Application Manager) and `/swagger.json` (Platform API), so that
//! [`Client::compatibility`](crate::Client) against the fake finds no difference. Tests
//! replace, add or remove documents with [`FakePlatform::set_api_document`].

use std::collections::BTreeMap;

use super::http::{Req, Resp};
use super::{lock, FakePlatform, State};

/// The crate's Application Manager spec.
const APPMANAGER: &str = include_str!("../../specs/api/swagger.json");
/// The crate's Platform API spec.
const PLATFORM: &str = include_str!("../../specs/swagger.json");

/// Where a fresh fake serves which document.
pub(crate) fn defaults() -> BTreeMap<String, String> {
    BTreeMap::from([
        ("/api/swagger.json".to_owned(), APPMANAGER.to_owned()),
        ("/swagger.json".to_owned(), PLATFORM.to_owned()),
    ])
}

/// The document at the request's path, if one is served there (`GET` only, no
/// authentication needed, as the documents describe the API and hold no data).
pub(crate) fn serve(st: &State, req: &Req) -> Option<Resp> {
    if req.method != "GET" {
        return None;
    }
    let doc = st.documents.get(&req.raw_path)?;
    let mime = if doc.trim_start().starts_with('{') {
        "application/json"
    } else {
        "application/yaml"
    };
    Some(Resp::typed(doc.clone(), mime))
}

fn normalize(path: &str) -> String {
    format!("/{}", path.trim_start_matches('/'))
}

impl FakePlatform {
    /// Serves `document` (any text: JSON or YAML, Swagger 2.0 or OpenAPI 3.0) at `path`
    /// (e.g. `"/api/v3/api-docs"`), or stops serving anything there with `None` (404).
    /// A fresh fake serves the crate's specs at `/api/swagger.json` and `/swagger.json`.
    pub async fn set_api_document(&self, path: &str, document: Option<String>) {
        let mut st = lock(&self.state);
        match document {
            Some(d) => {
                st.documents.insert(normalize(path), d);
            }
            None => {
                st.documents.remove(&normalize(path));
            }
        }
    }

    /// The document served at `path`, if any (to edit it and serve the edited copy).
    pub async fn api_document(&self, path: &str) -> Option<String> {
        lock(&self.state).documents.get(&normalize(path)).cloned()
    }
}
