#[cfg(not(feature = "node"))]
/// Options.
#[derive(Default)]
pub struct ClientConfig {
    /// Seconds in Python, milliseconds in JS.
    pub connect_timeout: Option<TimeDelta>,
    pub user_agent: Option<String>,
    /// JS only: not a Python keyword.
    pub signal: Option<Signal>,
}
impl ClientConfig {
    /// The options this record accepts, for generated documentation.
    #[doc(hidden)]
    pub const FIELDS: &'static [::rnet::__private::FieldDoc] = &[
        ::rnet::__private::FieldDoc {
            python: "connect_timeout",
            js: "connectTimeout",
            rust_type: "Option<TimeDelta>",
            doc: "Seconds in Python, milliseconds in JS.",
            flatten: ::core::option::Option::None,
        },
        ::rnet::__private::FieldDoc {
            python: "user_agent",
            js: "userAgent",
            rust_type: "Option<String>",
            doc: "",
            flatten: ::core::option::Option::None,
        },
        ::rnet::__private::FieldDoc {
            python: "",
            js: "signal",
            rust_type: "Option<Signal>",
            doc: "JS only: not a Python keyword.",
            flatten: ::core::option::Option::None,
        },
    ];
}
impl ::rnet::convert::RecordKeys for ClientConfig {
    fn keys(naming: ::rnet::convert::Naming, out: &mut ::std::vec::Vec<&'static str>) {
        out.extend_from_slice(
            match naming {
                ::rnet::convert::Naming::Python => &["connect_timeout", "user_agent"],
                ::rnet::convert::Naming::Js => &["connectTimeout", "userAgent", "signal"],
            },
        );
    }
}
impl<H: ::rnet::convert::Host> ::rnet::convert::SetField<H> for ClientConfig
where
    Option<TimeDelta>: ::rnet::convert::FromHost<H>,
    Option<String>: ::rnet::convert::FromHost<H>,
    Option<Signal>: ::rnet::convert::FromHost<H>,
{
    fn set_field(
        &mut self,
        type_name: &str,
        key: &str,
        value: &H::Value<'_>,
    ) -> ::core::result::Result<bool, H::Error> {
        match (H::NAMING, key) {
            (::rnet::convert::Naming::Python, "connect_timeout")
            | (::rnet::convert::Naming::Js, "connectTimeout") => {
                self.connect_timeout = ::rnet::convert::field::<
                    H,
                    _,
                >(value, type_name, key)?;
            }
            (::rnet::convert::Naming::Python, "user_agent")
            | (::rnet::convert::Naming::Js, "userAgent") => {
                self.user_agent = ::rnet::convert::field::<H, _>(value, type_name, key)?;
            }
            (::rnet::convert::Naming::Js, "signal") => {
                self.signal = ::rnet::convert::field::<H, _>(value, type_name, key)?;
            }
            _ => {
                return ::core::result::Result::Ok(false);
            }
        }
        ::core::result::Result::Ok(true)
    }
}
impl<H: ::rnet::convert::Host> ::rnet::convert::Lift<H> for ClientConfig
where
    Self: ::rnet::convert::SetField<H>,
{
    fn lift(v: &H::Value<'_>) -> ::core::result::Result<Self, H::Error> {
        ::rnet::convert::read_record::<H, Self>(v, "ClientConfig")
    }
}
::rnet::__private::inventory::submit! {
    ::rnet::__private::Stub::Record { name : "ClientConfig", doc : "Options.", fields :
    ClientConfig::FIELDS }
}
#[cfg(feature = "python")]
const _: () = {
    #[allow(unused_imports)]
    use ::pyo3::Py;
    impl<'a, 'py> ::pyo3::FromPyObject<'a, 'py> for ClientConfig {
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
pub struct ClientConfig {
    /// Seconds in Python, milliseconds in JS.
    #[napi(ts_type = "number")]
    pub connect_timeout: Option<TimeDelta>,
    pub user_agent: Option<String>,
    /// JS only: not a Python keyword.
    #[napi(ts_type = "AbortSignal")]
    pub signal: Option<Signal>,
}
#[cfg(feature = "node")]
impl ::napi::bindgen_prelude::FromNapiValue for ClientConfig {
    unsafe fn from_napi_value(
        env: ::napi::sys::napi_env,
        value: ::napi::sys::napi_value,
    ) -> ::napi::Result<Self> {
        <Self as ::rnet::convert::Lift<
            ::rnet::host::node::NodeHost,
        >>::lift(&::rnet::host::node::JsValue::new(env, value))
    }
}
