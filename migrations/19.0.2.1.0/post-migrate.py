"""The advocates' record rules read the plan's members (advocate and team in
one relation, safety.plan.member_ids) instead of an OR of the advocate and
the team, which PostgreSQL misestimated. The rules are noupdate: those still
as this addon wrote them are rewritten; a rule an agency changed is left.

The risk reassessment activity type (noupdate too) gets the category that
shows "Assess Risk" in the chatter, unless an agency gave it another."""

from odoo import SUPERUSER_ID, api

REWRITES = {
    "['|', ('advocate_id', '=', user.id), ('team_member_ids', 'in', user.id)]": (
        "[('member_ids', 'in', user.id)]"
    ),
    "['|', ('plan_id.advocate_id', '=', user.id), ('plan_id.team_member_ids', 'in', user.id)]": (
        "[('plan_id.member_ids', 'in', user.id)]"
    ),
    "['|', ('assessment_id.plan_id.advocate_id', '=', user.id), "
    "('assessment_id.plan_id.team_member_ids', 'in', user.id)]": (
        "[('assessment_id.plan_id.member_ids', 'in', user.id)]"
    ),
    "['|', '|', ('plan_ids.advocate_id', '=', user.id), ('plan_ids.team_member_ids', 'in', "
    "user.id), '&', ('plan_ids', '=', False), ('registered_by_id', '=', user.id)]": (
        "['|', ('plan_ids.member_ids', 'in', user.id), '&', ('has_plan', '=', False), "
        "('registered_by_id', '=', user.id)]"
    ),
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule_ids = (
        env["ir.model.data"]
        .search([("module", "=", "victim_safety_planning"), ("model", "=", "ir.rule")])
        .mapped("res_id")
    )
    for rule in env["ir.rule"].browse(rule_ids).exists():
        new = REWRITES.get(rule.domain_force)
        if new:
            rule.domain_force = new
    reassessment = env.ref(
        "victim_safety_planning.mail_activity_type_safety_reassessment", raise_if_not_found=False
    )
    if reassessment and reassessment.category == "default":
        reassessment.category = "safety_reassessment"
