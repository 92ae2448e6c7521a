//! Plain values that cross the host boundary, and their conversions, written once for every
//! host over the primitives of [`crate::convert::Host`].

use crate::convert::{hint, Host, Kind, Lift, Lower};
use bytes::Bytes;

/// A duration. Python passes seconds (`float`) or a `datetime.timedelta`; JS passes
/// milliseconds. Negative and NaN values are rejected by the host conversion.
#[rnet::export(input, output)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TimeDelta(pub std::time::Duration);

/// A Profile or an Emulation (a profile on a platform).
#[rnet::export(union)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmulationInput {
    Profile(crate::Profile),
    Emulation(crate::Emulation),
}

impl EmulationInput {
    pub fn emulation(self) -> crate::Emulation {
        match self {
            EmulationInput::Profile(p) => p.into(),
            EmulationInput::Emulation(e) => e,
        }
    }
}

/// A list of header names (case and order kept) or an OrigHeaderMap.
#[rnet::export(union)]
#[derive(Debug, Clone)]
pub enum OrigHeaderInput {
    Names(Vec<String>),
    Map(crate::OrigHeaderMap),
}

impl OrigHeaderInput {
    /// The names, with their case, in order.
    pub fn names(&self) -> Vec<String> {
        match self {
            OrigHeaderInput::Names(n) => n.clone(),
            OrigHeaderInput::Map(m) => m.names_vec(),
        }
    }
}

/// A point in time: Python `datetime.datetime` (naive means UTC), a JS `Date` or milliseconds
/// since the epoch.
#[rnet::export(input, output)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timestamp(pub std::time::SystemTime);

impl Timestamp {
    /// From (fractional) seconds since the Unix epoch; before 1970 is rejected.
    pub fn from_unix_secs(secs: f64, what: &str) -> crate::Result<Self> {
        if !secs.is_finite() || secs < 0.0 {
            return Err(crate::Error::Builder(format!(
                "{what} must be a time after 1970-01-01, got {secs} seconds"
            )));
        }
        Ok(Timestamp(
            std::time::UNIX_EPOCH + std::time::Duration::from_secs_f64(secs),
        ))
    }

    pub fn unix_secs(self) -> f64 {
        self.0
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs_f64())
            .unwrap_or(0.0)
    }
}

/// Headers: a HeaderMap, a list of (name, value) pairs, or a mapping of names to string values.
#[rnet::export(union)]
#[derive(Debug, Clone)]
pub enum HeaderInput {
    Headers(crate::HeaderMap),
    Pairs(StrPairs),
    Map(StrMap),
}

impl HeaderInput {
    /// The headers, validated: an invalid name or value is an error, never dropped.
    pub fn to_http(&self) -> crate::Result<http::HeaderMap> {
        match self {
            HeaderInput::Pairs(p) => header_map(p.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
            HeaderInput::Map(m) => header_map(m.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
            HeaderInput::Headers(h) => Ok(h.to_http()),
        }
    }
}

/// A mapping of names to string values (Python `Mapping[str, str]`, a JS object). Its own
/// type because napi reads anything, a number too, as an object: this one checks.
#[rnet::export(input)]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StrMap(pub indexmap::IndexMap<String, String>);

/// (name, value) string pairs: a Python sequence of 2-tuples; in JS any iterable of pairs
/// (an array, a `Headers`, a `Map`).
#[rnet::export(input)]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StrPairs(pub Vec<(String, String)>);

/// Any JSON value: a request's `json=` and the result of `Response.json()`.
#[rnet::export(input, output)]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Json(pub serde_json::Value);

/// `query` / `form` data: a mapping or a list of pairs; values are str, int, float or bool.
#[rnet::export(input)]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Pairs(pub Vec<(String, String)>);

impl Pairs {
    /// `a=1&b=x+y`: the `application/x-www-form-urlencoded` text.
    pub fn urlencoded(&self) -> String {
        url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&self.0)
            .finish()
    }
}

/// A request body: text or bytes (`Buffer`/`Uint8Array` in JS).
#[rnet::export(input)]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BodyInput(pub Bytes);

/// An HTTP status code: a Python `StatusCode` (an `int` with wreq-python's `is_success()` and
/// kin), a JS number.
#[rnet::export(output)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusCode(pub u16);

impl PartialEq<u16> for StatusCode {
    fn eq(&self, other: &u16) -> bool {
        self.0 == *other
    }
}

/// A file path: a string, or (Python) any `os.PathLike` such as `pathlib.Path`.
#[rnet::export(input)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathInput(pub String);

/// An IP address: a string, or (Python) an `ipaddress.IPv4Address` / `IPv6Address`.
#[rnet::export(input)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IpInput(pub String);

/// Response bytes: Python `bytes`, a JS `Buffer`.
#[rnet::export(output)]
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

/// Checks a duration given in (fractional) `unit`s of `unit_secs` seconds. The hosts put the
/// option's name before the message.
pub fn duration_from(value: f64, unit_secs: f64, unit: &str) -> crate::Result<TimeDelta> {
    if !value.is_finite() || value < 0.0 {
        return Err(crate::Error::Builder(format!(
            "a duration must be a finite, non-negative number of {unit}, got {value}"
        )));
    }
    std::time::Duration::try_from_secs_f64(value * unit_secs)
        .map(TimeDelta)
        .map_err(|e| crate::Error::Builder(format!("{value} {unit}: {e}")))
}

/// Parses an IP address option, naming it (as the host spells it) on failure.
pub fn ip_addr(what: &str, s: &IpInput) -> crate::Result<std::net::IpAddr> {
    let s = &s.0;
    s.parse()
        .map_err(|_| crate::Error::Builder(format!("`{what}` is not an IP address: {s:?}")))
}

/// `local_addresses=`: (IPv4 or None, IPv6 or None), the addresses to bind per family.
pub fn local_addresses(
    name: &str,
    pair: &(Option<IpInput>, Option<IpInput>),
) -> crate::Result<(Option<std::net::Ipv4Addr>, Option<std::net::Ipv6Addr>)> {
    Ok((
        one_family(name, "IPv4", &pair.0)?,
        one_family(name, "IPv6", &pair.1)?,
    ))
}

/// One entry of `local_addresses`, parsed as an address of `family`.
fn one_family<T: std::str::FromStr>(
    name: &str,
    family: &str,
    ip: &Option<IpInput>,
) -> crate::Result<Option<T>> {
    ip.as_ref()
        .map(|IpInput(s)| {
            s.parse().map_err(|_| {
                crate::Error::Builder(format!("`{name}`: not an {family} address: {s:?}"))
            })
        })
        .transpose()
}

impl<H: Host> Lift<H> for TimeDelta {
    fn lift(v: &H::Value<'_>) -> Result<Self, H::Error> {
        let (unit_secs, unit) = H::DURATION_UNIT;
        let secs = match H::kind(v) {
            Kind::Duration => H::duration(v)?,
            Kind::Number => H::number(v)? * unit_secs,
            _ => return Err(H::type_error(v, H::DURATION_EXPECTED)),
        };
        duration_from(secs / unit_secs, unit_secs, unit).map_err(|e| H::invalid(v, e))
    }
}

/// Python gets a `datetime.timedelta`, JS milliseconds.
impl<H: Host> Lower<H> for TimeDelta {
    fn lower<'v>(self, cx: H::Cx<'v>) -> Result<H::Value<'v>, H::Error> {
        H::new_duration(cx, self.0)
    }
}

impl<H: Host> Lift<H> for Timestamp {
    fn lift(v: &H::Value<'_>) -> Result<Self, H::Error> {
        let secs = match H::kind(v) {
            Kind::Date => H::time(v)?,
            Kind::Number => H::number(v)? * H::TIME_UNIT,
            _ => return Err(H::type_error(v, H::TIME_EXPECTED)),
        };
        Timestamp::from_unix_secs(secs, "a point in time").map_err(|e| H::invalid(v, e))
    }
}

/// An aware UTC `datetime.datetime`; a `Date`.
impl<H: Host> Lower<H> for Timestamp {
    fn lower<'v>(self, cx: H::Cx<'v>) -> Result<H::Value<'v>, H::Error> {
        H::new_time(cx, self.unix_secs())
    }
}

impl<H: Host> Lift<H> for Pairs {
    fn lift(v: &H::Value<'_>) -> Result<Self, H::Error> {
        fn scalar<H: Host>(v: &H::Value<'_>) -> Result<String, H::Error> {
            match H::kind(v) {
                Kind::Bool => Ok(if H::display(v)?.eq_ignore_ascii_case("true") {
                    "true".into()
                } else {
                    "false".into()
                }),
                Kind::Str | Kind::Number => H::display(v),
                _ => Err(H::type_error(v, "a string, number or bool")),
            }
        }
        let pairs = match H::kind(v) {
            Kind::Map => H::entries(v)?
                .into_iter()
                .map(|(k, v)| Ok((k, scalar::<H>(&v)?)))
                .collect::<Result<_, _>>()?,
            Kind::List => H::items(v)?
                .into_iter()
                .map(|pair| {
                    let not_pair = || H::type_error(&pair, "a (key, value) pair");
                    if H::kind(&pair) != Kind::List {
                        return Err(not_pair());
                    }
                    match H::items(&pair)?.as_slice() {
                        [k, v] if H::kind(k) == Kind::Str => Ok((H::str(k)?, scalar::<H>(v)?)),
                        _ => Err(not_pair()),
                    }
                })
                .collect::<Result<_, _>>()?,
            _ => {
                return Err(H::type_error(
                    v,
                    "a mapping or a list of (key, value) pairs",
                ))
            }
        };
        Ok(Pairs(pairs))
    }
}

impl<H: Host> Lift<H> for StrMap {
    fn lift(v: &H::Value<'_>) -> Result<Self, H::Error> {
        if H::kind(v) != Kind::Map {
            return Err(H::type_error(v, "a mapping of strings"));
        }
        let mut map = indexmap::IndexMap::new();
        for (k, value) in H::entries(v)? {
            if H::kind(&value) != Kind::Str {
                let e = H::type_error(&value, "a string");
                return Err(H::prefixed(&value, e, &format!("{k:?}: ")));
            }
            map.insert(k, H::str(&value)?);
        }
        Ok(StrMap(map))
    }
}

impl<H: Host> Lift<H> for StrPairs {
    fn lift(v: &H::Value<'_>) -> Result<Self, H::Error> {
        if H::kind(v) != Kind::List {
            return Err(H::type_error(v, "a list of (name, value) pairs"));
        }
        let pair = |p: &H::Value<'_>| -> Result<(String, String), H::Error> {
            let not_pair = || H::type_error(p, "a (name, value) pair of strings");
            if H::kind(p) != Kind::List {
                return Err(not_pair());
            }
            match H::items(p)?.as_slice() {
                [k, v] if H::kind(k) == Kind::Str && H::kind(v) == Kind::Str => {
                    Ok((H::str(k)?, H::str(v)?))
                }
                _ => Err(not_pair()),
            }
        };
        let pairs = H::items(v)?.iter().map(pair).collect::<Result<_, _>>()?;
        Ok(StrPairs(pairs))
    }
}

impl<H: Host> Lift<H> for BodyInput {
    fn lift(v: &H::Value<'_>) -> Result<Self, H::Error> {
        match H::kind(v) {
            Kind::Str => Ok(BodyInput(Bytes::from(H::str(v)?))),
            Kind::Bytes => Ok(BodyInput(H::bytes(v)?)),
            _ => Err(H::type_error(
                v,
                &format!("a string or {}", H::BYTES_EXPECTED),
            )),
        }
    }
}

/// Python `bytes`; a `Buffer` (one copy, into memory the host allocates and accounts for).
impl<H: Host> Lift<H> for PathInput {
    fn lift(v: &H::Value<'_>) -> Result<Self, H::Error> {
        text_like::<H>(v, crate::convert::TextLike::Path, "a path").map(PathInput)
    }
}

impl<H: Host> Lift<H> for IpInput {
    fn lift(v: &H::Value<'_>) -> Result<Self, H::Error> {
        text_like::<H>(v, crate::convert::TextLike::Ip, "an IP address").map(IpInput)
    }
}

/// A string, or a host object that stands for one (`pathlib.Path`, `ipaddress.IPv4Address`).
fn text_like<H: Host>(
    v: &H::Value<'_>,
    like: crate::convert::TextLike,
    what: &str,
) -> Result<String, H::Error> {
    if H::kind(v) == Kind::Str {
        return H::str(v);
    }
    H::text_like(v, like)?.ok_or_else(|| H::type_error(v, what))
}

impl<H: Host> Lower<H> for StatusCode {
    fn lower<'v>(self, cx: H::Cx<'v>) -> Result<H::Value<'v>, H::Error> {
        H::new_status(cx, self.0)
    }
}

impl<H: Host> Lower<H> for Buffer {
    fn lower<'v>(self, cx: H::Cx<'v>) -> Result<H::Value<'v>, H::Error> {
        H::own_bytes(cx, self.0)
    }
}

impl<H: Host> Lift<H> for Json {
    fn lift(v: &H::Value<'_>) -> Result<Self, H::Error> {
        H::json(v).map(Json)
    }
}

impl<H: Host> Lower<H> for Json {
    fn lower<'v>(self, cx: H::Cx<'v>) -> Result<H::Value<'v>, H::Error> {
        H::new_json(cx, self.0)
    }
}

hint!(
    TimeDelta,
    "float | datetime.timedelta",
    "datetime.timedelta",
    "number"
);

hint!(
    Timestamp,
    "datetime.datetime | float",
    "datetime.datetime",
    "Date | number"
);

hint!(
    Pairs,
    "Mapping[str, str | int | float | bool] | Sequence[tuple[str, str | int | float | bool]]",
    "Mapping[str, str | int | float | bool] | Sequence[tuple[str, str | int | float | bool]]",
    "Record<string, string | number | boolean> | Array<[string, string | number | boolean]>"
);

hint!(
    StrPairs,
    "Sequence[tuple[str, str]]",
    "list[tuple[str, str]]",
    "Iterable<[string, string]>"
);

hint!(
    StrMap,
    "Mapping[str, str]",
    "dict[str, str]",
    "Record<string, string>"
);

hint!(
    BodyInput,
    "str | bytes | bytearray",
    "bytes",
    "string | Uint8Array"
);

hint!(Buffer, "bytes", "bytes", "Buffer");

hint!(StatusCode, "int", "StatusCode", "number");

hint!(PathInput, "str | os.PathLike[str]", "str", "string");

hint!(
    IpInput,
    "str | ipaddress.IPv4Address | ipaddress.IPv6Address",
    "str",
    "string"
);

hint!(
    Json,
    "Any",
    "Any",
    "string | number | boolean | null | Array<Json> | { [key: string]: Json }"
);
