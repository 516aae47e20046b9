//! What every Platform handle shares: name checks and the facts of a named collection.
//!
//! A [`Collection`] is *data* (API prefix, collection segment, kind); its methods turn a
//! verb into a [`Request`] and hand it to the core's one request path
//! ([`Client::execute`]). Envelopes are unwrapped by [`One`]/[`Many`] from the keys each
//! type declares.

use crate::error::{Error, InvalidNameReason, Result};
use crate::platform::envelope::{Many, One, PluralKey, SingularKey};
use crate::request::{Request, UrlPath};
use crate::Client;
use serde::de::DeserializeOwned;

pub(crate) use crate::name::check_namespace;

/// Check a SQL identifier used as a path segment or query value (catalog, database, table,
/// view, function, artifact file name): any non-empty text (it is percent-encoded).
pub(crate) fn check_identifier(name: &str, kind: &'static str) -> Result<()> {
    if name.is_empty() {
        return Err(Error::InvalidName {
            name: String::new(),
            kind,
            reason: InvalidNameReason::Empty,
        });
    }
    Ok(())
}

/// A namespaced collection of named Platform resources, e.g.
/// `/sql/v1beta1/namespaces/{ns}/sqlscripts` whose objects are named
/// `namespaces/{ns}/sqlscripts/{name}`.
#[derive(Clone)]
pub(crate) struct Collection {
    pub(crate) client: Client,
    pub(crate) namespace: String,
    /// Literal path up to the namespace, e.g. `sql/v1beta1/namespaces`.
    pub(crate) api: &'static str,
    /// The collection segment, e.g. `sqlscripts`; also the middle part of qualified names.
    pub(crate) segment: &'static str,
}

impl std::fmt::Debug for Collection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Collection")
            .field("namespace", &self.namespace)
            .field("segment", &self.segment)
            .finish_non_exhaustive()
    }
}

impl Collection {
    pub(crate) fn new(
        client: Client,
        namespace: String,
        api: &'static str,
        segment: &'static str,
    ) -> Self {
        Collection {
            client,
            namespace,
            api,
            segment,
        }
    }

    /// `/{api}/{ns}` after checking the namespace.
    pub(crate) fn namespace_path(&self) -> Result<UrlPath> {
        check_namespace(&self.namespace)?;
        Ok(UrlPath::new().lit(self.api).seg(&self.namespace))
    }

    /// `/{api}/{ns}/{segment}`.
    pub(crate) fn path(&self) -> Result<UrlPath> {
        Ok(self.namespace_path()?.lit(self.segment))
    }

    /// `GET {segment}` -> the list under `T::PLURAL`.
    pub(crate) async fn list<T: PluralKey + DeserializeOwned>(
        &self,
        query: &[(&str, String)],
    ) -> Result<Vec<T>> {
        let req = json_request(Request::get(self.path()?)).query_pairs(query.iter().cloned());
        many(&self.client, req).await
    }
}

/// Platform API endpoints speak JSON only, whatever the client's format.
pub(crate) fn json_request(req: Request) -> Request {
    req.format(crate::BodyFormat::Json)
}

/// Send `req`; unwrap `{"<T::SINGULAR>": T}`.
pub(crate) async fn one<T: SingularKey + DeserializeOwned>(
    client: &Client,
    req: Request,
) -> Result<T> {
    client.execute::<One<T>>(req).await.map(One::into_inner)
}

/// Send `req`; unwrap `{"<T::PLURAL>": [T]}` (a missing list is empty).
pub(crate) async fn many<T: PluralKey + DeserializeOwned>(
    client: &Client,
    req: Request,
) -> Result<Vec<T>> {
    client.execute::<Many<T>>(req).await.map(Many::into_inner)
}
