"""The static preview site (``smmgen build``): index, calendar, a page per post, calendar.ics.

``collect`` turns the repository into plain view objects (what each account
will show, when); ``calendar`` lays them out in month grids; ``ics`` writes the
iCalendar feed; ``builder`` renders the HTML templates and copies assets.
"""
