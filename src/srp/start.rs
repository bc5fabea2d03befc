//! `A = g^a mod N` in short steps: the page computes it while the user types,
//! a step a task, so that no task is long on a slow phone (one `modpow` of a
//! 256-bit exponent is ~45 ms at a fourth of a laptop's speed; a step is 64
//! squarings, about a fourth of it). Twice the squarings of one `modpow` in all
//! (the bases `g^(2^(64k))` are computed too), but in short tasks, while the
//! page waits for the network anyway. Pure arithmetic, no clock and no
//! randomness of its own. (SRP's table for `g^x` is not used: it is built
//! later, and these steps must stay short whether it is there or not.)

use std::fmt;

use num_bigint::BigUint;
use num_traits::{One, Zero};

use super::math::group;
use super::{SECRET_LEN, SrpClient, SrpError};

/// Bits of the exponent one step takes.
const STEP_BITS: usize = 64;

/// An SRP attempt being started: `A` computed from the lowest of `a`'s 64-bit
/// digits `a_k`, `g^a = Π (g^(2^(64k)))^(a_k)`; a step either multiplies in
/// the next digit's power or moves the base on to the next digit's.
pub struct SrpStart {
    a: BigUint,
    /// `a`'s 64-bit digits, lowest first.
    digits: Vec<u64>,
    /// The next digit's index.
    next: usize,
    /// `g^(2^(64·next)) mod N` (once `base_due` is false).
    base: BigUint,
    /// The base is still that of the previous digit.
    base_due: bool,
    /// `g^(a mod 2^(64·next)) mod N`.
    product: BigUint,
}

/// `a` is the secret exponent: never printed.
impl fmt::Debug for SrpStart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SrpStart")
            .field("a", &"<redacted>")
            .field("next", &self.next)
            .finish_non_exhaustive()
    }
}

impl SrpStart {
    /// Starts from `secret` (CSPRNG bytes, at least [`SECRET_LEN`]).
    ///
    /// # Errors
    /// [`SrpError::SecretTooShort`] for fewer than 32 bytes.
    pub fn new(secret: &[u8]) -> Result<Self, SrpError> {
        if secret.len() < SECRET_LEN {
            return Err(SrpError::SecretTooShort);
        }
        let a = BigUint::from_bytes_be(secret);
        Ok(Self {
            digits: a.to_u64_digits(),
            a,
            next: 0,
            base: group().g.clone(),
            base_due: false,
            product: BigUint::one(),
        })
    }

    /// Takes the next step (one `modpow` with a 64-bit or a 65-bit exponent):
    /// `None` while there are more, then the client.
    ///
    /// # Errors
    /// [`SrpError::ZeroA`] if `A` would be zero.
    pub fn step(&mut self) -> Option<Result<SrpClient, SrpError>> {
        let n = &group().n;
        if self.base_due {
            self.base = self.base.modpow(&(BigUint::one() << STEP_BITS), n);
            self.base_due = false;
            return None;
        }
        if let Some(&digit) = self.digits.get(self.next) {
            self.product = (&self.product * self.base.modpow(&BigUint::from(digit), n)) % n;
            self.next += 1;
            if self.next < self.digits.len() {
                self.base_due = true;
                return None;
            }
        }
        let a_pub = std::mem::take(&mut self.product);
        if a_pub.is_zero() {
            return Some(Err(SrpError::ZeroA));
        }
        Some(Ok(SrpClient {
            a: std::mem::take(&mut self.a),
            a_pub,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every step to the end; the number of steps taken.
    fn run(secret: &[u8]) -> (Result<SrpClient, SrpError>, usize) {
        let mut start = SrpStart::new(secret).unwrap();
        let mut steps = 1;
        loop {
            if let Some(done) = start.step() {
                return (done, steps);
            }
            steps += 1;
        }
    }

    #[test]
    fn stepped_a_is_g_to_the_a() {
        let grp = group();
        for (i, len) in [32usize, 33, 40, 64].into_iter().enumerate() {
            // A fixed pseudo-random secret, top bits set and not, per length.
            let secret: Vec<u8> = (0..len)
                .map(|j| (j * 151 + i * 97 + 13) as u8 ^ 0x5a)
                .collect();
            let (client, steps) = run(&secret);
            let a = BigUint::from_bytes_be(&secret);
            let client = client.unwrap();
            assert_eq!(client.public(), &grp.g.modpow(&a, &grp.n), "{len} bytes");
            // A digit's power, and the next base between digits.
            assert_eq!(steps, 2 * a.to_u64_digits().len() - 1, "{len} bytes");
            assert_eq!(client.srp_a(), SrpClient::new(&secret).unwrap().srp_a());
        }
    }

    #[test]
    fn a_secret_of_zeros_gives_a_of_one_and_short_secrets_are_refused() {
        // a = 0: no digits, g^0 = 1 (not zero: a valid if useless A).
        let (client, _) = run(&[0u8; 32]);
        assert_eq!(client.unwrap().srp_a(), "1");
        assert_eq!(
            SrpStart::new(&[1u8; 31]).unwrap_err(),
            SrpError::SecretTooShort
        );
        assert!(!format!("{:?}", SrpStart::new(&[7u8; 32]).unwrap()).contains("7"));
    }
}
