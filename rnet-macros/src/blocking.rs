//! `#[rnet::export(blocking)]`: Python's synchronous twins, in `rnet.blocking`.
//!
//! On a struct it adds the twin class `Blocking<Name>` (Python name `Name`, module
//! `rnet.blocking`), a newtype over the same handle. On an impl block it gives the twin every
//! method again: async ones block on the shared runtime with the GIL released
//! (`py.detach`), sync ones forward. On a function it adds the blocking module function.
//! Results come back through `rnet::convert::IntoBlocking`: a class with a twin as the twin
//! (a blocking `get` returns a blocking `Response`), containers item by item. An impl block in
//! another module than its struct needs the twin in scope (`use crate::client::BlockingClient`).

use crate::ir::{shim_ident, FnKind, FnSpec, Impl, Item, Output};
use crate::python::params;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Ident, Type};

pub fn generate(item: &Item) -> TokenStream {
    let body = match item {
        Item::Class(s, _) => return twin_struct(&s.ident),
        Item::Impl(i) => twin_methods(i),
        Item::Fn(_, spec) if !spec.skip_python => twin_fn(spec),
        _ => TokenStream::new(),
    };
    quote! {
        #[cfg(feature = "python")]
        const _: () = {
            #[allow(unused_imports)]
            use ::pyo3::Py;
            #body
        };
    }
}

pub fn twin_ident(ident: &Ident) -> Ident {
    format_ident!("Blocking{}", ident)
}

fn twin_struct(ident: &Ident) -> TokenStream {
    let twin = twin_ident(ident);
    let name = ident.to_string();
    let doc = format!("The blocking twin of [`{name}`] (`rnet.blocking.{name}`).");
    quote! {
        #[cfg(feature = "python")]
        #[doc = #doc]
        #[::pyo3::pyclass(frozen, module = "rnet.blocking", name = #name)]
        #[derive(Clone)]
        pub struct #twin(pub #ident);

        #[cfg(feature = "python")]
        const _: () = {
            impl ::rnet::convert::IntoBlocking for #ident {
                type Blocking = #twin;
                fn into_blocking(self) -> #twin {
                    #twin(self)
                }
            }
            ::rnet::__private::inventory::submit! {
                ::rnet::host::python::Export(|m| {
                    ::pyo3::types::PyModuleMethods::add_class::<#twin>(
                        &::rnet::host::python::blocking_module(m)?,
                    )
                })
            }
        };
    }
}

/// The twin of a `Result<T>`/`T`/`()` value as a Python object, or the error.
fn finish(output: &Output, value: TokenStream) -> TokenStream {
    let convert = quote!(::pyo3::IntoPyObjectExt::into_py_any(
        ::rnet::convert::IntoBlocking::into_blocking(__rnet_v),
        __rnet_py,
    ));
    match output {
        Output::Unit => quote! {{ #value; ::core::result::Result::Ok(__rnet_py.None()) }},
        Output::Plain(_) => quote! {{ let __rnet_v = #value; #convert }},
        Output::Fallible(_) => quote! {{
            let __rnet_v = #value.map_err(::rnet::host::python::to_py_err)?;
            #convert
        }},
    }
}

/// Runs an async call on the runtime with the GIL released: a `Result<T, rnet::Error>`. A
/// Python signal handler that raised (Ctrl-C) ends the call and is raised at once, by `?`.
fn blocked(spec: &FnSpec, call: TokenStream) -> TokenStream {
    let fut = spec.result_future(&call);
    quote!(::core::result::Result::<_, ::rnet::Error>::Ok(
        __rnet_py.detach(move || ::rnet::host::python::block_on(#fut))?
    ))
}

/// What a call returns once blocking has made it a `Result` (async calls always are).
fn output_of(spec: &FnSpec) -> Output {
    if spec.is_async() {
        Output::Fallible(syn::parse_quote!(()))
    } else {
        spec.output.clone()
    }
}

fn twin_methods(i: &Impl) -> TokenStream {
    let self_ty = &i.self_ty;
    let Some(twin) = type_ident(self_ty).map(twin_ident) else {
        return TokenStream::new();
    };
    let shims = i.methods.iter().filter(|m| !m.skip_python).map(|m| {
        let shim = shim_ident("pyb", &m.ident);
        let ident = &m.ident;
        let name = &m.py_name;
        let pass = &m.passthrough;
        let params = params(m);
        let sig = crate::python::signature(m);
        let args = m.arg_idents();
        let py_ret = quote!(::pyo3::PyResult<::pyo3::Py<::pyo3::PyAny>>);
        match m.kind {
            FnKind::Constructor => {
                let body = match &m.output {
                    Output::Fallible(_) => quote! {
                        <#self_ty>::#ident(#(#args),*).map(#twin).map_err(::rnet::host::python::to_py_err)
                    },
                    _ => quote!(::core::result::Result::Ok(#twin(<#self_ty>::#ident(#(#args),*)))),
                };
                quote! {
                    #(#pass)*
                    #[new]
                    #[pyo3(signature = #sig)]
                    fn #shim(#(#params),*) -> ::pyo3::PyResult<#twin> { #body }
                }
            }
            FnKind::Getter => {
                let body = finish(&m.output, quote!(self.0.#ident()));
                quote! {
                    #(#pass)*
                    #[getter(#name)]
                    fn #shim(&self, __rnet_py: ::pyo3::Python<'_>) -> #py_ret { #body }
                }
            }
            FnKind::Static => {
                let call = quote!(<#self_ty>::#ident(#(#args),*));
                let value = if m.is_async() { blocked(m, call) } else { call };
                let body = finish(&output_of(m), value);
                quote! {
                    #(#pass)*
                    #[staticmethod]
                    #[pyo3(name = #name, signature = #sig)]
                    fn #shim(__rnet_py: ::pyo3::Python<'_>, #(#params),*) -> #py_ret { #body }
                }
            }
            _ => {
                let value = if m.is_async() {
                    let call = quote!(__rnet_this.#ident(#(#args),*));
                    let run = blocked(m, call);
                    quote!({ let __rnet_this = ::core::clone::Clone::clone(&self.0); #run })
                } else {
                    quote!(self.0.#ident(#(#args),*))
                };
                let body = finish(&output_of(m), value);
                let pyo3_attr = if name.starts_with("__") && name.ends_with("__") {
                    quote!(#[pyo3(name = #name)])
                } else {
                    quote!(#[pyo3(name = #name, signature = #sig)])
                };
                quote! {
                    #(#pass)*
                    #pyo3_attr
                    fn #shim(&self, __rnet_py: ::pyo3::Python<'_>, #(#params),*) -> #py_ret { #body }
                }
            }
        }
    });
    // Also for a method hidden from Python (`Streamer.next`): the protocol is its Python face.
    let protocols = i.methods.iter().map(protocol);
    quote! {
        #[::pyo3::pymethods]
        impl #twin {
            #(#shims)*
            #(#protocols)*
        }
    }
}

/// `for` from `#[rnet(iter)]` and `with` from `#[rnet(close)]`, blocking with the GIL released.
fn protocol(m: &FnSpec) -> TokenStream {
    let result = m.result_expr(&m.default_call());
    let wait = quote! {
        let __rnet_this = ::core::clone::Clone::clone(&self.0);
        let __rnet_v = __rnet_py.detach(move || {
            ::rnet::host::python::block_on(async move { #result })
        })?;
    };
    let iter = m.iter.map(|_| {
        quote! {
            fn __iter__(slf: ::pyo3::PyRef<'_, Self>) -> ::pyo3::PyRef<'_, Self> {
                slf
            }
            fn __next__(&self, __rnet_py: ::pyo3::Python<'_>) -> ::pyo3::PyResult<::pyo3::Py<::pyo3::PyAny>> {
                #wait
                match __rnet_v {
                    ::core::option::Option::Some(v) => ::pyo3::IntoPyObjectExt::into_py_any(
                        ::rnet::convert::IntoBlocking::into_blocking(v),
                        __rnet_py,
                    ),
                    ::core::option::Option::None => {
                        ::core::result::Result::Err(::pyo3::exceptions::PyStopIteration::new_err(()))
                    }
                }
            }
        }
    });
    let close = m.close.then(|| {
        quote! {
            fn __enter__(slf: ::pyo3::PyRef<'_, Self>) -> ::pyo3::PyRef<'_, Self> {
                slf
            }
            #[pyo3(signature = (*_exc))]
            fn __exit__(
                &self,
                __rnet_py: ::pyo3::Python<'_>,
                _exc: ::pyo3::Py<::pyo3::types::PyTuple>,
            ) -> ::pyo3::PyResult<()> {
                #wait
                let _ = __rnet_v;
                ::core::result::Result::Ok(())
            }
        }
    });
    quote!(#iter #close)
}

fn twin_fn(spec: &FnSpec) -> TokenStream {
    let shim = shim_ident("pyb", &spec.ident);
    let ident = &spec.ident;
    let name = &spec.py_name;
    let pass = &spec.passthrough;
    let params = params(spec);
    let sig = crate::python::signature(spec);
    let args = spec.arg_idents();
    let call = quote!(#ident(#(#args),*));
    let value = if spec.is_async() {
        blocked(spec, call)
    } else {
        call
    };
    let body = finish(&output_of(spec), value);
    quote! {
        #(#pass)*
        #[::pyo3::pyfunction(name = #name, signature = #sig)]
        fn #shim(__rnet_py: ::pyo3::Python<'_>, #(#params),*) -> ::pyo3::PyResult<::pyo3::Py<::pyo3::PyAny>> {
            #body
        }
        ::rnet::__private::inventory::submit! {
            ::rnet::host::python::Export(|m| {
                let b = ::rnet::host::python::blocking_module(m)?;
                ::pyo3::types::PyModuleMethods::add_function(&b, ::pyo3::wrap_pyfunction!(#shim, &b)?)
            })
        }
    }
}

fn type_ident(ty: &Type) -> Option<&Ident> {
    match ty {
        Type::Path(p) => p.path.segments.last().map(|s| &s.ident),
        _ => None,
    }
}
