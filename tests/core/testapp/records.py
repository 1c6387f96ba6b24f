"""The smallest kit declaration: no selectors, templates, forms or rules of its own."""

from giapranh.core.kit import RecordType, register
from tests.core.testapp.models import Memo

MEMOS = register(RecordType(
    model=Memo, api_path="memos", schema_name="Memo", operation="memos", api_tag="test",
    namespace="testapp", url_name="memo",
    fields=("title", "happened_on", "commune"), date_field="happened_on",
    list_columns=("title", "happened_on", "commune"),
))
