from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import notification_views, views
from .forms import LoginForm, PortalPasswordChangeForm

accounts_urls = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=LoginForm
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password_change/",
        auth_views.PasswordChangeView.as_view(form_class=PortalPasswordChangeForm),
        name="password_change",
    ),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("waiting/<slug:key>/", views.waiting_list, name="waiting_list"),
    path("committees/", views.committee_list, name="committee_list"),
    path("committees/<int:pk>/", views.committee_detail, name="committee_detail"),
    path("units/", views.orgunit_list, name="orgunit_list"),
    path("units/<int:pk>/", views.orgunit_detail, name="orgunit_detail"),
    path("", include("meetings.urls")),
    path("", include("projects.urls")),
    path("", include("kpis.urls")),
    path("styleguide/", views.styleguide, name="styleguide"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include(accounts_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

urlpatterns += [
    path("notifications/", notification_views.notification_list, name="notification_list"),
    path("notifications/badge/", notification_views.notification_badge, name="notification_badge"),
    path(
        "notifications/<int:pk>/read/",
        notification_views.notification_read,
        name="notification_read",
    ),
    path(
        "notifications/read-all/",
        notification_views.notification_read_all,
        name="notification_read_all",
    ),
    path("calendar/", notification_views.feed_settings, name="feed_settings"),
    path("calendar/new/", notification_views.feed_token_create, name="feed_token_create"),
    path(
        "calendar/<int:pk>/revoke/",
        notification_views.feed_token_revoke,
        name="feed_token_revoke",
    ),
    path("calendar/feed/<str:token>.ics", notification_views.calendar_feed, name="calendar_feed"),
]

admin.site.site_header = _("Cổng điều hành Ban chỉ đạo")
admin.site.site_title = _("Quản trị")
admin.site.index_title = _("Quản trị hệ thống")
