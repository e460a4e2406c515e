from __future__ import annotations

import gc
import importlib

from django.test import SimpleTestCase


class WsgiTests(SimpleTestCase):
    def test_the_application_is_loaded_then_frozen(self) -> None:
        gc.unfreeze()
        self.addCleanup(gc.unfreeze)
        module = importlib.reload(importlib.import_module("quizsite.wsgi"))
        self.assertTrue(callable(module.application))
        self.assertGreater(gc.get_freeze_count(), 1000)
