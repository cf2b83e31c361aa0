import base64
import csv
import io
import zipfile

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import SafetyCommon

MODULE = "victim_safety_planning"
CONFIDENTIAL_STREETS = ("12 Refuge Lane", "7 Rue des Tilleuls")
ORG = "aa000000-0000-4000-8000-000000000001"
TAXONOMY = "6f3c4a1e-5b8d-4e27-9a0f-2d1c7b9e4a01"


def csv_text(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(rows)
    return buffer.getvalue()


def zip_of(tables):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, rows in tables.items():
            archive.writestr(f"{name}.csv", csv_text(rows))
    return buffer.getvalue()


def tables_of(content):
    """{table: sorted rows} of an HSDS zip, to compare two exports."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    return {
        name.removesuffix(".csv"): sorted(
            tuple(sorted(row.items()))
            for row in csv.DictReader(io.StringIO(archive.read(name).decode()))
        )
        for name in archive.namelist()
        if name.endswith(".csv")
    }


@tagged("post_install", "-at_install")
class TestDirectory(SafetyCommon):
    """The resource directory in Open Referral HSDS 3.0: what is exported
    comes back the same, confidential addresses never leave, bad rows are
    named one by one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Wizard = cls.env["safety.directory.wizard"].with_user(cls.manager)

    def _snapshot(self, company):
        """The directory of ``company`` as plain values, by HSDS id."""
        Partner = self.env["res.partner"]
        partners = Partner.search([("safety_hsds_id", "!=", False)])
        sites = self.env["safety.location"].search(
            [("plan_id", "=", False), ("company_id", "=", company.id)]
        )
        services = self.env["safety.resource.service"].search([("company_id", "=", company.id)])
        return {
            "organizations": {
                p.safety_hsds_id: (p.name, p.safety_resource_type, p.email, p.website, p.phone)
                for p in partners
            },
            "sites": {
                s.hsds_id: (
                    s.name,
                    s.partner_id.safety_hsds_id,
                    s.street,
                    s.street2,
                    s.city,
                    s.zip,
                    s.state_id.code,
                    s.country_id.code,
                    s.phone,
                    s.is_address_confidential,
                )
                for s in sites
            },
            "services": {
                s.hsds_id: (
                    s.name,
                    s.partner_id.safety_hsds_id,
                    s.description,
                    s.status,
                    s.phone,
                    tuple(sorted(s.location_ids.mapped("hsds_id"))),
                )
                for s in services
            },
        }

    def test_demo_directory_came_from_hsds(self):
        shelter = self.env.ref(f"{MODULE}.demo_resource_shelter")
        self.assertTrue(shelter.safety_hsds_id)
        self.assertEqual(shelter.safety_resource_type, "shelter")
        self.assertFalse(shelter.street, "a shelter's address is never on its contact")
        sites = shelter.with_user(self.advocate).safety_site_ids
        self.assertEqual(
            {(s.street, s.is_address_confidential) for s in sites},
            {("PO Box 4410", False), ("12 Refuge Lane", True)},
        )
        helene = self.env.ref(f"{MODULE}.demo_resource_shelter_fr")
        self.assertTrue(helene.safety_site_ids.is_address_confidential)
        self.assertTrue(self.env.ref(f"{MODULE}.demo_service_counseling_individual").location_ids)
        names = self.env["res.partner"].search([("safety_hsds_id", "!=", False)]).mapped("name")
        self.assertIn("华人家庭服务中心", names)
        self.assertIn("Общественный центр «Надежда»", names)

    def test_round_trip(self):
        """Export, import into another agency: the same directory, minus the
        sites whose address is confidential; exported again, the same files."""
        content = self.Wizard._hsds_export_zip()
        archive = zipfile.ZipFile(io.BytesIO(content))
        files = b"".join(archive.read(name) for name in archive.namelist())
        for street in CONFIDENTIAL_STREETS:
            self.assertNotIn(street.encode(), files, "a confidential address never leaves")
        self.assertIn("Harbor House \u2013 mailing address".encode(), files)
        company = self.env.company
        before = self._snapshot(company)
        other = self.env["res.company"].create({"name": "Agence du Littoral"})
        self.manager.company_ids += other
        report = self.Wizard.with_company(other)._hsds_import(self.Wizard._read_zip(content))
        self.assertEqual(report["errors"], [])
        after = self._snapshot(other)
        self.assertEqual(after["organizations"], before["organizations"])
        expected_sites = {key: values for key, values in before["sites"].items() if not values[-1]}
        self.assertEqual(after["sites"], expected_sites)
        self.assertEqual(
            after["services"],
            {
                key: (*values[:-1], tuple(loc for loc in values[-1] if loc in expected_sites))
                for key, values in before["services"].items()
            },
        )
        self.assertEqual(
            tables_of(self.Wizard.with_company(other)._hsds_export_zip()), tables_of(content)
        )
        # imported again into the first agency: nothing changes
        report = self.Wizard._hsds_import(self.Wizard._read_zip(content))
        self.assertEqual(report["errors"], [])
        self.assertEqual(self._snapshot(company), before)

    def test_bad_rows_are_named_and_the_others_imported(self):
        tables = {
            "organization": [
                ["id", "name", "description"],
                [ORG, "Fundación Ñandú", ""],
                ["", "No Identifier", ""],
                ["aa000000-0000-4000-8000-000000000002", "", ""],
                [ORG, "Twice", ""],
            ],
            "service": [
                ["id", "organization_id", "name", "status"],
                ["bb000000-0000-4000-8000-000000000001", ORG, "Acompañamiento", "active"],
                ["bb000000-0000-4000-8000-000000000002", "no-such-org", "Orphan", "active"],
                ["bb000000-0000-4000-8000-000000000003", ORG, "Odd", "sometimes"],
            ],
            "location": [
                ["id", "location_type", "organization_id", "name"],
                ["cc000000-0000-4000-8000-000000000001", "physical", ORG, "Sede"],
                ["cc000000-0000-4000-8000-000000000002", "physical", ORG, "Nowhere"],
            ],
            "address": [
                [
                    "id",
                    "location_id",
                    "address_1",
                    "city",
                    "state_province",
                    "postal_code",
                    "country",
                    "address_type",
                ],
                [
                    "dd1",
                    "cc000000-0000-4000-8000-000000000001",
                    "3 Plaza Mayor",
                    "Riverside",
                    "CA",
                    "94999",
                    "US",
                    "physical",
                ],
                [
                    "dd2",
                    "cc000000-0000-4000-8000-000000000002",
                    "1 Lane",
                    "Elm",
                    "",
                    "",
                    "Narnia",
                    "physical",
                ],
            ],
            "phone": [
                ["id", "organization_id", "service_id", "location_id", "number"],
                ["ee1", ORG, "", "", "(415) 555-0150"],
                ["ee2", "", "", "cc000000-0000-4000-8000-000000000001", "12"],
                ["ee3", "", "", "", "(415) 555-0151"],
            ],
            "taxonomy": [["id", "name"], [TAXONOMY, "victim_safety_planning"]],
            "taxonomy_term": [
                ["id", "code", "name", "taxonomy_id"],
                ["t1", "legal_aid", "Legal aid", TAXONOMY],
                ["t2", "witchcraft", "Witchcraft", TAXONOMY],
            ],
            "attribute": [
                ["id", "link_id", "taxonomy_term_id", "link_type", "link_entity"],
                ["a1", ORG, "t1", "resource_type", "organization"],
                ["a2", ORG, "t2", "resource_type", "organization"],
            ],
        }
        wizard = self.Wizard.create(
            {"file": base64.b64encode(zip_of(tables)), "filename": "directory.zip"}
        )
        wizard.action_import()
        errors = self.Wizard._hsds_import(self.Wizard._read_zip(zip_of(tables)))["errors"]
        where = [(file, line) for file, line, _message in errors]
        self.assertEqual(
            sorted(where),
            sorted(
                [
                    ("attribute.csv", 3),
                    ("organization.csv", 3),
                    ("organization.csv", 4),
                    ("organization.csv", 5),
                    ("service.csv", 3),
                    ("service.csv", 4),
                    ("location.csv", 3),
                    ("phone.csv", 3),
                    ("phone.csv", 4),
                ]
            ),
        )
        messages = {(file, line): message for file, line, message in errors}
        self.assertIn("“id” is empty", messages["organization.csv", 3])
        self.assertIn("“name” is empty", messages["organization.csv", 4])
        self.assertIn("used twice", messages["organization.csv", 5])
        self.assertIn("no-such-org", messages["service.csv", 3])
        self.assertIn("sometimes", messages["service.csv", 4])
        self.assertIn("Narnia", messages["location.csv", 3])
        self.assertIn("“12”", messages["phone.csv", 3])
        self.assertIn("belongs to nothing", messages["phone.csv", 4])
        self.assertIn("witchcraft", messages["attribute.csv", 3])
        # the good rows are in
        partner = self.env["res.partner"].search([("safety_hsds_id", "=", ORG)])
        self.assertEqual(
            (partner.name, partner.safety_resource_type, partner.phone),
            ("Fundación Ñandú", "legal_aid", "(415) 555-0150"),
        )
        self.assertEqual(partner.safety_service_ids.mapped("name"), ["Acompañamiento"])
        self.assertEqual(partner.safety_site_ids.mapped("street"), ["3 Plaza Mayor"])
        # the wizard says it in its result
        self.assertIn("Narnia", wizard.result)
        self.assertIn("o_safety_hsds_errors", wizard.result)

    def test_files_that_are_not_a_directory(self):
        with self.assertRaisesRegex(UserError, "not a zip archive"):
            self.Wizard._read_zip(b"id,name\n1,x\n")
        with self.assertRaisesRegex(UserError, "organization.csv"):
            self.Wizard._read_zip(zip_of({"service": [["id"], ["1"]]}))
        with self.assertRaisesRegex(UserError, "HSDS Zip File"):
            self.Wizard.create({}).action_import()

    def test_a_shelter_s_street_goes_to_its_site_only(self):
        tables = {
            "organization": [["id", "name"], [ORG, "Refugio Luz"]],
            "location": [
                ["id", "location_type", "organization_id", "name"],
                ["cc9", "physical", ORG, "Casa"],
            ],
            "address": [
                ["id", "location_id", "address_1", "city", "country", "address_type"],
                ["dd9", "cc9", "5 Hidden Path", "Riverside", "US", "physical"],
            ],
        }
        report = self.Wizard._hsds_import(self.Wizard._read_zip(zip_of(tables)), "shelter")
        self.assertEqual(report["errors"], [])
        partner = self.env["res.partner"].search([("safety_hsds_id", "=", ORG)])
        self.assertEqual(partner.safety_resource_type, "shelter", "the wizard's default type")
        self.assertFalse(partner.street)
        site = partner.safety_site_ids
        self.assertTrue(site.is_address_confidential)
        archive = zipfile.ZipFile(io.BytesIO(self.Wizard._hsds_export_zip()))
        self.assertNotIn(b"5 Hidden Path", b"".join(archive.read(n) for n in archive.namelist()))
        # outsiders can't read it; a plan's safe place takes it from the directory
        with self.assertRaises(AccessError):
            site.with_user(self.outsider).read(["street"])
        form = Form(self.plan.with_user(self.advocate))
        with form.location_ids.new() as place:
            place.partner_id = partner
            self.assertEqual(place.street, "5 Hidden Path")
            self.assertTrue(place.is_address_confidential)
        form.save()
        self.assertTrue(self.plan.location_ids.filtered("is_address_confidential"))

    def test_who_keeps_the_directory(self):
        site = self.env.ref(f"{MODULE}.demo_resource_shelter").safety_site_ids[:1]
        service = self.env.ref(f"{MODULE}.demo_service_shelter")
        # every member reads it
        self.assertTrue(site.with_user(self.advocate_other).read(["street"]))
        self.assertTrue(service.with_user(self.advocate).read(["name"]))
        # advocates don't change it; supervisors do
        with self.assertRaises(AccessError):
            site.with_user(self.advocate).write({"name": "Moved"})
        with self.assertRaises(AccessError):
            service.with_user(self.advocate).write({"name": "Renamed"})
        service.with_user(self.supervisor).write({"description": "Pets welcome"})
        site.with_user(self.supervisor).write({"is_open_24_7": True})
        # a plan's safe places are not the directory's
        self.assertFalse(
            self.env["safety.location"]
            .with_user(self.advocate_other)
            .search([("plan_id", "!=", False), ("id", "in", self.plan.location_ids.ids)])
        )
        # only managers import and export
        wizard = self.env["safety.directory.wizard"].with_user(self.manager).create({})
        with self.assertRaisesRegex(UserError, "managers"):
            wizard.with_user(self.supervisor).action_export()
        for user in (self.supervisor, self.outsider):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["safety.directory.wizard"].with_user(user).create({"mode": "export"})
        with self.assertRaises(AccessError):
            self.env["safety.resource.service"].with_user(self.outsider).search([])
        with self.assertRaises(AccessError):
            site.with_user(self.outsider).read(["name"])
        # the export wizard hands a file
        exported = self.Wizard.create({"mode": "export"})
        exported.action_export()
        self.assertTrue(exported.export_filename.endswith(".zip"))
        self.assertIn("organization", tables_of(base64.b64decode(exported.export_file)))

    def test_a_new_member_sees_the_directory_site_form(self):
        user = mail_new_test_user(
            self.env, login="dir_new", groups=f"{MODULE}.group_safety_supervisor"
        )
        form = Form(
            self.env["safety.location"].with_user(user).with_context(default_plan_id=False),
            view=f"{MODULE}.safety_location_view_form_directory",
        )
        form.name = "Sede Norte"
        form.partner_id = self.env.ref(f"{MODULE}.demo_resource_legal")
        site = form.save()
        self.assertFalse(site.plan_id)
        self.assertEqual(site.company_id, self.env.company)
        self.assertIn(site, self.env["safety.location"].search([("plan_id", "=", False)]))
