"""A django-formtools storage backed by the application's saved steps instead of the session.

Reads come from the application's `steps` (one row per step); the answers themselves are written by
services.application_save_step, which checks versions. This storage only remembers where the
organization left off.
"""

from formtools.wizard.storage.base import BaseStorage

from grants.applications.models import Application


class ApplicationStepStorage(BaseStorage):
    def __init__(self, prefix, request=None, file_storage=None):
        super().__init__(prefix, request, file_storage)
        self.application: Application = request.wizard_application
        self.init_data()
        self.data[self.step_key] = self.application.current_step or None
        self.data[self.step_data_key] = {s.step: s.data for s in self.application.steps.all()}
        self._loaded_step = self.data[self.step_key]

    def set_step_data(self, step, cleaned_data):
        raise RuntimeError("Steps are saved by grants.applications.services.application_save_step, never by formtools.")

    def reset(self):
        """Never discard saved answers: formtools resets after `done`, which this wizard does not use."""

    def update_response(self, response):
        step = self.data[self.step_key]
        if step and step != self._loaded_step:
            Application.objects.filter(pk=self.application.pk).update(current_step=step)
            self._loaded_step = step
