import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { SAFETY_STATUS_COLORS } from "@victim_safety_planning/safety_colors";

/**
 * The supervisor's day on one screen: overdue reviews by advocate, active
 * plans by risk level, reviews on time this quarter, cards and protective
 * orders expiring in the next 30 days and incidents this month. The figures
 * come from `safety.dashboard.get_dashboard_data`, read as the supervisor
 * through the record rules; each opens the records it counts.
 */
export class SafetyDashboard extends Component {
    static template = "victim_safety_planning.SafetyDashboard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.colors = SAFETY_STATUS_COLORS;
        this.state = useState({ data: null });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.data = await this.orm.call("safety.dashboard", "get_dashboard_data", []);
    }

    get maxAdvocatePlans() {
        const rows = this.state.data.review_status.advocates;
        return Math.max(1, ...rows.map((row) => row.on_time + row.overdue));
    }

    get maxRiskPlans() {
        return Math.max(1, ...this.state.data.risk_levels.map((level) => level.count));
    }

    get onTimeText() {
        return _t("%(count)s active plans on time", { count: this.state.data.review_status.on_time });
    }

    get quarterText() {
        const { on_time, total } = this.state.data.reviews_quarter;
        return _t("%(on_time)s of %(total)s completed", { on_time, total });
    }

    get windowText() {
        return _t("in the next %(days)s days", { days: this.state.data.expiring.days });
    }

    /** "1 Incident · 2 Near miss": the kinds logged this month. */
    get incidentKinds() {
        return this.state.data.incidents_month.kinds
            .filter((kind) => kind.count)
            .map((kind) => `${kind.count} ${kind.name}`)
            .join(" · ");
    }

    barWidth(count, max) {
        return `width: ${(100 * count) / max}%;`;
    }

    open(resModel, name, domain) {
        return this.action.doAction({
            type: "ir.actions.act_window",
            name,
            res_model: resModel,
            domain,
            views: [
                [false, "list"],
                [false, "form"],
            ],
            context: { create: false },
        });
    }

    openPlans(name, domain) {
        return this.open("safety.plan", name, domain);
    }

    openAllOverdue() {
        return this.openPlans(_t("Overdue reviews"), this.state.data.review_status.domain_overdue);
    }

    openReviews() {
        const data = this.state.data.reviews_quarter;
        return this.open("safety.review", _t("Reviews this quarter"), data.domain);
    }

    openCards() {
        const data = this.state.data.expiring;
        return this.open("safety.card", _t("Cards expiring soon"), data.cards_domain);
    }

    openOrders() {
        const data = this.state.data.expiring;
        return this.open("safety.protective.order", _t("Orders expiring soon"), data.orders_domain);
    }

    openIncidents() {
        const data = this.state.data.incidents_month;
        return this.open("safety.incident", _t("Incidents this month"), data.domain);
    }

    get firstContactText() {
        return _t("no first contact after %(days)s days", { days: this.state.data.intake.first_contact_days });
    }

    get overriddenText() {
        return _t("%(count)s sent without a release", { count: this.state.data.intake.overridden });
    }

    openIntake(kind) {
        const data = this.state.data.intake;
        const titles = {
            draft: _t("Draft plans"),
            no_advocate: _t("Plans without an advocate"),
            first_contact: _t("Referrals in without first contact"),
        };
        if (kind === "no_answer" || kind === "overridden") {
            const name = kind === "no_answer" ? _t("Referrals out without answer") : _t("Referrals sent without a release");
            return this.open("safety.referral", name, data[`${kind}_domain`]);
        }
        return this.openPlans(titles[kind], data[`${kind}_domain`]);
    }

    openLevel(level) {
        return this.openPlans(_t("Risk level: %(level)s", { level: level.name }), level.domain);
    }

    openOverdue(row) {
        return this.openPlans(_t("Overdue reviews: %(advocate)s", { advocate: row.name }), row.domain_overdue);
    }

    openOnTime(row) {
        return this.openPlans(_t("Reviews on time: %(advocate)s", { advocate: row.name }), row.domain_on_time);
    }
}

registry.category("actions").add("victim_safety_planning.dashboard", SafetyDashboard);
