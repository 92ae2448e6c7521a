//! The error kinds every host maps: Python exception classes under `rnet.RnetError`, and
//! JS errors with a stable `code`.

use std::fmt;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An rnet error. The message says what failed and where (method and URL), and never
/// carries credentials.
#[rnet::export(error)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The connection could not be established.
    #[rnet(
        python = "ConnectionError",
        python_base = "ConnectionError",
        code = "ERR_RNET_CONNECTION"
    )]
    Connection(String),
    /// The proxy could not be reached or refused the tunnel.
    #[rnet(python = "ProxyConnectionError", code = "ERR_RNET_PROXY_CONNECTION")]
    ProxyConnection(String),
    /// The peer reset the connection.
    #[rnet(
        python = "ConnectionResetError",
        python_base = "ConnectionResetError",
        code = "ERR_RNET_CONNECTION_RESET"
    )]
    ConnectionReset(String),
    /// The TLS handshake failed (certificate, protocol or configuration).
    #[rnet(python = "TlsError", code = "ERR_RNET_TLS")]
    Tls(String),
    /// A timeout elapsed.
    #[rnet(
        python = "TimeoutError",
        python_base = "TimeoutError",
        code = "ERR_RNET_TIMEOUT"
    )]
    Timeout(String),
    /// The request failed for another reason.
    #[rnet(python = "RequestError", code = "ERR_RNET_REQUEST")]
    Request(String),
    /// The client was closed; its in-flight and later requests fail with this.
    #[rnet(python = "ClientClosedError", code = "ERR_RNET_CLIENT_CLOSED")]
    Closed(String),
    /// The request was aborted by its signal (Node `AbortSignal`); `name` is `AbortError`.
    #[rnet(python = "AbortError", code = "ABORT_ERR")]
    Aborted(String),
    /// The response status was an error (raise_for_status).
    #[rnet(python = "StatusError", code = "ERR_RNET_STATUS")]
    Status(String),
    /// Too many redirects, or a redirect policy refused one.
    #[rnet(python = "RedirectError", code = "ERR_RNET_REDIRECT")]
    Redirect(String),
    /// Reading or writing a body failed.
    #[rnet(python = "BodyError", code = "ERR_RNET_BODY")]
    Body(String, crate::body::Cause),
    /// A body could not be decoded (compression, charset or JSON).
    #[rnet(python = "DecodingError", code = "ERR_RNET_DECODING")]
    Decoding(String),
    /// Invalid input while building a client or request (URL, header, option).
    #[rnet(
        python = "BuilderError",
        python_base = "ValueError",
        code = "ERR_RNET_BUILDER"
    )]
    Builder(String),
    /// A protocol upgrade failed.
    #[rnet(python = "UpgradeError", code = "ERR_RNET_UPGRADE")]
    Upgrade(String),
    /// A WebSocket operation failed.
    #[rnet(python = "WebSocketError", code = "ERR_RNET_WEBSOCKET")]
    WebSocket(String),
    /// Name resolution failed.
    #[rnet(python = "DNSResolverError", code = "ERR_RNET_DNS")]
    DnsResolver(String),
    /// A hook raised or threw (or its promise rejected); the hook's error is the cause.
    #[rnet(python = "HookError", code = "ERR_RNET_HOOK")]
    Hook(String, crate::body::Cause),
    /// A Rust panic was caught before it could cross into the host.
    #[rnet(python = "RustPanic", code = "ERR_RNET_PANIC")]
    Panic(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Error::*;
        let (Connection(m)
        | ProxyConnection(m)
        | ConnectionReset(m)
        | Tls(m)
        | Timeout(m)
        | Request(m)
        | Closed(m)
        | Aborted(m)
        | Status(m)
        | Redirect(m)
        | Body(m, _)
        | Hook(m, _)
        | Decoding(m)
        | Builder(m)
        | Upgrade(m)
        | WebSocket(m)
        | DnsResolver(m)
        | Panic(m)) = self;
        f.write_str(m)
    }
}

impl std::error::Error for Error {}

impl Error {
    /// A `BodyError` without a host cause.
    pub fn body(msg: String) -> Self {
        Error::Body(msg, crate::body::Cause::default())
    }

    /// A panic caught before it could cross into a host (`RustPanic` / ERR_RNET_PANIC).
    pub fn from_panic(payload: Box<dyn std::any::Any + Send>) -> Self {
        let msg = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        Error::Panic(format!("a Rust panic was caught: {msg}"))
    }

    /// The same error, its message saying why it was not retried.
    pub fn not_retried(self, why: &str) -> Self {
        let note = |m: String| format!("{m} (not retried: {why})");
        use Error::*;
        match self {
            Connection(m) => Connection(note(m)),
            ProxyConnection(m) => ProxyConnection(note(m)),
            ConnectionReset(m) => ConnectionReset(note(m)),
            Timeout(m) => Timeout(note(m)),
            other => other,
        }
    }

    /// The host error behind a `BodyError` from a failing body producer, or a `HookError`.
    pub fn cause(&self) -> Option<&(dyn std::any::Any + Send + Sync)> {
        match self {
            Error::Body(_, c) | Error::Hook(_, c) => c.0.as_deref(),
            _ => None,
        }
    }

    /// Classifies a wreq error, naming the request it belongs to.
    pub fn from_wreq(err: wreq::Error, method: &str, url: &str) -> Self {
        let err = err.without_uri();
        let mut detail = err.to_string();
        let mut source = std::error::Error::source(&err);
        let mut chain = String::new();
        let mut producer = None;
        while let Some(s) = source {
            if let Some(p) = s.downcast_ref::<crate::body::ProducerError>() {
                producer = Some(p.clone());
            }
            // A before-redirect hook failed inside wreq's redirect handling.
            if let Some(h) = s.downcast_ref::<crate::hooks::HookFailed>() {
                return h.error(method, url);
            }
            let text = s.to_string();
            if !detail.contains(&text) && !chain.contains(&text) {
                chain.push_str(": ");
                chain.push_str(&text);
            }
            source = s.source();
        }
        detail.push_str(&chain);
        let msg = scrub_userinfo(&format!("{method} {}: {detail}", redact(url)));
        let lower = msg.to_ascii_lowercase();
        if let Some(p) = producer {
            let msg = format!("{method} {}: {p}", redact(url));
            return Error::Body(scrub_userinfo(&msg), p.cause);
        }
        if err.is_timeout() {
            Error::Timeout(msg)
        } else if err.is_proxy_connect() {
            Error::ProxyConnection(msg)
        } else if err.is_tls() || lower.contains("certificate") || lower.contains("ssl") {
            Error::Tls(msg)
        } else if err.is_connection_reset() {
            Error::ConnectionReset(msg)
        } else if err.is_dns() {
            Error::DnsResolver(msg)
        } else if err.is_connect() {
            Error::Connection(msg)
        } else if lower.contains("connection closed before message completed") {
            // The server hung up without answering: a reset, as Python's own
            // `http.client.RemoteDisconnected` (a `ConnectionResetError`) has it.
            Error::ConnectionReset(msg)
        } else if err.is_redirect() {
            Error::Redirect(msg)
        } else if err.is_status() {
            Error::Status(msg)
        } else if err.is_decode() && lower.contains("error reading a body from connection") {
            // wreq files a body cut short (truncated chunking, a short Content-Length, an
            // HTTP/2 reset) under "decode"; nothing was wrong with its encoding.
            Error::body(msg)
        } else if err.is_decode() {
            Error::Decoding(msg)
        } else if err.is_body() {
            Error::body(msg)
        } else if err.is_builder() {
            Error::Builder(msg)
        } else if err.is_upgrade() {
            Error::Upgrade(msg)
        } else {
            Error::Request(msg)
        }
    }
}

/// A URL with any userinfo removed, for messages.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if !u.username().is_empty() || u.password().is_some() => {
            let _ = u.set_username("");
            let _ = u.set_password(None);
            u.to_string()
        }
        Ok(u) => u.to_string(),
        Err(_) => url.to_string(),
    }
}

/// Removes `user:password@` from every URL-like part of a message (proxy URLs can appear in
/// errors from deep inside the connector).
pub fn scrub_userinfo(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("://") {
        out.push_str(&rest[..i + 3]);
        rest = &rest[i + 3..];
        let end = rest
            .find(|c: char| c == '/' || c.is_whitespace() || c == '"' || c == '\'')
            .unwrap_or(rest.len());
        if let Some(at) = rest[..end].rfind('@') {
            rest = &rest[at + 1..];
        }
    }
    out.push_str(rest);
    out
}

/// The error classes as (name, code, doc), for the JavaScript layer, which builds a class per
/// name so `instanceof` works (Python creates its classes from the same table at import).
#[rnet::export]
#[rnet(skip(python))]
pub fn error_classes() -> Vec<(String, String, String)> {
    use crate::__private::ExportedError;
    Error::CLASSES
        .iter()
        .map(|c| (c.name.into(), c.code.into(), c.doc.into()))
        .collect()
}

/// Work that cannot fail (`Result<T, Infallible>`) fits where an rnet error is expected.
impl From<std::convert::Infallible> for Error {
    fn from(e: std::convert::Infallible) -> Self {
        match e {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn userinfo_is_scrubbed_from_messages() {
        assert_eq!(
            scrub_userinfo("via socks5://user:pw@127.0.0.1:9 and http://a@b/c?x=@y"),
            "via socks5://127.0.0.1:9 and http://b/c?x=@y"
        );
        assert_eq!(redact("http://u:p@h:1/x"), "http://h:1/x");
    }
}
