"""System checks of the deployment (``manage.py check --deploy``)."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.cache.backends.filebased import FileBasedCache
from django.core.checks import Tags, Warning, register
from django.utils.module_loading import import_string


def _folder_problem(folder: Path) -> str | None:
    """Why the cache could not create or write ``folder``, or None."""
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        return f"{existing} is not a folder"
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"{existing} is not writable (a read-only mount, or its owner)"
    return None


@register(Tags.caches, deploy=True)
def check_cache_folders(app_configs, **kwargs) -> list[Warning]:
    """A cache folder that cannot be created or written is served without: say which."""
    warnings = []
    for alias, config in settings.CACHES.items():
        if not issubclass(import_string(config["BACKEND"]), FileBasedCache):
            continue
        folder = Path(os.path.abspath(config["LOCATION"]))
        problem = _folder_problem(folder)
        if problem:
            warnings.append(
                Warning(
                    f"The cache folder {folder} ('{alias}' cache) cannot be used: {problem}.",
                    hint=(
                        "Pages are served without this cache, uncached. Set DJANGO_CACHE_DIR "
                        "to a folder the application may create and write."
                    ),
                    obj=alias,
                    id="portal.W001",
                )
            )
    return warnings
