from odoo import fields, models


class MailActivityType(models.Model):
    _inherit = "mail.activity.type"

    # activities of this kind show a “Start Review” button in the chatter
    category = fields.Selection(
        selection_add=[("safety_review", "Safety plan review")],
        ondelete={"safety_review": "set default"},
    )
