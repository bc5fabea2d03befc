//! The `localStorage` lease that stands in for the Web Locks API where a page
//! has none (an S3 website over plain http; see `web::lock`): its stored value,
//! `"<owner> <until, ms since the epoch>"`, written and read here. Pure, so any
//! stored value (another tab's, a crafted one) is tested natively.

/// How long a lease lasts without being released (ms): longer than the longest
/// refresh (one request, given up at its deadline, and the storage writes
/// after it), so a slow holder keeps the lease; a holder that vanished (a
/// closed tab) loses it after this.
pub const LEASE_MS: u64 = 40_000;

/// A lease as stored: who holds it, and until when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    /// The holder's random name.
    pub owner: String,
    /// When it ends (ms since the epoch).
    pub until: u64,
}

impl Lease {
    /// A lease for `owner` taken at `now`.
    pub fn taken(owner: &str, now: u64) -> Self {
        Self {
            owner: owner.to_owned(),
            until: now.saturating_add(LEASE_MS),
        }
    }

    /// The stored form.
    pub fn value(&self) -> String {
        format!("{} {}", self.owner, self.until)
    }

    /// Reads a stored value; `None` for anything that is not one.
    pub fn parse(value: &str) -> Option<Self> {
        let (owner, until) = value.split_once(' ')?;
        if owner.is_empty() || owner.len() > 64 || owner.contains(char::is_whitespace) {
            return None;
        }
        Some(Self {
            owner: owner.to_owned(),
            until: until.parse().ok()?,
        })
    }

    /// Does the stored `value` keep `me` out at `now`? Only a lease of another
    /// holder that is still running does; one that claims to run longer than a
    /// lease can (a crafted or corrupted value) does not, so no stored value
    /// can lock the refresh out.
    pub fn keeps_out(value: Option<&str>, me: &str, now: u64) -> bool {
        value.and_then(Self::parse).is_some_and(|lease| {
            lease.owner != me && lease.until > now && lease.until <= now.saturating_add(LEASE_MS)
        })
    }

    /// Is the stored `value` a lease of `me`?
    pub fn held_by(value: Option<&str>, me: &str) -> bool {
        value
            .and_then(Self::parse)
            .is_some_and(|lease| lease.owner == me)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let l = Lease::taken("a1b2", 1_000);
        assert_eq!(l.value(), "a1b2 41000");
        assert_eq!(Lease::parse(&l.value()), Some(l));
    }

    #[test]
    fn who_is_kept_out() {
        let v = Lease::taken("other", 1_000).value();
        assert!(Lease::keeps_out(Some(&v), "me", 1_000));
        assert!(Lease::keeps_out(Some(&v), "me", 40_999));
        assert!(!Lease::keeps_out(Some(&v), "me", 41_000), "ran out");
        assert!(
            !Lease::keeps_out(Some(&v), "other", 1_000),
            "one's own lease"
        );
        assert!(!Lease::keeps_out(None, "me", 1_000));
        // Crafted: a lease far in the future, or unreadable, keeps nobody out.
        assert!(!Lease::keeps_out(
            Some("other 18446744073709551615"),
            "me",
            1_000
        ));
        for bad in [
            "",
            "other",
            "other -1",
            "other 1e9",
            " 5000",
            "a b 5000",
            "other 5000 ",
        ] {
            assert!(!Lease::keeps_out(Some(bad), "me", 1_000), "{bad:?}");
        }
        assert!(Lease::held_by(Some(&v), "other"));
        assert!(!Lease::held_by(Some(&v), "me"));
    }
}
