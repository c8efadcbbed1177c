// Starts the Design Systems' components. A static module, so the CSP needs no inline script.
import { initAll as govukInitAll } from "../dist/govuk-frontend.min.js";
import { initAll as mojInitAll } from "../dist/moj-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
govukInitAll();
mojInitAll();
