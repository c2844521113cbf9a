"""Document facts for the public templates: `{{ report|document_facts }}`."""

from django import template

from reviews.documents import facts

register = template.Library()
register.filter("file_size", facts.file_size)
register.filter("document_facts", facts.document_facts)
