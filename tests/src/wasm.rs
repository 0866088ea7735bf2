//! Reads the runtime version that a runtime Wasm (as found in a chain spec)
//! declares in its `runtime_version` custom section.

use codec::Decode;

/// The leading fields of `sp_version::RuntimeVersion`, in their SCALE order.
#[derive(Debug, PartialEq, Eq, Decode)]
pub struct RuntimeVersionHead {
	pub spec_name: String,
	pub impl_name: String,
	pub authoring_version: u32,
	pub spec_version: u32,
	pub impl_version: u32,
}

/// The version a chain spec's `code` (hex, possibly compressed) declares.
pub fn runtime_version_of_code(code_hex: &str) -> Result<RuntimeVersionHead, String> {
	let bytes = hex::decode(code_hex.trim_start_matches("0x")).map_err(|e| e.to_string())?;
	let wasm = sp_maybe_compressed_blob::decompress(
		&bytes,
		sp_maybe_compressed_blob::CODE_BLOB_BOMB_LIMIT,
	)
	.map_err(|e| e.to_string())?;
	let section = custom_section(&wasm, "runtime_version").ok_or("no runtime_version section")?;
	RuntimeVersionHead::decode(&mut &section[..]).map_err(|e| e.to_string())
}

/// The payload of the first custom section called `name`.
fn custom_section<'a>(wasm: &'a [u8], name: &str) -> Option<&'a [u8]> {
	let mut rest = wasm.strip_prefix(b"\0asm\x01\0\0\0")?;
	while !rest.is_empty() {
		let id = rest[0];
		let (size, after_size) = leb128(&rest[1..])?;
		let section = after_size.get(..size)?;
		rest = &after_size[size..];
		if id == 0 {
			let (name_len, after_name_len) = leb128(section)?;
			if after_name_len.get(..name_len)? == name.as_bytes() {
				return Some(&after_name_len[name_len..]);
			}
		}
	}
	None
}

/// An unsigned LEB128 number and what follows it.
fn leb128(bytes: &[u8]) -> Option<(usize, &[u8])> {
	let mut value = 0usize;
	for (i, byte) in bytes.iter().enumerate().take(5) {
		value |= ((byte & 0x7f) as usize) << (7 * i);
		if byte & 0x80 == 0 {
			return Some((value, &bytes[i + 1..]));
		}
	}
	None
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn leb128_reads_multi_byte_numbers() {
		assert_eq!(leb128(&[0xe5, 0x8e, 0x26, 7]), Some((624_485, &[7u8][..])));
		assert_eq!(leb128(&[0x80]), None);
	}

	#[test]
	fn finds_a_custom_section() {
		let mut wasm = b"\0asm\x01\0\0\0".to_vec();
		wasm.extend_from_slice(&[1, 1, 0]); // a type section with no types
		wasm.extend_from_slice(&[0, 6, 3, b'a', b'b', b'c', 9, 8]);
		assert_eq!(custom_section(&wasm, "abc"), Some(&[9u8, 8][..]));
		assert_eq!(custom_section(&wasm, "xyz"), None);
	}
}
