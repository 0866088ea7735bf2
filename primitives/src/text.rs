//! Text: bounded UTF-8 names and reasons, and dates as people read them.
//!
//! Free text is stored as bytes with a bound. It is checked to be UTF-8 and
//! non-empty on every way in, and it is written to JSON as a string.

use alloc::{format, string::String, vec::Vec};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt;
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_core::ConstU32;
use sp_runtime::BoundedVec;

/// Why a text was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextError {
	/// The text is empty or only white space.
	Empty,
	/// The text is longer than its bound, in bytes.
	TooLong { max: u32 },
	/// The bytes are not UTF-8.
	NotUtf8,
}

impl fmt::Display for TextError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			TextError::Empty => write!(f, "the text is empty"),
			TextError::TooLong { max } => write!(f, "the text is longer than {max} bytes"),
			TextError::NotUtf8 => write!(f, "the text is not UTF-8"),
		}
	}
}

macro_rules! bounded_text {
	($(#[$doc:meta])* $name:ident, $max:literal) => {
		$(#[$doc])*
		#[derive(
			Clone,
			PartialEq,
			Eq,
			Encode,
			Decode,
			DecodeWithMemTracking,
			MaxEncodedLen,
			TypeInfo,
			Serialize,
			Deserialize,
		)]
		#[serde(try_from = "String", into = "String")]
		pub struct $name(BoundedVec<u8, ConstU32<$max>>);

		impl $name {
			/// The longest text, in bytes.
			pub const MAX_LEN: u32 = $max;

			/// Checks `bytes` against the bound and for UTF-8.
			pub fn check(bytes: &[u8]) -> Result<(), TextError> {
				let text = core::str::from_utf8(bytes).map_err(|_| TextError::NotUtf8)?;
				if text.trim().is_empty() {
					return Err(TextError::Empty)
				}
				if bytes.len() > $max as usize {
					return Err(TextError::TooLong { max: $max })
				}
				Ok(())
			}

			/// The text.
			pub fn as_str(&self) -> &str {
				// Checked to be UTF-8 on every way in.
				core::str::from_utf8(&self.0).unwrap_or_default()
			}

			/// Whether a decoded value keeps the rules. SCALE decoding checks
			/// only the bound, so storage invariants call this.
			pub fn is_well_formed(&self) -> bool {
				Self::check(&self.0).is_ok()
			}
		}

		impl TryFrom<Vec<u8>> for $name {
			type Error = TextError;
			fn try_from(bytes: Vec<u8>) -> Result<Self, TextError> {
				Self::check(&bytes)?;
				BoundedVec::try_from(bytes).map(Self).map_err(|_| TextError::TooLong { max: $max })
			}
		}

		impl TryFrom<&str> for $name {
			type Error = TextError;
			fn try_from(text: &str) -> Result<Self, TextError> {
				Self::try_from(text.as_bytes().to_vec())
			}
		}

		impl TryFrom<String> for $name {
			type Error = TextError;
			fn try_from(text: String) -> Result<Self, TextError> {
				Self::try_from(text.into_bytes())
			}
		}

		impl From<$name> for String {
			fn from(text: $name) -> String {
				String::from(text.as_str())
			}
		}

		impl fmt::Debug for $name {
			fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
				write!(f, "{:?}", self.as_str())
			}
		}
	};
}

bounded_text!(
	/// The name of an organisation or a certificate type, such as
	/// "National Taiwan University": UTF-8, at most 128 bytes.
	Name,
	128
);

bounded_text!(
	/// A field's label, or one of an enumeration field's values, as a
	/// person reads it: UTF-8, at most 96 bytes (32 Chinese characters).
	Label,
	96
);

bounded_text!(
	/// Why a status changed, as the authority wrote it: UTF-8, at most 256
	/// bytes. It must not hold personal data.
	Reason,
	256
);

/// The year, month and day of `text` if it is a date written `YYYY-MM-DD`
/// that the proleptic Gregorian calendar has.
pub fn calendar_date(text: &str) -> Option<(u32, u32, u32)> {
	let bytes = text.as_bytes();
	if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
		return None;
	}
	let number = |range: core::ops::Range<usize>| {
		bytes[range]
			.iter()
			.try_fold(0u32, |n, b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))
	};
	let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
	let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
	let days = match month {
		1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
		4 | 6 | 9 | 11 => 30,
		2 if leap => 29,
		2 => 28,
		_ => return None,
	};
	(1..=days).contains(&day).then_some((year, month, day))
}

/// The start (UTC midnight) of the day `text` writes `YYYY-MM-DD`, as Unix
/// time in milliseconds: the chain's `Moment`. `None` for anything that is
/// not a real day from 1970-01-01 on.
pub fn date_moment(text: &str) -> Option<crate::Moment> {
	let (year, month, day) = calendar_date(text)?;
	if year < 1970 {
		return None;
	}
	// Days since 1970-01-01 from the civil date (proleptic Gregorian).
	let (year, month, day) = (i64::from(year), i64::from(month), i64::from(day));
	let year = if month <= 2 { year - 1 } else { year };
	let era = year.div_euclid(400);
	let year_of_era = year - era * 400;
	let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
	let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
	let days = era * 146_097 + day_of_era - 719_468;
	u64::try_from(days).ok().map(|days| days * 86_400_000)
}

/// Unix time in milliseconds as an ISO 8601 UTC date-time.
pub fn iso8601(ms: crate::Moment) -> String {
	let seconds = ms / 1000;
	let days = (seconds / 86_400) as i64;
	let rest = seconds % 86_400;
	// Civil date from days since 1970-01-01 (proleptic Gregorian).
	let z = days + 719_468;
	let era = z.div_euclid(146_097);
	let day_of_era = z - era * 146_097;
	let year_of_era =
		(day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
	let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
	let mp = (5 * day_of_year + 2) / 153;
	let day = day_of_year - (153 * mp + 2) / 5 + 1;
	let month = if mp < 10 { mp + 3 } else { mp - 9 };
	let year = year_of_era + era * 400 + i64::from(month <= 2);
	format!(
		"{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
		rest / 3600,
		rest % 3600 / 60,
		rest % 60
	)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn written_dates_are_the_chains_moments() {
		assert_eq!(date_moment("1970-01-01"), Some(0));
		assert_eq!(date_moment("2000-03-01"), Some(951_868_800_000));
		assert_eq!(date_moment("2024-02-29"), Some(1_709_164_800_000));
		for day in ["2026-12-31", "2000-02-29", "2031-07-15"] {
			assert_eq!(iso8601(date_moment(day).unwrap()), format!("{day}T00:00:00Z"));
		}
		for bad in ["1969-12-31", "2025-02-29", "2026-1-5", "2026-13-01", "tomorrow"] {
			assert_eq!(date_moment(bad), None, "{bad}");
		}
	}

	#[test]
	fn dates_are_iso8601_utc() {
		assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
		assert_eq!(iso8601(951_868_800_000), "2000-03-01T00:00:00Z");
		assert_eq!(iso8601(1_924_905_600_000 + 3_723_000), "2030-12-31T01:02:03Z");
	}

	#[test]
	fn dates_are_real_days() {
		assert_eq!(calendar_date("2024-02-29"), Some((2024, 2, 29)));
		assert_eq!(calendar_date("2000-02-29"), Some((2000, 2, 29)));
		for bad in
			["2023-02-29", "1900-02-29", "2024-13-01", "2024-04-31", "2024-4-01", "2024/04/01"]
		{
			assert_eq!(calendar_date(bad), None, "{bad}");
		}
	}

	#[test]
	fn text_is_checked_on_the_way_in() {
		assert_eq!(Name::try_from("國立臺灣大學").unwrap().as_str(), "國立臺灣大學");
		assert_eq!(Name::try_from("  "), Err(TextError::Empty));
		assert_eq!(Name::try_from(vec![0xff, 0xfe]), Err(TextError::NotUtf8));
		assert_eq!(Name::try_from("x".repeat(129).as_str()), Err(TextError::TooLong { max: 128 }));
		assert_eq!(Reason::try_from("y".repeat(256).as_str()).unwrap().as_str().len(), 256);
	}

	#[test]
	fn text_is_a_json_string() {
		let name = Name::try_from("Ministry of Education").unwrap();
		let json = serde_json::to_string(&name).unwrap();
		assert_eq!(json, "\"Ministry of Education\"");
		assert_eq!(serde_json::from_str::<Name>(&json).unwrap(), name);
		assert!(serde_json::from_str::<Name>("\"\"").is_err());
	}
}
