//! Names and references: the checks every handle runs before sending a request.
//!
//! Ververica Platform has two naming rules ([`NameScheme`]):
//!
//! - [`NameScheme::Dns`]: 1–63 characters of `[-0-9a-z]`, not starting or ending with `-`
//!   (namespaces and every kind except the two below);
//! - [`NameScheme::Extended`]: 1–250 characters of `[0-9a-zA-Z_-]` (DeploymentTarget,
//!   SecretValue).
//!
//! A name that breaks its rule is rejected with [`Error::InvalidName`] and nothing is sent.

use crate::error::{Error, InvalidNameReason, Result};
use crate::resource::{Addressing, NameScheme, Resource};
use std::fmt;
use uuid::Uuid;

/// A validated resource name.
///
/// ```
/// use vvp::{Name, NameScheme};
///
/// let name = Name::new("my-deployment", NameScheme::Dns, "Deployment")?;
/// assert_eq!(name.as_str(), "my-deployment");
/// assert!(Name::validate("My_Deployment", NameScheme::Dns, "Deployment").is_err());
/// assert!(Name::validate("My_Target", NameScheme::Extended, "DeploymentTarget").is_ok());
/// # Ok::<(), vvp::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Name(String);

impl Name {
    /// Check `name` against `scheme`, then wrap it.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`] naming `kind` and the broken rule.
    pub fn new(name: impl Into<String>, scheme: NameScheme, kind: &'static str) -> Result<Self> {
        let name = name.into();
        Self::validate(&name, scheme, kind)?;
        Ok(Name(name))
    }

    /// Check `name` against `scheme` without allocating.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`] naming `kind` and the broken rule: empty, too long (with
    /// the limit), an invalid character (which, and where), a leading or trailing hyphen.
    pub fn validate(name: &str, scheme: NameScheme, kind: &'static str) -> Result<()> {
        check(name, scheme).map_err(|reason| Error::InvalidName {
            name: name.to_owned(),
            kind,
            reason,
        })
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name as a `String`.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<Name> for String {
    fn from(n: Name) -> String {
        n.0
    }
}

fn check(name: &str, scheme: NameScheme) -> std::result::Result<(), InvalidNameReason> {
    if scheme == NameScheme::Identifier {
        return if name.is_empty() {
            Err(InvalidNameReason::Empty)
        } else {
            Ok(())
        };
    }
    let (max, allowed, ok): (usize, &'static str, fn(char) -> bool) = match scheme {
        NameScheme::Dns => (63, "[-0-9a-z]", |c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'
        }),
        _ => (250, "[0-9a-zA-Z_-]", |c| {
            c.is_ascii_alphanumeric() || c == '-' || c == '_'
        }),
    };
    if name.is_empty() {
        return Err(InvalidNameReason::Empty);
    }
    if let Some((position, ch)) = name.chars().enumerate().find(|(_, c)| !ok(*c)) {
        return Err(InvalidNameReason::InvalidChar {
            ch,
            position,
            allowed,
        });
    }
    let len = name.chars().count();
    if len > max {
        return Err(InvalidNameReason::TooLong { len, max });
    }
    if scheme == NameScheme::Dns {
        if name.starts_with('-') {
            return Err(InvalidNameReason::LeadingHyphen);
        }
        if name.ends_with('-') {
            return Err(InvalidNameReason::TrailingHyphen);
        }
    }
    Ok(())
}

/// Validate a namespace name (the [`NameScheme::Dns`] rule, kind `"Namespace"`).
pub(crate) fn validate_namespace(ns: &str) -> Result<()> {
    Name::validate(ns, NameScheme::Dns, "Namespace")
}

/// Check a Platform namespace name (the 63-character rule); a fully-qualified
/// `namespaces/<n>` is rejected with a reason naming the short form.
pub(crate) fn check_namespace(ns: &str) -> Result<()> {
    check_short(ns, "Namespace")
}

/// Check a short Platform resource name against the 63-character rule. A fully-qualified
/// name (`namespaces/x/apitokens/y`) gets a reason that says to pass the short name instead.
pub(crate) fn check_short(name: &str, kind: &'static str) -> Result<()> {
    if name.contains('/') {
        let short = name.rsplit('/').next().unwrap_or_default();
        if name.starts_with("namespaces/") && !short.is_empty() {
            return Err(Error::InvalidName {
                name: name.to_owned(),
                kind,
                reason: InvalidNameReason::FullyQualified {
                    short: short.to_owned(),
                },
            });
        }
    }
    Name::validate(name, NameScheme::Dns, kind)
}

/// Check a short Platform name: [`check_short`] for the DNS rule, else the kind's rule.
pub(crate) fn check_platform_name(
    name: &str,
    scheme: NameScheme,
    kind: &'static str,
) -> Result<()> {
    match scheme {
        NameScheme::Dns => check_short(name, kind),
        _ => Name::validate(name, scheme, kind),
    }
}

/// A reference to one object: its name or its id (a UUID).
///
/// Strings convert with [`From`]: a string in the hyphenated UUID form
/// (`8-4-4-4-12` hex digits) is an id, anything else a name.
///
/// ```
/// use vvp::Ref;
///
/// assert!(matches!(Ref::from("my-deployment"), Ref::Name(_)));
/// assert!(matches!(Ref::from("5b0c4f3e-1d2a-4c3b-9f6e-0a1b2c3d4e5f"), Ref::Id(_)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Ref {
    /// `metadata.name`.
    Name(String),
    /// `metadata.id`.
    Id(Uuid),
}

impl Ref {
    /// The URL path segment for kind `K`, validated.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`] if the name breaks `K`'s rule, or if `K` is addressed by id
    /// only and this is a name.
    pub(crate) fn segment_for<K: Resource>(&self) -> Result<String> {
        match self {
            // A kind addressed by name only has no ids: a UUID (given as one, or parsed from a
            // UUID-shaped string) is a valid name of it and is sent as that name.
            Ref::Id(id) if K::ADDRESSING == Addressing::NameOnly => {
                Ref::Name(id.hyphenated().to_string()).segment_for::<K>()
            }
            Ref::Id(id) => Ok(id.hyphenated().to_string()),
            Ref::Name(name) if K::QUALIFIED_NAMES => {
                check_platform_name(name, K::NAME_SCHEME, K::KIND)?;
                Ok(name.clone())
            }
            Ref::Name(name) => {
                if K::ADDRESSING == Addressing::IdOnly {
                    return Err(Error::InvalidName {
                        name: name.clone(),
                        kind: K::KIND,
                        reason: InvalidNameReason::NotAnId,
                    });
                }
                Name::validate(name, K::NAME_SCHEME, K::KIND)?;
                Ok(name.clone())
            }
        }
    }
}

impl fmt::Display for Ref {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ref::Name(n) => f.write_str(n),
            Ref::Id(id) => write!(f, "{}", id.hyphenated()),
        }
    }
}

fn parse_ref(s: &str) -> Option<Uuid> {
    // Only the hyphenated form counts: a 32-hex-digit string is also a valid name.
    if s.len() == 36 && s.as_bytes().get(8) == Some(&b'-') {
        Uuid::try_parse(s).ok()
    } else {
        None
    }
}

impl From<&str> for Ref {
    fn from(s: &str) -> Self {
        parse_ref(s).map_or_else(|| Ref::Name(s.to_owned()), Ref::Id)
    }
}

impl From<String> for Ref {
    fn from(s: String) -> Self {
        parse_ref(&s).map_or(Ref::Name(s), Ref::Id)
    }
}

impl From<&String> for Ref {
    fn from(s: &String) -> Self {
        Ref::from(s.as_str())
    }
}

impl From<Uuid> for Ref {
    fn from(id: Uuid) -> Self {
        Ref::Id(id)
    }
}

impl From<&Uuid> for Ref {
    fn from(id: &Uuid) -> Self {
        Ref::Id(*id)
    }
}

impl From<Name> for Ref {
    fn from(n: Name) -> Self {
        Ref::Name(n.0)
    }
}

impl From<&Name> for Ref {
    fn from(n: &Name) -> Self {
        Ref::Name(n.0.clone())
    }
}

impl From<&Ref> for Ref {
    fn from(r: &Ref) -> Self {
        r.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(name: &str, scheme: NameScheme) -> Option<InvalidNameReason> {
        check(name, scheme).err()
    }

    #[test]
    fn dns_rule() {
        assert_eq!(reason(&"a".repeat(63), NameScheme::Dns), None);
        assert_eq!(
            reason(&"a".repeat(64), NameScheme::Dns),
            Some(InvalidNameReason::TooLong { len: 64, max: 63 })
        );
        assert_eq!(reason("", NameScheme::Dns), Some(InvalidNameReason::Empty));
        assert_eq!(
            reason("-a", NameScheme::Dns),
            Some(InvalidNameReason::LeadingHyphen)
        );
        assert_eq!(
            reason("a-", NameScheme::Dns),
            Some(InvalidNameReason::TrailingHyphen)
        );
        assert!(matches!(
            reason("aB", NameScheme::Dns),
            Some(InvalidNameReason::InvalidChar {
                ch: 'B',
                position: 1,
                ..
            })
        ));
        assert!(matches!(
            reason("a_b", NameScheme::Dns),
            Some(InvalidNameReason::InvalidChar { ch: '_', .. })
        ));
        assert_eq!(reason("0-a-9", NameScheme::Dns), None);
    }

    #[test]
    fn extended_rule() {
        assert_eq!(reason(&"A".repeat(250), NameScheme::Extended), None);
        assert_eq!(
            reason(&"A".repeat(251), NameScheme::Extended),
            Some(InvalidNameReason::TooLong { len: 251, max: 250 })
        );
        assert_eq!(reason("-My_Target-", NameScheme::Extended), None);
        assert!(matches!(
            reason("a.b", NameScheme::Extended),
            Some(InvalidNameReason::InvalidChar { ch: '.', .. })
        ));
        assert!(matches!(
            reason("a/b", NameScheme::Extended),
            Some(InvalidNameReason::InvalidChar { ch: '/', .. })
        ));
    }

    #[test]
    fn refs() {
        let id = "5b0c4f3e-1d2a-4c3b-9f6e-0a1b2c3d4e5f";
        assert!(matches!(Ref::from(id), Ref::Id(_)));
        assert!(matches!(Ref::from(id.to_uppercase()), Ref::Id(_)));
        assert!(matches!(
            Ref::from("5b0c4f3e1d2a4c3b9f6e0a1b2c3d4e5f"),
            Ref::Name(_)
        ));
        assert_eq!(Ref::from(id).to_string(), id);
    }
}
