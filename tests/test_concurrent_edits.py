from odoo.tests import HttpCase, new_test_user, tagged

from .common import json_call


@tagged("post_install", "-at_install")
class TestConcurrentEdits(HttpCase):
    """Two advocates save the same text of a plan: the second save is told
    the text changed since it was opened, sees both versions, and nothing is
    lost. The web client sends what it read (``safety_original``) with every
    save; an integration does the same over JSON-RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.country_id = cls.env.ref("base.us")
        cls.first = new_test_user(
            cls.env, login="edit_first", groups="victim_safety_planning.group_safety_advocate"
        )
        cls.second = new_test_user(
            cls.env, login="edit_second", groups="victim_safety_planning.group_safety_advocate"
        )
        survivor = (
            cls.env["safety.survivor"]
            .with_user(cls.first)
            .create({"name": "Søren Kierkegård", "safe_contact_notes": "Say it is the dentist."})
        )
        cls.plan = (
            cls.env["safety.plan"]
            .with_user(cls.first)
            .create({"survivor_id": survivor.id, "team_member_ids": [(4, cls.second.id)]})
        )
        cls.plan.sudo().notes = "<p>Keys with the neighbour.</p>"
        cls.step = cls.plan.step_ids[:1]

    def _save(self, login, model, record, values, originals):
        self.authenticate(login, login)
        context = {"safety_original": {model: {str(record.id): originals}}}
        return json_call(
            self,
            model,
            "web_save",
            [record.ids, values],
            {"specification": {}, "context": context},
            muted=["odoo.http"],
        )

    def _read(self, record, name):
        record.invalidate_recordset()
        return str(record.sudo()[name])

    def test_second_save_of_notes_is_refused_with_both_versions(self):
        opened = self._read(self.plan, "notes")
        first = self._save(
            "edit_first",
            "safety.plan",
            self.plan,
            {"notes": "<p>Keys at work.</p>"},
            {"notes": opened},
        )
        self.assertNotIn("error", first, first)
        second = self._save(
            "edit_second",
            "safety.plan",
            self.plan,
            {"notes": "<p>Keys with Ana.</p>"},
            {"notes": opened},
        )
        self.assertIn("error", second, "the second save overwrote the first")
        message = second["error"]["data"]["message"]
        self.assertEqual(second["error"]["data"]["name"], "odoo.exceptions.UserError")
        for words in ("changed since you opened it", "Keys at work.", "Keys with Ana."):
            self.assertIn(words, message)
        self.assertIn("Keys at work.", self._read(self.plan, "notes"), "nothing lost")
        # reloaded, the second advocate merges and saves
        merged = self._save(
            "edit_second",
            "safety.plan",
            self.plan,
            {"notes": "<p>Keys at work; spare with Ana.</p>"},
            {"notes": self._read(self.plan, "notes")},
        )
        self.assertNotIn("error", merged, merged)

    def test_other_fields_and_same_text_are_no_conflict(self):
        opened = self._read(self.plan, "notes")
        self._save(
            "edit_first", "safety.plan", self.plan, {"notes": "<p>Bus pass.</p>"}, {"notes": opened}
        )
        # the second advocate changes another field only: saved
        answer = self._save(
            "edit_second",
            "safety.plan",
            self.plan,
            {"situation_type": "stalking"},
            {"situation_type": "domestic_violence"},
        )
        self.assertNotIn("error", answer, answer)

    def test_steps_and_safe_contact_notes(self):
        opened = self._read(self.step, "name")
        self._save(
            "edit_first", "safety.plan.step", self.step, {"name": "Hide a bag"}, {"name": opened}
        )
        # the second edits the same step through the plan's form (a line of the list)
        self.authenticate("edit_second", "edit_second")
        answer = json_call(
            self,
            "safety.plan",
            "web_save",
            [self.plan.ids, {"step_ids": [[1, self.step.id, {"name": "Hide cash"}]]}],
            {
                "specification": {},
                "context": {
                    "safety_original": {"safety.plan.step": {str(self.step.id): {"name": opened}}}
                },
            },
            muted=["odoo.http"],
        )
        self.assertIn("changed since you opened it", answer["error"]["data"]["message"])
        self.assertEqual(self._read(self.step, "name"), "Hide a bag")
        survivor = self.plan.survivor_id
        notes = self._read(survivor, "safe_contact_notes")
        self._save(
            "edit_first",
            "safety.survivor",
            survivor,
            {"safe_contact_notes": "Hang up."},
            {"safe_contact_notes": notes},
        )
        answer = self._save(
            "edit_second",
            "safety.survivor",
            survivor,
            {"safe_contact_notes": "Ask for Maria."},
            {"safe_contact_notes": notes},
        )
        self.assertIn("Hang up.", answer["error"]["data"]["message"])
        self.assertEqual(self._read(survivor, "safe_contact_notes"), "Hang up.")
