"""Nothing of scoring is edited in the back office: a call's rubric is written on its set-up page (grants.setup),
and reopened or locked again on its rubric page."""
