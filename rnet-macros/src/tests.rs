//! In-process expansion snapshots: parse → expand → prettyplease, compared with the files in
//! `tests/snapshots/` (`RNET_BLESS=1 cargo test -p rnet-macros` rewrites them; review the diff).

use quote::quote;

fn snapshot(name: &str, attr: proc_macro2::TokenStream, item: proc_macro2::TokenStream) {
    let out = crate::expand(attr, item).expect("expansion");
    let file: syn::File = syn::parse2(out).expect("expansion parses as a file");
    let text = prettyplease::unparse(&file);
    let path = format!("{}/tests/snapshots/{name}.rs", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("RNET_BLESS").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(want == text, "snapshot {name} differs; expanded:\n{text}");
}

#[test]
fn class_struct() {
    snapshot(
        "class_struct",
        quote!(),
        quote! {
            /// A handle.
            #[derive(Clone)]
            pub struct Client { inner: std::sync::Arc<()> }
        },
    );
}

#[test]
fn blocking_twin() {
    snapshot(
        "blocking_struct",
        quote!(blocking),
        quote! {
            #[derive(Clone)]
            pub struct Client { inner: std::sync::Arc<()> }
        },
    );
    snapshot(
        "blocking_methods",
        quote!(blocking),
        quote! {
            impl Client {
                #[rnet(constructor)]
                pub fn new(opts: Option<ClientConfig>) -> Result<Self> { todo!() }
                /// Sends a request.
                pub async fn get(&self, url: String, opts: Option<RequestConfig>) -> Result<Response> { todo!() }
                pub async fn close_later(&self) {}
                #[rnet(getter)]
                pub fn closed(&self) -> bool { false }
            }
        },
    );
}

#[test]
fn blocking_only_on_classes_impls_and_fns() {
    let err = crate::expand(
        quote!(blocking),
        quote!(
            pub enum E {
                A,
            }
        ),
    )
    .expect_err("rejected");
    assert!(err.to_string().contains("export(blocking)"), "{err}");
}

#[test]
fn class_methods() {
    snapshot(
        "class_methods",
        quote!(),
        quote! {
            impl Client {
                /// Creates a client.
                #[rnet(constructor)]
                pub fn new(opts: Option<ClientConfig>) -> Result<Self> { todo!() }
                /// A random one.
                #[rnet(staticmethod)]
                pub fn random() -> Self { todo!() }
                /// The status.
                #[rnet(getter)]
                pub fn status(&self) -> u16 { 200 }
                /// Sends a request.
                pub async fn request(&self, method: Method, url: String, opts: Option<RequestConfig>) -> Result<Response> { todo!() }
                /// Text.
                pub async fn text(&self, encoding: Option<String>) -> Result<String> { todo!() }
                pub fn len(&self) -> u32 { 0 }
                #[rnet(python(name = "__repr__"), node(js_name = "toString"))]
                pub fn describe(&self) -> String { String::new() }
                #[rnet(skip(node))]
                pub fn python_only(&self) {}
                fn private_helper(&self) {}
            }
        },
    );
}

#[test]
fn record() {
    snapshot(
        "record",
        quote!(record),
        quote! {
            /// Options.
            #[derive(Default)]
            pub struct ClientConfig {
                /// Seconds in Python, milliseconds in JS.
                #[rnet(ts_type = "number")]
                pub connect_timeout: Option<TimeDelta>,
                pub user_agent: Option<String>,
                /// JS only: not a Python keyword.
                #[rnet(skip(python), ts_type = "AbortSignal")]
                pub signal: Option<Signal>,
            }
        },
    );
}

#[test]
fn unit_enum() {
    snapshot(
        "unit_enum",
        quote!(),
        quote! {
            /// A method.
            #[derive(Clone, Copy, PartialEq)]
            pub enum Method { GET, POST }
        },
    );
}

#[test]
fn union() {
    snapshot(
        "union",
        quote!(union),
        quote! {
            /// A Profile or an Emulation.
            pub enum EmulationInput { Profile(Profile), Emulation(Emulation) }
        },
    );
}

#[test]
fn value() {
    snapshot(
        "value",
        quote!(input, output),
        quote! {
            /// A duration.
            #[derive(Clone, Copy)]
            pub struct TimeDelta(pub std::time::Duration);
        },
    );
}

#[test]
fn error_enum() {
    snapshot(
        "error_enum",
        quote!(error),
        quote! {
            pub enum Error {
                /// Timed out.
                #[rnet(python = "TimeoutError", python_base = "TimeoutError", code = "ERR_RNET_TIMEOUT")]
                Timeout(String),
                #[rnet(python = "RequestError", code = "ERR_RNET_REQUEST")]
                Request { message: String },
            }
        },
    );
}

#[test]
fn free_functions() {
    snapshot(
        "free_async_fn",
        quote!(),
        quote! {
            /// Sends a GET request.
            #[rnet(spawn)]
            pub async fn get(url: String, opts: Option<RequestConfig>) -> Result<Response> { todo!() }
        },
    );
    snapshot(
        "free_sync_fn",
        quote!(),
        quote! {
            /// Adds.
            pub fn add(a: i32, b: i32) -> i32 { a + b }
        },
    );
}

#[test]
fn every_violation_is_reported() {
    let out = crate::expand(
        quote!(),
        quote! {
            impl Thing {
                pub fn a(&mut self) {}
                pub fn b(self) {}
                pub async fn c(&self, s: &str) {}
                pub fn d(&self, n: u64) -> usize { 0 }
                pub fn e<T>(&self, t: T) {}
            }
        },
    )
    .unwrap()
    .to_string();
    for needle in [
        "&mut self",
        "by value",
        "owned arguments",
        "`u64`",
        "`usize`",
        "cannot be generic",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in {out}");
    }
}
