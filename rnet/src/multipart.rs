//! Multipart form bodies: `Multipart` of `Part`s (text, bytes or a file, with filename and
//! MIME type).

use crate::{
    body::RequestBody,
    convert::{hint, Host, Kind, Lift, TextLike},
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
    /// The length of a streamed value, sent ahead of it (a stream's length is unknown).
    pub length: Option<i64>,
}

/// A part's value: a body (as `body=`), or a path-like object naming a file to send.
#[rnet::export(input)]
#[derive(Debug, Clone)]
pub enum PartValue {
    Body(RequestBody),
    File(PathInput),
}

impl<H: Host> Lift<H> for PartValue {
    fn lift(v: &H::Value<'_>) -> std::result::Result<Self, H::Error> {
        // A string is text, never a path: only an object that stands for a path names a file.
        if H::kind(v) != Kind::Str {
            if let Some(path) = H::text_like(v, TextLike::Path)? {
                return Ok(PartValue::File(PathInput(path)));
            }
        }
        <RequestBody as Lift<H>>::lift(v).map(PartValue::Body)
    }
}

hint!(
    PartValue,
    "str | bytes | bytearray | os.PathLike[str] | Iterable[bytes | str] | AsyncIterable[bytes | str]",
    "bytes",
    "string | Uint8Array | AsyncIterable<Uint8Array | string> | ReadableStream<Uint8Array | string>"
);

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
    /// A part named `name` holding text, bytes, a one-shot stream of chunks (as `body=`), or
    /// (Python) the file a `pathlib.Path` names, as `Part.file` reads it.
    #[rnet(constructor)]
    pub fn new(name: String, value: PartValue, opts: Option<PartConfig>) -> Result<Self> {
        let body = match value {
            PartValue::File(path) => return Part::file(name, path, opts),
            PartValue::Body(body) => body,
        };
        let part = Part {
            name,
            body,
            opts: opts.unwrap_or_default(),
        };
        part.check()?;
        Ok(part)
    }

    /// A part holding the file at `path` (read now); its filename defaults to the file's name,
    /// its `mime` to the type its extension names (else `application/octet-stream`).
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
        // A browser labels a file part by its extension, else as octet-stream.
        if opts.mime.is_none() {
            opts.mime = Some(
                mime_guess::from_path(&path)
                    .first_or_octet_stream()
                    .to_string(),
            );
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
        if self.opts.length.is_some_and(|n| n < 0) {
            return Err(Error::Builder("a part's length cannot be negative".into()));
        }
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
            body => match self.opts.length {
                Some(n) => {
                    wreq::multipart::Part::stream_with_length(body.clone().into_wreq()?, n as u64)
                }
                None => wreq::multipart::Part::stream(body.clone().into_wreq()?),
            },
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
