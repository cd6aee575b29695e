"""The workspace: each person's home by role, staff's work queues, search and organization directory.

queues.py     staff's work queues: each counted by the selector that lists it
selectors.py  the homes' and the directory's reads, composed from every stage's selectors
forms.py      the lists' filters
views.py      the home (by role), search, the application list, the organization directory
"""
