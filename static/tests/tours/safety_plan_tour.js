import { registry } from "@web/core/registry";

/**
 * An advocate opens the contact "Tour Survivor" (created by the test, in a
 * company whose country is the United States), creates a safety plan from it,
 * picks the "Stalking" situation, adds an emergency contact and a safe
 * location, and saves. The tour always starts from the Contacts list (the
 * tour service redirects there whatever url the test gives) and finds the
 * contact with the search bar.
 */
registry.category("web_tour.tours").add("victim_safety_planning_tour", {
    url: "/odoo/contacts",
    steps: () => [
        {
            content: "Search the survivor's contact",
            trigger: ".o_control_panel .o_searchview_input",
            run: "edit Tour Survivor",
        },
        {
            content: "Apply the search",
            trigger: ".o_control_panel .o_searchview_input",
            run: "press Enter",
        },
        {
            content: "The search is applied",
            trigger: ".o_control_panel .o_searchview_facet:contains(Tour Survivor)",
        },
        {
            content: "Open the survivor's contact",
            trigger: ".o_list_view .o_data_row .o_data_cell:contains(Tour Survivor)",
            run: "click",
        },
        {
            content: "The survivor's contact is open",
            trigger: ".o_form_view .o_last_breadcrumb_item:contains(Tour Survivor)",
        },
        {
            content: "Create a safety plan for the survivor",
            trigger: ".o_form_view .o_form_statusbar button[name=action_create_safety_plan]",
            run: "click",
        },
        {
            content: "The new plan's survivor is prefilled",
            trigger: ".o_form_view .o_field_widget[name=survivor_id] input:value(Tour Survivor)",
        },
        {
            content: "Starter steps are loaded for the default situation",
            trigger: ".o_field_widget[name=step_ids] .o_data_row",
        },
        {
            content: "Open the situation menu",
            trigger: ".o_form_view .o_field_widget[name=situation_type] input",
            run: "click",
        },
        {
            content: "Pick Stalking",
            trigger: ".o_select_menu_menu .o_select_menu_item:contains(Stalking)",
            run: "click",
        },
        {
            content: "The situation is Stalking",
            trigger: ".o_form_view .o_field_widget[name=situation_type] input:value(Stalking)",
        },
        {
            content: "Starter steps of the situation are in the Action Steps list",
            trigger:
                ".o_field_widget[name=step_ids] .o_data_row .o_data_cell[name=context]:contains(Technology safety)",
        },
        {
            content: "Go to the Contacts & Places tab",
            trigger: ".o_notebook .nav-link[name=emergency_contacts]",
            run: "click",
        },
        {
            content: "Add an emergency contact",
            trigger: ".o_field_widget[name=emergency_contact_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Type the contact's name",
            trigger:
                ".o_field_widget[name=emergency_contact_ids] .o_selected_row .o_field_widget[name=name] input",
            run: "edit Tour Sister",
        },
        {
            content: "Type the relationship",
            trigger:
                ".o_field_widget[name=emergency_contact_ids] .o_selected_row .o_field_widget[name=relationship] input",
            run: "edit Sister",
        },
        {
            content: "Type the phone number as dialled in the United States",
            trigger:
                ".o_field_widget[name=emergency_contact_ids] .o_selected_row .o_field_widget[name=phone_national] input",
            run: "edit 415 555 2671",
        },
        {
            content: "Safe locations are on the same tab, under the contacts",
            trigger: ".o_notebook .tab-pane.active [name=safe_locations] .o_field_widget[name=location_ids]",
        },
        {
            content: "Add a safe location",
            trigger: ".o_field_widget[name=location_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Name the location",
            trigger: ".modal .o_form_view .o_field_widget[name=name] input",
            run: "edit Tour Library",
        },
        {
            content: "Open the location type menu",
            trigger: ".modal .o_form_view .o_field_widget[name=location_type] input",
            run: "click",
        },
        {
            content: "Pick Community place",
            trigger: ".o_select_menu_menu .o_select_menu_item:contains(Community place)",
            run: "click",
        },
        {
            content: "The location type is Community place",
            trigger: ".modal .o_field_widget[name=location_type] input:value(Community place)",
        },
        {
            content: "Save and close the location",
            trigger: ".modal .modal-footer .o_form_button_save",
            run: "click",
        },
        {
            content: "The location is in the list",
            trigger:
                "body:not(:has(.modal)) .o_field_widget[name=location_ids] .o_data_row:contains(Tour Library)",
        },
        {
            content: "Save the plan",
            trigger: ".o_form_view .o_form_status_indicator .o_form_button_save",
            run: "click",
        },
        {
            content: "The plan is saved with its reference",
            trigger: ".o_form_view .o_form_saved .o_field_widget[name=name]:contains(SP/)",
        },
    ],
});
