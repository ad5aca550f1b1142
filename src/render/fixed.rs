//! Numbers with a fixed count of decimals, as `format!("{:.2}", v)` writes
//! them, without its exact decimal expansion of every value: charts write
//! thousands of coordinates a page, and figures are formatted in every table.
//!
//! The value is scaled by 10ⁿ in floating point and rounded to an integer.
//! The product is within half a unit in the last place of the exact one, so
//! the rounding is the exact one's unless the product lies that close to
//! a half; those values (exact ties such as 0.25 among them, where the
//! standard library rounds half to even) and values too large for the
//! integer are left to the standard library.

use std::fmt;

/// Decimals up to which the fast path is taken.
const MAX_DECIMALS: usize = 9;

/// Above this scaled magnitude the integer and the margin lose precision.
const MAX_SCALED: f64 = (1u64 << 50) as f64;

/// `value` with `decimals` digits after the point, appended to `out`:
/// the same text as `format!("{value:.decimals$}")`.
pub fn push_fixed(out: &mut String, value: f64, decimals: usize) {
    let mut buf = [0u8; 40];
    match fast(value, decimals, &mut buf) {
        // Only ASCII digits, a sign and a point are written.
        Some(len) => out.push_str(std::str::from_utf8(&buf[..len]).unwrap_or_default()),
        None => {
            use std::fmt::Write as _;
            let _ = write!(out, "{value:.decimals$}");
        }
    }
}

/// `value` with `decimals` digits after the point (see [`push_fixed`]).
pub fn fixed(value: f64, decimals: usize) -> String {
    let mut out = String::with_capacity(24);
    push_fixed(&mut out, value, decimals);
    out
}

/// A value that displays with one decimal, as `{:.1}` does (any width or
/// flags of the format are ignored).
#[derive(Debug, Clone, Copy)]
pub struct Fixed1(pub f64);

/// A value that displays with two decimals, as `{:.2}` does.
#[derive(Debug, Clone, Copy)]
pub struct Fixed2(pub f64);

impl fmt::Display for Fixed1 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        display(self.0, 1, f)
    }
}

impl fmt::Display for Fixed2 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        display(self.0, 2, f)
    }
}

fn display(value: f64, decimals: usize, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let mut buf = [0u8; 40];
    match fast(value, decimals, &mut buf) {
        Some(len) => f.write_str(std::str::from_utf8(&buf[..len]).unwrap_or_default()),
        None => write!(f, "{value:.decimals$}"),
    }
}

/// Writes `value` into `buf` and returns its length, or `None` where the
/// standard library must decide (not finite, too large, near a tie).
fn fast(value: f64, decimals: usize, buf: &mut [u8; 40]) -> Option<usize> {
    if !value.is_finite() || decimals > MAX_DECIMALS {
        return None;
    }
    const POW10: [f64; MAX_DECIMALS + 1] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
    let scaled = value.abs() * POW10[decimals];
    if scaled >= MAX_SCALED {
        return None;
    }
    let frac = scaled - scaled.floor();
    // The product's error is at most half an ulp (|scaled| · 2⁻⁵³); twice
    // that, and a floor for subnormals, is kept clear of the half.
    let margin = scaled * f64::EPSILON + f64::MIN_POSITIVE;
    if (frac - 0.5).abs() <= margin {
        return None;
    }
    let q = scaled.round() as u64;
    // Digits from the right: the decimals, the point, the integer part.
    let mut digits = [0u8; 40];
    let mut n = 0;
    let mut rest = q;
    for _ in 0..decimals {
        digits[n] = b'0' + (rest % 10) as u8;
        rest /= 10;
        n += 1;
    }
    if decimals > 0 {
        digits[n] = b'.';
        n += 1;
    }
    loop {
        digits[n] = b'0' + (rest % 10) as u8;
        rest /= 10;
        n += 1;
        if rest == 0 {
            break;
        }
    }
    // The standard library keeps the sign of a negative value, even of
    // one that rounds to zero, and of -0.0.
    let mut len = 0;
    if value.is_sign_negative() {
        buf[0] = b'-';
        len = 1;
    }
    for d in digits[..n].iter().rev() {
        buf[len] = *d;
        len += 1;
    }
    Some(len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(v: f64) {
        for d in 0..=MAX_DECIMALS + 1 {
            let want = format!("{v:.d$}");
            assert_eq!(fixed(v, d), want, "{v:e} to {d} decimals");
        }
        assert_eq!(Fixed1(v).to_string(), format!("{v:.1}"), "{v:e}");
        assert_eq!(Fixed2(v).to_string(), format!("{v:.2}"), "{v:e}");
    }

    #[test]
    fn writes_what_the_standard_library_writes() {
        for v in [
            0.0,
            -0.0,
            0.05,
            -0.05,
            0.25,
            -0.25,
            0.15,
            0.35,
            0.45,
            0.5,
            1.5,
            2.5,
            -2.5,
            0.125,
            0.375,
            1.005,
            2.675,
            0.01,
            -0.01,
            -0.04,
            0.049999999999999996,
            0.9999999999999999,
            9.95,
            99.95,
            999.9999999,
            123456.789,
            -53677.5,
            1e15,
            1.5e15,
            4503599627370495.5,
            9007199254740993.0,
            1e20,
            -1e300,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            check(v);
        }
        // Every hundredth and thousandth, and their halves (ties and near-ties).
        for i in -5_000i32..=5_000 {
            check(f64::from(i) / 100.0);
            check(f64::from(i) / 1000.0);
            check(f64::from(i) / 20.0 + 0.025);
        }
        // Pseudo-random values over many magnitudes (a fixed xorshift).
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let bits = f64::from_bits(x);
            if bits.is_finite() {
                check(bits);
            }
            let scale = 10f64.powi((x % 24) as i32 - 8);
            let v = (x >> 11) as f64 / (1u64 << 53) as f64 * scale;
            check(v);
            check(-v);
        }
    }

    #[test]
    fn leaves_only_ties_and_the_very_large_to_the_standard_library() {
        let mut buf = [0u8; 40];
        for v in [0.0, -0.0, 0.07, 1.005, 123.456, -53677.5, 312.34999, 1e12] {
            assert!(fast(v, 1, &mut buf).is_some(), "{v}");
        }
        for (v, d) in [(0.25, 1), (2.5, 0), (0.125, 2), (1e16, 1), (f64::NAN, 1)] {
            assert!(fast(v, d, &mut buf).is_none(), "{v} to {d}");
        }
    }
}
