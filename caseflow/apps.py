from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class CaseflowConfig(AppConfig):
    name = "caseflow"
    verbose_name = "CaseFlow core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from caseflow import registrations, security_log, timeline, two_factor  # noqa: F401 # its sign-in signal

        timeline.register_core_sources()
        registrations.register()
        security_log.connect_lockout_signal()


class CaseflowAdminConfig(AdminConfig):
    default_site = "caseflow.admin_site.CaseflowAdminSite"
