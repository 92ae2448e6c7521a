//! napi-rs code for an exported item, all behind `#[cfg(feature = "node")]`.
//!
//! Shims are separate `#[napi] impl` blocks / functions named `__rnet_js_<name>` and renamed back
//! with `js_name`, so the user's own `impl` stays plain Rust. Fallible and async shims take the
//! `Env` so the error can be built on the JS thread with its stable `code`.

use crate::ir::{shim_ident, FnKind, FnSpec, Impl, Item, Output, Record, Union, Value};
use proc_macro2::TokenStream;
use quote::quote;

/// `, ts_return_type = "Promise<void>"` for an async function with no result: napi would
/// write `Promise<undefined>`.
fn void_promise(spec: &FnSpec) -> TokenStream {
    let ok = spec.ok_type().to_string().replace(' ', "");
    if spec.is_async() && ok == "()" {
        quote!(, ts_return_type = "Promise<void>")
    } else {
        TokenStream::new()
    }
}

pub fn generate(item: &Item) -> TokenStream {
    match item {
        Item::Record(r) => record(r),
        Item::Impl(i) => methods(i),
        Item::Fn(_, spec) if !spec.skip_node => {
            let js_name = &spec.js_name;
            let shim = function(spec, None);
            let void = void_promise(spec);
            quote! {
                #[cfg(feature = "node")]
                #[::napi_derive::napi(js_name = #js_name #void)]
                #shim
            }
        }
        Item::Class(s, _) => class_by_value(&s.ident),
        Item::Union(u) => union(u),
        Item::Value(v) => value(v),
        // Enums carry their `#[napi]` on the item itself; errors need no export.
        _ => TokenStream::new(),
    }
}

fn methods(i: &Impl) -> TokenStream {
    let self_ty = &i.self_ty;
    let shims = i
        .methods
        .iter()
        .filter(|m| !m.skip_node)
        .map(|m| function(m, Some(self_ty)));
    quote! {
        #[cfg(feature = "node")]
        #[::napi_derive::napi]
        impl #self_ty {
            #(#shims)*
        }
    }
}

/// napi's TypeScript spelling of an argument's type, and whether it is optional (napi-derive
/// parses with syn 3, hence the round trip through text).
fn napi_ts(ty: &syn::Type) -> (String, bool) {
    let ty: napi_syn::Type =
        napi_syn::parse_str(&quote!(#ty).to_string()).expect("a type syn parsed parses again");
    napi_derive_backend::ty_to_ts_type(&ty, false, false, false)
}

const JS_RESERVED: &[&str] = &[
    "default",
    "delete",
    "new",
    "class",
    "function",
    "in",
    "var",
    "void",
    "with",
    "export",
    "import",
    "switch",
    "case",
    "this",
    "typeof",
    "instanceof",
    "extends",
    "super",
    "throw",
];

/// One shim. Inside a `#[napi] impl` the attribute is the bare `#[napi(..)]` napi looks for.
fn function(spec: &FnSpec, self_ty: Option<&syn::Type>) -> TokenStream {
    let shim = shim_ident("js", &spec.ident);
    let ident = &spec.ident;
    let js_name = &spec.js_name;
    let pass = &spec.passthrough;
    // Arguments arrive raw and are converted here by the core's rules, so a wrong one is a
    // TypeError naming it (napi's own would name neither) and an async call rejects instead
    // of throwing. napi still types them: `ts_arg_type` is napi's spelling of the real type,
    // and an `Option` stays optional.
    let mut params = Vec::new();
    let mut reads = Vec::new();
    for a in spec.args.iter().chain(spec.opts.iter()) {
        let (id, ty) = (&a.ident, &a.ty);
        if matches!(ty, syn::Type::Reference(_)) {
            params.push(quote!(#id: #ty));
            continue;
        }
        let (ts, optional) = napi_ts(ty);
        let raw = if optional {
            quote!(::core::option::Option<::rnet::host::node::JsArg>)
        } else {
            quote!(::rnet::host::node::JsArg)
        };
        // A JS reserved word cannot name a TypeScript parameter (`default`): `defaultValue`.
        let js_id = if JS_RESERVED.contains(&id.to_string().as_str()) {
            quote::format_ident!("{}_value", id)
        } else {
            id.clone()
        };
        let given = if optional {
            quote!(#js_id)
        } else {
            quote!(::core::option::Option::Some(#js_id))
        };
        params.push(quote!(#[napi(ts_arg_type = #ts)] #js_id: #raw));
        let name = id.to_string();
        let failed = if spec.is_async() {
            quote!(return ::rnet::host::node::rejected(__rnet_env, e))
        } else {
            quote!(return ::core::result::Result::Err(e))
        };
        reads.push(quote! {
            let #id: #ty = match ::rnet::host::node::arg(__rnet_env, #given, #name, #ts) {
                ::core::result::Result::Ok(v) => v,
                ::core::result::Result::Err(e) => #failed,
            };
        });
    }
    let args = spec.arg_idents();
    // A free function's attribute is the caller's outer `#[::napi_derive::napi(..)]`.
    let void = void_promise(spec);
    let attr = match (spec.kind, self_ty) {
        (_, None) => TokenStream::new(),
        (FnKind::Constructor, _) => quote!(#[napi(constructor)]),
        (FnKind::Getter, _) => quote!(#[napi(getter, js_name = #js_name)]),
        _ => quote!(#[napi(js_name = #js_name #void)]),
    };
    let callee = match (spec.kind, self_ty) {
        (FnKind::Constructor | FnKind::Static, Some(t)) => quote!(<#t>::#ident),
        (_, Some(_)) if spec.is_async() => quote!(__rnet_this.#ident),
        (_, Some(_)) => quote!(self.#ident),
        (_, None) => quote!(#ident),
    };
    let receiver = match spec.kind {
        FnKind::Method | FnKind::Getter if self_ty.is_some() => quote!(&self,),
        _ => TokenStream::new(),
    };
    let call = quote!(#callee(#(#args),*));

    let (generics, ret, body) = if spec.is_async() {
        let (ok, fut) = (spec.ok_type(), spec.result_future(&call));
        let inline = !spec.spawn;
        let clone = if self_ty.is_some() && spec.kind == FnKind::Method {
            quote!(let __rnet_this = ::core::clone::Clone::clone(self);)
        } else {
            TokenStream::new()
        };
        (
            quote!(<'env>),
            quote!(::napi::Result<::napi::bindgen_prelude::PromiseRaw<'env, #ok>>),
            quote! {
                #clone
                ::rnet::host::node::promise(__rnet_env, #fut, #inline)
            },
        )
    } else {
        // `unwind`: a panic throws an ERR_RNET_PANIC error, like a panic in an async call.
        let ok = quote!(::core::result::Result::Ok(#call));
        match &spec.output {
            Output::Unit => (
                TokenStream::new(),
                quote!(::napi::Result<()>),
                quote!(::rnet::host::node::unwind(__rnet_env, || #ok)),
            ),
            Output::Plain(t) => (
                TokenStream::new(),
                quote!(::napi::Result<#t>),
                quote!(::rnet::host::node::unwind(__rnet_env, || #ok)),
            ),
            Output::Fallible(t) => {
                let t = if spec.kind == FnKind::Constructor {
                    quote!(Self)
                } else {
                    quote!(#t)
                };
                (
                    TokenStream::new(),
                    quote!(::napi::Result<#t>),
                    quote!(::rnet::host::node::unwind(__rnet_env, || {
                        #call.map_err(|e| ::rnet::host::node::to_js_error(__rnet_env, e))
                    })),
                )
            }
        }
    };
    let env = if spec.is_async() {
        quote!(__rnet_env: &'env ::napi::Env,)
    } else {
        quote!(__rnet_env: &::napi::Env,)
    };
    quote! {
        #(#pass)*
        #attr
        pub fn #shim #generics(#receiver #env #(#params),*) -> #ret {
            #(#reads)*
            #body
        }
    }
}

/// A record is a typed JS object (`#[napi(object)]` writes its interface into `index.d.ts`);
/// reading it is the core's `Lift`, which rejects unknown keys.
fn record(r: &Record) -> TokenStream {
    // The struct as napi sees it: the same fields, with `ts_type` where napi can't name one.
    let mut typed = r.item.clone();
    if let syn::Fields::Named(named) = &mut typed.fields {
        for (f, spec) in named.named.iter_mut().zip(&r.fields) {
            if let Some(ts) = &spec.ts_type {
                f.attrs.push(syn::parse_quote!(#[napi(ts_type = #ts)]));
            }
            if spec.renamed {
                let js = &spec.js_name;
                f.attrs.push(syn::parse_quote!(#[napi(js_name = #js)]));
            }
            // Its keys are this interface's through `extends` (`node/native-header.d.ts`).
            if spec.flatten {
                f.attrs.push(syn::parse_quote!(#[napi(skip)]));
            }
        }
    }
    let from = bridge_in(&r.item.ident);
    quote! {
        #[cfg(feature = "node")]
        #[::napi_derive::napi(object, object_from_js = false, object_to_js = false)]
        #typed

        #[cfg(feature = "node")]
        #from
    }
}

/// `FromNapiValue` through the core's `Lift` (records, unions, input values).
fn bridge_in(ty: &syn::Ident) -> TokenStream {
    quote! {
        impl ::napi::bindgen_prelude::FromNapiValue for #ty {
            unsafe fn from_napi_value(
                env: ::napi::sys::napi_env,
                value: ::napi::sys::napi_value,
            ) -> ::napi::Result<Self> {
                <Self as ::rnet::convert::Lift<::rnet::host::node::NodeHost>>::lift(
                    &::rnet::host::node::JsValue::new(env, value),
                )
            }
        }
    }
}

/// napi's type check for an argument: any JS value may be one, the conversion decides.
fn type_name(ty: &syn::Ident) -> TokenStream {
    let name = ty.to_string();
    quote! {
        impl ::napi::bindgen_prelude::TypeName for #ty {
            fn type_name() -> &'static str {
                #name
            }
            fn value_type() -> ::napi::ValueType {
                ::napi::ValueType::Unknown
            }
        }
        impl ::napi::bindgen_prelude::ValidateNapiValue for #ty {}
    }
}

/// A boundary value: bridges to napi's traits through the core's `Lift` / `Lower`.
fn value(v: &Value) -> TokenStream {
    let ty = &v.ident;
    let input = if v.input {
        bridge_in(ty)
    } else {
        TokenStream::new()
    };
    let output = if v.output {
        quote! {
            impl ::napi::bindgen_prelude::ToNapiValue for #ty {
                unsafe fn to_napi_value(
                    env: ::napi::sys::napi_env,
                    val: Self,
                ) -> ::napi::Result<::napi::sys::napi_value> {
                    <Self as ::rnet::convert::Lower<::rnet::host::node::NodeHost>>::lower(
                        val,
                        ::napi::Env::from_raw(env),
                    )
                    .map(|v| v.raw)
                }
            }
        }
    } else {
        TokenStream::new()
    };
    let names = type_name(ty);
    quote! {
        #[cfg(feature = "node")]
        const _: () = {
            #input
            #output
            #names
        };
    }
}

/// napi passes classes by reference; rnet's classes are cheap `Clone` handles, so they can also
/// be taken by value (as arguments, record fields and union variants), as in Python.
fn class_by_value(ident: &syn::Ident) -> TokenStream {
    let expected = format!("a {ident}");
    quote! {
        #[cfg(feature = "node")]
        impl ::napi::bindgen_prelude::FromNapiValue for #ident {
            unsafe fn from_napi_value(
                env: ::napi::sys::napi_env,
                value: ::napi::sys::napi_value,
            ) -> ::napi::Result<Self> {
                let instance = unsafe {
                    <::napi::bindgen_prelude::ClassInstance<#ident> as ::napi::bindgen_prelude::FromNapiValue>::from_napi_value(env, value)
                }
                .map_err(|_| {
                    <::rnet::host::node::NodeHost as ::rnet::convert::Host>::type_error(
                        &::rnet::host::node::JsValue::new(env, value),
                        #expected,
                    )
                })?;
                ::core::result::Result::Ok(::core::clone::Clone::clone(&*instance))
            }
        }
    }
}

/// A union converts with the first variant whose type accepts the value, and is named in
/// `index.d.ts` as `type E = A | B` (through a napi type alias of `Either`).
fn union(u: &Union) -> TokenStream {
    let ty = &u.item.ident;
    let name = ty.to_string();
    let either = syn::Ident::new(
        &match u.variants.len() {
            2 => "Either".to_string(),
            n => format!("Either{n}"),
        },
        proc_macro2::Span::call_site(),
    );
    let types = u.variants.iter().map(|(_, t)| t);
    let alias = syn::Ident::new(&format!("__RnetTs{name}"), proc_macro2::Span::call_site());
    let docs = u.item.attrs.iter().filter(|a| a.path().is_ident("doc"));
    let (from, names) = (bridge_in(ty), type_name(ty));
    quote! {
        #[cfg(feature = "node")]
        const _: () = {
            #from
            #names
        };

        // Read only by napi's type generator: it writes `export type #name = A | B`.
        #(#docs)*
        #[cfg(feature = "node")]
        #[::napi_derive::napi(js_name = #name)]
        #[allow(dead_code)]
        pub type #alias = ::napi::bindgen_prelude::#either<#(#types),*>;
    }
}
