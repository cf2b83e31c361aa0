import { registry } from "@web/core/registry";

/**
 * At phone width nothing of the open form is wider than the screen, on
 * any tab of its notebook: fails naming the elements that stick out.
 */
function describe(el) {
    const name = el.getAttribute("name") || el.closest("[name]")?.getAttribute("name");
    const classes = [...el.classList].slice(0, 3).join(".");
    return `${el.tagName.toLowerCase()}${classes ? "." + classes : ""}${name ? `[${name}]` : ""}`;
}

/** Inside a box that clips or scrolls, an element cannot widen the page:
 * the box itself is checked (a box that scrolls sideways is reported). */
function isInsideClippingBox(el, form) {
    for (let box = el.parentElement; box && box !== form; box = box.parentElement) {
        if (getComputedStyle(box).overflowX !== "visible") {
            return true;
        }
    }
    return false;
}

function checkFit(where) {
    const width = window.innerWidth;
    const problems = [];
    const form = document.querySelector(".o_form_view");
    if (document.scrollingElement.scrollWidth > width + 1) {
        problems.push(`the page is ${document.scrollingElement.scrollWidth}px wide`);
    }
    for (const el of document.querySelectorAll(".o_form_view *")) {
        const rect = el.getBoundingClientRect();
        if (!rect.width || !rect.height) {
            continue;
        }
        if ((rect.right > width + 1 || rect.left < -1) && !isInsideClippingBox(el, form)) {
            problems.push(`${describe(el)} spans ${Math.round(rect.left)}..${Math.round(rect.right)}`);
        }
        const style = getComputedStyle(el);
        const overflowX = style.overflowX;
        if (
            el.closest(".o_form_sheet") &&
            style.textOverflow === "ellipsis" &&
            el.scrollWidth > el.clientWidth + 1
        ) {
            problems.push(`${describe(el)} “${(el.value || el.textContent).trim()}” is cut`);
        }
        if (el.scrollWidth > el.clientWidth + 1 && ["auto", "scroll"].includes(overflowX)) {
            problems.push(`${describe(el)} scrolls sideways`);
        }
    }
    // visible overflow out of a list cell covers the next column
    for (const cell of document.querySelectorAll(".o_form_sheet td.o_data_cell")) {
        const box = cell.getBoundingClientRect();
        for (const el of cell.querySelectorAll("*")) {
            const rect = el.getBoundingClientRect();
            if (rect.width && (rect.right > box.right + 1 || rect.left < box.left - 1)) {
                problems.push(`${describe(el)} spills out of its cell`);
            }
        }
    }
    if (problems.length) {
        throw new Error(`${where} at ${width}px: ${[...new Set(problems)].slice(0, 12).join("; ")}`);
    }
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

registry.category("web_tour.tours").add("victim_safety_planning_phone_fit_tour", {
    steps: () => [
        {
            content: "The form is shown",
            trigger: ".o_form_view .o_form_sheet",
        },
        {
            content: "Every tab fits the phone's width",
            trigger: ".o_form_view .o_form_sheet",
            run: async () => {
                await delay(300);
                const errors = [];
                const check = (where) => {
                    try {
                        checkFit(where);
                    } catch (error) {
                        errors.push(error.message);
                    }
                };
                check("the form");
                const links = [...document.querySelectorAll(".o_form_view .o_notebook_headers .nav-link")];
                for (const link of links) {
                    link.click();
                    await delay(400);
                    check(`the tab “${link.textContent.trim()}”`);
                }
                if (errors.length) {
                    throw new Error(errors.join(" | "));
                }
            },
        },
    ],
});
