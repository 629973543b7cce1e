"""Generated digest sections whose truth is known (issue 18, events): ``parts`` (what a section
is made of), ``compose`` (a digest and its page), ``check`` (the page through the parser and the
event rules, against the truth)."""
