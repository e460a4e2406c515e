"""The OpenAPI schema view, built once per process.

drf-spectacular builds the schema on every request (about 160 ms of CPU), yet
it is the same for every caller (``SERVE_PUBLIC``) and changes only with the
code. ``SchemaView`` keeps each version's schema and each rendering of it
(YAML or JSON) for the life of the process.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.views import SpectacularAPIView
from rest_framework.request import Request
from rest_framework.response import Response


class SchemaView(SpectacularAPIView):
    _schemas: dict[Any, dict[str, Any]] = {}
    _renderings: dict[tuple[Any, ...], tuple[bytes, str]] = {}

    def _get_schema_response(self, request: Request) -> Response:
        version = (
            self.api_version or request.version or self._get_version_parameter(request)
        )
        schema = self._schemas.get(version)
        if schema is None:
            generator = self.generator_class(
                urlconf=self.urlconf, api_version=version, patterns=self.patterns
            )
            schema = generator.get_schema(request=request, public=self.serve_public)
            self._schemas[version] = schema
        response = Response(
            data=schema,
            headers={
                "Content-Disposition": (
                    f'inline; filename="{self._get_filename(request, version)}"'
                )
            },
        )
        # Which schema this response carries (the version may well be None).
        response.tally_schema = (version,)  # type: ignore[attr-defined]
        return response

    def finalize_response(
        self, request: Request, response: Any, *args: Any, **kwargs: Any
    ) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        schema = getattr(response, "tally_schema", None)
        if schema is None or response.status_code != 200:
            return response
        key = (*schema, response.accepted_media_type)
        found = self._renderings.get(key)
        if found is None:
            content = response.rendered_content  # sets the Content-Type header
            found = self._renderings[key] = (content, response["Content-Type"])
        response.content, response["Content-Type"] = found
        return response
