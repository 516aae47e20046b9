//! [`ApiTokensApi`]: `/apitokens/v1/namespaces/{ns}/apitokens`.

use crate::api::Api;
use crate::error::Result;
use crate::name::check_short;
use crate::platform::handle::platform_resource;
use crate::platform::types::{ApiToken, Role};
use crate::request::Request;

/// API tokens of one namespace. Get one with [`Client::api_tokens`](crate::Client::api_tokens).
///
/// Methods take the token's *short* name (`ci-token`); the SDK builds the fully-qualified
/// `namespaces/<ns>/apitokens/ci-token`. A token's secret exists only in the answer of
/// [`create`](Api::create); it is a [`Secret`](crate::platform::types::Secret), so
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
///
/// `list`, `get` and `delete` are [`Api`]'s verbs.
pub type ApiTokensApi = Api<ApiToken>;

platform_resource! {
    ApiToken {
        api: "apitokens/v1/namespaces",
        segment: "apitokens",
        kind: "ApiToken",
        names: Dns,
        settings: (),
        verbs: [Listable, Gettable, Deletable = ()],
    }
}

/// Tokens are created from a name and a role; the answer carries the secret.
impl Api<ApiToken> {
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
            name: Some(self.qualified(name)),
            role: Some(role),
            ..Default::default()
        };
        let path = self.collection()?;
        self.one(Self::request(Request::post(path)).json(&token)?)
            .await
    }
}
