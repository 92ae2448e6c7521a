#[cfg_attr(
    feature = "python",
    ::pyo3::pyclass(eq, eq_int, frozen, hash, module = "rnet", name = "Method")
)]
#[cfg_attr(feature = "node", ::napi_derive::napi(string_enum))]
/// A method.
#[derive(Clone, Copy, PartialEq)]
pub enum Method {
    GET,
    POST,
}
::rnet::__private::inventory::submit! {
    ::rnet::__private::Stub::Enum { name : "Method", doc : "A method.", variants : &
    ["GET", "POST"] }
}
#[cfg(feature = "python")]
const _: () = {
    #[allow(unused_imports)]
    use ::pyo3::Py;
    ::rnet::__private::inventory::submit! {
        ::rnet::host::python::Export(| m | ::pyo3::types::PyModuleMethods::add_class:: <
        Method > (m))
    }
    impl ::rnet::convert::IntoBlocking for Method {
        type Blocking = Self;
        fn into_blocking(self) -> Self {
            self
        }
    }
    impl<'a, 'py> ::pyo3::FromPyObject<'a, 'py> for Method {
        type Error = ::pyo3::PyErr;
        fn extract(
            obj: ::pyo3::Borrowed<'a, 'py, ::pyo3::PyAny>,
        ) -> ::pyo3::PyResult<Self> {
            use ::pyo3::types::PyAnyMethods;
            if let ::core::result::Result::Ok(v) = obj.cast::<Self>() {
                return ::core::result::Result::Ok(::core::clone::Clone::clone(v.get()));
            }
            let value = obj.to_owned();
            type H = ::rnet::host::python::PyHost;
            let name = value
                .extract::<::std::string::String>()
                .map_err(|_| <H as ::rnet::convert::Host>::type_error(
                    &value,
                    "a Method or its name",
                ))?;
            match name.as_str() {
                "GET" => ::core::result::Result::Ok(Self::GET),
                "POST" => ::core::result::Result::Ok(Self::POST),
                _ => {
                    ::core::result::Result::Err(
                        <H as ::rnet::convert::Host>::plain_type_error(
                            &value,
                            ::std::format!("{name:?} is not a {} name", "Method"),
                        ),
                    )
                }
            }
        }
    }
};
