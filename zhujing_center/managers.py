"""Manager plumbing shared by the apps."""


class SlugNaturalKeyMixin:
    """Lets fixtures refer to rows by slug (``"category": ["health"]``) instead of database ids."""

    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)
