"""Mapping the per-region pipeline over a nation: in-process, a local process pool or Dask."""

from __future__ import annotations

import multiprocessing as mp
import time
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from petarawan.errors import ConfigError
from petarawan.scale.hashing import load_state, save_state, stale_regions
from petarawan.scale.pipeline import PipelineConfig, run_region
from petarawan.scale.synth import read_manifest

__all__ = ["RunReport", "run_nation"]

#: Called after each region: (code, ok, done, total).
ProgressFn = Callable[[str, bool, int, int], None]


@dataclass
class RunReport:
    """What a national run did.

    Attributes
    ----------
    summaries
        Region code -> the region's summary (recomputed regions only).
    failed
        Region code -> why it failed (after every retry).
    skipped
        Regions whose inputs were unchanged (their previous outputs are kept).
    attempts
        Region code -> number of attempts (local backends; Dask counts its own retries).
    backend
        ``inprocess``, ``processes`` or ``dask``.
    workers
        Number of workers.
    seconds
        Wall time of the region stage.
    """

    summaries: dict[str, dict[str, Any]] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    attempts: dict[str, int] = field(default_factory=dict)
    backend: str = "inprocess"
    workers: int = 1
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dictionary (without the per-region summaries)."""
        return {
            "backend": self.backend,
            "workers": self.workers,
            "seconds": round(self.seconds, 3),
            "recomputed": sorted(self.summaries),
            "skipped": len(self.skipped),
            "failed": dict(sorted(self.failed.items())),
        }


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _run_inprocess(
    tasks: list[str],
    call: Callable[[str], dict[str, Any]],
    retries: int,
    report: RunReport,
    notify: Callable[[str, bool], None],
) -> None:
    for code in tasks:
        for attempt in range(retries + 1):
            report.attempts[code] = attempt + 1
            try:
                report.summaries[code] = call(code)
                report.failed.pop(code, None)
                break
            except Exception as exc:
                report.failed[code] = _describe(exc)
        notify(code, code in report.summaries)


def _run_pool(
    data: Path,
    out: Path,
    tasks: list[str],
    config: PipelineConfig,
    workers: int,
    retries: int,
    report: RunReport,
    notify: Callable[[str, bool], None],
) -> None:
    ctx = mp.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        pending: dict[Future[dict[str, Any]], str] = {
            pool.submit(run_region, data, out, code, config): code for code in tasks
        }
        for code in tasks:
            report.attempts[code] = 1
        while pending:
            fut = next(as_completed(pending))
            code = pending.pop(fut)
            try:
                report.summaries[code] = fut.result()
                report.failed.pop(code, None)
            except Exception as exc:
                report.failed[code] = _describe(exc)
                if report.attempts[code] <= retries:
                    report.attempts[code] += 1
                    try:
                        pending[pool.submit(run_region, data, out, code, config)] = code
                        continue
                    except RuntimeError:  # the pool broke (a worker process died hard)
                        pass
            notify(code, code in report.summaries)


def _run_dask(
    data: Path,
    out: Path,
    tasks: list[str],
    config: PipelineConfig,
    target: Any,
    retries: int,
    report: RunReport,
    notify: Callable[[str, bool], None],
    on_result: Callable[[Any, str], None] | None,
) -> None:
    from distributed import Client
    from distributed import as_completed as dask_completed

    own = not isinstance(target, Client)
    client = Client(target) if own else target  # type: ignore[no-untyped-call]
    try:
        report.workers = len(client.scheduler_info().get("workers", {})) or report.workers
        futures = client.map(
            run_region,
            [str(data)] * len(tasks),
            [str(out)] * len(tasks),
            tasks,
            [config] * len(tasks),
            key=[f"petarawan-region-{code}" for code in tasks],
            retries=retries,
            pure=False,
        )
        codes = {f.key: code for f, code in zip(futures, tasks, strict=True)}
        for fut in dask_completed(futures):  # type: ignore[no-untyped-call]
            code = codes[fut.key]
            if fut.status == "finished":
                report.summaries[code] = fut.result()
            else:
                exc = fut.exception()
                report.failed[code] = _describe(exc) if exc is not None else str(fut.status)
            fut.release()
            notify(code, code in report.summaries)
            if on_result is not None:
                on_result(client, code)
    finally:
        if own:
            client.close()


def run_nation(
    data: Path,
    out: Path,
    *,
    config: PipelineConfig | None = None,
    workers: int = 1,
    cluster: Any = None,
    retries: int = 2,
    incremental: bool = True,
    codes: list[str] | None = None,
    progress: ProgressFn | None = None,
    on_result: Callable[[Any, str], None] | None = None,
) -> RunReport:
    """Run the per-region pipeline over every kab/kota of a nation folder.

    Parameters
    ----------
    data
        Nation folder (``nation.json`` and the Parquet partitions).
    out
        Run folder; region outputs go to ``out/regions/province=<PP>/``.
    config
        Pipeline parameters.
    workers
        Local worker processes (1: in this process).
    cluster
        A Dask scheduler address (``tcp://host:8786``), a ``distributed`` cluster object or a
        ``Client``; overrides ``workers``.
    retries
        Extra attempts for a region that raised.
    incremental
        Skip regions whose input hash and outputs are unchanged since the last run.
    codes
        Only these kab/kota (default: every one in the manifest).
    progress
        Called after each region with (code, ok, done, total).
    on_result
        Dask only: called with (client, code) after each region (tests use it to kill a worker).

    Returns
    -------
    RunReport
    """
    cfg = config or PipelineConfig()
    if workers < 1:
        msg = f"--workers harus 1 atau lebih, didapat {workers}."
        raise ConfigError(msg)
    data = Path(data)
    out = Path(out)
    manifest = read_manifest(data)
    all_codes = [r["code"] for r in manifest["regions"]]
    wanted = all_codes if codes is None else [c for c in all_codes if c in set(codes)]
    out.mkdir(parents=True, exist_ok=True)
    stale, hashes = stale_regions(data, out, wanted, cfg)
    tasks = stale if incremental else list(wanted)
    report = RunReport(workers=workers)
    report.skipped = [c for c in wanted if c not in set(tasks)]
    total = len(tasks)
    done = [0]

    def notify(code: str, ok: bool) -> None:
        done[0] += 1
        if progress is not None:
            progress(code, ok, done[0], total)

    t0 = time.perf_counter()
    if cluster is not None:
        report.backend = "dask"
        _run_dask(data, out, tasks, cfg, cluster, retries, report, notify, on_result)
    elif workers > 1 and len(tasks) > 1:
        report.backend = "processes"
        _run_pool(data, out, tasks, cfg, workers, retries, report, notify)
    else:
        report.backend = "inprocess"
        _run_inprocess(
            tasks, lambda code: run_region(data, out, code, cfg), retries, report, notify
        )
    report.seconds = time.perf_counter() - t0
    state = load_state(out)
    regions = state["regions"]
    for code in report.summaries:
        regions[code] = hashes[code]
    for code in report.failed:
        regions.pop(code, None)
    state["config"] = cfg.to_dict()
    state["last_run"] = {**report.to_dict(), "at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    save_state(out, state)
    return report


def format_failure(exc: BaseException) -> str:
    """Return the last traceback line of ``exc`` (for logs)."""
    return "".join(traceback.format_exception_only(type(exc), exc)).strip()
