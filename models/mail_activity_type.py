from odoo import fields, models


class MailActivityType(models.Model):
    _inherit = "mail.activity.type"

    # activities of these kinds show a “Start Review” or an “Assess Risk”
    # button in the chatter
    category = fields.Selection(
        selection_add=[
            ("safety_review", "Safety plan review"),
            ("safety_reassessment", "Risk reassessment"),
        ],
        ondelete={"safety_review": "set default", "safety_reassessment": "set default"},
    )
