//! Transactions and reads shared by the commands: submitting as a signer
//! (directly or through the governing authority), receipts, and parsing the
//! ids users type.

use crate::{context::Context, error::CliError, keystore::Signer};
use codec::Encode;
use ecert_cli::output::Recorded;
use ecert_client::{
	api::{
		CertificateTypeView, IdentityAnswer, IdentityView, MainChainApiClient, NOT_ALLOWED_CODE,
	},
	council::{Governed, Motion},
	main_types::ecert_main_runtime as main_runtime,
	side_types::ecert_side_runtime as side_runtime,
	Api, ApiError, BlockingNode, ChainRuntime, MainChain, Receipt, SideChain,
};
use ecert_primitives::{AccountId, CertificateTypeId, FieldSchema, IdentityId};
use futures::future::BoxFuture;
use serde_json::Value;
use std::str::FromStr;

/// The receipt for people.
pub fn receipt_text<Event>(receipt: &Receipt<Event>) -> String {
	recorded_text(&Recorded::from(receipt))
}

/// Where a transaction was recorded, for people.
pub fn recorded_text(recorded: &Recorded) -> String {
	format!("recorded in block #{} as transaction {:?}", recorded.block_number, recorded.tx_hash)
}

/// Submits `call` to `node` signed by `signer`, and follows it to its block.
pub fn submit<R: ChainRuntime>(
	context: &Context,
	node: &BlockingNode,
	signer: &Signer,
	call: R::Call,
) -> Result<Receipt<R::Event>, CliError> {
	context.note(&format!("submitting as {} to {} ...", signer.name, node.url()));
	Ok(node.submit::<R>(&signer.pair, call)?)
}

/// Submits `call` to the main chain signed by `signer`.
pub fn submit_main(
	context: &Context,
	signer: &Signer,
	call: main_runtime::RuntimeCall,
) -> Result<Receipt<main_runtime::RuntimeEvent>, CliError> {
	submit::<MainChain>(context, &context.main_node(), signer, call)
}

/// Submits `call` to the main chain as its governing authority (the
/// identity authority); see [`submit_as_authority`].
pub fn submit_main_as_authority(
	context: &Context,
	signer: &Signer,
	call: main_runtime::RuntimeCall,
) -> Result<Receipt<main_runtime::RuntimeEvent>, CliError> {
	submit_as_authority::<MainChain>(context, &context.main_node(), signer, call)
}

/// Submits `call` to a side chain's node `node` as the chain's governing
/// authority (its certificate authority); see [`submit_as_authority`].
pub fn submit_side_as_authority(
	context: &Context,
	node: &BlockingNode,
	signer: &Signer,
	call: side_runtime::RuntimeCall,
) -> Result<Receipt<side_runtime::RuntimeEvent>, CliError> {
	submit_as_authority::<SideChain>(context, node, signer, call)
}

/// Submits `call` to `node` as its chain's governing authority. Where the
/// chain has a sudo key and `signer` holds it (development networks),
/// through sudo. Otherwise as a motion of the chain's council, of which
/// `signer` must be a member: they propose it (or vote for it, if a motion
/// already carries the same call), and once two thirds of the council are
/// for it, it is closed and the call made. Until then, says how many votes
/// it still needs ([`exit::WAITING`](crate::error::exit::WAITING)).
pub fn submit_as_authority<R: Governed>(
	context: &Context,
	node: &BlockingNode,
	signer: &Signer,
	call: R::Call,
) -> Result<Receipt<R::Event>, CliError> {
	let me = signer.account();
	let council = node.council()?;
	if council.sudo.as_ref() == Some(&me) {
		return submit::<R>(context, node, signer, R::sudo(call));
	}
	if !council.members.contains(&me) {
		let hint = match council.sudo.is_some() {
			true => "use the sudo key or a council member's key with --as",
			false => "use a council member's key with --as; `ecert council list` names them",
		};
		return Err(CliError::rejected(
			format!(
				"{} is not the chain's governing authority: neither its sudo key nor a member of \
				 its council",
				signer.name
			),
			hint,
		));
	}
	let encoded = call.encode();
	let motion = match council.motion_of(&encoded) {
		Some(motion) => motion.clone(),
		None => {
			let length = encoded.len() as u32;
			let proposed =
				submit::<R>(context, node, signer, R::propose(council.two_thirds(), call, length))?;
			match node.council()?.motion_of(&encoded) {
				Some(motion) => motion.clone(),
				// One vote was enough: made as it was proposed.
				None => return Ok(proposed),
			}
		},
	};
	if motion.ayes.contains(&me) {
		return Err(waiting(&motion, "you have voted for it already"));
	}
	// A motion starts with no votes: the proposer votes for it too.
	vote::<R>(context, node, signer, &motion, true)
}

/// `signer`'s vote on the council's `motion`; when it is the last vote the
/// motion needs, the motion is closed and its call made (that receipt).
/// Otherwise, for a vote for it, says how many votes it still needs.
pub fn vote<R: Governed>(
	context: &Context,
	node: &BlockingNode,
	signer: &Signer,
	motion: &Motion,
	aye: bool,
) -> Result<Receipt<R::Event>, CliError> {
	let voted = submit::<R>(context, node, signer, R::vote(motion, aye))?;
	let council = node.council()?;
	match council.motions.iter().find(|open| open.hash == motion.hash) {
		Some(motion) if motion.carried() => close::<R>(context, node, signer, motion),
		Some(motion) if aye => Err(waiting(motion, "your vote is recorded")),
		_ => Ok(voted),
	}
}

/// Closes the council's `motion`: its call is made if it is carried.
pub fn close<R: Governed>(
	context: &Context,
	node: &BlockingNode,
	signer: &Signer,
	motion: &Motion,
) -> Result<Receipt<R::Event>, CliError> {
	let weight = node.call_weight(&motion.call)?;
	submit::<R>(context, node, signer, R::close(motion, weight))
}

/// The council has not decided `motion` yet.
fn waiting(motion: &Motion, so_far: &str) -> CliError {
	CliError::waiting(
		format!(
			"{so_far}: council motion {:?} ({}) has {} of the {} votes it needs",
			motion.hash,
			motion.call_name,
			motion.ayes.len(),
			motion.threshold
		),
		"other members of the council run the same command, or `ecert council vote --motion \
		 <hash>`; the last vote needed makes the call",
	)
}

/// Submits `call` to a side chain's node `node`, signed by `signer`.
pub fn submit_side(
	context: &Context,
	node: &BlockingNode,
	signer: &Signer,
	call: side_runtime::RuntimeCall,
) -> Result<Receipt<side_runtime::RuntimeEvent>, CliError> {
	submit::<SideChain>(context, node, signer, call)
}

/// Parses `text` as `T` (an organisation code, a certificate number, ...),
/// naming `what` it should be if it is not.
pub fn parse<T: FromStr>(text: &str, what: &str) -> Result<T, CliError>
where
	T::Err: std::fmt::Debug,
{
	text.parse().map_err(|error| {
		CliError::input(format!("{text:?} is not a valid {what}: {error:?}"), "see --help")
	})
}

/// Parses a bounded text field (a name, a reason).
pub fn text<T: for<'a> TryFrom<&'a str>>(text: &str, what: &str) -> Result<T, CliError> {
	T::try_from(text)
		.map_err(|_| CliError::input(format!("the {what} {text:?} is too long or empty"), ""))
}

/// Parses 32 bytes of 0x-hex.
pub fn hash(text: &str, what: &str) -> Result<sp_core::H256, CliError> {
	let mut bytes = [0u8; 32];
	hex::decode_to_slice(text.trim_start_matches("0x"), &mut bytes).map_err(|_| {
		CliError::input(format!("{text:?} is not a {what}"), "give 0x and 64 hex digits")
	})?;
	Ok(bytes.into())
}

/// An account: an SS58 address, a keystore name, or a development URI.
pub fn account(context: &Context, text: &str) -> Result<AccountId, CliError> {
	if let Ok(account) = AccountId::from_str(text) {
		return Ok(account);
	}
	if let Some(stored) = context.keystore()?.get(text) {
		return AccountId::from_str(&stored.address)
			.map_err(|_| CliError::input(format!("account {text:?} has a bad address"), ""));
	}
	if text.starts_with("//") {
		return Ok(context.signer(text)?.account());
	}
	Err(CliError::input(
		format!("{text:?} is neither an address nor an account in the keystore"),
		"give an SS58 address, a name from `ecert account list`, or //Alice",
	))
}

/// An identity: its 0x-hex id, or an account whose identity the main chain
/// (`main`) knows.
pub fn identity(
	context: &Context,
	main: &BlockingNode,
	text: &str,
) -> Result<IdentityId, CliError> {
	if text.starts_with("0x") {
		return hash(text, "identity id").map(IdentityId);
	}
	identity_record(context, main, text).map(|(id, _)| id)
}

/// An approved identity and its record (`ecert_identity`), by 0x-hex id or
/// by account, in one read of the main chain (`main`).
pub fn identity_record(
	context: &Context,
	main: &BlockingNode,
	text: &str,
) -> Result<(IdentityId, IdentityView), CliError> {
	let key = match text.starts_with("0x") {
		true => format!("{:?}", hash(text, "identity id")?),
		false => account(context, text)?.to_string(),
	};
	let answer = main.read(move |api| api.identity(key, None)).map_err(|error| match error {
		ecert_client::RpcError::Call { message, .. } => CliError::input(
			format!("{text} has no identity on the main chain: {message}"),
			"it must request one (`ecert identity request`) and be approved",
		),
		other => other.into(),
	})?;
	match answer {
		IdentityAnswer::Registered(view) => Ok((view.identity_id, view)),
		IdentityAnswer::Pending(_) => Err(CliError::input(
			format!("{text}'s identity is not approved yet"),
			"a registrar approves it with `ecert identity approve`",
		)),
	}
}

/// An enum's word as the JSON answers spell it (`active`, `holder`), for
/// people.
pub fn word(value: &impl serde::Serialize) -> String {
	match serde_json::to_value(value) {
		Ok(Value::String(word)) => word,
		Ok(other) => other.to_string(),
		Err(_) => "-".into(),
	}
}

/// The certificate type `id`, with its field schema and side chain, as the
/// main chain's registry holds it.
pub fn certificate_type(
	main: &BlockingNode,
	id: &CertificateTypeId,
) -> Result<CertificateTypeView, CliError> {
	let types = read(main, |api| api.certificate_types(None))?;
	types.into_iter().find(|view| &view.id == id).ok_or_else(|| {
		CliError::input(
			format!("the main chain has no certificate type {:?}", id.as_str()),
			"`ecert type list` shows the registered types",
		)
	})
}

/// The field schema of the certificate type `id`, as the main chain's
/// registry holds it.
pub fn field_schema(main: &BlockingNode, id: &CertificateTypeId) -> Result<FieldSchema, CliError> {
	certificate_type(main, id).map(|view| view.schema)
}

/// Reads from `node` through `read`, typed calls of the `ecert_*` methods
/// (as in `chain::read(&node, |api| api.issuers(None))`), turning "not
/// found" and bad-input answers into bad input, and a refused holder's
/// query into a refusal.
pub fn read<T>(
	node: &BlockingNode,
	read: impl for<'a> FnOnce(&'a Api) -> BoxFuture<'a, Result<T, ApiError>>,
) -> Result<T, CliError> {
	node.read(read).map_err(|error| match error {
		ecert_client::RpcError::Call { code: NOT_ALLOWED_CODE, message } => CliError::rejected(
			message,
			"sign with --as the holder, or as a verifier the holder granted (`ecert cert grant`)",
		),
		ecert_client::RpcError::Call { message, .. } => {
			CliError::input(message, "check the id or code you gave")
		},
		other => other.into(),
	})
}

/// A date, `YYYY-MM-DD` (UTC midnight), or Unix time in milliseconds, as
/// the chain's `Moment`.
pub fn moment(text: &str) -> Result<ecert_primitives::Moment, CliError> {
	if let Ok(ms) = text.parse::<u64>() {
		return Ok(ms);
	}
	ecert_primitives::date_moment(text).ok_or_else(|| {
		CliError::input(
			format!("{text:?} is not a date"),
			"write it as YYYY-MM-DD, a real day from 1970 on",
		)
	})
}

pub use ecert_primitives::iso8601;

/// A length of time such as `30d`, `12h`, `90m` or `45s`, in milliseconds.
pub fn duration_ms(text: &str) -> Result<u64, CliError> {
	let bad = || {
		CliError::input(
			format!("{text:?} is not a length of time"),
			"write a number and a unit: 30d, 12h, 90m or 45s",
		)
	};
	let text = text.trim();
	let unit_at = text.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
	let count: u64 = text[..unit_at].parse().map_err(|_| bad())?;
	let unit = match &text[unit_at..] {
		"d" => 86_400_000,
		"h" => 3_600_000,
		"m" => 60_000,
		"s" => 1_000,
		_ => return Err(bad()),
	};
	count.checked_mul(unit).ok_or_else(bad)
}

/// Now, as Unix time in milliseconds.
pub fn now_ms() -> u64 {
	std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map_or(0, |elapsed| elapsed.as_millis() as u64)
}

#[cfg(test)]
mod tests {
	use super::{duration_ms, iso8601, moment};

	#[test]
	fn dates_agree_with_the_date_parser() {
		for date in ["1970-01-01", "1999-12-31", "2024-02-29", "2026-11-26"] {
			assert_eq!(iso8601(moment(date).unwrap()), format!("{date}T00:00:00Z"));
		}
	}

	#[test]
	fn lengths_of_time_become_milliseconds() {
		assert_eq!(duration_ms("30d").unwrap(), 30 * 86_400_000);
		assert_eq!(duration_ms("12h").unwrap(), 12 * 3_600_000);
		assert_eq!(duration_ms("90m").unwrap(), 90 * 60_000);
		assert_eq!(duration_ms("45s").unwrap(), 45_000);
		for bad in ["", "d", "30", "30 days", "-1d", "99999999999999999999d"] {
			assert!(duration_ms(bad).is_err(), "{bad}");
		}
	}

	#[test]
	fn dates_become_unix_milliseconds() {
		assert_eq!(moment("1970-01-01").unwrap(), 0);
		assert_eq!(moment("2000-03-01").unwrap(), 951_868_800_000);
		assert_eq!(moment("2030-12-31").unwrap(), 1_924_905_600_000);
		assert_eq!(moment("1700000000000").unwrap(), 1_700_000_000_000);
		for not_a_day in
			["2030-02-31", "2025-02-29", "2030-13-01", "1969-12-31", "2026-1-5", "soon"]
		{
			assert!(moment(not_a_day).is_err(), "{not_a_day}");
		}
	}
}
