"""Reads of the directory, the mobilisation board and the guide, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import unicodedata

from django.conf import settings
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from copilote.actors.models import (
    Guide,
    ImportBatch,
    Maturity,
    Mobilisation,
    Organisation,
    OrganisationKind,
    Person,
    Resource,
    Status,
)
from copilote.core.collation import french, sort_key
from copilote.planning.dated import date_sort_key
from copilote.planning.models import Precision

# Names in French order: the stored key (core.collation.stored_key, indexed with the territory).
ORGANISATION_SORTS = {
    "name": ("sort_name", "id"),
    "-name": ("-sort_name", "-id"),
    "kind": ("kind", "sort_name", "id"),
    "commune": ("commune__name", "sort_name", "id"),  # communes: core.collation.french
    "status": ("status_rank", "sort_name", "id"),
}
STATUS_RANK = {value: rank for rank, value in enumerate(Status.values)}
BOARD_COLUMN_LIMIT = 12
BOARD_CACHE_SECONDS = 24 * 3600  # the board's page, per content version (views.board)


def organisations(
    programme,
    *,
    q: str = "",
    kind: str = "",
    commune: int | None = None,
    theme: int | None = None,
    status: str = "",
    sort: str = "name",
) -> QuerySet[Organisation]:
    """The territory's organisations, filtered and sorted; their status in ``programme`` is
    annotated only to filter or sort by it (:func:`directory_rows` reads it for one page)."""
    queryset = Organisation.objects.filter(territory=programme.territory_id)
    if status or sort == "status":
        mobilisation = Mobilisation.objects.filter(programme=programme, organisation=OuterRef("pk"))
        queryset = queryset.annotate(status=Subquery(mobilisation.values("status")[:1]))
    if q:
        queryset = queryset.filter(
            Q(name__icontains=q) | Q(sector__icontains=q) | Q(description__icontains=q)
        )
    if kind:
        queryset = queryset.filter(kind=kind)
    if commune:
        queryset = queryset.filter(commune=commune)
    if theme:
        queryset = queryset.filter(themes=theme)
    if status == "none":
        queryset = queryset.filter(status__isnull=True)
    elif status:
        queryset = queryset.filter(status=status)
    if sort == "status":
        from django.db.models import Case, IntegerField, Value, When

        queryset = queryset.annotate(
            status_rank=Case(
                *[When(status=value, then=Value(rank)) for value, rank in STATUS_RANK.items()],
                default=Value(len(STATUS_RANK)),
                output_field=IntegerField(),
            )
        )
    order = ORGANISATION_SORTS.get(sort, ORGANISATION_SORTS["name"])
    return queryset.order_by(*(french(key) if key == "commune__name" else key for key in order))


DIRECTORY_COLUMNS = ("id", "name", "sector", "kind", "maturity", "commune__name")


def directory_rows(programme, rows) -> list[dict]:
    """One page of :func:`organisations` read as ``.values(*DIRECTORY_COLUMNS)``, each row with
    the labels of its kind and maturity, the names of its themes in ``programme`` and its
    mobilisation ``status`` in ``programme`` and its label, or None (two queries)."""
    rows = list(rows)
    ids = [row["id"] for row in rows]
    themes: dict[int, list[str]] = {}
    for organisation_id, name in (
        Organisation.themes.through.objects.filter(
            organisation_id__in=ids, theme__programme=programme
        )
        .order_by("theme__position", "theme_id")
        .values_list("organisation_id", "theme__name")
    ):
        themes.setdefault(organisation_id, []).append(name)
    statuses = dict(
        Mobilisation.objects.filter(programme=programme, organisation_id__in=ids).values_list(
            "organisation_id", "status"
        )
    )
    kinds = {value: str(label) for value, label in OrganisationKind.choices}
    maturities = {value: str(label) for value, label in Maturity.choices}
    labels = {value: str(label) for value, label in Status.choices}
    for row in rows:
        status = statuses.get(row["id"])
        row.update(
            kind_label=kinds.get(row["kind"], row["kind"]),
            maturity_label=maturities.get(row["maturity"], ""),
            themes=themes.get(row["id"], []),
            status=status,
            status_label=labels.get(status, ""),
        )
    return rows


PEOPLE_COLUMNS = (
    "id",
    "first_name",
    "last_name",
    "function",
    "organisation_id",
    "organisation__name",
)
PEOPLE_DETAILS = ("email", "phone", "source", "consent", "consent_date")  # personal data


def people(programme, *, q: str = "", organisation: int | None = None) -> QuerySet[Person]:
    queryset = Person.objects.filter(territory=programme.territory_id).select_related(
        "organisation"
    )
    if q:
        queryset = queryset.filter(
            Q(last_name__icontains=q)
            | Q(first_name__icontains=q)
            | Q(organisation__name__icontains=q)
            | Q(function__icontains=q)
        )
    if organisation:
        queryset = queryset.filter(organisation=organisation)
    return queryset.order_by("sort_name", "id")  # last then first name, French order


def people_rows(programme, *, q: str = "", details: bool) -> QuerySet[dict]:
    """:func:`people` as plain values: the columns of the contacts' page, with the contact
    details only when ``details`` (the viewer may see them)."""
    columns = PEOPLE_COLUMNS + (PEOPLE_DETAILS if details else ())
    return people(programme, q=q).values(*columns)


CARD_COLUMNS = (
    "id",
    "status",
    "organisation_id",
    "organisation__name",
    "organisation__kind",
    "organisation__commune__name",
    "appointment_date",
    "appointment_precision",
    "contact__first_name",
    "contact__last_name",
    "contact__function",
    "followed_by__first_name",
    "followed_by__last_name",
    "followed_by__username",
    "next_step",
)


def cards(mobilisations: QuerySet[Mobilisation]) -> list[dict]:
    """Board cards: the shown values of each mobilisation (one query): ``id``, ``status`` and
    ``status_label``, ``organisation_id``, ``name`` and ``kind_label`` of the organisation,
    ``commune``, ``when`` (« septembre 2012 »), ``contact`` (« M. Cambon, Maire »),
    ``followed_by``, ``next_step``."""
    kinds = {value: str(label) for value, label in OrganisationKind.choices}
    labels = {value: str(label) for value, label in Status.choices}
    out = []
    for row in mobilisations.values(*CARD_COLUMNS):
        contact = " ".join(
            part for part in (row["contact__first_name"], row["contact__last_name"]) if part
        )
        if contact and row["contact__function"]:
            contact = f"{contact}, {row['contact__function']}"
        followed_by = " ".join(  # as User.__str__
            part for part in (row["followed_by__first_name"], row["followed_by__last_name"]) if part
        ) or (row["followed_by__username"] or "")
        out.append(
            {
                "id": row["id"],
                "status": row["status"],
                "status_label": labels.get(row["status"], row["status"]),
                "organisation_id": row["organisation_id"],
                "name": row["organisation__name"],
                "kind_label": kinds.get(row["organisation__kind"], row["organisation__kind"]),
                "commune": row["organisation__commune__name"] or "",
                "when": _when(row["appointment_date"], row["appointment_precision"]),
                "contact": contact,
                "followed_by": followed_by,
                "next_step": row["next_step"],
            }
        )
    return out


def board(programme) -> list[dict]:
    """The mobilisation board: one column per status, at most BOARD_COLUMN_LIMIT cards each
    (:func:`cards`), in the French order of the organisations' names."""
    counts = dict(
        Mobilisation.objects.filter(programme=programme)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    base = Mobilisation.objects.filter(programme=programme)
    columns = []
    for value, label in Status.choices:
        total = counts.get(value, 0)
        shown = (
            cards(
                base.filter(status=value).order_by("organisation__sort_name", "id")[
                    :BOARD_COLUMN_LIMIT
                ]
            )
            if total
            else []
        )
        columns.append(
            {
                "status": value,
                "label": label,
                "cards": shown,
                "total": total,
                "more": total - len(shown),
            }
        )
    return columns


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def coming_appointments(programme, *, limit: int = 10) -> list[Mobilisation]:
    """Planned appointments by date, then the ones not dated yet. A date already past stays
    listed (``m.past`` is set by the caller's template from today): the appointment is still
    planned until someone records that the organisation was met."""
    planned = Mobilisation.objects.filter(
        programme=programme, status=Status.APPOINTMENT
    ).select_related("organisation__commune", "contact", "followed_by")
    dated = planned.filter(appointment_date__isnull=False).order_by(
        "appointment_date", "organisation__sort_name", "id"
    )
    undated = planned.filter(appointment_date__isnull=True).order_by(
        "organisation__sort_name", "id"
    )
    return (list(dated[:limit]) + list(undated[:limit]))[:limit]


def appointment_is_past(mobilisation: Mobilisation, today: dt.date) -> bool:
    date = mobilisation.appointment_date
    if date is None:
        return False
    if mobilisation.appointment_precision == Precision.MONTH:
        return date < _month_start(today)
    return date < today


def when(mobilisation: Mobilisation) -> str:
    """The appointment's date as the kit writes it: « septembre 2012 » or « 12 septembre 2012 »."""
    return _when(mobilisation.appointment_date, mobilisation.appointment_precision)


def _when(date: dt.date | None, precision: str) -> str:
    if date is None:
        return ""
    if precision == Precision.MONTH:
        return formats.date_format(date, "F Y")
    return formats.date_format(date, "j F Y")


def _appointment_label(m: Mobilisation) -> str:
    """« M. Cambon, Maire de Saint-Maurice » when a person is named, else the organisation."""
    if m.contact_id:
        who = str(m.contact)
        if m.contact.function:
            who = f"{who}, {m.contact.function}"
        return who
    name = m.organisation.name
    if m.organisation.description and len(m.organisation.description) < 60:
        text = m.organisation.description.rstrip(".")
        return f"{name} ({text[:1].lower()}{text[1:]})"
    if m.organisation.commune_id and m.organisation.commune.name not in name:
        return f"{name} ({m.organisation.commune.name})"
    return name


def mobilisation_progress(programme, *, today: dt.date | None = None) -> dict:
    """Plain data for the steering committee's « Point d'avancement » (the kit's slide).

    Returns ``{"header": [3 titles], "rows": [[company, association, appointment], ...],
    "companies": [...], "associations": [...], "others": [...], "appointments": [...],
    "counts": {...}, "titles": {...}}``; ``header`` and ``rows`` are the slide's table as is
    (other organisations met go with the associations' column); each organisation is
    ``{"name", "kind", "status", "status_label", "label"}`` where ``label`` is « Natixis : OK »
    for a committed one; each appointment is
    ``{"label", "organisation", "date", "precision", "when"}``.
    ``today`` None lists every planned appointment (the state of the mobilisation, whatever
    the date the document is produced).
    """
    reached = (
        Mobilisation.objects.filter(programme=programme, status__in=[Status.MET, Status.COMMITTED])
        .select_related("organisation")
        .order_by("organisation__sort_name", "id")
    )
    groups = {"companies": [], "associations": [], "others": []}
    for m in reached:
        kind = m.organisation.kind
        key = (
            "companies"
            if kind == OrganisationKind.COMPANY
            else "associations"
            if kind == OrganisationKind.ASSOCIATION
            else "others"
        )
        committed = m.status == Status.COMMITTED
        groups[key].append(
            {
                "name": m.organisation.name,
                "kind": kind,
                "status": m.status,
                "status_label": _("Committed (OK)") if committed else str(m.get_status_display()),
                "label": f"{m.organisation.name} : OK" if committed else m.organisation.name,
            }
        )
    planned = Mobilisation.objects.filter(
        programme=programme, status=Status.APPOINTMENT
    ).select_related("organisation__commune", "contact")
    if today is not None:
        planned = planned.filter(
            Q(appointment_date__isnull=True)
            | Q(appointment_date__gte=today)
            | Q(appointment_precision=Precision.MONTH, appointment_date__gte=_month_start(today))
        )
    appointments = []
    for m in sorted(
        planned,
        key=lambda m: (
            m.appointment_date is None,
            date_sort_key(m.appointment_date or dt.date.min, m.appointment_precision),
            sort_key(m.organisation.name),
        ),
    ):
        label = _appointment_label(m)
        date_text = when(m)
        appointments.append(
            {
                "label": f"{label} ({date_text})" if date_text else label,
                "organisation": m.organisation.name,
                "date": m.appointment_date,
                "precision": m.appointment_precision,
                "when": date_text,
            }
        )
    columns = (
        [o["label"] for o in groups["companies"]],
        [o["label"] for o in groups["associations"] + groups["others"]],
        [a["label"] for a in appointments],
    )
    height = max((len(c) for c in columns), default=0)
    rows = [[c[i] if i < len(c) else "" for c in columns] for i in range(height)]
    return {
        "header": [_("Companies met"), _("Associations met"), _("Coming appointments")],
        "rows": rows,
        "titles": {
            "companies": _("Companies met"),
            "associations": _("Associations met"),
            "others": _("Other organisations met"),
            "appointments": _("Coming appointments"),
        },
        **groups,
        "appointments": appointments,
        "counts": {
            "companies": len(groups["companies"]),
            "associations": len(groups["associations"]),
            "others": len(groups["others"]),
            "committed": sum(
                1 for g in groups.values() for o in g if o["status"] == Status.COMMITTED
            ),
            "appointments": len(appointments),
        },
    }


def dashboard_card(programme) -> dict:
    """The dashboard's mobilisation card: followed, met and committed organisations by kind and
    by commune (two grouped queries)."""
    kinds = dict(OrganisationKind.choices)
    met = [Status.MET, Status.COMMITTED]
    rows = (
        Mobilisation.objects.filter(programme=programme)
        .values("organisation__kind")
        .annotate(
            followed=Count("id"),
            met=Count("id", filter=Q(status__in=met)),
            committed=Count("id", filter=Q(status=Status.COMMITTED)),
        )
        .order_by("organisation__kind")
    )
    by_kind = [
        {"label": kinds.get(r["organisation__kind"], r["organisation__kind"]), **r} for r in rows
    ]
    communes = (
        Mobilisation.objects.filter(programme=programme)
        .values("organisation__commune__name")
        .annotate(
            followed=Count("id"),
            met=Count("id", filter=Q(status__in=met)),
            committed=Count("id", filter=Q(status=Status.COMMITTED)),
        )
        .order_by("organisation__commune__name")
    )
    by_commune = [
        {"label": r["organisation__commune__name"] or _("commune not given"), **r} for r in communes
    ]
    return {"by_kind": by_kind, "by_commune": by_commune}


def guide(programme, *, public: bool) -> dict:
    """The territory guide per theme: organisations that agreed to appear, resources, schemes."""
    themes = list(
        programme.themes.prefetch_related(
            Prefetch(
                "organisations",
                queryset=Organisation.objects.filter(publish_in_guide=True)
                .select_related("commune")
                .order_by("sort_name", "id"),
                to_attr="guide_organisations",
            ),
            Prefetch(
                "resources",
                queryset=Resource.objects.order_by("kind", "name"),
                to_attr="guide_resources",
            ),
        )
    )
    settings = Guide.objects.filter(programme=programme).first()
    sections = []
    for theme in themes:
        sections.append(
            {
                "theme": theme,
                "organisations": theme.guide_organisations,
                "resources": [r for r in theme.guide_resources if r.kind == "ressource"],
                "schemes": [r for r in theme.guide_resources if r.kind == "dispositif"],
            }
        )
    return {
        "programme": programme,
        "published": bool(settings and settings.published),
        "introduction": settings.introduction if settings else "",
        "sections": sections,
    }


def normalise(text: str) -> str:
    """Lowercase without accents nor extra spaces: how names are compared for duplicates."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.replace("’", "'").lower().split())


def import_stalled(batch: ImportBatch) -> bool:
    """Still « being read » long after its upload (``COPILOTE_IMPORT_STALE_MINUTES``): the task
    worker that had it stopped (killed, restarted, its queue lost), and nothing will read it."""
    minutes = getattr(settings, "COPILOTE_IMPORT_STALE_MINUTES", 10)
    return (
        batch.status == ImportBatch.Status.PENDING
        and timezone.now() - batch.created_at > dt.timedelta(minutes=minutes)
    )
