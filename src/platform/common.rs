//! Small helpers of the Platform kinds' own methods: SQL identifier checks, JSON-only
//! requests, and sending a request whose answer is an envelope other than the kind's own
//! (unwrapped by [`One`]/[`Many`] from the keys each type declares). The kinds' shared verbs
//! are [`Api`](crate::Api)'s.

use crate::error::{Error, InvalidNameReason, Result};
use crate::platform::envelope::{Many, One, PluralKey, SingularKey};
use crate::request::Request;
use crate::Client;
use serde::de::DeserializeOwned;

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
