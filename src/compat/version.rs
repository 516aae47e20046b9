//! Server versions and the range this crate is tested against.

use std::fmt;

/// A Ververica Platform version, `major.minor.patch` plus whatever follows (`-fake`,
/// `-SNAPSHOT`, `+build`). Ordered by the numbers only.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Version {
    /// Major version (`2`).
    pub major: u32,
    /// Minor version (`15`).
    pub minor: u32,
    /// Patch version (`8`); `0` when the string has none.
    pub patch: u32,
    /// What followed the numbers (`"-SNAPSHOT"`), empty for none.
    pub suffix: String,
}

impl Version {
    /// A version from its numbers.
    pub const fn new(major: u32, minor: u32, patch: u32) -> Version {
        Version {
            major,
            minor,
            patch,
            suffix: String::new(),
        }
    }

    /// Reads `2.7.1`, `v2.10`, `2.15.8-SNAPSHOT`, ` 2.4.3 `; `None` for anything without a
    /// `major.minor` at its start (`"unknown"`, `""`, `"2"`), or numbers that overflow.
    /// Never panics.
    pub fn parse(s: &str) -> Option<Version> {
        let s = s.trim();
        let s = s
            .strip_prefix('v')
            .or_else(|| s.strip_prefix('V'))
            .unwrap_or(s);
        let mut numbers = [0u32; 3];
        let mut count = 0;
        let mut rest = s;
        while count < 3 {
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            if digits == 0 {
                break;
            }
            let (num, after) = rest.split_at(digits);
            let slot = numbers.get_mut(count)?;
            *slot = num.parse().ok()?;
            count += 1;
            rest = after;
            match rest.strip_prefix('.') {
                Some(r) if count < 3 && r.starts_with(|c: char| c.is_ascii_digit()) => rest = r,
                _ => break,
            }
        }
        if count < 2 {
            return None;
        }
        let [major, minor, patch] = numbers;
        Some(Version {
            major,
            minor,
            patch,
            suffix: rest.to_owned(),
        })
    }

    fn key(&self) -> (u32, u32, u32) {
        (self.major, self.minor, self.patch)
    }

    /// Whether this version lies in [`TESTED_VERSIONS`].
    pub fn is_tested(&self) -> bool {
        TESTED_VERSIONS.contains(self)
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key()
            .cmp(&other.key())
            .then_with(|| self.suffix.cmp(&other.suffix))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}.{}.{}{}",
            self.major, self.minor, self.patch, self.suffix
        )
    }
}

impl std::str::FromStr for Version {
    type Err = crate::Error;

    fn from_str(s: &str) -> crate::Result<Version> {
        Version::parse(s).ok_or_else(|| crate::Error::Config(format!("not a version: {s:?}")))
    }
}

/// An inclusive range of minor versions: `first.x` through `last.x`, any patch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VersionRange {
    /// First `(major, minor)` in the range.
    pub first: (u32, u32),
    /// Last `(major, minor)` in the range (every patch of it included).
    pub last: (u32, u32),
}

impl VersionRange {
    /// Whether `v` lies in the range (the suffix is ignored).
    pub fn contains(&self, v: &Version) -> bool {
        let mm = (v.major, v.minor);
        self.first <= mm && mm <= self.last
    }
}

impl fmt::Display for VersionRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}.{}.x-{}.{}.x",
            self.first.0, self.first.1, self.last.0, self.last.1
        )
    }
}

/// The VVP versions this crate is tested against: 2.4.x through 2.15.x.
///
/// The evidence: the test suite reads the real API documents of VVP 2.4.3 and 2.7.1 (the
/// generator and the compatibility report run over them); `specs/` describes 2.7.1 plus
/// what Ververica's documentation and public clients describe up to 2.15 (resource usage
/// report, `deployments/with-cr`, stop with drain, the savepoint format of 2.15.8). Before
/// 2.4 deployments were addressed by id only and there were no session clusters, so many
/// verbs do not work; 3.x is a different product line.
pub const TESTED_VERSIONS: VersionRange = VersionRange {
    first: (2, 4),
    last: (2, 15),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_servers_send_and_rejects_the_rest() {
        let v = Version::parse("2.7.1").unwrap();
        assert_eq!(
            (v.major, v.minor, v.patch, v.suffix.as_str()),
            (2, 7, 1, "")
        );
        assert_eq!(Version::parse("v2.10").unwrap(), Version::new(2, 10, 0));
        let v = Version::parse(" 2.15.8-SNAPSHOT ").unwrap();
        assert_eq!((v.minor, v.patch, v.suffix.as_str()), (15, 8, "-SNAPSHOT"));
        assert_eq!(Version::parse("2.7.1-fake").unwrap().suffix, "-fake");
        assert_eq!(Version::parse("2.7.1.4").unwrap().suffix, ".4");
        for bad in [
            "",
            "2",
            "unknown",
            ".1.2",
            "2.",
            "99999999999.1",
            "-2.1",
            "².1",
        ] {
            assert_eq!(Version::parse(bad), None, "{bad:?}");
        }
        assert!("nope".parse::<Version>().is_err());
    }

    #[test]
    fn the_tested_range() {
        let tested = |s: &str| Version::parse(s).unwrap().is_tested();
        assert!(tested("2.4.0"));
        assert!(tested("2.7.1"));
        assert!(tested("2.15.8"));
        assert!(!tested("2.3.9"));
        assert!(!tested("2.16.0"));
        assert!(!tested("3.0.0"));
        assert_eq!(TESTED_VERSIONS.to_string(), "2.4.x-2.15.x");
        assert!(Version::new(2, 10, 1) < Version::new(2, 10, 2));
        assert!(Version::new(2, 9, 9) < Version::new(2, 10, 0));
    }
}
