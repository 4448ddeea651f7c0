"""Recompute every tool's recent clicks and ranking score."""

from django.core.management.base import BaseCommand

from directory.services import tool_scores_refresh


class Command(BaseCommand):
    help = "Recompute recent clicks (last 30 days) and ranking scores for all tools."

    def handle(self, *args, **options):
        self.stdout.write(f"Scores refreshed: {tool_scores_refresh()} tool(s) changed.")
