"""What the crawl knows across runs: the article ledger and listing frontier (``state``), the feed
(``feed``), the run log and the output folder's lock (``runs``), and ``vkscrawl status``
(``status``). No Scrapy and nothing of the archive here: the output folder that opens them for a
crawl, and the one path from a response to a written item, are ``vkscrawl.dispatch``."""
