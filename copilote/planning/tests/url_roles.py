"""URL × role expectations of the calendar (collected by core/tests/test_urls.py)."""

import datetime as dt

from django.utils import timezone

from copilote.planning.models import Milestone, Poll

ALL = ("lead", "committee", "facilitator", "participant", "observer", "network_admin")
READ_ALL = dict.fromkeys(ALL, 200)
COMMITTEE = {**dict.fromkeys(ALL, 403), "lead": 200, "committee": 200, "network_admin": 200}
POST_COMMITTEE = {**COMMITTEE, "lead": 405, "committee": 405, "network_admin": 405}
LEAD_POST = {**dict.fromkeys(ALL, 403), "lead": 405, "network_admin": 405}

PROGRAMME_URLS = {
    "planning:calendar": (None, READ_ALL),
    "planning:milestones": (None, COMMITTEE),
    "planning:milestone_add": (None, COMMITTEE),
    "planning:milestone_edit": ("milestone", COMMITTEE),
    "planning:milestone_delete": ("milestone", COMMITTEE),
    "planning:plan": (None, COMMITTEE),
    "planning:feeds": (None, READ_ALL),
    "planning:feed_regenerate": (None, LEAD_POST),
    "planning:polls": (None, COMMITTEE),
    "planning:poll_add": (None, COMMITTEE),
    "planning:poll": ("poll", COMMITTEE),
    "planning:poll_choose": ("poll", POST_COMMITTEE),
}
OTHER_URLS = {
    "calendar_feed": ({"token": "not-a-token"}, 404, 404),
    "my_feed_regenerate": ({}, 302, 405),
    "poll_answer": ({"token": "forged"}, 404, 404),
}


def objects(programme, users):
    milestone = Milestone.objects.create(
        programme=programme, title="Forum", start=dt.date(2012, 9, 15)
    )
    poll = Poll.objects.create(
        programme=programme,
        title="Copil n°2",
        target="committee-meeting-0",
        deadline=timezone.now() + dt.timedelta(days=3),
    )
    return {"milestone": {"pk": milestone.pk}, "poll": {"pk": poll.pk}}
