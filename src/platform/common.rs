//! What every Platform handle shares: name checks and the facts of a named collection.
//!
//! A [`Collection`] is *data* (API prefix, collection segment, kind); its methods turn a
//! verb into a [`Request`] and hand it to the core's one request path
//! ([`Client::execute`]). Envelopes are unwrapped by [`One`]/[`Many`] from the keys each
//! type declares.

use crate::error::{Error, InvalidNameReason, Result};
use crate::name::Name;
use crate::platform::envelope::{Many, One, PluralKey, SingularKey};
use crate::request::{Request, UrlPath};
use crate::resource::NameScheme;
use crate::Client;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Check a namespace name (the 63-character rule); a fully-qualified `namespaces/<n>` is
/// rejected with a reason naming the short form.
pub(crate) fn check_namespace(ns: &str) -> Result<()> {
    check_short(ns, "Namespace")
}

/// Check a short resource name against the 63-character rule. A fully-qualified name
/// (`namespaces/x/apitokens/y`) gets a reason that says to pass the short name instead.
pub(crate) fn check_short(name: &str, kind: &'static str) -> Result<()> {
    if name.contains('/') {
        let short = name.rsplit('/').next().unwrap_or_default();
        if name.starts_with("namespaces/") && !short.is_empty() {
            return Err(Error::InvalidName {
                name: name.to_owned(),
                kind,
                reason: InvalidNameReason::FullyQualified {
                    short: short.to_owned(),
                },
            });
        }
    }
    Name::validate(name, NameScheme::Dns, kind)
}

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
    /// The kind named in errors, e.g. `SqlScript`.
    pub(crate) kind: &'static str,
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
        kind: &'static str,
    ) -> Self {
        Collection {
            client,
            namespace,
            api,
            segment,
            kind,
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

    /// `POST /{api}/{ns}/{segment}:{verb}`, JSON.
    pub(crate) fn post_verb(&self, verb: &'static str) -> Result<Request> {
        Ok(json_request(Request::post(self.path()?.verb(verb))))
    }

    /// `/{api}/{ns}/{segment}/{name}` after checking the short name.
    pub(crate) fn item(&self, name: &str) -> Result<UrlPath> {
        let path = self.path()?;
        check_short(name, self.kind)?;
        Ok(path.seg(name))
    }

    /// The fully-qualified name `namespaces/{ns}/{segment}/{short}`.
    pub(crate) fn qualify(&self, short: &str) -> String {
        format!("namespaces/{}/{}/{short}", self.namespace, self.segment)
    }

    /// The short name of a body's `name` field, which may be short or fully qualified in
    /// this namespace and collection.
    pub(crate) fn short_of_body_name<'a>(&self, name: Option<&'a str>) -> Result<&'a str> {
        let name = name.ok_or_else(|| Error::InvalidName {
            name: String::new(),
            kind: self.kind,
            reason: InvalidNameReason::Missing,
        })?;
        let prefix = format!("namespaces/{}/{}/", self.namespace, self.segment);
        let short = name.strip_prefix(prefix.as_str()).unwrap_or(name);
        check_short(short, self.kind)?;
        Ok(short)
    }

    /// `obj` as JSON with its `name` replaced by the fully-qualified form; and the short name.
    pub(crate) fn named_body<T: Serialize>(
        &self,
        obj: &T,
        name: Option<&str>,
    ) -> Result<(String, Value)> {
        let short = self.short_of_body_name(name)?.to_owned();
        let mut body = serde_json::to_value(obj).map_err(|e| Error::Encode {
            source: Box::new(e),
        })?;
        if let Value::Object(map) = &mut body {
            map.insert("name".into(), Value::String(self.qualify(&short)));
        }
        Ok((short, body))
    }

    /// `GET {segment}` -> the list under `T::PLURAL`.
    pub(crate) async fn list<T: PluralKey + DeserializeOwned>(
        &self,
        query: &[(&str, String)],
    ) -> Result<Vec<T>> {
        let req = json_request(Request::get(self.path()?)).query_pairs(query.iter().cloned());
        many(&self.client, req).await
    }

    /// `GET {segment}/{name}` -> the object under `T::SINGULAR`.
    pub(crate) async fn get<T: SingularKey + DeserializeOwned>(
        &self,
        name: &str,
        query: &[(&str, String)],
    ) -> Result<T> {
        let req = json_request(Request::get(self.item(name)?)).query_pairs(query.iter().cloned());
        one(&self.client, req).await
    }

    /// `POST {segment}` with `obj` (its name qualified) -> `R`.
    pub(crate) async fn create<T: Serialize, R: DeserializeOwned>(
        &self,
        obj: &T,
        name: Option<&str>,
    ) -> Result<R> {
        let path = self.path()?;
        let (_, body) = self.named_body(obj, name)?;
        self.client.execute(Request::post(path).json(&body)?).await
    }

    /// `PUT {segment}/{short name}` with `obj` (its name qualified) -> `R`.
    pub(crate) async fn update<T: Serialize, R: DeserializeOwned>(
        &self,
        obj: &T,
        name: Option<&str>,
    ) -> Result<R> {
        let path = self.path()?;
        let (short, body) = self.named_body(obj, name)?;
        let req = Request::put(path.seg(&short)).json(&body)?;
        self.client.execute(req).await
    }

    /// `DELETE {segment}/{name}` -> `R`, or `R::default()` for an empty answer.
    pub(crate) async fn delete<R: DeserializeOwned + Default>(&self, name: &str) -> Result<R> {
        let req = json_request(Request::delete(self.item(name)?));
        Ok(self.client.execute_opt(req).await?.unwrap_or_default())
    }

    /// `DELETE {segment}/{name}`, ignoring the answer's body.
    pub(crate) async fn delete_unit(&self, name: &str) -> Result<()> {
        let req = json_request(Request::delete(self.item(name)?));
        self.client.execute_unit(req).await
    }

    /// `GET {segment}/{name}:{verb}` -> the list under `T::PLURAL`.
    pub(crate) async fn list_verb<T: PluralKey + DeserializeOwned>(
        &self,
        name: &str,
        verb: &'static str,
    ) -> Result<Vec<T>> {
        let req = json_request(Request::get(self.item(name)?.verb(verb)));
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
