from django.urls import path

from meetings import views

urlpatterns = [
    path("children/<uuid:child_id>/meetings/", views.child_meetings, name="child_meetings"),
    path("children/<uuid:child_id>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("children/<uuid:child_id>/care-planning/criteria/new/", views.criterion_create, name="criterion_create"),
    path("children/<uuid:child_id>/court-hearings/new/", views.hearing_create, name="hearing_create"),
    path("children/<uuid:child_id>/family-time/new/", views.family_time_create, name="family_time_create"),
    path("children/<uuid:child_id>/events/new/", views.event_create, name="event_create"),
    path("meetings/tracker/", views.tracker, name="tracker_meeting"),
    path("meetings/<uuid:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<uuid:meeting_id>/children/<uuid:child_id>/", views.outcome_record, name="meeting_outcome"),
    path(
        "meetings/<uuid:meeting_id>/children/<uuid:child_id>/care-decision/",
        views.care_decision_create,
        name="care_decision_create",
    ),
    path("meetings/<uuid:meeting_id>/actions/new/", views.action_create, name="meeting_action_create"),
    path("meetings/actions/<int:action_id>/done/", views.action_done, name="meeting_action_done"),
    path("meetings/<uuid:meeting_id>/agenda/", views.agenda_edit, name="meeting_agenda"),
]
