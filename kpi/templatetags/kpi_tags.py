from django import template
from django.utils.safestring import mark_safe

from kpi.choices import Pillar
from kpi.embed import rows_for
from kpi.models import Indicator, Plan

register = template.Library()


@register.inclusion_tag("kpi/includes/kpi_cards.html")
def kpi_indicators(*slugs, plan=None, pillar=None, limit=6, heading=""):
    """{% kpi_indicators "kinh-te-so-grdp" %}, {% kpi_indicators plan="qd-2393" %}, {% kpi_indicators pillar="kinh-te-so" %}."""
    ids = list(Indicator.objects.filter(slug__in=slugs).values_list("pk", flat=True)) if slugs else None
    if ids is not None:
        order = {slug: n for n, slug in enumerate(slugs)}
        slug_of = dict(Indicator.objects.filter(pk__in=ids).values_list("pk", "slug"))
        ids.sort(key=lambda pk: order[slug_of[pk]])
    plan_obj = Plan.objects.filter(slug=plan).first() if plan else None
    # The pillar by its public slug ("kinh-te-so") as templates have always written it, or its value.
    pillar = Pillar.from_slug(pillar) or pillar
    return {"rows": rows_for(ids, plan_obj, pillar, limit) if (ids or plan_obj or pillar) else [], "heading": heading}


@register.tag
def kept_rendered(parser, token):
    """{% kept_rendered source %}…{% endkept_rendered %}: the part between, as `source.render(render)`
    gives it (kpi.views.Dashboard: kept between requests), where render(values) renders the part
    with `values` added to the context; a source that finds it kept renders nothing of it."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("kept_rendered takes one argument: the source")
    nodelist = parser.parse(("endkept_rendered",))
    parser.delete_first_token()
    return KeptRenderedNode(nodelist, parser.compile_filter(bits[1]))


class KeptRenderedNode(template.Node):
    def __init__(self, nodelist, source):
        self.nodelist = nodelist
        self.source = source

    def render(self, context):
        def render(values):
            with context.push(values):
                return str(self.nodelist.render(context))

        return mark_safe(self.source.resolve(context).render(render))
