//! PyO3 code for an exported item, all behind `#[cfg(feature = "python")]`.
//!
//! Shims are separate `#[pymethods]`/`#[pyfunction]` items named `__rnet_py_<name>` and renamed
//! back with `name = ..`, so the user's own `impl` stays plain Rust. Registration with the module
//! goes through `inventory`: no hand-kept class list exists.

use crate::ir::{shim_ident, ErrorEnum, FnKind, FnSpec, Impl, Item, Output, Value};
use proc_macro2::TokenStream;
use quote::quote;
use syn::Ident;

pub fn generate(item: &Item, blocking: bool) -> TokenStream {
    let body = match item {
        Item::Class(s, _) if blocking => class(&s.ident),
        Item::Class(s, consts) => {
            let (class, itself) = (class(&s.ident), itself(&s.ident));
            let consts = consts.as_ref().map(|e| mirror(&s.ident, e));
            quote!(#class #itself #consts)
        }
        Item::Enum(e) => {
            let (class, itself, by_name) = (class(&e.ident), itself(&e.ident), by_name(e));
            quote!(#class #itself #by_name)
        }
        Item::Record(r) => bridge_in(&r.item.ident),
        Item::Error(e) => error(e),
        Item::Union(u) => bridge_in(&u.item.ident),
        Item::Value(v) => value(v),
        Item::Impl(i) => methods(i),
        Item::Fn(_, spec) if !spec.skip_python => free_fn(spec),
        Item::Fn(..) => TokenStream::new(),
    };
    quote! {
        #[cfg(feature = "python")]
        const _: () = {
            // PyO3's async codegen names `Py` unqualified.
            #[allow(unused_imports)]
            use ::pyo3::Py;
            #body
        };
    }
}

/// `call` is an expression over `m: &Bound<PyModule>` returning `PyResult<()>`.
fn register(call: TokenStream) -> TokenStream {
    quote! {
        ::rnet::__private::inventory::submit! {
            ::rnet::host::python::Export(|m| #call)
        }
    }
}

/// The Python parameter list: positional args, trailing `Option`s default to `None`, the record
/// becomes `**opts`.
pub(crate) fn signature(spec: &FnSpec) -> TokenStream {
    let mut parts: Vec<TokenStream> = Vec::new();
    let mut optional_tail = true;
    let mut rev: Vec<TokenStream> = Vec::new();
    for a in spec.args.iter().rev() {
        let id = &a.ident;
        let is_opt = is_option(&a.ty);
        if a.varargs {
            optional_tail = false;
            rev.push(quote!(*#id));
        } else if optional_tail && is_opt {
            rev.push(quote!(#id = None));
        } else {
            optional_tail = false;
            rev.push(quote!(#id));
        }
    }
    rev.reverse();
    parts.extend(rev);
    if let Some(o) = &spec.opts {
        let id = &o.ident;
        parts.push(quote!(**#id));
    }
    quote!((#(#parts),*))
}

fn class(ident: &Ident) -> TokenStream {
    register(quote!(::pyo3::types::PyModuleMethods::add_class::<#ident>(m)))
}

/// `#[rnet(consts(Enum))]`: every member of `Enum` is also a class attribute of `ty`. Read from
/// the enum's type object, so it does not matter which of the two the module adds first.
fn mirror(ty: &Ident, consts: &Ident) -> TokenStream {
    register(quote! {{
        use ::pyo3::types::{PyAnyMethods, PyListMethods};
        let py = m.py();
        let (class, source) = (
            <#ty as ::pyo3::PyTypeInfo>::type_object(py),
            <#consts as ::pyo3::PyTypeInfo>::type_object(py),
        );
        for name in source.dir()?.iter() {
            let value = source.getattr(name.cast::<::pyo3::types::PyString>()?)?;
            if value.is_instance(&source)? {
                class.setattr(name.cast::<::pyo3::types::PyString>()?, value)?;
            }
        }
        ::pyo3::PyResult::Ok(())
    }})
}

/// A unit enum is taken as itself or by its name, as Node spells it: `Method.GET` or `"GET"`.
fn by_name(e: &syn::ItemEnum) -> TokenStream {
    let ty = &e.ident;
    let variants: Vec<_> = e.variants.iter().map(|v| &v.ident).collect();
    let names: Vec<_> = variants.iter().map(|v| v.to_string()).collect();
    let expected = format!("a {ty} or its name");
    let type_name = ty.to_string();
    quote! {
        impl<'a, 'py> ::pyo3::FromPyObject<'a, 'py> for #ty {
            type Error = ::pyo3::PyErr;
            fn extract(obj: ::pyo3::Borrowed<'a, 'py, ::pyo3::PyAny>) -> ::pyo3::PyResult<Self> {
                use ::pyo3::types::PyAnyMethods;
                if let ::core::result::Result::Ok(v) = obj.cast::<Self>() {
                    return ::core::result::Result::Ok(::core::clone::Clone::clone(v.get()));
                }
                let value = obj.to_owned();
                type H = ::rnet::host::python::PyHost;
                let name = value
                    .extract::<::std::string::String>()
                    .map_err(|_| <H as ::rnet::convert::Host>::type_error(&value, #expected))?;
                match name.as_str() {
                    #(#names => ::core::result::Result::Ok(Self::#variants),)*
                    _ => ::core::result::Result::Err(<H as ::rnet::convert::Host>::plain_type_error(
                        &value,
                        ::std::format!("{name:?} is not a {} name", #type_name),
                    )),
                }
            }
        }
    }
}

fn is_option(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Option"))
}

/// The shim's parameter list (name: Type), shared by methods and free functions.
pub(crate) fn params(spec: &FnSpec) -> Vec<TokenStream> {
    spec.args
        .iter()
        .chain(spec.opts.iter())
        .map(|a| {
            let (id, ty) = (&a.ident, &a.ty);
            quote!(#id: #ty)
        })
        .collect()
}

/// The body that calls the user's function and maps its result, sync or async.
fn call_body(spec: &FnSpec, callee: TokenStream) -> (TokenStream, TokenStream) {
    let args = spec.arg_idents();
    let call = quote!(#callee(#(#args),*));
    if spec.is_async() {
        // A coroutine: awaiting it runs the call on the shared runtime.
        let fut = spec.result_future(&call);
        let inline = !spec.spawn;
        (
            quote!(::rnet::host::python::Call),
            quote!(::rnet::host::python::call(#fut, #inline)),
        )
    } else {
        // `unwind`: a panic becomes `RustPanic`, like a panic in an async call.
        match &spec.output {
            Output::Unit => (
                quote!(::pyo3::PyResult<()>),
                quote!(::rnet::host::python::unwind(|| ::core::result::Result::Ok(#call))),
            ),
            Output::Plain(t) => (
                quote!(::pyo3::PyResult<#t>),
                quote!(::rnet::host::python::unwind(|| ::core::result::Result::Ok(#call))),
            ),
            Output::Fallible(t) => (
                quote!(::pyo3::PyResult<#t>),
                quote!(::rnet::host::python::unwind(|| #call.map_err(::rnet::host::python::to_py_err))),
            ),
        }
    }
}

fn methods(i: &Impl) -> TokenStream {
    let self_ty = &i.self_ty;
    let shims = i.methods.iter().filter(|m| !m.skip_python).map(|m| {
        let shim = shim_ident("py", &m.ident);
        let ident = &m.ident;
        let name = &m.py_name;
        let pass = &m.passthrough;
        let params = params(m);

        let sig = signature(m);
        match m.kind {
            FnKind::Constructor => {
                let (ret, body) = call_body(m, quote!(<#self_ty>::#ident));
                quote! {
                    #(#pass)*
                    #[new]
                    #[pyo3(signature = #sig)]
                    fn #shim(#(#params),*) -> #ret { #body }
                }
            }
            FnKind::Static => {
                let (ret, body) = call_body(m, quote!(<#self_ty>::#ident));
                quote! {
                    #(#pass)*
                    #[staticmethod]
                    #[pyo3(name = #name, signature = #sig)]
                    fn #shim(#(#params,)*) -> #ret { #body }
                }
            }
            FnKind::Getter => {
                let (ret, body) = call_body(m, quote!(self.#ident));
                quote! {
                    #(#pass)*
                    #[getter(#name)]
                    fn #shim(&self) -> #ret { #body }
                }
            }
            _ if m.is_async() => {
                // The future must own its receiver: handles are cheap clones.
                let (ret, body) = call_body(m, quote!(__rnet_this.#ident));
                quote! {
                    #(#pass)*
                    #[pyo3(name = #name, signature = #sig)]
                    fn #shim(&self, #(#params,)*) -> #ret {
                        let __rnet_this = ::core::clone::Clone::clone(self);
                        #body
                    }
                }
            }
            _ => {
                let (ret, body) = call_body(m, quote!(self.#ident));
                // PyO3 fixes the signature of magic methods (`__repr__`, …) itself.
                let pyo3_attr = if name.starts_with("__") && name.ends_with("__") {
                    quote!(#[pyo3(name = #name)])
                } else {
                    quote!(#[pyo3(name = #name, signature = #sig)])
                };
                quote! {
                    #(#pass)*
                    #pyo3_attr
                    fn #shim(&self, #(#params),*) -> #ret { #body }
                }
            }
        }
    });
    // Also for a method hidden from Python (`Streamer.next`): the protocol is its Python face.
    let protocols = i.methods.iter().map(protocol);
    quote! {
        #[::pyo3::pymethods]
        impl #self_ty {
            #(#shims)*
            #(#protocols)*
        }
    }
}

/// `async for` from `#[rnet(iter)]` (`None` raises `StopAsyncIteration`) and `async with`
/// from `#[rnet(close)]`, through the same awaitable as every async method.
fn protocol(m: &FnSpec) -> TokenStream {
    let result = m.result_expr(&m.default_call());
    let this = quote!(let __rnet_this = ::core::clone::Clone::clone(self););
    let call = quote!(::rnet::host::python::call);
    let iter = m.iter.map(|_| {
        quote! {
            fn __aiter__(slf: ::pyo3::PyRef<'_, Self>) -> ::pyo3::PyRef<'_, Self> {
                slf
            }
            fn __anext__(&self) -> ::rnet::host::python::Call {
                #this
                #call(async move { #result.map(::rnet::host::python::Next) }, true)
            }
        }
    });
    let close = m.close.then(|| {
        quote! {
            fn __aenter__(&self) -> ::rnet::host::python::Call {
                #this
                #call(async move {
                    ::core::result::Result::Ok::<_, ::core::convert::Infallible>(__rnet_this)
                }, true)
            }
            #[pyo3(signature = (*_exc))]
            fn __aexit__(&self, _exc: ::pyo3::Py<::pyo3::types::PyTuple>) -> ::rnet::host::python::Call {
                #this
                #call(async move { #result.map(|_| ()) }, true)
            }
        }
    });
    quote!(#iter #close)
}

fn free_fn(spec: &FnSpec) -> TokenStream {
    let shim = shim_ident("py", &spec.ident);
    let ident = &spec.ident;
    let name = &spec.py_name;
    let pass = &spec.passthrough;
    let params = params(spec);

    let sig = signature(spec);
    let (ret, body) = call_body(spec, quote!(#ident));
    let reg = register(quote! {
        ::pyo3::types::PyModuleMethods::add_function(m, ::pyo3::wrap_pyfunction!(#shim, m)?)
    });
    quote! {
        #(#pass)*
        #[::pyo3::pyfunction(name = #name, signature = #sig)]
        fn #shim(#(#params,)*) -> #ret { #body }
        #reg
    }
}

/// An error enum becomes a family of exception classes under `RnetError`, created at module
/// init from the table the macro writes (class name, builtin base, doc).
fn error(e: &ErrorEnum) -> TokenStream {
    let ty = &e.item.ident;
    quote! {
        ::rnet::__private::inventory::submit! {
            ::rnet::host::python::Export(|m| ::rnet::host::python::add_error_classes::<#ty>(m))
        }
    }
}

/// `FromPyObject` through the core's `Lift` (records, unions, input values).
fn bridge_in(ty: &Ident) -> TokenStream {
    quote! {
        impl<'a, 'py> ::pyo3::FromPyObject<'a, 'py> for #ty {
            type Error = ::pyo3::PyErr;
            fn extract(obj: ::pyo3::Borrowed<'a, 'py, ::pyo3::PyAny>) -> ::pyo3::PyResult<Self> {
                <Self as ::rnet::convert::Lift<::rnet::host::python::PyHost>>::lift(&obj.to_owned())
            }
        }
    }
}

/// `IntoPyObject` through the core's `Lower` (output values).
fn bridge_out(ty: &Ident) -> TokenStream {
    quote! {
        impl<'py> ::pyo3::IntoPyObject<'py> for #ty {
            type Target = ::pyo3::PyAny;
            type Output = ::pyo3::Bound<'py, ::pyo3::PyAny>;
            type Error = ::pyo3::PyErr;
            fn into_pyobject(self, py: ::pyo3::Python<'py>) -> ::pyo3::PyResult<Self::Output> {
                <Self as ::rnet::convert::Lower<::rnet::host::python::PyHost>>::lower(self, py)
            }
        }
    }
}

fn value(v: &Value) -> TokenStream {
    let input = if v.input {
        bridge_in(&v.ident)
    } else {
        TokenStream::new()
    };
    let output = if v.output {
        let (out, itself) = (bridge_out(&v.ident), itself(&v.ident));
        quote!(#out #itself)
    } else {
        TokenStream::new()
    };
    quote!(#input #output)
}

/// A type with no blocking twin is its own blocking result.
fn itself(ty: &Ident) -> TokenStream {
    quote! {
        impl ::rnet::convert::IntoBlocking for #ty {
            type Blocking = Self;
            fn into_blocking(self) -> Self {
                self
            }
        }
    }
}
