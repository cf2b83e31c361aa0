"""Fixtures of the wallet card tests: an agency with a public address, an
advocate and an outsider, plans to print, and a print that keeps its PDF."""

import os
import shutil
import tempfile
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from unittest.mock import patch

import odoo
from odoo.tests import HttpCase, new_test_user
from odoo.tests.common import TEST_CURSOR_COOKIE_NAME, release_test_lock

from odoo.addons.base.models import ir_actions_report

from .common import RaisesInTransactionMixin, SafetyCommon

PUBLIC_URL = "https://cards.example.org"
AGENCY = "Riverside Survivor Advocacy"
# far enough away for the cards to stay valid, fixed for the reference renderings
EXPIRY = date(2039, 12, 31)


class CardCase(RaisesInTransactionMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for tool in ("pdftotext", "pdfinfo", "pdftoppm", "zbarimg"):
            if not shutil.which(tool):
                raise AssertionError(f"{tool} is installed by tools/setup.sh")
        cls.env.company.write(
            {"name": AGENCY, "country_id": cls.env.ref("base.us").id, "phone": "+1 415 555 0199"}
        )
        cls.env["ir.config_parameter"].set_param("victim_safety_planning.card_base_url", PUBLIC_URL)
        cls.advocate = new_test_user(
            cls.env,
            login="card_advocate",
            name="Maya Cardwell",
            groups="victim_safety_planning.group_safety_advocate",
        )
        cls.advocate_other = new_test_user(
            cls.env,
            login="card_advocate_other",
            groups="victim_safety_planning.group_safety_advocate",
        )
        cls.outsider = SafetyCommon._new_outsider(cls.env, login="card_outsider")
        cls.hotline = cls.env["res.partner"].create(
            {
                "name": "Statewide Domestic Violence Hotline",
                "is_company": True,
                "safety_resource_type": "hotline",
                "phone": "+1 415 555 0105",
            }
        )
        # VSP_CARD_RENDERS=<folder> keeps the PDFs and PNGs there to look at
        keep = os.environ.get("VSP_CARD_RENDERS")
        if keep:
            cls.tmp = Path(keep, cls.__name__)
            cls.tmp.mkdir(parents=True, exist_ok=True)
        else:
            cls.tmp = Path(tempfile.mkdtemp(prefix="vsp_cards_"))
            cls.addClassCleanup(shutil.rmtree, cls.tmp, ignore_errors=True)

    @classmethod
    def _new_plan(cls, contacts, locations=(), name="Morgan Cardholder", lang=None, orders=()):
        """An active plan of the advocate: ``contacts`` are dicts of
        emergency contact values (safe to call unless said otherwise)."""
        survivor = (
            cls.env["safety.survivor"]
            .with_user(cls.advocate)
            .create({"name": name, "lang": lang or False, "country_id": cls.env.ref("base.us").id})
        )
        plan = (
            cls.env["safety.plan"]
            .with_user(cls.advocate)
            .create(
                {
                    "survivor_id": survivor.id,
                    "emergency_contact_ids": [
                        (0, 0, dict({"is_safe_to_call": True}, **values)) for values in contacts
                    ],
                    "location_ids": [(0, 0, values) for values in locations],
                    "protective_order_ids": [(0, 0, values) for values in orders],
                }
            )
        )
        plan.action_activate()
        return plan.with_env(cls.env)

    @classmethod
    def _wizard(cls, plans, user=None, **values):
        return (
            cls.env["safety.card.print.wizard"]
            .with_user(user or cls.advocate)
            .with_context(active_model="safety.plan", active_ids=plans.ids)
            .create(dict({"expiry_date": EXPIRY}, **values))
        )

    @classmethod
    def _issue(cls, plans, user=None, **values):
        """Print cards as the advocate would: the cards, and the action the
        dialog gets back."""
        action = cls._wizard(plans, user=user, **values).action_print()
        return cls.env["safety.card"].browse(action["context"]["active_ids"]), action

    @classmethod
    def _render(cls, cards, name, user=None):
        """The cards' PDF, rendered as the advocate, saved under ``name``.
        Callable from setUpClass: wkhtmltopdf then gets the test cursor's
        cookie for the report's style sheets, as HttpCase.setUp arranges for
        renders made inside a test."""
        with ExitStack() as stack:
            test = odoo.modules.module.current_test
            if not hasattr(test, "http_request_key"):  # setUp has not run yet
                run = ir_actions_report._run_wkhtmltopdf

                def run_with_cookie(args):
                    test.http_request_key, test.http_request_allow_all = "wkhtmltopdf", False
                    try:
                        with release_test_lock():
                            return run(["--cookie", TEST_CURSOR_COOKIE_NAME, "wkhtmltopdf", *args])
                    finally:
                        del test.http_request_key, test.http_request_allow_all

                stack.enter_context(
                    patch.object(ir_actions_report, "_run_wkhtmltopdf", run_with_cookie)
                )
            pdf, _type = (
                cls.env["ir.actions.report"]
                .with_user(user or cls.advocate)
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf("victim_safety_planning.action_report_safety_card", cards.ids)
            )
        path = cls.tmp / f"{name}.pdf"
        path.write_bytes(pdf)
        return path
