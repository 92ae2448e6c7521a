//! HTTP method and version enums, spelled as in wreq-python.
#![allow(non_camel_case_types, clippy::upper_case_acronyms)]

/// An HTTP method.
#[rnet::export]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    GET,
    HEAD,
    POST,
    PUT,
    DELETE,
    OPTIONS,
    TRACE,
    PATCH,
}

impl Method {
    pub fn to_wreq(self) -> wreq::Method {
        match self {
            Method::GET => wreq::Method::GET,
            Method::HEAD => wreq::Method::HEAD,
            Method::POST => wreq::Method::POST,
            Method::PUT => wreq::Method::PUT,
            Method::DELETE => wreq::Method::DELETE,
            Method::OPTIONS => wreq::Method::OPTIONS,
            Method::TRACE => wreq::Method::TRACE,
            Method::PATCH => wreq::Method::PATCH,
        }
    }
}

/// An HTTP version.
#[rnet::export]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Version {
    HTTP_09,
    HTTP_10,
    HTTP_11,
    HTTP_2,
    HTTP_3,
}

impl Version {
    pub fn to_wreq(self) -> wreq::Version {
        match self {
            Version::HTTP_09 => wreq::Version::HTTP_09,
            Version::HTTP_10 => wreq::Version::HTTP_10,
            Version::HTTP_11 => wreq::Version::HTTP_11,
            Version::HTTP_2 => wreq::Version::HTTP_2,
            Version::HTTP_3 => wreq::Version::HTTP_3,
        }
    }

    pub fn from_wreq(v: wreq::Version) -> Self {
        match v {
            wreq::Version::HTTP_09 => Version::HTTP_09,
            wreq::Version::HTTP_10 => Version::HTTP_10,
            wreq::Version::HTTP_2 => Version::HTTP_2,
            wreq::Version::HTTP_3 => Version::HTTP_3,
            _ => Version::HTTP_11,
        }
    }
}
