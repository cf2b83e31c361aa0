import csv
import io
import json
from datetime import date as Date
from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta
from markupsafe import escape

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.misc import format_date

from .safety_funder_code import SERVICE_CATEGORIES
from .safety_survivor_demographics import AGE_BANDS, GENDERS, age_band_on

FISCAL_START_PARAM = "victim_safety_planning.fiscal_year_start_month"
DEFAULT_FISCAL_START = 10
SUPPRESSION_PARAM = "victim_safety_planning.suppression_threshold"
DEFAULT_SUPPRESSION = 10
QUARTERS = [("1", "Q1"), ("2", "Q2"), ("3", "Q3"), ("4", "Q4")]
CATEGORIES = [key for key, _label in SERVICE_CATEGORIES]
MULTIPLE_RACES = "multiple_races"
NOT_REPORTED = "not_reported"
# the code lists a survivor's demographics draw on, and their relation tables
CODE_RELATIONS = {
    "race_ethnicity": "safety_survivor_race_code_rel",
    "special_classification": "safety_survivor_special_code_rel",
    "victimization": "safety_survivor_victimization_code_rel",
}
DEID_COLUMNS = {
    "race_ethnicity": "deid_race_ethnicity_codes",
    "special_classification": "deid_special_classification_codes",
    "victimization": "deid_victimization_codes",
}


def fiscal_year_start(day, start_month):
    """First day of the fiscal year holding ``day``."""
    year = day.year if day.month >= start_month else day.year - 1
    return Date(year, start_month, 1)


class SafetyFunderReport(models.Model):
    """One reporting period of the VOCA Victim Assistance PMT: figures
    counted from services and helpline contacts, never from narratives, and
    frozen once submitted. Nothing in it names a person (doc/funder-reports.md)."""

    _name = "safety.funder.report"
    _description = "Funder Report"
    _order = "date_from desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    fiscal_year = fields.Integer(
        required=True,
        default=lambda self: self._default_fiscal_year(),
        help="The year the fiscal year ends in (federal FY 2027: October 2026 to September 2027).",
    )
    quarter = fields.Selection(QUARTERS, default="1")
    date_from = fields.Date(
        compute="_compute_dates", store=True, readonly=False, precompute=True, required=True
    )
    date_to = fields.Date(
        compute="_compute_dates", store=True, readonly=False, precompute=True, required=True
    )
    state = fields.Selection(
        [("draft", "Draft"), ("submitted", "Submitted")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    submitted_date = fields.Datetime(readonly=True, copy=False)
    submitted_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    frozen_figures = fields.Json(readonly=True, copy=False)
    figures_html = fields.Html(compute="_compute_figures_html", sanitize=False)
    quality_services_without_code = fields.Integer(compute="_compute_quality")
    quality_new_without_demographics = fields.Integer(compute="_compute_quality")

    # fiscal calendar ---------------------------------------------------------------
    @api.model
    def _fiscal_start_month(self):
        # sudo: Settings are read for every user the setting applies to
        value = self.env["ir.config_parameter"].sudo().get_param(FISCAL_START_PARAM)
        try:
            value = int(value)
        except (TypeError, ValueError):
            return DEFAULT_FISCAL_START
        return value if 1 <= value <= 12 else DEFAULT_FISCAL_START

    @api.model
    def _suppression_threshold(self):
        # sudo: as above
        value = self.env["ir.config_parameter"].sudo().get_param(SUPPRESSION_PARAM)
        try:
            value = int(value)
        except (TypeError, ValueError):
            return DEFAULT_SUPPRESSION
        return value if 0 <= value <= 1000 else DEFAULT_SUPPRESSION

    @api.model
    def _fiscal_year_of(self, day):
        """(label, first day) of the fiscal year holding ``day``; the label
        is the year the fiscal year ends in."""
        start = fiscal_year_start(day, self._fiscal_start_month())
        label = start.year if start.month == 1 else start.year + 1
        return label, start

    @api.model
    def _default_fiscal_year(self):
        return self._fiscal_year_of(fields.Date.context_today(self))[0]

    @api.depends("fiscal_year", "quarter")
    def _compute_dates(self):
        month = self._fiscal_start_month()
        for report in self:
            if not report.fiscal_year or not report.quarter:
                continue
            year = report.fiscal_year if month == 1 else report.fiscal_year - 1
            if not 1900 < year < 3000:
                continue
            start = Date(year, month, 1) + relativedelta(months=3 * (int(report.quarter) - 1))
            report.date_from = start
            report.date_to = start + relativedelta(months=3, days=-1)

    @api.depends("date_from", "date_to", "fiscal_year", "quarter")
    def _compute_name(self):
        for report in self:
            if report.date_from and report.date_to:
                label = self._fiscal_year_of(report.date_from)[0]
                quarter = report._quarter_of_period()
                report.name = (
                    self.env._("VOCA FY%(year)s Q%(quarter)s", year=label, quarter=quarter)
                    if quarter
                    else self.env._(
                        "VOCA %(start)s - %(end)s",
                        start=report.date_from.isoformat(),
                        end=report.date_to.isoformat(),
                    )
                )
            else:
                report.name = self.env._("VOCA report")

    def _quarter_of_period(self):
        """The quarter the period is exactly, else False."""
        label, start = self._fiscal_year_of(self.date_from)
        for quarter in range(1, 5):
            first = start + relativedelta(months=3 * (quarter - 1))
            if self.date_from == first and self.date_to == first + relativedelta(months=3, days=-1):
                return quarter
        return False

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for report in self:
            if report.date_to < report.date_from:
                raise ValidationError(
                    self.env._(
                        "The report's “End Date” %(end)s is before its “Start Date” "
                        "%(start)s: swap them.",
                        end=format_date(self.env, report.date_to),
                        start=format_date(self.env, report.date_from),
                    )
                )
            if self._fiscal_year_of(report.date_from) != self._fiscal_year_of(report.date_to):
                raise ValidationError(
                    self.env._(
                        "The period %(start)s - %(end)s runs across two fiscal years (they "
                        "start in month %(month)s, Settings): new and continuing individuals "
                        "are counted within one fiscal year. Make one report per fiscal year.",
                        start=format_date(self.env, report.date_from),
                        end=format_date(self.env, report.date_to),
                        month=self._fiscal_start_month(),
                    )
                )

    def write(self, vals):
        if any(report.state == "submitted" for report in self) and set(vals) - {"state"}:
            raise UserError(
                self.env._(
                    "A submitted report is frozen: its figures are what the funder got. "
                    "Make a new report to count again."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_submitted(self):
        if any(report.state == "submitted" for report in self):
            raise UserError(self.env._("A submitted report can't be deleted: it is a record."))

    # figures ----------------------------------------------------------------------
    def _pmt_figures(self):
        """The VOCA PMT figures of the period, keyed as in DESIGN.md; a
        submitted report gives the figures it was submitted with."""
        self.ensure_one()
        if self.state == "submitted" and self.frozen_figures:
            return self.frozen_figures
        return self._compute_pmt_figures()

    def _period_bounds(self):
        return self._fiscal_year_of(self.date_from)[1], self.date_from, self.date_to

    def _compute_pmt_figures(self):
        self.ensure_one()
        self.env["safety.service"].flush_model()
        self.env["safety.survivor"].flush_model()
        self.env["safety.hotline.call"].flush_model()
        fy_start, date_from, date_to = self._period_bounds()
        cr = self.env.cr
        params = {
            "company": self.company_id.id,
            "fy_start": fy_start,
            "from": date_from,
            "to": date_to,
        }
        # everything is counted in the database, in one query whatever the
        # volume: one row per person served in the period (first service of
        # the fiscal year, compensation help, the bands kept on de-identified
        # rows), the bands of the survivors still on file (age band on the
        # first service of the year when the birth date is known), each
        # person's distinct codes, then the counts.
        rel_codes = SQL(" UNION ALL ").join(
            SQL(
                "SELECT sv.person_key, c.code_list, c.code FROM %s r "
                "JOIN safety_survivor sv ON sv.id = r.survivor_id "
                "JOIN safety_funder_code c ON c.id = r.code_id "
                "WHERE sv.person_key IN (SELECT person_key FROM persons WHERE NOT deid)",
                SQL.identifier(table),
            )
            for table in CODE_RELATIONS.values()
        )
        deid_codes = SQL(" UNION ALL ").join(
            SQL(
                "SELECT person_key, %s, unnest(string_to_array(%s, ',')) FROM persons "
                "WHERE deid",
                code_list,
                SQL.identifier(f"deid_{code_list}"),
            )
            for code_list in CODE_RELATIONS
        )
        cr.execute(
            SQL(
                """
            WITH persons AS MATERIALIZED (
                SELECT s.person_key,
                       min(s.date) AS first_date,
                       bool_or(s.is_compensation_help AND s.date >= %(from)s) AS comp,
                       COALESCE(bool_or(s.is_deidentified), false) AS deid,
                       (array_agg(s.deid_age_band ORDER BY s.date, s.id)
                            FILTER (WHERE s.is_deidentified))[1] AS deid_age_band,
                       (array_agg(s.deid_gender ORDER BY s.date, s.id)
                            FILTER (WHERE s.is_deidentified))[1] AS deid_gender,
                       (array_agg(s.deid_race_ethnicity_codes ORDER BY s.date, s.id)
                            FILTER (WHERE s.is_deidentified))[1] AS deid_race_ethnicity,
                       (array_agg(s.deid_special_classification_codes ORDER BY s.date, s.id)
                            FILTER (WHERE s.is_deidentified))[1] AS deid_special_classification,
                       (array_agg(s.deid_victimization_codes ORDER BY s.date, s.id)
                            FILTER (WHERE s.is_deidentified))[1] AS deid_victimization
                  FROM safety_service s
                 WHERE s.company_id = %(company)s
                   AND s.date BETWEEN %(fy_start)s AND %(to)s
                   AND s.person_key IS NOT NULL
              GROUP BY s.person_key
                HAVING max(s.date) >= %(from)s
            ),
            on_file AS (
                SELECT DISTINCT ON (person_key) person_key, birthdate, age_band, gender
                  FROM safety_survivor
                 WHERE person_key IN (SELECT person_key FROM persons WHERE NOT deid)
              ORDER BY person_key, id DESC
            ),
            banded AS MATERIALIZED (
                SELECT p.person_key, p.comp, p.first_date >= %(from)s AS is_new,
                       CASE WHEN p.deid THEN COALESCE(NULLIF(p.deid_age_band, ''), 'not_reported')
                            WHEN f.birthdate IS NULL
                                THEN COALESCE(NULLIF(f.age_band, ''), 'not_reported')
                            ELSE (
                                SELECT CASE WHEN a.years <= 12 THEN '0_12'
                                            WHEN a.years <= 17 THEN '13_17'
                                            WHEN a.years <= 24 THEN '18_24'
                                            WHEN a.years <= 59 THEN '25_59'
                                            ELSE '60_plus' END
                                  FROM (SELECT date_part('year', age(p.first_date, f.birthdate))
                                               AS years) a)
                       END AS age_band,
                       COALESCE(NULLIF(CASE WHEN p.deid THEN p.deid_gender ELSE f.gender END, ''),
                                'not_reported') AS gender
                  FROM persons p
             LEFT JOIN on_file f ON f.person_key = p.person_key AND NOT p.deid
            ),
            codes AS MATERIALIZED (
                SELECT DISTINCT person_key, code_list, code
                  FROM (%(rel_codes)s UNION ALL %(deid_codes)s) AS all_codes (person_key,
                                                                             code_list, code)
                 WHERE code <> ''
            )
            SELECT 'served', NULL, count(*) FROM banded
             UNION ALL
            SELECT 'new', NULL, count(*) FILTER (WHERE is_new) FROM banded
             UNION ALL
            SELECT 'compensation', NULL, count(*) FILTER (WHERE comp) FROM banded
             UNION ALL
            (SELECT 'age', age_band, count(*) FROM banded WHERE is_new
              GROUP BY age_band ORDER BY age_band)
             UNION ALL
            (SELECT 'gender', gender, count(*) FROM banded WHERE is_new
              GROUP BY gender ORDER BY gender)
             UNION ALL
            (SELECT 'race', race, count(*)
               FROM (SELECT CASE count(c.code) WHEN 0 THEN 'not_reported'
                                               WHEN 1 THEN min(c.code)
                                               ELSE 'multiple_races' END AS race
                       FROM banded b
                  LEFT JOIN codes c ON c.person_key = b.person_key
                                   AND c.code_list = 'race_ethnicity'
                      WHERE b.is_new
                   GROUP BY b.person_key) AS races
           GROUP BY race ORDER BY race)
             UNION ALL
            (SELECT code_list, code, count(*) FROM codes
              WHERE code_list IN ('victimization', 'special_classification')
           GROUP BY code_list, code ORDER BY code_list, code)
             UNION ALL
            SELECT 'multiple_victimizations', NULL, count(*)
              FROM (SELECT person_key FROM codes WHERE code_list = 'victimization'
                  GROUP BY person_key HAVING count(*) >= 2) AS several
            """,
                rel_codes=rel_codes,
                deid_codes=deid_codes,
                **params,
            )
        )
        totals = {}
        counts = {"age": {}, "gender": {}, "race": {}}
        counts.update({code_list: {} for code_list in CODE_RELATIONS})
        for kind, key, count in cr.fetchall():
            if key is None:
                totals[kind] = count
            else:
                counts[kind][key] = count
        age = {band: 0 for band, _label in AGE_BANDS}
        age.update(counts["age"])
        gender = {key: 0 for key, _label in GENDERS}
        gender.update(counts["gender"])
        race = dict.fromkeys(self._codes_of("race_ethnicity"), 0)
        race.update({MULTIPLE_RACES: 0, NOT_REPORTED: 0})
        race.update(counts["race"])
        figures = {
            "individuals_served": totals["served"],
            "new_individuals": totals["new"],
            "anonymous_contacts": self._count_anonymous_contacts(),
            "demographics": {"age": age, "gender": gender, "race_ethnicity": race},
            "victimization": self._count_codes(counts["victimization"], "victimization"),
            "multiple_victimizations": totals["multiple_victimizations"],
            "special_classifications": self._count_codes(
                counts["special_classification"], "special_classification"
            ),
            "compensation_assisted": totals["compensation"],
            "services": self._count_services(),
        }
        return figures

    @api.model
    def _age_band_on(self, birthdate, day):
        return age_band_on(birthdate, day)

    def _codes_of(self, code_list):
        """Codes of ``code_list`` valid at some point of the period, in the
        funder's order."""
        codes = (
            self.env["safety.funder.code"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("code_list", "=", code_list),
                    "|",
                    ("date_start", "=", False),
                    ("date_start", "<=", self.date_to),
                    "|",
                    ("date_end", "=", False),
                    ("date_end", ">=", self.date_from),
                ]
            )
        )
        return list(dict.fromkeys(codes.mapped("code")))

    def _count_codes(self, counted, code_list):
        """The codes of ``code_list`` in the funder's order with the number of
        individuals counted under each (``counted``: code -> individuals)."""
        counts = dict.fromkeys(self._codes_of(code_list), 0)
        counts.update(counted)
        return counts

    def _count_anonymous_contacts(self):
        start, end = self._utc_bounds()
        self.env.cr.execute(
            SQL(
                "SELECT count(*) FROM safety_hotline_call WHERE company_id = %s "
                "AND is_anonymous AND date >= %s AND date < %s",
                self.company_id.id,
                start,
                end,
            )
        )
        return self.env.cr.fetchone()[0]

    def _utc_bounds(self):
        """The period as UTC datetimes, its days taken in the agency's time zone."""
        tz = pytz.timezone(self.env.user.tz or self.company_id.partner_id.tz or "UTC")

        def utc(day):
            return (
                tz.localize(datetime.combine(day, time.min))
                .astimezone(pytz.utc)
                .replace(tzinfo=None)
            )

        return utc(self.date_from), utc(self.date_to + timedelta(days=1))

    def _count_services(self):
        self.env.cr.execute(
            SQL(
                """
            SELECT c.category, c.code, count(*), count(DISTINCT s.person_key)
              FROM safety_service s
              JOIN safety_funder_code c ON c.id = s.service_code_id
             WHERE s.company_id = %(company)s AND s.date BETWEEN %(from)s AND %(to)s
          GROUP BY GROUPING SETS ((c.category, c.code), (c.category))
            """,
                company=self.company_id.id,
                **{"from": self.date_from, "to": self.date_to},
            )
        )
        rows = self.env.cr.fetchall()
        services = {category: {"individuals": 0, "times": {}} for category in CATEGORIES}
        codes = (
            self.env["safety.funder.code"]
            .sudo()
            .with_context(active_test=False)
            .search([("code_list", "=", "service"), ("code", "in", self._codes_of("service"))])
        )
        for code in codes:
            services[code.category]["times"].setdefault(code.code, 0)
        for category, code, times, individuals in rows:
            if code is None:
                services[category]["individuals"] = individuals
            else:
                services[category]["times"][code] = times
        return services

    # data quality -------------------------------------------------------------------
    def _quality_services_domain(self):
        return [
            ("company_id", "=", self.company_id.id),
            ("date", ">=", self.date_from),
            ("date", "<=", self.date_to),
            ("service_code_id", "=", False),
        ]

    def _new_survivors_without_demographics(self):
        """Survivors new in the period with an age, gender or race not reported."""
        figures_keys = self._new_person_keys()
        return self.env["safety.survivor"].search(
            [
                ("person_key", "in", figures_keys),
                "|",
                "|",
                ("age_band", "in", (NOT_REPORTED, False)),
                ("gender", "in", (NOT_REPORTED, False)),
                ("race_ethnicity_code_ids", "=", False),
            ]
        )

    def _new_person_keys(self):
        fy_start, date_from, date_to = self._period_bounds()
        self.env["safety.service"].flush_model()
        self.env.cr.execute(
            SQL(
                "SELECT person_key FROM safety_service WHERE company_id = %s AND date "
                "BETWEEN %s AND %s AND person_key IS NOT NULL GROUP BY person_key "
                "HAVING min(date) >= %s",
                self.company_id.id,
                fy_start,
                date_to,
                date_from,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.depends("date_from", "date_to", "company_id")
    def _compute_quality(self):
        Service = self.env["safety.service"]
        for report in self:
            if not report.date_from or not report.date_to:
                report.quality_services_without_code = 0
                report.quality_new_without_demographics = 0
                continue
            report.quality_services_without_code = Service.search_count(
                report._quality_services_domain()
            )
            report.quality_new_without_demographics = len(
                report._new_survivors_without_demographics()
            )

    def action_open_services_without_code(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Services without a code"),
            "res_model": "safety.service",
            "view_mode": "list,form",
            "domain": self._quality_services_domain(),
        }

    def action_open_new_without_demographics(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New individuals without demographics"),
            "res_model": "safety.survivor",
            "view_mode": "list,form",
            "domain": [("id", "in", self._new_survivors_without_demographics().ids)],
        }

    # workflow -----------------------------------------------------------------------
    def action_submit(self):
        for report in self:
            if report.state == "submitted":
                raise UserError(
                    self.env._("Report %(name)s is already submitted.", name=report.name)
                )
            figures = report._compute_pmt_figures()
            report.write(
                {
                    "frozen_figures": figures,
                    "state": "submitted",
                    "submitted_date": fields.Datetime.now(),
                    "submitted_by_id": self.env.uid,
                }
            )
        return True

    # layout -------------------------------------------------------------------------
    def _labels(self):
        """Labels of every code and band the report prints: names only of
        codes, bands and categories, never of a person."""
        codes = (
            self.env["safety.funder.code"]
            .sudo()
            .with_context(active_test=False)
            .search([("code_list", "!=", False)])
        )
        labels = {(code.code_list, code.code): code.name for code in codes}
        for band, label in AGE_BANDS:
            labels[("age", band)] = label
        for key, label in GENDERS:
            labels[("gender", key)] = label
        labels[("race_ethnicity", MULTIPLE_RACES)] = self.env._("Multiple races")
        labels[("race_ethnicity", NOT_REPORTED)] = self.env._("Not reported")
        return labels

    def _pmt_rows(self, figures=None):
        """``(section, code, label, value)`` rows in the PMT form's order."""
        self.ensure_one()
        figures = figures or self._pmt_figures()
        labels = self._labels()
        rows = [
            (
                "totals",
                "individuals_served",
                self.env._("Individuals who received services"),
                figures["individuals_served"],
            ),
            (
                "totals",
                "new_individuals",
                self.env._("New individuals who received services"),
                figures["new_individuals"],
            ),
            (
                "totals",
                "anonymous_contacts",
                self.env._("Anonymous contacts"),
                figures["anonymous_contacts"],
            ),
        ]
        for block, code_list in (
            ("race_ethnicity", "race_ethnicity"),
            ("gender", "gender"),
            ("age", "age"),
        ):
            for key, value in figures["demographics"][block].items():
                label = labels.get((code_list, key)) or labels.get((block, key)) or key
                rows.append((f"demographics_{block}", key, label, value))
        for key, value in figures["victimization"].items():
            rows.append(("victimization", key, labels.get(("victimization", key), key), value))
        rows.append(
            (
                "victimization",
                "multiple_victimizations",
                self.env._("Individuals with multiple types of victimization"),
                figures["multiple_victimizations"],
            )
        )
        for key, value in figures["special_classifications"].items():
            rows.append(
                (
                    "special_classifications",
                    key,
                    labels.get(("special_classification", key), key),
                    value,
                )
            )
        rows.append(
            (
                "compensation",
                "compensation_assisted",
                self.env._("Individuals assisted with a victim compensation application"),
                figures["compensation_assisted"],
            )
        )
        categories = dict(SERVICE_CATEGORIES)
        for category in CATEGORIES:
            block = figures["services"][category]
            rows.append(
                (
                    f"services_{category}",
                    "individuals",
                    self.env._("%(category)s: individuals", category=categories[category]),
                    block["individuals"],
                )
            )
            for key, value in block["times"].items():
                rows.append(
                    (
                        f"services_{category}",
                        key,
                        f"{key} {labels.get(('service', key), '')}",
                        value,
                    )
                )
        return rows

    @api.depends("date_from", "date_to", "company_id", "state")
    def _compute_figures_html(self):
        for report in self:
            if not report.date_from or not report.date_to or not report.id:
                report.figures_html = False
                continue
            html = ["<table class='table table-sm o_safety_funder_figures'>"]
            section = None
            for row_section, _code, label, value in report._pmt_rows():
                if row_section != section:
                    section = row_section
                    title = self._section_label(section)
                    html.append(f"<tr class='table-active'><th colspan='2'>{title}</th></tr>")
                html.append(
                    "<tr><td>{}</td><td class='text-end'>{}</td></tr>".format(
                        self._escape(label), "" if value is None else value
                    )
                )
            html.append("</table>")
            report.figures_html = "".join(html)

    @api.model
    def _escape(self, text):
        return escape(text)

    @api.model
    def _section_label(self, section):
        categories = dict(SERVICE_CATEGORIES)
        labels = {
            "totals": self.env._("Individuals and contacts"),
            "demographics_race_ethnicity": self.env._("Race/ethnicity of new individuals"),
            "demographics_gender": self.env._("Gender of new individuals"),
            "demographics_age": self.env._("Age of new individuals"),
            "victimization": self.env._("Victimization types of individuals served"),
            "special_classifications": self.env._("Special classifications of individuals served"),
            "compensation": self.env._("Victim compensation"),
        }
        if section.startswith("services_"):
            return self._escape(categories[section[-1]])
        return self._escape(labels.get(section, section))

    # exports ------------------------------------------------------------------------
    def _csv_content(self, suppressed=False):
        self.ensure_one()
        figures = self._pmt_figures()
        if suppressed:
            figures = self._suppress(figures, self._suppression_threshold())
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["section", "code", "label", "value"])
        for section, code, label, value in self._pmt_rows(figures):
            writer.writerow([section, code, label, "" if value is None else value])
        return buffer.getvalue().encode("utf-8")

    def _xlsx_content(self, suppressed=False):
        """The same rows as the CSV, in a workbook laid out like the PMT form."""
        import xlsxwriter

        self.ensure_one()
        figures = self._pmt_figures()
        if suppressed:
            figures = self._suppress(figures, self._suppression_threshold())
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = workbook.add_worksheet(self.name[:31])
        bold = workbook.add_format({"bold": True})
        sheet.set_column(0, 0, 80)
        sheet.set_column(1, 1, 12)
        sheet.write(0, 0, self.name, bold)
        row, section = 1, None
        for row_section, _code, label, value in self._pmt_rows(figures):
            if row_section != section:
                section = row_section
                row += 1
                sheet.write(row, 0, str(self._section_label(section)), bold)
                row += 1
            sheet.write(row, 0, label)
            sheet.write(row, 1, "" if value is None else value)
            row += 1
        workbook.close()
        return buffer.getvalue()

    def action_export_xlsx(self):
        return self._export(
            self._xlsx_content(),
            ".xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )

    def _export(self, content, suffix, mimetype):
        self.ensure_one()
        # sudo: the attachment belongs to the report, readable as the report is
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": f"{self.name}{suffix}",
                    "raw": content,
                    "res_model": self._name,
                    "res_id": self.id,
                    "mimetype": mimetype,
                }
            )
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def action_export_csv(self):
        """The figures for the funder, laid out like the PMT form."""
        return self._export(self._csv_content(), ".csv", "text/csv")

    def action_export_csv_public(self):
        """The figures for anyone but the funder (a board, a coalition):
        small cells hidden, with complementary suppression."""
        return self._export(self._csv_content(suppressed=True), " (suppressed).csv", "text/csv")

    def action_export_json(self):
        self.ensure_one()
        return self._export(
            json.dumps(self._pmt_figures(), indent=1).encode(), ".json", "application/json"
        )

    # small-cell suppression -------------------------------------------------------
    @api.model
    def _suppress(self, figures, threshold):
        """A copy of ``figures`` where counts from 1 to ``threshold`` are
        None, and, in each block whose cells add up to a total shown, enough
        other cells (or the total) too that no hidden cell can be derived."""
        figures = json.loads(json.dumps(figures))

        def hide(value):
            return None if value is not None and 0 < value <= threshold else value

        for key in (
            "individuals_served",
            "new_individuals",
            "anonymous_contacts",
            "multiple_victimizations",
            "compensation_assisted",
        ):
            figures[key] = hide(figures[key])
        for key in ("victimization", "special_classifications"):
            figures[key] = {code: hide(value) for code, value in figures[key].items()}
        for category in figures["services"].values():
            category["individuals"] = hide(category["individuals"])
            category["times"] = {code: hide(value) for code, value in category["times"].items()}
        hidden_total = figures["new_individuals"] is None
        for block in ("age", "gender", "race_ethnicity"):
            cells = figures["demographics"][block]
            for code, value in cells.items():
                cells[code] = hide(value)
            if not hidden_total:
                hidden_total = self._complementary(cells) or hidden_total
        if hidden_total and figures["new_individuals"] is not None:
            # a block could not hide a second cell: the total goes instead
            figures["new_individuals"] = None
        return figures

    @api.model
    def _complementary(self, cells):
        """Hide one more non-zero cell when a single one is hidden; True when
        none is left to hide (the total must go then)."""
        hidden = [code for code, value in cells.items() if value is None]
        if len(hidden) != 1:
            return False
        candidates = sorted(
            (value, code) for code, value in cells.items() if value is not None and value > 0
        )
        if not candidates:
            return True
        cells[candidates[0][1]] = None
        return False
