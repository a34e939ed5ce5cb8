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
}
