/// A Profile or an Emulation.
pub enum EmulationInput {
    Profile(Profile),
    Emulation(Emulation),
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
            let mut errors = ::std::vec::Vec::new();
            match obj.extract::<Profile>() {
                ::core::result::Result::Ok(x) => {
                    return ::core::result::Result::Ok(Self::Profile(x));
                }
                ::core::result::Result::Err(e) => {
                    errors.push(::core::convert::Into::<::pyo3::PyErr>::into(e))
                }
            }
            match obj.extract::<Emulation>() {
                ::core::result::Result::Ok(x) => {
                    return ::core::result::Result::Ok(Self::Emulation(x));
                }
                ::core::result::Result::Err(e) => {
                    errors.push(::core::convert::Into::<::pyo3::PyErr>::into(e))
                }
            }
            ::core::result::Result::Err(
                ::rnet::host::python::union_error(
                    &obj,
                    "a Profile or an Emulation",
                    errors,
                ),
            )
        }
    }
};
#[cfg(feature = "node")]
impl ::napi::bindgen_prelude::FromNapiValue for EmulationInput {
    unsafe fn from_napi_value(
        env: ::napi::sys::napi_env,
        value: ::napi::sys::napi_value,
    ) -> ::napi::Result<Self> {
        let mut errors = ::std::vec::Vec::new();
        match unsafe {
            <Profile as ::napi::bindgen_prelude::FromNapiValue>::from_napi_value(
                env,
                value,
            )
        } {
            ::core::result::Result::Ok(x) => {
                return ::core::result::Result::Ok(Self::Profile(x));
            }
            ::core::result::Result::Err(e) => errors.push(e),
        }
        match unsafe {
            <Emulation as ::napi::bindgen_prelude::FromNapiValue>::from_napi_value(
                env,
                value,
            )
        } {
            ::core::result::Result::Ok(x) => {
                return ::core::result::Result::Ok(Self::Emulation(x));
            }
            ::core::result::Result::Err(e) => errors.push(e),
        }
        ::core::result::Result::Err(
            ::rnet::host::node::union_error(
                env,
                value,
                "a Profile or an Emulation",
                errors,
            ),
        )
    }
}
#[cfg(feature = "node")]
impl ::napi::bindgen_prelude::TypeName for EmulationInput {
    fn type_name() -> &'static str {
        "EmulationInput"
    }
    fn value_type() -> ::napi::ValueType {
        ::napi::ValueType::Unknown
    }
}
#[cfg(feature = "node")]
impl ::napi::bindgen_prelude::ValidateNapiValue for EmulationInput {}
/// A Profile or an Emulation.
#[cfg(feature = "node")]
#[::napi_derive::napi(js_name = "EmulationInput")]
#[allow(dead_code)]
pub type __RnetTsEmulationInput = ::napi::bindgen_prelude::Either<Profile, Emulation>;
