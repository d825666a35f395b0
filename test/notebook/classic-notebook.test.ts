import { CLASSIC_NOTEBOOK, startClassicNotebook } from "../support/classic-notebook";
import { classicUi } from "../support/notebook-ui";
import { notebookUiScenario } from "../support/ui-scenario";

notebookUiScenario("the notebook in the classic Jupyter Notebook", {
  command: "npm run notebook",
  exportMenu: "File → Download as → HTML",
  // The classic Notebook (6) exports as is: it has no sanitize question.
  sanitizeQuestion: false,
  server: CLASSIC_NOTEBOOK,
  start: startClassicNotebook,
  driver: classicUi,
});
