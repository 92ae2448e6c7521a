//! Multipart form bodies: `Multipart` of `Part`s (text, bytes or a file, with filename and
//! MIME type).

use crate::{
    body::RequestBody,
    types::{HeaderInput, PathInput},
    Error, Result,
};

/// Attributes of a `Part`.
#[rnet::export(record)]
#[derive(Debug, Clone, Default)]
pub struct PartConfig {
    /// The filename sent in Content-Disposition.
    pub filename: Option<String>,
    /// The part's Content-Type, e.g. `image/png`.
    pub mime: Option<String>,
    /// Extra headers for the part.
    pub headers: Option<HeaderInput>,
}

/// One part of a multipart form.
#[rnet::export]
#[derive(Debug, Clone)]
pub struct Part {
    name: String,
    body: RequestBody,
    opts: PartConfig,
}

#[rnet::export]
impl Part {
    /// A part named `name` holding text, bytes or a one-shot stream of chunks (as `body=`).
    #[rnet(constructor)]
    pub fn new(name: String, value: RequestBody, opts: Option<PartConfig>) -> Result<Self> {
        let part = Part {
            name,
            body: value,
            opts: opts.unwrap_or_default(),
        };
        part.check()?;
        Ok(part)
    }

    /// A part holding the file at `path` (read now); its filename defaults to the file's name.
    #[rnet(staticmethod)]
    pub fn file(name: String, path: PathInput, opts: Option<PartConfig>) -> Result<Self> {
        let path = path.0;
        let body = std::fs::read(&path)
            .map_err(|e| Error::body(format!("cannot read multipart file {path:?}: {e}")))?;
        let mut opts = opts.unwrap_or_default();
        if opts.filename.is_none() {
            opts.filename = std::path::Path::new(&path)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned());
        }
        let part = Part {
            name,
            body: RequestBody::Bytes(body.into()),
            opts,
        };
        part.check()?;
        Ok(part)
    }

    /// The field name.
    #[rnet(getter)]
    pub fn name(&self) -> String {
        self.name.clone()
    }
}

impl Part {
    fn check(&self) -> Result<()> {
        if let Some(m) = &self.opts.mime {
            m.parse::<http::HeaderValue>()
                .ok()
                .filter(|_| m.contains('/'))
                .ok_or_else(|| Error::Builder(format!("invalid part mime type {m:?}")))?;
        }
        Ok(())
    }

    fn to_wreq(&self) -> Result<wreq::multipart::Part> {
        let mut p = match &self.body {
            RequestBody::Bytes(b) => wreq::multipart::Part::bytes(b.to_vec()),
            stream => wreq::multipart::Part::stream(stream.clone().into_wreq()?),
        };
        if let Some(f) = &self.opts.filename {
            p = p.file_name(f.clone());
        }
        if let Some(m) = &self.opts.mime {
            p = p
                .mime_str(m)
                .map_err(|e| Error::Builder(format!("invalid part mime type {m:?}: {e}")))?;
        }
        if let Some(h) = &self.opts.headers {
            p = p.headers(h.to_http()?);
        }
        Ok(p)
    }
}

/// A multipart/form-data body: `Multipart(part, part, …)` in Python, `new Multipart([parts])`
/// in JS.
#[rnet::export]
#[derive(Debug, Clone)]
pub struct Multipart {
    parts: Vec<Part>,
}

#[rnet::export]
impl Multipart {
    /// A form of these parts, in order.
    #[rnet(constructor)]
    pub fn new(#[rnet(varargs)] parts: Vec<Part>) -> Self {
        Multipart { parts }
    }
}

impl Multipart {
    pub fn has_stream(&self) -> bool {
        self.parts.iter().any(|p| p.body.is_stream())
    }

    pub fn to_wreq(&self) -> Result<wreq::multipart::Form> {
        let mut form = wreq::multipart::Form::new();
        for p in &self.parts {
            form = form.part(p.name.clone(), p.to_wreq()?);
        }
        Ok(form)
    }
}
