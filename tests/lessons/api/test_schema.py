"""The OpenAPI schema: valid, warning-free, every operation's errors documented."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from unittest import mock

import yaml
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator

from lessons.api.schema import SchemaView

from .base import ApiTestCase

HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


class SchemaTests(ApiTestCase):
    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "schema.yaml"
            # --fail-on-warn turns any drf-spectacular warning into an error.
            call_command(
                "spectacular", "--validate", "--fail-on-warn", "--file", str(path)
            )
            cls.schema = yaml.safe_load(path.read_text())

    def operations(self):
        for path, item in self.schema["paths"].items():
            for method, operation in item.items():
                if method in HTTP_METHODS:
                    yield path, method, operation

    def test_generates_without_warnings(self):
        """The schema is valid OpenAPI 3 and drf-spectacular has nothing to warn about."""
        self.assertTrue(self.schema["openapi"].startswith("3."))
        self.assertGreater(len(list(self.operations())), 25)

    def test_every_operation_documents_its_errors(self):
        """Each operation documents 401, 403 and 429, and 404 where an id is looked up."""
        for path, method, operation in self.operations():
            with self.subTest(method=method, path=path):
                codes = set(operation["responses"])
                self.assertTrue({"401", "429"} <= codes, codes)
                if "{" in path:
                    self.assertIn("404", codes)
                if method in ("post", "patch") and path != "/api/v1/auth/token/":
                    self.assertIn("400", codes)
                    self.assertIn("403", codes)

    def test_every_error_response_uses_the_error_shape(self):
        """Every 4xx response's body is the one documented Error component."""
        for path, method, operation in self.operations():
            for code, response in operation["responses"].items():
                if code.startswith("4"):
                    with self.subTest(method=method, path=path, code=code):
                        schema = response["content"]["application/json"]["schema"]
                        self.assertEqual(schema, {"$ref": "#/components/schemas/Error"})
        error = self.schema["components"]["schemas"]["ErrorBody"]
        self.assertEqual(set(error["required"]), {"code", "message", "details"})

    def test_attempt_actions_document_the_conflict(self):
        """Starting, answering and submitting document 409 (the quiz does not allow it)."""
        for path in ("/api/v1/attempts/", "/api/v1/attempts/{id}/answer/",
                     "/api/v1/attempts/{id}/submit/"):  # fmt: skip
            with self.subTest(path=path):
                self.assertIn("409", self.schema["paths"][path]["post"]["responses"])

    def test_token_authentication_is_documented(self):
        """The schema names both token and session (cookie) authentication."""
        schemes = self.schema["components"]["securitySchemes"]
        self.assertIn("tokenAuth", schemes)
        self.assertIn("cookieAuth", schemes)

    def test_docs_are_served_from_static_files(self):
        """Swagger UI and Redoc load their scripts from our static files, no CDN."""
        for url in ("/api/v1/docs/", "/api/v1/redoc/"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                html = response.content.decode()
                self.assertIn("/static/drf_spectacular_sidecar/", html)
                self.assertNotIn("cdn.", html)
                self.assertNotIn("unpkg", html)


class SchemaViewTests(ApiTestCase):
    """/api/v1/schema/ is built once per process and served as built."""

    def setUp(self) -> None:
        super().setUp()
        SchemaView._schemas.clear()
        SchemaView._renderings.clear()

    def test_built_once_and_the_same_as_the_command(self):
        with mock.patch.object(
            SchemaGenerator,
            "get_schema",
            autospec=True,
            side_effect=SchemaGenerator.get_schema,
        ) as built:
            first = self.client.get("/api/v1/schema/")
            again = self.client.get("/api/v1/schema/")
            as_json = self.client.get("/api/v1/schema/?format=json")
        self.assertEqual(built.call_count, 1)
        self.assertEqual(first.content, again.content)
        self.assertTrue(first["Content-Type"].startswith("application/vnd.oai.openapi"))
        self.assertEqual(as_json["Content-Type"], "application/vnd.oai.openapi+json")
        served = yaml.safe_load(first.content)
        self.assertEqual(served, json.loads(as_json.content))
        self.assertIn("/api/v1/attempts/{id}/clear/", served["paths"])
