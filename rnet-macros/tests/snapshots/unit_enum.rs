#[cfg_attr(
    feature = "python",
    ::pyo3::pyclass(
        eq,
        eq_int,
        frozen,
        hash,
        from_py_object,
        module = "rnet",
        name = "Method"
    )
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
};
