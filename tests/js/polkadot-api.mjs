// The unmodified @polkadot/api package against a running ecert main node and
// side node: connect, read the ecert pallets' storage by their metadata
// names, submit a signed extrinsic from //Alice on each chain, and wait for
// it to be finalized.
//
//   node polkadot-api.mjs ws://127.0.0.1:9944 ws://127.0.0.1:9945
//
// Prints one JSON object with what it saw; exits non-zero on any failure.

import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';

const [mainUrl, sideUrl] = process.argv.slice(2);
if (!mainUrl || !sideUrl) {
  console.error('usage: node polkadot-api.mjs MAIN_WS_URL SIDE_WS_URL');
  process.exit(2);
}

// Submits `tx` signed by `signer` and resolves once a block that includes it
// is finalized; rejects if the pool drops it or its dispatch fails.
function submitFinalized(api, tx, signer) {
  return new Promise((resolve, reject) => {
    let unsubscribe = () => {};
    tx.signAndSend(signer, ({ status, dispatchError, events }) => {
      if (dispatchError) {
        unsubscribe();
        const reason = dispatchError.isModule
          ? (({ section, name }) => `${section}.${name}`)(api.registry.findMetaError(dispatchError.asModule))
          : dispatchError.toString();
        reject(new Error(`dispatch failed: ${reason}`));
      } else if (status.isDropped || status.isInvalid || status.isUsurped) {
        unsubscribe();
        reject(new Error(`transaction ${status.type}`));
      } else if (status.isFinalized) {
        unsubscribe();
        resolve({
          txHash: tx.hash.toHex(),
          blockHash: status.asFinalized.toHex(),
          events: events.map(({ event }) => `${event.section}.${event.method}`),
        });
      }
    }).then((u) => { unsubscribe = u; }, reject);
  });
}

async function main() {
  const keyring = new Keyring({ type: 'sr25519' });
  const alice = keyring.addFromUri('//Alice');
  const report = {};

  // Main chain: the identity authority's registries.
  const mainApi = await ApiPromise.create({ provider: new WsProvider(mainUrl), noInitWarn: true });
  const types = await mainApi.query.certificateTypes.certificateTypes.entries();
  report.main = {
    chain: (await mainApi.rpc.system.chain()).toString(),
    pallets: mainApi.runtimeMetadata.asLatest.pallets.map((p) => p.name.toString()),
    certificateTypes: types.map(([key]) => key.args[0].toHuman()),
    issuers: (await mainApi.query.issuers.issuers.entries()).length,
  };
  // Alice asks to be registered as a verifier: her signing key and an
  // encryption key.
  const request = mainApi.tx.identity.requestRegistration(
    { signing: { Sr25519: alice.publicKey }, keyAgreement: '0x' + '42'.repeat(32) },
    'Verifier',
  );
  report.main.request = await submitFinalized(mainApi, request, alice);
  const stored = await mainApi.query.identity.requests(alice.address);
  if (stored.isNone) throw new Error('Identity.Requests holds no request for Alice after finalization');
  report.main.storedRequest = stored.unwrap().toJSON();
  await mainApi.disconnect();

  // Side chain: certificate records and the light client of the main chain.
  const sideApi = await ApiPromise.create({ provider: new WsProvider(sideUrl), noInitWarn: true });
  report.side = {
    chain: (await sideApi.rpc.system.chain()).toString(),
    pallets: sideApi.runtimeMetadata.asLatest.pallets.map((p) => p.name.toString()),
    leafCount: (await sideApi.query.certificates.leafCount()).toNumber(),
    certificatesRoot: (await sideApi.query.certificates.certificatesRoot()).toHex(),
    trackedChains: (await sideApi.query.anchoring.chains.entries()).map(([key]) => key.args[0].toJSON()),
  };
  const remark = sideApi.tx.system.remarkWithEvent('ecert standard client check');
  report.side.remark = await submitFinalized(sideApi, remark, alice);
  await sideApi.disconnect();

  console.log(JSON.stringify(report));
}

main().then(
  () => process.exit(0),
  (error) => { console.error(`polkadot-api check failed: ${error.message}`); process.exit(1); },
);
