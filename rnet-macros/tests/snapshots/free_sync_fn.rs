/// Adds.
pub fn add(a: i32, b: i32) -> i32 {
    a + b
}
::rnet::__private::inventory::submit! {
    ::rnet::__private::Stub::Fn(::rnet::__private::StubFn { owner : "", kind :
    "function", name : "add", is_async : false, args : & [("a", "i32", false), ("b",
    "i32", false)], opts : "", ret : "i32", doc : "Adds.", blocking : false, })
}
#[cfg(feature = "python")]
const _: () = {
    #[allow(unused_imports)]
    use ::pyo3::Py;
    /// Adds.
    #[::pyo3::pyfunction(name = "add", signature = (a, b))]
    fn __rnet_py_add(a: i32, b: i32) -> ::pyo3::PyResult<i32> {
        ::rnet::host::python::unwind(|| ::core::result::Result::Ok(add(a, b)))
    }
    ::rnet::__private::inventory::submit! {
        ::rnet::host::python::Export(| m |
        ::pyo3::types::PyModuleMethods::add_function(m,
        ::pyo3::wrap_pyfunction!(__rnet_py_add, m) ?))
    }
};
#[cfg(feature = "node")]
#[::napi_derive::napi(js_name = "add")]
/// Adds.
pub fn __rnet_js_add(
    __rnet_env: &::napi::Env,
    #[napi(ts_arg_type = "number")]
    a: ::rnet::host::node::JsArg,
    #[napi(ts_arg_type = "number")]
    b: ::rnet::host::node::JsArg,
) -> ::napi::Result<i32> {
    let a: i32 = match ::rnet::host::node::arg(
        __rnet_env,
        ::core::option::Option::Some(a),
        "a",
        "number",
    ) {
        ::core::result::Result::Ok(v) => v,
        ::core::result::Result::Err(e) => return ::core::result::Result::Err(e),
    };
    let b: i32 = match ::rnet::host::node::arg(
        __rnet_env,
        ::core::option::Option::Some(b),
        "b",
        "number",
    ) {
        ::core::result::Result::Ok(v) => v,
        ::core::result::Result::Err(e) => return ::core::result::Result::Err(e),
    };
    ::rnet::host::node::unwind(__rnet_env, || ::core::result::Result::Ok(add(a, b)))
}
