import re
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, MissingError
from odoo.tests import tagged

from .common import json_call
from .plan_print_common import PlanPrintCommon

SECTION_TITLES = {
    "At home",
    "At work or school",
    "When I leave",
    "After I leave",
    "My children",
    "Phone and online safety",
    "Support for me",
    "Legal steps",
    "What to take when I leave",
    "People I can call",
    "Safe places I can go",
    "Hotlines",
    "My advocate",
}


@tagged("post_install", "-at_install")
class TestPlanPrintFixes(PlanPrintCommon):
    """The printed plan tells no stale date, lists each number once, never
    leaves a heading at the foot of a page and indents what wraps."""

    def test_review_date_only_when_ahead(self):
        plan = self._make_plan(steps=[("home", "Keep the spare key with Mrs Ødegård")])
        plan.action_activate()
        today = fields.Date.context_today(self.env["safety.plan"].with_user(self.advocate))
        self.assertGreater(plan.next_review_date, today)
        text = self._text(self._render(plan))
        self.assertIn("Next review with my advocate:", text)
        self.assertIn(plan.next_review_date.strftime("%m/%d/%Y"), text)
        # overdue: the date already past is not printed
        plan.activation_date = today - timedelta(days=400)
        self.assertLess(plan.next_review_date, today)
        text = self._text(self._render(plan))
        self.assertNotIn(plan.next_review_date.strftime("%m/%d/%Y"), text)
        self.assertIn("Next review: ask your advocate", text)
        discreet = self._text(self._render(plan, data={"is_discreet": True}))
        self.assertNotIn(plan.next_review_date.strftime("%m/%d/%Y"), discreet)
        self.assertNotIn("advocate", discreet.lower())
        self.assertNotIn("check-in", discreet.lower())

    def test_each_contact_once(self):
        """The helpline chosen in the dialog that is also one of the plan's
        contacts (linked, or only the same number) prints once."""
        plan = self._make_plan(
            steps=[("home", "Keep the spare key with Mrs Ødegård")],
            emergency_contact_ids=[
                (
                    0,
                    0,
                    {
                        "name": "Statewide Helpline",
                        "partner_id": self.hotline.id,
                        "phone": "+1 415 555 0105",
                        "is_safe_to_call": True,
                    },
                ),
            ],
        )
        other = self.env["res.partner"].create(
            {
                "name": "Línea Estatal",
                "safety_resource_type": "hotline",
                "phone": "(415) 555-0121",  # the aunt's number, typed another way
            }
        )
        third = self.env["res.partner"].create(
            {"name": "Night Line", "safety_resource_type": "hotline", "phone": "+1 415 555 0199"}
        )
        for discreet in (False, True):
            data = {"resource_ids": (self.hotline | other | third).ids, "is_discreet": discreet}
            text = self._text(self._render(plan, data=data))
            with self.subTest(discreet=discreet):
                self.assertEqual(text.count("(415) 555-0105"), 1)
                self.assertEqual(text.count("(415) 555-0121"), 1)
                self.assertEqual(text.count("(415) 555-0199"), 1, "a different number prints")

    def test_headings_kept_with_their_content(self):
        """Plans of every length in one PDF: no page ends on a heading."""
        long_step = "Llamar a la tía Inés desde el teléfono de la vecina, la de la puerta verde"
        contexts = ["home", "work_school", "leaving", "after_leaving", "technology", "legal"]
        plans = self.env["safety.plan"]
        for extra in range(6):
            steps = [("home", f"{long_step} ({n})") for n in range(extra * 2)]
            steps += [
                (context, f"{long_step} · {context} {n}") for context in contexts for n in range(3)
            ]
            plans |= self._make_plan(steps=steps)
        pdf = self._render(plans, data={"resource_ids": self.hotline.ids})
        pages = self._pages(pdf)
        self.assertGreater(pages, len(plans))
        for page in range(1, pages + 1):
            lines = [
                line.strip()
                for line in self._text(pdf, "-f", str(page), "-l", str(page)).splitlines()
                if line.strip()
            ]
            with self.subTest(page=page):
                self.assertNotIn(lines[-1], SECTION_TITLES, "a heading alone at the foot")

    def test_wrapped_lines_start_under_their_text(self):
        words = "Guardar una copia de las llaves, el pasaporte y las recetas en casa de Dana"
        plan = self._make_plan(steps=[("home", " ".join([words] * 3))])
        layout = self._pdf_tool("pdftotext", self._render(plan), "-bbox-layout")
        lines = re.findall(r"<line [^>]*>(.*?)</line>", layout, re.S)
        firsts = [re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]*)</word>', line) for line in lines]
        start = next(
            i
            for i, line in enumerate(firsts)
            if line and line[0][1] == "☐" and len(line) > 1 and line[1][1] == "Guardar"
        )
        text_x = float(firsts[start][1][0])
        box_x = float(firsts[start][0][0])
        wrapped = firsts[start + 1]
        self.assertNotEqual(wrapped[0][1], "☐")
        self.assertAlmostEqual(float(wrapped[0][0]), text_x, delta=1.5)
        self.assertGreater(float(wrapped[0][0]), box_x + 5, "not under the tick box")

    def test_paper_follows_the_company_country(self):
        plan = self._make_plan(steps=[("home", "Keep the spare key with Mrs Ødegård")])
        self.assertEqual(self._page_size_mm(self._render(plan)), (216, 279), "US: Letter")
        self.env.company.country_id = self.env.ref("base.ca")
        self.assertEqual(self.env["safety.plan"]._safety_default_paper(), "letter")
        self.env.company.country_id = self.env.ref("base.es")
        self.assertEqual(self._page_size_mm(self._render(plan)), (210, 297), "Spain: A4")
        self.env.company.paperformat_id = self.env.ref("base.paperformat_us")
        self.assertEqual(self._page_size_mm(self._render(plan)), (216, 279), "chosen: Letter")
        # the dialog's choice wins
        pdf = self._render(plan, data={"paper": "a4"})
        self.assertEqual(self._page_size_mm(pdf), (210, 297))


# Words that tell whoever finds the paper what it is about, in the languages
# the addon ships; chosen here, not taken from the code's own list.
GIVEAWAY_WORDS = (
    # English
    "protective order",
    "restraining",
    "advocate",
    "advocacy",
    "abuse",
    "abuser",
    "violence",
    "violent",
    "domestic",
    "shelter",
    "helpline",
    "hotline",
    "victim",
    "survivor",
    "safety",
    "safest",
    "trafficking",
    "stalking",
    "assault",
    "crisis",
    # Spanish
    "orden de protección",
    "órdenes de protección",
    "protección",
    "defensor",
    "defensora",
    "defensor/a",
    "abuso",
    "maltrato",
    "violencia",
    "refugio",
    "albergue",
    "línea de ayuda",
    "líneas de ayuda",
    "víctima",
    "sobreviviente",
    "seguridad",
    "acoso",
    "agresión",
    # French
    "ordonnance de protection",
    "protection",
    "intervenante",
    "maltraitance",
    "refuge",
    "hébergement",
    "ligne d'écoute",
    "victime",
    "survivante",
    "sécurité",
    "harcèlement",
    "agression",
)
GIVEAWAY_RE = re.compile(
    r"(?<!\w)(?:{})(?!\w)".format("|".join(re.escape(word) for word in GIVEAWAY_WORDS)),
    re.IGNORECASE,
)
SHIPPED_LANGS = ("en_US", "es_419", "fr_FR")


@tagged("post_install", "-at_install")
class TestDiscreetPrint(PlanPrintCommon):
    """A discreet print is discreet by construction: starter steps, headings
    and resources print their own neutral wording, in every shipped
    language; only what the advocate typed is checked, and warned about."""

    def _discreet_wizard(self, plans):
        return (
            self.env["safety.plan.print.wizard"]
            .with_user(self.advocate)
            .create({"plan_ids": [(6, 0, plans.ids)], "is_discreet": True})
        )

    def test_starter_steps_print_their_discreet_wording(self):
        self._load_shipped_translation("es_419")
        self._load_shipped_translation("fr_FR")
        survivor = (
            self.env["safety.survivor"]
            .with_user(self.advocate)
            .create({"name": "Zoé Lefèvre", "lang": "en_US"})
        )
        plan = (
            self.env["safety.plan"]
            .with_user(self.advocate)
            .create({"survivor_id": survivor.id, "situation_type": "domestic_violence"})
        )
        plan.write(
            {
                "emergency_contact_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Zoé's sister",
                            "phone": "+1 415 555 0150",
                            "is_safe_to_call": True,
                        },
                    )
                ]
            }
        )
        steps = plan.step_ids.with_env(self.env)
        self.assertTrue(steps and all(steps.mapped("template_id")))
        expected = {
            "en_US": ("Pick the best day and time", "Change my passwords"),
            "es_419": ("Elegir el mejor día y hora", "Cambiar mis contraseñas"),
            "fr_FR": (
                "Choisir le meilleur jour et la meilleure heure",
                "Changer mes mots de passe",
            ),
        }
        for lang, wordings in expected.items():
            survivor.sudo().lang = lang
            text = " ".join(self._text(self._render(plan, data={"is_discreet": True})).split())
            with self.subTest(lang=lang):
                for wording in wordings:
                    self.assertIn(wording, text)
                self.assertFalse(GIVEAWAY_RE.findall(text))
                self.assertNotIn("leave", text.lower())
        # the starter steps need no warning, whatever their words
        self.assertFalse(self._discreet_wizard(plan).discreet_warning)

    def test_warns_only_about_typed_text(self):
        plan = self._make_plan(
            steps=[
                ("legal", "Talk about a protective order with the court clerk"),
                ("home", "Keep the spare key with Mrs Ødegård"),
            ]
        )
        template = self.env.ref("victim_safety_planning.safety_step_template_leave_time")
        plan.with_user(self.advocate).write(
            {
                "step_ids": [
                    (
                        0,
                        0,
                        {"context": "leaving", "name": template.name, "template_id": template.id},
                    )
                ]
            }
        )
        warning = self._discreet_wizard(plan).discreet_warning
        self.assertIn("Talk about a protective order with the court clerk", warning)
        self.assertNotIn(template.name, warning)
        text = " ".join(self._text(self._render(plan, data={"is_discreet": True})).split())
        self.assertNotIn("court clerk", text, "a typed step that gives the plan away is left off")
        self.assertIn("Keep the spare key with Mrs Ødegård", text)
        self.assertIn(template.discreet_name, text)
        # given a discreet wording, it prints that
        step = plan.step_ids.filtered(lambda s: "court clerk" in s.name)
        step.with_user(self.advocate).discreet_name = "Visit the clerk's office"
        text = self._text(self._render(plan, data={"is_discreet": True}))
        self.assertIn("Visit the clerk's office", text)
        warning = self._discreet_wizard(plan).discreet_warning
        self.assertIn("Keep the spare key", warning, "what prints as typed is named")
        self.assertIn("print as written", warning)
        # the full version prints what the advocate wrote
        full = self._text(self._render(plan))
        self.assertIn("court clerk", full)
        self.assertIn(template.name, " ".join(full.split()))

    def test_demo_plans_and_cards_give_nothing_away(self):
        """Every demo plan, printed discreetly with its card in each shipped
        language: none of the words that give a plan away."""
        for lang in SHIPPED_LANGS[1:]:
            self._load_shipped_translation(lang)
        self.env["ir.config_parameter"].set_param(
            "victim_safety_planning.card_base_url", "https://cards.example.org"
        )
        admin = self.env.ref("base.user_admin")
        plans = self.env["safety.plan"].search(
            [
                (
                    "id",
                    "in",
                    [
                        self.env.ref(f"victim_safety_planning.demo_plan_{name}").id
                        for name in (
                            "alex",
                            "jordan",
                            "sam",
                            "taylor",
                            "morgan",
                            "casey",
                            "riley",
                            "jamie",
                        )
                    ],
                )
            ]
        )
        self.assertEqual(len(plans), 8)
        hotlines = self.env["res.partner"].search(
            [("safety_resource_type", "!=", False), ("phone", "!=", False)], limit=3
        )
        for lang in SHIPPED_LANGS:
            plans.survivor_id.write({"lang": lang})
            plan_pdf = self._render(
                plans,
                user=admin,
                data={"is_discreet": True, "resource_ids": hotlines.ids, "show_name": True},
            )
            active = plans.filtered(lambda plan: plan.state == "active")
            wizard = (
                self.env["safety.card.print.wizard"]
                .with_user(admin)
                .with_context(active_model="safety.plan", active_ids=active.ids)
                .create(
                    {
                        "is_discreet": True,
                        "show_code_word": True,
                        "resource_ids": [(6, 0, hotlines.ids)],
                    }
                )
            )
            cards = self.env["safety.card"].browse(wizard.action_print()["context"]["active_ids"])
            self.assertEqual(set(cards.mapped("lang")), {lang})
            card_pdf, _type = (
                self.env["ir.actions.report"]
                .with_user(admin)
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf("victim_safety_planning.action_report_safety_card", cards.ids)
            )
            for kind, pdf in (("plan", plan_pdf), ("card", card_pdf)):
                text = " ".join(self._text(pdf).split())
                with self.subTest(lang=lang, kind=kind):
                    self.assertGreater(len(text), 200)
                    self.assertFalse(GIVEAWAY_RE.findall(text), text)
            # each plan is there, in its language
            if lang == "es_419":
                self.assertIn("Mi plan", self._text(plan_pdf))
            if lang == "fr_FR":
                self.assertIn("Mon plan", self._text(plan_pdf))


OWN_ANSWERS = {
    "own_way_out": "Por la puerta de la cocina y el patio de los García",
    "own_go_bag": "En casa de Dana, en el armario del pasillo",
    "own_code_words": "«Girasol» con Dana: ven a buscarme",
    "own_people_to_call": "Dana primero; si no contesta, Luis (2B)",
    "own_children_pets": "Mateo sabe llamar a Dana; la perra Luna va con ella",
}


@tagged("post_install", "-at_install")
class TestOwnPlan(PlanPrintCommon):
    """The survivor's own plan: the emergency number first, their answers
    under fill-in prompts (lines to write on where there is none yet), a
    date and signature line, in their language, on A4, Letter or one folded
    page; for members of the plan only."""

    def _own_plan(self, survivor=None, **answers):
        plan = self._make_plan(survivor, steps=[("home", "Keep the spare key with Mrs Ødegård")])
        plan.with_user(self.advocate).write(dict(OWN_ANSWERS, **answers))
        return plan

    def test_own_plan_prints_answers_first(self):
        plan = self._own_plan()
        text = " ".join(self._text(self._render(plan)).split())
        self.assertIn("If I am in danger, I call 911", text, "the survivor's country's number")
        for prompt, answer in (
            ("The safest way out of my home is", OWN_ANSWERS["own_way_out"]),
            ("My go-bag is at", OWN_ANSWERS["own_go_bag"]),
            ("My code words (with family, friends, my children)", OWN_ANSWERS["own_code_words"]),
            ("People I will call", OWN_ANSWERS["own_people_to_call"]),
            ("My children and pets", OWN_ANSWERS["own_children_pets"]),
        ):
            self.assertIn(f"{prompt} {answer}", text)
        # unanswered questions still print, to be filled in by hand
        self.assertIn("At work or school", text)
        self.assertIn("After I leave", text)
        order = [
            text.index("If I am in danger"),
            text.index("My plan in my own words"),
            text.index("At home"),
            text.index("People I can call"),
            text.index("Date:"),
            text.index("Signature:"),
        ]
        self.assertEqual(order, sorted(order), "emergency number first, signature last")
        # the plan's own number wins; a survivor in France dials 112
        plan.own_emergency_number = "17"
        self.assertIn("If I am in danger, I call 17", self._text(self._render(plan)))
        plan.own_emergency_number = False
        plan.survivor_id.sudo().country_id = self.env.ref("base.fr")
        self.assertIn("If I am in danger, I call 112", self._text(self._render(plan)))

    def test_own_plan_in_spanish(self):
        self._load_shipped_translation("es_419")
        survivor = (
            self.env["safety.survivor"]
            .with_user(self.advocate)
            .create(
                {
                    "name": "Alejandra Núñez",
                    "lang": "es_419",
                    "country_id": self.env.ref("base.us").id,
                }
            )
        )
        plan = self._own_plan(survivor)
        text = " ".join(self._text(self._render(plan)).split())
        for spanish in (
            "Si estoy en peligro, llamo al 911",
            "Mi plan con mis propias palabras",
            f"La salida más segura de mi casa es {OWN_ANSWERS['own_way_out']}",
            f"Mi bolsa de emergencia está en {OWN_ANSWERS['own_go_bag']}",
            f"Mis hijos y mis mascotas {OWN_ANSWERS['own_children_pets']}",
            "En el trabajo o la escuela",
            "Fecha:",
            "Firma:",
        ):
            self.assertIn(spanish, text)
        for english in ("If I am in danger", "My own words", "Signature", "go-bag"):
            self.assertNotIn(english, text)

    def test_own_plan_in_arabic(self):
        self.env["res.lang"]._activate_lang("ar_001")
        survivor = (
            self.env["safety.survivor"]
            .with_user(self.advocate)
            .create(
                {"name": "فاطمة الحداد", "lang": "ar_001", "country_id": self.env.ref("base.ma").id}
            )
        )
        way_out = "من باب المطبخ ثم حديقة الجيران"
        bag = "عند أختي سلمى في خزانة الممر"
        plan = self._own_plan(survivor, own_way_out=way_out, own_go_bag=bag)
        pdf = self._render(plan)
        text = self._text(pdf)
        self.assertIn(way_out, text)
        self.assertIn(bag, text)
        self.assertIn("19", text, "Morocco's emergency number")
        html = (
            self.env["ir.actions.report"]
            .with_user(self.advocate)
            ._render_qweb_html(
                "victim_safety_planning.report_safety_plan", None, data={"plan_ids": plan.ids}
            )[0]
            .decode()
        )
        self.assertRegex(html, r'class="vsp-plan[^"]*"[^>]*dir="rtl"')

    def test_discreet_own_plan(self):
        plan = self._own_plan(own_after_leaving="Ask the shelter about a room")
        wizard = (
            self.env["safety.plan.print.wizard"]
            .with_user(self.advocate)
            .create({"plan_ids": [(6, 0, plan.ids)], "is_discreet": True})
        )
        self.assertIn("Ask the shelter about a room", wizard.discreet_warning)
        plan.own_after_leaving = "Ask Dana about a room"
        wizard.invalidate_recordset(["discreet_warning"])
        self.assertNotIn("In Their Words", wizard.discreet_warning or "")
        text = " ".join(self._text(self._render(plan, data={"is_discreet": True})).split())
        self.assertIn("In an emergency, call 911", text)
        self.assertIn(f"The quickest way out of my home is {OWN_ANSWERS['own_way_out']}", text)
        self.assertIn(f"My spare bag is at {OWN_ANSWERS['own_go_bag']}", text)
        self.assertIn("Afterwards Ask Dana about a room", text)
        self.assertFalse(GIVEAWAY_RE.findall(text))
        self.assertNotIn("go-bag", text)
        self.assertNotIn("danger", text)

    def test_one_folded_page(self):
        steps = [("home", f"Paso número {n} del plan, escrito con calma") for n in range(60)]
        plan = self._own_plan()
        plan.with_user(self.advocate).write(
            {"step_ids": [(0, 0, {"context": c, "name": n}) for c, n in steps]}
        )
        self.assertGreater(self._pages(self._render(plan)), 1)
        for paper, size in (("a4", (210, 297)), ("letter", (216, 279))):
            pdf = self._render(plan, data={"folded": True, "paper": paper})
            with self.subTest(paper=paper):
                self.assertEqual(self._pages(pdf), 1)
                self.assertEqual(self._page_size_mm(pdf), size)
                text = " ".join(self._text(pdf).split())
                self.assertIn("If I am in danger, I call 911", text)
                self.assertIn(OWN_ANSWERS["own_go_bag"], text)
                self.assertIn("Tía Inés Muñoz", text)
                self.assertIn("Signature:", text)
                self.assertNotIn("Paso número", text)

    def test_answers_are_members_only(self):
        plan = self._own_plan()
        # a non-member is refused the model; another team gets the answer of
        # a plan that does not exist
        for user, refusal in ((self.outsider, AccessError), (self.other_advocate, MissingError)):
            with self.subTest(user=user.login):
                if refusal is AccessError:
                    with self.assertRaises(AccessError):
                        plan.with_user(user).read(["own_way_out"])
                else:
                    self.assertEqual(plan.with_user(user).read(["own_way_out"]), [])
                with self.assertRaises(refusal):
                    plan.with_user(user).write({"own_go_bag": "x"})
                with self.assertRaises(refusal):
                    self._render(plan, user=user, data={"folded": True})
        for login in ("plan_print2_outsider", "plan_print2_other"):
            self.authenticate(login, login)
            for method, args, kwargs in (
                ("web_read", [plan.ids], {"specification": {"own_way_out": {}}}),
                ("read", [plan.ids, ["own_go_bag", "own_code_words"]], {}),
                ("search_read", [[("own_way_out", "ilike", "cocina")], ["own_way_out"]], {}),
            ):
                with self.subTest(login=login, method=method):
                    answer = json_call(
                        self, "safety.plan", method, args, kwargs, muted=("odoo.http",)
                    )
                    self.assertNotIn("cocina", str(answer))
                    self.assertNotIn("Dana", str(answer))
        self.authenticate("plan_print2_advocate", "plan_print2_advocate")
        answer = json_call(self, "safety.plan", "read", [plan.ids, ["own_way_out"]])
        self.assertEqual(answer["result"][0]["own_way_out"], OWN_ANSWERS["own_way_out"])

    def test_demo_plan_has_an_own_plan(self):
        plan = self.env.ref("victim_safety_planning.demo_plan_alex")
        self.assertTrue(all(answer for _key, answer in plan._safety_own_answers()))
        self._load_shipped_translation("es_419")
        maya = self.env.ref("victim_safety_planning.demo_user_maya")
        text = " ".join(self._text(self._render(plan, user=maya)).split())
        self.assertIn("Si estoy en peligro, llamo al 911", text)
        self.assertIn("En casa de Dana, en el armario del pasillo", text)
