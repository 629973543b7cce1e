"""One module per site: its page classes and everything else it alone prints (:mod:`.portal`)."""
