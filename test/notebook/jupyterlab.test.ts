import { jupyterLabUi } from "../support/notebook-ui";
import { startJupyterLab } from "../support/jupyterlab";
import { notebookUiScenario } from "../support/ui-scenario";

notebookUiScenario("the notebook in JupyterLab 4", {
  command: "npm run lab",
  exportMenu: "File → Save and Export Notebook As → HTML",
  sanitizeQuestion: true,
  start: startJupyterLab,
  driver: jupyterLabUi,
});
