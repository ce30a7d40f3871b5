from django import template

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
