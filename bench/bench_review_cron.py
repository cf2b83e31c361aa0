"""The daily scheduler (review status, review activities, escalation of
overdue reviews, expiry reminders) over 100,000 active plans of which 10%
need its work, then an immediate second run.

Runs on its own copy of the bench database (<bench database>_cron, made anew each
time), filled with SQL to the steady state the scheduler leaves behind: every
active plan has its review activity, its advocate follows it, long-overdue
reviews were reported. Then one plan in ten is put out of step the ways it
happens in real life (an activity cancelled by hand, review dates changed by
an import, caseloads rebalanced, plans closed, reviews slipping past the
escalation threshold), and 500 orders, 500 releases and 500 cards enter their
reminder window.

Prints runtime and SQL query count of each run; never asserts timings.
"""

import time
from datetime import date, timedelta

from common import open_registry

PLANS = 100_000
ADVOCATES = 25
LEVELS = [("none", 180), ("low", 90), ("medium", 30), ("high", 14), ("critical", 7)]
REMINDERS = 500


def build(env):
    cr = env.cr
    today = date.today()
    users = env["res.users"].search([("login", "=like", "bench_advocate_%")], order="id")
    assert len(users) >= ADVOCATES, "run bench_plans.py first: it makes the advocates"
    advocates = users[:ADVOCATES]
    company_id = env.company.id
    review_type = env.ref("victim_safety_planning.mail_activity_type_safety_review")
    model_id = env["ir.model"]._get_id("safety.plan")
    count = PLANS
    started = time.perf_counter()
    # the plans of bench_plans.py leave the stage: the volume is ours alone
    cr.execute(
        """DELETE FROM mail_activity WHERE res_model = 'safety.plan';
           UPDATE safety_plan SET state = 'closed', next_review_date = NULL,
                  review_status = NULL, review_activity_id = NULL""",
        [],
    )
    cr.execute(
        """
        INSERT INTO safety_survivor (name, company_id, lang, active, create_uid, write_uid,
                                     create_date, write_date)
        SELECT 'Bench Cron Survivor ' || g, %s, 'en_US', TRUE, 1, 1, now(), now()
          FROM generate_series(1, %s) g
        """,
        [company_id, count],
    )
    # next review dates spread from 7 days ago (overdue, not yet past the
    # escalation threshold) to the end of each level's interval
    cr.execute(
        """
        INSERT INTO safety_plan (name, company_id, survivor_id, advocate_id, situation_type,
                                 state, risk_level, review_interval_days, activation_date,
                                 last_review_date, next_review_date, review_status, active,
                                 create_uid, write_uid, create_date, write_date)
        SELECT 'BENCH/' || lpad(p.rn::text, 6, '0'), %(company)s, p.id,
               (%(advocates)s::int[])[1 + p.rn %% %(n_advocates)s], 'domestic_violence',
               'active', lv.level, lv.days, %(today)s::date - 400,
               %(today)s::date - 7 + (p.rn * 37) %% (lv.days + 7) - lv.days,
               %(today)s::date - 7 + (p.rn * 37) %% (lv.days + 7),
               CASE WHEN (p.rn * 37) %% (lv.days + 7) < 7 THEN 'overdue' ELSE 'on_time' END,
               TRUE, 1, 1, now(), now()
          FROM (SELECT id, (row_number() OVER (ORDER BY id))::int AS rn
                  FROM safety_survivor WHERE name LIKE 'Bench Cron Survivor %%') p
        CROSS JOIN LATERAL (
            SELECT (%(levels)s::text[])[1 + p.rn %% 5] AS level,
                   (%(days)s::int[])[1 + p.rn %% 5] AS days
        ) lv
        """,
        {
            "company": company_id,
            "advocates": advocates.ids,
            "n_advocates": ADVOCATES,
            "today": today,
            "levels": [level for level, _days in LEVELS],
            "days": [days for _level, days in LEVELS],
        },
    )
    cr.execute(
        """
        INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name, activity_type_id,
                                   summary, date_deadline, user_id, active, create_uid,
                                   write_uid, create_date, write_date)
        SELECT %s, 'safety.plan', p.id, p.name, %s, 'Safety plan review', p.next_review_date,
               p.advocate_id, TRUE, 1, 1, now(), now()
          FROM safety_plan p
         WHERE p.name LIKE 'BENCH/%%'
        """,
        [model_id, review_type.id],
    )
    cr.execute(
        """
        UPDATE safety_plan p SET review_activity_id = a.id
          FROM mail_activity a
         WHERE a.res_model = 'safety.plan' AND a.res_id = p.id AND p.name LIKE 'BENCH/%%'
        """,
        [],
    )
    cr.execute(
        """
        INSERT INTO mail_followers (res_model, res_id, partner_id)
        SELECT 'safety.plan', p.id, u.partner_id
          FROM safety_plan p JOIN res_users u ON u.id = p.advocate_id
         WHERE p.name LIKE 'BENCH/%%'
        ON CONFLICT DO NOTHING
        """,
        [],
    )
    # one plan in ten needs the scheduler: rn % 10 = 0, split by rn % 100
    due = "name LIKE 'BENCH/%%' AND substring(name, 7)::int %% 10 = 0"
    cr.execute(
        f"""DELETE FROM mail_activity WHERE res_model = 'safety.plan' AND res_id IN (
                SELECT id FROM safety_plan WHERE {due}
                   AND substring(name, 7)::int %% 100 IN (0, 10, 20, 30))""",
        [],
    )
    cr.execute(
        f"""UPDATE safety_plan SET last_review_date = last_review_date + 5,
                   next_review_date = next_review_date + 5
             WHERE {due} AND substring(name, 7)::int %% 100 IN (40, 50)""",
        [],
    )
    cr.execute(
        f"""UPDATE safety_plan SET advocate_id = %s
             WHERE {due} AND substring(name, 7)::int %% 100 IN (60, 70)""",
        [advocates[0].id],
    )
    cr.execute(
        f"""UPDATE safety_plan SET state = 'closed', review_status = NULL,
                   next_review_date = NULL
             WHERE {due} AND substring(name, 7)::int %% 100 = 80""",
        [],
    )
    # reviews slipping past the threshold: status, escalation (activity in step)
    cr.execute(
        f"""UPDATE safety_plan SET next_review_date = %(day)s,
                   last_review_date = %(day)s - review_interval_days
             WHERE {due} AND substring(name, 7)::int %% 100 = 90""",
        {"day": today - timedelta(days=20)},
    )
    cr.execute(
        f"""UPDATE mail_activity a SET date_deadline = p.next_review_date
              FROM safety_plan p
             WHERE a.res_model = 'safety.plan' AND a.res_id = p.id
               AND p.{due} AND substring(p.name, 7)::int %% 100 = 90""",
        [],
    )
    # expiry records: 10,000 of each kind on other plans, REMINDERS of them in
    # their reminder window
    window = "substring(p.name, 7)::int %% 10 = 5"
    in_window = f"(substring(p.name, 7)::int / 10) %% {10_000 // REMINDERS} = 0"
    cr.execute(
        f"""
        INSERT INTO safety_protective_order (plan_id, company_id, order_type, issue_date,
                                             expiry_date, create_uid, write_uid,
                                             create_date, write_date)
        SELECT p.id, p.company_id, 'temporary', %(today)s::date - 100,
               CASE WHEN {in_window} THEN %(today)s::date + 5 ELSE %(today)s::date + 200 END,
               1, 1, now(), now()
          FROM safety_plan p WHERE p.name LIKE 'BENCH/%%' AND {window}
        """,
        {"today": today},
    )
    recipient = env["res.partner"].create({"name": "Bench Legal Aid", "is_company": True})
    cr.execute(
        f"""
        INSERT INTO safety_consent (plan_id, company_id, recipient_id, purpose, scope,
                                    signed_date, expiry_date, create_uid, write_uid,
                                    create_date, write_date)
        SELECT p.id, p.company_id, %(recipient)s, 'Court support', 'Hearing dates',
               %(today)s::date - 100,
               CASE WHEN {in_window} THEN %(today)s::date + 5 ELSE %(today)s::date + 200 END,
               1, 1, now(), now()
          FROM safety_plan p WHERE p.name LIKE 'BENCH/%%' AND {window}
        """,
        {"today": today, "recipient": recipient.id},
    )
    cr.execute(
        f"""
        INSERT INTO safety_card (plan_id, company_id, issued_by_id, token, number, issue_date,
                                 expiry_date, is_discreet, contact_limit, create_uid,
                                 write_uid, create_date, write_date)
        SELECT p.id, p.company_id, 1, md5(random()::text || p.id), 'B' || lpad(p.id::text, 7, '0'),
               %(today)s::date - 300,
               CASE WHEN {in_window} THEN %(today)s::date + 10 ELSE %(today)s::date + 65 END,
               TRUE, 3, 1, 1, now(), now()
          FROM safety_plan p WHERE p.name LIKE 'BENCH/%%' AND {window}
        """,
        {"today": today},
    )
    cr.commit()
    env.invalidate_all()
    active = env["safety.plan"].search_count([("state", "=", "active")])
    print(
        f"volume: {PLANS} plans active yesterday, {active} today; {ADVOCATES} advocates, "
        f"{env['mail.activity'].search_count([])} activities, "
        f"{env['safety.protective.order'].search_count([])} orders, "
        f"{env['safety.consent'].search_count([])} releases, "
        f"{env['safety.card'].search_count([])} cards "
        f"(set up in {time.perf_counter() - started:.0f} s)"
    )


def run(odoo, registry, label):
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        Plan = env["safety.plan"]
        Scheduler = env["safety.plan.scheduler"]
        scope = Plan.with_context(active_test=False)._search([]).subselect()
        candidates = {
            "review status": len(Scheduler._status_candidates([])),
            "review activities": len(Scheduler._review_candidates(scope)),
            "escalations": len(Scheduler._escalation_candidates(scope)),
        }
        for model in Scheduler._reminder_models():
            candidates[model] = len(env[model]._safety_reminder_actions(scope))
        cr.rollback()
        queries = cr.sql_log_count
        started = time.perf_counter()
        changed = Scheduler._keep_current()
        elapsed = time.perf_counter() - started
        queries = cr.sql_log_count - queries
    batches = sum((n + 999) // 1000 for n in candidates.values())
    print(
        f"{label}: {elapsed:.1f} s, {queries} queries, {batches} batches, "
        f"{changed} changes; candidates "
        + ", ".join(f"{name} {number}" for name, number in candidates.items())
    )


def main():
    odoo, registry = open_registry(copy_as="cron")
    with registry.cursor() as cr:
        build(odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True}))
    run(odoo, registry, "first run")
    run(odoo, registry, "second run")


if __name__ == "__main__":
    main()
