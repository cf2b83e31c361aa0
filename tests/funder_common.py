from datetime import date, datetime

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import SafetyCommon


class FunderCommon(SafetyCommon):
    """A hand-built fiscal year (federal, October start) with the counting
    rules' traps; the expected totals are written out in the tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hotline = mail_new_test_user(
            cls.env,
            login="vsp_hotline",
            name="Hana Helpline",
            groups="victim_safety_planning.group_safety_hotline",
        )
        cls.hotline_other = mail_new_test_user(
            cls.env,
            login="vsp_hotline_other",
            name="Hugo Helpline",
            groups="victim_safety_planning.group_safety_hotline",
        )
        cls.code = {
            code.code: code
            for code in cls.env["safety.funder.code"].search([])
            if code.code_list == "service"
        }

    @classmethod
    def _code(cls, code_list, code):
        return cls.env["safety.funder.code"].search(
            [("code_list", "=", code_list), ("code", "=", code)], limit=1
        )

    @classmethod
    def _person(cls, name, **values):
        codes = {}
        for field, code_list in (
            ("race", "race_ethnicity"),
            ("victimization", "victimization"),
            ("special", "special_classification"),
        ):
            codes[field] = [cls._code(code_list, c).id for c in values.pop(field, [])]
        survivor = cls.env["safety.survivor"].create(
            {
                "name": name,
                "race_ethnicity_code_ids": [(6, 0, codes["race"])],
                "victimization_code_ids": [(6, 0, codes["victimization"])],
                "special_classification_code_ids": [(6, 0, codes["special"])],
                "company_id": cls.fund_company.id,
                **values,
            }
        )
        plan = cls.env["safety.plan"].create(
            {
                "survivor_id": survivor.id,
                "advocate_id": cls.advocate.id,
                "company_id": cls.fund_company.id,
            }
        )
        return plan

    @classmethod
    def _service(cls, plan, day, code, **values):
        return cls.env["safety.service"].create(
            {
                "plan_id": plan.id if plan else False,
                "date": day,
                "service_code_id": cls.code[code].id,
                "user_id": cls.advocate.id,
                **values,
            }
        )

    @classmethod
    def _build_fiscal_year(cls):
        # a company of its own: the demo's services are dated around today
        cls.fund_company = cls.env["res.company"].create({"name": "Fondation Éole"})
        cls.env.user.company_ids |= cls.fund_company
        # P1 new in Q1, continuing in Q2
        cls.p1 = cls._person(
            "Amélie Dufresne",
            birthdate=date(1990, 5, 1),
            gender="female",
            race=["white"],
            victimization=["domestic_violence", "stalking"],
            special=["lep"],
        )
        cls._service(cls.p1, date(2025, 10, 15), "A1", duration_minutes=20)
        cls._service(cls.p1, date(2026, 1, 10), "C2", duration_minutes=15)
        # P2 first seen in Q2, helped to fill a compensation claim
        cls.p2 = cls._person(
            "Дмитрий Иванов",
            gender="male",
            age_band="18_24",
            race=["asian", "black"],
            victimization=["domestic_violence"],
        )
        cls._service(cls.p2, date(2026, 2, 3), "B4", duration_minutes=30, is_compensation_help=True)
        # P3 served in Q4 and again in the next fiscal year's Q1
        cls.p3 = cls._person("فاطمة الزهراء", birthdate=date(2010, 9, 1))
        cls._service(cls.p3, date(2026, 8, 20), "D1")
        cls._service(cls.p3, date(2026, 10, 5), "D1")
        # P4 only handed a compensation form (information, not help)
        cls.p4 = cls._person(
            "李娜",
            birthdate=date(1950, 3, 1),
            gender="female",
            race=["asian"],
            victimization=["elder_abuse"],
        )
        cls._service(cls.p4, date(2026, 2, 10), "A2")
        # P5 two hotline-counselling services in the quarter
        cls.p5 = cls._person("José Núñez")
        cls._service(cls.p5, date(2026, 1, 20), "C2")
        cls._service(cls.p5, date(2026, 3, 1), "C2")
        # an anonymous call in Q2 with its counselling
        cls.anonymous_call = cls.env["safety.hotline.call"].create(
            {
                "date": datetime(2026, 2, 14, 15, 0),
                "channel": "phone",
                "duration_minutes": 12,
                "user_id": cls.hotline.id,
                "company_id": cls.fund_company.id,
            }
        )
        cls.env["safety.service"].create(
            {
                "hotline_call_id": cls.anonymous_call.id,
                "date": date(2026, 2, 14),
                "service_code_id": cls.code["C2"].id,
                "user_id": cls.hotline.id,
            }
        )

    @classmethod
    def _report(cls, fiscal_year, quarter):
        return cls.env["safety.funder.report"].create(
            {
                "fiscal_year": fiscal_year,
                "quarter": str(quarter),
                "company_id": cls.fund_company.id,
            }
        )
