#!/usr/bin/env bash
# Fuzz the REST API with schemathesis against its own OpenAPI schema.
#
# A fresh SQLite database in a temporary directory is migrated and seeded (the
# seed articles, their lessons built and published, the demo users); gunicorn
# serves it on 127.0.0.1:8765; examples/take_quiz.py takes a quiz; then
# schemathesis runs every check three times, anonymous and with the demo
# student's and teacher's tokens, each pass bounded in examples and time (about
# five minutes in all on 2 cores). The server is stopped however the script
# ends. Nothing leaves 127.0.0.1.
#
# Usage: scripts/fuzz_api.sh [MAX_EXAMPLES] [MAX_SECONDS_PER_PASS]
set -euo pipefail

cd "$(dirname "$0")/.."
BIN=${BIN:-$PWD/.venv/bin}
HOST=127.0.0.1
PORT=8765
BASE="http://$HOST:$PORT"
MAX_EXAMPLES=${1:-25}
MAX_SECONDS=${2:-90}

WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID"
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

export DJANGO_SETTINGS_MODULE=quizsite.settings
export DATABASE_URL="sqlite:///$WORK/fuzz.sqlite3"
# Fuzzing sends thousands of requests a minute: lift the throttles so the
# checks reach the views (429 is documented and tested in tests/lessons/api).
export TALLY_THROTTLE_ANON=1000000/minute
export TALLY_THROTTLE_USER=1000000/minute
export TALLY_THROTTLE_AUTH=1000000/minute

echo "== seeding $DATABASE_URL"
"$BIN/python" manage.py migrate --noinput >/dev/null
"$BIN/python" manage.py import_seeds
"$BIN/python" manage.py build_lessons --publish
"$BIN/python" manage.py create_demo_users

echo "== serving on $BASE"
# --limit-request-line 0: the fuzzer sends query strings past gunicorn's 4 KB
# default, and the 414 gunicorn would answer is the server's, not the API's.
"$BIN/gunicorn" quizsite.wsgi:application --bind "$HOST:$PORT" --workers 2 \
    --limit-request-line 0 --log-level warning >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 50); do
    "$BIN/python" -c "import urllib.request as u; u.urlopen('$BASE/api/v1/skills/')" \
        2>/dev/null && break
    sleep 0.2
done

token_for() {  # token_for USERNAME PASSWORD
    "$BIN/python" - "$BASE" "$1" "$2" <<'PY'
import json, sys, urllib.request
base, username, password = sys.argv[1:]
body = json.dumps({"username": username, "password": password}).encode()
request = urllib.request.Request(base + "/api/v1/auth/token/", data=body,
                                 headers={"Content-Type": "application/json"})
print(json.load(urllib.request.urlopen(request))["token"])
PY
}
STUDENT_TOKEN=$(token_for student tally-student-demo)
TEACHER_TOKEN=$(token_for teacher tally-teacher-demo)
status=0

# The example client first, on the seeded data as make run leaves it (the
# fuzzing passes below edit and publish things as the teacher).
echo "== examples/take_quiz.py"
"$BIN/python" examples/take_quiz.py --base-url "$BASE" \
    --username student --password tally-student-demo || status=1

# Checks left out, and why (see also the report in the pull request):
# - positive_data_acceptance: ids in request bodies and paths are typed as
#   integers, but most integers name no object; an unknown id in a body is a
#   400 by design ("Invalid pk"), which this check reads as valid data refused.
# - use_after_free / ensure_resource_availability: they need DELETE or
#   create-then-read links for stateful testing; the API deletes nothing but
#   the caller's own token, and the stateful phase is not run (below).
EXCLUDED=positive_data_acceptance,use_after_free,ensure_resource_availability
run_pass() {
    local name=$1; shift
    echo "== schemathesis: $name pass"
    # Run from the temporary directory: schemathesis keeps a cache in ./.schemathesis.
    # One worker: with two threads, hypothesis's lambda-describing ast.parse
    # sometimes hits CPython 3.11's "AST constructor recursion depth mismatch".
    (cd "$WORK" && "$BIN/schemathesis" run "$BASE/api/v1/schema/" \
        --checks all --exclude-checks "$EXCLUDED" \
        --phases examples,coverage,fuzzing \
        --max-examples "$MAX_EXAMPLES" --max-time "$MAX_SECONDS" \
        --workers 1 --request-timeout 20 --seed 1 --generation-database none \
        --exclude-method DELETE \
        "$@") || status=1
}
# A pass must not revoke the token it runs with, so DELETE /auth/token/ is
# left out of the fuzzing; tests/lessons/api cover it.
run_pass anonymous
run_pass "student token" --header "Authorization: Token $STUDENT_TOKEN"
run_pass "teacher token" --header "Authorization: Token $TEACHER_TOKEN"

if grep -q "Traceback" "$WORK/server.log"; then
    echo "== server errors"; cat "$WORK/server.log"; status=1
fi
exit $status
