import factory
from django.utils.text import slugify

from portal.taxonomy.models import Condition


class ConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Condition
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Demo condition {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    lay_synonyms = ""
    description = factory.LazyAttribute(lambda o: f"A plain-language note about {o.name}.")
