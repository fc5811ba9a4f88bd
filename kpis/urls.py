from django.urls import path

from . import criteria_views, import_views, lights_views, plan_views, views

urlpatterns = [
    path("kpis/", views.kpi_home, name="kpi_home"),
    path("kpis/report/<int:period_id>/", views.kpi_report, name="kpi_report"),
    path("kpis/report/<int:period_id>/template.xlsx", views.kpi_template, name="kpi_template"),
    path("kpis/report/<int:period_id>/import/", views.kpi_import, name="kpi_import"),
    path(
        "kpis/report/<int:period_id>/import/confirm/",
        views.kpi_import_confirm,
        name="kpi_import_confirm",
    ),
    path("kpis/export/<int:period_id>/", views.kpi_period_export, name="kpi_period_export"),
    path("kpis/evidence/<int:pk>/", views.kpi_evidence, name="kpi_evidence"),
    path("kpis/review/<int:period_id>/", views.kpi_review, name="kpi_review"),
    path("kpis/review/<int:period_id>/reopen/", views.kpi_period_reopen, name="kpi_period_reopen"),
    path("kpis/review/report/<int:pk>/", views.kpi_review_decide, name="kpi_review_decide"),
    path(
        "kpis/review/<int:period_id>/accept-unit/",
        views.kpi_review_accept_unit,
        name="kpi_review_accept_unit",
    ),
    path("kpis/plans/<int:plan_id>/matrix/", views.kpi_matrix, name="kpi_matrix"),
    path("kpis/heatmap/<int:period_id>/", views.kpi_heatmap, name="kpi_heatmap"),
    path("kpis/heatmap/<int:period_id>/report.pdf", views.kpi_period_pdf, name="kpi_period_pdf"),
    path("kpis/indicators/<int:pk>/trend/", views.kpi_trend, name="kpi_trend"),
    path("kpis/plans/<int:plan_id>/", plan_views.plan_detail, name="kpi_plan"),
    path("kpis/plan-tasks/<int:pk>/", plan_views.plan_task_detail, name="kpi_plan_task"),
    path(
        "kpis/plan-tasks/<int:pk>/report/",
        plan_views.plan_task_report,
        name="kpi_plan_task_report",
    ),
    path(
        "kpis/plan-tasks/<int:pk>/review/",
        plan_views.plan_task_review,
        name="kpi_plan_task_review",
    ),
    path(
        "kpis/plan-tasks/<int:pk>/extension/",
        plan_views.plan_task_extension_request,
        name="kpi_plan_task_extension",
    ),
    path(
        "kpis/plan-task-extensions/<int:pk>/decide/",
        plan_views.plan_task_extension_decide,
        name="kpi_plan_task_extension_decide",
    ),
    path(
        "kpis/plan-tasks/evidence/<int:pk>/",
        plan_views.plan_task_evidence,
        name="kpi_plan_task_evidence",
    ),
    path(
        "kpis/plans/<int:plan_id>/import/",
        import_views.bulk_import_page,
        name="kpi_bulk_import",
    ),
    path(
        "kpis/plans/<int:plan_id>/import/confirm/",
        import_views.bulk_import_confirm,
        name="kpi_bulk_import_confirm",
    ),
    path("kpis/import-jobs/<int:pk>/", import_views.import_job_detail, name="kpi_import_job"),
    path(
        "kpis/import-jobs/<int:pk>/retry/",
        import_views.import_job_retry,
        name="kpi_import_job_retry",
    ),
    path("kpis/criteria/", criteria_views.criteria_list, name="kpi_criteria_list"),
    path("kpis/criteria/<int:pk>/", criteria_views.criteria_set_detail, name="kpi_criteria_set"),
    path("kpis/criteria/import/", lights_views.criteria_import, name="kpi_criteria_import"),
    path(
        "kpis/criteria/import/template.xlsx",
        lights_views.criteria_import_template_download,
        name="kpi_criteria_import_template",
    ),
    path(
        "kpis/criteria/evidence/<int:pk>/",
        lights_views.criterion_evidence,
        name="kpi_criterion_evidence",
    ),
    path(
        "kpis/criteria/<int:pk>/<int:year>/<int:month>/cells/",
        lights_views.criteria_cells,
        name="kpi_criteria_cells",
    ),
    path(
        "kpis/criteria/<int:pk>/<int:year>/<int:month>/units/<int:unit_id>/review/",
        lights_views.criteria_review,
        name="kpi_criteria_review",
    ),
    path(
        "kpis/criteria/<int:pk>/<int:year>/<int:month>/",
        criteria_views.criteria_results,
        name="kpi_criteria_results",
    ),
    path(
        "kpis/criteria/<int:pk>/<int:year>/<int:month>/publish/",
        criteria_views.criteria_publish,
        name="kpi_criteria_publish",
    ),
    path(
        "kpis/criteria/<int:pk>/<int:year>/<int:month>/units/<int:unit_id>/",
        criteria_views.criteria_score,
        name="kpi_criteria_score",
    ),
]
