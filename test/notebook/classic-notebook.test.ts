import { CLASSIC_NOTEBOOK, startClassicNotebook } from "../support/classic-notebook";
import { classicUi } from "../support/notebook-ui";
import { notebookUiScenario } from "../support/ui-scenario";

notebookUiScenario("the notebook in the classic Jupyter Notebook", {
  server: CLASSIC_NOTEBOOK,
  start: startClassicNotebook,
  driver: classicUi,
});
