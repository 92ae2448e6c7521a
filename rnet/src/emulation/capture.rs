//! `Emulation.from_capture`: an emulation built from what a real browser sent the fingerprint
//! echo (a `fixture/captures/*.json` file, or the echo's JSON for one request). Every field maps
//! onto one of wreq's knobs; what no knob can send is listed in `gaps`, never dropped silently.

use crate::{Error, Result};
use serde_json::Value;
use std::borrow::Cow;
use wreq::{
    header::{HeaderMap, HeaderName, HeaderValue},
    http2::{
        Http2Options, Http2OptionsBuilder, PseudoId, PseudoOrder, SettingId, SettingsOrder,
        StreamDependency, StreamId,
    },
    tls::{AlpnProtocol, AlpsProtocol, ExtensionType, KeyShare, TlsOptions, TlsVersion},
};

/// A browser as captured: its ClientHello and HTTP/2 preface as wreq options, its headers per
/// request mode, and what could not be reproduced.
#[derive(Debug)]
pub struct Captured {
    pub label: String,
    pub tls: TlsOptions,
    pub http2: Option<Http2Options>,
    pub navigate: HeaderMap,
    /// The page's `fetch()`, when the capture has one.
    pub fetch: Option<(HeaderMap, Option<StreamDependency>)>,
    pub gaps: Vec<String>,
}

/// BoringSSL's names for the cipher suites browsers send (IANA code, name).
const CIPHERS: &[(u16, &str)] = &[
    (0x1301, "TLS_AES_128_GCM_SHA256"),
    (0x1302, "TLS_AES_256_GCM_SHA384"),
    (0x1303, "TLS_CHACHA20_POLY1305_SHA256"),
    (0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
    (0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
    (0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
    (0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
    (0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
    (0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
    (0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"),
    (0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"),
    (0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
    (0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"),
    (0xc023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"),
    (0xc024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"),
    (0xc027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"),
    (0xc028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"),
    (0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256"),
    (0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384"),
    (0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA"),
    (0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA"),
    (0x003c, "TLS_RSA_WITH_AES_128_CBC_SHA256"),
    (0x003d, "TLS_RSA_WITH_AES_256_CBC_SHA256"),
    (0xc008, "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA"),
    (0xc012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA"),
    (0x000a, "TLS_RSA_WITH_3DES_EDE_CBC_SHA"),
];

/// Supported groups (curves_list names).
const GROUPS: &[(u16, &str)] = &[
    (0x11ec, "X25519MLKEM768"),
    (0x6399, "X25519Kyber768Draft00"),
    (0x001d, "X25519"),
    (0x0017, "P-256"),
    (0x0018, "P-384"),
    (0x0019, "P-521"),
    (0x0100, "ffdhe2048"),
    (0x0101, "ffdhe3072"),
];

/// Signature algorithms (sigalgs_list names).
const SIGALGS: &[(u16, &str)] = &[
    (0x0403, "ecdsa_secp256r1_sha256"),
    (0x0503, "ecdsa_secp384r1_sha384"),
    (0x0603, "ecdsa_secp521r1_sha512"),
    (0x0804, "rsa_pss_rsae_sha256"),
    (0x0805, "rsa_pss_rsae_sha384"),
    (0x0806, "rsa_pss_rsae_sha512"),
    (0x0401, "rsa_pkcs1_sha256"),
    (0x0501, "rsa_pkcs1_sha384"),
    (0x0601, "rsa_pkcs1_sha512"),
    (0x0203, "ecdsa_sha1"),
    (0x0201, "rsa_pkcs1_sha1"),
    (0x0807, "ed25519"),
];

/// Extensions BoringSSL can send (its permutation can only order these).
const EXTENSIONS: &[u16] = &[
    0, 5, 10, 11, 13, 16, 18, 21, 23, 27, 28, 34, 35, 41, 43, 45, 51, 17513, 17613, 65037, 65281,
];

fn is_grease(v: u16) -> bool {
    (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff)
}

fn codes(v: &Value, key: &str) -> Vec<u16> {
    v[key]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_u64())
                .map(|x| x as u16)
                .collect()
        })
        .unwrap_or_default()
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Names for `codes` from `table`, joined with `:`; codes with no name become gaps.
fn names(codes: &[u16], table: &[(u16, &str)], what: &str, gaps: &mut Vec<String>) -> String {
    let mut out = Vec::new();
    for c in codes.iter().filter(|c| !is_grease(**c)) {
        match table.iter().find(|(code, _)| code == c) {
            Some((_, name)) => out.push(*name),
            None => gaps.push(format!("{what} 0x{c:04x}: not known to this BoringSSL")),
        }
    }
    out.join(":")
}

fn headers(list: &Value, skip: &[&str], gaps: &mut Vec<String>) -> Result<HeaderMap> {
    let mut out = HeaderMap::new();
    for pair in list.as_array().into_iter().flatten() {
        let (Some(name), Some(value)) = (pair[0].as_str(), pair[1].as_str()) else {
            return Err(Error::Builder(format!(
                "capture: a header must be [name, value], not {pair}"
            )));
        };
        let lower = name.to_ascii_lowercase();
        if skip.contains(&lower.as_str()) {
            continue;
        }
        match (
            HeaderName::from_bytes(lower.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            (Ok(n), Ok(v)) => {
                out.append(n, v);
            }
            _ => gaps.push(format!("header {name:?}: not a valid header")),
        }
    }
    Ok(out)
}

fn stream_dependency(h2: &Value) -> Option<StreamDependency> {
    let p = &h2["headers_priority"];
    let weight = p["weight"].as_u64()?;
    Some(StreamDependency::new(
        StreamId::from(p["depends_on"].as_u64()? as u32),
        u8::try_from(weight.checked_sub(1)?).ok()?,
        p["exclusive"].as_bool()?,
    ))
}

type Set = fn(Http2OptionsBuilder, u32) -> Http2OptionsBuilder;

/// The HTTP/2 settings wreq can send: (id, its name in the order, how to set it).
const SETTINGS: &[(u64, SettingId, Set)] = &[
    (1, SettingId::HeaderTableSize, |b, v| b.header_table_size(v)),
    (2, SettingId::EnablePush, |b, v| b.enable_push(v == 1)),
    (3, SettingId::MaxConcurrentStreams, |b, v| {
        b.max_concurrent_streams(v)
    }),
    (4, SettingId::InitialWindowSize, |b, v| {
        b.initial_window_size(v)
    }),
    (5, SettingId::MaxFrameSize, |b, v| b.max_frame_size(v)),
    (6, SettingId::MaxHeaderListSize, |b, v| {
        b.max_header_list_size(v)
    }),
    (8, SettingId::EnableConnectProtocol, |b, v| {
        b.enable_connect_protocol(v == 1)
    }),
    (9, SettingId::NoRfc7540Priorities, |b, v| {
        b.no_rfc7540_priorities(v == 1)
    }),
];

fn http2(h2: &Value, gaps: &mut Vec<String>) -> Option<Http2Options> {
    if h2.is_null() {
        return None;
    }
    let mut b = Http2Options::builder();
    let mut order = Vec::new();
    for pair in h2["settings"].as_array().into_iter().flatten() {
        let (Some(id), Some(value)) = (pair[0].as_u64(), pair[1].as_u64()) else {
            continue;
        };
        match SETTINGS.iter().find(|(code, _, _)| *code == id) {
            Some((_, setting, set)) => {
                b = set(b, value as u32);
                order.push(*setting);
            }
            None => gaps.push(format!("HTTP/2 setting {id}: not a setting wreq can send")),
        }
    }
    b = b.settings_order(SettingsOrder::builder().extend(order).build());
    if let Some(w) = h2["window_update"].as_u64().filter(|w| *w > 0) {
        b = b.initial_connection_window_size(w as u32 + 65535);
    }
    let pseudo: Vec<PseudoId> = h2["pseudo_order"]
        .as_str()
        .unwrap_or("")
        .split(',')
        .filter_map(|p| match p {
            "m" => Some(PseudoId::Method),
            "a" => Some(PseudoId::Authority),
            "s" => Some(PseudoId::Scheme),
            "p" => Some(PseudoId::Path),
            _ => None,
        })
        .collect();
    if !pseudo.is_empty() {
        b = b.headers_pseudo_order(PseudoOrder::builder().extend(pseudo).build());
    }
    if let Some(dep) = stream_dependency(h2) {
        b = b.headers_stream_dependency(dep);
    }
    if let Some(id) = h2["stream_id"].as_u64() {
        b = b.initial_stream_id(id as u32);
    }
    if h2["priorities"].as_array().is_some_and(|p| !p.is_empty()) {
        gaps.push(
            "HTTP/2 PRIORITY frames before the first request: not rebuilt from a capture".into(),
        );
    }
    Some(b.build())
}

fn tls(t: &Value, gaps: &mut Vec<String>) -> TlsOptions {
    let exts = codes(t, "extensions_sent");
    let has = |e: u16| exts.contains(&e);
    let grease = exts.iter().any(|e| is_grease(*e));
    let mut b = TlsOptions::builder()
        .cipher_list(names(&codes(t, "ciphers"), CIPHERS, "cipher suite", gaps))
        .curves_list(names(&codes(t, "groups"), GROUPS, "group", gaps))
        .session_ticket(has(35))
        .renegotiation(has(65281))
        .enable_ocsp_stapling(has(5))
        .enable_signed_cert_timestamps(has(18))
        .enable_ech_grease(has(65037))
        .pre_shared_key(has(41))
        .grease_enabled(grease)
        // TLS 1.3 suites in the browser's order, not BoringSSL's.
        .preserve_tls13_cipher_list(true)
        .psk_dhe_ke(codes(t, "psk_modes").contains(&1))
        .min_tls_version(TlsVersion::TLS_1_2)
        .max_tls_version(TlsVersion::TLS_1_3);
    let sigs = codes(t, "sig_algs");
    if sigs.first().is_some_and(|s| is_grease(*s)) {
        gaps.push("a GREASE value at the head of signature_algorithms: this BoringSSL does not grease them".into());
    }
    b = b.sigalgs_list(names(&sigs, SIGALGS, "signature algorithm", gaps));
    let delegated = codes(t, "delegated_credentials");
    if !delegated.is_empty() {
        b = b.delegated_credentials(names(&delegated, SIGALGS, "delegated credential", gaps));
    }
    if let Some(n) = t["record_size_limit"].as_u64() {
        b = b.record_size_limit(n as u16);
    }
    let alpn: Vec<AlpnProtocol> = strings(t, "alpn")
        .iter()
        .filter_map(|p| match p.as_str() {
            "h2" => Some(AlpnProtocol::HTTP2),
            "http/1.1" => Some(AlpnProtocol::HTTP1),
            _ => None,
        })
        .collect();
    b = b.alpn_protocols(alpn);
    let alps: Vec<AlpsProtocol> = strings(t, "alps")
        .iter()
        .filter_map(|p| match p.as_str() {
            "h2" => Some(AlpsProtocol::HTTP2),
            "http/1.1" => Some(AlpsProtocol::HTTP1),
            _ => None,
        })
        .collect();
    if !alps.is_empty() {
        b = b.alps_protocols(alps).alps_use_new_codepoint(has(17613));
    }
    let mut shares = Vec::new();
    for g in codes(t, "key_shares")
        .into_iter()
        .filter(|g| !is_grease(*g))
    {
        match g {
            0x11ec => shares.push(KeyShare::X25519_MLKEM768),
            0x001d => shares.push(KeyShare::X25519),
            0x0017 => shares.push(KeyShare::P256),
            0x0018 => shares.push(KeyShare::P384),
            0x0019 => shares.push(KeyShare::P521),
            other => gaps.push(format!("key share 0x{other:04x}: not one wreq can send")),
        }
    }
    b = b.key_shares(shares);
    let compressors = codes(t, "cert_compression")
        .into_iter()
        .filter_map(|c| match c {
            1 => Some(crate::tls::CertificateCompressionAlgorithm::ZLIB),
            2 => Some(crate::tls::CertificateCompressionAlgorithm::BROTLI),
            3 => Some(crate::tls::CertificateCompressionAlgorithm::ZSTD),
            _ => None,
        })
        .map(|a| a.compressor())
        .collect::<Vec<_>>();
    if !compressors.is_empty() {
        b = b.certificate_compressors(Cow::Owned(compressors));
    }
    let mut order = Vec::new();
    for e in exts.iter().filter(|e| !is_grease(**e)) {
        if EXTENSIONS.contains(e) {
            order.push(ExtensionType::from(*e));
        } else {
            gaps.push(format!(
                "extension 0x{e:04x}: not one this BoringSSL can send"
            ));
        }
    }
    // Chromium shuffles its extensions on every connection (and greases them): one capture's
    // order means nothing, so the emulation shuffles too. Others keep a fixed order.
    b = if grease {
        b.permute_extensions(true)
    } else {
        b.extension_permutation(order)
    };
    b.build()
}

/// Reads a capture file's JSON (`{browser, version, navigate, fetch}`) or one fingerprint from
/// the echo (`{tls, http2, headers}`).
pub fn parse(text: &str) -> Result<Captured> {
    let doc: Value = serde_json::from_str(text)
        .map_err(|e| Error::Builder(format!("capture: not JSON: {e}")))?;
    let (navigate, fetch) = if doc.get("navigate").is_some() {
        (&doc["navigate"], doc.get("fetch"))
    } else {
        (&doc, None)
    };
    if !navigate["tls"].is_object() {
        return Err(Error::Builder(
            "capture: no `tls` ClientHello: capture a browser over https (the echo's TLS port)"
                .into(),
        ));
    }
    let mut gaps = Vec::new();
    let tls = tls(&navigate["tls"], &mut gaps);
    let http2 = http2(&navigate["http2"], &mut gaps);
    let navigate_headers = headers(&navigate["headers"], &[], &mut gaps)?;
    // A fetch()'s referer names the capture page; the caller passes its own.
    let fetch = fetch
        .map(|f| {
            Ok::<_, Error>((
                headers(&f["headers"], &["referer"], &mut gaps)?,
                stream_dependency(&f["http2"]),
            ))
        })
        .transpose()?;
    let label = match (doc["browser"].as_str(), doc["version"].as_str()) {
        (Some(b), Some(v)) => format!("{b} {v}"),
        _ => "a captured browser".into(),
    };
    gaps.sort();
    gaps.dedup();
    Ok(Captured {
        label,
        tls,
        http2,
        navigate: navigate_headers,
        fetch,
        gaps,
    })
}
