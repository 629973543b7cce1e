"""Test crawls as processes forked from a warm one: ``python -m scrapy crawl ...`` without paying
Python's and Scrapy's start-up for each of them.

A crawl started as ``python -m scrapy`` spends about 0.8 s of CPU importing Twisted, Scrapy,
spidermon, aiohttp and the rest before it reads its first setting, and the suite runs some 250
crawls. Each pytest worker starts one fork server (``python -m tests.support.forked``, on first
use) that imports that third-party code once (``crawl_preload``: no vkscrawl module, no reactor)
and then forks a child per crawl. The child does what ``python -m scrapy`` does: its own argv,
working folder, environment, stdin/stdout/stderr and session; ``scrapy/__main__`` run as
``__main__``; vkscrawl imported from the working tree; and the interpreter's own way out (the exit
status, a traceback and status 1 for an uncaught exception, death by SIGINT for an unhandled
Ctrl-C, non-daemon threads joined, ``atexit`` handlers run, streams flushed). It is a real process
with its own pid: signals, ``killpg`` and exit statuses are those of a subprocess. What differs:
the imports were done before the crawl's environment was set (none of them reads it), and the
crawls of one worker share one hash seed.

``VKSCRAWL_TESTS_FORK=0`` makes every test crawl a plain ``python -m scrapy`` subprocess again.

The protocol, one JSON object per line: the client writes ``{"id", "argv", "cwd", "env",
"stdout", "stderr", "new_session"}`` (``stdout``/``stderr``: a path appended to, ``null`` for
/dev/null, ``"stdout"`` for stderr into stdout); the server answers ``{"id", "pid"}`` at once and
``{"pid", "returncode"}`` when that child has ended (a negative number: killed by that signal).
"""

from __future__ import annotations

import atexit
import json
import os
import select
import signal
import subprocess
import sys
import threading
import traceback
from pathlib import Path

FORK_VARIABLE = "VKSCRAWL_TESTS_FORK"
ROOT = Path(__file__).resolve().parents[2]


def enabled() -> bool:
    return os.environ.get(FORK_VARIABLE, "1") != "0" and hasattr(os, "fork")


# --- the server (its own process) ---------------------------------------------------------------


def _redirect(fd: int, target) -> None:
    """Point ``fd`` at ``target``: a path (appended to), another descriptor of this process, or
    None (/dev/null)."""
    if isinstance(target, int):
        os.dup2(target, fd)
        return
    opened = os.open(target or os.devnull,
                     os.O_RDONLY if fd == 0 else os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(opened, fd)
    os.close(opened)


def _child(request: dict) -> None:
    """In the forked process: become ``python -m scrapy`` and end as the interpreter would."""
    import runpy

    signal.set_wakeup_fd(-1)
    for sig in (signal.SIGCHLD, signal.SIGPIPE):
        signal.signal(sig, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if request["new_session"]:
        os.setsid()
    _redirect(0, None)
    _redirect(1, request["stdout"])
    _redirect(2, 1 if request["stderr"] == "stdout" else request["stderr"])
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.argv = ["scrapy", *request["argv"]]
    sys.path[0] = request["cwd"]  # what `python -m` puts first
    code = 0
    try:
        runpy.run_module("scrapy", run_name="__main__", alter_sys=True)
    except SystemExit as exit:
        if exit.code is None:
            code = 0
        elif isinstance(exit.code, int):
            code = exit.code
        else:
            print(exit.code, file=sys.stderr)
            code = 1
    except KeyboardInterrupt:
        traceback.print_exc()
        code = -signal.SIGINT
    except BaseException:  # noqa: BLE001 - what the interpreter does with it
        traceback.print_exc()
        code = 1
    threading._shutdown()  # non-daemon threads, as at the interpreter's exit
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    if code == -signal.SIGINT:  # an unhandled Ctrl-C ends the process by the signal
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
    os._exit(code & 0xFF)


def serve() -> None:
    """Read requests on stdin, fork a child for each, report pids and exit statuses on stdout;
    end when stdin closes."""
    import tests.support.crawl_preload  # noqa: F401 - the point of the server

    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl-C meant for a crawl's group
    answers = os.fdopen(os.dup(1), "w", buffering=1)
    requests = os.fdopen(os.dup(0), "rb", buffering=0)
    _redirect(0, None)
    _redirect(1, 2)
    pending = b""
    children = 0
    open_input = True
    while open_input or children:
        ready, _, _ = select.select([requests, wake_r] if open_input else [wake_r], [], [])
        if wake_r in ready:
            os.read(wake_r, 4096)
        if requests in ready:
            chunk = requests.read(1 << 16)
            if not chunk:
                open_input = False
            pending += chunk
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                request = json.loads(line)
                pid = os.fork()
                if pid == 0:
                    os.close(wake_r)
                    os.close(wake_w)
                    requests.close()
                    answers.close()
                    _child(request)
                children += 1
                answers.write(json.dumps({"id": request["id"], "pid": pid}) + "\n")
        while children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            children -= 1
            answers.write(json.dumps({"pid": pid,
                                      "returncode": os.waitstatus_to_exitcode(status)}) + "\n")


# --- the client (in the pytest worker) ----------------------------------------------------------


class _Server:
    """This process's fork server, and the thread that reads its answers."""

    def __init__(self):
        self.proc = subprocess.Popen([sys.executable, "-m", "tests.support.forked"], cwd=ROOT,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     env={**os.environ, "PYTHONPATH": str(ROOT)})
        self.owner = os.getpid()
        self.lock = threading.Lock()
        self.next_id = 0
        self.started: dict[int, dict] = {}  # request id -> {"event", "pid"}
        self.ended: dict[int, dict] = {}    # pid -> {"event", "returncode"}
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        atexit.register(self.close)

    def close(self) -> None:
        """End the server once its crawls have ended (it reaps them; waiting for it here makes
        their CPU time this process's children's, as a subprocess's would be)."""
        if self.owner != os.getpid():
            return
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()

    def _read(self) -> None:
        for line in self.proc.stdout:
            answer = json.loads(line)
            with self.lock:
                if "id" in answer:
                    slot = self.started[answer["id"]]
                    slot["pid"] = answer["pid"]
                    self.ended.setdefault(answer["pid"], {"event": threading.Event()})
                else:
                    slot = self.ended.setdefault(answer["pid"], {"event": threading.Event()})
                    slot["returncode"] = answer["returncode"]
            slot["event"].set()
        with self.lock:  # the server is gone: nothing more will end
            for slot in [*self.started.values(), *self.ended.values()]:
                slot.setdefault("returncode", None)
                slot["event"].set()

    def start(self, request: dict) -> tuple[int, dict]:
        with self.lock:
            self.next_id += 1
            request["id"] = self.next_id
            started = self.started[request["id"]] = {"event": threading.Event()}
            self.proc.stdin.write(json.dumps(request).encode() + b"\n")
            self.proc.stdin.flush()
        started["event"].wait()
        if "pid" not in started:
            raise RuntimeError("the crawl fork server died")
        with self.lock:
            del self.started[request["id"]]
            return started["pid"], self.ended[started["pid"]]


_server: _Server | None = None
_server_lock = threading.Lock()


def _get_server() -> _Server:
    global _server
    with _server_lock:
        # A process forked from ours (a multiprocessing pool) gets a server of its own: the
        # pipes and the reader thread it inherited are its parent's.
        if _server is None or _server.owner != os.getpid() or _server.proc.poll() is not None:
            _server = _Server()
        return _server


def _target(stream) -> str | None:
    if stream is None or stream == subprocess.DEVNULL:
        return None
    if stream == subprocess.STDOUT:
        return "stdout"
    if isinstance(stream, (str, Path)):
        return str(stream)
    if isinstance(getattr(stream, "name", None), str):
        # An open file: the child opens the same path for appending (a descriptor of ours
        # cannot be handed over: the child is the fork server's, not ours).
        stream.flush()
        return stream.name
    raise ValueError(f"cannot hand {stream!r} to a forked crawl: pass a path, a file opened by "
                     f"path, DEVNULL or STDOUT")


class ForkedProcess:
    """The part of ``subprocess.Popen`` the tests use, for a crawl forked from the warm server."""

    def __init__(self, args: list[str], cwd: str | Path, env: dict | None = None, stdout=None,
                 stderr=None, start_new_session: bool = False):
        # python -m scrapy ARGS...: the child gets the arguments after the module.
        module_at = args.index("-m")
        if args[module_at + 1] != "scrapy":
            raise ValueError(f"not a `python -m scrapy` command: {args}")
        if "pytest" in sys.modules:
            from tests.support.markers import check_crawl_allowed

            check_crawl_allowed(args)
        self.args = args
        self.pid, self._ended = _get_server().start({
            "argv": [str(a) for a in args[module_at + 2:]], "cwd": str(cwd),
            "env": dict(os.environ if env is None else env), "stdout": _target(stdout),
            "stderr": _target(stderr), "new_session": start_new_session})
        self.stdout = self.stderr = None

    @property
    def returncode(self) -> int | None:
        return self._ended.get("returncode")

    def poll(self) -> int | None:
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if not self._ended["event"].wait(timeout):
            raise subprocess.TimeoutExpired(self.args, timeout)
        if self.returncode is None:
            raise RuntimeError("the crawl fork server died before the crawl ended")
        return self.returncode

    def send_signal(self, sig: int) -> None:
        if not self._ended["event"].is_set():
            os.kill(self.pid, sig)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


def run(args: list[str], cwd: str | Path, env: dict,
        timeout: float) -> subprocess.CompletedProcess:
    """``subprocess.run(args, capture_output=True, text=True, ...)`` for a crawl, forked."""
    import shutil
    import tempfile

    captured = Path(tempfile.mkdtemp(prefix="vkscrawl-crawl-"))
    out, err = captured / "stdout", captured / "stderr"
    try:
        process = ForkedProcess(args, cwd, env, stdout=out, stderr=err)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise
        texts = [path.read_text("utf-8", errors="replace") if path.exists() else ""
                 for path in (out, err)]
    finally:
        shutil.rmtree(captured, ignore_errors=True)
    return subprocess.CompletedProcess(args, process.returncode, texts[0], texts[1])


if __name__ == "__main__":
    serve()
