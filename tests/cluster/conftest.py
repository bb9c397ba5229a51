"""The cluster tests run against ``make cluster`` (deploy/cluster.py). They are skipped
unless PostgreSQL, Redis and nginx are installed here and either the cluster answers on
127.0.0.1:18000 or TRADEFAIR_CLUSTER_TESTS=1 lets them start one (with the small demo)
and stop it afterwards: a plain ``make test`` never starts servers of its own."""

import pytest

from tests.cluster import support


@pytest.fixture(scope="session")
def cluster_up():
    if not support.tools_available():
        pytest.skip("PostgreSQL, Redis or nginx missing: the cluster cannot run here")
    started = False
    if not support.healthy():
        if not support.env_flag():
            pytest.skip("no cluster on 127.0.0.1:18000 (make cluster, or TRADEFAIR_CLUSTER_TESTS=1)")
        support.command("up", "--small")
        started = True
    yield support
    if started:
        support.command("down")
