from django.urls import path

from pathways import views

urlpatterns = [
    path("children/<uuid:child_id>/pathway/start/", views.episode_start, name="pathway_start"),
    path("pathways/<uuid:episode_id>/", views.episode_detail, name="pathway_episode"),
    path("pathways/<uuid:episode_id>/details/", views.episode_facts, name="pathway_facts"),
    path("pathways/<uuid:episode_id>/actions/<slug:key>/", views.action_record, name="pathway_action"),
    path("pathways/<uuid:episode_id>/plan/", views.plan_edit, name="pathway_plan"),
    path("pathways/<uuid:episode_id>/plan/reviews/new/", views.plan_review_create, name="pathway_plan_review"),
    path(
        "pathways/<uuid:episode_id>/transfer-checklist/<int:item_id>/",
        views.transfer_item_complete,
        name="pathway_transfer_item",
    ),
    path("pathways/<uuid:episode_id>/requests/<slug:transition>/", views.request_create, name="pathway_request"),
    path("pathways/requests/<uuid:request_id>/", views.request_decide, name="pathway_request_decide"),
    path("pathways/<uuid:episode_id>/unplanned-return/", views.unplanned_return, name="pathway_unplanned_return"),
    path("pathways/<uuid:episode_id>/agreements/<slug:kind>/", views.agreement_create, name="pathway_agreement"),
]
