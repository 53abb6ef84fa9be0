#!/usr/bin/env bash
# Starts `make run` as a newcomer would (embedded SQLite, development settings), waits
# until /healthz reports the database and Elasticsearch up and the home page and a search
# answer, then stops the site. Elasticsearch stays up for whatever runs next
# (`make es-stop` stops it). Used by .ci/run; also useful by hand.
#
#   scripts/smoke-run.sh [port]      (default 8765; SMOKE_TIMEOUT seconds, default 900)
set -uo pipefail
cd "$(dirname "$0")/.."

port=${1:-8765}
timeout=${SMOKE_TIMEOUT:-900}
base="http://127.0.0.1:$port"
log=var/smoke-run.log
mkdir -p var

say() { printf '[smoke] %s\n' "$*"; }

# The newcomer's defaults, whatever the calling environment (CI exports its test ones).
unset DATABASE_URL DJANGO_SETTINGS_MODULE REQUIRE_POSTGRES ELASTICSEARCH_INDEX_PREFIX
# A process group of its own, so stopping it stops runserver, its reloader and the worker.
setsid make run PORT="$port" >"$log" 2>&1 &
group=$!
stop_site() {
  kill -TERM -- "-$group" 2>/dev/null
  for _ in $(seq 1 20); do kill -0 -- "-$group" 2>/dev/null || return 0; sleep 0.5; done
  kill -KILL -- "-$group" 2>/dev/null
}
trap stop_site EXIT

fail() {
  say "FAILED: $*"
  say "last lines of $log:"
  tail -n 40 "$log" | sed 's/^/    /'
  exit 1
}

# Prints the body of a GET, or nothing; never fails the script by itself.
get() { python3 - "$1" <<'EOF'
import sys, urllib.request, urllib.error
try:
    with urllib.request.urlopen(sys.argv[1], timeout=20) as response:
        sys.stdout.write(f"{response.status}\n" + response.read().decode("utf-8", "replace"))
except urllib.error.HTTPError as error:
    sys.stdout.write(f"{error.code}\n" + error.read().decode("utf-8", "replace"))
except Exception as error:  # not up yet
    sys.stdout.write(f"000\n{error!r}")
EOF
}

say "make run on $base (log: $log)"
deadline=$((SECONDS + timeout))
health=""
while :; do
  kill -0 "$group" 2>/dev/null || fail "make run exited before the site answered"
  health=$(get "$base/healthz")
  if [ "${health%%$'\n'*}" = 200 ] &&
     python3 -c 'import json,sys; h=json.loads(sys.argv[1].split("\n",1)[1]);
sys.exit(not (h["database"]["ok"] and h["elasticsearch"]["ok"]))' "$health" 2>/dev/null
  then break; fi
  [ $SECONDS -ge $deadline ] && fail "/healthz did not report database and Elasticsearch up in ${timeout}s: ${health#*$'\n'}"
  sleep 2
done
say "healthz: ${health#*$'\n'}"

home=$(get "$base/")
[ "${home%%$'\n'*}" = 200 ] || fail "home page answered ${home%%$'\n'*}"
say "home page: 200"

# The worker may still be building the public index a moment after the site is up.
for _ in $(seq 1 60); do
  search=$(get "$base/api/v1/search/?q=sapa")
  if [ "${search%%$'\n'*}" = 200 ] &&
     python3 -c 'import json,sys; r=json.loads(sys.argv[1].split("\n",1)[1]);
sys.exit(not (r["count"] > 0 and r["fallback"] is False))' "$search" 2>/dev/null
  then break; fi
  sleep 2
done
python3 -c 'import json,sys; r=json.loads(sys.argv[1].split("\n",1)[1]);
print("[smoke] search sapa: %d results from Elasticsearch, first: %s" % (r["count"], r["results"][0]["title"]))
sys.exit(not (r["count"] > 0 and r["fallback"] is False))' "$search" 2>/dev/null \
  || fail "/api/v1/search/?q=sapa did not answer from Elasticsearch: ${search:0:300}"
say "ok"
