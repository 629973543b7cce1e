"""The feed and the events as data: ``vkscrawl export`` (SQLite with diacritics-free search),
``vkscrawl explore`` (Datasette over that database) and ``vkscrawl report`` (one HTML file of
charts). Everything here reads the output folder's two JSONL files by their byte-offset contract
(docs/FEED.md) and nothing else of the crawl."""
