from django.urls import path

from meetings import mapping_views, views

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

urlpatterns += [
    path("children/<uuid:child_id>/safety/", mapping_views.overview, name="safety_overview"),
    path("children/<uuid:child_id>/safety/framework/", mapping_views.wording_choose, name="safety_framework"),
    path("children/<uuid:child_id>/safety/mappings/new/", mapping_views.mapping_start, name="mapping_start"),
    path("children/<uuid:child_id>/safety/plans/new/", mapping_views.plan_create, name="safety_plan_create"),
    path("children/<uuid:child_id>/safety/next-steps/new/", mapping_views.next_step_create, name="next_step_create"),
    path(
        "children/<uuid:child_id>/young-persons-report/",
        mapping_views.young_persons_report,
        name="young_persons_report",
    ),
    path("children/<uuid:child_id>/risk-table/", mapping_views.risk_table, name="risk_table"),
    path("safety/mappings/<uuid:mapping_id>/", mapping_views.mapping_detail, name="mapping_detail"),
    path("safety/mappings/<uuid:mapping_id>/compare/", mapping_views.mapping_compare, name="mapping_compare"),
    path("safety/mappings/<uuid:mapping_id>/statements/new/", mapping_views.statement_create, name="statement_create"),
    path("safety/mappings/<uuid:mapping_id>/finalise/", mapping_views.mapping_finalise, name="mapping_finalise"),
    path("safety/statements/<int:statement_id>/edit/", mapping_views.statement_edit, name="statement_edit"),
    path("safety/statements/<int:statement_id>/scores/new/", mapping_views.score_create, name="score_create"),
    path("safety/plans/<int:plan_id>/rules/new/", mapping_views.plan_rule_create, name="plan_rule_create"),
    path("safety/plans/<int:plan_id>/reviews/new/", mapping_views.plan_review_create, name="plan_review_create"),
    path("safety/next-steps/<int:step_id>/done/", mapping_views.next_step_done, name="next_step_done"),
]
