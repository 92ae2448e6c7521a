#[cfg(not(feature = "node"))]
/// Options.
#[derive(Default)]
pub struct ClientOptions {
    /// Seconds in Python, milliseconds in JS.
    pub connect_timeout: Option<TimeDelta>,
    pub user_agent: Option<String>,
    /// JS only: not a Python keyword.
    pub signal: Option<Signal>,
}
impl ClientOptions {
    /// The options this record accepts, for generated documentation.
    #[doc(hidden)]
    pub const FIELDS: &'static [::rnet::__private::FieldDoc] = &[
        ::rnet::__private::FieldDoc {
            python: "connect_timeout",
            js: "connectTimeout",
            rust_type: "Option<TimeDelta>",
            doc: "Seconds in Python, milliseconds in JS.",
        },
        ::rnet::__private::FieldDoc {
            python: "user_agent",
            js: "userAgent",
            rust_type: "Option<String>",
            doc: "",
        },
        ::rnet::__private::FieldDoc {
            python: "",
            js: "signal",
            rust_type: "Option<Signal>",
            doc: "JS only: not a Python keyword.",
        },
    ];
}
::rnet::__private::inventory::submit! {
    ::rnet::__private::Stub::Record { name : "ClientOptions", doc : "Options.", fields :
    ClientOptions::FIELDS }
}
#[cfg(feature = "python")]
const _: () = {
    #[allow(unused_imports)]
    use ::pyo3::Py;
    impl<'a, 'py> ::pyo3::FromPyObject<'a, 'py> for ClientOptions {
        type Error = ::pyo3::PyErr;
        fn extract(
            obj: ::pyo3::Borrowed<'a, 'py, ::pyo3::PyAny>,
        ) -> ::pyo3::PyResult<Self> {
            let mut out = <ClientOptions as ::core::default::Default>::default();
            ::rnet::host::python::read_record(
                obj,
                "ClientOptions",
                &["connect_timeout", "user_agent"],
                |key, value| {
                    match key {
                        "connect_timeout" => {
                            out.connect_timeout = ::rnet::host::python::field(
                                value,
                                "ClientOptions",
                                "connect_timeout",
                            )?;
                        }
                        "user_agent" => {
                            out.user_agent = ::rnet::host::python::field(
                                value,
                                "ClientOptions",
                                "user_agent",
                            )?;
                        }
                        _ => {}
                    }
                    ::core::result::Result::Ok(())
                },
            )?;
            ::core::result::Result::Ok(out)
        }
    }
};
#[cfg(feature = "node")]
#[::napi_derive::napi(object, object_from_js = false, object_to_js = false)]
/// Options.
#[derive(Default)]
pub struct ClientOptions {
    /// Seconds in Python, milliseconds in JS.
    #[napi(ts_type = "number")]
    pub connect_timeout: Option<TimeDelta>,
    pub user_agent: Option<String>,
    /// JS only: not a Python keyword.
    #[napi(ts_type = "AbortSignal")]
    pub signal: Option<Signal>,
}
#[cfg(feature = "node")]
impl ::napi::bindgen_prelude::FromNapiValue for ClientOptions {
    unsafe fn from_napi_value(
        env: ::napi::sys::napi_env,
        value: ::napi::sys::napi_value,
    ) -> ::napi::Result<Self> {
        let mut out = <ClientOptions as ::core::default::Default>::default();
        ::rnet::host::node::read_record(
            env,
            value,
            "ClientOptions",
            &["connectTimeout", "userAgent", "signal"],
            |key, value| {
                match key {
                    "connectTimeout" => {
                        out.connect_timeout = ::rnet::host::node::field(
                            env,
                            value,
                            "ClientOptions",
                            "connectTimeout",
                        )?;
                    }
                    "userAgent" => {
                        out.user_agent = ::rnet::host::node::field(
                            env,
                            value,
                            "ClientOptions",
                            "userAgent",
                        )?;
                    }
                    "signal" => {
                        out.signal = ::rnet::host::node::field(
                            env,
                            value,
                            "ClientOptions",
                            "signal",
                        )?;
                    }
                    _ => {}
                }
                ::core::result::Result::Ok(())
            },
        )?;
        ::core::result::Result::Ok(out)
    }
}
