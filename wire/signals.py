"""Signal receivers of the wire: a saved or deleted dispatch or figure marks the wire changed."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wire.models import MarketQuote, WireItem
from wire.services import wire_changed


@receiver([post_save, post_delete], sender=WireItem)
@receiver([post_save, post_delete], sender=MarketQuote)
def wire_row_changed(sender, raw=False, **kwargs):
    if raw:  # skip fixture loads
        return
    transaction.on_commit(wire_changed)
