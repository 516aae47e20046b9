//! `Client::plan` / `Plan::apply` against the built-in fake: creates, no writes for an
//! unchanged manifest (asserted on the fake's request log), updates of exactly the changed
//! object, server defaults that are not drift, dry runs, explicit `null`s, documents
//! without `kind`, prune, wait with rollback, and errors that name the document.

use std::time::Duration;

use vvp::testing::{FakePlatform, RecordedRequest};
use vvp::types::DeploymentState;
use vvp::{
    ApplyAction, ApplyParams, ApplyStage, Error, PlanAction, PlanParams, Rollback, WaitParams,
};

const NS: &str = "default";

const MANIFEST: &str = r#"
kind: DeploymentTarget
apiVersion: v1
metadata: {name: k8s}
spec: {kubernetes: {namespace: flink-jobs}}
---
kind: SecretValue
apiVersion: v1
metadata: {name: db-password}
spec: {kind: PLAIN, value: hunter2}
---
kind: Deployment
apiVersion: v1
metadata:
  name: orders
  labels: {app: shop}
spec:
  state: RUNNING
  deploymentTargetName: k8s
  template:
    spec:
      parallelism: 1
      flinkConfiguration: {taskmanager.numberOfTaskSlots: 2, execution.checkpointing.interval: 10s}
      artifact: {kind: JAR, jarUri: "s3://bucket/orders.jar"}
---
kind: Deployment
apiVersion: v1
metadata:
  name: billing
  labels: {app: shop}
spec:
  state: CANCELLED
  deploymentTargetName: k8s
  template: {spec: {artifact: {kind: JAR, jarUri: "s3://bucket/billing.jar"}}}
"#;

fn writes(log: &[RecordedRequest]) -> Vec<String> {
    log.iter()
        .filter(|r| r.method != "GET")
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

fn fast() -> WaitParams {
    WaitParams::default()
        .interval(Duration::from_millis(5))
        .timeout(Duration::from_secs(20))
        .failure_grace(Duration::ZERO)
}

fn actions(plan: &vvp::Plan) -> Vec<(String, PlanAction)> {
    plan.changes()
        .iter()
        .map(|c| {
            (
                format!("{} {}", c.kind, c.name.as_deref().unwrap_or("")),
                c.action,
            )
        })
        .collect()
}

#[tokio::test]
async fn first_apply_creates_second_is_unchanged_and_writes_nothing() {
    let fake = FakePlatform::start().await;
    let client = fake.client();

    let plan = client.plan(NS, MANIFEST).await.unwrap();
    assert_eq!(
        actions(&plan),
        [
            ("SecretValue db-password".to_owned(), PlanAction::Create),
            ("DeploymentTarget k8s".to_owned(), PlanAction::Create),
            ("Deployment orders".to_owned(), PlanAction::Create),
            ("Deployment billing".to_owned(), PlanAction::Create),
        ]
    );
    let applied = plan.apply().await.unwrap();
    assert!(
        applied.iter().all(|a| a.action == ApplyAction::Created),
        "{applied:?}"
    );
    assert_eq!(applied[2].index, Some(2));

    // The fake has filled in defaults (deploymentTargetId, upgradeStrategy, resources, ...),
    // stringified flinkConfiguration, set status and controller annotations, and the
    // deployment has started: none of it is drift.
    fake.settle().await;
    let live = client.deployments(NS).get("orders").await.unwrap();
    assert_eq!(live.status_state(), Some(&DeploymentState::Running));
    fake.clear_requests().await;

    let plan = client.plan(NS, MANIFEST).await.unwrap();
    assert!(!plan.has_changes(), "{plan}");
    assert_eq!(plan.count(PlanAction::Unchanged), 4);
    let secret = &plan.changes()[0];
    assert_eq!(
        secret.note.as_deref(),
        Some("value is write-only, not compared")
    );
    let applied = plan.apply().await.unwrap();
    assert!(applied.iter().all(|a| a.action == ApplyAction::Unchanged));
    // `Client::apply` is plan + apply: no write either.
    let applied = client.apply(NS, MANIFEST).await.unwrap();
    assert_eq!(applied.len(), 4);
    assert!(applied.iter().all(|a| a.action == ApplyAction::Unchanged));

    let log = fake.requests().await;
    assert!(writes(&log).is_empty(), "{:?}", writes(&log));
    assert_eq!(log.len(), 8, "one GET per object per plan: {log:?}");
}

#[tokio::test]
async fn a_changed_manifest_updates_only_the_changed_object() {
    let fake = FakePlatform::start().await;
    let client = fake.client();
    client.apply(NS, MANIFEST).await.unwrap();
    fake.settle().await;
    let before = client.deployments(NS).get("billing").await.unwrap();
    fake.clear_requests().await;

    let changed = MANIFEST.replace("parallelism: 1", "parallelism: 3");
    let plan = client.plan(NS, &changed).await.unwrap();
    let updates: Vec<_> = plan
        .changes()
        .iter()
        .filter(|c| c.action == PlanAction::Update)
        .collect();
    assert_eq!(updates.len(), 1, "{plan}");
    assert_eq!(updates[0].name.as_deref(), Some("orders"));
    let diff: Vec<String> = updates[0].diff.iter().map(ToString::to_string).collect();
    assert_eq!(diff, ["spec.template.spec.parallelism: 1 → 3"]);
    assert!(
        plan.to_string()
            .contains("~ Deployment orders (update)\n    spec.template.spec.parallelism: 1 → 3\n"),
        "{plan}"
    );
    assert!(plan
        .to_string()
        .ends_with("0 to create, 1 to update, 0 to delete, 3 unchanged\n"));

    let applied = plan.apply().await.unwrap();
    let orders = applied
        .iter()
        .find(|a| a.name.as_deref() == Some("orders"))
        .unwrap();
    assert_eq!(orders.action, ApplyAction::Replaced);
    assert_eq!(
        writes(&fake.requests().await),
        ["PUT /api/v1/namespaces/default/deployments/orders"]
    );
    let after = client.deployments(NS).get("billing").await.unwrap();
    assert_eq!(
        before.metadata.resource_version,
        after.metadata.resource_version
    );
    let orders = client.deployments(NS).get("orders").await.unwrap();
    assert_eq!(
        orders
            .spec
            .template
            .as_ref()
            .and_then(|t| t.spec.as_ref()?.parallelism),
        Some(3)
    );
}

#[tokio::test]
async fn dry_run_sends_no_writes() {
    let fake = FakePlatform::start().await;
    let client = fake.client();
    let plan = client.plan(NS, MANIFEST).await.unwrap();
    assert_eq!(plan.count(PlanAction::Create), 4);
    let log = fake.requests().await;
    assert!(writes(&log).is_empty(), "{log:?}");
    assert!(log.iter().all(|r| r.method == "GET"));
    assert!(client.deployments(NS).list().await.unwrap().is_empty());
    assert!(client
        .deployment_targets(NS)
        .list()
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn explicit_null_removes_the_field_in_a_merge_patch() {
    let fake = FakePlatform::start().await;
    let client = fake.client();
    client
        .apply(
            NS,
            "kind: DeploymentDefaults\nspec: {sessionClusterName: sql, template: {spec: {parallelism: 4}}}\n",
        )
        .await
        .unwrap();
    let defaults = client.deployment_defaults(NS).get().await.unwrap();
    assert_eq!(defaults.spec.session_cluster_name.as_deref(), Some("sql"));

    // Switch from the session cluster to a deployment target: `null` must reach the server.
    let manifest =
        "kind: DeploymentDefaults\nspec: {sessionClusterName: null, deploymentTargetName: k8s}\n";
    let plan = client.plan(NS, manifest).await.unwrap();
    let diff: Vec<String> = plan.changes()[0]
        .diff
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        diff,
        [
            "spec.deploymentTargetName: (none) → \"k8s\"",
            "spec.sessionClusterName: \"sql\" → (removed)",
        ]
    );
    let applied = plan.apply().await.unwrap();
    assert_eq!(applied[0].action, ApplyAction::Updated);
    let defaults = client.deployment_defaults(NS).get().await.unwrap();
    assert_eq!(defaults.spec.session_cluster_name, None);
    assert_eq!(defaults.spec.deployment_target_name.as_deref(), Some("k8s"));
    // Fields the manifest does not mention stay.
    assert_eq!(
        defaults
            .spec
            .template
            .as_ref()
            .and_then(|t| t.spec.as_ref()?.parallelism),
        Some(4)
    );
    // And now it is in place.
    assert!(!client.plan(NS, manifest).await.unwrap().has_changes());
}

#[tokio::test]
async fn secret_values_update_by_patch_and_are_masked() {
    let fake = FakePlatform::start().await;
    let client = fake.client();
    client.apply(NS, MANIFEST).await.unwrap();
    fake.clear_requests().await;

    let params = PlanParams::default().resend_secret_values(true);
    let plan = client
        .plan_with(NS, &MANIFEST.replace("hunter2", "correct-horse"), &params)
        .await
        .unwrap();
    let secret = &plan.changes()[0];
    assert_eq!(secret.action, PlanAction::Update);
    let shown = format!("{plan} {plan:?}");
    assert!(!shown.contains("correct-horse"), "{shown}");
    assert!(
        shown.contains("spec.value: \"(write-only)\" → \"***\""),
        "{shown}"
    );
    plan.apply().await.unwrap();
    assert_eq!(
        writes(&fake.requests().await),
        ["PATCH /api/v1/namespaces/default/secret-values/db-password"]
    );
}

#[tokio::test]
async fn documents_without_kind_take_the_given_kind() {
    let fake = FakePlatform::start().await;
    let client = fake.client();
    let manifest = "metadata: {name: k8s}\nspec: {kubernetes: {namespace: a}}\n---\nmetadata: {name: other}\nspec: {kubernetes: {namespace: b}}\n";
    let err = client.plan(NS, manifest).await.unwrap_err();
    assert!(err.to_string().contains("has no `kind`"), "{err}");
    assert!(fake.requests().await.is_empty());

    let params = PlanParams::default().kind("DeploymentTarget");
    let plan = client.plan_with(NS, manifest, &params).await.unwrap();
    assert_eq!(plan.count(PlanAction::Create), 2);
    plan.apply().await.unwrap();
    assert_eq!(client.deployment_targets(NS).list().await.unwrap().len(), 2);
    assert!(!client
        .plan_with(NS, manifest, &params)
        .await
        .unwrap()
        .has_changes());

    let err = client
        .plan_with(NS, manifest, &PlanParams::default().kind("Job"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
}

#[tokio::test]
async fn prune_deletes_exactly_the_labelled_objects_missing_from_the_manifest() {
    let fake = FakePlatform::start().await;
    let client = fake.client();
    client.apply(NS, MANIFEST).await.unwrap();
    let extra = r#"
kind: Deployment
metadata: {name: old-job, labels: {app: shop}}
spec:
  state: RUNNING
  deploymentTargetName: k8s
  template: {spec: {artifact: {kind: JAR, jarUri: "s3://bucket/old.jar"}}}
---
kind: Deployment
metadata: {name: not-mine, labels: {app: other}}
spec:
  state: CANCELLED
  deploymentTargetName: k8s
  template: {spec: {artifact: {kind: JAR, jarUri: "s3://bucket/x.jar"}}}
---
kind: Deployment
metadata: {name: unlabelled}
spec:
  state: CANCELLED
  deploymentTargetName: k8s
  template: {spec: {artifact: {kind: JAR, jarUri: "s3://bucket/y.jar"}}}
---
kind: SessionCluster
metadata: {name: old-sql, labels: {app: shop}}
spec: {state: STOPPED, deploymentTargetName: k8s}
"#;
    client.apply(NS, extra).await.unwrap();
    fake.settle().await;
    assert_eq!(
        client
            .deployments(NS)
            .get("old-job")
            .await
            .unwrap()
            .status_state(),
        Some(&DeploymentState::Running)
    );
    fake.clear_requests().await;

    // The manifest without `billing`.
    let manifest = MANIFEST
        .split("---\nkind: Deployment\napiVersion: v1\nmetadata:\n  name: billing")
        .next()
        .unwrap();
    let params = PlanParams::default().prune("app=shop");
    let plan = client.plan_with(NS, manifest, &params).await.unwrap();
    let deletes: Vec<_> = plan
        .changes()
        .iter()
        .filter(|c| c.action == PlanAction::Delete)
        .map(|c| format!("{} {}", c.kind, c.name.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        deletes,
        [
            "Deployment billing",
            "Deployment old-job",
            "SessionCluster old-sql"
        ]
    );
    assert!(
        plan.to_string().contains("- Deployment old-job (delete)"),
        "{plan}"
    );
    assert!(writes(&fake.requests().await).is_empty());

    let applied = plan
        .apply_with(&ApplyParams::default().prune_wait(fast()))
        .await
        .unwrap();
    let deleted: Vec<_> = applied
        .iter()
        .filter(|a| a.action == ApplyAction::Deleted)
        .map(|a| (a.index, a.name.clone().unwrap_or_default()))
        .collect();
    assert_eq!(
        deleted,
        [
            (None, "billing".to_owned()),
            (None, "old-job".to_owned()),
            (None, "old-sql".to_owned())
        ]
    );
    let mut names: Vec<String> = client
        .deployments(NS)
        .list()
        .await
        .unwrap()
        .iter()
        .filter_map(|d| d.metadata.name.clone())
        .collect();
    names.sort();
    assert_eq!(names, ["not-mine", "orders", "unlabelled"]);
    assert!(client.session_clusters(NS).list().await.unwrap().is_empty());
    // The running one was cancelled before it was deleted; nothing else was written.
    let w = writes(&fake.requests().await);
    assert_eq!(
        w,
        [
            "DELETE /api/v1/namespaces/default/deployments/billing",
            "PATCH /api/v1/namespaces/default/deployments/old-job",
            "DELETE /api/v1/namespaces/default/deployments/old-job",
            "DELETE /api/v1/namespaces/default/sessionclusters/old-sql",
        ]
    );

    // A selector that would match everything is refused.
    let err = client
        .plan_with(NS, manifest, &PlanParams::default().prune("!app"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
}

#[tokio::test]
async fn a_failed_wait_rolls_back_to_the_previous_spec() {
    let fake = FakePlatform::start().await;
    let client = fake.client();
    let wait = ApplyParams::default().wait(fast());
    client
        .plan(NS, MANIFEST)
        .await
        .unwrap()
        .apply_with(&wait)
        .await
        .unwrap();
    let before = client.deployments(NS).get("orders").await.unwrap();
    assert_eq!(before.status_state(), Some(&DeploymentState::Running));

    // The new version's job fails when it starts.
    assert!(fake.fail_next_start(NS, "orders", "OutOfMemoryError").await);
    let changed = MANIFEST.replace("orders.jar", "orders-v2.jar");
    let plan = client.plan(NS, &changed).await.unwrap();
    let err = plan.apply_with(&wait).await.unwrap_err();
    let Error::Apply(failure) = &err else {
        panic!("expected Error::Apply, got {err:?}");
    };
    assert_eq!(failure.stage, ApplyStage::Wait);
    assert_eq!(failure.index, Some(2));
    assert_eq!(failure.name.as_deref(), Some("orders"));
    assert!(
        matches!(failure.rollback, Some(Rollback::Restored)),
        "{failure}"
    );
    assert!(
        matches!(failure.source, Error::ResourceFailed { .. }),
        "{failure}"
    );
    let text = err.to_string();
    assert!(text.starts_with("document [2] (Deployment orders): waiting for it failed: Deployment orders reached state FAILED"), "{text}");
    assert!(text.contains("OutOfMemoryError"), "{text}");
    assert!(
        text.contains("rolled back to the spec it had before the apply"),
        "{text}"
    );
    assert!(text.contains("already applied: "), "{text}");

    // The previous spec is back, and the deployment runs it again.
    let restored = client.deployments(NS).get("orders").await.unwrap();
    assert_eq!(restored.spec.template, before.spec.template);
    let running = client
        .deployments(NS)
        .wait_for_state("orders", DeploymentState::Running, &fast())
        .await
        .unwrap();
    assert_eq!(running.spec.template, before.spec.template);
}

#[tokio::test]
async fn errors_name_the_document_and_what_was_applied_before() {
    let fake = FakePlatform::start().await;
    let client = fake.client();
    fake.fail_next(1, "PUT /api/v1/namespaces/default/deployments/orders", 500)
        .await;
    let err = client.apply(NS, MANIFEST).await.unwrap_err();
    assert_eq!(err.status(), Some(500));
    let Error::Apply(failure) = &err else {
        panic!("expected Error::Apply, got {err:?}");
    };
    assert_eq!(
        (failure.index, failure.kind, failure.name.as_deref()),
        (Some(2), "Deployment", Some("orders"))
    );
    assert_eq!(failure.stage, ApplyStage::Send);
    let before: Vec<String> = failure.applied.iter().map(ToString::to_string).collect();
    assert_eq!(
        before,
        [
            "SecretValue db-password created",
            "DeploymentTarget k8s created"
        ]
    );
    assert!(err
        .to_string()
        .starts_with("document [2] (Deployment orders): sending it failed: "));
    assert!(!format!("{err} {err:?}").contains("hunter2"));

    // A failing read while planning names the document too (500: not retried; a 503
    // would be, and the retry would succeed).
    fake.fail_next(1, "GET /api/v1/namespaces/default/deployment-targets", 500)
        .await;
    let err = client.plan(NS, MANIFEST).await.unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert!(
        err.to_string()
            .starts_with("document [0] (DeploymentTarget k8s): reading it failed"),
        "{err}"
    );
}

#[tokio::test]
async fn server_defaults_are_not_drift() {
    let fake = FakePlatform::start().await;
    let client = fake.client();
    client.apply(NS, MANIFEST).await.unwrap();
    fake.settle().await;
    // What the server added: none of it is in the manifest.
    let live = serde_json::to_value(client.deployments(NS).get("orders").await.unwrap()).unwrap();
    for pointer in [
        "/metadata/id",
        "/metadata/resourceVersion",
        "/metadata/annotations/com.dataartisans.appmanager.controller.deployment.spec.version",
        "/spec/deploymentTargetId",
        "/spec/upgradeStrategy/kind",
        "/spec/restoreStrategy/kind",
        "/spec/template/spec/resources/jobmanager/memory",
        "/status/running/jobId",
    ] {
        assert!(live.pointer(pointer).is_some(), "{pointer} in {live}");
    }
    // Numbers in flinkConfiguration came back as strings.
    assert_eq!(
        live.pointer("/spec/template/spec/flinkConfiguration/taskmanager.numberOfTaskSlots"),
        Some(&serde_json::json!("2"))
    );
    let plan = client.plan(NS, MANIFEST).await.unwrap();
    assert!(!plan.has_changes(), "{plan}");

    // A field the manifest writes is drift even where the server had set a default.
    let with_strategy = MANIFEST.replace(
        "  deploymentTargetName: k8s\n  template:\n    spec:\n      parallelism: 1",
        "  deploymentTargetName: k8s\n  upgradeStrategy: {kind: STATELESS}\n  template:\n    spec:\n      parallelism: 1",
    );
    let plan = client.plan(NS, &with_strategy).await.unwrap();
    let diff: Vec<String> = plan
        .changes()
        .iter()
        .flat_map(|c| c.diff.iter().map(ToString::to_string))
        .collect();
    assert_eq!(
        diff,
        ["spec.upgradeStrategy.kind: \"STATEFUL\" → \"STATELESS\""]
    );
}

#[tokio::test]
async fn a_secret_created_since_the_plan_is_patched() {
    let fake = FakePlatform::start().await;
    let client = fake.client();
    let manifest = "kind: SecretValue\nmetadata: {name: pw}\nspec: {kind: PLAIN, value: a}\n";
    let plan = client.plan(NS, manifest).await.unwrap();
    assert_eq!(plan.changes()[0].action, PlanAction::Create);
    client.apply(NS, manifest).await.unwrap();
    fake.clear_requests().await;
    let applied = plan.apply().await.unwrap();
    assert_eq!(applied[0].action, ApplyAction::Updated);
    assert_eq!(
        writes(&fake.requests().await),
        [
            "POST /api/v1/namespaces/default/secret-values",
            "PATCH /api/v1/namespaces/default/secret-values/pw"
        ]
    );
}

#[tokio::test]
async fn a_created_deployment_that_fails_is_reported_not_rolled_back() {
    let fake = FakePlatform::start().await;
    let client = fake.client();
    assert!(
        fake.fail_next_start(NS, "orders", "ClassNotFoundException")
            .await
    );
    let plan = client.plan(NS, MANIFEST).await.unwrap();
    let err = plan
        .apply_with(&ApplyParams::default().wait(fast()))
        .await
        .unwrap_err();
    let Error::Apply(failure) = &err else {
        panic!("expected Error::Apply, got {err:?}");
    };
    assert!(
        matches!(failure.rollback, Some(Rollback::NothingToRestore)),
        "{failure}"
    );
    assert_eq!(
        failure.applied.len(),
        4,
        "everything was sent before waiting"
    );
    assert!(
        err.to_string()
            .contains("not rolled back: it was created by this apply"),
        "{err}"
    );

    // Without rollback, a failed update keeps the new spec.
    // Applying the same manifest again sends nothing: the deployment stays FAILED until
    // its spec changes.
    let plan = client.plan(NS, MANIFEST).await.unwrap();
    assert!(!plan.has_changes(), "{plan}");
    let fixed = MANIFEST.replace("orders.jar", "orders-fixed.jar");
    client
        .plan(NS, &fixed)
        .await
        .unwrap()
        .apply_with(&ApplyParams::default().wait(fast()))
        .await
        .unwrap();
    assert!(fake.fail_next_start(NS, "orders", "OutOfMemoryError").await);
    let changed = MANIFEST.replace("orders.jar", "orders-v2.jar");
    let params = ApplyParams::default().wait(fast()).rollback(false);
    let err = client
        .plan(NS, &changed)
        .await
        .unwrap()
        .apply_with(&params)
        .await
        .unwrap_err();
    let Error::Apply(failure) = &err else {
        panic!("expected Error::Apply, got {err:?}");
    };
    assert!(failure.rollback.is_none());
    let live = serde_json::to_value(client.deployments(NS).get("orders").await.unwrap()).unwrap();
    assert_eq!(
        live.pointer("/spec/template/spec/artifact/jarUri"),
        Some(&serde_json::json!("s3://bucket/orders-v2.jar"))
    );
}

#[tokio::test]
async fn plan_and_apply_speak_yaml_too() {
    let fake = FakePlatform::start().await;
    let client = vvp::Client::builder(fake.url())
        .format(vvp::BodyFormat::Yaml)
        .build()
        .unwrap();
    client.apply(NS, MANIFEST).await.unwrap();
    fake.clear_requests().await;
    let plan = client.plan(NS, MANIFEST).await.unwrap();
    assert!(!plan.has_changes(), "{plan}");
    let log = fake.requests().await;
    assert!(log
        .iter()
        .all(|r| r.accept.as_deref() == Some("application/yaml")));
    client
        .apply(
            NS,
            "kind: DeploymentDefaults\nspec: {sessionClusterName: null}\n",
        )
        .await
        .unwrap();
}
