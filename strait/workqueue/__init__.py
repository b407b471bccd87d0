"""The work queue: what needs the user now, gathered from every app that has work to give."""
