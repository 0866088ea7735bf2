//! A portable proof as a QR code PNG, and back. The proof's bytes go into
//! one QR code in byte mode with the lowest error correction (version 40-L
//! holds 2,953 bytes), drawn 4 pixels per module with the standard 4-module
//! quiet zone.

use crate::error::CliError;
use qrcode::{Color, EcLevel, QrCode};

/// Pixels per QR module.
const SCALE: usize = 4;
/// Modules of blank margin around the code.
const QUIET_ZONE: usize = 4;

/// The PNG of a QR code holding `data`.
pub fn encode_png(data: &[u8]) -> Result<Vec<u8>, CliError> {
	let code = QrCode::with_error_correction_level(data, EcLevel::L).map_err(|error| {
		CliError::input(
			format!("{} bytes do not fit in one QR code: {error:?}", data.len()),
			"a QR code holds at most 2,953 bytes",
		)
	})?;
	let modules = code.width();
	let colors = code.to_colors();
	let side = (modules + 2 * QUIET_ZONE) * SCALE;
	let mut pixels = vec![255u8; side * side];
	for (index, color) in colors.iter().enumerate() {
		if *color != Color::Dark {
			continue;
		}
		let (x, y) = (index % modules + QUIET_ZONE, index / modules + QUIET_ZONE);
		for row in y * SCALE..(y + 1) * SCALE {
			pixels[row * side + x * SCALE..row * side + (x + 1) * SCALE].fill(0);
		}
	}
	let mut png = Vec::new();
	{
		let mut encoder = png::Encoder::new(&mut png, side as u32, side as u32);
		encoder.set_color(png::ColorType::Grayscale);
		encoder.set_depth(png::BitDepth::Eight);
		let mut writer = encoder.write_header().expect("writing to memory does not fail");
		writer.write_image_data(&pixels).expect("the image has the declared size");
	}
	Ok(png)
}

/// Whether `bytes` are a PNG file.
pub fn is_png(bytes: &[u8]) -> bool {
	bytes.starts_with(b"\x89PNG\r\n\x1a\n")
}

/// The data of the QR code in the PNG `bytes`.
pub fn decode_png(bytes: &[u8]) -> Result<Vec<u8>, CliError> {
	let unreadable =
		|what: String| CliError::input(format!("the image holds no readable QR code: {what}"), "");
	let mut decoder = png::Decoder::new(bytes);
	decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
	let mut reader = decoder.read_info().map_err(|error| unreadable(error.to_string()))?;
	let mut buffer = vec![0; reader.output_buffer_size()];
	let frame = reader.next_frame(&mut buffer).map_err(|error| unreadable(error.to_string()))?;
	let channels = frame.color_type.samples();
	let (width, height) = (frame.width as usize, frame.height as usize);
	let luma = |x: usize, y: usize| -> u8 {
		let pixel = &buffer[y * frame.line_size + x * channels..][..channels];
		match channels {
			1 | 2 => pixel[0],
			_ => {
				((pixel[0] as u32 * 299 + pixel[1] as u32 * 587 + pixel[2] as u32 * 114) / 1000)
					as u8
			},
		}
	};
	let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, luma);
	let grids = image.detect_grids();
	let grid = grids.first().ok_or_else(|| unreadable("no QR code found".into()))?;
	let mut data = Vec::new();
	grid.decode_to(&mut data).map_err(|error| unreadable(format!("{error:?}")))?;
	Ok(data)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn bytes_survive_a_qr_round_trip_up_to_the_limit() {
		for size in [1usize, 847, 1_797, 2_953] {
			let data: Vec<u8> = (0..size).map(|i| (i * 7 + 3) as u8).collect();
			let png = encode_png(&data).unwrap();
			assert!(is_png(&png));
			assert_eq!(decode_png(&png).unwrap(), data, "{size} bytes");
		}
		assert!(encode_png(&[0u8; 2_954]).is_err());
	}

	#[test]
	fn a_picture_without_a_code_is_refused() {
		let mut png = Vec::new();
		{
			let mut encoder = png::Encoder::new(&mut png, 64, 64);
			encoder.set_color(png::ColorType::Grayscale);
			let mut writer = encoder.write_header().unwrap();
			writer.write_image_data(&[200u8; 64 * 64]).unwrap();
		}
		assert!(decode_png(&png).is_err());
		assert!(decode_png(b"not a png").is_err());
	}
}
