"""The events' URL patterns × roles (collected by core/tests/test_urls.py)."""

from copilote.events.tests.factories import EventFactory, EventItemFactory, RegistrationFactory

ALL = ("lead", "committee", "facilitator", "participant", "observer", "network_admin")
READ_ALL = dict.fromkeys(ALL, 200)
EDITORS = {**dict.fromkeys(ALL, 403), "lead": 200, "committee": 200, "network_admin": 200}
POST_EDITORS = {**EDITORS, "lead": 405, "committee": 405, "network_admin": 405}
CHECKERS = {**EDITORS, "facilitator": 200}
POST_CHECKERS = {
    **CHECKERS,
    "lead": 405,
    "committee": 405,
    "facilitator": 405,
    "network_admin": 405,
}

PROGRAMME_URLS = {
    "events:index": (None, READ_ALL),
    "events:add": (None, EDITORS),
    "events:from_frame": ("event_frame", POST_EDITORS),
    "events:event": ("event", READ_ALL),
    "events:event_edit": ("event", EDITORS),
    "events:delete": ("event", EDITORS),
    "events:status": ("event_status", POST_EDITORS),
    "events:item_add": ("event", EDITORS),
    "events:item_edit": ("event_item", EDITORS),
    "events:item_move": ("event_item", POST_EDITORS),
    "events:item_delete": ("event_item", EDITORS),
    "events:checkin": ("event", CHECKERS),
    "events:walk_in": ("event", CHECKERS),
    "events:checkin_toggle": ("event_registration", POST_CHECKERS),
    "events:registrations": ("event", EDITORS),
    "events:registration_cancel": ("event_registration", EDITORS),
    "events:figures": ("event", READ_ALL),
    "events:export": ("event_export", EDITORS),
}
# Public pages: an unknown programme is 404 for everyone; see test_public.py for the rest.
NOWHERE = {"territory": "nulle-part", "programme": "rien"}
OTHER_URLS = {
    "events:public_list": (NOWHERE, 404, 404),
    "events:public_event": ({**NOWHERE, "slug": "x"}, 404, 404),
    "events:cancel": ({**NOWHERE, "slug": "x", "signature": "y"}, 404, 404),
}


def objects(programme, users) -> dict:
    event = EventFactory(programme=programme)
    item = EventItemFactory(event=event)
    registration = RegistrationFactory(event=event)
    s = {"slug": event.slug}
    return {
        "event": s,
        "event_frame": {"key": "launch"},
        "event_status": {**s, "action": "publier"},
        "event_item": {**s, "pk": item.pk},
        "event_registration": {**s, "pk": registration.pk},
        "event_export": {**s, "fmt": "csv"},
    }
