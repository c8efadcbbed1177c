from django.contrib import admin

from caseflow.admin import AdministratorsOnly, ReadOnlyHistoryAdmin
from meetings.models import CarePlanningCriterion


@admin.register(CarePlanningCriterion)
class CarePlanningCriterionAdmin(AdministratorsOnly, ReadOnlyHistoryAdmin):
    """The care planning criteria are data: administrators edit the lists; unused ones are set 'not in use'."""

    list_display = ["text", "criteria_list", "prospective_sgo", "is_active", "position"]
    list_filter = ["criteria_list", "is_active"]
    list_editable = ["is_active", "position"]
