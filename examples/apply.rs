//! GitOps-style apply: print what a manifest would change, then change only that.
//!
//! ```sh
//! cargo run --example apply                       # a built-in sample, against the fake
//! cargo run --example apply -- vvp/ --dry-run     # every *.yaml, *.yml, *.json in vvp/
//! cargo run --example apply -- app.yaml --prune app=orders --wait
//! ```
//!
//! `PATH` is a manifest file or a folder of them (read in name order). Options:
//!
//! - `--dry-run`: print the plan only; nothing is written.
//! - `--prune SELECTOR`: delete objects with these labels (`app=orders`) that are not in
//!   the manifest (running deployments are cancelled first).
//! - `--wait`: wait until every changed deployment reaches its desired state; if one goes
//!   FAILED or the wait times out, put back the spec it had before.
//! - `--kind KIND`: the kind of documents that have no `kind` field.
//!
//! Runs against the built-in fake platform unless `VVP_URL` is set (then `VVP_TOKEN`,
//! `VVP_NAMESPACE` as for the other examples). Without `PATH` it applies a built-in sample
//! (a deployment target, a secret value and a deployment named `vvp-example-apply`),
//! shows that a second plan is all unchanged and what a changed manifest would update,
//! and removes the sample again; against a real server it refuses to start if any of the
//! sample's objects exists.

mod common;

use std::error::Error;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use vvp::{ApplyParams, PlanAction, PlanParams, WaitParams};

/// Applied when no manifest is given.
const SAMPLE: &str = r#"
kind: DeploymentTarget
apiVersion: v1
metadata:
  name: vvp-example-apply
  labels: {app: vvp-example-apply}
spec:
  kubernetes: {namespace: vvp-jobs}
---
kind: SecretValue
apiVersion: v1
metadata:
  name: vvp-example-apply
  labels: {app: vvp-example-apply}
spec: {kind: PLAIN, value: not-a-real-password}
---
kind: Deployment
apiVersion: v1
metadata:
  name: vvp-example-apply
  labels: {app: vvp-example-apply}
spec:
  state: RUNNING
  deploymentTargetName: vvp-example-apply
  template:
    spec:
      parallelism: 2
      flinkConfiguration:
        taskmanager.numberOfTaskSlots: 2
      artifact:
        kind: JAR
        flinkVersion: "1.19"
        jarUri: https://repo1.maven.org/maven2/org/apache/flink/flink-examples-streaming/1.19.0/flink-examples-streaming-1.19.0-TopSpeedWindowing.jar
"#;

#[derive(Default)]
struct Args {
    path: Option<String>,
    dry_run: bool,
    prune: Option<String>,
    wait: bool,
    kind: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args::default();
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--dry-run" => args.dry_run = true,
            "--wait" => args.wait = true,
            "--prune" => args.prune = Some(it.next().ok_or("--prune needs a label selector")?),
            "--kind" => args.kind = Some(it.next().ok_or("--kind needs a kind")?),
            "-h" | "--help" => {
                return Err(
                    "usage: apply [PATH] [--dry-run] [--prune SELECTOR] [--wait] [--kind KIND]"
                        .into(),
                )
            }
            other if other.starts_with("--") => return Err(format!("unknown option {other}")),
            other if args.path.is_none() => args.path = Some(other.to_owned()),
            other => return Err(format!("only one PATH, got {other:?} too")),
        }
    }
    Ok(args)
}

/// The manifest at `path`: a file, or every `*.yaml`, `*.yml`, `*.json` of a folder.
fn read_manifest(path: &Path) -> Result<String, Box<dyn Error>> {
    if !path.is_dir() {
        return Ok(std::fs::read_to_string(path)?);
    }
    let mut files: Vec<_> = std::fs::read_dir(path)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"))
        })
        .collect();
    files.sort();
    let mut docs = Vec::with_capacity(files.len());
    for f in &files {
        docs.push(std::fs::read_to_string(f)?);
    }
    Ok(docs.join("\n---\n"))
}

#[tokio::main]
async fn main() -> ExitCode {
    common::exit_code(run().await)
}

async fn run() -> Result<(), Box<dyn Error>> {
    let args = parse_args()?;
    let env = common::connect().await?;
    let client = &env.client;
    let ns = env.namespace.as_str();
    let manifest = match &args.path {
        Some(p) => read_manifest(Path::new(p))?,
        None => SAMPLE.to_owned(),
    };
    let sample = args.path.is_none();

    let mut plan_params = PlanParams::default();
    if let Some(k) = &args.kind {
        plan_params = plan_params.kind(k.as_str());
    }
    if let Some(s) = &args.prune {
        plan_params = plan_params.prune(s.as_str());
    }
    // The fake moves one step per read: poll it quickly. Real servers: every 2 s.
    let wait = if env.on_fake() {
        WaitParams::default().interval(Duration::from_millis(100))
    } else {
        WaitParams::default()
    };

    let plan = client.plan_with(ns, &manifest, &plan_params).await?;
    println!("Plan for namespace {ns}:");
    print!("{plan}");
    if sample
        && !env.on_fake()
        && plan
            .changes()
            .iter()
            .any(|c| c.action != PlanAction::Create)
    {
        return Err(
            "objects named vvp-example-apply exist already; the sample does not touch \
                    them (give a manifest PATH, or use another VVP_NAMESPACE)"
                .into(),
        );
    }
    if args.dry_run {
        println!("Dry run: nothing was sent.");
        env.finish();
        return Ok(());
    }

    let mut apply_params = ApplyParams::default().prune_wait(wait);
    if args.wait {
        apply_params = apply_params.wait(wait);
    }
    let applied = plan.apply_with(&apply_params).await?;
    println!("Applied:");
    for a in &applied {
        println!("  {a}");
    }
    if args.wait {
        println!("Every changed deployment reached its desired state.");
    }

    // Applying again changes nothing: every object matches the manifest now.
    let again = client.plan_with(ns, &manifest, &plan_params).await?;
    println!("Plan after applying:");
    print!("{again}");

    if sample {
        // A change to the manifest: the plan names the field, old → new (a dry run).
        let changed = manifest.replace("parallelism: 2", "parallelism: 3");
        let plan = client.plan_with(ns, &changed, &plan_params).await?;
        println!("Plan for the sample with parallelism 3 (not applied):");
        print!("{plan}");

        println!("Removing the sample again.");
        let deployments = client.deployments(ns);
        deployments
            .cancel_and_delete("vvp-example-apply", &wait)
            .await?;
        client.secret_values(ns).delete("vvp-example-apply").await?;
        client
            .deployment_targets(ns)
            .delete("vvp-example-apply")
            .await?;
    }
    env.finish();
    Ok(())
}
