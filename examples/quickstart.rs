//! Quickstart: the life of a Flink deployment on Ververica Platform.
//!
//! Creates a deployment target and a deployment (from a YAML manifest) that runs Flink's
//! TopSpeedWindowing example, waits until it is RUNNING while printing its events live
//! (`events().follow(..)`), lists its jobs, takes a savepoint, suspends it, changes its
//! parallelism with a merge patch, cancels it and deletes everything again.
//!
//! ```sh
//! cargo run --example quickstart
//! ```
//!
//! runs against the built-in fake platform. To run it against a real one, set `VVP_URL`,
//! `VVP_TOKEN` (if the server needs one) and `VVP_NAMESPACE` (default `default`);
//! `VVP_KUBERNETES_NAMESPACE` (default `vvp-jobs`) is the Kubernetes namespace the
//! deployment target points at. It creates a deployment target and a deployment named
//! `vvp-quickstart` (and refuses to start if either exists) and removes both at the end,
//! also when a step fails.

mod common;

use std::cell::RefCell;
use std::error::Error;
use std::process::ExitCode;
use std::time::Duration;

use futures_util::StreamExt;
use vvp::conditions::{deployment_failed, deployment_in_state};
use vvp::types::{Deployment, DeploymentState, DeploymentTarget, Event};
use vvp::{Api, Condition, FollowParams, ListParams, MergePatch, WaitParams};

/// The name of the deployment target and of the deployment.
const NAME: &str = "vvp-quickstart";

/// The deployment, as you would keep it in a file next to your code.
const MANIFEST: &str = r#"
kind: Deployment
apiVersion: v1
metadata:
  name: vvp-quickstart
  labels:
    app: vvp-quickstart
spec:
  state: RUNNING
  deploymentTargetName: vvp-quickstart
  restoreStrategy:
    kind: LATEST_STATE
  upgradeStrategy:
    kind: STATEFUL
  template:
    spec:
      parallelism: 1
      artifact:
        kind: JAR
        flinkVersion: "1.19"
        jarUri: https://repo1.maven.org/maven2/org/apache/flink/flink-examples-streaming/1.19.0/flink-examples-streaming-1.19.0-TopSpeedWindowing.jar
"#;

#[tokio::main]
async fn main() -> ExitCode {
    common::exit_code(run().await)
}

/// What this run created, so that a failed run removes exactly that.
#[derive(Default)]
struct Created {
    target: bool,
    deployment: bool,
}

async fn run() -> Result<(), Box<dyn Error>> {
    let env = common::connect().await?;
    // Waits poll (VVP has no watch API). The fake advances one step per read, so poll it
    // quickly; against a real server keep the default (every 2 s, up to 10 min).
    let params = if env.on_fake() {
        WaitParams::default().interval(Duration::from_millis(200))
    } else {
        WaitParams::default()
    };
    let targets = env.client.deployment_targets(env.namespace.as_str());
    let deployments = env.client.deployments(env.namespace.as_str());

    let mut created = Created::default();
    if let Err(e) = walk_through(&targets, &deployments, &params, &mut created).await {
        if created.target || created.deployment {
            eprintln!("A step failed; removing what this run created.");
        }
        clean_up(&targets, &deployments, &params, &created).await;
        return Err(e);
    }
    env.finish();
    Ok(())
}

async fn walk_through(
    targets: &Api<DeploymentTarget>,
    deployments: &Api<Deployment>,
    params: &WaitParams,
    created: &mut Created,
) -> Result<(), Box<dyn Error>> {
    // Refuse to touch anything that was there before.
    if targets.get_opt(NAME).await?.is_some() || deployments.get_opt(NAME).await?.is_some() {
        return Err(format!(
            "a deployment target or deployment named {NAME} already exists in namespace {}; \
             delete it or use another namespace (VVP_NAMESPACE)",
            deployments.namespace()
        )
        .into());
    }

    // 1. Where deployments run: a deployment target for a Kubernetes namespace.
    let k8s_namespace = std::env::var("VVP_KUBERNETES_NAMESPACE")
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "vvp-jobs".to_owned());
    targets
        .create(&DeploymentTarget::new(NAME, k8s_namespace.as_str()))
        .await?;
    created.target = true;
    println!("Created deployment target {NAME} (Kubernetes namespace {k8s_namespace})");

    // 2. The deployment, from the YAML manifest above.
    let manifest: Deployment = vvp::yaml::from_str(MANIFEST)?;
    let deployment = deployments.create(&manifest).await?;
    created.deployment = true;
    let id = deployment
        .id()
        .ok_or("the server returned the deployment without metadata.id")?;
    println!("Created deployment {NAME} (id {id}), desired state RUNNING");

    // Print its events live, as the platform writes them, until the deployment is
    // cancelled (the task stops when `_events` is dropped).
    let follow = if params.interval < Duration::from_secs(1) {
        FollowParams::default()
            .interval(params.interval / 2)
            .max_interval(params.interval)
    } else {
        FollowParams::default()
    };
    let events = deployments
        .client()
        .events(deployments.namespace())
        .follow_with(id, &follow);
    let _events = AbortOnDrop(tokio::spawn(print_events(events)));

    // 3. Wait until it runs.
    let deployment = wait_for(deployments, DeploymentState::Running, &deployment, params).await?;
    if let Some(job) = deployment.running_job_id() {
        println!("Deployment {NAME} is RUNNING job {job}");
    }

    // 4. Its jobs and events.
    let client = deployments.client();
    let by_deployment = ListParams::default().deployment_id(id);
    let jobs = client
        .jobs(deployments.namespace())
        .list_with(&by_deployment)
        .await?;
    println!("Jobs of {NAME}: {}", jobs.len());
    for job in &jobs {
        let job_id = job.id().map(|i| i.to_string()).unwrap_or_default();
        println!("  job {job_id}: {}", text(job.state()));
    }

    // 5. A savepoint of the running job (taken, then waited for until COMPLETED).
    println!("Taking a savepoint of {NAME}...");
    let savepoint = deployments.take_savepoint(NAME, params).await?;
    println!(
        "Savepoint {} is COMPLETED at {}",
        savepoint.id().map(|i| i.to_string()).unwrap_or_default(),
        savepoint.location().unwrap_or("(no location reported)")
    );

    // 6. Suspend: stop the job with a savepoint, to be resumed later.
    println!("Suspending {NAME}...");
    let deployment = deployments.suspend(NAME).await?;
    wait_for(deployments, DeploymentState::Suspended, &deployment, params).await?;

    // 7. Change the parallelism with a JSON merge patch: only the fields in the patch change.
    let patch = MergePatch::new().set("/spec/template/spec/parallelism", 2);
    let deployment = deployments.patch(NAME, &patch).await?;
    let parallelism = deployment
        .spec
        .template
        .as_ref()
        .and_then(|t| t.spec.as_ref())
        .and_then(|s| s.parallelism);
    println!(
        "Patched {NAME} with {}: parallelism is now {}",
        patch.as_value(),
        parallelism.map_or_else(|| "unset".to_owned(), |p| p.to_string())
    );

    // 8. Cancel: stop for good (no savepoint), then delete.
    println!("Cancelling {NAME}...");
    let deployment = deployments.cancel(NAME).await?;
    wait_for(deployments, DeploymentState::Cancelled, &deployment, params).await?;
    drop(_events);
    deployments.delete(NAME).await?;
    created.deployment = false;
    println!("Deleted deployment {NAME}");
    targets.delete(NAME).await?;
    created.target = false;
    println!("Deleted deployment target {NAME}");
    Ok(())
}

/// Best effort after a failure: cancel and delete the deployment, delete the target.
/// Problems are reported, not returned: the original error is what matters.
async fn clean_up(
    targets: &Api<DeploymentTarget>,
    deployments: &Api<Deployment>,
    params: &WaitParams,
    created: &Created,
) {
    if created.deployment {
        match deployments.cancel_and_delete(NAME, params).await {
            Ok(()) => eprintln!("Deleted deployment {NAME}"),
            Err(e) => eprintln!("Could not delete deployment {NAME}: {e}"),
        }
    }
    if created.target {
        match targets.delete(NAME).await {
            Ok(()) => eprintln!("Deleted deployment target {NAME}"),
            Err(e) => eprintln!("Could not delete deployment target {NAME}: {e}"),
        }
    }
}

/// Wait until deployment [`NAME`] is in `target` state, printing each state change on the
/// way. `before` is the deployment as last seen. Fails if it turns FAILED instead.
async fn wait_for(
    deployments: &Api<Deployment>,
    target: DeploymentState,
    before: &Deployment,
    params: &WaitParams,
) -> Result<Deployment, Box<dyn Error>> {
    let states = Transitions::new(format!("deployment {NAME}"), before.status_state());
    let settled = deployment_in_state(target.clone()).or(deployment_failed());
    // A condition is any `Fn(Option<&Deployment>) -> bool`: this one also reports changes.
    let watched = |d: Option<&Deployment>| {
        states.observe(d.and_then(Deployment::status_state));
        settled.matches_object(d)
    };
    let deployment = deployments
        .wait_until(NAME, watched, params)
        .await?
        .ok_or_else(|| format!("deployment {NAME} disappeared"))?;
    if deployment.status_state() == Some(&DeploymentState::Failed) {
        let why: Vec<String> = deployment
            .conditions()
            .iter()
            .filter(|c| c.is_true())
            .filter_map(|c| c.message.clone())
            .collect();
        let why = if why.is_empty() {
            "no reason given".to_owned()
        } else {
            why.join("; ")
        };
        return Err(format!("deployment {NAME} FAILED while waiting for {target}: {why}").into());
    }
    Ok(deployment)
}

/// Prints `label: OLD -> NEW` whenever an observed state changes.
struct Transitions {
    label: String,
    last: RefCell<Option<String>>,
}

impl Transitions {
    fn new(label: String, current: Option<&impl ToString>) -> Self {
        Transitions {
            label,
            last: RefCell::new(current.map(ToString::to_string)),
        }
    }

    fn observe(&self, state: Option<&impl ToString>) {
        let state = state.map(ToString::to_string);
        let mut last = self.last.borrow_mut();
        if state != *last {
            let old = last.as_deref().unwrap_or("(no state yet)");
            let new = state.as_deref().unwrap_or("(gone)");
            println!("{}: {old} -> {new}", self.label);
            *last = state;
        }
    }
}

/// Aborts a task when dropped (also when a step fails).
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Prints each event of the stream as it arrives.
async fn print_events(events: impl futures_util::Stream<Item = vvp::Result<Event>>) {
    let mut events = std::pin::pin!(events);
    while let Some(event) = events.next().await {
        match event {
            Ok(event) => {
                let at = event
                    .created_at()
                    .map(|t| t.format("%H:%M:%S").to_string())
                    .unwrap_or_default();
                println!(
                    "  event {at} {}: {}",
                    text(event.event_name()),
                    event.message().unwrap_or("")
                );
            }
            Err(e) => {
                eprintln!("  (no more events: {e})");
                return;
            }
        }
    }
}

/// An optional enum value as text.
fn text(value: Option<&impl ToString>) -> String {
    value.map_or_else(|| "(unknown)".to_owned(), ToString::to_string)
}
