import wagtail_factories

from education.models import EducationIndexPage


class EducationIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EducationIndexPage

    title = "Education"
    slug = "education"
