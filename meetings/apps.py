from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Meetings and care planning"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from meetings import registrations

        registrations.register()
