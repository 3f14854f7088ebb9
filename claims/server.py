"""Serving the published database over HTTP (Datasette's ASGI app under uvicorn)."""

from __future__ import annotations

from pathlib import Path

import uvicorn

from .publish import make_datasette


def serve_database(
    db_path: Path, archive_dir: Path, host: str = "127.0.0.1", port: int = 8001
) -> None:
    """Serve the database with citevault's metadata and plugin until interrupted."""
    datasette = make_datasette(db_path, archive_dir)
    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning")
