"""What a notification can be about. Each app registers its topics (``register``) next to the
code that notifies; a topic says how it reads in the user's language and whether it goes by
e-mail unless the user says otherwise.

A notification's text carries no partner content (no subject, no body): only who, where and
when. The page it links to shows the rest to whoever may read it, and an e-mail leaks nothing
a mail server should not hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language, gettext


@dataclass(frozen=True)
class Topic:
    code: str  # "exchange.urgent_request": the app's name, then what happened
    label: Any  # for the preferences page (a lazy translation)
    text: Any  # the notification itself, a lazy translation with %(name)s parameters
    email_by_default: bool = False
    # "alert" (a banner across the page), "urgent", "warning" or "info": how the page shows it
    level: str = "info"

    def render(self, params: dict[str, Any]) -> str:
        try:
            return str(self.text) % {k: in_language(v) for k, v in params.items()}
        except (KeyError, TypeError, ValueError):
            return str(self.label)


def in_language(value: Any) -> Any:
    """A parameter given in several languages (``{"ar": …, "es": …, "en": …}``, a channel's
    names) reads in the reader's; any other value as it is."""
    if isinstance(value, dict):
        language = (get_language() or "en")[:2]
        return value.get(language) or value.get("en") or next(iter(value.values()), "")
    return value


def names(thing: Any) -> dict[str, str]:
    """The four names of a ``MultilingualName`` row, as a notification parameter."""
    return {
        code: str(getattr(thing, f"name_{code}", "") or "") for code in ("ar", "es", "fr", "en")
    }


_topics: dict[str, Topic] = {}


def register(topic: Topic) -> Topic:
    existing = _topics.get(topic.code)
    if existing is not None and existing != topic:
        raise ValueError(f"two notification topics are named {topic.code!r}")
    _topics[topic.code] = topic
    return topic


def get(code: str) -> Topic | None:
    return _topics.get(code)


def all_topics() -> list[Topic]:
    return sorted(_topics.values(), key=lambda t: t.code)


def codes_of_level(level: str) -> list[str]:
    return sorted(t.code for t in _topics.values() if t.level == level)


def describe(code: str, params: dict[str, Any]) -> str:
    topic = _topics.get(code)
    return topic.render(params) if topic is not None else gettext("Notification")
