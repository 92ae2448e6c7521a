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
#[cfg(feature = "python")]
const _: () = {
    #[allow(unused_imports)]
    use ::pyo3::Py;
    ::rnet::__private::inventory::submit! {
        ::rnet::host::python::Export(| m | ::pyo3::types::PyModuleMethods::add_class:: <
        Client > (m))
    }
};
