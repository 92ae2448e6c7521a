impl Client {
    pub fn new(opts: Option<ClientConfig>) -> Result<Self> {
        todo!()
    }
    /// Sends a request.
    pub async fn get(
        &self,
        url: String,
        opts: Option<RequestConfig>,
    ) -> Result<Response> {
        todo!()
    }
    pub async fn close_later(&self) {}
    pub fn closed(&self) -> bool {
        false
    }
}
::rnet::__private::inventory::submit! {
    ::rnet::__private::Stub::Fn(::rnet::__private::StubFn { owner : "Client", kind :
    "constructor", name : "new", is_async : false, args : & [], opts :
    "Option<ClientConfig>", ret : "Self", doc : "", blocking : true, })
}
::rnet::__private::inventory::submit! {
    ::rnet::__private::Stub::Fn(::rnet::__private::StubFn { owner : "Client", kind :
    "method", name : "get", is_async : true, args : & [("url", "String", false)], opts :
    "Option<RequestConfig>", ret : "Response", doc : "Sends a request.", blocking : true,
    })
}
::rnet::__private::inventory::submit! {
    ::rnet::__private::Stub::Fn(::rnet::__private::StubFn { owner : "Client", kind :
    "method", name : "close_later", is_async : true, args : & [], opts : "", ret : "()",
    doc : "", blocking : true, })
}
::rnet::__private::inventory::submit! {
    ::rnet::__private::Stub::Fn(::rnet::__private::StubFn { owner : "Client", kind :
    "getter", name : "closed", is_async : false, args : & [], opts : "", ret : "bool",
    doc : "", blocking : true, })
}
#[cfg(feature = "python")]
const _: () = {
    #[allow(unused_imports)]
    use ::pyo3::Py;
    #[::pyo3::pymethods]
    impl Client {
        #[new]
        #[pyo3(signature = (**opts))]
        fn __rnet_py_new(opts: Option<ClientConfig>) -> ::pyo3::PyResult<Self> {
            ::rnet::host::python::unwind(|| {
                <Client>::new(opts).map_err(::rnet::host::python::to_py_err)
            })
        }
        /// Sends a request.
        #[pyo3(name = "get", signature = (url, **opts))]
        fn __rnet_py_get(
            &self,
            url: String,
            opts: Option<RequestConfig>,
        ) -> ::rnet::host::python::Call {
            let __rnet_this = ::core::clone::Clone::clone(self);
            ::rnet::host::python::call(
                async move { __rnet_this.get(url, opts).await },
                true,
            )
        }
        #[pyo3(name = "close_later", signature = ())]
        fn __rnet_py_close_later(&self) -> ::rnet::host::python::Call {
            let __rnet_this = ::core::clone::Clone::clone(self);
            ::rnet::host::python::call(
                async move {
                    ::core::result::Result::Ok::<
                        _,
                        ::core::convert::Infallible,
                    >(__rnet_this.close_later().await)
                },
                true,
            )
        }
        #[getter("closed")]
        fn __rnet_py_closed(&self) -> ::pyo3::PyResult<bool> {
            ::rnet::host::python::unwind(|| ::core::result::Result::Ok(self.closed()))
        }
    }
};
#[cfg(feature = "python")]
const _: () = {
    #[allow(unused_imports)]
    use ::pyo3::Py;
    #[::pyo3::pymethods]
    impl BlockingClient {
        #[new]
        #[pyo3(signature = (**opts))]
        fn __rnet_pyb_new(
            opts: Option<ClientConfig>,
        ) -> ::pyo3::PyResult<BlockingClient> {
            <Client>::new(opts)
                .map(BlockingClient)
                .map_err(::rnet::host::python::to_py_err)
        }
        /// Sends a request.
        #[pyo3(name = "get", signature = (url, **opts))]
        fn __rnet_pyb_get(
            &self,
            __rnet_py: ::pyo3::Python<'_>,
            url: String,
            opts: Option<RequestConfig>,
        ) -> ::pyo3::PyResult<::pyo3::Py<::pyo3::PyAny>> {
            {
                let __rnet_v = {
                    let __rnet_this = ::core::clone::Clone::clone(&self.0);
                    ::core::result::Result::<
                        _,
                        ::rnet::Error,
                    >::Ok(
                        __rnet_py
                            .detach(move || ::rnet::host::python::block_on(async move {
                                __rnet_this.get(url, opts).await
                            }))?,
                    )
                }
                    .map_err(::rnet::host::python::to_py_err)?;
                ::pyo3::IntoPyObjectExt::into_py_any(
                    ::rnet::convert::IntoBlocking::into_blocking(__rnet_v),
                    __rnet_py,
                )
            }
        }
        #[pyo3(name = "close_later", signature = ())]
        fn __rnet_pyb_close_later(
            &self,
            __rnet_py: ::pyo3::Python<'_>,
        ) -> ::pyo3::PyResult<::pyo3::Py<::pyo3::PyAny>> {
            {
                let __rnet_v = {
                    let __rnet_this = ::core::clone::Clone::clone(&self.0);
                    ::core::result::Result::<
                        _,
                        ::rnet::Error,
                    >::Ok(
                        __rnet_py
                            .detach(move || ::rnet::host::python::block_on(async move {
                                ::core::result::Result::Ok::<
                                    _,
                                    ::core::convert::Infallible,
                                >(__rnet_this.close_later().await)
                            }))?,
                    )
                }
                    .map_err(::rnet::host::python::to_py_err)?;
                ::pyo3::IntoPyObjectExt::into_py_any(
                    ::rnet::convert::IntoBlocking::into_blocking(__rnet_v),
                    __rnet_py,
                )
            }
        }
        #[getter("closed")]
        fn __rnet_pyb_closed(
            &self,
            __rnet_py: ::pyo3::Python<'_>,
        ) -> ::pyo3::PyResult<::pyo3::Py<::pyo3::PyAny>> {
            {
                let __rnet_v = self.0.closed();
                ::pyo3::IntoPyObjectExt::into_py_any(
                    ::rnet::convert::IntoBlocking::into_blocking(__rnet_v),
                    __rnet_py,
                )
            }
        }
    }
};
#[cfg(feature = "node")]
#[::napi_derive::napi]
impl Client {
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
    /// Sends a request.
    #[napi(js_name = "get")]
    pub fn __rnet_js_get<'env>(
        &self,
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
        let __rnet_this = ::core::clone::Clone::clone(self);
        ::rnet::host::node::promise(
            __rnet_env,
            async move { __rnet_this.get(url, opts).await },
            true,
        )
    }
    #[napi(js_name = "closeLater", ts_return_type = "Promise<void>")]
    pub fn __rnet_js_close_later<'env>(
        &self,
        __rnet_env: &'env ::napi::Env,
    ) -> ::napi::Result<::napi::bindgen_prelude::PromiseRaw<'env, ()>> {
        let __rnet_this = ::core::clone::Clone::clone(self);
        ::rnet::host::node::promise(
            __rnet_env,
            async move {
                ::core::result::Result::Ok::<
                    _,
                    ::core::convert::Infallible,
                >(__rnet_this.close_later().await)
            },
            true,
        )
    }
    #[napi(getter, js_name = "closed")]
    pub fn __rnet_js_closed(&self, __rnet_env: &::napi::Env) -> ::napi::Result<bool> {
        ::rnet::host::node::unwind(
            __rnet_env,
            || ::core::result::Result::Ok(self.closed()),
        )
    }
}
