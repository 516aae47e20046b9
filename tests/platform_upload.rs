//! A large artifact upload streams from disk.
//!
//! The parent test writes a 64 MiB file, starts a wiremock server and runs the upload in a
//! *child process* (this test binary re-executed with `--exact child_uploads_file`), so that
//! the memory wiremock needs to record the request does not count. The child reads its
//! peak resident set size (`VmHWM` in `/proc/self/status`) before and after the upload and
//! prints both; the parent checks that the peak grew by less than half the file's size
//! (a buffering implementation grows by at least the whole file) and that the server got
//! one `multipart/form-data` part named `file` with every byte of the file.

use serde_json::json;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const FILE_SIZE: usize = 64 * 1024 * 1024;
const ENV_URL: &str = "VVP_TEST_UPLOAD_CHILD_URL";
const ENV_FILE: &str = "VVP_TEST_UPLOAD_CHILD_FILE";
const MARKER: &str = "VVP_UPLOAD_MEASURE";

/// A value from `/proc/self/status` in KiB (e.g. `VmHWM`, `VmRSS`).
fn proc_status_kib(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with(key) && l[key.len()..].starts_with(':'))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// Removes the test file however the test ends.
struct TempFile(PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn write_test_file(path: &Path) {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).expect("create"));
    let chunk: Vec<u8> = (0..1024 * 1024)
        .map(|i: u32| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    for _ in 0..FILE_SIZE / chunk.len() {
        file.write_all(&chunk).expect("write");
    }
    file.flush().expect("flush");
}

/// The child's half: runs only when the parent set the environment variables.
#[tokio::test]
async fn child_uploads_file() {
    let (Ok(url), Ok(file)) = (std::env::var(ENV_URL), std::env::var(ENV_FILE)) else {
        return;
    };
    let client = vvp::Client::builder(url)
        .token("t")
        .build()
        .expect("client");
    let api = client
        .artifacts("default")
        .upload_timeout(Duration::from_secs(600));
    let before = proc_status_kib("VmHWM").expect("VmHWM");
    let stored = api
        .upload("big.jar", Path::new(&file))
        .await
        .expect("upload");
    let after = proc_status_kib("VmHWM").expect("VmHWM");
    let rss = proc_status_kib("VmRSS").expect("VmRSS");
    assert_eq!(
        stored.uri.as_deref(),
        Some("s3://vvp/artifacts/namespaces/default/big.jar")
    );
    println!("{MARKER} hwm_before_kib={before} hwm_after_kib={after} rss_after_kib={rss}");
}

#[tokio::test]
async fn large_upload_is_streamed_as_multipart_file_part() {
    if std::env::var(ENV_URL).is_ok() {
        return; // inside the child
    }
    if proc_status_kib("VmHWM").is_none() {
        eprintln!("skipping: /proc/self/status has no VmHWM (not Linux)");
        return;
    }
    let file =
        TempFile(std::env::temp_dir().join(format!("vvp-upload-test-{}.jar", std::process::id())));
    write_test_file(&file.0);

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/artifacts/v1/namespaces/default/artifacts:upload"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"artifact": {"uri": "s3://vvp/artifacts/namespaces/default/big.jar"}}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let exe = std::env::current_exe().expect("test binary");
    let output = tokio::process::Command::new(exe)
        .args([
            "child_uploads_file",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(ENV_URL, server.uri())
        .env(ENV_FILE, &file.0)
        .output()
        .await
        .expect("child runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "child failed: {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let line = stdout
        .lines()
        .find(|l| l.contains(MARKER))
        .unwrap_or_else(|| panic!("no measurement in child output: {stdout}"));
    let field = |name: &str| -> u64 {
        line.split_whitespace()
            .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no {name} in {line}"))
    };
    let (before, after) = (field("hwm_before_kib"), field("hwm_after_kib"));
    let growth_kib = after.saturating_sub(before);
    let file_kib = (FILE_SIZE / 1024) as u64;
    eprintln!(
        "upload of {file_kib} KiB: child peak RSS {before} KiB -> {after} KiB (+{growth_kib} KiB), rss after {} KiB",
        field("rss_after_kib")
    );
    assert!(
        growth_kib < file_kib / 2,
        "peak memory grew by {growth_kib} KiB uploading a {file_kib} KiB file: not streamed"
    );

    // What the server received: one part named `file`, carrying the whole file.
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    let header = |name: &str| {
        request
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    assert_eq!(header("authorization").as_deref(), Some("Bearer t"));
    let content_type = header("content-type").expect("content type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not multipart: {content_type}"));
    // The length was announced up front (a streamed body of known size, not chunked).
    assert_eq!(
        header("content-length").and_then(|v| v.parse::<usize>().ok()),
        Some(request.body.len())
    );
    let body = &request.body;
    let head_end = body
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("part headers")
        + 4;
    let head = String::from_utf8_lossy(&body[..head_end]);
    assert!(head.starts_with(&format!("--{boundary}\r\n")), "{head}");
    assert!(
        head.contains(r#"Content-Disposition: form-data; name="file"; filename="big.jar""#),
        "{head}"
    );
    let tail = format!("\r\n--{boundary}--\r\n");
    assert!(
        body.ends_with(tail.as_bytes()),
        "one part only, properly closed"
    );
    let content = &body[head_end..body.len() - tail.len()];
    assert_eq!(content.len(), FILE_SIZE, "part size");
    let expected = std::fs::read(&file.0).expect("read back");
    assert!(
        content == expected.as_slice(),
        "part content differs from the file"
    );
}
