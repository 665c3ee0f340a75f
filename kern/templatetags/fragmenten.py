"""``{% vast %}…{% endvast %}``: a piece of a template that is the same for every request, kept
once rendered (issue 16: the layout's head, skip link and footer on every page).

What may stand inside is checked when the template is compiled, so nothing of a user, a
request or a form can ever be kept and shown to someone else: text, ``{% translate %}`` of a
literal, ``{% static %}`` of a literal path and ``{% url %}`` with literal arguments (none of
them with ``as``), nothing else (no variables, no other tags). A page in another language, after
a new ``collectstatic`` (another manifest), under another script prefix or URL configuration
gets its own copy: those are the key, with the node itself (a template edited in development
is compiled again, with a new node).

The copies live in the worker's memory, not in Redis: a round trip to Redis costs more than
rendering these few tags.

``{% bewaard sleutel %}…{% endbewaard %}``: a piece that may hold anything, kept per worker
under a key the view gives, with the language and the rest of ``{% vast %}``'s key added; a key
of None renders it every time. **The key must name everything the piece is made of**: it is
for markup that is the same for many requests, such as the fields of an unbound form whose
choices come from the database (``SignaalForm.vaste_sleutel``: the organisations and wijken
the fields list). ``{% csrf_token %}`` may not stand inside (checked when compiled).
"""

from django import template
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.base import FilterExpression, TextNode, Variable
from django.template.defaulttags import CsrfTokenNode, URLNode
from django.templatetags.i18n import TranslateNode
from django.templatetags.static import StaticNode
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

# Enough for every language, prefix and manifest a worker meets; a full node starts over.
MAX_KOPIEEN = 32
# {% bewaard %}: per node, enough for the distinct keys a worker meets in a while (for the
# signal form: the sets of organisations of its reporters); a full node starts over.
MAX_BEWAARD = 128


def _vast(expressie) -> bool:
    """A filter expression without any variable: a literal, with filters of literals."""
    if not isinstance(expressie, FilterExpression):
        return False
    var = expressie.var
    if isinstance(var, Variable) and var.literal is None:
        return False
    return all(not is_var for _f, args in expressie.filters for is_var, _a in args)


def _toegestaan(node) -> bool:
    if isinstance(node, TextNode):
        return True
    if isinstance(node, TranslateNode):
        return (
            node.asvar is None
            and _vast(node.filter_expression)
            and (node.message_context is None or _vast(node.message_context))
        )
    if isinstance(node, StaticNode):
        return node.varname is None and _vast(node.path)
    if isinstance(node, URLNode):
        return (
            node.asvar is None
            and _vast(node.view_name)
            and all(_vast(a) for a in node.args)
            and all(_vast(a) for a in node.kwargs.values())
        )
    return False


def _omgeving() -> tuple:
    """What the output of the allowed tags depends on besides the template and the language;
    it does not change while a page renders."""
    return (
        getattr(staticfiles_storage, "manifest_hash", ""),
        get_script_prefix(),
        get_urlconf(),
    )


def sleutel(context=None) -> tuple:
    """The key of a copy: the language (a page may switch it with ``{% language %}``) and the
    rest, read once per template render."""
    if context is None:
        return (get_language(), *_omgeving())
    omgeving = context.render_context.get(_omgeving)
    if omgeving is None:
        omgeving = context.render_context[_omgeving] = _omgeving()
    return (get_language(), *omgeving)


class VastNode(template.Node):
    # Holds no {% block %} (checked above): ``{% extends %}`` need not search it on every render.
    child_nodelists = ()

    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.kopieen: dict[tuple, str] = {}

    def render(self, context):
        k = sleutel(context)
        html = self.kopieen.get(k)
        if html is None:
            html = mark_safe(self.nodelist.render(context))  # noqa: S308 (rendered by Django)
            if len(self.kopieen) >= MAX_KOPIEEN:
                self.kopieen.clear()
            self.kopieen[k] = html
        return html


@register.tag
def vast(parser, token):
    """``{% vast %}…{% endvast %}``: rendered once per language, static manifest, script
    prefix and URL configuration, then the same text for every request."""
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("{% vast %} takes no arguments.")
    nodelist = parser.parse(("endvast",))
    parser.delete_first_token()
    for node in nodelist:
        if not _toegestaan(node):
            raise template.TemplateSyntaxError(
                "Only text and translate, static and url with literal arguments may stand "
                f"inside {{% vast %}}, not {node!r}."
            )
    return VastNode(nodelist)


class BewaardNode(template.Node):
    def __init__(self, sleutel_expressie, nodelist):
        self.sleutel_expressie = sleutel_expressie
        self.nodelist = nodelist
        self.kopieen: dict[tuple, str] = {}

    def render(self, context):
        eigen = self.sleutel_expressie.resolve(context)
        if eigen is None:
            return self.nodelist.render(context)
        k = (sleutel(context), eigen)
        html = self.kopieen.get(k)
        if html is None:
            html = mark_safe(self.nodelist.render(context))  # noqa: S308 (rendered by Django)
            if len(self.kopieen) >= MAX_BEWAARD:
                self.kopieen.clear()
            self.kopieen[k] = html
        return html


@register.tag
def bewaard(parser, token):
    """``{% bewaard sleutel %}…{% endbewaard %}``: rendered once per value of ``sleutel`` (and
    language, static manifest, script prefix and URL configuration), then the same text; a
    ``sleutel`` of None renders every time. The key must name everything the piece shows."""
    delen = token.split_contents()
    if len(delen) != 2:
        raise template.TemplateSyntaxError("{% bewaard %} takes one argument: the key.")
    nodelist = parser.parse(("endbewaard",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(CsrfTokenNode):
        raise template.TemplateSyntaxError(
            "{% csrf_token %} may not stand inside {% bewaard %}: it differs per request."
        )
    return BewaardNode(parser.compile_filter(delen[1]), nodelist)
