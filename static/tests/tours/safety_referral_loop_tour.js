import { registry } from "@web/core/registry";

/**
 * An advocate closes the loop of a referral the test prepared under a
 * signed release: marks it sent, records that the organisation accepted,
 * then that the survivor was connected.
 */
registry.category("web_tour.tours").add("victim_safety_planning_referral_loop_tour", {
    steps: () => [
        {
            content: "The draft referral names the organisation and its release",
            trigger: ".o_form_view .o_field_widget[name=consent_id] input:value(Release to Casa Luz)",
        },
        {
            content: "Mark it as sent",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_send]",
            run: "click",
        },
        {
            content: "It is sent; the organisation's answer comes",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Sent)",
        },
        {
            content: "The organisation accepted",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_accept]",
            run: "click",
        },
        {
            content: "Accepted: the form is reloaded with the answer",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Accepted)",
        },
        {
            content: "Choose the outcome",
            trigger: ".o_form_view .o_field_widget[name=outcome] input",
            run: "click",
        },
        {
            content: "Connected",
            trigger: ".o_select_menu_menu .o_select_menu_item:contains(Connected):not(:contains(Not))",
            run: "click",
        },
        {
            content: "The outcome reads Connected",
            trigger: ".o_form_view .o_field_widget[name=outcome] input:value(Connected)",
        },
        {
            content: "Complete the referral",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_complete]",
            run: "click",
        },
        {
            content: "The loop is closed",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Completed)",
        },
    ],
});

/**
 * A supervisor opens the intake queue's tiles: the referral out without an
 * answer, then the plan referred in that nobody has reached.
 */
registry.category("web_tour.tours").add("victim_safety_planning_intake_tour", {
    url: "/odoo/safety-dashboard",
    steps: () => [
        {
            content: "One referral out has no answer",
            trigger: ".o_safety_dashboard .o_safety_kpi_no_answer .o_safety_kpi_value:contains(1)",
            run: "click",
        },
        {
            content: "It is listed, and only it",
            trigger: ".o_list_view .o_data_row:contains(Casa Luz)",
            run: () => {
                const rows = document.querySelectorAll(".o_list_view .o_data_row");
                if (rows.length !== 1) {
                    throw new Error(`expected 1 row, got ${rows.length}`);
                }
            },
        },
        {
            content: "Back to the dashboard",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(Supervisor Dashboard)",
            run: "click",
        },
        {
            content: "Open the referrals in waiting for a first contact",
            trigger: ".o_safety_dashboard .o_safety_kpi_first_contact .o_safety_kpi_value:contains(1)",
            run: "click",
        },
        {
            content: "The waiting person's plan is listed",
            trigger: ".o_list_view .o_data_row:contains(Intake Waiting)",
        },
    ],
});
