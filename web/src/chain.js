// The page's only way to the chains: their standard JSON-RPC over a
// WebSocket, through @polkadot/rpc-provider.

import { WsProvider } from "@polkadot/rpc-provider";

/// How long a node has to answer before the page says it does not.
const TIMEOUT_MS = 8000;

export class NodeDown extends Error {}

/// Runs `work` with a `send(method, params)` to the node at `url`, and
/// gives its result. Throws `NodeDown` if the node does not answer in time.
export async function withNode(url, work) {
	const provider = new WsProvider(url, 0, {}, TIMEOUT_MS);
	const timeout = new Promise((_, reject) =>
		setTimeout(() => reject(new NodeDown(url)), TIMEOUT_MS),
	);
	const send = (method, params) => Promise.race([provider.send(method, params), timeout]);
	try {
		await Promise.race([provider.connect(), timeout]);
		await Promise.race([provider.isReady, timeout]);
		return await work(send);
	} catch (error) {
		throw error instanceof NodeDown ? error : new NodeDown(`${url}: ${error.message ?? error}`);
	} finally {
		provider.disconnect().catch(() => {});
	}
}

/// The main chain's answers a checkpoint is built from: its genesis hash,
/// and its GRANDPA authorities and set id at its finalized head.
export function checkpointAnswers(url) {
	return withNode(url, async (send) => {
		const genesis = await send("chain_getBlockHash", [0]);
		const head = await send("chain_getFinalizedHead", []);
		const authorities = await send("state_call", ["GrandpaApi_grandpa_authorities", "0x", head]);
		const setId = await send("state_call", ["GrandpaApi_current_set_id", "0x", head]);
		return { genesis, authorities, setId };
	});
}

/// A certificate's status and record now, from the side-chain node at
/// `url` (`ecert_verifyCertificate`): `query` is its id, or
/// `{ orgCode, number }`; a batched certificate's needs its batch
/// `membership`, from the holder's file.
export function verifyCertificate(url, query, membership = null) {
	if (!url) return Promise.reject(new NodeDown("no node for this certificate type"));
	return withNode(url, (send) => send("ecert_verifyCertificate", [query, membership]));
}

/// The accreditation of `org` from the main node at `url`, or null.
export async function issuer(url, org) {
	try {
		return await withNode(url, (send) => send("ecert_issuer", [org]));
	} catch {
		return null;
	}
}
