import { registry } from "@web/core/registry";

const RED = "#D64550";
const GREEN = "#2E9E6B";

function series() {
    const root = document.querySelector(".o_graph_renderer[data-safety-series]");
    return Object.fromEntries(
        root.dataset.safetySeries.split(";").map((item) => {
            const [label, rest] = item.split("=");
            const [color, values] = rest.split(":");
            return [label, { color, values: values.split(",") }];
        })
    );
}

function checkColors(late) {
    const drawn = series();
    if (drawn["On time"]?.color !== GREEN || drawn[late]?.color !== RED) {
        throw new Error(`status colours: ${JSON.stringify(drawn)}`);
    }
    // stacked in the order of the selection, not of the keys ("late" < "on_time")
    const labels = Object.keys(drawn);
    if (labels.indexOf("On time") > labels.indexOf(late)) {
        throw new Error(`status order: ${labels.join(", ")}`);
    }
}

/**
 * A supervisor's reports: overdue and late are red, on time green, in every
 * graph whatever order the data comes in, with no "Sum" line joining the
 * stacked bars; the feels-safe trend is points on the whole 1-10 scale, each
 * month with how many reviews it averages; a month without reviews is a gap
 * in the feels-safe line, not a zero.
 */
registry.category("web_tour.tours").add("victim_safety_planning_report_tour", {
    url: "/odoo/action-victim_safety_planning.safety_plan_review_status_action",
    steps: () => [
        {
            content: "Reviews due by advocate: overdue red, on time green",
            trigger: ".o_graph_renderer[data-safety-series*='Overdue=']:not([data-safety-series*='Sum='])",
            run: () => checkColors("Overdue"),
        },
        {
            content: "Open Plans by Risk Level",
            trigger: ".o_main_navbar button[data-menu-xmlid='victim_safety_planning.safety_reporting_menu']",
            run: "click",
        },
        {
            content: "Plans by Risk Level",
            trigger: ".dropdown-menu [data-menu-xmlid='victim_safety_planning.safety_report_risk_menu']",
            run: "click",
        },
        {
            content: "Same colours on the risk report",
            trigger:
                ".o_action_manager:has(.o_breadcrumb:contains(Plans by Risk Level)) .o_graph_renderer[data-safety-series*='Overdue=']:not([data-safety-series*='Sum='])",
            run: () => checkColors("Overdue"),
        },
        {
            content: "Open Reviews on Time and Late",
            trigger: ".o_main_navbar button[data-menu-xmlid='victim_safety_planning.safety_reporting_menu']",
            run: "click",
        },
        {
            content: "Reviews on Time and Late",
            trigger: ".dropdown-menu [data-menu-xmlid='victim_safety_planning.safety_report_review_menu']",
            run: "click",
        },
        {
            content: "Late reviews red, on-time ones green",
            trigger:
                ".o_action_manager:has(.o_breadcrumb:contains(Reviews)) .o_graph_renderer[data-safety-series*='Late=']:not([data-safety-series*='Sum='])",
            run: () => checkColors("Late"),
        },
        {
            content: "Open the Feels-Safe Trend",
            trigger: ".o_main_navbar button[data-menu-xmlid='victim_safety_planning.safety_reporting_menu']",
            run: "click",
        },
        {
            content: "Feels-Safe Trend",
            trigger: ".dropdown-menu [data-menu-xmlid='victim_safety_planning.safety_report_feels_safe_menu']",
            run: "click",
        },
        {
            content: "The month without reviews is a gap between two scores",
            trigger: ".o_graph_renderer[data-safety-series*='Feels Safe']",
            run: () => {
                const [line] = Object.values(series());
                if (line.values.join(",") !== "4,gap,8") {
                    throw new Error(`feels-safe values: ${line.values.join(",")}`);
                }
            },
        },
        {
            content: "Scores are points on the whole 1-10 scale, each month with its number of reviews",
            trigger: ".o_graph_renderer[data-safety-axis='1-10'][data-safety-counts='2,0,1']",
        },
    ],
});
