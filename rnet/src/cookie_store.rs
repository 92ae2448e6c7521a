//! The cookie store behind `Jar`: RFC 6265's storage and retrieval model. It is rnet's own,
//! not wreq's, because a jar must be saved without loss: wreq's store hands back a host-only
//! cookie without its host, and keeps its entries private.

use std::{
    sync::RwLock,
    time::{Duration, SystemTime},
};

/// One stored cookie: the parsed cookie (name, value, Secure, HttpOnly, SameSite) and the
/// scope the store decided for it.
#[derive(Debug, Clone)]
pub struct Entry {
    pub cookie: cookie::Cookie<'static>,
    /// Lower case, without a leading dot: the host itself for a host-only cookie.
    pub domain: String,
    /// Sent to `domain` only, not to its subdomains (no `Domain` attribute was given).
    pub host_only: bool,
    pub path: String,
    /// None: a session cookie.
    pub expires: Option<SystemTime>,
    /// Order of creation; a replaced cookie keeps its predecessor's (RFC 6265 §5.3 11.3).
    created: u64,
}

impl Entry {
    pub fn new(
        cookie: cookie::Cookie<'static>,
        domain: String,
        host_only: bool,
        path: String,
        expires: Option<SystemTime>,
    ) -> Self {
        Entry {
            cookie,
            domain,
            host_only,
            path,
            expires,
            created: 0,
        }
    }

    pub fn secure(&self) -> bool {
        self.cookie.secure().unwrap_or(false)
    }

    fn expired(&self, now: SystemTime) -> bool {
        self.expires.is_some_and(|t| t <= now)
    }

    fn same_key(&self, other: &Entry) -> bool {
        self.cookie.name() == other.cookie.name()
            && self.domain == other.domain
            && self.path == other.path
    }

    /// The cookie as it would be set for its scope: `Domain` only for a domain cookie, and
    /// `Expires` for when it ends.
    pub fn to_cookie(&self) -> cookie::Cookie<'static> {
        let mut c = self.cookie.clone();
        c.set_path(self.path.clone());
        match self.host_only {
            true => c.unset_domain(),
            false => c.set_domain(self.domain.clone()),
        }
        c.set_max_age(None);
        match self.expires.and_then(offset_time) {
            Some(t) => c.set_expires(t),
            None => c.unset_expires(),
        }
        c
    }
}

/// `now + d`, or as late as a cookie date can be.
pub fn later(now: SystemTime, d: Duration) -> SystemTime {
    now.checked_add(d)
        .filter(|t| offset_time(*t).is_some())
        .unwrap_or(SystemTime::UNIX_EPOCH + Duration::from_secs(253_402_300_799))
}

/// A time as the cookie crate keeps it, if it is within its years (1970 to 9999 here).
pub fn offset_time(t: SystemTime) -> Option<cookie::time::OffsetDateTime> {
    let secs = t.duration_since(SystemTime::UNIX_EPOCH).ok()?.as_secs();
    cookie::time::OffsetDateTime::from_unix_timestamp(i64::try_from(secs).ok()?)
        .ok()
        .filter(|t| t.year() <= 9999)
}

#[derive(Default)]
struct Entries {
    list: Vec<Entry>,
    next: u64,
}

/// A thread-safe store of cookies, shared by the clients that use one `Jar`.
#[derive(Default)]
pub struct Store(RwLock<Entries>);

/// `host` canonicalised: lower case; an IPv6 address keeps its brackets, as URLs write it.
fn canonical(host: &str) -> String {
    host.trim_end_matches('.').to_ascii_lowercase()
}

fn is_ip(host: &str) -> bool {
    host.starts_with('[') || host.parse::<std::net::Ipv4Addr>().is_ok()
}

/// RFC 6265 §5.1.3: the host is the domain, or a name under it (never for an IP address).
pub fn domain_match(host: &str, domain: &str) -> bool {
    host == domain
        || (!is_ip(host)
            && host.len() > domain.len()
            && host.ends_with(domain)
            && host.as_bytes()[host.len() - domain.len() - 1] == b'.')
}

/// RFC 6265 §5.1.4.
fn path_match(request: &str, cookie: &str) -> bool {
    request == cookie
        || (request.starts_with(cookie)
            && (cookie.ends_with('/') || request.as_bytes().get(cookie.len()) == Some(&b'/')))
}

/// RFC 6265 §5.1.4: the directory of the request path.
fn default_path(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) | None => "/",
        Some(i) => &path[..i],
    }
}

fn secure_scheme(url: &url::Url) -> bool {
    matches!(url.scheme(), "https" | "wss")
}

impl Store {
    fn read(&self) -> std::sync::RwLockReadGuard<'_, Entries> {
        self.0.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Entries> {
        self.0.write().unwrap_or_else(|e| e.into_inner())
    }

    /// Stores a cookie `url` set (RFC 6265 §5.3); returns whether it was accepted. One that
    /// is already expired removes the cookie it names.
    pub fn set(&self, mut c: cookie::Cookie<'static>, url: &url::Url) -> bool {
        let Some(host) = url.host_str().map(canonical) else {
            return false;
        };
        let secure_origin = secure_scheme(url);
        if c.secure() == Some(true) && !secure_origin {
            return false;
        }
        let (domain, host_only) = match c.domain().map(|d| canonical(d.trim_start_matches('.'))) {
            Some(d) if !d.is_empty() => {
                if !domain_match(&host, &d) {
                    return false;
                }
                (d, false)
            }
            _ => (host, true),
        };
        let path = match c.path() {
            Some(p) if p.starts_with('/') => p.to_string(),
            _ => default_path(url.path()).to_string(),
        };
        let now = SystemTime::now();
        let expires = match c.max_age() {
            Some(age) if age.is_positive() => {
                Some(later(now, Duration::from_secs(age.whole_seconds() as u64)))
            }
            Some(_) => Some(SystemTime::UNIX_EPOCH),
            None => c.expires_datetime().map(SystemTime::from),
        };
        c.set_max_age(None);
        self.insert(
            Entry {
                cookie: c,
                domain,
                host_only,
                path,
                expires,
                created: 0,
            },
            secure_origin,
            now,
        )
    }

    /// Adds an entry whose scope is already decided (a loaded file). `secure_origin`: whether
    /// it may replace or shadow a Secure cookie.
    pub fn insert(&self, mut e: Entry, secure_origin: bool, now: SystemTime) -> bool {
        let mut s = self.write();
        // RFC 6265bis §5.7 step 16: an insecure origin cannot shadow a Secure cookie.
        if !secure_origin
            && !e.secure()
            && s.list.iter().any(|old| {
                old.secure()
                    && !old.expired(now)
                    && old.cookie.name() == e.cookie.name()
                    && (domain_match(&old.domain, &e.domain)
                        || domain_match(&e.domain, &old.domain))
                    && path_match(&e.path, &old.path)
            })
        {
            return false;
        }
        let old = s.list.iter().position(|old| old.same_key(&e));
        if e.expired(now) {
            if let Some(i) = old {
                s.list.remove(i);
            }
            return true;
        }
        match old {
            Some(i) => {
                e.created = s.list[i].created;
                s.list[i] = e;
            }
            None => {
                e.created = s.next;
                s.next += 1;
                s.list.push(e);
            }
        }
        true
    }

    /// The unexpired cookies to send to `url`, longest path first, then oldest (§5.4).
    pub fn matching(&self, url: &url::Url) -> Vec<Entry> {
        let Some(host) = url.host_str().map(canonical) else {
            return Vec::new();
        };
        let (now, secure) = (SystemTime::now(), secure_scheme(url));
        let path = match url.path() {
            "" => "/",
            p => p,
        };
        let mut out: Vec<Entry> = self
            .read()
            .list
            .iter()
            .filter(|e| {
                !e.expired(now)
                    && (secure || !e.secure())
                    && match e.host_only {
                        true => host == e.domain,
                        false => domain_match(&host, &e.domain),
                    }
                    && path_match(path, &e.path)
            })
            .cloned()
            .collect();
        out.sort_by(|a, b| {
            b.path
                .len()
                .cmp(&a.path.len())
                .then(a.created.cmp(&b.created))
        });
        out
    }

    /// Every unexpired cookie, oldest first.
    pub fn all(&self) -> Vec<Entry> {
        let now = SystemTime::now();
        let mut out: Vec<Entry> = self
            .read()
            .list
            .iter()
            .filter(|e| !e.expired(now))
            .cloned()
            .collect();
        out.sort_by_key(|e| e.created);
        out
    }

    /// How many unexpired cookies there are.
    pub fn len(&self) -> usize {
        let now = SystemTime::now();
        self.read().list.iter().filter(|e| !e.expired(now)).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Removes the cookies named `name` stored for exactly `url`'s host and path.
    pub fn remove(&self, name: &str, url: &url::Url) {
        let host = url.host_str().map(canonical).unwrap_or_default();
        self.write()
            .list
            .retain(|e| !(e.cookie.name() == name && e.domain == host && e.path == url.path()));
    }

    pub fn clear(&self) {
        self.write().list.clear();
    }

    /// Adds loaded entries, in their order, replacing those with the same key.
    pub fn extend(&self, entries: Vec<Entry>) {
        let now = SystemTime::now();
        for e in entries {
            self.insert(e, true, now);
        }
    }
}

impl wreq::cookie::CookieStore for Store {
    fn set_cookies(&self, headers: &mut dyn Iterator<Item = &http::HeaderValue>, uri: &http::Uri) {
        let Ok(url) = url::Url::parse(&uri.to_string()) else {
            return;
        };
        for h in headers {
            let Ok(text) = std::str::from_utf8(h.as_bytes()) else {
                continue;
            };
            if let Ok(c) = cookie::Cookie::parse(text.to_string()) {
                self.set(c, &url);
            }
        }
    }

    fn cookies(&self, uri: &http::Uri, version: http::Version) -> wreq::cookie::Cookies {
        let Ok(url) = url::Url::parse(&uri.to_string()) else {
            return wreq::cookie::Cookies::Empty;
        };
        let pairs: Vec<String> = self
            .matching(&url)
            .iter()
            .map(|e| format!("{}={}", e.cookie.name(), e.cookie.value()))
            .collect();
        if pairs.is_empty() {
            return wreq::cookie::Cookies::Empty;
        }
        let value = |s: &str| http::HeaderValue::from_str(s).ok();
        match version {
            // HTTP/2 sends each pair as its own field, which compresses better (RFC 9113
            // §8.2.3), as browsers do.
            http::Version::HTTP_2 | http::Version::HTTP_3 => {
                wreq::cookie::Cookies::Uncompressed(pairs.iter().filter_map(|p| value(p)).collect())
            }
            _ => match value(&pairs.join("; ")) {
                Some(v) => wreq::cookie::Cookies::Compressed(v),
                None => wreq::cookie::Cookies::Empty,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(u: &str) -> url::Url {
        url::Url::parse(u).unwrap()
    }

    fn set(s: &Store, c: &str, u: &str) -> bool {
        s.set(cookie::Cookie::parse(c.to_string()).unwrap(), &url(u))
    }

    fn sent(s: &Store, u: &str) -> Vec<String> {
        s.matching(&url(u))
            .iter()
            .map(|e| format!("{}={}", e.cookie.name(), e.cookie.value()))
            .collect()
    }

    #[test]
    fn host_only_and_domain_scopes() {
        let s = Store::default();
        assert!(set(&s, "h=1", "http://example.com/"));
        assert!(set(&s, "d=2; Domain=.Example.com", "http://example.com/"));
        assert!(!set(&s, "x=3; Domain=other.com", "http://example.com/"));
        assert_eq!(sent(&s, "http://example.com/"), ["h=1", "d=2"]);
        assert_eq!(sent(&s, "http://api.example.com/"), ["d=2"]);
        assert_eq!(sent(&s, "http://badexample.com/"), Vec::<String>::new());
        let all = s.all();
        assert_eq!(
            (all[0].domain.as_str(), all[0].host_only),
            ("example.com", true)
        );
        assert_eq!(
            (all[1].domain.as_str(), all[1].host_only),
            ("example.com", false)
        );
    }

    #[test]
    fn paths_order_and_defaults() {
        let s = Store::default();
        set(&s, "a=1; Path=/", "http://h/");
        set(&s, "b=2", "http://h/docs/page");
        set(&s, "c=3; Path=/docs/x", "http://h/");
        assert_eq!(sent(&s, "http://h/docs/x/y"), ["c=3", "b=2", "a=1"]);
        assert_eq!(sent(&s, "http://h/docsx"), ["a=1"]);
        assert_eq!(s.all()[1].path, "/docs");
    }

    #[test]
    fn expiry_secure_and_ips() {
        let s = Store::default();
        set(&s, "a=1; Max-Age=60", "http://h/");
        assert_eq!(sent(&s, "http://h/"), ["a=1"]);
        set(&s, "a=1; Max-Age=0", "http://h/");
        assert!(s.all().is_empty());
        assert!(!set(&s, "s=1; Secure", "http://h/"));
        assert!(set(&s, "s=1; Secure", "https://h/"));
        assert_eq!(sent(&s, "http://h/"), Vec::<String>::new());
        assert_eq!(sent(&s, "https://h/"), ["s=1"]);
        assert!(
            !set(&s, "s=2", "http://h/"),
            "an insecure origin shadows a Secure cookie"
        );
        set(&s, "ip=1; Domain=0.0.1", "http://127.0.0.1/");
        assert!(s.all().iter().all(|e| e.cookie.name() != "ip"));
        set(&s, "ip=1", "http://127.0.0.1/");
        assert_eq!(sent(&s, "http://127.0.0.1/"), ["ip=1"]);
    }

    #[test]
    fn a_replaced_cookie_keeps_its_place() {
        let s = Store::default();
        set(&s, "a=1", "http://h/");
        set(&s, "b=2", "http://h/");
        set(&s, "a=3", "http://h/");
        assert_eq!(sent(&s, "http://h/"), ["a=3", "b=2"]);
    }
}
