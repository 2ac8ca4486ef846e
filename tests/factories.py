"""Re-exports of the app factories for tests (each app owns its factories)."""

from forums.moderation.factories import MessageTemplateFactory
from portal.accounts.factories import DEFAULT_PASSWORD, UserFactory
from portal.taxonomy.factories import ConditionFactory

__all__ = ["DEFAULT_PASSWORD", "ConditionFactory", "MessageTemplateFactory", "UserFactory"]
