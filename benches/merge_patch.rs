//! `vvp::MergePatch::diff` and `MergePatch::apply_to` between two documents of 1,000
//! realistic deployments that differ in a few fields.
//!
//! Run with `cargo bench --bench merge_patch` (about 15 s on 2 cores, after the build).
//!
//! The new document changes 5 of the 1,000 deployments (a desired state, a parallelism,
//! a removed `flinkConfiguration` key, an added label, an artifact URI). Three shapes:
//! - the two `List<Deployment>` (typed): RFC 7386 replaces arrays whole, so the patch
//!   carries the whole new `items` array;
//! - 1,000 `Deployment` pairs (typed), one patch per object, as apply/upsert tooling
//!   diffs;
//! - one `serde_json::Value` object keyed by deployment name (untyped, already encoded):
//!   the diff algorithm alone, with a patch that names only the changed fields.
//!
//! `diff` includes encoding both sides with `serde_json::to_value`, for a `Value` too (a
//! deep copy of each side). `apply_to` is timed without the clone of the target it
//! mutates. Reported: median and p90 per document, MB/s (diff: of the old document's
//! JSON; apply: of the patch's JSON), objects/s, and the patch's JSON size.
//!
//! `cargo test --benches` runs a one-iteration smoke version over 16 deployments.

mod common;

use common::{banner, deployment_list, fmt_duration, fmt_rate, mb, Mode, Samples, Table};
use serde_json::{Map, Value};
use vvp::types::{Deployment, DeploymentState};
use vvp::{List, MergePatch};

/// Times `apply` on a fresh clone of `target` per run; the clone is not timed.
fn time_apply(mode: &Mode, target: &Value, apply: impl Fn(&mut Value)) -> Samples {
    mode.time_with_setup(
        || target.clone(),
        |mut t| {
            apply(&mut t);
            t
        },
    )
}

/// The deployments as one JSON object keyed by name.
fn keyed(list: &List<Deployment>) -> Value {
    let mut map = Map::new();
    for d in list {
        let name = d.metadata.name.clone().unwrap_or_default();
        map.insert(name, serde_json::to_value(d).expect("encodes"));
    }
    Value::Object(map)
}

fn json_len(v: &impl serde::Serialize) -> usize {
    serde_json::to_vec(v).map_or(0, |b| b.len())
}

fn main() {
    let mode = Mode::from_args();
    banner("merge_patch", &mode);
    let n = mode.count(1_000);

    let old = deployment_list(n);
    let mut new = old.clone();
    let pick = |k: usize| (k * n / 5).min(n - 1);
    new.items[pick(0)].spec.state = Some(DeploymentState::Suspended);
    new.items[pick(1)].spec.template_spec_mut().parallelism = Some(16);
    new.items[pick(2)]
        .spec
        .template_spec_mut()
        .flink_configuration
        .get_or_insert_with(Default::default)
        .remove("table.exec.state.ttl");
    new.items[pick(3)] = new.items[pick(3)].clone().with_label("canary", "true");
    new.items[pick(4)].spec.template_spec_mut().artifact = Some(vvp::types::Artifact::jar(
        "s3://flink-artifacts/orders-enrichment-3.0.0.jar",
    ));

    let old_value = serde_json::to_value(&old).expect("encodes");
    let new_value = serde_json::to_value(&new).expect("encodes");
    let old_keyed = keyed(&old);
    let new_keyed = keyed(&new);
    let doc_len = json_len(&old);

    // The patches, checked once: applying each to the old side gives the new side.
    let list_patch = MergePatch::diff(&old, &new).expect("diffs");
    let pair_patches: Vec<MergePatch> = old
        .iter()
        .zip(&new)
        .map(|(o, n)| MergePatch::diff(o, n).expect("diffs"))
        .collect();
    let keyed_patch = MergePatch::diff(&old_keyed, &new_keyed).expect("diffs");
    let old_items: Vec<Value> = old
        .iter()
        .map(|d| serde_json::to_value(d).expect("encodes"))
        .collect();
    {
        let mut v = old_value.clone();
        list_patch.apply_to(&mut v);
        assert_eq!(v, new_value);
        let mut v = old_keyed.clone();
        keyed_patch.apply_to(&mut v);
        assert_eq!(v, new_keyed);
        for ((p, o), nw) in pair_patches.iter().zip(&old_items).zip(&new) {
            let mut v = o.clone();
            p.apply_to(&mut v);
            assert_eq!(v, serde_json::to_value(nw).expect("encodes"));
        }
    }
    let changed = pair_patches.iter().filter(|p| !p.is_empty()).count();
    let pair_patch_len: usize = pair_patches
        .iter()
        .filter(|p| !p.is_empty())
        .map(json_len)
        .sum();
    println!(
        "documents: {n} deployments each, {:.2} MB of JSON; {changed} deployments differ",
        mb(doc_len)
    );
    println!();

    let mut table = Table::new(&[
        "operation (1 document)",
        "runs",
        "median",
        "p90",
        "MB/s*",
        "objects/s",
        "patch JSON",
    ]);
    // `read_len`: what the operation reads (the document for diff, the patch for apply).
    let mut row = |name: &str, samples: Samples, read_len: usize, patch_len: usize| {
        let secs = samples.median().as_secs_f64().max(f64::MIN_POSITIVE);
        table.row(vec![
            name.to_owned(),
            samples.len().to_string(),
            fmt_duration(samples.median()),
            fmt_duration(samples.p90()),
            format!("{:.1}", mb(read_len) / secs),
            fmt_rate(n as f64 / secs),
            format!("{patch_len} B"),
        ]);
    };

    let s = mode.time(|| MergePatch::diff(&old, &new).expect("diffs"));
    row(
        "diff   List<Deployment> (typed)",
        s,
        doc_len,
        json_len(&list_patch),
    );
    let s = mode.time(|| {
        old.iter()
            .zip(&new)
            .map(|(o, n)| MergePatch::diff(o, n).expect("diffs"))
            .filter(|p| !p.is_empty())
            .count()
    });
    row(
        &format!("diff   {n} Deployment pairs (typed)"),
        s,
        doc_len,
        pair_patch_len,
    );
    let s = mode.time(|| MergePatch::diff(&old_keyed, &new_keyed).expect("diffs"));
    row(
        "diff   Value keyed by name",
        s,
        doc_len,
        json_len(&keyed_patch),
    );

    let s = time_apply(&mode, &old_value, |v| list_patch.apply_to(v));
    row(
        "apply  list patch to the list Value",
        s,
        json_len(&list_patch),
        json_len(&list_patch),
    );
    let old_items_value = Value::Array(old_items);
    let s = time_apply(&mode, &old_items_value, |v| {
        if let Value::Array(items) = v {
            for (item, p) in items.iter_mut().zip(&pair_patches) {
                p.apply_to(item);
            }
        }
    });
    row(
        &format!("apply  {n} per-object patches"),
        s,
        pair_patch_len,
        pair_patch_len,
    );
    let s = time_apply(&mode, &old_keyed, |v| keyed_patch.apply_to(v));
    row(
        "apply  keyed patch to the keyed Value",
        s,
        json_len(&keyed_patch),
        json_len(&keyed_patch),
    );

    table.print();
    println!();
    println!("*MB/s: diff of the old document's JSON, apply of the patch's JSON; from the median, like objects/s.");
    println!("apply times exclude cloning the target; diff of a Value includes copying both sides (serde_json::to_value).");
}
