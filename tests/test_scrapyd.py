"""Scheduling and failure reporting, as operators see them.

- Scrapyd on 127.0.0.1 (its own scrapyd.conf in a temp folder), the project deployed with
  scrapyd-deploy from a copy of the project whose scrapy.cfg points at it, ``local_news`` scheduled
  against the offline portal: the items land in the configured output folder.
- A failed run exits non-zero with its one-line reason last on stderr: listing unreachable, and
  monitors failed (a threshold forced with ``-s``); under Scrapyd too (the project's crawl command
  is the one Scrapyd's runner uses).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import zipfile
from configparser import ConfigParser
from pathlib import Path

import pytest

from tests.support.crawl import FIXTURES, ROOT, run_crawl
from vkscrawl.items import item_validator
from vkscrawl.offline.server import ServerThread

pytest.importorskip("scrapyd", reason="the test extra installs scrapyd")
pytest.importorskip("scrapyd_client", reason="the test extra installs scrapyd-client")

PROJECT = "vkscrawl"
#: What a deploy needs from the project: the package, its metadata and the deploy target.
PROJECT_FILES = ("pyproject.toml", "setup.py", "scrapy.cfg", "README.md", "vkscrawl")
#: Politeness off for loopback speed, as the crawl tests do (-s there, setting= here).
FAST_SETTINGS = ("DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=0")


# --- helpers ---------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, timeout: float, what: str, interval: float = 0.1):
    """Poll ``condition`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout:g}s waiting for {what}")
        time.sleep(interval)


class Scrapyd:
    """A Scrapyd daemon of our own, in a temp folder, on a free loopback port."""

    def __init__(self, home: Path):
        self.home = home
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.logs_dir = home / "logs"
        self.items_dir = home / "items"
        (home / "scrapyd.conf").write_text(
            "[scrapyd]\n"
            "bind_address = 127.0.0.1\n"
            f"http_port = {self.port}\n"
            f"eggs_dir = {home / 'eggs'}\n"
            f"logs_dir = {self.logs_dir}\n"
            f"items_dir = {self.items_dir}\n"
            f"dbs_dir = {home / 'dbs'}\n"
            "jobs_dir =\n"
            "poll_interval = 0.2\n"
            "max_proc = 2\n",
            encoding="utf-8")
        self.log_path = home / "scrapyd.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        env = {k: v for k, v in os.environ.items()
               if k not in ("SCRAPY_SETTINGS_MODULE", "SCRAPY_PROJECT", "SCRAPY_PYTHON_SHELL")}
        with open(self.log_path, "wb") as log:
            # Its working folder is the temp folder: scrapyd.conf is read from there, and no
            # scrapy.cfg above it, so jobs get the project from the deployed egg only.
            self.process = subprocess.Popen(
                [sys.executable, "-m", "scrapyd", "--pidfile", str(self.home / "twistd.pid")],
                cwd=self.home, stdout=log, stderr=subprocess.STDOUT, env=env)
        wait_for(self._ready, 60, f"Scrapyd to answer on {self.url}daemonstatus.json")

    def _ready(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"Scrapyd exited with {self.process.returncode}:\n{self.log()}")
        try:
            return self.get("daemonstatus.json").get("status") == "ok"
        except (OSError, ValueError):
            return False

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)

    def get(self, endpoint: str, **params) -> dict:
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        with urllib.request.urlopen(self.url + endpoint + query, timeout=10) as response:
            return json.loads(response.read().decode("utf-8"))

    def post(self, endpoint: str, fields: list[tuple[str, str]]) -> dict:
        data = urllib.parse.urlencode(fields).encode()
        with urllib.request.urlopen(self.url + endpoint, data=data, timeout=10) as response:
            return json.loads(response.read().decode("utf-8"))

    def schedule(self, spider: str, args: dict[str, str], settings: list[str]) -> str:
        fields = [("project", PROJECT), ("spider", spider), *args.items()]
        fields += [("setting", setting) for setting in settings]
        answer = self.post("schedule.json", fields)
        assert answer.get("status") == "ok", answer
        return answer["jobid"]

    def wait_finished(self, jobid: str, timeout: float = 180) -> dict:
        def finished():
            jobs = self.get("listjobs.json", project=PROJECT)
            return next((job for job in jobs.get("finished", []) if job["id"] == jobid), None)

        return wait_for(finished, timeout, f"Scrapyd job {jobid} to finish", interval=0.25)

    def job_log(self, spider: str, jobid: str) -> str:
        path = self.logs_dir / PROJECT / spider / f"{jobid}.log"
        return path.read_text("utf-8", errors="replace") if path.exists() else ""

    def log(self) -> str:
        return self.log_path.read_text("utf-8", errors="replace") if self.log_path.exists() else ""

    def job_lines(self, jobid: str) -> list[str]:
        """The daemon's log lines about a job: started, its stderr, finished or died."""
        lines = self.log().splitlines()
        pids = {line.split(" pid=")[1].split()[0] for line in lines
                if f"job='{jobid}'" in line and " pid=" in line}
        return [line for line in lines if f"job='{jobid}'" in line
                or any(f"[Launcher,{pid}/stderr]" in line for pid in pids)]

    def job_stderr(self, jobid: str) -> list[str]:
        """What the job's process wrote to stderr (Scrapyd logs it; the job log has the rest)."""
        return [line.split("/stderr] ", 1)[1] for line in self.job_lines(jobid)
                if "/stderr] " in line]


def copy_project(target: Path, deploy_url: str) -> Path:
    """The project as an operator's checkout, with its [deploy] target pointed at ``deploy_url``."""
    target.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        elif source.exists():
            shutil.copy2(source, target / name)
    config = ConfigParser()
    config.read(target / "scrapy.cfg", encoding="utf-8")
    assert config.get("deploy", "project") == PROJECT, "scrapy.cfg [deploy] names another project"
    config.set("deploy", "url", deploy_url)
    with open(target / "scrapy.cfg", "w", encoding="utf-8") as f:
        config.write(f)
    return target


def scrapyd_deploy(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("SCRAPY_SETTINGS_MODULE",)}
    return subprocess.run([sys.executable, "-m", "scrapyd_client.deploy", *args], cwd=project,
                          capture_output=True, text=True, timeout=300, env=env)


# --- fixtures --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory):
    daemon = Scrapyd(tmp_path_factory.mktemp("scrapyd"))
    daemon.start()
    try:
        yield daemon
    finally:
        daemon.stop()


@pytest.fixture(scope="module")
def deployed(scrapyd, tmp_path_factory):
    """The project deployed to our Scrapyd with scrapyd-deploy, from its scrapy.cfg."""
    project = copy_project(tmp_path_factory.mktemp("checkout") / "vkscrawl", scrapyd.url)
    proc = scrapyd_deploy(project, "-v", "r1")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    answer = json.loads(proc.stdout.strip().splitlines()[-1])
    return {"project": project, "answer": answer}


# --- Scrapyd ---------------------------------------------------------------------------------

def test_egg_holds_the_package_its_schema_and_settings_entry_point(tmp_path):
    project = copy_project(tmp_path / "vkscrawl", "http://127.0.0.1:9/")
    egg = tmp_path / "vkscrawl.egg"
    proc = scrapyd_deploy(project, "--build-egg", str(egg))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with zipfile.ZipFile(egg) as archive:
        names = set(archive.namelist())
        entry_points = archive.read("EGG-INFO/entry_points.txt").decode()
    for name in ("vkscrawl/settings.py", "vkscrawl/spiders/local_news.py",
                 "vkscrawl/scrapy_ext/commands/crawl.py", "vkscrawl/scrapy_ext/monitors.py",
                 "vkscrawl/parsing/__init__.py", "vkscrawl/item.schema.json"):
        assert name in names, f"{name} missing from the egg"
    assert "[scrapy]" in entry_points and "settings = vkscrawl.settings" in entry_points, \
        entry_points


def test_deploy_registers_the_spider(scrapyd, deployed):
    answer = deployed["answer"]
    assert answer.get("status") == "ok", answer
    assert answer.get("project") == PROJECT and answer.get("spiders") == 1, answer
    assert scrapyd.get("listspiders.json", project=PROJECT)["spiders"] == ["local_news"]


def test_scheduled_job_writes_to_the_output_folder(scrapyd, deployed, tmp_path):
    output = tmp_path / "output"
    with ServerThread(FIXTURES) as url:
        origin = url.split("/tin-tuc/")[0]
        jobid = scrapyd.schedule("local_news", {"start_url": url},
                                 [f"VKSCRAWL_OUTPUT_DIR={output}", *FAST_SETTINGS])
        scrapyd.wait_finished(jobid)
    log = scrapyd.job_log("local_news", jobid)
    ended = [line for line in scrapyd.job_lines(jobid)
             if "Process finished" in line or "Process died" in line]
    assert ended and "Process finished" in ended[-1], \
        "\n".join([*ended[-1:], *scrapyd.job_stderr(jobid)[-5:], log[-2000:]])

    feed = output / "local_news.jsonl"
    assert feed.exists(), f"no feed in {output}:\n{log[-3000:]}"
    items = [json.loads(line) for line in feed.read_text("utf-8").splitlines()]
    assert items, log[-3000:]
    assert len({item["article_id"] for item in items}) == len(items)
    for item in items:
        assert not list(item_validator().iter_errors(item)), item["article_id"]
        assert item["source_url"].startswith(origin + "/")
    assert list((output / "snapshots").glob("*.warc.gz")), "no WARC snapshot in the output folder"
    # The run's own log went where Scrapyd keeps logs, with our verdict and monitors in it.
    assert "Run succeeded" in log, log[-3000:]
    assert "[Spidermon]" in log and "Monitors FAILED" not in log, log[-3000:]


def test_failed_job_exits_non_zero_under_scrapyd(scrapyd, deployed, tmp_path):
    """Scrapyd's runner runs the project's crawl command: a failed run is a failed process."""
    output = tmp_path / "output"
    with ServerThread(FIXTURES) as url:
        jobid = scrapyd.schedule("local_news", {"start_url": url},
                                 [f"VKSCRAWL_OUTPUT_DIR={output}", *FAST_SETTINGS,
                                  "SPIDERMON_MIN_ITEMS=1000"])
        scrapyd.wait_finished(jobid)
    lines = scrapyd.job_lines(jobid)
    assert any("Process died: exitstatus=1" in line for line in lines), "\n".join(lines[-5:])
    stderr = scrapyd.job_stderr(jobid)
    assert stderr and stderr[-1].startswith(
        "vkscrawl: crawl failed: monitors failed: Extracted Items Monitor ("), stderr[-5:]
    assert (output / "local_news.jsonl").exists(), "the items are written all the same"


# --- exit status and reason (no Scrapyd) ---------------------------------------------------

def last_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def test_unreachable_listing_exits_1_with_one_line_reason(tmp_path):
    port = free_port()  # bound, then closed: nothing listens there
    result = run_crawl(f"http://127.0.0.1:{port}/tin-tuc/tin-hoat-dong-vksnd-dia-phuong",
                       tmp_path / "out", "-s", "RETRY_TIMES=0")
    assert result.returncode == 1, result.stderr[-2000:]
    last = last_line(result.stderr)
    assert last.startswith("vkscrawl: crawl failed: listing unreachable: "), last
    assert f"127.0.0.1:{port}" in last


def test_failed_monitor_exits_1_naming_the_monitor(tmp_path, portal):
    result = run_crawl(portal, tmp_path / "out", "-s", "SPIDERMON_MIN_ITEMS=1000")
    assert result.returncode == 1, result.stderr[-2000:]
    last = last_line(result.stderr)
    assert last.startswith("vkscrawl: crawl failed: monitors failed: Extracted Items Monitor ("), last
    assert "SPIDERMON_MIN_ITEMS=1000" in last
    assert result.feed, "the items are still written when a monitor fails"
    assert result.stats.get("vkscrawl/monitors_failed")


def test_monitors_pass_on_a_good_run_and_on_a_run_with_nothing_new(tmp_path, portal):
    output = tmp_path / "out"
    first = run_crawl(portal, output)
    assert first.returncode == 0, first.stderr[-3000:]
    second = run_crawl(portal, output)
    assert second.returncode == 0, second.stderr[-3000:]
    assert len(second.feed) == len(first.feed)
    for result in (first, second):
        assert "[Spidermon] FAILED" not in result.stderr, result.stderr[-3000:]
        assert "vkscrawl/monitors_failed" not in result.stats
    # Enough items in the first run to judge field coverage; none in the second.
    assert "Field Coverage Monitor/test_check_if_field_coverage_rules_are_met... OK" in first.stderr
    assert "coverage is judged from" in second.stderr


def test_listing_without_teasers_fails_the_run(tmp_path, portal):
    """A listing that answers but yields no teaser (its markup changed) is not a quiet success."""
    result = run_crawl(portal + "?Page=999", tmp_path / "out")
    assert result.returncode == 1, result.stderr[-2000:]
    last = last_line(result.stderr)
    assert "monitors failed: Listing Teasers Monitor (0 teaser(s)" in last, last
    assert "VKSCRAWL_MIN_TEASERS=1" in last
