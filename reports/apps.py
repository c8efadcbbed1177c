from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports and dashboards"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from caseflow.context_processors import NAVIGATION
        from reports import access

        NAVIGATION["opens_dashboard"] = access.can_open_dashboard
        NAVIGATION["opens_reports"] = access.can_open_report
