from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def render_paneel(paneel, request):
    """Render a dashboard panel with its own template (the template escapes its own data)."""
    return mark_safe(paneel.render(request))  # noqa: S308
