import wagtail_factories

from physicians.models import PhysicianIndexPage


class PhysicianIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PhysicianIndexPage

    title = "Physicians"
    slug = "physicians"
