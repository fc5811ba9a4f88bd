from django.urls import path

from . import views

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
    path("kpis/plans/<int:plan_id>/matrix/", views.kpi_matrix, name="kpi_matrix"),
    path("kpis/heatmap/<int:period_id>/", views.kpi_heatmap, name="kpi_heatmap"),
    path("kpis/indicators/<int:pk>/trend/", views.kpi_trend, name="kpi_trend"),
]
