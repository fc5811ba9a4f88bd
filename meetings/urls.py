from django.urls import path

from . import api_views, dashboard_views, notice_views, unit_link_views, views

urlpatterns = [
    path("api/v1/directives/", api_views.directives_api, name="api_directives"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_update, name="meeting_update"),
    path("meetings/<int:pk>/attendance/", views.meeting_attendance, name="meeting_attendance"),
    path(
        "meetings/<int:pk>/conclusions/paste/",
        views.conclusions_paste,
        name="conclusions_paste",
    ),
    path("conclusions/<int:pk>/edit/", views.conclusion_update, name="conclusion_update"),
    path("directives/", views.directive_list, name="directive_list"),
    path("directives/<int:pk>/", views.directive_detail, name="directive_detail"),
    path("directives/unlinked/", unit_link_views.directives_unlinked, name="directives_unlinked"),
    path(
        "directives/<int:pk>/link-unit/",
        unit_link_views.directive_link_unit,
        name="directive_link_unit",
    ),
    path("directives/<int:pk>/edit/", views.directive_update, name="directive_update"),
    path("directives/<int:pk>/report/", views.directive_report, name="directive_report"),
    path("directives/<int:pk>/review/", views.directive_review, name="directive_review"),
    path("directives/<int:pk>/extension/", views.extension_request, name="extension_request"),
    path("extensions/<int:pk>/decide/", views.extension_decide, name="extension_decide"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("my-work/", views.my_work, name="my_work"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("scorecards/", dashboard_views.scorecard_list, name="scorecard_list"),
    path("scorecards/<int:unit_id>/", dashboard_views.scorecard_unit, name="scorecard_unit"),
    path(
        "meetings/<int:pk>/documents/<str:kind>/draft/",
        notice_views.document_draft_create,
        name="document_draft_create",
    ),
    path("documents/<int:pk>/", notice_views.document_detail, name="document_detail"),
    path("documents/<int:pk>/edit/", notice_views.document_edit, name="document_edit"),
    path("documents/<int:pk>/issue/", notice_views.document_issue, name="document_issue"),
    path("documents/<int:pk>/preview/", notice_views.document_preview, name="document_preview"),
    path("documents/<int:pk>/status/", notice_views.document_status, name="document_status"),
    path("documents/<int:pk>/retry/", notice_views.document_retry, name="document_retry"),
    path("documents/<int:pk>/download/", notice_views.document_download, name="document_download"),
    path(
        "documents/<int:pk>/supersede/",
        notice_views.document_supersede,
        name="document_supersede",
    ),
    path("documents/css/<str:profile>.css", notice_views.document_css, name="document_css"),
]
