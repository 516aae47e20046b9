//! Lists of resources and the parameters that filter them.

use serde::de::{self, DeserializeOwned, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use std::fmt;
use std::marker::PhantomData;
use uuid::Uuid;

/// A list answer of the Application Manager: `{kind, apiVersion, metadata, items}`.
///
/// A missing or `null` `items` reads as an empty list; fields this crate does not know are
/// kept in [`List::extra`] and written back when serialized.
///
/// ```
/// let list: vvp::List<serde_json::Value> =
///     serde_json::from_str(r#"{"kind":"ResourceList","apiVersion":"v1","items":null}"#)?;
/// assert!(list.is_empty());
/// for item in &list {
///     println!("{item}");
/// }
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct List<T> {
    /// The list's `kind`, e.g. `"ResourceList"`.
    pub kind: Option<String>,
    /// The list's `apiVersion`, e.g. `"v1"`.
    pub api_version: Option<String>,
    /// The list's `metadata`, if any.
    pub metadata: Option<Value>,
    /// The objects.
    pub items: Vec<T>,
    /// Fields this crate does not know.
    pub extra: Map<String, Value>,
}

impl<T> Default for List<T> {
    fn default() -> Self {
        List {
            kind: None,
            api_version: None,
            metadata: None,
            items: Vec::new(),
            extra: Map::new(),
        }
    }
}

impl<T> List<T> {
    /// A list holding `items` and nothing else.
    pub fn new(items: Vec<T>) -> Self {
        List {
            items,
            ..List::default()
        }
    }

    /// The number of items.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// `true` if there are no items.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Iterate over the items.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    /// Iterate mutably over the items.
    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.items.iter_mut()
    }
}

/// A list reads like a slice of its items: `list[0]`, `list.first()`, `list.contains(..)`.
impl<T> std::ops::Deref for List<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.items
    }
}

impl<T> std::ops::DerefMut for List<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        &mut self.items
    }
}

/// A list equals a `Vec` with the same items (its other fields are not compared).
impl<T: PartialEq> PartialEq<Vec<T>> for List<T> {
    fn eq(&self, other: &Vec<T>) -> bool {
        self.items == *other
    }
}

/// The items.
impl<T> From<List<T>> for Vec<T> {
    fn from(list: List<T>) -> Vec<T> {
        list.items
    }
}

impl<T> FromIterator<T> for List<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        List::new(iter.into_iter().collect())
    }
}

impl<T> IntoIterator for List<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a List<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<'a, T> IntoIterator for &'a mut List<T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter_mut()
    }
}

impl<T: Serialize> Serialize for List<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if let Some(kind) = &self.kind {
            map.serialize_entry("kind", kind)?;
        }
        if let Some(v) = &self.api_version {
            map.serialize_entry("apiVersion", v)?;
        }
        if let Some(m) = &self.metadata {
            map.serialize_entry("metadata", m)?;
        }
        map.serialize_entry("items", &self.items)?;
        for (k, v) in &self.extra {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

// Hand-written (not `#[serde(flatten)]`) so that decode errors keep their path, e.g.
// `items[3].spec.state`: flattening buffers the input and loses the position.
impl<'de, T: DeserializeOwned> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor<T>(PhantomData<fn() -> T>);

        impl<'de, T: DeserializeOwned> Visitor<'de> for ListVisitor<T> {
            type Value = List<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list object with `items`")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<List<T>, A::Error> {
                let mut list = List::default();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "kind" => list.kind = map.next_value()?,
                        "apiVersion" => list.api_version = map.next_value()?,
                        "metadata" => {
                            list.metadata = map.next_value::<Option<Value>>()?;
                        }
                        "items" => {
                            list.items = map.next_value::<Option<Vec<T>>>()?.unwrap_or_default();
                        }
                        _ => {
                            let v: Value = map.next_value()?;
                            if list.extra.insert(key.clone(), v).is_some() {
                                return Err(de::Error::custom(format!("duplicate field `{key}`")));
                            }
                        }
                    }
                }
                Ok(list)
            }
        }

        deserializer.deserialize_map(ListVisitor(PhantomData))
    }
}

/// Filters for [`Api::list_with`](crate::Api::list_with).
///
/// Which filters a kind honours (Application Manager 2.7):
///
/// | kind | filters |
/// |---|---|
/// | Deployment | `label_selector` |
/// | Job | `deployment_id` |
/// | Savepoint | `deployment_id`, `job_id` |
/// | Event | `deployment_id`, `job_id`, `session_cluster_id` |
///
/// ```
/// use vvp::ListParams;
///
/// let params = ListParams::default().label_selector("team=data,env=prod");
/// let params = ListParams::default().deployment_id(uuid::Uuid::nil());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListParams {
    /// `labelSelector`, e.g. `k=v,k2=v2`.
    pub label_selector: Option<String>,
    /// `deploymentId`.
    pub deployment_id: Option<Uuid>,
    /// `jobId`.
    pub job_id: Option<Uuid>,
    /// `sessionClusterId`.
    pub session_cluster_id: Option<Uuid>,
}

impl ListParams {
    /// Only objects whose labels match, e.g. `"team=data,env=prod"` (sent as
    /// `labelSelector`).
    #[must_use]
    pub fn label_selector(mut self, selector: impl Into<String>) -> Self {
        self.label_selector = Some(selector.into());
        self
    }

    /// Add one `key=value` requirement to the label selector.
    #[must_use]
    pub fn label(mut self, key: &str, value: &str) -> Self {
        let req = format!("{key}={value}");
        self.label_selector = Some(match self.label_selector.take() {
            Some(s) if !s.is_empty() => format!("{s},{req}"),
            _ => req,
        });
        self
    }

    /// Only objects of this deployment (sent as `deploymentId`).
    #[must_use]
    pub fn deployment_id(mut self, id: Uuid) -> Self {
        self.deployment_id = Some(id);
        self
    }

    /// Only objects of this job (sent as `jobId`).
    #[must_use]
    pub fn job_id(mut self, id: Uuid) -> Self {
        self.job_id = Some(id);
        self
    }

    /// Only objects of this session cluster (sent as `sessionClusterId`).
    #[must_use]
    pub fn session_cluster_id(mut self, id: Uuid) -> Self {
        self.session_cluster_id = Some(id);
        self
    }

    pub(crate) fn to_query(&self) -> Vec<(String, String)> {
        let mut q = Vec::new();
        if let Some(s) = &self.label_selector {
            q.push(("labelSelector".to_owned(), s.clone()));
        }
        let ids = [
            ("deploymentId", self.deployment_id),
            ("jobId", self.job_id),
            ("sessionClusterId", self.session_cluster_id),
        ];
        for (k, v) in ids {
            if let Some(id) = v {
                q.push((k.to_owned(), id.hyphenated().to_string()));
            }
        }
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_and_null_items() {
        let l: List<Value> = serde_json::from_str(r#"{"kind":"X"}"#).unwrap();
        assert!(l.is_empty());
        let l: List<Value> = serde_json::from_str(r#"{"items":null,"x":1}"#).unwrap();
        assert!(l.is_empty());
        assert_eq!(l.extra.get("x"), Some(&Value::from(1)));
        let back = serde_json::to_value(&l).unwrap();
        assert_eq!(back, serde_json::json!({"items": [], "x": 1}));
    }

    #[test]
    fn error_path() {
        #[derive(Debug, Deserialize)]
        struct S {
            #[serde(rename = "n")]
            _n: u32,
        }
        let json = r#"{"items":[{"n":1},{"n":2},{"n":"x"}]}"#;
        let mut de = serde_json::Deserializer::from_str(json);
        let err = serde_path_to_error::deserialize::<_, List<S>>(&mut de).unwrap_err();
        assert_eq!(err.path().to_string(), "items[2].n");
    }
}
