from __future__ import annotations

import factory

from syndication.models import ApprovalStep, Channel, Platform, StepMode


class ChannelFactory(factory.django.DjangoModelFactory):
    """An enabled channel pointing at a local address (tests and demo use fake servers)."""

    class Meta:
        model = Channel
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Channel {n}")
    platform = Platform.MASTODON
    account_name = factory.Sequence(lambda n: f"@clinic{n}@social.example")
    account_id = factory.Sequence(lambda n: f"clinic{n}.example")
    base_url = "http://127.0.0.1:9"
    credentials_env_var = "PORTAL_TEST_CHANNEL_TOKEN"
    enabled = True
    max_posts_per_hour = 10

    @factory.post_generation
    def steps(self, create: bool, extracted: list[tuple[str, list]] | None, **kwargs) -> None:
        """``steps=[("any", [user, ...]), ...]``; default: one step, any compliance reviewer."""
        if not create:
            return
        for order, (mode, reviewers) in enumerate(extracted or [(StepMode.ANY, [])]):
            step = ApprovalStep.objects.create(channel=self, mode=mode, sort_order=order)
            step.reviewers.set(reviewers)
            step.save()  # ParentalManyToManyField changes are kept until save
