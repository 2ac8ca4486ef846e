"""Profile and content validation: NPI, disclosures, alt text."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from physicians.factories import PhysicianDisclosureFactory, synthetic_npi
from physicians.validators import npi_is_valid, validate_npi
from portal.core.blocks import AccessibleImageBlock, BodyStreamBlock

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("number", ["1234567893", synthetic_npi(7), synthetic_npi(424242)])
def test_valid_npis_pass_the_luhn_check_over_80840(number):
    """The CMS example and synthetic numbers with a computed check digit are valid."""
    assert npi_is_valid(number)
    validate_npi(number)


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("1234567890", "check digit is wrong"),
        ("123456789", "exactly 10 digits"),
        ("12345678901", "exactly 10 digits"),
        ("12345 6789", "exactly 10 digits"),
        ("12345678a3", "exactly 10 digits"),
        ("\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19\uff13", "exactly 10 digits"),
    ],
)
def test_invalid_npis_are_refused_with_a_clear_message(number, message):
    """Wrong length, non-digits (even full-width digits) and bad check digits."""
    assert not npi_is_valid(number)
    with pytest.raises(ValidationError, match=message):
        validate_npi(number)


def test_profile_with_an_invalid_npi_cannot_be_saved(make_physician):
    """The model refuses it with the NPI message, on the npi field."""
    profile = make_physician()
    profile.npi = "1234567890"
    with pytest.raises(ValidationError) as error:
        profile.full_clean()
    assert "check digit is wrong" in str(error.value.message_dict["npi"])


def test_profile_without_any_disclosure_statement_is_refused(make_physician):
    """Neither relationships nor the 'no relevant relationships' statement: refused."""
    profile = make_physician()
    profile.no_relevant_financial_relationships = False
    with pytest.raises(ValidationError) as error:
        profile.full_clean()
    message = str(error.value.message_dict["no_relevant_financial_relationships"])
    assert "Add your financial relationships" in message


def test_profile_cannot_claim_no_relationships_while_listing_some(make_physician):
    """Contradictory disclosures are refused too."""
    profile = make_physician()
    profile.disclosures.add(PhysicianDisclosureFactory.build(profile=profile))
    with pytest.raises(ValidationError, match="untick"):
        profile.full_clean()


def test_profile_with_listed_relationships_is_valid(make_physician):
    """Listing relationships is a complete disclosure."""
    profile = make_physician()
    profile.no_relevant_financial_relationships = False
    profile.disclosures.add(PhysicianDisclosureFactory.build(profile=profile))
    profile.full_clean()


def test_disclosure_end_before_start_is_refused():
    """A relationship cannot end before it started."""
    disclosure = PhysicianDisclosureFactory.build(end_date="2020-01-01", start_date="2021-01-01")
    from datetime import date

    disclosure.start_date, disclosure.end_date = date(2021, 1, 1), date(2020, 1, 1)
    with pytest.raises(ValidationError, match="on or after the start date"):
        disclosure.clean()


def _image() -> Image:
    return Image.objects.create(title="Test", file=get_test_image_file())


def test_profile_photo_needs_alt_text(make_physician):
    """A photo without a description is refused."""
    profile = make_physician()
    profile.photo = _image()
    profile.photo_alt = " "
    with pytest.raises(ValidationError, match="Describe the photo"):
        profile.full_clean()


def test_image_block_without_alt_text_cannot_be_saved():
    """The shared image block refuses empty alt text unless marked decorative."""
    block = AccessibleImageBlock()
    image = _image()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"image": image.pk, "alt_text": "", "decorative": False}))
    block.clean(block.to_python({"image": image.pk, "alt_text": "", "decorative": True}))
    block.clean(block.to_python({"image": image.pk, "alt_text": "A chart", "decorative": False}))


def test_body_stream_refuses_an_image_without_alt_text():
    """The refusal surfaces through the whole body field, as the editor would see it."""
    stream = BodyStreamBlock()
    value = stream.to_python([{"type": "image", "value": {"image": _image().pk, "alt_text": ""}}])
    with pytest.raises(ValidationError):
        stream.clean(value)


def test_profile_account_must_have_the_physician_role(site_pages, admin_user):
    """An administrator cannot attach a profile to a patient's account."""
    from physicians.admin_forms import PhysicianProfileForm
    from physicians.models import PhysicianProfilePage
    from tests.factories import UserFactory

    patient = UserFactory(roles=["Patient"])
    form_class = PhysicianProfilePage.get_edit_handler().get_form_class()
    form = form_class(
        data={"title": "Dr Nobody", "slug": "dr-nobody", "user": patient.pk, "npi": "1234567893"},
        instance=PhysicianProfilePage(),
        parent_page=site_pages["directory"],
        for_user=admin_user,
    )
    assert issubclass(form_class, PhysicianProfileForm)
    assert not form.is_valid()
    assert "must have the Physician role" in str(form.errors)
