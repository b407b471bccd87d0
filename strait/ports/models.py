"""The port cooperation centres' rows.

A centre (Tanger Med, Algeciras…) is a shared object of kind ``ports.centre``: its home is the
host agency's node, the guest agencies take part, and every row of the centre (postings, duty
roster, duty log, incidents) is the same on both sides, written only by its ops
(``effects.py``). Manifests and what their screening found are NOT shared: they are this node's
own rows about travellers who are not suspects, erased after the centre's rule
(``manifest_retention_hours``, 48 by default).

Agencies are named by their code, as the changes carry them; things by their ``uid``.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# How long a manifest is kept unless the centre's rule says otherwise.
DEFAULT_RETENTION_HOURS = 48


class Centre(models.Model):
    obj = models.OneToOneField(
        "sharing.SharedObject", on_delete=models.CASCADE, related_name="ports_centre"
    )
    code = models.SlugField(_("code"), max_length=40)
    name_ar = models.CharField(max_length=200)
    name_es = models.CharField(max_length=200)
    name_fr = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    # The port's code (UN/LOCODE, e.g. MAPTM for Tanger Med, ESALG for Algeciras) and country.
    port = models.CharField(_("port"), max_length=10)
    country = models.CharField(_("country"), max_length=2)
    host_agency = models.CharField(_("host agency"), max_length=40)
    # The channel the centre's checks travel on (a port-station channel of exchange).
    channel = models.CharField(_("channel"), max_length=60, blank=True)
    manifest_retention_hours = models.PositiveIntegerField(
        _("manifests kept for (hours)"), default=DEFAULT_RETENTION_HOURS
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def uid(self) -> uuid.UUID:
        return self.obj.uid

    @property
    def name(self) -> str:
        """The name in the reader's language (English when that is missing)."""
        lang = (get_language() or "en")[:2]
        return str(getattr(self, f"name_{lang}", "") or self.name_en)
from strait.ports.manifest_models import Finding, Sailing, Traveller, VehicleEntry  # noqa: E402, F401
