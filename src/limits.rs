//! Limits checked before untrusted text reaches a parser.
//!
//! A leaf module: it imports nothing from the crate, so the error mapping
//! ([`crate::error`]), the formats ([`crate::format`]) and the manifest readers can all
//! use it.

/// The error of a refused input (the same shape as `crate::error::BoxError`).
pub(crate) type LimitError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The deepest `[`/`{` nesting YAML text may have; deeper text is rejected before it
/// reaches the parser. The YAML deserializer refuses anything deeper than 128 levels
/// anyway, but only after its scanner has read the whole text, and that scanner's work
/// grows with the square of the nesting depth (a 64 KiB body of `{a: {a: ...` takes
/// seconds). Counting brackets is linear.
pub(crate) const MAX_YAML_FLOW_DEPTH: usize = 128;

/// How many values YAML text may expand to through aliases: this many, plus ten per byte
/// of text. `a: &a [x, x, ..]` followed by `b: [*a, *a, ..]` expands quadratically (the
/// YAML deserializer limits alias *jumps*, not the values they repeat), so 1 MB of text
/// could otherwise cost minutes and gigabytes.
pub(crate) const YAML_EXPANSION_BASE: usize = 10_000;

/// `Err` if `bytes` is YAML that would be too costly to decode: flow collections (`[`,
/// `{`) nested deeper than [`MAX_YAML_FLOW_DEPTH`], or aliases that expand to more than
/// [`YAML_EXPANSION_BASE`] + 10 values per byte. Cheap for text without `*` (no aliases).
///
/// Brackets are counted everywhere, quoted text included: the depth check can
/// over-count, never under-count, and only refuses text with more than 128 unclosed
/// brackets. Other problems (syntax errors) are left to the real decoder.
pub(crate) fn check_yaml(bytes: &[u8]) -> std::result::Result<(), LimitError> {
    let mut depth = 0usize;
    for &b in bytes {
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_YAML_FLOW_DEPTH {
                    return Err(
                        format!("YAML nested deeper than {MAX_YAML_FLOW_DEPTH} levels").into(),
                    );
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if !bytes.contains(&b'*') {
        return Ok(());
    }
    let budget = std::cell::Cell::new(YAML_EXPANSION_BASE.saturating_add(bytes.len() * 10));
    for doc in serde_yaml::Deserializer::from_slice(bytes) {
        let counted = serde::de::DeserializeSeed::deserialize(Count(&budget), doc);
        if budget.get() == 0 {
            return Err("YAML aliases expand to too many values".into());
        }
        if counted.is_err() {
            // A syntax or alias error: the real decoder stops there too and reports it.
            // (After a syntax error the document iterator does not end.)
            break;
        }
    }
    Ok(())
}

/// Counts the values of a document against a budget; fails when it runs out.
#[derive(Clone, Copy)]
struct Count<'a>(&'a std::cell::Cell<usize>);

impl Count<'_> {
    fn take<E: serde::de::Error>(self) -> std::result::Result<(), E> {
        match self.0.get() {
            0 => Err(E::custom("expansion budget exhausted")),
            n => {
                self.0.set(n - 1);
                Ok(())
            }
        }
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Count<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Count<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> std::result::Result<(), E> {
        self.take()
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> std::result::Result<(), E> {
        self.take()
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> std::result::Result<(), E> {
        self.take()
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> std::result::Result<(), E> {
        self.take()
    }
    fn visit_str<E: serde::de::Error>(self, _: &str) -> std::result::Result<(), E> {
        self.take()
    }
    fn visit_i128<E: serde::de::Error>(self, _: i128) -> std::result::Result<(), E> {
        self.take()
    }
    fn visit_u128<E: serde::de::Error>(self, _: u128) -> std::result::Result<(), E> {
        self.take()
    }
    fn visit_bytes<E: serde::de::Error>(self, _: &[u8]) -> std::result::Result<(), E> {
        self.take()
    }
    fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<(), E> {
        self.take()
    }
    fn visit_newtype_struct<D: serde::Deserializer<'de>>(
        self,
        d: D,
    ) -> std::result::Result<(), D::Error> {
        self.take()?;
        d.deserialize_any(self)
    }
    fn visit_none<E: serde::de::Error>(self) -> std::result::Result<(), E> {
        self.take()
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        self.take()?;
        d.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<(), A::Error> {
        self.take()?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<(), A::Error> {
        self.take()?;
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(())
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(
        self,
        data: A,
    ) -> std::result::Result<(), A::Error> {
        self.take()?;
        let ((), variant) = data.variant_seed(self)?;
        serde::de::VariantAccess::newtype_variant_seed(variant, self)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// YAML whose `n` aliases each expand an `n`-element list: `n * n` values (also used by
    /// `format`'s decode tests).
    pub(crate) fn quadratic(n: usize) -> String {
        format!(
            "a: &a [{}]\nb: [{}]\n",
            vec!["x"; n].join(", "),
            vec!["*a"; n].join(", ")
        )
    }

    #[test]
    fn yaml_bombs_are_refused_before_decoding() {
        // 3,000 x 3,000 = 9 million values from 24 KB of text.
        assert!(check_yaml(quadratic(3000).as_bytes()).is_err());
        assert!(check_yaml("[".repeat(129).as_bytes()).is_err());
    }

    #[test]
    fn ordinary_yaml_passes() {
        assert!(check_yaml(quadratic(50).as_bytes()).is_ok());
        assert!(check_yaml("[".repeat(128).as_bytes()).is_ok());
        let manifest = "base: &base {parallelism: 2}\nspec: {template: {spec: *base}}\n\
                        sql: 'SELECT * FROM t'\nbad: [unclosed\n";
        assert!(check_yaml(manifest.as_bytes()).is_ok());
    }
}
