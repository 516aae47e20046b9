//! `Api::<Event>::follow`: each event of a deployment once, in order, as the fake's
//! simulated controller writes them.

use std::time::Duration;

use futures_util::StreamExt;
use serde_json::json;
use tokio::time::timeout;
use vvp::testing::FakePlatform;
use vvp::types::{Deployment, DeploymentTarget, Event};
use vvp::{FollowParams, ListParams};

fn fast() -> FollowParams {
    FollowParams::default()
        .interval(Duration::from_millis(2))
        .max_interval(Duration::from_millis(10))
}

async fn setup() -> (FakePlatform, uuid::Uuid) {
    let fake = FakePlatform::builder().manual_lifecycle().start().await;
    let client = fake.client();
    client
        .deployment_targets("default")
        .create(&DeploymentTarget::new("k8s", "flink"))
        .await
        .unwrap();
    let d: Deployment = serde_json::from_value(json!({
        "metadata": {"name": "orders"},
        "spec": {"state": "RUNNING", "deploymentTargetName": "k8s",
                 "template": {"spec": {"artifact": {"kind": "JAR", "jarUri": "s3://b/a.jar"}}}}
    }))
    .unwrap();
    let created = client.deployments("default").create(&d).await.unwrap();
    (fake, created.id().unwrap())
}

/// Everything the stream yields until it is quiet for a while.
async fn drain<S: futures_util::Stream<Item = vvp::Result<Event>> + Unpin>(
    s: &mut S,
    out: &mut Vec<Event>,
) {
    while let Ok(Some(item)) = timeout(Duration::from_millis(150), s.next()).await {
        out.push(item.unwrap());
    }
}

fn ids(events: &[Event]) -> Vec<uuid::Uuid> {
    events.iter().filter_map(|e| e.metadata.id).collect()
}

#[tokio::test]
async fn follow_yields_each_event_once_and_in_order() {
    let (fake, id) = setup().await;
    let client = fake.client();
    let mut stream = Box::pin(client.events("default").follow_with("orders", &fast()));
    let mut got = Vec::new();
    // The controller moves one step at a time; the stream polls in between.
    for _ in 0..4 {
        fake.tick().await;
        drain(&mut stream, &mut got).await;
    }
    // Then a template change: a restart through a savepoint.
    client
        .deployments("default")
        .modify("orders", |d| {
            d.spec.template_spec_mut().parallelism = Some(2)
        })
        .await
        .unwrap();
    for _ in 0..6 {
        fake.tick().await;
        drain(&mut stream, &mut got).await;
    }

    let mut all: Vec<Event> = client
        .events("default")
        .list_with(&ListParams::default().deployment_id(id))
        .await
        .unwrap()
        .into_iter()
        .collect();
    all.sort_by_key(Event::created_at);
    assert!(all.len() >= 6, "{all:?}");
    assert_eq!(ids(&got), ids(&all), "each event once, in order");
    let names: Vec<&str> = got
        .iter()
        .filter_map(|e| e.event_name().map(|n| n.as_str()))
        .collect();
    assert!(names.contains(&"JOB_SUCCESSFULLY_STARTED"), "{names:?}");
}

#[tokio::test]
async fn only_new_skips_what_was_there() {
    let (fake, _) = setup().await;
    let client = fake.client();
    fake.advance(3).await;
    let before = client.events("default").list().await.unwrap().len();
    assert!(before > 0);
    let mut stream = Box::pin(
        client
            .events("default")
            .follow_with("orders", &fast().only_new()),
    );
    let mut got = Vec::new();
    drain(&mut stream, &mut got).await;
    assert!(got.is_empty(), "{got:?}");
    client
        .deployments("default")
        .set_state("orders", vvp::types::DeploymentState::Cancelled)
        .await
        .unwrap();
    fake.tick().await;
    drain(&mut stream, &mut got).await;
    assert!(!got.is_empty());
    let all = client.events("default").list().await.unwrap();
    assert_eq!(got.len(), all.len() - before);
}

#[tokio::test]
async fn follow_of_a_missing_deployment_yields_the_error_and_ends() {
    let fake = FakePlatform::start().await;
    let client = fake.client();
    let mut stream = Box::pin(client.events("default").follow_with("nope", &fast()));
    let err = stream.next().await.unwrap().unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(stream.next().await.is_none());
    let mut stream = Box::pin(client.events("default").follow("Not A Name"));
    let err = stream.next().await.unwrap().unwrap_err();
    assert!(matches!(err, vvp::Error::InvalidName { .. }), "{err:?}");
    assert!(
        fake.requests().await.len() == 1,
        "nothing sent for an invalid name"
    );
}
