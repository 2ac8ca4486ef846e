import wagtail_factories

from portal.home.models import HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Home"
    hero_heading = "Health information you can trust"
    hero_intro = "Demo portal: plainly synthetic content for trying the software."
