"""The render job of a ward's upward report as PDF (meetings/upward_pdf.py).

One row per report *content*: the committee, the period, the reader, the day it is issued and the
data versions of the directives and of the criteria lights when it was asked for (`key`, a hash
of all of these). A click on "Tải PDF" finds the row of the current key, ready or being rendered,
or creates it once; a write to a directive or a mark gives a new version, hence a new key and a
new file, so a PDF never outlives the figures it shows.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import RenderState


class UpwardPdfQuerySet(models.QuerySet):
    def stuck(self, *, queued_before, rendering_before):
        """Jobs that were lost: never published (the broker was down), or their worker died."""
        return self.filter(
            Q(state=RenderState.QUEUED, queued_at__lt=queued_before)
            | Q(state=RenderState.RENDERING, started_at__lt=rendering_before)
        )


class UpwardPdf(models.Model):
    key = models.CharField(max_length=64, unique=True)
    committee = models.ForeignKey(
        "steering.SteeringCommittee", on_delete=models.CASCADE, related_name="upward_pdfs"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="upward_pdfs"
    )
    start = models.DateField()
    end = models.DateField()
    issued_on = models.DateField()
    language = models.CharField(max_length=10)
    state = models.CharField(max_length=10, choices=RenderState.choices)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    queued_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    file = models.CharField(max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UpwardPdfQuerySet.as_manager()

    class Meta:
        verbose_name = _("Tệp PDF báo cáo cấp trên")
        verbose_name_plural = _("Tệp PDF báo cáo cấp trên")
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="ready") | (~Q(file="") & Q(sha256__regex=r"^[0-9a-f]{64}$")),
                name="upward_pdf_ready_has_file",
            ),
        ]
        indexes = [models.Index(fields=["state", "queued_at"], name="upward_pdf_state")]

    def __str__(self) -> str:
        return f"{self.committee_id} {self.start}–{self.end} {self.state}"
