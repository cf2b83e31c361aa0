# Run by tools/screenshots.sh inside `odoo shell` on the screenshot database:
# the public card address and the server's own address for the PDF renderer,
# and one wallet card issued by Maya on Alex's plan, as an advocate would.
import os

ICP = env["ir.config_parameter"].sudo()  # noqa: F821 (odoo shell's env)
ICP.set_param("victim_safety_planning.card_base_url", "https://cards.example.org")
ICP.set_param("web.base.url", os.environ["VSP_SCREENSHOT_URL"])
ICP.set_param("web.base.url.freeze", "True")
# OdooBot's welcome chat would cover the phone screenshots
staff = env["res.users"].search([("login", "in", ["maya.advocate", "sofia.supervisor"])])  # noqa: F821
if "odoobot_state" in staff._fields:
    staff.write({"odoobot_state": "disabled"})
maya = env["res.users"].search([("login", "=", "maya.advocate")])  # noqa: F821
plan = env["safety.plan"].search([("survivor_id.name", "ilike", "Alejandra")], limit=1)  # noqa: F821
wizard = (
    env["safety.card.print.wizard"]  # noqa: F821
    .with_user(maya)
    .with_context(active_model="safety.plan", active_ids=plan.ids)
    .create({"show_code_word": True})
)
cards = env["safety.card"].browse(wizard.action_print()["context"]["active_ids"])  # noqa: F821
assessment = plan.assessment_ids.filtered(lambda a: a.state == "confirmed").sorted("date")[-1:]
env.cr.commit()  # noqa: F821
print(f"VSP plan={plan.id} cards={','.join(map(str, cards.ids))} assessment={assessment.id}")
