"""From a stored interview to its report: replay the journal, assess, build the model."""

from __future__ import annotations

from dataclasses import dataclass, replace

from guide.core.model import Guide
from guide.i18n.lazy import N_, lazy
from guide.report.build import ReportContext, build_report
from guide.report.model import Report
from guide.sessions.store import LoadedSession


@dataclass(frozen=True)
class SessionReport:
    report: Report
    # What the journal holds that this guide cannot replay (e.g. a question since removed).
    problems: tuple[str, ...]


def report_for_session(
    guide: Guide, loaded: LoadedSession, context: ReportContext
) -> SessionReport:
    from guide.core.assessment import assess
    from guide.core.engine import Interview
    from guide.core.what_if import with_what_if

    interview, problems = Interview.replay(guide, loaded.events)
    assessment = with_what_if(interview, assess(guide, interview.state()))
    header_version = loaded.header.get("guide_version")
    if loaded.header.get("guide_id") != guide.id or header_version != guide.version:
        problems = [
            lazy(
                N_(
                    "the interview was made with guide {made_id} {made_version}; this report "
                    "uses {guide_id} {guide_version}"
                ),
                made_id=loaded.header.get("guide_id"),
                made_version=header_version,
                guide_id=guide.id,
                guide_version=guide.version,
            ),
            *problems,
        ]
    context = replace(
        context,
        finished=interview.finished,
        interview_started=context.interview_started or loaded.info.started,
    )
    return SessionReport(build_report(guide, loaded.events, assessment, context), tuple(problems))
