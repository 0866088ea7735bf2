//! Reading runtime state in the node, for the `ecert_*` methods, and their
//! errors.

use codec::Decode;
use ecert_primitives::{storage, ChainId, Hash, OpaqueBlock as Block};
use ecert_rpc_api::{NOT_FOUND_CODE, STATE_ERROR_CODE, WRONG_CHAIN_CODE};
use jsonrpsee::types::{error::INVALID_PARAMS_CODE, ErrorObjectOwned};
use sc_client_api::{Backend, StorageProvider};
use sp_blockchain::HeaderBackend;
use sp_core::storage::StorageKey;
use std::{marker::PhantomData, sync::Arc};

/// An error for bad input: says what was wrong.
pub fn bad_input(message: String) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(INVALID_PARAMS_CODE, message, None::<()>)
}

/// The most characters of a caller's input that an error message repeats.
pub const ECHO_LIMIT: usize = 32;

/// `text` as an error message may repeat it: at most [`ECHO_LIMIT`]
/// characters, and how long the rest was.
pub fn shown(text: &str) -> String {
	match text.char_indices().nth(ECHO_LIMIT) {
		Some((end, _)) => format!("'{}…' ({} characters)", &text[..end], text.chars().count()),
		None => format!("'{text}'"),
	}
}

/// `text`, trimmed, if it is at most `max` bytes long: over-long input is
/// refused before anything decodes it (SS58 decoding, for one, takes time
/// quadratic in its input).
pub fn bounded<'a>(text: &'a str, max: usize, what: &str) -> Result<&'a str, ErrorObjectOwned> {
	let text = text.trim();
	if text.len() > max {
		return Err(bad_input(format!(
			"{what} is at most {max} characters; this one has {}",
			text.chars().count()
		)));
	}
	Ok(text)
}

/// An error for a lookup that found nothing.
pub fn not_found(message: String) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(NOT_FOUND_CODE, message, None::<()>)
}

/// Why state could not be read.
#[derive(Debug)]
pub enum StateError {
	/// The block is unknown.
	UnknownBlock(Hash),
	/// The chain is not the kind the method serves.
	WrongChain(String),
	/// The backend failed.
	Backend(String),
	/// A value does not decode: the node and runtime disagree on a layout.
	Corrupt(String),
}

impl From<StateError> for ErrorObjectOwned {
	fn from(error: StateError) -> Self {
		match error {
			StateError::UnknownBlock(hash) => {
				not_found(format!("block {hash:?} is unknown to this node"))
			},
			StateError::WrongChain(message) => {
				ErrorObjectOwned::owned(WRONG_CHAIN_CODE, message, None::<()>)
			},
			StateError::Backend(message) => {
				ErrorObjectOwned::owned(STATE_ERROR_CODE, message, None::<()>)
			},
			StateError::Corrupt(message) => ErrorObjectOwned::owned(
				STATE_ERROR_CODE,
				format!("state does not decode: {message}"),
				None::<()>,
			),
		}
	}
}

/// Read access to state at a block.
pub trait State: Send + Sync + 'static {
	/// The value at `key` in block `at`, decoded.
	fn read<V: Decode>(&self, at: Hash, key: &[u8]) -> Result<Option<V>, StateError>;

	/// Every entry under `prefix` of a `Blake2_128Concat` map in block `at`,
	/// with its key decoded from the key's tail.
	fn read_prefix<K: Decode, V: Decode>(
		&self,
		at: Hash,
		prefix: &[u8],
	) -> Result<Vec<(K, V)>, StateError> {
		self.read_prefix_after(at, prefix, None, usize::MAX)
	}

	/// At most `limit` entries under `prefix` of a `Blake2_128Concat` map in
	/// block `at`, in key order, starting after key `after` (from the first
	/// if `None`): one page, whatever the map's size.
	fn read_prefix_after<K: Decode, V: Decode>(
		&self,
		at: Hash,
		prefix: &[u8],
		after: Option<Vec<u8>>,
		limit: usize,
	) -> Result<Vec<(K, V)>, StateError>;

	/// `at`, or the best block, checked to be known.
	fn block(&self, at: Option<Hash>) -> Result<Hash, StateError>;

	/// The hash of block `number` on the best chain, if there is one.
	fn block_hash(&self, number: u32) -> Result<Option<Hash>, StateError>;

	/// The header of block `hash`.
	fn header(&self, hash: Hash) -> Result<ecert_primitives::Header, StateError>;

	/// The encoded transactions of block `hash`.
	fn transactions(&self, hash: Hash) -> Result<Vec<Vec<u8>>, StateError>;

	/// The hash of the transaction at `key` in the node's offchain index
	/// ([`storage::transaction_hash_key`]), if the node indexed it.
	fn indexed_transaction_hash(&self, key: &[u8]) -> Option<Hash>;

	/// Like [`Self::block`], but refuses the main chain.
	fn side_chain_block(
		&self,
		at: Option<Hash>,
	) -> Result<(Hash, ecert_primitives::CertificateTypeId), StateError> {
		let at = self.block(at)?;
		match self.chain(at)? {
			ChainId::Side(certificate_type) => Ok((at, certificate_type)),
			ChainId::Main => Err(StateError::WrongChain(
				"this node runs the main chain; ask a node of the certificate's side chain".into(),
			)),
		}
	}

	/// The chain's id at block `at`.
	fn chain(&self, at: Hash) -> Result<ChainId, StateError> {
		self.read(at, &storage::chain())?
			.ok_or_else(|| StateError::Corrupt("the chain has no ChainInfo::Chain".into()))
	}

	/// Like [`Self::block`], but refuses a side chain.
	fn main_chain_block(&self, at: Option<Hash>) -> Result<Hash, StateError> {
		let at = self.block(at)?;
		match self.chain(at)? {
			ChainId::Main => Ok(at),
			ChainId::Side(certificate_type) => Err(StateError::WrongChain(format!(
				"this node runs the {certificate_type} side chain; ask a main-chain node"
			))),
		}
	}
}

/// [`State`] of a node's client.
pub struct ClientState<C, B: Backend<Block>> {
	client: Arc<C>,
	offchain: Option<B::OffchainStorage>,
	_backend: PhantomData<fn() -> B>,
}

impl<C, B: Backend<Block>> ClientState<C, B> {
	/// Reads from `client`, and from `offchain`, the backend's offchain
	/// storage, where block import writes the runtime's offchain index.
	pub fn new(client: Arc<C>, offchain: Option<B::OffchainStorage>) -> Self {
		Self { client, offchain, _backend: PhantomData }
	}
}

fn decode<V: Decode>(bytes: &[u8], what: &str) -> Result<V, StateError> {
	V::decode(&mut &bytes[..]).map_err(|error| StateError::Corrupt(format!("{what}: {error}")))
}

impl<C, B> State for ClientState<C, B>
where
	C: StorageProvider<Block, B>
		+ HeaderBackend<Block>
		+ sc_client_api::BlockBackend<Block>
		+ Send
		+ Sync
		+ 'static,
	B: Backend<Block> + Send + Sync + 'static,
{
	fn read<V: Decode>(&self, at: Hash, key: &[u8]) -> Result<Option<V>, StateError> {
		let value = self
			.client
			.storage(at, &StorageKey(key.to_vec()))
			.map_err(|error| StateError::Backend(error.to_string()))?;
		value.map(|data| decode(&data.0, &format!("0x{}", hex::encode(key)))).transpose()
	}

	fn read_prefix_after<K: Decode, V: Decode>(
		&self,
		at: Hash,
		prefix: &[u8],
		after: Option<Vec<u8>>,
		limit: usize,
	) -> Result<Vec<(K, V)>, StateError> {
		let after = after.map(StorageKey);
		let pairs = self
			.client
			.storage_pairs(at, Some(&StorageKey(prefix.to_vec())), after.as_ref())
			.map_err(|error| StateError::Backend(error.to_string()))?;
		pairs
			.take(limit)
			.map(|(key, value)| {
				// The key is prefix ++ blake2_128(key) ++ key.
				let tail = key.0.get(prefix.len() + 16..).unwrap_or_default();
				Ok((decode(tail, "a map key")?, decode(&value.0, "a map value")?))
			})
			.collect()
	}

	fn block_hash(&self, number: u32) -> Result<Option<Hash>, StateError> {
		self.client.hash(number).map_err(|error| StateError::Backend(error.to_string()))
	}

	fn header(&self, hash: Hash) -> Result<ecert_primitives::Header, StateError> {
		self.client
			.header(hash)
			.map_err(|error| StateError::Backend(error.to_string()))?
			.ok_or(StateError::UnknownBlock(hash))
	}

	fn transactions(&self, hash: Hash) -> Result<Vec<Vec<u8>>, StateError> {
		use codec::Encode;
		let body = sc_client_api::BlockBackend::block_body(&*self.client, hash)
			.map_err(|error| StateError::Backend(error.to_string()))?
			.ok_or(StateError::UnknownBlock(hash))?;
		Ok(body.iter().map(|extrinsic| extrinsic.encode()).collect())
	}

	fn indexed_transaction_hash(&self, key: &[u8]) -> Option<Hash> {
		use sp_core::offchain::OffchainStorage;
		let value = self.offchain.as_ref()?.get(sp_core::offchain::STORAGE_PREFIX, key)?;
		<[u8; 32]>::try_from(value.as_slice()).ok().map(Hash::from)
	}

	fn block(&self, at: Option<Hash>) -> Result<Hash, StateError> {
		let hash = at.unwrap_or_else(|| self.client.info().best_hash);
		match self.client.header(hash) {
			Ok(Some(_)) => Ok(hash),
			Ok(None) => Err(StateError::UnknownBlock(hash)),
			Err(error) => Err(StateError::Backend(error.to_string())),
		}
	}
}

/// State held in maps, for tests of the methods.
#[cfg(test)]
pub mod testing {
	use super::{State, StateError};
	use codec::Decode;
	use ecert_primitives::{Hash, Header};
	use std::{
		collections::HashMap,
		sync::atomic::{AtomicU32, Ordering},
	};

	/// Values by key (the same at every block), the best block, the best
	/// chain's block hashes and headers, one block body (the same for every
	/// block), an offchain index, and a count of block bodies read.
	#[derive(Default)]
	pub struct MapState {
		pub storage: HashMap<Vec<u8>, Vec<u8>>,
		pub best: Hash,
		pub blocks: HashMap<u32, Hash>,
		pub headers: HashMap<Hash, Header>,
		pub body: Vec<Vec<u8>>,
		pub index: HashMap<Vec<u8>, Hash>,
		pub bodies_read: AtomicU32,
	}

	impl State for MapState {
		fn read<V: Decode>(&self, _at: Hash, key: &[u8]) -> Result<Option<V>, StateError> {
			self.storage
				.get(key)
				.map(|bytes| V::decode(&mut &bytes[..]))
				.transpose()
				.map_err(|error| StateError::Corrupt(error.to_string()))
		}
		fn read_prefix_after<K: Decode, V: Decode>(
			&self,
			_at: Hash,
			_prefix: &[u8],
			_after: Option<Vec<u8>>,
			_limit: usize,
		) -> Result<Vec<(K, V)>, StateError> {
			Ok(Vec::new())
		}
		fn block(&self, at: Option<Hash>) -> Result<Hash, StateError> {
			Ok(at.unwrap_or(self.best))
		}
		fn block_hash(&self, number: u32) -> Result<Option<Hash>, StateError> {
			Ok(self.blocks.get(&number).copied())
		}
		fn header(&self, hash: Hash) -> Result<Header, StateError> {
			self.headers.get(&hash).cloned().ok_or(StateError::UnknownBlock(hash))
		}
		fn transactions(&self, _hash: Hash) -> Result<Vec<Vec<u8>>, StateError> {
			self.bodies_read.fetch_add(1, Ordering::SeqCst);
			Ok(self.body.clone())
		}
		fn indexed_transaction_hash(&self, key: &[u8]) -> Option<Hash> {
			self.index.get(key).copied()
		}
	}
}
