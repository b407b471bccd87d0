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

from django.utils.translation import gettext


@dataclass(frozen=True)
class Topic:
    code: str  # "exchange.urgent_request": the app's name, then what happened
    label: Any  # for the preferences page (a lazy translation)
    text: Any  # the notification itself, a lazy translation with %(name)s parameters
    email_by_default: bool = False
    level: str = "info"  # "urgent", "warning" or "info": how the page shows it

    def render(self, params: dict[str, Any]) -> str:
        try:
            return str(self.text) % params
        except (KeyError, TypeError, ValueError):
            return str(self.label)


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


def describe(code: str, params: dict[str, Any]) -> str:
    topic = _topics.get(code)
    return topic.render(params) if topic is not None else gettext("Notification")
