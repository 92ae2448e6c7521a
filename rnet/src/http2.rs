//! `Http1Options` and `Http2Options`: protocol knobs, including what the HTTP/2 fingerprint is
//! made of (SETTINGS values and order, pseudo-header order).

use crate::types::TimeDelta;

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
    pub fn new(opts: Option<Http2Settings>) -> Self {
        Http2Options {
            settings: opts.unwrap_or_default(),
        }
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
        if let Some(v) = s.initial_stream_id {
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
