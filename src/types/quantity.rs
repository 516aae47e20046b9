//! [`Quantity`]: a CPU or memory amount, a number or a string (declared replacement of
//! `ResourceSpec.cpu` and `ResourceSpec.memory`).

use std::fmt;

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// A CPU or memory amount as the server sent it: a number (`1`, `0.5`) or a string
/// (`"1g"`, `"2G"`, `"500m"`). The server answers with either depending on the operation,
/// so the form received is kept and written back unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Quantity {
    /// A JSON number.
    Number(serde_json::Number),
    /// A string such as `"1g"`.
    String(String),
}

impl Quantity {
    /// The value as `f64`, if it is a number or a string holding a plain number.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Quantity::Number(n) => n.as_f64(),
            Quantity::String(s) => s.trim().parse().ok(),
        }
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Quantity::Number(n) => fmt::Display::fmt(n, f),
            Quantity::String(s) => f.write_str(s),
        }
    }
}

impl From<f64> for Quantity {
    /// A number; NaN and infinities (not valid JSON) become strings.
    fn from(v: f64) -> Self {
        match serde_json::Number::from_f64(v) {
            Some(n) => Quantity::Number(n),
            None => Quantity::String(v.to_string()),
        }
    }
}

macro_rules! quantity_from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Quantity {
            fn from(v: $t) -> Self {
                Quantity::Number(v.into())
            }
        }
    )*};
}
quantity_from_int!(i32, i64, u32, u64);

impl From<&str> for Quantity {
    fn from(v: &str) -> Self {
        Quantity::String(v.to_owned())
    }
}

impl From<String> for Quantity {
    fn from(v: String) -> Self {
        Quantity::String(v)
    }
}

impl Serialize for Quantity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Quantity::Number(n) => n.serialize(serializer),
            Quantity::String(s) => serializer.serialize_str(s),
        }
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Quantity;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number or a string such as \"1g\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Quantity, E> {
                Ok(Quantity::String(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Quantity, E> {
                Ok(Quantity::String(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Quantity, E> {
                Ok(Quantity::Number(v.into()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Quantity, E> {
                Ok(Quantity::Number(v.into()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Quantity, E> {
                serde_json::Number::from_f64(v)
                    .map(Quantity::Number)
                    .ok_or_else(|| E::custom("quantity is not a finite number"))
            }
        }
        deserializer.deserialize_any(V)
    }
}
