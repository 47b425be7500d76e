"""A province's council records for some years, in bulk, at the yearly rates of the Hương Sơn 2023
demo (sessions/demo.py, oversight/demo.py): per commune and year 3–4 sessions and ~13 resolutions,
6 or 12 Standing Committee meetings, a question in one commune of five, 5–6 oversight activities
with 2 recommendations each, a voter meeting before and after each regular session with their
opinions (recommendations enter the register), 12 citizen receptions, 3–6 petitions. Districts
and provinces as the demo's district: 6 sessions, 28 resolutions, 11 meetings, 5 questions, ...

The records are what `save_record` would accept: days inside the council's life and terms,
sessions numbered in date order within their term, resolution numbers unique in their year,
follow-up items dated by their source. `bulk_create` skips `full_clean`; the generator's small
mode checks a sample with `full_clean` (bench/generate.py)."""

import datetime
from collections import Counter

from bench.tree import Place
from councils.models import CommitteeType
from oversight import demo as oversight_demo
from oversight.models import CitizenReception, FollowUpItem, OversightActivity, Petition, VoterMeeting, VoterOpinion
from sessions import demo as sessions_demo
from sessions.models import Question, Resolution, Session, StandingCommitteeMeeting

D, DAY = datetime.date, datetime.timedelta(days=1)
BATCH = 5000
Kind, Status, Actor = Session.Kind, FollowUpItem.Status, OversightActivity.Actor
Level, Timing = VoterMeeting.DeputyLevel, VoterMeeting.Timing
STATUS_CYCLE = oversight_demo.STATUS_CYCLE
# (month, day, days long, kind, resolutions) of a district's or province's year (sessions/demo.py)
UPPER_SESSIONS = [
    (2, 16, 0, Kind.THEMATIC, 3),
    (4, 20, 0, Kind.THEMATIC, 4),
    (6, 8, 0, Kind.THEMATIC, 3),
    (7, 11, 1, Kind.REGULAR, 8),
    (9, 28, 0, Kind.THEMATIC, 3),
    (12, 19, 1, Kind.REGULAR, 8),
]
DEPUTY_LEVEL = {"TINH": Level.PROVINCIAL_COUNCIL, "HUYEN": Level.DISTRICT_COUNCIL, "XA": Level.COMMUNE_COUNCIL}


class Writer:
    """Collects new records by model and writes each model's list with bulk_create."""

    def __init__(self):
        self.pending: dict[type, list] = {}
        self.counts = Counter()
        self.numbers = Counter()  # the last resolution number of each (council, year)

    def add(self, record):
        self.pending.setdefault(type(record), []).append(record)
        return record

    def flush(self):
        for model, rows in self.pending.items():
            model.objects.bulk_create(rows, batch_size=BATCH)
            self.counts[model.__name__] += len(rows)
        self.pending = {}


def fill(places: list[Place], years: list[int], rng, opinions_per_meeting: int) -> Counter:
    committees = list(CommitteeType.objects.order_by("code"))
    w = Writer()
    sessions = {}  # place -> [(session, resolutions)]
    for place in places:
        sessions[place.council_id] = _sessions(w, place, years, rng)
    w.flush()
    meetings, receptions, sources = [], {}, []
    for place in places:
        plan = sessions[place.council_id]
        for session, n in plan:
            _resolutions(w, session, n, rng)
        for year in years:
            ok = _alive(place)
            _questions(w, place, [s for s, _n in plan if s.start_date.year == year], rng, sources)
            meetings += _voter_meetings(w, place, year, [s for s, _n in plan if s.start_date.year == year], ok)
            _sc_meetings(w, place, year, ok)
            sources += _oversight(w, place, year, committees, rng, ok)
            receptions[(place.council_id, year)] = [
                w.add(
                    CitizenReception(
                        council_id=place.council_id,
                        date=day,
                        receiver="Chủ tịch HĐND",
                        place="Trụ sở Ủy ban nhân dân",
                        citizens=2 + (place.index + month) % 5,
                        is_group=month == 9 and place.index % 7 == 0,
                        content="Công dân phản ánh về đất đai, chính sách xã hội.",
                    )
                )
                for month in range(1, 13)
                if ok(day := D(year, month, 15))
            ]
    w.flush()
    for place in places:
        for year in years:
            _petitions(w, place, year, receptions[(place.council_id, year)])
    for kind, record, extra in sources:
        _source_items(w, kind, record, extra)
    opinions = [
        (meeting, w.add(_opinion(meeting, k, level)))
        for meeting, level in meetings
        for k in range(opinions_per_meeting)
    ]
    w.flush()
    for meeting, opinion in opinions:
        if opinion.kind == VoterOpinion.Kind.RECOMMENDATION:
            w.add(_opinion_item(meeting, opinion))
    w.flush()
    return w.counts


def _alive(place: Place):
    return lambda day: place.last_day is None or day <= place.last_day


def _sessions(w: Writer, place: Place, years: list[int], rng) -> list[tuple[Session, int]]:
    ordinals = {place.old_term: 11, place.new_term: 1}  # 2021 falls in the 2016–2021 term's tenth session
    plan = []
    for year in years:
        if place.level == "XA":
            day = 3 + place.index % 20
            items = [(7, day, 0, Kind.REGULAR, 5), (12, day, 0, Kind.REGULAR, 5), (3, day, 0, Kind.THEMATIC, 3)]
            if rng.random() < 0.28:
                items.append((9, day, 0, Kind.THEMATIC, 2))
        else:
            items = UPPER_SESSIONS
        for month, day, length, kind, n in sorted(items):
            start = D(year, month, day)
            if place.last_day and start + length * DAY > place.last_day:
                continue
            term = place.term_on(start)
            session = Session(
                council_id=place.council_id,
                term_id=term,
                ordinal=ordinals[term],
                kind=kind,
                start_date=start,
                end_date=start + length * DAY,
                venue="Hội trường Ủy ban nhân dân",
                deputies_present=20 + place.index % 15,
            )
            ordinals[term] += 1
            plan.append((w.add(session), n))
    return plan


def _resolutions(w: Writer, session: Session, n: int, rng) -> None:
    numbers = w.numbers
    key = (session.council_id, session.start_date.year)
    pool = sessions_demo.REGULAR_TITLES if session.kind == Kind.REGULAR else sessions_demo.THEMATIC_TITLES
    year = session.start_date.year
    for i in range(n):
        numbers[key] += 1
        field, title = pool[(session.ordinal + i) % len(pool)]
        w.add(
            Resolution(
                session=session,
                code=f"{numbers[key]:02d}/NQ-HĐND",
                number=numbers[key],
                adopted_on=session.end_date,
                summary=title.format(year=year, prev=year - 1, next=year + 1, period="cả"),
                field=field,
                kind=Resolution.Kind.INDIVIDUAL,
                scope_key=f"{session.council_id}:Y{year}",
            )
        )


def _questions(w: Writer, place: Place, sessions: list[Session], rng, sources: list) -> None:
    regular = [s for s in sessions if s.kind == Kind.REGULAR]
    if place.level == "XA":
        asks = [(sessions[-1], sessions_demo.COMMUNE_QUESTIONS[0])] if sessions and rng.random() < 0.2 else []
    else:
        asks = [
            (s, q) for s, many in zip(regular, (2, 3), strict=False) for q in sessions_demo.DISTRICT_QUESTIONS[:many]
        ]
    for k, (session, (name, role, topic)) in enumerate(asks):
        question = w.add(
            Question(
                council_id=place.council_id,
                venue=Question.Venue.AT_SESSION,
                session=session,
                asked_on=session.end_date,
                questioner="Đại biểu Nguyễn Văn Hùng",
                respondent_name=name,
                respondent_role=role,
                topic=topic,
                answer="Đã trả lời trực tiếp tại kỳ họp.",
                answered_on=session.end_date,
                satisfied=k % 3 != 2,
            )
        )
        sources.append(("question", question, k))


def _voter_meetings(w: Writer, place: Place, year: int, sessions: list[Session], ok) -> list:
    plan = []
    before, after = Timing.BEFORE_SESSION, Timing.AFTER_SESSION
    if place.level != "XA":  # the demo's district: National Assembly deputies meet its voters four times
        for (month, day), timing in zip([(4, 20), (7, 5), (10, 5), (12, 5)], [before, after] * 2, strict=True):
            plan.append((Level.NATIONAL_ASSEMBLY, timing, D(year, month, day), None, 250))
    if place.level == "HUYEN":  # ... and the province's deputies four times
        for (month, day), timing in zip([(6, 28), (7, 25), (11, 28), (12, 27)], [before, after] * 2, strict=True):
            plan.append((Level.PROVINCIAL_COUNCIL, timing, D(year, month, day), None, 200))
    gap = (10, 7) if place.level == "XA" else (14, 8)
    for session in sessions:
        if session.kind == Kind.REGULAR:
            level = DEPUTY_LEVEL[place.level]
            voters = 80 + place.index * 3
            plan.append((level, before, session.start_date - gap[0] * DAY, session, voters))
            plan.append((level, after, session.end_date + gap[1] * DAY, session, voters - 10))
    made = []
    for level, timing, day, session, voters in plan:
        if not ok(day) or day.year != year:
            continue
        meeting = VoterMeeting(
            council_id=place.council_id,
            deputy_level=level,
            timing=timing,
            session=session,
            date=day,
            place="Hội trường Ủy ban nhân dân",
            voters_attending=voters,
            deputies_present=f"Tổ đại biểu {level.label} tại đơn vị bầu cử",
        )
        made.append((w.add(meeting), place.level))
    return made


def _sc_meetings(w: Writer, place: Place, year: int, ok) -> None:
    if place.level == "XA":
        days = [D(year, month, 25) for month in range(1, 13, 1 + place.index % 2)]
    else:
        days = [D(year, month, 5) for month in range(2, 13)]
    topics = sessions_demo.SC_TOPICS
    for day in days:
        if ok(day):
            w.add(
                StandingCommitteeMeeting(
                    council_id=place.council_id,
                    date=day,
                    content=topics[day.month % len(topics)],
                    conclusions="Thống nhất các nội dung; giao các Ban theo dõi thực hiện.",
                )
            )


def _committee(committees, level: str, day: datetime.date, which: int):
    valid = [
        c for c in committees if c.level == level and c.valid_from <= day and (c.valid_to is None or day <= c.valid_to)
    ]
    return valid[which % len(valid)] if valid else None


def _oversight(w: Writer, place: Place, year: int, committees, rng, ok) -> list:
    count = (6 if rng.random() < 0.2 else 5) if place.level == "XA" else 8
    sources = []
    for k in range(count):
        start = D(year, 3 + (k * 8) // count, 5 + (place.index + k) % 20)
        report = start + 10 * DAY
        if not ok(report):
            continue
        actor, committee = Actor.STANDING_COMMITTEE, None
        if k % 3:
            committee = _committee(committees, place.level, start, k)
            actor = Actor.COMMITTEE if committee else Actor.DEPUTY_GROUP
        survey = place.level != "XA" and k >= 6
        activity = w.add(
            OversightActivity(
                council_id=place.council_id,
                actor=actor,
                committee=committee,
                form=OversightActivity.Form.SURVEY if survey else OversightActivity.Form.THEMATIC,
                subject=oversight_demo.SUBJECTS[(place.index + k) % len(oversight_demo.SUBJECTS)],
                decision_number=f"{k + 1:02d}/QĐ-HĐND",
                decision_date=start - 10 * DAY,
                bodies_overseen="Ủy ban nhân dân và các đơn vị liên quan",
                start_date=start,
                end_date=start + 3 * DAY,
                members="Thường trực HĐND, đại diện các Ban, Ủy ban MTTQ",
                report_number=f"{k + 1:02d}/BC-ĐGS",
                report_date=report,
                findings="Cơ bản thực hiện tốt; còn một số tồn tại, hạn chế cần khắc phục.",
            )
        )
        for j in range(2 if place.level == "XA" else 3):
            sources.append(("oversight", activity, place.index + k + j))
    return sources


def _source_items(w: Writer, kind: str, record, k: int) -> None:
    """A follow-up item of an oversight activity's report or of a question's answer."""
    if kind == "oversight":
        content, addressee = oversight_demo.RECOMMENDATIONS[k % len(oversight_demo.RECOMMENDATIONS)]
        status, day = STATUS_CYCLE[k % len(STATUS_CYCLE)], record.report_date
        due = oversight_demo.LONG_TERM_DUE if status == Status.IN_PROGRESS else day + 90 * DAY
        addressee = addressee.format(unit="cấp xã")
    else:
        _i, content, addressee = oversight_demo.COMMITMENTS[record.respondent_name]
        status, day = [Status.DONE, Status.IN_PROGRESS, Status.NEW][k % 3], record.asked_on
        due = day + (90 + 30 * k) * DAY
    done = status == Status.DONE
    w.add(
        FollowUpItem(
            council_id=record.council_id,
            source=FollowUpItem.Source.OVERSIGHT if kind == "oversight" else FollowUpItem.Source.QUESTION,
            **{kind: record},
            content=content,
            addressee=addressee,
            due_date=due,
            status=status,
            response_text="Đã khắc phục, có báo cáo kết quả." if done else "",
            response_date=due - 20 * DAY if done and kind == "oversight" else None,
            created_on=day,
        )
    )


def _opinion(meeting: VoterMeeting, k: int, level: str) -> VoterOpinion:
    content, kind, field = oversight_demo.OPINIONS[k % len(oversight_demo.OPINIONS)]
    forwarded, answered = k % 3 < 2, k % 3 == 0
    return VoterOpinion(
        meeting=meeting,
        content=content,
        kind=kind,
        field=field,
        competent_level=VoterOpinion.CompetentLevel.PROVINCE
        if level == "TINH"
        else VoterOpinion.CompetentLevel.DISTRICT,
        forwarded_to="Ủy ban nhân dân cấp huyện" if forwarded else "",
        forwarded_on=meeting.date + 7 * DAY if forwarded else None,
        answered_on=meeting.date + 30 * DAY if answered else None,
        answer_text="Ủy ban nhân dân đã bố trí kinh phí thực hiện." if answered else "",
    )


def _opinion_item(meeting: VoterMeeting, opinion: VoterOpinion) -> FollowUpItem:
    """The register item `oversight.services.save_opinion` keeps for a recommendation."""
    status = Status.DONE if opinion.answered_on else Status.IN_PROGRESS if opinion.forwarded_on else Status.NEW
    return FollowUpItem(
        council_id=meeting.council_id,
        source=FollowUpItem.Source.VOTER,
        opinion=opinion,
        content=opinion.content,
        addressee=opinion.forwarded_to or opinion.get_competent_level_display(),
        status=status,
        response_date=opinion.answered_on,
        response_text=opinion.answer_text or ("Đã có văn bản trả lời cử tri." if opinion.answered_on else ""),
        created_on=meeting.date,
    )


def _petitions(w: Writer, place: Place, year: int, receptions: list) -> None:
    i = place.index + year
    plan = [
        (
            "KIEN_NGHI",
            D(year, 3, 15),
            {"accepted_on": D(year, 3, 17), "decided_on": D(year, 3, 30), "result": "Đã trả lời bằng văn bản."},
        ),
        ("PHAN_ANH", D(year, 5, 8), {"forwarded_on": D(year, 5, 12), "competent_body": "UBND huyện"}),
        ("KIEN_NGHI", D(year, 11, 20), {}),
    ]
    if i % 2 == 0:
        plan.append(
            (
                "KHIEU_NAI",
                D(year, 6, 12),
                {"accepted_on": D(year, 6, 19), "decided_on": D(year, 7, 14), "result": "Giữ nguyên quyết định."},
            )
        )
    if i % 4 == 1:
        plan.append(("KHIEU_NAI", D(year, 10, 2), {"accepted_on": D(year, 10, 9)}))
    if i % 5 == 0:
        plan.append(("TO_CAO", D(year, 8, 14), {"accepted_on": D(year, 8, 21), "is_complex": True, "extensions": 1}))
    by_month = {r.date.month: r for r in receptions}
    senders = oversight_demo.SENDERS
    for k, (kind, received, extra) in enumerate(plan):
        if place.last_day and max([received, *[v for v in extra.values() if isinstance(v, D)]]) > place.last_day:
            continue
        w.add(
            Petition(
                council_id=place.council_id,
                reception=by_month.get(received.month) if received.day == 15 else None,
                type=kind,
                received_on=received,
                sender_name=senders[(i + k) % len(senders)],
                sender_address=f"Thôn {k + 1}",
                subject="Về việc giải quyết tranh chấp đất đai, chính sách",
                **extra,
            )
        )
