//! Pure-Rust reference for the zero-drift tests: requests `/fingerprint` once per profile,
//! each on a new client (a new connection), and prints `{profile: what the server saw}`.
//!
//! `fingerprint URL PROFILE[:PLATFORM]...`, e.g. `fingerprint https://127.0.0.1:4443/fingerprint Chrome149 Firefox151:Windows`

use rnet::{
    types::EmulationInput, Client, ClientConfig, Emulation, EmulationConfig, Platform, Profile,
};

fn by_name<T: std::fmt::Debug + Copy>(all: &[T], name: &str) -> T {
    *all.iter()
        .find(|v| format!("{v:?}") == name)
        .unwrap_or_else(|| panic!("unknown name {name}"))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let url = args
        .next()
        .ok_or("usage: fingerprint URL PROFILE[:PLATFORM]...")?;
    let mut out = serde_json::Map::new();
    for spec in args {
        let (profile, platform) = match spec.split_once(':') {
            Some((p, os)) => (p, Some(by_name(Platform::ALL, os))),
            None => (spec.as_str(), None),
        };
        let emulation = Emulation::new(
            Some(by_name(Profile::ALL, profile)),
            Some(EmulationConfig {
                platform,
                ..Default::default()
            }),
        )?;
        let client = Client::new(Some(ClientConfig {
            emulation: Some(EmulationInput::Emulation(emulation)),
            tls_verify: Some(rnet::tls::TlsVerify::Enabled(false)),
            ..Default::default()
        }))?;
        let seen = client.get(url.clone(), None).await?.json().await?;
        out.insert(spec, seen.0);
    }
    println!("{}", serde_json::Value::Object(out));
    Ok(())
}
