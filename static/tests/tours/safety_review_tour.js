import { registry } from "@web/core/registry";

/**
 * An advocate opens the plan of "Review Tour Survivor" (active, made by the
 * test), starts the review from its "Safety plan review" activity in the
 * chatter (the plan can't be changed there, no score and no outcome are
 * preset), records how safe the survivor feels and completes the review.
 * The activity is replaced by the next one.
 */
registry.category("web_tour.tours").add("victim_safety_planning_review_tour", {
    url: "/odoo/safety-plans",
    steps: () => [
        {
            content: "Open the plan of the survivor",
            trigger: ".o_kanban_record:contains(Review Tour Survivor)",
            run: "click",
        },
        {
            content: "The review activity is in the chatter; start the review from it",
            trigger: ".o-mail-Activity .o-safety-Activity-startReview",
            run: "click",
        },
        {
            content: "The review form opens for this plan, which can't be changed there",
            trigger: ".modal .o_field_widget[name=plan_id].o_readonly_modifier",
        },
        {
            content: "No score is preset on the 1-10 scale",
            trigger: ".modal .o_field_widget[name=feels_safe_score] input:value(/^$/)",
        },
        {
            content: "No outcome is preset either",
            trigger: ".modal .o_field_widget[name=outcome] input:value(/^$/)",
        },
        {
            content: "Record how safe the survivor feels",
            trigger: ".modal .o_field_widget[name=feels_safe_score] input",
            run: "edit 7",
        },
        {
            content: "Choose the outcome",
            trigger: ".modal .o_field_widget[name=outcome] input",
            run: "click",
        },
        {
            content: "Plan still fits",
            trigger: ".o_select_menu_menu .o_select_menu_item:contains(Plan still fits)",
            run: "click",
        },
        {
            content: "Note what changed",
            trigger: ".modal .o_field_widget[name=changes] textarea",
            run: "edit Changed her phone number",
        },
        {
            content: "Complete the review",
            trigger: ".modal button[name=action_done]",
            run: "click",
        },
        {
            content: "The dialog closes once the review is complete",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The chatter shows the completed review",
            trigger: ".o-mail-Message:contains(feels safe 7/10)",
        },
    ],
});
