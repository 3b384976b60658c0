#!/usr/bin/env bash
# Test services for this project, all on 127.0.0.1:
#   - one private PostgreSQL cluster (never the system's own cluster),
#   - real Zabbix 6.0 and 7.0 JSON-RPC APIs served by PHP's built-in server,
#   - a database for the library's own SQL store tests.
# No Apache, no zabbix_server daemon.
#
# Usage: scripts/services.sh start | stop [--purge] | reset-zabbix 6|7 | status
#
# Knobs (environment):
#   NBZ_STATE_DIR        state, logs, caches   (/var/tmp/netbox-zabbix-services)
#   NBZ_PG_PORT          PostgreSQL port       (55432)
#   NBZ_ZBX6_PORT        Zabbix 6.0 API port   (18080)
#   NBZ_ZBX7_PORT        Zabbix 7.0 API port   (18090)
#   NBZ_ZABBIX_VERSIONS  "6 7", "6" or "7"     ("6 7")
#   NBZ_ZBX7_SUITE       Debian suite for the 7.0 packages (trixie, then bookworm-backports)
#   NBZ_DEBIAN_MIRROR    mirror URI (default: read from this machine's apt sources)
#   NBZ_PHP_WORKERS      PHP_CLI_SERVER_WORKERS (4)
#
# After `start`, `source "$NBZ_STATE_DIR/env"` gives POSTGRES_DSN, ZABBIX6_*, ZABBIX7_*,
# ZABBIX_USER and ZABBIX_PASSWORD.
set -Eeuo pipefail

STATE_DIR=${NBZ_STATE_DIR:-/var/tmp/netbox-zabbix-services}
PG_PORT=${NBZ_PG_PORT:-55432}
VERSIONS=${NBZ_ZABBIX_VERSIONS:-6 7}
PHP_WORKERS=${NBZ_PHP_WORKERS:-4}

PGDATA=$STATE_DIR/pgdata
PG_SOCK=$STATE_DIR/pgrun
LOG_DIR=$STATE_DIR/log
ENV_FILE=$STATE_DIR/env
OWNER_MARK=$STATE_DIR/.netbox-zabbix-services
PG_STARTED_MARK=$STATE_DIR/pg.started-by-script

ZBX_DB_USER=zabbix
ZBX_DB_PASSWORD=zabbix
STORE_DB=nbzbx
STORE_USER=nbzbx
STORE_PASSWORD=nbzbx
ZABBIX_USER=Admin
ZABBIX_PASSWORD=zabbix
TOKEN_NAME=netbox-zabbix-tests
PHP=/usr/bin/php8.2

PHP_PKGS=(php8.2-cli php8.2-cgi php8.2-pgsql php8.2-gd php8.2-bcmath php8.2-mbstring php8.2-xml php8.2-ldap)
ZBX6_PKGS=(zabbix-frontend-php zabbix-server-pgsql)
ZBX6_SQL_DIR=/usr/share/zabbix-server-pgsql
ZBX6_FRONTEND_SRC=/usr/share/zabbix

TIMINGS=()

# ---------------------------------------------------------------- helpers

log() { printf '[services] %s\n' "$*" >&2; }
die() { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }

on_err() {
	printf '[services] ERROR: command failed (exit %s) at line %s: %s\n' "$1" "$2" "$3" >&2
	printf '[services] logs are in %s; "%s status" shows what runs.\n' "$LOG_DIR" "$0" >&2
}
trap 'on_err $? $LINENO "$BASH_COMMAND"' ERR

# timed LABEL CMD...: runs CMD and records how long it took.
timed() {
	local label=$1 t0=$EPOCHREALTIME
	shift
	"$@"
	TIMINGS+=("$label $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1fs", b - a }')")
}

zbx_port() { if [[ $1 == 6 ]]; then echo "${NBZ_ZBX6_PORT:-18080}"; else echo "${NBZ_ZBX7_PORT:-18090}"; fi; }
zbx_url() { echo "http://127.0.0.1:$(zbx_port "$1")/api_jsonrpc.php"; }
zbx_db() { echo "zabbix$1"; }
zbx_frontend() {
	if [[ $1 == 6 ]]; then echo "$STATE_DIR/zabbix6/frontend"; else echo "$STATE_DIR/zabbix7/root/usr/share/zabbix"; fi
}
zbx_sql_dir() {
	if [[ $1 == 6 ]]; then echo "$ZBX6_SQL_DIR"; else echo "$STATE_DIR/zabbix7/root/usr/share/zabbix-server-pgsql"; fi
}

require_root() {
	[[ $EUID -eq 0 ]] || die "must run as root (try: sudo $0 $*)"
}

check_settings() {
	[[ $STATE_DIR == /* && $STATE_DIR != *[[:space:]]* ]] ||
		die "NBZ_STATE_DIR must be an absolute path without spaces (got '$STATE_DIR')"
	local v
	for v in $VERSIONS; do
		[[ $v == 6 || $v == 7 ]] || die "NBZ_ZABBIX_VERSIONS may only contain 6 and/or 7 (got '$VERSIONS')"
	done
}

# Refuses a non-empty NBZ_STATE_DIR that this script did not create (stop --purge deletes it).
claim_state_dir() {
	if [[ -d $STATE_DIR && ! -f $OWNER_MARK ]] &&
		[[ -n $(find "$STATE_DIR" -mindepth 1 -maxdepth 1 ! -name .lock -print -quit) ]]; then
		die "$STATE_DIR is not empty and was not made by this script; choose another NBZ_STATE_DIR"
	fi
	mkdir -p "$LOG_DIR"
	touch "$OWNER_MARK"
}

# One command at a time per state dir (CI and developers may overlap).
take_lock() {
	mkdir -p "$STATE_DIR"
	exec 9>"$STATE_DIR/.lock"
	flock -w 900 9 || die "another services.sh holds $STATE_DIR/.lock for 15 min; is it stuck?"
}

# port_busy PORT: true if something accepts connections on 127.0.0.1:PORT.
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---------------------------------------------------------------- packages

pkg_installed() { [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == "install ok installed" ]]; }

pg_bin_dir() {
	local d
	if [[ -f $PGDATA/PG_VERSION ]]; then
		d=/usr/lib/postgresql/$(<"$PGDATA/PG_VERSION")/bin
		[[ -x $d/postgres ]] || die "$PGDATA was made by PostgreSQL $(<"$PGDATA/PG_VERSION") which is not installed; run '$0 stop --purge' and start again"
		echo "$d"
		return
	fi
	d=$(find /usr/lib/postgresql -maxdepth 3 -path '*/bin/initdb' 2>/dev/null | sort -V | tail -n 1)
	[[ -n $d ]] && dirname "$d"
}

missing_packages() {
	local -a want=("${PHP_PKGS[@]}")
	if [[ " $VERSIONS " == *" 6 "* ]]; then want+=("${ZBX6_PKGS[@]}"); fi
	[[ -n $(pg_bin_dir) ]] || echo postgresql
	command -v curl >/dev/null || echo curl
	# One dpkg-query for all; prints the wanted names that are not fully installed.
	{ dpkg-query -W -f='${Package} ${Status}\n' "${want[@]}" 2>/dev/null || true; } |
		awk -v want="${want[*]}" '$NF == "installed" && $(NF-1) == "ok" { ok[$1] = 1 }
			END { n = split(want, w, " "); for (i = 1; i <= n; i++) if (!(w[i] in ok)) print w[i] }'
}

# zabbix-server-pgsql is installed only for its SQL files, but its postinst enables the
# daemon at boot; undo that so a reboot does not start zabbix_server (it would poll hosts).
disable_zabbix_server_boot() {
	deb-systemd-helper disable zabbix-server.service >/dev/null 2>&1 || true
	update-rc.d zabbix-server disable >/dev/null 2>&1 || true
}

apt_install() {
	local -a missing
	mapfile -t missing < <(missing_packages)
	if [[ ${#missing[@]} -eq 0 ]]; then
		log "packages: all present"
		return
	fi
	# zabbix-frontend-php needs "php", which apt would satisfy with Apache's PHP module;
	# php8.2-cgi satisfies it too, and the trailing '-' keeps Apache out.
	pkg_installed libapache2-mod-php8.2 || missing+=(libapache2-mod-php8.2-)
	log "packages: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get -q update >"$LOG_DIR/apt-update.log" 2>&1 ||
		die "apt-get update failed (see $LOG_DIR/apt-update.log): is the Debian mirror in /etc/apt/sources.list* reachable?"
	apt-get -q -y --no-install-recommends -o DPkg::Lock::Timeout=300 \
		-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
		install "${missing[@]}" >"$LOG_DIR/apt-install.log" 2>&1 ||
		die "apt-get install failed (see $LOG_DIR/apt-install.log): is the Debian mirror reachable and dpkg not locked? Fix it and re-run '$0 start'."
	[[ -z $(missing_packages) ]] || die "still missing after apt-get install: $(missing_packages | tr '\n' ' ') (see $LOG_DIR/apt-install.log)"
	if [[ " ${missing[*]} " == *" zabbix-server-pgsql "* ]]; then disable_zabbix_server_boot; fi
	if grep -qx zabbix_server /proc/[0-9]*/comm 2>/dev/null; then
		log "WARNING: a zabbix_server daemon is running; this script did not start it and does not need it"
	fi
}

# ---------------------------------------------------------------- Zabbix 7.0 packages

# The Debian mirror this machine already uses for bookworm (not -security).
debian_mirror() {
	if [[ -n ${NBZ_DEBIAN_MIRROR:-} ]]; then
		echo "$NBZ_DEBIAN_MIRROR"
		return
	fi
	local f
	local -a deb822=() oneline=()
	shopt -s nullglob
	deb822=(/etc/apt/sources.list.d/*.sources)
	oneline=(/etc/apt/sources.list /etc/apt/sources.list.d/*.list)
	shopt -u nullglob
	{
		if [[ ${#deb822[@]} -gt 0 ]]; then
			awk 'BEGIN { RS = ""; FS = "\n" }
			{
				uris = ""; suites = ""; types = ""; enabled = "yes"
				for (i = 1; i <= NF; i++) {
					if ($i ~ /^[ \t]*#/) continue
					if (match($i, /^URIs:[ \t]*/)) uris = substr($i, RLENGTH + 1)
					else if (match($i, /^Suites:[ \t]*/)) suites = substr($i, RLENGTH + 1)
					else if (match($i, /^Types:[ \t]*/)) types = substr($i, RLENGTH + 1)
					else if (match($i, /^Enabled:[ \t]*/)) enabled = substr($i, RLENGTH + 1)
				}
				if (enabled == "no" || (" " types " ") !~ / deb /) next
				if ((" " suites " ") ~ /[ \t]bookworm[ \t]/) { split(uris, u, /[ \t]+/); print u[1] }
			}' "${deb822[@]}"
		fi
		for f in "${oneline[@]}"; do
			[[ -f $f ]] || continue
			awk '$1 == "deb" {
				sub(/^[ \t]*deb[ \t]+/, ""); sub(/^\[[^]]*\][ \t]*/, "")
				split($0, f, /[ \t]+/)
				if (f[2] == "bookworm") print f[1]
			}' "$f"
		done
	} | head -n 1
}

# apt7 ARGS...: apt with a private configuration (system sources, lists and cache untouched).
apt7() {
	local dir=$STATE_DIR/zabbix7/apt cmd=$1
	shift
	"$cmd" -q -o Dir::Etc::sourcelist="$dir/sources.list" -o Dir::Etc::sourceparts=- \
		-o Dir::State::Lists="$dir/lists" -o Dir::Cache="$dir/cache" -o Dir::State::status="$dir/status" \
		-o APT::Sandbox::User=root -o Acquire::Languages=none "$@"
}

# fetch_zabbix7_debs SUITE: downloads the two 7.0 .debs into zabbix7/debs.
fetch_zabbix7_debs() {
	local suite=$1 dir=$STATE_DIR/zabbix7 mirror ver
	mirror=$(debian_mirror)
	[[ -n $mirror ]] || die "no bookworm 'deb' source found in /etc/apt/sources.list*; set NBZ_DEBIAN_MIRROR to the Debian mirror URI"
	rm -rf "$dir/apt" "$dir/debs.tmp"
	mkdir -p "$dir/apt/lists/partial" "$dir/apt/cache/archives/partial" "$dir/debs.tmp"
	: >"$dir/apt/status" # empty: the installed packages must not answer for the suite
	printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg target=Packages pdiffs=no] %s %s main\n' \
		"$mirror" "$suite" >"$dir/apt/sources.list"
	log "zabbix 7.0: reading the $suite package lists"
	apt7 apt-get --error-on=any update >"$LOG_DIR/apt7-update-$suite.log" 2>&1 || {
		log "private apt-get update for $suite failed (see $LOG_DIR/apt7-update-$suite.log)"
		return 1
	}
	ver=$(apt7 apt-cache show --no-all-versions zabbix-frontend-php 2>/dev/null | awk '/^Version:/ { print $2; exit }')
	if [[ $ver != *:7.* && $ver != 7.* ]]; then
		log "suite $suite has no Zabbix 7.x (zabbix-frontend-php: '${ver:-none}')"
		return 1
	fi
	log "zabbix 7.0: downloading zabbix-frontend-php and zabbix-server-pgsql $ver from $suite"
	(cd "$dir/debs.tmp" && apt7 apt-get download zabbix-frontend-php zabbix-server-pgsql) \
		>"$LOG_DIR/apt7-download-$suite.log" 2>&1 || {
		log "apt-get download from $suite failed (see $LOG_DIR/apt7-download-$suite.log)"
		return 1
	}
	rm -rf "$dir/debs" "$dir/apt"
	mv "$dir/debs.tmp" "$dir/debs"
}

# Downloads (once) and extracts (once) the Zabbix 7.0 frontend and SQL files.
prepare_zabbix7() {
	local dir=$STATE_DIR/zabbix7 suite deb
	if [[ -f $dir/extracted.ok ]]; then
		log "zabbix 7.0: using cached $(<"$dir/extracted.ok")"
		return
	fi
	if ! compgen -G "$dir/debs/zabbix-frontend-php_*.deb" >/dev/null ||
		! compgen -G "$dir/debs/zabbix-server-pgsql_*.deb" >/dev/null; then
		local ok=
		for suite in ${NBZ_ZBX7_SUITE:-trixie bookworm-backports}; do
			if fetch_zabbix7_debs "$suite"; then ok=1 && break; fi
		done
		[[ -n $ok ]] || die "could not download the Zabbix 7.0 packages: is the Debian mirror reachable? (see $LOG_DIR/apt7-*.log; NBZ_ZBX7_SUITE picks the suite)"
	fi
	rm -rf "$dir/root"
	for deb in "$dir"/debs/*.deb; do dpkg -x "$deb" "$dir/root"; done
	[[ -f $dir/root/usr/share/zabbix/api_jsonrpc.php && -f $dir/root/usr/share/zabbix-server-pgsql/schema.sql.gz ]] ||
		die "the 7.0 packages in $dir/debs do not contain the expected files; run '$0 stop --purge' and retry"
	basename -a "$dir"/debs/*.deb | tr '\n' ' ' >"$dir/extracted.ok"
}

# Private copy of the installed 6.0 frontend, so its config lives in STATE_DIR, not in /etc.
prepare_zabbix6() {
	local dir=$STATE_DIR/zabbix6 ver
	ver=$(dpkg-query -W -f='${Version}' zabbix-frontend-php)
	[[ $ver == *:6.* || $ver == 6.* ]] || die "installed zabbix-frontend-php is $ver, not 6.x"
	if [[ -f $dir/copied.ok && $(<"$dir/copied.ok") == "$ver" ]]; then return; fi
	rm -rf "$dir/frontend"
	mkdir -p "$dir"
	cp -a "$ZBX6_FRONTEND_SRC" "$dir/frontend"
	echo "$ver" >"$dir/copied.ok"
}

# ---------------------------------------------------------------- PostgreSQL

as_postgres() { (cd / && runuser -u postgres -- "$@"); }

psql_as() { # psql_as ROLE DB ARGS...
	local role=$1 db=$2
	shift 2
	PGCLIENTENCODING=UTF8 PGOPTIONS='-c client_min_messages=warning' \
		"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCK" -p "$PG_PORT" -U "$role" -d "$db" "$@"
}
sql() { psql_as postgres postgres -tA -c "$1"; }
db_exists() { [[ $(sql "SELECT 1 FROM pg_database WHERE datname = '$1'") == 1 ]]; }

pg_running() { as_postgres "$PG_BIN/pg_ctl" status -D "$PGDATA" >/dev/null 2>&1; }
pg_running_port() { sed -n 4p "$PGDATA/postmaster.pid" 2>/dev/null; }

pg_init() {
	[[ -f $PGDATA/PG_VERSION ]] && return
	log "postgres: initdb $PGDATA"
	rm -rf "$PGDATA.new"
	install -d -o postgres -g postgres -m 0700 "$PGDATA.new"
	as_postgres "$PG_BIN/initdb" -D "$PGDATA.new" -U postgres -E UTF8 --locale=C.UTF-8 \
		--auth-local=trust --auth-host=scram-sha-256 --no-sync >"$LOG_DIR/initdb.log" 2>&1 ||
		die "initdb failed, see $LOG_DIR/initdb.log"
	mv "$PGDATA.new" "$PGDATA"
}

pg_start() {
	if pg_running; then
		if [[ $(pg_running_port) == "$PG_PORT" ]]; then return; fi
		[[ -f $PG_STARTED_MARK ]] || die "PostgreSQL on $PGDATA runs on port $(pg_running_port), not $PG_PORT, and was not started by this script"
		log "postgres: port changed, restarting"
		pg_stop
	fi
	port_busy "$PG_PORT" && die "port 127.0.0.1:$PG_PORT is used by another program; set NBZ_PG_PORT to a free port"
	install -d -o postgres -g postgres -m 0755 "$PG_SOCK"
	touch "$LOG_DIR/postgres.log" && chown postgres "$LOG_DIR/postgres.log"
	log "postgres: starting on 127.0.0.1:$PG_PORT"
	as_postgres "$PG_BIN/pg_ctl" start -D "$PGDATA" -w -t 120 -l "$LOG_DIR/postgres.log" \
		-o "-c port=$PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PG_SOCK -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
		>/dev/null 9>&- || die "PostgreSQL did not start; see $LOG_DIR/postgres.log"
	touch "$PG_STARTED_MARK"
}

pg_stop() {
	if [[ ! -f $PG_STARTED_MARK ]]; then
		pg_running && log "postgres: running but not started by this script; left alone"
		return 0
	fi
	if pg_running; then
		log "postgres: stopping"
		as_postgres "$PG_BIN/pg_ctl" stop -D "$PGDATA" -m fast -w -t 60 >/dev/null
	fi
	rm -f "$PG_STARTED_MARK"
}

# ensure_role NAME PASSWORD [OPTIONS]
ensure_role() {
	local verb=CREATE
	[[ $(sql "SELECT 1 FROM pg_roles WHERE rolname = '$1'") == 1 ]] && verb=ALTER
	sql "$verb ROLE $1 LOGIN PASSWORD '$2' ${3:-}" >/dev/null
}

ensure_store_db() {
	ensure_role "$STORE_USER" "$STORE_PASSWORD" CREATEDB
	db_exists "$STORE_DB" || sql "CREATE DATABASE $STORE_DB OWNER $STORE_USER" >/dev/null
}

# load_zabbix_db V: builds <db>_pristine (one transaction + VACUUM ANALYZE).
load_zabbix_db() {
	local v=$1 db sqldir tmp t0=$EPOCHREALTIME
	db=$(zbx_db "$v")
	sqldir=$(zbx_sql_dir "$v")
	tmp=${db}_loading
	log "zabbix $v.0: loading schema, images and data into ${db}_pristine"
	sql "DROP DATABASE IF EXISTS $tmp" >/dev/null
	sql "CREATE DATABASE $tmp OWNER $ZBX_DB_USER ENCODING 'UTF8' TEMPLATE template0" >/dev/null
	# data.sql carries its own START TRANSACTION/COMMIT; drop them so all three files
	# load in one transaction.
	{
		zcat "$sqldir/schema.sql.gz"
		zcat "$sqldir/images.sql.gz"
		zcat "$sqldir/data.sql.gz" | sed -e '/^START TRANSACTION;$/d' -e '/^COMMIT;$/d'
	} | psql_as "$ZBX_DB_USER" "$tmp" --single-transaction -f - >"$LOG_DIR/load-$db.log" 2>&1 ||
		die "loading the Zabbix $v.0 schema failed, see $LOG_DIR/load-$db.log"
	# Without planner statistics the first templated host.create takes minutes.
	psql_as postgres "$tmp" -c 'VACUUM ANALYZE' >/dev/null
	sql "ALTER DATABASE $tmp RENAME TO ${db}_pristine" >/dev/null
	sql "ALTER DATABASE ${db}_pristine WITH ALLOW_CONNECTIONS false" >/dev/null
	log "zabbix $v.0: ${db}_pristine loaded in $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1fs", b - a }')"
}

# load_zabbix_dbs V...: loads the missing pristine databases in parallel (2 cores: ~1 each).
load_zabbix_dbs() {
	local v pid failed=0
	local -a pids=()
	ensure_role "$ZBX_DB_USER" "$ZBX_DB_PASSWORD"
	for v in "$@"; do
		db_exists "$(zbx_db "$v")_pristine" && continue
		load_zabbix_db "$v" &
		pids+=("$!")
	done
	for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
	[[ $failed -eq 0 ]] || die "loading a Zabbix schema failed (see the messages above and $LOG_DIR/load-*.log)"
}

# clone_zabbix_db V: (re)creates <db> as a copy of <db>_pristine.
clone_zabbix_db() {
	local db
	db=$(zbx_db "$1")
	sql "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
	sql "CREATE DATABASE $db OWNER $ZBX_DB_USER TEMPLATE ${db}_pristine" >/dev/null
}

# ---------------------------------------------------------------- PHP servers

php_pidfile() { echo "$STATE_DIR/php-$1.pid"; }

# php_pid V: prints the pid (= process group) of our PHP server for V if it runs.
php_pid() {
	local f pid
	f=$(php_pidfile "$1")
	[[ -f $f ]] || return 1
	pid=$(<"$f")
	[[ $pid =~ ^[0-9]+$ && $(proc_cmdline "$pid") == *" -S 127.0.0.1:"* ]] || return 1
	echo "$pid"
}

proc_cmdline() { tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline" || true; }

# group_alive PGID: true while a process of the group is alive (zombies do not count:
# after this script exits, the PHP servers' reaper may collect them only seconds later).
group_alive() {
	local f rest state pgrp
	for f in /proc/[0-9]*/stat; do
		{ read -r rest <"$f"; } 2>/dev/null || continue
		rest=${rest##*) } # after "pid (comm) ": state ppid pgrp ...
		read -r state _ pgrp _ <<<"$rest"
		[[ $pgrp == "$1" && $state != Z ]] && return 0
	done
	return 1
}

# Writes the frontend config and points CConfigFile at it (the Debian build uses /etc/zabbix).
write_frontend_config() {
	local v=$1 dir conf tmp cfg_class
	dir=$(zbx_frontend "$v")
	conf=$dir/conf/zabbix.conf.php
	cfg_class=$dir/include/classes/core/CConfigFile.php
	if ! grep -q "CONFIG_FILE_PATH = '$conf'" "$cfg_class"; then
		sed -i -E "s#(const CONFIG_FILE_PATH = ')[^']*(';)#\\1$conf\\2#" "$cfg_class"
		grep -q "CONFIG_FILE_PATH = '$conf'" "$cfg_class" || die "could not patch the config path in $cfg_class"
	fi
	tmp=$(mktemp "$conf.XXXX")
	sed -E \
		-e "s#^\\\$DB\\['TYPE'\\].*#\$DB['TYPE'] = 'POSTGRESQL';#" \
		-e "s#^\\\$DB\\['SERVER'\\].*#\$DB['SERVER'] = '127.0.0.1';#" \
		-e "s#^\\\$DB\\['PORT'\\].*#\$DB['PORT'] = '$PG_PORT';#" \
		-e "s#^\\\$DB\\['DATABASE'\\].*#\$DB['DATABASE'] = '$(zbx_db "$v")';#" \
		-e "s#^\\\$DB\\['USER'\\].*#\$DB['USER'] = '$ZBX_DB_USER';#" \
		-e "s#^\\\$DB\\['PASSWORD'\\].*#\$DB['PASSWORD'] = '$ZBX_DB_PASSWORD';#" \
		-e "s#^// *\\\$ZBX_SERVER[[:space:]].*#\$ZBX_SERVER = '127.0.0.1';#" \
		-e "s#^// *\\\$ZBX_SERVER_PORT.*#\$ZBX_SERVER_PORT = '10051';#" \
		-e "s#^\\\$ZBX_SERVER_NAME.*#\$ZBX_SERVER_NAME = 'netbox-zabbix tests $v.0';#" \
		"$dir/conf/zabbix.conf.php.example" >"$tmp"
	grep -q "'POSTGRESQL'" "$tmp" || die "could not write $conf from zabbix.conf.php.example"
	chmod 0644 "$tmp"
	mv "$tmp" "$conf"
}

php_start() {
	local v=$1 port dir pidfile
	port=$(zbx_port "$v")
	dir=$(zbx_frontend "$v")
	pidfile=$(php_pidfile "$v")
	if php_pid "$v" >/dev/null; then
		if [[ $(proc_cmdline "$(php_pid "$v")") == *"-S 127.0.0.1:$port "* ]]; then return; fi
		log "zabbix $v.0: port changed, restarting PHP"
		php_stop "$v"
	fi
	port_busy "$port" && die "port 127.0.0.1:$port is used by another program; set NBZ_ZBX${v}_PORT to a free port"
	log "zabbix $v.0: starting php -S 127.0.0.1:$port"
	: >"$LOG_DIR/php-$v.log"
	# setsid: own process group, so stop can kill the workers too.
	# shellcheck disable=SC2016 # $$ and $1 belong to the inner bash
	PHP_CLI_SERVER_WORKERS=$PHP_WORKERS setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$pidfile" \
		"$PHP" -d memory_limit=1024M -d date.timezone=UTC -d display_errors=0 -d log_errors=1 \
		-d error_log="$LOG_DIR/php-$v-errors.log" -d max_execution_time=0 -d opcache.enable_cli=1 \
		-S "127.0.0.1:$port" -t "$dir" </dev/null >>"$LOG_DIR/php-$v.log" 2>&1 9>&- &
	wait_for_api "$v"
}

php_stop() {
	local v=$1 pid i
	pid=$(php_pid "$v") || {
		rm -f "$(php_pidfile "$v")"
		return 0
	}
	log "zabbix $v.0: stopping PHP (process group $pid)"
	kill -TERM -- "-$pid" 2>/dev/null || true
	for ((i = 0; i < 50; i++)); do
		group_alive "$pid" || break
		sleep 0.1
	done
	kill -KILL -- "-$pid" 2>/dev/null || true
	rm -f "$(php_pidfile "$v")"
}

# ---------------------------------------------------------------- Zabbix API

# api V METHOD PARAMS_JSON [AUTH]: one JSON-RPC call; prints the raw response.
# 6.0 takes auth in the body, 7.0 in an Authorization: Bearer header.
api() {
	local v=$1 method=$2 params=$3 auth=${4:-} body
	local -a hdr=(-H 'Content-Type: application/json-rpc')
	body="{\"jsonrpc\":\"2.0\",\"method\":\"$method\",\"params\":$params,\"id\":1"
	if [[ -n $auth && $v == 6 ]]; then body+=",\"auth\":\"$auth\""; fi
	if [[ -n $auth && $v == 7 ]]; then hdr+=(-H "Authorization: Bearer $auth"); fi
	curl -sS --max-time 120 "${hdr[@]}" --data-binary "$body}" "$(zbx_url "$v")"
}

# json_get PATH: prints the value at PATH (e.g. result.0.token) of the JSON on stdin;
# fails on an API error or a missing key.
json_get() {
	# shellcheck disable=SC2016 # PHP code
	"$PHP" -r '
		$in = stream_get_contents(STDIN);
		$j = json_decode($in, true);
		if (!is_array($j)) { fwrite(STDERR, "not a JSON-RPC answer: " . substr($in, 0, 300) . "\n"); exit(2); }
		if (isset($j["error"])) { fwrite(STDERR, "API error: " . json_encode($j["error"]) . "\n"); exit(3); }
		$v = $j;
		foreach (explode(".", $argv[1]) as $k) {
			if (!is_array($v) || !array_key_exists($k, $v)) { exit(4); }
			$v = $v[$k];
		}
		echo is_scalar($v) ? $v : json_encode($v);
	' -- "$1"
}

api_version() { api "$1" apiinfo.version '[]' 2>/dev/null | json_get result 2>/dev/null; }

wait_for_api() {
	local v=$1 i
	for ((i = 0; i < 150; i++)); do
		if api_version "$v" >/dev/null; then return; fi
		sleep 0.1
	done
	die "Zabbix $v.0 API did not answer on $(zbx_url "$v"); see $LOG_DIR/php-$v.log and php-$v-errors.log"
}

token_valid() { # token_valid V TOKEN
	local n
	n=$(api "$1" token.get "{\"output\":[\"tokenid\"],\"filter\":{\"name\":\"$TOKEN_NAME\"}}" "$2" 2>/dev/null |
		json_get result 2>/dev/null) || return 1
	[[ $n == *tokenid* ]]
}

# ensure_token V: reuses $STATE_DIR/token-V if it still works, else creates/regenerates it.
ensure_token() {
	local v=$1 file=$STATE_DIR/token-$1 sid id tok
	if [[ -s $file ]] && token_valid "$v" "$(<"$file")"; then return; fi
	log "zabbix $v.0: creating API token '$TOKEN_NAME' for $ZABBIX_USER"
	sid=$(api "$v" user.login "{\"username\":\"$ZABBIX_USER\",\"password\":\"$ZABBIX_PASSWORD\"}" | json_get result) ||
		die "user.login as $ZABBIX_USER failed on $(zbx_url "$v") (locked for 30 s after 5 bad logins; or run '$0 reset-zabbix $v')"
	id=$(api "$v" token.get "{\"output\":[\"tokenid\"],\"filter\":{\"name\":\"$TOKEN_NAME\"}}" "$sid" | json_get result.0.tokenid) ||
		id=$(api "$v" token.create "{\"name\":\"$TOKEN_NAME\",\"userid\":\"1\",\"description\":\"scripts/services.sh\"}" "$sid" |
			json_get result.tokenids.0)
	tok=$(api "$v" token.generate "[\"$id\"]" "$sid" | json_get result.0.token)
	api "$v" user.logout '[]' "$sid" >/dev/null || true
	[[ $tok =~ ^[0-9a-f]{64}$ ]] || die "token.generate on Zabbix $v.0 returned no token"
	(umask 077 && echo "$tok" >"$file")
}

# ---------------------------------------------------------------- env file

write_version_env() {
	local v=$1
	{
		printf "export ZABBIX%s_URL='%s'\n" "$v" "$(zbx_url "$v")"
		printf "export ZABBIX%s_TOKEN='%s'\n" "$v" "$(<"$STATE_DIR/token-$v")"
		printf "export ZABBIX%s_VERSION='%s'\n" "$v" "$(api_version "$v")"
	} >"$STATE_DIR/env-$v"
}

# env = base lines + the fragment of every Zabbix that runs now.
write_env() {
	local v tmp
	tmp=$(mktemp "$ENV_FILE.XXXX")
	{
		echo "# written by scripts/services.sh; source this file"
		printf "export POSTGRES_DSN='postgres://%s:%s@127.0.0.1:%s/%s?sslmode=disable'\n" \
			"$STORE_USER" "$STORE_PASSWORD" "$PG_PORT" "$STORE_DB"
		printf "export ZABBIX_USER='%s'\nexport ZABBIX_PASSWORD='%s'\n" "$ZABBIX_USER" "$ZABBIX_PASSWORD"
		for v in 6 7; do
			if php_pid "$v" >/dev/null && [[ -f $STATE_DIR/env-$v ]]; then cat "$STATE_DIR/env-$v"; fi
		done
	} >"$tmp"
	chmod 0644 "$tmp"
	mv "$tmp" "$ENV_FILE"
}

# ---------------------------------------------------------------- commands

# serve_zabbix V: working database, config, PHP server, token, env fragment.
serve_zabbix() {
	local v=$1
	db_exists "$(zbx_db "$v")" || clone_zabbix_db "$v"
	write_frontend_config "$v"
	timed "zbx$v-php" php_start "$v"
	timed "zbx$v-token" ensure_token "$v"
	write_version_env "$v"
}

cmd_start() {
	local t0=$EPOCHREALTIME v
	timed packages apt_install
	PG_BIN=$(pg_bin_dir)
	[[ -n $PG_BIN ]] || die "no PostgreSQL server binaries under /usr/lib/postgresql after installing 'postgresql'"
	pg_init
	timed postgres pg_start
	ensure_store_db
	for v in $VERSIONS; do timed "zbx$v-files" "prepare_zabbix$v"; done
	# shellcheck disable=SC2086 # word splitting of the version list is wanted
	timed zabbix-dbs load_zabbix_dbs $VERSIONS
	for v in $VERSIONS; do serve_zabbix "$v"; done
	write_env
	echo "$ENV_FILE"
	echo "services up in $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1fs", b - a }'): ${TIMINGS[*]}" \
		"| pg 127.0.0.1:$PG_PORT$(for v in $VERSIONS; do printf ' | zabbix %s %s' "$(api_version "$v")" "$(zbx_url "$v")"; done)"
}

cmd_stop() {
	local v
	for v in 6 7; do php_stop "$v"; done
	if [[ -f $PGDATA/PG_VERSION ]]; then
		PG_BIN=$(pg_bin_dir)
		pg_stop
	fi
	rm -f "$ENV_FILE"
	if [[ ${1:-} == --purge ]]; then
		[[ -f $OWNER_MARK ]] || die "$STATE_DIR has no $OWNER_MARK; not deleting it"
		log "deleting $STATE_DIR"
		rm -rf "$STATE_DIR"
	fi
	log "stopped"
}

cmd_reset() {
	local v=${1:-} t0=$EPOCHREALTIME
	[[ $v == 6 || $v == 7 ]] || die "usage: $0 reset-zabbix 6|7"
	PG_BIN=$(pg_bin_dir)
	if [[ -z $PG_BIN ]] || ! pg_running; then die "PostgreSQL is not running; run '$0 start' first"; fi
	php_pid "$v" >/dev/null || die "Zabbix $v.0 is not running; run '$0 start' first"
	clone_zabbix_db "$v"
	rm -f "$STATE_DIR/token-$v"
	ensure_token "$v"
	write_version_env "$v"
	write_env
	echo "$ENV_FILE"
	echo "zabbix $v.0 reset in $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1fs", b - a }') (new token in $ENV_FILE)"
}

cmd_status() {
	local v pid
	echo "state dir: $STATE_DIR"
	[[ $EUID -eq 0 ]] || echo "(not root: PostgreSQL shows as not running)"
	PG_BIN=$(pg_bin_dir || true)
	if [[ -n $PG_BIN && -f $PGDATA/PG_VERSION ]] && pg_running; then
		echo "postgres:  running, pid $(head -n 1 "$PGDATA/postmaster.pid"), 127.0.0.1:$(pg_running_port)$([[ -f $PG_STARTED_MARK ]] && echo ', started by this script')"
	else
		echo "postgres:  not running"
	fi
	for v in 6 7; do
		if pid=$(php_pid "$v"); then
			echo "zabbix $v:  running, pgid $pid, $(zbx_url "$v"), API $(api_version "$v" || echo 'not answering')"
		else
			echo "zabbix $v:  not running"
		fi
	done
	if [[ -f $ENV_FILE ]]; then echo "env file:  $ENV_FILE"; else echo "env file:  none (run start)"; fi
}

main() {
	local cmd=${1:-}
	shift || true
	check_settings
	case $cmd in
	start) require_root "$cmd" && claim_state_dir && take_lock && cmd_start ;;
	stop)
		require_root "$cmd"
		if [[ ! -f $OWNER_MARK ]]; then log "nothing to stop in $STATE_DIR" && return 0; fi
		take_lock && cmd_stop "$@"
		;;
	reset-zabbix)
		require_root "$cmd"
		[[ -f $OWNER_MARK ]] || die "no services in $STATE_DIR; run '$0 start' first"
		take_lock && cmd_reset "$@"
		;;
	status) cmd_status ;;
	*)
		echo "usage: $0 start | stop [--purge] | reset-zabbix 6|7 | status" >&2
		exit 2
		;;
	esac
}

main "$@"
