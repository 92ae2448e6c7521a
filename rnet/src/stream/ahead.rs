//! A streamed body read ahead of its consumer by a runtime task, up to [`AHEAD`] bytes.
//!
//! Read on demand, each chunk cost two wake-ups across threads: the consumer's poll asked
//! hyper's connection task (on the runtime) for the next frame, and when none was there its
//! wait went to the runtime as a spawn (strace on a 50 MB download: about one futex wake per
//! chunk, against wreq-python's few dozen per body). Here a task keeps reading while the
//! consumer works, and they wake each other only when one waits on the other: the consumer
//! when the queue is empty, the task when [`AHEAD`] bytes wait (it resumes at half that).
//! A slow consumer still holds the server back, through TCP or HTTP/2 flow control.

use super::RawBody;
use bytes::Bytes;
use http_body_util::BodyExt;
use std::{
    collections::VecDeque,
    sync::{Arc, Mutex, MutexGuard},
};
use tokio::sync::Notify;
use tokio_util::task::AbortOnDropHandle;

/// The most bytes the task reads before the consumer takes them (one frame, up to hyper's
/// read buffer, may go over it). About what wreq-python reads ahead (8 frames of up to
/// 408 KiB). Measured against 1 MiB (50 MB downloads, ten per process, 8 paired rounds):
/// 1.35× the throughput at 0.82× the CPU; 256 KiB was 0.89× and 1.11×. With less queued,
/// hyper's reads wait on the consumer more often.
pub(crate) const AHEAD: usize = 4 << 20;

/// A body frame, or why the body failed.
pub(crate) type Frame = Result<http_body::Frame<Bytes>, Failure>;

#[derive(Debug)]
pub(crate) enum Failure {
    Body(wreq::Error),
    /// The task ended before the body did (its runtime shut down): the consumer gets this
    /// rather than waiting for frames that will not come.
    Stopped,
}

/// The consumer's side: frames in the order the body gave them, then its end.
pub(crate) struct Reader {
    shared: Arc<Shared>,
    /// Dropping the reader (the stream closed or dropped) stops the task and drops the body.
    _task: AbortOnDropHandle<()>,
}

struct Shared {
    queue: Mutex<Queue>,
    /// The task pushed a frame or the end while the consumer waited.
    arrived: Notify,
    /// The consumer took the queue below half of `AHEAD` while the task waited for room.
    room: Notify,
}

#[derive(Default)]
struct Queue {
    frames: VecDeque<Frame>,
    /// Data bytes in `frames`.
    bytes: usize,
    /// The body ended or failed: nothing follows what is in `frames`.
    ended: bool,
    /// The task ended without reaching the end of the body.
    stopped: bool,
    consumer_waits: bool,
    task_waits: bool,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether the queue is full; the task is then marked as waiting for room.
    fn wait_for_room(&self) -> bool {
        let mut q = self.lock();
        q.task_waits = q.bytes >= AHEAD;
        q.task_waits
    }

    /// Releases the queue after the task changed it, waking the consumer if it waits.
    fn announce(&self, mut q: MutexGuard<'_, Queue>) {
        let wake = std::mem::take(&mut q.consumer_waits);
        drop(q);
        if wake {
            self.arrived.notify_one();
        }
    }
}

fn data_len(frame: &Frame) -> usize {
    match frame {
        Ok(f) => f.data_ref().map_or(0, |d| d.len()),
        Err(_) => 0,
    }
}

impl Reader {
    /// Starts reading `body` on the current runtime, or gives it back outside one.
    pub(crate) fn start(body: RawBody) -> Result<Reader, RawBody> {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return Err(body);
        };
        let shared = Arc::new(Shared {
            queue: Mutex::default(),
            arrived: Notify::new(),
            room: Notify::new(),
        });
        // `Ends` is the future's from here, so it acts even if the task is dropped unpolled.
        let task = runtime.spawn(pump(body, Ends(shared.clone())));
        Ok(Reader {
            shared,
            _task: AbortOnDropHandle::new(task),
        })
    }

    /// The next frame if one is queued (`Some(None)` after the end), without waiting; `None`
    /// when it has yet to arrive.
    pub(crate) fn ready(&self) -> Option<Option<Frame>> {
        self.take(false)
    }

    /// As `ready`; `will_wait` marks the consumer as waiting when nothing is there, so that the
    /// task wakes it.
    fn take(&self, will_wait: bool) -> Option<Option<Frame>> {
        let mut q = self.shared.lock();
        let Some(frame) = q.frames.pop_front() else {
            if q.ended {
                return Some(q.stopped.then_some(Err(Failure::Stopped)));
            }
            q.consumer_waits |= will_wait;
            return None;
        };
        q.bytes -= data_len(&frame);
        if q.task_waits && q.bytes < AHEAD / 2 {
            q.task_waits = false;
            drop(q);
            self.shared.room.notify_one();
        }
        Some(Some(frame))
    }

    /// The next frame, waiting for it; `None` after the end.
    pub(crate) async fn next(&self) -> Option<Frame> {
        loop {
            if let Some(frame) = self.take(true) {
                return frame;
            }
            // A frame pushed since `take` left a permit: this returns at once then.
            self.shared.arrived.notified().await;
        }
    }
}

/// The task: reads frames into the queue until the body ends or fails, waiting while it is full.
async fn pump(mut body: RawBody, shared: Ends) {
    loop {
        while shared.wait_for_room() {
            shared.room.notified().await;
        }
        let frame = body.frame().await.map(|f| f.map_err(Failure::Body));
        let mut q = shared.lock();
        let ended = match frame {
            Some(frame) => {
                let failed = frame.is_err();
                q.bytes += data_len(&frame);
                q.frames.push_back(frame);
                failed
            }
            None => true,
        };
        q.ended = ended;
        shared.announce(q);
        if ended {
            // The body drops here: a finished connection goes back to the pool.
            return;
        }
    }
}

/// Ends the queue however the task ends: aborted or dropped with its runtime, the consumer
/// is told rather than left waiting.
struct Ends(Arc<Shared>);

impl std::ops::Deref for Ends {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl Drop for Ends {
    fn drop(&mut self) {
        let mut q = self.lock();
        if q.ended {
            return;
        }
        (q.ended, q.stopped) = (true, true);
        self.announce(q);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;
    use std::{
        sync::atomic::{AtomicUsize, Ordering},
        time::Duration,
    };

    const FRAME: usize = 64 << 10;

    /// A body of `frames` frames of `FRAME` bytes (frame `i` filled with `i`), counting the
    /// frames the reader has pulled from it.
    fn body(frames: usize, pulled: Arc<AtomicUsize>) -> RawBody {
        let stream = futures_util::stream::iter(0..frames).map(move |i| {
            pulled.fetch_add(1, Ordering::SeqCst);
            Ok::<_, std::io::Error>(Bytes::from(vec![i as u8; FRAME]))
        });
        let body = wreq::Body::wrap_stream(stream);
        Box::pin(wreq::Response::from(http::Response::new(body)))
    }

    async fn settle() {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn reads_ahead_up_to_its_budget_and_resumes_at_half() {
        let pulled = Arc::new(AtomicUsize::new(0));
        let reader = Reader::start(body(1000, pulled.clone())).ok().unwrap();
        settle().await;
        let full = pulled.load(Ordering::SeqCst);
        // The budget's worth of frames, and at most the one the task holds past it.
        assert!(
            (AHEAD / FRAME..=AHEAD / FRAME + 2).contains(&full),
            "{full} frames read ahead"
        );
        // Taking frames down to half the budget wakes nothing; below half, the task reads on.
        let mut taken = 0;
        while (full - taken) * FRAME > AHEAD / 2 {
            let frame = reader.ready().unwrap().unwrap().unwrap();
            assert_eq!(frame.into_data().unwrap()[0], taken as u8);
            taken += 1;
        }
        settle().await;
        assert_eq!(
            pulled.load(Ordering::SeqCst),
            full,
            "woken at half the budget"
        );
        reader.ready().unwrap().unwrap().unwrap();
        settle().await;
        assert!(
            pulled.load(Ordering::SeqCst) > full,
            "the task did not resume"
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_frame_arrives_in_order_then_the_end() {
        let pulled = Arc::new(AtomicUsize::new(0));
        let reader = Reader::start(body(40, pulled)).ok().unwrap();
        for i in 0..40 {
            let frame = reader.next().await.unwrap().unwrap();
            assert_eq!(frame.into_data().unwrap(), vec![i as u8; FRAME]);
        }
        assert!(reader.next().await.is_none());
        assert!(matches!(reader.ready(), Some(None)));
    }

    #[test]
    fn a_task_dropped_with_its_runtime_ends_the_stream_with_an_error() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let reader = {
            let _in = runtime.enter();
            Reader::start(body(1000, Arc::default())).ok().unwrap()
        };
        assert!(reader.ready().is_none(), "nothing read yet");
        drop(runtime);
        assert!(matches!(reader.ready(), Some(Some(Err(Failure::Stopped)))));
    }

    #[test]
    fn outside_a_runtime_the_body_is_given_back() {
        assert!(Reader::start(body(1, Arc::default())).is_err());
    }
}
