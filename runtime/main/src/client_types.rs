//! The client's chain types (`ecert_client::main_types`, generated from this
//! runtime's committed metadata) encode and decode as this runtime's own:
//! a call the CLI, the relay or the bench builds is the call this runtime
//! decodes, and an event it emits reads back as the same event.

use ecert_client::main_types;
use ecert_primitives::{IdentityId, IdentityKeys, KeyAgreementKey, Role, SigningKey};
use ecert_runtime_common::assert_same_encoding as same;
use sp_core::H256;
use sp_keyring::Sr25519Keyring;

#[test]
fn main_chain_calls_are_the_runtimes() {
	use main_types::{
		ecert_main_runtime::RuntimeCall, pallet_balances::pallet as balances,
		pallet_ecert_identity::pallet as identity, pallet_issuers::pallet as issuers,
		pallet_sudo::pallet as sudo,
	};
	let keys = IdentityKeys {
		signing: SigningKey::Sr25519(Sr25519Keyring::Dave.public()),
		key_agreement: KeyAgreementKey(H256::repeat_byte(7)),
	};
	same(
		RuntimeCall::Identity(identity::Call::request_registration {
			keys: keys.clone(),
			role: Role::Issuer,
		}),
		crate::RuntimeCall::Identity(pallet_ecert_identity::Call::request_registration {
			keys,
			role: Role::Issuer,
		}),
	);
	same(
		RuntimeCall::Sudo(sudo::Call::sudo {
			call: Box::new(RuntimeCall::Issuers(issuers::Call::accredit {
				org_code: "UNI-1".parse().unwrap(),
				name: "Benchmark University".try_into().unwrap(),
				identity: IdentityId(H256::repeat_byte(1)),
				certificate_types: vec!["diploma".parse().unwrap()],
				valid_from: Some(5),
				valid_until: None,
				reason: "accredited".try_into().unwrap(),
			})),
		}),
		crate::RuntimeCall::Sudo(pallet_sudo::Call::sudo {
			call: Box::new(crate::RuntimeCall::Issuers(pallet_issuers::Call::accredit {
				org_code: "UNI-1".parse().unwrap(),
				name: "Benchmark University".try_into().unwrap(),
				identity: IdentityId(H256::repeat_byte(1)),
				certificate_types: vec!["diploma".parse().unwrap()].try_into().unwrap(),
				valid_from: Some(5),
				valid_until: None,
				reason: "accredited".try_into().unwrap(),
			})),
		}),
	);
	same(
		RuntimeCall::Balances(balances::Call::transfer_keep_alive {
			dest: Sr25519Keyring::Ferdie.to_account_id().into(),
			value: 3 * ecert_primitives::UNIT,
		}),
		crate::RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: Sr25519Keyring::Ferdie.to_account_id().into(),
			value: 3 * ecert_primitives::UNIT,
		}),
	);
}

/// The pallet names the client looks up in the chain's metadata (a failed
/// transaction's events, the constants the relay and the bench read) are
/// this runtime's.
#[test]
fn the_pallet_names_the_client_reads_are_the_runtimes() {
	use ecert_primitives::storage;
	use frame_support::traits::PalletInfoAccess;
	assert_eq!(<crate::System as PalletInfoAccess>::name(), storage::SYSTEM_PALLET);
	assert_eq!(<crate::Sudo as PalletInfoAccess>::name(), storage::SUDO_PALLET);
}
