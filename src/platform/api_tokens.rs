//! [`ApiTokensApi`]: `/apitokens/v1/namespaces/{ns}/apitokens`.

use crate::error::Result;
use crate::platform::common::{check_short, Collection};
use crate::platform::types::{ApiToken, Role};
use crate::Client;
use std::fmt;

/// API tokens of one namespace. Get one with [`Client::api_tokens`].
///
/// Methods take the token's *short* name (`ci-token`); the SDK builds the fully-qualified
/// `namespaces/<ns>/apitokens/ci-token`. A token's secret exists only in the answer of
/// [`create`](Self::create); it is a [`Secret`](crate::platform::types::Secret), so
/// `Debug`/`Display` never show it.
///
/// ```no_run
/// use vvp::platform::types::Role;
/// # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
/// let token = client.api_tokens("default").create("ci-token", Role::Editor).await?;
/// let secret = token.secret.expect("returned on creation");
/// // hand `secret.expose()` to the CI system; never log it
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct ApiTokensApi {
    c: Collection,
}

impl fmt::Debug for ApiTokensApi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiTokensApi")
            .field("namespace", &self.c.namespace)
            .finish_non_exhaustive()
    }
}

impl ApiTokensApi {
    pub(crate) fn new(client: Client, namespace: String) -> Self {
        ApiTokensApi {
            c: Collection::new(
                client,
                namespace,
                "apitokens/v1/namespaces",
                "apitokens",
                "ApiToken",
            ),
        }
    }

    /// The namespace this handle is bound to.
    pub fn namespace(&self) -> &str {
        &self.c.namespace
    }

    /// All tokens of the namespace (without secrets).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`](crate::Error::InvalidName) for a bad namespace (nothing is
    /// sent); transport errors, the server's error answer (owner role required),
    /// [`Error::Decode`](crate::Error::Decode).
    pub async fn list(&self) -> Result<Vec<ApiToken>> {
        self.c.list(&[]).await
    }

    /// One token by short name (without its secret).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`](crate::Error::InvalidName) for a bad namespace or name,
    /// including a fully-qualified name (nothing is sent);
    /// [`Error::is_not_found`](crate::Error::is_not_found); transport errors, other error
    /// answers, [`Error::Decode`](crate::Error::Decode).
    pub async fn get(&self, name: &str) -> Result<ApiToken> {
        self.c.get(name, &[]).await
    }

    /// Create a token named `name` (short) with `role`; the answer carries the secret,
    /// which the server never returns again.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`](crate::Error::InvalidName) for a bad namespace or name
    /// (nothing is sent); [`Error::is_conflict`](crate::Error::is_conflict) if the name is
    /// taken; transport errors, other error answers, [`Error::Decode`](crate::Error::Decode).
    pub async fn create(&self, name: &str, role: Role) -> Result<ApiToken> {
        check_short(name, "ApiToken")?;
        let token = ApiToken {
            name: Some(self.c.qualify(name)),
            role: Some(role),
            ..Default::default()
        };
        let path = self.c.path()?;
        let req = crate::request::Request::post(path).json(&token)?;
        crate::platform::common::one(&self.c.client, req).await
    }

    /// Delete (revoke) a token.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`](crate::Error::InvalidName) for a bad namespace or name
    /// (nothing is sent); [`Error::is_not_found`](crate::Error::is_not_found); transport
    /// errors, other error answers.
    pub async fn delete(&self, name: &str) -> Result<()> {
        self.c.delete_unit(name).await
    }
}
