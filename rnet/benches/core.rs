//! `cargo bench -p rnet --bench core`: the binding-free core path, and the conversion layer
//! the hosts sit on, so a regression in either shows without Python or Node in the way.
//! Requests go to the loopback fixture server (tests/), started once.

use rnet::{cancel::Cancel, types::HeaderInput, Client, HeaderMap, RequestConfig, Response};
use std::sync::OnceLock;

fn main() {
    divan::main();
}

struct Env {
    rt: tokio::runtime::Runtime,
    base: String,
}

fn env() -> &'static Env {
    static ENV: OnceLock<Env> = OnceLock::new();
    ENV.get_or_init(|| {
        let rt = rnet::runtime::build();
        let ports = rt.block_on(rnet_fixture::start()).expect("fixture");
        Env {
            rt,
            base: format!("http://127.0.0.1:{}", ports.http),
        }
    })
}

/// A GET of 1 KiB through rnet's core API (what every host call ends in).
#[divan::bench]
fn rnet_core_get(bencher: divan::Bencher) {
    let env = env();
    let client = Client::new(None).unwrap();
    let url = format!("{}/bytes/1024", env.base);
    bencher.bench(|| {
        env.rt.block_on(async {
            let resp = client.get(url.clone(), None).await.unwrap();
            resp.bytes().await.unwrap()
        })
    });
}

/// The same GET with wreq alone: the floor rnet's core adds to.
#[divan::bench]
fn wreq_get(bencher: divan::Bencher) {
    let env = env();
    let client = wreq::Client::new();
    let url = format!("{}/bytes/1024", env.base);
    bencher.bench(|| {
        env.rt.block_on(async {
            let resp = client.get(&url).send().await.unwrap();
            resp.bytes().await.unwrap()
        })
    });
}

fn typical_options() -> RequestConfig {
    RequestConfig {
        common: rnet::CommonRequestConfig {
            headers: Some(HeaderInput::Headers(HeaderMap::new(None, None).unwrap())),
            query: Some(rnet::types::Pairs(vec![
                ("q".into(), "rnet".into()),
                ("page".into(), "2".into()),
            ])),
            ..Default::default()
        },
        json: Some(rnet::types::Json(
            serde_json::json!({"k": [1, 2, 3], "s": "x"}),
        )),
        ..RequestConfig::default()
    }
}

/// Options record → wreq request builder (done on every request).
#[divan::bench]
fn options_to_builder(bencher: divan::Bencher) {
    let client = wreq::Client::new();
    bencher
        .with_inputs(typical_options)
        .bench_values(|opts| opts.apply(client.get("http://127.0.0.1/")).unwrap());
}

/// wreq response → rnet `Response` (headers copied, cookies parsed), as handed to a host.
#[divan::bench]
fn response_to_host_object(bencher: divan::Bencher) {
    bencher
        .with_inputs(|| {
            let mut b = http::Response::builder().status(200);
            for i in 0..20 {
                b = b.header(format!("x-header-{i}"), "some value of moderate length");
            }
            wreq::Response::from(b.body(bytes::Bytes::from_static(b"{}")).unwrap())
        })
        .bench_values(|resp| {
            let r = Response::new(
                resp,
                wreq::Method::GET,
                Cancel::default(),
                None,
                1,
                rnet::timing::Phases::new(None),
            );
            (r.status(), r.headers().len())
        });
}
