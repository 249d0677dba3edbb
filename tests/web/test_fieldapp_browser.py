"""Browser tests of the field app and the pages people read (chromium, phone and desktop).

- offline: a phone-sized page queues 5 reports and 1 checklist, survives a reload without
  network, sends them when the network returns: exactly 5 + 1 stored, and a forced retry of
  every request stores nothing new;
- no page shows a vocabulary id or an ISO timestamp;
- axe-core finds no serious or critical violation on any page;
- the report form works by keyboard alone;
- a stakeholder, a meeting with a follow-up due yesterday and an alert acknowledgement made
  through the pages show in the register, the overdue count and the audit log.
"""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .conftest import PASSWORD  # type: ignore[import-not-found]
from .test_browser import ARGS, CHROMIUM, SHOTS, _free_port  # type: ignore[import-not-found]

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = Path(__file__).parent / "js" / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
ISO = (re.compile(r"T\d\d:\d\d"), re.compile(r"\d\d:\d\d:\d\d\.\d"))


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("chromium is missing in CI (apt-get install chromium)")
        pytest.skip("chromium is not installed")
    from petarawan.cli.demo import run_demo
    from petarawan.store import Workspace
    from petarawan.store.models_ops import Alert
    from petarawan.web.services import add_user

    ws_path = tmp_path_factory.mktemp("fieldapp") / "demo"
    run_demo(ws_path)
    with Workspace.open(ws_path) as ws, Session(ws.engine) as s:
        add_user(s, "admin1", PASSWORD, "admin", None, by="test")
        add_user(s, "analis1", PASSWORD, "analis", None, by="test")
        add_user(s, "opsatu", PASSWORD, "operator", "POLSEK-01", by="test")
        s.add(
            Alert(
                created_at=datetime.now(UTC).replace(tzinfo=None),
                level="desa",
                code="53.90.01.2002",
                name="desa uji",
                class_before="kurang_rawan",
                class_after="rawan",
                drivers=["insiden kekerasan terverifikasi"],
                suggestion="Tambah patroli",
                acknowledged=False,
            )
        )
        s.commit()
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
    yield base, ws_path
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _login(browser: Any, base: str, name: str, viewport: dict[str, int] = DESKTOP) -> Any:
    # every test here runs under the pages' CSP (waits are functions, not evaluated strings)
    ctx = browser.new_context(viewport=viewport, locale="id-ID")
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


def _count(ws_path: Path, model: Any, *where: Any) -> int:
    from petarawan.store import Workspace

    with Workspace.open(ws_path) as ws, Session(ws.engine) as s:
        return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _covers(ws_path: Path, unit: str) -> list[str]:
    from petarawan.store import Workspace
    from petarawan.store.models import Unit

    with Workspace.open(ws_path) as ws, Session(ws.engine) as s:
        row = s.get(Unit, unit)
        assert row is not None
        return list(row.covers)


def _photo(path: Path) -> Path:
    buf = io.BytesIO()
    Image.new("RGB", (2400, 1800), (200, 60, 40)).save(buf, format="JPEG", quality=95)
    path.write_bytes(buf.getvalue())
    return path


def _counts(page: Any) -> tuple[int, int, int]:
    return (
        int(page.inner_text("#count-waiting")),
        int(page.inner_text("#count-received")),
        int(page.inner_text("#count-conflict")),
    )


def test_offline_queue_sends_each_report_once(
    served: tuple[str, Path], browser: Any, tmp_path: Path
) -> None:
    from petarawan.store.models import Incident
    from petarawan.store.models_field import IncidentPhoto, Submission

    base, ws_path = served
    before = _count(ws_path, Incident)
    page = _login(browser, base, "opsatu", PHONE)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{base}/field/")
    page.wait_for_function("() => window.petarawanField && window.petarawanField.ready")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    assert page.evaluate("document.querySelector('link[rel=manifest]') !== null")
    _shot(page, "10-lapangan-390")
    page.context.set_offline(True)
    page.wait_for_function("() => !navigator.onLine")
    assert "sinyal" in page.inner_text("#net-status")
    desa = page.eval_on_selector_all("#r-desa option", "os => os.map(o => o.value)")
    covers = _covers(ws_path, "POLSEK-01")
    assert desa and all(any(d.startswith(c + ".") or d == c for c in covers) for d in desa)
    photo = _photo(tmp_path / "foto.jpg")
    for i in range(5):
        page.select_option("#r-type", index=i % 3)
        page.select_option("#r-desa", desa[i % len(desa)])
        page.fill("#r-severity", str(1 + i % 5))
        page.fill("#r-description", f"laporan lapangan {i}")
        if i == 0:
            page.set_input_files("#r-photos", str(photo))
        page.click("#r-submit")
        page.wait_for_function(
            f"() => document.getElementById('count-waiting').textContent === '{i + 1}'"
        )
    page.select_option("#c-tps", index=0)
    page.check("#c-items input >> nth=0")
    page.click("#c-submit")
    page.wait_for_function("() => document.getElementById('count-waiting').textContent === '6'")
    _shot(page, "11-lapangan-antrean-offline")
    assert _count(ws_path, Incident) == before
    # reloaded without network: the page comes from the service worker, the queue from IndexedDB
    page.reload()
    page.wait_for_function("() => window.petarawanField && window.petarawanField.ready")
    assert _counts(page) == (6, 0, 0)
    assert page.locator("#report-form").is_visible()
    page.context.set_offline(False)
    page.wait_for_function(
        "() => document.getElementById('count-received').textContent === '6'", timeout=30_000
    )
    _shot(page, "12-lapangan-terkirim")
    assert _count(ws_path, Incident) == before + 5
    assert _count(ws_path, Submission, Submission.kind == "checklist") == 1
    assert _count(ws_path, Submission) == 6
    assert _count(ws_path, IncidentPhoto) == 1
    # every request retried once more, by force, with its key: nothing new is stored
    statuses = page.evaluate(
        """async () => {
            const rows = await window.petarawanField.items();
            const out = [];
            for (const item of rows) {
                const r = await window.petarawanField.send(item);
                out.push(r.status);
            }
            return out;
        }"""
    )
    assert statuses == [200] * 6
    assert _count(ws_path, Incident) == before + 5
    assert _count(ws_path, Submission) == 6
    assert _count(ws_path, IncidentPhoto) == 1
    # the ops room verifies one report; the officer's later change to it is a conflict
    sent = [i for i in page.evaluate("window.petarawanField.items()") if i["kind"] == "incident"]
    target = sent[0]
    iid = int(target["answer"]["entity_id"])
    token = httpx.post(
        f"{base}/api/auth/token", json={"username": "analis1", "password": PASSWORD}
    ).json()["access_token"]
    r = httpx.post(
        f"{base}/api/incidents/{iid}/status",
        json={"status": "diverifikasi"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
    )
    assert r.status_code == 200, r.text
    item = page.locator(f"li[data-key='{target['key']}']")
    item.locator("summary").click()
    item.locator("textarea").fill("tambahan dari lapangan")
    item.locator("button.amend-send").click()
    page.wait_for_function(
        "() => document.getElementById('count-conflict').textContent === '1'", timeout=30_000
    )
    assert "ruang operasi" in page.inner_text("#queue-list")
    _shot(page, "13-lapangan-konflik")
    with Session(_engine(ws_path)) as s:
        row = s.get(Incident, iid)
        assert row is not None and row.description == target["body"]["description"]
        assert row.status == "diverifikasi"
    assert not errors, errors


def _engine(ws_path: Path) -> Any:
    from petarawan.store import database

    return database.make_engine(database.sqlite_url(ws_path))


def _page_texts(page: Any, base: str, urls: list[str], tag: str) -> dict[str, str]:
    texts = {}
    for url in urls:
        resp = page.goto(f"{base}{url}")
        assert resp is not None and resp.status == 200, url
        page.wait_for_load_state("networkidle")
        texts[url] = page.inner_text("body")
        name = re.sub(r"[^a-z0-9]+", "-", url.strip("/") or "dasbor")
        _shot(page, f"2-{tag}-{name}")
    return texts


def _vocabulary_ids() -> set[str]:
    from petarawan import labels
    from petarawan.domain import columns as C

    ids: set[str] = set()
    for vocab in labels.VOCABULARIES.values():
        ids.update(vocab["id"])
    ids.update(C.PHASES, C.INCIDENT_TYPES, C.INCIDENT_STATUSES, C.STAKEHOLDER_ROLES)
    return ids


def _shown_ids(text: str) -> list[str]:
    """Vocabulary ids shown as ids: any id with an underscore anywhere, or a one-word id alone
    in a table cell or list line (a word like *rawan* inside a label is fine)."""
    found = []
    cells = {c.strip() for line in text.splitlines() for c in line.split("\t")}
    for vid in _vocabulary_ids():
        anywhere = "_" in vid and re.search(rf"(?<![\w/]){re.escape(vid)}(?![\w.])", text)
        alone = "_" not in vid and vid in cells
        if anywhere or alone:
            found.append(vid)
    return found


def _pages(base: str, page: Any) -> list[str]:
    first = page.goto(f"{base}/incidents")
    assert first is not None
    href = page.get_attribute("#incident-table tbody a >> nth=0", "href")
    return [
        "/",
        "/incidents",
        "/incidents?sort=severity&phase=kampanye",
        str(href),
        "/incidents/new",
        "/alerts",
        "/register",
        "/audit",
        "/sitrep",
        "/report",
    ]


def test_pages_show_labels_not_ids_and_pass_axe(served: tuple[str, Path], browser: Any) -> None:
    base, _ws = served
    assert AXE.exists(), "axe-core is missing: npm ci --prefix tests/web/js"
    axe = AXE.read_text(encoding="utf-8")
    problems: list[str] = []
    for who, viewport, tag in (("admin1", DESKTOP, "desktop"), ("opsatu", PHONE, "390")):
        page = _login(browser, base, who, viewport)
        urls = (
            _pages(base, page) if who == "admin1" else ["/", "/incidents", "/field/", "/register"]
        )
        if who == "admin1":
            urls.append("/?lang=en")
        for url, text in _page_texts(page, base, urls, tag).items():
            for pattern in ISO:
                if pattern.search(text):
                    problems.append(f"{url}: ISO time {pattern.search(text)}")
            shown = _shown_ids(text)
            if shown:
                problems.append(f"{url}: vocabulary ids {shown}")
            page.goto(f"{base}{url}")
            page.wait_for_load_state("networkidle")
            page.evaluate(axe)  # through the DevTools protocol: the page's CSP stays on
            result = page.evaluate(
                "async () => await axe.run(document, {resultTypes: ['violations']})"
            )
            bad = [
                f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
                for v in result["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            if bad:
                problems.append(f"{url} [{tag}]: axe {bad}")
    assert not problems, "\n".join(problems)


def test_report_form_works_by_keyboard(served: tuple[str, Path], browser: Any) -> None:
    base, _ws = served
    page = _login(browser, base, "opsatu", PHONE)
    page.goto(f"{base}/field/")
    page.wait_for_function("() => window.petarawanField && window.petarawanField.ready")
    page.evaluate("window.petarawanField.flush()")
    received = int(page.inner_text("#count-received"))
    page.focus("#r-phase")
    page.keyboard.press("ArrowDown")  # the next phase
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # the next type
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("4")
    seen = []
    for _ in range(20):  # time (its parts), desa, position button, TPS, then the description
        page.keyboard.press("Tab")
        seen.append(page.evaluate("document.activeElement.id"))
        if seen[-1] == "r-description":
            break
    assert seen[-1] == "r-description", seen
    assert {"r-time", "r-desa", "r-locate", "r-tps"} <= set(seen)
    page.keyboard.type("dilaporkan dengan papan ketik")
    page.keyboard.press("Tab")  # photos
    page.keyboard.press("Tab")  # send
    assert page.evaluate("document.activeElement.id") == "r-submit"
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"() => document.getElementById('count-received').textContent === '{received + 1}'",
        timeout=30_000,
    )
    items = page.evaluate("window.petarawanField.items()")
    last = max(items, key=lambda x: x["created"])
    assert last["body"]["severity"] == 4
    assert last["body"]["phase"] == "kampanye"  # one down from the first phase
    assert last["body"]["description"] == "dilaporkan dengan papan ketik"


def test_register_and_alert_through_the_pages(served: tuple[str, Path], browser: Any) -> None:
    base, _ws = served
    page = _login(browser, base, "analis1")
    page.goto(f"{base}/register")
    before = int(page.inner_text("#overdue-count"))
    page.fill("#sh-code", "TOKOH-UJI-1")
    page.fill("#sh-name", "Pdt. Yohanes Uji")
    page.select_option("#sh-role", "tokoh_agama")
    page.select_option("#sh-region", "53.90.01.2002")
    page.click("#sh-submit")
    page.wait_for_url(f"{base}/register")
    assert "Pdt. Yohanes Uji" in page.inner_text("#stakeholder-table")
    assert "Tokoh agama" in page.inner_text("#stakeholder-table")
    wita = datetime.now(UTC) + timedelta(hours=8)
    page.select_option("#mt-stakeholder", "TOKOH-UJI-1")
    page.fill("#mt-date", (wita - timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#mt-topic", "Deklarasi pilkada damai")
    page.fill("#mt-follow-up", "Serahkan daftar jemaat yang hadir")
    page.fill("#mt-due", (wita - timedelta(days=1)).strftime("%Y-%m-%d"))
    page.click("#mt-submit")
    page.wait_for_url(f"{base}/register")
    assert int(page.inner_text("#overdue-count")) == before + 1
    assert "Serahkan daftar jemaat" in page.inner_text("#overdue-table")
    _shot(page, "30-register")
    page.goto(f"{base}/alerts")
    aid = page.get_attribute("#alerts-table tbody tr >> nth=0", "id")
    assert aid is not None
    n = aid.split("-")[1]
    page.click(f"#alert-{n}-diakui")
    page.wait_for_url(re.compile(r".*/alerts.*"))
    assert page.inner_text(f"#alert-state-{n}") == "Diakui"
    page.fill(f"#assignee-{n}", "Bripka Uji")
    page.click(f"#alert-{n}-ditugaskan")
    page.wait_for_url(re.compile(r".*/alerts.*"))
    assert page.inner_text(f"#alert-state-{n}") == "Ditugaskan"
    _shot(page, "31-peringatan")
    admin = _login(browser, base, "admin1")
    admin.goto(f"{base}/audit")
    log = admin.inner_text("#audit-table")
    assert "Pemangku kepentingan TOKOH-UJI-1" in log
    assert "Pertemuan" in log
    assert "Status: Baru → Diakui" in log
    assert "Ditugaskan kepada: – → Bripka Uji" in log
    _shot(admin, "32-audit")
