from markupsafe import Markup, escape

from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

from odoo.addons.base.models.res_partner import _lang_get

from .safety_address_mixin import address_values
from .value_checks import check_installed_lang, check_not_blank

# Models whose links to an ordinary contact are bookkeeping, not "use" of the
# contact by another app: left out of the usage summary.
PARTNER_USAGE_SKIPPED_PREFIXES = ("mail.", "ir.", "bus.", "safety.", "discuss.", "base")
PARTNER_USAGE_SKIPPED_MODELS = {"res.partner", "res.users", "res.company"}


class SafetySurvivor(models.Model):
    """The vault: a survivor's identity and whereabouts. Nobody outside the
    Safety Planning groups has any access right on it, so no other app can
    point at it, copy it or reveal it. An ordinary contact the person already
    was in other apps may be linked (``partner_id``) but is never written to."""

    _name = "safety.survivor"
    _description = "Survivor"
    _inherit = [
        "safety.confidential.thread.mixin",
        "mail.activity.mixin",
        "safety.address.mixin",
        "safety.phone.mixin",
    ]
    _order = "name, id"
    _check_company_auto = True
    # no mail alias: nothing about a survivor may arrive by the email gateway
    _mail_post_access = "write"

    name = fields.Char(string="Full Name", required=True, index="trigram", tracking=True)
    preferred_name = fields.Char(
        help="The name or nickname the survivor wants to be called by; cards print it "
        "when a name is printed at all."
    )
    pronouns = fields.Char(help="E.g. she/her, he/him, they/them.")
    birthdate = fields.Date(string="Date of Birth")
    lang = fields.Selection(
        _lang_get,
        string="Language",
        default=lambda self: self.env.lang or self.env.company.partner_id.lang or "en_US",
        help="Cards and printed plans are in this language.",
    )
    email = fields.Char()
    email_normalized = fields.Char(
        compute="_compute_email_normalized",
        store=True,
        index="btree_not_null",
        help="Mail from this address reaches the survivor's plan, never another app.",
    )
    # the address (safety.address.mixin); a state or country in use stays
    state_id = fields.Many2one(ondelete="restrict")
    country_id = fields.Many2one(ondelete="restrict")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    active = fields.Boolean(default=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact in Other Apps",
        index="btree_not_null",
        ondelete="set null",
        tracking=True,
        help="The ordinary contact this person already was in other apps (invoices, "
        "meetings...). It is never changed by Safety Planning: new details belong "
        "here, in the survivor record.",
    )
    registered_by_id = fields.Many2one(
        "res.users",
        default=lambda self: self.env.user,
        readonly=True,
        index=True,
        help="Until the survivor has a plan, only this advocate and supervisors see them.",
    )
    # the advocate rule goes through this field: archived plans count, on the
    # SQL and the Python paths alike
    plan_ids = fields.One2many(
        "safety.plan", "survivor_id", string="Safety Plans", context={"active_test": False}
    )
    plan_count = fields.Integer(string="Number of Plans", compute="_compute_plan_count")
    # what the advocates' rule reads for "registered, no plan yet": a stored
    # flag instead of a scan of every plan at each search
    has_plan = fields.Boolean(
        compute="_compute_has_plan",
        store=True,
        index=True,
        help="The survivor has a plan, archived or not.",
    )

    # address confidentiality program
    is_acp_enrolled = fields.Boolean(
        string="Address Confidentiality Program",
        tracking=True,
        help="The survivor is enrolled in a state address confidentiality program: "
        "printed documents show the program's substitute address, never the real one.",
    )
    acp_program_id = fields.Many2one(
        "res.partner",
        string="ACP Program",
        domain=[("is_company", "=", True)],
        help="The program whose substitute address is printed instead of the survivor's.",
    )

    # safe ways to reach the survivor
    is_safe_to_call = fields.Boolean(string="Safe to Call")
    is_safe_to_text = fields.Boolean(string="Safe to Text")
    is_safe_to_email = fields.Boolean(string="Safe to Email")
    is_safe_to_voicemail = fields.Boolean(string="Safe to Leave Voicemail")
    safe_contact_times = fields.Char(
        string="Safe Times", help="When it is safe to reach the survivor, e.g. weekdays after 6 pm."
    )
    safe_contact_notes = fields.Text(
        string="If Someone Else Answers",
        help="What to say if someone else answers or reads the message.",
    )
    safe_contact_summary = fields.Char(
        string="Safe Contact",
        compute="_compute_safe_contact_summary",
        help="How and when the survivor may be reached, e.g. “Text only, after 6 pm”.",
    )

    duplicate_info = fields.Html(compute="_compute_duplicate_info", sanitize=False)
    partner_usage = fields.Char(
        string="Used in Other Apps",
        compute="_compute_partner_usage",
        help="What other apps hold about the linked contact. It stays as it was.",
    )

    @api.constrains("name")
    def _check_name(self):
        check_not_blank(self, "name")

    @api.constrains("lang")
    def _check_lang(self):
        check_installed_lang(self)

    _acp_program_required = models.Constraint(
        "CHECK(is_acp_enrolled IS NOT TRUE OR acp_program_id IS NOT NULL)",
        "Choose the ACP Program of an enrolled survivor: its substitute address is "
        "the one printed.",
    )

    @api.constrains("birthdate")
    def _check_birthdate(self):
        today = fields.Date.context_today(self)
        for survivor in self:
            if survivor.birthdate and survivor.birthdate > today:
                raise ValidationError(
                    self.env._(
                        "“Date of Birth” (%(date)s) is in the future: check the year.",
                        date=survivor.birthdate,
                    )
                )

    @api.depends("email")
    def _compute_email_normalized(self):
        for survivor in self:
            survivor.email_normalized = tools.email_normalize(survivor.email or "", strict=False)

    @api.depends("plan_ids")
    def _compute_plan_count(self):
        counts = dict(
            self.env["safety.plan"]._read_group(
                [("survivor_id", "in", self.ids)], ["survivor_id"], ["__count"]
            )
        )
        for survivor in self:
            survivor.plan_count = counts.get(survivor, 0)

    @api.depends("plan_ids")
    def _compute_has_plan(self):
        with_plan = {
            survivor
            for [survivor] in self.env["safety.plan"]
            .sudo()
            .with_context(active_test=False)
            ._read_group([("survivor_id", "in", self.ids)], ["survivor_id"])
        }
        for survivor in self:
            # sudo: whether any plan exists, not which; it decides who may
            # see the survivor, so it can't depend on what the writer sees
            survivor.has_plan = survivor in with_plan

    @api.depends(
        "is_safe_to_call",
        "is_safe_to_text",
        "is_safe_to_email",
        "is_safe_to_voicemail",
        "safe_contact_times",
    )
    @api.depends_context("lang")
    def _compute_safe_contact_summary(self):
        for survivor in self:
            survivor.safe_contact_summary = survivor._safety_safe_contact_summary()

    @api.depends("name", "birthdate", "phone", "phone_national", "email_normalized", "company_id")
    def _compute_duplicate_info(self):
        for survivor in self:
            survivor.duplicate_info = survivor._safety_duplicate_info()

    @api.depends("partner_id")
    def _compute_partner_usage(self):
        for survivor in self:
            survivor.partner_usage = survivor._safety_partner_usage()

    # ORM ----------------------------------------------------------------------
    @api.depends("preferred_name")
    def _compute_display_name(self):
        # the names come from _safety_display_name; the mixin masks them
        return super()._compute_display_name()

    def _safety_display_name(self):
        self.ensure_one()
        if self.preferred_name and self.preferred_name != self.name:
            return f"{self.name} ({self.preferred_name})"
        return False

    @api.model
    def _phone_get_country_field(self):
        return "country_id"

    # duplicates ---------------------------------------------------------------
    def _safety_duplicate_domain(self):
        self.ensure_one()
        domain = Domain.FALSE
        if self.name and self.birthdate:
            domain |= Domain("name", "=ilike", self.name.strip()) & Domain(
                "birthdate", "=", self.birthdate
            )
        phone = self._safety_phone_for_search()
        if phone:
            domain |= Domain("phone", "=", phone)
        if self.email_normalized:
            domain |= Domain("email_normalized", "=", self.email_normalized)
        if domain.is_false():
            return domain
        if self._origin.id:
            domain &= Domain("id", "!=", self._origin.id)
        return domain & Domain("company_id", "=", self.company_id.id)

    def _safety_phone_for_search(self):
        # in a form being filled, only the national field has the typed number
        number = self.phone_national or self.phone
        if not number:
            return False
        try:
            return self._safety_phone_e164(number)
        except ValidationError:
            return False

    def _safety_duplicate_info(self):
        """Tell whoever registers a survivor that the person may already be
        registered: same name and birth date, same phone or same email. Names
        only the ones the user may see; the others are only counted."""
        domain = self._safety_duplicate_domain()
        if domain.is_false():
            return False
        # sudo: an advocate must learn that a match exists in another team's
        # caseload (to ask a supervisor) without seeing who it is
        matches = self.env["safety.survivor"].sudo().with_context(active_test=False)
        matches = matches.search(domain, limit=20)
        if not matches:
            return False
        visible = matches.with_user(self.env.user)._filtered_access("read")
        hidden_count = len(matches - visible)
        parts = []
        if visible:
            parts.append(
                self.env._(
                    "Already registered with the same name and birth date, phone or email: "
                    "%(names)s. Open that record instead of registering the person again.",
                    names=", ".join(visible.with_user(self.env.user).mapped("display_name")),
                )
            )
        if hidden_count:
            parts.append(
                self.env._(
                    "%(count)s survivor(s) with the same name and birth date, phone or email "
                    "are registered by another team. Ask a supervisor before registering "
                    "this person again.",
                    count=hidden_count,
                )
            )
        return Markup("<br/>").join(escape(part) for part in parts)

    # other apps' use of the linked contact --------------------------------------
    def _safety_partner_usage(self):
        """'2 Journal Entry, 1 Calendar Event': what the other apps hold about
        the linked contact, so that the advocate knows it stays there and that
        new details belong in the vault."""
        self.ensure_one()
        partner = self.partner_id
        if not partner:
            return False
        links = self._safety_partner_link_fields()
        counts = {}
        if links:
            for model_name, _table, _m2o, _m2m in links:
                self.env[model_name].flush_model()
            # one query whatever the apps installed; counts only, shown to a
            # member, of records pointing at a contact they already know
            rows = self.env.execute_query(
                SQL(" UNION ALL ").join(
                    SQL(
                        "SELECT %s, count(*) FROM %s t WHERE %s",
                        model_name,
                        SQL.identifier(table),
                        SQL(" OR ").join(
                            [SQL("t.%s = %s", SQL.identifier(column), partner.id) for column in m2o]
                            + [
                                SQL(
                                    "t.id IN (SELECT %s FROM %s WHERE %s = %s)",
                                    SQL.identifier(own),
                                    SQL.identifier(relation),
                                    SQL.identifier(other),
                                    partner.id,
                                )
                                for relation, own, other in m2m
                            ]
                        ),
                    )
                    for model_name, table, m2o, m2m in links
                )
            )
            for model_name, count in rows:
                if count:
                    label = self.env[model_name]._description or model_name
                    counts[label] = counts.get(label, 0) + count
        if not counts:
            return self.env._("No record of another app uses this contact.")
        return ", ".join(f"{count} {label}" for label, count in sorted(counts.items()))

    @api.model
    @tools.ormcache(cache="stable")
    def _safety_partner_link_fields(self):
        """(model, table, many2one columns, many2many (relation, own column,
        contact column)) of every other app's table that points at contacts."""
        links = []
        for model_name in sorted(self.env.registry):
            Model = self.env[model_name]
            if (
                Model._abstract
                or Model._transient
                or not Model._auto
                or model_name.startswith(PARTNER_USAGE_SKIPPED_PREFIXES)
                or model_name in PARTNER_USAGE_SKIPPED_MODELS
            ):
                continue
            fields_ = [
                field
                for field in Model._fields.values()
                if field.comodel_name == "res.partner"
                and field.store
                and not field.company_dependent
            ]
            m2o = tuple(field.name for field in fields_ if field.type == "many2one")
            m2m = tuple(
                (field.relation, field.column1, field.column2)
                for field in fields_
                if field.type == "many2many"
            )
            if m2o or m2m:
                links.append((model_name, Model._table, m2o, m2m))
        return tuple(links)

    # safe contact -------------------------------------------------------------
    def _safety_safe_ways(self):
        """The safe ways to reach the survivor, as translated words in the
        order an advocate reads them: call, text, email, voicemail."""
        self.ensure_one()
        ways = [
            (self.is_safe_to_call, self.env._("call")),
            (self.is_safe_to_text, self.env._("text")),
            (self.is_safe_to_email, self.env._("email")),
            (self.is_safe_to_voicemail, self.env._("voicemail")),
        ]
        return [label for is_safe, label in ways if is_safe]

    def _safety_join_ways(self, ways):
        if len(ways) == 1:
            return self.env._("%(way)s only", way=ways[0])
        return self.env._("%(ways)s or %(last)s", ways=", ".join(ways[:-1]), last=ways[-1])

    def _safety_safe_contact_summary(self):
        """One line for whoever is about to reach the survivor: “Text only,
        after 6 pm”, “Call or text, no voicemail, weekdays”."""
        self.ensure_one()
        ways = self._safety_safe_ways()
        if not ways:
            return self.env._("No safe way to reach them is recorded: ask before contacting them")
        parts = [self._safety_join_ways(ways)]
        if self.is_safe_to_call and not self.is_safe_to_voicemail:
            parts.append(self.env._("no voicemail"))
        times = (self.safe_contact_times or "").strip()
        if times:
            # "Weekdays after 6 pm" reads as part of the sentence
            if len(times) > 1 and times[0].isupper() and times[1].islower():
                times = times[0].lower() + times[1:]
            parts.append(times)
        summary = ", ".join(parts)
        return summary[0].upper() + summary[1:]

    def _safety_check_reach(self, channel, addresses):
        """Refuse an email or text (``channel``) to the survivor's own
        ``addresses`` unless that channel is marked safe: someone else may
        read their inbox or phone."""
        for survivor in self:
            # sudo: the survivor's addresses are only compared, never returned
            vault = survivor.sudo()
            if channel == "email":
                own = {
                    tools.email_normalize(email, strict=False)
                    for email in (vault.email, vault.partner_id.email)
                    if email
                }
                sent = {tools.email_normalize(a, strict=False) or a for a in addresses if a}
                is_safe = vault.is_safe_to_email
                label = self.env._("Email")
            else:
                own = {
                    vault._safety_e164_or_digits(n) for n in (vault.phone, vault.partner_id.phone)
                }
                own.discard(False)
                sent = {vault._safety_e164_or_digits(a) for a in addresses if a}
                is_safe = vault.is_safe_to_text
                label = self.env._("A text message")
            if not own & sent:
                continue
            name = vault._safety_first_name()
            ways = vault._safety_safe_ways()
            if not is_safe:
                if ways:
                    raise UserError(
                        self.env._(
                            "%(channel)s is not a safe way to reach %(name)s: the message "
                            "was not sent. Safe ways: %(summary)s. Change this on the "
                            "Safe Contact tab of the survivor only when they ask.",
                            channel=label,
                            name=name,
                            summary=vault._safety_safe_contact_summary(),
                        )
                    )
                raise UserError(
                    self.env._(
                        "%(channel)s is not a safe way to reach %(name)s: the message was "
                        "not sent. No way to reach them is marked safe: ask them how to "
                        "reach them, and record it on the Safe Contact tab of the survivor.",
                        channel=label,
                        name=name,
                    )
                )
            if (
                channel == "email"
                and vault.partner_id.email
                and (sent & own - {vault.email_normalized})
            ):
                raise UserError(
                    self.env._(
                        "Only the email address of %(name)s recorded in Safety Planning "
                        "(%(email)s) is marked safe: write to that one, not to the "
                        "address of their contact in other apps.",
                        name=name,
                        email=vault.email,
                    )
                )

    def _safety_e164_or_digits(self, number):
        """A number in E.164 read from the survivor's country, or its digits
        when it can't be read: two spellings of one number compare equal."""
        self.ensure_one()
        if not number:
            return False
        try:
            return self._safety_phone_e164(number)
        except ValidationError:
            return "".join(char for char in number if char.isdigit()) or False

    def _safety_safe_email(self):
        """The survivor's own address when email is marked safe, else False:
        the only address outside the agency that their records may write to."""
        self.ensure_one()
        # sudo: mail sent on any record of the survivor (by a member) is checked
        # against their own choices, whoever of the team reads the vault
        vault = self.sudo()
        return vault.is_safe_to_email and vault.email_normalized

    # printing -------------------------------------------------------------------
    def _safety_printable_address(self):
        """The address any document may print: the program's substitute
        address for a survivor enrolled in an address confidentiality
        program, never the real one."""
        self.ensure_one()
        if self.is_acp_enrolled:
            return self.acp_program_id._display_address(without_company=True)
        source = self.env["res.partner"].new(address_values(self))
        return source._display_address(without_company=True)

    def _safety_first_name(self):
        self.ensure_one()
        return self.preferred_name or (self.name or "").split(" ")[0]

    # actions --------------------------------------------------------------------
    def action_create_plan(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Safety Plan"),
            "res_model": "safety.plan",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {
                "default_survivor_id": self.id,
                "default_company_id": self.company_id.id,
            },
        }

    def action_view_plans(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "victim_safety_planning.safety_plan_action"
        )
        action["domain"] = [("survivor_id", "=", self.id)]
        action["context"] = {"default_survivor_id": self.id}
        if self.plan_count == 1:
            action["views"] = [(False, "form")]
            action["res_id"] = self.plan_ids.id
        return action

    def action_view_partner(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
