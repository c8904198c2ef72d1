"""The multi-server tests run against the servers that servers.sh started.

They are skipped unless servers.sh set PORTAL_MULTISERVER (``servers.sh run``,
as CI does): a plain ``pytest`` run has no such servers.
"""

import os

import pytest


def pytest_collection_modifyitems(config, items):
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.multiserver)
            if not os.environ.get("PORTAL_MULTISERVER"):
                item.add_marker(
                    pytest.mark.skip(reason="no servers: run tests/multiserver/servers.sh run")
                )
