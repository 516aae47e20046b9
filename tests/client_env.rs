//! `Client::from_env`. One test in its own binary: it changes the process environment, which
//! must not race with other threads.

use vvp::{Client, Error};

fn config_error() -> String {
    match Client::from_env() {
        Err(Error::Config(m)) => m,
        other => panic!("expected Error::Config, got {other:?}"),
    }
}

#[test]
fn from_env_names_the_variable() {
    std::env::remove_var("VVP_URL");
    std::env::remove_var("VVP_TOKEN");
    assert!(config_error().contains("VVP_URL"));

    std::env::set_var("VVP_URL", "not a url");
    let m = config_error();
    assert!(m.contains("VVP_URL"), "{m}");

    std::env::set_var("VVP_URL", "ftp://vvp.example.com");
    assert!(config_error().contains("VVP_URL"));

    std::env::set_var("VVP_URL", "https://vvp.example.com/");
    std::env::set_var("VVP_TOKEN", "abc\ndef");
    let m = config_error();
    assert!(m.contains("VVP_TOKEN"), "{m}");
    assert!(!m.contains("abc"), "{m}");

    std::env::set_var("VVP_TOKEN", "secret-token");
    let client = Client::from_env().unwrap();
    assert!(!format!("{client:?}").contains("secret-token"));
    assert_eq!(client.base_url().as_str(), "https://vvp.example.com/");

    // Empty token: no token.
    std::env::set_var("VVP_TOKEN", "");
    let client = Client::from_env().unwrap();
    assert!(format!("{client:?}").contains("token: None"));

    std::env::remove_var("VVP_TOKEN");
    Client::from_env().unwrap();
    std::env::remove_var("VVP_URL");
}
