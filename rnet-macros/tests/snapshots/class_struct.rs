#[cfg_attr(
    feature = "python",
    ::pyo3::pyclass(frozen, from_py_object, module = "rnet", name = "Client")
)]
#[cfg_attr(feature = "node", ::napi_derive::napi)]
/// A handle.
#[derive(Clone)]
pub struct Client {
    inner: std::sync::Arc<()>,
}
::rnet::__private::inventory::submit! {
    ::rnet::__private::Stub::Class { name : "Client", doc : "A handle.", blocking :
    false, consts : "" }
}
#[cfg(feature = "python")]
const _: () = {
    #[allow(unused_imports)]
    use ::pyo3::Py;
    ::rnet::__private::inventory::submit! {
        ::rnet::host::python::Export(| m | ::pyo3::types::PyModuleMethods::add_class:: <
        Client > (m))
    }
    impl ::rnet::convert::IntoBlocking for Client {
        type Blocking = Self;
        fn into_blocking(self) -> Self {
            self
        }
    }
};
#[cfg(feature = "node")]
impl ::napi::bindgen_prelude::FromNapiValue for Client {
    unsafe fn from_napi_value(
        env: ::napi::sys::napi_env,
        value: ::napi::sys::napi_value,
    ) -> ::napi::Result<Self> {
        let instance = unsafe {
            <::napi::bindgen_prelude::ClassInstance<
                Client,
            > as ::napi::bindgen_prelude::FromNapiValue>::from_napi_value(env, value)
        }
            .map_err(|_| {
                <::rnet::host::node::NodeHost as ::rnet::convert::Host>::type_error(
                    &::rnet::host::node::JsValue::new(env, value),
                    "a Client",
                )
            })?;
        ::core::result::Result::Ok(::core::clone::Clone::clone(&*instance))
    }
}
