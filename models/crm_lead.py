from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.http import request

from .safety_address_mixin import address_values

# Fields of a lead that hold nothing about a person and stay after referral:
# the pipeline keeps its counts, never who it was about.
KEPT_FIELDS = frozenset(
    {
        "name",
        "type",
        "active",
        "stage_id",
        "team_id",
        "user_id",
        "company_id",
        "priority",
        "probability",
        "won_status",
        "color",
    }
)


class CrmLead(models.Model):
    """Leads are where referrals arrive. Nothing secret stays on a lead: a
    member refers it to Safety Planning, which moves the person into the
    vault and the conversation onto a plan, and scrubs the lead."""

    _inherit = "crm.lead"

    @api.model_create_multi
    def create(self, vals_list):
        targets = [self._safety_website_form_target(vals) for vals in vals_list]
        if not any(targets):
            return super().create(vals_list)
        for vals, target in zip(vals_list, targets, strict=True):
            if target:
                # nobody of the sales team is assigned, notified or subscribed
                vals.pop("user_id", None)
                vals.pop("team_id", None)
        leads = super(
            CrmLead,
            self.with_context(
                mail_create_nolog=True, mail_auto_subscribe_no_notify=True, mail_notrack=True
            ),
        ).create(vals_list)
        diverted = {lead.id: target for lead, target in zip(leads, targets, strict=True) if target}
        # the website form adds its custom fields and attachments after create:
        # divert the lead once the request is done with it
        self.env.cr.precommit.add(lambda: self._safety_divert_leads(diverted))
        return leads

    @api.model
    def _safety_website_form_target(self, vals):
        """The survivor's record a lead submitted through the website's
        contact form belongs to, when it comes from a survivor's address."""
        if not (request and request.httprequest.path.startswith("/website/form/")):
            return False
        return self.env["mail.thread"]._safety_thread_for_email(vals.get("email_from"))

    @api.model
    def _safety_divert_leads(self, targets):
        """Move what the website form wrote (contact details, message,
        attachments) to the survivor's record, then delete the lead: the
        sales team never sees it."""
        # sudo: runs at the end of a public request; the targets were found by
        # the survivor's email address, nothing is returned to the visitor
        leads = self.sudo().with_context(active_test=False).browse(list(targets)).exists()
        for lead in leads:
            target = targets[lead.id].sudo()
            target.message_post(
                body=lead._safety_summary(),
                email_from=lead.email_from,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            lead._safety_transfer_to(target)
        leads.unlink()
        self.env.flush_all()

    def _safety_summary(self):
        self.ensure_one()
        lines = Markup("").join(
            Markup("<li>%s: %s</li>") % (label, value)
            for label, value in (
                (self.env._("Name"), self.contact_name or self.partner_name),
                (self.env._("Email"), self.email_from),
                (self.env._("Phone"), self.phone),
                (self.env._("Subject"), self.name),
            )
            if value
        )
        return (
            Markup("<p>%s</p><ul>%s</ul>")
            % (self.env._("Sent through the website's contact form:"), lines)
        ) + (self.description or "")

    def action_refer_to_safety_planning(self):
        self.ensure_one()
        self.check_access("read")
        if not self.env.user._is_safety_member():
            raise AccessError(self.env._("Only Safety Planning users can refer a lead."))
        self._safety_check_referable()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refer to Safety Planning"),
            "res_model": "safety.lead.refer.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_lead_id": self.id},
        }

    def _safety_check_referable(self):
        """A lead is referred once: referring it again would register a
        second person (named after the scrubbed lead) with a second plan.
        Callers are Safety Planning members."""
        self.ensure_one()
        # sudo: a member asks; only whether a plan came from this lead is read
        referred = (
            self.env["safety.plan"]
            .sudo()
            .with_context(active_test=False)
            .search_count([("referral_lead_ref", "=", self.id)], limit=1)
        )
        # sudo: the member may read the lead; leads scrubbed before plans kept
        # their lead's id are known by holding no one
        lead = self.sudo().with_context(active_test=False)
        holds_no_one = not (
            lead.contact_name or lead.partner_name or lead.email_from or lead.phone
        ) and not (lead.partner_id or lead.active)
        if referred or holds_no_one:
            raise UserError(
                self.env._(
                    "This lead was already referred to Safety Planning: it keeps nothing "
                    "about the person any more. Find them in Safety Planning > Referrals "
                    "(or ask a supervisor) instead of referring the lead again."
                )
            )

    def _safety_survivor_values(self):
        """What the lead knows of the person, for a new survivor record."""
        self.ensure_one()
        return {
            "name": self.contact_name or self.partner_id.name or self.partner_name or self.name,
            "email": self.email_from,
            "phone": self.phone,
            **address_values(self),
            "lang": self.lang_id.code or False,
            "company_id": (self.company_id or self.env.company).id,
        }

    def _safety_scrub(self, delete=False):
        """Leave nothing of the person on the lead: every text, the contact,
        the address, the tags; the name becomes a neutral word and the lead is
        archived (or deleted). Not tracked: a tracking message would keep the
        old values."""
        values = {"name": self.env._("Closed"), "active": False}
        if "iap_enrich_done" in self._fields:
            # Odoo's Lead Enrichment, when installed, never looks this lead up
            values["iap_enrich_done"] = True
        for name, field in self._fields.items():
            if name in KEPT_FIELDS or not field.store or (field.compute and field.readonly):
                continue
            if field.type in ("char", "text", "html", "properties"):
                values[name] = False
            elif field.type == "many2one" and field.comodel_name in (
                "res.partner",
                "res.country",
                "res.country.state",
                "res.lang",
                "res.partner.title",
            ):
                values[name] = False
            elif field.type == "many2many" and field.comodel_name == "crm.tag":
                values[name] = [fields.Command.clear()]
        leads = self.with_context(tracking_disable=True, mail_notrack=True, active_test=False)
        leads.write(values)
        if delete:
            leads.unlink()
