"""Education page blocks: restricted rich text plus patient-education building blocks."""

from __future__ import annotations

from wagtail import blocks

from portal.core.blocks import AccessibleImageBlock, VideoEmbedBlock

EDUCATION_RICH_TEXT = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


class KeyFactsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=80, default="Key facts")
    facts = blocks.ListBlock(blocks.CharBlock(max_length=240), min_num=1, max_num=8)

    class Meta:
        icon = "list-ul"
        template = "education/blocks/key_facts.html"
        description = "A short box of the most important points."
        preview_value = {"heading": "Key facts", "facts": ["A first point.", "A second point."]}


class UrgentHelpBlock(blocks.StructBlock):
    """'When to get help now': the signs that need urgent care, and who to call."""

    signs = blocks.ListBlock(blocks.CharBlock(max_length=240), min_num=1)
    action = blocks.CharBlock(
        max_length=200, default="Call 911 or go to the nearest emergency department."
    )

    class Meta:
        icon = "warning"
        template = "education/blocks/urgent_help.html"
        label = "When to get help now"
        description = "Urgent warning signs and what to do."


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200)
    answer = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])


class FAQBlock(blocks.StructBlock):
    items = blocks.ListBlock(FAQItemBlock(), min_num=1)

    class Meta:
        icon = "help"
        template = "education/blocks/faq.html"
        label = "Questions and answers"


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    detail = blocks.RichTextBlock(features=["bold", "italic", "link"], required=False)


class StepsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    steps = blocks.ListBlock(StepBlock(), min_num=1)

    class Meta:
        icon = "list-ol"
        template = "education/blocks/steps.html"
        label = "Step by step"


class EducationBodyBlock(blocks.StreamBlock):
    rich_text = blocks.RichTextBlock(
        features=EDUCATION_RICH_TEXT, template="blocks/rich_text_block.html", icon="pilcrow"
    )
    key_facts = KeyFactsBlock()
    urgent_help = UrgentHelpBlock()
    image = AccessibleImageBlock()
    video = VideoEmbedBlock()
    faq = FAQBlock()
    steps = StepsBlock()
