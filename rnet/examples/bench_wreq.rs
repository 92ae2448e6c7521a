//! The floor for benches/: pure wreq, no binding. `bench_wreq SCENARIO URL N CONCURRENCY`
//! prints one JSON line like the Python and Node clients (wall and CPU seconds of the measured
//! loop, CPU as the whole process's user+sys time, as Python's `time.process_time`).

use std::{sync::Arc, time::Instant};

fn cpu_seconds() -> f64 {
    // Not /proc/self/stat: its 10 ms ticks are a third of a 1 KiB run's whole CPU time.
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec for the call to fill.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
    t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9
}

fn client(h2: bool) -> wreq::Client {
    let b = wreq::Client::builder().tls_cert_verification(false);
    let b = if h2 { b.http2_only() } else { b.http1_only() };
    b.build().expect("client")
}

/// The same allocator as the hosts (rnet/src/host/mod.rs), so the floor differs from them
/// only by the binding. (With a host feature on, the library already sets it.)
#[cfg(not(any(feature = "python", feature = "node")))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (scenario, url, n, conc) = (
        args[1].clone(),
        args[2].clone(),
        args[3].parse::<usize>().unwrap(),
        args[4].parse::<usize>().unwrap(),
    );
    let h2 = url.starts_with("https");
    let (t0, c0);
    let mut received = 0usize;
    match scenario.as_str() {
        "async" => {
            let c = client(h2);
            c.get(&url).send().await.unwrap().bytes().await.unwrap();
            let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
            t0 = Instant::now();
            c0 = cpu_seconds();
            let tasks: Vec<_> = (0..conc)
                .map(|_| {
                    let (c, url, next) = (c.clone(), url.clone(), next.clone());
                    tokio::spawn(async move {
                        let mut got = 0;
                        while next.fetch_add(1, std::sync::atomic::Ordering::SeqCst) < n {
                            got += c
                                .get(&url)
                                .send()
                                .await
                                .unwrap()
                                .bytes()
                                .await
                                .unwrap()
                                .len();
                        }
                        got
                    })
                })
                .collect();
            for t in tasks {
                received += t.await.unwrap();
            }
        }
        "newclient" => {
            t0 = Instant::now();
            c0 = cpu_seconds();
            for _ in 0..n {
                let c = client(h2);
                received += c
                    .get(&url)
                    .send()
                    .await
                    .unwrap()
                    .bytes()
                    .await
                    .unwrap()
                    .len();
            }
        }
        "stream" => {
            use futures_util::StreamExt;
            t0 = Instant::now();
            c0 = cpu_seconds();
            let mut s = client(h2).get(&url).send().await.unwrap().bytes_stream();
            while let Some(chunk) = s.next().await {
                received += chunk.unwrap().len();
            }
            let (wall, cpu) = (t0.elapsed().as_secs_f64(), cpu_seconds() - c0);
            println!(r#"{{"requests": 1, "wall": {wall}, "cpu": {cpu}, "bytes": {received}}}"#);
            return;
        }
        other => {
            println!(r#"{{"unsupported": "{other} is not a Rust scenario"}}"#);
            return;
        }
    }
    let (wall, cpu) = (t0.elapsed().as_secs_f64(), cpu_seconds() - c0);
    println!(r#"{{"requests": {n}, "wall": {wall}, "cpu": {cpu}, "bytes": {received}}}"#);
}
