from collections import defaultdict
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools.misc import format_date

from .ir_actions_report import LETTER_COUNTRIES, PLAN_REPORT
from .safety_plan_scheduler import REVIEW_SYNC_FIELDS

SITUATION_TYPES = [
    ("domestic_violence", "Domestic violence"),
    ("stalking", "Stalking"),
    ("sexual_assault", "Sexual assault"),
    ("trafficking", "Trafficking"),
    ("elder_abuse", "Elder abuse"),
    ("other", "Other"),
]

# Levels an assessment gives, lowest first.
ASSESSED_LEVELS = [
    ("none", "None"),
    ("low", "Low"),
    ("medium", "Medium"),
    ("high", "High"),
    ("critical", "Critical"),
]
# A plan's level: "not assessed" until its first assessment is confirmed.
RISK_LEVELS = [("not_assessed", "Not assessed"), *ASSESSED_LEVELS]
LEVEL_ORDER = [key for key, _label in RISK_LEVELS]

# Review cadence in days per risk level, used when Settings hold no value;
# an unassessed plan is reviewed soon, until its first assessment.
DEFAULT_REVIEW_INTERVALS = {
    "critical": 7,
    "high": 14,
    "medium": 30,
    "low": 90,
    "none": 180,
    "not_assessed": 7,
}
# No setting in days may go beyond ten years.
MAX_DAYS = 3650

# Days before an expiry date when its reminder is due, and days a review may be
# overdue before supervisors are told, used when Settings hold no value.
DEFAULT_REMINDER_DAYS = {
    "order": 14,
    "consent": 14,
    "card": 30,
    "review_escalation": 7,
}
REMINDER_PARAMS = {
    "order": "victim_safety_planning.order_reminder_days",
    "consent": "victim_safety_planning.consent_reminder_days",
    "card": "victim_safety_planning.card_reminder_days",
    "review_escalation": "victim_safety_planning.review_escalation_days",
}
# Days a referral in may wait for its first contact before supervisors see it.
FIRST_CONTACT_PARAM = "victim_safety_planning.first_contact_days"
DEFAULT_FIRST_CONTACT_DAYS = 2

# Kanban colour per risk level (Odoo colour indexes).
RISK_COLORS = {"not_assessed": 4, "none": 0, "low": 10, "medium": 3, "high": 2, "critical": 1}


class SafetyPlan(models.Model):
    _name = "safety.plan"
    _description = "Safety Plan"
    _inherit = ["safety.confidential.thread.mixin", "mail.activity.mixin"]
    _order = "next_review_date, id desc"
    _check_company_auto = True
    # posting on a plan takes the right to change it, not only to read it
    _mail_post_access = "write"

    name = fields.Char(
        string="Reference",
        compute="_compute_name",
        store=True,
        copy=False,
        index="trigram",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    survivor_id = fields.Many2one(
        "safety.survivor",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
    )
    advocate_id = fields.Many2one(
        "res.users",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain=lambda self: self.env["res.users"]._safety_members_domain(),
    )
    team_member_ids = fields.Many2many(
        "res.users",
        "safety_plan_team_member_rel",
        "plan_id",
        "user_id",
        string="Team",
        domain=lambda self: self.env["res.users"]._safety_members_domain(),
        help="Other advocates who work on this plan and may see it.",
    )
    # one relation for the rules: PostgreSQL estimates it well (doc/architecture.md)
    member_ids = fields.Many2many(
        "res.users",
        "safety_plan_member_rel",
        "plan_id",
        "user_id",
        compute="_compute_member_ids",
        store=True,
        precompute=True,
        prefetch=False,
        help="The advocate and the team: who may see the plan besides supervisors.",
    )
    situation_type = fields.Selection(
        SITUATION_TYPES,
        string="Situation",
        required=True,
        default="domestic_violence",
        tracking=True,
    )
    state = fields.Selection(
        [("draft", "Draft"), ("active", "Active"), ("closed", "Closed")],
        default="draft",
        required=True,
        copy=False,
        tracking=True,
        index=True,
        group_expand=True,
    )
    risk_level = fields.Selection(
        RISK_LEVELS,
        compute="_compute_risk_level",
        store=True,
        index=True,
        tracking=True,
        group_expand="_group_expand_risk_level",
        help="The level of the last confirmed risk assessment, or higher when an "
        "advocate raised it by hand since, with a reason. Only a new assessment "
        "lowers it.",
    )
    risk_raise_level = fields.Selection(
        ASSESSED_LEVELS,
        string="Raised To",
        copy=False,
        tracking=True,
        help="A level set by hand above the assessed one, with a reason.",
    )
    risk_raise_reason = fields.Text(
        string="Reason for Raising",
        copy=False,
        groups="victim_safety_planning.group_safety_advocate",
    )
    risk_raise_date = fields.Datetime(
        string="Raised On", compute="_compute_risk_raise", store=True, copy=False
    )
    risk_raise_assessment_id = fields.Many2one(
        "safety.risk.assessment",
        string="Raised Above",
        compute="_compute_risk_raise",
        store=True,
        copy=False,
        ondelete="set null",
        help="The assessment in force when the level was raised: a later one supersedes "
        "the raise.",
    )
    review_interval_days = fields.Integer(
        string="Review Every (days)",
        compute="_compute_review_interval_days",
        store=True,
        readonly=False,
        tracking=True,
        help="Set from the risk level (Settings); may be shortened by hand, never " "lengthened.",
    )
    last_review_date = fields.Date(copy=False, tracking=True)
    activation_date = fields.Date(compute="_compute_workflow_dates", store=True, copy=False)
    next_review_date = fields.Date(
        compute="_compute_next_review_date",
        store=True,
        copy=False,
        index=True,
        tracking=True,
        help="Follows from the last review (or the activation) and the review interval.",
    )
    is_review_overdue = fields.Boolean(
        string="Review Overdue",
        compute="_compute_is_review_overdue",
        search="_search_is_review_overdue",
    )
    close_date = fields.Date(compute="_compute_workflow_dates", store=True, copy=False)
    review_status = fields.Selection(
        [("on_time", "On time"), ("overdue", "Overdue")],
        compute="_compute_review_status",
        store=True,
        index=True,
        group_expand=True,
        help="Whether the plan's review is overdue, as of its last change or the "
        "scheduler's last daily run.",
    )
    review_activity_id = fields.Many2one(
        "mail.activity",
        readonly=True,
        copy=False,
        # deleting an activity looks its plan up: without it, a scan of every plan
        index="btree_not_null",
        ondelete="set null",
        help="The open “Safety plan review” activity the scheduler keeps for this plan.",
    )
    escalated_review_date = fields.Date(
        string="Overdue Review Reported",
        readonly=True,
        copy=False,
        help="The overdue review date supervisors were told about: they hear of each "
        "overdue review once.",
    )
    step_ids = fields.One2many("safety.plan.step", "plan_id", string="Steps", copy=True)
    emergency_contact_ids = fields.One2many(
        "safety.emergency.contact", "plan_id", string="Emergency Contacts", copy=True
    )
    location_ids = fields.One2many("safety.location", "plan_id", string="Safe Locations", copy=True)
    referred_by_id = fields.Many2one(
        "res.users",
        readonly=True,
        copy=False,
        help="Who referred the person to Safety Planning from a CRM lead.",
    )
    referral_date = fields.Datetime(
        string="Referred On",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="When the person was referred from a CRM lead; empty for plans started here.",
    )
    referral_lead_ref = fields.Integer(
        string="Referred Lead",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The id of the CRM lead the person was referred from: a lead is referred once.",
    )
    first_contact_date = fields.Date(
        copy=False,
        tracking=True,
        help="When the advocate first reached the person referred; set when the "
        "“New referral: first contact” activity is marked done.",
    )
    is_first_contact_late = fields.Boolean(
        string="First Contact Late",
        compute="_compute_is_first_contact_late",
        search="_search_is_first_contact_late",
        help="Referred to Safety Planning more than the days set in Settings ago, and "
        "nobody has reached the person yet.",
    )
    is_advocate_missing = fields.Boolean(
        string="Without an Advocate",
        compute="_compute_is_advocate_missing",
        search="_search_is_advocate_missing",
        help="The plan's advocate was archived or left Safety Planning: a supervisor "
        "must give the plan to someone.",
    )
    referral_ids = fields.One2many("safety.referral", "plan_id", string="Referrals Out", copy=False)
    referral_count = fields.Integer(string="Number of Referrals", compute="_compute_referral_count")
    loaded_step_template_ids = fields.Many2many(
        "safety.step.template",
        "safety_plan_loaded_step_template_rel",
        "plan_id",
        "template_id",
        string="Starter Steps Loaded",
        copy=True,
        help="Starter steps already loaded into this plan: loading again adds only the "
        "others, so a step the advocate deleted does not come back.",
    )
    assessment_ids = fields.One2many(
        "safety.risk.assessment", "plan_id", string="Risk Assessments", copy=False
    )
    assessment_count = fields.Integer(
        string="Number of Assessments", compute="_compute_assessment_count"
    )
    card_ids = fields.One2many("safety.card", "plan_id", string="Cards", copy=False)
    review_ids = fields.One2many("safety.review", "plan_id", string="Reviews", copy=False)
    protective_order_ids = fields.One2many(
        "safety.protective.order", "plan_id", string="Protective Orders", copy=False
    )
    consent_ids = fields.One2many(
        "safety.consent", "plan_id", string="Releases of Information", copy=False
    )
    incident_ids = fields.One2many("safety.incident", "plan_id", string="Incidents", copy=False)
    respondent_ids = fields.One2many(
        "safety.respondent",
        "plan_id",
        string="Person Causing Harm",
        copy=False,
        help="Who the survivor needs protection from: protective orders name them from here.",
    )
    household_member_ids = fields.One2many(
        "safety.household.member",
        "plan_id",
        string="Household",
        copy=True,
        help="Children, dependants, other people and pets at risk with the survivor.",
    )
    court_hearing_ids = fields.One2many(
        "safety.court.hearing", "plan_id", string="Court Hearings", copy=False
    )
    safe_contact_summary = fields.Char(related="survivor_id.safe_contact_summary")
    safe_contact_notes = fields.Text(related="survivor_id.safe_contact_notes")
    card_count = fields.Integer(string="Number of Cards", compute="_compute_card_info")
    has_active_card = fields.Boolean(
        compute="_compute_card_info",
        help="The plan has a valid wallet card (not revoked, not expired).",
    )
    notes = fields.Html(
        sanitize_style=True,
        groups="victim_safety_planning.group_safety_advocate",
    )
    step_count = fields.Integer(string="Number of Steps", compute="_compute_counts")
    step_done_count = fields.Integer(string="Steps Done", compute="_compute_counts")
    emergency_contact_count = fields.Integer(
        string="Number of Emergency Contacts", compute="_compute_counts"
    )
    location_count = fields.Integer(string="Number of Safe Locations", compute="_compute_counts")
    color = fields.Integer(compute="_compute_color")

    _name_uniq = models.Constraint(
        "UNIQUE(name, company_id)",
        "A safety plan reference must be unique per company.",
    )
    _review_interval_positive = models.Constraint(
        "CHECK(review_interval_days > 0)",
        "“Review Every (days)” must be at least one day.",
    )

    @api.depends("company_id")
    def _compute_name(self):
        # numbered once, when saved: a form being filled uses no number
        for plan in self:
            if plan.name:
                continue
            if isinstance(plan.id, int):
                plan.name = (
                    self.env["ir.sequence"]
                    .with_company(plan.company_id)
                    .next_by_code("safety.plan")
                )
            else:
                plan.name = self.env._("New")

    @api.depends("state")
    def _compute_workflow_dates(self):
        today = fields.Date.context_today(self)
        for plan in self:
            if plan.state == "active":
                # a draft or closed plan (re)activated: its review clock starts today
                if plan.close_date or not plan.activation_date:
                    plan.activation_date = today
                plan.close_date = False
            elif plan.state == "closed":
                plan.close_date = plan.close_date or today
            else:
                plan.activation_date = plan.close_date = False

    @api.depends("risk_raise_level")
    def _compute_risk_raise(self):
        # dated with the assessment in force: a later confirmed one supersedes the raise
        now = fields.Datetime.now()
        for plan in self:
            raised = bool(plan.risk_raise_level)
            plan.risk_raise_date = now if raised else False
            plan.risk_raise_assessment_id = plan._safety_latest_assessment() if raised else False

    @api.depends("state", "next_review_date")
    def _compute_review_status(self):
        today = fields.Date.context_today(self)
        for plan in self:
            if plan.state != "active" or not plan.next_review_date:
                plan.review_status = False
            else:
                plan.review_status = "overdue" if plan._safety_is_overdue(today) else "on_time"

    @api.depends(
        "assessment_ids.state",
        "assessment_ids.risk_level",
        "assessment_ids.confirm_date",
        "risk_raise_level",
        "risk_raise_assessment_id",
    )
    def _compute_risk_level(self):
        for plan in self:
            latest = plan._safety_latest_assessment()
            level = latest.risk_level if latest else "not_assessed"
            # a raise holds until an assessment is confirmed after it
            if plan.risk_raise_level and plan.risk_raise_assessment_id == latest:
                level = max(level, plan.risk_raise_level, key=LEVEL_ORDER.index)
            plan.risk_level = level

    def _safety_latest_assessment(self):
        self.ensure_one()
        confirmed = self.assessment_ids.filtered(lambda a: a.state == "confirmed")
        return confirmed.sorted(lambda a: (a.confirm_date or fields.Datetime.now(), a.id))[-1:]

    @api.model
    def _group_expand_risk_level(self, values, domain):
        # reports list the levels in their order, not alphabetically
        return LEVEL_ORDER

    @api.depends("risk_level")
    def _compute_review_interval_days(self):
        intervals = self._get_review_intervals()
        for plan in self:
            plan.review_interval_days = intervals[plan.risk_level or "not_assessed"]

    @api.constrains("review_interval_days")
    def _check_review_interval_days(self):
        intervals = self._get_review_intervals()
        labels = dict(self._fields["risk_level"]._description_selection(self.env))
        for plan in self:
            longest = intervals[plan.risk_level or "not_assessed"]
            if not 1 <= plan.review_interval_days <= longest:
                raise ValidationError(
                    self.env._(
                        "“Review Every (days)” of plan %(ref)s must be between 1 and "
                        "%(days)s days, the interval of a “%(level)s” risk level (Settings): "
                        "a review can be brought forward, never put off.",
                        ref=plan.name,
                        days=longest,
                        level=labels[plan.risk_level or "not_assessed"],
                    )
                )

    @api.constrains("last_review_date")
    def _check_last_review_date(self):
        today = fields.Date.context_today(self)
        for plan in self:
            if plan.last_review_date and plan.last_review_date > today:
                raise ValidationError(
                    self.env._(
                        "“Last Review Date” of plan %(ref)s is in the future "
                        "(%(date)s): record reviews once they have taken place.",
                        ref=plan.name,
                        date=format_date(self.env, plan.last_review_date),
                    )
                )

    @api.constrains("state", "emergency_contact_ids")
    def _check_active_has_contact(self):
        for plan in self:
            if plan.state == "active" and not plan.emergency_contact_ids:
                raise ValidationError(plan._safety_no_contact_message())

    @api.depends("advocate_id", "team_member_ids")
    def _compute_member_ids(self):
        for plan in self:
            plan.member_ids = plan.advocate_id | plan.team_member_ids

    @api.constrains("advocate_id", "team_member_ids")
    def _check_team_members(self):
        for plan in self:
            users = plan.advocate_id | plan.team_member_ids
            outsiders = users.filtered(lambda u: u.share or not u._is_safety_member())
            if outsiders:
                raise ValidationError(
                    self.env._(
                        "%(names)s can't work on plan %(ref)s: the advocate and team members "
                        "must be internal users of the Safety Planning groups. Choose them in "
                        "“Advocate” and “Team” from the list.",
                        names=", ".join(outsiders.mapped("name")),
                        ref=plan.name,
                    )
                )

    def _safety_no_contact_message(self):
        return self.env._(
            "Plan %(ref)s has no emergency contact yet. Add at least one person or "
            "service the survivor can call before activating it.",
            ref=self.name,
        )

    @api.depends("review_interval_days", "last_review_date", "activation_date", "state")
    def _compute_next_review_date(self):
        today = fields.Date.context_today(self)
        for plan in self:
            if plan.state != "active":
                plan.next_review_date = False
                continue
            base = plan.last_review_date or plan.activation_date or today
            plan.next_review_date = base + timedelta(days=plan.review_interval_days or 1)

    @api.depends("next_review_date", "state")
    def _compute_is_review_overdue(self):
        today = fields.Date.context_today(self)
        for plan in self:
            plan.is_review_overdue = plan._safety_is_overdue(today)

    def _search_is_review_overdue(self, operator, value):
        if operator != "in":
            return NotImplemented
        if True in value and False in value:
            return Domain.TRUE
        overdue = self._safety_overdue_domain()
        return overdue if True in value else ~overdue

    # "Overdue" is defined here, once: as a test of a plan and as a domain.
    def _safety_is_overdue(self, today):
        self.ensure_one()
        return bool(
            self.state == "active" and self.next_review_date and self.next_review_date < today
        )

    @api.model
    def _safety_overdue_domain(self):
        today = fields.Date.context_today(self)
        return Domain("state", "=", "active") & Domain("next_review_date", "<", today)

    @api.depends("step_ids.is_done", "emergency_contact_ids", "location_ids")
    def _compute_counts(self):
        # a list: one grouped query per kind of line; a form: the lines it shows
        saved = self.browse()
        if len(self) > 1:
            saved = self.filtered(lambda plan: isinstance(plan.id, int))
        steps, contacts, locations = defaultdict(int), defaultdict(int), defaultdict(int)
        done = defaultdict(int)
        if saved:
            domain = [("plan_id", "in", saved.ids)]
            for plan, is_done, count in self.env["safety.plan.step"]._read_group(
                domain, ["plan_id", "is_done"], ["__count"]
            ):
                steps[plan] += count
                done[plan] += count if is_done else 0
            for counts, model_name in (
                (contacts, "safety.emergency.contact"),
                (locations, "safety.location"),
            ):
                counts.update(self.env[model_name]._read_group(domain, ["plan_id"], ["__count"]))
        for plan in self:
            if plan in saved:
                plan.step_count = steps[plan]
                plan.step_done_count = done[plan]
                plan.emergency_contact_count = contacts[plan]
                plan.location_count = locations[plan]
            else:
                plan.step_count = len(plan.step_ids)
                plan.step_done_count = len(plan.step_ids.filtered("is_done"))
                plan.emergency_contact_count = len(plan.emergency_contact_ids)
                plan.location_count = len(plan.location_ids)

    @api.depends("assessment_ids")
    def _compute_assessment_count(self):
        if len(self) == 1:
            # a form: its assessments are on the page already
            self.assessment_count = len(self.assessment_ids)
            return
        counts = dict(
            self.env["safety.risk.assessment"]._read_group(
                [("plan_id", "in", self.ids)], ["plan_id"], ["__count"]
            )
        )
        for plan in self:
            plan.assessment_count = counts.get(plan, 0)

    @api.depends("referral_ids")
    def _compute_referral_count(self):
        for plan in self:
            plan.referral_count = len(plan.referral_ids)

    @api.depends("referral_date", "first_contact_date", "state")
    def _compute_is_first_contact_late(self):
        late = self._safety_first_contact_late_domain()
        found = set(self.filtered("id").filtered_domain(late).ids)
        for plan in self:
            plan.is_first_contact_late = plan.id in found

    def _search_is_first_contact_late(self, operator, value):
        if operator != "in":
            return NotImplemented
        if True in value and False in value:
            return Domain.TRUE
        late = self._safety_first_contact_late_domain()
        return late if True in value else ~late

    @api.model
    def _safety_first_contact_late_domain(self):
        days = self._get_days_setting(FIRST_CONTACT_PARAM, DEFAULT_FIRST_CONTACT_DAYS, minimum=1)
        limit = fields.Datetime.now() - timedelta(days=days)
        return (
            Domain("referral_date", "!=", False)
            & Domain("referral_date", "<", limit)
            & Domain("first_contact_date", "=", False)
            & Domain("state", "!=", "closed")
        )

    @api.depends("advocate_id")
    def _compute_is_advocate_missing(self):
        for plan in self:
            # sudo: only whether the advocate is still an active member is read
            advocate = plan.advocate_id.sudo()
            plan.is_advocate_missing = bool(
                advocate and not (advocate.active and advocate._is_safety_member())
            )

    def _search_is_advocate_missing(self, operator, value):
        if operator != "in":
            return NotImplemented
        if True in value and False in value:
            return Domain.TRUE
        # sudo: the active members, whoever asks; ids only
        members = (
            self.env["res.users"].sudo()._search(self.env["res.users"]._safety_members_domain())
        )
        missing = Domain("advocate_id", "not in", members)
        return missing if True in value else ~missing

    @api.depends("card_ids.revoked_date", "card_ids.expiry_date")
    def _compute_card_info(self):
        # the cards' own search, as the reader: no second check of the plans' rules
        saved = self.filtered(lambda plan: isinstance(plan.id, int))
        cards = self.env["safety.card"].search_fetch(
            [("plan_id", "in", saved.ids)], ["plan_id", "revoked_date", "expiry_date"]
        )
        by_plan = cards.grouped("plan_id")
        for plan in self:
            plan_cards = by_plan.get(plan, cards.browse()) if plan in saved else plan.card_ids
            plan.card_count = len(plan_cards)
            plan.has_active_card = any(card.state == "active" for card in plan_cards)

    @api.depends("risk_level")
    def _compute_color(self):
        for plan in self:
            plan.color = RISK_COLORS.get(plan.risk_level, 0)

    @api.onchange("situation_type")
    def _onchange_situation_type(self):
        # Only a plan being created gets starter steps: on an existing plan the
        # advocate's own steps are never replaced behind their back.
        if self._origin or any(step.is_done for step in self.step_ids):
            return
        values = self._prepare_step_values(self.situation_type, self.survivor_id.lang)
        self.step_ids = [Command.clear()] + [Command.create(vals) for vals in values]

    @api.model
    def _search(self, domain, *args, **kwargs):
        # the record rules read member_ids with SQL on its relation, which the
        # ORM does not flush: a team changed in this transaction counts at once
        self.flush_model(["member_ids"])
        return super()._search(domain, *args, **kwargs)

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = self._safety_own_values(vals_list, "create")
        for vals in vals_list:
            self._safety_drop_blank_interval(vals)
            self.browse()._safety_check_raise(vals)
            vals.update(self._safety_starter_steps(vals))
        plans = super().create(vals_list)
        plans.filtered("risk_raise_level")._safety_note_raise(False)
        scheduler = self.env["safety.plan.scheduler"]
        scheduler._sync_reviews_as_writer(plans.filtered(lambda plan: plan.state == "active"))
        return plans

    def write(self, vals):
        vals = self._safety_own_values([vals], "write")[0]
        if "risk_raise_level" in vals and len(self) > 1:
            # each plan's raise is measured against its own level and assessment
            for plan in self:
                plan.write(dict(vals))
            return True
        self._safety_drop_blank_interval(vals)
        self._safety_check_raise(vals)
        previous = self.risk_level if "risk_raise_level" in vals else None
        # sudo: who worked on the plans, to end the access of those who leave
        members = (
            {plan: plan.sudo().member_ids for plan in self}
            if {"advocate_id", "team_member_ids"} & vals.keys()
            else {}
        )
        result = super().write(vals)
        if previous is not None:
            self._safety_note_raise(previous)
        if REVIEW_SYNC_FIELDS.intersection(vals):
            self.env["safety.plan.scheduler"]._sync_reviews_as_writer(self)
        if members:
            left = self.env["res.users"].union(
                *(users - plan.sudo().member_ids for plan, users in members.items())
            )
            left._safety_revoke(self)
        return result

    @api.model
    def _safety_drop_blank_interval(self, vals):
        # a blank "Review Every" (an import's empty cell) follows the risk level
        if "review_interval_days" in vals and (
            vals["review_interval_days"] is False or vals["review_interval_days"] is None
        ):
            del vals["review_interval_days"]

    def _safety_check_raise(self, vals):
        """A level set by hand must be higher than the plan's current one
        (``self``, at most one plan; none when creating) and come with a
        reason."""
        if not vals.get("risk_raise_level"):
            if "risk_raise_level" in vals and any(plan.risk_raise_level for plan in self):
                raise ValidationError(
                    self.env._(
                        "A level raised by hand can't be withdrawn: only a new confirmed "
                        "risk assessment lowers the risk level."
                    )
                )
            return
        current = self.risk_level or "not_assessed"
        labels = dict(self._fields["risk_level"]._description_selection(self.env))
        if vals["risk_raise_level"] not in labels:
            return  # not a level at all: the ORM refuses it
        if LEVEL_ORDER.index(vals["risk_raise_level"]) <= max(
            LEVEL_ORDER.index(current), LEVEL_ORDER.index("none")
        ):
            raise ValidationError(
                self.env._(
                    "“Raised To” must be higher than the current risk level “%(level)s”: "
                    "a level is only raised by hand; to lower it, confirm a new risk "
                    "assessment.",
                    level=labels[current],
                )
            )
        if not (vals.get("risk_raise_reason") or "").strip():
            raise ValidationError(
                self.env._(
                    "Write in “Reason for Raising” why the risk is now “%(level)s”: a level "
                    "raised by hand is kept with its reason.",
                    level=labels[vals["risk_raise_level"]],
                )
            )

    @api.model
    def _safety_starter_steps(self, vals):
        """A new plan's starter steps (its situation's, in its survivor's
        language, unless the form sent them) and the templates they came from."""
        result = {}
        if "step_ids" in vals:
            templates = [
                command[2]["template_id"]
                for command in vals["step_ids"]
                if isinstance(command, list | tuple)
                and len(command) > 2
                and command[0] == Command.CREATE
                and isinstance(command[2], dict)
                and isinstance(command[2].get("template_id"), int)
            ]
        else:
            situation = vals.get("situation_type") or self.default_get(["situation_type"]).get(
                "situation_type"
            )
            # sudo: only the language is read, to word the steps; the link guard
            # refuses a survivor the user may not see right after
            survivor = self.env["safety.survivor"].sudo().browse(vals.get("survivor_id"))
            steps = self._prepare_step_values(situation, survivor.exists().lang)
            result["step_ids"] = [Command.create(step) for step in steps]
            templates = [step["template_id"] for step in steps]
        if "loaded_step_template_ids" not in vals:
            result["loaded_step_template_ids"] = [Command.set(templates)]
        return result

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        # the scheduler's activities subscribe nobody (the key spares a subscription only)
        if self.env.context.get("safety_scheduler_activity"):
            return True
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)

    def _safety_note_raise(self, previous):
        """One note per plan: the level raised by hand, from ``previous``."""
        labels = dict(self._fields["risk_level"]._description_selection(self.env))
        # sudo: the writer's change was allowed (the ORM checked it), and a writer
        # who also handed the plan to another advocate may no longer read it
        for plan in self.sudo():
            plan.message_post(
                author_id=self.env.user.partner_id.id,
                body=self.env._(
                    "Risk raised by hand from %(old)s to %(new)s: %(reason)s",
                    old=labels[previous or "not_assessed"],
                    new=labels[plan.risk_raise_level],
                    # sudo: the reason's field is for members; this runs for a member
                    reason=plan.sudo().risk_raise_reason,
                ),
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )

    def _message_auto_subscribe_followers(self, updated_values, default_subtype_ids):
        # the plan's advocate follows it, to hear of what reaches it (mail
        # from the survivor, notes of the team); no "assigned to you" mail
        followers = super()._message_auto_subscribe_followers(updated_values, default_subtype_ids)
        # sudo: the new advocate's partner is read to subscribe them, nothing else
        advocate = self.env["res.users"].sudo().browse(updated_values.get("advocate_id"))
        if advocate.active and advocate._is_safety_member():
            followers.append((advocate.partner_id.id, default_subtype_ids, False))
        return followers

    @api.model
    def _get_review_intervals(self):
        return {
            level: self._get_days_setting(
                f"victim_safety_planning.review_days_{level}", default, minimum=1
            )
            for level, default in DEFAULT_REVIEW_INTERVALS.items()
        }

    @api.model
    def _get_reminder_days(self, kind):
        """Lead time of a reminder kind (order, consent, card) or the days a
        review may be overdue before supervisors hear of it (review_escalation)."""
        return self._get_days_setting(REMINDER_PARAMS[kind], DEFAULT_REMINDER_DAYS[kind], minimum=0)

    @api.model
    def _get_days_setting(self, key, default, minimum):
        """A number of days from Settings, or ``default`` when it is missing,
        not a number, under ``minimum`` or over ten years."""
        # sudo: Settings are read for every user the setting applies to
        value = self.env["ir.config_parameter"].sudo().get_param(key, default)
        try:
            value = int(value)
        except (TypeError, ValueError):
            return default
        return value if minimum <= value <= MAX_DAYS else default

    @api.model
    def _prepare_step_values(self, situation_type, lang=None):
        """Starter steps of ``situation_type``, worded in ``lang`` (the
        survivor's language: the plan is theirs and prints in it)."""
        templates = self.env["safety.step.template"].search(
            [("situation_type", "in", [False, situation_type])]
        )
        if lang:
            templates = templates.with_context(lang=lang)
        return [
            {
                "sequence": index,
                "template_id": template.id,
                "context": template.context,
                "name": template.name,
                "discreet_name": template.discreet_name,
                "description": template.description,
            }
            for index, template in enumerate(templates, start=1)
        ]

    @api.model
    def _cron_keep_plans_current(self):
        return self.env["safety.plan.scheduler"]._keep_current()

    # actions ----------------------------------------------------------------
    def action_activate(self):
        for plan in self:
            if plan.state == "active":
                continue
            if not plan.emergency_contact_ids:
                raise UserError(plan._safety_no_contact_message())
            plan.write({"state": "active"})
        return True

    def action_close(self):
        self.write({"state": "closed"})
        return True

    def action_reset_to_draft(self):
        self.write({"state": "draft"})
        return True

    def action_load_steps(self):
        """Add the starter steps of the plan's situation never loaded into it
        (a step the advocate deleted stays deleted) and say how many."""
        added = 0
        for plan in self:
            # steps written before templates were remembered count by their wording
            existing = set(plan.step_ids.mapped("name"))
            values = [
                vals
                for vals in plan._prepare_step_values(plan.situation_type, plan.survivor_id.lang)
                if vals["template_id"] not in plan.loaded_step_template_ids.ids
                and vals["name"] not in existing
            ]
            if values:
                plan.write(
                    {
                        "step_ids": [Command.create(vals) for vals in values],
                        "loaded_step_template_ids": [
                            Command.link(vals["template_id"]) for vals in values
                        ],
                    }
                )
            added += len(values)
        if added:
            message = self.env._("%(count)s starter steps added.", count=added)
            if added == 1:
                message = self.env._("1 starter step added.")
        else:
            message = self.env._(
                "No new starter steps: every starter step for this situation was loaded "
                "before (deleted ones are not added again)."
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": "success" if added else "info",
                "sticky": False,
                # closing the action reloads the form, which shows the new steps
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_view_steps(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "victim_safety_planning.safety_plan_step_action"
        )
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {"default_plan_id": self.id, "search_default_group_by_context": 1}
        return action

    def action_assess_risk(self):
        """Open a new assessment of this plan, on one screen."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Assess Risk"),
            "res_model": "safety.risk.assessment",
            "view_mode": "form",
            "views": [
                (self.env.ref("victim_safety_planning.safety_risk_assessment_view_form").id, "form")
            ],
            "target": "current",
            "context": {"default_plan_id": self.id},
        }

    def action_view_assessments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "victim_safety_planning.safety_risk_assessment_action"
        )
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {"default_plan_id": self.id}
        return action

    def action_start_review(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Review"),
            "res_model": "safety.review",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            # the advocate chooses the outcome: none is preset, above all not
            # "Plan still fits" right after an incident
            "context": {"default_plan_id": self.id, "default_outcome": False},
        }

    def action_print_card(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Print Card"),
            "res_model": "safety.card.print.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_plan_ids": self.ids},
        }

    def action_print_plan(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Print Safety Plan"),
            "res_model": "safety.plan.print.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_plan_ids": self.ids},
        }

    def action_report_card_lost(self):
        """Revoke the plan's active card: a found card then verifies as
        revoked. Print a new one to reissue."""
        without = self.filtered(lambda plan: not plan.has_active_card)
        if without:
            raise UserError(
                self.env._(
                    "Plan %(plan)s has no active card: there is nothing to report lost. "
                    "Print a new card if the survivor needs one.",
                    plan=without[0].name,
                )
            )
        self.card_ids.filtered(lambda card: card.state == "active").action_revoke()
        return True

    def action_view_cards(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Cards"),
            "res_model": "safety.card",
            "view_mode": "list,form",
            "domain": [("plan_id", "=", self.id)],
            "context": {"default_plan_id": self.id},
        }

    # printing ---------------------------------------------------------------
    def _safety_print_lang(self):
        """The language the plan prints in: the survivor's."""
        self.ensure_one()
        return self.survivor_id.lang or self.env.user.lang or "en_US"

    @api.model
    def _safety_default_paper(self):
        """US Letter when the company prints on Letter or is in a country
        that uses it (the United States, Canada, Mexico...), else A4: every
        company starts on Odoo's A4 format, whatever its country."""
        company = self.env.company
        if company.paperformat_id.format in ("Letter", "Legal"):
            return "letter"
        return "letter" if (company.country_id.code or "") in LETTER_COUNTRIES else "a4"

    def _safety_note_print(self, options):
        """Note each print in the plan's chatter: who printed which version.
        A report download may run in a read-only transaction: the note is
        then written through a short read/write one of its own, as the
        access log does."""
        if not self:
            return
        if self.env.cr.readonly:
            self.env.cr.rollback()
            with self.env.registry.cursor(readonly=False) as cr:
                self.with_env(self.env(cr=cr))._safety_post_print_notes(options)
            return
        self._safety_post_print_notes(options)

    def _safety_post_print_notes(self, options):
        report = self.env["ir.actions.report"]._get_report(PLAN_REPORT)
        paper = report.with_context(safety_plan_paper=options.get("paper")).get_paperformat()
        languages = dict(self.env["res.lang"].get_installed())
        for plan in self:
            if options.get("is_discreet"):
                version = self.env._("discreet version")
            else:
                version = self.env._("full version")
            details = [version, paper.name]
            if options.get("folded"):
                details.append(self.env._("one folded page"))
            if options.get("show_confidential"):
                details.append(self.env._("with confidential addresses"))
            lang = plan._safety_print_lang()
            plan.message_post(
                body=self.env._(
                    "Safety plan printed (%(details)s) in %(language)s.",
                    details=", ".join(details),
                    language=languages.get(lang, lang),
                ),
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )

    def action_view_referrals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "victim_safety_planning.safety_referral_action"
        )
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {"default_plan_id": self.id}
        return action

    def action_view_survivor(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "safety.survivor",
            "res_id": self.survivor_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
