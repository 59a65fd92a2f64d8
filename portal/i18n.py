"""Locale choice: the user's saved choice, then the session, else Simplified Chinese."""
from __future__ import annotations

from flask import has_request_context, session
from flask_login import current_user

LOCALES = {"zh_Hans_CN": "中文", "en": "English"}
DEFAULT_LOCALE = "zh_Hans_CN"


def select_locale() -> str:
    # Babel normalises zh-CN to zh_Hans_CN; return only our own codes (DESIGN pitfall 5).
    if not has_request_context():  # a background job: its words are chosen with force_locale, else the default
        return DEFAULT_LOCALE
    chosen = session.get("locale")
    if current_user and current_user.is_authenticated and current_user.locale:
        chosen = current_user.locale
    return chosen if chosen in LOCALES else DEFAULT_LOCALE
