from django.db import models

from giapranh.core.models import ClusterRecord, ScopedRecord


class Memo(ScopedRecord):
    """The smallest operational record: exercises the access model on its own."""

    title = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.title


class ClusterMemo(ClusterRecord):
    """The smallest cluster record: exercises the cluster-owned policy on its own."""

    title = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.title
