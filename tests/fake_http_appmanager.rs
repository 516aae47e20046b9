//! Black-box HTTP tests of `vvp::testing::FakePlatform`: the Application Manager API
//! (CRUD, validation, YAML, lifecycle), spoken to with plain `reqwest`.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use vvp::testing::FakePlatform;

struct H {
    fake: FakePlatform,
    http: reqwest::Client,
}

impl H {
    async fn new() -> H {
        H {
            fake: FakePlatform::start().await,
            http: reqwest::Client::new(),
        }
    }

    async fn manual() -> H {
        H {
            fake: FakePlatform::builder().manual_lifecycle().start().await,
            http: reqwest::Client::new(),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.fake.url())
    }

    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let mut rb = self.http.request(method, self.url(path));
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        let resp = rb.send().await.expect("request");
        let status = resp.status();
        let text = resp.text().await.expect("body");
        let v = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, v)
    }

    async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.call(Method::GET, path, None).await
    }

    async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::POST, path, Some(body)).await
    }

    async fn put(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::PUT, path, Some(body)).await
    }

    async fn patch(&self, path: &str, body: Value) -> (StatusCode, Value) {
        let resp = self
            .http
            .patch(self.url(path))
            .header("content-type", "application/merge-patch+json")
            .body(body.to_string())
            .send()
            .await
            .expect("request");
        let status = resp.status();
        (status, resp.json().await.unwrap_or(Value::Null))
    }

    async fn delete(&self, path: &str) -> (StatusCode, Value) {
        self.call(Method::DELETE, path, None).await
    }

    async fn target(&self, name: &str) -> Value {
        let (s, v) = self
            .post(
                "/api/v1/namespaces/default/deployment-targets",
                json!({"metadata": {"name": name}, "spec": {"kubernetes": {"namespace": "flink"}}}),
            )
            .await;
        assert_eq!(s, 201, "{v}");
        v
    }

    async fn deployment(&self, name: &str, state: &str) -> Value {
        self.target("t").await;
        let (s, v) = self.post(D, deployment_body(name, state)).await;
        assert_eq!(s, 201, "{v}");
        v
    }

    async fn state_of(&self, name: &str) -> String {
        let (_, v) = self.get(&format!("{D}/{name}")).await;
        v["status"]["state"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    async fn event_names(&self, deployment_id: &str) -> Vec<String> {
        let (_, v) = self
            .get(&format!(
                "/api/v1/namespaces/default/events?deploymentId={deployment_id}"
            ))
            .await;
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["metadata"]["name"].as_str().unwrap().to_string())
            .collect()
    }
}

const D: &str = "/api/v1/namespaces/default/deployments";

fn deployment_body(name: &str, state: &str) -> Value {
    json!({
        "metadata": {"name": name, "labels": {"team": "data", "env": "test"}},
        "spec": {
            "state": state,
            "deploymentTargetName": "t",
            "template": {"spec": {
                "artifact": {"kind": "JAR", "jarUri": "s3://bucket/job.jar"},
                "flinkConfiguration": {"taskmanager.numberOfTaskSlots": 2},
            }},
        },
    })
}

#[tokio::test]
async fn create_get_list_by_name_and_id_with_server_fields() {
    let h = H::new().await;
    let created = h.deployment("orders", "CANCELLED").await;
    let id = created["metadata"]["id"].as_str().unwrap().to_string();
    assert!(uuid::Uuid::parse_str(&id).is_ok());
    assert_eq!(created["kind"], "Deployment");
    assert_eq!(created["apiVersion"], "v1");
    assert_eq!(created["metadata"]["namespace"], "default");
    assert_eq!(created["metadata"]["resourceVersion"], 1);
    assert!(created["metadata"]["createdAt"].is_string());
    assert_eq!(created["status"]["state"], "CANCELLED");
    // Defaults applied, target resolved, numbers in flinkConfiguration become strings.
    assert_eq!(created["spec"]["upgradeStrategy"]["kind"], "STATEFUL");
    assert!(created["spec"]["deploymentTargetId"].is_string());
    assert_eq!(
        created["spec"]["template"]["spec"]["flinkConfiguration"]["taskmanager.numberOfTaskSlots"],
        "2"
    );

    let (s, by_name) = h.get(&format!("{D}/orders")).await;
    assert_eq!(s, 200);
    let (s, by_id) = h.get(&format!("{D}/{id}")).await;
    assert_eq!(s, 200);
    assert_eq!(by_name["metadata"]["id"], by_id["metadata"]["id"]);

    let (s, list) = h.get(D).await;
    assert_eq!(s, 200);
    assert_eq!(list["kind"], "DeploymentList");
    assert_eq!(list["apiVersion"], "v1");
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn label_selector_filters() {
    let h = H::new().await;
    h.deployment("a", "CANCELLED").await;
    let mut b = deployment_body("b", "CANCELLED");
    b["metadata"]["labels"] = json!({"team": "web"});
    assert_eq!(h.post(D, b).await.0, 201);
    let (_, l) = h
        .get(&format!("{D}?labelSelector=team%3Ddata%2Cenv%3Dtest"))
        .await;
    let names: Vec<_> = l["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["metadata"]["name"].clone())
        .collect();
    assert_eq!(names, vec![json!("a")]);
    let (_, l) = h.get(&format!("{D}?labelSelector=team!%3Ddata")).await;
    assert_eq!(l["items"][0]["metadata"]["name"], "b");
    let (s, e) = h.get(&format!("{D}?labelSelector=%3Dx")).await;
    assert_eq!(s, 400, "{e}");
}

#[tokio::test]
async fn conflicts_not_found_and_validation_have_real_shapes() {
    let h = H::new().await;
    h.deployment("dup", "CANCELLED").await;
    let (s, e) = h.post(D, deployment_body("dup", "CANCELLED")).await;
    assert_eq!(s, 409);
    assert_eq!(e["kind"], "ApiException");
    assert_eq!(e["reason"], "Conflict");
    assert_eq!(e["statusCode"], 409);

    let (s, e) = h.get(&format!("{D}/nope")).await;
    assert_eq!(s, 404);
    assert_eq!(e["kind"], "ApiException");
    assert_eq!(e["reason"], "NotFound");
    assert_eq!(e["apiVersion"], "v1");

    for bad in ["Bad_Name", "-x", "x-", ""] {
        let (s, e) = h.post(D, deployment_body(bad, "CANCELLED")).await;
        assert_eq!(s, 400, "{bad}: {e}");
        assert_eq!(e["kind"], "ApiValidationException");
        assert_eq!(e["errors"][0]["attribute"], "metadata.name");
    }
    // DeploymentTarget names may have upper case and underscores.
    let (s, _) = h
        .post(
            "/api/v1/namespaces/default/deployment-targets",
            json!({"metadata": {"name": "My_Target"}, "spec": {}}),
        )
        .await;
    assert_eq!(s, 201);

    let mut b = deployment_body("no-target", "RUNNING");
    b["spec"]["deploymentTargetName"] = json!("missing");
    let (s, e) = h.post(D, b).await;
    assert_eq!(s, 400);
    assert_eq!(e["errors"][0]["attribute"], "spec.deploymentTargetName");

    let mut b = deployment_body("no-jar", "RUNNING");
    b["spec"]["template"]["spec"]["artifact"] = json!({"kind": "JAR"});
    let (s, e) = h.post(D, b).await;
    assert_eq!(s, 400);
    assert_eq!(
        e["errors"][0]["attribute"],
        "spec.template.spec.artifact.jarUri"
    );

    let (s, _) = h.get("/api/v1/namespaces/nosuch/deployments").await;
    assert_eq!(s, 404);

    // Garbage bodies are 400, never a crash.
    let resp = h
        .http
        .post(h.url(D))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    let (s, _) = h.post(D, json!([1, 2])).await;
    assert_eq!(s, 400);
}

#[tokio::test]
async fn put_upserts_and_patch_merges() {
    let h = H::new().await;
    h.target("t").await;
    let (s, v) = h
        .put(&format!("{D}/up"), deployment_body("up", "CANCELLED"))
        .await;
    assert_eq!(s, 201, "{v}");
    let id = v["metadata"]["id"].clone();
    let mut body = deployment_body("up", "CANCELLED");
    body["spec"]["template"]["spec"]["parallelism"] = json!(4);
    let (s, v) = h.put(&format!("{D}/up"), body).await;
    assert_eq!(s, 200);
    assert_eq!(v["metadata"]["id"], id);
    assert_eq!(v["metadata"]["resourceVersion"], 2);
    assert_eq!(v["spec"]["template"]["spec"]["parallelism"], 4);

    let (s, _) = h
        .put(&format!("{D}/other"), deployment_body("up", "CANCELLED"))
        .await;
    assert_eq!(s, 400, "name in body must match the path");

    let (s, v) = h
        .patch(
            &format!("{D}/up"),
            json!({"metadata": {"labels": {"team": null, "new": "x"}}}),
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(v["metadata"]["labels"], json!({"env": "test", "new": "x"}));
    assert_eq!(v["metadata"]["resourceVersion"], 3);
    assert_eq!(v["metadata"]["id"], id);

    // Secret values take no PUT; deployment targets take no PATCH.
    let (s, _) = h
        .put("/api/v1/namespaces/default/secret-values/x", json!({}))
        .await;
    assert_eq!(s, 405);
    let (s, _) = h
        .patch("/api/v1/namespaces/default/deployment-targets/t", json!({}))
        .await;
    assert_eq!(s, 405);
}

#[tokio::test]
async fn yaml_in_and_out() {
    let h = H::new().await;
    h.target("t").await;
    let yaml = "metadata:\n  name: from-yaml\nspec:\n  state: CANCELLED\n  deploymentTargetName: t\n  template:\n    spec:\n      artifact:\n        kind: JAR\n        jarUri: s3://b/j.jar\n";
    let resp = h
        .http
        .post(h.url(D))
        .header("content-type", "application/yaml")
        .header("accept", "application/yaml")
        .body(yaml)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    assert_eq!(resp.headers()["content-type"], "application/yaml");
    let v: Value = serde_yaml::from_str(&resp.text().await.unwrap()).unwrap();
    assert_eq!(v["metadata"]["name"], "from-yaml");
    let resp = h
        .http
        .post(h.url(D))
        .header("content-type", "application/yaml")
        .body(": : :\n- [")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
}

#[tokio::test]
async fn deployment_runs_on_poll_with_job_and_events() {
    let h = H::new().await;
    let d = h.deployment("run", "RUNNING").await;
    let id = d["metadata"]["id"].as_str().unwrap().to_string();
    assert_eq!(d["status"]["state"], "CANCELLED");
    assert_eq!(h.state_of("run").await, "TRANSITIONING");
    assert_eq!(h.state_of("run").await, "RUNNING");
    assert_eq!(h.state_of("run").await, "RUNNING", "stable");
    let (_, dep) = h.get(&format!("{D}/run")).await;
    let job_id = dep["status"]["running"]["jobId"]
        .as_str()
        .unwrap()
        .to_string();
    let (s, job) = h
        .get(&format!("/api/v1/namespaces/default/jobs/{job_id}"))
        .await;
    assert_eq!(s, 200);
    assert_eq!(job["status"]["state"], "STARTED");
    assert_eq!(job["metadata"]["deploymentId"], id.as_str());
    assert_eq!(
        job["status"]["started"]["flinkJobId"],
        job_id.replace('-', "")
    );
    let (_, jobs) = h
        .get(&format!(
            "/api/v1/namespaces/default/jobs?deploymentId={id}"
        ))
        .await;
    assert_eq!(jobs["kind"], "JobList");
    assert_eq!(jobs["items"].as_array().unwrap().len(), 1);
    let events = h.event_names(&id).await;
    assert_eq!(
        events.first().map(String::as_str),
        Some("STATE_TRANSITION_IS_NEEDED")
    );
    assert!(events.contains(&"CREATING_A_NEW_JOB".to_string()));
    assert!(events.contains(&"JOB_SUCCESSFULLY_STARTED".to_string()));
    assert_eq!(
        events.last().map(String::as_str),
        Some("STATE_TRANSITION_IS_COMPLETED")
    );
    let (_, by_job) = h
        .get(&format!("/api/v1/namespaces/default/events?jobId={job_id}"))
        .await;
    assert!(!by_job["items"].as_array().unwrap().is_empty());

    // Running deployments cannot be deleted (2.7.1: desired state must be CANCELLED or SUSPENDED).
    let (s, e) = h.delete(&format!("{D}/run")).await;
    assert_eq!(s, 409, "{e}");
}

#[tokio::test]
async fn suspend_takes_a_savepoint_then_resume_restores_from_it() {
    let h = H::manual().await;
    let d = h.deployment("s", "RUNNING").await;
    let id = d["metadata"]["id"].as_str().unwrap().to_string();
    assert_eq!(h.fake.settle().await, 2);
    assert_eq!(
        h.state_of("s").await,
        "RUNNING",
        "manual mode: GET does not advance"
    );
    let (s, _) = h
        .patch(&format!("{D}/s"), json!({"spec": {"state": "SUSPENDED"}}))
        .await;
    assert_eq!(s, 200);
    h.fake.tick().await;
    assert_eq!(h.state_of("s").await, "TRANSITIONING");
    let (_, sps) = h
        .get(&format!(
            "/api/v1/namespaces/default/savepoints?deploymentId={id}"
        ))
        .await;
    assert_eq!(sps["items"][0]["metadata"]["origin"], "SUSPEND");
    assert_eq!(sps["items"][0]["status"]["state"], "STARTED");
    h.fake.tick().await;
    h.fake.tick().await;
    assert_eq!(h.state_of("s").await, "SUSPENDED");
    let (_, sps) = h
        .get(&format!(
            "/api/v1/namespaces/default/savepoints?deploymentId={id}"
        ))
        .await;
    assert_eq!(sps["items"][0]["status"]["state"], "COMPLETED");
    let location = sps["items"][0]["spec"]["savepointLocation"].clone();
    let events = h.event_names(&id).await;
    assert!(events.contains(&"CREATING_A_SAVEPOINT_BEFORE_SUSPENSION".to_string()));
    assert!(events.contains(&"FOUND_A_COMPLETED_SAVEPOINT_READY_FOR_SUSPENSION".to_string()));

    h.patch(&format!("{D}/s"), json!({"spec": {"state": "RUNNING"}}))
        .await;
    h.fake.settle().await;
    let (_, jobs) = h
        .get(&format!(
            "/api/v1/namespaces/default/jobs?deploymentId={id}"
        ))
        .await;
    let jobs = jobs["items"].as_array().unwrap();
    assert_eq!(jobs.len(), 2);
    assert_eq!(jobs[0]["status"]["state"], "TERMINATED");
    assert_eq!(jobs[1]["status"]["state"], "STARTED");
    assert_eq!(
        jobs[1]["spec"]["savepointLocation"], location,
        "restored from the suspend savepoint"
    );

    // Suspended deployments may be deleted; jobs and savepoints go with them.
    h.patch(&format!("{D}/s"), json!({"spec": {"state": "SUSPENDED"}}))
        .await;
    h.fake.settle().await;
    let (s, gone) = h.delete(&format!("{D}/s")).await;
    assert_eq!(s, 200);
    assert_eq!(gone["metadata"]["name"], "s");
    assert_eq!(h.get(&format!("{D}/s")).await.0, 404);
}

#[tokio::test]
async fn cancel_then_delete() {
    let h = H::manual().await;
    h.deployment("c", "RUNNING").await;
    h.fake.settle().await;
    h.patch(&format!("{D}/c"), json!({"spec": {"state": "CANCELLED"}}))
        .await;
    let (s, _) = h.delete(&format!("{D}/c")).await;
    assert_eq!(s, 409, "job still terminating");
    h.fake.tick().await;
    assert_eq!(h.state_of("c").await, "TRANSITIONING");
    h.fake.tick().await;
    assert_eq!(h.state_of("c").await, "CANCELLED");
    assert_eq!(h.delete(&format!("{D}/c")).await.0, 200);
}

#[tokio::test]
async fn template_change_restarts_with_a_new_job() {
    let h = H::manual().await;
    let d = h.deployment("u", "RUNNING").await;
    let id = d["metadata"]["id"].as_str().unwrap().to_string();
    h.fake.settle().await;
    // Same spec: resourceVersion bumps, nothing restarts.
    let (_, v) = h
        .patch(&format!("{D}/u"), json!({"spec": {"state": "RUNNING"}}))
        .await;
    assert_eq!(h.fake.settle().await, 0);
    assert!(v["metadata"]["resourceVersion"].as_i64().unwrap() > 1);
    h.patch(
        &format!("{D}/u"),
        json!({"spec": {"template": {"spec": {"artifact": {"jarUri": "s3://bucket/job-2.jar"}}}}}),
    )
    .await;
    assert!(h.fake.settle().await >= 3);
    assert_eq!(h.state_of("u").await, "RUNNING");
    let (_, jobs) = h
        .get(&format!(
            "/api/v1/namespaces/default/jobs?deploymentId={id}"
        ))
        .await;
    let jobs = jobs["items"].as_array().unwrap();
    assert_eq!(jobs.len(), 2);
    assert_eq!(
        jobs[1]["spec"]["artifact"]["jarUri"],
        "s3://bucket/job-2.jar"
    );
    assert!(h
        .event_names(&id)
        .await
        .contains(&"USING_AN_UPGRADE_STRATEGY".to_string()));
}

#[tokio::test]
async fn fail_deployment_sets_failed_with_event_and_condition() {
    let h = H::new().await;
    let d = h.deployment("f", "RUNNING").await;
    let id = d["metadata"]["id"].as_str().unwrap().to_string();
    h.fake.settle().await;
    assert!(
        h.fake
            .fail_deployment("default", "f", "OutOfMemoryError")
            .await
    );
    assert!(!h.fake.fail_deployment("default", "nope", "x").await);
    let (_, v) = h.get(&format!("{D}/f")).await;
    assert_eq!(v["status"]["state"], "FAILED");
    assert_eq!(
        v["status"]["running"]["conditions"][0]["type"],
        "JobFailing"
    );
    assert_eq!(
        v["status"]["running"]["conditions"][0]["message"],
        "OutOfMemoryError"
    );
    assert_eq!(v["status"]["failure"]["message"], "OutOfMemoryError");
    assert!(h
        .event_names(&id)
        .await
        .contains(&"TERMINATING_A_JOB_DUE_TO_AN_UNRECOVERABLE_FAILURE".to_string()));
    assert_eq!(h.fake.settle().await, 0, "FAILED stays FAILED");
    // Cancelling a FAILED deployment works.
    h.patch(&format!("{D}/f"), json!({"spec": {"state": "CANCELLED"}}))
        .await;
    h.fake.settle().await;
    assert_eq!(h.state_of("f").await, "CANCELLED");
}

#[tokio::test]
async fn savepoints_user_requested_and_deleted() {
    let h = H::new().await;
    let d = h.deployment("sp", "CANCELLED").await;
    let id = d["metadata"]["id"].as_str().unwrap().to_string();
    let (s, e) = h
        .post(
            "/api/v1/namespaces/default/savepoints",
            json!({"metadata": {"deploymentId": id}}),
        )
        .await;
    assert_eq!(s, 400);
    assert_eq!(e["message"], "No active job for a deployment.");
    h.patch(&format!("{D}/sp"), json!({"spec": {"state": "RUNNING"}}))
        .await;
    h.fake.settle().await;
    let (s, sp) = h
        .post(
            "/api/v1/namespaces/default/savepoints",
            json!({"metadata": {"deploymentId": id}}),
        )
        .await;
    assert_eq!(s, 201, "{sp}");
    assert_eq!(sp["status"]["state"], "STARTED");
    assert_eq!(sp["metadata"]["origin"], "USER_REQUEST");
    assert!(sp["spec"]["savepointLocation"]
        .as_str()
        .unwrap()
        .contains(&id));
    let sp_id = sp["metadata"]["id"].as_str().unwrap().to_string();
    let (_, sp) = h
        .get(&format!("/api/v1/namespaces/default/savepoints/{sp_id}"))
        .await;
    assert_eq!(sp["status"]["state"], "COMPLETED");
    let (s, sp) = h
        .delete(&format!("/api/v1/namespaces/default/savepoints/{sp_id}"))
        .await;
    assert_eq!(s, 200);
    assert_eq!(sp["status"]["state"], "PENDING_DELETION");
    h.fake.tick().await;
    assert_eq!(
        h.get(&format!("/api/v1/namespaces/default/savepoints/{sp_id}"))
            .await
            .0,
        404
    );
    assert_eq!(
        h.get("/api/v1/namespaces/default/savepoints/not-a-uuid")
            .await
            .0,
        400
    );
}

#[tokio::test]
async fn session_cluster_starts_and_stops() {
    let h = H::new().await;
    let sc = "/api/v1/namespaces/default/sessionclusters";
    let (s, v) = h
        .post(sc, json!({"metadata": {"name": "sc"}, "spec": {"state": "RUNNING", "flinkConfiguration": {"slot.request.timeout": 10000}}}))
        .await;
    assert_eq!(s, 201, "{v}");
    assert_eq!(v["status"]["state"], "STOPPED");
    assert_eq!(
        v["spec"]["flinkConfiguration"]["slot.request.timeout"],
        "10000"
    );
    let (_, v) = h.get(&format!("{sc}/sc")).await;
    assert_eq!(v["status"]["state"], "STARTING");
    let (_, v) = h.get(&format!("{sc}/sc")).await;
    assert_eq!(v["status"]["state"], "RUNNING");
    assert!(v["status"]["running"]["startedAt"].is_string());
    assert_eq!(h.delete(&format!("{sc}/sc")).await.0, 409, "running");
    h.patch(&format!("{sc}/sc"), json!({"spec": {"state": "STOPPED"}}))
        .await;
    let (_, v) = h.get(&format!("{sc}/sc")).await;
    assert_eq!(v["status"]["state"], "STOPPING");
    let (_, v) = h.get(&format!("{sc}/sc")).await;
    assert_eq!(v["status"]["state"], "STOPPED");
    let id = v["metadata"]["id"].as_str().unwrap();
    let (_, ev) = h
        .get(&format!(
            "/api/v1/namespaces/default/events?sessionClusterId={id}"
        ))
        .await;
    let names: Vec<_> = ev["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["metadata"]["name"].clone())
        .collect();
    assert!(names.contains(&json!("SESSION_CLUSTER_SUCCESSFULLY_STARTED")));
    assert!(names.contains(&json!("SESSION_CLUSTER_SUCCESSFULLY_STOPPED")));
    assert_eq!(h.delete(&format!("{sc}/sc")).await.0, 200);
}

#[tokio::test]
async fn secret_values_defaults_and_status() {
    let h = H::new().await;
    let sv = "/api/v1/namespaces/default/secret-values";
    let (s, v) = h.post(sv, json!({"metadata": {"name": "mypassword"}, "spec": {"kind": "Plain", "value": "secret"}})).await;
    assert_eq!(s, 201);
    assert!(v["spec"].get("value").is_none(), "value is write-only");
    let (_, l) = h.get(sv).await;
    assert_eq!(l["kind"], "SecretValueList");
    assert!(!l.to_string().contains("\"secret\""));
    assert_eq!(h.delete(&format!("{sv}/mypassword")).await.0, 200);

    let dd = "/api/v1/namespaces/default/deployment-defaults";
    let (s, v) = h.get(dd).await;
    assert_eq!(s, 200);
    assert_eq!(v["kind"], "DeploymentDefaults");
    let (s, v) = h
        .patch(
            dd,
            json!({"spec": {"template": {"spec": {"parallelism": 8}}}}),
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(v["spec"]["template"]["spec"]["parallelism"], 8);
    let d = h.deployment("with-defaults", "CANCELLED").await;
    assert_eq!(d["spec"]["template"]["spec"]["parallelism"], 8);

    let (s, v) = h.get("/api/v1/status").await;
    assert_eq!(s, 200, "{v}");
    let (s, v) = h.get("/api/v1/status/system-info").await;
    assert_eq!(s, 200);
    assert_eq!(v["kind"], "SystemInformation");
}

/// Everything the fake answers decodes into `vvp::types` with known enum values only.
#[tokio::test]
async fn responses_decode_into_the_sdk_types() {
    fn check<T: serde::de::DeserializeOwned + std::fmt::Debug>(v: &Value) {
        let t: T = serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{e}: {v}"));
        let dbg = format!("{t:?}");
        assert!(!dbg.contains("Other("), "unknown enum value in {dbg}");
    }
    let h = H::new().await;
    let d = h.deployment("typed", "RUNNING").await;
    let id = d["metadata"]["id"].as_str().unwrap().to_string();
    h.fake.settle().await;
    h.post(
        "/api/v1/namespaces/default/savepoints",
        json!({"metadata": {"deploymentId": id}}),
    )
    .await;
    h.patch(
        &format!("{D}/typed"),
        json!({"spec": {"state": "SUSPENDED"}}),
    )
    .await;
    h.fake.settle().await;
    h.post(
        "/api/v1/namespaces/default/sessionclusters",
        json!({"metadata": {"name": "sc"}, "spec": {"state": "RUNNING"}}),
    )
    .await;
    h.post(
        "/api/v1/namespaces/default/secret-values",
        json!({"metadata": {"name": "pw"}, "spec": {"kind": "PLAIN", "value": "x"}}),
    )
    .await;
    h.fake.settle().await;
    h.fake.fail_deployment("default", "typed", "boom").await;
    let ns = "/api/v1/namespaces/default";
    for d in h.get(&format!("{ns}/deployments")).await.1["items"]
        .as_array()
        .unwrap()
    {
        check::<vvp::types::Deployment>(d);
    }
    for j in h.get(&format!("{ns}/jobs")).await.1["items"]
        .as_array()
        .unwrap()
    {
        check::<vvp::types::Job>(j);
    }
    let events = h.get(&format!("{ns}/events")).await.1;
    assert!(events["items"].as_array().unwrap().len() > 10);
    for e in events["items"].as_array().unwrap() {
        check::<vvp::types::Event>(e);
    }
    for s in h.get(&format!("{ns}/savepoints")).await.1["items"]
        .as_array()
        .unwrap()
    {
        check::<vvp::types::Savepoint>(s);
    }
    for s in h.get(&format!("{ns}/sessionclusters")).await.1["items"]
        .as_array()
        .unwrap()
    {
        check::<vvp::types::SessionCluster>(s);
    }
    for s in h.get(&format!("{ns}/secret-values")).await.1["items"]
        .as_array()
        .unwrap()
    {
        check::<vvp::types::SecretValue>(s);
    }
    for t in h.get(&format!("{ns}/deployment-targets")).await.1["items"]
        .as_array()
        .unwrap()
    {
        check::<vvp::types::DeploymentTarget>(t);
    }
    check::<vvp::types::DeploymentDefaults>(&h.get(&format!("{ns}/deployment-defaults")).await.1);
    check::<vvp::types::SystemInformation>(&h.get("/api/v1/status/system-info").await.1);
}
