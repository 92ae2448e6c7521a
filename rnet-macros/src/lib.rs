//! `#[rnet::export]`: one annotation on a core item, a Python (PyO3) and a Node (napi-rs) binding.
//!
//! The macro never interprets types. It parses the item into a small IR ([`ir`]), checks it with
//! every error collected ([`check`]), then emits host code ([`python`], [`node`]) behind
//! `#[cfg(feature = "python")]` / `#[cfg(feature = "node")]`. Conversions are delegated to the
//! host traits (`FromPyObject`/`IntoPyObject`, `FromNapiValue`/`ToNapiValue`), so a type that
//! cannot cross a boundary is a trait error pointing at that type.
//!
//! Forms:
//! - `#[export] struct X` – a class (a cheap `Clone` handle); `#[rnet(consts(E))]` on it also
//!   makes every member of the exported enum `E` a Python class attribute (`Emulation.Chrome133`);
//! - `#[export] impl X { .. }` – its `pub` methods; `#[rnet(constructor)]`, `#[rnet(getter)]`;
//! - `#[export(record)] struct XOptions` – an options bag: Python `**kwargs`, a JS object;
//! - `#[export] enum E { A, B }` – a unit enum;
//! - `#[export(error)] enum Error` – exception classes / coded JS errors;
//! - `#[export] pub fn f(..)` / `pub async fn f(..)` – a module function;
//! - `#[export(input)]`, `(output)`, `(input, output)` on a struct or enum – a boundary value
//!   whose conversions the core writes once (`rnet::convert::Lift` / `Lower`); the macro
//!   bridges them to each host's traits. Records and unions get a host-generic `Lift` too;
//! - `#[export(blocking)]` on a struct, its impl blocks or a function – the same, plus the
//!   Python twin in `rnet.blocking` whose async methods block with the GIL released.
//!
//! A trailing parameter named `opts` is the options record: `**opts` in Python, an optional
//! object in JS.
//!
//! Escape hatches (use rarely): `#[rnet(python(name = ".."))]`, `#[rnet(node(js_name = ".."))]`,
//! `#[rnet(skip(python))]`, `#[rnet(skip(node))]`, and on record fields
//! `#[rnet(ts_type = "..")]` when napi cannot name a field's TypeScript type.

use proc_macro::TokenStream;
use proc_macro2::TokenStream as TokenStream2;

mod blocking;
mod check;
mod common;
mod ir;
mod node;
mod python;

#[proc_macro_attribute]
pub fn export(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand(attr.into(), item.into())
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Parse, check, then generate: the whole macro, callable in-process from tests.
pub(crate) fn expand(attr: TokenStream2, item: TokenStream2) -> syn::Result<TokenStream2> {
    let (item, blocking) = ir::parse(attr, item)?;
    if let Err(e) = check::check(&item) {
        // Keep the item, so the only errors are ours, not "cannot find type" downstream.
        let (plain, e) = (item.plain(), e.into_compile_error());
        return Ok(quote::quote!(#plain #e));
    }
    let original = item.original();
    let common = common::generate(&item, blocking);
    let py = python::generate(&item, blocking);
    let js = node::generate(&item);
    let twin = if blocking {
        blocking::generate(&item)
    } else {
        TokenStream2::new()
    };
    Ok(quote::quote! {
        #original
        #common
        #py
        #twin
        #js
    })
}

#[cfg(test)]
mod tests;
