//! YAML manifests: read and write resources as YAML, one or many documents.
//!
//! ```
//! use vvp::types::Deployment;
//! use vvp::Resource;
//!
//! let manifests = "\
//! kind: Deployment
//! metadata:
//!   name: first
//! ---
//! kind: Deployment
//! metadata:
//!   name: second
//! ";
//! let deployments: Vec<Deployment> = vvp::yaml::from_str_multi(manifests)?;
//! assert_eq!(deployments.len(), 2);
//! assert_eq!(deployments[1].name(), Some("second"));
//! let text = vvp::yaml::to_string(&deployments[0])?;
//! assert!(text.contains("name: first"));
//! # Ok::<(), vvp::Error>(())
//! ```

use crate::error::{Error, Result};
use crate::format::{split_path_error, BodyFormat};
use serde::{de::DeserializeOwned, Deserialize, Serialize};

/// Read one YAML document (JSON is valid YAML too).
///
/// # Errors
///
/// [`Error::Decode`] (with `status: None`) naming the field that did not match, e.g.
/// `spec.state`.
pub fn from_str<T: DeserializeOwned>(s: &str) -> Result<T> {
    BodyFormat::Yaml.decode(s.as_bytes(), None)
}

/// Read every document of a `---`-separated YAML stream. Empty documents (e.g. after a
/// trailing `---`) are skipped.
///
/// # Errors
///
/// [`Error::Decode`] for the first document that does not parse or match `T`; its path
/// starts with the document's index among all documents, e.g. `[1].metadata.name`.
pub fn from_str_multi<T: DeserializeOwned>(s: &str) -> Result<Vec<T>> {
    crate::limits::check_yaml(s.as_bytes()).map_err(|source| Error::Decode {
        status: None,
        path: ".".into(),
        source,
    })?;
    let mut out = Vec::new();
    for (i, doc) in serde_yaml::Deserializer::from_str(s).enumerate() {
        let value = serde_yaml::Value::deserialize(doc).map_err(|e| Error::Decode {
            status: None,
            path: format!("[{i}]"),
            source: Box::new(e),
        })?;
        if value.is_null() {
            continue;
        }
        let item = serde_path_to_error::deserialize(value).map_err(|e| {
            let (path, source) = split_path_error(e);
            let path = if path == "." {
                format!("[{i}]")
            } else {
                format!("[{i}].{path}")
            };
            Error::Decode {
                status: None,
                path,
                source,
            }
        })?;
        out.push(item);
    }
    Ok(out)
}

/// Write `value` as one YAML document.
///
/// # Errors
///
/// [`Error::Encode`] if the value cannot be represented in YAML.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    serde_yaml::to_string(value).map_err(|e| Error::Encode {
        source: Box::new(e),
    })
}
