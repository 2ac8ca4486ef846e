"""Shared StreamField blocks for education pages and blog posts (templates in templates/blocks/)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


class AccessibleImageBlock(blocks.StructBlock):
    """An image with required alternative text (or an explicit 'decorative' choice)."""

    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=False,
        max_length=250,
        help_text="Describe the image for people who cannot see it. Required unless decorative.",
    )
    decorative = blocks.BooleanBlock(
        required=False, help_text="Tick only if the image adds no information."
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        label = "Image"
        description = "An image with alt text and an optional caption."
        preview_value = {"alt_text": "Example image", "caption": "A caption"}

    def clean(self, value):
        value = super().clean(value)
        if not value.get("decorative") and not (value.get("alt_text") or "").strip():
            raise StructBlockValidationError(
                block_errors={
                    "alt_text": ErrorList(
                        [ValidationError("Add alt text, or mark the image as decorative.")]
                    )
                }
            )
        return value


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=1000)
    attribution = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        description = "A quotation with its source."
        preview_value = {"quote": "A short quotation.", "attribution": "A person"}


class VideoEmbedBlock(blocks.StructBlock):
    video = EmbedBlock(help_text="A video page link (for example on YouTube or Vimeo).")
    title = blocks.CharBlock(max_length=200, help_text="What the video shows (for screen readers).")
    transcript = blocks.TextBlock(required=False, help_text="A transcript makes it accessible.")

    class Meta:
        icon = "media"
        template = "blocks/video_block.html"
        description = "An embedded video with a title and transcript."


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        choices=[("info", "Information"), ("tip", "Tip"), ("warning", "Warning")], default="info"
    )
    heading = blocks.CharBlock(max_length=120)
    body = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "warning"
        template = "blocks/callout_block.html"
        description = "A highlighted box for an important point."
        preview_value = {"tone": "info", "heading": "Good to know", "body": "<p>Text.</p>"}


class ReferenceBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=300)
    source = blocks.CharBlock(max_length=200, help_text="Journal, organisation or publisher.")
    url = blocks.URLBlock(required=False)
    year = blocks.IntegerBlock(min_value=1900, max_value=2100, required=False)

    class Meta:
        icon = "doc-full"
        label = "Reference"


class ReferencesBlock(blocks.StructBlock):
    references = blocks.ListBlock(ReferenceBlock(), min_num=1)

    class Meta:
        icon = "list-ol"
        template = "blocks/references_block.html"
        label = "References"
        description = "Numbered sources for the content."


class BodyStreamBlock(blocks.StreamBlock):
    rich_text = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, template="blocks/rich_text_block.html", icon="pilcrow"
    )
    image = AccessibleImageBlock()
    quote = QuoteBlock()
    video = VideoEmbedBlock()
    callout = CalloutBlock()
    references = ReferencesBlock()

    class Meta:
        block_counts = {"references": {"max_num": 1}}
