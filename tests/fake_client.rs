//! Tests of `vvp::testing::FakePlatform` through the public `vvp::Client`: every
//! Application Manager resource, each lifecycle path and each fault injection.

use std::time::Duration;

use serde_json::json;
use uuid::Uuid;
use vvp::testing::{FakePlatform, Role};
use vvp::types::{
    Deployment, DeploymentState, DeploymentTarget, JobState, Savepoint, SavepointOrigin,
    SavepointState, SecretValue, SessionCluster, SessionClusterState,
};
use vvp::{BodyFormat, Client, ListParams, MergePatch};

fn deployment(name: &str, state: &str) -> Deployment {
    serde_json::from_value(json!({
        "metadata": {"name": name, "labels": {"team": "data"}},
        "spec": {
            "state": state,
            "deploymentTargetName": "t",
            "template": {"spec": {"artifact": {"kind": "JAR", "jarUri": "s3://bucket/job.jar"}}},
        },
    }))
    .expect("deployment")
}

async fn with_target(fake: &FakePlatform) -> Client {
    let client = fake.client();
    client
        .deployment_targets("default")
        .create(&DeploymentTarget::new("t", "flink"))
        .await
        .expect("target");
    client
}

/// Polls (each GET advances the fake one step) until the status is `want`.
async fn poll_until(client: &Client, name: &str, want: DeploymentState) -> Deployment {
    for _ in 0..10 {
        let d = client.deployments("default").get(name).await.expect("get");
        if d.status_state() == Some(&want) {
            return d;
        }
    }
    panic!("{name} never reached {want:?}");
}

#[tokio::test]
async fn deployments_crud() {
    let fake = FakePlatform::start().await;
    let client = with_target(&fake).await;
    let api = client.deployments("default");
    let created = api
        .create(&deployment("orders", "CANCELLED"))
        .await
        .unwrap();
    let id = created.id().unwrap();
    assert_eq!(created.metadata.resource_version, Some(1));
    assert_eq!(api.get("orders").await.unwrap().id(), Some(id));
    assert_eq!(
        api.get(id).await.unwrap().metadata.name.as_deref(),
        Some("orders")
    );

    let err = api
        .create(&deployment("orders", "CANCELLED"))
        .await
        .unwrap_err();
    assert!(err.is_conflict(), "{err}");
    assert_eq!(err.status(), Some(409));
    let err = api.get("missing").await.unwrap_err();
    assert!(err.is_not_found(), "{err}");
    assert!(api.get_opt("missing").await.unwrap().is_none());

    let mut bad = deployment("bad-target", "RUNNING");
    bad.spec.deployment_target_name = Some("nope".into());
    let err = api.create(&bad).await.unwrap_err();
    assert!(err.is_validation(), "{err}");
    assert_eq!(err.status(), Some(400));

    let replaced = api
        .upsert(&deployment("orders", "CANCELLED").with_label("env", "prod"))
        .await
        .unwrap();
    assert_eq!(replaced.id(), Some(id));
    assert_eq!(replaced.metadata.resource_version, Some(2));
    let new = api.upsert(&deployment("fresh", "CANCELLED")).await.unwrap();
    assert_ne!(new.id(), Some(id));

    let patched = api
        .patch(
            "orders",
            &MergePatch::new().set("/metadata/labels/env", "staging"),
        )
        .await
        .unwrap();
    assert_eq!(patched.metadata.labels.unwrap()["env"], "staging");

    let list = api
        .list_with(&ListParams::default().label("env", "staging"))
        .await
        .unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(api.list().await.unwrap().len(), 2);

    api.delete("orders").await.unwrap();
    api.delete(new.id().unwrap()).await.unwrap();
    assert!(api.list().await.unwrap().is_empty());
}

#[tokio::test]
async fn deployment_runs_suspends_resumes_and_cancels() {
    let fake = FakePlatform::start().await;
    let client = with_target(&fake).await;
    let api = client.deployments("default");
    let d = api.create(&deployment("life", "RUNNING")).await.unwrap();
    let id = d.id().unwrap();
    let running = poll_until(&client, "life", DeploymentState::Running).await;
    let job_id = running.running_job_id().unwrap();
    let job = client.jobs("default").get(job_id).await.unwrap();
    assert_eq!(
        job.status.as_ref().and_then(|s| s.state.clone()),
        Some(JobState::Started)
    );
    let jobs = client
        .jobs("default")
        .list_with(&ListParams::default().deployment_id(id))
        .await
        .unwrap();
    assert_eq!(jobs.len(), 1);
    let events = client
        .events("default")
        .list_with(&ListParams::default().deployment_id(id))
        .await
        .unwrap();
    let names: Vec<String> = events
        .iter()
        .map(|e| format!("{:?}", e.metadata.name))
        .collect();
    assert!(names.iter().any(|n| n.contains("JobSuccessfullyStarted") || n.contains("JOB_SUCCESSFULLY_STARTED")), "{names:?}");

    // Running deployments cannot be deleted.
    assert!(api.delete("life").await.unwrap_err().is_conflict());

    api.patch("life", &MergePatch::new().set("/spec/state", "SUSPENDED"))
        .await
        .unwrap();
    poll_until(&client, "life", DeploymentState::Suspended).await;
    let sps = client
        .savepoints("default")
        .list_with(&ListParams::default().deployment_id(id))
        .await
        .unwrap();
    let sp = sps.iter().next().unwrap();
    assert_eq!(sp.metadata.origin, Some(SavepointOrigin::Suspend));
    assert_eq!(
        sp.status.as_ref().and_then(|s| s.state.clone()),
        Some(SavepointState::Completed)
    );

    api.patch("life", &MergePatch::new().set("/spec/state", "RUNNING"))
        .await
        .unwrap();
    let resumed = poll_until(&client, "life", DeploymentState::Running).await;
    let new_job = client
        .jobs("default")
        .get(resumed.running_job_id().unwrap())
        .await
        .unwrap();
    assert_ne!(resumed.running_job_id(), Some(job_id));
    assert_eq!(
        new_job.spec.savepoint_location.as_deref(),
        sp.spec.savepoint_location.as_deref()
    );

    api.patch("life", &MergePatch::new().set("/spec/state", "CANCELLED"))
        .await
        .unwrap();
    poll_until(&client, "life", DeploymentState::Cancelled).await;
    api.delete("life").await.unwrap();
}

#[tokio::test]
async fn template_change_restarts_and_failure_is_visible() {
    let fake = FakePlatform::builder().manual_lifecycle().start().await;
    let client = with_target(&fake).await;
    let api = client.deployments("default");
    api.create(&deployment("up", "RUNNING")).await.unwrap();
    fake.settle().await;
    let first = api.get("up").await.unwrap().running_job_id().unwrap();
    api.patch(
        "up",
        &MergePatch::new().set("/spec/template/spec/artifact/jarUri", "s3://bucket/v2.jar"),
    )
    .await
    .unwrap();
    fake.tick().await;
    assert_eq!(
        api.get("up").await.unwrap().status_state(),
        Some(&DeploymentState::Transitioning)
    );
    fake.settle().await;
    let d = api.get("up").await.unwrap();
    assert_eq!(d.status_state(), Some(&DeploymentState::Running));
    assert_ne!(d.running_job_id(), Some(first));

    assert!(
        fake.fail_deployment("default", "up", "TaskManager lost")
            .await
    );
    let d = api.get("up").await.unwrap();
    assert_eq!(d.status_state(), Some(&DeploymentState::Failed));
    assert_eq!(
        d.conditions().first().and_then(|c| c.message.as_deref()),
        Some("TaskManager lost")
    );
}

#[tokio::test]
async fn savepoints_through_the_client() {
    let fake = FakePlatform::start().await;
    let client = with_target(&fake).await;
    let d = client
        .deployments("default")
        .create(&deployment("sp", "RUNNING"))
        .await
        .unwrap();
    let id = d.id().unwrap();
    let request: Savepoint =
        serde_json::from_value(json!({"metadata": {"deploymentId": id}})).unwrap();
    let err = client
        .savepoints("default")
        .create(&request)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "no job yet: {err}");
    poll_until(&client, "sp", DeploymentState::Running).await;
    let sp = client.savepoints("default").create(&request).await.unwrap();
    assert_eq!(
        sp.status.as_ref().and_then(|s| s.state.clone()),
        Some(SavepointState::Started)
    );
    let sp_id = sp.metadata.id.unwrap();
    let done = client.savepoints("default").get(sp_id).await.unwrap();
    assert_eq!(
        done.status.as_ref().and_then(|s| s.state.clone()),
        Some(SavepointState::Completed)
    );
    client
        .savepoints("default")
        .delete_with(sp_id, true)
        .await
        .unwrap();
    assert!(client
        .savepoints("default")
        .get(sp_id)
        .await
        .unwrap_err()
        .is_not_found());
}

#[tokio::test]
async fn session_clusters_targets_secrets_defaults_status() {
    let fake = FakePlatform::start().await;
    let client = with_target(&fake).await;
    let scs = client.session_clusters("default");
    let sc: SessionCluster =
        serde_json::from_value(json!({"metadata": {"name": "sc"}, "spec": {"state": "RUNNING"}}))
            .unwrap();
    scs.create(&sc).await.unwrap();
    let mut state = None;
    for _ in 0..5 {
        state = scs.get("sc").await.unwrap().status_state().cloned();
        if state == Some(SessionClusterState::Running) {
            break;
        }
    }
    assert_eq!(state, Some(SessionClusterState::Running));
    scs.patch("sc", &MergePatch::new().set("/spec/state", "STOPPED"))
        .await
        .unwrap();
    for _ in 0..5 {
        if scs.get("sc").await.unwrap().status_state() == Some(&SessionClusterState::Stopped) {
            break;
        }
    }
    scs.delete("sc").await.unwrap();

    let targets = client.deployment_targets("default");
    assert_eq!(targets.list().await.unwrap().len(), 1);
    assert_eq!(
        targets.get("t").await.unwrap().kubernetes_namespace(),
        Some("flink")
    );
    targets
        .upsert(&DeploymentTarget::new("t", "flink-2"))
        .await
        .unwrap();
    assert_eq!(
        targets.get("t").await.unwrap().kubernetes_namespace(),
        Some("flink-2")
    );
    targets.delete("t").await.unwrap();

    let secrets = client.secret_values("default");
    let created = secrets
        .create(&SecretValue::plain("pw", "hunter2"))
        .await
        .unwrap();
    assert!(created.value().is_none(), "the value is never echoed");
    secrets
        .patch("pw", &MergePatch::new().set("/metadata/labels/a", "b"))
        .await
        .unwrap();
    secrets.delete("pw").await.unwrap();

    let defaults = client.deployment_defaults("default");
    defaults.get().await.unwrap();
    let patched = defaults
        .patch(&MergePatch::new().set("/spec/template/spec/parallelism", 3))
        .await
        .unwrap();
    assert_eq!(
        patched
            .spec
            .template
            .and_then(|t| t.spec)
            .and_then(|s| s.parallelism),
        Some(3)
    );

    client.status().await.unwrap();
    let info = client.system_info().await.unwrap();
    assert_eq!(info.kind.as_deref(), Some("SystemInformation"));
}

#[tokio::test]
async fn yaml_client_against_the_fake() {
    let fake = FakePlatform::start().await;
    with_target(&fake).await;
    let client = Client::builder(fake.url())
        .format(BodyFormat::Yaml)
        .build()
        .unwrap();
    let d = client
        .deployments("default")
        .create(&deployment("y", "CANCELLED"))
        .await
        .unwrap();
    assert_eq!(d.metadata.name.as_deref(), Some("y"));
    let log = fake.requests().await;
    let last = log.last().unwrap();
    assert_eq!(last.content_type.as_deref(), Some("application/yaml"));
}

#[tokio::test]
async fn tokens_401_403() {
    let fake = FakePlatform::builder()
        .with_token("admin-token")
        .with_namespace("other")
        .with_scoped_token("reader", "default", Role::Viewer)
        .start()
        .await;
    let admin = fake.client();
    admin.deployments("default").list().await.unwrap();
    let anonymous = Client::builder(fake.url()).build().unwrap();
    assert!(anonymous
        .deployments("default")
        .list()
        .await
        .unwrap_err()
        .is_unauthorized());
    let reader = fake.client_with_token("reader").unwrap();
    reader.deployments("default").list().await.unwrap();
    assert!(reader
        .deployments("other")
        .list()
        .await
        .unwrap_err()
        .is_forbidden());
    let err = reader
        .deployment_targets("default")
        .create(&DeploymentTarget::new("t", "x"))
        .await
        .unwrap_err();
    assert!(err.is_forbidden(), "{err}");
}

#[tokio::test]
async fn faults_through_the_client() {
    let fake = FakePlatform::start().await;
    let client = fake.client();
    let api = client.deployments("default");

    // More 503s than the client's attempts (4): the error reports them all.
    fake.fail_next(4, "/api/v1/namespaces/default/deployments", 503)
        .await;
    let err = api.list().await.unwrap_err();
    assert_eq!((err.status(), err.attempts()), (Some(503), 4));
    api.list().await.unwrap();
    // A single 503 or dropped connection is ridden out by the retries.
    fake.fail_next(1, "/api/v1/namespaces/default/deployments", 503)
        .await;
    api.list().await.unwrap();
    fake.drop_next_connection("/api/v1/namespaces/default/deployments")
        .await;
    api.list().await.unwrap();
    let once = Client::builder(fake.url())
        .retry(vvp::RetryPolicy::disabled())
        .build()
        .unwrap();
    fake.drop_next_connection("/api/v1/namespaces/default/deployments")
        .await;
    let err = once.deployments("default").list().await.unwrap_err();
    assert_eq!(err.status(), None, "transport error: {err}");

    fake.drop_next_response("POST /api/v1/namespaces/default/deployment-targets")
        .await;
    let targets = client.deployment_targets("default");
    assert!(targets
        .create(&DeploymentTarget::new("t", "x"))
        .await
        .is_err());
    assert!(targets
        .create(&DeploymentTarget::new("t", "x"))
        .await
        .unwrap_err()
        .is_conflict());

    fake.set_latency(Duration::from_secs(30)).await;
    let impatient = Client::builder(fake.url())
        .timeout(Duration::from_millis(200))
        .retry(vvp::RetryPolicy::disabled())
        .build()
        .unwrap();
    let err = impatient.deployments("default").list().await.unwrap_err();
    assert!(matches!(err, vvp::Error::Timeout { .. }), "{err}");
    fake.set_latency(Duration::ZERO).await;
    impatient.deployments("default").list().await.unwrap();

    let _ = Uuid::nil();
}

// ---------------------------------------------------------------------------------------
// Platform API through the client

#[tokio::test]
async fn platform_namespaces_and_api_tokens() {
    use vvp::platform::types::{LifecyclePhase, Namespace, Role as PfRole};
    let fake = FakePlatform::builder().with_token("admin").start().await;
    let client = fake.client();
    let namespaces = client.namespaces();
    assert_eq!(namespaces.list().await.unwrap().len(), 1);
    let created = namespaces.create(&Namespace::new("team-a")).await.unwrap();
    assert_eq!(created.name.as_deref(), Some("namespaces/team-a"));
    assert!(namespaces
        .create(&Namespace::new("team-a"))
        .await
        .unwrap_err()
        .is_conflict());
    assert_eq!(
        namespaces.get("team-a").await.unwrap().lifecycle_phase,
        Some(LifecyclePhase::Active)
    );
    namespaces
        .patch(
            "team-a",
            &MergePatch::new().set(
                "/roleBindings",
                json!([{"role": "viewer", "members": ["user:bob"]}]),
            ),
        )
        .await
        .unwrap();
    namespaces.update(&Namespace::new("team-a")).await.unwrap();
    client
        .session_clusters("team-a")
        .create(
            &serde_json::from_value(json!({"metadata": {"name": "preview"}, "spec": {}})).unwrap(),
        )
        .await
        .unwrap();
    namespaces
        .set_preview_session_cluster("team-a", "preview")
        .await
        .unwrap();
    assert_eq!(
        namespaces
            .get("team-a")
            .await
            .unwrap()
            .preview_session_cluster_name
            .as_deref(),
        Some("preview")
    );

    let tokens = client.api_tokens("team-a");
    let token = tokens.create("ci", PfRole::Editor).await.unwrap();
    let secret = token.secret.clone().expect("secret on create");
    assert!(tokens.get("ci").await.unwrap().secret.is_none());
    assert_eq!(tokens.list().await.unwrap().len(), 1);
    assert!(tokens
        .create("ci", PfRole::Editor)
        .await
        .unwrap_err()
        .is_conflict());
    let ci = fake.client_with_token(secret.expose()).unwrap();
    ci.deployments("team-a").list().await.unwrap();
    assert!(ci
        .deployments("default")
        .list()
        .await
        .unwrap_err()
        .is_forbidden());
    tokens.delete("ci").await.unwrap();
    assert!(ci
        .deployments("team-a")
        .list()
        .await
        .unwrap_err()
        .is_unauthorized());

    let deleted = namespaces.delete("team-a").await.unwrap();
    assert_eq!(deleted.lifecycle_phase, Some(LifecyclePhase::Terminating));
    fake.tick().await;
    assert!(namespaces.get("team-a").await.unwrap_err().is_not_found());
}

#[tokio::test]
async fn platform_sql_catalog_connectors_udfs_artifacts() {
    use vvp::platform::types::{SqlScript, StatementResult, ValidationResult};
    let fake = FakePlatform::start().await;
    let client = fake.client();
    let sql = client.sql_scripts("default");
    let v = sql.validate("SELEC 1").await.unwrap();
    assert_eq!(v.validation_result, Some(ValidationResult::InvalidQuery));
    assert_eq!(
        v.error_details.as_ref().and_then(|e| e.line_number),
        Some(1)
    );
    assert!(sql.validate("SELECT 1").await.unwrap().is_valid());
    let r = sql
        .execute(
            "CREATE TABLE orders (id INT, amount DECIMAL(10, 2)) WITH ('connector' = 'datagen')",
        )
        .await
        .unwrap();
    assert_eq!(r.result, Some(StatementResult::Success));
    let many = sql
        .execute_multi(["CREATE TABLE a (x INT)", "CREATE TABLE a (x INT)"], false)
        .await
        .unwrap();
    assert_eq!(many.len(), 2);
    assert_eq!(many[1].result, Some(StatementResult::ErrorWithDetails));
    let completions = sql.suggest("SELECT * FROM ord", 17).await.unwrap();
    assert_eq!(
        completions.first().and_then(|c| c.text.as_deref()),
        Some("orders")
    );

    let catalogs = client.catalogs("default");
    assert_eq!(catalogs.list().await.unwrap().len(), 1);
    assert_eq!(catalogs.list_databases("vvp").await.unwrap().len(), 1);
    let tables = catalogs.list_tables("vvp", Some("default")).await.unwrap();
    let names: Vec<_> = tables.iter().filter_map(|t| t.name.clone()).collect();
    assert_eq!(names, vec!["orders".to_string(), "a".to_string()]);
    let t = catalogs
        .get_table("vvp", Some("default"), "orders")
        .await
        .unwrap();
    assert_eq!(t.name.as_deref(), Some("orders"));
    assert!(catalogs
        .get_database("vvp", "nope")
        .await
        .unwrap_err()
        .is_not_found());

    let script: SqlScript =
        serde_json::from_value(json!({"name": "q1", "script": "SELECT 1"})).unwrap();
    sql.create(&script).await.unwrap();
    assert!(sql.create(&script).await.unwrap_err().is_conflict());
    assert_eq!(
        sql.get("q1").await.unwrap().script.as_deref(),
        Some("SELECT 1")
    );
    sql.update(&serde_json::from_value(json!({"name": "q1", "script": "SELECT 2"})).unwrap())
        .await
        .unwrap();
    assert_eq!(sql.list().await.unwrap().len(), 1);
    sql.delete("q1").await.unwrap();

    let connectors = client.connectors("default");
    connectors
        .create(&serde_json::from_value(json!({"name": "datagen", "type": "datagen"})).unwrap())
        .await
        .unwrap();
    assert_eq!(
        connectors.list_tables("datagen").await.unwrap().len(),
        1,
        "table orders uses it"
    );
    connectors
        .update(
            &serde_json::from_value(json!({"name": "datagen", "type": "datagen", "source": true}))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(connectors.delete("datagen").await.unwrap().len(), 1);
    let formats = client.formats("default");
    formats
        .create(&serde_json::from_value(json!({"name": "json"})).unwrap())
        .await
        .unwrap();
    assert_eq!(formats.list().await.unwrap().len(), 1);
    formats.delete("json").await.unwrap();
    let ccs = client.catalog_connectors("default");
    ccs.create(&serde_json::from_value(json!({"name": "jdbc"})).unwrap())
        .await
        .unwrap();
    assert!(ccs.list_catalogs("jdbc").await.unwrap().is_empty());
    ccs.delete("jdbc").await.unwrap();

    let udfs = client.udf_artifacts("default");
    udfs.create(&serde_json::from_value(json!({"name": "my-udfs"})).unwrap())
        .await
        .unwrap();
    let updated = udfs
        .update(
            &serde_json::from_value(json!({"name": "my-udfs", "jarUrl": "s3://vvp/u.jar"}))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(
        updated.udf_artifact.and_then(|a| a.jar_url).as_deref(),
        Some("s3://vvp/u.jar")
    );
    udfs.delete("my-udfs").await.unwrap();

    let artifacts = client.artifacts("default");
    let a = artifacts
        .upload(
            "job.jar",
            vvp::platform::ArtifactSource::bytes(vec![1u8; 2048]),
        )
        .await
        .unwrap();
    assert_eq!(
        a.uri.as_deref(),
        Some("s3://vvp/artifacts/namespaces/default/job.jar")
    );
    assert_eq!(artifacts.list().await.unwrap().len(), 1);
    artifacts.delete("job.jar").await.unwrap();
    assert!(artifacts
        .delete("job.jar")
        .await
        .unwrap_err()
        .is_not_found());
}
