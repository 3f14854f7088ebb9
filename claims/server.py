"""Serving the published database over HTTP (Datasette's ASGI app under uvicorn)."""

from __future__ import annotations

import socket
from pathlib import Path

import uvicorn

from .errors import CitevaultError
from .publish import make_datasette


def check_port_free(host: str, port: int) -> None:
    """Raise a one-line error when another program already listens on the address."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise CitevaultError(
                f"cannot serve on {host}:{port}: {exc.strerror or exc}; choose another --port"
            ) from exc


def serve_database(
    db_path: Path, archive_dir: Path, host: str = "127.0.0.1", port: int = 8001
) -> None:
    """Serve the database with citevault's metadata and plugin until interrupted."""
    check_port_free(host, port)
    datasette = make_datasette(db_path, archive_dir)
    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning")
