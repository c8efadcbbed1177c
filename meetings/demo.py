"""Demo meetings, a court hearing, family time and events, through the real services."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from caseflow import demo_timeline
from caseflow import services as core_services
from caseflow.demo import LOOKED_AFTER_SINCE
from caseflow.models import Child, User
from meetings import services
from meetings.constants import MeetingType
from meetings.models import EventKind, Meeting

# Family Group Conferences (and reviews) held over the year, and reunification planning reviews
# held in time, in the demo's story (caseflow.demo_timeline days).
# fmt: off
FAMILY_MEETINGS: list[tuple[str, str, demo_timeline.Day, str]] = [
    ("LCS-100101", MeetingType.FGC, (10, 20), "Grandmother Pat to do the school run; mum to attend parenting group"),
    ("LCS-200202", MeetingType.FGC, (9, 25), "Aunt to host family time at weekends"),
    ("LCS-100106", MeetingType.FGC, (8, 3), "Family plan for contact with dad"),
    ("LCS-100103", MeetingType.FGC, (7, 14), "Grandmother to stay on as kinship carer until the return"),
    ("LCS-200201", MeetingType.FGC, (5, 10), "Family plan for contact across the holidays"),
    ("LCS-100104", MeetingType.REVIEW_FGC, (4, 2), "Family plan reviewed before the return home"),
    ("LCS-200204", MeetingType.FGC, (2, 14), "Mum and Freya agree how to keep in touch after the move"),
    ("LCS-100108", MeetingType.FGC, (1, 9), "Family plan for Isla's return: who helps with mornings"),
    ("LCS-100109", MeetingType.REVIEW_FGC, (1, 23), "Family plan reviewed: dad's support continues"),
    ("LCS-100101", MeetingType.REUNIFICATION_REVIEW, (6, 1), "Reunification plan on track"),
    ("LCS-200204", MeetingType.REUNIFICATION_REVIEW, (6, 10), "Goals progressing; plan continues"),
    ("LCS-100104", MeetingType.REUNIFICATION_REVIEW, (7, 1), "Reunification plan on track"),
]
# fmt: on


def seed_meetings_demo() -> None:
    """Skips when meetings exist already, so it is safe to run again."""
    if Meeting.objects.exists():
        return
    names = ["sw1", "sw2", "sw3", "tm1", "sm1", "hos1", "dd1"]
    users = {user.username: user for user in User.objects.filter(username__in=names)}
    children = {child.local_reference: child for child in Child.objects.all()}
    if len(users) < len(names) or "LCS-100101" not in children:
        return
    today = timezone.localdate()
    _cadence_meetings(users, today=today)
    _family_meetings(users, children)
    sw1, sw2, sw3, tm1, sm1 = (users[name] for name in ("sw1", "sw2", "sw3", "tm1", "sm1"))
    amira, jayden, kai, isla = (children[ref] for ref in ("LCS-100101", "LCS-100102", "LCS-100105", "LCS-100108"))
    maya = children["LCS-200202"]

    demo_timeline.at(today - timedelta(days=20))
    services.meeting_record(
        by=sw1,
        meeting_type=MeetingType.MD_SUPERVISION,
        held_on=today - timedelta(days=20),
        chair=tm1,
        children=[amira],
        family_attended=False,
        no_family_reason="Professionals' supervision of the plan",
        decisions="Going Home plan on track; increase overnight family time",
    )
    demo_timeline.at(today - timedelta(days=40))
    services.meeting_record(
        by=sw1,
        meeting_type=MeetingType.FGC,
        held_on=today - timedelta(days=40),
        chair=sw1,
        children=[jayden],
        decisions="Family plan: grandmother to support mornings",
    )
    demo_timeline.at(today - timedelta(days=10))
    planning = services.meeting_record(
        by=sw1,
        meeting_type=MeetingType.CARE_PLANNING,
        held_on=today - timedelta(days=10),
        chair=sm1,
        children=[jayden],
        decisions="Explore reunification",
    )
    services.care_decision_record(
        meeting=planning, child=jayden, by=sw1, decision="Plan for reunification; contingency: kinship care"
    )
    services.action_add(
        meeting=planning,
        by=sw1,
        description="Book the Return Home Assessment planning meeting",
        owner=sw1,
        due_on=today + timedelta(days=7),
        child=jayden,
    )
    demo_timeline.at(today - timedelta(days=30))  # the final hearing was listed a month ago
    services.hearing_record(
        child=maya,
        by=sw3,
        hearing_on=today + timedelta(days=50),
        is_final=True,
        likely_contested=True,
        note="Final hearing; parents oppose the plan",
    )
    demo_timeline.at(today - timedelta(days=1))
    core_services.child_update(child=kai, by=tm1, fields={"may_return_unplanned": True})
    # Most children's permanence plans were agreed by their second review (Oscar's and Hana's late).
    for child in list(children.values())[2:]:
        since = demo_timeline.day(LOOKED_AFTER_SINCE[child.local_reference])
        agreed_on = min(since + timedelta(days=150 if child.given_names in ("Oscar", "Hana") else 75), today)
        happened_at = timezone.make_aware(datetime.combine(agreed_on, time(11)))
        demo_timeline.at(happened_at)
        services.event_record(
            child=child,
            by=users["hos1"],
            kind=EventKind.PERMANENCE_PLAN,
            happened_at=min(happened_at, timezone.now() - timedelta(hours=1)),
        )
    _signs_of_safety(amira, sw1, today)
    referred_at = timezone.now() - timedelta(days=1)
    demo_timeline.at(referred_at)
    services.event_record(
        child=isla,
        by=sw1,
        kind=EventKind.REFERRAL,
        happened_at=referred_at,
        note="Repeat referral from school",
    )
    start = timezone.make_aware(datetime.combine(today - timedelta(days=6), time(10, 0)))
    demo_timeline.at(start + timedelta(hours=31))  # written up when the stay ended
    services.family_time_record(
        child=jayden,
        by=sw2 if jayden.allocated_worker_id == sw2.pk else sw1,
        starts_at=start,
        ends_at=start + timedelta(hours=30),
        with_whom=list(jayden.network.all()[:1]),
        supervised=False,
        overnight=True,
        record_sheet="Stayed overnight with mum; went well",
    )


def _family_meetings(users: dict[str, User], children: dict[str, Child]) -> None:
    for reference, meeting_type, spec, decisions in FAMILY_MEETINGS:
        child = children[reference]
        worker = child.allocated_worker or users["sw2"]
        held_on = demo_timeline.day(spec)
        demo_timeline.at(held_on)
        services.meeting_record(
            by=worker, meeting_type=meeting_type, held_on=held_on, chair=worker, children=[child], decisions=decisions
        )


def _cadence_meetings(users: dict[str, User], *, today: date) -> None:
    """The pathway's regular meetings, held recently for every child on the pathway by then."""
    import pathways.selectors as pathways

    episodes = list(pathways.open_episodes().select_related("child"))
    if not episodes:
        return
    hos1, dd1 = users["hos1"], users["dd1"]
    for meeting_type, days_ago, chair in (
        (MeetingType.TRACKER, 3, hos1),
        (MeetingType.SUPPORT, 12, hos1),
        (MeetingType.DD_MEETING, 15, dd1),
        (MeetingType.LIFELONG_LINKS_TRACKER, 20, hos1),
        (MeetingType.MD_SUPERVISION, 25, hos1),
    ):
        held_on = today - timedelta(days=days_ago)
        demo_timeline.at(held_on)
        services.meeting_record(
            by=hos1,
            meeting_type=meeting_type,
            held_on=held_on,
            chair=chair,
            children=[e.child for e in episodes if timezone.localtime(e.activated_at).date() <= held_on],
            family_attended=False,
            no_family_reason="Review of plans among professionals",
        )


def _signs_of_safety(child: Child, worker: User, today: date) -> None:
    """A finalised mapping with two statements, two rounds of scaling, a safety plan and a next step."""
    from meetings import mapping_services as sos

    demo_timeline.at(today - timedelta(days=42))
    mapping = sos.mapping_start(child=child, by=worker, mapped_on=today - timedelta(days=42), copy_last=False)
    sos.mapping_update(
        mapping=mapping,
        by=worker,
        fields={
            "harm": "Amira missed school for three weeks last spring when mum was drinking",
            "existing_strengths": "Grandmother Pat takes Amira to school; Amira loves football",
            "existing_safety": "Pat visits every evening",
            "next_steps": "Family network meeting to agree plan rules",
        },
    )
    school = sos.statement_save(
        mapping=mapping,
        by=worker,
        worry="If mum drinks again Amira may miss school and be left alone at night",
        goal="Amira is at school every day and an adult who is sober is with her every night",
        zero_means="Amira is not safe at home",
        ten_means="Everyone is sure Amira is safe at home",
    )
    # The friendships statement gets no plan rule: the safety plan shows it as not yet addressed.
    sos.statement_save(
        mapping=mapping,
        by=worker,
        worry="Amira may lose touch with her friends at her foster home when she moves",
        goal="Amira sees her friends every week after going home",
        zero_means="Amira has lost her friends",
        ten_means="Amira keeps all her friendships",
    )
    sos.mapping_finalise(mapping=mapping, by=worker)
    mother = child.network.filter(relationship="mother").first()
    for days_ago, child_score, worker_score, mum_score in ((42, 4, 3, 5), (14, 6, 5, 7)):
        day = today - timedelta(days=days_ago)
        demo_timeline.at(day)
        sos.score_record(statement=school, by=worker, scored_on=day, score=child_score, scorer="child")
        sos.score_record(statement=school, by=worker, scored_on=day, score=worker_score, scorer=f"user:{worker.pk}")
        if mother is not None:
            sos.score_record(statement=school, by=worker, scored_on=day, score=mum_score, scorer=f"person:{mother.pk}")
    demo_timeline.at(today - timedelta(days=14))
    plan = sos.safety_plan_create(
        child=child,
        by=worker,
        title="Going home safety plan",
        agreed_on=today - timedelta(days=14),
        closure_timeline="Review at each network meeting; case closure planned for next summer",
    )
    keeper = child.network.filter(is_trusted_adult=True).first()
    sos.plan_rule_add(
        plan=plan,
        by=worker,
        rule="Pat takes Amira to school every day and checks in each evening",
        addresses=[school],
        kept_by=[keeper] if keeper else [],
    )
    sos.next_step_add(
        child=child,
        by=worker,
        description="Words and pictures version of the safety plan with Amira",
        owner=worker,
        due_on=today + timedelta(days=7),
        mapping=mapping,
    )
