from django.apps import AppConfig


class TestappConfig(AppConfig):
    name = "tests.core.testapp"
    label = "testapp"
