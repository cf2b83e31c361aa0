// Screenshots of the demo for static/description and the README, driven by
// tools/screenshots.sh: node screenshots.js <base url> <out dir> <plan> <cards> <assessment>
const fs = require("fs");
const path = require("path");
const { chromium } = require("playwright-core");

const [base, out, plan, cards, assessment] = process.argv.slice(2);
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

async function session(browser, login, viewport) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    const page = await context.newPage();
    page.on("pageerror", (error) => {
        throw error;
    });
    await page.goto(`${base}/web/login`);
    await page.fill("input[name=login]", login);
    await page.fill("input[name=password]", login);
    await page.click("button[type=submit]");
    await page.waitForSelector(".o_main_navbar", { timeout: 60000 });
    return page;
}

async function shoot(page, url, file, { ready, click, scroll } = {}) {
    await page.goto(`${base}${url}`);
    await page.waitForSelector(ready || ".o_action_manager > .o_action", { timeout: 60000 });
    // OdooBot's welcome chat opens on a first login: not part of the app
    for (const close of await page.$$(".o-mail-ChatWindow button[title*='Close']")) {
        await close.click().catch(() => {});
    }
    if (click) {
        await page.click(click);
    }
    if (scroll) {
        await page.locator(scroll).first().evaluate((el) => {
            el.scrollIntoView({ block: "start" });
            // clear of the sticky control panel
            for (const box of [document.scrollingElement, el.closest(".o_form_view_container")]) {
                box?.scrollBy(0, -90);
            }
        });
    }
    await page.waitForTimeout(1500); // graphs and bars animate in
    await page.screenshot({ path: path.join(out, file) });
    console.log(`screenshots: ${file}`);
}

(async () => {
    const browser = await chromium.launch({
        executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
        args: ["--no-sandbox", "--font-render-hinting=none"],
    });
    try {
        const maya = await session(browser, "maya.advocate", DESKTOP);
        await shoot(maya, `/odoo/safety-plans/${plan}`, "plan_form.png", { ready: ".o_form_view" });
        await shoot(
            maya,
            `/odoo/action-victim_safety_planning.safety_risk_assessment_action/${assessment}`,
            "risk_checklist.png",
            { ready: ".o_form_view" }
        );
        const response = await maya.request.get(
            `${base}/report/pdf/victim_safety_planning.action_report_safety_card/${cards}`
        );
        if (!response.ok() || !(response.headers()["content-type"] || "").includes("pdf")) {
            throw new Error(`card PDF: HTTP ${response.status()}`);
        }
        fs.writeFileSync(path.join(out, "wallet_card.pdf"), await response.body());

        const sofia = await session(browser, "sofia.supervisor", DESKTOP);
        await shoot(sofia, "/odoo/safety-dashboard", "dashboard.png", {
            ready: ".o_safety_dashboard .o_safety_kpi",
        });

        // the quarter's funder report: figures and the data-quality panel
        await shoot(sofia, "/odoo/action-victim_safety_planning.safety_funder_report_action", "funder_report.png", {
            ready: ".o_list_view .o_data_row",
            click: ".o_list_view .o_data_row .o_data_cell",
        });
        const noor = await session(browser, "noor.helpline", DESKTOP);
        await shoot(noor, "/odoo/action-victim_safety_planning.safety_hotline_call_action", "hotline_calls.png", {
            ready: ".o_list_view",
        });

        const phone = await session(browser, "maya.advocate", PHONE);
        await shoot(phone, `/odoo/safety-plans/${plan}`, "plan_form_phone.png", {
            ready: ".o_form_view",
            scroll: ".o_notebook",
        });
        const sofiaPhone = await session(browser, "sofia.supervisor", PHONE);
        await shoot(sofiaPhone, "/odoo/safety-dashboard", "dashboard_phone.png", {
            ready: ".o_safety_dashboard .o_safety_kpi",
        });
    } finally {
        await browser.close();
    }
})().catch((error) => {
    console.error(error);
    process.exit(1);
});
