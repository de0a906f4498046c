"""What every content admin shares: history with restore, no silent overwrite, publishing actions.

Staff edits are versioned by django-simple-history. On top of it:
- a stale form is refused: the form remembers the version it was opened at, and
  saving it after somebody else has saved the same entry is an error that says who
  changed what (``VersionCheckForm``);
- "who changed it last" is a list column;
- deleted entries are listed (``deleted/``) and restored with one click, with their
  many-to-many links and the child rows deleted with them;
- publish, unpublish and duplicate are bulk actions where a model has ``is_published``.
"""

from __future__ import annotations

import datetime as dt

from adminsortable2.admin import SortableAdminMixin
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, router, transaction
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from . import photos
from .history_display import HistoryContextHelper, describe_change
from .spreadsheets import SpreadsheetAdminMixin

VERSION_FIELD = "_version"
# Child rows deleted with their parent within this long are restored with it.
RESTORE_WINDOW = dt.timedelta(seconds=30)


def latest_version(obj: models.Model) -> int | None:
    """The id of the newest history record of ``obj`` (its version), or None."""
    if obj.pk is None:
        return None
    return obj.history.values_list("history_id", flat=True).first()


def lock_row(obj: models.Model) -> bool:
    """Lock ``obj``'s row until the surrounding transaction ends; False if the row does not exist.

    Saves check the version and write inside one transaction (the admin's change view is atomic),
    so a second save of the same entry waits here until the first has committed, then sees its
    version. On PostgreSQL this is ``SELECT … FOR UPDATE``; SQLite takes the write lock when the
    transaction begins (``transaction_mode = IMMEDIATE`` in the settings).
    """
    manager = obj.__class__._default_manager
    queryset = manager.filter(pk=obj.pk)
    if transaction.get_connection(router.db_for_write(obj.__class__)).in_atomic_block:
        queryset = queryset.select_for_update()
    return bool(list(queryset.values_list("pk", flat=True)))


def describe_changes(model: type[models.Model], pk, since_version: int) -> tuple[str, str, list[str]]:
    """Who changed an entry after ``since_version``, when, and which fields (old → new)."""
    records = model.history.filter(**{model._meta.pk.attname: pk})
    seen = records.filter(history_id=since_version).first()
    newest = records.select_related("history_user").order_by("-history_id").first()
    changes: list[str] = []
    if seen is not None:
        delta = newest.diff_against(seen, foreign_keys_are_objs=True)
        changes = [describe_change(model, change) for change in delta.changes]
    who = editor_name(newest.history_user) if newest.history_user else _("另一位同事")
    when = timezone.localtime(newest.history_date).strftime("%m-%d %H:%M")
    return who, when, changes


def editor_name(user) -> str:
    return user.get_full_name() or user.get_username()


class VersionCheckForm(forms.ModelForm):
    """Refuses to save over a version newer than the one the form was opened at.

    The version travels in the hidden ``_version`` input, which ``templates/admin/change_form.html``
    renders in every change form (the admin itself renders only the fieldsets' fields). A refused
    form keeps what the editor typed and now carries the current version: saving it again, after
    reading what the colleague changed, replaces that change knowingly.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Called only when the page is drawn: a posted form reads the version it was opened at.
        self.fields[VERSION_FIELD] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=lambda: latest_version(self.instance) or ""
        )

    @property
    def version_input(self):
        return self[VERSION_FIELD]

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str) and "\r" in value:
                # Browsers send a textarea's lines with CRLF; stored as typed, every first save would
                # "change" every multi-line field in the history and in the stale-save message.
                cleaned[name] = value.replace("\r\n", "\n").replace("\r", "\n")
        self._clean_new_photos(cleaned)
        if self.instance.pk is None or not lock_row(self.instance):
            return cleaned  # a new entry, or one being restored: nothing to overwrite
        opened_at = (self.data.get(self.add_prefix(VERSION_FIELD)) or "").strip()
        current = latest_version(self.instance)
        if current is None or opened_at == str(current):
            return cleaned
        try:
            since = int(opened_at)
        except ValueError:
            since = -1
        who, when, changes = describe_changes(self.instance.__class__, self.instance.pk, since)
        detail = "；".join(changes) if changes else _("内容或附属信息")
        self.data = self.data.copy()
        self.data[self.add_prefix(VERSION_FIELD)] = str(current)
        raise ValidationError(
            _(
                "没有保存：你打开此页之后，%(who)s 在 %(when)s 修改了这一条（%(detail)s）。"
                "你填写的内容都还在下面的表单里。请核对后再点一次“保存”：那样会用你的内容替换对方的修改；"
                "如果不想替换，请重新打开此页。"
            )
            % {"who": who, "when": when, "detail": detail},
            code="stale",
        )

    def _clean_new_photos(self, cleaned: dict) -> None:
        """Every uploaded photo goes through the same checks and clean-up as room photos (no EXIF, no GPS)."""
        for name, value in list(cleaned.items()):
            if not isinstance(value, UploadedFile):
                continue
            if not isinstance(self._meta.model._meta.get_field(name), models.ImageField):
                continue
            try:
                photos.validate_upload(value)
                cleaned[name] = photos.clean_image(value)
            except ValidationError as error:
                self.add_error(name, error)


def restore_children_as_of(model: type[models.Model], pk, version_id, relations: tuple[str, ...]) -> None:
    """Put the rows of ``relations`` back as they were in version ``version_id`` of entry ``pk``.

    The admin saves the entry, then its inline rows: the children of a version are therefore as they
    stood just before the entry's next version (or now, for the newest one, which changes nothing).
    """
    pk_name = model._meta.pk.attname
    version = model.history.get(**{pk_name: pk, "history_id": version_id})
    following = model.history.filter(**{pk_name: pk}, history_id__gt=version.history_id).order_by("history_id").first()
    if following is None:
        return
    when = following.history_date - dt.timedelta(microseconds=1)
    parent = model._default_manager.get(pk=pk)
    for relation in relations:
        field = model._meta.get_field(relation)
        child_model = field.related_model
        then = {child.pk: child for child in child_model.history.as_of(when).filter(**{field.field.attname: pk})}
        for child in getattr(parent, relation).exclude(pk__in=list(then)):
            child._change_reason = _("恢复到较早的版本")
            child.delete()
        for child in then.values():
            child._change_reason = _("恢复到较早的版本")
            child.save()


def links_as_of(model: type[models.Model], pk, version_id) -> dict[str, list]:
    """The many-to-many links (field name → related ids) that version ``version_id`` of entry ``pk`` recorded."""
    history = model.history.model
    version = model.history.filter(**{model._meta.pk.attname: pk, "history_id": version_id}).first()
    if version is None:
        return {}
    links = {}
    for field in history._history_m2m_fields:
        target = field.m2m_reverse_field_name()
        links[field.name] = [getattr(row, f"{target}_id") for row in getattr(version, field.name).all()]
    return links


def merge_versions_since(model: type[models.Model], pk, first_id: int | None) -> None:
    """One save in the admin is one version: the records written from ``first_id`` on become the newest one.

    A save that changes many-to-many links (a point's areas) writes a record for the entry and one for
    each change of links; the earlier ones hold half of the save (the new text with the old links), and
    restoring one of them would bring back a state that never was. The newest holds all of it; it keeps
    the first one's kind (created or changed)."""
    if first_id is None:
        return
    records = list(model.history.filter(**{model._meta.pk.attname: pk, "history_id__gte": first_id}))
    if len(records) < 2:
        return
    newest, older = records[0], records[1:]
    m2m_fields = model.history.model._history_m2m_fields
    for record in older:
        for field in m2m_fields:
            getattr(record, field.name).all().delete()
    model.history.filter(history_id__in=[record.history_id for record in older]).delete()
    if newest.history_type != older[-1].history_type:
        newest.history_type = older[-1].history_type
        newest.save(update_fields=["history_type"])


class ContentAdmin(SimpleHistoryAdmin):
    """Base admin for the catalogue's content models."""

    form = VersionCheckForm
    object_history_list_template = "admin/history_list.html"
    # Child relations (reverse foreign keys) restored together with a deleted entry.
    restore_children: tuple[str, ...] = ()

    # ------------------------------------------------------------- history
    def get_historical_record_context_helper(self, request, historical_record):
        return HistoryContextHelper(self.model, historical_record)

    def _require_ids(self, object_id, version_id=None) -> None:
        """A history address with an id that is not one (``…/abc/history/``) is a 404, not a server error."""
        try:
            self.model._meta.pk.to_python(unquote(object_id))
            if version_id is not None:
                self.model.history.model._meta.pk.to_python(version_id)
        except ValidationError:
            raise Http404 from None

    def history_view(self, request, object_id, extra_context=None):
        self._require_ids(object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Restoring a version is a save like any other: the version check and the write in one transaction.

        The child rows edited on the same page (a room's hours and special days, a service's own hours)
        come back as they were in that version too; the form shows the version's many-to-many links
        (a service's rooms, a point's areas), not today's (``get_form``).
        """
        self._require_ids(object_id, version_id)
        request._restoring_version = version_id
        with transaction.atomic(using=router.db_for_write(self.model)):
            response = super().history_form_view(request, object_id, version_id, extra_context)
            if request.method == "POST" and response.status_code == 302:
                if self.restore_children:
                    restore_children_as_of(self.model, object_id, version_id, self.restore_children)
                merge_versions_since(self.model, object_id, getattr(request, "_first_version_of_save", None))
            return response

    # ------------------------------------------------------------- one save, one version
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        request._first_version_of_save = latest_version(obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        merge_versions_since(self.model, form.instance.pk, getattr(request, "_first_version_of_save", None))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        version_id = getattr(request, "_restoring_version", None)
        if obj is None or version_id is None:
            return form
        links = links_as_of(self.model, obj.pk, version_id)

        class VersionForm(form):
            def __init__(self, *args, **kwargs):
                kwargs["initial"] = {**links, **(kwargs.get("initial") or {})}
                super().__init__(*args, **kwargs)

        return VersionForm

    # ------------------------------------------------------------- list column
    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        history = self.model.history.model
        last = history.objects.filter(**{self.model._meta.pk.attname: models.OuterRef("pk")}).order_by("-history_id")
        return queryset.annotate(_last_editor=models.Subquery(last.values("history_user__username")[:1]))

    @admin.display(description=gettext_lazy("最后修改人"))
    def last_editor(self, obj) -> str:
        return getattr(obj, "_last_editor", None) or "—"

    # ------------------------------------------------------------- deleted entries
    def url_prefix(self) -> str:
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}"

    def get_urls(self):
        prefix = self.url_prefix()
        extra = [
            path("deleted/", self.admin_site.admin_view(self.deleted_view), name=f"{prefix}_deleted"),
            path(
                "deleted/<int:history_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name=f"{prefix}_restore",
            ),
        ]
        return extra + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "deleted_url": reverse(f"admin:{self.url_prefix()}_deleted")}
        return super().changelist_view(request, extra_context)

    def deleted_records(self):
        """The last record of every entry that was deleted and not restored since."""
        history = self.model.history
        pk_name = self.model._meta.pk.attname
        existing = self.model._default_manager.values(pk_name)
        return (
            history.filter(history_type="-")
            .exclude(**{f"{pk_name}__in": existing})
            .select_related("history_user")
            .order_by("-history_date")
        )

    def deleted_view(self, request: HttpRequest):
        if not self.has_change_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("已删除的%(name)s") % {"name": self.model._meta.verbose_name},
            "records": self.deleted_records()[:200],
        }
        return TemplateResponse(request, "admin/deleted_entries.html", context)

    def restore_view(self, request: HttpRequest, history_id: int):
        if request.method != "POST" or not self.has_change_permission(request):
            raise PermissionDenied
        record = get_object_or_404(self.deleted_records(), history_id=history_id)
        obj = self.restore(record)
        self.message_user(request, _("已恢复“%(name)s”。") % {"name": obj}, messages.SUCCESS)
        return HttpResponseRedirect(reverse(f"admin:{self.url_prefix()}_change", args=[obj.pk]))

    @transaction.atomic
    def restore(self, record) -> models.Model:
        """Bring back a deleted entry as it was, with its links and the rows deleted with it."""
        obj = record.instance
        obj._change_reason = _("从已删除的条目恢复")
        obj.save(force_insert=True)
        # The deletion record's links are already gone: take them from the version before it.
        pk_name = self.model._meta.pk.attname
        before = (
            self.model.history.filter(**{pk_name: obj.pk}, history_id__lt=record.history_id)
            .order_by("-history_id")
            .first()
        )
        for field in self.model.history.model._history_m2m_fields if before else ():
            target = field.m2m_reverse_field_name()
            rows = getattr(before, field.name).all()
            getattr(obj, field.name).set([getattr(row, f"{target}_id") for row in rows])
        for relation in self.restore_children:
            self._restore_children(obj, record, relation)
        return obj

    def _restore_children(self, obj, record, relation: str) -> None:
        field = self.model._meta.get_field(relation)
        child_model = field.related_model
        fk_name = field.field.attname
        deleted = child_model.history.filter(
            history_type="-",
            history_date__gte=record.history_date - RESTORE_WINDOW,
            history_date__lte=record.history_date + RESTORE_WINDOW,
            **{fk_name: obj.pk},
        )
        for child_record in deleted:
            child = child_record.instance
            if not child_model._default_manager.filter(pk=child.pk).exists():
                child.save(force_insert=True)


class PublishingAdmin(ContentAdmin):
    """A content admin for models with ``is_published``: publish, unpublish and duplicate in bulk."""

    actions = ("publish", "unpublish", "duplicate")
    duplicate_children: tuple[str, ...] = ()

    @admin.action(description=gettext_lazy("发布所选条目"), permissions=["change"])
    def publish(self, request, queryset):
        self._set_published(request, queryset, True)

    @admin.action(description=gettext_lazy("取消发布所选条目（居民将看不到）"), permissions=["change"])
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, False)

    def _set_published(self, request, queryset, value: bool) -> None:
        count = 0
        for obj in queryset:  # one save each, so every change is in the history
            if obj.is_published != value:
                obj.is_published = value
                obj.save()
                count += 1
        label = _("发布") if value else _("取消发布")
        self.message_user(request, _("已%(action)s %(count)d 条。") % {"action": label, "count": count})

    @admin.action(description=gettext_lazy("复制所选条目（副本不发布）"), permissions=["add"])
    def duplicate(self, request, queryset):
        copies = [duplicate(obj, self.duplicate_children) for obj in queryset]
        self.message_user(
            request,
            format_html(
                _("已复制 {} 条，副本未发布，请修改后再发布：{}"),
                len(copies),
                "、".join(str(copy) for copy in copies),
            ),
        )


@transaction.atomic
def duplicate(obj: models.Model, children: tuple[str, ...] = ()) -> models.Model:
    """An unpublished copy with a free slug, the same many-to-many links and copies of ``children``."""
    model = obj.__class__
    source = model._default_manager.get(pk=obj.pk)
    copy = model._default_manager.get(pk=obj.pk)
    copy.pk = None
    copy._state.adding = True
    for field in model._meta.concrete_fields:
        if field.unique and field.name not in ("slug",) and not field.primary_key:
            setattr(copy, field.attname, field.get_default())
    title_field = next(name for name in ("name", "title") if hasattr(copy, name))
    setattr(copy, title_field, _("%(name)s（副本）") % {"name": getattr(source, title_field)})
    copy.slug = free_slug(model, f"{source.slug}-copy")
    copy.is_published = False
    copy.save()
    for field in model._meta.many_to_many:
        getattr(copy, field.name).set(getattr(source, field.name).all())
    for relation in children:
        rel = model._meta.get_field(relation)
        for child in getattr(source, relation).all():
            child.pk = None
            child._state.adding = True
            setattr(child, rel.field.name, copy)
            child.save()
    return copy


def free_slug(model: type[models.Model], base: str) -> str:
    max_length = model._meta.get_field("slug").max_length
    base = base[: max_length - 4]
    slug, n = base, 2
    while model._default_manager.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class SortableMixin(SortableAdminMixin):
    """Drag-and-drop ordering whose moves are saved one by one: in the history, and seen by signals."""

    def _update_order(self, updated_items, extra_model_filters):
        queryset = self.model._default_manager.filter(**extra_model_filters)
        objects = queryset.in_bulk([pk for pk, _order in updated_items])
        with transaction.atomic():
            for pk, order in updated_items:
                obj = objects[int(pk)] if int(pk) in objects else queryset.get(pk=pk)
                setattr(obj, self.default_order_field, order)
                obj._change_reason = _("调整排序")
                obj.save(update_fields=[self.default_order_field])
        return len(updated_items)


class SortableSpreadsheetMixin(SpreadsheetAdminMixin, SortableMixin):
    """Drag-and-drop ordering (django-admin-sortable2) with Excel import/export (zhujing_center/spreadsheets.py).

    Both packages replace ``change_list_template``; sortable2 as a read-only property.
    This one property lets import-export's template extend sortable2's, which extends
    the admin's own (with our "已删除的条目" link).
    """

    _change_list_template = None

    @property
    def change_list_template(self):
        return self._change_list_template or "adminsortable2/change_list.html"

    @change_list_template.setter
    def change_list_template(self, value):
        self._change_list_template = value
