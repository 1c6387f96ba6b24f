from django.apps import AppConfig


class TestappConfig(AppConfig):
    name = "tests.core.testapp"
    label = "testapp"

    def ready(self) -> None:
        from giapranh.api import api
        from giapranh.core.kit_api import record_router
        from tests.core.testapp.records import MEMOS

        api.add_router("", record_router(MEMOS))
