impl Client {
    /// Creates a client.
    pub fn new(opts: Option<ClientConfig>) -> Result<Self> {
        todo!()
    }
    /// A random one.
    pub fn random() -> Self {
        todo!()
    }
    /// The status.
    pub fn status(&self) -> u16 {
        200
    }
    /// Sends a request.
    pub async fn request(
        &self,
        method: Method,
        url: String,
        opts: Option<RequestConfig>,
    ) -> Result<Response> {
        todo!()
    }
    /// Text.
    pub async fn text(&self, encoding: Option<String>) -> Result<String> {
        todo!()
    }
    pub fn len(&self) -> u32 {
        0
    }
    pub fn describe(&self) -> String {
        String::new()
    }
    pub fn python_only(&self) {}
    fn private_helper(&self) {}
}
::rnet::__private::inventory::submit! {
    ::rnet::__private::Stub::Fn(::rnet::__private::StubFn { owner : "Client", kind :
    "constructor", name : "new", is_async : false, args : & [], opts :
    "Option<ClientConfig>", ret : "Self", doc : "Creates a client.", blocking : false, })
}
::rnet::__private::inventory::submit! {
    ::rnet::__private::Stub::Fn(::rnet::__private::StubFn { owner : "Client", kind :
    "static", name : "random", is_async : false, args : & [], opts : "", ret : "Self",
    doc : "A random one.", blocking : false, })
}
::rnet::__private::inventory::submit! {
    ::rnet::__private::Stub::Fn(::rnet::__private::StubFn { owner : "Client", kind :
    "getter", name : "status", is_async : false, args : & [], opts : "", ret : "u16", doc
    : "The status.", blocking : false, })
}
::rnet::__private::inventory::submit! {
    ::rnet::__private::Stub::Fn(::rnet::__private::StubFn { owner : "Client", kind :
    "method", name : "request", is_async : true, args : & [("method", "Method", false),
    ("url", "String", false)], opts : "Option<RequestConfig>", ret : "Response", doc :
    "Sends a request.", blocking : false, })
}
::rnet::__private::inventory::submit! {
    ::rnet::__private::Stub::Fn(::rnet::__private::StubFn { owner : "Client", kind :
    "method", name : "text", is_async : true, args : & [("encoding", "Option<String>",
    false)], opts : "", ret : "String", doc : "Text.", blocking : false, })
}
::rnet::__private::inventory::submit! {
    ::rnet::__private::Stub::Fn(::rnet::__private::StubFn { owner : "Client", kind :
    "method", name : "len", is_async : false, args : & [], opts : "", ret : "u32", doc :
    "", blocking : false, })
}
::rnet::__private::inventory::submit! {
    ::rnet::__private::Stub::Fn(::rnet::__private::StubFn { owner : "Client", kind :
    "method", name : "__repr__", is_async : false, args : & [], opts : "", ret :
    "String", doc : "", blocking : false, })
}
::rnet::__private::inventory::submit! {
    ::rnet::__private::Stub::Fn(::rnet::__private::StubFn { owner : "Client", kind :
    "method", name : "python_only", is_async : false, args : & [], opts : "", ret : "()",
    doc : "", blocking : false, })
}
#[cfg(feature = "python")]
const _: () = {
    #[allow(unused_imports)]
    use ::pyo3::Py;
    #[::pyo3::pymethods]
    impl Client {
        /// Creates a client.
        #[new]
        #[pyo3(signature = (**opts))]
        fn __rnet_py_new(opts: Option<ClientConfig>) -> ::pyo3::PyResult<Self> {
            ::rnet::host::python::unwind(|| {
                <Client>::new(opts).map_err(::rnet::host::python::to_py_err)
            })
        }
        /// A random one.
        #[staticmethod]
        #[pyo3(name = "random", signature = ())]
        fn __rnet_py_random() -> ::pyo3::PyResult<Self> {
            ::rnet::host::python::unwind(|| ::core::result::Result::Ok(
                <Client>::random(),
            ))
        }
        /// The status.
        #[getter("status")]
        fn __rnet_py_status(&self) -> ::pyo3::PyResult<u16> {
            ::rnet::host::python::unwind(|| ::core::result::Result::Ok(self.status()))
        }
        /// Sends a request.
        #[pyo3(name = "request", signature = (method, url, **opts))]
        fn __rnet_py_request(
            &self,
            method: Method,
            url: String,
            opts: Option<RequestConfig>,
        ) -> ::rnet::host::python::Call {
            let __rnet_this = ::core::clone::Clone::clone(self);
            ::rnet::host::python::call(
                async move { __rnet_this.request(method, url, opts).await },
                true,
            )
        }
        /// Text.
        #[pyo3(name = "text", signature = (encoding = None))]
        fn __rnet_py_text(
            &self,
            encoding: Option<String>,
        ) -> ::rnet::host::python::Call {
            let __rnet_this = ::core::clone::Clone::clone(self);
            ::rnet::host::python::call(
                async move { __rnet_this.text(encoding).await },
                true,
            )
        }
        #[pyo3(name = "len", signature = ())]
        fn __rnet_py_len(&self) -> ::pyo3::PyResult<u32> {
            ::rnet::host::python::unwind(|| ::core::result::Result::Ok(self.len()))
        }
        #[pyo3(name = "__repr__")]
        fn __rnet_py_describe(&self) -> ::pyo3::PyResult<String> {
            ::rnet::host::python::unwind(|| ::core::result::Result::Ok(self.describe()))
        }
        #[pyo3(name = "python_only", signature = ())]
        fn __rnet_py_python_only(&self) -> ::pyo3::PyResult<()> {
            ::rnet::host::python::unwind(|| ::core::result::Result::Ok(
                self.python_only(),
            ))
        }
    }
};
#[cfg(feature = "node")]
#[::napi_derive::napi]
impl Client {
    /// Creates a client.
    #[napi(constructor)]
    pub fn __rnet_js_new(
        __rnet_env: &::napi::Env,
        #[napi(ts_arg_type = "ClientConfig | undefined | null")]
        opts: ::core::option::Option<::rnet::host::node::JsArg>,
    ) -> ::napi::Result<Self> {
        let opts: Option<ClientConfig> = match ::rnet::host::node::arg(
            __rnet_env,
            opts,
            "opts",
            "ClientConfig | undefined | null",
        ) {
            ::core::result::Result::Ok(v) => v,
            ::core::result::Result::Err(e) => return ::core::result::Result::Err(e),
        };
        ::rnet::host::node::unwind(
            __rnet_env,
            || {
                <Client>::new(opts)
                    .map_err(|e| ::rnet::host::node::to_js_error(__rnet_env, e))
            },
        )
    }
    /// A random one.
    #[napi(js_name = "random")]
    pub fn __rnet_js_random(__rnet_env: &::napi::Env) -> ::napi::Result<Self> {
        ::rnet::host::node::unwind(
            __rnet_env,
            || ::core::result::Result::Ok(<Client>::random()),
        )
    }
    /// The status.
    #[napi(getter, js_name = "status")]
    pub fn __rnet_js_status(&self, __rnet_env: &::napi::Env) -> ::napi::Result<u16> {
        ::rnet::host::node::unwind(
            __rnet_env,
            || ::core::result::Result::Ok(self.status()),
        )
    }
    /// Sends a request.
    #[napi(js_name = "request")]
    pub fn __rnet_js_request<'env>(
        &self,
        __rnet_env: &'env ::napi::Env,
        #[napi(ts_arg_type = "Method")]
        method: ::rnet::host::node::JsArg,
        #[napi(ts_arg_type = "string")]
        url: ::rnet::host::node::JsArg,
        #[napi(ts_arg_type = "RequestConfig | undefined | null")]
        opts: ::core::option::Option<::rnet::host::node::JsArg>,
    ) -> ::napi::Result<::napi::bindgen_prelude::PromiseRaw<'env, Response>> {
        let method: Method = match ::rnet::host::node::arg(
            __rnet_env,
            ::core::option::Option::Some(method),
            "method",
            "Method",
        ) {
            ::core::result::Result::Ok(v) => v,
            ::core::result::Result::Err(e) => {
                return ::rnet::host::node::rejected(__rnet_env, e);
            }
        };
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
        let __rnet_this = ::core::clone::Clone::clone(self);
        ::rnet::host::node::promise(
            __rnet_env,
            async move { __rnet_this.request(method, url, opts).await },
            true,
        )
    }
    /// Text.
    #[napi(js_name = "text")]
    pub fn __rnet_js_text<'env>(
        &self,
        __rnet_env: &'env ::napi::Env,
        #[napi(ts_arg_type = "string | undefined | null")]
        encoding: ::core::option::Option<::rnet::host::node::JsArg>,
    ) -> ::napi::Result<::napi::bindgen_prelude::PromiseRaw<'env, String>> {
        let encoding: Option<String> = match ::rnet::host::node::arg(
            __rnet_env,
            encoding,
            "encoding",
            "string | undefined | null",
        ) {
            ::core::result::Result::Ok(v) => v,
            ::core::result::Result::Err(e) => {
                return ::rnet::host::node::rejected(__rnet_env, e);
            }
        };
        let __rnet_this = ::core::clone::Clone::clone(self);
        ::rnet::host::node::promise(
            __rnet_env,
            async move { __rnet_this.text(encoding).await },
            true,
        )
    }
    #[napi(js_name = "len")]
    pub fn __rnet_js_len(&self, __rnet_env: &::napi::Env) -> ::napi::Result<u32> {
        ::rnet::host::node::unwind(__rnet_env, || ::core::result::Result::Ok(self.len()))
    }
    #[napi(js_name = "toString")]
    pub fn __rnet_js_describe(
        &self,
        __rnet_env: &::napi::Env,
    ) -> ::napi::Result<String> {
        ::rnet::host::node::unwind(
            __rnet_env,
            || ::core::result::Result::Ok(self.describe()),
        )
    }
}
