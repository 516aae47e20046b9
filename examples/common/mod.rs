//! What every example shares: where to connect.
//!
//! With `VVP_URL` set (e.g. `https://vvp.example.com`), the examples talk to that server,
//! authenticating with `VVP_TOKEN` if it is set, in namespace `VVP_NAMESPACE` (default
//! `default`). Without `VVP_URL` they start the built-in fake Ververica Platform
//! (`vvp::testing::FakePlatform`) on a free port of 127.0.0.1, so they run with zero setup.

use std::error::Error;
use std::process::ExitCode;
use vvp::testing::FakePlatform;
use vvp::Client;

/// Where an example runs: a client, the namespace to work in, and the fake platform if one
/// was started (it stops when this value is dropped).
pub struct Env {
    /// The client for the server.
    pub client: Client,
    /// The namespace to work in.
    pub namespace: String,
    /// The built-in fake, when `VVP_URL` is not set.
    pub fake: Option<FakePlatform>,
}

/// `name`'s value, if it is set and not empty.
fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// Connect to `VVP_URL`, or start the built-in fake when it is not set. Prints where the
/// example runs as its first line of output (never the token).
pub async fn connect() -> Result<Env, vvp::Error> {
    let namespace = env_var("VVP_NAMESPACE").unwrap_or_else(|| "default".to_owned());
    if env_var("VVP_URL").is_some() {
        let client = Client::from_env()?;
        let auth = if env_var("VVP_TOKEN").is_some() {
            "with the API token from VVP_TOKEN"
        } else {
            "without a token"
        };
        println!(
            "Using the Ververica Platform at {} ({auth}), namespace {namespace}",
            client.base_url()
        );
        return Ok(Env {
            client,
            namespace,
            fake: None,
        });
    }
    // The fake checks `Authorization: Bearer ..` like a real server; this token (carried by
    // `fake.client()`) may do everything.
    let mut builder = FakePlatform::builder().with_token("examples-admin-token");
    if namespace != "default" {
        builder = builder.with_namespace(namespace.as_str());
    }
    let fake = builder.start().await;
    println!(
        "No VVP_URL set: using the built-in fake Ververica Platform at {}, namespace {namespace}",
        fake.url()
    );
    Ok(Env {
        client: fake.try_client()?,
        namespace,
        fake: Some(fake),
    })
}

impl Env {
    /// `true` when the example runs against the built-in fake.
    pub fn on_fake(&self) -> bool {
        self.fake.is_some()
    }

    /// Print the closing line and stop the fake (if any).
    pub fn finish(self) {
        if self.on_fake() {
            println!("Done. The built-in fake platform stops with this program; set VVP_URL to run against a real one.");
        } else {
            println!(
                "Done. Nothing this example created is left in namespace {}.",
                self.namespace
            );
        }
    }
}

/// Turn an example's result into its exit code: on error, print it (with its causes, each
/// once) to stderr and exit non-zero.
pub fn exit_code(result: Result<(), Box<dyn Error>>) -> ExitCode {
    let Err(e) = result else {
        return ExitCode::SUCCESS;
    };
    let mut text = e.to_string();
    eprintln!("error: {text}");
    let mut source = e.source();
    while let Some(cause) = source {
        let line = cause.to_string();
        if !text.contains(&line) {
            eprintln!("  caused by: {line}");
            text.push_str(&line);
        }
        source = cause.source();
    }
    ExitCode::FAILURE
}
