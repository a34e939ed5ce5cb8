//! Builds the value and its positions from the events of the YAML parser, enforcing the
//! limits and refusing what a document must not hold (duplicate keys, unknown tags, keys that
//! are collections, a second document).

use super::scalar::plain_value_in;
use super::spans::{Kind, NodeId, Span, Spans, escape, key_hash};
use super::text::CharCursor;
use super::{ErrorKind, LoadError, Loaded, Options, Tags};
use saphyr_parser::{Event, Marker, Parser, ScalarStyle, Tag};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// An anchored node, for the aliases that repeat it.
struct Anchor {
    value: Value,
    node: Option<NodeId>,
    kind: Kind,
    nodes: usize,
    bytes: usize,
}

/// An open mapping or sequence.
struct Frame {
    id: NodeId,
    kind: Kind,
    anchor: usize,
    /// The CloudFormation long-form key and wrapper node of a short-form tag (`!Sub`).
    wrap: Option<(&'static str, NodeId)>,
    map: Map<String, Value>,
    seq: Vec<Value>,
    kids: Vec<(u64, NodeId)>,
    key: Option<(String, Span)>,
    segment: String,
    nodes_before: usize,
    bytes_before: usize,
}

struct Builder<'t, 'o> {
    text: &'t str,
    opts: &'o Options,
    /// Build the value (else only the positions, with null in place of every scalar).
    values: bool,
    bom: bool,
    cursor: CharCursor<'t>,
    spans: Spans,
    frames: Vec<Frame>,
    anchors: HashMap<usize, Anchor>,
    root: Option<Value>,
    nodes: usize,
    bytes: usize,
    reuse: Vec<(Span, bool)>,
}

/// Loads the YAML `text` (which may start with a byte order mark: positions on the first line
/// then count it, as editors show it).
/// With `values` false only the positions are wanted (the value of a JSON text comes from
/// `serde_json`), and scalars are not copied.
pub(super) fn build(text: &str, opts: &Options, values: bool) -> Result<Loaded, LoadError> {
    let (body, bom) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest, true),
        None => (text, false),
    };
    let mut b = Builder {
        text: body,
        opts,
        values,
        bom,
        cursor: CharCursor::new(body),
        spans: Spans::default(),
        frames: Vec::new(),
        anchors: HashMap::new(),
        root: None,
        nodes: 0,
        bytes: 0,
        reuse: Vec::new(),
    };
    let mut parser = Parser::new_from_str(body);
    let mut documents = 0;
    while let Some(next) = parser.next_event() {
        let (event, span) = match next {
            Ok(e) => e,
            Err(e) => {
                let mut at = b.mark(*e.marker());
                if e.info().contains("tab") {
                    b.back_over_tabs(&mut at);
                }
                // The reader's own limit on flow nesting, reached while it looks ahead.
                let kind = if e.info().contains("recursion limit") {
                    ErrorKind::Depth
                } else {
                    ErrorKind::Syntax(e.info().to_string())
                };
                return Err(b.error(kind, at));
            }
        };
        let at = b.mark(span.start);
        let end = b.cursor.byte(span.end.index()) + usize::from(bom) * 3;
        let at = Span { end, ..at };
        match event {
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(b.error(ErrorKind::MultipleDocuments, at));
                }
            }
            Event::Scalar(v, style, anchor, tag) => {
                b.anchored(anchor, at);
                b.scalar(&v, style, anchor, tag.as_deref(), at)?
            }
            Event::SequenceStart(anchor, tag) => {
                b.anchored(anchor, at);
                b.open(Kind::Sequence, anchor, tag.as_deref(), at)?
            }
            Event::MappingStart(anchor, tag) => {
                b.anchored(anchor, at);
                b.open(Kind::Mapping, anchor, tag.as_deref(), at)?
            }
            Event::SequenceEnd | Event::MappingEnd => b.close()?,
            Event::Alias(id) => {
                b.reuse.push((at, true));
                b.alias(id, at)?
            }
            Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
        }
    }
    Ok(Loaded {
        value: b.root.unwrap_or(Value::Null),
        spans: b.spans,
        reuse: b.reuse,
    })
}

impl Builder<'_, '_> {
    /// Records where an anchor is written (`anchor` 0 is none).
    fn anchored(&mut self, anchor: usize, at: Span) {
        if anchor > 0 {
            self.reuse.push((at, false));
        }
    }

    fn mark(&mut self, m: Marker) -> Span {
        let offset = self.cursor.byte(m.index());
        let first = self.bom && m.line() == 1;
        Span {
            line: m.line(),
            column: m.col() + 1 + usize::from(first),
            offset: offset + usize::from(self.bom) * 3,
            end: offset + usize::from(self.bom) * 3,
        }
    }

    /// The start of a tagged scalar's text: past the tag at `at` and the blanks after it.
    fn after_tag(&self, at: Span) -> Span {
        let skip = usize::from(self.bom) * 3;
        let from = at.offset.saturating_sub(skip).min(self.text.len());
        let rest = &self.text[from..];
        let tag = rest.find([' ', '\t', '\n', '\r']).unwrap_or(rest.len());
        let blanks = rest[tag..].len() - rest[tag..].trim_start_matches([' ', '\t']).len();
        if rest[tag + blanks..].starts_with(['\n', '\r']) || tag + blanks >= rest.len() {
            return at;
        }
        let moved = rest[..tag + blanks].chars().count();
        Span {
            column: at.column + moved,
            offset: at.offset + tag + blanks,
            ..at
        }
    }

    /// Moves a position about tabs back to the first tab of the run it stands in.
    fn back_over_tabs(&self, at: &mut Span) {
        let skip = usize::from(self.bom) * 3;
        let before = &self.text[..at.offset.saturating_sub(skip).min(self.text.len())];
        let tabs = before.len() - before.trim_end_matches('\t').len();
        let tabs = tabs.min(at.column.saturating_sub(1));
        at.offset -= tabs;
        at.column -= tabs;
    }

    /// The JSON pointer of the innermost open collection.
    fn pointer(&self) -> String {
        let mut p = String::new();
        for f in self.frames.iter().skip(1) {
            p.push('/');
            p.push_str(&f.segment);
        }
        p
    }

    fn error(&self, kind: ErrorKind, at: Span) -> LoadError {
        LoadError {
            kind,
            at,
            pointer: self.pointer(),
        }
    }

    /// True when the next scalar or collection is a mapping key.
    fn at_key(&self) -> bool {
        self.frames
            .last()
            .is_some_and(|f| f.kind == Kind::Mapping && f.key.is_none())
    }

    fn count(
        &mut self,
        nodes: usize,
        bytes: usize,
        alias: bool,
        at: Span,
    ) -> Result<(), LoadError> {
        self.nodes += nodes;
        self.bytes += bytes;
        if self.nodes > self.opts.max_nodes {
            return Err(self.error(ErrorKind::Nodes { alias }, at));
        }
        if self.bytes > self.opts.max_text_bytes {
            return Err(self.error(ErrorKind::TextBytes, at));
        }
        Ok(())
    }

    /// The segment and key span of the next value in the innermost collection.
    fn slot(&mut self) -> (String, Option<Span>) {
        match self.frames.last() {
            None => (String::new(), None),
            Some(f) if f.kind == Kind::Sequence => {
                (f.seq.len().max(f.kids.len()).to_string(), None)
            }
            Some(f) => {
                let (k, span) = f
                    .key
                    .as_ref()
                    .map_or((String::new(), None), |(k, s)| (escape(k), Some(*s)));
                (k, span)
            }
        }
    }

    /// The long-form key of a tag, or an error for a tag the options refuse.
    fn tag(&self, tag: Option<&Tag>, at: Span) -> Result<TagMeaning, LoadError> {
        let Some(tag) = tag else {
            return Ok(TagMeaning::None);
        };
        if tag.is_yaml_core_schema() {
            return Ok(if tag.suffix == "str" {
                TagMeaning::Str
            } else {
                TagMeaning::None
            });
        }
        let shown = if tag.handle == "!" {
            format!("!{}", tag.suffix)
        } else {
            tag.to_string()
        };
        match self.opts.tags {
            Tags::Refuse => Err(self.error(ErrorKind::Tag(shown), at)),
            Tags::CloudFormation if tag.handle.is_empty() && tag.suffix == "!" => {
                Ok(TagMeaning::Str)
            }
            Tags::CloudFormation => match super::short_form_key(&shown) {
                Some(long) if tag.handle == "!" => Ok(TagMeaning::Long(long)),
                _ => Err(self.error(ErrorKind::Tag(shown), at)),
            },
        }
    }

    fn scalar(
        &mut self,
        v: &str,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        at: Span,
    ) -> Result<(), LoadError> {
        let meaning = self.tag(tag, at)?;
        if self.at_key() {
            if let Some(f) = self.frames.last()
                && f.map.contains_key(v)
            {
                return Err(self.error(ErrorKind::Duplicate(v.to_string()), at));
            }
            self.count(0, v.len(), false, at)?;
            if anchor > 0 {
                self.anchors.insert(
                    anchor,
                    Anchor::scalar(Value::String(v.to_string()), v.len()),
                );
            }
            if let Some(f) = self.frames.last_mut() {
                f.key = Some((v.to_string(), at));
            }
            return Ok(());
        }
        let plain = style == ScalarStyle::Plain;
        let mut value = match meaning {
            TagMeaning::None | TagMeaning::Str if !self.values => Value::Null,
            TagMeaning::Str => Value::String(v.to_string()),
            _ if plain => plain_value_in(v, self.opts.scalars),
            _ => Value::String(v.to_string()),
        };
        let bytes = if value.is_string() || !self.values {
            v.len()
        } else {
            0
        };
        self.count(1, bytes, false, at)?;
        let (_, key) = self.slot();
        let TagMeaning::Long(long) = meaning else {
            let id = self
                .spans
                .push(key, at, Kind::Scalar, plain && tag.is_none());
            if anchor > 0 {
                let mut a = Anchor::scalar(value.clone(), bytes);
                a.node = Some(id);
                self.anchors.insert(anchor, a);
            }
            self.insert(value, id);
            return Ok(());
        };
        let wrapper = self.spans.push(key, at, Kind::Mapping, false);
        let inner = match (long, value) {
            ("Fn::GetAtt", Value::String(s)) => match s.split_once('.') {
                Some((res, attr)) if !res.is_empty() && !attr.is_empty() => {
                    let id = self.spans.push(None, at, Kind::Sequence, false);
                    let content = self.after_tag(at);
                    let a = self.spans.push(None, content, Kind::Scalar, false);
                    let b = self.spans.push(None, content, Kind::Scalar, false);
                    self.spans.set_children(id, &[(0, a), (0, b)]);
                    value =
                        Value::Array(vec![Value::String(res.into()), Value::String(attr.into())]);
                    (value, id)
                }
                _ => return Err(self.error(ErrorKind::GetAttShape(s), at)),
            },
            ("Ref" | "Condition" | "Fn::ImportValue", v @ (Value::Number(_) | Value::Bool(_))) => {
                let id = self.spans.push(None, at, Kind::Scalar, false);
                (Value::String(v.to_string()), id)
            }
            (_, v) => {
                let id = self.spans.push(None, at, Kind::Scalar, false);
                (v, id)
            }
        };
        self.spans
            .set_children(wrapper, &[(key_hash(long), inner.1)]);
        let mut m = Map::new();
        m.insert(long.to_string(), inner.0);
        let value = Value::Object(m);
        if anchor > 0 {
            self.anchors
                .insert(anchor, Anchor::scalar(value.clone(), bytes));
        }
        self.insert(value, wrapper);
        Ok(())
    }

    fn open(
        &mut self,
        kind: Kind,
        anchor: usize,
        tag: Option<&Tag>,
        at: Span,
    ) -> Result<(), LoadError> {
        if self.at_key() {
            return Err(self.error(ErrorKind::ComplexKey(kind), at));
        }
        if self.frames.len() >= self.opts.max_depth {
            return Err(self.error(ErrorKind::Depth, at));
        }
        let meaning = self.tag(tag, at)?;
        self.count(1, 0, false, at)?;
        let (segment, key) = self.slot();
        let wrap = match meaning {
            TagMeaning::Long(long) => Some((long, self.spans.push(key, at, Kind::Mapping, false))),
            _ => None,
        };
        let id = self
            .spans
            .push(if wrap.is_some() { None } else { key }, at, kind, false);
        self.frames.push(Frame {
            id,
            kind,
            anchor,
            wrap,
            map: Map::new(),
            seq: Vec::new(),
            kids: Vec::new(),
            key: None,
            segment,
            nodes_before: self.nodes - 1,
            bytes_before: self.bytes,
        });
        Ok(())
    }

    fn close(&mut self) -> Result<(), LoadError> {
        let Some(f) = self.frames.pop() else {
            return Ok(());
        };
        self.spans.set_children(f.id, &f.kids);
        let mut value = match f.kind {
            Kind::Mapping => Value::Object(f.map),
            _ => Value::Array(f.seq),
        };
        let mut id = f.id;
        if let Some((long, wrapper)) = f.wrap {
            self.spans.set_children(wrapper, &[(key_hash(long), f.id)]);
            let mut m = Map::new();
            m.insert(long.to_string(), value);
            value = Value::Object(m);
            id = wrapper;
        }
        if f.anchor > 0 {
            let kind = self.spans.node(id).kind;
            self.anchors.insert(
                f.anchor,
                Anchor {
                    value: value.clone(),
                    node: Some(id),
                    kind,
                    nodes: self.nodes - f.nodes_before,
                    bytes: self.bytes - f.bytes_before,
                },
            );
        }
        self.insert(value, id);
        Ok(())
    }

    fn alias(&mut self, anchor: usize, at: Span) -> Result<(), LoadError> {
        let Some(a) = self.anchors.get(&anchor) else {
            return Err(self.error(ErrorKind::Syntax("unknown anchor".into()), at));
        };
        let (nodes, bytes, kind, node) = (a.nodes, a.bytes, a.kind, a.node);
        if self.at_key() {
            let Value::String(k) = &a.value else {
                return Err(self.error(ErrorKind::ComplexKey(kind), at));
            };
            let k = k.clone();
            if self.frames.last().is_some_and(|f| f.map.contains_key(&k)) {
                return Err(self.error(ErrorKind::Duplicate(k), at));
            }
            if let Some(f) = self.frames.last_mut() {
                f.key = Some((k, at));
            }
            return Ok(());
        }
        self.count(nodes, bytes, true, at)?;
        let value = self.anchors[&anchor].value.clone();
        let (_, key) = self.slot();
        let id = self.spans.push(key, at, kind, false);
        if let Some(n) = node {
            self.spans.share_children(id, n);
        }
        self.insert(value, id);
        Ok(())
    }

    /// Puts a finished value into the innermost collection (or makes it the root).
    fn insert(&mut self, value: Value, id: NodeId) {
        match self.frames.last_mut() {
            None => self.root = Some(value),
            Some(f) if f.kind == Kind::Sequence => {
                f.seq.push(value);
                f.kids.push((0, id));
            }
            Some(f) => {
                let (k, _) = f.key.take().unwrap_or_default();
                f.kids.push((key_hash(&k), id));
                f.map.insert(k, value);
            }
        }
    }
}

impl Anchor {
    fn scalar(value: Value, bytes: usize) -> Anchor {
        Anchor {
            value,
            node: None,
            kind: Kind::Scalar,
            nodes: 1,
            bytes,
        }
    }
}

/// What a tag does to the node it stands on.
enum TagMeaning {
    None,
    Str,
    Long(&'static str),
}
