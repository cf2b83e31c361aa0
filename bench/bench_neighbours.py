"""What the addon costs the other apps: six everyday operations of core
Odoo, timed in one run on two databases with the same apps and demo data,
one without the addon and one with it, and printed as ratios (with / without;
the goal is 1.05 at most):

- an incoming mail routed to a new lead (the mail gateway);
- a message posted on a contact, its follower notified by email;
- a follower search on a lead's chatter, as a Safety Planning member who
  also sells (a plain salesman without the addon);
- a record rule refusing a portal user another customer's invoice;
- ``/web/image`` of a product (``ir.binary``);
- an invoice PDF (wkhtmltopdf).

Each measure runs in a savepoint rolled back after it, the two databases
taking turns, and the medians are compared. The databases are made by
tools/bench.sh (<bench database>_neighbours_core and _apps) and reused.
Prints figures; never asserts.
"""

import argparse
import statistics
import sys
import time

SCENARIOS = (
    ("incoming mail routed to a lead", "route", 31),
    ("message posted on a contact", "post", 31),
    ("follower search on a lead as a member", "followers", 301),
    ("record rule refusal on an invoice", "refusal", 301),
    ("/web/image of a product", "image", 301),
    ("invoice PDF", "pdf", 7),
)
RAW_MAIL = """From: "Hélène Dupré" <helene.dupre.{n}@example.com>
To: "Sales" <sales@example.com>
Subject: Quote for 40 chairs ({n})
Message-ID: <bench-neighbours-{n}@example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Bonjour, could you send a quote for 40 chairs delivered to Lyon?
"""


def _args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--odoo-src", required=True)
    parser.add_argument("--addons", required=True)
    parser.add_argument("--db", required=True)
    return parser.parse_known_args()[0]


class Variant:
    """One database and what its scenarios act on."""

    def __init__(self, odoo, registry, label):
        from odoo.tests.common import new_test_user

        self.label = label
        self.cr = registry.cursor()
        self.env = env = odoo.api.Environment(self.cr, odoo.SUPERUSER_ID, {})
        self.has_addon = "safety.plan" in env
        admin = env.ref("base.user_admin")
        self.admin_env = env(user=admin)
        groups = "sales_team.group_sale_salesman_all_leads"
        if self.has_addon:
            groups += ",victim_safety_planning.group_safety_advocate"
        self.member = new_test_user(env, login="bench_neighbour_member", groups=groups)
        self.portal = new_test_user(env, login="bench_neighbour_portal", groups="base.group_portal")
        self.lead = env["crm.lead"].search([], order="id", limit=1)
        self.lead.message_subscribe(partner_ids=(admin.partner_id | self.member.partner_id).ids)
        self.contact = env["res.partner"].create({"name": "Bench Contact"})
        follower = env["res.partner"].create({"name": "Ana Seguidora", "email": "ana@example.com"})
        self.contact.message_subscribe(partner_ids=follower.ids)
        self.invoice = env["account.move"].search(
            [("move_type", "=", "out_invoice"), ("state", "=", "posted")], order="id", limit=1
        )
        self.product = env["product.template"].search([("image_128", "!=", False)], limit=1)
        env.flush_all()
        self.runs = 0

    def measure(self, scenario):
        self.runs += 1
        method = getattr(self, f"_{scenario}")
        self.env.invalidate_all()
        savepoint = self.cr.savepoint()
        started = time.perf_counter()
        method()
        self.env.flush_all()
        elapsed = time.perf_counter() - started
        self.env.invalidate_all()
        savepoint.close(rollback=True)
        return elapsed

    def _route(self):
        self.env["mail.thread"].message_process("crm.lead", RAW_MAIL.format(n=self.runs).encode())

    def _post(self):
        self.contact.with_env(self.admin_env).message_post(
            body="Delivery moved to Thursday.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def _followers(self):
        Followers = self.env["mail.followers"].with_user(self.member)
        domain = [("res_id", "=", self.lead.id), ("res_model", "=", "crm.lead")]
        Followers.search_count(domain)
        Followers.search(domain, limit=100).mapped("partner_id.name")

    def _refusal(self):
        from odoo.exceptions import AccessError

        try:
            self.invoice.with_user(self.portal).check_access("read")
        except AccessError:
            return
        raise RuntimeError("the portal user was allowed another customer's invoice")

    def _image(self):
        from types import SimpleNamespace

        from odoo.http import _request_stack

        # /web/image without the HTTP layer: the stream reads the request's
        # database (filestore) and headers (cache validation)
        request = SimpleNamespace(
            db=self.cr.dbname, params={}, httprequest=SimpleNamespace(environ={})
        )
        _request_stack.push(request)
        try:
            self.admin_env["ir.binary"]._get_image_stream_from(
                self.product.with_env(self.admin_env), "image_128"
            ).read()
        finally:
            _request_stack.pop()

    def _pdf(self):
        self.admin_env["ir.actions.report"]._render_qweb_pdf(
            "account.account_invoices", self.invoice.ids
        )

    def close(self):
        self.cr.rollback()
        self.cr.close()


def main():
    args = _args()
    sys.path.insert(0, args.odoo_src)
    import odoo
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(
        [f"--addons-path={args.odoo_src}/addons,{args.addons}", "--db_host=127.0.0.1"]
    )
    core = Variant(odoo, Registry(f"{args.db}_neighbours_core"), "without the addon")
    apps = Variant(odoo, Registry(f"{args.db}_neighbours_apps"), "with the addon")
    assert apps.has_addon and not core.has_addon
    try:
        for label, scenario, rounds in SCENARIOS:
            timings = {core: [], apps: []}
            for variant in (core, apps):  # warm caches, as a running server has them
                variant.measure(scenario)
            for _round in range(rounds):
                for variant in (core, apps):
                    timings[variant].append(variant.measure(scenario))
            without, with_ = (1000 * statistics.median(timings[v]) for v in (core, apps))
            print(
                f"ratio {label}: {with_ / without:.2f} "
                f"({without:.2f} ms without the addon, {with_:.2f} ms with it, "
                f"median of {rounds})"
            )
    finally:
        core.close()
        apps.close()


if __name__ == "__main__":
    main()
