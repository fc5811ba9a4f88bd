"""Plans and indicator reports: every URL × every persona, as designed.

Ward A (ward1) has a submitted figure with evidence in the open month; ward B (ward2) and the
outsider must not learn it exists. Unit officers enter figures but do not read the aggregates.
"""

import pytest

from kpis.models import IndicatorReport, ReportState
from tests.access import EVERYONE_SIGNED_IN, FORBIDDEN, LOGIN, NOT_FOUND, OK, REDIRECT, cases, check

WRITTEN = 302
INVALID = 400


def _open_period(r):
    return {"period_id": r.getfixturevalue("plan_world").open.pk}


def _evidence(r):
    return {"pk": r.getfixturevalue("submitted").evidence.pk}


def _report(r):
    return {"pk": r.getfixturevalue("submitted").report.pk}


def _plan(r):
    return {"plan_id": r.getfixturevalue("plan_world").plan.pk}


def _indicator(r):
    return {"pk": r.getfixturevalue("plan_world").ratio.pk}


READERS_ONLY = {
    "anonymous": LOGIN,
    "outsider": NOT_FOUND,
    "secretariat": OK,
    "chair": OK,
    "member": OK,
    "ward_a": FORBIDDEN,
    "ward_b": FORBIDDEN,
    "division": FORBIDDEN,
    "admin": OK,
}

ENTRY = {
    "anonymous": LOGIN,
    "outsider": NOT_FOUND,
    "secretariat": FORBIDDEN,
    "chair": FORBIDDEN,
    "member": FORBIDDEN,
    "ward_a": OK,
    "ward_b": OK,
    "division": OK,
    "admin": FORBIDDEN,  # an administrator works for no unit
}


def _set(r):
    return {"pk": r.getfixturevalue("criteria_world").set.pk}


def _month(month):
    def kwargs(r):
        return {"pk": r.getfixturevalue("criteria_world").set.pk, "year": 2099, "month": month}

    return kwargs


def _sheet(month):
    def kwargs(r):
        return {**_month(month)(r), "unit_id": r.getfixturevalue("world").ward_a.pk}

    return kwargs


def _job(r):
    from kpis.models import ImportJob

    world = r.getfixturevalue("plan_world")
    user = r.getfixturevalue("personas")["secretariat"]
    return {"pk": ImportJob.objects.create(plan=world.plan, user=user, sha256="0" * 64).pk}


def _task(r):
    return {"pk": r.getfixturevalue("plan_task").task.pk}


def _task_extension(r):
    from kpis.models import PlanTaskExtension

    task = r.getfixturevalue("plan_task").task
    extension = PlanTaskExtension.objects.create(
        task=task, requested_due_date=task.due_date.replace(year=2100), reason="Chờ vốn"
    )
    return {"pk": extension.pk}


def _task_evidence(r):
    return {"pk": r.getfixturevalue("plan_task").evidence.pk}


def _lights_month(month):
    def kwargs(r):
        return {"pk": r.getfixturevalue("lights_world").set.pk, "year": 2099, "month": month}

    return kwargs


def _lights_sheet(month):
    def kwargs(r):
        return {**_lights_month(month)(r), "unit_id": r.getfixturevalue("world").ward_a.pk}

    return kwargs


def _lights_evidence(r):
    return {"pk": r.getfixturevalue("lights_world").evidence.pk}


IN_COMMITTEE = {"anonymous": LOGIN, **EVERYONE_SIGNED_IN, "outsider": NOT_FOUND}
SECRETARIAT_ONLY = {
    "anonymous": LOGIN,
    "outsider": NOT_FOUND,
    "secretariat": OK,
    "chair": FORBIDDEN,
    "member": FORBIDDEN,
    "ward_a": FORBIDDEN,
    "ward_b": FORBIDDEN,
    "division": FORBIDDEN,
    "admin": OK,
}
WARD_A_TASK = {
    "anonymous": LOGIN,
    "outsider": NOT_FOUND,
    "secretariat": OK,
    "chair": OK,
    "member": OK,
    "ward_a": OK,
    "ward_b": NOT_FOUND,
    "division": NOT_FOUND,
    "admin": OK,
}

RUNS_A_COMMITTEE = {
    "anonymous": LOGIN,
    "outsider": FORBIDDEN,
    "secretariat": OK,
    "chair": FORBIDDEN,
    "member": FORBIDDEN,
    "ward_a": FORBIDDEN,
    "ward_b": FORBIDDEN,
    "division": FORBIDDEN,
    "admin": OK,
}

MATRIX = [
    # Traffic-light criteria sets: the city grid (published January, unpublished February),
    # the marks behind its counts, a ward's sheet, the review, evidence and the import.
    ("kpi_criteria_results", _lights_month(1), "get", IN_COMMITTEE),
    ("kpi_criteria_results", _lights_month(2), "get", SECRETARIAT_ONLY),
    ("kpi_criteria_cells", _lights_month(1), "get", IN_COMMITTEE),
    ("kpi_criteria_cells", _lights_month(2), "get", SECRETARIAT_ONLY),
    ("kpi_criteria_score", _lights_sheet(1), "get", IN_COMMITTEE),
    (
        "kpi_criteria_score",
        _lights_sheet(2),
        "get",
        {**SECRETARIAT_ONLY, "ward_a": OK, "ward_b": NOT_FOUND, "division": NOT_FOUND},
    ),
    # An empty review form: the secretariat is sent back with a message, nothing changes.
    (
        "kpi_criteria_review",
        _lights_sheet(2),
        "post",
        {**SECRETARIAT_ONLY, "secretariat": REDIRECT, "admin": REDIRECT},
    ),
    ("kpi_criterion_evidence", _lights_evidence, "get", IN_COMMITTEE),
    ("kpi_criteria_import", None, "get", RUNS_A_COMMITTEE),
    ("kpi_criteria_import_template", None, "get", RUNS_A_COMMITTEE),
    (
        "kpi_criteria_list",
        None,
        "get",
        {"anonymous": LOGIN, **EVERYONE_SIGNED_IN, "outsider": FORBIDDEN},
    ),
    ("kpi_criteria_set", _set, "get", IN_COMMITTEE),
    # Published results: every member and every unit; unpublished: the secretariat only.
    ("kpi_criteria_results", _month(1), "get", IN_COMMITTEE),
    ("kpi_criteria_results", _month(2), "get", SECRETARIAT_ONLY),
    (
        "kpi_criteria_publish",
        _month(2),
        "post",
        {**SECRETARIAT_ONLY, "secretariat": REDIRECT, "admin": REDIRECT},
    ),
    ("kpi_criteria_score", _sheet(1), "get", IN_COMMITTEE),
    # Ward A's unpublished sheet: ward A (self-scoring) and the secretariat; another unit: 404.
    (
        "kpi_criteria_score",
        _sheet(2),
        "get",
        {**SECRETARIAT_ONLY, "ward_a": OK, "ward_b": NOT_FOUND, "division": NOT_FOUND},
    ),
    ("kpi_plan", _plan, "get", IN_COMMITTEE),
    ("kpi_bulk_import", _plan, "get", SECRETARIAT_ONLY),
    (
        "kpi_bulk_import_confirm",
        _plan,
        "post",
        {**SECRETARIAT_ONLY, "secretariat": REDIRECT, "admin": REDIRECT},
    ),
    ("kpi_import_job", _job, "get", SECRETARIAT_ONLY),
    # A job that did not fail: the page explains it cannot be run again.
    (
        "kpi_import_job_retry",
        _job,
        "post",
        {**SECRETARIAT_ONLY, "secretariat": REDIRECT, "admin": REDIRECT},
    ),
    ("kpi_plan_task", _task, "get", WARD_A_TASK),
    ("kpi_plan_task_evidence", _task_evidence, "get", WARD_A_TASK),
    # An empty report: the lead unit gets the form back with its errors, nothing is written.
    (
        "kpi_plan_task_report",
        _task,
        "post",
        {
            **WARD_A_TASK,
            "secretariat": FORBIDDEN,
            "chair": FORBIDDEN,
            "member": FORBIDDEN,
            "admin": FORBIDDEN,
        },
    ),
    (
        "kpi_plan_task_review",
        _task,
        "post",
        {
            **WARD_A_TASK,
            "secretariat": REDIRECT,
            "chair": FORBIDDEN,
            "member": FORBIDDEN,
            "ward_a": FORBIDDEN,  # no unit confirms its own work
            "admin": REDIRECT,
        },
    ),
    (
        "kpi_plan_task_extension",
        _task,
        "post",
        {
            **WARD_A_TASK,
            "secretariat": FORBIDDEN,
            "chair": FORBIDDEN,
            "member": FORBIDDEN,
            "ward_a": INVALID,  # the lead unit asks; an empty form is refused
            "admin": FORBIDDEN,
        },
    ),
    (
        "kpi_plan_task_extension_decide",
        _task_extension,
        "post",
        {
            **WARD_A_TASK,
            "secretariat": FORBIDDEN,
            "chair": INVALID,  # the chair decides; an empty form is refused
            "member": FORBIDDEN,
            "ward_a": FORBIDDEN,
            "admin": INVALID,
        },
    ),
    (
        "kpi_period_reopen",
        _open_period,
        "post",
        {
            "anonymous": LOGIN,
            "outsider": NOT_FOUND,
            "secretariat": REDIRECT,  # an empty form: an error message and nothing written
            "chair": FORBIDDEN,
            "member": FORBIDDEN,
            "ward_a": FORBIDDEN,
            "ward_b": FORBIDDEN,
            "division": FORBIDDEN,
            "admin": REDIRECT,
        },
    ),
    (
        "kpi_period_export",
        _open_period,
        "get",
        {"anonymous": LOGIN, **EVERYONE_SIGNED_IN, "outsider": NOT_FOUND},
    ),
    ("kpi_template", _open_period, "get", ENTRY),
    ("kpi_import", _open_period, "get", ENTRY),
    # An empty confirmation: the unit's own page answers with a redirect and writes nothing.
    (
        "kpi_import_confirm",
        _open_period,
        "post",
        {**ENTRY, "ward_a": REDIRECT, "ward_b": REDIRECT, "division": REDIRECT},
    ),
    ("kpi_home", None, "get", {"anonymous": LOGIN, **EVERYONE_SIGNED_IN, "outsider": FORBIDDEN}),
    (
        "kpi_report",
        _open_period,
        "get",
        {
            "anonymous": LOGIN,
            "outsider": NOT_FOUND,
            "secretariat": FORBIDDEN,
            "chair": FORBIDDEN,
            "member": FORBIDDEN,
            "ward_a": OK,
            "ward_b": OK,
            "division": OK,
            "admin": FORBIDDEN,  # an administrator works for no unit
        },
    ),
    (
        "kpi_evidence",
        _evidence,
        "get",
        {
            "anonymous": LOGIN,
            "outsider": NOT_FOUND,
            "secretariat": OK,
            "chair": OK,
            "member": OK,
            "ward_a": OK,
            "ward_b": NOT_FOUND,
            "division": NOT_FOUND,
            "admin": OK,
        },
    ),
    (
        "kpi_review",
        _open_period,
        "get",
        {**READERS_ONLY, "chair": FORBIDDEN, "member": FORBIDDEN},
    ),
    (
        "kpi_review_decide",
        _report,
        "post",
        {
            "anonymous": LOGIN,
            "outsider": NOT_FOUND,
            "secretariat": REDIRECT,
            "chair": FORBIDDEN,
            "member": FORBIDDEN,
            "ward_a": FORBIDDEN,  # no unit accepts its own figures
            "ward_b": NOT_FOUND,
            "division": NOT_FOUND,
            "admin": REDIRECT,
        },
    ),
    (
        "kpi_review_accept_unit",
        _open_period,
        "post",
        {
            "anonymous": LOGIN,
            "outsider": NOT_FOUND,
            "secretariat": REDIRECT,  # an empty form: "choose a unit", nothing accepted
            "chair": FORBIDDEN,
            "member": FORBIDDEN,
            "ward_a": FORBIDDEN,
            "ward_b": FORBIDDEN,
            "division": FORBIDDEN,
            "admin": REDIRECT,
        },
    ),
    ("kpi_matrix", _plan, "get", READERS_ONLY),
    ("kpi_heatmap", _open_period, "get", READERS_ONLY),
    ("kpi_period_pdf", _open_period, "get", READERS_ONLY),
    ("kpi_trend", _indicator, "get", READERS_ONLY),
]


@pytest.mark.parametrize(("name", "kwargs", "method", "persona", "expected"), cases(MATRIX))
def test_url_answers_each_persona_as_designed(
    request, name, kwargs, method, persona, expected, personas, client_as
):
    data = {} if method == "post" else None
    check(request, client_as, personas, name, kwargs, method, persona, expected, data)
    # An empty review form changes nothing, whoever posts it.
    assert not IndicatorReport.objects.exclude(
        state__in=[ReportState.SUBMITTED, ReportState.DRAFT]
    ).exists()


def test_evidence_is_downloaded_as_an_attachment_that_is_never_sniffed(
    submitted, secretariat, client_as
):
    from django.urls import reverse

    response = client_as(secretariat).get(reverse("kpi_evidence", args=[submitted.evidence.pk]))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 minh chung"
