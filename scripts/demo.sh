#!/usr/bin/env bash
# The whole ecert story with the `ecert` client, against the running local
# network (scripts/local-network.sh; or `scripts/local-network.sh --demo`,
# which starts the network and then runs this):
#   1. register identities: a university, a graduate, an employer;
#   2. the identity authority accredits the university for diplomas;
#   3. the university's office (ecert-office) issues a diploma to the
#      graduate: a clerk drafts it, an officer approves it;
#   4. the graduate discloses two fields of it;
#   5. the employer checks them;
#   6. the graduate exports the portable proof as a QR code, which is
#      verified offline against a main-chain checkpoint;
#   7. the university revokes the diploma, and the checks say so.
#
#   scripts/demo.sh [--dir DIR] [--profile debug|release]
#     DIR keeps the keystore and files (default: a new temporary one);
#     the profile names the build whose ecert client runs (default: debug)
set -euo pipefail
cd "$(dirname "$0")/.."

dir=""
profile=debug
while [ $# -gt 0 ]; do
	case "$1" in
	--dir) dir="${2:?--dir needs a directory}"; shift ;;
	--profile) profile="${2:?--profile needs debug or release}"; shift ;;
	-h | --help) sed -n '2,18p' "$0"; exit 0 ;;
	*) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
	esac
	shift
done
[ -n "$dir" ] || dir=$(mktemp -d -t ecert-demo.XXXXXX)
mkdir -p "$dir"
dir=$(realpath "$dir")

case $profile in
debug | release) ;;
*) echo "--profile is debug or release, not '$profile'" >&2; exit 2 ;;
esac
ecert_bin="$(realpath "${CARGO_TARGET_DIR:-target}")/$profile/ecert"
[ -x "$ecert_bin" ] || { echo "no ecert client at $ecert_bin: build the workspace first" >&2; exit 1; }
export ECERT_KEYSTORE="$dir/keystore.json"
cd "$dir"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() { printf '$ ecert'; printf ' %q' "$@"; printf '\n'; }
ecert() { show "$@"; "$ecert_bin" "$@"; }
# Runs ecert until it succeeds, and shows the run that did: the relay needs
# a few blocks to carry a change from one chain to the other.
ecert_retry() {
	local what=$1 output; shift
	for _ in $(seq 1 60); do
		if output=$("$ecert_bin" "$@" 2>"$dir/last-error"); then
			show "$@"
			printf '%s\n' "$output"
			return
		fi
		sleep 3
	done
	echo "gave up waiting for $what:" >&2
	cat "$dir/last-error" >&2
	exit 1
}
run_id=$(date +%s)

step "1. Register identities (keystore: $ECERT_KEYSTORE)"
for name in ntu chen acme; do
	ecert account new --name "$name-$run_id" --plain
	ecert account transfer --as //Alice --to "$name-$run_id" --amount 10
done
ecert account transfer --as //Alice --to "ntu-$run_id" --amount 100 --type diploma
ecert identity request --as "ntu-$run_id" --role issuer
ecert identity request --as "chen-$run_id" --role holder
ecert identity request --as "acme-$run_id" --role verifier
# The registrar (//Alice on the local network) checked each one's papers;
# their ids are derived from those with the authority's secret key.
rm -f authority.key
(umask 077 && head -c 32 /dev/urandom >authority.key)
ecert identity approve --as //Alice --account "ntu-$run_id" --name "National Taiwan University" \
	--document-number "03734301-$run_id" --birth-date 1928-03-16 --derivation-key-file authority.key
ecert identity approve --as //Alice --account "chen-$run_id" --name "Chen Mei-Ling" \
	--document-number "A1$run_id" --birth-date 1998-04-12 --derivation-key-file authority.key
ecert identity approve --as //Alice --account "acme-$run_id" --name "ACME Corporation" \
	--document-number "B2$run_id" --birth-date 1990-01-01 --derivation-key-file authority.key
ecert identity show "chen-$run_id"

step "2. The identity authority accredits the university for diplomas"
org="NTU$((run_id % 100000))"
ecert issuer accredit --as //Alice --org "$org" --name "National Taiwan University" \
	--identity "ntu-$run_id" --types diploma --reason "MOE decision 115-001"
ecert issuer show "$org"

step "3. The university's registry issues the diploma through its office (ecert-office)"
# The office keeps the diploma's fields and salts (encrypted), and signs
# with the university's key only what an officer approved.
office_bin="$(dirname "$ecert_bin")/ecert-office"
office_args=(--database "sqlite:$dir/office.db" --data-key "$dir/office.key")
office_url=http://127.0.0.1:${ECERT_OFFICE_PORT:-8090}
"$office_bin" init --admin registrar "${office_args[@]}" | tee office-init.txt
admin_password=$(sed -n 's/.*password (shown this once): //p' office-init.txt)
"$office_bin" issuer-key --keystore "$ECERT_KEYSTORE" --account "ntu-$run_id" "${office_args[@]}"
"$office_bin" serve --listen "${office_url#http://}" --org "$org" "${office_args[@]}" \
	>"$dir/office.log" 2>&1 &
echo $! >"$dir/office.pid"
for _ in $(seq 1 100); do curl -s -o /dev/null "$office_url/api/me" && break; sleep 0.2; done
# office METHOD PATH TOKEN [JSON]: one call of the office's API, shown.
office() {
	local method=$1 path=$2 token=$3 body=${4:-}
	printf '$ curl -X %s %s%s %s\n' "$method" "$office_url" "$path" "$body" >&2
	curl -sS -f -X "$method" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
		${body:+-d "$body"} "$office_url$path"
}
login() {
	curl -sS -f -H 'Content-Type: application/json' \
		-d "{\"username\": \"$1\", \"password\": \"$2\"}" "$office_url/api/login" | jq -r .token
}
admin=$(login registrar "$admin_password")
staff_password="demo password $run_id"
for who in clerk:clerk officer:officer; do
	office POST /api/staff "$admin" \
		"{\"username\": \"${who%:*}\", \"password\": \"$staff_password\", \"role\": \"${who#*:}\"}" |
		jq -c '{username, role}'
done
clerk=$(login clerk "$staff_password")
officer=$(login officer "$staff_password")
chen=$(jq -r --arg name "chen-$run_id" '.accounts[] | select(.name == $name) | .address' "$ECERT_KEYSTORE")
draft=$(jq -n --arg holder "$chen" --arg number "$org-2026-0001" '{
  certificateType: "diploma", holder: $holder,
  fields: { certificate_number: $number, name: "Chen Mei-Ling", id_number: "A123456789",
            birth_date: "1998-04-12", school: "National Taiwan University", degree_level: "Master" } }')
id=$(office POST /api/certificates "$clerk" "$draft" | jq -r .id)
echo "the clerk's draft is certificate $id of the office"
office POST "/api/certificates/$id/approve" "$officer" | jq -c '{id, number, state}'
# The diploma chain takes the university's diplomas once the relay has
# proven its accreditation there; until then the office says the chain
# refused it, and the officer sends it again.
for _ in $(seq 1 60); do
	state=$(office GET "/api/certificates/$id" "$clerk" 2>/dev/null | jq -r .state)
	case $state in
	issued) break ;;
	failed)
		echo "not yet: the diploma chain does not know the accreditation yet; the officer sends it again"
		sleep 3
		office POST "/api/certificates/$id/retry" "$officer" 2>/dev/null >/dev/null
		;;
	*) sleep 1 ;;
	esac
done
office GET "/api/certificates/$id" "$clerk" | jq '{number, state, txHash, blockNumber}'
[ "$state" = issued ] || { echo "the office did not issue the diploma; see $dir/office.log" >&2; exit 1; }
# The holder's file, from the office's records, as the graduate receives it.
office POST "/api/certificates/$id/holder-file" "$officer" \
	'{"identityChecked": "student card shown at the registry counter"}' >diploma.ecert.json
ecert cert verify --org "$org" --number "$org-2026-0001"

step "4. The graduate discloses two fields: degree and school"
ecert cert disclose diploma.ecert.json --fields degree_level,school --out disclosure.json
cat disclosure.json | head -12
echo "  ..."

step "5. The employer checks them against the chain"
ecert cert check-disclosure disclosure.json

step "6. The portable proof as a QR code, verified offline"
ecert proof checkpoint --out main-checkpoint.json
ecert_retry "the main chain to anchor the diploma" \
	proof export --org "$org" --number "$org-2026-0001" --out proof.bin --qr proof.png
ecert proof verify proof.png --checkpoint main-checkpoint.json --main-url http://127.0.0.1:1

step "7. The university revokes the diploma; every check now says so"
ecert cert revoke --as "ntu-$run_id" --org "$org" --number "$org-2026-0001" --reason 2
set +e
ecert cert verify --org "$org" --number "$org-2026-0001"
echo "(exit code $?: not valid)"
ecert cert check-disclosure disclosure.json
echo "(exit code $?: not valid)"
for _ in $(seq 1 60); do
	"$ecert_bin" proof export --org "$org" --number "$org-2026-0001" --out revoked.bin --json 2>/dev/null |
		grep -q '"revoked"' && break
	sleep 3
done
ecert proof verify revoked.bin --checkpoint main-checkpoint.json
code=$?
echo "(exit code $code: the proof holds and shows the diploma revoked)"
set -e
[ "$code" -eq 5 ] || { echo "the revoked proof should not pass" >&2; exit 1; }

step "Done. Files in $dir"
ls "$dir"
cat <<EOF

The university's office runs at $office_url (its log: $dir/office.log):
log in as registrar with the password printed in step 3, or as clerk or
officer with "$staff_password", in the web app's "Issuer's office" tab
(http://127.0.0.1:8080 with scripts/local-network.sh) or through its API.

In the browser: open the web app (http://127.0.0.1:8080 with
scripts/local-network.sh), and under "Check a certificate" open
  $dir/proof.png     (valid when it was made; the page says it was revoked since)
  $dir/revoked.bin   (revoked)
  $dir/disclosure.json (the two fields shown match)
and under "My certificates" open $dir/diploma.ecert.json; or open the
keystore $dir/keystore.json, unlock chen-$run_id (no passphrase: the
demo keeps its keys in the clear) and open the diploma from the chain.
EOF
