"""Schemathesis against the OpenAPI document: generated requests never get a 5xx."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy.orm import Session

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import schemathesis
    from schemathesis.checks import not_a_server_error

from .conftest import PASSWORD, USERS, make_settings, seed_registry  # type: ignore[import-not-found]


@pytest.fixture(scope="module")
def st_app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from petarawan.store import Workspace
    from petarawan.web.app import create_app
    from petarawan.web.services import add_user

    path = tmp_path_factory.mktemp("st") / "ws"
    with Workspace.open(path) as ws:
        seed_registry(ws)
        with Session(ws.engine) as s:
            add_user(s, "admin", PASSWORD, *USERS["admin"], by="test")
    app = create_app(make_settings(path, None))
    yield app
    app.state.ws.close()


@pytest.fixture(scope="module")
def st_token(st_app: Any) -> str:
    from .conftest import test_client_class  # type: ignore[import-not-found]

    c = test_client_class()(st_app)
    return str(
        c.post("/api/auth/token", json={"username": "admin", "password": PASSWORD}).json()[
            "access_token"
        ]
    )


@pytest.fixture(scope="module")
def api_schema(st_app: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return schemathesis.openapi.from_asgi("/api/openapi.json", st_app)


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_no_server_errors(api_schema: Any, st_token: str) -> None:
    """Every operation, bounded examples each: no response is a 5xx."""

    ops = [r.ok() for r in api_schema.get_all_operations()]
    assert len(ops) >= 20
    for op in ops:
        auth = {} if op.path == "/api/auth/token" else {"Authorization": f"Bearer {st_token}"}
        _fuzz(op, auth)


def _fuzz(op: Any, auth: dict[str, str]) -> None:
    from hypothesis import given

    @given(case=op.as_strategy())
    @settings(
        max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None
    )
    def run(case: Any) -> None:
        case.call_and_validate(headers=auth, checks=[not_a_server_error])

    run()


def test_openapi_document(st_app: Any) -> None:
    from .conftest import test_client_class  # type: ignore[import-not-found]

    doc = test_client_class()(st_app).get("/api/openapi.json").json()
    paths = set(doc["paths"])
    for p in (
        "/api/assessments/latest",
        "/api/alerts",
        "/api/incidents",
        "/api/incidents/{incident_id}/status",
        "/api/health",
    ):
        assert p in paths
    assert not any(p.startswith("/login") for p in paths)
    _ = Path
