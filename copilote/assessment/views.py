"""Assessment pages: the bilan, lessons, indicators, the survey, the synthesis. Thin views."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit
from django_scopes import scope

from copilote.assessment import live, selectors, services, tasks
from copilote.assessment import mail as survey_mail
from copilote.assessment.forms import AssessmentForm, InviteForm, LessonForm, SurveyForm
from copilote.assessment.models import Assessment
from copilote.assessment.services import ASSESSMENT_FIELDS
from copilote.core import mail as core_mail
from copilote.core.views_helpers import delete_page, submit
from copilote.documents.delivery import deliver
from copilote.programmes.access import programme_view

VIEW = "assessment.view_assessment"
CHANGE = "assessment.change_assessment"


def _args(programme) -> dict:
    return {"territory": programme.territory.slug, "programme": programme.slug}


def _form(request, programme, form, title, back="assessment:index"):
    back_url = reverse(back, kwargs=_args(programme))
    context = {"programme": programme, "form": form, "title": title, "back_url": back_url}
    return render(request, "core/object_form.html", context)


@programme_view(VIEW)
def index(request: HttpRequest, programme) -> HttpResponse:
    assessment = selectors.assessment_of(programme)
    return render(
        request,
        "assessment/index.html",
        {
            "programme": programme,
            "assessment": assessment,
            "bilan": live.assessment_items(assessment, lessons=False),
            "follow_up": live.follow_up_items(assessment),
            "lessons": list(assessment.lessons.all()) if assessment else [],
            "survey": selectors.survey_status(programme),
            "can_change": request.user.has_perm(CHANGE, programme),
        },
    )


@programme_view(CHANGE)
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, programme) -> HttpResponse:
    assessment = selectors.assessment_of(programme)
    initial = {f: getattr(assessment, f) for f in ASSESSMENT_FIELDS} if assessment else {}
    # Not written yet: the form carries ``locking.NEW`` (two people may write the first one).
    locked = assessment or Assessment(programme=programme)
    form = AssessmentForm(request.POST or None, initial=initial, locked=locked)
    if submit(
        request,
        form,
        lambda: services.save_assessment(
            user=request.user, programme=programme, **form.lock(), **form.values()
        ),
        _("The assessment was saved."),
    ):
        return redirect("assessment:index", **_args(programme))
    return _form(request, programme, form, _("Edit the assessment and the decision"))


@programme_view(CHANGE)
@require_http_methods(["GET", "POST"])
def lesson_form(request: HttpRequest, programme, pk: int | None = None) -> HttpResponse:
    from copilote.assessment.models import Lesson

    lesson = get_object_or_404(Lesson, assessment__programme=programme, pk=pk) if pk else None
    initial = {}
    if lesson:
        initial = {f: getattr(lesson, f) for f in ("text", "to_kit", "kit_change", "kit_value")}
    form = LessonForm(request.POST or None, initial=initial)
    if submit(
        request,
        form,
        lambda: services.save_lesson(
            user=request.user, programme=programme, lesson=lesson, **form.cleaned_data
        ),
        _("The lesson was saved."),
    ):
        return redirect("assessment:index", **_args(programme))
    return _form(request, programme, form, _("Edit the lesson") if lesson else _("Add a lesson"))


@programme_view(CHANGE)
@require_http_methods(["GET", "POST"])
def lesson_delete(request: HttpRequest, programme, pk: int) -> HttpResponse:
    from copilote.assessment.models import Lesson

    lesson = get_object_or_404(Lesson, assessment__programme=programme, pk=pk)
    return delete_page(
        request,
        programme,
        lesson,
        delete=lambda: services.delete_lesson(
            user=request.user, programme=programme, lesson=lesson
        ),
        success=_("The lesson was deleted."),
        back="assessment:index",
    )


@programme_view(VIEW)
def indicators_page(request: HttpRequest, programme) -> HttpResponse:
    shown = selectors.page_indicators(programme, today=timezone.localdate())
    return render(
        request, "assessment/indicators.html", {"programme": programme, "indicators": shown}
    )


@programme_view(CHANGE)
@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, programme) -> HttpResponse:
    groups = selectors.groups_with_people(programme)
    form = InviteForm(request.POST or None, programme=programme, groups=groups)

    def invite():
        data = form.cleaned_data
        people = list(data.get("people") or [])
        group = data.get("group")
        if group is not None:
            people += list(selectors.group_people(group))
        return services.invite(user=request.user, programme=programme, people=people, group=group)

    created = submit(request, form, invite, _("The contacts were added to the survey."))
    if created:
        return redirect("assessment:survey", **_args(programme))
    return render(
        request,
        "assessment/survey.html",
        {
            "programme": programme,
            "form": form,
            "status": selectors.survey_status(programme),
            "results": selectors.survey_results(programme),
            "mailing": core_mail.latest(programme, survey_mail.subject_key(programme)),
        },
    )


@programme_view(CHANGE)
@require_POST
def survey_send(request: HttpRequest, programme) -> HttpResponse:
    tasks.send_survey.enqueue(programme.pk, request.build_absolute_uri("/"))
    messages.success(request, _("The survey is being sent to the contacts not invited yet."))
    return redirect("assessment:survey", **_args(programme))


@ratelimit(key="ip", rate="30/m", block=True)
@require_http_methods(["GET", "POST"])
def survey_answer(request: HttpRequest, territory: str, programme: str, token: str) -> HttpResponse:
    """The questionnaire behind a signed link: no account, one answer per link."""
    invitation = services.invitation_from_token(token)
    if (
        invitation is None
        or invitation.programme.slug != programme
        or invitation.programme.territory.slug != territory
    ):
        raise Http404
    with scope(territory=invitation.programme.territory):
        context = {"public_programme": invitation.programme}
        if invitation.answered_at is not None:
            return render(request, "assessment/survey_done.html", {**context, "already": True})
        form = SurveyForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.answer_survey(invitation=invitation, data=form.cleaned_data)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    return render(
                        request, "assessment/survey_done.html", {**context, "already": True}
                    )
            else:
                return render(request, "assessment/survey_done.html", context)
        return render(request, "assessment/survey_answer.html", {**context, "form": form})


@programme_view(VIEW)
@require_http_methods(["GET", "POST"])
def synthesis(request: HttpRequest, programme, fmt: str) -> HttpResponse:
    """The synthesis, produced by the task worker (see documents.delivery)."""
    if fmt not in ("pdf", "docx"):
        raise Http404
    title = _("Synthesis (%(format)s)") % {"format": fmt.upper()}
    return deliver(request, programme, "synthesis", format=fmt, title=title)
