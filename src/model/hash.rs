//! A small, stable content hash (FNV-1a, 64 bit) for logical ids and deployment triggers.
//! Stable across platforms and releases, unlike `std`'s hasher; not for security.

/// FNV-1a 64-bit hasher.
#[derive(Debug, Clone)]
pub struct Fnv64(u64);

impl Default for Fnv64 {
    fn default() -> Self {
        Fnv64::new()
    }
}

impl Fnv64 {
    /// A fresh hasher.
    pub fn new() -> Fnv64 {
        Fnv64(0xcbf2_9ce4_8422_2325)
    }

    /// Feeds bytes.
    pub fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    /// The hash as 16 lower-case hex digits.
    pub fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}

/// Bytes written to the hasher are hashed as they come, so a large value can be serialized
/// straight into it (`serde_json::to_writer`) without first becoming one long string.
impl std::io::Write for Fnv64 {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        Fnv64::write(self, buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The first `n` hex digits of the hash of `s`.
pub fn short(s: &str, n: usize) -> String {
    let mut h = Fnv64::new();
    h.write(s.as_bytes());
    h.hex()[..n.min(16)].to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_vectors() {
        let mut h = super::Fnv64::new();
        assert_eq!(h.hex(), "cbf29ce484222325");
        h.write(b"a");
        assert_eq!(h.hex(), "af63dc4c8601ec8c");
    }

    #[test]
    fn bytes_written_in_pieces_hash_as_one_string() {
        let mut whole = super::Fnv64::new();
        whole.write(b"{\"a\":[1,2]}");
        let mut pieces = super::Fnv64::new();
        serde_json::to_writer(&mut pieces, &serde_json::json!({"a": [1, 2]})).unwrap();
        assert_eq!(pieces.hex(), whole.hex());
    }
}
