import { registry } from "@web/core/registry";

/**
 * An advocate looks at their plans the ways the web client offers (kanban,
 * list, review calendar with an event's popover) and opens the plan of
 * "Log Tour Survivor" (made by the test) once. The test then checks that the
 * access log holds exactly one line: the plan, opened.
 */
registry.category("web_tour.tours").add("victim_safety_planning_access_log_tour", {
    url: "/odoo/safety-plans",
    steps: () => [
        {
            content: "The plans' kanban shows the plan",
            trigger: ".o_kanban_view .o_kanban_record:contains(Log Tour Survivor)",
        },
        {
            content: "Switch to the list",
            trigger: ".o_control_panel .o_switch_view.o_list",
            run: "click",
        },
        {
            content: "The list shows the plan",
            trigger: ".o_list_view .o_data_row:contains(Log Tour Survivor)",
        },
        {
            content: "Switch to the review calendar",
            trigger: ".o_control_panel .o_switch_view.o_calendar",
            run: "click",
        },
        {
            content: "The calendar shows the plan's review",
            trigger: ".o_calendar_view .fc-event",
            run: "click",
        },
        {
            content: "Its popover names the survivor (read as a list reads it)",
            trigger: ".o_cw_popover:contains(Log Tour Survivor)",
        },
        {
            content: "Back to the list",
            trigger: ".o_control_panel .o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Open the plan",
            trigger: ".o_list_view .o_data_row .o_data_cell:contains(Log Tour Survivor)",
            run: "click",
        },
        {
            content: "The plan's form is open, with its survivor",
            trigger: ".o_form_view .o_field_widget[name=survivor_id] input:value(Log Tour Survivor)",
        },
        {
            content: "Its chatter is loaded",
            trigger: ".o-mail-Chatter .o-mail-Thread",
        },
    ],
});

/**
 * A supervisor opens the survivor "Log Tour Survivor" and their Access
 * History: the advocate's opening of the plan is there, in words.
 */
registry.category("web_tour.tours").add("victim_safety_planning_access_history_tour", {
    url: "/odoo/safety-survivors",
    steps: () => [
        {
            content: "Open the survivor",
            trigger: ".o_list_view .o_data_row .o_data_cell:contains(Log Tour Survivor)",
            run: "click",
        },
        {
            content: "Open the survivor's access history",
            trigger: ".o_form_view button[name=action_safety_access_history]",
            run: "click",
        },
        {
            content: "The advocate's opening of the plan is listed in words",
            trigger:
                ".o_list_view .o_data_row:contains(Lou Logtour):contains(Opened):contains(Safety Plan)",
        },
    ],
});
