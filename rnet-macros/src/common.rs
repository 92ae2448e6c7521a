//! Host-neutral code: what both hosts read from an error enum, the fields of a record, and
//! the stub metadata (`rnet::__private::Stub`) the Python type stubs are generated from.

use crate::ir::{doc_string, ErrorEnum, FnKind, FnSpec, Item, Record, Union};
use proc_macro2::TokenStream;
use quote::quote;

pub fn generate(item: &Item, blocking: bool) -> TokenStream {
    let code = match item {
        Item::Error(e) => error(e),
        Item::Record(r) => {
            let (fields, lift) = (record_fields(r), record_lift(r));
            quote!(#fields #lift)
        }
        Item::Union(u) => union_lift(u),
        _ => TokenStream::new(),
    };
    let stubs = stubs(item, blocking);
    quote!(#code #stubs)
}

fn type_text(ty: impl quote::ToTokens) -> String {
    quote!(#ty).to_string().replace(' ', "")
}

fn submit(stub: TokenStream) -> TokenStream {
    quote! {
        ::rnet::__private::inventory::submit! { #stub }
    }
}

fn stub_fn(owner: &str, spec: &FnSpec, blocking: bool) -> TokenStream {
    if spec.skip_python {
        return TokenStream::new();
    }
    let kind = match spec.kind {
        FnKind::Constructor => "constructor",
        FnKind::Static => "static",
        FnKind::Getter => "getter",
        FnKind::Method => "method",
        FnKind::Free => "function",
    };
    let name = &spec.py_name;
    let is_async = spec.is_async();
    let args = spec.args.iter().map(|a| {
        let (n, t, v) = (a.ident.to_string(), type_text(&a.ty), a.varargs);
        quote!((#n, #t, #v))
    });
    let opts = spec
        .opts
        .as_ref()
        .map(|o| type_text(&o.ty))
        .unwrap_or_default();
    let ret = type_text(spec.ok_type());
    let doc = doc_string(&spec.passthrough);
    submit(quote! {
        ::rnet::__private::Stub::Fn(::rnet::__private::StubFn {
            owner: #owner, kind: #kind, name: #name, is_async: #is_async,
            args: &[#(#args),*], opts: #opts, ret: #ret, doc: #doc, blocking: #blocking,
        })
    })
}

/// `#[rnet(iter)]` / `#[rnet(close)]`: for the stubs, and for `index.js`, which installs the
/// JS protocols from these (`__protocols`).
fn protocol_stub(owner: &str, m: &FnSpec, blocking: bool) -> TokenStream {
    let (item, method) = (type_text(m.ok_type()), &m.js_name);
    let iter = m.iter.map(|then_close| {
        submit(quote! {
            ::rnet::__private::Stub::Protocol {
                owner: #owner, method: #method, iter: true, then_close: #then_close, item: #item,
                blocking: #blocking,
            }
        })
    });
    let close = m.close.then(|| {
        submit(quote! {
            ::rnet::__private::Stub::Protocol {
                owner: #owner, method: #method, iter: false, then_close: false, item: "",
                blocking: #blocking,
            }
        })
    });
    quote!(#iter #close)
}

fn stubs(item: &Item, blocking: bool) -> TokenStream {
    match item {
        Item::Class(s, consts) => {
            let (name, doc) = (s.ident.to_string(), doc_string(&s.attrs));
            let consts = consts.as_ref().map(|c| c.to_string()).unwrap_or_default();
            submit(
                quote!(::rnet::__private::Stub::Class { name: #name, doc: #doc, blocking: #blocking, consts: #consts }),
            )
        }
        Item::Enum(e) => {
            let (name, doc) = (e.ident.to_string(), doc_string(&e.attrs));
            let variants = e.variants.iter().map(|v| v.ident.to_string());
            submit(
                quote!(::rnet::__private::Stub::Enum { name: #name, doc: #doc, variants: &[#(#variants),*] }),
            )
        }
        Item::Union(u) => {
            let (name, doc) = (u.item.ident.to_string(), doc_string(&u.item.attrs));
            let variants = u.variants.iter().map(|(_, t)| type_text(t));
            submit(
                quote!(::rnet::__private::Stub::Union { name: #name, doc: #doc, variants: &[#(#variants),*] }),
            )
        }
        Item::Record(r) => {
            let ty = &r.item.ident;
            let (name, doc) = (ty.to_string(), doc_string(&r.item.attrs));
            submit(
                quote!(::rnet::__private::Stub::Record { name: #name, doc: #doc, fields: #ty::FIELDS }),
            )
        }
        Item::Error(e) => {
            let ty = &e.item.ident;
            submit(quote!(::rnet::__private::Stub::Errors(
                <#ty as ::rnet::__private::ExportedError>::CLASSES
            )))
        }
        Item::Impl(i) => {
            let owner = type_text(&i.self_ty);
            let fns = i.methods.iter().map(|m| stub_fn(&owner, m, blocking));
            let protocols = i.methods.iter().map(|m| protocol_stub(&owner, m, blocking));
            quote!(#(#fns)* #(#protocols)*)
        }
        Item::Fn(_, spec) => stub_fn("", spec, blocking),
        Item::Value(v) => {
            let (ty, name) = (&v.ident, v.ident.to_string());
            let attrs = match &v.item {
                syn::Item::Struct(s) => &s.attrs,
                syn::Item::Enum(e) => &e.attrs,
                _ => return TokenStream::new(),
            };
            let doc = doc_string(attrs);
            let hint = quote!(<#ty as ::rnet::convert::Hint>);
            submit(quote!(::rnet::__private::Stub::Value {
                name: #name, doc: #doc,
                python_in: #hint::PYTHON_IN, python_out: #hint::PYTHON_OUT, ts: #hint::TS,
            }))
        }
    }
}

/// The class table and the per-variant name and code, as one `ExportedError` impl.
fn error(e: &ErrorEnum) -> TokenStream {
    let ty = &e.item.ident;
    let mut classes = Vec::new();
    let mut names = Vec::new();
    let mut codes = Vec::new();
    for v in &e.variants {
        let (id, py, code, doc) = (&v.ident, &v.python, &v.code, &v.doc);
        let base = match &v.python_base {
            Some(b) => quote!(::core::option::Option::Some(#b)),
            None => quote!(::core::option::Option::None),
        };
        classes.push(quote! {
            ::rnet::__private::ErrorClass { name: #py, builtin_base: #base, code: #code, doc: #doc }
        });
        names.push(quote!(Self::#id { .. } => #py));
        codes.push(quote!(Self::#id { .. } => #code));
    }
    quote! {
        impl ::rnet::__private::ExportedError for #ty {
            const CLASSES: &'static [::rnet::__private::ErrorClass] = &[#(#classes),*];
            fn class_name(&self) -> &'static str {
                match self { #(#names,)* }
            }
            fn code(&self) -> &'static str {
                match self { #(#codes,)* }
            }
        }
    }
}

/// Every field's names in both hosts, Rust type and doc: what the options reference is
/// generated from (`docs/options.md`). A flattened field points at its record's fields.
fn record_fields(r: &Record) -> TokenStream {
    let ty = &r.item.ident;
    let syn::Fields::Named(named) = &r.item.fields else {
        return TokenStream::new();
    };
    let fields = r.fields.iter().zip(&named.named).map(|(f, field)| {
        // Empty: not a Python option.
        let python = if f.skip_python {
            String::new()
        } else {
            f.ident.to_string()
        };
        let js = &f.js_name;
        let field_ty = &f.ty;
        let rust_type = quote!(#field_ty).to_string().replace(' ', "");
        let doc = doc_string(&field.attrs);
        let flatten = if f.flatten {
            quote!(::core::option::Option::Some(<#field_ty>::FIELDS))
        } else {
            quote!(::core::option::Option::None)
        };
        quote! {
            ::rnet::__private::FieldDoc {
                python: #python, js: #js, rust_type: #rust_type, doc: #doc, flatten: #flatten,
            }
        }
    });
    quote! {
        impl #ty {
            /// The options this record accepts, for generated documentation.
            #[doc(hidden)]
            pub const FIELDS: &'static [::rnet::__private::FieldDoc] = &[#(#fields),*];
        }
    }
}

/// A record reads from keyword arguments or a JS object, once for every host: each key must
/// name a field (snake_case in Python, camelCase in JS), missing fields keep `Default`. A
/// flattened field's record is asked for the keys this one does not have.
fn record_lift(r: &Record) -> TokenStream {
    let ty = &r.item.ident;
    let type_name = ty.to_string();
    let (flat, own): (Vec<_>, Vec<_>) = r.fields.iter().partition(|f| f.flatten);
    let py_keys = own
        .iter()
        .filter(|f| !f.skip_python)
        .map(|f| f.ident.to_string());
    let js_keys = own.iter().map(|f| &f.js_name);
    let flat_keys = flat.iter().map(|f| {
        let t = &f.ty;
        quote!(<#t as ::rnet::convert::RecordKeys>::keys(naming, out);)
    });
    let bounds = r.fields.iter().map(|f| {
        let t = &f.ty;
        if f.flatten {
            quote!(#t: ::rnet::convert::SetField<H>)
        } else {
            quote!(#t: ::rnet::convert::FromHost<H>)
        }
    });
    let arms = own.iter().map(|f| {
        let id = &f.ident;
        let (py, js) = (id.to_string(), &f.js_name);
        let pattern = if f.skip_python {
            quote!((::rnet::convert::Naming::Js, #js))
        } else {
            quote!((::rnet::convert::Naming::Python, #py) | (::rnet::convert::Naming::Js, #js))
        };
        quote!(#pattern => self.#id = ::rnet::convert::field::<H, _>(value, type_name, key)?,)
    });
    let delegate = flat.iter().map(|f| {
        let id = &f.ident;
        quote! {
            if ::rnet::convert::SetField::<H>::set_field(&mut self.#id, type_name, key, value)? {
                return ::core::result::Result::Ok(true);
            }
        }
    });
    quote! {
        impl ::rnet::convert::RecordKeys for #ty {
            fn keys(naming: ::rnet::convert::Naming, out: &mut ::std::vec::Vec<&'static str>) {
                out.extend_from_slice(match naming {
                    ::rnet::convert::Naming::Python => &[#(#py_keys),*],
                    ::rnet::convert::Naming::Js => &[#(#js_keys),*],
                });
                #(#flat_keys)*
            }
        }

        impl<H: ::rnet::convert::Host> ::rnet::convert::SetField<H> for #ty
        where
            #(#bounds,)*
        {
            fn set_field(
                &mut self,
                type_name: &str,
                key: &str,
                value: &H::Value<'_>,
            ) -> ::core::result::Result<bool, H::Error> {
                match (H::NAMING, key) {
                    #(#arms)*
                    _ => {
                        #(#delegate)*
                        return ::core::result::Result::Ok(false);
                    }
                }
                ::core::result::Result::Ok(true)
            }
        }

        impl<H: ::rnet::convert::Host> ::rnet::convert::Lift<H> for #ty
        where
            Self: ::rnet::convert::SetField<H>,
        {
            fn lift(v: &H::Value<'_>) -> ::core::result::Result<Self, H::Error> {
                ::rnet::convert::read_record::<H, Self>(v, #type_name)
            }
        }
    }
}

/// A union takes the first variant whose type accepts the value, once for every host.
fn union_lift(u: &Union) -> TokenStream {
    let ty = &u.item.ident;
    let what = expected(u);
    let bounds = u
        .variants
        .iter()
        .map(|(_, t)| quote!(#t: ::rnet::convert::FromHost<H>));
    let tries = u.variants.iter().map(|(v, t)| {
        quote! {
            match <#t as ::rnet::convert::FromHost<H>>::from_host(v) {
                ::core::result::Result::Ok(x) => return ::core::result::Result::Ok(Self::#v(x)),
                ::core::result::Result::Err(e) => errors.push(e),
            }
        }
    });
    quote! {
        impl<H: ::rnet::convert::Host> ::rnet::convert::Lift<H> for #ty
        where
            #(#bounds,)*
        {
            fn lift(v: &H::Value<'_>) -> ::core::result::Result<Self, H::Error> {
                let mut errors = ::std::vec::Vec::new();
                #(#tries)*
                ::core::result::Result::Err(::rnet::convert::union_error::<H>(v, #what, errors))
            }
        }
    }
}

/// "a Profile or an Emulation": the first sentence of the union's doc comment, lowercased at the
/// start and without its period, else the variant names.
pub fn expected(u: &Union) -> String {
    match u.doc.lines().next() {
        Some(first) if !first.is_empty() => {
            let first = first.trim_end_matches('.');
            let mut chars = first.chars();
            chars
                .next()
                .map_or(String::new(), |c| c.to_lowercase().chain(chars).collect())
        }
        _ => u
            .variants
            .iter()
            .map(|(v, _)| v.to_string())
            .collect::<Vec<_>>()
            .join(" or "),
    }
}
