//! What the integration crates' server tests share: the process's resident memory, and an
//! unsigned flood of a server (included with `#[path]` by hookproof-axum's and hookproof-actix's
//! tests).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// This process's resident set size, in KiB.
pub fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// An unsigned POST of `mib` MiB: declared (headers first, the body only if no answer came within
/// 3 s) or chunked. The status, or None if the server closed the connection before answering
/// (possible for the chunked one: the kernel resets a connection closed with unread bytes).
pub fn flood(addr: SocketAddr, path: &str, mib: usize, declared: bool) -> Option<u16> {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(3)))
        .unwrap();
    let length = if declared {
        format!("Content-Length: {}\r\n", mib << 20)
    } else {
        "Transfer-Encoding: chunked\r\n".into()
    };
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: x\r\nx-webhook-hmac-sha256: AAAA\r\n{length}\r\n"
    )
    .unwrap();
    let mut answer = [0u8; 512];
    if declared {
        if let Ok(n) = stream.read(&mut answer) {
            return std::str::from_utf8(&answer[..n])
                .ok()?
                .split(' ')
                .nth(1)?
                .parse()
                .ok();
        }
    }
    let chunk = vec![b'x'; 1 << 20];
    for _ in 0..mib {
        let sent = if declared {
            stream.write_all(&chunk)
        } else {
            write!(stream, "{:x}\r\n", chunk.len())
                .and_then(|_| stream.write_all(&chunk))
                .and_then(|_| stream.write_all(b"\r\n"))
        };
        if sent.is_err() {
            break;
        }
    }
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let n = stream.read(&mut answer).ok()?;
    std::str::from_utf8(&answer[..n])
        .ok()?
        .split(' ')
        .nth(1)?
        .parse()
        .ok()
}
