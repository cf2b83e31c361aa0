import { registry } from "@web/core/registry";

/**
 * An advocate without any Sales role opens Safety Planning > Referrals: the
 * referral made from CRM is listed (no error, no detour to Discuss), with
 * no revenue, probability or e-mail/SMS buttons, and opens as its plan.
 */
registry.category("web_tour.tours").add("victim_safety_planning_referral_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open the Safety Planning app",
            trigger: ".o-dropdown--menu .o_app[data-menu-xmlid='victim_safety_planning.safety_planning_menu_root']",
            run: "click",
        },
        {
            content: "Open the Plans menu",
            trigger: ".o_main_navbar button[data-menu-xmlid='victim_safety_planning.safety_plan_top_menu']",
            run: "click",
        },
        {
            content: "Open Referrals",
            trigger: ".dropdown-menu [data-menu-xmlid='victim_safety_planning.safety_referral_menu']",
            run: "click",
        },
        {
            content: "The referral is listed, with nothing of a sales pipeline",
            trigger:
                ".o_list_view .o_data_row:contains(Referral Tour Survivor):not(:has([name=expected_revenue], [name=probability], .o_field_phone_sms, .o_field_email))",
        },
        {
            content: "No error dialog, still in Safety Planning (not Discuss)",
            trigger:
                "body:not(:has(.o_error_dialog)):not(:has(.o-mail-Discuss)) .o_breadcrumb:contains(Referrals to Safety Planning)",
        },
        {
            content: "Open the referral",
            trigger: ".o_list_view .o_data_row:contains(Referral Tour Survivor) td[name=name]",
            run: "click",
        },
        {
            content: "The referred person's plan opens",
            trigger: ".o_form_view .o_field_widget[name=survivor_id] input:value(Referral Tour Survivor)",
        },
    ],
});
