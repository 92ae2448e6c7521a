//! `HeaderMap`: a multi-map of header names to values, shared by requests and responses.

use crate::{
    convert::{hint, Host, Lower},
    types::{BodyInput, Buffer, HeaderInput, OrigHeaderInput},
    Error, Result,
};
use std::sync::{Arc, RwLock};

/// HTTP headers: case-insensitive names, several values per name, insertion order kept.
#[rnet::export]
#[derive(Clone, Default, Debug)]
pub struct HeaderMap {
    inner: Arc<RwLock<http::HeaderMap>>,
}

impl HeaderMap {
    pub fn from_http(map: http::HeaderMap) -> Self {
        HeaderMap {
            inner: Arc::new(RwLock::new(map)),
        }
    }

    /// Moves every value of `map` into one allocation of its own, so the map no longer keeps
    /// alive the buffer its values were parsed from (`host::UNPIN_RESPONSES`).
    pub fn unpin(map: &mut http::HeaderMap) {
        let mut all = bytes::BytesMut::with_capacity(map.values().map(|v| v.len()).sum());
        map.values()
            .for_each(|v| all.extend_from_slice(v.as_bytes()));
        let mut all = all.freeze();
        for v in map.values_mut() {
            let mine = all.split_to(v.len());
            // The same bytes, already valid as a header value.
            if let Ok(mut moved) = http::HeaderValue::from_maybe_shared(mine) {
                moved.set_sensitive(v.is_sensitive());
                *v = moved;
            }
        }
    }

    /// Sets each name in `other` to its values there, replacing what this map had for it.
    pub fn replace_all(&self, other: http::HeaderMap) {
        let mut map = self.write();
        for name in other.keys() {
            map.remove(name);
        }
        for (name, value) in &other {
            map.append(name.clone(), value.clone());
        }
    }

    /// A copy of the underlying map.
    /// The first value of `name`, if it is visible ASCII.
    pub fn first_str(&self, name: &str) -> Option<String> {
        self.read().get(name)?.to_str().ok().map(str::to_string)
    }

    pub fn to_http(&self) -> http::HeaderMap {
        self.read().clone()
    }

    pub(crate) fn read(&self) -> std::sync::RwLockReadGuard<'_, http::HeaderMap> {
        self.inner.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, http::HeaderMap> {
        self.inner.write().unwrap_or_else(|e| e.into_inner())
    }

    fn name(key: &str) -> Result<http::HeaderName> {
        http::HeaderName::from_bytes(key.as_bytes())
            .map_err(|_| Error::Builder(format!("invalid header name: {key:?}")))
    }

    fn value(key: &str, value: &str) -> Result<http::HeaderValue> {
        http::HeaderValue::from_str(value)
            .map_err(|_| Error::Builder(format!("invalid value for header {key:?}: {value:?}")))
    }
}

/// A header name or value as a result: `bytes` in Python (as wreq-python returns them), a
/// string in JS (as fetch's `Headers`; what is not UTF-8 is replaced, see `getBytes`).
#[rnet::export(output)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderText(pub bytes::Bytes);

impl<H: Host> Lower<H> for HeaderText {
    fn lower<'v>(self, cx: H::Cx<'v>) -> std::result::Result<H::Value<'v>, H::Error> {
        H::new_text_bytes(cx, &self.0)
    }
}

hint!(HeaderText, "bytes", "bytes", "string");

fn text(v: &http::HeaderValue) -> HeaderText {
    HeaderText(bytes::Bytes::copy_from_slice(v.as_bytes()))
}

fn name(k: &http::HeaderName) -> HeaderText {
    HeaderText(bytes::Bytes::copy_from_slice(k.as_str().as_bytes()))
}

#[rnet::export]
impl HeaderMap {
    /// Creates a header map, optionally from a mapping of names to values.
    #[rnet(constructor)]
    pub fn new(init: Option<HeaderInput>, capacity: Option<u32>) -> Result<Self> {
        let mut map = match init {
            Some(h) => h.to_http()?,
            None => http::HeaderMap::new(),
        };
        if let Some(n) = capacity {
            // A hint: room for that many values without reallocating.
            map.reserve((n as usize).min(1 << 15));
        }
        Ok(Self::from_http(map))
    }

    /// The first value for `key`, else `default` (by default `None`).
    pub fn get(&self, key: String, default: Option<BodyInput>) -> Option<HeaderText> {
        let found = self.read().get(key.as_str()).map(text);
        found.or(default.map(|d| HeaderText(d.0)))
    }

    /// Every value for `key`, in order.
    pub fn get_all(&self, key: String) -> Vec<HeaderText> {
        self.read().get_all(key.as_str()).iter().map(text).collect()
    }

    /// Sets `key` to `value`, replacing any existing values.
    pub fn insert(&self, key: String, value: String) -> Result<()> {
        let (n, v) = (Self::name(&key)?, Self::value(&key, &value)?);
        self.write().insert(n, v);
        Ok(())
    }

    /// Adds a value for `key`, keeping the existing ones.
    pub fn append(&self, key: String, value: String) -> Result<()> {
        let (n, v) = (Self::name(&key)?, Self::value(&key, &value)?);
        self.write().append(n, v);
        Ok(())
    }

    /// Removes every value for `key`.
    pub fn remove(&self, key: String) {
        self.write().remove(key.as_str());
    }

    /// Whether `key` has at least one value.
    pub fn contains_key(&self, key: String) -> bool {
        self.read().contains_key(key.as_str())
    }

    /// The distinct header names, lowercase, in order.
    pub fn keys(&self) -> Vec<HeaderText> {
        self.read().keys().map(name).collect()
    }

    /// Every value, in order.
    pub fn values(&self) -> Vec<HeaderText> {
        self.read().values().map(text).collect()
    }

    /// The first value for `key` as the bytes received (a value need not be UTF-8; `get`
    /// replaces what is not).
    pub fn get_bytes(&self, key: String) -> Option<Buffer> {
        self.read()
            .get(key.as_str())
            .map(|v| Buffer(bytes::Bytes::copy_from_slice(v.as_bytes())))
    }

    /// Every (name, value) pair with the values as the bytes received, in order.
    pub fn items_bytes(&self) -> Vec<(String, Buffer)> {
        self.read()
            .iter()
            .map(|(k, v)| {
                let value = Buffer(bytes::Bytes::copy_from_slice(v.as_bytes()));
                (k.as_str().to_string(), value)
            })
            .collect()
    }

    /// Every (name, value) pair, in order; a name with several values appears several times.
    pub fn items(&self) -> Vec<(HeaderText, HeaderText)> {
        self.read()
            .iter()
            .map(|(k, v)| (name(k), text(v)))
            .collect()
    }

    /// The number of values (a name with two values counts twice).
    pub fn len(&self) -> u32 {
        self.read().len() as u32
    }

    /// The number of distinct names.
    pub fn keys_len(&self) -> u32 {
        self.read().keys_len() as u32
    }

    /// Whether the map has no headers.
    pub fn is_empty(&self) -> bool {
        self.read().is_empty()
    }

    /// Removes every header.
    pub fn clear(&self) {
        self.write().clear();
    }
}

/// Python's mapping protocol (`headers["x"]`, `"x" in headers`, `len(headers)`); JS has
/// `get`/`set`-style methods and iteration from `index.js`. `__iter__` is in `host/python`.
#[rnet::export]
impl HeaderMap {
    #[rnet(python(name = "__getitem__"), skip(node))]
    pub fn py_getitem(&self, key: String) -> Option<HeaderText> {
        self.get(key, None)
    }

    #[rnet(python(name = "__setitem__"), skip(node))]
    pub fn py_setitem(&self, key: String, value: String) -> Result<()> {
        self.insert(key, value)
    }

    #[rnet(python(name = "__delitem__"), skip(node))]
    pub fn py_delitem(&self, key: String) {
        self.remove(key)
    }

    #[rnet(python(name = "__contains__"), skip(node))]
    pub fn py_contains(&self, key: String) -> bool {
        self.contains_key(key)
    }

    #[rnet(python(name = "__len__"), skip(node))]
    pub fn py_len(&self) -> usize {
        self.len() as usize
    }

    #[rnet(python(name = "__repr__"), skip(node))]
    pub fn py_repr(&self) -> String {
        let lossy = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        let items: Vec<(String, String)> = (self.read().iter())
            .map(|(k, v)| (k.as_str().to_string(), lossy(v.as_bytes())))
            .collect();
        format!("HeaderMap({items:?})")
    }
}

impl OrigHeaderInput {
    pub fn to_wreq(&self) -> wreq::header::OrigHeaderMap {
        let names = self.names();
        let mut map = wreq::header::OrigHeaderMap::with_capacity(names.len());
        for name in names {
            map.insert(name);
        }
        map
    }
}

/// Header names with their original case, in the order they should be sent. Names that are
/// not listed follow, in their usual order.
#[rnet::export]
#[derive(Clone, Default, Debug)]
pub struct OrigHeaderMap {
    names: Arc<RwLock<Vec<String>>>,
}

impl OrigHeaderMap {
    pub fn names_vec(&self) -> Vec<String> {
        self.names.read().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

#[rnet::export]
impl OrigHeaderMap {
    /// Creates a map, optionally from a list of header names.
    #[rnet(constructor)]
    pub fn new(init: Option<OrigHeaderInput>, capacity: Option<u32>) -> Result<Self> {
        let map = OrigHeaderMap::default();
        if let Some(n) = capacity {
            // A hint: room for that many names without reallocating.
            map.names
                .write()
                .unwrap_or_else(|e| e.into_inner())
                .reserve((n as usize).min(1 << 15));
        }
        if let Some(init) = init {
            map.extend(init)?;
        }
        Ok(map)
    }

    /// Adds a name (case kept). Returns false if a name equal ignoring case was already there.
    pub fn insert(&self, value: String) -> Result<bool> {
        let name = value;
        http::HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::Builder(format!("invalid header name: {name:?}")))?;
        let mut names = self.names.write().unwrap_or_else(|e| e.into_inner());
        if names.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
            return Ok(false);
        }
        names.push(name);
        Ok(true)
    }

    /// Adds every name of `other`, in order.
    pub fn extend(&self, other: OrigHeaderInput) -> Result<()> {
        for name in other.names() {
            self.insert(name)?;
        }
        Ok(())
    }

    /// The names, in order, with their case.
    pub fn names(&self) -> Vec<String> {
        self.names_vec()
    }

    /// The number of names.
    pub fn len(&self) -> u32 {
        self.names.read().unwrap_or_else(|e| e.into_inner()).len() as u32
    }

    /// Whether the map is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
