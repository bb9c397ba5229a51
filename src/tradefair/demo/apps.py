from django.apps import AppConfig


class DemoConfig(AppConfig):
    """No models: an app only so that its management commands are found."""

    name = "tradefair.demo"
    label = "demo"
