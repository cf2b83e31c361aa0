import { registry } from "@web/core/registry";

/**
 * An advocate opens the plan of "Risk Tour Survivor" (made by the test, with a
 * three-question "Tour checklist" as the first checklist), assesses the risk,
 * answers yes / yes / no, sees the score, confirms, and lands back on the plan
 * at the new level.
 */
function answer(row, value) {
    const cell = `.o_field_widget[name=answer_ids] .o_data_row:nth-child(${row}) .o_field_widget[name=answer]`;
    return [
        {
            // one click, on a row that is not selected yet
            content: `Answer ${value} to question ${row} with one click`,
            trigger: `${cell} input[data-value=${value}]:enabled`,
            async run(helpers) {
                // what a pointer at the radio button really hits: the list
                // disables the widgets of rows not selected yet
                this.anchor.scrollIntoView({ block: "center" });
                const box = this.anchor.getBoundingClientRect();
                const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
                if (hit !== this.anchor) {
                    throw new Error(`The answer is not clickable: the click lands on ${hit?.className}`);
                }
                await helpers.click();
            },
        },
        {
            content: `The answer ${value} shows as chosen`,
            trigger: `${cell} .o_safety_answer_checked.o_safety_answer_${value} input:checked`,
        },
    ];
}

registry.category("web_tour.tours").add("victim_safety_planning_risk_tour", {
    url: "/odoo/safety-plans",
    steps: () => [
        {
            content: "Open the plan of the survivor",
            trigger: ".o_kanban_record:contains(Risk Tour Survivor)",
            run: "click",
        },
        {
            content: "Assess the risk",
            trigger: ".o_form_view .o_form_statusbar button[name=action_assess_risk]",
            run: "click",
        },
        {
            content: "The tour checklist is chosen and its questions listed",
            trigger: ".o_field_widget[name=answer_ids] .o_data_row:contains(Weapons at home)",
        },
        {
            content: "The breadcrumb names the assessment, not a technical id",
            trigger: ".o_breadcrumb .active:contains(Assessment of SP):not(:contains(NewId))",
        },
        {
            content: "Nothing answered: no level yet, not Low",
            trigger:
                ".o_safety_assessment_score:contains(Not assessed):not(:contains(Low)):not(:contains(None))",
        },
        {
            content: "The score bar stays in sight while the checklist scrolls",
            trigger: ".o_safety_assessment_score .o_field_widget[name=score]",
            run() {
                const bar = document.querySelector(".o_safety_assessment_score");
                if (getComputedStyle(bar).position !== "sticky") {
                    throw new Error("The score bar does not stick while scrolling");
                }
            },
        },
        ...answer(1, "yes"),
        ...answer(2, "yes"),
        ...answer(3, "no"),
        {
            content: "The score is shown live, in the score bar",
            trigger: ".o_safety_assessment_score .o_field_widget[name=score]:contains(3)",
        },
        {
            content: "Confirm the assessment",
            trigger: ".o_form_view .o_form_statusbar button[name=action_confirm]",
            run: "click",
        },
        {
            content: "Back on the plan (only the plan has a review interval), at the new level",
            trigger:
                ".o_form_view:has(.o_field_widget[name=review_interval_days]) .o_field_widget[name=risk_level]:contains(Medium)",
        },
        {
            content: "The plan is reviewed every 30 days",
            trigger: ".o_form_view .o_field_widget[name=review_interval_days] input:value(30)",
        },
    ],
});
