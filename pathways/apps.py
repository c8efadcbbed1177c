from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "pathways"
    verbose_name = "Going Home & Lifelong Links pathway"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from pathways import registrations

        registrations.register()
