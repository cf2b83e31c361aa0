from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import SafetyCommon


@tagged("post_install", "-at_install")
class TestPhone(SafetyCommon):
    def _contact(self, phone, plan=None, name="Sister"):
        return (
            self.env["safety.emergency.contact"]
            .with_user(self.advocate)
            .create({"plan_id": (plan or self.plan).id, "name": name, "phone_national": phone})
        )

    def _plan_in(self, country_xmlid):
        survivor = (
            self.env["safety.survivor"]
            .with_user(self.advocate)
            .create({"name": "Survivor abroad", "country_id": self.env.ref(country_xmlid).id})
        )
        return self.env["safety.plan"].with_user(self.advocate).create({"survivor_id": survivor.id})

    def test_us_number_stored_e164_shown_national(self):
        contact = self._contact("(415) 555-2671")
        self.assertEqual(contact.phone, "+14155552671")
        self.assertEqual(contact.phone_national, "(415) 555-2671")

    def test_numbers_of_several_countries(self):
        cases = [
            ("base.uk", "020 7946 0958", "+442079460958", "020 7946 0958"),
            ("base.fr", "01 42 68 53 00", "+33142685300", "01 42 68 53 00"),
            ("base.de", "030 901820", "+4930901820", "030 901820"),
            ("base.in", "098765 43210", "+919876543210", "098765 43210"),
        ]
        for country, typed, e164, national in cases:
            with self.subTest(country=country):
                contact = self._contact(typed, plan=self._plan_in(country))
                self.assertEqual(contact.phone, e164)
                self.assertEqual(contact.phone_national, national)

    def test_foreign_number_shown_international(self):
        contact = self._contact("+44 20 7946 0958")
        self.assertEqual(contact.phone, "+442079460958")
        self.assertEqual(contact.phone_national, "+44 20 7946 0958")

    def test_falls_back_to_company_country(self):
        survivor = (
            self.env["safety.survivor"].with_user(self.advocate).create({"name": "No Country"})
        )
        plan = self.env["safety.plan"].with_user(self.advocate).create({"survivor_id": survivor.id})
        self.assertEqual(self._contact("415 555 2671", plan=plan).phone, "+14155552671")

    def test_invalid_numbers_name_contact_and_number(self):
        for number in ("123", "555-0000-00000000", "not a phone", "+1 099 555 1234"):
            with self.subTest(number=number):
                # no savepoint: a contact created before its number is read
                # would stay in the transaction and be found below
                error = self.assertRaisesInTransaction(
                    ValidationError, lambda n=number: self._contact(n, name="Cousin Kim")
                )
                self.assertIn("Cousin Kim", str(error))
                self.assertIn(number, str(error))
                self.assertFalse(
                    self.env["safety.emergency.contact"].search([("name", "=", "Cousin Kim")]),
                    "nothing half-written",
                )
        contact = self._contact("415 555 2671")
        self.assertRaisesInTransaction(
            ValidationError, lambda: contact.write({"name": "Cousin Lee", "phone_national": "12"})
        )
        self.assertEqual(
            (contact.name, contact.phone), ("Sister", "+14155552671"), "nothing half-written"
        )

    def test_invalid_number_on_write(self):
        contact = self._contact("415 555 2671")
        with self.assertRaises(ValidationError):
            contact.phone_national = "12"
        with self.assertRaises(ValidationError):
            contact.phone = "12"

    def test_empty_number_allowed(self):
        contact = self._contact(False)
        self.assertFalse(contact.phone)
        self.assertFalse(contact.phone_national)
        contact.phone_national = "415 555 2671"
        contact.phone_national = ""
        self.assertFalse(contact.phone)

    def test_location_phone(self):
        location = (
            self.env["safety.location"]
            .with_user(self.advocate)
            .create({"plan_id": self.plan.id, "name": "Library", "phone": "415.555.2671"})
        )
        self.assertEqual(location.phone, "+14155552671")
        with self.assertRaises(ValidationError):
            location.phone = "999"

    def test_contacts_ordered_by_priority(self):
        first = self._contact("415 555 2671", name="First")
        second = self._contact("415 555 2672", name="Second")
        self.assertEqual(self.plan.emergency_contact_ids.ids[-2:], [first.id, second.id])
        second.sequence, first.sequence = 1, 2
        self.plan.invalidate_recordset(["emergency_contact_ids"])
        self.assertEqual(self.plan.emergency_contact_ids.ids[:2], [second.id, first.id])

    def test_short_emergency_numbers_of_each_country(self):
        cases = {
            "base.us": ("911", "988", "112"),
            "base.fr": ("15", "17", "18", "112", "115"),
            "base.uk": ("999", "112"),
            "base.de": ("110", "112"),
        }
        for country, numbers in cases.items():
            plan = self._plan_in(country)
            for number in numbers:
                with self.subTest(country=country, number=number):
                    contact = self._contact(number, plan=plan, name="Emergency")
                    self.assertEqual(contact.phone, number, "kept as dialled")
                    self.assertEqual(contact.phone_national, number)
        # a short number of another country is not one here
        with self.assertRaises(ValidationError):
            self._contact("15", name="Samu")

    def test_extension_is_kept_and_printed(self):
        contact = self._contact("(415) 555-0133 ext. 12", name="Office")
        self.assertEqual(contact.phone, "+14155550133;ext=12")
        self.assertEqual(contact.phone_national, "(415) 555-0133 ext. 12")
        contact.is_safe_to_call = True
        card = self.env["safety.card"].with_user(self.advocate).create({"plan_id": self.plan.id})
        numbers = [row["number"] for row in card._card_front_rows()]
        self.assertIn("(415) 555-0133 ext. 12", numbers)
