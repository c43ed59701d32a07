//! The next version of `halopsa` after a change, by Cargo's semver rules, and whether a
//! version bump covers a change ([`Bump`]). Versions are parsed and compared by the
//! `semver` crate (the one Cargo uses).

use super::change::Semver;
use serde::Serialize;

/// A version that is not semver (`x.y.z`, an optional pre-release and build).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a semver version (x.y.z): {reason}")]
pub struct VersionError {
    /// The text given.
    pub text: String,
    /// What is wrong with it.
    pub reason: String,
}

fn parse(text: &str) -> Result<semver::Version, VersionError> {
    semver::Version::parse(text.trim()).map_err(|e| VersionError {
        text: text.to_owned(),
        reason: e.to_string(),
    })
}

/// [`next_version`], on a parsed version.
fn next(v: &semver::Version, level: Option<Semver>) -> semver::Version {
    let (x, y, z) = (v.major, v.minor, v.patch);
    let (x, y, z) = match (x, y, level) {
        (_, _, None) => (x, y, z),
        (0, 0, Some(_)) => (0, 0, z + 1),
        (0, _, Some(Semver::Major)) => (0, y + 1, 0),
        (0, _, Some(_)) => (0, y, z + 1),
        (_, _, Some(Semver::Major)) => (x + 1, 0, 0),
        (_, _, Some(Semver::Minor)) => (x, y + 1, 0),
        (_, _, Some(Semver::Patch)) => (x, y, z + 1),
    };
    semver::Version::new(x, y, z)
}

/// The version after a change of the given level, by Cargo's semver rules: for `0.0.z`
/// every change bumps `z`; for `0.y.z` a major change bumps `y`, a minor or patch change
/// `z`; from `1.0.0` on, major bumps `x`, minor `y`, patch `z`. `None` (no change) keeps
/// the version. A pre-release or build suffix is dropped.
pub fn next_version(current: &str, level: Option<Semver>) -> Result<String, VersionError> {
    Ok(next(&parse(current)?, level).to_string())
}

/// The version bump of a pull request against what its change needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bump {
    /// The version at the base.
    pub base: String,
    /// The version in the pull request.
    pub head: String,
    /// The lowest version that covers the change: [`next_version`] of `base`.
    pub needed: String,
    /// Whether `head` covers the change: no change, or `head` at least `needed`.
    pub enough: bool,
}

impl Bump {
    /// Compares the bump from `base` to `head` with a change of `level`.
    pub fn check(base: &str, head: &str, level: Option<Semver>) -> Result<Bump, VersionError> {
        let (b, h) = (parse(base)?, parse(head)?);
        let needed = next(&b, level);
        Ok(Bump {
            base: b.to_string(),
            head: h.to_string(),
            needed: needed.to_string(),
            enough: level.is_none() || h >= needed,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_follow_cargo() {
        let next = |v, l| next_version(v, l).unwrap();
        assert_eq!(next("0.1.0", Some(Semver::Major)), "0.2.0");
        assert_eq!(next("0.1.0", Some(Semver::Minor)), "0.1.1");
        assert_eq!(next("0.1.3", Some(Semver::Patch)), "0.1.4");
        assert_eq!(next("0.0.3", Some(Semver::Minor)), "0.0.4");
        assert_eq!(next("1.2.3", Some(Semver::Major)), "2.0.0");
        assert_eq!(next("1.2.3", Some(Semver::Minor)), "1.3.0");
        assert_eq!(next("1.2.3", Some(Semver::Patch)), "1.2.4");
        assert_eq!(next("0.1.0", None), "0.1.0");
        assert_eq!(next("0.3.0-beta.1", Some(Semver::Patch)), "0.3.1");
        assert_eq!(next("1.0.0+build.5", Some(Semver::Minor)), "1.1.0");
        assert!(next_version("one", None).is_err());
        assert!(next_version("1.2", None).is_err());
    }

    #[test]
    fn a_bump_covers_a_change_up_to_its_level() {
        let enough = |b, h, l| Bump::check(b, h, l).unwrap().enough;
        // 0.y.z: y for a major change, z for the rest.
        assert!(!enough("0.1.0", "0.1.0", Some(Semver::Patch)));
        assert!(enough("0.1.0", "0.1.1", Some(Semver::Minor)));
        assert!(!enough("0.1.0", "0.1.1", Some(Semver::Major)));
        assert!(enough("0.1.0", "0.2.0", Some(Semver::Major)));
        assert!(enough("0.1.0", "1.0.0", Some(Semver::Major)));
        // From 1.0.0: minor needs y.
        assert!(!enough("1.2.3", "1.2.4", Some(Semver::Minor)));
        assert!(enough("1.2.3", "1.3.0", Some(Semver::Minor)));
        // A pre-release of the needed version is below it.
        assert!(!enough("1.2.3", "2.0.0-rc.1", Some(Semver::Major)));
        // No change needs no bump.
        assert!(enough("0.1.0", "0.1.0", None));
        let bump = Bump::check("0.1.0", "0.1.0", Some(Semver::Major)).unwrap();
        assert_eq!(bump.needed, "0.2.0");
        assert!(Bump::check("0.1.0", "x", None).is_err());
    }
}
