"""A page of a list: which rows, and where it stands among the pages."""
from __future__ import annotations

from dataclasses import dataclass


def page_count(total: int, per_page: int) -> int:
    return max(1, -(-total // per_page))


def clamp(page: int, total: int, per_page: int) -> int:
    """The asked-for page, moved inside 1..last so a stale link still shows rows."""
    return max(1, min(page, page_count(total, per_page)))


@dataclass(frozen=True)
class Page:
    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return page_count(self.total, self.per_page)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages
