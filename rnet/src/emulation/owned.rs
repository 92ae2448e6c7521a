//! Profiles newer than the pinned wreq-util, owned by rnet: each is data over a wreq-util
//! base profile whose TLS and HTTP/2 settings it shares, plus what the browser changed since.
//! Grounded in the captures of real browsers (`fixture/captures/`) where Debian ships the
//! browser, in the browsers' published behaviour otherwise; `docs/fingerprints.md` lists
//! what each one still cannot reproduce.

use std::borrow::Cow;
use wreq::header::{HeaderMap, HeaderValue, ACCEPT, USER_AGENT};

pub struct Owned {
    pub name: &'static str,
    /// The wreq-util profile this one starts from (its Debug name, for the generated code).
    pub base: &'static str,
    base_version: u32,
    version: u32,
    family: Family,
    /// A new `accept` for navigations, when the browser changed it.
    accept: Option<&'static str>,
    /// A new cipher list (BoringSSL names, in order), when the browser changed it.
    cipher_list: Option<&'static str>,
}

#[derive(Clone, Copy)]
enum Family {
    Chrome,
    Firefox,
}

const fn chrome(name: &'static str, version: u32, accept: Option<&'static str>) -> Owned {
    Owned {
        name,
        base: "Chrome149",
        base_version: 149,
        version,
        family: Family::Chrome,
        accept,
        cipher_list: None,
    }
}

/// Chromium 156 added `image/jxl` to a navigation's `accept` (captured).
const CHROME_156_ACCEPT: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,image/jxl,\
image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";

/// Firefox 153 no longer offers TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA (0xc009): 16 suites
/// where 151 sent 17 (captured from Firefox ESR 153).
const FIREFOX_153_CIPHERS: &str = "TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256:\
TLS_AES_256_GCM_SHA384:TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256:\
TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256:\
TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256:TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384:\
TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384:TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA:\
TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA:TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA:\
TLS_RSA_WITH_AES_128_GCM_SHA256:TLS_RSA_WITH_AES_256_GCM_SHA384:TLS_RSA_WITH_AES_128_CBC_SHA:\
TLS_RSA_WITH_AES_256_CBC_SHA";

/// Every rnet-owned profile, listed after wreq-util's in `Profile`.
pub const OWNED: &[Owned] = &[
    chrome("Chrome150", 150, None),
    chrome("Chrome151", 151, None),
    chrome("Chrome152", 152, None),
    chrome("Chrome153", 153, None),
    chrome("Chrome154", 154, None),
    chrome("Chrome155", 155, None),
    chrome("Chrome156", 156, Some(CHROME_156_ACCEPT)),
    Owned {
        name: "Firefox153",
        base: "Firefox151",
        base_version: 151,
        version: 153,
        family: Family::Firefox,
        accept: None,
        cipher_list: Some(FIREFOX_153_CIPHERS),
    },
];

pub fn find(name: &str) -> Option<&'static Owned> {
    OWNED.iter().find(|o| o.name == name)
}

impl Owned {
    /// Turns the base profile's emulation into this one's.
    pub(crate) fn apply(&self, emulation: &mut wreq::Emulation, with_headers: bool) {
        if let (Some(list), Some(tls)) = (self.cipher_list, emulation.tls_options.as_mut()) {
            tls.cipher_list = Some(Cow::Borrowed(list));
        }
        if !with_headers {
            return;
        }
        let headers = &mut emulation.headers;
        if let Some(ua) = headers.get(USER_AGENT).and_then(|v| v.to_str().ok()) {
            let ua = self.user_agent(ua);
            if let Ok(v) = HeaderValue::from_str(&ua) {
                headers.insert(USER_AGENT, v);
            }
        }
        if let Some(accept) = self.accept {
            headers.insert(ACCEPT, HeaderValue::from_static(accept));
        }
        if let Family::Chrome = self.family {
            set_sec_ch_ua(headers, self.version);
        }
    }

    /// The base profile's User-Agent with this version's numbers.
    fn user_agent(&self, base: &str) -> String {
        let (old, new) = (self.base_version, self.version);
        match self.family {
            Family::Chrome => base.replace(&format!("Chrome/{old}."), &format!("Chrome/{new}.")),
            Family::Firefox => base
                .replace(&format!("rv:{old}.0"), &format!("rv:{new}.0"))
                .replace(&format!("Firefox/{old}.0"), &format!("Firefox/{new}.0"))
                .replace(&format!("Gecko/{old}.0"), &format!("Gecko/{new}.0"))
                .replace(&format!("FxiOS/{old}.0"), &format!("FxiOS/{new}.0"))
                // Mozilla's and Debian's builds say "X11; Linux x86_64" (captured); only
                // Ubuntu's own packages add "Ubuntu; ".
                .replace("X11; Ubuntu; Linux", "X11; Linux"),
        }
    }
}

/// Google Chrome's `sec-ch-ua` for a major version. Chromium derives the GREASE brand and the
/// order of the three brands from the major version (its published "GREASE-like" brand
/// algorithm): the brand's two punctuation marks, its version, and one of the six orders.
fn set_sec_ch_ua(headers: &mut HeaderMap, major: u32) {
    const CHARS: [&str; 11] = [" ", "(", ":", "-", ".", "/", ")", ";", "=", "?", "_"];
    const VERSIONS: [&str; 3] = ["8", "99", "24"];
    const ORDERS: [[usize; 3]; 6] = [
        [0, 1, 2],
        [0, 2, 1],
        [1, 0, 2],
        [1, 2, 0],
        [2, 0, 1],
        [2, 1, 0],
    ];
    let seed = major as usize;
    let grease = format!(
        "\"Not{}A{}Brand\";v=\"{}\"",
        CHARS[seed % 11],
        CHARS[(seed + 1) % 11],
        VERSIONS[seed % 3]
    );
    let brands = [
        grease,
        format!("\"Chromium\";v=\"{major}\""),
        format!("\"Google Chrome\";v=\"{major}\""),
    ];
    let mut slots = [""; 3];
    for (brand, slot) in brands.iter().zip(ORDERS[seed % 6]) {
        slots[slot] = brand;
    }
    if let Ok(v) = HeaderValue::from_str(&slots.join(", ")) {
        headers.insert("sec-ch-ua", v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sec_ch_ua(major: u32) -> String {
        let mut h = HeaderMap::new();
        set_sec_ch_ua(&mut h, major);
        h["sec-ch-ua"].to_str().unwrap().to_string()
    }

    #[test]
    fn sec_ch_ua_matches_wreq_util_and_the_capture() {
        // wreq-util's published Chrome 149 value, and real Chromium 156's brands (captured;
        // Chromium has no "Google Chrome" brand, the rest is the same list in the same order).
        assert_eq!(
            sec_ch_ua(149),
            r#""Google Chrome";v="149", "Chromium";v="149", "Not)A;Brand";v="24""#
        );
        let capture = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../fixture/captures/chromium-156.json"
        ))
        .unwrap();
        let capture: serde_json::Value = serde_json::from_str(&capture).unwrap();
        let real = capture["navigate"]["headers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h[0] == "sec-ch-ua")
            .unwrap()[1]
            .as_str()
            .unwrap()
            .to_string();
        let ours = sec_ch_ua(156);
        let without_brand: Vec<&str> = ours
            .split(", ")
            .filter(|b| !b.starts_with("\"Google Chrome\""))
            .collect();
        assert_eq!(without_brand.join(", "), real);
    }
}
