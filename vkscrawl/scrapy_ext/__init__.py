"""Scrapy plumbing: pipelines, downloader middlewares, extensions, monitors and the crawl command.

Each is a thin adapter from Scrapy's hooks to the project's own modules (``ledger``, ``archive``).
"""
