"""Headless Chromium from the system's packages, driven through its own chromedriver with
Selenium (WebDriver: the driver Debian ships with the browser matches its version exactly, and
Selenium is told both paths, so it never looks for or downloads either)."""

from __future__ import annotations

import shutil
import tempfile

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--disable-dev-shm-usage", "--window-size=1280,1600")


def available() -> bool:
    return bool(shutil.which("chromium") and shutil.which("chromedriver"))


def start_browser():
    """A fresh browser with a profile of its own; the caller quits it (and removes the
    profile folder, ``driver.profile``)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="vkscrawl-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.profile = profile
    return driver
