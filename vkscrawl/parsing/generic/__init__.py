"""The layers that know no site: structured metadata (:mod:`.metadata`), page furniture
(:mod:`.chrome`), the structural rules (:mod:`.structure`), the last-resort extractors
(:mod:`.fallback`) and the choice between candidates (:mod:`.arbitration`).  What a site alone
prints reaches them as a :class:`~vkscrawl.parsing.site.Site`."""
