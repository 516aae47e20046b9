//! `vvp::yaml`: manifests in and out, single and multi-document, errors with paths.

use std::path::PathBuf;
use vvp::types::{Deployment, SessionCluster};
use vvp::{Error, Resource};

#[test]
fn single_document_and_round_trip() {
    let text =
        "kind: Deployment\napiVersion: v1\nmetadata:\n  name: top-speed\nspec:\n  state: RUNNING\n";
    let d: Deployment = vvp::yaml::from_str(text).unwrap();
    assert_eq!(d.name(), Some("top-speed"));
    let again: Deployment = vvp::yaml::from_str(&vvp::yaml::to_string(&d).unwrap()).unwrap();
    assert_eq!(
        serde_json::to_value(&d).unwrap(),
        serde_json::to_value(&again).unwrap()
    );
    // JSON is YAML.
    let d: Deployment =
        vvp::yaml::from_str(r#"{"kind": "Deployment", "metadata": {"name": "j"}}"#).unwrap();
    assert_eq!(d.name(), Some("j"));
}

#[test]
fn errors_name_the_field() {
    let e = vvp::yaml::from_str::<Deployment>("metadata:\n  name: a\nspec:\n  state: [1]\n")
        .unwrap_err();
    assert!(
        matches!(&e, Error::Decode { status: None, path, .. } if path == "spec.state"),
        "{e:?}"
    );
    let e = vvp::yaml::from_str::<Deployment>("a: [unclosed\n").unwrap_err();
    assert!(matches!(e, Error::Decode { status: None, .. }), "{e:?}");
}

#[test]
fn multi_document() {
    let text = "---\nkind: Deployment\nmetadata:\n  name: one\n---\nkind: Deployment\nmetadata:\n  name: two\n---\n";
    let ds: Vec<Deployment> = vvp::yaml::from_str_multi(text).unwrap();
    let names: Vec<_> = ds.iter().filter_map(|d| d.name()).collect();
    assert_eq!(names, ["one", "two"]);
    assert!(vvp::yaml::from_str_multi::<Deployment>("")
        .unwrap()
        .is_empty());

    let bad = "kind: Deployment\n---\nkind: Deployment\nspec:\n  state: {a: 1}\n";
    let e = vvp::yaml::from_str_multi::<Deployment>(bad).unwrap_err();
    assert!(
        matches!(&e, Error::Decode { path, .. } if path == "[1].spec.state"),
        "{e:?}"
    );
}

#[test]
fn shared_manifests_parse() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/payloads");
    if !dir.is_dir() {
        assert!(
            std::env::var("VVP_REQUIRE_SHARED").as_deref() != Ok("1"),
            "../shared not found but VVP_REQUIRE_SHARED=1"
        );
        eprintln!("skipping: ../shared not found");
        return;
    }
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap();
    for f in [
        "deployment-playground-1.yaml",
        "deployment-sreworks-1.yaml",
        "deployment-streamingcli-1.yaml",
    ] {
        let ds: Vec<Deployment> = vvp::yaml::from_str_multi(&read(f)).unwrap();
        assert!(!ds.is_empty(), "{f}");
    }
    let s: SessionCluster =
        vvp::yaml::from_str(&read("sessioncluster-kozlovsandbox-1.yaml")).unwrap();
    assert!(s.name().is_some());
}
