//! Certificates to issue, as a spreadsheet exports them: a CSV file whose
//! header row names `holder`, the type's fields and optionally
//! `valid_until`. Read the same way by `ecert cert batch-issue` and the
//! issuer's office.

use std::{collections::BTreeMap, io::Read};

/// One row: its line in the file (the header is line 1), and its cells by
/// column name, trimmed.
pub type Row = (usize, BTreeMap<String, String>);

/// The rows of the CSV text `reader` gives; or, in words, why it is not a
/// usable file of certificates.
pub fn csv_rows(reader: impl Read) -> Result<Vec<Row>, String> {
	let bad = |error: csv::Error| format!("it is not a usable CSV file: {error}");
	let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(reader);
	let header = reader.headers().map_err(bad)?.clone();
	if !header.iter().any(|name| name == "holder") {
		return Err("it has no `holder` column: the header row names `holder` and the type's \
		            fields"
			.into());
	}
	reader
		.records()
		.enumerate()
		.map(|(index, record)| {
			let record = record.map_err(bad)?;
			let row = header.iter().zip(record.iter()).map(|(k, v)| (k.into(), v.into())).collect();
			Ok((index + 2, row))
		})
		.collect()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn rows_keep_their_line_numbers_and_need_a_holder_column() {
		let rows = csv_rows("holder, name\n0xd0 , Lin\n0xd1,Chen\n".as_bytes()).unwrap();
		assert_eq!(rows.len(), 2);
		assert_eq!(rows[1].0, 3);
		assert_eq!(rows[0].1["holder"], "0xd0");
		assert_eq!(rows[0].1["name"], "Lin");
		assert!(csv_rows("name\nLin\n".as_bytes()).unwrap_err().contains("holder"));
		assert!(csv_rows("holder,name\n0xd0\n".as_bytes()).is_err(), "a short row");
	}
}
