"""The directory's signed links (fluxsite.signed_links): outcome reports and tool submissions."""

from fluxsite.signed_links import SignedLink

REPORT_CONFIRM = SignedLink(
    "directory.report.confirm", "directory.OutcomeReport", key="r",
    max_age_setting="DIRECTORY_REPORT_CONFIRM_MAX_AGE", related=["workflow"],
)
REPORT_WITHDRAW = SignedLink("directory.report.withdraw", "directory.OutcomeReport", key="r", related=["workflow"])
SUBMISSION_CONFIRM = SignedLink(
    "directory.submission.confirm", "directory.ToolSubmission", key="t", max_age_setting="DIRECTORY_REPORT_CONFIRM_MAX_AGE",
)
