//! `FingerprintEcho`: the fingerprint echo (`rnet-echo`) inside the native module, so
//! `rnet-fingerprint` and its `capture` work from an installed wheel or npm package, with no
//! checkout and no fixture binary.

use crate::{types::Json, Error, Result};
use std::sync::Arc;

/// A local server that answers every request with what it saw of the client: the TLS
/// ClientHello (JA3, JA3n, JA4, JA4_r), the HTTP/2 preface (Akamai) and the headers in order.
/// TLS on `url` (a certificate for localhost and 127.0.0.1, signed by the CA in `ca_pem`),
/// plain HTTP on `http_url`. Opening `url + "/capture-page"` in a browser records its
/// navigation and the page's `fetch()` (`captures()`).
#[rnet::export]
#[derive(Clone)]
pub struct FingerprintEcho {
    inner: Arc<rnet_echo::Echo>,
}

#[rnet::export]
impl FingerprintEcho {
    /// Starts an echo on 127.0.0.1, on ports the system chooses.
    #[rnet(staticmethod, spawn)]
    pub async fn start() -> Result<FingerprintEcho> {
        let echo = rnet_echo::Echo::start()
            .await
            .map_err(|e| Error::Connection(format!("cannot start the fingerprint echo: {e}")))?;
        Ok(FingerprintEcho {
            inner: Arc::new(echo),
        })
    }

    /// `https://localhost:<port>`: request any path for its fingerprint.
    #[rnet(getter)]
    pub fn url(&self) -> String {
        format!("https://localhost:{}", self.inner.https_port)
    }

    /// `http://127.0.0.1:<port>`: the same over plain HTTP.
    #[rnet(getter)]
    pub fn http_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.inner.http_port)
    }

    /// The PEM file of the CA that signed the echo's certificate (for a browser to trust).
    #[rnet(getter)]
    pub fn ca_pem(&self) -> String {
        self.inner.ca_pem.display().to_string()
    }

    /// What browsers sent to the capture page, by kind (`navigate`, `fetch`).
    pub fn captures(&self) -> Json {
        Json(self.inner.captures())
    }

    /// Stops the echo.
    pub fn close(&self) {
        self.inner.close()
    }
}
