import { registry } from "@web/core/registry";

/**
 * At 1440x900 every tab of the plan form is in view (Reviews and Notes
 * were pushed out of sight by nine tabs); the Reviews tab opens.
 */
registry.category("web_tour.tours").add("victim_safety_planning_plan_tabs_tour", {
    steps: () => [
        {
            content: "Every tab fits in the notebook's header",
            trigger: ".o_form_view .o_notebook .nav-link[name=plan_notes]",
            run: () => {
                const header = document.querySelector(".o_form_view .o_notebook_headers");
                const box = header.getBoundingClientRect();
                const links = [...header.querySelectorAll(".nav-link")];
                for (const link of links) {
                    const rect = link.getBoundingClientRect();
                    if (rect.left < box.left - 1 || rect.right > box.right + 1 || !rect.width) {
                        throw new Error(`tab “${link.textContent.trim()}” is out of sight`);
                    }
                }
                if (header.scrollWidth > header.clientWidth + 1) {
                    throw new Error("the tabs scroll sideways");
                }
            },
        },
        {
            content: "Open the Reviews tab",
            trigger: ".o_form_view .o_notebook .nav-link[name=reviews]",
            run: "click",
        },
        {
            content: "The plan's reviews are shown",
            trigger: ".o_form_view .o_notebook .tab-pane.active .o_field_widget[name=review_ids]",
        },
    ],
});

/**
 * On a 390x844 phone the plan's steps are cards showing the whole step
 * name, every tab is in view, and nothing scrolls sideways.
 */
registry.category("web_tour.tours").add("victim_safety_planning_plan_phone_tour", {
    steps: () => [
        {
            content: "The long step is shown whole",
            trigger:
                ".o_field_widget[name=step_ids] .o_kanban_record:contains(Keep copies of the protective order at work, in the car and with a neighbour)",
            run: () => {
                const names = document.querySelectorAll(
                    ".o_field_widget[name=step_ids] .o_kanban_record .o_safety_step_name"
                );
                if (!names.length) {
                    throw new Error("no step card");
                }
                for (const name of names) {
                    if (name.scrollWidth > name.clientWidth + 1) {
                        throw new Error(`step “${name.textContent.trim()}” is cut`);
                    }
                }
                for (const selector of [
                    ".o_content",
                    ".o_field_widget[name=step_ids]",
                    ".o_notebook_headers",
                ]) {
                    const el = document.querySelector(selector);
                    if (el.scrollWidth > el.clientWidth + 1) {
                        throw new Error(`${selector} scrolls sideways`);
                    }
                }
                if (document.documentElement.scrollWidth > window.innerWidth + 1) {
                    throw new Error("the page scrolls sideways");
                }
            },
        },
    ],
});

/**
 * Referrals on a phone: cards, not a list that scrolls sideways.
 */
registry.category("web_tour.tours").add("victim_safety_planning_referral_phone_tour", {
    steps: () => [
        {
            content: "The referral shows as a card",
            trigger: ".o_kanban_view .o_kanban_record:contains(Phone Referral)",
            run: () => {
                if (document.querySelector(".o_list_view")) {
                    throw new Error("a list on a phone");
                }
                const content = document.querySelector(".o_content");
                if (content.scrollWidth > content.clientWidth + 1) {
                    throw new Error(".o_content scrolls sideways");
                }
            },
        },
    ],
});
