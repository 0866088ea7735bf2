//! The main chain's methods: identities, public keys, accredited issuers and
//! certificate types.

use ecert_primitives::{
	AccountId, BlockNumber, CertificateTypeId, CertificateTypeRecord, FieldSchema, Hash,
	IdentityId, IdentityKeys, IdentityRecord, IdentityStatus, IssuerChange, IssuerRecord, OrgCode,
	Recovery, RegistrationRequest, Role, SideChainEndpoints,
};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use serde::{Deserialize, Serialize};

/// How many issuers `ecert_issuers` lists at most.
pub const MAX_ISSUERS_LISTED: usize = 1_000;

/// A registered identity, as `ecert_identity` returns it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdentityView {
	/// The identity id.
	pub identity_id: IdentityId,
	#[serde(flatten)]
	pub record: IdentityRecord<AccountId, BlockNumber>,
	/// A recovery in progress, if a registrar started one: the account and
	/// keys the identity moves to, and from which block.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub recovery: Option<Recovery<AccountId, BlockNumber>>,
}

/// A request waiting for a registrar, as `ecert_identity` returns it for an
/// account that has one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingRequestView {
	/// The requesting account.
	pub account: AccountId,
	/// Always `pending`.
	pub status: String,
	/// The keys the identity will have.
	pub keys: IdentityKeys,
	/// The role asked for.
	pub role: Role,
	/// The deposit held for the request, in the chain's smallest unit.
	pub deposit: u128,
	/// The block in which it was made.
	pub requested_at: BlockNumber,
}

impl PendingRequestView {
	/// The view of `account`'s `request`.
	pub fn new(account: AccountId, request: RegistrationRequest<u128, BlockNumber>) -> Self {
		let RegistrationRequest { keys, role, deposit, requested_at } = request;
		Self { account, status: "pending".into(), keys, role, deposit, requested_at }
	}
}

/// What `ecert_identity` returns: a registered identity, with its
/// `identityId`, or a pending request, without one.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum IdentityAnswer {
	/// A registered identity (active or deactivated).
	Registered(IdentityView),
	/// A pending registration request.
	Pending(PendingRequestView),
}

// By hand, not `untagged`: serde's untagged enums cannot read a `u128`
// (the deposit), and the `identityId` field tells the two apart anyway.
impl<'de> Deserialize<'de> for IdentityAnswer {
	fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
		use serde::de::Error;
		let value = serde_json::Value::deserialize(deserializer)?;
		let answer = match value.get("identityId") {
			Some(_) => serde_json::from_value(value).map(IdentityAnswer::Registered),
			None => serde_json::from_value(value).map(IdentityAnswer::Pending),
		};
		answer.map_err(D::Error::custom)
	}
}

/// The public keys of an account's identity, as `ecert_publicKey` returns
/// them (seed API 4).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PublicKeyView {
	pub account: AccountId,
	pub identity_id: IdentityId,
	#[serde(flatten)]
	pub keys: IdentityKeys,
	pub role: Role,
	pub status: IdentityStatus,
}

/// An accreditation and its history, as `ecert_issuer` returns it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IssuerView {
	pub org_code: OrgCode,
	#[serde(flatten)]
	pub record: IssuerRecord<BlockNumber>,
	/// Every change, oldest first.
	pub history: Vec<IssuerChange<BlockNumber>>,
}

/// An accreditation, as `ecert_issuers` lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IssuerSummary {
	pub org_code: OrgCode,
	#[serde(flatten)]
	pub record: IssuerRecord<BlockNumber>,
}

/// A certificate type and its side chain, as `ecert_certificateTypes`
/// returns it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificateTypeView {
	pub id: CertificateTypeId,
	#[serde(flatten)]
	pub record: CertificateTypeRecord<BlockNumber>,
	/// Its field schema, whose hash the record keeps.
	pub schema: FieldSchema,
	/// Its side chain's public RPC endpoints, in the order to try them;
	/// none if the directory does not list the chain.
	#[serde(default)]
	pub endpoints: SideChainEndpoints,
}

/// The main chain's read methods.
#[rpc(server, client)]
pub trait MainChainApi {
	/// The signing and key-agreement public keys of `account`'s identity, and
	/// its id (seed API 4: address → public key).
	#[method(name = "ecert_publicKey")]
	fn public_key(&self, account: String, at: Option<Hash>) -> RpcResult<PublicKeyView>;

	/// An identity by account (SS58) or by identity id (0x-hex): its status,
	/// role and keys. An account with a pending request gets the request,
	/// with status `pending`.
	#[method(name = "ecert_identity")]
	fn identity(
		&self,
		#[argument(rename = "accountOrId")] account_or_id: String,
		at: Option<Hash>,
	) -> RpcResult<IdentityAnswer>;

	/// The accreditation of organisation `org_code`, its allowed types and its
	/// history.
	#[method(name = "ecert_issuer")]
	fn issuer(
		&self,
		#[argument(rename = "orgCode")] org_code: String,
		at: Option<Hash>,
	) -> RpcResult<IssuerView>;

	/// The issuers with an accreditation, active or not, by organisation
	/// code: the first 1,000 (without their histories: `ecert_issuer` gives
	/// one's).
	#[method(name = "ecert_issuers")]
	fn issuers(&self, at: Option<Hash>) -> RpcResult<Vec<IssuerSummary>>;

	/// Every registered certificate type, with its field schema, its side
	/// chain and, from the directory, that chain's public RPC endpoints.
	#[method(name = "ecert_certificateTypes")]
	fn certificate_types(&self, at: Option<Hash>) -> RpcResult<Vec<CertificateTypeView>>;
}

#[cfg(test)]
mod tests {
	use super::*;
	use ecert_primitives::{KeyAgreementKey, SigningKey};
	use sp_core::{sr25519, H256};

	fn keys() -> IdentityKeys {
		IdentityKeys {
			signing: SigningKey::Sr25519(sr25519::Public::from_raw([4; 32])),
			key_agreement: KeyAgreementKey(H256::repeat_byte(5)),
		}
	}

	#[test]
	fn identity_answers_read_back_as_what_they_are() {
		let account = AccountId::new([1; 32]);
		let pending = IdentityAnswer::Pending(PendingRequestView {
			account: account.clone(),
			keys: keys(),
			role: Role::Holder,
			deposit: 100_000_000_000_000,
			requested_at: 7,
			status: "pending".into(),
		});
		let json = serde_json::to_string(&pending).unwrap();
		assert_eq!(serde_json::from_str::<IdentityAnswer>(&json).unwrap(), pending, "{json}");

		let registered = IdentityAnswer::Registered(IdentityView {
			identity_id: IdentityId(H256::repeat_byte(9)),
			record: IdentityRecord {
				account,
				keys: keys(),
				role: Role::Issuer,
				status: IdentityStatus::Active,
				registered_at: 3,
				updated_at: 4,
			},
			recovery: Some(Recovery {
				new_account: AccountId::new([2; 32]),
				new_keys: keys(),
				registrar: AccountId::new([3; 32]),
				claimable_at: 20,
			}),
		});
		let json = serde_json::to_string(&registered).unwrap();
		assert!(json.contains("\"claimableAt\":20"), "{json}");
		assert_eq!(serde_json::from_str::<IdentityAnswer>(&json).unwrap(), registered, "{json}");
	}
}
