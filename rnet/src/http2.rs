//! `Http1Options` and `Http2Options`: protocol knobs, including what the HTTP/2 fingerprint is
//! made of (SETTINGS values and order, pseudo-header order, PRIORITY frames).

use crate::{types::TimeDelta, Error, Result};

/// An HTTP/2 pseudo-header.
#[rnet::export]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PseudoId {
    Method,
    Scheme,
    Authority,
    Path,
    Protocol,
    Status,
}

impl PseudoId {
    fn to_wreq(self) -> wreq::http2::PseudoId {
        use wreq::http2::PseudoId as W;
        match self {
            PseudoId::Method => W::Method,
            PseudoId::Scheme => W::Scheme,
            PseudoId::Authority => W::Authority,
            PseudoId::Path => W::Path,
            PseudoId::Protocol => W::Protocol,
            PseudoId::Status => W::Status,
        }
    }
}

/// An HTTP/2 SETTINGS identifier.
#[rnet::export]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SettingId {
    HeaderTableSize,
    EnablePush,
    MaxConcurrentStreams,
    InitialWindowSize,
    MaxFrameSize,
    MaxHeaderListSize,
    EnableConnectProtocol,
    NoRfc7540Priorities,
}

impl SettingId {
    fn to_wreq(self) -> wreq::http2::SettingId {
        use wreq::http2::SettingId as W;
        match self {
            SettingId::HeaderTableSize => W::HeaderTableSize,
            SettingId::EnablePush => W::EnablePush,
            SettingId::MaxConcurrentStreams => W::MaxConcurrentStreams,
            SettingId::InitialWindowSize => W::InitialWindowSize,
            SettingId::MaxFrameSize => W::MaxFrameSize,
            SettingId::MaxHeaderListSize => W::MaxHeaderListSize,
            SettingId::EnableConnectProtocol => W::EnableConnectProtocol,
            SettingId::NoRfc7540Priorities => W::NoRfc7540Priorities,
        }
    }
}

/// An HTTP/2 stream identifier (RFC 9113, section 5.1.1): 31 bits; clients use odd ones.
#[rnet::export]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreamId(u32);

#[rnet::export]
impl StreamId {
    /// The stream `src`, at most 2^31 - 1.
    #[rnet(constructor)]
    pub fn new(src: u32) -> Result<Self> {
        if src >> 31 != 0 {
            return Err(Error::Builder(format!(
                "stream id {src} is over 2^31 - 1 (the most 31 bits hold)"
            )));
        }
        Ok(StreamId(src))
    }

    #[rnet(python(name = "__str__"), node(js_name = "toString"))]
    pub fn text(&self) -> String {
        self.0.to_string()
    }
}

/// What a stream depends on (RFC 7540, section 5.3): the parent stream, a weight of 0–255
/// (meaning 1–256 on the wire's terms) and whether the dependency is exclusive.
#[rnet::export]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreamDependency {
    dependency_id: StreamId,
    weight: u8,
    is_exclusive: bool,
}

#[rnet::export]
impl StreamDependency {
    #[rnet(constructor)]
    pub fn new(dependency_id: StreamId, weight: u32, is_exclusive: bool) -> Result<Self> {
        let weight = u8::try_from(weight)
            .map_err(|_| Error::Builder(format!("weight {weight} is over 255")))?;
        Ok(StreamDependency {
            dependency_id,
            weight,
            is_exclusive,
        })
    }

    #[rnet(python(name = "__str__"), node(js_name = "toString"))]
    pub fn text(&self) -> String {
        let excl = if self.is_exclusive { ", exclusive" } else { "" };
        format!(
            "depends on {} weight {}{excl}",
            self.dependency_id.0, self.weight
        )
    }
}

impl StreamDependency {
    fn to_wreq(self) -> wreq::http2::StreamDependency {
        let parent = wreq::http2::StreamId::from(self.dependency_id.0);
        wreq::http2::StreamDependency::new(parent, self.weight, self.is_exclusive)
    }
}

/// A PRIORITY frame (RFC 7540, section 6.3) sent when the connection opens.
#[rnet::export]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Priority {
    stream_id: StreamId,
    dependency: StreamDependency,
}

#[rnet::export]
impl Priority {
    #[rnet(constructor)]
    pub fn new(stream_id: StreamId, dependency: StreamDependency) -> Result<Self> {
        if stream_id.0 == 0 {
            return Err(Error::Builder(
                "a PRIORITY frame cannot be for stream 0".into(),
            ));
        }
        Ok(Priority {
            stream_id,
            dependency,
        })
    }

    #[rnet(python(name = "__str__"), node(js_name = "toString"))]
    pub fn text(&self) -> String {
        format!("stream {} {}", self.stream_id.0, self.dependency.text())
    }
}

/// The PRIORITY frames to send after the connection preface, in order (old Firefox sent
/// several to build its dependency tree).
#[rnet::export]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Priorities(Vec<Priority>);

#[rnet::export]
impl Priorities {
    #[rnet(constructor)]
    pub fn new(#[rnet(varargs)] priority: Vec<Priority>) -> Result<Self> {
        // wreq drops a repeated stream silently; refuse it instead.
        for (i, p) in priority.iter().enumerate() {
            if priority[..i].iter().any(|q| q.stream_id == p.stream_id) {
                return Err(Error::Builder(format!(
                    "two PRIORITY frames for stream {}",
                    p.stream_id.0
                )));
            }
        }
        Ok(Priorities(priority))
    }

    #[rnet(python(name = "__str__"), node(js_name = "toString"))]
    pub fn text(&self) -> String {
        let all: Vec<String> = self.0.iter().map(Priority::text).collect();
        all.join("; ")
    }
}

impl Priorities {
    /// The first odd stream id after every stream the frames name.
    fn next_stream_id(&self) -> Option<u32> {
        let max = self.0.iter().map(|p| p.stream_id.0).max()?;
        Some((max + 1) | 1)
    }

    fn to_wreq(&self) -> wreq::http2::Priorities {
        let mut b = wreq::http2::Priorities::builder();
        for p in &self.0 {
            let id = wreq::http2::StreamId::from(p.stream_id.0);
            b = b.push(wreq::http2::Priority::new(id, p.dependency.to_wreq()));
        }
        b.build()
    }
}

/// The HTTP/2 knobs for `Http2Options`.
#[rnet::export(record)]
#[derive(Debug, Clone, Default)]
pub struct Http2Settings {
    /// SETTINGS_INITIAL_WINDOW_SIZE (stream-level flow control window).
    pub initial_window_size: Option<u32>,
    /// The connection-level flow control window (sent as a WINDOW_UPDATE).
    pub initial_connection_window_size: Option<u32>,
    /// Streams to allow before the server's SETTINGS arrive.
    pub initial_max_send_streams: Option<u32>,
    /// The first stream id to use.
    pub initial_stream_id: Option<u32>,
    /// Size the window from the bandwidth-delay product.
    pub adaptive_window: Option<bool>,
    /// SETTINGS_MAX_FRAME_SIZE.
    pub max_frame_size: Option<u32>,
    /// SETTINGS_MAX_HEADER_LIST_SIZE.
    pub max_header_list_size: Option<u32>,
    /// SETTINGS_HEADER_TABLE_SIZE.
    pub header_table_size: Option<u32>,
    /// SETTINGS_MAX_CONCURRENT_STREAMS.
    pub max_concurrent_streams: Option<u32>,
    /// Send PING frames this often (Python: seconds; JS: milliseconds).
    pub keep_alive_interval: Option<TimeDelta>,
    /// Close the connection when a PING is not answered in time.
    pub keep_alive_timeout: Option<TimeDelta>,
    /// Send keep-alive PINGs while no stream is open.
    pub keep_alive_while_idle: Option<bool>,
    /// SETTINGS_ENABLE_PUSH.
    pub enable_push: Option<bool>,
    /// SETTINGS_ENABLE_CONNECT_PROTOCOL (RFC 8441).
    pub enable_connect_protocol: Option<bool>,
    /// SETTINGS_NO_RFC7540_PRIORITIES.
    pub no_rfc7540_priorities: Option<bool>,
    /// The most locally reset streams to keep track of.
    pub max_concurrent_reset_streams: Option<u32>,
    /// The most bytes to buffer per stream for sending.
    pub max_send_buf_size: Option<u32>,
    /// The most pending remotely reset streams.
    pub max_pending_accept_reset_streams: Option<u32>,
    /// The order of the pseudo-headers (`:method`, `:authority`, …) in every request.
    pub headers_pseudo_order: Option<Vec<PseudoId>>,
    /// The order of the SETTINGS entries.
    pub settings_order: Option<Vec<SettingId>>,
    /// The priority every request's HEADERS frame carries.
    pub headers_stream_dependency: Option<StreamDependency>,
    /// PRIORITY frames to send when the connection opens.
    pub priorities: Option<Priorities>,
}

/// HTTP/2 options for a client (`http2_options`); they override the emulated profile's.
#[rnet::export]
#[derive(Debug, Clone)]
pub struct Http2Options {
    settings: Http2Settings,
}

#[rnet::export]
impl Http2Options {
    /// Creates HTTP/2 options from keyword arguments / an options object.
    #[rnet(constructor)]
    pub fn new(opts: Option<Http2Settings>) -> Result<Self> {
        let settings = opts.unwrap_or_default();
        // The h2 crate asserts both (a panic on the connection task).
        if let Some(id) = settings.initial_stream_id {
            if id % 2 == 0 || id >> 31 != 0 {
                let name = crate::host::option_name(Http2Settings::FIELDS, "initial_stream_id");
                return Err(Error::Builder(format!(
                    "{name} {id} must be odd and under 2^31 (a client's streams are odd)"
                )));
            }
        }
        let after = settings
            .priorities
            .as_ref()
            .and_then(Priorities::next_stream_id);
        if after.is_some_and(|a| a >> 31 != 0) {
            return Err(Error::Builder(
                "no stream id is left for requests after the PRIORITY frames' streams".into(),
            ));
        }
        if let (Some(first), Some(after)) = (settings.initial_stream_id, after) {
            if first < after {
                return Err(Error::Builder(format!(
                    "initial_stream_id {first} must come after the PRIORITY frames' streams \
                     (at least {after})"
                )));
            }
        }
        Ok(Http2Options { settings })
    }
}

impl Http2Options {
    pub fn to_wreq(&self) -> wreq::http2::Http2Options {
        let s = self.settings.clone();
        let mut b = wreq::http2::Http2Options::builder();
        if let Some(v) = s.initial_window_size {
            b = b.initial_window_size(v);
        }
        if let Some(v) = s.initial_connection_window_size {
            b = b.initial_connection_window_size(v);
        }
        if let Some(v) = s.initial_max_send_streams {
            b = b.initial_max_send_streams(v as usize);
        }
        // Requests must use streams after the PRIORITY frames' own (as Firefox's start at 15).
        let after_priorities = s.priorities.as_ref().and_then(Priorities::next_stream_id);
        if let Some(v) = s.initial_stream_id.or(after_priorities) {
            b = b.initial_stream_id(v);
        }
        if let Some(v) = s.adaptive_window {
            b = b.adaptive_window(v);
        }
        if let Some(v) = s.max_frame_size {
            b = b.max_frame_size(v);
        }
        if let Some(v) = s.max_header_list_size {
            b = b.max_header_list_size(v);
        }
        if let Some(v) = s.header_table_size {
            b = b.header_table_size(v);
        }
        if let Some(v) = s.max_concurrent_streams {
            b = b.max_concurrent_streams(v);
        }
        if let Some(v) = s.keep_alive_interval {
            b = b.keep_alive_interval(v.0);
        }
        if let Some(v) = s.keep_alive_timeout {
            b = b.keep_alive_timeout(v.0);
        }
        if let Some(v) = s.keep_alive_while_idle {
            b = b.keep_alive_while_idle(v);
        }
        if let Some(v) = s.enable_push {
            b = b.enable_push(v);
        }
        if let Some(v) = s.enable_connect_protocol {
            b = b.enable_connect_protocol(v);
        }
        if let Some(v) = s.no_rfc7540_priorities {
            b = b.no_rfc7540_priorities(v);
        }
        if let Some(v) = s.max_concurrent_reset_streams {
            b = b.max_concurrent_reset_streams(v as usize);
        }
        if let Some(v) = s.max_send_buf_size {
            b = b.max_send_buf_size(v as usize);
        }
        if let Some(v) = s.max_pending_accept_reset_streams {
            b = b.max_pending_accept_reset_streams(v as usize);
        }
        if let Some(order) = s.headers_pseudo_order {
            let order = wreq::http2::PseudoOrder::builder()
                .extend(order.into_iter().map(PseudoId::to_wreq))
                .build();
            b = b.headers_pseudo_order(order);
        }
        if let Some(order) = s.settings_order {
            let order = wreq::http2::SettingsOrder::builder()
                .extend(order.into_iter().map(SettingId::to_wreq))
                .build();
            b = b.settings_order(order);
        }
        if let Some(dep) = s.headers_stream_dependency {
            b = b.headers_stream_dependency(dep.to_wreq());
        }
        if let Some(p) = &s.priorities {
            b = b.priorities(p.to_wreq());
        }
        b.build()
    }
}

/// The HTTP/1 knobs for `Http1Options`.
#[rnet::export(record)]
#[derive(Debug, Clone, Default)]
pub struct Http1Settings {
    /// Accept HTTP/0.9 responses.
    pub http09_responses: Option<bool>,
    /// Use vectored writes (default: chosen per transport).
    pub writev: Option<bool>,
    /// The most response headers to accept.
    pub max_headers: Option<u32>,
    /// Read into a buffer of exactly this size.
    pub read_buf_exact_size: Option<u32>,
    /// The largest read buffer.
    pub max_buf_size: Option<u32>,
    /// Tolerate spaces between a header name and the colon.
    pub allow_spaces_after_header_name_in_responses: Option<bool>,
    /// Skip invalid response headers instead of failing.
    pub ignore_invalid_headers_in_responses: Option<bool>,
    /// Accept obsolete multi-line (folded) response headers.
    pub allow_obsolete_multiline_headers_in_responses: Option<bool>,
}

/// HTTP/1 options for a client (`http1_options`).
#[rnet::export]
#[derive(Debug, Clone)]
pub struct Http1Options {
    settings: Http1Settings,
}

#[rnet::export]
impl Http1Options {
    /// Creates HTTP/1 options from keyword arguments / an options object.
    #[rnet(constructor)]
    pub fn new(opts: Option<Http1Settings>) -> Self {
        Http1Options {
            settings: opts.unwrap_or_default(),
        }
    }
}

impl Http1Options {
    pub fn to_wreq(&self) -> wreq::http1::Http1Options {
        let s = self.settings.clone();
        let mut b = wreq::http1::Http1Options::builder();
        if let Some(v) = s.http09_responses {
            b = b.http09_responses(v);
        }
        if s.writev.is_some() {
            b = b.writev(s.writev);
        }
        if let Some(v) = s.max_headers {
            b = b.max_headers(v as usize);
        }
        if let Some(v) = s.read_buf_exact_size {
            b = b.read_buf_exact_size(Some(v as usize));
        }
        if let Some(v) = s.max_buf_size {
            b = b.max_buf_size(v as usize);
        }
        if let Some(v) = s.allow_spaces_after_header_name_in_responses {
            b = b.allow_spaces_after_header_name_in_responses(v);
        }
        if let Some(v) = s.ignore_invalid_headers_in_responses {
            b = b.ignore_invalid_headers_in_responses(v);
        }
        if let Some(v) = s.allow_obsolete_multiline_headers_in_responses {
            b = b.allow_obsolete_multiline_headers_in_responses(v);
        }
        b.build()
    }
}
