//! Decoding and encoding a `List<Deployment>` of 1,000 realistic deployments.
//!
//! Run with `cargo bench --bench codec` (about 20 s on 2 cores, after the build).
//!
//! Measures, through the public API:
//! - decoding JSON with `serde_json::from_slice::<vvp::List<Deployment>>`, with
//!   `vvp::BodyFormat::Json.decode` (the client's path, which tracks field paths for errors)
//!   and, as an untyped baseline, into a `serde_json::Value`;
//! - decoding YAML with `vvp::yaml::from_str`;
//! - encoding back with `serde_json::to_vec` and `vvp::yaml::to_string`.
//!
//! For each: median and p90 time per document, throughput in MB/s (of the JSON/YAML text,
//! the input when decoding, the output when encoding) and objects/s, and the peak memory
//! one run adds. Peak memory is `VmHWM` from `/proc/self/status`, read before and after
//! one run. `VmHWM` is process-wide and never goes down, and memory the allocator kept
//! from earlier runs is reused without showing up, so each probe runs in a fresh process
//! (this binary re-started with `--mem-probe <operation>`, given its input on stdin) and
//! resets the mark first (writing `5` to `/proc/self/clear_refs`). The figure is what one
//! run adds on top of its input (the result plus transient buffers); `peak/text`
//! relates it to the size of the JSON/YAML text.
//!
//! `cargo test --benches` runs a one-iteration smoke version over 16 deployments.

mod common;

use std::hint::black_box;
use std::io::{Read, Write};
use std::process::{Command, Stdio};

use common::{banner, deployment_list, fmt_duration, fmt_rate, mb, Mode, Samples, Table};
use vvp::types::Deployment;
use vvp::List;

/// `VmHWM` (peak resident memory of the process) in bytes, if readable.
fn vm_hwm() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Resets `VmHWM` to the current resident size (Linux 4.0+); `false` if not possible.
fn reset_hwm() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Runs `f` once and returns how much `VmHWM` grew while its result was alive.
fn peak_growth<R>(f: impl FnOnce() -> R) -> Option<usize> {
    reset_hwm();
    let before = vm_hwm()?;
    let result = black_box(f());
    let after = vm_hwm()?;
    drop(result);
    Some(after.saturating_sub(before))
}

/// One measured operation.
#[derive(Debug, Clone, Copy)]
enum Op {
    DecodeJson,
    DecodeJsonClient,
    DecodeJsonValue,
    DecodeYaml,
    EncodeJson,
    EncodeYaml,
}

const OPS: [Op; 6] = [
    Op::DecodeJson,
    Op::DecodeJsonClient,
    Op::DecodeJsonValue,
    Op::DecodeYaml,
    Op::EncodeJson,
    Op::EncodeYaml,
];

/// What the operations read: the JSON and YAML texts and the typed list.
#[derive(Default)]
struct Inputs {
    json: Vec<u8>,
    yaml: String,
    list: List<Deployment>,
}

impl Op {
    fn name(self) -> &'static str {
        match self {
            Op::DecodeJson => "decode JSON  serde_json::from_slice",
            Op::DecodeJsonClient => "decode JSON  vvp::BodyFormat::Json.decode",
            Op::DecodeJsonValue => "decode JSON  -> serde_json::Value (baseline)",
            Op::DecodeYaml => "decode YAML  vvp::yaml::from_str",
            Op::EncodeJson => "encode JSON  serde_json::to_vec",
            Op::EncodeYaml => "encode YAML  vvp::yaml::to_string",
        }
    }

    /// `true` if the text this operation reads or writes is YAML (else JSON).
    fn yaml(self) -> bool {
        matches!(self, Op::DecodeYaml | Op::EncodeYaml)
    }

    /// `true` if the operation reads the typed list (else a text).
    fn encodes(self) -> bool {
        matches!(self, Op::EncodeJson | Op::EncodeYaml)
    }

    fn run(self, inputs: &Inputs) {
        match self {
            Op::DecodeJson => {
                let l: List<Deployment> = serde_json::from_slice(&inputs.json).expect("decodes");
                black_box(l);
            }
            Op::DecodeJsonClient => {
                let l: List<Deployment> = vvp::BodyFormat::Json
                    .decode(&inputs.json, None)
                    .expect("decodes");
                black_box(l);
            }
            Op::DecodeJsonValue => {
                let v: serde_json::Value = serde_json::from_slice(&inputs.json).expect("decodes");
                black_box(v);
            }
            Op::DecodeYaml => {
                let l: List<Deployment> = vvp::yaml::from_str(&inputs.yaml).expect("decodes");
                black_box(l);
            }
            Op::EncodeJson => {
                black_box(serde_json::to_vec(&inputs.list).expect("encodes"));
            }
            Op::EncodeYaml => {
                black_box(vvp::yaml::to_string(&inputs.list).expect("encodes"));
            }
        }
    }
}

/// The child side of [`probe_peak`]: reads its input from stdin (the text to decode, or
/// the list as JSON for the encoders), runs `op` once and prints the `VmHWM` growth.
fn mem_probe_child(op: Op) {
    let mut text = Vec::new();
    std::io::stdin()
        .read_to_end(&mut text)
        .expect("reads stdin");
    let mut inputs = Inputs::default();
    if op.encodes() {
        inputs.list = serde_json::from_slice(&text).expect("decodes");
    } else if op.yaml() {
        inputs.yaml = String::from_utf8(text).expect("UTF-8");
    } else {
        inputs.json = text;
    }
    match peak_growth(|| op.run(&inputs)) {
        Some(bytes) => println!("{bytes}"),
        None => println!("n/a"),
    }
}

/// The `VmHWM` growth of one run of `op` in a fresh process (this binary, started with
/// `--mem-probe <op>`), so that memory freed by earlier runs cannot hide it.
fn probe_peak(op: Op, index: usize, stdin_text: &[u8]) -> Option<usize> {
    let exe = std::env::current_exe().ok()?;
    let mut child = Command::new(exe)
        .args(["--mem-probe", &index.to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(stdin_text).ok()?;
    let out = child.wait_with_output().ok()?;
    if !out.status.success() {
        eprintln!("memory probe of `{}` failed", op.name());
        return None;
    }
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(pos) = args.iter().position(|a| a == "--mem-probe") {
        let op = args
            .get(pos + 1)
            .and_then(|i| i.parse::<usize>().ok())
            .and_then(|i| OPS.get(i).copied())
            .expect("--mem-probe <operation index>");
        mem_probe_child(op);
        return;
    }

    let mode = Mode::from_args();
    banner("codec", &mode);
    let n = mode.count(1_000);

    let list = deployment_list(n);
    let json = serde_json::to_vec(&list).expect("the fixture encodes as JSON");
    let yaml = vvp::yaml::to_string(&list).expect("the fixture encodes as YAML");
    // Both texts decode back to the same list (a bench of a wrong result is no bench).
    let from_json: List<Deployment> = serde_json::from_slice(&json).expect("JSON decodes");
    let from_yaml: List<Deployment> = vvp::yaml::from_str(&yaml).expect("YAML decodes");
    assert_eq!(from_json, list);
    assert_eq!(from_yaml, list);
    drop((from_json, from_yaml));

    println!(
        "input: List<Deployment> of {n} deployments; JSON {:.2} MB ({} B/object), YAML {:.2} MB ({} B/object)",
        mb(json.len()),
        json.len() / n.max(1),
        mb(yaml.len()),
        yaml.len() / n.max(1),
    );
    if !reset_hwm() {
        println!("note: /proc/self/clear_refs not writable: peak growth is over the probe's start-up peak");
    }
    println!();

    let inputs = Inputs { json, yaml, list };
    let mut table = Table::new(&[
        "operation (1 document)",
        "runs",
        "median",
        "p90",
        "MB/s",
        "objects/s",
        "peak +MB",
        "peak/text",
    ]);
    for (index, op) in OPS.into_iter().enumerate() {
        let text_len = if op.yaml() {
            inputs.yaml.len()
        } else {
            inputs.json.len()
        };
        let stdin_text = if op.yaml() && !op.encodes() {
            inputs.yaml.as_bytes()
        } else {
            &inputs.json
        };
        let peak = probe_peak(op, index, stdin_text);
        let samples: Samples = mode.time(|| op.run(&inputs));
        let secs = samples.median().as_secs_f64().max(f64::MIN_POSITIVE);
        let (peak_mb, ratio) = match peak {
            Some(p) => (
                format!("{:.1}", mb(p)),
                format!("{:.1}x", p as f64 / text_len.max(1) as f64),
            ),
            None => ("n/a".to_owned(), "n/a".to_owned()),
        };
        table.row(vec![
            op.name().to_owned(),
            samples.len().to_string(),
            fmt_duration(samples.median()),
            fmt_duration(samples.p90()),
            format!("{:.1}", mb(text_len) / secs),
            fmt_rate(n as f64 / secs),
            peak_mb,
            ratio,
        ]);
    }
    table.print();
    println!();
    println!("MB/s and objects/s from the median; `peak +MB`: VmHWM growth during one run in a fresh process (see the file's docs).");
}
