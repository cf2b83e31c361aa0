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
        print_date = fields.Date.context_today(self)
        return {
            "doc_ids": plans.ids,
            "doc_model": "safety.plan",
            "docs": plans,
            "options": options,
            "print_date": print_date,
            "plan_values": [
                self._safety_plan_values(plan, options, leave_items, print_date) for plan in plans
            ],
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
            "folded": bool(data.get("folded")),
            "resources": resources,
        }

    @api.model
    def _safety_plan_values(self, plan, options, leave_items_by_lang, print_date):
        """What one plan prints, read in the survivor's language."""
        lang = plan._safety_print_lang()
        plan = plan.with_context(lang=lang)
        country = plan.survivor_id.country_id or plan.company_id.country_id
        lines = self._safety_step_lines(plan, options, lang)
        sections = [
            (context, [line for step, line in lines if step.context == context])
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
            leave_items = leave_items.filtered(
                lambda item: item.is_printed_when_discreet and not says_what_it_is(item.name)
            )
        return {
            "plan": plan,
            "lang": lang,
            "direction": self.env["res.lang"]._get_data(code=lang).direction or "ltr",
            "sections": [(context, rows) for context, rows in sections if rows],
            "leave_items": [{"text": item.name, "is_done": False} for item in leave_items],
            # a date already past would tell the survivor nothing true
            "review_date": plan.next_review_date
            if plan.next_review_date and plan.next_review_date > print_date
            else False,
            "contacts": self._safety_contacts(plan, options),
            "resources": self._safety_resources(plan, options, country),
            "locations": self._safety_locations(plan, options),
            "orders": orders,
            "emergency_number": plan._safety_emergency_number(),
            "own_answers": plan._safety_own_answers(),
            "household": [
                f"{member.name} ({member.relationship})" if member.relationship else member.name
                for member in plan.household_member_ids
            ],
            "folded": options["folded"],
            "name": plan.survivor_id._safety_first_name() if options["show_name"] else False,
            "advocate": (plan.advocate_id.name or "").split(" ")[0],
            "local_phone": lambda number: self._safety_local_phone(number, country),
        }

    @api.model
    def _safety_step_lines(self, plan, options, lang):
        """(step, {text, is_done}) of each step printed: on a discreet print
        the step's discreet wording, or what the advocate typed when it says
        nothing of what the plan is about (else the step is left off)."""
        if not options["is_discreet"]:
            return [(step, {"text": step.name, "is_done": step.is_done}) for step in plan.step_ids]
        return [
            (step, {"text": wording, "is_done": step.is_done})
            for step, wording, _is_typed in self._safety_discreet_steps(plan, lang)
            if wording
        ]

    @api.model
    def _safety_discreet_steps(self, plan, lang=None):
        """(step, discreet wording or False, typed) for each step of ``plan``:
        a step's own discreet wording, else its starter step's while it keeps
        the starter's words, else what the advocate typed (``typed``), left
        off (False) when it holds a word that gives the plan away."""
        lang = lang or plan._safety_print_lang()
        phrases = (plan.company_id.name,)
        langs = [code for code, _name in self.env["res.lang"].get_installed()]
        starter_words = {}
        result = []
        for step in plan.step_ids:
            template = step.template_id
            if template and template.discreet_name:
                if template not in starter_words:
                    # the starter's wordings in every language: (names, discreet names)
                    starter_words[template] = tuple(
                        {template.with_context(lang=code)[field] for code in langs}
                        for field in ("name", "discreet_name")
                    )
                names, discreet_names = starter_words[template]
                if step.discreet_name in discreet_names or (
                    not step.discreet_name and step.name in names
                ):
                    # as loaded: the starter's discreet wording, in the survivor's language
                    result.append((step, template.with_context(lang=lang).discreet_name, False))
                    continue
            if step.discreet_name:
                result.append((step, step.discreet_name, False))
                continue
            typed = False if says_what_it_is(step.name, phrases) else step.name
            result.append((step, typed, True))
        return result

    @api.model
    def _safety_resource_label(self, resource_type):
        """A resource's neutral name on a discreet print, after its kind."""
        return {
            "shelter": self.env._("Place to stay"),
            "law_enforcement": self.env._("Emergency line"),
            "counseling": self.env._("Someone to talk to"),
            "legal_aid": self.env._("Paperwork help"),
            "medical": self.env._("Clinic"),
        }.get(resource_type) or self.env._("Support line")

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
        Report = self.with_context(lang=plan.env.lang)
        rows = []
        for contact in plan.emergency_contact_ids.filtered("is_safe_to_call"):
            kind = options["is_discreet"] and contact.partner_id.safety_resource_type
            if kind:
                # an organisation: its kind's neutral name, no relationship
                row_name, relationship = Report._safety_resource_label(kind), ""
            else:
                row_name = name(contact.name, Report._safety_resource_label(False))
                relationship = free_text(contact.relationship) or ""
            rows.append(
                {"name": row_name, "relationship": relationship, "phone": contact.phone_national}
            )
        return rows

    @api.model
    def _safety_resources(self, plan, options, country):
        """The chosen hotlines, each once: none already printed as one of the
        plan's contacts (same organisation or same number)."""
        contacts = plan.emergency_contact_ids.filtered("is_safe_to_call")
        seen_partners = contacts.partner_id
        seen_numbers = set(contacts.mapped("phone"))
        rows = []
        for resource in options["resources"]:
            e164 = self._safety_e164(resource.phone, country)
            if resource in seen_partners or (e164 and e164 in seen_numbers):
                continue
            seen_numbers.add(e164 or resource.phone)
            rows.append(
                {
                    "name": self.with_context(lang=plan.env.lang)._safety_resource_label(
                        resource.safety_resource_type
                    )
                    if options["is_discreet"]
                    else resource.name,
                    "phone": self._safety_local_phone(resource.phone, country),
                }
            )
        return rows

    @api.model
    def _safety_e164(self, number, country):
        """``number`` in E164 when it can be read, else False."""
        try:
            parsed = phonenumbers.parse(number or "", (country.code or "").upper() or None)
        except phonenumbers.NumberParseException:
            return False
        if not phonenumbers.is_possible_number(parsed):
            return False
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)

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
