"""Model permissions of content editors (which rows they see is limited by ownership)."""


def _all_actions(model):
    return {f"microlessons.{action}_{model}" for action in ("view", "add", "change", "delete")}


CONTENT_EDITOR_PERMISSIONS = (
    _all_actions("module")
    | _all_actions("learninggoal")
    | _all_actions("lesson")
    | _all_actions("lessonversion")
    | _all_actions("block")
    | _all_actions("question")
    | _all_actions("questionoption")
    | _all_actions("lessonimage")
    | _all_actions("simulation")
    | _all_actions("simulationversion")
    | _all_actions("simulationstep")
    | _all_actions("simulationchoice")
    | _all_actions("knowledgetest")
    | _all_actions("knowledgequestion")
    | _all_actions("knowledgeoption")
)

# Organisation admins decide when their organisation measures.
ORGANISATION_ADMIN_PERMISSIONS = _all_actions("measurementwindow") | {
    "microlessons.view_knowledgetest"
}
