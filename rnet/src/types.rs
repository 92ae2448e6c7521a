//! Plain values that cross the host boundary. Each host converts them in `host/`:
//! this file says what they mean, not how a host spells them.

use bytes::Bytes;

/// A duration. Python passes seconds (`float`) or a `datetime.timedelta`; JS passes
/// milliseconds. Negative and NaN values are rejected by the host conversion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TimeDelta(pub std::time::Duration);

/// `emulation=`: a `Profile`, or an `Emulation` (a profile on a platform).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmulationInput(pub crate::emulation::Emulation);

/// `orig_headers=`: header names with the case and order to send them in, as a list of
/// names or an `OrigHeaderMap`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrigHeaderInput(pub Vec<String>);

/// Headers given by the caller: a mapping of name to value, or a `HeaderMap`.
/// Invalid names or values are rejected at conversion, never dropped.
#[derive(Debug, Clone, Default)]
pub struct HeaderInput(pub http::HeaderMap);

/// Any JSON value: a request's `json=` and the result of `Response.json()`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Json(pub serde_json::Value);

/// `query` / `form` data: a mapping or a list of pairs; values are str, int, float or bool.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Pairs(pub Vec<(String, String)>);

/// A request body: text or bytes (`Buffer`/`Uint8Array` in JS).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BodyInput(pub Bytes);

/// Response bytes: Python `bytes`, a JS `Buffer`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Buffer(pub Bytes);

/// Builds a header map from name/value pairs, naming the culprit on failure.
pub fn header_map<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> crate::Result<http::HeaderMap> {
    let mut map = http::HeaderMap::new();
    for (k, v) in pairs {
        let name = http::HeaderName::from_bytes(k.as_bytes())
            .map_err(|_| crate::Error::Builder(format!("invalid header name: {k:?}")))?;
        let value = http::HeaderValue::from_str(v)
            .map_err(|_| crate::Error::Builder(format!("invalid value for header {k:?}: {v:?}")))?;
        map.append(name, value);
    }
    Ok(map)
}

/// Checks a duration given in (fractional) units of `unit_secs` seconds.
pub fn duration_from(value: f64, unit_secs: f64, what: &str) -> crate::Result<TimeDelta> {
    if !value.is_finite() || value < 0.0 {
        return Err(crate::Error::Builder(format!(
            "{what} must be a finite, non-negative duration, got {value}"
        )));
    }
    std::time::Duration::try_from_secs_f64(value * unit_secs)
        .map(TimeDelta)
        .map_err(|e| crate::Error::Builder(format!("{what}: {e}")))
}
