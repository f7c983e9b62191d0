from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.test import TestCase

from galleries.models import Credit, Crewmember, Photo
from tests.factories import (
    make_agency,
    make_credit,
    make_crew,
    make_crewmember,
    make_license,
    make_mission,
    make_photo,
)


class CreditTests(TestCase):
    def test_display_text_is_photographer_slash_organization(self):
        assert str(make_credit(photographer="Victor Zelentsov", organization="NASA")) == "Victor Zelentsov/NASA"

    def test_display_text_without_photographer_is_the_organization(self):
        assert str(make_credit(photographer="", organization="Roscosmos")) == "Roscosmos"

    def test_same_photographer_and_organization_twice_is_refused(self):
        make_credit(photographer="Joel Kowsky", organization="NASA")
        with pytest.raises(IntegrityError, match="(?i)unique"), transaction.atomic():
            make_credit(photographer="Joel Kowsky", organization="NASA")

    def test_credit_in_use_cannot_be_deleted(self):
        photo = make_photo(renditions=False)
        with pytest.raises(ProtectedError, match="protected foreign keys"):
            photo.credit.delete()
        assert Credit.objects.filter(pk=photo.credit.pk).exists()

    def test_unused_credit_can_be_deleted(self):
        credit = make_credit()
        credit.delete()
        assert not Credit.objects.filter(pk=credit.pk).exists()


class ProtectedDeleteTests(TestCase):
    def test_license_in_use_cannot_be_deleted(self):
        license = make_license()
        make_credit(default_license=license)
        with pytest.raises(ProtectedError, match="protected foreign keys"):
            license.delete()

    def test_agency_with_crewmembers_cannot_be_deleted(self):
        agency = make_agency()
        make_crewmember(agency=agency)
        with pytest.raises(ProtectedError, match="protected foreign keys"):
            agency.delete()

    def test_crewmember_on_a_crew_cannot_be_deleted(self):
        person = make_crewmember()
        make_crew(make_mission(), person)
        with pytest.raises(ProtectedError, match="protected foreign keys"):
            person.delete()


class OrderingTests(TestCase):
    def test_two_photos_cannot_share_a_position_in_one_mission(self):
        mission = make_mission()
        make_photo(mission=mission, position=0, renditions=False)
        with pytest.raises(IntegrityError, match="(?i)unique"), transaction.atomic():
            make_photo(mission=mission, position=0, renditions=False)

    def test_in_order_sorts_by_position(self):
        mission = make_mission()
        late = make_photo(mission=mission, position=5, renditions=False)
        early = make_photo(mission=mission, position=1, renditions=False)
        assert list(mission.photos.in_order()) == [early, late]

    def test_next_position_follows_the_last_photo(self):
        mission = make_mission()
        assert Photo.objects.next_position(mission) == 0
        make_photo(mission=mission, position=7, renditions=False)
        assert Photo.objects.next_position(mission) == 8


class CrewmemberLookupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.serena = make_crewmember(name="Serena Auñón-Chancellor")
        make_crewmember(name="Oleg Kononenko")

    def test_name_without_accents_finds_the_accented_name(self):
        assert list(Crewmember.objects.matching("Aunon-Chancellor")) == [self.serena]

    def test_lookup_ignores_case_and_accents_in_the_query(self):
        assert list(Crewmember.objects.matching("AUÑÓN")) == [self.serena]
        assert list(Crewmember.objects.matching("serena aunon")) == [self.serena]

    def test_renaming_updates_the_folded_name(self):
        self.serena.name = "Serena Maria Auñón-Chancellor"
        self.serena.save(update_fields=["name"])
        assert list(Crewmember.objects.matching("maria aunon")) == [self.serena]
