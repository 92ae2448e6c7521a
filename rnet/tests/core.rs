//! The core API in pure Rust, against the fixture server: the same paths the hosts call.

use rnet::{
    Client, ClientConfig, CommonRequestConfig, Error, Method, Profile, RequestConfig, Version,
};
use std::time::Duration;

async fn fixture() -> rnet_fixture::Ports {
    rnet_fixture::start().await.expect("fixture server")
}

fn url(port: u16, path: &str, tls: bool) -> String {
    format!(
        "{}://127.0.0.1:{port}{path}",
        if tls { "https" } else { "http" }
    )
}

#[tokio::test]
async fn get_with_query_and_headers() {
    let ports = fixture().await;
    let opts = RequestConfig {
        common: CommonRequestConfig {
            query: Some(rnet::types::Pairs(vec![("a".into(), "1".into())])),
            headers: Some(rnet::types::HeaderInput::Map(rnet::types::StrMap(
                [("x-case".to_string(), "yes".to_string())]
                    .into_iter()
                    .collect(),
            ))),
            ..Default::default()
        },
        ..Default::default()
    };
    let resp = rnet::get(url(ports.http, "/get", false), Some(opts))
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.version(), Version::HTTP_11);
    let json = resp.json().await.unwrap().0;
    assert_eq!(json["args"]["a"], "1");
    assert!(json["headers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h[0] == "x-case" && h[1] == "yes"));
    // The body is cached: reading it again gives the same bytes.
    let text = resp.text(None).await.unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&text).unwrap(),
        json
    );
}

#[tokio::test]
async fn chrome_over_h2_and_tls_verification() {
    let ports = fixture().await;
    let https = url(ports.https, "/get", true);
    let err = rnet::get(https.clone(), None).await.err().unwrap();
    assert!(matches!(err, Error::Tls(_)), "{err:?}");

    let client = Client::new(Some(ClientConfig {
        emulation: Some(rnet::types::EmulationInput::Profile(Profile::Chrome149)),
        tls_verify: Some(rnet::tls::TlsVerify::Enabled(false)),
        ..Default::default()
    }))
    .unwrap();
    let resp = client.request(Method::GET, https, None).await.unwrap();
    assert_eq!(resp.version(), Version::HTTP_2);
    let json = resp.json().await.unwrap().0;
    let ua = json["headers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h[0] == "user-agent")
        .map(|h| h[1].as_str().unwrap().to_string())
        .unwrap();
    assert!(ua.contains("Chrome/149"), "{ua}");
}

#[tokio::test]
async fn error_kinds() {
    let ports = fixture().await;
    let slow = RequestConfig {
        common: CommonRequestConfig {
            timeout: Some(rnet::types::TimeDelta(Duration::from_millis(200))),
            ..Default::default()
        },
        ..Default::default()
    };
    let err = rnet::get(url(ports.http, "/delay/5", false), Some(slow))
        .await
        .err()
        .unwrap();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");

    let err = rnet::get(url(ports.closed, "/", false), None)
        .await
        .err()
        .unwrap();
    assert!(matches!(err, Error::Connection(_)), "{err:?}");

    let err = rnet::get("ftp://127.0.0.1/".into(), None)
        .await
        .err()
        .unwrap();
    assert!(matches!(err, Error::Builder(_)), "{err:?}");

    let resp = rnet::get(url(ports.http, "/status/404", false), None)
        .await
        .unwrap();
    assert!(matches!(resp.raise_for_status(), Err(Error::Status(_))));

    let resp = rnet::get(url(ports.http, "/bytes/10", false), None)
        .await
        .unwrap();
    assert!(matches!(resp.json().await, Err(Error::Decoding(_))));
}

#[tokio::test]
async fn credentials_never_reach_messages() {
    let ports = fixture().await;
    let target = format!("http://user:secret@127.0.0.1:{}/x", ports.closed);
    let err = rnet::get(target, None).await.err().unwrap();
    assert!(matches!(err, Error::Connection(_)), "{err:?}");
    assert!(!err.to_string().contains("secret"), "{err}");
    assert!(err.to_string().contains("127.0.0.1"), "{err}");
}
