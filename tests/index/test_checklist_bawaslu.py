"""The TPS-rawan checklist as Bawaslu published it for the Pilkada 2024; its two category rules."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from petarawan.cli import main
from petarawan.domain import checklist as CL
from petarawan.domain.index import compute_index, evaluate_checklist
from petarawan.io.frameworks import find_framework
from petarawan.store import Workspace
from petarawan.store.importer import import_files

DATA = Path(__file__).resolve().parents[1] / "data"

# Bawaslu RI, pemetaan potensi TPS rawan Pemilihan Serentak 2024: 8 variables, 25 indicators, as
# listed by Bawaslu Provinsi Jawa Barat (Antara, 20 Nov 2024,
# https://jabar.antaranews.com/berita/559985/bawaslu-jawa-barat-petakan-25-indikator-tps-rawan-cegah-pelanggaran-pilkada
# pages 1-3: 10 "paling banyak terjadi", 10 "banyak terjadi", 5 "tidak banyak terjadi").
PUBLISHED: dict[str, list[str]] = {
    "Penggunaan hak pilih": [
        "Terdapat pemilih DPT yang sudah tidak memenuhi syarat (meninggal dunia, alih status "
        "menjadi TNI/Polri)",
        "Terdapat pemilih pindahan (DPTb)",
        "Terdapat potensi pemilih memenuhi syarat namun tidak terdaftar di DPT (potensi DPK)",
        "Terdapat penyelenggara pemilihan yang merupakan pemilih di luar domisili TPS tempatnya "
        "bertugas",
        "Terdapat pemilih disabilitas yang terdaftar di DPT",
        "Terdapat riwayat pemungutan suara ulang (PSU) dan/atau penghitungan surat suara ulang "
        "(PSSU)",
    ],
    "Keamanan": [
        "Memiliki riwayat terjadi kekerasan di TPS",
        "Memiliki riwayat terjadi intimidasi kepada penyelenggara pemilihan",
        "Memiliki riwayat penolakan penyelenggaraan pemungutan suara",
    ],
    "Politik uang": [
        "Terdapat riwayat praktik pemberian uang atau materi lainnya yang tidak sesuai ketentuan "
        "pada masa kampanye di sekitar lokasi TPS",
    ],
    "Politisasi SARA": [
        "Terdapat riwayat praktik menghina/menghasut di antara pemilih terkait isu agama, suku, "
        "ras, dan antargolongan di sekitar lokasi TPS",
    ],
    "Netralitas": [
        "Terdapat petugas KPPS berkampanye untuk pasangan calon",
        "Memiliki riwayat ASN, TNI/Polri, kepala desa dan/atau perangkat desa melakukan "
        "tindakan/kegiatan yang menguntungkan atau merugikan pasangan calon",
    ],
    "Logistik": [
        "Memiliki riwayat logistik pemungutan dan penghitungan suara mengalami kerusakan di TPS",
        "Memiliki riwayat kekurangan atau kelebihan dan bahkan tidak tersedia logistik "
        "pemungutan dan penghitungan suara",
        "Memiliki riwayat keterlambatan pendistribusian logistik pemungutan dan penghitungan "
        "suara di TPS (maksimal H-1)",
    ],
    "Lokasi TPS": [
        "TPS sulit dijangkau (geografis dan cuaca)",
        "TPS didirikan di wilayah rawan konflik",
        "TPS didirikan di wilayah rawan bencana (banjir, tanah longsor, gempa, dll.)",
        "TPS dekat lembaga pendidikan yang siswanya berpotensi memiliki hak pilih",
        "TPS dekat wilayah kerja (pertambangan, pabrik)",
        "TPS berada di dekat rumah pasangan calon dan/atau posko tim kampanye pasangan calon",
        "TPS di lokasi khusus",
    ],
    "Jaringan listrik dan internet": [
        "Terdapat kendala aliran listrik di lokasi TPS",
        "Terdapat kendala jaringan internet di lokasi TPS",
    ],
}


def test_published_list_is_8_variables_and_25_indicators() -> None:
    assert len(PUBLISHED) == 8
    assert sum(len(v) for v in PUBLISHED.values()) == 25
    assert "jabar.antaranews.com/berita/559985" in CL.SOURCE


def test_preset_holds_exactly_the_national_list_with_bawaslu_names() -> None:
    spec = find_framework("tps-rawan-pilkada2024").checklist
    assert spec is not None
    got = {v.name_id: [i.name_id for i in v.items() if not i.optional] for v in spec.variables}
    assert got == PUBLISHED
    assert len(spec.national_ids()) == 25
    assert [c.removeprefix("rawan_") for c in CL.checklist_columns()] == spec.national_ids()
    optional = [i for v in spec.variables for i in v.items() if i.optional]
    assert [i.id for i in optional] == ["riwayat_noken"]
    assert all(i.name_id.startswith("Indikator daerah") and i.region for i in optional)


def test_framework_export_gives_indicators_and_marks_optional_ones(tmp_path: Path) -> None:
    out = tmp_path / "tps.yaml"
    assert main(["framework", "export", "tps-rawan-pilkada2024", "--out", str(out)]) == 0
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    variables = data["checklist"]["variables"]
    assert len(variables) == 8
    items = [i for v in variables for i in v["indicators"]]
    national = [i for i in items if not (isinstance(i, dict) and i.get("optional"))]
    optional = [i for i in items if isinstance(i, dict) and i.get("optional") is True]
    assert len(national) == 25
    assert [i["id"] for i in optional] == ["riwayat_noken"]
    sets = {s["id"]: s for s in data["checklist"]["rule_sets"]}
    assert sets["hitungan"]["status"] == "proposal"
    assert "usulan" in sets["hitungan"]["name_id"]


def _tps(rows: list[dict[str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, index=[f"T{i}" for i in range(len(rows))])
    for col in frame.columns:
        if col.startswith("rawan_") or col == "khusus":
            frame[col] = frame[col].astype(object).where(frame[col].notna(), False).astype(bool)
    return frame


def test_security_rule_puts_a_far_hard_to_reach_tps_in_rawan() -> None:
    fw = find_framework("tps-rawan-pilkada2024")
    assert fw.checklist is not None
    tps = _tps(
        [
            {"rawan_sulit_dijangkau": True, "travel_time_min": 150.0},  # far, hard to reach
            {"rawan_sulit_dijangkau": False, "travel_time_min": 150.0},  # far by travel time
            {"rawan_sulit_dijangkau": False, "travel_time_min": 30.0},  # near, nothing
            {"rawan_riwayat_kekerasan": True, "rawan_dukungan_berimbang": True},
            {"rawan_dptb": True, "rawan_pemilih_disabilitas": True, "rawan_kendala_internet": True},
        ]
    )
    ev, _ = evaluate_checklist(fw.checklist, tps)
    assert list(ev["category"]) == [
        "rawan",
        "rawan",
        "kurang_rawan",
        "sangat_rawan",
        "kurang_rawan",
    ]
    assert ev.loc["T0", "reason"] == "rawan karena jarak"
    assert ev.loc["T1", "reason"] == "rawan karena jarak"
    # the count rule (a proposal) does not see distance at all
    assert list(ev["category_hitungan"])[:3] == ["kurang_rawan"] * 3
    res = compute_index(fw, {"tps": tps})
    assert res.levels["tps"].classes["score"]["T0"] == "rawan"


def test_count_rule_and_khusus() -> None:
    fw = find_framework("tps-rawan-pilkada2024")
    assert fw.checklist is not None
    five = {
        "rawan_politik_uang": True,
        "rawan_politisasi_sara": True,
        "rawan_netralitas_aparat": True,
        "rawan_logistik_terlambat": True,
        "rawan_kendala_listrik": True,
    }
    tps = _tps(
        [
            {**five, "rawan_riwayat_kekerasan": True},
            five,
            {"rawan_riwayat_kekerasan": True, "rawan_politik_uang": True, "rawan_dptb": True},
            {**five, "khusus": True},
            {"rawan_riwayat_kekerasan": True},
        ]
    )
    ev, _ = evaluate_checklist(fw.checklist, tps)
    assert list(ev["category_hitungan"]) == [
        "sangat_rawan",
        "rawan",
        "rawan",
        "khusus",
        "kurang_rawan",
    ]
    assert list(ev["flags_total"]) == [6, 5, 3, 5, 1]


def test_optional_indicator_is_not_counted_among_the_national_ones() -> None:
    fw = find_framework("tps-rawan-pilkada2024")
    assert fw.checklist is not None
    tps = _tps([{"rawan_riwayat_noken": True}, {"rawan_dptb": True}])
    ev, absent = evaluate_checklist(fw.checklist, tps)
    assert list(ev["flags_total"]) == [0, 1]
    assert list(ev["hak_pilih"]) == [1, 1]  # the variable still shows the regional condition
    assert "rawan_riwayat_noken" not in absent


def test_old_flag_ids_are_mapped_or_reported() -> None:
    flags, unmapped = CL.map_legacy_flags(
        {"netralitas_kades": True, "ujaran_kebencian": True, "dekat_lembaga": True, "dptb": False}
    )
    assert flags["netralitas_aparat"] and flags["politisasi_sara"]
    assert flags["dekat_lembaga"] and unmapped == ["dekat_lembaga"]
    fw = find_framework("tps-rawan-pilkada2024")
    tps = _tps([{"rawan_dekat_lembaga": True}])
    res = compute_index(fw, {"tps": tps})
    assert any("rawan_dekat_lembaga" in w for w in res.warnings)


def test_import_reads_old_columns_and_keeps_them(tmp_path: Path) -> None:
    ws = Workspace.open(tmp_path / "ws")
    try:
        import_files(ws, "regions", [DATA / "mini_wilayah.csv"])
        tps = tmp_path / "tps.csv"
        tps.write_text(
            "kode_desa,no_tps,dpt,rawan_netralitas_asn,rawan_dekat_lembaga,rawan_riwayat_noken\n"
            "53.03.01.2005,1,250,ya,ya,ya\n53.03.01.2005,2,250,tidak,tidak,tidak\n",
            encoding="utf-8",
        )
        report = import_files(ws, "tps", [tps])
        text = " ".join(str(i) for i in report.warnings)
        assert "netralitas_asn" in text and "rawan_netralitas_aparat" in text
        assert "dekat_lembaga" in text
        frame = ws.tps().set_index("number")
        assert bool(frame.loc[1, "rawan_netralitas_aparat"])
        assert bool(frame.loc[1, "rawan_dekat_lembaga"])  # kept, reported, not counted
        assert bool(frame.loc[1, "rawan_riwayat_noken"])
        assert not bool(np.asarray(frame.loc[2, "rawan_netralitas_aparat"]))
    finally:
        ws.close()


@pytest.mark.parametrize("name", ["dekat_lembaga_pendidikan", "dukungan_berimbang", "zz"])
def test_flag_names(name: str) -> None:
    assert CL.flag_name(name)
