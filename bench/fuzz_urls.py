"""Fuzz every public address's parameters, in both languages; count requests and 5xx.

    DATABASE_URL=sqlite:////tmp/fuzz.sqlite3 .venv/bin/python bench/fuzz_urls.py [ROUNDS]

Run on a database holding the fixtures (``make content`` or ``loaddata``). The
addresses are the sitemap's (every published record's page), the lists, the
map, search, exports, feeds, calendars, the API and the proposal forms, each
in French and under /en/ where it has both; each gets ROUNDS requests (default
3) with random values for every parameter any page reads, plus a few
well-known hostile ones. Prints the number of requests, the status codes and
every address that answered 5xx; exits non-zero on a 5xx.
"""

import os
import random
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("PORTAL_RENDER_RATE", "0")
os.environ.setdefault("PORTAL_PROPOSAL_RATE", "0")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from ecosystem.core.registry import content_apps  # noqa: E402

PARAMETERS = [
    "q", "page", "sort", "domain", "pillar", "kind", "territory", "cluster", "status",
    "type", "layer", "year", "format", "page_size", "search", "ordering", "lang", "o",
]  # fmt: skip
HOSTILE = [
    "", "0", "-1", "1e9", "NaN", "\x00", "%00", "<script>alert(1)</script>", "'", '"', "\\",
    "../../etc/passwd", "𝕏", "a" * 199, "999999999999999999999", "1,2,3", "null", "[]", "{}",
]  # fmt: skip


def addresses() -> list[str]:
    urls = [
        "/", "/search/", "/pillars/", "/map/", "/hubs/", "/clusters/", "/actors/", "/projects/",
        "/people/", "/domains/", "/territories/", "/concepts/", "/policies/", "/key-figures/",
        "/events/", "/milestones/", "/sources/", "/about/", "/events/calendar.ics",
        "/actors/export.csv", "/actors/export.json", "/projects/export.csv",
        "/clusters/export.json", "/feeds/actors/", "/feeds/projects/",
        "/propose/organisation/",
    ]  # fmt: skip
    for config in content_apps():
        for model in config.get_models():
            if not hasattr(model, "get_absolute_url") or not hasattr(model, "is_published"):
                continue
            for record in model._default_manager.published()[:40]:
                urls.append(record.get_absolute_url())
                if hasattr(record, "slug") and hasattr(model, "title_field"):
                    urls.append(f"/history/{model._meta.model_name}/{record.slug}/")
    english = [f"/en{url}" for url in urls if not url.endswith((".csv", ".json", ".ics"))]
    api = [
        "/api/", "/api/actors/", "/api/clusters/", "/api/projects/", "/api/people/",
        "/api/domains/", "/api/territories/", "/api/schema/", "/sitemap.xml", "/healthz",
    ]  # fmt: skip
    return urls + english + api


def random_value(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return rng.choice(HOSTILE)
    alphabet = "abcdefghijklmnopqrstuvwxyzéèàç0123456789-_ %&=?#+'\"<>"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))


def main(rounds: int) -> int:
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    rng = random.Random(25)
    client = Client(raise_request_exception=False)
    statuses: Counter = Counter()
    failures: list[str] = []
    for url in addresses():
        for _ in range(rounds):
            names = rng.sample(PARAMETERS, rng.randint(1, 4))
            query = urlencode([(name, random_value(rng)) for name in names])
            address = f"{url}?{query}"
            status = client.get(address).status_code
            statuses[status] += 1
            if status >= 500:
                failures.append(f"{status} {address}")
    total = sum(statuses.values())
    print(f"{total} requests on {len(addresses())} addresses: {dict(sorted(statuses.items()))}")
    for failure in failures:
        print(failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 3))
