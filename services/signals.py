"""Refresh search text when anything it is built from changes."""

from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from venues.models import Venue

from . import search_index
from .models import Category, Service


@receiver(post_save, sender=Service, dispatch_uid="search_service_saved")
def service_saved(sender, instance: Service, raw: bool = False, **kwargs) -> None:
    search_index.refresh_soon([instance.pk])


@receiver(m2m_changed, sender=Service.venues.through, dispatch_uid="search_service_venues_changed")
def service_venues_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    if not reverse:
        if action.startswith("post_"):
            search_index.refresh_soon([instance.pk])
        return
    # The venue's side changed: ``instance`` is a Venue, ``pk_set`` the services added or removed.
    if action == "pre_clear":
        instance._services_before_clear = list(instance.services.values_list("pk", flat=True))
    elif action == "post_clear":
        search_index.refresh_soon(getattr(instance, "_services_before_clear", []))
    elif action.startswith("post_"):
        search_index.refresh_soon(pk_set)


@receiver(post_save, sender=Category, dispatch_uid="search_category_saved")
def category_saved(sender, instance: Category, created: bool, raw: bool = False, **kwargs) -> None:
    if not created:
        search_index.refresh_soon(instance.services.values_list("pk", flat=True))


@receiver(post_save, sender=Venue, dispatch_uid="search_venue_saved")
def venue_saved(sender, instance: Venue, created: bool, raw: bool = False, **kwargs) -> None:
    if not created:
        search_index.refresh_soon(instance.services.values_list("pk", flat=True))
