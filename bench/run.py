"""`make bench`: Tally under gunicorn, driven by wrk, next to a bare Django view.

What it does, in order (DESIGN.md §8 and §9):

1. Makes a temp folder with a fresh SQLite database and seeds it the way `make run`
   does (migrate, import_seeds, build_lessons --publish, create_demo_users), collects
   the static files, then runs bench/setup.py: bench students with API tokens and an
   attempt in progress each, and every scenario of bench/scenarios.py resolved to
   concrete requests (or a reason to skip it), with its SQL queries counted.
2. Serves the app with gunicorn on 127.0.0.1 (2 sync workers) with DEBUG off and
   TALLY_BENCH=1, which adds the ceiling view at /bench/ceiling/. Throttle rates are
   lifted (TALLY_THROTTLE_*): a few bench identities stand in for many clients.
3. Signs every bench student in through the login page (the session cookie, which
   holds the CSRF secret), reads a CSRF token from a signed-in page for the POSTs,
   and gets their tokens from the API's token endpoint.
4. For each scenario: probes each request once (a wrong answer skips the scenario,
   with the reason), warms up, then runs rounds (3): in each, the ceiling, then the
   scenario, each with wrk for a bounded time AND a bounded number of requests,
   reading requests/s, latency percentiles and the gunicorn workers' CPU time. Each
   round's ratios are taken against the ceiling run just before it, so that load
   from elsewhere on the machine cancels out as far as it can, and the scenario's
   figures are those of its round with the median ratio (every round is kept in the
   JSON, and the table shows their range): a burst of load from elsewhere during
   one run moves one round, not the result. The CPU ratio (CPU time per request,
   ceiling over scenario) is the other view of the same round.
5. Prints a table with each scenario's requests/s and p50/p99 latency next to the
   ceiling's, writes the same to build/bench.json, and stops gunicorn (also on
   Ctrl-C, SIGTERM or an error).

Only 127.0.0.1 is ever contacted. Settings: environment variables, all optional:
BENCH_ROUNDS (3), BENCH_DURATION (s, per round, 4), BENCH_CEILING_DURATION (s, the
ceiling run of each round, 2), BENCH_WARMUP (s, 1), BENCH_THREADS (2), BENCH_CONNECTIONS (8),
BENCH_MAX_REQUESTS (per wrk run, 60000), BENCH_WORKERS (gunicorn, 2), BENCH_STUDENTS
(8), BENCH_PORT (a free one), BENCH_TARGET (0.40), BENCH_ONLY (comma-separated
substrings of scenario names; the ceiling always runs), BENCH_KEEP=1 (keep the temp
folder: wrk's output and Lua scripts, gunicorn's log), BENCH_STRICT=1 (exit 1 when
the target is missed), BENCH_GUNICORN_ARGS (more gunicorn arguments, such as a
``--config`` file with profiling hooks).
"""

from __future__ import annotations

import http.client
import json
import math
import os
import platform
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scenarios import SCENARIOS  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


DURATION = env_int("BENCH_DURATION", 4)
CEILING_DURATION = env_int("BENCH_CEILING_DURATION", 2)
ROUNDS = max(1, env_int("BENCH_ROUNDS", 3))
WARMUP = env_int("BENCH_WARMUP", 1)
THREADS = env_int("BENCH_THREADS", 2)
CONNECTIONS = env_int("BENCH_CONNECTIONS", 8)
MAX_REQUESTS = env_int("BENCH_MAX_REQUESTS", 60000)
WORKERS = env_int("BENCH_WORKERS", 2)
STUDENTS = env_int("BENCH_STUDENTS", 8)
TARGET = float(os.environ.get("BENCH_TARGET", "0.40"))
ONLY = [
    s.strip().lower() for s in os.environ.get("BENCH_ONLY", "").split(",") if s.strip()
]


LOAD_AT_START = 0.0


class BenchError(RuntimeError):
    pass


def say(message: str = "") -> None:
    print(message, flush=True)


# --- processes ------------------------------------------------------------------------

_children: list[subprocess.Popen[Any]] = []


def stop_process(
    proc: subprocess.Popen[Any], *, group: bool, grace: float = 10
) -> None:
    """SIGTERM (the process group when it has its own), then SIGKILL after the grace."""
    if proc.poll() is not None:
        return
    try:
        if group:
            os.killpg(proc.pid, signal.SIGTERM)
        else:
            proc.terminate()
        proc.wait(timeout=grace)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            if group:
                os.killpg(proc.pid, signal.SIGKILL)
            else:
                proc.kill()
        except ProcessLookupError:
            pass
        proc.wait(timeout=5)


def _on_sigterm(signum: int, frame: Any) -> None:
    say(f"\nstopped by signal {signum}")
    raise SystemExit(128 + signum)


def run_step(
    args: list[str], env: dict[str, str], log: Path, what: str, *, fatal: bool = True
) -> bool:
    say(f"  {what} ...")
    with log.open("a") as out:
        out.write(f"\n$ {' '.join(args)}\n")
        out.flush()
        proc = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
        _children.append(proc)
        try:
            code = proc.wait(timeout=300)
        finally:
            _children.remove(proc)
    if code != 0:
        tail = "\n".join(log.read_text().splitlines()[-15:])
        if fatal:
            raise BenchError(f"{what} failed (exit {code}):\n{tail}")
        say(
            f"  WARNING: {what} failed (exit {code}); scenarios that need its data will be skipped."
        )
        say("    " + tail.replace("\n", "\n    "))
        return False
    return True


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


# --- HTTP (stdlib, 127.0.0.1 only) --------------------------------------------------------


def fetch(
    port: int,
    method: str,
    path: str,
    *,
    headers: dict[str, str] | None = None,
    body: str | bytes | None = None,
    timeout: float = 10,
) -> tuple[int, http.client.HTTPMessage, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def cookies_from(headers: http.client.HTTPMessage) -> dict[str, str]:
    jar: dict[str, str] = {}
    for value in headers.get_all("Set-Cookie") or []:
        cookie = SimpleCookie()
        cookie.load(value)
        for name, morsel in cookie.items():
            jar[name] = morsel.value
    return jar


def wait_until_up(port: int, proc: subprocess.Popen[Any], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BenchError("gunicorn exited:\n" + log.read_text()[-2000:])
        try:
            status, _, _ = fetch(port, "GET", "/bench/ceiling/", timeout=2)
            if status == 200:
                return
            raise BenchError(
                f"/bench/ceiling/ answered {status}: is the ceiling view in quizsite/urls.py "
                "(added when TALLY_BENCH=1)?"
            )
        except OSError:
            time.sleep(0.2)
    raise BenchError("gunicorn did not answer within 30 s:\n" + log.read_text()[-2000:])


def log_in(
    port: int, login_path: str | None, student: dict[str, Any], names: dict[str, str]
) -> tuple[dict[str, str], str]:
    """The student's cookies after signing in through the login page, and how they were got.

    The CSRF secret is in whichever cookie the settings put it (its own, or the
    session with CSRF_USE_SESSIONS): every cookie the login page set goes back."""
    session_name = names["session"]
    if login_path:
        try:
            status, headers, body = fetch(port, "GET", login_path)
            jar = cookies_from(headers)
            match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
            if status == 200 and match and jar:
                form = urlencode(
                    {
                        "username": student["username"],
                        "password": student["password"],
                        "csrfmiddlewaretoken": match.group(1).decode(),
                    }
                )
                status, headers, _ = fetch(
                    port,
                    "POST",
                    login_path,
                    body=form,
                    headers={
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Cookie": cookie_header(jar),
                    },
                )
                jar.update(cookies_from(headers))
                if status in (302, 303) and jar.get(session_name):
                    return jar, "login page"
                why = f"POST {login_path} answered {status}"
            else:
                why = f"GET {login_path} answered {status}" + (
                    "" if match else ", no CSRF field"
                )
        except OSError as error:
            why = f"{login_path}: {error}"
    else:
        why = "no URL named 'login'"
    # Fallback: a session made by Django's own login() in bench/setup.py.
    return {session_name: student["session_cookie"]}, f"fallback ({why})"


def cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in jar.items())


def page_token(port: int, path: str, jar: dict[str, str]) -> str:
    """A CSRF token for the signed-in student, from a page's form (the sign-out
    button's, on every page); the jar takes any cookie the page renews."""
    status, headers, body = fetch(
        port, "GET", path, headers={"Cookie": cookie_header(jar)}
    )
    jar.update(cookies_from(headers))
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not match:
        raise BenchError(
            f"GET {path} signed in answered {status}"
            + ("" if match else " with no CSRF field")
            + ": no CSRF token for the bench's POSTs"
        )
    return match.group(1).decode()


def get_token(
    port: int, token_path: str | None, student: dict[str, Any]
) -> tuple[str, str]:
    if token_path:
        try:
            status, _, body = fetch(
                port,
                "POST",
                token_path,
                body=json.dumps(
                    {"username": student["username"], "password": student["password"]}
                ),
                headers={
                    "Content-Type": "application/json",
                    "Accept": "application/json",
                },
            )
            if status == 200:
                token = json.loads(body).get("token")
                if token:
                    return token, "token endpoint"
            why = f"POST {token_path} answered {status}"
        except (OSError, ValueError) as error:
            why = f"{token_path}: {error}"
    else:
        why = "no token endpoint at /api/v1/auth/token/"
    return student["token"], f"fallback: token made directly ({why})"


# --- wrk ---------------------------------------------------------------------------------


def lua_string(value: str) -> str:
    out = ['"']
    for ch in value.encode():
        if ch in (0x22, 0x5C):
            out.append("\\" + chr(ch))
        elif 0x20 <= ch < 0x7F:
            out.append(chr(ch))
        else:
            out.append(f"\\{ch:03d}")
    out.append('"')
    return "".join(out)


LUA_TEMPLATE = """\
-- Generated by bench/run.py for one scenario: cycles through prebuilt requests and
-- stops each thread after %(limit)d of them (wrk's -d bounds the time). A thread that
-- stops early records when: bench/run.py then estimates requests/s from the first
-- thread to stop (after it, gunicorn's sync workers wait on that thread's idle
-- connections, so the rest of the run is not representative).
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]
local function now_us()
  local t = ffi.new("bench_timespec")
  ffi.C.clock_gettime(1, t) -- CLOCK_MONOTONIC
  return tonumber(t.tv_sec) * 1e6 + tonumber(t.tv_nsec) / 1e3
end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

local reqs = {}
local n = 0
local count = 0
local limit = %(limit)d
started_us = 0
stopped_us = 0

function init(args)
  started_us = now_us()
%(formats)s
end

function request()
  count = count + 1
  if count == limit then
    stopped_us = now_us()
    wrk.thread:stop()
  end
  n = n %% #reqs + 1
  return reqs[n]
end

function done(summary, latency, requests)
  local e = summary.errors
  local first_start, first_stop, capped = nil, nil, 0
  for _, t in ipairs(threads) do
    local s, f = t:get("started_us"), t:get("stopped_us")
    if first_start == nil or s < first_start then first_start = s end
    if f > 0 then
      capped = capped + 1
      if first_stop == nil or f < first_stop then first_stop = f end
    end
  end
  local until_cap = 0
  if first_stop then until_cap = first_stop - first_start end
  io.write(string.format(
    'WRK_JSON {"duration_us": %%.0f, "until_cap_us": %%.0f, "capped_threads": %%d, ' ..
    '"requests": %%.0f, "bytes": %%.0f, "errors": {"connect": %%.0f, "read": %%.0f, ' ..
    '"write": %%.0f, "status": %%.0f, "timeout": %%.0f}, "latency_us": {"p50": %%.1f, ' ..
    '"p75": %%.1f, "p90": %%.1f, "p99": %%.1f, "mean": %%.1f, "max": %%.1f}}\\n',
    summary.duration, until_cap, capped, summary.requests, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(75), latency:percentile(90),
    latency:percentile(99), latency.mean, latency.max))
end
"""


def lua_script(requests: list[dict[str, Any]], limit: int) -> str:
    lines = []
    for r in requests:
        headers = ", ".join(
            f"[{lua_string(k)}] = {lua_string(v)}" for k, v in r["headers"].items()
        )
        body = lua_string(r["body"]) if r.get("body") is not None else "nil"
        lines.append(
            f"  reqs[#reqs + 1] = wrk.format({lua_string(r['method'])}, "
            f"{lua_string(r['path'])}, {{{headers}}}, {body})"
        )
    return LUA_TEMPLATE % {"limit": limit, "formats": "\n".join(lines)}


_UNITS_US = {"us": 1, "ms": 1e3, "s": 1e6, "m": 60e6, "h": 3600e6}


def parse_wrk_text(text: str) -> dict[str, Any]:
    """wrk's own report (with --latency): requests/s and the latency distribution."""
    parsed: dict[str, Any] = {}
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if m:
        parsed["rps"] = float(m.group(1))
    latency = {}
    for pct, value, unit in re.findall(
        r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s|m|h)\s*$", text, re.M
    ):
        latency[f"p{pct}"] = float(value) * _UNITS_US[unit]
    if latency:
        parsed["latency_us"] = latency
    m = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m|h)", text)
    if m:
        parsed["requests"] = int(m.group(1))
        parsed["duration_us"] = float(m.group(2)) * _UNITS_US[m.group(3)]
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    parsed["non_2xx_3xx"] = int(m.group(1)) if m else 0
    return parsed


_TICK = os.sysconf("SC_CLK_TCK")


def workers_cpu_seconds(master: int) -> tuple[float, float]:
    """CPU time used so far by gunicorn's workers, from /proc: (user, system)."""
    user = system = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:  # the parent pid: a worker of this master
            user += int(fields[11]) / _TICK
            system += int(fields[12]) / _TICK
    return user, system


def run_wrk(
    port: int,
    requests: list[dict[str, Any]],
    duration: int,
    workdir: Path,
    label: str,
    master: int | None = None,
) -> dict[str, Any]:
    """One wrk run; with ``master``, also the server CPU time the run cost."""
    per_thread = math.ceil(MAX_REQUESTS / THREADS)
    script = workdir / f"{label}.lua"
    script.write_text(lua_script(requests, per_thread))
    args = [
        "wrk",
        "--latency",
        "-t",
        str(THREADS),
        "-c",
        str(CONNECTIONS),
        "-d",
        f"{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        f"http://{HOST}:{port}{requests[0]['path']}",
    ]
    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    _children.append(proc)
    cpu_before = workers_cpu_seconds(master) if master else (0.0, 0.0)
    try:
        text, _ = proc.communicate(timeout=duration + 30)
    finally:
        _children.remove(proc)
    cpu_after = workers_cpu_seconds(master) if master else None
    (workdir / f"{label}.out").write_text(text)
    if proc.returncode != 0:
        raise BenchError(f"wrk failed (exit {proc.returncode}):\n{text}")
    m = re.search(r"^WRK_JSON (.*)$", text, re.M)
    stats = json.loads(m.group(1)) if m else {}
    text_stats = parse_wrk_text(text)
    if not stats:  # fall back on wrk's text report
        stats = {k: v for k, v in text_stats.items() if k != "rps"}
        stats.setdefault("errors", {"status": text_stats["non_2xx_3xx"]})
    stats["rps"] = (
        stats["requests"] / (stats["duration_us"] / 1e6)
        if stats.get("duration_us")
        else 0.0
    )
    if stats.get("capped_threads"):
        # The count bound hit: every thread had sent about as many requests as the
        # first to stop, so the rate until then is the one to report.
        stats["rps"] = per_thread * THREADS / (stats["until_cap_us"] / 1e6)
    stats["non_2xx_3xx"] = text_stats["non_2xx_3xx"]
    stats["wrk_rps"] = text_stats.get("rps")
    if cpu_after is not None and stats.get("requests"):
        user, system = (a - b for a, b in zip(cpu_after, cpu_before, strict=True))
        per_request = 1000 / stats["requests"]
        stats["cpu_ms_per_request"] = round((user + system) * per_request, 3)
        # The kernel's share (sockets, SQLite's file I/O): user time is Python's.
        stats["cpu_system_ms_per_request"] = round(system * per_request, 3)
    return stats


def measured_round(stats: dict[str, Any], ceiling: dict[str, Any]) -> dict[str, Any]:
    """One round of a scenario, next to the ceiling run just before it."""
    return {
        "requests": int(stats["requests"]),
        "duration_s": round(stats["duration_us"] / 1e6, 3),
        "rps": round(stats["rps"], 1),
        "latency_ms": {k: round(v / 1000, 3) for k, v in stats["latency_us"].items()},
        "errors": {**stats.get("errors", {}), "non_2xx_3xx": stats["non_2xx_3xx"]},
        "count_bound_hit": bool(stats.get("capped_threads")),
        "cpu_ms_per_request": stats.get("cpu_ms_per_request"),
        "cpu_system_ms_per_request": stats.get("cpu_system_ms_per_request"),
        "ceiling_rps": round(ceiling["rps"], 1),
        "ceiling_latency_ms": {
            k: round(v / 1000, 3) for k, v in ceiling["latency_us"].items()
        },
        "ceiling_cpu_ms_per_request": ceiling.get("cpu_ms_per_request"),
    }


# --- scenarios ---------------------------------------------------------------------------


def concrete_requests(
    resolved: dict[str, Any], students: list[dict[str, Any]], scenario: dict[str, Any]
) -> list[dict[str, Any]]:
    auth = scenario.get("auth")
    out = []
    for r in resolved["requests"]:
        headers: dict[str, str] = {}
        body = r.get("body")
        if auth == "session":
            s = students[r["student"]]
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in s["cookies"].items())
            if body is not None:
                body = body.replace("{csrf}", s["csrf"])
                headers["X-CSRFToken"] = s["csrf"]
        elif auth == "token":
            s = students[r["student"]]
            headers["Authorization"] = f"Token {s['api_token']}"
            headers["Accept"] = "application/json"
        if body is not None:
            headers["Content-Type"] = r["content_type"]
        headers.update(r.get("headers") or {})
        out.append(
            {"method": r["method"], "path": r["path"], "headers": headers, "body": body}
        )
    return out


def last_error(log: Path) -> str:
    """The last exception line gunicorn's log holds (Django logs a 500's traceback)."""
    try:
        lines = log.read_text(errors="replace").splitlines()
    except OSError:
        return ""
    for line in reversed(lines):
        if re.match(r"^[\w.]+(Error|Exception|DoesNotExist|NotFound)\b", line):
            return line.strip()[:300]
    return ""


def probe(
    port: int, requests: list[dict[str, Any]], scenario: dict[str, Any], log: Path
) -> str | None:
    """None when every distinct request answers as expected, else why not."""
    expect = scenario.get("expect", [200])
    seen = set()
    for r in requests:
        key = (
            r["method"],
            r["path"],
            r.get("body"),
            tuple(sorted(r["headers"].items())),
        )
        if key in seen:
            continue
        seen.add(key)
        status, headers, body = fetch(
            port, r["method"], r["path"], headers=r["headers"], body=r.get("body")
        )
        location = headers.get("Location") or ""
        text = body.decode("utf-8", "replace")
        where = f" -> {location}" if location else ""
        problem = ""
        if status not in expect:
            problem = f"expected {expect}"
        elif scenario.get("expect_location") and not location.startswith(
            scenario["expect_location"]
        ):
            problem = f"expected a redirect to {scenario['expect_location']}"
        elif scenario.get("expect_text") and scenario["expect_text"] not in text:
            problem = f"expected {scenario['expect_text']!r} in the body"
        if problem:
            detail = last_error(log) if status >= 500 else " ".join(text[:200].split())
            return f"probe {r['method']} {r['path']} answered {status}{where} ({problem}): {detail}"
    return None


def fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def main() -> int:
    if shutil.which("wrk") is None:
        say("make bench needs wrk (Debian's package): sudo apt-get install -y wrk")
        return 2
    # Ctrl-C raises KeyboardInterrupt even where a parent shell ignored SIGINT; SIGTERM
    # and SIGHUP exit through the same clean-up (the finally below stops gunicorn).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _on_sigterm)
    signal.signal(signal.SIGHUP, _on_sigterm)
    started = time.monotonic()
    global LOAD_AT_START
    LOAD_AT_START = round(os.getloadavg()[0], 2)
    workdir = Path(tempfile.mkdtemp(prefix="tally-bench-"))
    log = workdir / "setup.log"
    gunicorn: subprocess.Popen[Any] | None = None
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "quizsite.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-" + secrets.token_urlsafe(48),
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SESSION_COOKIE_SECURE": "0",
        "DJANGO_CSRF_COOKIE_SECURE": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DATABASE_URL": f"sqlite:///{workdir}/bench.sqlite3",
        "DJANGO_LOG_LEVEL": "WARNING",
        "TALLY_BENCH": "1",
        # Per-client throttles would turn a few bench identities into 429s: the bench
        # measures the app, so their limits are lifted (the throttle code still runs).
        "TALLY_THROTTLE_ANON": "100000000/minute",
        "TALLY_THROTTLE_USER": "100000000/minute",
        "TALLY_THROTTLE_AUTH": "100000/minute",
    }
    env.pop("DJANGO_SESSION_ENGINE", None)
    env.pop("DJANGO_CONN_MAX_AGE", None)
    try:
        say(f"Tally bench: temp folder {workdir}")
        say("Seeding a fresh SQLite database the way `make run` does:")
        manage = [PYTHON, "manage.py"]
        run_step(manage + ["migrate", "--noinput"], env, log, "migrate")
        run_step(manage + ["import_seeds"], env, log, "import_seeds")
        built = run_step(
            manage + ["build_lessons", "--publish"],
            env,
            log,
            "build_lessons --publish",
            fatal=False,
        )
        run_step(manage + ["create_demo_users"], env, log, "create_demo_users")
        run_step(manage + ["collectstatic", "--noinput"], env, log, "collectstatic")
        say(f"  bench students ({STUDENTS}) and scenarios (bench/setup.py) ...")
        out = subprocess.run(
            [PYTHON, str(ROOT / "bench" / "setup.py"), "--students", str(STUDENTS)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if out.returncode != 0:
            raise BenchError("bench/setup.py failed:\n" + out.stderr[-3000:])
        plan = json.loads(out.stdout)
        say(
            f"  lesson: {plan['lesson']!r}; quiz: {plan['quiz']!r} "
            f"({plan['quiz_questions']} questions; answers saved to {plan['question_type']!r} questions)"
        )

        port = env_int("BENCH_PORT", 0) or free_port()
        glog = workdir / "gunicorn.log"
        say(
            f"Serving with gunicorn on {HOST}:{port}, {WORKERS} sync workers, DEBUG off ..."
        )
        gunicorn = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "quizsite.wsgi:application",
                "--workers",
                str(WORKERS),
                "--worker-class",
                "sync",
                "--bind",
                f"{HOST}:{port}",
                "--timeout",
                "30",
                "--log-level",
                "warning",
                "--error-logfile",
                str(glog),
                *shlex.split(os.environ.get("BENCH_GUNICORN_ARGS", "")),
            ],
            cwd=ROOT,
            env=env,
            stdout=glog.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_until_up(port, gunicorn, glog)

        students = plan["students"]
        names = {"session": plan["session_cookie_name"]}
        how_login, how_token = set(), set()

        def sign_in(s: dict[str, Any]) -> None:
            s["cookies"], how = log_in(port, plan["login_path"], s, names)
            s["csrf"] = page_token(port, plan["token_page"], s["cookies"])
            how_login.add(how)
            s["api_token"], how = get_token(port, plan["token_path"], s)
            how_token.add(how)

        # Each sign-in checks a password (slow by design): one per worker at a time.
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            list(pool.map(sign_in, students))
        say(
            f"  {len(students)} bench students signed in: sessions via {'; '.join(sorted(how_login))}; "
            f"tokens via {'; '.join(sorted(how_token))}"
        )
        say(f"  set-up took {time.monotonic() - started:.0f} s")

        results: list[dict[str, Any]] = []
        ceiling_runs: list[float] = []
        ceiling_requests = [
            {"method": "GET", "path": "/bench/ceiling/", "headers": {}, "body": None}
        ]
        say()
        for index, (scenario, resolved) in enumerate(
            zip(SCENARIOS, plan["scenarios"], strict=True)
        ):
            name = scenario["name"]
            row: dict[str, Any] = {
                "name": name,
                "group": scenario["group"],
                "target": bool(scenario.get("target")),
                "method": scenario.get("method", "GET"),
                "url": scenario["url"],
                "auth": scenario.get("auth"),
            }
            results.append(row)
            if (
                ONLY
                and scenario["group"] != "ceiling"
                and not any(o in name.lower() for o in ONLY)
            ):
                row.update(status="skipped", skip_reason="not in BENCH_ONLY")
                continue
            if "skip" in resolved:
                row.update(status="skipped", skip_reason=resolved["skip"])
                say(f"skipped: {name}: {resolved['skip']}")
                continue
            row["queries"] = resolved.get("queries")
            requests = concrete_requests(resolved, students, scenario)
            row["path"] = requests[0]["path"]
            row["distinct_requests"] = len(requests)
            why = probe(port, requests, scenario, glog)
            if why:
                row.update(status="skipped", skip_reason=why)
                say(f"skipped: {name}: {why}")
                continue
            label = f"{index:02d}"
            rounds: list[dict[str, Any]] = []
            for number in range(1, ROUNDS + 1):
                tag = f"{label}-r{number}"
                ceiling = None
                if scenario["group"] != "ceiling":
                    ceiling = run_wrk(
                        port,
                        ceiling_requests,
                        CEILING_DURATION,
                        workdir,
                        tag + "-ceiling",
                        master=gunicorn.pid,
                    )
                    ceiling_runs.append(round(ceiling["rps"], 1))
                if WARMUP and number == 1:
                    run_wrk(port, requests, WARMUP, workdir, label + "-warmup")
                stats = run_wrk(
                    port, requests, DURATION, workdir, tag, master=gunicorn.pid
                )
                if ceiling is None:  # the ceiling scenario: its own reference
                    ceiling = stats
                    ceiling_runs.append(round(stats["rps"], 1))
                rounds.append(measured_round(stats, ceiling))
            # The round with the median ratio stands for the scenario; every
            # round's numbers are kept (``rounds``) and the table shows their range.
            middle = sorted(rounds, key=lambda r: r["rps"] / r["ceiling_rps"])[
                len(rounds) // 2
            ]
            errors = sum(sum(r["errors"].values()) for r in rounds)
            row.update(
                {k: v for k, v in middle.items() if k != "errors"},
                status="ok" if errors == 0 else "errors",
                errors={
                    k: sum(r["errors"].get(k, 0) for r in rounds)
                    for k in middle["errors"]
                },
                count_bound_hit=any(r["count_bound_hit"] for r in rounds),
                rounds=[
                    {
                        "rps": r["rps"],
                        "ceiling_rps": r["ceiling_rps"],
                        "ratio": round(r["rps"] / r["ceiling_rps"], 3),
                        "cpu_ms_per_request": r["cpu_ms_per_request"],
                        "ceiling_cpu_ms_per_request": r["ceiling_cpu_ms_per_request"],
                    }
                    for r in rounds
                ],
            )
            say(
                f"measured: {name}: {row['rps']:.0f} req/s (ceiling {row['ceiling_rps']:.0f}), "
                f"p50 {row['latency_ms']['p50']:.2f} ms, p99 {row['latency_ms']['p99']:.2f} ms; "
                "rounds: "
                + ", ".join(f"{r['ratio']:.0%}" for r in row["rounds"])
                + ("" if errors == 0 else f", {errors} ERRORS (non-2xx/3xx or socket)")
            )
            if row["count_bound_hit"]:
                say(
                    f"  note: the count bound ({MAX_REQUESTS} requests) was reached in a "
                    "round; req/s is the rate until then, latency and errors include the "
                    "stall after it: raise BENCH_MAX_REQUESTS"
                )
            if gunicorn.poll() is not None:
                raise BenchError(
                    "gunicorn died during the run:\n" + glog.read_text()[-2000:]
                )

        report = summarise(results, plan, started, built, ceiling_runs)
        print_table(report)
        out_path = ROOT / "build" / "bench.json"
        out_path.parent.mkdir(exist_ok=True)
        out_path.write_text(json.dumps(report, indent=2) + "\n")
        say(
            f"\nWrote {out_path.relative_to(ROOT)}. Took {time.monotonic() - started:.0f} s."
        )
        if os.environ.get("BENCH_STRICT") == "1" and not report["target"]["met"]:
            return 1
        return 0
    except BenchError as error:
        say(f"\nbench failed: {error}")
        return 1
    except KeyboardInterrupt:
        say("\ninterrupted")
        return 130
    finally:
        for child in list(_children):
            stop_process(child, group=False, grace=3)
        if gunicorn is not None:
            stop_process(gunicorn, group=True)
            say("gunicorn stopped.")
        if os.environ.get("BENCH_KEEP") == "1":
            say(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def summarise(
    results: list[dict[str, Any]],
    plan: dict[str, Any],
    started: float,
    built: bool,
    ceiling_runs: list[float],
) -> dict[str, Any]:
    first = next(
        (r for r in results if r["group"] == "ceiling" and r.get("status") == "ok"),
        None,
    )
    if first is None or not ceiling_runs:
        raise BenchError("the ceiling was not measured")
    failing, unmeasured, failing_by_cpu = [], [], []
    for r in results:
        if r.get("status") in ("ok", "errors"):
            c_rps, c_lat = r["ceiling_rps"], r["ceiling_latency_ms"]
            r["ratio"] = round(r["rps"] / c_rps, 3)
            c_cpu, cpu = (
                r.get("ceiling_cpu_ms_per_request"),
                r.get("cpu_ms_per_request"),
            )
            r["cpu_ratio"] = round(c_cpu / cpu, 3) if c_cpu and cpu else None
            r["p50_x_ceiling"] = (
                round(r["latency_ms"]["p50"] / c_lat["p50"], 2)
                if c_lat["p50"]
                else None
            )
            r["p99_x_ceiling"] = (
                round(r["latency_ms"]["p99"] / c_lat["p99"], 2)
                if c_lat["p99"]
                else None
            )
            if r["target"]:
                r["meets_target"] = r["status"] == "ok" and r["ratio"] >= TARGET
                if not r["meets_target"]:
                    failing.append(r["name"])
                if r["cpu_ratio"] is None or r["cpu_ratio"] < TARGET:
                    failing_by_cpu.append(r["name"])
        elif r["target"]:
            unmeasured.append(r["name"])
    try:
        import django

        django_version = django.get_version()
    except ImportError:
        django_version = None
    return {
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "took_s": round(time.monotonic() - started, 1),
        "config": {
            "server": f"gunicorn, {WORKERS} sync workers, 127.0.0.1, DEBUG off, SQLite (fresh, temp folder)",
            "load": f"wrk {THREADS} threads, {CONNECTIONS} connections; per scenario "
            f"{ROUNDS} rounds of a {CEILING_DURATION} s ceiling run and a {DURATION} s "
            f"run (after {WARMUP} s warm-up), at most {MAX_REQUESTS} requests per run",
            "rounds": ROUNDS,
            "duration_s": DURATION,
            "ceiling_duration_s": CEILING_DURATION,
            "warmup_s": WARMUP,
            "threads": THREADS,
            "connections": CONNECTIONS,
            "max_requests": MAX_REQUESTS,
            "workers": WORKERS,
            "students": STUDENTS,
        },
        "code": git_state(),
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_1min": {
                "start": LOAD_AT_START,
                "end": round(os.getloadavg()[0], 2),
            },
            "python": platform.python_version(),
            "django": django_version,
            "platform": platform.platform(),
        },
        "data": {
            "lesson": plan["lesson"],
            "quiz": plan["quiz"],
            "quiz_questions": plan["quiz_questions"],
            "answered_question_type": plan["question_type"],
            "lessons_built": built,
        },
        "ceiling": {
            "rps": first["rps"],
            "p50_ms": first["latency_ms"]["p50"],
            "p99_ms": first["latency_ms"]["p99"],
            "runs": ceiling_runs,
            "note": "each round's ratios are against the ceiling run just before it; "
            "a scenario's figures are those of its round with the median ratio",
        },
        "target": {
            "rule": f"student pages and answer saving at {TARGET:.0%} of the ceiling's requests/s or better, "
            "with no errors",
            "ratio": TARGET,
            "met": not failing and not unmeasured,
            "failing": failing,
            "met_by_cpu_ratio": not failing_by_cpu and not unmeasured,
            "failing_by_cpu_ratio": failing_by_cpu,
            "not_measured": unmeasured,
        },
        "scenarios": results,
    }


def git_state() -> dict[str, Any]:
    """The commit measured, and whether the working tree had changes on top of it."""

    def git(*args: str) -> str:
        out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return out.stdout.strip() if out.returncode == 0 else ""

    return {
        "commit": git("rev-parse", "HEAD") or None,
        "dirty": bool(git("status", "--porcelain")),
    }


def ratio_range(row: dict[str, Any]) -> str:
    ratios = [r["ratio"] for r in row.get("rounds", [])]
    if len(ratios) < 2:
        return ""
    return f"{min(ratios) * 100:.0f}-{max(ratios) * 100:.0f}%"


def print_table(report: dict[str, Any]) -> None:
    c = report["ceiling"]
    say()
    say(f"Tally bench, {report['config']['server']}")
    say(f"load: {report['config']['load']}; {report['machine']['cpus']} CPUs")
    runs = c["runs"]
    say(
        f"ceiling (bare Django view): {c['rps']:.0f} req/s, p50 {c['p50_ms']:.2f} ms, p99 {c['p99_ms']:.2f} ms; "
        f"{len(runs)} runs from {min(runs):.0f} to {max(runs):.0f} req/s (ratios use the run next to each round)"
    )
    say()
    header = (
        f"{'scenario':<40} {'req/s':>6} {'ceiling':>7} {'ratio':>6} {'rounds':>8} {'p50 ms':>7} {'x ceil':>6} "
        f"{'p99 ms':>7} {'x ceil':>6} {'SQL':>4} {'CPU ms':>6} {'CPU r':>6}  target"
    )
    say(header)
    say("-" * len(header))
    for r in report["scenarios"]:
        if r.get("status") in ("ok", "errors"):
            lat = r["latency_ms"]
            verdict = ""
            if r["target"]:
                verdict = "met" if r["meets_target"] else "MISSED"
            if r["status"] == "errors":
                verdict += " (errors!)"
            say(
                f"{r['name'][:40]:<40} {r['rps']:>6.0f} {r['ceiling_rps']:>7.0f} {r['ratio']:>6.0%} "
                f"{ratio_range(r):>8} "
                f"{lat['p50']:>7.2f} {r['p50_x_ceiling'] or 0:>5.1f}x {lat['p99']:>7.2f} "
                f"{r['p99_x_ceiling'] or 0:>5.1f}x {'-' if r.get('queries') is None else r['queries']:>4} "
                f"{fmt(r.get('cpu_ms_per_request'), '.2f'):>6} {fmt(r.get('cpu_ratio'), '.0%'):>6}  {verdict}"
            )
        else:
            say(f"{r['name'][:40]:<40} skipped: {r.get('skip_reason', '')}"[:200])
    load = report["machine"]["load_average_1min"]
    if max(load.values()) > 1.0:
        say(
            f"NOTE: the machine was busy (1-min load average {load['start']} at the start, "
            f"{load['end']} at the end, on {report['machine']['cpus']} CPUs): absolute numbers "
            "are low and noisy; the ratios, each against a ceiling run taken just before, "
            "hold up better."
        )
    t = report["target"]
    say(
        "(ratio: req/s over the ceiling run just before, in the round with the median\n"
        " ratio; rounds: the lowest and highest ratio of the rounds; x ceil: latency over\n"
        " the ceiling run's;\n"
        " SQL: queries per request, counted in-process; CPU ms: gunicorn workers' CPU time per\n"
        " request; CPU r: the ceiling's CPU per request over the scenario's. Both move\n"
        " with load from elsewhere on a shared machine, which slows bigger code more)"
    )
    say()
    verdict = "MET" if t["met"] else "NOT MET"
    say(f"Target ({t['rule']}): {verdict}")
    if t["failing"]:
        say(f"  below target: {', '.join(t['failing'])}")
    say(
        "  by CPU ratio: "
        + ("met" if t["met_by_cpu_ratio"] else "not met")
        + (
            f" (below: {', '.join(t['failing_by_cpu_ratio'])})"
            if t["failing_by_cpu_ratio"]
            else ""
        )
    )
    if t["not_measured"]:
        say(f"  not measured (skipped): {', '.join(t['not_measured'])}")


if __name__ == "__main__":
    sys.exit(main())
