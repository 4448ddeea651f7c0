"""Background work for the directory."""

from procrastinate.contrib.django import app

from directory.services import tool_scores_refresh


@app.periodic(cron="7 * * * *")
@app.task(queue="directory", queueing_lock="refresh_tool_scores")
def refresh_tool_scores(timestamp):
    """Hourly: let reader interest (last 30 days of clicks) move the ranking score."""
    tool_scores_refresh()
