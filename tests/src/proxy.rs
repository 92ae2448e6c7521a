//! Loopback proxies for the proxy tests: an HTTP proxy (CONNECT tunnels and absolute-form
//! forwarding) and a SOCKS proxy (5, 4 and 4a on one port), each with or without required
//! credentials. Every
//! connection is logged (kind, target, user), so a test can prove its traffic went through.

use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use tokio::{
    io::{copy_bidirectional, AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
};

pub const USER: &str = "rnet";
pub const PASSWORD: &str = "s3cret-pw";

#[derive(Default)]
pub struct Log(Mutex<Vec<Value>>);

impl Log {
    fn push(&self, kind: &str, target: &str, user: Option<&str>) {
        self.0
            .lock()
            .unwrap()
            .push(json!({ "kind": kind, "target": target, "user": user }));
    }

    pub fn entries(&self) -> Value {
        Value::Array(self.0.lock().unwrap().clone())
    }
}

/// Starts an HTTP proxy; with `auth`, clients must send `Proxy-Authorization: Basic`.
pub async fn start_http(log: Arc<Log>, auth: bool) -> std::io::Result<u16> {
    serve(log, move |stream, log| http_conn(stream, log, auth)).await
}

/// Starts a SOCKS5 proxy; with `auth`, clients must use username/password (RFC 1929).
pub async fn start_socks5(log: Arc<Log>, auth: bool) -> std::io::Result<u16> {
    serve(log, move |stream, log| socks5_conn(stream, log, auth)).await
}

/// Accepts on an ephemeral loopback port and runs `handle` per connection.
async fn serve<F, Fut>(log: Arc<Log>, handle: F) -> std::io::Result<u16>
where
    F: Fn(TcpStream, Arc<Log>) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = std::io::Result<()>> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(handle(stream, log.clone()));
        }
    });
    Ok(port)
}

async fn read_head(stream: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).await? == 0 || head.len() > 64 * 1024 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        head.push(byte[0]);
    }
    Ok(head)
}

fn basic_user(head: &str) -> Option<String> {
    let value = head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim()
            .eq_ignore_ascii_case("proxy-authorization")
            .then(|| v.trim().to_string())
    })?;
    let encoded = value.strip_prefix("Basic ")?;
    let decoded = base64_decode(encoded)?;
    let (user, pass) = decoded.split_once(':')?;
    (user == USER && pass == PASSWORD).then(|| user.to_string())
}

async fn http_conn(mut client: TcpStream, log: Arc<Log>, auth: bool) -> std::io::Result<()> {
    let head = read_head(&mut client).await?;
    let text = String::from_utf8_lossy(&head).into_owned();
    let mut first = text.lines().next().unwrap_or("").split(' ');
    let (method, target) = (first.next().unwrap_or(""), first.next().unwrap_or(""));
    let user = basic_user(&text);
    if auth && user.is_none() {
        log.push("http-rejected", target, None);
        client
            .write_all(b"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"rnet\"\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
            .await?;
        return Ok(());
    }
    if method == "CONNECT" {
        log.push("http-connect", target, user.as_deref());
        let mut upstream = TcpStream::connect(target).await?;
        client
            .write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n")
            .await?;
        copy_bidirectional(&mut client, &mut upstream).await?;
        return Ok(());
    }
    // Absolute form: GET http://host:port/path HTTP/1.1 → origin form to the host.
    let url = url::Url::parse(target).map_err(|_| std::io::ErrorKind::InvalidInput)?;
    let authority = format!(
        "{}:{}",
        url.host_str().unwrap_or(""),
        url.port_or_known_default().unwrap_or(80)
    );
    log.push("http-forward", &authority, user.as_deref());
    let mut upstream = TcpStream::connect(&authority).await?;
    let path = &target[target.find(url.path()).unwrap_or(target.len())..];
    let path = if path.is_empty() { "/" } else { path };
    let rest: String = text
        .split_once("\r\n")
        .map(|(_, r)| r.to_string())
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.to_ascii_lowercase().starts_with("proxy-"))
        .map(|l| format!("{l}\r\n"))
        .collect();
    let version = text
        .lines()
        .next()
        .and_then(|l| l.rsplit(' ').next())
        .unwrap_or("HTTP/1.1");
    upstream
        .write_all(format!("{method} {path} {version}\r\n{rest}").as_bytes())
        .await?;
    copy_bidirectional(&mut client, &mut upstream).await?;
    Ok(())
}

async fn socks5_conn(mut client: TcpStream, log: Arc<Log>, auth: bool) -> std::io::Result<()> {
    let mut hdr = [0u8; 2];
    client.read_exact(&mut hdr).await?;
    if hdr[0] == 4 {
        return socks4_conn(client, hdr[1], log, auth).await;
    }
    if hdr[0] != 5 {
        return Ok(());
    }
    let mut methods = vec![0u8; hdr[1] as usize];
    client.read_exact(&mut methods).await?;
    let wanted = if auth { 2 } else { 0 };
    if !methods.contains(&wanted) {
        log.push("socks5-rejected", "", None);
        client.write_all(&[5, 0xff]).await?;
        return Ok(());
    }
    client.write_all(&[5, wanted]).await?;
    let mut user = None;
    if auth {
        let mut ver_len = [0u8; 2];
        client.read_exact(&mut ver_len).await?;
        let mut name = vec![0u8; ver_len[1] as usize];
        client.read_exact(&mut name).await?;
        let mut plen = [0u8; 1];
        client.read_exact(&mut plen).await?;
        let mut pass = vec![0u8; plen[0] as usize];
        client.read_exact(&mut pass).await?;
        if name != USER.as_bytes() || pass != PASSWORD.as_bytes() {
            log.push("socks5-rejected", "", None);
            client.write_all(&[1, 1]).await?;
            return Ok(());
        }
        client.write_all(&[1, 0]).await?;
        user = Some(USER);
    }
    let mut req = [0u8; 4];
    client.read_exact(&mut req).await?;
    let host = match req[3] {
        1 => {
            let mut a = [0u8; 4];
            client.read_exact(&mut a).await?;
            std::net::Ipv4Addr::from(a).to_string()
        }
        3 => {
            let mut len = [0u8; 1];
            client.read_exact(&mut len).await?;
            let mut name = vec![0u8; len[0] as usize];
            client.read_exact(&mut name).await?;
            String::from_utf8_lossy(&name).into_owned()
        }
        4 => {
            let mut a = [0u8; 16];
            client.read_exact(&mut a).await?;
            format!("[{}]", std::net::Ipv6Addr::from(a))
        }
        _ => return Ok(()),
    };
    let mut port = [0u8; 2];
    client.read_exact(&mut port).await?;
    let target = format!("{host}:{}", u16::from_be_bytes(port));
    log.push("socks5", &target, user);
    let mut upstream = match TcpStream::connect(&target).await {
        Ok(s) => s,
        Err(_) => {
            client.write_all(&[5, 5, 0, 1, 0, 0, 0, 0, 0, 0]).await?;
            return Ok(());
        }
    };
    client.write_all(&[5, 0, 0, 1, 127, 0, 0, 1, 0, 0]).await?;
    copy_bidirectional(&mut client, &mut upstream).await?;
    Ok(())
}

/// A NUL-terminated string, as SOCKS4 sends user ids and host names.
async fn read_cstr(client: &mut TcpStream) -> std::io::Result<String> {
    let mut out = Vec::new();
    let mut b = [0u8; 1];
    loop {
        client.read_exact(&mut b).await?;
        if b[0] == 0 || out.len() > 255 {
            return Ok(String::from_utf8_lossy(&out).into_owned());
        }
        out.push(b[0]);
    }
}

/// SOCKS4 and SOCKS4a (the version byte is already read). SOCKS4 has no passwords, so the
/// listener that requires credentials refuses it.
async fn socks4_conn(
    mut client: TcpStream,
    command: u8,
    log: Arc<Log>,
    auth: bool,
) -> std::io::Result<()> {
    let mut rest = [0u8; 6];
    client.read_exact(&mut rest).await?;
    let port = u16::from_be_bytes([rest[0], rest[1]]);
    let ip = std::net::Ipv4Addr::new(rest[2], rest[3], rest[4], rest[5]);
    let _user = read_cstr(&mut client).await?;
    // 0.0.0.x with x != 0 announces SOCKS4a: a host name follows.
    let (kind, host) = if rest[2..5] == [0, 0, 0] && rest[5] != 0 {
        ("socks4a", read_cstr(&mut client).await?)
    } else {
        ("socks4", ip.to_string())
    };
    let target = format!("{host}:{port}");
    if auth || command != 1 {
        log.push("socks4-rejected", &target, None);
        client.write_all(&[0, 0x5b, 0, 0, 0, 0, 0, 0]).await?;
        return Ok(());
    }
    log.push(kind, &target, None);
    let mut upstream = match TcpStream::connect(&target).await {
        Ok(s) => s,
        Err(_) => {
            client.write_all(&[0, 0x5b, 0, 0, 0, 0, 0, 0]).await?;
            return Ok(());
        }
    };
    client.write_all(&[0, 0x5a, 0, 0, 0, 0, 0, 0]).await?;
    copy_bidirectional(&mut client, &mut upstream).await?;
    Ok(())
}

fn base64_decode(s: &str) -> Option<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut n = 0;
    let mut out = Vec::new();
    for c in s.bytes().filter(|c| *c != b'=') {
        let v = ALPHABET.iter().position(|a| *a == c)? as u32;
        bits = bits << 6 | v;
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
            bits &= (1 << n) - 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_decodes_rfc4648_vectors() {
        assert_eq!(super::base64_decode("Zm9vYmFy").as_deref(), Some("foobar"));
        assert_eq!(super::base64_decode("Zm9vYg==").as_deref(), Some("foob"));
    }
}
