//! Know the server before an upgrade or a pipeline run: its version, whether the crate is
//! tested against it, and where its API and this SDK disagree.
//!
//! ```sh
//! cargo run --example compat
//! ```
//!
//! runs against the built-in fake platform (which serves the crate's own API documents, so
//! the report is empty; the example then edits the fake's document to show what a report
//! on an older server looks like). Set `VVP_URL` (and `VVP_TOKEN`) to read a real server's
//! documents instead; nothing is created or changed there. Exits non-zero when SDK
//! operations are missing on the server, so a pipeline can stop before using them.

mod common;

use std::error::Error;
use std::process::ExitCode;

use serde_json::Value;
use vvp::compat::TESTED_VERSIONS;

#[tokio::main]
async fn main() -> ExitCode {
    common::exit_code(run().await)
}

async fn run() -> Result<(), Box<dyn Error>> {
    let env = common::connect().await?;
    match env.client.server_version().await? {
        Some(v) if v.is_tested() => {
            println!("Server version {v}: within the tested range {TESTED_VERSIONS}")
        }
        Some(v) => println!("Server version {v}: OUTSIDE the tested range {TESTED_VERSIONS}"),
        None => println!("The server does not say its version"),
    }
    let report = env.client.compatibility().await?;
    print!("{report}");

    if let Some(fake) = &env.fake {
        // Simulate a server from before `deployments/with-cr` and savepoint deletion, whose
        // savepoints have a state the SDK does not know.
        println!("\nThe same against a simulated older server:");
        let mut doc: Value = serde_json::from_str(
            &fake
                .api_document("/api/swagger.json")
                .await
                .unwrap_or_default(),
        )?;
        if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
            paths.retain(|p, _| !p.contains("/with-cr"));
            if let Some(item) = paths
                .get_mut("/api/v1/namespaces/{namespace}/savepoints/{savepointId}")
                .and_then(Value::as_object_mut)
            {
                item.remove("delete");
            }
        }
        if let Some(values) = doc
            .pointer_mut("/definitions/SavepointStatus/properties/state/enum")
            .and_then(Value::as_array_mut)
        {
            values.push("ARCHIVED".into());
        }
        fake.set_api_document("/api/swagger.json", Some(doc.to_string()))
            .await;
        let older = env.client.compatibility().await?;
        print!("{older}");
        println!(
            "{} SDK operation(s) would fail on that server.",
            older.unusable_operations().len()
        );
        env.finish();
        return Ok(());
    }

    let unusable = report.unusable_operations().len();
    env.finish();
    if unusable > 0 {
        return Err(format!("{unusable} SDK operation(s) are missing on this server").into());
    }
    Ok(())
}
