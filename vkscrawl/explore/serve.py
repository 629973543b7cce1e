"""``vkscrawl explore [OUTPUT_DIR] [--port N]``: bring ``OUTPUT_DIR/explore.db`` up to date, then
serve it with Datasette on 127.0.0.1 until Ctrl-C.

Datasette runs in this process (uvicorn, as ``datasette serve`` runs it) so that the project's
plugin (``datasette_plugin``: the search fold, the snapshot links) is registered for this server
alone, not for every Datasette of the environment. The socket is bound before the server starts,
so ``--port 0`` prints the port the system chose.
"""

from __future__ import annotations

import socket
from pathlib import Path

#: The database explore (and report) keep current in the output folder.
DATABASE = "explore.db"
DEFAULT_PORT = 8001  # Datasette's own default

SETTINGS = {
    # Facets over every event of a large export take longer than Datasette's 200 ms default,
    # past which it silently drops the facet.
    "facet_time_limit_ms": 3000,
    "sql_time_limit_ms": 5000,
    "default_page_size": 50,
    # Suggesting facets tries every column of the table on every page: seconds on a large
    # export, for suggestions the metadata's facets already make.
    "suggest_facets": False,
}


def listen(port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    # Listening now: a browser pointed at the printed URL waits in the backlog while Datasette
    # starts, instead of being refused.
    sock.listen(128)
    return sock


def make_datasette(database: Path, output_dir: Path):
    from datasette.app import Datasette
    from datasette.plugins import pm

    from vkscrawl.explore import datasette_plugin
    from vkscrawl.explore.metadata import metadata

    if not pm.is_registered(datasette_plugin):
        pm.register(datasette_plugin, name="vkscrawl")
    return Datasette([str(database)], settings=SETTINGS,
                     metadata=metadata(database.stem, str(output_dir.resolve())))


def serve(database: Path, output_dir: Path, sock: socket.socket) -> None:
    """Serve until interrupted (uvicorn ends on SIGINT/SIGTERM after closing connections)."""
    import asyncio

    import uvicorn

    datasette = make_datasette(database, output_dir)
    asyncio.run(datasette.invoke_startup())
    config = uvicorn.Config(datasette.app(), lifespan="on", log_level="warning", workers=1)
    uvicorn.Server(config).run(sockets=[sock])
