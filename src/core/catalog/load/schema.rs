//! The structure pass: every unknown field, wrong type and missing field of a
//! file, each with its position.
//!
//! serde stops at the first problem. This pass runs the model's own
//! `Deserialize` impls over the positioned tree ([`super::tree`]) through a
//! deserializer that notes a problem and carries on: an unknown field is
//! skipped, a value of the wrong type is replaced by a neutral one (empty
//! text, empty list, `false`, the first variant…). So the field names, types
//! and enum variants it checks come from the model itself, with no list to
//! keep in step.
//!
//! Two kinds of problem are raised by the model's visitors rather than seen
//! by this deserializer: a missing required field (serde only says so once
//! the mapping is read) and a value a visitor refuses (a malformed error
//! code). Either one ends the walk; the pass then learns it and walks again,
//! supplying a neutral value there, until a walk learns nothing new. Each walk
//! learns at least one thing, and a file has few such problems.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Expected, IntoDeserializer, MapAccess, SeqAccess,
    Unexpected, Visitor,
};

use super::tree::{Kind, Node};
use super::Position;

/// Walks after which the pass gives up learning (a safety net: a real file
/// needs a handful).
const MAX_WALKS: usize = 64;

/// A problem found by the pass: where, and the message (prefixed with the
/// field path, as serde_yaml writes it).
pub(super) type Finding = (Position, String);

/// Every structure problem of `root` read as a `T`, in file order.
pub(super) fn check<T: DeserializeOwned>(root: &Node) -> Vec<Finding> {
    let mut learned = Learned::default();
    let mut findings = Vec::new();
    for _ in 0..MAX_WALKS {
        let walk = Walk {
            learned: &learned,
            findings: RefCell::new(Vec::new()),
            new: RefCell::new(Learned::default()),
        };
        let _ = T::deserialize(Value {
            node: Some(root),
            path: String::new(),
            walk: &walk,
        });
        findings = walk.findings.into_inner();
        let new = walk.new.into_inner();
        if new.is_empty() {
            break;
        }
        learned.required.extend(new.required);
        learned.refused.extend(new.refused);
    }
    findings.sort_by_key(|(pos, _)| *pos);
    findings.dedup();
    findings
}

/// What earlier walks found that serde's visitors only report by stopping.
#[derive(Default)]
struct Learned {
    /// (struct name, field) pairs that must be present.
    required: BTreeSet<(&'static str, &'static str)>,
    /// Values a visitor refused, by path: where and why.
    refused: BTreeMap<String, (Position, String)>,
}

impl Learned {
    fn is_empty(&self) -> bool {
        self.required.is_empty() && self.refused.is_empty()
    }
}

struct Walk<'a> {
    learned: &'a Learned,
    findings: RefCell<Vec<Finding>>,
    new: RefCell<Learned>,
}

impl Walk<'_> {
    fn note(&self, pos: Position, path: &str, message: impl fmt::Display) {
        let text = if path.is_empty() {
            message.to_string()
        } else {
            format!("{path}: {message}")
        };
        self.findings.borrow_mut().push((pos, text));
    }
}

/// How a walk stops. Errors are only ever created by serde's visitors.
#[derive(Debug)]
enum Stop {
    /// A visitor refused a value; the walk learns it.
    Refused(String),
    /// A struct lacks a required field; the walk learns it.
    Missing(&'static str),
    /// Already learned or noted; unwind.
    Unwind,
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stop::Refused(message) => f.write_str(message),
            Stop::Missing(field) => write!(f, "missing field `{field}`"),
            Stop::Unwind => f.write_str("stopped"),
        }
    }
}

impl std::error::Error for Stop {}

impl de::Error for Stop {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Stop::Refused(message.to_string())
    }

    fn missing_field(field: &'static str) -> Self {
        Stop::Missing(field)
    }
}

/// A node to deserialize, or `None` for a neutral value (a missing field or
/// a replaced wrong value), which every model type accepts.
struct Value<'a> {
    node: Option<&'a Node>,
    path: String,
    walk: &'a Walk<'a>,
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl<'a> Value<'a> {
    /// The value of a child node; a value refused in an earlier walk is noted
    /// again and replaced by a neutral one.
    fn child(&self, node: Option<&'a Node>, path: String) -> Value<'a> {
        let node = match self.walk.learned.refused.get(&path) {
            Some((pos, message)) => {
                self.walk.note(*pos, &path, message);
                None
            }
            None => node,
        };
        Value {
            node,
            path,
            walk: self.walk,
        }
    }

    fn neutral(self) -> Value<'a> {
        Value { node: None, ..self }
    }

    /// Notes that this node is not what `expected` wants; the caller goes on
    /// with a neutral value.
    fn mismatch(self, expected: &dyn Expected) -> Value<'a> {
        if let Some(node) = self.node {
            let err: Stop = de::Error::invalid_type(unexpected(node), expected);
            self.walk.note(node.pos, &self.path, err);
        }
        self.neutral()
    }

    /// Learns an error a visitor raised on this node, so that the next walk
    /// notes it and goes past it.
    fn learn<T>(&self, result: Result<T, Stop>) -> Result<T, Stop> {
        match result {
            Err(Stop::Refused(message)) => {
                if let Some(node) = self.node {
                    let mut new = self.walk.new.borrow_mut();
                    new.refused
                        .insert(self.path.clone(), (node.pos, message.clone()));
                }
                Err(Stop::Unwind)
            }
            other => other,
        }
    }

    fn is_empty_plain(&self) -> bool {
        matches!(self.node.map(|n| &n.kind), Some(Kind::Scalar { value, plain: true }) if value.is_empty())
    }

    fn items(&self) -> Vec<Value<'a>> {
        match self.node.map(|n| &n.kind) {
            Some(Kind::Seq(items)) => items
                .iter()
                .enumerate()
                .map(|(i, item)| self.child(Some(item), format!("{}[{i}]", self.path)))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Entries of a mapping; a key written twice counts once (the duplicate
    /// is reported by the tree).
    fn entries(&self) -> Vec<(&'a Node, &'a Node)> {
        let mut out: Vec<(&'a Node, &'a Node)> = Vec::new();
        if let Some(Kind::Map(entries)) = self.node.map(|n| &n.kind) {
            for (k, v) in entries {
                let twice =
                    k.scalar().is_some() && out.iter().any(|(seen, _)| seen.scalar() == k.scalar());
                if !twice {
                    out.push((k, v));
                }
            }
        }
        out
    }
}

/// How a node reads to serde_yaml (YAML 1.2 core schema), for messages.
fn unexpected(node: &Node) -> Unexpected<'_> {
    match &node.kind {
        Kind::Seq(_) => Unexpected::Seq,
        Kind::Map(_) => Unexpected::Map,
        Kind::Scalar { value, plain } => match resolve(value, *plain) {
            Scalar::Null => Unexpected::Unit,
            Scalar::Bool(b) => Unexpected::Bool(b),
            Scalar::Unsigned(n) => Unexpected::Unsigned(n),
            Scalar::Signed(n) => Unexpected::Signed(n),
            Scalar::Float(x) => Unexpected::Float(x),
            Scalar::Str(s) => Unexpected::Str(s),
        },
    }
}

enum Scalar<'s> {
    Null,
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Str(&'s str),
}

/// What a scalar means: plain ones may be null, booleans or numbers; quoted
/// and block ones are always text. Follows serde_yaml 0.9.
fn resolve(value: &str, plain: bool) -> Scalar<'_> {
    if !plain {
        return Scalar::Str(value);
    }
    match value {
        "" | "~" | "null" | "Null" | "NULL" => return Scalar::Null,
        "true" | "True" | "TRUE" => return Scalar::Bool(true),
        "false" | "False" | "FALSE" => return Scalar::Bool(false),
        _ => {}
    }
    let (negative, digits) = match value.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, value.strip_prefix('+').unwrap_or(value)),
    };
    let (radix, digits) = [("0x", 16), ("0o", 8), ("0b", 2)]
        .iter()
        .find_map(|(prefix, radix)| digits.strip_prefix(prefix).map(|d| (*radix, d)))
        .unwrap_or((10, digits));
    let leading_zero = radix == 10 && digits.len() > 1 && digits.starts_with('0');
    if !digits.starts_with(['+', '-']) && !leading_zero {
        if let Ok(n) = u64::from_str_radix(digits, radix) {
            if !negative {
                return Scalar::Unsigned(n);
            }
            if let Some(n) = 0i64.checked_sub_unsigned(n) {
                return Scalar::Signed(n);
            }
        }
    }
    let unsigned = value.trim_start_matches(['+', '-']);
    let is_float = matches!(
        unsigned,
        ".inf" | ".Inf" | ".INF" | ".nan" | ".NaN" | ".NAN"
    ) || (!leading_zero
        && unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && value.parse::<f64>().is_ok());
    if is_float {
        return Scalar::Float(value.parse().unwrap_or(f64::NAN));
    }
    Scalar::Str(value)
}

impl<'de> de::Deserializer<'de> for Value<'_> {
    type Error = Stop;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        let Some(node) = self.node else {
            // The neutral value of a self-describing type (an error code).
            return visitor.visit_u64::<Stop>(0).map_err(|_| Stop::Unwind);
        };
        let result = match &node.kind {
            Kind::Scalar { value, plain } => match resolve(value, *plain) {
                Scalar::Null => visitor.visit_unit(),
                Scalar::Bool(b) => visitor.visit_bool(b),
                Scalar::Unsigned(n) => visitor.visit_u64(n),
                Scalar::Signed(n) => visitor.visit_i64(n),
                Scalar::Float(x) => visitor.visit_f64(x),
                Scalar::Str(s) => visitor.visit_str(s),
            },
            Kind::Seq(_) => return self.deserialize_seq(visitor),
            Kind::Map(_) => return self.deserialize_map(visitor),
        };
        self.learn(result)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        match self.node.map(|n| &n.kind) {
            None => visitor.visit_bool(false),
            Some(Kind::Scalar { value, plain: true }) => match resolve(value, true) {
                Scalar::Bool(b) => {
                    let result = visitor.visit_bool(b);
                    self.learn(result)
                }
                _ => self.mismatch(&visitor).deserialize_bool(visitor),
            },
            _ => self.mismatch(&visitor).deserialize_bool(visitor),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        match self.node.map(|n| &n.kind) {
            None => visitor.visit_str(""),
            Some(Kind::Scalar { value, .. }) => {
                let result = visitor.visit_str(value);
                self.learn(result)
            }
            _ => self.mismatch(&visitor).deserialize_str(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        self.deserialize_str(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        let null = match self.node.map(|n| &n.kind) {
            None => true,
            Some(Kind::Scalar { value, plain }) => {
                *plain && matches!(resolve(value, true), Scalar::Null)
            }
            Some(_) => false,
        };
        if null {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Stop> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        match self.node.map(|n| &n.kind) {
            None | Some(Kind::Seq(_)) => {
                let items = self.items();
                let result = visitor.visit_seq(Items(items.into_iter()));
                self.learn(result)
            }
            _ if self.is_empty_plain() => visitor.visit_seq(Items(Vec::new().into_iter())),
            _ => self.mismatch(&visitor).deserialize_seq(visitor),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        match self.node.map(|n| &n.kind) {
            None | Some(Kind::Map(_)) => {
                let entries = self
                    .entries()
                    .into_iter()
                    .map(|(k, v)| {
                        let key = Value {
                            node: Some(k),
                            path: self.path.clone(),
                            walk: self.walk,
                        };
                        let value =
                            self.child(Some(v), join(&self.path, k.scalar().unwrap_or("?")));
                        (key, value)
                    })
                    .collect::<Vec<_>>();
                let result = visitor.visit_map(Entries {
                    entries: entries.into_iter(),
                    value: None,
                });
                self.learn(result)
            }
            _ if self.is_empty_plain() => visitor.visit_map(Entries {
                entries: Vec::new().into_iter(),
                value: None,
            }),
            _ => self.mismatch(&visitor).deserialize_map(visitor),
        }
    }

    /// Unknown fields are noted and skipped; a missing field already known to
    /// be required is noted and given a neutral value.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Stop> {
        let real = match self.node.map(|n| &n.kind) {
            Some(Kind::Map(_)) => true,
            _ if self.is_empty_plain() => true,
            None => false,
            Some(_) => {
                return self
                    .mismatch(&visitor)
                    .deserialize_struct(name, fields, visitor)
            }
        };
        let mut given: Vec<(&'static str, Value)> = Vec::new();
        for (k, v) in self.entries() {
            let key = k.scalar().unwrap_or("");
            match fields.iter().find(|f| **f == key) {
                Some(field) => given.push((*field, self.child(Some(v), join(&self.path, key)))),
                None => {
                    let err: Stop = de::Error::unknown_field(key, fields);
                    self.walk.note(k.pos, &self.path, err);
                }
            }
        }
        for &field in fields {
            if given.iter().any(|(f, _)| *f == field) {
                continue;
            }
            // Only an absent field known to be required is given (neutral);
            // any other is left to serde (`Option` or `#[serde(default)]`).
            // A neutral struct gives every field, so that nothing is missing.
            let required = self.walk.learned.required.contains(&(name, field));
            if required && real {
                if let Some(node) = self.node {
                    let err: Stop = de::Error::missing_field(field);
                    self.walk.note(node.pos, &self.path, err);
                }
            }
            if required || !real {
                given.push((field, self.child(None, join(&self.path, field))));
            }
        }
        let result = visitor.visit_map(Fields {
            fields: given.into_iter(),
            value: None,
        });
        match result {
            Err(Stop::Missing(field)) => {
                self.walk.new.borrow_mut().required.insert((name, field));
                Err(Stop::Unwind)
            }
            other => self.learn(other),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Stop> {
        let chosen = match self.node.map(|n| &n.kind) {
            None => variants.first().copied(),
            Some(Kind::Scalar { value, .. }) if !value.is_empty() => {
                match variants.iter().find(|v| **v == value.as_str()) {
                    Some(v) => Some(*v),
                    None => {
                        let err: Stop = de::Error::unknown_variant(value, variants);
                        if let Some(node) = self.node {
                            self.walk.note(node.pos, &self.path, err);
                        }
                        variants.first().copied()
                    }
                }
            }
            _ => {
                let this = self.mismatch(&visitor);
                return this.deserialize_enum(name, variants, visitor);
            }
        };
        let Some(variant) = chosen else {
            return Err(Stop::Unwind);
        };
        let result = visitor.visit_enum(IntoDeserializer::<Stop>::into_deserializer(variant));
        self.learn(result)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 bytes byte_buf unit
        unit_struct tuple tuple_struct
    }
}

/// The items of a sequence.
struct Items<'a>(std::vec::IntoIter<Value<'a>>);

impl<'de> SeqAccess<'de> for Items<'_> {
    type Error = Stop;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Stop> {
        self.0.next().map(|v| seed.deserialize(v)).transpose()
    }
}

/// The entries of a mapping read as a map.
struct Entries<'a> {
    entries: std::vec::IntoIter<(Value<'a>, Value<'a>)>,
    value: Option<Value<'a>>,
}

impl<'de> MapAccess<'de> for Entries<'_> {
    type Error = Stop;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Stop> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(key).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Stop> {
        match self.value.take() {
            Some(value) => seed.deserialize(value),
            None => Err(Stop::Unwind),
        }
    }
}

/// The known fields of a mapping read as a struct.
struct Fields<'a> {
    fields: std::vec::IntoIter<(&'static str, Value<'a>)>,
    value: Option<Value<'a>>,
}

impl<'de> MapAccess<'de> for Fields<'_> {
    type Error = Stop;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Stop> {
        match self.fields.next() {
            Some((field, value)) => {
                self.value = Some(value);
                seed.deserialize(IntoDeserializer::<Stop>::into_deserializer(field))
                    .map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Stop> {
        match self.value.take() {
            Some(value) => seed.deserialize(value),
            None => Err(Stop::Unwind),
        }
    }
}
