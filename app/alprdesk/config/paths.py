"""Folders for ALPR Desk's settings, logs and cache on each platform."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "ALPR Desk"
APP_AUTHOR = "ALPR Desk"
# Points every folder below one directory, for portable installs and tests.
HOME_ENV = "ALPRDESK_HOME"


@dataclass(frozen=True)
class AppPaths:
    config_dir: Path
    log_dir: Path
    cache_dir: Path

    @classmethod
    def default(cls) -> AppPaths:
        """Return the platform's folders, or those below ``$ALPRDESK_HOME`` when set."""
        home = os.environ.get(HOME_ENV)
        if home:
            base = Path(home)
            return cls(base / "config", base / "logs", base / "cache")
        return cls(
            config_dir=Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)),
            log_dir=Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR)),
            cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR)),
        )

    @property
    def profiles_file(self) -> Path:
        return self.config_dir / "profiles.json"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "alprdesk.log"
