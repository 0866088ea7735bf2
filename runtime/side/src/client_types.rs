//! The client's chain types (`ecert_client::side_types`, generated from this
//! runtime's committed metadata) encode and decode as this runtime's own:
//! a call the CLI, the relay or the bench builds is the call this runtime
//! decodes, and an event it emits reads back as the same event.

use ecert_client::side_types::{
	ecert_side_runtime as client, pallet_certificates::pallet as certificates,
};
use ecert_primitives::{AssetMetadata, CertificateId, CertificateTerms, IdentityId};
use ecert_runtime_common::assert_same_encoding as same;
use sp_core::H256;

#[test]
fn side_chain_calls_and_events_are_the_runtimes() {
	let holder = IdentityId(H256::repeat_byte(0xd0));
	let terms = CertificateTerms {
		number: "D-1".parse().unwrap(),
		holder,
		commitment: H256::repeat_byte(9),
		valid_from: 0,
		valid_until: Some(7),
		asset: AssetMetadata::FIELDS,
		document: None,
	};
	same(
		client::RuntimeCall::Certificates(certificates::Call::issue {
			certificate_type: "diploma".parse().unwrap(),
			terms: terms.clone(),
			payload: Some(vec![1, 2, 3]),
		}),
		crate::RuntimeCall::Certificates(pallet_certificates::Call::issue {
			certificate_type: "diploma".parse().unwrap(),
			terms,
			payload: Some(vec![1, 2, 3].try_into().unwrap()),
		}),
	);
	let id = CertificateId(H256::repeat_byte(4));
	same(
		client::RuntimeCall::Certificates(certificates::Call::revoke {
			id,
			reason: 2,
			membership: None,
		}),
		crate::RuntimeCall::Certificates(pallet_certificates::Call::revoke {
			id,
			reason: 2,
			membership: None,
		}),
	);
	same(
		client::RuntimeEvent::Certificates(certificates::Event::CertificateIssued {
			id,
			issuer: "UNI-1".parse().unwrap(),
			holder,
		}),
		crate::RuntimeEvent::Certificates(pallet_certificates::Event::CertificateIssued {
			id,
			issuer: "UNI-1".parse().unwrap(),
			holder,
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
	assert_eq!(<crate::RegistryView as PalletInfoAccess>::name(), storage::REGISTRY_VIEW_PALLET);
}
