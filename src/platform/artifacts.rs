//! [`ArtifactsApi`]: the artifact storage, `/artifacts/v1/namespaces/{ns}/artifacts:*`.
//!
//! Not in the documents VVP servers serve (described in this crate's `specs/swagger.json`); the endpoints are those the web UI and public tools
//! use: `artifacts:list`, `artifacts:upload` (multipart, part `file`),
//! `artifacts:delete?filename=`. The storage accepts files up to 50 MB, overwrites a file
//! of the same name and shows at most 1000 files per namespace.

use crate::api::Api;
use crate::error::{Error, InvalidNameReason, Result};
use crate::list::List;
use crate::platform::common::one;
use crate::platform::handle::platform_resource;
use crate::platform::types::StoredArtifact;
use crate::request::Request;
use reqwest::multipart::{Form, Part};
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// What to upload: bytes in memory, or a file that is streamed from disk (never loaded
/// into memory as a whole).
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ArtifactSource {
    /// The file's content.
    Bytes(Vec<u8>),
    /// A file on disk, streamed while uploading.
    Path(PathBuf),
}

impl ArtifactSource {
    /// Upload these bytes.
    pub fn bytes(data: impl Into<Vec<u8>>) -> Self {
        ArtifactSource::Bytes(data.into())
    }

    /// Stream the file at `path`.
    pub fn path(path: impl Into<PathBuf>) -> Self {
        ArtifactSource::Path(path.into())
    }
}

impl fmt::Debug for ArtifactSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArtifactSource::Bytes(b) => write!(f, "Bytes({} bytes)", b.len()),
            ArtifactSource::Path(p) => f.debug_tuple("Path").field(p).finish(),
        }
    }
}

impl From<Vec<u8>> for ArtifactSource {
    fn from(data: Vec<u8>) -> Self {
        ArtifactSource::Bytes(data)
    }
}

impl From<&[u8]> for ArtifactSource {
    fn from(data: &[u8]) -> Self {
        ArtifactSource::Bytes(data.to_vec())
    }
}

impl From<PathBuf> for ArtifactSource {
    fn from(path: PathBuf) -> Self {
        ArtifactSource::Path(path)
    }
}

impl From<&std::path::Path> for ArtifactSource {
    fn from(path: &std::path::Path) -> Self {
        ArtifactSource::Path(path.to_path_buf())
    }
}

/// The files in the artifact storage of one namespace (JARs, Python files, ...). Get one
/// with [`Client::artifacts`].
///
/// ```no_run
/// use std::path::Path;
/// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
/// let stored = client
///     .artifacts("default")
///     .upload("top-speed-1.2.jar", Path::new("target/top-speed-1.2.jar"))
///     .await?;
/// // use as `spec.template.spec.artifact.jarUri` of a deployment
/// let jar_uri = stored.uri.unwrap_or_default();
/// # Ok(()) }
/// ```
///
/// The storage has its own list and delete (`artifacts:list`, `artifacts:delete?filename=`),
/// so the kind has none of [`Api`]'s generic verbs; its methods are below.
pub type ArtifactsApi = Api<StoredArtifact>;

/// The settings of an [`ArtifactsApi`], set with
/// [`upload_timeout`](Api::upload_timeout).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArtifactSettings {
    upload_timeout: Option<Duration>,
}

platform_resource! {
    StoredArtifact {
        api: "artifacts/v1/namespaces",
        segment: "artifacts",
        kind: "Artifact",
        names: Identifier,
        name_field: filename,
        settings: ArtifactSettings,
        verbs: [],
    }
}

/// Check an artifact file name: non-empty, not `.`/`..`, no `/`, `\` or control characters.
fn check_file_name(name: &str) -> Result<()> {
    let invalid = |reason| Error::InvalidName {
        name: name.to_owned(),
        kind: "Artifact",
        reason,
    };
    if name.is_empty() {
        return Err(invalid(InvalidNameReason::Empty));
    }
    if let Some((position, ch)) = name
        .chars()
        .enumerate()
        .find(|(_, c)| matches!(c, '/' | '\\') || c.is_control())
    {
        return Err(invalid(InvalidNameReason::InvalidChar {
            ch,
            position,
            allowed: "a file name without '/', '\\' or control characters",
        }));
    }
    if name == "." || name == ".." {
        return Err(invalid(InvalidNameReason::InvalidChar {
            ch: '.',
            position: 0,
            allowed: "a file name other than '.' and '..'",
        }));
    }
    Ok(())
}

/// Upload, list and delete stored files.
impl Api<StoredArtifact> {
    /// A total timeout for [`upload`](Self::upload) instead of the client's (which may be
    /// too short for large files).
    #[must_use]
    pub fn upload_timeout(mut self, timeout: Duration) -> Self {
        self.settings.upload_timeout = Some(timeout);
        self
    }

    /// The stored files (`GET artifacts:list`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`] for a bad namespace (nothing is sent); transport errors, the
    /// server's error answer, [`Error::Decode`].
    pub async fn list(&self) -> Result<List<StoredArtifact>> {
        let req = Self::request(Request::get(self.collection()?.verb("list")));
        self.many(req).await
    }

    /// Upload a file as `file_name` (`POST artifacts:upload`, `multipart/form-data` with
    /// one part named `file`); a file of the same name is overwritten. Returns the stored
    /// artifact; its [`uri`](StoredArtifact::uri) is what a deployment's `jarUri` takes.
    ///
    /// A [`ArtifactSource::Path`] is streamed from disk with its length announced; memory
    /// use does not grow with the file's size.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`] for a bad namespace or file name (nothing is sent);
    /// [`Error::Encode`] if the file cannot be opened or read; transport errors (including
    /// [`Error::Timeout`], see [`upload_timeout`](Self::upload_timeout)), the server's
    /// error answer (e.g. for files over 50 MB), [`Error::Decode`].
    pub async fn upload(
        &self,
        file_name: &str,
        source: impl Into<ArtifactSource>,
    ) -> Result<StoredArtifact> {
        let path = self.collection()?.verb("upload");
        check_file_name(file_name)?;
        let io_error = |e: std::io::Error| Error::Encode {
            source: Box::new(e),
        };
        let part = match source.into() {
            ArtifactSource::Bytes(data) => Part::bytes(data),
            ArtifactSource::Path(p) => {
                let file = tokio::fs::File::open(&p).await.map_err(io_error)?;
                let len = file.metadata().await.map_err(io_error)?.len();
                Part::stream_with_length(file, len)
            }
        };
        let part = part
            .file_name(file_name.to_owned())
            .mime_str("application/octet-stream")
            .map_err(|e| Error::Encode {
                source: Box::new(e),
            })?;
        let mut req = Self::request(Request::post(path)).multipart(Form::new().part("file", part));
        if let Some(t) = self.settings.upload_timeout {
            req = req.timeout(t);
        }
        one(self.client(), req).await
    }

    /// Delete a stored file (`DELETE artifacts:delete?filename=..`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`] for a bad namespace or file name (nothing is sent);
    /// [`Error::is_not_found`]; transport errors, other error answers.
    pub async fn delete(&self, file_name: &str) -> Result<()> {
        let path = self.collection()?.verb("delete");
        check_file_name(file_name)?;
        let req = Self::request(Request::delete(path)).query("filename", file_name);
        self.client().execute_unit(req).await
    }
}
