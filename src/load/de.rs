//! Typed reading of a loaded document (serde), with every error located: a wrong type at the
//! value, an unknown key at the key, a missing field at the mapping, a complaint a visitor makes
//! after reading a key at that key.
//!
//! Plain YAML scalars keep the leniency blueprints were written against: `200` or `true` read
//! into a string field give the text as written, and an integer beyond 64 bits reaches the
//! visitor whole (so the message names it).

use super::scalar::{Plain, resolve};
use super::spans::{NodeId, Span};
use super::{Kind, Loaded};
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IntoDeserializer, MapAccess, SeqAccess,
    Unexpected, VariantAccess, Visitor,
};
use serde_json::Value;
use std::fmt;

/// A typed-reading error: the message, and where (position and dotted path such as
/// `routes.GET /`), once known.
#[derive(Debug, Clone)]
pub struct Error {
    /// What serde or a visitor said.
    pub message: String,
    /// Where, and the dotted path of the node (empty at the root).
    pub at: Option<(Span, String)>,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match &self.at {
            Some((_, path)) if !path.is_empty() => write!(f, "{path}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error {
            message: msg.to_string(),
            at: None,
        }
    }
}

impl Error {
    fn locate(mut self, span: Span, path: &str) -> Error {
        if self.at.is_none() {
            self.at = Some((span, path.to_string()));
        }
        self
    }
}

/// Reads a `T` from `loaded`, whose text is `text`.
pub fn from_loaded<'de, T: de::Deserialize<'de>>(
    loaded: &'de Loaded,
    text: &'de str,
) -> Result<T, Error> {
    let de = De {
        loaded,
        text,
        value: &loaded.value,
        node: loaded.spans.root(),
        path: String::new(),
    };
    T::deserialize(de)
}

/// A deserializer for the node at `pointer` of `loaded` (whose text is `text`), for reading
/// one part of a document later than the rest (a route's operation arguments, once lowering
/// knows which service reads them); `None` when nothing is there.
pub fn deserializer_at<'de>(
    loaded: &'de Loaded,
    text: &'de str,
    pointer: &str,
) -> Option<impl Deserializer<'de, Error = Error>> {
    let value = loaded.value.pointer(pointer)?;
    let path = pointer
        .split('/')
        .skip(1)
        .map(super::unescape)
        .collect::<Vec<_>>()
        .join(".");
    Some(De {
        loaded,
        text,
        value,
        node: loaded.spans.find(pointer),
        path,
    })
}

/// One node being read.
struct De<'de> {
    loaded: &'de Loaded,
    text: &'de str,
    value: &'de Value,
    node: Option<NodeId>,
    path: String,
}

impl<'de> De<'de> {
    fn span(&self) -> Span {
        self.node.map_or(
            Span {
                line: 1,
                column: 1,
                offset: 0,
                end: 0,
            },
            |n| self.loaded.spans.node(n).value,
        )
    }

    fn plain(&self) -> bool {
        self.node.is_some_and(|n| self.loaded.spans.node(n).plain)
    }

    /// The text of a plain scalar as written.
    fn raw(&self) -> Option<&'de str> {
        let n = self.loaded.spans.node(self.node?);
        if !n.plain || n.kind != Kind::Scalar {
            return None;
        }
        self.text.get(n.value.offset..n.value.end)
    }

    fn children(&self) -> &'de [NodeId] {
        self.node.map_or(&[], |n| self.loaded.spans.children(n))
    }

    fn fail(&self, e: Error) -> Error {
        e.locate(self.span(), &self.path)
    }

    fn map<V: Visitor<'de>>(
        self,
        visitor: V,
        entries: Option<&'de serde_json::Map<String, Value>>,
    ) -> Result<V::Value, Error> {
        let mut access = MapDe {
            de: &self,
            entries: entries.map(|m| m.iter()),
            index: 0,
            last: None,
        };
        let result = visitor.visit_map(&mut access);
        let last = access.last.take();
        result.map_err(|e| match last {
            Some(span) => e.locate(span, &self.path),
            None => self.fail(e),
        })
    }
}

impl<'de> Deserializer<'de> for De<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let r = match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    visitor.visit_u64(u)
                } else if let Some(i) = n.as_i64() {
                    visitor.visit_i64(i)
                } else {
                    visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN))
                }
            }
            Value::String(s) => match self.plain().then(|| resolve(s)) {
                Some(Plain::Big(n)) => match u128::try_from(n) {
                    Ok(u) => visitor.visit_u128(u),
                    Err(_) => visitor.visit_i128(n),
                },
                _ => visitor.visit_borrowed_str(s),
            },
            Value::Array(items) => {
                let access = SeqDe {
                    de: &self,
                    items: items.iter(),
                    index: 0,
                };
                visitor.visit_seq(access)
            }
            Value::Object(m) => return self.map(visitor, Some(m)),
        };
        r.map_err(|e| self.fail(e))
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match (self.value, self.raw()) {
            (Value::Number(_) | Value::Bool(_), Some(raw)) => {
                visitor.visit_borrowed_str(raw).map_err(|e| self.fail(e))
            }
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_none().map_err(|e| self.fail(e)),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => self.map(visitor, None),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        // A struct is a mapping, never a sequence of its fields.
        if self.value.is_array() {
            return Err(self.fail(de::Error::invalid_type(Unexpected::Seq, &visitor)));
        }
        self.deserialize_map(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let r = match self.value {
            Value::String(s) => visitor.visit_enum(s.as_str().into_deserializer()),
            Value::Object(m) if m.len() == 1 => {
                let (k, v) = m.iter().next().expect("one member");
                let child = self.children().first().copied();
                let path = join(&self.path, k);
                visitor.visit_enum(EnumDe {
                    key: k,
                    value: De {
                        loaded: self.loaded,
                        text: self.text,
                        value: v,
                        node: child,
                        path,
                    },
                })
            }
            _ => return self.deserialize_any(visitor),
        };
        r.map_err(|e| self.fail(e))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.unsigned(visitor)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.unsigned(visitor)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.unsigned(visitor)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.unsigned(visitor)
    }
    fn deserialize_u128<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.unsigned(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 f32 f64 bytes byte_buf unit unit_struct seq tuple tuple_struct
    }
}

impl<'de> De<'de> {
    /// An unsigned integer: a negative one is the wrong type, as YAML readers have said.
    fn unsigned<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if let Value::Number(n) = self.value
            && let Some(i) = n.as_i64()
            && i < 0
        {
            return Err(self.fail(de::Error::invalid_type(Unexpected::Signed(i), &visitor)));
        }
        self.deserialize_any(visitor)
    }
}

/// `parent.key`, or `key` at the root.
fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

struct MapDe<'d, 'de> {
    de: &'d De<'de>,
    entries: Option<serde_json::map::Iter<'de>>,
    index: usize,
    /// The key read last, until its value is read.
    last: Option<Span>,
}

impl<'de> MapAccess<'de> for MapDe<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((k, _)) = self.entries.as_mut().and_then(|i| i.clone().next()) else {
            self.last = None;
            return Ok(None);
        };
        let span = self
            .de
            .children()
            .get(self.index)
            .and_then(|c| self.de.loaded.spans.node(*c).key)
            .unwrap_or_else(|| self.de.span());
        self.last = Some(span);
        seed.deserialize(KeyDe { key: k })
            .map(Some)
            .map_err(|e: Error| e.locate(span, &self.de.path))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let Some((k, v)) = self.entries.as_mut().and_then(Iterator::next) else {
            return Err(de::Error::custom(
                "a value was asked for past the end of a mapping",
            ));
        };
        let child = self.de.children().get(self.index).copied();
        self.index += 1;
        seed.deserialize(De {
            loaded: self.de.loaded,
            text: self.de.text,
            value: v,
            node: child,
            path: join(&self.de.path, k),
        })
    }
}

struct SeqDe<'d, 'de> {
    de: &'d De<'de>,
    items: std::slice::Iter<'de, Value>,
    index: usize,
}

impl<'de> SeqAccess<'de> for SeqDe<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let Some(v) = self.items.next() else {
            return Ok(None);
        };
        let child = self.de.children().get(self.index).copied();
        let path = format!("{}[{}]", self.de.path, self.index);
        self.index += 1;
        seed.deserialize(De {
            loaded: self.de.loaded,
            text: self.de.text,
            value: v,
            node: child,
            path,
        })
        .map(Some)
    }
}

/// A mapping key: always text (`200:` is the key `"200"`).
struct KeyDe<'de> {
    key: &'de str,
}

impl<'de> Deserializer<'de> for KeyDe<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_str(self.key)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_enum(self.key.into_deserializer())
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct identifier
        ignored_any
    }
}

/// An enum written as a one-member mapping (`variant: value`).
struct EnumDe<'de> {
    key: &'de str,
    value: De<'de>,
}

impl<'de> EnumAccess<'de> for EnumDe<'de> {
    type Error = Error;
    type Variant = De<'de>;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, De<'de>), Error> {
        let v = seed.deserialize(KeyDe { key: self.key })?;
        Ok((v, self.value))
    }
}

impl<'de> VariantAccess<'de> for De<'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        de::Deserialize::deserialize(self)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_any(visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }
}
