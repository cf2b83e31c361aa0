from odoo.tests import HttpCase, new_test_user, tagged

from .common import SafetyCommon, json_call


@tagged("post_install", "-at_install")
class TestHttpLeaks(HttpCase):
    """Leak paths tried over HTTP as a signed-in non-member holding every other
    app's rights (debug mode included) and as an advocate of another team."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.country_id = cls.env.ref("base.us")
        cls.advocate = new_test_user(
            cls.env, login="http_advocate", groups="victim_safety_planning.group_safety_advocate"
        )
        cls.other_advocate = new_test_user(
            cls.env, login="http_other_adv", groups="victim_safety_planning.group_safety_advocate"
        )
        cls.outsider = SafetyCommon._new_outsider(cls.env, login="http_outsider")
        cls.survivor = (
            cls.env["safety.survivor"]
            .with_user(cls.advocate)
            .create({"name": "Quinn Hidden", "email": "quinn.hidden@example.org"})
            .with_env(cls.env)
        )
        cls.plan = (
            cls.env["safety.plan"]
            .with_user(cls.advocate)
            .create({"survivor_id": cls.survivor.id})
            .with_env(cls.env)
        )
        cls.attachment = cls.env["ir.attachment"].create(
            {
                "name": "statement.txt",
                "res_model": "safety.plan",
                "res_id": cls.plan.id,
                "raw": b"Quinn Hidden statement",
            }
        )

    def _call(self, model, method, args, kwargs=None, debug=False):
        # the refusals are the point: odoo.http logs each one as a warning
        return json_call(self, model, method, args, kwargs, debug=debug, muted=["odoo.http"])

    def test_json_rpc_as_outsider(self):
        self.authenticate("http_outsider", "http_outsider")
        found = self._call(
            "res.partner",
            "web_search_read",
            [],
            {"domain": [], "specification": {"display_name": {}, "email": {}}},
        )
        self.assertNotIn("Quinn", str(found["result"]))
        named = self._call("res.partner", "name_search", [], {"name": "Quinn"})
        self.assertEqual(named["result"], [])
        read = self._call(
            "safety.survivor", "web_read", [[self.survivor.id]], {"specification": {"name": {}}}
        )
        self.assertIn("error", read)
        self.assertNotIn("Quinn", str(read))
        plans = self._call(
            "safety.plan", "web_search_read", [], {"domain": [], "specification": {"name": {}}}
        )
        self.assertIn("error", plans)

    def test_debug_mode_access_error_names_nothing(self):
        self.authenticate("http_outsider", "http_outsider")
        for model, record_id in (
            ("safety.survivor", self.survivor.id),
            ("safety.plan", self.plan.id),
        ):
            response = self._call(model, "read", [[record_id], ["display_name"]], debug=True)
            self.assertIn("error", response)
            message = response["error"]["data"]["message"]
            self.assertNotIn("Quinn", message)
            self.assertNotIn(self.plan.name, message)
        # an attachment of a plan: core would list its file name in debug mode
        for login in ("http_outsider", "http_other_adv"):
            self.authenticate(login, login)
            response = self._call(
                "ir.attachment", "read", [[self.attachment.id], ["name"]], debug=True
            )
            message = response["error"]["data"]["message"]
            self.assertNotIn("statement", message)
            self.assertNotIn("Quinn", message)

    def test_image_and_content_routes(self):
        self.authenticate("http_outsider", "http_outsider")
        content = self.url_open(f"/web/content/{self.attachment.id}")
        self.assertIn(content.status_code, (403, 404))
        self.assertNotIn(b"Quinn", content.content)
        # another team's advocate is refused too
        self.authenticate("http_other_adv", "http_other_adv")
        content = self.url_open(f"/web/content/{self.attachment.id}")
        self.assertIn(content.status_code, (403, 404))
        # the plan's advocate downloads, and the download is logged
        self.authenticate("http_advocate", "http_advocate")
        content = self.url_open(f"/web/content/{self.attachment.id}")
        self.assertEqual(content.status_code, 200)
        self.assertEqual(content.content, b"Quinn Hidden statement")
        log = self.env["safety.access.log"].search(
            [
                ("action", "=", "download"),
                ("model", "=", "safety.plan"),
                ("res_id", "=", self.plan.id),
            ]
        )
        self.assertEqual(log.user_id, self.advocate)

    def test_other_team_advocate_over_json_rpc(self):
        self.authenticate("http_other_adv", "http_other_adv")
        plans = self._call(
            "safety.plan", "web_search_read", [], {"domain": [], "specification": {"name": {}}}
        )
        self.assertNotIn(self.plan.name, str(plans))
        read = self._call(
            "safety.plan", "web_read", [[self.plan.id]], {"specification": {"name": {}}}
        )
        # the answer of a made-up id: opening the plan's URL says "cannot be found"
        self.assertEqual(read.get("result"), [])
        self.assertNotIn(self.plan.name, str(read))

    def test_survivor_url_answers_as_a_missing_record(self):
        """A survivor-related URL opened outside the plan's team answers as a
        made-up id does; outside Safety Planning, one access error for every
        id (no record named, no "top-secret records" page)."""
        missing = 987654321
        calls = [
            ("safety.plan", "web_read", {"specification": {"display_name": {}, "name": {}}}),
            ("safety.survivor", "web_read", {"specification": {"display_name": {}}}),
        ]
        ids = {"safety.plan": self.plan.id, "safety.survivor": self.survivor.id}
        for login in ("http_other_adv", "http_outsider"):
            self.authenticate(login, login)
            for model, method, kwargs in calls:
                with self.subTest(login=login, model=model):
                    existing = self._call(model, method, [[ids[model]]], kwargs)
                    absent = self._call(model, method, [[missing]], kwargs)
                    if login == "http_other_adv":
                        self.assertEqual(existing.get("result"), [])
                    for answer in (existing, absent):
                        answer.pop("id", None)
                        if "error" in answer:
                            answer["error"]["data"].pop("debug", None)
                    self.assertEqual(existing, absent)
                    self.assertNotIn("top-secret", str(existing))
                    self.assertNotIn("Quinn", str(existing))
            # the breadcrumbs the web client loads for such a URL
            for model, record_id in ids.items():
                crumbs = [
                    self.url_open(
                        "/web/action/load_breadcrumbs",
                        json={"params": {"actions": [{"model": model, "resId": rid}]}},
                    ).json()["result"]
                    for rid in (record_id, missing)
                ]
                with self.subTest(login=login, model=model, route="load_breadcrumbs"):
                    self.assertNotIn("Quinn", str(crumbs))
                    self.assertNotIn("top-secret", str(crumbs))
                    existing, absent = (
                        str(c).replace(str(i), "ID")
                        for c, i in zip(crumbs, (record_id, missing), strict=True)
                    )
                    self.assertEqual(existing, absent)
