"""Writes that touch more than one record: voter recommendations entering the register, merging."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from councils.records import delete_record, save_record
from oversight.models import FollowUpItem, VoterOpinion
from oversight.models.follow_up import ANSWERED_BY_LETTER, answered_by_letter


@transaction.atomic
def save_opinion(opinion: VoterOpinion, *, user=None, validate: bool = True) -> VoterOpinion:
    """Save a voter opinion; a recommendation (kiến nghị) gets its item in the follow-up register,
    kept in step with what the opinion says about forwarding and answers."""
    before = opinion.stored_answer()
    save_record(opinion, user=user, validate=validate)
    item = FollowUpItem.objects.filter(opinion=opinion).first()
    if opinion.kind != VoterOpinion.Kind.RECOMMENDATION:
        if item is not None:  # corrected to a plain opinion: it leaves the register (its rules said when)
            delete_record(item, user=user)
        return opinion
    item = item or FollowUpItem(opinion=opinion)
    item.content = opinion.content
    item.addressee = opinion.forwarded_to or opinion.get_competent_level_display()
    if opinion.answered_on and item.status != FollowUpItem.Status.DONE:
        item.status = FollowUpItem.Status.DONE
        item.response_date = opinion.answered_on
        # what the register holds of its own (a reply filed on the item) is kept
        item.response_text = opinion.answer_text or item.response_text or str(ANSWERED_BY_LETTER)
        if opinion.answer_document:
            item.response_document = opinion.answer_document
    elif item.status == FollowUpItem.Status.DONE and opinion.answered_on:
        # the answer as the item copied it follows the opinion's corrections; its own reply stays
        if item.response_text in {before.get("answer_text"), *answered_by_letter()}:
            item.response_text = opinion.answer_text or str(ANSWERED_BY_LETTER)
        if before.get("answer_document") and item.response_document.name == before["answer_document"]:
            item.response_document = opinion.answer_document
    elif opinion.forwarded_on and item.status == FollowUpItem.Status.NEW:
        item.status = FollowUpItem.Status.IN_PROGRESS
    save_record(item, user=user)
    return opinion


@transaction.atomic
def merge_follow_up_items(target: FollowUpItem, others, *, user=None) -> FollowUpItem:
    """Merge items raised more than once into `target`: each keeps its own source, and the
    target's status stands for all of them from then on."""
    others = [item for item in others if item.pk != target.pk]
    if target.merged_into_id:
        raise ValidationError(_("Không thể gộp vào một kiến nghị đã được gộp vào kiến nghị khác."))
    if not others:
        raise ValidationError(_("Chọn ít nhất hai kiến nghị để gộp."))
    for item in others:
        item.merged_into = target
        save_record(item, user=user)
        for child in FollowUpItem.objects.filter(merged_into=item):
            child.merged_into = target
            save_record(child, user=user)
    return target


def sources_of(item: FollowUpItem) -> list[FollowUpItem]:
    """The item and every item merged into it: all the places the recommendation was raised."""
    return [item, *item.merged_items.all()]
