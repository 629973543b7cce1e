"""The bundled offline copy of the portal (``fixtures/``, package data) and the HTTP server that
serves it on 127.0.0.1, behind ``vkscrawl serve`` and ``vkscrawl demo``."""
