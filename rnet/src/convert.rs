//! Values across the host boundary, written once. A host (Python, Node) implements [`Host`]:
//! a handful of primitives over its own values (read a string, list a sequence, make a date…).
//! Every boundary type then converts in one place, generic over the host: [`Lift`] reads it
//! from a host value, [`Lower`] makes one. Records and unions get their `Lift` from
//! `#[rnet::export]`, also generic; the hosts only bridge these traits to PyO3's and napi's.

use bytes::Bytes;
use std::{future::Future, pin::Pin, sync::Arc};

/// What a host value is, as far as the boundary types care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Str,
    /// `bytes`/`bytearray`; a `Uint8Array` or `Buffer`.
    Bytes,
    /// An int or a float (never a bool).
    Number,
    Bool,
    /// A list or tuple; an array.
    List,
    /// A dict; a plain object.
    Map,
    /// `None`; `null` or `undefined`.
    Null,
    Function,
    /// `datetime.datetime`; a `Date`.
    Date,
    /// `datetime.timedelta` (JS has none).
    Duration,
    Other,
}

/// What a host object may stand for, where text is taken ([`Host::text_like`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextLike {
    Path,
    Ip,
}

/// How a host's users spell option names: `read_timeout`, `readTimeout`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Naming {
    Python,
    Js,
}

/// Who started the current work, as its host records it (Python: the `contextvars` context
/// and event loop; Node: the async context): a host function the core calls during that work
/// runs as that caller. Set by the host where the work starts; the core only carries it along,
/// across a hop to a client's own runtime (`client_runtime::Assigned::run`).
pub type Caller = Arc<dyn std::any::Any + Send + Sync>;

tokio::task_local! {
    static CALLER: Option<Caller>;
}

/// Set once any host function has been handed to the core (`Host::function`): until then no
/// call pays for recording its caller.
static CALLERS_NEEDED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether a host function exists that a call might reach, so callers are worth recording.
pub fn callers_needed() -> bool {
    CALLERS_NEEDED.load(std::sync::atomic::Ordering::Relaxed)
}

/// Called by a host as it makes a host function.
pub fn need_callers() {
    CALLERS_NEEDED.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// The current work's caller, if its host recorded one.
pub fn caller() -> Option<Caller> {
    CALLER.try_with(|c| c.clone()).ok().flatten()
}

/// `fut`, run as `caller`: [`caller`] gives it back anywhere inside.
pub fn as_caller<F: Future>(caller: Option<Caller>, fut: F) -> impl Future<Output = F::Output> {
    CALLER.scope(caller, fut)
}

/// A host function, called from any thread: the result, or what it raised.
pub type HostFn<A, R> =
    Arc<dyn Fn(A) -> Pin<Box<dyn Future<Output = Result<R, HostFailure>> + Send>> + Send + Sync>;

/// What a host function raised or threw (or why it could not be called): its text, and the
/// host's own error to hand back as the cause of the error it becomes.
#[derive(Debug, Clone)]
pub struct HostFailure {
    pub message: String,
    pub cause: crate::body::Cause,
}

impl HostFailure {
    /// A failure the host did not raise (the interpreter is going away, a closed loop).
    pub fn new(message: impl Into<String>) -> Self {
        HostFailure {
            message: message.into(),
            cause: crate::body::Cause::default(),
        }
    }
}

impl std::fmt::Display for HostFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for HostFailure {}

/// The primitives a host provides. `Value<'v>` is one of its values; `Cx<'v>` is what making
/// a value needs (the GIL token, the napi env).
pub trait Host: Sized + 'static {
    type Value<'v>: Clone;
    type Cx<'v>: Copy;
    type Error;

    const NAMING: Naming;
    /// A duration as a bare number: seconds per unit, and the unit's name.
    const DURATION_UNIT: (f64, &'static str);
    /// What a duration may be, for messages.
    const DURATION_EXPECTED: &'static str;
    /// A point in time as a bare number since the epoch: seconds per unit.
    const TIME_UNIT: f64;
    /// What a point in time may be, for messages.
    const TIME_EXPECTED: &'static str;
    /// What bytes may be, for messages.
    const BYTES_EXPECTED: &'static str;
    /// What a request body may be, for messages.
    const BODY_EXPECTED: &'static str;
    /// What an options record may be, for messages.
    const RECORD_EXPECTED: &'static str;

    fn kind(v: &Self::Value<'_>) -> Kind;
    /// The value's type as the host's users name it, for messages.
    fn type_name(v: &Self::Value<'_>) -> String;
    fn str(v: &Self::Value<'_>) -> Result<String, Self::Error>;
    fn bytes(v: &Self::Value<'_>) -> Result<Bytes, Self::Error>;
    fn number(v: &Self::Value<'_>) -> Result<f64, Self::Error>;
    /// A string or number as the host itself prints it (`str(1.5)`, `String(1.5)`).
    fn display(v: &Self::Value<'_>) -> Result<String, Self::Error>;
    fn items<'v>(v: &Self::Value<'v>) -> Result<Vec<Self::Value<'v>>, Self::Error>;
    fn entries<'v>(v: &Self::Value<'v>) -> Result<Vec<(String, Self::Value<'v>)>, Self::Error>;
    /// A `Kind::Date` as seconds since the Unix epoch (naive Python datetimes are UTC).
    fn time(v: &Self::Value<'_>) -> Result<f64, Self::Error>;
    /// A `Kind::Duration` in seconds (a host without a duration type has none).
    fn duration(v: &Self::Value<'_>) -> Result<f64, Self::Error> {
        Err(Self::type_error(v, Self::DURATION_EXPECTED))
    }
    fn json(v: &Self::Value<'_>) -> Result<serde_json::Value, Self::Error>;
    /// A streamed request body: a Python iterator or async iterator; the JS layer's `BodySink`.
    fn body_stream(v: &Self::Value<'_>) -> Result<crate::body::BodyStream, Self::Error>;
    /// An `AbortSignal` (JS only: Python cancels the awaiting task instead).
    fn abort_signal(v: &Self::Value<'_>) -> Result<crate::cancel::Signal, Self::Error>;
    /// A function as a callable from any thread, with its argument and result converted; a
    /// result that does not convert fails with "must return {returns}".
    fn function<A, R>(
        v: &Self::Value<'_>,
        returns: &'static str,
    ) -> Result<HostFn<A, R>, Self::Error>
    where
        A: ToHost<Self> + Send + 'static,
        R: FromHost<Self> + Send + 'static;

    /// One host bytes object holding `parts` end to end (one copy, however many parts).
    fn new_bytes<'v>(cx: Self::Cx<'v>, parts: &[&[u8]]) -> Result<Self::Value<'v>, Self::Error>;
    /// A host bytes object with `b`'s contents; a host that can lend it `b` instead of a copy
    /// (Node, for large bodies) overrides this.
    fn own_bytes<'v>(cx: Self::Cx<'v>, b: bytes::Bytes) -> Result<Self::Value<'v>, Self::Error> {
        Self::new_bytes(cx, &[&b])
    }
    /// A host bytes-like object over `b` itself, never a copy (`View`): it keeps `b` alive
    /// while the host holds it. Python overrides this (a read-only `memoryview`); a Node
    /// Buffer from `own_bytes` already shares `b` from 1 KiB, and a copy below that is cheaper.
    fn view_bytes<'v>(cx: Self::Cx<'v>, b: bytes::Bytes) -> Result<Self::Value<'v>, Self::Error> {
        Self::own_bytes(cx, b)
    }
    fn new_time<'v>(cx: Self::Cx<'v>, unix_secs: f64) -> Result<Self::Value<'v>, Self::Error>;
    fn new_duration<'v>(
        cx: Self::Cx<'v>,
        d: std::time::Duration,
    ) -> Result<Self::Value<'v>, Self::Error>;
    fn new_json<'v>(cx: Self::Cx<'v>, v: serde_json::Value)
        -> Result<Self::Value<'v>, Self::Error>;
    /// The text of a host object standing for a `like` (Python: an `os.PathLike`, an
    /// `ipaddress` address); `None` if `v` is not one. Hosts without such objects have none.
    fn text_like(_v: &Self::Value<'_>, _like: TextLike) -> Result<Option<String>, Self::Error> {
        Ok(None)
    }
    /// Header text as received: a string where the host's users expect text (JS, as fetch's
    /// `Headers`; what is not UTF-8 is replaced), bytes where they expect bytes (Python, as
    /// wreq-python).
    fn new_text_bytes<'v>(cx: Self::Cx<'v>, b: &[u8]) -> Result<Self::Value<'v>, Self::Error> {
        Self::new_json(cx, String::from_utf8_lossy(b).into())
    }
    /// `text` as the host object that stands for a `like` (Python: an `ipaddress` address, a
    /// `pathlib.Path`); plain text where the host has none.
    fn new_text_like<'v>(
        cx: Self::Cx<'v>,
        _like: TextLike,
        text: &str,
    ) -> Result<Self::Value<'v>, Self::Error> {
        Self::new_json(cx, text.into())
    }
    /// An HTTP status code: a plain number unless the host has a type for it.
    fn new_status<'v>(cx: Self::Cx<'v>, code: u16) -> Result<Self::Value<'v>, Self::Error> {
        Self::new_json(cx, code.into())
    }

    /// The host's type error: "expected {expected}, got {type}".
    fn type_error(v: &Self::Value<'_>, expected: &str) -> Self::Error {
        let msg = format!("expected {expected}, got {}", Self::type_name(v));
        Self::plain_type_error(v, msg)
    }
    /// An invalid value of the right type (a negative duration): the host's `BuilderError`.
    fn invalid(v: &Self::Value<'_>, e: crate::Error) -> Self::Error;
    /// Whether `e` is a type mismatch (as opposed to an invalid value, or another failure).
    fn is_type_error(e: &Self::Error) -> bool;
    /// `e` with `prefix` before its message: a type mismatch becomes the host's type error,
    /// any other error keeps its class.
    fn prefixed(v: &Self::Value<'_>, e: Self::Error, prefix: &str) -> Self::Error;
    /// The message of `e`, without its class.
    fn message(e: &Self::Error) -> String;
    fn plain_type_error(v: &Self::Value<'_>, msg: String) -> Self::Error;

    /// A record's entries: keyword arguments or a dict; an object. None / `undefined` is empty.
    fn record_entries<'v>(
        v: &Self::Value<'v>,
        type_name: &str,
    ) -> Result<Vec<(String, Self::Value<'v>)>, Self::Error> {
        match Self::kind(v) {
            Kind::Null => Ok(Vec::new()),
            Kind::Map => Self::entries(v),
            _ => {
                let (want, got) = (Self::RECORD_EXPECTED, Self::type_name(v));
                Err(Self::plain_type_error(
                    v,
                    format!("{type_name} must be {want}, got {got}"),
                ))
            }
        }
    }
    /// A key no field of `type_name` has.
    fn unknown_option(
        v: &Self::Value<'_>,
        type_name: &str,
        key: &str,
        keys: &[&str],
    ) -> Self::Error;
}

/// How a boundary value is spelled in the hosts' type hints: the Python stubs (what an
/// argument accepts, what a result is) and the TypeScript alias napi's `native.d.ts` declares
/// under the type's name. Implemented beside the type's `Lift` / `Lower`.
pub trait Hint {
    const PYTHON_IN: &'static str;
    const PYTHON_OUT: &'static str;
    const TS: &'static str;
}

/// Writes `parts` end to end into `dst`, whose length is their total: the hosts' `new_bytes`,
/// into memory each host allocates.
#[cfg_attr(not(any(feature = "python", feature = "node")), allow(dead_code))]
pub(crate) fn concat_into(dst: &mut [u8], parts: &[&[u8]]) {
    let mut at = 0;
    for p in parts {
        dst[at..at + p.len()].copy_from_slice(p);
        at += p.len();
    }
}

/// `hint!(Type, python_in, python_out, ts)`: a [`Hint`] impl.
macro_rules! hint {
    ($ty:ty, $python_in:literal, $python_out:literal, $ts:literal) => {
        impl $crate::convert::Hint for $ty {
            const PYTHON_IN: &'static str = $python_in;
            const PYTHON_OUT: &'static str = $python_out;
            const TS: &'static str = $ts;
        }
    };
}
pub(crate) use hint;

/// Reads a boundary type from a host value: written once per type, for every host.
pub trait Lift<H: Host>: Sized {
    fn lift(v: &H::Value<'_>) -> Result<Self, H::Error>;
}

/// Makes a host value from a boundary type.
pub trait Lower<H: Host> {
    fn lower<'v>(self, cx: H::Cx<'v>) -> Result<H::Value<'v>, H::Error>;
}

/// Anything the host can read: its own conversions (strings, classes, lists…) and, through
/// the bridges the macro writes, every `Lift`. Implemented by each host, once.
pub trait FromHost<H: Host>: Sized {
    fn from_host(v: &H::Value<'_>) -> Result<Self, H::Error>;
}

/// Anything the host can make (see [`FromHost`]).
pub trait ToHost<H: Host> {
    fn to_host<'v>(self, cx: H::Cx<'v>) -> Result<H::Value<'v>, H::Error>;
}

/// A record's keys, in the host's naming, its flattened records' included: for the message
/// that names the keys a record does have.
pub trait RecordKeys {
    fn keys(naming: Naming, out: &mut Vec<&'static str>);
}

/// Sets the field a key names (in `H`'s naming), looking into flattened records too; `false`
/// when no field has that name. `type_name` is the outermost record's, for messages.
pub trait SetField<H: Host> {
    fn set_field(
        &mut self,
        type_name: &str,
        key: &str,
        value: &H::Value<'_>,
    ) -> Result<bool, H::Error>;
}

/// Reads a record: each key must name a field; missing fields keep `Default`.
pub fn read_record<H: Host, R: RecordKeys + SetField<H> + Default>(
    v: &H::Value<'_>,
    type_name: &str,
) -> Result<R, H::Error> {
    let mut out = R::default();
    for (key, value) in H::record_entries(v, type_name)? {
        if !out.set_field(type_name, &key, &value)? {
            let mut keys = Vec::new();
            R::keys(H::NAMING, &mut keys);
            return Err(H::unknown_option(v, type_name, &key, &keys));
        }
    }
    Ok(out)
}

/// One record field, naming the option when the value is wrong.
pub fn field<H: Host, T: FromHost<H>>(
    v: &H::Value<'_>,
    type_name: &str,
    key: &str,
) -> Result<T, H::Error> {
    T::from_host(v).map_err(|e| H::prefixed(v, e, &format!("option '{key}' of {type_name}: ")))
}

/// No variant of a union accepted the value. A variant that recognised the value but found it
/// invalid (a bad header name) reports that; otherwise a type error names what was expected
/// and, from the first variant (the usual spelling), why the value did not fit.
pub fn union_error<H: Host>(v: &H::Value<'_>, expected: &str, errors: Vec<H::Error>) -> H::Error {
    let why = errors
        .first()
        .map(|e| H::message(e))
        .filter(|m| !m.is_empty())
        .map(|m| format!(" ({m})"))
        .unwrap_or_default();
    let mut invalid = errors.into_iter().filter(|e| !H::is_type_error(e));
    if let (Some(e), None) = (invalid.next(), invalid.next()) {
        return e;
    }
    H::plain_type_error(
        v,
        format!("expected {expected}, got {}{why}", H::type_name(v)),
    )
}

/// A result as the blocking API (Python's `rnet.blocking`) returns it: a class with a blocking
/// twin becomes the twin, containers convert their items, anything else is itself. The macro
/// implements it for every exported class, enum and output value.
pub trait IntoBlocking {
    type Blocking;
    fn into_blocking(self) -> Self::Blocking;
}

macro_rules! itself {
    ($($t:ty),*) => {$(
        impl IntoBlocking for $t {
            type Blocking = Self;
            fn into_blocking(self) -> Self {
                self
            }
        }
    )*};
}

itself!(
    (),
    bool,
    u8,
    u16,
    u32,
    u64,
    i32,
    i64,
    f64,
    String,
    std::collections::HashMap<String, String>,
    indexmap::IndexMap<String, String>
);

impl<T: IntoBlocking> IntoBlocking for Vec<T> {
    type Blocking = Vec<T::Blocking>;
    fn into_blocking(self) -> Self::Blocking {
        self.into_iter().map(T::into_blocking).collect()
    }
}

impl<T: IntoBlocking> IntoBlocking for Option<T> {
    type Blocking = Option<T::Blocking>;
    fn into_blocking(self) -> Self::Blocking {
        self.map(T::into_blocking)
    }
}

impl<A: IntoBlocking, B: IntoBlocking> IntoBlocking for (A, B) {
    type Blocking = (A::Blocking, B::Blocking);
    fn into_blocking(self) -> Self::Blocking {
        (self.0.into_blocking(), self.1.into_blocking())
    }
}

impl<A: IntoBlocking, B: IntoBlocking, C: IntoBlocking> IntoBlocking for (A, B, C) {
    type Blocking = (A::Blocking, B::Blocking, C::Blocking);
    fn into_blocking(self) -> Self::Blocking {
        (
            self.0.into_blocking(),
            self.1.into_blocking(),
            self.2.into_blocking(),
        )
    }
}
