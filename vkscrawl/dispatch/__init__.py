"""The one path from a response to its outcome, and the commands that take it outside the crawl.

``response`` (a response as the path reads it, built in one place), ``response_to_item`` (the gate,
the parser's reading, and the one dispatcher from verdict to outcome: item stages, failures,
deletion markers), ``output`` (the crawl's output folder, which rebuilds missing feed lines through
the dispatcher), ``reparse`` and ``fixtures`` (``vkscrawl reparse`` and ``vkscrawl fixture``).

Above ``ledger`` (what the crawl knows) and ``archive`` (WARC files), which import neither this
package nor Scrapy; below ``scrapy_ext`` and the spider, which hand it Scrapy's responses.
"""
