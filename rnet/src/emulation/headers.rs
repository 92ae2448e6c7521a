//! The navigation headers each browser family sends, in its order: rnet's correction of the
//! pinned wreq-util, whose Chrome and Firefox tables put `sec-fetch-*` in the wrong place and
//! lack `upgrade-insecure-requests` and `sec-fetch-user`. Checked against real Chromium and
//! Firefox captures (`tests/captures/`); the fixed values are the browsers' own.

use wreq::header::{HeaderMap, HeaderName, HeaderValue};

/// Where a header's value comes from.
enum Value {
    /// The profile's own value (it depends on the version or the platform); the header is
    /// left out when the profile has none (an older version that did not send it).
    Profile,
    /// The same in every version the family covers.
    Fixed(&'static str),
}
use Value::{Fixed, Profile};

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

/// The navigation order for a profile's family, if rnet corrects it. Safari and OkHttp are
/// right in the pinned tables once their `accept-encoding` is written (the workspace enables
/// wreq-util's `emulation-compression`).
fn navigate_order(profile_name: &str) -> Option<Order> {
    if ["Chrome", "Edge", "Opera"]
        .iter()
        .any(|f| profile_name.starts_with(f))
    {
        Some(CHROMIUM_NAVIGATE)
    } else if profile_name.starts_with("Firefox") {
        Some(FIREFOX_NAVIGATE)
    } else {
        None
    }
}

/// Rewrites `headers` (a profile's defaults) into its family's navigation set and order.
/// Headers the order does not name keep their place after the ordered ones.
pub(crate) fn navigate(profile_name: &str, headers: &mut HeaderMap) {
    let Some(order) = navigate_order(profile_name) else {
        return;
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
