//! `vvp`: the Rust SDK for the Ververica Platform (VVP) Self-Managed 2.x REST API.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod raw;
pub mod resource;
#[cfg(feature = "testing")]
pub mod testing;
pub mod types;
