from odoo import fields, models

from .safety_funder_report import (
    DEFAULT_FISCAL_START,
    DEFAULT_SUPPRESSION,
    FISCAL_START_PARAM,
    SUPPRESSION_PARAM,
)
from .safety_retention import RETENTION_MONTHS_PARAM

MONTHS = [
    ("1", "January"),
    ("2", "February"),
    ("3", "March"),
    ("4", "April"),
    ("5", "May"),
    ("6", "June"),
    ("7", "July"),
    ("8", "August"),
    ("9", "September"),
    ("10", "October"),
    ("11", "November"),
    ("12", "December"),
]


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    safety_fiscal_year_start_month = fields.Selection(
        MONTHS,
        string="Fiscal year starts in",
        config_parameter=FISCAL_START_PARAM,
        default=str(DEFAULT_FISCAL_START),
        help="The funder's fiscal year: federal grants (VOCA, FVPSA, OVW) start in October.",
    )
    safety_suppression_threshold = fields.Integer(
        string="Hide counts up to",
        config_parameter=SUPPRESSION_PARAM,
        default=DEFAULT_SUPPRESSION,
        help="In reports for anyone but the funder (a board, a coalition), counts from 1 to "
        "this number are hidden, with other cells so that none can be worked out.",
    )
    safety_retention_months = fields.Integer(
        string="Purge closed files after",
        config_parameter=RETENTION_MONTHS_PARAM,
        default=0,
        help="Months after the last plan of a survivor is closed before their file is purged "
        "(narratives, notes, attachments, messages, contact details, identity); services stay "
        "as de-identified rows. 0 keeps everything. A legal hold on a plan stops it.",
    )

    def action_safety_retention_preview(self):
        self.execute()
        return self.env["safety.retention"].action_preview()
