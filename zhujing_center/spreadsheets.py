"""Excel/CSV import and export shared by the catalogue's resources (django-import-export)."""

from django.utils.translation import gettext as _
from import_export import resources, widgets


class ChineseHeadersResource(resources.ModelResource):
    """Columns headed with the fields' Chinese names (名称, 网址名 …), for export and for import.

    Imports run in one transaction and validate every row with the model's own rules;
    a file with any bad row writes nothing (the preview lists each row's errors).
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        model = self._meta.model
        for name, field in self.fields.items():
            try:
                field.column_name = str(model._meta.get_field(field.attribute or name).verbose_name)
            except Exception:  # a computed column: keep the header it was given
                continue

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None, **kwargs):
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, dry_run, raise_errors, use_transactions=True, **kwargs)


class UnknownReferenceError(Exception):
    """A row names a category, room or audience that does not exist (a row error, listed with the others)."""


class SlugForeignKeyWidget(widgets.ForeignKeyWidget):
    """A related row named by its 网址名; an unknown one is a row error staff can read."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise UnknownReferenceError(
                _("找不到网址名为“%(value)s”的%(model)s") % {"value": value, "model": self.model._meta.verbose_name}
            ) from None


class SlugManyToManyWidget(widgets.ManyToManyWidget):
    """Several related rows named by their 网址名, separated by spaces; unknown ones are row errors."""

    def clean(self, value, row=None, **kwargs):
        found = super().clean(value, row, **kwargs)
        wanted = {part for part in str(value or "").split() if part}
        missing = wanted - {str(getattr(obj, self.field)) for obj in found}
        if missing:
            raise UnknownReferenceError(
                _("找不到网址名为“%(value)s”的%(model)s")
                % {"value": "、".join(sorted(missing)), "model": self.model._meta.verbose_name}
            )
        return found
