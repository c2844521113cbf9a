"""Themes: the shared vocabulary that links reviews about similar practice issues."""

from django.db import models
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from reviews.finding import search


@register_snippet
class Theme(index.Indexed, models.Model):
    """A practice theme such as "neglect" or "information sharing"; editors add new ones as snippets."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(
        max_length=100,
        unique=True,
        blank=True,
        help_text="Used in the address of the filtered reviews list. Filled in from the name if left blank.",
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:100]
        renamed = self.pk is not None and not Theme.objects.filter(pk=self.pk, name=self.name).exists()
        super().save(*args, **kwargs)
        if renamed:
            self.reindex_reviews()

    def reindex_reviews(self):
        """Index again the reviews carrying this theme, and their Learning on a Page, under its new name."""
        search.reindex_reviews_with_theme(self)
