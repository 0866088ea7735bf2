// The issuer's console: the staff of an issuer's office (ecert-office) log
// in, clerks draft certificates, officers approve them, and the office
// issues them on chain. The page talks only to the office's JSON API; the
// login's token is kept for this browser tab only (sessionStorage), and the
// certificates' fields are never shown back: the office keeps them sealed.

import { dateTime, t } from "./i18n.js";

const $ = (id) => document.getElementById(id);

/// The office's refusal, in its own words, with its hint.
class OfficeError extends Error {
	constructor(message, hint) {
		super(hint ? `${message} (${hint})` : message);
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

	async function api(method, path, body) {
		const headers = {};
		if (session.token) headers.authorization = `Bearer ${session.token}`;
		if (body) headers["content-type"] = "application/json";
		let response;
		try {
			response = await fetch(`${session.url.replace(/\/$/, "")}${path}`, {
				method,
				headers,
				body: body ? JSON.stringify(body) : undefined,
			});
		} catch {
			throw new OfficeError(t("office.unreachable", { url: session.url }));
		}
		const text = await response.text();
		const answer = text ? JSON.parse(text) : null;
		if (response.status === 401 && session.token) forget();
		if (!response.ok) throw new OfficeError(answer?.error ?? response.statusText, answer?.hint);
		return answer;
	}

	function say(text, outcome) {
		const message = $("office-message");
		message.textContent = text;
		message.hidden = !text;
		message.dataset.outcome = outcome ?? "";
	}

	function forget() {
		session.token = null;
		session.who = null;
		sessionStorage.removeItem("ecert.office.token");
		sessionStorage.removeItem("ecert.office.who");
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
			await Promise.all([fillTypes(), search()]);
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
		if ($("office-search-state").value) query.set("state", $("office-search-state").value);
		try {
			certificates = await api("GET", `/api/certificates?${query}`);
			list();
		} catch (error) {
			say(error.message, "refused");
		}
	}

	async function approve(id) {
		try {
			await api("POST", `/api/certificates/${id}/approve`);
			say(t("office.approved"), "approved");
			await search();
			follow(id);
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
			if (row.state === "draft" && session.who?.role === "officer") {
				const button = document.createElement("button");
				button.type = "button";
				button.dataset.action = "approve";
				button.textContent = t("office.approve");
				button.addEventListener("click", () => approve(row.id));
				actions.append(button);
			}
			tr.append(
				cell("number", row.number),
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
			$("office-draft").hidden = !["clerk", "officer"].includes(session.who?.role);
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

	return {
		/// Shows the console (on opening its tab, or in another language).
		redraw() {
			show();
			if (session.token) {
				fillTypes();
				list();
			}
		},
		/// The console opened: the latest of the office's certificates.
		open() {
			show();
			if (session.token) Promise.all([fillTypes(), search()]);
		},
	};
}
