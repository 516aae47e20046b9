//! Generates the raw clients (`vvp::raw::{appmanager, platform}`) from the project's specs.
//!
//! specs/*.json (Swagger 2.0 or OpenAPI 3.0, JSON or YAML) -> `vvp-codegen` (the workspace
//! crate in `codegen/`: convert, normalize, progenitor) -> `OUT_DIR/{appmanager,platform}.rs`.
//! Next to each it writes the normalized document (`*.openapi.json`) and what the normalizer
//! changed (`*.normalize.txt`). A bad spec fails the build naming the file and the JSON
//! pointer.
//!
//! Re-runs only when `specs/` or this file changes; a change to the codegen crate rebuilds
//! this script (it is a build-dependency), which re-runs it.

use std::path::PathBuf;

/// (spec file, generated module name)
const SPECS: &[(&str, &str)] = &[
    ("specs/api/swagger.json", "appmanager"),
    ("specs/swagger.json", "platform"),
];

fn fail(message: impl std::fmt::Display) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1);
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    // A directory: cargo re-runs when any file below it changes (or one is added).
    println!("cargo:rerun-if-changed=specs");
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out_dir = match std::env::var_os("OUT_DIR") {
        Some(d) => PathBuf::from(d),
        None => fail("OUT_DIR is not set (build.rs must run under cargo)"),
    };
    for (spec, module) in SPECS {
        let generated =
            vvp_codegen::generate_file(&manifest.join(spec), spec).unwrap_or_else(|e| fail(e));
        let write = |name: String, text: &str| {
            let path = out_dir.join(name);
            if let Err(e) = std::fs::write(&path, text) {
                fail(format!("{}: {e}", path.display()));
            }
        };
        write(format!("{module}.rs"), &generated.code);
        write(format!("{module}.openapi.json"), &generated.openapi);
        let mut report = generated.report.entries.join("\n");
        report.push('\n');
        write(format!("{module}.normalize.txt"), &report);
    }
}
