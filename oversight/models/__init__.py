"""The oversight app's models, one module per concern; import them from here."""

from oversight.models.follow_up import FollowUpItem, FollowUpQuerySet
from oversight.models.oversight import OversightActivity
from oversight.models.petitions import CitizenReception, DeadlineRule, Petition, PetitionQuerySet, PetitionType
from oversight.models.voters import PolicyField, VoterMeeting, VoterOpinion, sessions_a_meeting_may_follow

__all__ = [
    "CitizenReception",
    "DeadlineRule",
    "FollowUpItem",
    "FollowUpQuerySet",
    "OversightActivity",
    "Petition",
    "PetitionQuerySet",
    "PetitionType",
    "PolicyField",
    "VoterMeeting",
    "VoterOpinion",
    "sessions_a_meeting_may_follow",
]
