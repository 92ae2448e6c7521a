//! Response bodies produced on the fly: large downloads without holding them in memory,
//! and bodies that end with HTTP trailers.

use bytes::Bytes;
use http::HeaderMap;
use hyper::body::{Body, Frame, SizeHint};
use std::{
    convert::Infallible,
    pin::Pin,
    task::{Context, Poll},
};

const CHUNK: usize = 64 * 1024;

/// `len` bytes of the repeating pattern `i % 251` (as `/bytes/n`), in 64 KiB frames, then
/// the optional trailers.
pub struct Generated {
    sent: u64,
    len: u64,
    pattern: Bytes,
    trailers: Option<HeaderMap>,
}

impl Generated {
    pub fn new(len: u64, trailers: Option<HeaderMap>) -> Self {
        // 251 is prime and CHUNK a power of two: start each chunk at the right offset by
        // slicing a pattern one period longer than a chunk.
        let pattern: Vec<u8> = (0..CHUNK + 251).map(|i| (i % 251) as u8).collect();
        Generated {
            sent: 0,
            len,
            pattern: pattern.into(),
            trailers,
        }
    }
}

impl Body for Generated {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        if self.sent < self.len {
            let n = (self.len - self.sent).min(CHUNK as u64) as usize;
            let start = (self.sent % 251) as usize;
            let chunk = self.pattern.slice(start..start + n);
            self.sent += n as u64;
            return Poll::Ready(Some(Ok(Frame::data(chunk))));
        }
        Poll::Ready(self.trailers.take().map(|t| Ok(Frame::trailers(t))))
    }

    fn is_end_stream(&self) -> bool {
        self.sent >= self.len && self.trailers.is_none()
    }

    fn size_hint(&self) -> SizeHint {
        if self.trailers.is_some() {
            return SizeHint::default(); // chunked, so the trailers can follow
        }
        SizeHint::with_exact(self.len - self.sent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    #[tokio::test]
    async fn generates_the_pattern_and_trailers() {
        let mut t = HeaderMap::new();
        t.insert("x-sum", "1".parse().unwrap());
        let len = 3 * CHUNK as u64 + 17;
        let got = Generated::new(len, Some(t)).collect().await.unwrap();
        assert_eq!(got.trailers().unwrap()["x-sum"], "1");
        let bytes = got.to_bytes();
        assert_eq!(bytes.len() as u64, len);
        assert!(bytes.iter().enumerate().all(|(i, b)| *b == (i % 251) as u8));
    }
}
