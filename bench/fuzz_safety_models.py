"""Bad inputs on every writable field of every safety model, as an
integration would send them over JSON-RPC: each call goes through
``odoo.api.call_kw`` as a non-superuser on a fresh cursor, with Odoo's
``IntegrityError`` handling as in ``odoo.service.model``, then flushes,
reads the record back and rolls back.

Plan data is tried as an advocate of the plan's team; configuration models
(checklists, starter steps, code lists) as a Safety Planning manager; the
wizards (print dialogs, referral, raise, erase) as the user who opens them,
and the addon's Settings as an administrator. Each model is also sent a list
where a dict belongs (``create([[...]])``, ``write(ids, [...])``).

Each input is tried on ``create`` (a valid record's values with the bad one
in) and on ``write`` (of an existing record). Counts:
- clean errors: ValidationError, UserError, AccessError or MissingError
  with a message (what the client shows);
- tracebacks: any other exception, a database error included;
- silent acceptances: an input that is invalid for its field (NUL byte,
  wrong type, unknown choice, missing or another team's record, blank
  required text, an integer out of range) that was saved;
- accepted: edge values (far dates, huge numbers or texts) that were saved
  and read back without error.

Runs on its own copy of the bench database (<bench database>_fuzz); prints the
counts and every traceback and silent acceptance. Exit status 0.
"""

import sys
import time
import traceback
from collections import Counter
from datetime import date, timedelta

from common import open_registry

INVALID, EDGE = "invalid", "edge"
MAGIC = {"id", "create_uid", "create_date", "write_uid", "write_date", "display_name"}
MISSING_ID = 999_999_999
# dates that are refused in the future (what happened, or a birth) and dates
# only the system sets, for which any value a client sends is invalid
FUTURE_REFUSED = {"date", "birthdate", "last_review_date", "signed_date", "issue_date"}
SYSTEM_DATES = {
    "reminded_expiry_date",
    "escalated_review_date",
    "due_date",
    "safety.card.issue_date",
}
# fields of the mail and activity mixins are Odoo's, tried by Odoo's tests
SKIPPED_PREFIXES = ("message_", "activity_", "website_message", "rating_", "image_")


def bad_values(field, other_team_ids):
    kind = field.type
    values = []
    if kind in ("char", "text", "html"):
        values += [
            ("NUL byte", "safe\x00place", INVALID),
            ("a dict", {"a": 1}, INVALID),
            ("a list", ["a"], INVALID),
            ("100,000 characters", "x" * 100_000, EDGE),
        ]
        if field.required:
            values += [("blank", "   ", INVALID), ("empty", "", INVALID)]
    elif kind in ("integer", "float", "monetary"):
        values += [
            ("text", "abc", INVALID),
            ("a list", [1], INVALID),
            ("10**20", 10**20, INVALID if kind == "integer" else EDGE),
            ("2**31", 2**31, INVALID if kind == "integer" else EDGE),
            ("-10**9", -(10**9), EDGE),
            ("1e308", 1e308, INVALID if kind == "integer" else EDGE),
        ]
    elif kind == "selection":
        values += [("unknown choice", "no_such_choice", INVALID), ("a number", 42, INVALID)]
    elif kind in ("date", "datetime"):
        system_date = (
            field.name in SYSTEM_DATES or f"{field.model_name}.{field.name}" in SYSTEM_DATES
        )
        values += [
            ("garbage", "31/31/2020", INVALID),
            ("a number", 12345, INVALID),
            ("9999-12-31", "9999-12-31", INVALID),
            ("0001-01-01", "0001-01-01", INVALID),
            ("1899-12-31", "1899-12-31", INVALID),
            ("impossible 2025-02-30", "2025-02-30", INVALID),
            (
                "2200-12-31",
                "2200-12-31",
                INVALID if field.name in FUTURE_REFUSED or system_date else EDGE,
            ),
            ("year 10000", "10000-01-01", INVALID),
        ]
    elif kind == "boolean":
        values += [
            ("the word no", "no", INVALID),
            ("the word false", "false", INVALID),
            ("2", 2, INVALID),
            ("a dict", {"a": 1}, INVALID),
        ]
    elif kind == "many2one":
        values += [
            ("missing id", MISSING_ID, INVALID),
            ("negative id", -1, INVALID),
            ("text", "abc", INVALID),
            ("a list", [1, 2], INVALID),
        ]
        if field.comodel_name in other_team_ids:
            values += [("another team's record", other_team_ids[field.comodel_name], INVALID)]
    elif kind in ("one2many", "many2many"):
        values += [
            ("link to a missing id", [(4, MISSING_ID)], INVALID),
            ("set to a missing id", [(6, 0, [MISSING_ID])], INVALID),
            ("text", "abc", INVALID),
            ("bad command", [(99, 1)], INVALID),
        ]
        if field.comodel_name in other_team_ids:
            other = other_team_ids[field.comodel_name]
            values += [
                ("link another team's record", [(4, other)], INVALID),
                ("set to another team's record", [(6, 0, [other])], INVALID),
            ]
    return values


def fixtures(odoo, env):
    """Users and one record of each safety model for team A, one for team B.
    Committed in the fuzz database copy."""
    from odoo.tests.common import new_test_user

    stamp = time.time_ns()
    env.company.country_id = env.ref("base.us")
    advocate = new_test_user(
        env, login=f"fuzz_a_{stamp}", groups="victim_safety_planning.group_safety_advocate"
    )
    other = new_test_user(
        env, login=f"fuzz_b_{stamp}", groups="victim_safety_planning.group_safety_advocate"
    )
    manager = new_test_user(
        env, login=f"fuzz_m_{stamp}", groups="victim_safety_planning.group_safety_manager"
    )
    recipient = env["res.partner"].create({"name": "Fuzz Legal Aid", "is_company": True})
    today = date.today()

    def team(user, name):
        Env = env(user=user)
        survivor = Env["safety.survivor"].create({"name": name})
        plan = Env["safety.plan"].create(
            {
                "survivor_id": survivor.id,
                "emergency_contact_ids": [(0, 0, {"name": "Sister", "phone": "+1 415 555 2671"})],
            }
        )
        plan.action_activate()
        order = Env["safety.protective.order"].create(
            {"plan_id": plan.id, "issue_date": today - timedelta(days=3)}
        )
        assessment = Env["safety.risk.assessment"].create({"plan_id": plan.id})
        records = {
            "safety.survivor": survivor,
            "safety.plan": plan,
            "safety.plan.step": plan.step_ids[:1],
            "safety.emergency.contact": plan.emergency_contact_ids[:1],
            "safety.location": Env["safety.location"].create({"plan_id": plan.id, "name": "Gym"}),
            "safety.incident": Env["safety.incident"].create({"plan_id": plan.id}),
            "safety.protective.order": order,
            "safety.consent": Env["safety.consent"].create(
                {
                    "plan_id": plan.id,
                    "recipient_id": recipient.id,
                    "purpose": "Housing",
                    "scope": "Address",
                    "expiry_date": today + timedelta(days=60),
                }
            ),
            "safety.card": Env["safety.card"].create({"plan_id": plan.id}),
            "safety.review": Env["safety.review"].create(
                {"plan_id": plan.id, "feels_safe_score": 6}
            ),
            "safety.risk.assessment": assessment,
            "safety.risk.answer": assessment.answer_ids[:1],
            "safety.respondent": Env["safety.respondent"].create(
                {"plan_id": plan.id, "name": "Devon Pike"}
            ),
        }
        return {name: record for name, record in records.items() if record}

    mine = team(advocate, "Fuzz Survivor A")
    theirs = team(other, "Fuzz Survivor B")
    config = {}
    for model in ("safety.risk.template", "safety.step.template", "safety.leave.item"):
        if model in env:
            config[model] = env[model].search([], limit=1)
    template = config.get("safety.risk.template")
    if template:
        config["safety.risk.question"] = template.question_ids[:1]
        config["safety.risk.threshold"] = template.threshold_ids[:1]
    for model in env.registry:
        if model.startswith("safety.") and model not in mine and model not in config:
            Model = env[model]
            if not Model._abstract and not Model._transient and Model._auto:
                record = Model.search([], limit=1)
                if record:
                    config[model] = record
    admin = new_test_user(
        env,
        login=f"fuzz_s_{stamp}",
        groups="victim_safety_planning.group_safety_manager,base.group_system",
    )
    wizards = wizard_fixtures(env, advocate, manager, admin, mine)
    env.cr.commit()
    config = {k: v for k, v in config.items() if v}
    return advocate.id, manager.id, mine, theirs, config, wizards


# wizards a manager opens; the others are an advocate's, Settings the administrator's
MANAGER_WIZARDS = {"safety.erase.wizard", "safety.directory.wizard"}


def wizard_fixtures(env, advocate, manager, admin, mine):
    """One record of each wizard, made by the user who opens it, with values
    for its required fields: ``{model: (uid, record, values)}``."""
    lead = env["crm.lead"].create({"name": "Fuzz lead", "contact_name": "Fuzz Person"})
    referral_model = "safety.referral"
    if referral_model in env and referral_model not in mine:
        plan = mine["safety.plan"]
        partner = env["res.partner"].create(
            {"name": "Fuzz Shelter", "is_company": True, "safety_resource_type": "shelter"}
        )
        mine[referral_model] = env(user=advocate)[referral_model].create(
            {"plan_id": plan.id, "partner_id": partner.id}
        )
    known = {model: record[:1].id for model, record in mine.items()}
    known.update({"crm.lead": lead.id, "res.users": advocate.id})
    result = {}
    for model in sorted(env.registry):
        if not model.startswith("safety.") or not env[model]._transient:
            continue
        user = manager if model in MANAGER_WIZARDS else advocate
        values = filler_values(env[model], known)
        try:
            with env.cr.savepoint():
                record = env(user=user)[model].with_context(tracking_disable=True).create(values)
        except Exception as error:  # reported, the others go on
            print(f"  (no {model} to try: {type(error).__name__}: {str(error)[:120]})")
            continue
        result[model] = (user.id, record, values)
    settings = env(user=admin)["res.config.settings"].create({})
    result["res.config.settings"] = (admin.id, settings, {})
    return result


def filler_values(Model, known):
    """Values for the required fields of ``Model`` that have no default."""
    defaults = Model.default_get(list(Model._fields))
    values = {}
    for name, field in Model._fields.items():
        if not field.required or defaults.get(name) or field.compute or field.related:
            continue
        if field.type == "many2one" and field.comodel_name in known:
            values[name] = known[field.comodel_name]
        elif field.type == "many2many" and field.comodel_name in known:
            values[name] = [(6, 0, [known[field.comodel_name]])]
        elif field.type == "selection":
            values[name] = field.get_values(Model.env)[-1]
        elif field.type in ("char", "text", "html"):
            values[name] = "Fuzz"
    return values


def call(odoo, registry, uid, model, method, args, field_names):
    """One call as call_kw over JSON-RPC would make it; returns the outcome:
    ("ok", None), ("clean", message) or ("traceback", text)."""
    from psycopg2 import IntegrityError

    from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
    from odoo.service.model import call_kw

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, uid, {"lang": "en_US"})
        try:
            try:
                result = call_kw(env[model], method, args, {})
                env.flush_all()
                ids = [result] if method == "create" and isinstance(result, int) else args[0]
                if method == "create" and hasattr(result, "ids"):
                    ids = result.ids
                env.invalidate_all()
                env[model].browse(ids).read(field_names)
            except IntegrityError as error:
                # odoo.service.model answers the client with the constraint's
                # own message when it has one: a clean error; otherwise the
                # database refused what our code should have checked
                cr.rollback()
                message = env[model]._sql_error_to_message(error)
                if message != env[model]._sql_error_to_message_generic(error):
                    return "clean", message
                return "traceback", f"database: {type(error).__name__}: {str(error)[:160]}"
            return "ok", None
        except (ValidationError, UserError, AccessError, MissingError) as error:
            message = str(error.args[0] if error.args else "")
            if not message.strip():
                return "traceback", f"{type(error).__name__} without a message"
            return "clean", message
        except Exception as error:
            frames = traceback.extract_tb(error.__traceback__)[-2:]
            where = "; ".join(
                f"{f.filename.rsplit('/', 2)[-1]}:{f.lineno} {f.name}" for f in frames
            )
            return "traceback", f"{type(error).__name__}: {str(error)[:160]} ({where})"
        finally:
            cr.rollback()


def main():
    odoo, registry = open_registry(copy_as="fuzz")
    import logging

    logging.getLogger("odoo.sql_db").setLevel(logging.CRITICAL)
    logging.getLogger("odoo.models.unlink").setLevel(logging.CRITICAL)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        advocate_id, manager_id, mine, theirs, config, wizards = fixtures(odoo, env)
        other_team_ids = {model: record.id for model, record in theirs.items()}
        plans = []
        tried = [(model, advocate_id, record, None) for model, record in sorted(mine.items())]
        tried += [(model, manager_id, record, None) for model, record in sorted(config.items())]
        tried += [(model, *wizards[model]) for model in sorted(wizards)]
        for model, uid, record, values in tried:
            Model = env[model]
            base = values if values is not None else record.copy_data()[0]
            settings = model == "res.config.settings"
            fields = [
                field
                for name, field in sorted(Model._fields.items())
                if field.store
                and name not in MAGIC
                and not name.startswith(SKIPPED_PREFIXES)
                and (not field.compute or field.inverse or not field.readonly)
                and field.type not in ("binary", "properties", "json", "reference")
                and (not settings or field._module == "victim_safety_planning")
            ]
            plans.append((model, uid, record.id, base, fields))
    started = time.perf_counter()
    outcomes = Counter()
    problems = []
    accepted_edges = []
    for model, uid, record_id, base, fields in plans:
        readable = [field.name for field in fields]
        # a list where a dict belongs
        for method, args in (("create", [[list(base.items())]]), ("write", [[record_id], ["x"]])):
            outcome, detail = call(odoo, registry, uid, model, method, args, readable)
            outcomes["tried"] += 1
            if outcome == "clean":
                outcomes["clean errors"] += 1
            elif outcome == "traceback":
                outcomes["tracebacks"] += 1
                problems.append(("TRACEBACK", model, "(values)", method, "a list", detail))
            else:
                outcomes["silent acceptances"] += 1
                problems.append(("ACCEPTED", model, "(values)", method, "a list", ""))
        for field in fields:
            # a manager may see every team's records: none is another's to them
            others = other_team_ids if uid == advocate_id else {}
            for label, value, expectation in bad_values(field, others):
                for method, args in (
                    ("write", [[record_id], {field.name: value}]),
                    ("create", [dict(base, **{field.name: value})]),
                ):
                    outcome, detail = call(odoo, registry, uid, model, method, args, readable)
                    outcomes["tried"] += 1
                    if outcome == "clean":
                        outcomes["clean errors"] += 1
                    elif outcome == "traceback":
                        outcomes["tracebacks"] += 1
                        problems.append(("TRACEBACK", model, field.name, method, label, detail))
                    elif expectation == INVALID:
                        outcomes["silent acceptances"] += 1
                        problems.append(("ACCEPTED", model, field.name, method, label, ""))
                    else:
                        outcomes["edge values accepted"] += 1
                        accepted_edges.append(f"{model}.{field.name} {method} {label}")
    elapsed = time.perf_counter() - started
    print(
        f"fuzz over {len(plans)} models: {outcomes['tried']} inputs tried, "
        f"{outcomes['clean errors']} clean errors, {outcomes['tracebacks']} tracebacks, "
        f"{outcomes['silent acceptances']} silent acceptances of invalid data, "
        f"{outcomes['edge values accepted']} edge values accepted ({elapsed:.0f} s)"
    )
    if "-v" in sys.argv:
        for line in accepted_edges:
            print(f"  edge accepted: {line}")
    for kind, model, field_name, method, label, detail in problems:
        print(f"  {kind} {model}.{field_name} {method} {label}: {detail}")


if __name__ == "__main__":
    main()
