"""vkscrawl: a Scrapy crawler for the local-procuracy news of vksndtc.gov.vn."""

__version__ = "0.1.0"
