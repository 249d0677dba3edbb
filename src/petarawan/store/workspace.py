"""A workspace: a folder with the SQLite database (or a PostgreSQL URL) and its output files."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, delete, func, insert, select
from sqlalchemy.orm import Session

from petarawan.domain import columns as C
from petarawan.errors import InputDataError, Issue, NotFoundError
from petarawan.store import database
from petarawan.store.models import (
    Assessment,
    Election,
    Engagement,
    Incident,
    IndicatorMeta,
    IndicatorValue,
    Region,
    Stakeholder,
    Tps,
    TpsLink,
    Unit,
)

if TYPE_CHECKING:
    from petarawan.domain.elections import ElectionInfo


if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd


__all__ = ["Workspace"]

CRS = "EPSG:4326"


class Workspace:
    """A petarawan workspace.

    Parameters
    ----------
    path
        The workspace folder; holds ``petarawan.db`` (unless ``db_url`` is given),
        ``layers/`` and ``outputs/``.
    db_url
        SQLAlchemy URL of a PostgreSQL database to use instead of the SQLite file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> ws = Workspace.open(pathlib.Path(tempfile.mkdtemp()))
    >>> ws.status()["tps"]
    0
    """

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        #: the election whose TPS list, indicators and assessments are read and written
        self.election_id: str | None = None
        #: True when ``election_id`` was chosen as the latest (no ``--election`` given)
        self.election_by_default = False
        #: messages for the user from opening (such as what a migration did)
        self.notes: list[str] = []

    # -- opening ---------------------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: Path | str,
        db_url: str | None = None,
        *,
        create: bool = True,
        election: str | None = None,
    ) -> Workspace:
        """Open (and by default create) a workspace, applying pending migrations.

        ``election`` selects the election to work on; without it the latest by voting date is
        used (see :meth:`use_election`).
        """
        path = Path(path)
        db_url = db_url or os.environ.get("PETARAWAN_DB_URL") or None
        if not path.exists():
            if not create:
                msg = f"Workspace {path} tidak ditemukan."
                raise NotFoundError(msg)
            path.mkdir(parents=True)
        url = db_url or database.sqlite_url(path)
        engine = database.make_engine(url)
        before = database.upgrade(engine)
        ws = cls(path, engine)
        if before is not None and before < "0003":
            for e in ws.elections():
                ws.notes.append(
                    f"Workspace diperbarui: data yang ada kini milik pemilihan {e.name} ({e.id})."
                )
        try:
            ws.use_election(election)
        except Exception:
            engine.dispose()
            raise
        return ws

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """Yield a session inside one transaction: committed on success, rolled back on error."""
        with Session(self.engine) as session, session.begin():
            yield session

    @property
    def is_sqlite(self) -> bool:
        """Whether the database is the embedded SQLite file."""
        return self.engine.dialect.name == "sqlite"

    def layer_path(self, name: str) -> Path:
        """Return the path of a file layer (DEM, roads, border …) under ``layers/``."""
        folder = self.path / "layers"
        folder.mkdir(exist_ok=True)
        return folder / name

    def output_path(self, name: str) -> Path:
        """Return the path of an output file under ``outputs/``."""
        folder = self.path / "outputs"
        folder.mkdir(exist_ok=True)
        return folder / name

    # -- elections -------------------------------------------------------------------------------
    def elections(self) -> list[ElectionInfo]:
        """Return every election of the workspace, oldest voting date first."""
        from petarawan.domain.elections import ElectionInfo

        with Session(self.engine) as s:
            rows = s.scalars(select(Election)).all()
            out = [
                ElectionInfo(r.id, r.name, r.kind, r.voting_date, tuple(r.contests or ()))
                for r in rows
            ]
        return sorted(out, key=lambda e: (e.voting_date or date.min, e.id))

    def election(self, ident: str | None = None) -> ElectionInfo:
        """Return one election (the current one when ``ident`` is None)."""
        ident = ident or self.election_id
        for e in self.elections():
            if e.id == ident:
                return e
        known = ", ".join(e.id for e in self.elections()) or "belum ada"
        msg = f"Pemilihan {ident!r} tidak ada di workspace (yang ada: {known})."
        raise NotFoundError(msg)

    def use_election(self, ident: str | None) -> ElectionInfo | None:
        """Work on election ``ident``; with None, on the latest by voting date (if any).

        Raises
        ------
        InputDataError
            When ``ident`` names no election of the workspace (an issue for ``--election``).
        """
        from petarawan.domain.elections import latest

        elections = self.elections()
        if ident is None:
            chosen = latest(elections)
            self.election_id = chosen.id if chosen else None
            self.election_by_default = chosen is not None
            return chosen
        for e in elections:
            if e.id == ident:
                self.election_id = e.id
                self.election_by_default = False
                return e
        known = ", ".join(e.id for e in elections) or "belum ada; tambahkan dengan election add"
        msg = f"Pemilihan {ident!r} tidak ada di workspace; tidak ada yang ditulis."
        raise InputDataError(
            msg, [Issue("--election", None, "--election", f"{ident!r} tidak dikenal ({known})")]
        )

    def add_election(self, info: ElectionInfo) -> None:
        """Add an election (its id must be new)."""
        with self.session() as s:
            if s.get(Election, info.id) is not None:
                msg = f"Pemilihan {info.id!r} sudah ada."
                raise InputDataError(
                    msg, [Issue("pemilihan", None, "ID", f"{info.id!r} sudah ada di workspace")]
                )
            s.add(
                Election(
                    id=info.id,
                    name=info.name,
                    kind=info.kind,
                    voting_date=info.voting_date,
                    contests=list(info.contests),
                    created_at=datetime.now(UTC).replace(tzinfo=None),
                )
            )

    def require_election(self) -> str:
        """Return the current election id, creating the default election in an empty workspace."""
        from petarawan.domain.elections import DEFAULT_ELECTION, KNOWN

        if self.election_id is not None:
            return self.election_id
        info = KNOWN[DEFAULT_ELECTION]
        self.add_election(info)
        self.election_id = info.id
        self.election_by_default = True
        self.notes.append(
            f"Belum ada pemilihan di workspace: dibuat {info.name} ({info.id}). "
            "Pemilihan lain ditambahkan dengan 'petarawan election add'."
        )
        return info.id

    # -- reading ---------------------------------------------------------------------------------
    def _frame(self, stmt: Any) -> pd.DataFrame:
        import pandas as pd

        with self.engine.connect() as conn:
            return pd.read_sql(stmt, conn)

    def regions(self, level: str | None = None) -> gpd.GeoDataFrame:
        """Return the regions (optionally of one level) as a GeoDataFrame in EPSG:4326."""
        import geopandas as gpd
        import shapely

        stmt = select(Region)
        if level is not None:
            stmt = stmt.where(Region.level == level)
        frame = self._frame(stmt.order_by(Region.code))
        geoms = [shapely.from_wkb(g) if g is not None else None for g in frame.pop("geometry")]
        return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, crs=CRS, index=frame.index))

    def tps(self) -> gpd.GeoDataFrame:
        """Return the TPS of the current election with checklist flags as ``rawan_<id>`` columns.

        Flags stored under an old id are read through :data:`petarawan.domain.checklist.LEGACY`;
        an old id that cannot be mapped keeps its own column when any TPS has it set. Carried
        values name their origin in ``carried_from`` (old TPS ids) and ``provenance`` (a phrase).
        """
        import numpy as np

        from petarawan.domain.checklist import all_flag_ids, map_legacy_flags

        stmt = select(Tps).where(Tps.election_id == (self.election_id or ""))
        frame = self._frame(stmt.order_by(Tps.tps_id))
        names = {e.id: e.name for e in self.elections()}
        prov = [_json(p) or {} for p in frame.pop("provenance")]
        frame["carried_from"] = [carried_from(p) for p in prov]
        frame["provenance"] = [provenance_text(p, names) for p in prov]
        mapped = [map_legacy_flags(dict(f or {})) for f in frame.pop("flags")]
        flags = [m[0] for m in mapped]
        # old ids that cannot be split stay as their own column; the checklist reports them
        unmapped = sorted({u for m in mapped for u in m[1] if any(f.get(u) for f in flags)})
        for flag in [*all_flag_ids(), *unmapped]:
            frame[f"{C.FLAG_PREFIX}{flag}"] = np.array(
                [bool(f.get(flag, False)) for f in flags], dtype=bool
            )
        frame["khusus"] = frame["khusus"].astype(bool)
        frame["voters"] = frame["voters"].astype("Int64")
        return _points(frame)

    def units(self) -> gpd.GeoDataFrame:
        """Return the police units with their personnel pools."""
        frame = self._frame(select(Unit).order_by(Unit.code))
        frame["covers"] = [list(_json(v) or []) for v in frame["covers"]]
        return _points(frame)

    def objects(self) -> pd.DataFrame:
        """Return the objects secured besides TPS (code, kind, name, desa_code, lon, lat)."""
        from petarawan.store.models_plan import SecuredObject

        return self._frame(select(SecuredObject).order_by(SecuredObject.code))

    def personnel(self) -> pd.DataFrame:
        """Return the imported personnel (nrp, name, rank, unit_code, function)."""
        from petarawan.store.models_plan import Personnel

        return self._frame(select(Personnel).order_by(Personnel.unit_code, Personnel.nrp))

    def incidents(self) -> gpd.GeoDataFrame:
        """Return the incident log.

        An incident of an earlier election at a TPS that ``carry`` linked to a TPS of the current
        election is placed at that TPS (``tps_id``); its original TPS stays in ``tps_id_asal``.
        """
        import pandas as pd

        frame = self._frame(select(Incident).order_by(Incident.occurred_at, Incident.id))
        frame["occurred_at"] = pd.to_datetime(frame["occurred_at"])
        frame["tps_id_asal"] = frame["tps_id"]
        links = self._frame(
            select(TpsLink.from_election, TpsLink.from_tps, TpsLink.to_tps).where(
                TpsLink.to_election == (self.election_id or ""),
                TpsLink.method != "pecahan",
            )
        )
        if len(links) and len(frame):
            moved = {(e, f): t for e, f, t in links.itertuples(index=False)}
            frame["tps_id"] = [
                moved.get((e, t), t)
                for e, t in zip(frame["election"], frame["tps_id"], strict=True)
            ]
        return _points(frame)

    def stakeholders(self) -> pd.DataFrame:
        """Return the stakeholder register."""
        return self._frame(select(Stakeholder).order_by(Stakeholder.code))

    def engagements(self) -> pd.DataFrame:
        """Return the engagement log (meetings with stakeholders)."""
        import pandas as pd

        frame = self._frame(select(Engagement).order_by(Engagement.date, Engagement.id))
        for col in ("date", "follow_up_due"):
            frame[col] = pd.to_datetime(frame[col])
        return frame

    def timezone(self) -> str:
        """Return the workspace's IANA time zone (``Asia/Makassar``, WITA, unless set)."""
        from petarawan.formatting import DEFAULT_TZ
        from petarawan.store.models_field import WorkspaceSetting

        with Session(self.engine) as s:
            row = s.get(WorkspaceSetting, "timezone")
        return row.value if row is not None else DEFAULT_TZ

    def set_timezone(self, tz: str) -> None:
        """Set the workspace's time zone (an IANA name such as ``Asia/Jakarta``)."""
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        from petarawan.errors import InputDataError, Issue
        from petarawan.store.models_field import WorkspaceSetting

        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            msg = f"Zona waktu '{tz}' tidak dikenal (contoh: Asia/Makassar)."
            raise InputDataError(msg, [Issue("timezone", None, None, msg)]) from exc
        with Session(self.engine) as s, s.begin():
            s.merge(WorkspaceSetting(key="timezone", value=tz))

    def indicators(self, level: str) -> pd.DataFrame:
        """Return the stored indicators of a level, one column per indicator, indexed by code.

        Numeric indicators are floats; text indicators (such as ``travel_method``) are strings.
        """
        import pandas as pd

        stmt = select(
            IndicatorValue.code, IndicatorValue.indicator, IndicatorValue.value, IndicatorValue.text
        ).where(
            IndicatorValue.level == level, IndicatorValue.election_id == (self.election_id or "")
        )
        long = self._frame(stmt)
        if long.empty:
            return pd.DataFrame(index=pd.Index([], name="code"))
        is_text = long.groupby("indicator")["text"].apply(lambda s: s.notna().any())
        parts = []
        num = long[~long["indicator"].map(is_text)]
        if not num.empty:
            parts.append(num.pivot(index="code", columns="indicator", values="value").astype(float))
        txt = long[long["indicator"].map(is_text)]
        if not txt.empty:
            parts.append(txt.pivot(index="code", columns="indicator", values="text"))
        wide = pd.concat(parts, axis=1).sort_index()
        wide.columns.name = None
        wide.index.name = "code"
        return wide

    def indicator_meta(self, level: str | None = None) -> pd.DataFrame:
        """Return the unit, method and source of every stored indicator."""
        stmt = select(IndicatorMeta)
        if level is not None:
            stmt = stmt.where(IndicatorMeta.level == level)
        return self._frame(stmt.order_by(IndicatorMeta.level, IndicatorMeta.indicator))

    # -- writing ---------------------------------------------------------------------------------
    def write_indicators(
        self,
        level: str,
        frame: pd.DataFrame,
        meta: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> int:
        """Replace the given indicators of a level with the values in ``frame`` (indexed by code).

        Returns the number of values written. Missing values (NaN) are stored as NULL, so a
        missing measurement stays visibly missing rather than becoming zero.
        """
        import numpy as np
        import pandas as pd

        meta = meta or {}
        election = self.require_election()
        rows: list[dict[str, Any]] = []
        codes = [str(c) for c in frame.index]
        for col in frame.columns:
            values = frame[col]
            text = values.dtype == object or pd.api.types.is_string_dtype(values)
            for code, v in zip(codes, values.to_numpy(), strict=True):
                missing = v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA
                if text:
                    rows.append(
                        {
                            "election_id": election,
                            "level": level,
                            "code": code,
                            "indicator": str(col),
                            "value": None,
                            "text": None if missing else str(v),
                        }
                    )
                else:
                    rows.append(
                        {
                            "election_id": election,
                            "level": level,
                            "code": code,
                            "indicator": str(col),
                            "value": None if missing else float(v),
                            "text": None,
                        }
                    )
        now = datetime.now(UTC).replace(tzinfo=None)
        with self.session() as s:
            s.execute(
                delete(IndicatorValue).where(
                    IndicatorValue.election_id == election,
                    IndicatorValue.level == level,
                    IndicatorValue.indicator.in_([str(c) for c in frame.columns]),
                )
            )
            if rows:
                s.execute(insert(IndicatorValue), rows)
            for col in frame.columns:
                info = dict(meta.get(str(col), {}))
                s.merge(
                    IndicatorMeta(
                        level=level,
                        indicator=str(col),
                        unit=info.get("unit"),
                        method=info.get("method"),
                        source=info.get("source"),
                        computed_at=now,
                    )
                )
        return len(rows)

    def set_tps_categories(self, mapping: Mapping[str, str | None]) -> int:
        """Set (or clear, with ``None``) hand-set TPS categories of the current election.

        A category set by hand replaces one carried from an earlier election (its provenance
        is dropped). Returns the number of rows changed.
        """
        changed = 0
        election = self.election_id or ""
        with self.session() as s:
            for tps_id, category in mapping.items():
                row = s.get(Tps, (election, tps_id))
                if row is None:
                    msg = f"TPS {tps_id} tidak ada di daftar TPS pemilihan {election}."
                    raise NotFoundError(msg)
                if row.category != category:
                    row.category = category
                    if row.provenance and "category" in row.provenance:
                        row.provenance = {
                            k: v for k, v in row.provenance.items() if k != "category"
                        }
                    changed += 1
        return changed

    def save_assessment(
        self,
        payload: Mapping[str, Any],
        *,
        framework: str,
        framework_hash: str,
        inputs_hash: str,
        as_of: datetime,
        summary: Mapping[str, Any] | None = None,
    ) -> int:
        """Store an assessment snapshot of the current election; return its id (never changed)."""
        election = self.require_election()
        with self.session() as s:
            row = Assessment(
                election_id=election,
                framework=framework,
                framework_hash=framework_hash,
                inputs_hash=inputs_hash,
                as_of=as_of.replace(tzinfo=None) if as_of.tzinfo else as_of,
                created_at=datetime.now(UTC).replace(tzinfo=None),
                summary=json.loads(json.dumps(summary or {}, default=str)),
                payload=json.loads(json.dumps(payload, default=str)),
            )
            s.add(row)
            s.flush()
            return int(row.id)

    # -- status ----------------------------------------------------------------------------------
    def status(self) -> dict[str, Any]:
        """Return counts of everything in the registry (TPS and assessments: current election)."""
        this = Tps.election_id == (self.election_id or "")
        with Session(self.engine) as s:
            by_level = dict(
                s.execute(select(Region.level, func.count()).group_by(Region.level)).all()
            )
            counts: dict[str, Any] = {
                "regions": {lvl: int(by_level.get(lvl, 0)) for lvl in C.LEVELS},
                "tps": s.scalar(select(func.count()).select_from(Tps).where(this)) or 0,
                "units": s.scalar(select(func.count()).select_from(Unit)) or 0,
                "incidents": s.scalar(select(func.count()).select_from(Incident)) or 0,
                "stakeholders": s.scalar(select(func.count()).select_from(Stakeholder)) or 0,
                "engagements": s.scalar(select(func.count()).select_from(Engagement)) or 0,
                "assessments": s.scalar(
                    select(func.count())
                    .select_from(Assessment)
                    .where(Assessment.election_id == (self.election_id or ""))
                )
                or 0,
            }
            counts["tps_khusus"] = (
                s.scalar(select(func.count()).select_from(Tps).where(this, Tps.khusus)) or 0
            )
            counts["tps_estimated"] = (
                s.scalar(
                    select(func.count())
                    .select_from(Tps)
                    .where(this, Tps.location_source == "estimated")
                )
                or 0
            )
            counts["voters"] = int(
                s.scalar(select(func.coalesce(func.sum(Tps.voters), 0)).where(this)) or 0
            )
            counts["personnel"] = {
                pool: int(s.scalar(select(func.coalesce(func.sum(getattr(Unit, pool)), 0))) or 0)
                for pool in C.POOLS
            }
            counts["regions_without_geometry"] = (
                s.scalar(select(func.count()).select_from(Region).where(Region.geometry.is_(None)))
                or 0
            )
        counts["election"] = self.election_id
        counts["elections"] = [e.id for e in self.elections()]
        counts["layers"] = (
            sorted(p.name for p in (self.path / "layers").glob("*"))
            if (self.path / "layers").exists()
            else []
        )
        return counts

    def content_hash(self) -> str:
        """Return a hash of the registry content (for assessment input hashes and tests)."""
        h = hashlib.sha256()
        for frame in (
            self._frame(select(Region).order_by(Region.code)),
            self._frame(
                select(Tps).where(Tps.election_id == (self.election_id or "")).order_by(Tps.tps_id)
            ),
            self._frame(select(Unit).order_by(Unit.code)),
            self._frame(select(Incident).order_by(Incident.ref)),
        ):
            h.update(frame.to_csv(index=False).encode())
        return h.hexdigest()


_WHAT = {"category": "kategori", "flags": "tanda daftar periksa", "incidents": "riwayat kejadian"}


def carried_from(prov: Mapping[str, Any]) -> str | None:
    """Return the old TPS ids a TPS's carried values came from (comma-separated), or None."""
    ids = sorted({t for item in prov.values() for t in item.get("tps", [])})
    return ", ".join(ids) if ids else None


def provenance_text(prov: Mapping[str, Any], names: Mapping[str, str]) -> str | None:
    """Say where carried values came from: ``kategori dari TPS 5303012005003, Pemilu 2024``."""
    groups: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for key, item in prov.items():
        origin = (str(item.get("election", "")), tuple(item.get("tps", [])))
        groups.setdefault(origin, []).append(_WHAT.get(key, key))
    parts = []
    for (election, ids), what in groups.items():
        said = what[0] if len(what) == 1 else ", ".join(what[:-1]) + " dan " + what[-1]
        parts.append(f"{said} dari TPS {', '.join(ids)}, {names.get(election, election)}")
    return "; ".join(parts) if parts else None


def _json(v: Any) -> Any:
    return json.loads(v) if isinstance(v, str) else v


def _points(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    import geopandas as gpd
    import numpy as np
    import shapely

    lon = frame["lon"].to_numpy(dtype=float, na_value=np.nan)
    lat = frame["lat"].to_numpy(dtype=float, na_value=np.nan)
    geoms = shapely.points(lon, lat)
    geoms[np.isnan(lon) | np.isnan(lat)] = None
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, crs=CRS, index=frame.index))
