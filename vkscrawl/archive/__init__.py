"""The archive: raw snapshots of every response as WARC files, and what is built from them.

``records`` (WARC records of one exchange), ``writer`` (crash-safe appends, repair of torn tails),
``middleware`` (the Scrapy downloader middleware that archives every response), ``reader`` (reading
records back) and ``reparse`` (rebuilding the feed from snapshots).
"""

#: The snapshot folder, inside the output folder.
SNAPSHOT_DIR = "snapshots"
