"""The access log of 19.0.1 wrote "read" for a record read through web_read
one at a time (a form opened, and the records read inside it) and filed
survivors under their contact (res.partner). From 19.0.2 an opened form is
"open" ("read" is a read through the API), survivors are safety.survivor
records, and each line keeps the ids of the plan and the survivor whose file
the record is part of, for their Access History.

Runs before post-migrate.py (file names are sorted), while each survivor
still knows the contact it came from."""

import logging

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL
from odoo.tools.sql import column_exists

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    if column_exists(cr, "safety_survivor", "vsp_legacy_partner_id"):
        cr.execute(
            """
            UPDATE safety_access_log line
               SET model = 'safety.survivor', res_id = survivor.id
              FROM safety_survivor survivor
             WHERE line.model = 'res.partner' AND line.res_id = survivor.vsp_legacy_partner_id
            """
        )
        _logger.info("Access log: %s line(s) of survivors' contacts refiled", cr.rowcount)
    cr.execute("UPDATE safety_access_log SET action = 'open' WHERE action = 'read'")
    # one index on (model, res_id) replaces these two: each line written
    # would otherwise keep updating them
    cr.execute(
        "DROP INDEX IF EXISTS safety_access_log__model_index, safety_access_log__res_id_index"
    )
    env = api.Environment(cr, SUPERUSER_ID, {})
    for model_name in env["safety.confidential.mixin"]._safety_confidential_model_names():
        Model = env[model_name]
        if Model._abstract:
            continue
        cr.execute(
            "SELECT DISTINCT res_id FROM safety_access_log WHERE model = %s AND res_id > 0",
            [model_name],
        )
        records = Model.browse([row[0] for row in cr.fetchall()]).exists()
        if not records:
            continue
        # the same ids a new line gets (the record's company stays as filed)
        cr.execute(
            SQL(
                """
                UPDATE safety_access_log line
                   SET plan_ref = owner.plan_ref, survivor_ref = owner.survivor_ref
                  FROM (%s) AS owner (res_id, company_id, plan_ref, survivor_ref)
                 WHERE line.model = %s AND line.res_id = owner.res_id
                """,
                records._safety_log_select(),
                model_name,
            )
        )
