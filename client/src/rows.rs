//! Certificates to issue, as a spreadsheet holds them: an XLSX workbook
//! (its first sheet) or a CSV file, whose header row names `holder`, the
//! type's fields and optionally `valid_until`. Read the same way by
//! `ecert cert batch-issue` and the issuer's office.

use calamine::{Data, Reader, Xlsx};
use std::{collections::BTreeMap, io::Read};

/// One row: its line in the file (the header is line 1), and its cells by
/// column name, trimmed.
pub type Row = (usize, BTreeMap<String, String>);

/// The rows of a file of certificates: an XLSX workbook if `bytes` is one,
/// otherwise CSV text.
pub fn spreadsheet_rows(bytes: &[u8]) -> Result<Vec<Row>, String> {
	const ZIP: &[u8] = b"PK\x03\x04";
	const OLD_EXCEL: &[u8] = b"\xD0\xCF\x11\xE0";
	match bytes {
		_ if bytes.starts_with(ZIP) => xlsx_rows(bytes),
		_ if bytes.starts_with(OLD_EXCEL) => Err("it is an old Excel workbook (.xls): save it as \
		                                         .xlsx or .csv and import that"
			.into()),
		_ => csv_rows(bytes),
	}
}

/// The rows of the first sheet of the XLSX workbook `bytes`, read as a CSV
/// file is: the header row (the first with a `holder` cell; a title may
/// stand above it) names the columns, rows with nothing in them are left
/// out, and each row keeps its line number in the sheet. Numbers are
/// written as the sheet shows them without formatting (`2026`, `3.5`), and
/// dates as `YYYY-MM-DD`.
pub fn xlsx_rows(bytes: &[u8]) -> Result<Vec<Row>, String> {
	let mut workbook = Xlsx::new(std::io::Cursor::new(bytes))
		.map_err(|error| format!("it is not a usable XLSX workbook: {error}"))?;
	let sheet = workbook
		.worksheet_range_at(0)
		.ok_or("the workbook has no sheet")?
		.map_err(|error| format!("its first sheet cannot be read: {error}"))?;
	// Where the sheet's first used row is, counted from 0.
	let first_line = sheet.start().map_or(0, |(row, _)| row as usize);
	// A title or a note may stand above the header row.
	let is_holder = |cell: &Data| matches!(cell, Data::String(text) if text.trim() == "holder");
	let Some(header_index) = sheet.rows().position(|cells| cells.iter().any(is_holder)) else {
		return Err("no row of its first sheet has a `holder` column: the header row names \
		            `holder` and the type's fields"
			.into());
	};
	let mut lines = sheet.rows().enumerate().skip(header_index);
	let header = lines.next().map(|(_, cells)| cells).unwrap_or_default();
	let header = header
		.iter()
		.map(|cell| cell_text(cell, first_line + header_index + 1))
		.collect::<Result<Vec<_>, _>>()?;
	let mut rows = Vec::new();
	for (index, cells) in lines {
		let line = first_line + index + 1;
		if cells.iter().all(|cell| matches!(cell, Data::Empty)) {
			continue;
		}
		let cells =
			cells.iter().map(|cell| cell_text(cell, line)).collect::<Result<Vec<_>, _>>()?;
		rows.push((line, header.iter().cloned().zip(cells).collect()));
	}
	Ok(rows)
}

/// A cell's value as text, the way a CSV export would write it.
fn cell_text(cell: &Data, line: usize) -> Result<String, String> {
	Ok(match cell {
		Data::Empty => String::new(),
		Data::String(text) => text.trim().to_owned(),
		Data::Int(number) => number.to_string(),
		Data::Float(number) => number.to_string(),
		Data::Bool(yes) => yes.to_string(),
		Data::DateTime(when) => match when.as_datetime() {
			Some(when) if when.time() == chrono::NaiveTime::MIN => {
				when.format("%Y-%m-%d").to_string()
			},
			Some(when) => when.format("%Y-%m-%dT%H:%M:%S").to_string(),
			None => return Err(format!("line {line}: a date is out of range")),
		},
		Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
		Data::Error(error) => {
			return Err(format!("line {line}: a cell holds the spreadsheet error {error}"))
		},
	})
}

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

	/// An XLSX workbook: a title line, then the header and the
	/// certificates, with a number, a date and a blank row between.
	fn workbook() -> Vec<u8> {
		use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
		let mut workbook = Workbook::new();
		let sheet = workbook.add_worksheet();
		let date = Format::new().set_num_format("yyyy-mm-dd");
		sheet.write(0, 0, "Class of 2026").unwrap();
		sheet.write(1, 0, "holder").unwrap();
		sheet.write(1, 1, "name").unwrap();
		sheet.write(1, 2, "year").unwrap();
		sheet.write(1, 3, "valid_until").unwrap();
		sheet.write(2, 0, " 0xd0 ").unwrap();
		sheet.write(2, 1, "Lin").unwrap();
		sheet.write(2, 2, 2026).unwrap();
		let until = ExcelDateTime::from_ymd(2031, 6, 30).unwrap();
		sheet.write_datetime_with_format(2, 3, &until, &date).unwrap();
		sheet.write(4, 0, "0xd1").unwrap();
		sheet.write(4, 1, "Chen").unwrap();
		sheet.write(4, 2, 3.5).unwrap();
		workbook.save_to_buffer().unwrap()
	}

	#[test]
	fn a_workbook_reads_as_its_csv_export_would() {
		let rows = spreadsheet_rows(&workbook()).unwrap();
		assert_eq!(rows.len(), 2, "the blank row is left out");
		assert_eq!(rows[0].0, 3, "line numbers are the sheet's");
		assert_eq!(rows[1].0, 5);
		assert_eq!(rows[0].1["holder"], "0xd0");
		assert_eq!(rows[0].1["year"], "2026");
		assert_eq!(rows[0].1["valid_until"], "2031-06-30");
		assert_eq!(rows[1].1["year"], "3.5");
		assert_eq!(rows[1].1["valid_until"], "");
		let csv = spreadsheet_rows(b"holder,name\n0xd0,Lin\n").unwrap();
		assert_eq!(csv[0].1["name"], "Lin", "anything else is read as CSV");
	}

	#[test]
	fn a_workbook_needs_a_holder_column_and_old_excel_files_are_named() {
		let mut workbook = rust_xlsxwriter::Workbook::new();
		workbook.add_worksheet().write(0, 0, "name").unwrap();
		let no_holder = spreadsheet_rows(&workbook.save_to_buffer().unwrap()).unwrap_err();
		assert!(no_holder.contains("holder"), "{no_holder}");
		let old = spreadsheet_rows(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1").unwrap_err();
		assert!(old.contains(".xls"), "{old}");
		let broken = spreadsheet_rows(b"PK\x03\x04 not really a workbook").unwrap_err();
		assert!(broken.contains("not a usable XLSX"), "{broken}");
	}
}
