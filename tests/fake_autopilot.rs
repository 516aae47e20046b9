//! Autopilot in `vvp::testing::FakePlatform`, through the public `vvp::Client`: one policy
//! per deployment (`DISABLED` by default), updates, status and recommendation derived from
//! the deployment, and the Platform errors.

use std::collections::BTreeMap;

use reqwest::StatusCode;
use serde_json::{json, Value};
use vvp::platform::types::{AutopilotMode, AutopilotPolicy, AutoscalerConfig, PolicyStatus};
use vvp::testing::FakePlatform;
use vvp::types::{Deployment, DeploymentState, DeploymentTarget};
use vvp::{Client, MergePatch};

fn deployment(name: &str, state: &str, parallelism: u32) -> Deployment {
    serde_json::from_value(json!({
        "metadata": {"name": name},
        "spec": {
            "state": state,
            "deploymentTargetName": "t",
            "template": {"spec": {
                "artifact": {"kind": "JAR", "jarUri": "s3://bucket/job.jar"},
                "parallelism": parallelism,
            }},
        },
    }))
    .expect("deployment")
}

/// A fake with a target and the given deployments (created, not advanced).
async fn setup(deployments: &[(&str, &str, u32)]) -> (FakePlatform, Client) {
    let fake = FakePlatform::start().await;
    let client = fake.client();
    client
        .deployment_targets("default")
        .create(&DeploymentTarget::new("t", "flink"))
        .await
        .expect("target");
    for (name, state, p) in deployments {
        client
            .deployments("default")
            .create(&deployment(name, state, *p))
            .await
            .expect("create");
    }
    (fake, client)
}

fn monitoring(config: Option<AutoscalerConfig>) -> AutopilotPolicy {
    AutopilotPolicy {
        mode: Some(AutopilotMode::Monitoring),
        autoscaler_config: config,
        ..AutopilotPolicy::default()
    }
}

async fn deployment_id(client: &Client, name: &str) -> uuid::Uuid {
    let d = client.deployments("default").get(name).await.expect("get");
    d.metadata.id.expect("id")
}

#[tokio::test]
async fn list_has_a_default_policy_per_deployment() {
    let (_fake, client) = setup(&[("a", "CANCELLED", 1), ("b", "CANCELLED", 2)]).await;
    let autopilot = client.autopilot("default");
    let policies = autopilot.list_policies().await.expect("list");
    assert_eq!(policies.len(), 2);
    assert!(policies
        .iter()
        .all(|p| p.mode == Some(AutopilotMode::Disabled)));

    let (_fake, empty) = setup(&[]).await;
    assert!(empty
        .autopilot("default")
        .list_policies()
        .await
        .expect("empty list")
        .is_empty());
}

#[tokio::test]
async fn default_policy_computes_nothing() {
    let (_fake, client) = setup(&[("a", "RUNNING", 1)]).await;
    let id = deployment_id(&client, "a").await;
    let autopilot = client.autopilot("default");
    let policy = autopilot.get_policy("a").await.expect("get");
    assert_eq!(policy.mode, Some(AutopilotMode::Disabled));
    assert_eq!(
        policy.name,
        Some(format!(
            "namespaces/default/deployments/{id}/autopilotpolicy"
        ))
    );
    assert_eq!(policy.modify_time, None);
    assert_eq!(autopilot.get_policy(id).await.expect("by id"), policy);
    // Disabled: no status and no recommendation are computed (VVP docs, Autopilot).
    let status = autopilot.status("a").await.expect("status");
    assert_eq!(status.status, None);
    assert_eq!(status.autoscaler_status, None);
    let rec = autopilot.recommendation("a").await.expect("recommendation");
    assert_eq!(rec.deployment_patch, None);
    assert_eq!(rec.description, None);
}

#[tokio::test]
async fn update_then_get_and_list() {
    let (_fake, client) = setup(&[("a", "CANCELLED", 1), ("b", "CANCELLED", 1)]).await;
    let id = deployment_id(&client, "a").await;
    let autopilot = client.autopilot("default");
    let mut policy = monitoring(Some(AutoscalerConfig {
        min_parallelism: Some(2),
        max_parallelism: Some(8),
        target_utilization: Some(70),
        cooldown_minutes: Some(5),
        extra_config: BTreeMap::from([("k".to_string(), "v".to_string())]),
        ..AutoscalerConfig::default()
    }));
    policy.name = Some("ignored".into());
    let stored = autopilot.update_policy(id, &policy).await.expect("update");
    assert_eq!(stored.mode, Some(AutopilotMode::Monitoring));
    assert_eq!(stored.autoscaler_config, policy.autoscaler_config);
    assert_eq!(
        stored.name,
        Some(format!(
            "namespaces/default/deployments/{id}/autopilotpolicy"
        ))
    );
    assert!(stored.modify_time.is_some());
    assert_eq!(autopilot.get_policy("a").await.expect("get"), stored);

    let modes: Vec<_> = autopilot
        .list_policies()
        .await
        .expect("list")
        .into_iter()
        .map(|p| p.mode)
        .collect();
    assert_eq!(
        modes,
        vec![
            Some(AutopilotMode::Monitoring),
            Some(AutopilotMode::Disabled)
        ]
    );

    // Back to disabled: a PUT replaces the whole policy.
    let off = AutopilotPolicy {
        mode: Some(AutopilotMode::Disabled),
        ..AutopilotPolicy::default()
    };
    let stored = autopilot.update_policy("a", &off).await.expect("disable");
    assert_eq!(stored.autoscaler_config, None);
    assert_eq!(stored.mode, Some(AutopilotMode::Disabled));
}

#[tokio::test]
async fn status_follows_the_deployment() {
    let (fake, client) = setup(&[("a", "RUNNING", 4), ("idle", "CANCELLED", 1)]).await;
    let autopilot = client.autopilot("default");
    autopilot
        .update_policy("idle", &monitoring(None))
        .await
        .expect("update idle");
    let idle = autopilot.status("idle").await.expect("idle status");
    assert_eq!(idle.status, Some(PolicyStatus::Ok));
    let a = idle.autoscaler_status.expect("autoscaler status");
    assert!(a.source_status.is_empty());
    assert!(a.message.is_some_and(|m| m.contains("CANCELLED")));

    fake.settle().await;
    let policy = monitoring(Some(AutoscalerConfig {
        target_utilization: Some(80),
        ..AutoscalerConfig::default()
    }));
    autopilot.update_policy("a", &policy).await.expect("update");
    let status = autopilot.status("a").await.expect("status");
    assert_eq!(status.status, Some(PolicyStatus::Ok));
    let a = status.autoscaler_status.expect("autoscaler status");
    assert!(a.update_time.is_some());
    let sources = a.source_status;
    let [source] = sources.as_slice() else {
        panic!("one source, got {sources:?}")
    };
    // Parallelism 4 at 1000 records/s each; target 80 %.
    assert_eq!(source.capacity, Some(4000.0));
    assert_eq!(source.target, Some(3200.0));
    assert_eq!(source.throughput, Some(2000.0));
    assert_eq!(source.estimated_lag_seconds, Some(0));
    assert!(status
        .libra_status
        .and_then(|l| l.message)
        .is_some_and(|m| m.contains("memory")));

    // A failed deployment makes the policy report an error.
    assert!(
        fake.fail_deployment("default", "a", "OutOfMemoryError")
            .await
    );
    let failed = autopilot.status("a").await.expect("failed status");
    assert_eq!(failed.status, Some(PolicyStatus::Error));
}

#[tokio::test]
async fn recommendation_converges_when_applied() {
    let (fake, client) = setup(&[("a", "RUNNING", 1)]).await;
    fake.settle().await;
    let autopilot = client.autopilot("default");
    autopilot
        .update_policy("a", &monitoring(None))
        .await
        .expect("update");
    let rec = autopilot.recommendation("a").await.expect("recommendation");
    assert!(rec.last_update_time.is_some());
    let patch_text = rec.deployment_patch.expect("a patch");
    let patch: Value = serde_json::from_str(&patch_text).expect("patch is JSON");
    assert_eq!(
        patch,
        json!({"spec": {"template": {"spec": {"parallelism": 3}}}})
    );

    // Apply it like the docs say (Deployment PATCH with the recommended patch).
    client
        .deployments("default")
        .patch("a", &MergePatch::from(patch))
        .await
        .expect("apply");
    fake.settle().await;
    let d = client.deployments("default").get("a").await.expect("get");
    assert_eq!(d.status_state(), Some(&DeploymentState::Running));
    let rec = autopilot.recommendation("a").await.expect("again");
    assert_eq!(rec.deployment_patch, None);
    assert!(rec.description.is_some_and(|t| t.contains("no change")));

    // Bounds win over the load.
    let bounded = monitoring(Some(AutoscalerConfig {
        min_parallelism: Some(5),
        ..AutoscalerConfig::default()
    }));
    autopilot.update_policy("a", &bounded).await.expect("bound");
    let rec = autopilot.recommendation("a").await.expect("bounded");
    assert_eq!(
        rec.deployment_patch.as_deref(),
        Some(r#"{"spec":{"template":{"spec":{"parallelism":5}}}}"#)
    );
}

#[tokio::test]
async fn unknown_deployment_and_namespace_are_not_found() {
    let (fake, client) = setup(&[("a", "CANCELLED", 1)]).await;
    let autopilot = client.autopilot("default");
    let err = autopilot.get_policy("nope").await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert_eq!(err.status(), Some(404));
    let err = autopilot
        .update_policy("nope", &monitoring(None))
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(autopilot.status("nope").await.unwrap_err().is_not_found());
    assert!(autopilot
        .recommendation(uuid::Uuid::new_v4())
        .await
        .unwrap_err()
        .is_not_found());
    assert!(client
        .autopilot("elsewhere")
        .list_policies()
        .await
        .unwrap_err()
        .is_not_found());

    // A deleted deployment takes its policy with it.
    autopilot
        .update_policy("a", &monitoring(None))
        .await
        .expect("update");
    client
        .deployments("default")
        .delete("a")
        .await
        .expect("delete");
    assert!(autopilot.get_policy("a").await.unwrap_err().is_not_found());
    assert!(autopilot.list_policies().await.expect("list").is_empty());

    // The body is the Platform error shape.
    let url = format!(
        "{}/autopilot/v1alpha1/namespaces/default/deployments/nope/autopilotpolicy",
        fake.url()
    );
    let resp = reqwest::get(&url).await.expect("request");
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["code"], "NOT_FOUND");
    assert_eq!(body["ok"], false);
}

#[tokio::test]
async fn invalid_policies_are_rejected() {
    let (fake, client) = setup(&[("a", "CANCELLED", 1)]).await;
    let url = format!(
        "{}/autopilot/v1alpha1/namespaces/default/deployments/a/autopilotpolicy",
        fake.url()
    );
    let http = reqwest::Client::new();
    for body in [
        json!({"mode": "AUTOPILOT_MODE_INVALID"}),
        json!({"mode": "FAST"}),
        json!({"autoscalerConfig": {"minParallelism": 4, "maxParallelism": 2}}),
        json!({"autoscalerConfig": {"targetUtilization": 0}}),
        json!({"autoscalerConfig": {"cooldownMinutes": "ten"}}),
        json!({"autoscalerConfig": {"extraConfig": {"k": 1}}}),
        json!({"libraConfig": []}),
        json!([]),
    ] {
        let resp = http.put(&url).json(&body).send().await.expect("request");
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST, "{body}");
        let err: Value = resp.json().await.expect("json");
        assert_eq!(err["code"], "INVALID_ARGUMENT", "{body}");
    }
    let resp = http.post(&url).json(&json!({})).send().await.expect("post");
    assert_eq!(resp.status(), StatusCode::METHOD_NOT_ALLOWED);
    let resp = http
        .get(format!("{url}:explain"))
        .send()
        .await
        .expect("unknown action");
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    // Nothing was stored.
    let policy = client
        .autopilot("default")
        .get_policy("a")
        .await
        .expect("get");
    assert_eq!(policy.mode, Some(AutopilotMode::Disabled));
}
