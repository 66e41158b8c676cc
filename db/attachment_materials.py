"""Which material (申报材料) each stored attachment is filed under: refusing a material the saved
answers do not ask for, and moving files of a material no longer asked for to 其他材料."""

from __future__ import annotations

from sqlalchemy.orm import Session

from db.audit import audit
from db.errors import InputError
from db.models import Application
from forms import get_form
from forms.core.definition import FormDefinition
from forms.core.fields import FormModel
from forms.core.issues import FieldIssue
from forms.core.materials import OTHER, OTHER_NAME, material_ids_for, moved_note


def listed_material(row: Application, material: str) -> str:
    """The name of ``material`` if the saved answers ask for it (or it is 其他材料); else the
    refusal, in Chinese."""
    definition = get_form(row.kind)
    if material == OTHER:
        return OTHER_NAME
    if material in material_ids_for(definition, definition.load(row.content.data)):
        return definition.material(material).name
    raise InputError(
        [
            FieldIssue(
                ("attachments",),
                "material",
                f"不是本申报按已保存的内容需要的材料（“{material}”），请选择所列材料之一或“其他材料”",
                "附件材料",
            )
        ]
    )


def refile_attachments(
    session: Session, row: Application, definition: FormDefinition, form: FormModel, actor: str
) -> None:
    """Files of a material the answers no longer ask for (申请类别 switched, say) move to
    其他材料 with a note saying what they were: never lost, and filed again by a click."""
    listed = material_ids_for(definition, form)
    for attachment in row.attachments:
        if attachment.material == OTHER or attachment.material in listed:
            continue
        was = definition.material(attachment.material).name
        if attachment.material not in {m.id for m in definition.materials}:
            was = attachment.material  # an id no release of this form lists
        attachment.note = moved_note(definition, attachment.material)
        attachment.material = OTHER
        audit(
            session, row, actor, "附件移入其他材料", None, None, f"{attachment.name}（原为{was}）"
        )
