"""Helpers shared by the benchmark scripts: the machine, timed child processes, results files.

Not a test module and not part of the package: the scripts in this folder import it as
``common`` (Python puts a script's own folder first on ``sys.path``).
"""

from __future__ import annotations

import json
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
PYTHON = sys.executable
VENV_BIN = Path(PYTHON).parent


def work_dir() -> Path:
    """Where generated portals, WARCs and crawl outputs go: ``$VKSCRAWL_BENCH_WORK``, else
    ``<tmp>/vkscrawl-bench`` (on this machine /var/tmp and /tmp are on the same disk as the
    project, so fsync costs what it costs in production)."""
    path = Path(os.environ.get("VKSCRAWL_BENCH_WORK")
                or Path(tempfile.gettempdir()) / "vkscrawl-bench")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _run(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def loadavg() -> list[float]:
    try:
        return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]
    except OSError:
        return []


def machine() -> dict:
    """nproc, CPU model, memory, OS and the versions that matter."""
    lscpu = _run(["lscpu"])
    model = re.search(r"Model name:\s*(.+)", lscpu)
    mem_kib = None
    try:
        meminfo = Path("/proc/meminfo").read_text()
        mem_kib = int(re.search(r"MemTotal:\s*(\d+)", meminfo).group(1))
    except (OSError, AttributeError):
        pass
    versions = {}
    from importlib import metadata

    for dist in ("scrapy", "lxml", "warcio", "trafilatura", "twisted"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = None
    return {
        "nproc": int(_run(["nproc"]).strip() or os.cpu_count() or 0),
        "cpu": model.group(1).strip() if model else platform.processor(),
        "hypervisor": (re.search(r"Hypervisor vendor:\s*(.+)", lscpu) or [None, None])[1],
        "memory_gib": round(mem_kib / 1024 ** 2, 1) if mem_kib else None,
        "free_g": _run(["free", "-g"]).strip(),
        #: 1, 5 and 15 minute load averages when the results were written: other work on the
        #: machine during the run shows here (2 cores: above ~2, processes waited for a core)
        "loadavg_at_end": loadavg(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "versions": versions,
    }


@dataclass
class Run:
    command: list[str]
    returncode: int
    wall_s: float
    user_s: float
    sys_s: float
    max_rss_mib: float
    #: CPU time of the process itself, without its children (from /proc/PID/stat, sampled
    #: until it exits); user_s/sys_s (wait4) include children it waited for
    self_cpu_s: float | None = None
    stdout: str = ""
    stderr: str = ""
    #: ``[seconds since start, RSS MiB]`` about once a second (from /proc/PID/stat), to see
    #: when in a run the peak is reached, not only how high it is
    rss_timeline: list | None = None
    #: ``time.time()`` when the process was started (to place its log's timestamps on the timeline)
    started_at: float | None = None

    def summary(self) -> dict:
        d = asdict(self)
        d.pop("stdout")
        d.pop("stderr")
        d.pop("rss_timeline")
        return d


def run_timed(command: list[str], *, cwd: Path | str = ROOT, env: dict | None = None,
              stdout=subprocess.PIPE, timeout: float = 1800) -> Run:
    """Run a whole process; wall time, CPU time and peak RSS (``wait4``'s ``ru_maxrss``) of that
    process alone (not of its own children)."""
    start = time.perf_counter()
    started_at = time.time()
    proc = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(env or {})},
                            stdout=stdout, stderr=subprocess.PIPE, text=True)
    out_chunks: list[str] = []
    err_chunks: list[str] = []
    import threading

    def drain(stream, sink):
        for line in stream:
            sink.append(line)

    threads = []
    if proc.stdout is not None:
        threads.append(threading.Thread(target=drain, args=(proc.stdout, out_chunks), daemon=True))
    threads.append(threading.Thread(target=drain, args=(proc.stderr, err_chunks), daemon=True))
    for t in threads:
        t.start()
    deadline = start + timeout
    self_cpu = None
    stat_file = f"/proc/{proc.pid}/stat"
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    page_mib = os.sysconf("SC_PAGE_SIZE") / 2 ** 20 if hasattr(os, "sysconf") else 4096 / 2 ** 20
    timeline: list[list[float]] = []
    while True:
        try:
            with open(stat_file) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            self_cpu = (int(fields[11]) + int(fields[12])) / tick  # utime + stime
            now = time.perf_counter() - start
            if not timeline or now - timeline[-1][0] >= 1.0:
                timeline.append([round(now, 1), round(int(fields[21]) * page_mib, 1)])  # rss
        except (OSError, IndexError, ValueError):
            pass
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.send_signal(signal.SIGKILL)
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.02)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    for t in threads:
        t.join(timeout=10)
    return Run(command, proc.returncode, round(wall, 3), round(usage.ru_utime, 3),
               round(usage.ru_stime, 3), round(usage.ru_maxrss / 1024, 1),
               round(self_cpu, 2) if self_cpu is not None else None,
               "".join(out_chunks), "".join(err_chunks), timeline,
               started_at)


def median(values):
    return statistics.median(values)


def scrapy_stats(log: str) -> dict:
    """The stats Scrapy dumps at the end of its log, as a dict."""
    start = log.rfind("Dumping Scrapy stats:")
    if start < 0:
        return {}
    body = log[log.index("{", start):]
    depth = end = 0
    for i, ch in enumerate(body):
        depth += ch == "{"
        depth -= ch == "}"
        if depth == 0:
            end = i + 1
            break
    import datetime as _datetime

    stats = eval(body[:end], {"datetime": _datetime}, {})  # noqa: S307 - Scrapy's own log
    return {k: (v.isoformat() if isinstance(v, _datetime.datetime) else v)
            for k, v in stats.items()}


def write_results(name: str, data: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    payload = {"benchmark": name,
               "date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
               "machine": machine(), **data}
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return path


def start_portal(root: Path, env: dict | None = None) -> tuple[subprocess.Popen, str]:
    """Serve a generated portal in its own process; (process, listing URL)."""
    proc = subprocess.Popen([PYTHON, "-m", "bench.bigportal", "serve", str(root)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})
    url = proc.stdout.readline().strip()
    if not url.startswith("http://"):
        proc.kill()
        raise RuntimeError(f"portal server did not start: {url!r} {proc.stderr.read()}")
    return proc, url


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
