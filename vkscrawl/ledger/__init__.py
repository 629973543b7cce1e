"""What the crawl knows across runs: the article ledger and listing frontier (``state``), the feed
(``feed``), the output folder that holds both (``output``), and the one path from a stored response
to a written item."""
