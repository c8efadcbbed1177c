from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from caseflow.forms import SignInForm
from caseflow.views import children, errors, health, home, two_factor, work

urlpatterns = [
    path("", home.home, name="home"),
    path("children/", children.child_list, name="child_list"),
    path("children/new/", children.child_create, name="child_create"),
    path("children/<uuid:child_id>/", children.child_detail, name="child_detail"),
    path("children/<uuid:child_id>/history/", children.child_history, name="child_history"),
    path("children/<uuid:child_id>/as-it-was/", children.child_as_it_was, name="child_as_it_was"),
    path("children/<uuid:child_id>/edit/", children.child_edit, name="child_edit"),
    path("children/<uuid:child_id>/legal-status/new/", children.legal_status_create, name="legal_status_create"),
    path("children/<uuid:child_id>/placements/new/", children.placement_create, name="placement_create"),
    path("children/<uuid:child_id>/network/new/", children.network_person_edit, name="network_person_create"),
    path(
        "children/<uuid:child_id>/network/<int:person_id>/edit/",
        children.network_person_edit,
        name="network_person_edit",
    ),
    path("deadlines/<int:deadline_id>/waive/", work.deadline_waive, name="deadline_waive"),
    path("notifications/", work.notification_list, name="notification_list"),
    path("notifications/read/", work.notifications_read, name="notifications_read"),
    path("healthz", health.healthz, name="healthz"),
    path("sign-in/", auth_views.LoginView.as_view(authentication_form=SignInForm), name="login"),
    path("sign-in/two-factor/", two_factor.two_factor, name="two_factor"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("pathways.urls")),
    path("", include("reunification.urls")),
    path("", include("meetings.urls")),
    path("", include("reports.urls")),
]

handler500 = errors.server_error
