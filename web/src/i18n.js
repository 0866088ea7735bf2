// Every word the page shows, in English and Traditional Chinese. Both are
// complete: a test switches the language and checks the page.

const en = {
	tagline: "trusted electronic certificates",
	footer: "Proofs are checked in your browser. Nothing you open here is sent anywhere.",
	"verify.title": "Check a certificate",
	"verify.intro":
		"Scan the QR code the holder shows you, open a photo or file of it, or paste the proof. A disclosure of some of a certificate's fields is checked the same way.",
	"verify.upload": "Open a QR image, proof or disclosure file",
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
	"disclosure.match": "The fields shown match the certificate",
	"disclosure.mismatch": "Some fields shown do not match the certificate",
	"disclosure.explain.match": "Each value below is the one the issuer recorded.",
	"disclosure.explain.mismatch":
		"A value marked below is not the one the issuer recorded: it was changed. Do not trust it.",
	"disclosure.matches": "matches",
	"disclosure.differs": "does not match",
	"disclosure.status": "Certificate status now",
	"disclosure.from": "the side-chain node at {url}",
	"disclosure.unknown": "The side chain knows no such certificate.",
	"disclosure.noNode": "No node is known for {type} certificates: add ?{type}=ws://… to the address.",
	"disclosure.unreadable": "This is not a disclosure file: {error}",
	"label.certificate_number": "Certificate number",
	"label.license_number": "Licence number",
	"label.name": "Name",
	"label.id_number": "ID number",
	"label.birth_date": "Date of birth",
	"label.school": "School",
	"label.degree_level": "Degree",
	"label.profession": "Profession",
	"label.office": "Licensing office",
	"tab.verify": "Check a certificate",
	"tab.wallet": "My certificates",
	"wallet.title": "My certificates",
	"wallet.intro":
		"Open the certificate file your issuer gave you. It stays on this device: you choose what to show, and to whom.",
	"wallet.open": "Open a certificate file",
	"wallet.unreadable": "{name} cannot be used: {error}",
	"wallet.choose": "Choose the fields to show a verifier; the others stay hidden.",
	"wallet.chooseFirst": "Choose at least one field to show.",
	"wallet.disclose": "Show the chosen fields",
	"wallet.showProof": "Show my certificate's QR code",
	"wallet.shownHint":
		"Let the verifier scan this QR code, or send them the file. It holds only the fields you chose.",
	"wallet.download": "Save as a file (disclosure.json)",
	"wallet.noProof": "The certificate's QR proof cannot be fetched now: {error}",
	"wallet.close": "Close",
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
	"verify.intro": "掃描持有人出示的 QR 碼、開啟其照片或檔案，或貼上證明。證書部分欄位的揭露檔也以同樣方式檢核。",
	"verify.upload": "開啟 QR 碼圖片、證明檔或揭露檔",
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
	"disclosure.match": "所出示的欄位與證書相符",
	"disclosure.mismatch": "部分出示的欄位與證書不符",
	"disclosure.explain.match": "以下每個值都與發證單位登錄者相同。",
	"disclosure.explain.mismatch": "標示的值與發證單位登錄者不同，已遭更改，請勿採信。",
	"disclosure.matches": "相符",
	"disclosure.differs": "不符",
	"disclosure.status": "證書目前狀態",
	"disclosure.from": "位於 {url} 的側鏈節點",
	"disclosure.unknown": "側鏈上查無此證書。",
	"disclosure.noNode": "不知道 {type} 證書的節點：請在網址加上 ?{type}=ws://…。",
	"disclosure.unreadable": "這不是揭露檔：{error}",
	"label.certificate_number": "證書字號",
	"label.license_number": "證照字號",
	"label.name": "姓名",
	"label.id_number": "身分證字號",
	"label.birth_date": "出生日期",
	"label.school": "學校",
	"label.degree_level": "學位",
	"label.profession": "職業類別",
	"label.office": "發證機關",
	"tab.verify": "檢核證書",
	"tab.wallet": "我的證書",
	"wallet.title": "我的證書",
	"wallet.intro": "開啟發證單位交給您的證書檔。檔案只留在此裝置上：要出示哪些內容、給誰看，由您決定。",
	"wallet.open": "開啟證書檔",
	"wallet.unreadable": "無法使用 {name}：{error}",
	"wallet.choose": "請勾選要向檢核者出示的欄位；其餘欄位不會顯示。",
	"wallet.chooseFirst": "請至少勾選一個要出示的欄位。",
	"wallet.disclose": "出示勾選的欄位",
	"wallet.showProof": "顯示我的證書 QR 碼",
	"wallet.shownHint": "請檢核者掃描此 QR 碼，或將檔案傳給對方。其中只含您勾選的欄位。",
	"wallet.download": "另存為檔案（disclosure.json）",
	"wallet.noProof": "目前無法取得證書的 QR 證明：{error}",
	"wallet.close": "關閉",
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
