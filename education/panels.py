"""Editor panel showing the Flesch-Kincaid grade of the saved text against the target."""

from __future__ import annotations

from django.conf import settings
from wagtail.admin.panels import Panel


class ReadabilityPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "education/admin/readability_panel.html"

        def get_context_data(self, parent_context=None):
            from education.readability import flesch_kincaid_grade

            context = super().get_context_data(parent_context)
            grade = flesch_kincaid_grade(self.instance.plain_text) if self.instance.pk else None
            target = settings.PORTAL_READABILITY_TARGET_GRADE
            context.update(grade=grade, target=target, above=grade is not None and grade > target)
            return context
