#!/usr/bin/env bash
# shellcheck disable=SC2317 # functions run indirectly via step()
# The project's full test run: ./scripts/test.sh [go test flags] (needs root; as another user
# it runs itself again through sudo).
#   1. scripts/services.sh start  (PostgreSQL + real Zabbix 6.0 and 7.0 APIs on 127.0.0.1)
#   2. scripts/services.sh reset-zabbix 6 and 7: every run starts on Zabbix databases cloned
#      from their pristine copies, as on a machine where the tests never ran, and first runs
#      the fresh-database race test on them (go test -tags freshzabbix, zabbix/fresh_test.go)
#   3. gofmt, go vet and staticcheck, on both Go modules (the library, and examples/)
#   4. go test -race ./... of both modules with Zabbix 6.0 (NBZ_INTEGRATION=1: integration tests
#      must not skip)
#   5. go test -race again for the packages whose tests read ZABBIX_URL, with Zabbix 7.0
#   6. short fuzz runs, the quick start, and the bulk and reconcile benchmarks against both servers
# Services stay up afterwards for quick re-runs; NBZ_STOP=1 stops them at the end.
# Extra arguments are passed to both go test runs (e.g. -run TestHost -v).
set -Euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SERVICES=$ROOT/scripts/services.sh
T0=$EPOCHREALTIME
STEPS=()
FAILED=0

log() { printf '[test] %s\n' "$*" >&2; }
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1fs", b - a }'; }

# step NAME CMD...: runs CMD, records ok/FAIL and the time; never stops the run.
step() {
	local name=$1 t0=$EPOCHREALTIME rc=0
	shift
	log "== $name"
	"$@" || rc=$?
	if [[ $rc -eq 0 ]]; then
		STEPS+=("$(printf '%-5s %7s  %s' ok "$(since "$t0")" "$name")")
	else
		STEPS+=("$(printf '%-5s %7s  %s' FAIL "$(since "$t0")" "$name (exit $rc)")")
		FAILED=1
	fi
	return 0
}

skip() {
	STEPS+=("$(printf '%-5s %7s  %s' skip - "$1")")
	log "skipped: $1"
}

summary() {
	printf '\n[test] summary (total %s)\n' "$(since "$T0")" >&2
	printf '  %s\n' "${STEPS[@]}" >&2
	if [[ $FAILED -eq 0 ]]; then log "PASS"; else log "FAIL"; fi
}

stop_if_asked() {
	if [[ ${NBZ_STOP:-0} == 1 ]]; then step "services.sh stop (NBZ_STOP=1)" "$SERVICES" stop; fi
}

gofmt_check() {
	local bad
	bad=$(gofmt -l .) || return 1
	if [[ -n $bad ]]; then
		log "gofmt would change these files (run: gofmt -w <file>):"
		printf '  %s\n' "${bad//$'\n'/$'\n'  }" >&2
		return 1
	fi
}

# The Go modules: the library, and the example programs in a module of their own.
MODULES=(. examples)

# zabbix_packages DIR: the packages of the module in DIR whose test files read ZABBIX_URL, as
# ./dir patterns relative to DIR.
zabbix_packages() {
	(cd "$1" && grep -l -r --include='*_test.go' --exclude-dir=vendor --exclude-dir=.git ZABBIX_URL . 2>/dev/null) |
		grep -v '^\./examples/' | xargs -r -n 1 dirname | sort -u
}

# in_modules CMD...: runs CMD in every module's directory.
in_modules() {
	local m
	for m in "${MODULES[@]}"; do
		(cd "$m" && "$@") || return 1
	done
}

# staticcheck runs the pinned staticcheck on every module.
staticcheck() {
	in_modules go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...
}

# fresh_zabbix: clones each running Zabbix database from its pristine copy (a new API token
# too) and re-reads the env file, so that no run depends on what an earlier run left behind:
# a brand-new database allocates its first IDs, which races.
fresh_zabbix() {
	local v url
	for v in 6 7; do
		url=ZABBIX${v}_URL
		[[ -n ${!url:-} ]] || continue
		"$SERVICES" reset-zabbix "$v" >/dev/null || return 1
	done
	# shellcheck source=/dev/null
	source "$ENVFILE"
}

# fresh_race V: on the database just cloned, many clients create their first hosts and host
# groups at the same moment; every one must be created exactly once (the client resends what
# Zabbix rolled back). Prints the number of resends.
fresh_race() {
	local out rc=0
	out=$(go_test "$1" -tags freshzabbix -run '^TestFreshDatabaseRace$' -v ./zabbix/ 2>&1) || rc=$?
	if [[ $rc -eq 0 ]]; then
		grep -E '^(FRESH-RACE|--- |ok)' <<<"$out" >&2
	else
		printf '%s\n' "$out" >&2
	fi
	return "$rc"
}

# go_test V PKGS...: go test with ZABBIX_* pointing at Zabbix V, in the current directory.
go_test() {
	local v=$1 url token version
	shift
	url=ZABBIX${v}_URL token=ZABBIX${v}_TOKEN version=ZABBIX${v}_VERSION
	NBZ_INTEGRATION=1 ZABBIX_URL=${!url} ZABBIX_TOKEN=${!token} ZABBIX_VERSION=${!version} \
		go test -race -count=1 "$@"
}

# test_all V ARGS...: go test -race of every package of every module with Zabbix V.
test_all() {
	local v=$1
	shift
	in_modules go_test "$v" ./... "$@"
}

# test_zabbix V ARGS...: go test -race of the packages whose tests read ZABBIX_URL, with Zabbix V.
test_zabbix() {
	local v=$1 m
	local -a pkgs
	shift
	for m in "${MODULES[@]}"; do
		mapfile -t pkgs < <(zabbix_packages "$m")
		[[ ${#pkgs[@]} -gt 0 ]] || continue
		log "$m: ${pkgs[*]}"
		(cd "$m" && go_test "$v" "${pkgs[@]}" "$@") || return 1
	done
}

run_go() {
	local first="" v
	if [[ ! -f go.mod ]]; then
		skip "Go steps: no go.mod in $ROOT yet"
		return
	fi
	for v in 6 7; do
		local url=ZABBIX${v}_URL
		if [[ -n ${!url:-} ]]; then step "fresh Zabbix ${v}.0 database: concurrent first writes" fresh_race "$v"; fi
	done
	step "gofmt -l ." gofmt_check
	step "go vet ./... (every module)" in_modules go vet ./...
	step "staticcheck ./... (every module)" staticcheck
	for v in 6 7; do
		local url=ZABBIX${v}_URL
		if [[ -n ${!url:-} ]]; then first=$v && break; fi
	done
	[[ -n $first ]] || {
		step "Zabbix env from services.sh" false
		return
	}
	step "go test -race ./... (every module, Zabbix ${first}.0)" test_all "$first" "$@"
	if [[ $first == 7 || -z ${ZABBIX7_URL:-} ]]; then
		skip "second pass with Zabbix 7.0 (not running)"
		return
	fi
	step "go test -race of the packages that talk to Zabbix (Zabbix 7.0)" test_zabbix 7 "$@"
	step "fuzz (NetBox decoding, attribute paths)" fuzz
	step "go run -C examples ./quickstart" quickstart
	for v in 6 7; do
		step "examples/bench -n 1000 -baseline -runs 3 (Zabbix ${v}.0)" bench "$v"
		step "examples/bench -mode reconcile -n 10000 -changed 1000 (Zabbix ${v}.0)" bench_reconcile "$v"
	done
}

# fuzz runs the fuzz targets briefly, so that CI exercises them. The
# budgets are counts of executions (about 7 and 11 s on an idle 2-core
# machine), not durations: Go 1.26's fuzzing coordinator can fail a target
# with a bare "context deadline exceeded" when a -fuzztime duration ends
# while a worker is busy (Go issue 75804, fixed in Go 1.27), and a count
# has no deadline to race. A failing input is still written to
# testdata/fuzz/ and fails the step.
fuzz() {
	go test -run '^$' -fuzz '^FuzzDecodeObject$' -fuzztime 20000x -fuzzminimizetime 200x ./netbox/ &&
		go test -run '^$' -fuzz '^FuzzLookup$' -fuzztime 100000x -fuzzminimizetime 200x ./mapping/
}

# quickstart runs the zero-configuration program and checks what it says.
quickstart() {
	local out
	out=$(go run -C examples ./quickstart) || return 1
	printf '%s\n' "$out" >&2
	grep -q '^Created web-01 with Web servers mapping' <<<"$out" &&
		grep -q '^Created app-01 with Default VMs mapping' <<<"$out"
}

# bench V provisions 1,000 hosts into Zabbix V in bulk (three times, medians), after timing one raw
# array host.create of the same hosts, and prints the benchmark's JSON line.
bench() {
	local url=ZABBIX${1}_URL token=ZABBIX${1}_TOKEN
	go run -C examples ./bench -n 1000 -baseline -runs 3 -zabbix-url "${!url}" -zabbix-token "${!token}"
}

# bench_reconcile V provisions 10,000 hosts into Zabbix V, times a no-op reconcile and one of 1,000
# changed hosts against their floors, and prints the benchmark's JSON line.
bench_reconcile() {
	local url=ZABBIX${1}_URL token=ZABBIX${1}_TOKEN
	go run -C examples ./bench -mode reconcile -n 10000 -changed 1000 -netbox 4.5 -zabbix-url "${!url}" -zabbix-token "${!token}"
}

main() {
	cd "$ROOT" || exit 1
	if [[ $EUID -ne 0 ]]; then
		# The services need apt-get and their own PostgreSQL cluster.
		if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
			exec sudo -E env "PATH=$PATH" "$0" "$@"
		fi
		log "must run as root (services need apt-get and PostgreSQL): sudo $0"
		exit 1
	fi
	# sudo's secure_path may hide Go.
	command -v go >/dev/null || export PATH=$PATH:/usr/local/go/bin
	step "services.sh start" "$SERVICES" start
	if [[ $FAILED -ne 0 ]]; then
		log "services did not start; fix the error above (or see '$SERVICES status')"
		summary
		exit 1
	fi
	ENVFILE=${NBZ_STATE_DIR:-/var/tmp/netbox-zabbix-services}/env
	# shellcheck source=/dev/null
	source "$ENVFILE"
	log "using $ENVFILE"
	step "services.sh reset-zabbix (fresh Zabbix databases)" fresh_zabbix
	if [[ $FAILED -ne 0 ]]; then
		log "could not clone the Zabbix databases; see the error above"
		summary
		exit 1
	fi
	if command -v go >/dev/null; then run_go "$@"; else step "find the go command" false; fi
	stop_if_asked
	summary
	exit "$FAILED"
}

main "$@"
