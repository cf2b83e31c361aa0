import { registry } from "@web/core/registry";

function countRows(expected) {
    const rows = document.querySelectorAll(".o_list_view .o_data_row");
    if (rows.length !== expected) {
        throw new Error(`expected ${expected} rows in the list, got ${rows.length}`);
    }
}

/**
 * A supervisor opens the dashboard, sees an advocate's overdue reviews and
 * clicks through to the list of those plans, comes back and opens the
 * critical plans from the risk levels.
 */
registry.category("web_tour.tours").add("victim_safety_planning_dashboard_tour", {
    url: "/odoo/safety-dashboard",
    steps: () => [
        {
            content: "The overdue figure counts the advocate's two overdue reviews",
            trigger: ".o_safety_dashboard .o_safety_kpi_overdue .o_safety_kpi_value:contains(2)",
        },
        {
            content: "Click the advocate's overdue reviews",
            trigger:
                ".o_safety_dashboard .o_safety_advocate_row:contains(Dana Dashboard) .o_safety_bar_overdue:contains(2)",
            run: "click",
        },
        {
            content: "The list shows the two overdue plans, and only them",
            trigger: ".o_list_view .o_data_row:contains(Dash Overdue 2)",
            run: () => countRows(2),
        },
        {
            content: "Back to the dashboard",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(Supervisor Dashboard)",
            run: "click",
        },
        {
            content: "Open the critical plans",
            trigger: ".o_safety_dashboard .o_safety_risk_row[data-level=critical] button",
            run: "click",
        },
        {
            content: "The list shows the one critical plan",
            trigger: ".o_list_view .o_data_row:contains(Dash Overdue 1)",
            run: () => countRows(1),
        },
    ],
});
