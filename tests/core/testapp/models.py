import datetime

from django.db import models
from django.urls import reverse

from giapranh.core.models import ClusterRecord, ScopedRecord


class Memo(ScopedRecord):
    """The smallest operational record: exercises the access model and the record kit's generic pages on their own."""

    title = models.CharField("title", max_length=100)
    happened_on = models.DateField("happened on", default=datetime.date(2024, 1, 1))

    class Meta:
        verbose_name = "memo"
        verbose_name_plural = "memos"

    def get_absolute_url(self) -> str:
        return reverse("testapp:memo_detail", kwargs={"public_id": self.public_id})

    def __str__(self) -> str:
        return self.title


class ClusterMemo(ClusterRecord):
    """The smallest cluster record: exercises the cluster-owned policy on its own."""

    title = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.title
