/// Sends a GET request.
pub async fn get(url: String, opts: Option<RequestConfig>) -> Result<Response> {
    todo!()
}
::rnet::__private::inventory::submit! {
    ::rnet::__private::Stub::Fn(::rnet::__private::StubFn { owner : "", kind :
    "function", name : "get", is_async : true, args : & [("url", "String", false)], opts
    : "Option<RequestConfig>", ret : "Response", doc : "Sends a GET request.", blocking :
    false, })
}
#[cfg(feature = "python")]
const _: () = {
    #[allow(unused_imports)]
    use ::pyo3::Py;
    /// Sends a GET request.
    #[::pyo3::pyfunction(name = "get", signature = (url, **opts))]
    fn __rnet_py_get(
        url: String,
        opts: Option<RequestConfig>,
    ) -> ::rnet::host::python::Call {
        ::rnet::host::python::call(async move { get(url, opts).await }, false)
    }
    ::rnet::__private::inventory::submit! {
        ::rnet::host::python::Export(| m |
        ::pyo3::types::PyModuleMethods::add_function(m,
        ::pyo3::wrap_pyfunction!(__rnet_py_get, m) ?))
    }
};
#[cfg(feature = "node")]
#[::napi_derive::napi(js_name = "get")]
/// Sends a GET request.
pub fn __rnet_js_get<'env>(
    __rnet_env: &'env ::napi::Env,
    #[napi(ts_arg_type = "string")]
    url: ::rnet::host::node::JsArg,
    #[napi(ts_arg_type = "RequestConfig | undefined | null")]
    opts: ::core::option::Option<::rnet::host::node::JsArg>,
) -> ::napi::Result<::napi::bindgen_prelude::PromiseRaw<'env, Response>> {
    let url: String = match ::rnet::host::node::arg(
        __rnet_env,
        ::core::option::Option::Some(url),
        "url",
        "string",
    ) {
        ::core::result::Result::Ok(v) => v,
        ::core::result::Result::Err(e) => {
            return ::rnet::host::node::rejected(__rnet_env, e);
        }
    };
    let opts: Option<RequestConfig> = match ::rnet::host::node::arg(
        __rnet_env,
        opts,
        "opts",
        "RequestConfig | undefined | null",
    ) {
        ::core::result::Result::Ok(v) => v,
        ::core::result::Result::Err(e) => {
            return ::rnet::host::node::rejected(__rnet_env, e);
        }
    };
    ::rnet::host::node::promise(__rnet_env, async move { get(url, opts).await }, false)
}
