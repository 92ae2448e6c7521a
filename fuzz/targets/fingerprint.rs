//! The fixture's parsers of what a client sends: TLS records holding a ClientHello, an HTTP/2
//! connection preface with its frames and HPACK blocks, and HTTP/1.1 header lines. They must
//! return an error or a value for any bytes, never panic.
use rnet_fixture::fingerprint::{client_hello_from_records, h1_headers, H2Preface};

/// One input, any bytes.
pub fn run(data: &[u8]) {
    if let Ok(Some(hello)) = client_hello_from_records(data) {
        let _ = (hello.ja3(), hello.ja3n(), hello.ja4(), hello.to_json());
    }
    if let Some(h2) = H2Preface::parse(data) {
        let _ = h2.akamai();
        for block in &h2.header_blocks {
            let _ = H2Preface::pseudo_order(block);
        }
    }
    let _ = h1_headers(data, "GET / HTTP/1.1");
}
