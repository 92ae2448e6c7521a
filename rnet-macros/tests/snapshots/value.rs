/// A duration.
#[derive(Clone, Copy)]
pub struct TimeDelta(pub std::time::Duration);
::rnet::__private::inventory::submit! {
    ::rnet::__private::Stub::Value { name : "TimeDelta", doc : "A duration.", python_in :
    < TimeDelta as ::rnet::convert::Hint > ::PYTHON_IN, python_out : < TimeDelta as
    ::rnet::convert::Hint > ::PYTHON_OUT, ts : < TimeDelta as ::rnet::convert::Hint >
    ::TS, }
}
#[cfg(feature = "python")]
const _: () = {
    #[allow(unused_imports)]
    use ::pyo3::Py;
    impl<'a, 'py> ::pyo3::FromPyObject<'a, 'py> for TimeDelta {
        type Error = ::pyo3::PyErr;
        fn extract(
            obj: ::pyo3::Borrowed<'a, 'py, ::pyo3::PyAny>,
        ) -> ::pyo3::PyResult<Self> {
            <Self as ::rnet::convert::Lift<
                ::rnet::host::python::PyHost,
            >>::lift(&obj.to_owned())
        }
    }
    impl<'py> ::pyo3::IntoPyObject<'py> for TimeDelta {
        type Target = ::pyo3::PyAny;
        type Output = ::pyo3::Bound<'py, ::pyo3::PyAny>;
        type Error = ::pyo3::PyErr;
        fn into_pyobject(
            self,
            py: ::pyo3::Python<'py>,
        ) -> ::pyo3::PyResult<Self::Output> {
            <Self as ::rnet::convert::Lower<
                ::rnet::host::python::PyHost,
            >>::lower(self, py)
        }
    }
    impl ::rnet::convert::IntoBlocking for TimeDelta {
        type Blocking = Self;
        fn into_blocking(self) -> Self {
            self
        }
    }
};
#[cfg(feature = "node")]
const _: () = {
    impl ::napi::bindgen_prelude::FromNapiValue for TimeDelta {
        unsafe fn from_napi_value(
            env: ::napi::sys::napi_env,
            value: ::napi::sys::napi_value,
        ) -> ::napi::Result<Self> {
            <Self as ::rnet::convert::Lift<
                ::rnet::host::node::NodeHost,
            >>::lift(&::rnet::host::node::JsValue::new(env, value))
        }
    }
    impl ::napi::bindgen_prelude::ToNapiValue for TimeDelta {
        unsafe fn to_napi_value(
            env: ::napi::sys::napi_env,
            val: Self,
        ) -> ::napi::Result<::napi::sys::napi_value> {
            <Self as ::rnet::convert::Lower<
                ::rnet::host::node::NodeHost,
            >>::lower(val, ::napi::Env::from_raw(env))
                .map(|v| v.raw)
        }
    }
    impl ::napi::bindgen_prelude::TypeName for TimeDelta {
        fn type_name() -> &'static str {
            "TimeDelta"
        }
        fn value_type() -> ::napi::ValueType {
            ::napi::ValueType::Unknown
        }
    }
    impl ::napi::bindgen_prelude::ValidateNapiValue for TimeDelta {}
};
