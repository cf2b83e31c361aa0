import phonenumbers

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.ir_actions_report import PAPER_FORMATS
from ..models.safety_card import discreet_text, says_what_it_is
from ..models.safety_plan_step import STEP_CONTEXTS
from ..models.safety_value_guard import check_printable_lengths


class ReportSafetyPlan(models.AbstractModel):
    """The survivor's own safety plan on paper, in their language. Printed
    from the plan's Print menu (default choices) or from the print dialog,
    which sends its choices as the report's data; either way the plans are
    read as the user who prints (ir.actions.report audits the PDF)."""

    _name = "report.victim_safety_planning.report_safety_plan"
    _description = "Safety Plan Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        plan_ids = docids or data.get("plan_ids") or []
        plans = self.env["safety.plan"].browse(int(pid) for pid in plan_ids)
        if not plans:
            raise UserError(self.env._("Choose the plan(s) to print: none is chosen."))
        # as the user: a non-member or another team gets the usual refusal
        plans.check_access("read")
        check_printable_lengths(plans.step_ids, ["name"])
        check_printable_lengths(plans.emergency_contact_ids, ["name", "relationship"])
        check_printable_lengths(plans.location_ids, ["name", "street", "street2", "city"])
        options = self._safety_options(data)
        leave_items = {}  # by language: one search for every plan in it
        return {
            "doc_ids": plans.ids,
            "doc_model": "safety.plan",
            "docs": plans,
            "options": options,
            "print_date": fields.Date.context_today(self),
            "plan_values": [self._safety_plan_values(plan, options, leave_items) for plan in plans],
        }

    @api.model
    def _safety_options(self, data):
        """The choices of the print dialog, read defensively: the data come
        from the client."""
        Partner = self.env["res.partner"]
        if "resource_ids" in data:
            resources = Partner.browse(int(pid) for pid in data["resource_ids"] or [])
            resources = resources.exists()._filtered_access("read")
            resources = resources.filtered("safety_resource_type")
        else:
            resources = Partner.search(
                [("safety_resource_type", "=", "hotline"), ("phone", "!=", False)], limit=3
            )
        paper = data.get("paper")
        return {
            "is_discreet": bool(data.get("is_discreet")),
            "show_confidential": bool(data.get("show_confidential")),
            "show_name": bool(data.get("show_name")),
            "paper": paper if paper in PAPER_FORMATS else False,
            "resources": resources,
        }

    @api.model
    def _safety_plan_values(self, plan, options, leave_items_by_lang):
        """What one plan prints, read in the survivor's language."""
        lang = plan._safety_print_lang()
        plan = plan.with_context(lang=lang)
        country = plan.survivor_id.country_id or plan.company_id.country_id
        steps = plan.step_ids
        sections = [
            (context, steps.filtered(lambda step, context=context: step.context == context))
            for context, _label in STEP_CONTEXTS
        ]
        if lang not in leave_items_by_lang:
            # every item of the short "what to take" checklist is printed
            leave_items_by_lang[lang] = (
                self.env["safety.leave.item"].with_context(lang=lang).search([])  # pylint: disable=no-search-all
            )
            check_printable_lengths(leave_items_by_lang[lang], ["name"])
        leave_items = leave_items_by_lang[lang]
        orders = self.env["safety.protective.order"]
        if not options["is_discreet"]:
            orders = plan.protective_order_ids.filtered(
                lambda order: order.state in ("active", "expiring")
            )
        else:
            leave_items = leave_items.filtered("is_printed_when_discreet")
        return {
            "plan": plan,
            "lang": lang,
            "direction": self.env["res.lang"]._get_data(code=lang).direction or "ltr",
            "sections": [(context, records) for context, records in sections if records],
            "leave_items": leave_items,
            "contacts": self._safety_contacts(plan, options),
            "locations": self._safety_locations(plan, options),
            "orders": orders,
            "name": plan.survivor_id._safety_first_name() if options["show_name"] else False,
            "advocate": (plan.advocate_id.name or "").split(" ")[0],
            "local_phone": lambda number: self._safety_local_phone(number, country),
        }

    @api.model
    def _safety_neutral(self, plan, options):
        """(name, free text) filters of a plan's print: as written, or on a
        discreet print without the words the discreet cards leave off (and
        without the agency's name), as the wallet cards do."""
        if not options["is_discreet"]:
            return (lambda text, label=None: text or label or ""), (lambda text: text)
        phrases = (plan.company_id.name,)

        def name(text, label=None):
            return discreet_text(text, phrases) or label or ""

        def free_text(text):
            return False if says_what_it_is(text, phrases) else text

        return name, free_text

    @api.model
    def _safety_contacts(self, plan, options):
        """The emergency contacts safe to call; on a discreet print a resource
        (hotline, shelter, police) under the neutral label."""
        name, free_text = self._safety_neutral(plan, options)
        label = plan.env._("Support line")
        rows = []
        for contact in plan.emergency_contact_ids.filtered("is_safe_to_call"):
            is_resource = options["is_discreet"] and contact.partner_id.safety_resource_type
            rows.append(
                {
                    "name": label if is_resource else name(contact.name, label),
                    "relationship": free_text(contact.relationship) or "",
                    "phone": contact.phone_national,
                }
            )
        return rows

    @api.model
    def _safety_locations(self, plan, options):
        """The safe places: never a confidential address unless asked for."""
        name, free_text = self._safety_neutral(plan, options)
        rows = []
        for location in plan.location_ids:
            address = False
            if options["show_confidential"] or not location.is_address_confidential:
                town = " ".join(part for part in (location.zip, location.city) if part)
                address = ", ".join(
                    part for part in (location.street, location.street2, town) if part
                )
            rows.append(
                {
                    "name": name(location.name, plan.env._("Place")),
                    "is_open_24_7": location.is_open_24_7,
                    "address": free_text(address) or "",
                    "phone": location.phone_national,
                }
            )
        return rows

    @api.model
    def _safety_local_phone(self, number, country):
        """A number typed anyhow (a resource's, the agency's) as the survivor
        dials it from ``country``: national format at home, international
        abroad; left as typed when it can't be read."""
        if not number:
            return number
        try:
            parsed = phonenumbers.parse(number, (country.code or "").upper() or None)
        except phonenumbers.NumberParseException:
            return number
        if not phonenumbers.is_possible_number(parsed):
            return number
        home = (country.code or "").upper()
        if home and phonenumbers.region_code_for_number(parsed) == home:
            fmt = phonenumbers.PhoneNumberFormat.NATIONAL
        else:
            fmt = phonenumbers.PhoneNumberFormat.INTERNATIONAL
        return phonenumbers.format_number(parsed, fmt)
