import base64
import csv
import io
import json
import uuid
import zipfile

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import file_open, file_path, html2plaintext
from odoo.tools.misc import format_date

# HSDS 3.0 tables and the columns this directory reads and writes (a subset
# of each table's fields; other columns of an imported file are ignored).
HSDS_COLUMNS = {
    "organization": ["id", "name", "alternate_name", "description", "email", "website"],
    "service": [
        "id",
        "organization_id",
        "name",
        "alternate_name",
        "description",
        "url",
        "email",
        "status",
    ],
    "location": ["id", "location_type", "organization_id", "name", "description"],
    "address": [
        "id",
        "location_id",
        "address_1",
        "address_2",
        "city",
        "state_province",
        "postal_code",
        "country",
        "address_type",
    ],
    "phone": ["id", "organization_id", "service_id", "location_id", "number", "extension", "type"],
    "service_at_location": ["id", "service_id", "location_id"],
    "taxonomy": ["id", "name", "description", "version"],
    "taxonomy_term": ["id", "code", "name", "description", "taxonomy_id"],
    "attribute": ["id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"],
}
# Our own taxonomy: the kind of resource organisation, and the mark of a site
# whose address is confidential (a shelter's).
TAXONOMY_ID = "6f3c4a1e-5b8d-4e27-9a0f-2d1c7b9e4a01"
TAXONOMY_NAME = "victim_safety_planning"
CONFIDENTIAL_CODE = "confidential-address"
NAMESPACE = uuid.UUID("0b7e6c52-8c1f-4f0e-9d53-6a2b1e4f7c90")
# A site's kind of place, after its organisation's kind.
LOCATION_TYPE_BY_RESOURCE = {
    "shelter": "shelter",
    "law_enforcement": "police",
    "medical": "hospital",
}
DEMO_DIRECTORY = "victim_safety_planning/demo/hsds"
# The demo's organisations, by HSDS id: the demo plans name them by XML id.
DEMO_XMLIDS = {
    "1a0c2f64-0001-4d3a-8c11-5a9e0b7d2001": "demo_resource_shelter",
    "1a0c2f64-0002-4d3a-8c11-5a9e0b7d2002": "demo_resource_police",
    "1a0c2f64-0003-4d3a-8c11-5a9e0b7d2003": "demo_resource_counseling",
    "1a0c2f64-0004-4d3a-8c11-5a9e0b7d2004": "demo_resource_legal",
    "1a0c2f64-0005-4d3a-8c11-5a9e0b7d2005": "demo_resource_hotline",
    "1a0c2f64-0006-4d3a-8c11-5a9e0b7d2006": "demo_resource_advocacy",
    "1a0c2f64-0007-4d3a-8c11-5a9e0b7d2007": "demo_resource_medical",
    "1a0c2f64-0008-4d3a-8c11-5a9e0b7d2008": "demo_resource_legal_es",
    "1a0c2f64-0009-4d3a-8c11-5a9e0b7d2009": "demo_resource_shelter_fr",
}
# and the services the demo referrals ask for
DEMO_SERVICE_XMLIDS = {
    "82d75606-1c69-599a-9574-6a3eb8df5d1c": "demo_service_counseling_individual",
    "062a83dc-99fc-57c0-993e-6d9544f679f4": "demo_service_legal_protective_order",
    "d430c7c0-f2e4-5946-9862-cdb2e72264bc": "demo_service_advocacy_court",
    "97aaef64-4ad8-500c-ba51-0efcfa617d5c": "demo_service_shelter",
    "3e47c37d-5ffe-5da7-92c9-191ada660b76": "demo_service_shelter_fr",
    "93839197-01b6-5693-afea-a09d61ef7298": "demo_service_legal_es_protective_order",
    "e85c72be-411e-5257-bef5-0beca544eac0": "demo_service_medical_exam",
    "e7a46491-b041-5cdc-a79e-4f120e5c1003": "demo_service_counseling_group",
}


class RowError(Exception):
    """A row that can't be imported: said in the wizard, the others go on."""


class SafetyDirectoryWizard(models.TransientModel):
    """Import and export the resource directory (organisations, their
    services, sites and phones) as Open Referral HSDS 3.0 CSV files in a
    zip, as agencies and 211 lines exchange them. A shelter's confidential
    address is never exported; imported, it goes to the directory's site,
    which only Safety Planning members read, never to the organisation's
    contact."""

    _name = "safety.directory.wizard"
    _description = "Resource Directory (HSDS)"

    mode = fields.Selection(
        [("import", "Import"), ("export", "Export")], required=True, default="import"
    )
    file = fields.Binary(string="HSDS Zip File", attachment=False)
    filename = fields.Char()
    default_resource_type = fields.Selection(
        selection=lambda self: self.env["res.partner"]
        ._fields["safety_resource_type"]
        ._description_selection(self.env),
        string="Type of Organisations Not Typed",
        default="advocacy",
        help="The Safety Resource type of imported organisations the file gives no type "
        "(a 211 directory does not use ours).",
    )
    export_file = fields.Binary(string="Directory", readonly=True, attachment=False)
    export_filename = fields.Char(readonly=True)
    result = fields.Html(readonly=True, sanitize=True)
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft")

    # actions ----------------------------------------------------------------------
    def action_import(self):
        self.ensure_one()
        self._check_manager()
        if not self.file:
            raise UserError(self.env._("Choose the HSDS zip file to import in “HSDS Zip File”."))
        tables = self._read_zip(base64.b64decode(self.file))
        report = self._hsds_import(tables, self.default_resource_type)
        self.write({"result": self._result_html(report), "state": "done"})
        return self._reopen()

    def action_export(self):
        self.ensure_one()
        self._check_manager()
        content = self._hsds_export_zip()
        today = fields.Date.context_today(self)
        self.write(
            {
                "export_file": base64.b64encode(content),
                "export_filename": f"hsds-directory-{today.isoformat()}.zip",
                "state": "done",
                "result": Markup("<p>%s</p>")
                % self.env._(
                    "Directory exported on %(date)s. Confidential addresses (shelters) are "
                    "not in it.",
                    date=format_date(self.env, today),
                ),
            }
        )
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    def _check_manager(self):
        if not self.env.user.has_group("victim_safety_planning.group_safety_manager"):
            raise UserError(
                self.env._("Only Safety Planning managers import and export the directory.")
            )

    # reading ----------------------------------------------------------------------
    @api.model
    def _read_zip(self, content):
        """The HSDS tables of a zip: {table: [(row number, {column: value})]}."""
        try:
            archive = zipfile.ZipFile(io.BytesIO(content))
        except zipfile.BadZipFile:
            raise UserError(
                self.env._(
                    "The file is not a zip archive: export the directory as HSDS CSV files "
                    "in a zip (organization.csv, service.csv, location.csv...)."
                )
            ) from None
        texts = {}
        for name in archive.namelist():
            table = name.rsplit("/", 1)[-1].removesuffix(".csv")
            if name.endswith(".csv") and table in HSDS_COLUMNS:
                texts[table] = archive.read(name).decode("utf-8-sig")
        return self._parse_tables(texts)

    @api.model
    def _parse_tables(self, texts):
        if "organization" not in texts:
            raise UserError(
                self.env._(
                    "The zip holds no organization.csv: an HSDS directory lists its "
                    "organisations there."
                )
            )
        tables = {}
        for table, text in texts.items():
            reader = csv.DictReader(io.StringIO(text))
            tables[table] = [
                (number, {key.strip(): (value or "").strip() for key, value in row.items() if key})
                for number, row in enumerate(reader, start=2)
            ]
        return tables

    # importing --------------------------------------------------------------------
    @api.model
    def _hsds_import(self, tables, default_type="advocacy"):
        """Import the tables; every row that can't be imported is reported
        with its file, line and why, and the others are imported. Returns
        {"counts": {table: n}, "errors": [(file, line, message)]}."""
        company = self.env.company
        report = {"counts": dict.fromkeys(HSDS_COLUMNS, 0), "errors": []}
        terms = self._import_terms(tables, report)
        # what the directory already holds, by HSDS id: one query per table
        wizard = self.with_context(safety_hsds_existing=self._existing_records(tables, company))
        partners, services, locations = {}, {}, {}
        for number, row in tables.get("organization", []):
            wizard._import_row(
                report,
                "organization",
                number,
                lambda row=row: wizard._import_organization(row, terms, default_type, partners),
            )
        addresses = {}
        for number, row in tables.get("address", []):
            location_id = row.get("location_id")
            # a site has one address: its physical one, else its postal one
            if location_id and (
                location_id not in addresses or row.get("address_type") == "physical"
            ):
                addresses[location_id] = (number, row)
        for number, row in tables.get("location", []):
            wizard._import_row(
                report,
                "location",
                number,
                lambda row=row: wizard._import_location(
                    row, terms, partners, addresses, locations, company
                ),
            )
        for number, row in tables.get("service", []):
            wizard._import_row(
                report,
                "service",
                number,
                lambda row=row: wizard._import_service(row, partners, services, company),
            )
        for number, row in tables.get("service_at_location", []):
            wizard._import_row(
                report,
                "service_at_location",
                number,
                lambda row=row: wizard._import_link(row, services, locations),
            )
        for number, row in tables.get("phone", []):
            wizard._import_row(
                report,
                "phone",
                number,
                lambda row=row: wizard._import_phone(row, partners, services, locations),
            )
        report["counts"]["address"] = len(addresses)
        return report

    @api.model
    def _existing_records(self, tables, company):
        def ids(table):
            return [row.get("id") for _number, row in tables.get(table, []) if row.get("id")]

        with_archived = {"active_test": False}
        partners = (
            self.env["res.partner"]
            .with_context(**with_archived)
            .search([("safety_hsds_id", "in", ids("organization"))])
        )
        locations = self.env["safety.location"].search(
            [
                ("plan_id", "=", False),
                ("company_id", "=", company.id),
                ("hsds_id", "in", ids("location")),
            ]
        )
        services = (
            self.env["safety.resource.service"]
            .with_context(**with_archived)
            .search([("company_id", "=", company.id), ("hsds_id", "in", ids("service"))])
        )
        return {
            "organization": {p.safety_hsds_id: p.id for p in partners},
            "location": {loc.hsds_id: loc.id for loc in locations},
            "service": {s.hsds_id: s.id for s in services},
        }

    def _existing(self, table, hsds_id, model_name):
        record_id = self.env.context.get("safety_hsds_existing", {}).get(table, {}).get(hsds_id)
        return (
            self.env[model_name].with_context(active_test=False).browse(record_id)
            if record_id
            else False
        )

    def _import_row(self, report, table, number, function):
        try:
            with self.env.cr.savepoint():
                function()
                self.env.flush_all()
        except RowError as error:
            report["errors"].append((f"{table}.csv", number, str(error)))
            return
        except (ValidationError, UserError) as error:
            report["errors"].append((f"{table}.csv", number, error.args[0]))
            self.env.invalidate_all()
            return
        report["counts"][table] += 1

    def _require(self, row, *columns):
        for column in columns:
            if not row.get(column):
                raise RowError(
                    self.env._("“%(column)s” is empty: an HSDS row needs it.", column=column)
                )

    @api.model
    def _import_terms(self, tables, report):
        """What our taxonomy says of each organisation and site: {link_id:
        {codes}}; attributes of other taxonomies are left alone."""
        own_taxonomies = {
            row.get("id")
            for _n, row in tables.get("taxonomy", [])
            if row.get("name") == TAXONOMY_NAME
        } | {TAXONOMY_ID}
        codes = {
            row.get("id"): row.get("code")
            for _n, row in tables.get("taxonomy_term", [])
            if row.get("taxonomy_id") in own_taxonomies
        }
        report["counts"]["taxonomy"] = len(
            own_taxonomies & {r.get("id") for _n, r in tables.get("taxonomy", [])}
        )
        report["counts"]["taxonomy_term"] = len(codes)
        resource_types = dict(
            self.env["res.partner"]._fields["safety_resource_type"]._description_selection(self.env)
        )
        linked = {}
        for number, row in tables.get("attribute", []):
            code = codes.get(row.get("taxonomy_term_id"))
            if not code:
                continue
            if code not in resource_types and code != CONFIDENTIAL_CODE:
                report["errors"].append(
                    (
                        "attribute.csv",
                        number,
                        self.env._(
                            "Unknown term “%(code)s” of taxonomy %(taxonomy)s: use a resource "
                            "type (%(types)s) or %(confidential)s.",
                            code=code,
                            taxonomy=TAXONOMY_NAME,
                            types=", ".join(resource_types),
                            confidential=CONFIDENTIAL_CODE,
                        ),
                    )
                )
                continue
            linked.setdefault(row.get("link_id"), set()).add(code)
            report["counts"]["attribute"] += 1
        return linked

    def _import_organization(self, row, terms, default_type, partners):
        self._require(row, "id", "name")
        hsds_id = row["id"]
        if hsds_id in partners:
            raise RowError(self.env._("The id %(id)s is used twice.", id=hsds_id))
        resource_types = dict(
            self.env["res.partner"]._fields["safety_resource_type"]._description_selection(self.env)
        )
        kinds = [code for code in terms.get(hsds_id, ()) if code in resource_types]
        Partner = self.env["res.partner"].with_context(active_test=False)
        partner = self._existing("organization", hsds_id, "res.partner") or Partner.search(
            [
                ("safety_resource_type", "!=", False),
                ("is_company", "=", True),
                ("name", "=ilike", row["name"]),
            ],
            limit=1,
        )
        values = {
            "name": row["name"],
            "is_company": True,
            "safety_hsds_id": hsds_id,
            "email": row.get("email") or False,
            "website": row.get("website") or False,
            "comment": row.get("description") or False,
        }
        if kinds or not partner.safety_resource_type:
            values["safety_resource_type"] = kinds[0] if kinds else default_type
        if partner:
            partner.write(values)
        else:
            partner = Partner.create(values)
        partners[hsds_id] = partner

    def _import_location(self, row, terms, partners, addresses, locations, company):
        self._require(row, "id", "organization_id")
        hsds_id = row["id"]
        if hsds_id in locations:
            raise RowError(self.env._("The id %(id)s is used twice.", id=hsds_id))
        partner = self._partner(row["organization_id"], partners)
        confidential = CONFIDENTIAL_CODE in terms.get(hsds_id, ())
        values = {
            "name": row.get("name") or partner.name,
            "partner_id": partner.id,
            "plan_id": False,
            "company_id": company.id,
            "hsds_id": hsds_id,
            "location_type": LOCATION_TYPE_BY_RESOURCE.get(
                partner.safety_resource_type, "community"
            ),
            "notes": row.get("description") or False,
        }
        _number, address = addresses.get(hsds_id, (None, {}))
        if address:
            # a shelter's street address is confidential unless the file says
            # otherwise by giving only a postal one
            confidential = confidential or (
                partner.safety_resource_type == "shelter"
                and address.get("address_type", "physical") == "physical"
            )
            values.update(self._address_values(address))
        values["is_address_confidential"] = confidential
        Location = self.env["safety.location"]
        location = self._existing("location", hsds_id, "safety.location")
        if location:
            location.write(values)
        else:
            location = Location.create(values)
        locations[hsds_id] = location

    def _address_values(self, row):
        country = self.env["res.country"]
        if row.get("country"):
            country = country.search([("code", "=ilike", row["country"])], limit=1)
            if not country:
                raise RowError(
                    self.env._(
                        "Unknown country “%(country)s” in address %(id)s: use its two-letter "
                        "ISO code, e.g. US.",
                        country=row["country"],
                        id=row.get("id"),
                    )
                )
        state = self.env["res.country.state"]
        if row.get("state_province") and country:
            state = state.search(
                [
                    ("country_id", "=", country.id),
                    "|",
                    ("code", "=ilike", row["state_province"]),
                    ("name", "=ilike", row["state_province"]),
                ],
                limit=1,
            )
        return {
            "street": row.get("address_1") or False,
            "street2": row.get("address_2") or False,
            "city": row.get("city") or False,
            "zip": row.get("postal_code") or False,
            "state_id": state.id,
            "country_id": country.id,
        }

    def _import_service(self, row, partners, services, company):
        self._require(row, "id", "organization_id", "name")
        hsds_id = row["id"]
        if hsds_id in services:
            raise RowError(self.env._("The id %(id)s is used twice.", id=hsds_id))
        partner = self._partner(row["organization_id"], partners)
        statuses = dict(self.env["safety.resource.service"]._fields["status"].selection)
        status = row.get("status") or "active"
        if status not in statuses:
            raise RowError(
                self.env._(
                    "Unknown status “%(status)s”: HSDS services are %(statuses)s.",
                    status=status,
                    statuses=", ".join(statuses),
                )
            )
        values = {
            "name": row["name"],
            "partner_id": partner.id,
            "hsds_id": hsds_id,
            "alternate_name": row.get("alternate_name") or False,
            "description": row.get("description") or False,
            "url": row.get("url") or False,
            "email": row.get("email") or False,
            "status": status,
            "company_id": company.id,
        }
        Service = self.env["safety.resource.service"].with_context(active_test=False)
        service = self._existing("service", hsds_id, "safety.resource.service")
        if service:
            service.write(values)
        else:
            service = Service.create(values)
        services[hsds_id] = service

    def _import_link(self, row, services, locations):
        self._require(row, "service_id", "location_id")
        service = services.get(row["service_id"])
        location = locations.get(row["location_id"])
        if not service or not location:
            raise RowError(
                self.env._(
                    "Service %(service)s or location %(location)s is not in this file (or "
                    "its row was refused).",
                    service=row["service_id"],
                    location=row["location_id"],
                )
            )
        service.location_ids = [(4, location.id)]

    def _import_phone(self, row, partners, services, locations):
        self._require(row, "id", "number")
        number = row["number"]
        if row.get("extension"):
            number = f"{number} ext. {row['extension']}"
        if row.get("location_id"):
            location = locations.get(row["location_id"])
            if not location:
                raise RowError(self._missing_error("location", row["location_id"]))
            location.phone_national = number
        elif row.get("service_id"):
            service = services.get(row["service_id"])
            if not service:
                raise RowError(self._missing_error("service", row["service_id"]))
            service.phone = number
        elif row.get("organization_id"):
            self._partner(row["organization_id"], partners).phone = number
        else:
            raise RowError(
                self.env._(
                    "The phone %(number)s belongs to nothing: fill in organization_id, "
                    "service_id or location_id.",
                    number=number,
                )
            )

    def _partner(self, hsds_id, partners):
        partner = partners.get(hsds_id)
        if not partner:
            raise RowError(self._missing_error("organization", hsds_id))
        return partner

    def _missing_error(self, table, hsds_id):
        return self.env._(
            "No row of %(table)s.csv has the id %(id)s (or its row was refused): import it "
            "with its %(table)s.",
            table=table,
            id=hsds_id,
        )

    def _result_html(self, report):
        counts = report["counts"]
        summary = self.env._(
            "Imported %(organizations)s organisations, %(services)s services, %(locations)s "
            "sites and %(phones)s phones.",
            organizations=counts["organization"],
            services=counts["service"],
            locations=counts["location"],
            phones=counts["phone"],
        )
        html = Markup("<p>%s</p>") % summary
        if report["errors"]:
            html += Markup("<p>%s</p>") % self.env._(
                "%(count)s rows were not imported:", count=len(report["errors"])
            )
            rows = Markup("").join(
                Markup("<tr><td>%s</td><td>%s</td><td>%s</td></tr>") % error
                for error in report["errors"]
            )
            html += Markup(
                '<table class="table table-sm o_safety_hsds_errors"><thead><tr>'
                "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>%s</tbody></table>"
            ) % (self.env._("File"), self.env._("Line"), self.env._("Why"), rows)
        return html

    # exporting --------------------------------------------------------------------
    @api.model
    def _hsds_export_tables(self):
        """The directory of the current company as HSDS rows: {table: [rows]}.
        Sites with a confidential address are left out entirely."""
        company = self.env.company
        partners = (
            self.env["res.partner"]
            .search([("safety_resource_type", "!=", False), ("is_company", "=", True)])
            .sorted("id")
        )
        services = (
            self.env["safety.resource.service"]
            .search([("company_id", "=", company.id), ("partner_id", "in", partners.ids)])
            .sorted("id")
        )
        sites = (
            self.env["safety.location"]
            .search(
                [
                    ("plan_id", "=", False),
                    ("company_id", "=", company.id),
                    ("partner_id", "in", partners.ids),
                    ("is_address_confidential", "=", False),
                ]
            )
            .sorted("id")
        )
        # identifiers are given once and kept, so that exports stay comparable
        for records, field_name in (
            (partners, "safety_hsds_id"),
            (services, "hsds_id"),
            (sites, "hsds_id"),
        ):
            for record in records.filtered(lambda r, f=field_name: not r[f]):
                record[field_name] = str(uuid.uuid4())
        tables = {table: [] for table in HSDS_COLUMNS}
        tables["taxonomy"].append(
            {
                "id": TAXONOMY_ID,
                "name": TAXONOMY_NAME,
                "description": "Kinds of resource organisations for survivors of violence, "
                "and sites whose address is confidential.",
                "version": "1",
            }
        )
        codes = [code for code, _label in partners._fields["safety_resource_type"].selection]
        for code in codes:
            tables["taxonomy_term"].append(self._term_row(code))
        for partner in partners:
            tables["organization"].append(
                {
                    "id": partner.safety_hsds_id,
                    "name": partner.name,
                    "alternate_name": "",
                    "description": html2plaintext(partner.comment) if partner.comment else "",
                    "email": partner.email or "",
                    "website": partner.website or "",
                }
            )
            tables["attribute"].append(
                self._attribute_row(
                    partner.safety_hsds_id, "organization", partner.safety_resource_type
                )
            )
            if partner.phone:
                tables["phone"].append(
                    self._phone_row(partner.phone, organization_id=partner.safety_hsds_id)
                )
        for site in sites:
            # a shelter's address that may be shared is its mailing address:
            # imported back, a shelter's physical address is confidential
            kind = "postal" if site.partner_id.safety_resource_type == "shelter" else "physical"
            tables["location"].append(
                {
                    "id": site.hsds_id,
                    "location_type": kind,
                    "organization_id": site.partner_id.safety_hsds_id,
                    "name": site.name,
                    "description": site.notes or "",
                }
            )
            if site.street or site.city:
                tables["address"].append(
                    {
                        "id": self._derived_id(site.hsds_id, "address"),
                        "location_id": site.hsds_id,
                        "address_1": site.street or "",
                        "address_2": site.street2 or "",
                        "city": site.city or "",
                        "state_province": site.state_id.code or "",
                        "postal_code": site.zip or "",
                        "country": site.country_id.code or "",
                        "address_type": kind,
                    }
                )
            if site.phone:
                tables["phone"].append(self._phone_row(site.phone, location_id=site.hsds_id))
        for service in services:
            tables["service"].append(
                {
                    "id": service.hsds_id,
                    "organization_id": service.partner_id.safety_hsds_id,
                    "name": service.name,
                    "alternate_name": service.alternate_name or "",
                    "description": service.description or "",
                    "url": service.url or "",
                    "email": service.email or "",
                    "status": service.status,
                }
            )
            for site in service.location_ids & sites:
                tables["service_at_location"].append(
                    {
                        "id": self._derived_id(f"{service.hsds_id}:{site.hsds_id}", "at"),
                        "service_id": service.hsds_id,
                        "location_id": site.hsds_id,
                    }
                )
            if service.phone:
                tables["phone"].append(self._phone_row(service.phone, service_id=service.hsds_id))
        return tables

    @api.model
    def _derived_id(self, base, kind):
        return str(uuid.uuid5(NAMESPACE, f"{kind}:{base}"))

    @api.model
    def _term_row(self, code):
        return {
            "id": self._derived_id(code, "term"),
            "code": code,
            "name": dict(self.env["res.partner"]._fields["safety_resource_type"].selection).get(
                code, code
            ),
            "description": "",
            "taxonomy_id": TAXONOMY_ID,
        }

    @api.model
    def _attribute_row(self, link_id, entity, code):
        return {
            "id": self._derived_id(f"{link_id}:{code}", "attribute"),
            "link_id": link_id,
            "taxonomy_term_id": self._derived_id(code, "term"),
            "link_type": "resource_type",
            "link_entity": entity,
            "value": "",
        }

    @api.model
    def _phone_row(self, number, organization_id="", service_id="", location_id=""):
        number, _sep, extension = number.partition(";ext=")
        return {
            "id": self._derived_id(f"{organization_id}{service_id}{location_id}", "phone"),
            "organization_id": organization_id,
            "service_id": service_id,
            "location_id": location_id,
            "number": number,
            "extension": extension,
            "type": "voice",
        }

    @api.model
    def _hsds_export_zip(self):
        tables = self._hsds_export_tables()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            resources = []
            for table, columns in HSDS_COLUMNS.items():
                text = io.StringIO()
                writer = csv.DictWriter(text, fieldnames=columns, lineterminator="\n")
                writer.writeheader()
                writer.writerows(tables[table])
                archive.writestr(f"{table}.csv", text.getvalue())
                resources.append(
                    {
                        "name": table,
                        "path": f"{table}.csv",
                        "profile": "tabular-data-resource",
                        "schema": {"fields": [{"name": c, "type": "string"} for c in columns]},
                    }
                )
            archive.writestr(
                "datapackage.json",
                json.dumps(
                    {
                        "name": "hsds-directory",
                        "profile": "tabular-data-package",
                        "title": "Resource directory (Open Referral HSDS 3.0)",
                        "resources": resources,
                    },
                    indent=2,
                ),
            )
        return buffer.getvalue()

    # demo -------------------------------------------------------------------------
    @api.model
    def _safety_load_demo_directory(self):
        """The demo's resource directory, from the HSDS files in demo/hsds;
        once (a database whose demo predates the directory gets it when
        upgraded)."""
        if self.env.ref("victim_safety_planning.demo_service_shelter", raise_if_not_found=False):
            return True
        texts = {}
        folder = file_path(DEMO_DIRECTORY)
        for table in HSDS_COLUMNS:
            try:
                with file_open(f"{folder}/{table}.csv") as handle:
                    texts[table] = handle.read()
            except FileNotFoundError:
                continue
        report = self._hsds_import(self._parse_tables(texts))
        if report["errors"]:
            raise UserError(
                self.env._("The demo directory has bad rows: %(errors)s", errors=report["errors"])
            )
        partners = self.env["res.partner"].search([("safety_hsds_id", "in", list(DEMO_XMLIDS))])
        services = self.env["safety.resource.service"].search(
            [("hsds_id", "in", list(DEMO_SERVICE_XMLIDS))]
        )
        self.env["ir.model.data"]._update_xmlids(
            [
                {
                    "xml_id": f"victim_safety_planning.{DEMO_XMLIDS[partner.safety_hsds_id]}",
                    "record": partner,
                    "noupdate": True,
                }
                for partner in partners
            ]
            + [
                {
                    "xml_id": f"victim_safety_planning.{DEMO_SERVICE_XMLIDS[service.hsds_id]}",
                    "record": service,
                    "noupdate": True,
                }
                for service in services
            ]
        )
        return True
