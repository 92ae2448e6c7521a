pub enum Error {
    /// Timed out.
    Timeout(String),
    Request { message: String },
}
impl ::rnet::__private::ExportedError for Error {
    const CLASSES: &'static [::rnet::__private::ErrorClass] = &[
        ::rnet::__private::ErrorClass {
            name: "TimeoutError",
            builtin_base: ::core::option::Option::Some("TimeoutError"),
            code: "ERR_RNET_TIMEOUT",
            doc: "Timed out.",
        },
        ::rnet::__private::ErrorClass {
            name: "RequestError",
            builtin_base: ::core::option::Option::None,
            code: "ERR_RNET_REQUEST",
            doc: "",
        },
    ];
    fn class_name(&self) -> &'static str {
        match self {
            Self::Timeout { .. } => "TimeoutError",
            Self::Request { .. } => "RequestError",
        }
    }
    fn code(&self) -> &'static str {
        match self {
            Self::Timeout { .. } => "ERR_RNET_TIMEOUT",
            Self::Request { .. } => "ERR_RNET_REQUEST",
        }
    }
}
::rnet::__private::inventory::submit! {
    ::rnet::__private::Stub::Errors(< Error as ::rnet::__private::ExportedError >
    ::CLASSES)
}
#[cfg(feature = "python")]
const _: () = {
    #[allow(unused_imports)]
    use ::pyo3::Py;
    ::rnet::__private::inventory::submit! {
        ::rnet::host::python::Export(| m | ::rnet::host::python::add_error_classes:: <
        Error > (m))
    }
};
