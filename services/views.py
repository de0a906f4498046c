from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from zhujing_center.pagination import ForgivingPaginationMixin

from .models import Category, Service


class CatalogueMixin:
    """Context every catalogue page shares: the six categories for the side navigation."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["categories"] = Category.objects.with_service_counts()
        return context


class ServiceListView(CatalogueMixin, ForgivingPaginationMixin, ListView):
    template_name = "services/service_list.html"
    context_object_name = "services"

    def get_queryset(self):
        return Service.objects.published().for_listing()


class CategoryDetailView(CatalogueMixin, ForgivingPaginationMixin, ListView):
    template_name = "services/category_detail.html"
    context_object_name = "services"

    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return Service.objects.published().filter(category=self.category).for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(category=self.category, **kwargs)


class ServiceDetailView(DetailView):
    template_name = "services/service_detail.html"
    context_object_name = "service"

    def get_queryset(self):
        return Service.objects.published().for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        service = self.object
        context["related"] = (
            Service.objects.published()
            .filter(category_id=service.category_id)
            .exclude(pk=service.pk)
            .only("name", "slug", "summary")[:5]
        )
        return context
