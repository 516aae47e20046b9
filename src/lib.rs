//! `vvp`: the Rust SDK for the Ververica Platform (VVP) Self-Managed 2.x REST API.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod platform;
pub mod raw;
pub mod resource;
pub mod types;
