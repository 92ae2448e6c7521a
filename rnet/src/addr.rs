//! Socket addresses, as a response reports its connection's two ends.

use crate::convert::{hint, Host, Lower, TextLike};

/// An IP socket address: `ip()`, `port()`, and `ip:port` as its text.
#[rnet::export]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SocketAddr(std::net::SocketAddr);

#[rnet::export]
impl SocketAddr {
    /// The IP address (Python: an `ipaddress.IPv4Address` or `IPv6Address`).
    pub fn ip(&self) -> IpAddress {
        IpAddress(self.0.ip())
    }

    /// The port number.
    pub fn port(&self) -> u16 {
        self.0.port()
    }

    /// `ip:port` (`[ip]:port` for IPv6).
    #[rnet(python(name = "__str__"), node(js_name = "toString"))]
    pub fn text(&self) -> String {
        self.0.to_string()
    }

    #[rnet(python(name = "__repr__"), skip(node))]
    pub fn repr(&self) -> String {
        format!("SocketAddr('{}')", self.0)
    }
}

impl From<std::net::SocketAddr> for SocketAddr {
    fn from(a: std::net::SocketAddr) -> Self {
        SocketAddr(a)
    }
}

/// An IP address as a result: an `ipaddress` object in Python, a string in JS.
#[rnet::export(output)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpAddress(pub std::net::IpAddr);

impl<H: Host> Lower<H> for IpAddress {
    fn lower<'v>(self, cx: H::Cx<'v>) -> Result<H::Value<'v>, H::Error> {
        H::new_text_like(cx, TextLike::Ip, &self.0.to_string())
    }
}

hint!(
    IpAddress,
    "ipaddress.IPv4Address | ipaddress.IPv6Address",
    "ipaddress.IPv4Address | ipaddress.IPv6Address",
    "string"
);
