//! The headers each browser family sends for each request mode, in its order, and the priority
//! on the HEADERS frame: rnet's correction of the pinned wreq-util, whose Chrome and Firefox
//! tables put `sec-fetch-*` in the wrong place, lack `upgrade-insecure-requests` and
//! `sec-fetch-user`, and know only navigations. Checked against real Chromium and Firefox
//! captures (`fixture/captures/`); the fixed values are the browsers' own.

use super::RequestMode;
use wreq::{
    header::{HeaderMap, HeaderName, HeaderValue},
    http2::{Http2Options, StreamDependency, StreamId},
};

/// Where a header's value comes from.
enum Value {
    /// The profile's own value (it depends on the version or the platform); the header is
    /// left out when the profile has none (an older version that did not send it).
    Profile,
    /// The same in every version the family covers.
    Fixed(&'static str),
    /// This value, where the profile sends the header at all (versions before `priority`
    /// existed do not get one).
    Replaced(&'static str),
}
use Value::{Fixed, Profile, Replaced};

type Order = &'static [(&'static str, Value)];

/// Chrome, Edge and Opera, as Chromium 156 sends a top-level navigation.
const CHROMIUM_NAVIGATE: Order = &[
    ("sec-ch-ua", Profile),
    ("sec-ch-ua-mobile", Profile),
    ("sec-ch-ua-platform", Profile),
    ("upgrade-insecure-requests", Fixed("1")),
    ("user-agent", Profile),
    ("accept", Profile),
    ("sec-fetch-site", Fixed("none")),
    ("sec-fetch-mode", Fixed("navigate")),
    ("sec-fetch-user", Fixed("?1")),
    ("sec-fetch-dest", Fixed("document")),
    ("accept-encoding", Profile),
    ("accept-language", Profile),
    ("priority", Profile),
];

/// Firefox (desktop, private, Android), as Firefox ESR 153 sends a top-level navigation.
const FIREFOX_NAVIGATE: Order = &[
    ("user-agent", Profile),
    ("accept", Profile),
    ("accept-language", Profile),
    ("accept-encoding", Profile),
    ("upgrade-insecure-requests", Fixed("1")),
    ("sec-fetch-dest", Fixed("document")),
    ("sec-fetch-mode", Fixed("navigate")),
    ("sec-fetch-site", Fixed("none")),
    ("sec-fetch-user", Fixed("?1")),
    ("priority", Profile),
    ("te", Profile),
];

/// Chrome, Edge and Opera, as Chromium 156 sends a page's `fetch()` (same origin). The
/// `referer` it also sends names the page, which only the caller knows.
const CHROMIUM_FETCH: Order = &[
    ("sec-ch-ua-platform", Profile),
    ("user-agent", Profile),
    ("sec-ch-ua", Profile),
    ("sec-ch-ua-mobile", Profile),
    ("accept", Fixed("*/*")),
    ("sec-fetch-site", Fixed("same-origin")),
    ("sec-fetch-mode", Fixed("cors")),
    ("sec-fetch-dest", Fixed("empty")),
    ("accept-encoding", Profile),
    ("accept-language", Profile),
    ("priority", Replaced("u=1, i")),
];

/// Firefox, as Firefox ESR 153 sends a page's `fetch()` (same origin).
const FIREFOX_FETCH: Order = &[
    ("user-agent", Profile),
    ("accept", Fixed("*/*")),
    ("accept-language", Profile),
    ("accept-encoding", Profile),
    ("sec-fetch-dest", Fixed("empty")),
    ("sec-fetch-mode", Fixed("cors")),
    ("sec-fetch-site", Fixed("same-origin")),
    ("priority", Replaced("u=4")),
    ("te", Profile),
];

/// A family's header orders and HEADERS-frame priorities (weight, exclusive) per mode.
struct Family {
    navigate: Order,
    fetch: Order,
    navigate_priority: (u16, bool),
    fetch_priority: (u16, bool),
}

/// Chromium gives a navigation HIGHEST priority (weight 256) and a fetch() MEDIUM (220);
/// wreq-util's tables send 220 for everything.
const CHROMIUM: Family = Family {
    navigate: CHROMIUM_NAVIGATE,
    fetch: CHROMIUM_FETCH,
    navigate_priority: (256, true),
    fetch_priority: (220, true),
};

/// Firefox ESR 153: 42 for a navigation, 22 for a fetch(), never exclusive (captured).
const FIREFOX: Family = Family {
    navigate: FIREFOX_NAVIGATE,
    fetch: FIREFOX_FETCH,
    navigate_priority: (42, false),
    fetch_priority: (22, false),
};

/// The family of a profile, if rnet corrects it. Safari and OkHttp are right in the pinned
/// tables once their `accept-encoding` is written (the workspace enables wreq-util's
/// `emulation-compression`), and they know no other mode.
fn family(profile_name: &str) -> Option<&'static Family> {
    if ["Chrome", "Edge", "Opera"]
        .iter()
        .any(|f| profile_name.starts_with(f))
    {
        Some(&CHROMIUM)
    } else if profile_name.starts_with("Firefox") {
        Some(&FIREFOX)
    } else {
        None
    }
}

/// Whether `mode` can be emulated for this profile.
pub(crate) fn supports(profile_name: &str, mode: RequestMode) -> bool {
    mode == RequestMode::Navigate || family(profile_name).is_some()
}

/// Sets the HEADERS frame's priority for `mode`, where the profile sends one on stream 0 (the
/// scheme of current browsers; older Firefox profiles depend on PRIORITY-frame streams and
/// are left as they are).
pub(crate) fn priority(profile_name: &str, mode: RequestMode, h2: &mut Http2Options) {
    let Some(family) = family(profile_name) else {
        return;
    };
    let Some(current) = h2.headers_stream_dependency else {
        return;
    };
    if current.dependency_id() != StreamId::zero() {
        return;
    }
    let (weight, exclusive) = match mode {
        RequestMode::Navigate => family.navigate_priority,
        RequestMode::Fetch => family.fetch_priority,
    };
    // The frame carries weight - 1.
    let weight = u8::try_from(weight - 1).unwrap_or(u8::MAX);
    h2.headers_stream_dependency = Some(StreamDependency::new(StreamId::zero(), weight, exclusive));
}

/// Rewrites `headers` (a profile's defaults) into its family's set and order for `mode`.
/// Headers the order does not name keep their place after the ordered ones.
pub(crate) fn rewrite(profile_name: &str, mode: RequestMode, headers: &mut HeaderMap) {
    let Some(family) = family(profile_name) else {
        return;
    };
    let order = match mode {
        RequestMode::Navigate => family.navigate,
        RequestMode::Fetch => family.fetch,
    };
    let mut out = HeaderMap::with_capacity(headers.len() + 2);
    for (name, value) in order {
        let name = HeaderName::from_static(name);
        match value {
            Fixed(v) => {
                out.insert(name.clone(), HeaderValue::from_static(v));
            }
            Profile => {
                if let Some(v) = headers.get(&name) {
                    out.insert(name.clone(), v.clone());
                }
            }
            Replaced(v) => {
                if headers.contains_key(&name) {
                    out.insert(name.clone(), HeaderValue::from_static(v));
                }
            }
        }
        headers.remove(&name);
    }
    // `drain` names a header once, then yields its further values with no name.
    let mut last: Option<HeaderName> = None;
    for (name, value) in headers.drain() {
        if let Some(name) = name {
            last = Some(name);
        }
        if let Some(name) = &last {
            out.append(name.clone(), value);
        }
    }
    *headers = out;
}
