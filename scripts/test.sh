#!/usr/bin/env bash
# Runs every test of Ecofoyer, on a fresh machine as well as on a developer's.
#
# Installs (as root, with apt-get) what the tests need when it is missing, starts private instances on loopback
# and non-default ports (TimescaleDB in a Debian trixie chroot, Mosquitto with a plain and an authenticated
# listener), exports their addresses as ECO_TEST_* variables, runs `mvn -B verify`, and stops everything it
# started, also when the tests fail. Caches live outside the repository (~/.m2, apt's cache, $ECO_TEST_CACHE).
#
# Usage: scripts/test.sh [extra maven arguments...]     e.g. scripts/test.sh -pl meter-drivers -am
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${ECO_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ecofoyer-test}
RUN=$(mktemp -d /tmp/ecofoyer-test.XXXXXX)
chmod 755 "$RUN"
mkdir -p "$CACHE"
PIDS=()
TS_ROOT="$CACHE/trixie-timescaledb"
TS_DATA=""
PG_PAIR=""

log() { printf '[test.sh] %s\n' "$*" >&2; }

cleanup() {
  local rc=$?
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  if [ -n "$TS_DATA" ] && [ -d "$TS_ROOT$TS_DATA" ]; then
    chroot "$TS_ROOT" runuser -u postgres -- /usr/lib/postgresql/17/bin/pg_ctl -D "$TS_DATA" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "${TS_ROOT:?}$TS_DATA"
  fi
  if [ -n "$PG_PAIR" ]; then
    for d in replica primary; do
      [ -d "$TS_ROOT$PG_PAIR/$d" ] && chroot "$TS_ROOT" runuser -u postgres -- /usr/lib/postgresql/17/bin/pg_ctl -D "$PG_PAIR/$d" -m immediate stop >/dev/null 2>&1 || true
    done
    rm -rf "${TS_ROOT:?}$PG_PAIR"
  fi
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && wait "$pid" 2>/dev/null || true; done
  rm -rf "$RUN"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- packages -------------------------------------------------------------------------------------------------
need=()
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || need+=(mosquitto)
command -v socat >/dev/null 2>&1 || need+=(socat)
command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ] || need+=(debootstrap)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v mvn >/dev/null 2>&1 || need+=(maven)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    log "installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    log "missing packages ${need[*]} and not root: the tests that need them will be skipped"
  fi
fi
export PATH="$PATH:/usr/sbin:/sbin"

free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$(( (RANDOM % 20000) + 30000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  return 1
}

wait_port() { # port seconds
  local i
  for i in $(seq 1 $(( $2 * 10 ))); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  return 1
}

# --- Mosquitto ------------------------------------------------------------------------------------------------
start_mosquitto() {
  local plain auth dir="$RUN/mosquitto"
  plain=$(free_port); auth=$(free_port)
  while [ "$auth" = "$plain" ]; do auth=$(free_port); done
  mkdir -p "$dir"
  : > "$dir/passwd"
  mosquitto_passwd -b "$dir/passwd" ingest ingest-secret
  mosquitto_passwd -b "$dir/passwd" gw-alpha alpha-secret
  mosquitto_passwd -b "$dir/passwd" gw-beta beta-secret
  chmod 0700 "$dir"; chmod 0600 "$dir/passwd"
  cat > "$dir/acl" <<ACL
user ingest
topic read #
topic read \$share/#

pattern write tele/%u/#
pattern write teleinfo/%u/#
pattern write zigbee2mqtt/%u/#
pattern write esphome/%u/#
pattern write ecofoyer/gw/%u/#
ACL
  chmod 0600 "$dir/acl"
  cat > "$dir/mosquitto.conf" <<CONF
per_listener_settings true
persistence false
max_queued_messages 1000000
max_inflight_messages 0
max_packet_size 1048576
log_dest stderr
log_type error
log_type warning

listener $plain 127.0.0.1
allow_anonymous true

listener $auth 127.0.0.1
allow_anonymous false
password_file $dir/passwd
acl_file $dir/acl
CONF
  if [ "$(id -u)" = 0 ]; then chown -R mosquitto: "$dir" 2>/dev/null || true; echo "user mosquitto" >> "$dir/mosquitto.conf"; fi
  mosquitto -c "$dir/mosquitto.conf" 2>"$dir/log" &
  PIDS+=($!)
  wait_port "$plain" 10 && wait_port "$auth" 10 || { cat "$dir/log" >&2; log "Mosquitto did not start"; return 1; }
  export ECO_TEST_MQTT_URL="tcp://127.0.0.1:$plain"
  export ECO_TEST_MQTT_AUTH_URL="tcp://127.0.0.1:$auth"
  export ECO_TEST_MQTT_PASSWD="$dir/passwd"
  export ECO_TEST_MOSQUITTO_BIN
  ECO_TEST_MOSQUITTO_BIN=$(command -v mosquitto)
  # The dynamic security plugin ships in Debian's mosquitto package (with mosquitto_ctrl, which makes its first file).
  local plugin
  plugin=$(dpkg -L mosquitto 2>/dev/null | grep -m1 '/mosquitto_dynamic_security\.so$' || true)
  [ -n "$plugin" ] || plugin=$(ls /usr/lib/*/mosquitto_dynamic_security.so /usr/lib/mosquitto_dynamic_security.so 2>/dev/null | head -n1 || true)
  if [ -n "$plugin" ] && command -v mosquitto_ctrl >/dev/null 2>&1; then
    export ECO_TEST_MOSQUITTO_DYNSEC="$plugin" ECO_TEST_MOSQUITTO_CTRL
    ECO_TEST_MOSQUITTO_CTRL=$(command -v mosquitto_ctrl)
    log "Mosquitto's dynamic security plugin: $plugin"
  else
    log "no mosquitto_dynamic_security.so or mosquitto_ctrl: the live provisioning test will fail"
  fi
  log "Mosquitto on $ECO_TEST_MQTT_URL (anonymous) and $ECO_TEST_MQTT_AUTH_URL (password + ACL)"
}

# --- TimescaleDB in a Debian trixie chroot ---------------------------------------------------------------------
# Debian bookworm has no TimescaleDB and trixie's package needs trixie's libc, hence a chroot, built once and cached.
debian_mirror() {
  local m
  m=$(grep -hoE '^URIs:\s*\S+' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -n1)
  [ -n "$m" ] || m=$(grep -hoE '^deb\s+\S+' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | head -n1)
  echo "$m"
}

build_timescale_root() {
  [ -f "$TS_ROOT/.ecofoyer-complete" ] && return 0
  local mirror
  mirror=$(debian_mirror)
  [ -n "$mirror" ] || { log "no Debian mirror configured for apt: cannot build the TimescaleDB chroot"; return 1; }
  log "building the TimescaleDB chroot in $TS_ROOT (once; about a minute)"
  rm -rf "$TS_ROOT"
  debootstrap --variant=minbase --include=postgresql-17,postgresql-17-timescaledb trixie "$TS_ROOT" "$mirror" \
    > "$CACHE/debootstrap.log" 2>&1 || { tail -n 20 "$CACHE/debootstrap.log" >&2; return 1; }
  touch "$TS_ROOT/.ecofoyer-complete"
}

start_timescale() {
  [ "$(id -u)" = 0 ] || { log "not root: no TimescaleDB chroot, its tests will fail (ECO_TEST_ALLOW_SKIP=1 skips them)"; return 0; }
  build_timescale_root || { log "TimescaleDB unavailable: its tests will fail (ECO_TEST_ALLOW_SKIP=1 skips them)"; return 0; }
  local port bin=/usr/lib/postgresql/17/bin
  port=$(free_port)
  TS_DATA="/var/tmp/ecofoyer-ts-$$"
  rm -rf "${TS_ROOT:?}$TS_DATA"; mkdir -p "$TS_ROOT$TS_DATA"
  chroot "$TS_ROOT" chown postgres:postgres "$TS_DATA"
  chroot "$TS_ROOT" runuser -u postgres -- $bin/initdb -D "$TS_DATA" -A trust -U postgres --no-sync >/dev/null
  chroot "$TS_ROOT" runuser -u postgres -- $bin/pg_ctl -D "$TS_DATA" -l "$TS_DATA/log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=/tmp -c shared_preload_libraries=timescaledb \
        -c timescaledb.telemetry_level=off -c dynamic_shared_memory_type=mmap -c fsync=off -c synchronous_commit=off \
        -c full_page_writes=off -c max_connections=200" start >/dev/null \
    || { cat "$TS_ROOT$TS_DATA/log" >&2; log "TimescaleDB did not start"; return 1; }
  chroot "$TS_ROOT" runuser -u postgres -- $bin/psql -h /tmp -p "$port" -U postgres -qc "CREATE EXTENSION IF NOT EXISTS timescaledb" >/dev/null
  export ECO_TEST_TIMESCALE_URL="jdbc:postgresql://127.0.0.1:$port/postgres?user=postgres"
  log "TimescaleDB on $ECO_TEST_TIMESCALE_URL"
}

# --- A PostgreSQL primary and its streaming replica (read replicas, storage.read-url) ----------------------------
# Physical streaming replication needs the same major version on both sides: both run the chroot's PostgreSQL 17
# (plain, no TimescaleDB), the replica made by pg_basebackup -R from the running primary, as in production.
start_replica_pair() {
  [ "$(id -u)" = 0 ] && [ -f "$TS_ROOT/.ecofoyer-complete" ] \
    || { log "no PostgreSQL 17 chroot: the read-replica tests will fail (ECO_TEST_ALLOW_SKIP=1 skips them)"; return 0; }
  local pport rport bin=/usr/lib/postgresql/17/bin run="chroot $TS_ROOT runuser -u postgres --"
  pport=$(free_port); rport=$(free_port)
  while [ "$rport" = "$pport" ]; do rport=$(free_port); done
  PG_PAIR="/var/tmp/ecofoyer-pair-$$"
  rm -rf "${TS_ROOT:?}$PG_PAIR"; mkdir -p "$TS_ROOT$PG_PAIR"
  chroot "$TS_ROOT" chown postgres:postgres "$PG_PAIR"
  $run $bin/initdb -D "$PG_PAIR/primary" -A trust -U postgres --no-sync >/dev/null
  local common="-c listen_addresses=127.0.0.1 -c unix_socket_directories=/tmp -c dynamic_shared_memory_type=mmap \
      -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
  $run $bin/pg_ctl -D "$PG_PAIR/primary" -l "$PG_PAIR/primary.log" -w -t 60 \
    -o "-p $pport $common -c wal_level=replica -c max_wal_senders=4" start >/dev/null \
    || { cat "$TS_ROOT$PG_PAIR/primary.log" >&2; log "the replication primary did not start"; return 1; }
  $run $bin/pg_basebackup -h 127.0.0.1 -p "$pport" -U postgres -D "$PG_PAIR/replica" -R -X stream >/dev/null \
    || { log "pg_basebackup of the primary failed"; return 1; }
  # hot_standby_feedback: a long test read on the replica is not cancelled by the primary's vacuum.
  $run $bin/pg_ctl -D "$PG_PAIR/replica" -l "$PG_PAIR/replica.log" -w -t 60 \
    -o "-p $rport $common -c hot_standby=on -c hot_standby_feedback=on" start >/dev/null \
    || { cat "$TS_ROOT$PG_PAIR/replica.log" >&2; log "the streaming replica did not start"; return 1; }
  export ECO_TEST_PG_PRIMARY_URL="jdbc:postgresql://127.0.0.1:$pport/postgres?user=postgres"
  export ECO_TEST_PG_REPLICA_URL="jdbc:postgresql://127.0.0.1:$rport/postgres?user=postgres"
  log "PostgreSQL primary on $ECO_TEST_PG_PRIMARY_URL, its streaming replica on $ECO_TEST_PG_REPLICA_URL"
}

# --- Chromium for browser tests ----------------------------------------------------------------------------------
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  export ECO_TEST_CHROMIUM ECO_TEST_CHROMEDRIVER
  ECO_TEST_CHROMIUM=$(command -v chromium); ECO_TEST_CHROMEDRIVER=$(command -v chromedriver)
fi
if command -v socat >/dev/null 2>&1; then export ECO_TEST_SOCAT; ECO_TEST_SOCAT=$(command -v socat); fi

start_mosquitto
start_timescale
start_replica_pair

# Under this script every service is required: a test that misses one fails instead of skipping (TestServices).
# ECO_TEST_ALLOW_SKIP=1 lets such tests skip (e.g. a developer without root, hence without the TimescaleDB chroot).
if [ "${ECO_TEST_ALLOW_SKIP:-0}" = 1 ]; then export ECO_TEST_REQUIRE_ALL=0; else export ECO_TEST_REQUIRE_ALL=1; fi

cd "$ROOT"
# The README's other command must work on a fresh clone: build (when stale) and start the launcher once.
log "./ecofoyer --version (the launcher builds the jar when it is missing)"
./ecofoyer --version
log "mvn -B verify $*"
set +e
mvn -B -ntp verify "$@"
rc=$?
set -e
exit $rc
