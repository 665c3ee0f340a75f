"""Smoke run of the benchmark suite (benchmarks/README.md), so that it never rots.

The whole pipeline with tiny sizes: generate 1x (the demo data) and 2x into databases of its
own, gunicorn with the production configuration, every row for a fraction of a second, the
outbox with a few messages. No timing is asserted. What is asserted: the table has every row
with numbers, and no page's query count grows with the data (1x against 2x).
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def postgres_en_redis():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")) or not os.environ.get("REDIS_URL"):
        pytest.skip("de benchmark heeft PostgreSQL (DATABASE_URL) en Redis (REDIS_URL) nodig")
    return url


def test_de_hele_benchmark_draait_en_queries_groeien_niet_mee(postgres_en_redis, tmp_path):
    # Databases of its own, named after the test database server's own database, so that two
    # checkouts on one server do not collide; dropped afterwards (--zonder-cache).
    eigen = urlsplit(postgres_en_redis).path.strip("/") or "postgres"
    uitkomst = tmp_path / "bench.json"
    proces = subprocess.run(
        [
            sys.executable, "-m", "benchmarks",
            "--grootte", "2x", "--seconden", "0.3", "--rondes", "1", "--berichten", "20",
            "--voorvoegsel", f"{eigen}_bench_smoke", "--zonder-cache", "--json", str(uitkomst),
        ],
        cwd=BASE_DIR,
        env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    assert proces.returncode == 0, proces.stdout[-3000:] + proces.stderr[-3000:]
    gegevens = json.loads(uitkomst.read_text())

    from benchmarks.runner import RIJNAMEN

    rijen = {r["rij"]: r for r in gegevens["rijen"]}
    assert list(rijen) == RIJNAMEN
    for naam, rij in rijen.items():
        assert isinstance(rij["verhouding"], float), (naam, rij)
        assert rij["oordeel"] in ("gehaald", "niet gehaald"), (naam, rij)
        assert isinstance(rij["k"]["req_s"], float) and rij["k"]["req_s"] > 0, (naam, rij)
        assert isinstance(rij["b"]["req_s"], float) and rij["b"]["req_s"] > 0, (naam, rij)
        if rij["soort"] != "outbox":
            for veld in ("p50_ms", "p95_ms", "p99_ms", "cpu_web_ms", "cpu_ms"):
                assert isinstance(rij["k"][veld], float | int), (naam, veld, rij)
            assert rij["k"]["fouten"] == rij["b"]["fouten"] == 0, (naam, rij)
    assert all(naam in gegevens["tabel"] for naam in RIJNAMEN)

    # Behaviour: no page's query count depends on the size of the data.
    queries = gegevens["queries"]
    assert set(queries) == {"1x", "2x"}
    assert queries["1x"] == queries["2x"], queries
