"""The daily scheduler over 20,000 active plans while 4 supervisors edit
plans, each on a cursor and thread of their own as HTTP workers would.

Runs on its own copy of the bench database (<bench database>_writers, made anew
each time). The plans are inserted with SQL, active and without their review
activity, so that the scheduler creates 20,000 activities in 20 batches of
1,000 while the writers post notes on plans (which subscribes the author),
hand plans to another advocate (the review activity follows, the new
advocate is subscribed) and shorten review intervals (the activity moves).
A save is retried as Odoo's HTTP layer does (serialization failures and
deadlocks, 5 tries); it fails when it still can't commit.

Prints the scheduler's time, its failed batches (batches left for the next
run), the saves made and failed, and the plans with exactly one open review
activity afterwards; never asserts timings.
"""

import logging
import random
import threading
import time
from datetime import date

from common import open_registry

PLANS = 20_000
WRITERS = 4
ADVOCATES = 25


class BatchFailures(logging.Handler):
    """Counts the scheduler's "left for the next run" lines."""

    def __init__(self):
        super().__init__()
        self.count = 0

    def emit(self, record):
        if "left for the next run" in record.getMessage():
            self.count += 1


def build(odoo, env):
    cr = env.cr
    today = date.today()
    from odoo.tests.common import new_test_user

    advocates = env["res.users"].search([("login", "=like", "bench_advocate_%")], order="id")
    assert len(advocates) >= ADVOCATES, "run bench_plans.py first: it makes the advocates"
    advocates = advocates[:ADVOCATES]
    supervisors = env["res.users"]
    for index in range(WRITERS):
        login = f"bench_supervisor_{index}"
        supervisors |= env["res.users"].search([("login", "=", login)]) or new_test_user(
            env, login=login, groups="victim_safety_planning.group_safety_supervisor"
        )
    started = time.perf_counter()
    # the plans of the other benches leave the stage: the volume is ours alone
    cr.execute(
        """DELETE FROM mail_activity WHERE res_model = 'safety.plan';
           UPDATE safety_plan SET state = 'closed', next_review_date = NULL,
                  review_status = NULL, review_activity_id = NULL"""
    )
    cr.execute(
        """INSERT INTO safety_survivor (name, company_id, lang, active, create_uid,
                                        write_uid, create_date, write_date)
           SELECT 'Bench Writers Survivor ' || g, %s, 'en_US', TRUE, 1, 1, now(), now()
             FROM generate_series(1, %s) g""",
        [env.company.id, PLANS],
    )
    cr.execute(
        """INSERT INTO safety_plan (name, company_id, survivor_id, advocate_id, situation_type,
                                    state, risk_level, review_interval_days, activation_date,
                                    last_review_date, next_review_date, review_status,
                                    active, create_uid, write_uid, create_date, write_date)
           SELECT 'WRITERS/' || lpad(s.rn::text, 6, '0'), %(company)s, s.id,
                  (%(advocates)s::int[])[1 + s.rn %% %(n)s], 'domestic_violence', 'active',
                  'medium', 30, %(today)s::date - 100, %(today)s::date - (s.rn %% 30),
                  %(today)s::date + 30 - (s.rn %% 30), 'on_time', TRUE, 1, 1, now(), now()
             FROM (SELECT id, (row_number() OVER (ORDER BY id))::int AS rn
                     FROM safety_survivor
                    WHERE name LIKE 'Bench Writers Survivor %%') s""",
        {"company": env.company.id, "advocates": advocates.ids, "n": ADVOCATES, "today": today},
    )
    # the advocate follows the plan, as the save that made them its advocate left it
    cr.execute(
        """INSERT INTO mail_followers (res_model, res_id, partner_id)
           SELECT 'safety.plan', p.id, u.partner_id
             FROM safety_plan p JOIN res_users u ON u.id = p.advocate_id
            WHERE p.name LIKE 'WRITERS/%%'
           ON CONFLICT DO NOTHING"""
    )
    cr.execute("ANALYZE safety_plan")
    cr.execute("ANALYZE mail_followers")
    cr.commit()
    cr.execute("SELECT id FROM safety_plan WHERE name LIKE 'WRITERS/%%' ORDER BY id")
    plan_ids = [row[0] for row in cr.fetchall()]
    print(
        f"volume: {len(plan_ids)} active plans without their review activity, "
        f"{ADVOCATES} advocates, {WRITERS} supervisors writing "
        f"(set up in {time.perf_counter() - started:.0f} s)"
    )
    return plan_ids, supervisors.ids, advocates.ids


def write_plans(odoo, registry, uid, plan_ids, advocate_ids, stop, tally, seed):
    """One supervisor's saves, until the scheduler is done."""
    from odoo.service.model import (
        MAX_TRIES_ON_CONCURRENCY_FAILURE,
        PG_CONCURRENCY_EXCEPTIONS_TO_RETRY,
    )

    rand = random.Random(seed)
    while not stop.is_set():
        plan_id = rand.choice(plan_ids)
        kind = rand.choice(("note", "advocate", "interval"))

        def save(env, plan_id=plan_id, kind=kind):
            plan = env["safety.plan"].browse(plan_id)
            if kind == "note":
                plan.message_post(
                    body="Called back, all well",
                    message_type="comment",
                    subtype_xmlid="mail.mt_note",
                )
            elif kind == "advocate":
                plan.advocate_id = rand.choice(advocate_ids)
            else:
                plan.review_interval_days = rand.randint(7, 30)

        error = "gave up after retrying"
        for attempt in range(MAX_TRIES_ON_CONCURRENCY_FAILURE):
            with registry.cursor() as cr:
                env = odoo.api.Environment(cr, uid, {})
                try:
                    save(env)
                    cr.commit()
                    error = None
                    break
                except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                    cr.rollback()
                    time.sleep(rand.uniform(0.0, 0.05 * 2**attempt))
                except Exception as exc:
                    cr.rollback()
                    error = f"{type(exc).__name__}: {exc}"
                    break
        with tally["lock"]:
            tally["saves"] += 1
            if error:
                tally["failed"] += 1
                tally["errors"].setdefault(str(error)[:120], 0)
                tally["errors"][str(error)[:120]] += 1


def main():
    odoo, registry = open_registry(copy_as="writers")
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        plan_ids, supervisor_ids, advocate_ids = build(odoo, env)
    logging.getLogger("odoo.sql_db").setLevel(logging.CRITICAL)
    failures = BatchFailures()
    logging.getLogger("odoo.addons.victim_safety_planning").addHandler(failures)
    stop = threading.Event()
    tally = {"lock": threading.Lock(), "saves": 0, "failed": 0, "errors": {}}
    writers = [
        threading.Thread(
            target=write_plans,
            args=(odoo, registry, uid, plan_ids, advocate_ids, stop, tally, index),
            daemon=True,
        )
        for index, uid in enumerate(supervisor_ids)
    ]
    for writer in writers:
        writer.start()
    started = time.perf_counter()
    crashed = None
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        try:
            changed = env["safety.plan.scheduler"]._keep_current()
            cr.commit()
        except Exception as exc:
            crashed = exc
            changed = 0
    elapsed = time.perf_counter() - started
    stop.set()
    for writer in writers:
        writer.join()
    with registry.cursor() as cr:
        cr.execute(
            """SELECT count(*) FILTER (WHERE n = 1), count(*) FILTER (WHERE n = 0),
                      count(*) FILTER (WHERE n > 1)
                 FROM (SELECT p.id, count(a.id) AS n
                         FROM safety_plan p
                    LEFT JOIN mail_activity a
                           ON a.res_model = 'safety.plan' AND a.res_id = p.id AND a.active
                          AND a.activity_type_id = %s
                        WHERE p.state = 'active'
                     GROUP BY p.id) counts""",
            [
                odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
                .ref("victim_safety_planning.mail_activity_type_safety_review")
                .id
            ],
        )
        one, none, several = cr.fetchone()
    print(
        f"scheduler over {PLANS} plans with {WRITERS} writers: {elapsed:.1f} s, "
        f"{changed} changes, {'CRASHED: ' + repr(crashed) + ', ' if crashed else ''}"
        f"{failures.count} failed batches; {tally['saves']} saves, {tally['failed']} failed; "
        f"active plans with exactly one review activity {one}, none {none}, several {several}"
    )
    for error, count in sorted(tally["errors"].items(), key=lambda item: -item[1]):
        print(f"  failed save x{count}: {error}")


if __name__ == "__main__":
    main()
