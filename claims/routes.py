"""Where the publication's own pages live: the plugin's name and the path its routes share."""

from __future__ import annotations

__all__ = ["PLUGIN_NAME", "ROUTE_PREFIX"]

PLUGIN_NAME = "citevault"
ROUTE_PREFIX = "/-/citevault"
