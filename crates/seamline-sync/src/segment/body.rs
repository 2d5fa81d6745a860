//! The body's decoder: walks the MessagePack op by op, with every string's length checked
//! before it is copied and every value built against a byte budget (the limits are the
//! module's constants), so a small file cannot make the reader allocate much.

use seamline_store::oplog::Op;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value as Json;

use super::*;

/// Walks a MessagePack body, handing each op to `on_op`.
pub(super) fn parse<E>(packed: &[u8], mut on_op: impl FnMut(Op) -> Result<(), E>) -> Result<Info, Stop<E>> {
    let mut info = Info::default();
    let mut stop: Option<Stop<E>> = None;
    let mut de = rmp_serde::Deserializer::from_read_ref(packed);
    let result = BodySeed { info: &mut info, on_op: &mut on_op, stop: &mut stop }.deserialize(&mut de);
    if let Some(s) = stop {
        return Err(s);
    }
    result.map_err(|e| Stop::Rejected(Rejection::Body(clip(&e.to_string()))))?;
    Ok(info)
}

fn clip(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).take(160).collect()
}

/// A body string: borrowed from the buffer, copied only once its length is known to be sane.
fn name<E: de::Error>(s: &str, what: &str) -> Result<String, E> {
    if s.len() > MAX_NAME {
        return Err(E::custom(format!("its {what} is too long")));
    }
    Ok(s.to_string())
}

struct BodySeed<'s, F, E> {
    info: &'s mut Info,
    on_op: &'s mut F,
    stop: &'s mut Option<Stop<E>>,
}

impl<'de, F: FnMut(Op) -> Result<(), E>, E> DeserializeSeed<'de> for BodySeed<'_, F, E> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, F: FnMut(Op) -> Result<(), E>, E> Visitor<'de> for BodySeed<'_, F, E> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a segment body (a map)")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<&'de str>()? {
            match key {
                "device" => self.info.device = name(map.next_value::<&'de str>()?, "device")?,
                "project_id" => self.info.project_id = name(map.next_value::<&'de str>()?, "project id")?,
                "seq" => self.info.seq = map.next_value()?,
                "kind" => self.info.kind = name(map.next_value::<&'de str>()?, "kind")?,
                "created_at" => self.info.created_at = name(map.next_value::<&'de str>()?, "time")?,
                "ops" => map.next_value_seed(OpsSeed {
                    info: &mut *self.info,
                    on_op: &mut *self.on_op,
                    stop: &mut *self.stop,
                })?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

struct OpsSeed<'s, F, E> {
    info: &'s mut Info,
    on_op: &'s mut F,
    stop: &'s mut Option<Stop<E>>,
}

impl<'de, F: FnMut(Op) -> Result<(), E>, E> DeserializeSeed<'de> for OpsSeed<'_, F, E> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, F: FnMut(Op) -> Result<(), E>, E> Visitor<'de> for OpsSeed<'_, F, E> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of ops")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        // MessagePack states a list's length up front: a file that says it holds too many ops
        // is refused before any of them is applied.
        if seq.size_hint().is_some_and(|n| n > MAX_OPS) {
            *self.stop = Some(Stop::Rejected(Rejection::TooManyOps));
            return Err(de::Error::custom("too many ops"));
        }
        while let Some(wire) = seq.next_element::<WireOp<'de>>()? {
            self.info.ops += 1;
            if self.info.ops > MAX_OPS {
                *self.stop = Some(Stop::Rejected(Rejection::TooManyOps));
                return Err(de::Error::custom("too many ops"));
            }
            let op = wire.into_op()?;
            if let Err(e) = (self.on_op)(op) {
                *self.stop = Some(Stop::Caller(e));
                return Err(de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}

/// One op as it lies in the buffer: names borrowed, the value built against its budget.
#[derive(Deserialize)]
struct WireOp<'a> {
    hlc: i64,
    device: &'a str,
    project_id: &'a str,
    entity: &'a str,
    row_id: &'a str,
    field: &'a str,
    value: BoundedJson,
    prev_hlc: Option<i64>,
    prev_device: Option<&'a str>,
    #[serde(default)]
    made_at: Option<i64>,
}

impl WireOp<'_> {
    fn into_op<E: de::Error>(self) -> Result<Op, E> {
        Ok(Op {
            hlc: self.hlc,
            device: name(self.device, "device")?,
            project_id: name(self.project_id, "project id")?,
            entity: name(self.entity, "entity")?,
            row_id: name(self.row_id, "row id")?,
            field: name(self.field, "field")?,
            value: self.value.0,
            prev_hlc: self.prev_hlc,
            prev_device: self.prev_device.map(|d| name(d, "device")).transpose()?,
            made_at: self.made_at,
        })
    }
}

/// A JSON value built from MessagePack within [`MAX_VALUE_BUDGET`] and [`MAX_VALUE_DEPTH`].
struct BoundedJson(Json);

impl<'de> Deserialize<'de> for BoundedJson {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut budget = MAX_VALUE_BUDGET;
        ValueSeed { budget: &mut budget, depth: 0 }.deserialize(d).map(BoundedJson)
    }
}

struct ValueSeed<'b> {
    budget: &'b mut usize,
    depth: u8,
}

impl ValueSeed<'_> {
    fn charge<E: de::Error>(&mut self, n: usize) -> Result<(), E> {
        if n > *self.budget {
            return Err(E::custom("an op's value is too large"));
        }
        *self.budget -= n;
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Json;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Json;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a value")
    }
    fn visit_bool<E: de::Error>(mut self, v: bool) -> Result<Json, E> {
        self.charge(NODE_COST)?;
        Ok(Json::Bool(v))
    }
    fn visit_i64<E: de::Error>(mut self, v: i64) -> Result<Json, E> {
        self.charge(NODE_COST)?;
        Ok(Json::from(v))
    }
    fn visit_u64<E: de::Error>(mut self, v: u64) -> Result<Json, E> {
        self.charge(NODE_COST)?;
        Ok(Json::from(v))
    }
    fn visit_f64<E: de::Error>(mut self, v: f64) -> Result<Json, E> {
        self.charge(NODE_COST)?;
        serde_json::Number::from_f64(v)
            .map(Json::Number)
            .ok_or_else(|| E::custom("a value is not a finite number"))
    }
    fn visit_str<E: de::Error>(mut self, v: &str) -> Result<Json, E> {
        self.charge(NODE_COST + v.len())?;
        Ok(Json::String(v.to_string()))
    }
    fn visit_unit<E: de::Error>(mut self) -> Result<Json, E> {
        self.charge(NODE_COST)?;
        Ok(Json::Null)
    }
    fn visit_none<E: de::Error>(mut self) -> Result<Json, E> {
        self.charge(NODE_COST)?;
        Ok(Json::Null)
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        self.deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<Json, A::Error> {
        if self.depth >= MAX_VALUE_DEPTH {
            return Err(de::Error::custom("an op's value is nested too deeply"));
        }
        self.charge(NODE_COST)?;
        let mut out = Vec::new();
        while let Some(v) =
            seq.next_element_seed(ValueSeed { budget: &mut *self.budget, depth: self.depth + 1 })?
        {
            out.push(v);
        }
        Ok(Json::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Json, A::Error> {
        if self.depth >= MAX_VALUE_DEPTH {
            return Err(de::Error::custom("an op's value is nested too deeply"));
        }
        self.charge(NODE_COST)?;
        let mut out = serde_json::Map::new();
        while let Some(k) = map.next_key::<&'de str>()? {
            self.charge(NODE_COST + k.len())?;
            let v = map.next_value_seed(ValueSeed { budget: &mut *self.budget, depth: self.depth + 1 })?;
            out.insert(k.to_string(), v);
        }
        Ok(Json::Object(out))
    }
}
