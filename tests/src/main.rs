//! `rnet-fixture`: starts the loopback fixture server, prints
//! its ports (see `Ports::to_json`) as one JSON line, and serves until stdin closes
//! (so a test runner that dies never leaves it behind).

use std::io::Write;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let ports = rnet_fixture::start().await?;
    println!("{}", ports.to_json());
    std::io::stdout().flush()?;
    let mut sink = Vec::new();
    let _ = tokio::io::AsyncReadExt::read_to_end(&mut tokio::io::stdin(), &mut sink).await;
    Ok(())
}
