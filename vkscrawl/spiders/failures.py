"""How the spider names a request that failed, and tells our own refusals from the portal's."""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError

#: Messages of the IgnoreRequest that our own policy raises (robots.txt, same-host rule).
BY_POLICY = ("Forbidden by robots.txt", "Filtered offsite request")


def by_policy(failure) -> bool:
    """Whether a request was refused by our own policy (robots.txt, the same-host rule) rather
    than failed by the portal."""
    return bool(failure.check(IgnoreRequest) and not failure.check(HttpError)
                and failure.getErrorMessage().startswith(BY_POLICY))


def describe(failure) -> str:
    if failure.check(HttpError):
        return f"HTTP {failure.value.response.status}"
    return f"{failure.type.__name__}: {failure.getErrorMessage()}"


def next_attempt_note(row: dict) -> str:
    """When the ledger tries a failed article or image again."""
    return (f"tried again from {row['next_attempt']}" if row["next_attempt"]
            else f"given up after {row['attempts']} attempts")
