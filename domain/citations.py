"""Every law the code relies on, in one table keyed by act, so a citation is corrected once.

The Social Services Act 2001:453 was replaced by 2025:400 on 2025-07-01 and its section
numbers changed; the rows below say which wording each rule follows.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Citation:
    act: str
    section: str
    rule: str
    note: str = ""
    # Checked against the statute in force. An unverified citation stays out of letters and
    # refusals (tests/test_letters.py): a letter must not cite a rule nobody has checked.
    verified: bool = True


CITATIONS: dict[str, Citation] = {
    "recovery_period": Citation(
        act="Jordabalken (1970:994)",
        section="12 kap. 44 §",
        rule="Three weeks from the later of service of the termination and the landlord's "
        "notice to the social welfare board; paying the debt, or the board's written "
        "payment commitment, within it saves the lease.",
    ),
    "earliest_eviction_decision": Citation(
        act="Jordabalken (1970:994)",
        section="12 kap. 44 §",
        rule="Eviction may not be decided until two working days after the recovery period.",
        note="Checked against the 1994 wording (SFS 1994:841, docs/citations.md): working days are the days "
        "that are not Saturday, Sunday, a public holiday or midsummer, Christmas or New "
        "Year's eve, counted from the day after the period ends.",
    ),
    "deadline_roll_forward": Citation(
        act="Lag (1930:173) om beräkning av lagstadgad tid",
        section="2 §",
        rule="A deadline ending on a Saturday, Sunday, public holiday, midsummer eve, "
        "Christmas eve or New Year's eve moves to the next day that is none of these.",
    ),
    "public_holidays": Citation(
        act="Lag (1989:253) om allmänna helgdagar",
        section="1 §",
        rule="The Swedish public holidays.",
    ),
    "kfm_confirmation": Citation(
        act="Socialtjänstförordning (2001:937)",
        section="5 kap. 4 §",
        rule="Confirm Kronofogden's eviction notice the same day, naming the responsible "
        "officer, with a copy to the tenant.",
        note="As the Gothenburg handbook cites it; check the ordinance that goes with "
        "socialtjänstlag 2025:400.",
        verified=False,
    ),
    "preassessment": Citation(
        act="Socialtjänstlag (2001:453)",
        section="11 kap. 1 §",
        rule="Open an investigation without delay; guideline two to four weeks for the "
        "preassessment unless special reasons are recorded.",
        note="Section numbers differ in socialtjänstlag (2025:400).",
        verified=False,
    ),
    "children_report_preassessment": Citation(
        act="Socialtjänstlag (2001:453)",
        section="11 kap. 1 a §",
        rule="A report of concern about a child is preassessed within 14 days.",
        note="Section numbers differ in socialtjänstlag (2025:400).",
        verified=False,
    ),
    "eviction": Citation(
        act="Utsökningsbalken (1981:774)",
        section="16 kap.",
        rule="Kronofogden decides and carries out the eviction and notifies the social "
        "welfare board of the date and time.",
    ),
    "secrecy": Citation(
        act="Offentlighets- och sekretesslag (2009:400)",
        section="26 kap.",
        rule="Nothing about the tenant's circumstances goes to the landlord or another "
        "administration without consent.",
    ),
}
