/// A Profile or an Emulation.
pub enum EmulationInput {
    Profile(Profile),
    Emulation(Emulation),
}
impl<H: ::rnet::convert::Host> ::rnet::convert::Lift<H> for EmulationInput
where
    Profile: ::rnet::convert::FromHost<H>,
    Emulation: ::rnet::convert::FromHost<H>,
{
    fn lift(v: &H::Value<'_>) -> ::core::result::Result<Self, H::Error> {
        let mut errors = ::std::vec::Vec::new();
        match <Profile as ::rnet::convert::FromHost<H>>::from_host(v) {
            ::core::result::Result::Ok(x) => {
                return ::core::result::Result::Ok(Self::Profile(x));
            }
            ::core::result::Result::Err(e) => errors.push(e),
        }
        match <Emulation as ::rnet::convert::FromHost<H>>::from_host(v) {
            ::core::result::Result::Ok(x) => {
                return ::core::result::Result::Ok(Self::Emulation(x));
            }
            ::core::result::Result::Err(e) => errors.push(e),
        }
        ::core::result::Result::Err(
            ::rnet::convert::union_error::<H>(v, "a Profile or an Emulation", errors),
        )
    }
}
::rnet::__private::inventory::submit! {
    ::rnet::__private::Stub::Union { name : "EmulationInput", doc :
    "A Profile or an Emulation.", variants : & ["Profile", "Emulation"] }
}
#[cfg(feature = "python")]
const _: () = {
    #[allow(unused_imports)]
    use ::pyo3::Py;
    impl<'a, 'py> ::pyo3::FromPyObject<'a, 'py> for EmulationInput {
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
const _: () = {
    impl ::napi::bindgen_prelude::FromNapiValue for EmulationInput {
        unsafe fn from_napi_value(
            env: ::napi::sys::napi_env,
            value: ::napi::sys::napi_value,
        ) -> ::napi::Result<Self> {
            <Self as ::rnet::convert::Lift<
                ::rnet::host::node::NodeHost,
            >>::lift(&::rnet::host::node::JsValue::new(env, value))
        }
    }
    impl ::napi::bindgen_prelude::TypeName for EmulationInput {
        fn type_name() -> &'static str {
            "EmulationInput"
        }
        fn value_type() -> ::napi::ValueType {
            ::napi::ValueType::Unknown
        }
    }
    impl ::napi::bindgen_prelude::ValidateNapiValue for EmulationInput {}
};
/// A Profile or an Emulation.
#[cfg(feature = "node")]
#[::napi_derive::napi(js_name = "EmulationInput")]
#[allow(dead_code)]
pub type __RnetTsEmulationInput = ::napi::bindgen_prelude::Either<Profile, Emulation>;
