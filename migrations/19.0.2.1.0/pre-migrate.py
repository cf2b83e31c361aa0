"""The plan form's ten tabs became six (19.0.2.1.0): the views that added
pages for the person causing harm, orders, releases, incidents and risk
assessments now add sections to the "Legal" and "Risk & Incidents" pages.
The base form is reloaded before them, and Odoo checks it with the old
extensions still pointing at pages it no longer has: empty those extensions
first; their files, loaded next, give them their new content."""

MOVED_VIEWS = (
    "safety_plan_view_form_respondents",
    "safety_plan_view_form_protective_orders",
    "safety_plan_view_form_consents",
    "safety_plan_view_form_incidents",
    "safety_plan_view_form_risk",
)


def migrate(cr, version):
    cr.execute(
        """
        UPDATE ir_ui_view v
           SET arch_db = jsonb_build_object('en_US', '<data/>')
          FROM ir_model_data d
         WHERE d.model = 'ir.ui.view'
           AND d.module = 'victim_safety_planning'
           AND d.name IN %s
           AND d.res_id = v.id
        """,
        [MOVED_VIEWS],
    )
