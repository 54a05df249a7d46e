"""Playwright on Debian's chromium, offline: every request and console error is recorded.

The browser is the system's ``/usr/bin/chromium`` (``scripts/setup-browser.sh`` installs it),
never one Playwright downloads. Without it the tests skip on a developer machine and fail
under ``CI=true``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHAINGAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
#: Screenshots for people to look at; gitignored but for the three of the sample's map (map-*.png).
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: run scripts/setup-browser.sh)")
    pytest.skip(f"{reason}; run scripts/setup-browser.sh")


@dataclass
class PageLog:
    """What a page did: every request URL, console errors and uncaught page errors."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    @property
    def remote_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(LOCAL_SCHEMES)]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _unavailable(f"Debian's chromium not found at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a test dependency
        _unavailable("playwright is not installed")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture()
def open_page(browser):
    """``open_page(path) -> (page, log)``: opens a file from disk with the network blocked and logged."""
    contexts = []

    def _open(path: Path, width: int = 1400, height: int = 1000):
        context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
        contexts.append(context)
        log = PageLog()

        def _route(route):
            url = route.request.url
            if url.startswith(LOCAL_SCHEMES):
                route.continue_()
            else:
                route.abort()

        context.route("**/*", _route)
        page = context.new_page()
        page.on("request", lambda request: log.requests.append(request.url))
        page.on("console", lambda message: log.console_errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: log.page_errors.append(str(error)))
        page.goto(Path(path).resolve().as_uri(), wait_until="load")
        return page, log

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def canvas_ink(page, selector: str = "#cg-graph canvas") -> int:
    """Number of canvas pixels that are not (near) white: > 0 means something was drawn."""
    return page.evaluate(
        """(selector) => {
            const canvas = document.querySelector(selector);
            if (!canvas) return -1;
            const ctx = canvas.getContext('2d');
            const {data} = ctx.getImageData(0, 0, canvas.width, canvas.height);
            let ink = 0;
            for (let i = 0; i < data.length; i += 4) {
                if (data[i + 3] > 0 && (data[i] < 235 || data[i + 1] < 235 || data[i + 2] < 235)) ink++;
            }
            return ink;
        }""",
        selector,
    )
