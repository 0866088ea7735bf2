// The issuer's console: the staff of an issuer's office (ecert-office) log
// in, clerks draft certificates, officers approve them, and the office
// issues them on chain. The page talks only to the office's JSON API; the
// login's token is kept for this browser tab only (sessionStorage), and the
// certificates' fields are never shown back: the office keeps them sealed.

import { dateTime, t } from "./i18n.js";

const $ = (id) => document.getElementById(id);

/// The office's refusal, in its own words, with its hint, and what exactly
/// is wrong where it says more (an import's rows).
class OfficeError extends Error {
	constructor(message, hint, details) {
		super(hint ? `${message} (${hint})` : message);
		this.details = details;
	}
}

/// The console, over the office at `url` (the address field changes it).
/// `certificateTypes()` lists the main chain's types and their field
/// schemas; `labelTag()` says which of a field's labels to show;
/// `typeName(id)` is a type in words.
export function officeConsole({ url, certificateTypes, labelTag, typeName }) {
	const session = {
		url: sessionStorage.getItem("ecert.office.url") ?? url,
		token: sessionStorage.getItem("ecert.office.token"),
		/// `{ username, role }` once logged in.
		who: JSON.parse(sessionStorage.getItem("ecert.office.who") ?? "null"),
	};
	let certificates = [];

	/// `method` on the office's `path`, with a JSON `body` or a file (a
	/// `Blob`, sent as it is): the JSON answer, or the text if `as` is "text".
	async function api(method, path, body, as = "json") {
		const headers = {};
		if (session.token) headers.authorization = `Bearer ${session.token}`;
		const file = body instanceof Blob;
		if (body !== undefined) {
			headers["content-type"] = file ? body.type || "application/octet-stream" : "application/json";
		}
		let response;
		try {
			response = await fetch(`${session.url.replace(/\/$/, "")}${path}`, {
				method,
				headers,
				body: file ? body : body && JSON.stringify(body),
			});
		} catch {
			throw new OfficeError(t("office.unreachable", { url: session.url }));
		}
		const text = await response.text();
		if (response.status === 401 && session.token) forget();
		if (!response.ok) {
			let refusal = {};
			try {
				refusal = JSON.parse(text);
			} catch {}
			throw new OfficeError(refusal.error ?? response.statusText, refusal.hint, refusal.details);
		}
		if (as === "text") return text;
		return text ? JSON.parse(text) : null;
	}

	function say(text, outcome) {
		const message = $("office-message");
		message.textContent = text;
		message.hidden = !text;
		message.dataset.outcome = outcome ?? "";
	}

	/// Logged out: nothing of the office stays on the page for the next
	/// person at this computer.
	function forget() {
		session.token = null;
		session.who = null;
		sessionStorage.removeItem("ecert.office.token");
		sessionStorage.removeItem("ecert.office.who");
		const link = $("office-holder-file");
		if (link.href) URL.revokeObjectURL(link.href);
		link.removeAttribute("href");
		link.hidden = true;
		certificates = [];
		$("office-certificates").replaceChildren();
		$("office-audit-log").replaceChildren();
		$("office-staff-list").replaceChildren();
		$("office-import-progress").hidden = true;
		$("office-import-approve").hidden = true;
		show();
	}

	async function login() {
		session.url = $("office-url").value.trim();
		sessionStorage.setItem("ecert.office.url", session.url);
		try {
			const answer = await api("POST", "/api/login", {
				username: $("office-username").value.trim(),
				password: $("office-password").value,
			});
			session.token = answer.token;
			session.who = { username: answer.username, role: answer.role };
			sessionStorage.setItem("ecert.office.token", session.token);
			sessionStorage.setItem("ecert.office.who", JSON.stringify(session.who));
			$("office-password").value = "";
			say("", "logged-in");
			show();
			await refresh();
		} catch (error) {
			say(error.message, "refused");
		}
	}

	async function logout() {
		await api("POST", "/api/logout").catch(() => {});
		forget();
		say(t("office.loggedOut"), "logged-out");
	}

	/// The type chooser, from the main chain's registry.
	async function fillTypes() {
		const types = await certificateTypes().catch(() => []);
		const chooser = $("office-type");
		const chosen = chooser.value;
		chooser.replaceChildren(
			...types.map((type) => {
				const option = document.createElement("option");
				option.value = type.id;
				option.textContent = typeName(type.id);
				return option;
			}),
		);
		if (chosen) chooser.value = chosen;
		await fillFields(types);
	}

	/// An input for each field of the chosen type, labelled in the page's
	/// language; a list of choices for an enumeration.
	async function fillFields(types) {
		types ??= await certificateTypes().catch(() => []);
		const type = types.find((entry) => entry.id === $("office-type").value);
		const given = givenFields();
		$("office-fields").replaceChildren(
			...(type?.schema ?? []).map((field) => {
				const label = document.createElement("label");
				const words = document.createElement("span");
				words.textContent = field.label[labelTag()];
				const choices = field.kind?.enumeration;
				const input = document.createElement(choices ? "select" : "input");
				for (const choice of choices ?? []) {
					const option = document.createElement("option");
					option.value = option.textContent = choice;
					input.append(option);
				}
				if (field.kind === "date") input.type = "date";
				input.name = field.name;
				input.required = field.required;
				input.value = given[field.name] ?? input.value;
				label.append(words, input);
				return label;
			}),
		);
	}

	/// The values in the draft's field inputs, by field name.
	function givenFields() {
		const inputs = [...document.querySelectorAll("#office-fields [name]")];
		return Object.fromEntries(inputs.map((input) => [input.name, input.value]));
	}

	async function draft() {
		const fields = givenFields();
		try {
			const drafted = await api("POST", "/api/certificates", {
				certificateType: $("office-type").value,
				holder: $("office-holder").value.trim(),
				fields,
			});
			say(t("office.drafted", { number: drafted.number }), "drafted");
			// Ready for the next one.
			$("office-holder").value = "";
			for (const input of document.querySelectorAll("#office-fields input")) input.value = "";
			await search();
		} catch (error) {
			say(error.message, "refused");
		}
	}

	async function search() {
		const query = new URLSearchParams();
		const number = $("office-search-number").value.trim();
		if (number) query.set("number", number);
		const holder = $("office-search-holder").value.trim();
		if (holder) query.set("holder", holder);
		if ($("office-search-state").value) query.set("state", $("office-search-state").value);
		try {
			certificates = await api("GET", `/api/certificates?${query}`);
			list();
		} catch (error) {
			say(error.message, "refused");
		}
	}

	/// An officer approves a draft, or sends a refused one again.
	async function send(row, action) {
		try {
			await api("POST", `/api/certificates/${row.id}/${action}`);
			say(t("office.approved"), "approved");
			await search();
			follow(row.id);
		} catch (error) {
			say(error.message, "refused");
		}
	}

	/// Asks the office again until certificate `id` is on chain or refused.
	async function follow(id) {
		for (let tries = 0; tries < 300 && session.token; tries++) {
			await new Promise((resolve) => setTimeout(resolve, 2000));
			const row = await api("GET", `/api/certificates/${id}`).catch(() => null);
			if (!row) return;
			certificates = certificates.map((known) => (known.id === id ? row : known));
			list();
			if (row.state === "issued" || row.state === "failed") return;
		}
	}

	function actionButton(action, row, work) {
		const button = document.createElement("button");
		button.type = "button";
		button.dataset.action = action;
		button.textContent = t(`office.action.${action}`);
		button.addEventListener("click", () => work(row));
		return button;
	}

	/// What the member of staff may do with `row`, as it stands: a clerk
	/// drafts (a document for a draft, a renewal); an officer also approves
	/// and changes what is on chain.
	function rowActions(row) {
		const role = session.who?.role;
		if (!["clerk", "officer"].includes(role)) return [];
		const officer = role === "officer";
		if (row.state === "draft") {
			const attach = documentPicker(row);
			return officer ? [actionButton("approve", row, (row) => send(row, "approve")), attach] : [attach];
		}
		if (row.state === "failed" && officer) return [actionButton("retry", row, (row) => send(row, "retry"))];
		if (row.state !== "issued") return [];
		const chainStatus = row.chainStatus ?? "valid";
		const renewal = ["valid", "suspended"].includes(chainStatus) ? [actionButton("renew", row, renew)] : [];
		if (!officer) return renewal;
		const change = (kind) => actionButton(kind, row, (row) => changeStatus(row, kind));
		const buttons = {
			valid: [change("suspend"), change("revoke")],
			suspended: [change("reinstate"), change("revoke")],
		}[chainStatus] ?? [];
		return [...buttons, ...renewal, actionButton("holderFile", row, holderFile)];
	}

	/// A button that chooses a file and attaches it to draft `row`.
	function documentPicker(row) {
		const label = document.createElement("label");
		label.className = "button";
		label.dataset.action = "attach";
		label.textContent = t(row.documentHash ? "office.action.replaceDocument" : "office.action.attach");
		const input = document.createElement("input");
		input.type = "file";
		input.addEventListener("change", () => {
			const [file] = input.files;
			if (file) attachDocument(row, file);
		});
		label.append(input);
		return label;
	}

	/// Attaches `file` to draft `row`: the office keeps it sealed, and its
	/// fingerprint goes on chain with the certificate.
	async function attachDocument(row, file) {
		try {
			const query = new URLSearchParams({ name: file.name });
			await api("POST", `/api/certificates/${row.id}/document?${query}`, file);
			say(t("office.documentAttached", { name: file.name, number: row.number }), "document-attached");
			await search();
		} catch (error) {
			say(error.message, "refused");
		}
	}

	/// Drafts the renewal of issued `row`: a new number and end of validity,
	/// asked in the renewal dialog; the other fields stay the same.
	async function renew(row) {
		const dialog = $("office-renew-dialog");
		$("office-renew-title").textContent = t("office.renewTitle", { number: row.number });
		$("office-renew-number").value = "";
		$("office-renew-until").value = "";
		dialog.showModal();
		const confirmed = await new Promise((resolve) =>
			dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true }),
		);
		if (!confirmed) return;
		const types = await certificateTypes().catch(() => []);
		const numberField = types.find((type) => type.id === row.certificateType)?.schema?.[0]?.name;
		const until = $("office-renew-until").value;
		try {
			const drafted = await api("POST", `/api/certificates/${row.id}/renew`, {
				fields: { [numberField ?? "certificate_number"]: $("office-renew-number").value.trim() },
				// As an import reads valid_until: the day's start, UTC.
				validUntil: until ? Date.parse(until) : null,
			});
			say(t("office.renewed", { old: row.number, number: drafted.number }), "renewal-drafted");
			await search();
		} catch (error) {
			say(error.message, "refused");
		}
	}

	/// The office's staff, for an admin: each one's role and account, and
	/// what the admin may change.
	async function staffList() {
		try {
			const staff = await api("GET", "/api/staff");
			const head = document.createElement("tr");
			for (const key of ["office.username", "office.staffRole", "office.staffAccount", "office.actions"]) {
				head.append(Object.assign(document.createElement("th"), { textContent: t(key) }));
			}
			const rows = staff.map((member) => {
				const tr = document.createElement("tr");
				tr.dataset.staff = member.username;
				tr.dataset.active = member.active;
				const role = document.createElement("select");
				role.dataset.field = "role";
				for (const name of ["clerk", "officer", "auditor", "admin"]) {
					const words = t(`office.role.${name}`);
					role.append(Object.assign(document.createElement("option"), { value: name, textContent: words }));
				}
				role.value = member.role;
				role.addEventListener("change", () => changeStaff(member, { role: role.value }));
				const roleCell = document.createElement("td");
				roleCell.append(role);
				const actions = document.createElement("td");
				actions.dataset.field = "actions";
				actions.append(
					member.active
						? actionButton("close", member, closeAccount)
						: actionButton("reopen", member, (member) => changeStaff(member, { active: true })),
					actionButton("newPassword", member, newPassword),
				);
				tr.append(
					cell("username", member.username),
					roleCell,
					cell("active", t(member.active ? "office.staffOpen" : "office.staffClosed")),
					actions,
				);
				return tr;
			});
			$("office-staff-list").replaceChildren(head, ...rows);
		} catch (error) {
			say(error.message, "refused");
		}
	}

	async function addStaff() {
		const role = $("office-staff-role").value;
		try {
			const added = await api("POST", "/api/staff", {
				username: $("office-staff-username").value.trim(),
				password: $("office-staff-password").value,
				role,
			});
			$("office-staff-username").value = "";
			$("office-staff-password").value = "";
			say(t("office.staffAdded", { username: added.username, role: t(`office.role.${role}`) }), "staff-added");
		} catch (error) {
			say(error.message, "refused");
		}
		await staffList();
	}

	/// Makes `change` to `member`: a role, closing or reopening the account,
	/// or a new password. Said, then the list is read again.
	async function changeStaff(member, change, said) {
		try {
			await api("PATCH", `/api/staff/${encodeURIComponent(member.username)}`, change);
			say(said ?? t("office.staffChanged", { username: member.username }), "staff-changed");
		} catch (error) {
			say(error.message, "refused");
		}
		await staffList();
	}

	async function closeAccount(member) {
		if (!(await ask(t("office.confirm.close", { username: member.username }), null, false))) return;
		await changeStaff(member, { active: false });
	}

	/// A new password for `member`, made in this browser and shown once, for
	/// the admin to give them in person.
	async function newPassword(member) {
		if (!(await ask(t("office.confirm.newPassword", { username: member.username }), null, false))) return;
		const alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
		const password = [...crypto.getRandomValues(new Uint32Array(20))]
			.map((n) => alphabet[n % alphabet.length])
			.join("");
		const said = t("office.staffNewPassword", { username: member.username, password });
		await changeStaff(member, { password }, said);
	}

	/// Asks the member of staff, in the dialog, for a reason (and a revocation's
	/// code): `{ reason, code }`, or null if they cancel. With no `question`,
	/// it only asks them to confirm.
	function ask(title, question, withCode) {
		const dialog = $("office-dialog");
		$("office-dialog-title").textContent = title;
		$("office-dialog-question").textContent = question ?? "";
		$("office-reason").closest("label").hidden = !question;
		$("office-reason").value = "";
		$("office-reason").required = Boolean(question);
		$("office-reason-code").value = "0";
		$("office-reason-code-box").hidden = !withCode;
		dialog.showModal();
		return new Promise((resolve) => {
			dialog.addEventListener(
				"close",
				() =>
					resolve(
						dialog.returnValue === "ok"
							? { reason: $("office-reason").value.trim(), code: Number($("office-reason-code").value) }
							: null,
					),
				{ once: true },
			);
		});
	}

	async function changeStatus(row, kind) {
		const title = t(`office.confirm.${kind}`, { number: row.number });
		const answer = await ask(title, t("office.reason"), kind === "revoke");
		if (!answer) return;
		const body = { reason: answer.reason };
		if (kind === "revoke") body.reasonCode = answer.code;
		try {
			await api("POST", `/api/certificates/${row.id}/${kind}`, body);
			say(t("office.changeAsked", { number: row.number }), "change-asked");
			followChange(row);
		} catch (error) {
			say(error.message, "refused");
		}
	}

	/// Asks the office until `row`'s latest status change is on chain or
	/// refused, then shows the certificate again.
	async function followChange(row) {
		for (let tries = 0; tries < 300 && session.token; tries++) {
			await new Promise((resolve) => setTimeout(resolve, 2000));
			const changes = await api("GET", `/api/certificates/${row.id}/changes`).catch(() => null);
			const last = changes?.at(-1);
			if (!last || last.state === "pending") continue;
			say(
				last.state === "done"
					? t("office.changeDone", { number: row.number })
					: `${t("office.changeFailed", { number: row.number })} ${last.problem ?? ""}`,
				`change-${last.state}`,
			);
			await search();
			return;
		}
	}

	/// The holder's file again, from the office's records, after the officer
	/// says how they checked who is asking.
	async function holderFile(row) {
		const title = t("office.holderFileTitle", { number: row.number });
		const answer = await ask(title, t("office.identityChecked"), false);
		if (!answer) return;
		try {
			const file = await api("POST", `/api/certificates/${row.id}/holder-file`, {
				identityChecked: answer.reason,
			});
			const link = $("office-holder-file");
			URL.revokeObjectURL(link.href);
			const text = JSON.stringify(file, null, 2);
			link.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
			link.download = `${row.number}.ecert.json`;
			link.hidden = false;
			say(t("office.holderFileReady", { number: row.number }), "holder-file");
		} catch (error) {
			say(error.message, "refused");
		}
	}

	/// A CSV file of certificates of the chosen type: checked row by row by
	/// the office, drafted all together or not at all, then followed.
	async function importFile(file) {
		const query = new URLSearchParams({ type: $("office-type").value, fileName: file.name });
		const progress = $("office-import-progress");
		progress.hidden = false;
		progress.textContent = t("office.importing", { name: file.name });
		try {
			const imported = await api("POST", `/api/imports?${query}`, file);
			followImport(imported);
		} catch (error) {
			progress.dataset.state = "refused";
			// Each bad row, by its line in the file.
			const rows = (error.details ?? []).map((row) =>
				row.line ? t("office.importLine", { line: row.line, error: row.error }) : row.error,
			);
			progress.textContent = [error.message, ...rows.slice(0, 20)].join("\n");
		}
	}

	/// Shows how far import `imported` is, asking the office again every two
	/// seconds until every row is issued or refused.
	async function followImport(imported) {
		const progress = $("office-import-progress");
		const approveButton = $("office-import-approve");
		while (imported && session.token) {
			progress.dataset.state = imported.done ? "done" : imported.draft ? "drafted" : "sending";
			progress.textContent = t("office.importProgress", imported);
			approveButton.hidden = !(imported.draft > 0 && session.who?.role === "officer");
			approveButton.onclick = async () => {
				try {
					await api("POST", `/api/imports/${imported.id}/approve`);
					approveButton.hidden = true;
				} catch (error) {
					say(error.message, "refused");
				}
			};
			if (imported.done) break;
			await new Promise((resolve) => setTimeout(resolve, 2000));
			imported = await api("GET", `/api/imports/${imported.id}`).catch(() => null);
		}
		await search();
	}

	/// The audit log, newest first: the last 200 entries.
	async function audit() {
		try {
			let entries = [];
			for (let after = 0; ; ) {
				const page = await api("GET", `/api/audit?after=${after}`);
				entries = [...entries, ...page].slice(-200);
				if (page.length < 1000) break;
				after = page.at(-1).id;
			}
			const head = document.createElement("tr");
			const columns = [
				"office.auditAt",
				"office.username",
				"office.auditAction",
				"office.auditSubject",
				"office.auditDetail",
			];
			for (const key of columns) {
				head.append(Object.assign(document.createElement("th"), { textContent: t(key) }));
			}
			const rows = entries.reverse().map((entry) => {
				const tr = document.createElement("tr");
				tr.dataset.action = entry.action;
				tr.append(
					cell("at", dateTime(entry.at * 1000)),
					cell("staff", entry.staff),
					cell("action", entry.action),
					cell("subject", entry.subject),
					cell("detail", entry.txHash ? `${entry.detail} ${entry.txHash}`.trim() : entry.detail),
				);
				return tr;
			});
			$("office-audit-log").replaceChildren(head, ...rows);
		} catch (error) {
			say(error.message, "refused");
		}
	}

	/// The whole audit log as a CSV file, saved by the browser.
	async function auditCsv() {
		try {
			const text = await api("GET", "/api/audit.csv", undefined, "text");
			const link = document.createElement("a");
			link.href = URL.createObjectURL(new Blob([text], { type: "text/csv" }));
			link.download = "audit-log.csv";
			link.click();
			setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
		} catch (error) {
			say(error.message, "refused");
		}
	}

	function cell(field, text) {
		const td = document.createElement("td");
		td.dataset.field = field;
		td.textContent = text;
		return td;
	}

	/// The office's certificates: where each stands, its receipt once on
	/// chain, and what the member of staff may do with it.
	function list() {
		const table = $("office-certificates");
		const head = document.createElement("tr");
		const columns = [
			"lookup.number",
			"office.holder",
			"office.state",
			"office.receipt",
			"office.updated",
			"office.actions",
		];
		for (const key of columns) {
			const th = document.createElement("th");
			th.textContent = t(key);
			head.append(th);
		}
		const rows = certificates.map((row) => {
			const tr = document.createElement("tr");
			tr.dataset.row = row.number;
			tr.dataset.state = row.state;
			// Once issued, a suspension or revocation is what matters.
			const state =
				row.chainStatus && row.chainStatus !== "valid"
					? t(`outcome.${row.chainStatus}`)
					: t(`office.state.${row.state}`);
			const receipt = row.txHash
				? t("office.receiptText", { block: row.blockNumber, tx: `${row.txHash.slice(0, 10)}…` })
				: (row.problem ?? "");
			const actions = document.createElement("td");
			actions.dataset.field = "actions";
			actions.append(...rowActions(row));
			tr.append(
				cell("number", row.documentHash ? `${row.number} (${t("office.withDocument")})` : row.number),
				cell("holder", `${row.holder.slice(0, 10)}…`),
				cell("state", state),
				cell("receipt", receipt),
				cell("updated", dateTime(row.updatedAt * 1000)),
				actions,
			);
			const receiptCell = tr.querySelector("[data-field=receipt]");
			receiptCell.dataset.txHash = row.txHash ?? "";
			receiptCell.title = row.txHash ?? "";
			return tr;
		});
		table.replaceChildren(head, ...rows);
	}

	/// Everything the member of staff's role shows, read again.
	async function refresh() {
		const role = session.who?.role;
		await Promise.all([
			["clerk", "officer"].includes(role) ? fillTypes() : null,
			role !== "admin" ? search() : null,
			["auditor", "admin"].includes(role) ? audit() : null,
			role === "admin" ? staffList() : null,
		]);
	}

	function show() {
		const loggedIn = Boolean(session.token);
		$("office-login").hidden = loggedIn;
		$("office-desk").hidden = !loggedIn;
		$("office-url").value = session.url;
		if (loggedIn) {
			$("office-who").textContent = t("office.who", {
				username: session.who?.username ?? "",
				role: t(`office.role.${session.who?.role}`),
			});
			const role = session.who?.role;
			$("office-draft").hidden = !["clerk", "officer"].includes(role);
			$("office-import").hidden = !["clerk", "officer"].includes(role);
			$("office-list").hidden = role === "admin";
			$("office-audit").hidden = !["auditor", "admin"].includes(role);
			$("office-staff").hidden = role !== "admin";
		}
	}

	$("office-login").addEventListener("submit", (event) => {
		event.preventDefault();
		login();
	});
	$("office-logout").addEventListener("click", logout);
	$("office-draft").addEventListener("submit", (event) => {
		event.preventDefault();
		draft();
	});
	$("office-search").addEventListener("submit", (event) => {
		event.preventDefault();
		search();
	});
	$("office-type").addEventListener("change", () => fillFields());
	$("office-import-file").addEventListener("change", (event) => {
		const [file] = event.target.files;
		event.target.value = "";
		if (file) importFile(file);
	});
	$("office-staff-add").addEventListener("submit", (event) => {
		event.preventDefault();
		addStaff();
	});
	$("office-audit-refresh").addEventListener("click", audit);
	$("office-audit-csv").addEventListener("click", auditCsv);

	return {
		/// Shows the console (on opening its tab, or in another language).
		redraw() {
			show();
			if (session.token) {
				fillTypes();
				list();
				if (!$("office-audit").hidden) audit();
				if (!$("office-staff").hidden) staffList();
			}
		},
		/// The console opened: the latest of the office's certificates.
		open() {
			show();
			if (session.token) refresh();
		},
	};
}
