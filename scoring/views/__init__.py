"""Thin views of the review: each checks one named permission, calls a selector or a service, and renders.

- reviewer.py: a reviewer's dashboard, declaration, scoring page and copies of the application
- staff_calls.py: staff's list of calls, a call's overview and its phase
- staff_rubric.py: the rubric page, reopening and locking it again
- staff_screening.py: screening decisions and their release
- staff_reviewers.py: the reviewer pool, the assignment page and automatic assignment
- staff_applications.py: one application's reviewers and reviews: manual assignment, removal, reopening a
  review, the panel's consensus score
- staff_ranking.py: the ranking page
- exports.py: the ranking as CSV
- common.py: what they share (page size, the call or application a staff page is about)

A refusal (ServiceError) of a POST action becomes the page's error message through
grants.kernel.views.service_errors; a form page shows it on the form, keeping what was typed.
scoring/urls.py names each view by its module.
"""
