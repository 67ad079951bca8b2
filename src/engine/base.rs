//! Log bases and the units they name.

use std::fmt;
use std::str::FromStr;

/// The base of the logarithm, which fixes the unit of an information quantity.
///
/// The engine computes in nats; a value in another base is the nat value
/// divided by `ln(base)`, a single correctly rounded operation.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Base {
    /// Natural log: nats.
    E,
    /// Base 2: bits.
    Two,
    /// Base 10: hartleys (also called bans or dits).
    Ten,
}

impl Base {
    /// The natural log of the base.
    pub fn ln(self) -> f64 {
        match self {
            Base::E => 1.0,
            Base::Two => std::f64::consts::LN_2,
            Base::Ten => std::f64::consts::LN_10,
        }
    }

    /// Converts a value in nats to this base.
    pub fn from_nats(self, nats: f64) -> f64 {
        match self {
            Base::E => nats,
            _ => nats / self.ln(),
        }
    }

    /// Converts a value in this base to nats.
    pub fn to_nats(self, value: f64) -> f64 {
        match self {
            Base::E => value,
            _ => value * self.ln(),
        }
    }

    /// The unit's plural name, as printed after a value.
    pub fn unit(self) -> &'static str {
        match self {
            Base::E => "nats",
            Base::Two => "bits",
            Base::Ten => "hartleys",
        }
    }

    /// `number unit`, in the singular when the number shown is exactly one:
    /// `1 bit`, `-1 nat`, but `0.5 bits`, `1.000 bits` (digits after the
    /// point read as a measurement, which English keeps plural).
    pub fn amount(number: &str, unit: &str) -> String {
        let one = matches!(number.trim(), "1" | "-1" | "+1" | "−1");
        let unit = match unit {
            "bits" | "nats" | "hartleys" if one => &unit[..unit.len() - 1],
            _ => unit,
        };
        if unit.is_empty() {
            number.to_string()
        } else {
            format!("{number} {unit}")
        }
    }

    /// The log function's name in this base, as a learner would type it.
    pub fn log_name(self) -> &'static str {
        match self {
            Base::E => "ln",
            Base::Two => "log2",
            Base::Ten => "log10",
        }
    }

    pub const ALL: [Base; 3] = [Base::E, Base::Two, Base::Ten];
}

impl fmt::Display for Base {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Base::E => "e",
            Base::Two => "2",
            Base::Ten => "10",
        })
    }
}

impl FromStr for Base {
    type Err = String;

    /// Accepts the base (`e`, `2`, `10`) or its unit (`nats`, `bits`, `hartleys`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "e" | "nat" | "nats" | "ln" => Ok(Base::E),
            "2" | "bit" | "bits" | "log2" | "shannon" | "shannons" => Ok(Base::Two),
            "10" | "hartley" | "hartleys" | "ban" | "bans" | "dit" | "dits" | "log10" => {
                Ok(Base::Ten)
            }
            other => Err(format!(
                "unknown base \"{other}\": use e (nats), 2 (bits) or 10 (hartleys)"
            )),
        }
    }
}

#[cfg(test)]
mod amount_tests {
    use super::Base;

    #[test]
    fn one_unit_is_singular() {
        assert_eq!(Base::amount("1", "bits"), "1 bit");
        assert_eq!(Base::amount("-1", "nats"), "-1 nat");
        assert_eq!(Base::amount("1", "hartleys"), "1 hartley");
        assert_eq!(Base::amount("1.000", "bits"), "1.000 bits");
        assert_eq!(Base::amount("0.5", "bits"), "0.5 bits");
        assert_eq!(Base::amount("11", "bits"), "11 bits");
        assert_eq!(Base::amount("1", ""), "1");
        assert_eq!(Base::amount("inf", "nats"), "inf nats");
    }
}
