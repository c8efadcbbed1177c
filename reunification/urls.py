from django.urls import path

from reunification import views

urlpatterns = [
    path("children/<uuid:child_id>/reunification/identify/", views.identify, name="reunification_identify"),
    path("reunification/<uuid:episode_id>/", views.episode_detail, name="reunification_episode"),
    path("reunification/<uuid:episode_id>/monitoring-form/", views.monitoring_form, name="reunification_monitoring"),
    path(
        "reunification/<uuid:episode_id>/activities/<slug:activity>/",
        views.activity_create,
        name="reunification_activity",
    ),
    path("reunification/<uuid:episode_id>/assessment/", views.assessment_edit, name="reunification_assessment"),
    path("reunification/<uuid:episode_id>/cpag/", views.cpag_edit, name="reunification_cpag"),
    path(
        "reunification/<uuid:episode_id>/police-checks/<int:person_id>/",
        views.police_check_create,
        name="reunification_police_check",
    ),
    path("reunification/<uuid:episode_id>/goals/new/", views.goal_create, name="reunification_goal"),
    path(
        "reunification/<uuid:episode_id>/goals/<int:goal_id>/progress/",
        views.goal_progress_create,
        name="reunification_goal_progress",
    ),
    path(
        "reunification/<uuid:episode_id>/classifications/new/",
        views.classification_create,
        name="reunification_classification",
    ),
    path(
        "reunification/<uuid:episode_id>/decisions/<slug:decision>/",
        views.decision_create,
        name="reunification_decision",
    ),
    path("reunification/<uuid:episode_id>/move/<slug:move>/", views.move_on, name="reunification_move"),
    path("reunification/<uuid:episode_id>/return-home/", views.return_home, name="reunification_return_home"),
    path("reunification/<uuid:episode_id>/end/", views.end, name="reunification_end"),
]
