"""Headless Chromium driven by Selenium, for the dashboard's tests and bench/dashboard.py.

The system's browser and driver (Debian: ``chromium``, ``chromium-driver``) are used as they are:
Selenium is always given both paths, so it never tries to download a browser of its own (that
fails on a closed network). The flags keep Chromium from calling home, which on a closed network
stalls it.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Optional, Tuple

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1440,1000")
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
REQUIRE = "MOCK_API_REQUIRE_BROWSER"


def find() -> Tuple[Optional[Tuple[str, str]], str]:
    """((browser, driver), "") when both are installed (and Selenium), else (None, what is missing)."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return None, "Selenium is not installed (pip install selenium, or the project's test extras)"
    browser = next((found for name in BROWSERS if (found := shutil.which(name))), None)
    driver = shutil.which("chromedriver")
    if browser is None or driver is None:
        return None, "no Chromium and chromedriver (Debian: apt-get install chromium chromium-driver)"
    return (browser, driver), ""


def required() -> bool:
    """CI sets MOCK_API_REQUIRE_BROWSER=1: a missing browser is then a failure, not a skip."""
    return os.environ.get(REQUIRE, "") not in ("", "0")


def start(browser: str, driver: str, profile_dir: Path):
    """A headless Chromium with ``profile_dir`` (new and empty) as its profile; the caller quits it."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile_dir}")
    return webdriver.Chrome(options=options, service=Service(executable_path=driver))
