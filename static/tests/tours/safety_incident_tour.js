import { registry } from "@web/core/registry";

/**
 * An advocate opens the plan of "Incident Tour Survivor" (made by the test),
 * logs a near miss from the plan's Incidents page and sees it listed there
 * once the dialog is saved.
 */
registry.category("web_tour.tours").add("victim_safety_planning_incident_tour", {
    url: "/odoo/safety-plans",
    steps: () => [
        {
            content: "Open the plan of the survivor",
            trigger: ".o_kanban_record:contains(Incident Tour Survivor)",
            run: "click",
        },
        {
            content: "Open the Incidents page",
            trigger: ".o_form_view .o_notebook .nav-link:contains(Incidents)",
            run: "click",
        },
        {
            content: "Log an incident",
            trigger: ".o_form_view .o_notebook button:contains(Log Incident)",
            run: "click",
        },
        {
            content: "Open the kind menu",
            trigger: ".modal .o_field_widget[name=kind] input",
            run: "click",
        },
        {
            content: "Pick Near miss",
            trigger: ".o_select_menu_menu .o_select_menu_item:contains(Near miss)",
            run: "click",
        },
        {
            content: "Describe what happened",
            trigger: ".modal .o_field_widget[name=description] textarea",
            run: "edit Car parked outside the gym at closing time",
        },
        {
            content: "Save the incident",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The incident is listed on the plan",
            trigger: ".o_form_view .o_field_widget[name=incident_ids] .o_data_row:contains(Near miss)",
        },
    ],
});
