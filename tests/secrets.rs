//! Secrets never print: a quickstart-like run against the fake (deployment lifecycle,
//! secret values, API tokens, errors, a retry) with every `tracing` event and span — and
//! every `log` record of the HTTP stack — captured at TRACE level, and the `Debug` and
//! `Display` forms of client, builder, handles, errors, secret values and API tokens: no
//! token or secret value appears anywhere.

#[path = "common/capture.rs"]
mod capture;

use std::time::Duration;
use vvp::platform::types::Role;
use vvp::testing::FakePlatform;
use vvp::types::{Deployment, DeploymentState, DeploymentTarget, SecretValue};
use vvp::{Client, MergePatch, RetryPolicy, Secret, WaitParams};

const TOKEN: &str = "adm1n-T0ken-do-not-print";
const SECRET_VALUE: &str = "db-Passw0rd-do-not-print";

const MANIFEST: &str = r#"
kind: Deployment
metadata: {name: quickstart}
spec:
  state: RUNNING
  deploymentTargetName: k8s
  template:
    spec:
      parallelism: 1
      artifact: {kind: JAR, jarUri: "https://repo/app.jar"}
      flinkConfiguration: {password: "${db-password}"}
"#;

#[tokio::test]
async fn no_token_or_secret_appears_in_trace_output_or_printed_values() {
    // `log` records (reqwest, hyper-util) become tracing events of the current subscriber.
    let _ = tracing_log::LogTracer::builder()
        .with_max_level(tracing_log::log::LevelFilter::Trace)
        .init();
    let (log, guard) = capture::capture();

    let fake = FakePlatform::builder()
        .with_token(TOKEN)
        .with_namespace("team-b")
        .start()
        .await;
    let client = Client::builder(fake.url())
        .token(TOKEN)
        .retry(RetryPolicy::default().initial_backoff(Duration::from_millis(1)))
        .build()
        .unwrap();
    let params = WaitParams::default().interval(Duration::from_millis(1));
    let mut printed: Vec<String> = Vec::new();

    // The quickstart: target, deployment, RUNNING, jobs, events, savepoint, suspend,
    // patch, cancel, delete.
    let targets = client.deployment_targets("default");
    let deployments = client.deployments("default");
    targets
        .create(&DeploymentTarget::new("k8s", "flink-jobs"))
        .await
        .unwrap();
    let secrets = client.secret_values("default");
    let sv = secrets
        .create(&SecretValue::plain("db-password", SECRET_VALUE))
        .await
        .unwrap();
    printed.push(format!("{sv:?}"));
    printed.push(format!("{:?}", secrets.get("db-password").await.unwrap()));
    let deployment: Deployment = vvp::yaml::from_str(MANIFEST).unwrap();
    let created = deployments.create(&deployment).await.unwrap();
    printed.push(format!("{created:?}"));
    let running = deployments
        .wait_for_state("quickstart", DeploymentState::Running, &params)
        .await
        .unwrap();
    let id = running.id().unwrap();
    let by_deployment = vvp::ListParams::default().deployment_id(id);
    printed.push(format!(
        "{:?}",
        client
            .jobs("default")
            .list_with(&by_deployment)
            .await
            .unwrap()
    ));
    printed.push(format!(
        "{:?}",
        client
            .events("default")
            .list_with(&by_deployment)
            .await
            .unwrap()
    ));
    let sp = deployments
        .take_savepoint("quickstart", &params)
        .await
        .unwrap();
    printed.push(format!("{sp:?}"));
    deployments.suspend("quickstart").await.unwrap();
    deployments
        .wait_for_state("quickstart", DeploymentState::Suspended, &params)
        .await
        .unwrap();
    let patch = MergePatch::new().set("/spec/template/spec/parallelism", 2);
    deployments.patch("quickstart", &patch).await.unwrap();
    deployments
        .cancel_and_delete("quickstart", &params)
        .await
        .unwrap();

    // A secret value patched with a new value, then deleted.
    let patch = MergePatch::new().set("/spec/value", "an0ther-Secret-do-not-print");
    printed.push(format!(
        "{:?}",
        secrets.patch("db-password", &patch).await.unwrap()
    ));
    secrets.delete("db-password").await.unwrap();

    // An API token: created (its secret is in the answer), used, listed, deleted.
    let tokens = client.api_tokens("team-b");
    let token = tokens.create("ci-token", Role::Viewer).await.unwrap();
    let issued = token.secret.clone().expect("returned on creation");
    printed.push(format!("{token:?}"));
    printed.push(format!("{issued:?} {issued}"));
    let scoped = Client::builder(fake.url())
        .token(issued.expose())
        .build()
        .unwrap();
    scoped.deployments("team-b").list().await.unwrap();
    printed.push(format!("{:?}", tokens.list().await.unwrap()));

    // Errors: forbidden (scoped token elsewhere), unauthorized (wrong token), a retried
    // 503, a dropped connection.
    let e = scoped.deployments("default").list().await.unwrap_err();
    assert!(e.is_forbidden());
    printed.push(format!("{e:?} {e}"));
    let wrong = Client::builder(fake.url())
        .token(format!("{TOKEN}-wrong"))
        .build()
        .unwrap();
    let e = wrong.deployments("default").list().await.unwrap_err();
    assert!(e.is_unauthorized());
    printed.push(format!("{e:?} {e}"));
    fake.fail_next(10, "GET /api/v1/namespaces/default/deployments", 503)
        .await;
    let e = deployments.list().await.unwrap_err();
    assert_eq!(e.attempts(), 4);
    printed.push(format!("{e:?} {e}"));
    fake.drop_next_connection("POST /api/v1/namespaces/default/deployment-targets")
        .await;
    let e = targets
        .create(&DeploymentTarget::new("dropped", "x"))
        .await
        .unwrap_err();
    printed.push(format!("{e:?} {e}"));
    tokens.delete("ci-token").await.unwrap();
    drop(guard);

    // What prints of the client side.
    let builder = Client::builder(fake.url()).token(TOKEN);
    printed.push(format!("{builder:?}"));
    printed.push(format!("{client:?} {scoped:?}"));
    printed.push(format!(
        "{deployments:?} {secrets:?} {tokens:?} {targets:?}"
    ));
    let s = Secret::new(SECRET_VALUE);
    printed.push(format!("{s:?} {s}"));
    printed.push(format!("{:?}", SecretValue::plain("x", SECRET_VALUE)));
    printed.push(format!("{fake:?}"));

    let text = log.text();
    // The capture worked: request spans with their fields, retry events, HTTP-stack logs.
    assert!(text.contains("vvp.request"), "no request spans captured");
    assert!(text.contains("method=POST"));
    assert!(text.contains(capture::RETRY_EVENT));
    assert!(
        text.contains("hyper_util::client"),
        "no HTTP-stack events captured"
    );
    assert!(text.contains("reqwest::connect"), "no log records captured");
    assert!(text.len() > 10_000, "suspiciously little output");
    for needle in [
        TOKEN,
        SECRET_VALUE,
        "an0ther-Secret-do-not-print",
        issued.expose(),
        "Bearer",
    ] {
        assert!(
            !text.contains(needle),
            "{needle:?} appears in the trace output"
        );
        for p in &printed {
            assert!(!p.contains(needle), "{needle:?} appears in {p}");
        }
    }
    assert!(printed.iter().any(|p| p.contains("<redacted>")));
}
