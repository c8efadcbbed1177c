from django.apps import AppConfig


class ReunificationConfig(AppConfig):
    name = "reunification"
    verbose_name = "Reunification framework"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from reunification import registrations

        registrations.register()
