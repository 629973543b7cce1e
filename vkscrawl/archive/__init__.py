"""The archive: raw snapshots of every response as WARC files, and what is built from them.

``records`` (WARC records of one exchange), ``writer`` (crash-safe appends, repair of torn tails),
``reader`` (reading records back), ``index`` (the CDXJ index beside the files) and ``wacz``
(``vkscrawl wacz``). No Scrapy here: the downloader middleware that archives every response is
``scrapy_ext.snapshots``; rebuilding the feed from the snapshots is ``dispatch.reparse``.
"""

#: The snapshot folder, inside the output folder.
SNAPSHOT_DIR = "snapshots"
