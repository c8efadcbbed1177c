from django.urls import path

from reports import views

urlpatterns = [
    path("reports/pob/", views.report_list, name="pob_list"),
    path("reports/pob/generate/", views.report_generate, name="pob_generate"),
    path("reports/pob/runs/<uuid:run_id>/", views.run_progress, name="pob_run"),
    path("reports/pob/<uuid:report_id>/", views.report_detail, name="pob_detail"),
    path("reports/pob/<uuid:report_id>/csv/", views.report_csv, name="pob_csv"),
    path("reports/pob/<uuid:report_id>/xlsx/", views.report_xlsx, name="pob_xlsx"),
    path("dashboard/", views.dashboard_view, name="dashboard"),
    path("dashboard/children/", views.dashboard_children, name="dashboard_children"),
]
