// ecert's web app: the verify page and the holder's wallet. A proof or a
// disclosure is checked by ecert-primitives' own code, compiled to
// WebAssembly (web/verifier), which also opens holder files, discloses
// fields and draws QR codes; this file only reads inputs, asks the nodes,
// and shows the answers.

import init, {
	anchoredChainKey,
	anchoredNumber,
	chainIdKey,
	checkDisclosure,
	checkpointFromAnswers,
	credential,
	disclose,
	documentMatches,
	keystoreAccounts,
	openHolderFile,
	proofFromText,
	qrScale,
	qrSvg,
	readCheckpoint,
	readDisclosure,
	sideChainNodeCheck,
	unlockAccount,
	verifyCredential,
	verifyProof,
} from "./verifier/ecert_web_verifier.js";
import jsQR from "jsqr";
import { checkpointAnswers, issuer, NodeDown, verifyCertificate, withNode } from "./chain.js";
import { date, dateTime, language, languages, setLanguage, t } from "./i18n.js";
import { officeConsole } from "./office.js";

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);

/// What the page trusts: a checkpoint, and where it came from.
const trust = {
	mainUrl: params.get("main") ?? `ws://${location.hostname || "127.0.0.1"}:9944`,
	/// { json, source: "node" | "file", name, validators, setId } once known.
	checkpoint: null,
	/// Why there is none, in words, if fetching it failed.
	error: null,
};

/// The node of certificate type `id`'s side chain among `types` (as
/// `ecert_certificateTypes` lists them), to show: `?diploma=ws://…` in the
/// address, else the first node the main chain's directory lists for the
/// type.
function listedUrl(types, id) {
	return params.get(id) ?? types.find((type) => type.id === id)?.endpoints?.[0] ?? null;
}

/// The node of certificate type `id`'s side chain, found through the main
/// chain the page trusts (`types`, as `ecert_certificateTypes` lists them,
/// if already read): `?diploma=ws://…` in the address, else the first node
/// the directory lists that answers as that chain, so a stale or wrong entry
/// never sends the page to another chain; null if none does.
async function sideUrl(id, types) {
	if (params.get(id)) return params.get(id);
	types ??= await certificateTypes().catch(() => []);
	const type = types.find((type) => type.id === id);
	for (const url of type?.endpoints ?? []) {
		const why = await withNode(url, async (send) =>
			sideChainNodeCheck(
				id,
				type.sideChain.genesisHash,
				await send("chain_getBlockHash", [0]),
				await send("state_getStorage", [chainIdKey()]),
			),
		).catch((error) => `${error.message ?? error}`);
		if (!why) return url;
		console.warn(`${url} is not a node of the ${id} chain: ${why}`);
	}
	return null;
}

/// The last thing checked, to check again in another language or against
/// another checkpoint.
let last = null;

function describeTrust() {
	const c = trust.checkpoint;
	if (!c) return trust.error ?? "";
	const values = { n: c.validators, set: c.setId, url: trust.mainUrl, name: c.name };
	return t(c.source === "file" ? "trust.fromFile" : "trust.fromNode", values);
}

function useCheckpoint(json, source, name) {
	const parsed = JSON.parse(json);
	trust.checkpoint = {
		json,
		source,
		name,
		validators: parsed.authorities.length,
		setId: parsed.setId,
	};
	trust.error = null;
	$("trust-status").textContent = describeTrust();
}

async function fetchCheckpoint() {
	try {
		const { genesis, authorities, setId } = await checkpointAnswers(trust.mainUrl);
		useCheckpoint(checkpointFromAnswers(genesis, authorities, setId), "node");
	} catch (error) {
		trust.checkpoint = null;
		trust.error =
			error instanceof NodeDown ? t("trust.nodeDown", { url: trust.mainUrl }) : String(error);
		$("trust-status").textContent = trust.error;
	}
}

/// The bytes a file holds: the QR code's data if it is an image, the
/// file's bytes otherwise.
async function bytesOfFile(file) {
	const bytes = new Uint8Array(await file.arrayBuffer());
	const isImage = file.type.startsWith("image/") || bytes[0] === 0x89 || bytes[0] === 0xff;
	return isImage ? qrData(await createImageBitmap(file)) : bytes;
}

/// The data of the QR code in `image` (a bitmap or a video frame), or null.
function qrData(image, width = image.width, height = image.height) {
	const canvas = document.createElement("canvas");
	canvas.width = width;
	canvas.height = height;
	const context = canvas.getContext("2d", { willReadFrequently: true });
	context.drawImage(image, 0, 0, width, height);
	const pixels = context.getImageData(0, 0, width, height);
	const code = jsQR(pixels.data, width, height, { inversionAttempts: "attemptBoth" });
	return code ? Uint8Array.from(code.binaryData) : null;
}

/// Checks what a file or a QR code held: a disclosure (JSON text) or a
/// portable proof (bytes).
async function check(bytes) {
	if (!bytes) {
		showMessage("noTrust", t("verify.noQr"), "unreadable");
		return;
	}
	last = bytes;
	const text = new TextDecoder().decode(bytes).trim();
	if (text.startsWith("{") && text.includes('"@context"')) {
		await checkCredential(text);
	} else if (text.startsWith("{")) {
		await checkShownFields(text);
	} else {
		await checkProof(bytes);
	}
}

async function checkProof(bytes) {
	showMessage(null, t("verify.checking"), "checking");
	if (!trust.checkpoint) await fetchCheckpoint();
	if (!trust.checkpoint) {
		showMessage("noTrust", t("explain.noTrust", { error: trust.error }), "no-trust");
		return;
	}
	const verdict = JSON.parse(verifyProof(bytes, trust.checkpoint.json, Date.now()));
	await showVerdict(verdict);
}

function showMessage(outcomeKey, text, outcome) {
	const box = $("verdict");
	box.hidden = false;
	box.dataset.outcome = outcome;
	box.removeAttribute("title");
	box.replaceChildren();
	if (outcomeKey) box.append(element("h3", "headline", t(`outcome.${outcomeKey}`)));
	box.append(element("p", "explain", text));
}

function element(tag, className, text) {
	const node = document.createElement(tag);
	if (className) node.className = className;
	if (text !== undefined) node.textContent = text;
	return node;
}

async function showVerdict(verdict) {
	if (verdict.outcome === "forged") {
		showMessage("forged", t("explain.forged"), "forged");
		$("verdict").append(element("p", "reason", t(`reason.${verdict.reason}`)));
		return;
	}
	if (verdict.outcome === "otherNetwork") {
		showMessage("otherNetwork", t("explain.otherNetwork"), "other-network");
		return;
	}
	if (verdict.outcome === "badCheckpoint") {
		showMessage("noTrust", t("explain.noTrust", { error: verdict.message }), "no-trust");
		return;
	}
	const status = verdict.status;
	const from = date(verdict.validFrom);
	const until = verdict.validUntil == null ? null : date(verdict.validUntil);
	showMessage(status, t(`explain.${status}`, { from, until }), kebab(status));
	const rows = [
		["field.type", typeName(verdict.certificateType)],
		["field.issuer", verdict.issuer],
		["field.holder", verdict.holder],
		["field.certificate", verdict.certificateId],
		["field.asOf", t("value.age", { date: dateTime(verdict.statusAsOf), age: age(verdict.ageMs) })],
		[
			"field.validity",
			until ? t("value.window", { from, until }) : t("value.forever", { from }),
		],
		["field.blocks", t("value.blocks", { side: verdict.sideBlock, main: verdict.mainBlock })],
		["field.trust", describeTrust()],
	];
	const table = element("dl", "details");
	for (const [key, value] of rows) {
		const dt = element("dt", null, t(key));
		const dd = element("dd", null, value);
		dd.dataset.field = key.slice("field.".length);
		table.append(dt, dd);
	}
	$("verdict").append(table);
	if (verdict.document) showDocumentCheck(last, verdict.document);
	// The issuer's name, from the main chain, when it answers.
	const accreditation = await issuer(trust.mainUrl, verdict.issuer);
	if (accreditation?.name) {
		table.querySelector('[data-field="issuer"]').textContent =
			`${accreditation.name} (${verdict.issuer})`;
	}
	// The status now, from the side chain when a node answers: a change
	// since the proof was made (a revocation, say) shows here.
	const now = element("dd", null, t("verify.checking"));
	now.dataset.field = "now";
	table.append(element("dt", null, t("field.now")), now);
	const url = await sideUrl(verdict.certificateType);
	try {
		const answer = await verifyCertificate(url, verdict.certificateId);
		now.dataset.status = answer.status;
		const changed = answer.status !== status;
		now.textContent = t(changed ? "value.changed" : "value.unchanged", {
			status: t(`outcome.${answer.status}`),
		});
		if (changed) now.className = "bad";
	} catch {
		now.textContent = url ? t("value.offline", { url }) : t("value.noNode");
	}
}

/// A certificate with a document: where it lies, and a check of a copy
/// against the hash in the proven record, by the verifier's own rule.
function showDocumentCheck(proof, reference) {
	const box = element("section", "document-check");
	box.id = "document-check";
	box.append(element("h4", null, t("document.title")));
	box.append(element("p", null, t("document.explain", { uri: reference.uri })));
	const label = element("label");
	const input = document.createElement("input");
	input.type = "file";
	input.id = "document-file";
	label.append(element("span", null, t("document.choose")), input);
	const result = element("p");
	result.id = "document-result";
	result.setAttribute("role", "status");
	box.append(label, result);
	input.addEventListener("change", async () => {
		const file = input.files?.[0];
		if (!file) return;
		const bytes = new Uint8Array(await file.arrayBuffer());
		const answer = JSON.parse(documentMatches(proof, trust.checkpoint.json, bytes));
		result.dataset.state = answer.matches ? "match" : "differs";
		result.className = answer.matches ? "good" : "bad";
		result.textContent = t(answer.matches ? "document.match" : "document.differs", {
			name: file.name,
		});
	});
	$("verdict").append(box);
}

/// Looks a certificate up by its issuer's organisation code and its
/// number, on its type's side chain: the original "check by certificate
/// number".
async function lookUp() {
	const type = $("lookup-type").value;
	const orgCode = $("lookup-org").value.trim();
	const number = $("lookup-number").value.trim();
	if (!orgCode || !number) {
		showMessage("noTrust", t("lookup.missing"), "unreadable");
		return;
	}
	const url = await sideUrl(type);
	if (!url) {
		showMessage("noTrust", t("disclosure.noNode", { type: typeName(type) }), "no-node");
		return;
	}
	showMessage(null, t("verify.checking"), "checking");
	let answer;
	try {
		answer = await verifyCertificate(url, { orgCode, number });
	} catch (error) {
		const text = /Invalid params|-32602/.test(String(error.message))
			? t("lookup.badInput")
			: t("trust.nodeDown", { url });
		showMessage("noTrust", text, "node-down");
		return;
	}
	if (answer.status === "unknown") {
		showMessage("forged", t("lookup.unknown", { orgCode, number }), "unknown");
		return;
	}
	showMessage(answer.status, t(`lookup.found`, { orgCode, number }), kebab(answer.status));
	const issued = answer.issued ?? {};
	const rows = [
		["type", typeName(answer.certificateType)],
		["issuer", answer.issuer],
		["certificate", answer.certificateId],
		["tx", issued.txHash ?? "-"],
		["block", issued.blockNumber ?? "-"],
		["trust", t("disclosure.from", { url })],
	];
	const table = element("dl", "details");
	for (const [field, value] of rows) {
		const dd = element("dd", null, String(value));
		dd.dataset.field = field;
		table.append(element("dt", null, t(`field.${field}`)), dd);
	}
	$("verdict").append(table);
}

/// A certificate type in words, or its id if the page has none for it.
function typeName(type) {
	if (!type) return "-";
	const key = `type.${type}`;
	return key in languages.en ? t(key) : type;
}

/// Checks a holder's disclosure: each field shown against the commitment
/// the side chain holds for the certificate, and the certificate's status.
/// Checks a W3C Verifiable Credential (`ecert vc export`, the wallet) in
/// the browser: its fields open its commitment, and its portable proof
/// holds for that commitment, against the checkpoint the page trusts.
async function checkCredential(text) {
	showMessage(null, t("verify.checking"), "checking");
	if (!trust.checkpoint) await fetchCheckpoint();
	if (!trust.checkpoint) {
		showMessage("noTrust", t("explain.noTrust", { error: trust.error }), "no-trust");
		return;
	}
	let report;
	try {
		report = JSON.parse(verifyCredential(text, trust.checkpoint.json, Date.now()));
	} catch (error) {
		showMessage("forged", t("credential.forged"), "forged");
		$("verdict").title = error.message ?? String(error);
		return;
	}
	const subject = JSON.parse(text).credentialSubject;
	showMessage(report.status, t("credential.holds", { issuer: report.issuer }), report.status);
	const table = element("dl", "details");
	const labels = await fieldLabels(subject.certificateType);
	for (const [name, value] of Object.entries(subject.fields)) {
		const shown = element("dd", null, value);
		shown.dataset.field = name;
		table.append(fieldTerm(labels, name), shown);
	}
	table.append(
		element("dt", null, t("field.type")),
		element("dd", null, typeName(subject.certificateType)),
		element("dt", null, t("field.issuer")),
		element("dd", null, report.issuer),
		element("dt", null, t("field.holder")),
		element("dd", null, report.holder),
		element("dt", null, t("field.asOf")),
		element("dd", null, dateTime(Date.parse(report.statusAsOf))),
		element("dt", null, t("field.trust")),
		element("dd", null, describeTrust()),
	);
	$("verdict").append(table);
}

async function checkShownFields(text) {
	showMessage(null, t("verify.checking"), "checking");
	let summary;
	try {
		summary = JSON.parse(readDisclosure(text));
	} catch (error) {
		showMessage("forged", t("disclosure.unreadable", { error: error.message ?? error }), "unreadable");
		return;
	}
	const url = await sideUrl(summary.certificateType);
	if (!url) {
		const type = summary.certificateType;
		showMessage("noTrust", t("disclosure.noNode", { type }), "no-node");
		return;
	}
	let answer;
	try {
		answer = await verifyCertificate(url, summary.certificateId);
	} catch {
		showMessage("noTrust", t("trust.nodeDown", { url }), "node-down");
		return;
	}
	if (answer.status === "unknown" || !answer.commitment) {
		showMessage("forged", t("disclosure.unknown"), "unknown");
		return;
	}
	const result = JSON.parse(checkDisclosure(text, answer.commitment));
	const outcome = result.allMatch ? "match" : "mismatch";
	showMessage(null, t(`disclosure.explain.${outcome}`), `disclosure-${outcome}`);
	const box = $("verdict");
	box.prepend(element("h3", "headline", t(`disclosure.${outcome}`)));
	const table = element("dl", "details");
	const labels = await fieldLabels(result.certificateType);
	for (const field of result.fields) {
		const value = element("dd", null, `${field.value}  ${field.matches ? "✓" : "✗"} `);
		value.append(element("span", field.matches ? "good" : "bad", t(field.matches ? "disclosure.matches" : "disclosure.differs")));
		value.dataset.field = field.name;
		value.dataset.matches = String(field.matches);
		table.append(fieldTerm(labels, field.name), value);
	}
	const status = element("dd", null, t(`outcome.${answer.status}`));
	status.dataset.field = "status";
	table.append(
		element("dt", null, t("disclosure.status")),
		status,
		element("dt", null, t("field.type")),
		element("dd", null, typeName(result.certificateType)),
		element("dt", null, t("field.issuer")),
		element("dd", null, result.issuer),
		element("dt", null, t("field.trust")),
		element("dd", null, t("disclosure.from", { url })),
	);
	box.append(table);
}

/// The registered certificate types with their field schemas, from the
/// main chain the page trusts: read once, and again after a failure.
let registered = null;
function certificateTypes() {
	registered ??= withNode(trust.mainUrl, (send) => send("ecert_certificateTypes", [])).catch(
		(error) => {
			registered = null;
			throw error;
		},
	);
	return registered;
}

/// The labels of `type`'s fields in the current language, by field name, as
/// the main chain's registry holds them; none when the chain is out of reach
/// (the page then shows the names).
async function fieldLabels(type) {
	const schema = await certificateTypes()
		.then((types) => types.find((entry) => entry.id === type)?.schema ?? [])
		.catch(() => []);
	return Object.fromEntries(schema.map((field) => [field.name, field.label[labelTag()]]));
}

/// Which of a field's labels (`zh-TW` or `en`) the current language reads.
function labelTag() {
	return language() === "zh-Hant" ? "zh-TW" : "en";
}

/// A schema's field labels in the current language, in order.
function fieldList(schema) {
	return (schema ?? []).map((field) => field.label[labelTag()]).join(t("explorer.separator"));
}

/// A field's term: its label, with the name for a field the schema lacks.
function fieldTerm(labels, name) {
	const term = element("dt", null, labels[name] ?? name);
	term.dataset.label = name;
	return term;
}

function kebab(name) {
	return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

function age(ms) {
	const minutes = Math.floor(ms / 60000);
	if (minutes >= 2 * 24 * 60) return t("age.days", { n: Math.floor(minutes / (24 * 60)) });
	if (minutes >= 120) return t("age.hours", { n: Math.floor(minutes / 60) });
	return t("age.minutes", { n: minutes });
}

/// Scans QR codes from the camera until one holds data, or until stopped.
let camera = null;
async function toggleCamera() {
	const video = $("camera");
	if (camera) {
		for (const track of camera.getTracks()) track.stop();
		camera = null;
		video.hidden = true;
		$("scan").textContent = t("verify.scan");
		return;
	}
	try {
		camera = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
	} catch (error) {
		showMessage("noTrust", t("verify.noCamera", { error: error.message ?? error }), "no-camera");
		return;
	}
	video.srcObject = camera;
	video.hidden = false;
	await video.play();
	$("scan").textContent = t("verify.stopScan");
	const scan = () => {
		if (!camera) return;
		const data = video.videoWidth ? qrData(video, video.videoWidth, video.videoHeight) : null;
		if (data) {
			toggleCamera();
			check(data);
		} else {
			requestAnimationFrame(scan);
		}
	};
	requestAnimationFrame(scan);
}


// The wallet: a holder's certificate file, opened in the browser only.

/// The holder file opened: its text and what the verifier crate read of it.
let holder = null;

function walletMessage(text) {
	$("wallet-message").hidden = !text;
	$("wallet-message").textContent = text ?? "";
}

async function openWallet(file) {
	const text = await file.text();
	let opened;
	try {
		opened = JSON.parse(openHolderFile(text));
	} catch (error) {
		holder = null;
		$("certificate").hidden = true;
		walletMessage(t("wallet.unreadable", { name: file.name, error: error.message ?? error }));
		return;
	}
	holder = { text, ...opened };
	walletMessage(null);
	forgetDownloads();
	showHolder();
}

/// Hides the links to files made for the certificate shown before.
function forgetDownloads() {
	for (const id of ["saved", "save-file", "vc-download"]) $(id).hidden = true;
}

/// Points the link `id` at a download of `text` named `name`, and shows it.
function offerDownload(id, text, name) {
	const link = $(id);
	URL.revokeObjectURL(link.href);
	link.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
	link.download = name;
	link.hidden = false;
	$("saved").hidden = false;
}

// The keystore: the holder's keys, opened with the passphrase in the page's
// memory, find the certificates issued to their identity on the side
// chains and open the fields that issuers sealed to them there.

/// The keystore file's text, and the key unlocked from it.
const keystore = { text: null, key: null, identity: null };

async function openKeystore(file) {
	keystore.text = await file.text();
	keystore.key = null;
	$("held").hidden = true;
	let accounts;
	try {
		accounts = JSON.parse(keystoreAccounts(keystore.text));
	} catch (error) {
		$("unlock").hidden = true;
		walletMessage(t(`keystore.${error.message}`));
		return;
	}
	const select = $("keystore-account");
	select.replaceChildren();
	for (const account of accounts) {
		const option = element("option", null, `${account.name} · ${account.address}`);
		option.value = account.name;
		option.dataset.encrypted = account.encrypted;
		select.append(option);
	}
	$("unlock").hidden = false;
	walletMessage(accounts.length ? null : t("keystore.empty"));
	$("passphrase").focus();
}

async function unlock() {
	walletMessage(t("keystore.unlocking"));
	// Let the message show before the key is stretched from the passphrase.
	await new Promise((resolve) => setTimeout(resolve, 20));
	try {
		keystore.key?.free();
		keystore.key = unlockAccount(keystore.text, $("keystore-account").value, $("passphrase").value);
	} catch (error) {
		keystore.key = null;
		walletMessage(t(`keystore.${error.message}`));
		return;
	}
	$("passphrase").value = "";
	await listHeld();
}

/// The certificates of the unlocked account's identity, on every side chain
/// the main chain lists.
async function listHeld() {
	const key = keystore.key;
	walletMessage(t("keystore.finding"));
	let identity;
	try {
		identity = await withNode(trust.mainUrl, (send) => send("ecert_publicKey", [key.address]));
	} catch (error) {
		walletMessage(t("keystore.noIdentity", { address: key.address, error: error.message }));
		return;
	}
	keystore.identity = identity.identityId;
	$("held-who").textContent = t("keystore.who", { address: key.address, id: identity.identityId });
	$("held").hidden = false;
	let types = [];
	try {
		types = await certificateTypes();
	} catch {
		types = [];
	}
	// Only the holder may list the holder's certificates: the request
	// carries the holder's signature.
	let signature;
	try {
		signature = JSON.parse(key.signCertificatesOf(identity.identityId, Date.now()));
	} catch (error) {
		walletMessage(t("keystore.cannotSign", { error: error.message ?? error }));
		return;
	}
	const rows = [];
	const unreachable = [];
	for (const type of types) {
		const url = await sideUrl(type.id, types);
		if (!url) {
			if (listedUrl(types, type.id)) unreachable.push(typeName(type.id));
			continue;
		}
		try {
			const page = await withNode(url, (send) =>
				send("ecert_certificatesOf", [identity.identityId, null, signature]),
			);
			for (const item of page.items) rows.push({ type: type.id, ...item });
		} catch {
			unreachable.push(typeName(type.id));
		}
	}
	fillTable(
		"held-list",
		["explorer.type", "explorer.org", "explorer.status", "keystore.certificate"],
		rows.map((row) => ({
			name: row.certificateId,
			cells: [
				["type", typeName(row.type)],
				["issuer", row.issuer],
				["status", t(`outcome.${row.status}`)],
				["certificate", shortHash(row.certificateId)],
			],
			data: { type: row.type, status: row.status },
		})),
	);
	$("held-list").querySelector("tr").append(element("th"));
	for (const line of $("held-list").querySelectorAll("tr[data-row]")) {
		const open = element("button", null, t("keystore.open"));
		open.type = "button";
		open.addEventListener("click", () => openHeld(line.dataset.type, line.dataset.row));
		const cell = element("td");
		cell.append(open);
		line.append(cell);
	}
	const notes = [];
	if (identity.keyAgreement !== key.keyAgreementKey) notes.push(t("keystore.otherKey"));
	if (!rows.length) notes.push(t("keystore.none"));
	if (unreachable.length) notes.push(t("keystore.unreachable", { types: unreachable.join(", ") }));
	walletMessage(notes.join(" ") || null);
}

/// Opens certificate `id` of type `type` from its side chain: its fields
/// come from the issuing transaction, sealed to the holder.
async function openHeld(type, id) {
	const url = await sideUrl(type);
	walletMessage(t("verify.checking"));
	let text;
	try {
		const status = await verifyCertificate(url, id);
		const answer = await withNode(url, (send) =>
			send("ecert_certificateByTx", [status.issued.blockNumber, status.issued.txHash]),
		);
		text = keystore.key.holderFile(type, JSON.stringify(answer));
	} catch (error) {
		const known = t(`keystore.${error.message}`);
		walletMessage(known === `keystore.${error.message}` ? String(error.message) : known);
		return;
	}
	holder = { text, ...JSON.parse(text) };
	walletMessage(null);
	forgetDownloads();
	await showHolder();
	offerDownload("save-file", text, `${holder.fields[0]?.value ?? "certificate"}.ecert.json`);
}

/// The certificate as a W3C Verifiable Credential, with its portable
/// proof, to save.
async function exportCredential() {
	walletMessage(t("verify.checking"));
	const accreditation = await issuer(trust.mainUrl, holder.issuer);
	let made;
	try {
		if (!accreditation) throw new Error(t("trust.nodeDown", { url: trust.mainUrl }));
		const proof = await heldProof();
		made = credential(holder.text, JSON.stringify(accreditation), proof);
	} catch (error) {
		walletMessage(t("wallet.vcFailed", { error: error.message ?? error }));
		return;
	}
	walletMessage(null);
	offerDownload("vc-download", made, `${holder.fields[0]?.value ?? "certificate"}.vc.json`);
}

async function showHolder() {
	if (!holder) return;
	$("certificate").hidden = false;
	$("shown").hidden = true;
	$("certificate-title").textContent = `${typeName(holder.certificateType)} · ${holder.issuer}`;
	const list = $("certificate-fields");
	const labels = await fieldLabels(holder.certificateType);
	list.replaceChildren();
	for (const field of holder.fields) {
		const row = element("label");
		const box = element("input");
		box.type = "checkbox";
		box.value = field.name;
		const term = element("span", null, labels[field.name] ?? field.name);
		term.dataset.label = field.name;
		row.append(box, term, element("span", null, field.value));
		list.append(row);
	}
	const status = $("certificate-status");
	status.textContent = t("verify.checking");
	const url = await sideUrl(holder.certificateType);
	try {
		const answer = await verifyCertificate(url, holder.certificateId, holder.membership ?? null);
		status.textContent = `${t("disclosure.status")}: ${t(`outcome.${answer.status}`)}`;
		status.dataset.status = answer.status;
	} catch {
		status.textContent = url ? t("trust.nodeDown", { url }) : t("value.noNode");
	}
}

function discloseChosen() {
	const names = [...document.querySelectorAll("#certificate-fields input:checked")].map(
		(box) => box.value,
	);
	if (!names.length) {
		walletMessage(t("wallet.chooseFirst"));
		return;
	}
	walletMessage(null);
	const disclosure = disclose(holder.text, JSON.stringify(names));
	const bytes = new TextEncoder().encode(disclosure);
	$("shown-qr").innerHTML = qrSvg(bytes, qrScale(bytes, $("shown").parentElement.clientWidth));
	const link = $("shown-download");
	URL.revokeObjectURL(link.href);
	link.href = URL.createObjectURL(new Blob([disclosure], { type: "application/json" }));
	$("shown").hidden = false;
}

/// The portable proof (bytes) of the certificate open in the wallet, from
/// its side chain.
async function heldProof() {
	const answer = await withNode(await sideUrl(holder.certificateType), (send) =>
		send("ecert_certificateProof", [holder.certificateId, holder.membership ?? null]),
	);
	return proofFromText(answer.proof);
}

async function showProof() {
	let bytes;
	try {
		bytes = await heldProof();
	} catch (error) {
		walletMessage(t("wallet.noProof", { error: error.message ?? error }));
		return;
	}
	walletMessage(null);
	const room = Math.min(innerWidth * 0.94, innerHeight * 0.85);
	$("fullscreen-qr").innerHTML = qrSvg(bytes, qrScale(bytes, Math.floor(room)));
	$("fullscreen").hidden = false;
}


// The explorer: the registries of the main chain, and how far each chain
// has finalized and anchored the other.

/// A table of `rows` under `head` (keys of words): each row has a `name`
/// (its `data-row`), `cells` ([field, value] pairs) and, if any, `data` for
/// its dataset.
function fillTable(id, head, rows) {
	const table = $(id);
	table.replaceChildren();
	const top = element("tr");
	for (const key of head) top.append(element("th", null, t(key)));
	table.append(top);
	for (const row of rows) {
		const line = element("tr");
		Object.assign(line.dataset, { row: row.name, ...row.data });
		for (const [field, value] of row.cells) {
			const cell = element("td", null, String(value));
			cell.dataset.field = field;
			line.append(cell);
		}
		table.append(line);
	}
}

/// The finalized number of the chain at `url`, and the number of the
/// latest header of each chain in `anchoredTypes` ("" for main) that it
/// has anchored.
function chainFigures(url, anchoredTypes) {
	return withNode(url, async (send) => {
		const head = await send("chain_getFinalizedHead", []);
		const header = await send("chain_getHeader", [head]);
		const anchored = {};
		for (const type of anchoredTypes) {
			const value = await send("state_getStorage", [anchoredChainKey(type), head]);
			anchored[type] = anchoredNumber(value);
		}
		return { finalized: Number(header.number), anchored };
	});
}

async function explore() {
	const message = $("explorer-message");
	message.hidden = true;
	let types, issuers;
	try {
		[types, issuers] = await withNode(trust.mainUrl, async (send) => [
			await send("ecert_certificateTypes", []),
			await send("ecert_issuers", []),
		]);
		// The freshest directory, for the other pages too.
		registered = Promise.resolve(types);
	} catch {
		message.textContent = t("trust.nodeDown", { url: trust.mainUrl });
		message.hidden = false;
		return;
	}
	fillTable(
		"explorer-types",
		["explorer.type", "explorer.name", "explorer.status", "explorer.fields", "explorer.node"],
		types.map((type) => ({
			name: type.id,
			cells: [
				["type", typeName(type.id)],
				["name", type.name],
				["status", t(`explorer.state.${type.status}`)],
				["fields", fieldList(type.schema)],
				["node", listedUrl(types, type.id) ?? "-"],
			],
		})),
	);
	fillTable(
		"explorer-issuers",
		["explorer.org", "explorer.name", "explorer.status", "explorer.allowed"],
		issuers.map((issuer) => ({
			name: issuer.orgCode,
			cells: [
				["org", issuer.orgCode],
				["name", issuer.name],
				["status", t(`explorer.state.${issuer.status}`)],
				["types", issuer.certificateTypes.map(typeName).join(", ")],
			],
		})),
	);

	// Each chain's finalized head, and the other chain's header it anchors.
	const sideTypes = types.map((type) => type.id).filter((id) => listedUrl(types, id));
	const main = await chainFigures(trust.mainUrl, sideTypes).catch(() => null);
	const blocks = (finalized, anchored) =>
		t("explorer.blocks", { n: Math.max(0, finalized - anchored) });
	const rows = [
		{
			name: "main",
			cells: [
				["chain", t("explorer.main")],
				["finalized", main ? `#${main.finalized}` : "-"],
				["anchored", "-"],
				["lag", "-"],
			],
		},
	];
	for (const type of sideTypes) {
		const url = await sideUrl(type, types);
		const side = url ? await chainFigures(url, [""]).catch(() => null) : null;
		const onMain = main?.anchored[type] ?? 0;
		const onSide = side?.anchored[""] ?? 0;
		const lagOnMain = side ? blocks(side.finalized, onMain) : "-";
		const lagOnSide = side && main ? blocks(main.finalized, onSide) : "-";
		rows.push({
			name: type,
			data: { anchoredOnMain: onMain },
			cells: [
				["chain", typeName(type)],
				[
					"finalized",
					side
						? `#${side.finalized}`
						: t("trust.nodeDown", { url: url ?? listedUrl(types, type) }),
				],
				["anchored", side ? t("explorer.anchoredPair", { onMain, onSide }) : "-"],
				["lag", `${lagOnMain} / ${lagOnSide}`],
			],
		});
	}
	fillTable(
		"explorer-chains",
		["explorer.chain", "explorer.finalized", "explorer.anchored", "explorer.lag"],
		rows,
	);

	// The latest certificate events of every side chain, newest first.
	const events = [];
	for (const type of sideTypes) {
		const url = await sideUrl(type, types);
		const recent = url
			? await withNode(url, (send) => send("ecert_recentEvents", [20])).catch(() => [])
			: [];
		events.push(...recent.map((event) => ({ type, ...event })));
	}
	events.sort((a, b) => b.blockNumber - a.blockNumber);
	fillTable(
		"explorer-events",
		["explorer.chain", "explorer.block", "explorer.event", "keystore.certificate"],
		events.map((event, index) => ({
			name: String(index),
			data: { kind: event.kind, certificate: event.certificateId ?? event.root },
			cells: [
				["chain", typeName(event.type)],
				["block", `#${event.blockNumber}`],
				["event", t(`event.${event.kind}`, event)],
				["certificate", shortHash(event.certificateId ?? event.root)],
			],
		})),
	);
	$("explorer-events-none").hidden = events.length > 0;
	$("explorer").dataset.loaded = "true";
}

/// The start of a long hash, enough to tell it apart at a glance.
function shortHash(hash) {
	return `${hash.slice(0, 10)}…`;
}

function showTab(name) {
	if (name === "explorer") explore();
	if (name === "office") office.open();
	for (const tab of ["verify", "wallet", "explorer", "office"]) {
		$(tab).hidden = tab !== name;
		if (tab === name) $(`tab-${tab}`).setAttribute("aria-current", "page");
		else $(`tab-${tab}`).removeAttribute("aria-current");
	}
}

function redraw() {
	setLanguage(language());
	$("language").textContent = language() === "en" ? "中文" : "English";
	$("language").lang = language() === "en" ? "zh-Hant" : "en";
	if (camera) $("scan").textContent = t("verify.stopScan");
	$("trust-status").textContent = describeTrust();
	if (last) check(last);
	if (holder) showHolder();
	if (keystore.key && !$("held").hidden) listHeld();
	if (!$("explorer").hidden) explore();
	office?.redraw();
}

/// The issuer's console (web/src/office.js), once the page has started.
let office = null;

async function start() {
	await init();
	for (const [name, words] of Object.entries(languages)) {
		const missing = Object.keys(languages.en).filter((key) => !(key in words));
		if (missing.length) console.error(`${name} misses ${missing.join(", ")}`);
	}
	$("main-url").value = trust.mainUrl;
	// `?office=http://…` in the address names the office to log in to.
	if (params.get("office")) sessionStorage.setItem("ecert.office.url", params.get("office"));
	office = officeConsole({
		url: `http://${location.hostname || "127.0.0.1"}:8090`,
		certificateTypes,
		labelTag,
		typeName,
	});
	redraw();
	$("language").addEventListener("click", () => {
		setLanguage(language() === "en" ? "zh-Hant" : "en");
		redraw();
	});
	$("proof-file").addEventListener("change", async (event) => {
		const file = event.target.files[0];
		event.target.value = "";
		if (!file) return;
		showMessage(null, t("verify.checking"), "checking");
		try {
			await check(await bytesOfFile(file));
		} catch (error) {
			showMessage("noTrust", t("verify.fileError", { error: error.message ?? error }), "unreadable");
		}
	});
	$("check-paste").addEventListener("click", () => {
		let bytes;
		try {
			bytes = proofFromText($("paste").value);
		} catch {
			showMessage("forged", t("verify.notHex"), "unreadable");
			return;
		}
		check(bytes);
	});
	$("scan").addEventListener("click", toggleCamera);
	$("lookup").addEventListener("submit", (event) => {
		event.preventDefault();
		last = null;
		lookUp();
	});
	$("main-url").addEventListener("change", () => {
		trust.mainUrl = $("main-url").value.trim();
		trust.checkpoint = null;
		fetchCheckpoint().then(() => last && check(last));
	});
	$("checkpoint-file").addEventListener("change", async (event) => {
		const file = event.target.files[0];
		event.target.value = "";
		if (!file) return;
		try {
			// Refused here unless it is a checkpoint the verifier can use.
			const json = readCheckpoint(await file.text());
			useCheckpoint(json, "file", file.name);
			if (last) check(last);
		} catch (error) {
			trust.checkpoint = null;
			trust.error = t("trust.badFile", { name: file.name, error: error.message ?? error });
			$("trust-status").textContent = trust.error;
		}
	});
	$("tab-verify").addEventListener("click", () => showTab("verify"));
	$("tab-wallet").addEventListener("click", () => showTab("wallet"));
	$("tab-explorer").addEventListener("click", () => showTab("explorer"));
	$("tab-office").addEventListener("click", () => showTab("office"));
	$("explorer-refresh").addEventListener("click", explore);
	$("holder-file").addEventListener("change", async (event) => {
		const file = event.target.files[0];
		event.target.value = "";
		if (file) await openWallet(file);
	});
	$("keystore-file").addEventListener("change", async (event) => {
		const [file] = event.target.files;
		event.target.value = "";
		if (file) await openKeystore(file);
	});
	$("unlock").addEventListener("submit", (event) => {
		event.preventDefault();
		unlock();
	});
	$("export-vc").addEventListener("click", exportCredential);
	$("disclose").addEventListener("click", discloseChosen);
	$("show-proof").addEventListener("click", showProof);
	$("fullscreen-close").addEventListener("click", () => {
		$("fullscreen").hidden = true;
	});
	fetchCheckpoint();
	document.body.dataset.ready = "true";
}

start();
