//! Maps and sets for the lints' own indexes of a document. Their keys are names the document
//! holds (logical ids, Terraform addresses, join keys), hashed with a fast fixed hasher instead
//! of the standard library's SipHash: the maps live for one check, and a large API puts tens of
//! thousands of keys in them.

/// A hash map with the fast fixed hasher.
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

/// A hash set with the fast fixed hasher.
pub(crate) type FastSet<K> = std::collections::HashSet<K, foldhash::fast::FixedState>;
