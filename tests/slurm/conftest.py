"""The single-node Slurm cluster of these tests (tests/slurm/cluster.py): installed when missing
(CI installs it first, in .ci/run), started once per session, stopped at the end. Never skipped."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.slurm.cluster import Cluster, install


@pytest.fixture(scope="session")
def slurm_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    install()
    cluster = Cluster(tmp_path_factory.mktemp("slurm"))
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()
