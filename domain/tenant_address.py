"""Where the tenant can be written to (issue 18): the home the notices name until the tenant
leaves it (an eviction carried out, the keys handed back), then only a new address an officer
records. A letter to an address the tenant has left is never written: the officer is asked for
the new one, and what waited for it (the follow-up offer) goes once it is recorded.
"""

from datetime import datetime

from domain.actions import TenantAddressReport
from domain.case import CaseState
from domain.correspondence import LetterKind, ReminderTopic
from domain.effects import Effect, Remind
from domain.language import Said
from domain.notices import PostalAddress
from domain.records.eviction import EvictionOutcome

LEFT_HOME = (EvictionOutcome.EXECUTED, EvictionOutcome.KEYS_RETURNED)


def tenant_left_home(state: CaseState) -> bool:
    """The tenant no longer lives at the notice's address: the eviction was carried out or the
    keys were handed back."""
    eviction = state.period.eviction
    return eviction is not None and eviction.outcome in LEFT_HOME


def tenant_unreachable_by_post(state: CaseState) -> bool:
    """The tenant left the home and no new address is recorded: no letter can reach them."""
    return state.tenant_address is None and tenant_left_home(state)


def new_address_needed(state: CaseState, now: datetime) -> list[Effect]:
    """The standing rule: once the tenant has left with no new address, the officer is asked
    for it, once."""
    if not tenant_unreachable_by_post(state) or state.period.tenant_address_asked:
        return []
    state.period.tenant_address_asked = True
    state.log(now, "the tenant left the home: letters wait for a new address")
    return [Remind(topic=ReminderTopic.TENANT_ADDRESS_UNKNOWN)]


def letter_not_written(state: CaseState, kind: LetterKind, why: Said, now: datetime) -> list[Effect]:
    """A letter with no true variant: not written, and the officer told why (once)."""
    state.log(now, f"{kind.value} letter not written: {why.en}")
    return new_address_needed(state, now)


def check_tenant_address(state: CaseState, report: TenantAddressReport) -> None:
    state.require_open()


def apply_tenant_address(state: CaseState, report: TenantAddressReport, now: datetime) -> Said:
    state.tenant_address = PostalAddress(
        street=report.street, postal_code=report.postal_code, city=report.city
    )
    state.period.tenant_address_asked = False
    state.log(now, f"the tenant's new postal address recorded by {report.recorded_by}")
    return Said(
        en="the tenant's new postal address is recorded: letters go there from now on",
        sv="hyresgästens nya postadress är registrerad: breven går dit från och med nu",
    )
