//! Response body streaming: `Response.stream()` hands the unread body to a `Streamer`, which
//! reads one chunk each time the consumer asks. Nothing is read ahead, so a slow consumer
//! holds the server back through TCP / HTTP/2 flow control instead of growing memory.

use crate::{
    runtime::{inherited, ProcessLocal},
    types::Buffer,
    Error, Response, Result,
};
use http_body_util::BodyExt;
use std::{pin::Pin, sync::Arc};
use tokio::sync::Mutex;

pub(crate) type RawBody = Pin<Box<wreq::Response>>;

/// A streamed body and how many bytes it has yielded (checked against an explicit body_limit).
type Reading = Option<(ProcessLocal<RawBody>, u64)>;

/// The body of a response, chunk by chunk (`async for chunk in resp.stream()` in Python,
/// `for await (const chunk of resp.stream())` in Node).
#[rnet::export(blocking)]
#[derive(Clone)]
pub struct Streamer {
    body: Arc<Mutex<Reading>>,
    owner: Response,
}

impl Streamer {
    pub(crate) fn new(body: RawBody, owner: Response) -> Self {
        Streamer {
            body: Arc::new(Mutex::new(Some((ProcessLocal::new(body), 0)))),
            owner,
        }
    }
}

#[rnet::export(blocking)]
impl Streamer {
    /// The next chunk, or nothing at the end of the body. Trailers that follow the body are
    /// stored on the response (`Response.trailers`).
    #[rnet(skip(python), iter(then_close))]
    pub async fn next(&self) -> Result<Option<Buffer>> {
        let mut slot = self.body.lock().await;
        let out = self.read(&mut slot).await;
        if slot.is_none() {
            self.owner.release_signal();
        }
        out
    }

    /// Stops reading and releases the connection; later reads yield nothing. Closing a body
    /// that was not read to the end closes its connection rather than returning it to the pool.
    #[rnet(close)]
    pub async fn close(&self) {
        self.body.lock().await.take();
        self.owner.release_signal();
    }
}

impl Streamer {
    /// The next chunk; the slot is emptied at the end of the body or on an error.
    async fn read(&self, slot: &mut Reading) -> Result<Option<Buffer>> {
        let Some((body, read)) = slot.as_mut() else {
            return Ok(None);
        };
        let Some(body) = body.get_mut() else {
            return Err(Error::body(inherited("this stream")));
        };
        loop {
            let frame = self.owner.guard(async { Ok(body.frame().await) }).await;
            let frame = match frame {
                Ok(f) => f,
                Err(e) => {
                    *slot = None;
                    return Err(e);
                }
            };
            match frame {
                None => break,
                Some(Err(e)) => {
                    *slot = None;
                    return Err(self.owner.body_error(e));
                }
                Some(Ok(frame)) => match frame.into_data() {
                    Ok(data) if data.is_empty() => continue,
                    Ok(data) => {
                        *read += data.len() as u64;
                        if let Some(limit) = self.owner.stream_limit().filter(|l| *read > *l) {
                            *slot = None;
                            return Err(self.owner.over_limit(limit));
                        }
                        return Ok(Some(Buffer(data)));
                    }
                    Err(frame) => {
                        if let Ok(trailers) = frame.into_trailers() {
                            self.owner.set_trailers(trailers);
                        }
                    }
                },
            }
        }
        *slot = None;
        self.owner.body_done();
        Ok(None)
    }
}
