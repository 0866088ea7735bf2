// Every word the page shows, in English and Traditional Chinese. Both are
// complete: a test switches the language and checks the page.

const en = {
	tagline: "trusted electronic certificates",
	footer: "Proofs are checked in your browser. Nothing you open here is sent anywhere.",
	"verify.title": "Check a certificate",
	"verify.intro":
		"Scan the QR code the holder shows you, open a photo or file of it, or paste the proof.",
	"verify.upload": "Open a QR image or proof file",
	"verify.scan": "Scan with the camera",
	"verify.stopScan": "Stop the camera",
	"verify.pasteTitle": "Paste a proof instead",
	"verify.check": "Check",
	"verify.checking": "Checking…",
	"verify.noQr": "No QR code could be read in this image. Try a sharper, straighter picture.",
	"verify.notHex": "This text is not a proof. A proof is pasted as hexadecimal.",
	"verify.noCamera": "The camera cannot be used here: {error}",
	"verify.fileError": "The file cannot be read: {error}",
	"outcome.valid": "Valid",
	"outcome.revoked": "Revoked",
	"outcome.suspended": "Suspended",
	"outcome.expired": "Expired",
	"outcome.superseded": "Replaced by a renewed certificate",
	"outcome.notYetValid": "Not valid yet",
	"outcome.forged": "Forged",
	"outcome.otherNetwork": "From another network",
	"outcome.noTrust": "Cannot check yet",
	"explain.valid": "The issuer recorded this certificate and it is in force.",
	"explain.revoked": "The issuer revoked this certificate. It is no longer in force.",
	"explain.suspended": "The issuer suspended this certificate for now.",
	"explain.expired": "This certificate was valid until {until}.",
	"explain.superseded": "The issuer renewed this certificate; ask the holder for the new one.",
	"explain.notYetValid": "This certificate is valid from {from}.",
	"explain.forged":
		"This proof was changed after it was issued, or it was made up. Do not trust it.",
	"explain.otherNetwork":
		"This proof is from another ecert network than the one this page trusts.",
	"explain.noTrust": "The page has nothing to check against: {error}",
	"reason.undecodable": "The data is not a complete ecert proof.",
	"reason.notFinalized": "The main chain's signatures do not match.",
	"reason.noMainCommitment": "The main-chain block carries no record of the side chains.",
	"reason.notAnchored": "The certificate's block is not recorded by the main chain.",
	"reason.noSideCommitment": "The certificate's block carries no certificate record.",
	"reason.notInTree": "The certificate does not match its block's records.",
	"field.type": "Certificate type",
	"field.issuer": "Issued by",
	"field.holder": "Holder's identity",
	"field.certificate": "Certificate id",
	"field.asOf": "Status as of",
	"field.validity": "Valid",
	"field.blocks": "Recorded in",
	"field.trust": "Checked against",
	"value.forever": "{from} onwards",
	"value.window": "{from} to {until}",
	"value.blocks": "side-chain block #{side}, anchored in main-chain block #{main}",
	"value.age": "{date} ({age} ago)",
	"age.minutes": "{n} min",
	"age.hours": "{n} h",
	"age.days": "{n} days",
	"type.diploma": "Diploma",
	"type.license": "Professional licence",
	"trust.title": "What this page trusts",
	"trust.intro":
		"A proof is checked against the main chain's validators, fetched from a main node you trust, or from a checkpoint file.",
	"trust.mainNode": "Main node",
	"trust.file": "Open a checkpoint file",
	"trust.fromNode": "the main node at {url} ({n} validators, set {set})",
	"trust.fromFile": "the checkpoint file {name} ({n} validators, set {set})",
	"trust.nodeDown": "The node at {url} does not answer.",
	"trust.badFile": "{name} is not a checkpoint file: {error}",
};

const zh = {
	tagline: "可信電子證書",
	footer: "證明在您的瀏覽器中檢核，您在此開啟的任何內容都不會送出。",
	"verify.title": "檢核證書",
	"verify.intro": "掃描持有人出示的 QR 碼、開啟其照片或檔案，或貼上證明。",
	"verify.upload": "開啟 QR 碼圖片或證明檔",
	"verify.scan": "以相機掃描",
	"verify.stopScan": "關閉相機",
	"verify.pasteTitle": "改為貼上證明",
	"verify.check": "檢核",
	"verify.checking": "檢核中…",
	"verify.noQr": "此圖片中讀不到 QR 碼，請改用更清晰、更端正的照片。",
	"verify.notHex": "這段文字不是證明。證明須以十六進位貼上。",
	"verify.noCamera": "無法在此使用相機：{error}",
	"verify.fileError": "無法讀取檔案：{error}",
	"outcome.valid": "有效",
	"outcome.revoked": "已撤銷",
	"outcome.suspended": "已暫停",
	"outcome.expired": "已過期",
	"outcome.superseded": "已由換發的證書取代",
	"outcome.notYetValid": "尚未生效",
	"outcome.forged": "偽造",
	"outcome.otherNetwork": "來自其他網路",
	"outcome.noTrust": "尚無法檢核",
	"explain.valid": "發證單位已登錄此證書，且證書有效。",
	"explain.revoked": "發證單位已撤銷此證書，證書不再有效。",
	"explain.suspended": "發證單位已暫停此證書。",
	"explain.expired": "此證書的效期至 {until} 為止。",
	"explain.superseded": "發證單位已換發此證書，請向持有人索取新證書。",
	"explain.notYetValid": "此證書自 {from} 起生效。",
	"explain.forged": "此證明在簽發後遭竄改或係偽造，請勿採信。",
	"explain.otherNetwork": "此證明來自與本頁所信任者不同的 ecert 網路。",
	"explain.noTrust": "本頁沒有可據以檢核的依據：{error}",
	"reason.undecodable": "資料不是完整的 ecert 證明。",
	"reason.notFinalized": "主鏈的簽章不符。",
	"reason.noMainCommitment": "主鏈區塊中沒有側鏈的紀錄。",
	"reason.notAnchored": "證書所在區塊未經主鏈記錄。",
	"reason.noSideCommitment": "證書所在區塊中沒有證書紀錄。",
	"reason.notInTree": "證書與其所在區塊的紀錄不符。",
	"field.type": "證書類別",
	"field.issuer": "發證單位",
	"field.holder": "持有人身分",
	"field.certificate": "證書編號（鏈上）",
	"field.asOf": "狀態時間",
	"field.validity": "效期",
	"field.blocks": "記錄於",
	"field.trust": "檢核依據",
	"value.forever": "{from} 起",
	"value.window": "{from} 至 {until}",
	"value.blocks": "側鏈區塊 #{side}，錨定於主鏈區塊 #{main}",
	"value.age": "{date}（{age}前）",
	"age.minutes": "{n} 分鐘",
	"age.hours": "{n} 小時",
	"age.days": "{n} 天",
	"type.diploma": "學位證書",
	"type.license": "專業證照",
	"trust.title": "本頁信任的依據",
	"trust.intro": "證明係依主鏈驗證人檢核：由您信任的主鏈節點取得，或由檢核點檔案取得。",
	"trust.mainNode": "主鏈節點",
	"trust.file": "開啟檢核點檔案",
	"trust.fromNode": "位於 {url} 的主鏈節點（{n} 位驗證人，第 {set} 組）",
	"trust.fromFile": "檢核點檔案 {name}（{n} 位驗證人，第 {set} 組）",
	"trust.nodeDown": "位於 {url} 的節點沒有回應。",
	"trust.badFile": "{name} 不是檢核點檔案：{error}",
};

export const languages = { en, "zh-Hant": zh };

let current = localStorage.getItem("ecert.language") in languages
	? localStorage.getItem("ecert.language")
	: navigator.language?.startsWith("zh")
		? "zh-Hant"
		: "en";

export function language() {
	return current;
}

export function setLanguage(next) {
	current = next;
	localStorage.setItem("ecert.language", next);
	document.documentElement.lang = next;
	for (const element of document.querySelectorAll("[data-i18n]")) {
		element.textContent = t(element.dataset.i18n);
	}
}

/// The words for `key` in the current language, with `{name}` filled in.
export function t(key, values = {}) {
	const text = languages[current][key] ?? languages.en[key] ?? key;
	return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

/// A date and time as people read it in the current language.
export function dateTime(ms) {
	return new Date(ms).toLocaleString(current === "zh-Hant" ? "zh-TW" : "en-GB", {
		dateStyle: "medium",
		timeStyle: "short",
	});
}

/// A date as people read it in the current language.
export function date(ms) {
	return new Date(ms).toLocaleDateString(current === "zh-Hant" ? "zh-TW" : "en-GB", {
		dateStyle: "medium",
	});
}
