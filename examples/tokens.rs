//! API tokens: create one, use it, list the namespace's tokens, delete it.
//!
//! A token's secret is returned once, by the call that creates it. This example hands it
//! straight to a new client (as a CI system would store it) and never prints it.
//!
//! ```sh
//! cargo run --example tokens
//! ```
//!
//! runs against the built-in fake platform; set `VVP_URL` (and `VVP_TOKEN`,
//! `VVP_NAMESPACE`) to run it against a real one. Managing tokens needs the owner role in
//! the namespace. It creates a token named `vvp-example-token` and deletes it at the end,
//! also when a step fails.

mod common;

use std::error::Error;
use std::process::ExitCode;

use vvp::platform::types::{ApiToken, Role};
use vvp::platform::ApiTokensApi;
use vvp::Client;

/// The token's short name.
const TOKEN: &str = "vvp-example-token";

#[tokio::main]
async fn main() -> ExitCode {
    common::exit_code(run().await)
}

async fn run() -> Result<(), Box<dyn Error>> {
    let env = common::connect().await?;
    let tokens = env.client.api_tokens(env.namespace.as_str());

    // 1. Create a token that may read the namespace.
    let token = tokens.create(TOKEN, Role::Viewer).await?;
    println!(
        "Created API token {} with role {} (its secret is returned only now and is not printed)",
        token.short_name().unwrap_or(TOKEN),
        text(token.role.as_ref())
    );

    let result = use_and_list(&env, &tokens, &token).await;
    // 3. Delete (revoke) it, whether or not the steps above worked.
    let deleted = tokens.delete(TOKEN).await;
    match (result, deleted) {
        (Ok(()), Ok(())) => println!("Deleted API token {TOKEN}"),
        (Ok(()), Err(e)) => return Err(e.into()),
        (Err(e), Ok(())) => {
            eprintln!("A step failed; deleted API token {TOKEN}.");
            return Err(e);
        }
        (Err(e), Err(delete_error)) => {
            eprintln!("A step failed, and deleting API token {TOKEN} failed too: {delete_error}");
            return Err(e);
        }
    }
    let left = tokens.list().await?;
    if left.iter().any(|t| t.short_name() == Some(TOKEN)) {
        return Err(format!("API token {TOKEN} is still listed after deleting it").into());
    }
    println!("API token {TOKEN} is no longer listed");
    env.finish();
    Ok(())
}

async fn use_and_list(
    env: &common::Env,
    tokens: &ApiTokensApi,
    token: &ApiToken,
) -> Result<(), Box<dyn Error>> {
    // 2a. Use it: a client authenticating with the new token, as a CI job would.
    let secret = token
        .secret
        .as_ref()
        .ok_or("the server did not return the new token's secret")?;
    let ci_client = Client::builder(env.client.base_url().as_str())
        .token(secret.expose())
        .build()?;
    let deployments = ci_client.deployments(env.namespace.as_str()).list().await?;
    println!(
        "With the new token: {} deployment(s) in namespace {}",
        deployments.len(),
        env.namespace
    );

    // 2b. List the namespace's tokens (secrets are never listed).
    let all = tokens.list().await?;
    println!("API tokens in namespace {}: {}", env.namespace, all.len());
    for t in &all {
        let created = t
            .create_time
            .map(|c| format!(", created {}", c.format("%Y-%m-%d %H:%M:%S UTC")))
            .unwrap_or_default();
        println!(
            "  {} (role {}{created})",
            t.short_name().unwrap_or("(unnamed)"),
            text(t.role.as_ref())
        );
    }
    Ok(())
}

/// An optional enum value as text.
fn text(value: Option<&Role>) -> &str {
    value.map_or("(unknown)", Role::as_str)
}
