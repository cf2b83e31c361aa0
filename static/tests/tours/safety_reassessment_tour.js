import { registry } from "@web/core/registry";

/**
 * An advocate opens the plan of "Reassess Tour Survivor", where an incident
 * asked for a risk reassessment, assesses the risk from the "Risk
 * reassessment" activity in the chatter, answers the checklist and confirms.
 */
registry.category("web_tour.tours").add("victim_safety_planning_reassessment_tour", {
    url: "/odoo/safety-plans",
    steps: () => [
        {
            content: "Open the plan of the survivor",
            trigger: ".o_kanban_record:contains(Reassess Tour Survivor)",
            run: "click",
        },
        {
            content: "The reassessment activity offers Assess Risk",
            trigger: ".o-mail-Activity:contains(Risk reassessment) .o-safety-Activity-assessRisk",
            run: "click",
        },
        {
            content: "A new assessment of this plan opens",
            trigger: ".o_form_view .o_field_widget[name=answer_ids] .o_data_row:contains(Weapons at home)",
        },
        ...[1, 2, 3].map((row) => ({
            content: `Answer no to question ${row}`,
            trigger: `.o_field_widget[name=answer_ids] .o_data_row:nth-child(${row}) .o_field_widget[name=answer] input[data-value=no]`,
            run: "click",
        })),
        {
            content: "Confirm the assessment",
            trigger: ".o_form_view .o_form_statusbar button[name=action_confirm]",
            run: "click",
        },
        {
            content: "Back on the plan, the reassessment is done",
            trigger:
                ".o_form_view:has(.o_field_widget[name=review_interval_days]) .o-mail-Message:contains(Risk assessed)",
        },
    ],
});
