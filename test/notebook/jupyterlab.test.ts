import { jupyterLabUi } from "../support/notebook-ui";
import { startJupyterLab } from "../support/jupyterlab";
import { notebookUiScenario } from "../support/ui-scenario";

notebookUiScenario("the notebook in JupyterLab 4", { start: startJupyterLab, driver: jupyterLabUi });
