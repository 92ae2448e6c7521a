//! A loopback DNS server (UDP) for resolver tests: every name under `rnet.test` has the A
//! record 127.0.0.1 and no AAAA record; anything else is NXDOMAIN. Each question is logged
//! so a test can prove which resolver asked.

use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use tokio::net::UdpSocket;

pub const ZONE: &str = "rnet.test";

#[derive(Default)]
pub struct Log(Mutex<Vec<Value>>);

impl Log {
    pub fn entries(&self) -> Value {
        Value::Array(self.0.lock().unwrap().clone())
    }
}

/// Binds 127.0.0.1 on an ephemeral UDP port and answers until the process exits.
pub async fn start(log: Arc<Log>) -> std::io::Result<u16> {
    let socket = UdpSocket::bind("127.0.0.1:0").await?;
    let port = socket.local_addr()?.port();
    tokio::spawn(async move {
        let mut buf = [0u8; 1500];
        loop {
            let Ok((n, peer)) = socket.recv_from(&mut buf).await else {
                continue;
            };
            if let Some((name, qtype, reply)) = answer(&buf[..n]) {
                log.0
                    .lock()
                    .unwrap()
                    .push(json!({ "name": name, "type": qtype }));
                let _ = socket.send_to(&reply, peer).await;
            }
        }
    });
    Ok(port)
}

/// Parses one query (header + first question) and builds the reply. Additional records
/// (an EDNS OPT) are dropped from the reply, which plain DNS allows.
fn answer(query: &[u8]) -> Option<(String, u16, Vec<u8>)> {
    if query.len() < 12 || u16::from_be_bytes([query[4], query[5]]) == 0 {
        return None;
    }
    let mut labels = Vec::new();
    let mut at = 12;
    loop {
        let len = *query.get(at)? as usize;
        at += 1;
        if len == 0 {
            break;
        }
        labels.push(String::from_utf8_lossy(query.get(at..at + len)?).to_ascii_lowercase());
        at += len;
    }
    let qtype = u16::from_be_bytes([*query.get(at)?, *query.get(at + 1)?]);
    let question_end = at + 4;
    query.get(..question_end)?;
    let name = labels.join(".");
    let in_zone = name == ZONE || name.ends_with(&format!(".{ZONE}"));

    let mut reply = Vec::with_capacity(question_end + 16);
    reply.extend_from_slice(&query[..2]); // id
    let rcode = if in_zone { 0 } else { 3 }; // NOERROR / NXDOMAIN
    let recursion_desired = query[2] & 0x01;
    reply.extend_from_slice(&[0x84 | recursion_desired, 0x80 | rcode]); // QR AA (RD) RA
    let answers: u16 = (in_zone && qtype == 1).into();
    reply.extend_from_slice(&[0, 1, 0, answers as u8, 0, 0, 0, 0]);
    reply.extend_from_slice(&query[12..question_end]);
    if answers == 1 {
        // Name as a pointer to the question, type A, class IN, TTL 60, 4 bytes: 127.0.0.1.
        reply.extend_from_slice(&[0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 1]);
    }
    Some((name, qtype, reply))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(name: &str, qtype: u16) -> Vec<u8> {
        let mut q = vec![0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0];
        for label in name.split('.') {
            q.push(label.len() as u8);
            q.extend_from_slice(label.as_bytes());
        }
        q.extend_from_slice(&[0, (qtype >> 8) as u8, qtype as u8, 0, 1]);
        q
    }

    #[test]
    fn answers_a_in_zone_and_nxdomain_outside() {
        let (name, qtype, reply) = answer(&query("Api.rnet.test", 1)).unwrap();
        assert_eq!((name.as_str(), qtype), ("api.rnet.test", 1));
        assert_eq!(&reply[..2], &[0x12, 0x34]);
        assert_eq!(reply[3] & 0x0f, 0);
        assert_eq!(u16::from_be_bytes([reply[6], reply[7]]), 1);
        assert_eq!(&reply[reply.len() - 4..], &[127, 0, 0, 1]);

        let (_, _, aaaa) = answer(&query("api.rnet.test", 28)).unwrap();
        assert_eq!(u16::from_be_bytes([aaaa[6], aaaa[7]]), 0);

        let (_, _, nx) = answer(&query("example.com", 1)).unwrap();
        assert_eq!(nx[3] & 0x0f, 3);
    }

    #[test]
    fn rejects_truncated_queries() {
        let q = query("api.rnet.test", 1);
        assert!(answer(&q[..q.len() - 3]).is_none());
        assert!(answer(&q[..8]).is_none());
    }
}
