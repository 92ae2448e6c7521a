//! A WebSocket echo endpoint (`/ws`) over HTTP/1.1 Upgrade and HTTP/2 extended CONNECT
//! (RFC 8441). Messages come back as sent, with commands in text messages:
//! `close:<code>:<reason>` makes the server close; `info` answers with the handshake it saw
//! (HTTP version, headers, offered subprotocols) as JSON.

use bytes::Bytes;
use futures_util::{SinkExt, StreamExt};
use http::{header, HeaderValue, Method, Request, Response, StatusCode, Version};
use http_body_util::{combinators::BoxBody, BodyExt, Empty};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use serde_json::json;
use tokio_tungstenite::{
    tungstenite::{
        handshake::derive_accept_key,
        protocol::{frame::coding::CloseCode, CloseFrame, Role},
        Message,
    },
    WebSocketStream,
};

type Resp = Response<BoxBody<Bytes, std::convert::Infallible>>;

/// Whether the request asks for a WebSocket (an HTTP/1.1 Upgrade or an HTTP/2 CONNECT).
pub fn is_websocket(req: &Request<Incoming>) -> bool {
    match req.version() {
        Version::HTTP_2 => {
            req.method() == Method::CONNECT
                && req
                    .extensions()
                    .get::<hyper::ext::Protocol>()
                    .is_some_and(|p| p.as_str() == "websocket")
        }
        _ => req
            .headers()
            .get(header::UPGRADE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("websocket")),
    }
}

/// Accepts the handshake and runs the echo loop on the upgraded connection.
pub fn accept(mut req: Request<Incoming>) -> Resp {
    let version = req.version();
    let headers: Vec<_> = req
        .headers()
        .iter()
        .map(|(k, v)| json!([k.as_str(), String::from_utf8_lossy(v.as_bytes())]))
        .collect();
    let offered: Vec<String> = req
        .headers()
        .get_all(header::SEC_WEBSOCKET_PROTOCOL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(',').map(|p| p.trim().to_string()))
        .collect();
    let info =
        json!({ "version": format!("{version:?}"), "headers": headers, "protocols": offered });
    let mut resp = Response::new(Empty::new().boxed());
    if version == Version::HTTP_2 {
        *resp.status_mut() = StatusCode::OK;
    } else {
        let Some(key) = req.headers().get(header::SEC_WEBSOCKET_KEY) else {
            *resp.status_mut() = StatusCode::BAD_REQUEST;
            return resp;
        };
        let accept = derive_accept_key(key.as_bytes());
        *resp.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
        let h = resp.headers_mut();
        h.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
        h.insert(header::CONNECTION, HeaderValue::from_static("upgrade"));
        h.insert(header::SEC_WEBSOCKET_ACCEPT, accept.parse().unwrap());
    }
    if let Some(first) = offered.first().and_then(|p| HeaderValue::from_str(p).ok()) {
        resp.headers_mut()
            .insert(header::SEC_WEBSOCKET_PROTOCOL, first);
    }
    tokio::spawn(async move {
        if let Ok(upgraded) = hyper::upgrade::on(&mut req).await {
            let ws =
                WebSocketStream::from_raw_socket(TokioIo::new(upgraded), Role::Server, None).await;
            echo(ws, info).await;
        }
    });
    resp
}

async fn echo<S>(mut ws: WebSocketStream<S>, info: serde_json::Value)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    while let Some(Ok(msg)) = ws.next().await {
        let reply = match msg {
            Message::Text(t) if t.as_str() == "info" => Message::text(info.to_string()),
            Message::Text(t) if t.as_str().starts_with("close:") => {
                let mut parts = t.as_str().splitn(3, ':').skip(1);
                let code: u16 = parts.next().and_then(|c| c.parse().ok()).unwrap_or(1000);
                let reason = parts.next().unwrap_or("").to_string();
                let frame = CloseFrame {
                    code: CloseCode::from(code),
                    reason: reason.into(),
                };
                let _ = ws.close(Some(frame)).await;
                // Drain until the client answers the close.
                while let Some(Ok(_)) = ws.next().await {}
                return;
            }
            m @ (Message::Text(_) | Message::Binary(_)) => m,
            Message::Close(_) => continue, // tungstenite answers it; the stream then ends
            _ => continue,                 // pings are answered by tungstenite
        };
        if ws.send(reply).await.is_err() {
            break;
        }
    }
}
