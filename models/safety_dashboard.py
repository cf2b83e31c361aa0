from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError

from .safety_plan import DEFAULT_FIRST_CONTACT_DAYS, FIRST_CONTACT_PARAM

SUPERVISOR_GROUP = "victim_safety_planning.group_safety_supervisor"
EXPIRY_WINDOW_DAYS = 30


class SafetyDashboard(models.AbstractModel):
    """The supervisor's figures on one screen. Every count is read as the
    supervisor, through the record rules, so it covers exactly the plans
    their companies let them see; each comes with the domain that lists its
    records, so a click on it opens them."""

    _name = "safety.dashboard"
    _description = "Safety Planning Supervisor Dashboard"
    _order = "id"

    @api.model
    def get_dashboard_data(self):
        if not self.env.user.has_group(SUPERVISOR_GROUP):
            raise AccessError(
                self.env._("The Safety Planning dashboard is for supervisors and managers.")
            )
        today = fields.Date.context_today(self)
        return {
            "today": fields.Date.to_string(today),
            "review_status": self._dashboard_review_status(),
            "risk_levels": self._dashboard_risk_levels(),
            "reviews_quarter": self._dashboard_reviews_quarter(today),
            "expiring": self._dashboard_expiring(today),
            "incidents_month": self._dashboard_incidents_month(today),
            "intake": self._dashboard_intake(),
        }

    @api.model
    def _dashboard_review_status(self):
        """Active plans on time and overdue, per advocate, most overdue first."""
        active = [("state", "=", "active")]
        advocates = {}
        for advocate, status, count in self.env["safety.plan"]._read_group(
            active, ["advocate_id", "review_status"], ["__count"]
        ):
            row = advocates.setdefault(
                advocate.id,
                {
                    "id": advocate.id,
                    "name": advocate.display_name,
                    "on_time": 0,
                    "overdue": 0,
                    "domain_on_time": [
                        *active,
                        ("advocate_id", "=", advocate.id),
                        ("review_status", "=", "on_time"),
                    ],
                    "domain_overdue": [
                        *active,
                        ("advocate_id", "=", advocate.id),
                        ("review_status", "=", "overdue"),
                    ],
                },
            )
            if status in ("on_time", "overdue"):
                row[status] += count
        rows = sorted(advocates.values(), key=lambda row: (-row["overdue"], row["name"]))
        return {
            "advocates": rows,
            "overdue": sum(row["overdue"] for row in rows),
            "on_time": sum(row["on_time"] for row in rows),
            "domain_overdue": [*active, ("review_status", "=", "overdue")],
        }

    @api.model
    def _dashboard_risk_levels(self):
        """Active plans per risk level, every level listed, highest first."""
        Plan = self.env["safety.plan"]
        active = [("state", "=", "active")]
        counts = dict(Plan._read_group(active, ["risk_level"], ["__count"]))
        levels = Plan._fields["risk_level"]._description_selection(self.env)
        return [
            {
                "level": level,
                "name": label,
                "count": counts.get(level, 0),
                "domain": [*active, ("risk_level", "=", level)],
            }
            for level, label in reversed(levels)
        ]

    @api.model
    def _dashboard_reviews_quarter(self, today):
        """Reviews completed since the quarter began, on time and late."""
        start = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
        done = [("state", "=", "done"), ("date", ">=", fields.Date.to_string(start))]
        counts = dict(self.env["safety.review"]._read_group(done, ["timeliness"], ["__count"]))
        on_time, late = counts.get("on_time", 0), counts.get("late", 0)
        return {
            "start": fields.Date.to_string(start),
            "on_time": on_time,
            "late": late,
            "total": on_time + late,
            "percent": round(100 * on_time / (on_time + late)) if on_time + late else None,
            "domain": done,
            "domain_on_time": [*done, ("timeliness", "=", "on_time")],
            "domain_late": [*done, ("timeliness", "=", "late")],
        }

    @api.model
    def _dashboard_expiring(self, today):
        """Valid cards and orders in effect that end within the next 30 days."""
        until = fields.Date.to_string(today + timedelta(days=EXPIRY_WINDOW_DAYS))
        start = fields.Date.to_string(today)
        cards = [
            ("revoked_date", "=", False),
            ("expiry_date", ">=", start),
            ("expiry_date", "<=", until),
        ]
        orders = [
            ("plan_id.state", "=", "active"),
            ("expiry_date", ">=", start),
            ("expiry_date", "<=", until),
        ]
        return {
            "days": EXPIRY_WINDOW_DAYS,
            "cards": self.env["safety.card"].search_count(cards),
            "cards_domain": cards,
            "orders": self.env["safety.protective.order"].search_count(orders),
            "orders_domain": orders,
        }

    @api.model
    def _dashboard_incidents_month(self, today):
        """Incidents, near misses and violations since the month began, by kind."""
        start = fields.Date.to_string(today.replace(day=1))
        month = [("date", ">=", start)]
        Incident = self.env["safety.incident"]
        counts = dict(Incident._read_group(month, ["kind"], ["__count"]))
        kinds = Incident._fields["kind"]._description_selection(self.env)
        return {
            "count": sum(counts.values()),
            "domain": month,
            "kinds": [
                {
                    "kind": kind,
                    "name": label,
                    "count": counts.get(kind, 0),
                    "domain": [*month, ("kind", "=", kind)],
                }
                for kind, label in kinds
            ],
        }

    @api.model
    def _dashboard_intake(self):
        """The intake queue: what nobody has picked up yet. Draft plans, plans
        whose advocate was archived or left Safety Planning, people referred
        in whom nobody has reached after the days set in Settings, and
        referrals out with no answer by their follow-up date."""
        Plan = self.env["safety.plan"]
        draft = [("state", "=", "draft")]
        no_advocate = [("is_advocate_missing", "=", True), ("state", "!=", "closed")]
        first_contact = [("is_first_contact_late", "=", True)]
        no_answer = [("is_answer_overdue", "=", True)]
        overridden = [("is_consent_overridden", "=", True), ("state", "!=", "draft")]
        Referral = self.env["safety.referral"]
        return {
            "draft": Plan.search_count(draft),
            "draft_domain": draft,
            "no_advocate": Plan.search_count(no_advocate),
            "no_advocate_domain": no_advocate,
            "first_contact": Plan.search_count(first_contact),
            "first_contact_domain": first_contact,
            "first_contact_days": Plan._get_days_setting(
                FIRST_CONTACT_PARAM, DEFAULT_FIRST_CONTACT_DAYS, minimum=1
            ),
            "no_answer": Referral.search_count(no_answer),
            "no_answer_domain": no_answer,
            "overridden": Referral.search_count(overridden),
            "overridden_domain": overridden,
        }
