"""Browser tests: chromium drives the real server on the demo regency (report, verify, alert)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.orm import Session

from .conftest import PASSWORD  # type: ignore[import-not-found]

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TARGET = "53.90.01.2002"  # a kurang rawan desa of POLSEK-01 in the demo regency
SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/petarawan-web-screens"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("chromium is missing in CI (apt-get install chromium)")
        pytest.skip("chromium is not installed")
    from petarawan.cli.demo import run_demo
    from petarawan.store import Workspace
    from petarawan.web import live
    from petarawan.web.services import add_user

    ws_path = tmp_path_factory.mktemp("browser") / "demo"
    run_demo(ws_path)
    with Workspace.open(ws_path) as ws:
        with Session(ws.engine) as s:
            add_user(s, "analis1", PASSWORD, "analis", None, by="test")
            add_user(s, "opsatu", PASSWORD, "operator", "POLSEK-01", by="test")
            add_user(s, "opdua", PASSWORD, "operator", "POLSEK-02", by="test")
        live.reassess(ws)  # the baseline the live loop compares against
    port = _free_port()
    log = (ws_path / "serve.log").open("wb")
    env = {**os.environ, "PETARAWAN_SECRET_KEY": "browser-secret-0123456789"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "petarawan", "serve", "-w", str(ws_path), "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    log.close()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        assert proc.poll() is None, (ws_path / "serve.log").read_text()
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.3)
    yield base
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _login(browser: Any, base: str, name: str) -> Any:
    # the workflow is tested here, not the CSP (test_browser_xss): Playwright's polling
    # waits evaluate strings, which the page's script-src 'self' rightly forbids
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = ctx.new_page()
    page.goto(f"{base}/login")
    page.fill("#username", name)
    page.fill("#password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_url(f"{base}/")
    return page


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _desa_class(page: Any, base: str, code: str) -> str | None:
    gj = page.request.get(f"{base}/api/map/desa").json()
    return next(f["properties"]["class"] for f in gj["features"] if f["properties"]["code"] == code)


def test_report_verify_alert(server: str, browser: Any) -> None:
    base = server
    op = _login(browser, base, "opsatu")
    page_errors: list[str] = []
    op.on("pageerror", lambda e: page_errors.append(str(e)))
    op.wait_for_function("window.petarawanDesa !== undefined")
    op.wait_for_timeout(500)
    _shot(op, "01-dasbor-operator")
    before = _desa_class(op, base, TARGET)
    assert before == "kurang_rawan"
    op.click("#nav-new")
    op.wait_for_function("window.petarawanDesa !== undefined")
    op.select_option("#type", "kekerasan")
    op.select_option("#phase", "kampanye")
    op.fill("#severity", "5")
    op.fill("#casualties", "5")
    op.fill("#description", "Bentrok pendukung di depan balai desa")
    point = op.evaluate(
        """(code) => {
            const f = window.petarawanDesa.features.find(x => x.properties.code === code);
            const layer = L.geoJSON(f); const c = layer.getBounds().getCenter();
            const p = window.petarawanMap.latLngToContainerPoint(c);
            return {x: p.x, y: p.y};
        }""",
        TARGET,
    )
    op.locator("#map").click(position={"x": point["x"], "y": point["y"]})
    assert op.input_value("#desa_code") == TARGET
    _shot(op, "02-lapor-insiden")
    op.click("#incident-submit")
    op.wait_for_url(f"{base}/incidents/*")
    assert op.inner_text("#incident-status") == "Dilaporkan"
    incident_url = op.url
    _shot(op, "03-insiden-dilaporkan")
    # the reporter may not verify their own report
    op.click("#to-diverifikasi")
    assert "tidak boleh memverifikasi" in op.content()
    # another user verifies it
    an = _login(browser, base, "analis1")
    an.goto(incident_url)
    an.click("#to-diverifikasi")
    an.wait_for_url(incident_url)
    assert an.inner_text("#incident-status") == "Diverifikasi"
    after = _desa_class(an, base, TARGET)
    assert after != before
    an.goto(f"{base}/alerts")
    table = an.inner_text("#alerts-table")
    assert TARGET in table
    assert "personel" in table
    _shot(an, "04-peringatan")
    an.goto(f"{base}/")
    an.wait_for_function("window.petarawanDesa !== undefined")
    an.wait_for_timeout(500)
    assert TARGET in an.content() or an.locator("#alert-list").count() == 1
    _shot(an, "05-dasbor-analis")
    alerts = an.request.get(f"{base}/api/alerts").json()
    assert any(a["code"] == TARGET for a in alerts["data"])
    # an operator of another Polsek cannot open it, not even by URL
    other = _login(browser, base, "opdua")
    resp = other.goto(incident_url)
    assert resp is not None and resp.status == 404
    _shot(other, "06-operator-lain-404")
    listing = other.request.get(f"{base}/api/incidents?limit=1000").json()
    assert all(not i["desa_code"].startswith("53.90.01.") for i in listing["data"])
    assert not page_errors, page_errors


def test_english_switch(server: str, browser: Any) -> None:
    page = _login(browser, server, "analis1")
    page.goto(f"{server}/incidents?lang=en")
    assert "Incidents" in page.inner_text("header")
    page.goto(f"{server}/")
    assert "Dashboard" in page.inner_text("header")
    _ = shutil
