//! Where each node of a loaded document sits in its text, addressed by JSON pointer.
//!
//! The nodes form a tree beside the value: a mapping knows its members (by key, through a
//! hash), a sequence its elements (by index). An alias shares the children of its anchor, so a
//! document whose aliases expand a thousand times holds its positions once.

use std::hash::{Hash, Hasher};

/// A place in the text: 1-based line and column (in characters), and the byte offsets of its
/// start and end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters, as editors count them.
    pub column: usize,
    /// Byte offset of the start in the text.
    pub offset: usize,
    /// Byte offset just past the end (for a collection, just past its first character).
    pub end: usize,
}

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A string, number, boolean or null.
    Scalar,
    /// A sequence (JSON array).
    Sequence,
    /// A mapping (JSON object).
    Mapping,
}

/// One node: where it is, where its key is (for a mapping member), and its children.
#[derive(Debug, Clone)]
pub struct Node {
    /// The key of a mapping member.
    pub key: Option<Span>,
    /// The value: its first character.
    pub value: Span,
    /// What the node is.
    pub kind: Kind,
    /// A YAML plain scalar (no quotes, no tag, not a block scalar): its text may be read as a
    /// number, boolean or null, or as the string it is written as.
    pub plain: bool,
    first: u32,
    len: u32,
}

/// The index of a node in its [`Spans`].
pub type NodeId = u32;

/// The positions of all nodes of one document.
#[derive(Debug, Clone, Default)]
pub struct Spans {
    nodes: Vec<Node>,
    /// Children of every collection, each range in document order.
    kids: Vec<NodeId>,
    /// The same ranges for mappings sorted by key hash, for lookups by key.
    by_hash: Vec<(u64, NodeId)>,
}

/// The hash under which a mapping key is found.
pub fn key_hash(key: &str) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    key.hash(&mut h);
    h.finish()
}

/// The key a JSON pointer segment names (`~1` is `/`, `~0` is `~`).
pub fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// The JSON pointer segment of `key`.
pub fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

impl Spans {
    /// Adds a node without children; returns its id.
    pub(crate) fn push(
        &mut self,
        key: Option<Span>,
        value: Span,
        kind: Kind,
        plain: bool,
    ) -> NodeId {
        let id = self.nodes.len() as NodeId;
        self.nodes.push(Node {
            key,
            value,
            kind,
            plain,
            first: 0,
            len: 0,
        });
        id
    }

    /// Gives node `id` its children: (key hash, child) pairs in document order (the hash is
    /// ignored for a sequence).
    pub(crate) fn set_children(&mut self, id: NodeId, children: &[(u64, NodeId)]) {
        let first = self.kids.len() as u32;
        self.kids.extend(children.iter().map(|(_, c)| *c));
        let mut sorted = children.to_vec();
        if self.nodes[id as usize].kind == Kind::Mapping {
            sorted.sort_unstable();
        }
        self.by_hash.extend(sorted);
        let node = &mut self.nodes[id as usize];
        node.first = first;
        node.len = children.len() as u32;
    }

    /// Makes node `id` (an alias) hold the children of node `anchor`.
    pub(crate) fn share_children(&mut self, id: NodeId, anchor: NodeId) {
        let (first, len) = {
            let a = &self.nodes[anchor as usize];
            (a.first, a.len)
        };
        let node = &mut self.nodes[id as usize];
        node.first = first;
        node.len = len;
    }

    /// Number of nodes recorded.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// True when no node was recorded.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The root node, if the document has one.
    pub fn root(&self) -> Option<NodeId> {
        (!self.nodes.is_empty()).then_some(0)
    }

    /// The node `id`.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id as usize]
    }

    /// The children of `id` in document order.
    pub fn children(&self, id: NodeId) -> &[NodeId] {
        let n = &self.nodes[id as usize];
        &self.kids[n.first as usize..(n.first + n.len) as usize]
    }

    /// The member `key` of mapping `id` (found by a 64-bit hash of the key).
    pub fn member_by_key(&self, id: NodeId, key: &str) -> Option<NodeId> {
        let n = &self.nodes[id as usize];
        if n.kind != Kind::Mapping {
            return None;
        }
        let range = &self.by_hash[n.first as usize..(n.first + n.len) as usize];
        let h = key_hash(key);
        let at = range.partition_point(|(k, _)| *k < h);
        range.get(at).filter(|(k, _)| *k == h).map(|(_, c)| *c)
    }

    /// Element `index` of sequence `id`.
    pub fn element(&self, id: NodeId, index: usize) -> Option<NodeId> {
        let n = &self.nodes[id as usize];
        if n.kind != Kind::Sequence {
            return None;
        }
        self.children(id).get(index).copied()
    }

    /// The child of `id` that a pointer segment names.
    pub fn child(&self, id: NodeId, segment: &str) -> Option<NodeId> {
        match self.node(id).kind {
            Kind::Mapping => self.member_by_key(id, &unescape(segment)),
            Kind::Sequence => {
                if segment.len() > 1 && segment.starts_with('0') {
                    return None;
                }
                self.element(id, segment.parse().ok()?)
            }
            Kind::Scalar => None,
        }
    }

    /// The node a JSON pointer names, and how many of its segments were found: all of them
    /// when the node exists, else the deepest ancestor the document holds.
    pub fn nearest(&self, pointer: &str) -> Option<(NodeId, bool)> {
        let mut id = self.root()?;
        let rest = pointer.strip_prefix('/').unwrap_or(pointer);
        if pointer.is_empty() {
            return Some((id, true));
        }
        for segment in rest.split('/') {
            match self.child(id, segment) {
                Some(c) => id = c,
                None => return Some((id, false)),
            }
        }
        Some((id, true))
    }

    /// The node a JSON pointer names, if the document holds it.
    pub fn find(&self, pointer: &str) -> Option<NodeId> {
        self.nearest(pointer)
            .filter(|(_, all)| *all)
            .map(|(id, _)| id)
    }

    /// Where a finding about node `id` points: the key of a mapping member, else the start of
    /// the value.
    pub fn place(&self, id: NodeId) -> Span {
        let n = self.node(id);
        n.key.unwrap_or(n.value)
    }
}
