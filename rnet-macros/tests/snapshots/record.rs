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
impl<H: ::rnet::convert::Host> ::rnet::convert::Lift<H> for ClientOptions
where
    Option<TimeDelta>: ::rnet::convert::FromHost<H>,
    Option<String>: ::rnet::convert::FromHost<H>,
    Option<Signal>: ::rnet::convert::FromHost<H>,
{
    fn lift(v: &H::Value<'_>) -> ::core::result::Result<Self, H::Error> {
        let keys: &[&str] = match H::NAMING {
            ::rnet::convert::Naming::Python => &["connect_timeout", "user_agent"],
            ::rnet::convert::Naming::Js => &["connectTimeout", "userAgent", "signal"],
        };
        let mut out = <ClientOptions as ::core::default::Default>::default();
        ::rnet::convert::read_record::<
            H,
        >(
            v,
            "ClientOptions",
            keys,
            |key, value| {
                match key {
                    "connect_timeout" | "connectTimeout" => {
                        out.connect_timeout = ::rnet::convert::field::<
                            H,
                            _,
                        >(value, "ClientOptions", key)?;
                    }
                    "user_agent" | "userAgent" => {
                        out.user_agent = ::rnet::convert::field::<
                            H,
                            _,
                        >(value, "ClientOptions", key)?;
                    }
                    "signal" | "signal" => {
                        out.signal = ::rnet::convert::field::<
                            H,
                            _,
                        >(value, "ClientOptions", key)?;
                    }
                    _ => {}
                }
                ::core::result::Result::Ok(())
            },
        )?;
        ::core::result::Result::Ok(out)
    }
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
            <Self as ::rnet::convert::Lift<
                ::rnet::host::python::PyHost,
            >>::lift(&obj.to_owned())
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
        <Self as ::rnet::convert::Lift<
            ::rnet::host::node::NodeHost,
        >>::lift(&::rnet::host::node::JsValue::new(env, value))
    }
}
