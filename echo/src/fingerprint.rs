//! What a server can see of a client before and after the handshake: the TLS ClientHello
//! (JA3, JA4), the HTTP/2 connection preface (the Akamai fingerprint), and header order and case.
//!
//! Everything here parses raw bytes taken from the socket; nothing trusts the TLS or HTTP
//! library's view, which normalises exactly what a fingerprint is made of.

use serde_json::{json, Value};
use sha2::Digest;

/// GREASE values (RFC 8701): 0x0a0a, 0x1a1a, …, 0xfafa. Ignored by JA3 and JA4.
pub fn is_grease(v: u16) -> bool {
    (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff)
}

#[derive(Debug, Clone, Default)]
pub struct ClientHello {
    pub legacy_version: u16,
    pub ciphers: Vec<u16>,
    /// Extension types in the order sent.
    pub extensions: Vec<u16>,
    pub groups: Vec<u16>,
    pub point_formats: Vec<u8>,
    pub sig_algs: Vec<u16>,
    pub alpn: Vec<String>,
    pub versions: Vec<u16>,
    pub sni: Option<String>,
    /// key_share (51): the groups a key was sent for, in order.
    pub key_shares: Vec<u16>,
    /// ALPS (17513, or 17613 for the new codepoint): its protocols.
    pub alps: Vec<String>,
    /// compress_certificate (27): the algorithms.
    pub cert_compression: Vec<u16>,
    /// psk_key_exchange_modes (45).
    pub psk_modes: Vec<u8>,
    /// record_size_limit (28).
    pub record_size_limit: Option<u16>,
    /// delegated_credentials (34): signature algorithms.
    pub delegated_credentials: Vec<u16>,
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    fn u16(&mut self) -> Option<u16> {
        self.take(2).map(|b| u16::from_be_bytes([b[0], b[1]]))
    }
    fn u24(&mut self) -> Option<usize> {
        self.take(3)
            .map(|b| (b[0] as usize) << 16 | (b[1] as usize) << 8 | b[2] as usize)
    }
    fn vec8(&mut self) -> Option<&'a [u8]> {
        let n = self.u8()? as usize;
        self.take(n)
    }
    fn vec16(&mut self) -> Option<&'a [u8]> {
        let n = self.u16()? as usize;
        self.take(n)
    }
}

fn u16s(b: &[u8]) -> Vec<u16> {
    b.chunks_exact(2)
        .map(|c| u16::from_be_bytes([c[0], c[1]]))
        .collect()
}

/// The handshake message carried by the leading TLS records, once complete.
/// `Ok(None)`: more bytes are needed. `Err`: this is not a TLS ClientHello.
pub fn client_hello_from_records(buf: &[u8]) -> Result<Option<ClientHello>, String> {
    let mut handshake = Vec::new();
    let mut rest = buf;
    loop {
        if rest.len() < 5 {
            return Ok(None);
        }
        if rest[0] != 0x16 {
            return Err(format!("not a TLS handshake record (type {})", rest[0]));
        }
        let len = u16::from_be_bytes([rest[3], rest[4]]) as usize;
        if rest.len() < 5 + len {
            return Ok(None);
        }
        handshake.extend_from_slice(&rest[5..5 + len]);
        rest = &rest[5 + len..];
        if handshake.len() >= 4 {
            let need = 4
                + ((handshake[1] as usize) << 16
                    | (handshake[2] as usize) << 8
                    | handshake[3] as usize);
            if handshake.len() >= need {
                return parse_client_hello(&handshake[..need]).map(Some);
            }
        }
    }
}

/// Parses a handshake message (type, 24-bit length, body) holding a ClientHello.
pub fn parse_client_hello(msg: &[u8]) -> Result<ClientHello, String> {
    let bad = || "truncated ClientHello".to_string();
    let mut r = Reader(msg);
    if r.u8().ok_or_else(bad)? != 1 {
        return Err("not a ClientHello".into());
    }
    let len = r.u24().ok_or_else(bad)?;
    let mut r = Reader(r.take(len).ok_or_else(bad)?);
    let mut ch = ClientHello {
        legacy_version: r.u16().ok_or_else(bad)?,
        ..Default::default()
    };
    r.take(32).ok_or_else(bad)?; // random
    r.vec8().ok_or_else(bad)?; // session id
    ch.ciphers = u16s(r.vec16().ok_or_else(bad)?);
    r.vec8().ok_or_else(bad)?; // compression methods
    let mut exts = Reader(if r.0.is_empty() {
        &[]
    } else {
        r.vec16().ok_or_else(bad)?
    });
    while !exts.0.is_empty() {
        let ty = exts.u16().ok_or_else(bad)?;
        let data = exts.vec16().ok_or_else(bad)?;
        ch.extensions.push(ty);
        let mut d = Reader(data);
        match ty {
            0 => {
                // server_name: list of (type, name)
                let mut list = Reader(d.vec16().unwrap_or(&[]));
                if list.u8() == Some(0) {
                    ch.sni = list
                        .vec16()
                        .map(|n| String::from_utf8_lossy(n).into_owned());
                }
            }
            10 => ch.groups = u16s(d.vec16().unwrap_or(&[])),
            11 => ch.point_formats = d.vec8().unwrap_or(&[]).to_vec(),
            13 => ch.sig_algs = u16s(d.vec16().unwrap_or(&[])),
            16 => {
                let mut list = Reader(d.vec16().unwrap_or(&[]));
                while let Some(p) = list.vec8() {
                    ch.alpn.push(String::from_utf8_lossy(p).into_owned());
                }
            }
            43 => ch.versions = u16s(d.vec8().unwrap_or(&[])),
            27 => ch.cert_compression = u16s(d.vec8().unwrap_or(&[])),
            28 => ch.record_size_limit = d.u16(),
            34 => ch.delegated_credentials = u16s(d.vec16().unwrap_or(&[])),
            45 => ch.psk_modes = d.vec8().unwrap_or(&[]).to_vec(),
            51 => {
                let mut list = Reader(d.vec16().unwrap_or(&[]));
                while let (Some(group), Some(_key)) = (list.u16(), list.vec16()) {
                    ch.key_shares.push(group);
                }
            }
            17513 | 17613 => {
                let mut list = Reader(d.vec16().unwrap_or(&[]));
                while let Some(p) = list.vec8() {
                    ch.alps.push(String::from_utf8_lossy(p).into_owned());
                }
            }
            _ => {}
        }
    }
    Ok(ch)
}

fn join<T: ToString>(v: impl IntoIterator<Item = T>, sep: &str) -> String {
    v.into_iter()
        .map(|x| x.to_string())
        .collect::<Vec<_>>()
        .join(sep)
}

fn no_grease(v: &[u16]) -> Vec<u16> {
    v.iter().copied().filter(|x| !is_grease(*x)).collect()
}

pub fn md5_hex(s: &str) -> String {
    hex(&md5::Md5::digest(s.as_bytes()))
}

fn sha256_12(s: &str) -> String {
    hex(&sha2::Sha256::digest(s.as_bytes()))[..12].to_string()
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl ClientHello {
    /// JA3: `version,ciphers,extensions,groups,point_formats`, decimal, GREASE removed.
    pub fn ja3(&self) -> String {
        self.ja3_with(no_grease(&self.extensions))
    }

    /// JA3 with the extensions sorted ("ja3n"): stable under extension permutation, which
    /// Chrome applies to every connection.
    pub fn ja3n(&self) -> String {
        let mut exts = no_grease(&self.extensions);
        exts.sort_unstable();
        self.ja3_with(exts)
    }

    fn ja3_with(&self, exts: Vec<u16>) -> String {
        format!(
            "{},{},{},{},{}",
            self.legacy_version,
            join(no_grease(&self.ciphers), "-"),
            join(exts, "-"),
            join(no_grease(&self.groups), "-"),
            join(self.point_formats.iter(), "-"),
        )
    }

    /// JA4 (FoxIO): `t<version><sni><#ciphers><#exts><alpn>_<sha(ciphers)>_<sha(exts_sigalgs)>`.
    pub fn ja4(&self) -> String {
        let (a, ciphers, exts_sigs) = self.ja4_parts();
        let hash = |s: &str| {
            if s.is_empty() {
                "000000000000".to_string()
            } else {
                sha256_12(s)
            }
        };
        format!("{a}_{}_{}", hash(&ciphers), hash(&exts_sigs))
    }

    /// JA4_r: JA4 with its hashed parts in the clear.
    pub fn ja4_r(&self) -> String {
        let (a, ciphers, exts_sigs) = self.ja4_parts();
        format!("{a}_{ciphers}_{exts_sigs}")
    }

    /// Where GREASE values sit (index in each list as sent): a fingerprint of its own.
    pub fn grease_positions(&self) -> Value {
        let at = |v: &[u16]| -> Vec<usize> {
            v.iter()
                .enumerate()
                .filter(|(_, x)| is_grease(**x))
                .map(|(i, _)| i)
                .collect()
        };
        json!({
            "ciphers": at(&self.ciphers),
            "extensions": at(&self.extensions),
            "groups": at(&self.groups),
            "key_shares": at(&self.key_shares),
            "versions": at(&self.versions),
            "sig_algs": at(&self.sig_algs),
        })
    }

    /// The three parts of JA4 before hashing: the prefix, the sorted ciphers, and the sorted
    /// extensions (less SNI and ALPN) with the signature algorithms as sent.
    fn ja4_parts(&self) -> (String, String, String) {
        let ciphers = no_grease(&self.ciphers);
        let exts = no_grease(&self.extensions);
        let version = no_grease(&self.versions)
            .into_iter()
            .max()
            .unwrap_or(self.legacy_version);
        let version = match version {
            0x0304 => "13",
            0x0303 => "12",
            0x0302 => "11",
            0x0301 => "10",
            0x0300 => "s3",
            _ => "00",
        };
        let sni = if exts.contains(&0) { 'd' } else { 'i' };
        let alpn = match self.alpn.first().map(|a| a.as_bytes()) {
            Some([]) | None => "00".to_string(),
            Some(a) => {
                let (first, last) = (a[0], a[a.len() - 1]);
                if first.is_ascii_alphanumeric() && last.is_ascii_alphanumeric() {
                    format!("{}{}", first as char, last as char)
                } else {
                    let h = hex(a);
                    format!("{}{}", &h[..1], &h[h.len() - 1..])
                }
            }
        };
        let a = format!(
            "t{version}{sni}{:02}{:02}{alpn}",
            ciphers.len().min(99),
            exts.len().min(99)
        );
        let mut sorted_ciphers: Vec<String> = ciphers.iter().map(|c| format!("{c:04x}")).collect();
        sorted_ciphers.sort();
        let mut sorted_exts: Vec<String> = exts
            .iter()
            .filter(|e| **e != 0 && **e != 16)
            .map(|e| format!("{e:04x}"))
            .collect();
        sorted_exts.sort();
        let sigs: Vec<String> = no_grease(&self.sig_algs)
            .iter()
            .map(|s| format!("{s:04x}"))
            .collect();
        let c = if sorted_exts.is_empty() {
            String::new()
        } else if sigs.is_empty() {
            sorted_exts.join(",")
        } else {
            format!("{}_{}", sorted_exts.join(","), sigs.join(","))
        };
        (a, sorted_ciphers.join(","), c)
    }

    pub fn to_json(&self) -> Value {
        let ja3 = self.ja3();
        let ja3n = self.ja3n();
        json!({
            "ja3": ja3, "ja3_hash": md5_hex(&ja3),
            "ja3n": ja3n, "ja3n_hash": md5_hex(&ja3n),
            "ja4": self.ja4(),
            "ja4_r": self.ja4_r(),
            "ciphers": no_grease(&self.ciphers),
            "extensions": no_grease(&self.extensions),
            "groups": no_grease(&self.groups),
            "sig_algs": self.sig_algs,
            "alpn": self.alpn,
            "versions": no_grease(&self.versions),
            "sni": self.sni,
            "extensions_sent": self.extensions,
            "key_shares": no_grease(&self.key_shares),
            "alps": self.alps,
            "cert_compression": self.cert_compression,
            "psk_modes": self.psk_modes,
            "record_size_limit": self.record_size_limit,
            "delegated_credentials": self.delegated_credentials,
            "grease": self.grease_positions(),
        })
    }
}

/// The client's side of an HTTP/2 connection, as far as a fingerprint cares.
#[derive(Debug, Clone, Default)]
pub struct H2Preface {
    /// The first SETTINGS frame: (id, value) in the order sent.
    pub settings: Vec<(u16, u32)>,
    /// The first WINDOW_UPDATE increment on stream 0 (0 if none before the first HEADERS).
    pub window_update: u32,
    /// PRIORITY frames before the first HEADERS: (stream, exclusive, depends on, weight).
    pub priorities: Vec<(u32, bool, u32, u16)>,
    /// Every request header block, decoded, in order: names and values as sent.
    pub header_blocks: Vec<Vec<(String, String)>>,
    /// The priority carried on each HEADERS frame, in order: (exclusive, depends on, weight).
    pub headers_priority: Vec<Option<(bool, u32, u16)>>,
    /// The stream of each HEADERS frame, in order (browsers differ in the first one).
    pub stream_ids: Vec<u32>,
}

pub const H2_PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

impl H2Preface {
    /// Parses the bytes a client sent on an HTTP/2 connection (after TLS).
    pub fn parse(raw: &[u8]) -> Option<H2Preface> {
        let mut rest = raw.strip_prefix(H2_PREFACE)?;
        let mut out = H2Preface::default();
        let mut decoder = hpack::Decoder::new();
        let mut seen_settings = false;
        let mut seen_headers = false;
        let mut block: Vec<u8> = Vec::new();
        while rest.len() >= 9 {
            let len = (rest[0] as usize) << 16 | (rest[1] as usize) << 8 | rest[2] as usize;
            let (ty, flags) = (rest[3], rest[4]);
            let stream = u32::from_be_bytes([rest[5], rest[6], rest[7], rest[8]]) & 0x7fff_ffff;
            if rest.len() < 9 + len {
                break;
            }
            let payload = &rest[9..9 + len];
            rest = &rest[9 + len..];
            match ty {
                4 if flags & 1 == 0 && !seen_settings => {
                    seen_settings = true;
                    out.settings = payload
                        .chunks_exact(6)
                        .map(|c| {
                            (
                                u16::from_be_bytes([c[0], c[1]]),
                                u32::from_be_bytes([c[2], c[3], c[4], c[5]]),
                            )
                        })
                        .collect();
                }
                8 if stream == 0
                    && !seen_headers
                    && out.window_update == 0
                    && payload.len() == 4 =>
                {
                    out.window_update =
                        u32::from_be_bytes([payload[0], payload[1], payload[2], payload[3]])
                            & 0x7fff_ffff;
                }
                2 if !seen_headers && payload.len() == 5 => {
                    let dep = u32::from_be_bytes([payload[0], payload[1], payload[2], payload[3]]);
                    out.priorities.push((
                        stream,
                        dep >> 31 == 1,
                        dep & 0x7fff_ffff,
                        payload[4] as u16 + 1,
                    ));
                }
                1 | 9 => {
                    let mut p = payload;
                    if ty == 1 {
                        seen_headers = true;
                        out.stream_ids.push(stream);
                        if flags & 0x8 != 0 {
                            let pad = *p.first()? as usize;
                            p = p.get(1..p.len().checked_sub(pad)?)?;
                        }
                        // A priority carried on HEADERS is not part of the Akamai PRIORITY field.
                        if flags & 0x20 != 0 {
                            let dep = u32::from_be_bytes([*p.first()?, p[1], p[2], p[3]]);
                            out.headers_priority.push(Some((
                                dep >> 31 == 1,
                                dep & 0x7fff_ffff,
                                *p.get(4)? as u16 + 1,
                            )));
                            p = p.get(5..)?;
                        } else {
                            out.headers_priority.push(None);
                        }
                    }
                    block.extend_from_slice(p);
                    if flags & 0x4 != 0 {
                        let headers = decoder.decode(&block).ok()?;
                        out.header_blocks.push(
                            headers
                                .into_iter()
                                .map(|(k, v)| {
                                    (
                                        String::from_utf8_lossy(&k).into_owned(),
                                        String::from_utf8_lossy(&v).into_owned(),
                                    )
                                })
                                .collect(),
                        );
                        block.clear();
                    }
                }
                _ => {}
            }
        }
        Some(out)
    }

    /// Pseudo-header order of a header block: `m,a,s,p`.
    pub fn pseudo_order(block: &[(String, String)]) -> String {
        block
            .iter()
            .filter_map(|(k, _)| k.strip_prefix(':').and_then(|p| p.chars().next()))
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// `SETTINGS|WINDOW_UPDATE|PRIORITY|PSEUDO_HEADER_ORDER`, as published by Akamai.
    pub fn akamai(&self) -> String {
        let settings = join(self.settings.iter().map(|(k, v)| format!("{k}:{v}")), ";");
        let priorities = if self.priorities.is_empty() {
            "0".to_string()
        } else {
            join(
                self.priorities
                    .iter()
                    .map(|(s, e, d, w)| format!("{s}:{}:{d}:{w}", *e as u8)),
                ",",
            )
        };
        let pseudo = self
            .header_blocks
            .first()
            .map(|b| Self::pseudo_order(b))
            .unwrap_or_default();
        format!("{settings}|{}|{priorities}|{pseudo}", self.window_update)
    }
}

/// The header lines (name and value, case kept) of the last HTTP/1.1 request in `raw` whose
/// request line is `request_line`.
pub fn h1_headers(raw: &[u8], request_line: &str) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(raw);
    let Some(start) = text.rfind(request_line) else {
        return Vec::new();
    };
    let head = &text[start..];
    let head = head.split("\r\n\r\n").next().unwrap_or("");
    head.split("\r\n")
        .skip(1)
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.to_string(), v.trim().to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a ClientHello handshake message from its parts (the test's input, not our output).
    fn hello(version: u16, ciphers: &[u16], exts: &[(u16, Vec<u8>)]) -> Vec<u8> {
        let mut body = Vec::new();
        body.extend_from_slice(&version.to_be_bytes());
        body.extend_from_slice(&[7u8; 32]);
        body.push(0);
        body.extend_from_slice(&((ciphers.len() * 2) as u16).to_be_bytes());
        for c in ciphers {
            body.extend_from_slice(&c.to_be_bytes());
        }
        body.extend_from_slice(&[1, 0]);
        let mut ext_bytes = Vec::new();
        for (ty, data) in exts {
            ext_bytes.extend_from_slice(&ty.to_be_bytes());
            ext_bytes.extend_from_slice(&(data.len() as u16).to_be_bytes());
            ext_bytes.extend_from_slice(data);
        }
        body.extend_from_slice(&(ext_bytes.len() as u16).to_be_bytes());
        body.extend_from_slice(&ext_bytes);
        let mut msg = vec![1];
        msg.extend_from_slice(&(body.len() as u32).to_be_bytes()[1..]);
        msg.extend_from_slice(&body);
        msg
    }

    fn list16(vals: &[u16]) -> Vec<u8> {
        let mut v = ((vals.len() * 2) as u16).to_be_bytes().to_vec();
        for x in vals {
            v.extend_from_slice(&x.to_be_bytes());
        }
        v
    }

    #[test]
    fn grease_values() {
        assert!(is_grease(0x0a0a) && is_grease(0xfafa) && is_grease(0x3a3a));
        assert!(!is_grease(0x0a0b) && !is_grease(0x1301));
    }

    /// The example in the JA3 README (salesforce/ja3): its string and MD5.
    #[test]
    fn ja3_matches_the_published_example() {
        let ciphers = [47, 53, 5, 10, 49161, 49162, 49171, 49172, 50, 56, 19, 4];
        let msg = hello(
            769,
            &ciphers,
            &[
                (0, vec![0, 0]),
                (10, list16(&[23, 24, 25])),
                (11, vec![1, 0]),
            ],
        );
        let ch = parse_client_hello(&msg).unwrap();
        assert_eq!(
            ch.ja3(),
            "769,47-53-5-10-49161-49162-49171-49172-50-56-19-4,0-10-11,23-24-25,0"
        );
        assert_eq!(md5_hex(&ch.ja3()), "ada70206e40642a3e4461f35503241d5");
    }

    /// The worked example of the JA4 specification (FoxIO): t13d1516h2_8daaf6152771_e5627efa2ab1.
    #[test]
    fn ja4_matches_the_specification_example() {
        let ciphers = [
            0x0a0a, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013,
            0xc014, 0x009c, 0x009d, 0x002f, 0x0035,
        ];
        let mut sni = vec![0, 12, 0, 0, 9];
        sni.extend_from_slice(b"localhost");
        let alpn = vec![
            0, 12, 2, b'h', b'2', 8, b'h', b't', b't', b'p', b'/', b'1', b'.', b'1',
        ];
        let sigs = list16(&[
            0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601,
        ]);
        let exts: Vec<(u16, Vec<u8>)> = vec![
            (0x1a1a, vec![]),
            (0x0000, sni),
            (0x0017, vec![]),
            (0xff01, vec![0]),
            (0x000a, list16(&[0x2a2a, 0x001d, 0x0017])),
            (0x000b, vec![1, 0]),
            (0x0023, vec![]),
            (0x0010, alpn),
            (0x0005, vec![1, 0, 0, 0, 0]),
            (0x000d, sigs),
            (0x0012, vec![]),
            (0x0033, vec![]),
            (0x002d, vec![1, 1]),
            (0x002b, vec![4, 0x0a, 0x0a, 0x03, 0x04]),
            (0x001b, vec![]),
            (0x4469, vec![]),
            (0x0015, vec![]),
        ];
        let ch = parse_client_hello(&hello(0x0303, &ciphers, &exts)).unwrap();
        assert_eq!(ch.ja4(), "t13d1516h2_8daaf6152771_e5627efa2ab1");
        assert_eq!(ch.sni.as_deref(), Some("localhost"));
        assert_eq!(ch.alpn, ["h2", "http/1.1"]);
        // Sorting makes JA4 blind to extension order; JA3 is not.
        let mut swapped = exts.clone();
        swapped.swap(2, 3);
        let ch2 = parse_client_hello(&hello(0x0303, &ciphers, &swapped)).unwrap();
        assert_eq!(ch2.ja4(), ch.ja4());
        assert_ne!(ch2.ja3(), ch.ja3());
        assert_eq!(ch2.ja3n(), ch.ja3n());
    }

    /// Chrome's published Akamai fingerprint and hash.
    #[test]
    fn akamai_matches_the_published_chrome_value() {
        let mut raw = H2_PREFACE.to_vec();
        let frame = |ty: u8, flags: u8, stream: u32, payload: &[u8]| {
            let mut f = (payload.len() as u32).to_be_bytes()[1..].to_vec();
            f.extend_from_slice(&[ty, flags]);
            f.extend_from_slice(&stream.to_be_bytes());
            f.extend_from_slice(payload);
            f
        };
        let mut settings = Vec::new();
        for (k, v) in [(1u16, 65536u32), (2, 0), (4, 6291456), (6, 262144)] {
            settings.extend_from_slice(&k.to_be_bytes());
            settings.extend_from_slice(&v.to_be_bytes());
        }
        raw.extend(frame(4, 0, 0, &settings));
        raw.extend(frame(8, 0, 0, &15663105u32.to_be_bytes()));
        let mut enc = hpack::Encoder::new();
        let block = enc.encode(vec![
            (&b":method"[..], &b"GET"[..]),
            (b":authority", b"example.com"),
            (b":scheme", b"https"),
            (b":path", b"/"),
            (b"user-agent", b"x"),
        ]);
        raw.extend(frame(1, 0x4 | 0x1, 1, &block));
        let h2 = H2Preface::parse(&raw).unwrap();
        assert_eq!(
            h2.akamai(),
            "1:65536;2:0;4:6291456;6:262144|15663105|0|m,a,s,p"
        );
        assert_eq!(md5_hex(&h2.akamai()), "52d84b11737d980aef856699f885ca86");
        assert_eq!(h2.header_blocks[0][4], ("user-agent".into(), "x".into()));
    }

    #[test]
    fn h1_header_case_and_order() {
        let raw = b"GET /a HTTP/1.1\r\nX-One: 1\r\n\r\nGET /fingerprint HTTP/1.1\r\nHost: h\r\nX-Two: 2\r\naccept: */*\r\n\r\n";
        let h = h1_headers(raw, "GET /fingerprint HTTP/1.1");
        assert_eq!(
            h,
            [
                ("Host".into(), "h".into()),
                ("X-Two".into(), "2".into()),
                ("accept".into(), "*/*".into())
            ]
        );
    }
}
