from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "dieuhanh.demo"
    label = "demo"
    verbose_name = "Demo data"
