"""The payment commitment and the recovery period (domain/recovery_period.py), without a server."""

from datetime import timedelta

import pytest

from domain.actions import (
    PaymentCommitmentDecision,
)
from domain.closing import follow_up_offer_by_post, threat_over, threat_over_because
from domain.consent import (
    ConsentPurpose,
    ConsentRecipient,
)
from domain.correspondence import LetterKind
from domain.deadlines import Deadline, DeadlineName, DeadlineStatus
from domain.effects import SendLetter
from domain.phase import Phase
from domain.recovery_period import (
    RecoveryOutcome,
    apply_payment_commitment,
    check_payment_commitment,
    commitment_sent,
    record_recovery_outcome,
    undo_unsent_commitment,
)
from tests.casework_factories import NOW, TODAY, case, consent, refused, with_recovery_period


def test_a_payment_commitment_needs_an_investigation_consent_and_an_open_period() -> None:
    state = case()
    with_recovery_period(state)
    decision = PaymentCommitmentDecision(amount_sek=9000, decided_by="o")
    assert "open an investigation first" in refused(check_payment_commitment, state, decision, TODAY)
    state.period.phase = Phase.INVESTIGATION
    assert "'payment_commitment'" in refused(check_payment_commitment, state, decision, TODAY)
    consent(state, ConsentRecipient.LANDLORD, ConsentPurpose.PAYMENT_COMMITMENT)
    check_payment_commitment(state, decision, TODAY)
    after = TODAY + timedelta(days=22)
    assert "can no longer save the lease" in refused(check_payment_commitment, state, decision, after)


def test_a_commitment_whose_letter_was_stopped_leaves_the_recovery_period_open() -> None:
    state = case()
    with_recovery_period(state)
    assert state.recovery is not None
    state.deadlines[DeadlineName.RECOVERY_PERIOD] = Deadline(due_on=state.recovery.ends_on)
    record_recovery_outcome(
        state, RecoveryOutcome.PAYMENT_COMMITMENT, NOW, happened_on=TODAY, amount_sek=9000
    )
    undo_unsent_commitment(state, NOW)
    assert state.recovery.outcome is None and state.recovery.commitment_amount_sek is None
    assert state.deadlines[DeadlineName.RECOVERY_PERIOD].status is DeadlineStatus.PENDING


def test_a_commitment_larger_than_the_debt_or_absurd_is_refused() -> None:
    state = case()
    recovery = with_recovery_period(state)
    recovery.debt_sek = 14500
    state.period.phase = Phase.INVESTIGATION
    consent(state, ConsentRecipient.LANDLORD, ConsentPurpose.PAYMENT_COMMITMENT)
    reason = refused(
        check_payment_commitment, state, PaymentCommitmentDecision(amount_sek=20000, recorded_by="o"), TODAY
    )
    assert "more than the debt the landlord gave" in reason
    check_payment_commitment(state, PaymentCommitmentDecision(amount_sek=14500, recorded_by="o"), TODAY)
    with pytest.raises(ValueError):
        PaymentCommitmentDecision(amount_sek=1e308, recorded_by="o")


def test_no_follow_up_offer_says_the_threat_is_over_before_the_commitment_reached_the_landlord() -> None:
    """Found by the truth suite: the follow-up offer went between the decision and its letter,
    telling the tenant "du kan inte vräkas" while the commitment could still be stopped."""
    state = case()
    recovery = with_recovery_period(state)
    state.deadlines[DeadlineName.RECOVERY_PERIOD] = Deadline(due_on=recovery.ends_on)
    state.true_letters = True
    state.period.phase = Phase.INVESTIGATION
    consent(state, ConsentRecipient.LANDLORD, ConsentPurpose.PAYMENT_COMMITMENT)
    apply_payment_commitment(state, PaymentCommitmentDecision(amount_sek=9000, recorded_by="o"), NOW)
    assert follow_up_offer_by_post(state, NOW) == [] and not threat_over(state)
    commitment_sent(state, NOW)
    assert follow_up_offer_by_post(state, NOW) == [SendLetter(kind=LetterKind.FOLLOW_UP_OFFER)]
    assert threat_over_because(state) == "payment_commitment"
