//! Saving and loading a `Jar`: the Netscape `cookies.txt` format (curl, wget, yt-dlp, browser
//! extensions) and the cookie list of Playwright's storage state (also what Puppeteer's
//! `page.cookies()` and the DevTools protocol give), so cookies move between a browser and rnet.

use crate::cookie_store::{later, Entry};
use crate::{Error, Result};
use serde_json::{json, Value};
use std::time::{Duration, SystemTime};

/// A cookie file format.
#[rnet::export]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CookieFormat {
    /// `cookies.txt`: one tab-separated line per cookie, `#HttpOnly_` marking HttpOnly ones.
    /// It has no field for SameSite, which is therefore not kept.
    Netscape,
    /// JSON: Playwright's storage state (`{"cookies": [...], "origins": [...]}`); a bare list
    /// of cookies, as Puppeteer gives, is read too.
    StorageState,
}

impl CookieFormat {
    /// The format a file name suggests: `.json` is a storage state, anything else Netscape.
    pub fn for_path(path: &str) -> Self {
        match path.to_ascii_lowercase().ends_with(".json") {
            true => CookieFormat::StorageState,
            false => CookieFormat::Netscape,
        }
    }

    /// The format text is in: JSON starts with `{` or `[`.
    pub fn sniff(text: &str) -> Self {
        match text.trim_start().starts_with(['{', '[']) {
            true => CookieFormat::StorageState,
            false => CookieFormat::Netscape,
        }
    }

    pub fn write(self, entries: &[Entry]) -> String {
        match self {
            CookieFormat::Netscape => to_netscape(entries),
            CookieFormat::StorageState => to_storage_state(entries),
        }
    }

    /// The unexpired cookies in `text`; the first malformed one fails the whole read.
    pub fn read(self, text: &str) -> Result<Vec<Entry>> {
        let now = SystemTime::now();
        let entries = match self {
            CookieFormat::Netscape => from_netscape(text)?,
            CookieFormat::StorageState => from_storage_state(text)?,
        };
        Ok(entries
            .into_iter()
            .filter(|e| e.expires.is_none_or(|t| t > now))
            .collect())
    }
}

fn unix_secs(t: SystemTime) -> u64 {
    t.duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// How a file names a cookie's domain: a leading dot for a domain cookie.
fn file_domain(e: &Entry) -> String {
    match e.host_only {
        true => e.domain.clone(),
        false => format!(".{}", e.domain),
    }
}

fn to_netscape(entries: &[Entry]) -> String {
    let mut out = String::from(
        "# Netscape HTTP Cookie File\n# Written by rnet. Fields: domain, include subdomains, \
         path, secure, expires (0: session), name, value.\n\n",
    );
    let flag = |b: bool| if b { "TRUE" } else { "FALSE" };
    for e in entries {
        let http_only = if e.cookie.http_only() == Some(true) {
            "#HttpOnly_"
        } else {
            ""
        };
        out.push_str(&format!(
            "{http_only}{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            file_domain(e),
            flag(!e.host_only),
            e.path,
            flag(e.secure()),
            e.expires.map_or(0, unix_secs),
            e.cookie.name(),
            e.cookie.value()
        ));
    }
    out
}

/// A cookie with its scope, checked as a `Set-Cookie` would be.
#[allow(clippy::too_many_arguments)]
fn entry(
    domain: &str,
    include_subdomains: bool,
    path: &str,
    secure: bool,
    http_only: bool,
    same_site: Option<cookie::SameSite>,
    expires: Option<SystemTime>,
    name: &str,
    value: &str,
) -> std::result::Result<Entry, String> {
    crate::cookie::check_cookie_text("name", name, false).map_err(|e| e.to_string())?;
    crate::cookie::check_cookie_text("value", value, true).map_err(|e| e.to_string())?;
    let bare = domain.trim_start_matches('.').to_ascii_lowercase();
    if bare.is_empty() || bare.contains(['/', ' ', '\t', ';']) {
        return Err(format!("invalid domain {domain:?}"));
    }
    if !path.starts_with('/') {
        return Err(format!("the path {path:?} does not start with '/'"));
    }
    let mut c = cookie::Cookie::new(name.to_string(), value.to_string());
    c.set_secure(secure.then_some(true));
    c.set_http_only(http_only.then_some(true));
    c.set_same_site(same_site);
    Ok(Entry::new(
        c,
        bare,
        !include_subdomains,
        path.to_string(),
        expires,
    ))
}

fn from_netscape(text: &str) -> Result<Vec<Entry>> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let bad = |why: String| Error::Builder(format!("cookies.txt line {}: {why}", n + 1));
        let line = line.trim_end_matches('\r');
        let (line, http_only) = match line.strip_prefix("#HttpOnly_") {
            Some(rest) => (rest, true),
            None => (line, false),
        };
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 7 {
            return Err(bad(format!(
                "expected 7 tab-separated fields, found {}",
                f.len()
            )));
        }
        let flag = |i: usize, what: &str| match f[i] {
            "TRUE" => Ok(true),
            "FALSE" => Ok(false),
            other => Err(bad(format!("{what} must be TRUE or FALSE, not {other:?}"))),
        };
        let include_subdomains = flag(1, "include subdomains")?;
        let secure = flag(3, "secure")?;
        let expires = match f[4].parse::<u64>() {
            Ok(0) => None,
            Ok(s) => Some(later(SystemTime::UNIX_EPOCH, Duration::from_secs(s))),
            Err(_) => return Err(bad(format!("expires must be a Unix time, not {:?}", f[4]))),
        };
        let e = entry(
            f[0],
            include_subdomains,
            f[2],
            secure,
            http_only,
            None,
            expires,
            f[5],
            f[6],
        )
        .map_err(bad)?;
        out.push(e);
    }
    Ok(out)
}

fn to_storage_state(entries: &[Entry]) -> String {
    let cookies: Vec<Value> = entries
        .iter()
        .map(|e| {
            let mut c = json!({
                "name": e.cookie.name(),
                "value": e.cookie.value(),
                "domain": file_domain(e),
                "path": e.path,
                "expires": e.expires.map_or(-1.0, |t| unix_secs(t) as f64),
                "httpOnly": e.cookie.http_only() == Some(true),
                "secure": e.secure(),
            });
            // Left out when unset: Playwright takes a missing sameSite, and writing "Lax"
            // would change what the cookie says.
            if let Some(s) = e.cookie.same_site() {
                c["sameSite"] = json!(s.to_string());
            }
            c
        })
        .collect();
    let state = json!({ "cookies": cookies, "origins": [] });
    serde_json::to_string_pretty(&state).expect("a JSON value serialises")
}

fn from_storage_state(text: &str) -> Result<Vec<Entry>> {
    let bad = |why: String| Error::Builder(format!("cookie JSON: {why}"));
    let doc: Value = serde_json::from_str(text).map_err(|e| bad(format!("not valid JSON: {e}")))?;
    let list = match &doc {
        Value::Array(list) => list,
        Value::Object(o) => match o.get("cookies") {
            Some(Value::Array(list)) => list,
            _ => return Err(bad("expected a \"cookies\" list".into())),
        },
        _ => return Err(bad("expected an object with \"cookies\", or a list".into())),
    };
    let mut out = Vec::with_capacity(list.len());
    for (i, c) in list.iter().enumerate() {
        let bad = |why: String| bad(format!("cookie {i}: {why}"));
        let text = |key: &str, default: Option<&'static str>| match (c.get(key), default) {
            (Some(Value::String(s)), _) => Ok(s.as_str()),
            (None, Some(d)) => Ok(d),
            _ => Err(bad(format!("\"{key}\" must be a string"))),
        };
        let flag = |key: &str| match c.get(key) {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(bad(format!("\"{key}\" must be true or false"))),
        };
        let session = flag("session")?;
        let expires = match c.get("expires") {
            _ if session => None,
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => match n.as_f64() {
                Some(s) if s < 0.0 => None,
                Some(s) => Some(later(
                    SystemTime::UNIX_EPOCH,
                    Duration::try_from_secs_f64(s).unwrap_or(Duration::MAX),
                )),
                None => None,
            },
            Some(_) => return Err(bad("\"expires\" must be a number".into())),
        };
        let same_site = match c.get("sameSite") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(match s.to_ascii_lowercase().as_str() {
                "strict" => cookie::SameSite::Strict,
                "lax" => cookie::SameSite::Lax,
                "none" => cookie::SameSite::None,
                _ => return Err(bad(format!("unknown sameSite {s:?}"))),
            }),
            Some(_) => return Err(bad("\"sameSite\" must be a string".into())),
        };
        let domain = text("domain", None)?;
        out.push(
            entry(
                domain,
                domain.starts_with('.'),
                text("path", Some("/"))?,
                flag("secure")?,
                flag("httpOnly")?,
                same_site,
                expires,
                text("name", None)?,
                text("value", None)?,
            )
            .map_err(bad)?,
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cookie_store::Store;

    fn jar() -> Store {
        let s = Store::default();
        let u = |x: &str| url::Url::parse(x).unwrap();
        let set = |c: &str, at: &str| {
            assert!(
                s.set(cookie::Cookie::parse(c.to_string()).unwrap(), &u(at)),
                "{c}"
            );
        };
        set("host=1; HttpOnly", "http://example.com/a/b");
        set(
            "dom=2; Domain=example.com; Max-Age=3600; SameSite=Strict",
            "http://example.com/",
        );
        set(
            "sec=3; Secure; Path=/x; SameSite=None",
            "https://api.example.com/",
        );
        s
    }

    fn scopes(entries: &[Entry]) -> Vec<String> {
        entries
            .iter()
            .map(|e| {
                format!(
                    "{}={} {} {} {} {:?} {:?} {:?} {:?}",
                    e.cookie.name(),
                    e.cookie.value(),
                    e.domain,
                    e.host_only,
                    e.path,
                    e.secure(),
                    e.cookie.http_only(),
                    e.cookie.same_site(),
                    e.expires.map(unix_secs)
                )
            })
            .collect()
    }

    #[test]
    fn both_formats_round_trip() {
        let before = jar().all();
        for format in [CookieFormat::Netscape, CookieFormat::StorageState] {
            let text = format.write(&before);
            assert_eq!(CookieFormat::sniff(&text), format);
            let after = format.read(&text).unwrap();
            let mut want = scopes(&before);
            if format == CookieFormat::Netscape {
                // The one field cookies.txt lacks.
                want = want
                    .iter()
                    .map(|s| {
                        s.replace("Some(Strict)", "None")
                            .replace("Some(None)", "None")
                    })
                    .collect();
            }
            assert_eq!(scopes(&after), want, "{format:?}\n{text}");
        }
    }

    #[test]
    fn expired_cookies_are_dropped_and_bad_lines_named() {
        let text =
            "example.com\tFALSE\t/\tFALSE\t1000\told\tx\n.example.com\tTRUE\t/\tFALSE\t0\tnew\ty\n";
        let got = CookieFormat::Netscape.read(text).unwrap();
        assert_eq!(
            scopes(&got),
            ["new=y example.com false / false None None None"]
        );
        let err = CookieFormat::Netscape
            .read("# c\nexample.com\tMAYBE\t/\tFALSE\t0\ta\tb\n")
            .unwrap_err();
        assert!(
            err.to_string().contains("line 2: include subdomains"),
            "{err}"
        );
        let err = CookieFormat::StorageState
            .read(r#"{"cookies": [{"name": "a", "value": "b"}]}"#)
            .unwrap_err();
        assert!(err.to_string().contains("cookie 0: \"domain\""), "{err}");
        assert!(CookieFormat::StorageState.read("{\"cookies\": 3}").is_err());
        assert!(CookieFormat::StorageState.read("not json").is_err());
    }
}
