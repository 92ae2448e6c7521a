//! rnet: a browser-grade HTTP client (wreq + BoringSSL), exported to Python and Node from this
//! one annotated source tree.
//!
//! Every public type carries `#[rnet::export]`; the macro writes the PyO3 and napi bindings
//! behind the `python` and `node` features. Hand-written host glue lives in [`host`].

// The macro emits `::rnet::..` paths; this makes them resolve inside rnet itself.
extern crate self as rnet;

pub use rnet_macros::export;

pub mod addr;
pub mod body;
pub mod bridge;
pub mod cancel;
pub mod client;
pub mod client_runtime;
pub mod convert;
pub mod cookie;
pub mod cookie_file;
pub mod cookie_store;
pub mod dns;
pub mod echo;
pub mod emulation;
pub mod error;
pub mod header;
pub mod hooks;
pub mod http;
pub mod http2;
pub mod multipart;
pub mod proxy;
pub mod proxy_pool;
pub mod redirect;
pub mod request;
pub mod response;
pub mod retry;
pub mod runtime;
pub mod stream;
mod testing;
pub mod timing;
pub mod tls;
pub mod types;
pub mod websocket;

pub(crate) mod host;

pub use client::{
    delete, get, head, options, patch, post, put, request, trace, Client, ClientConfig,
};
pub use client_runtime::{Runtime, RuntimeConfig};
pub use cookie::{Cookie, Jar, SameSite};
pub use cookie_file::CookieFormat;
pub use dns::{DnsOptions, LookupIpStrategy};
pub use echo::FingerprintEcho;
pub use emulation::{Emulation, EmulationConfig, Platform, Profile, RequestMode};
pub use error::{Error, Result};
pub use header::{HeaderMap, OrigHeaderMap};
pub use http::{Method, Version};
pub use http2::{Http1Options, Http2Options, PseudoId, SettingId};
pub use multipart::{Multipart, Part};
pub use proxy::Proxy;
pub use redirect::{History, Policy};
pub use request::{CommonRequestConfig, RequestConfig};
pub use response::Response;
pub use retry::{Retry, RetryConfig, RetryOn};
pub use stream::{Streamer, ViewStreamer};
pub use tls::{
    AlpnProtocol, AlpsProtocol, CertStore, CertificateCompressionAlgorithm, ExtensionType,
    Identity, KeyLog, KeyShare, TlsOptions, TlsVersion,
};
pub use websocket::{Message, WebSocket, WebSocketConfig};

/// Support items for the code `#[rnet::export]` generates. Not public API.
#[doc(hidden)]
pub mod __private {
    pub use inventory;

    /// What `#[rnet::export]` records of each item for the generated Python stubs
    /// (`rnet/tests/stubs.rs`): the shape of the API, as type names in Rust spelling.
    pub enum Stub {
        Class {
            name: &'static str,
            doc: &'static str,
            blocking: bool,
            /// `#[rnet(consts(Enum))]`: the enum whose members are also class attributes.
            consts: &'static str,
        },
        Enum {
            name: &'static str,
            doc: &'static str,
            variants: &'static [&'static str],
        },
        Union {
            name: &'static str,
            doc: &'static str,
            variants: &'static [&'static str],
        },
        Record {
            name: &'static str,
            doc: &'static str,
            fields: &'static [FieldDoc],
        },
        Errors(&'static [ErrorClass]),
        Fn(StubFn),
        /// A boundary value (`#[rnet::export(input/output)]`) and its `convert::Hint`.
        Value {
            name: &'static str,
            doc: &'static str,
            python_in: &'static str,
            python_out: &'static str,
            ts: &'static str,
        },
        /// `#[rnet(iter)]` (`item`: the next-call's success type, `Option<T>`) or
        /// `#[rnet(close)]` on a method of `owner`.
        Protocol {
            owner: &'static str,
            /// The method, by its JS name.
            method: &'static str,
            iter: bool,
            /// `#[rnet(iter(then_close))]`: leaving the loop early closes.
            then_close: bool,
            item: &'static str,
            blocking: bool,
        },
    }
    inventory::collect!(Stub);

    /// `[class, method, role]` for every `#[rnet(iter)]` / `#[rnet(close)]` method (role:
    /// `iter`, `iter_then_close` or `close`), from which `node/index.js` installs the JS
    /// protocols.
    pub fn protocols() -> Vec<[&'static str; 3]> {
        let role = |iter, then_close| match (iter, then_close) {
            (true, true) => "iter_then_close",
            (true, false) => "iter",
            _ => "close",
        };
        inventory::iter::<Stub>
            .into_iter()
            .filter_map(|s| match s {
                Stub::Protocol {
                    owner,
                    method,
                    iter,
                    then_close,
                    ..
                } => Some([*owner, *method, role(*iter, *then_close)]),
                _ => None,
            })
            .collect()
    }

    /// A method or module function: `owner` is the class, or empty for a module function.
    pub struct StubFn {
        pub owner: &'static str,
        /// `constructor`, `static`, `getter`, `method` or `function`.
        pub kind: &'static str,
        pub name: &'static str,
        pub is_async: bool,
        /// (name, Rust type, varargs)
        pub args: &'static [(&'static str, &'static str, bool)],
        /// The `opts` record's Rust type, or empty.
        pub opts: &'static str,
        /// The success type, in Rust spelling (`()` for none).
        pub ret: &'static str,
        pub doc: &'static str,
        /// Also in `rnet.blocking`.
        pub blocking: bool,
    }

    /// One exception class / error code, as written by `#[rnet::export(error)]`.
    pub struct ErrorClass {
        pub name: &'static str,
        pub builtin_base: Option<&'static str>,
        pub code: &'static str,
        pub doc: &'static str,
    }

    /// One field of an options record, as `#[rnet::export(record)]` describes it.
    #[derive(Debug)]
    pub struct FieldDoc {
        pub python: &'static str,
        pub js: &'static str,
        pub rust_type: &'static str,
        pub doc: &'static str,
        /// `#[rnet(flatten)]`: the embedded record's fields, whose keys are this record's.
        pub flatten: Option<&'static [FieldDoc]>,
    }

    impl FieldDoc {
        /// Every option of a record: its own fields and, in their place, its flattened
        /// records' (recursively).
        pub fn options(fields: &'static [FieldDoc]) -> Vec<&'static FieldDoc> {
            let mut out = Vec::new();
            for f in fields {
                match f.flatten {
                    Some(inner) => out.extend(Self::options(inner)),
                    None => out.push(f),
                }
            }
            out
        }
    }

    /// What the hosts need from an exported error enum.
    pub trait ExportedError: std::fmt::Display {
        const CLASSES: &'static [ErrorClass];
        fn class_name(&self) -> &'static str;
        fn code(&self) -> &'static str;
    }

    /// Lets infallible async functions share the fallible shim path.
    impl ExportedError for std::convert::Infallible {
        const CLASSES: &'static [ErrorClass] = &[];
        fn class_name(&self) -> &'static str {
            match *self {}
        }
        fn code(&self) -> &'static str {
            match *self {}
        }
    }
}
