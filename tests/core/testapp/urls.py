from giapranh.core.kit_views import record_urls
from tests.core.testapp.records import MEMOS

app_name = "testapp"
urlpatterns = record_urls(MEMOS, "")
