"""The README's commands run as written after the README's own set-up (a virtual environment in
``.venv`` that is not activated): each names a program the set-up installed by its path in
``.venv/bin/``, or one every machine has; and CI runs the README's test command, exactly."""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

from tests.support.crawl import ROOT

README = (ROOT / "README.md").read_text("utf-8")
#: What the set-up made: this test runs in it (.venv/bin/python, or another environment's bin).
INSTALLED = Path(sys.executable).parent
#: Programs a reader's machine has without the set-up.
SYSTEM = {"python3", "curl", "cd", "flock"}


def code_blocks(kind: str) -> list[str]:
    return re.findall(rf"^```{kind}\n(.*?)^```", README, re.M | re.S)


def commands(block: str) -> list[list[str]]:
    """Each command of a block: lines without their comment, split at && and at the cron
    schedule (five fields) and at the wrappers (`flock -n -E 75 LOCK`) before the program."""
    out = []
    for line in block.splitlines():
        words = shlex.split(line, comments=True)
        if not words:
            continue
        if re.fullmatch(r"[\d*/,-]+", words[0]):  # a crontab line
            words = words[5:]
        command: list[str] = []
        for word in words + ["&&"]:
            if word == "&&":
                out.append(command)
                command = []
            else:
                command.append(word)
    return [c for c in out if c]


def program(command: list[str]) -> str:
    if command[0] == "flock":  # flock [-n] [-E N] LOCK PROGRAM ...
        rest = command[1:]
        while rest[0].startswith("-"):
            rest = rest[2:] if rest[0] == "-E" else rest[1:]
        return rest[1]
    return command[0]


def test_every_command_of_the_readme_runs_after_its_set_up():
    found = [c for kind in ("sh", "cron") for block in code_blocks(kind) for c in commands(block)]
    assert len(found) >= 20, found
    for command in found:
        name = program(command)
        if name in SYSTEM:
            continue
        assert name.startswith(".venv/bin/"), f"not found after the set-up: {' '.join(command)}"
        assert (INSTALLED / name.removeprefix(".venv/bin/")).exists(), " ".join(command)


def test_the_readme_s_two_commands_and_ci_agree():
    set_up = "python3 -m venv .venv && .venv/bin/pip install -e '.[test]'"
    blocks = [block.strip() for block in code_blocks("sh")]
    assert blocks[0] == f"{set_up} && .venv/bin/vkscrawl demo"
    assert blocks[1] == f"{set_up} && .venv/bin/pytest"
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert blocks[1] in ci.splitlines(), "CI does not run the README's test command as written"
